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

-- thread_link without its index by thread (no merge reads it now) and without the
-- foreign key: the key check made SQLite keep a statement journal for every insert of a
-- first sync's ~1.7 links per message. Store::delete_account deletes an account's links.
CREATE TABLE thread_link_new (
    account_id  INTEGER NOT NULL,
    key         TEXT NOT NULL,
    thread_id   INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
) STRICT, WITHOUT ROWID;
INSERT INTO thread_link_new (account_id, key, thread_id)
    SELECT account_id, key, thread_id FROM thread_link;
DROP TABLE thread_link;
ALTER TABLE thread_link_new RENAME TO thread_link;
