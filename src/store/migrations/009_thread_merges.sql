-- Threading at the speed of a first sync (issue 11: at most 10 % on top of it).
--
-- A merge of two threads used to rewrite every link of the merged thread (found by
-- thread_link_by_thread). Links now keep the thread they were written with; a merge
-- writes one row here, and a lookup follows these rows to the thread that lives on.
-- Message rows still move (reads group by message.thread_id). Thread ids are never
-- reused, so a row here stays true for good.
CREATE TABLE thread_merge (
    thread_id  INTEGER PRIMARY KEY,
    into_id    INTEGER NOT NULL
) STRICT;

-- Links keyed by a 64-bit keyed hash of the Message-ID or subject key (SipHash-2-4 with
-- this cache's own random key below, so nobody can make two keys collide on purpose):
-- a third of the size of the text keys, compared as integers. No index by thread (no
-- merge reads it now) and no foreign key (its check made SQLite keep a statement
-- journal for every insert); Store::delete_account deletes an account's links.
DROP TABLE thread_link;
CREATE TABLE thread_link (
    account_id  INTEGER NOT NULL,
    key         INTEGER NOT NULL,
    thread_id   INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
) STRICT, WITHOUT ROWID;
ALTER TABLE thread_counter ADD COLUMN key_k0 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE thread_counter ADD COLUMN key_k1 INTEGER NOT NULL DEFAULT 0;
UPDATE thread_counter SET key_k0 = random(), key_k1 = random() WHERE id = 1;

-- Text links cannot become hashes in SQL: every message is threaded again on the next
-- open (the backlog, as for rows cached before 008).
UPDATE message SET thread_id = 0;
