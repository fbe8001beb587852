-- Conversations (issue 11): each message's thread, and what leads to a thread within
-- an account: Message-IDs (own and named ones, also of messages never received) and
-- subject keys ("=subject" for a starter, "~subject" for a "Re:" naming nothing).
-- Rows cached before this migration have thread_id 0 and are threaded on next open.
ALTER TABLE message ADD COLUMN thread_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX message_by_thread ON message (thread_id);

CREATE TABLE thread_link (
    account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    thread_id   INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
) STRICT, WITHOUT ROWID;
-- Merging two threads moves the keys of one: found by this index, not by a scan.
CREATE INDEX thread_link_by_thread ON thread_link (account_id, thread_id);

-- The last thread id handed out (ids are never reused, so a stale key of a deleted
-- message cannot pull a new message into an unrelated thread).
CREATE TABLE thread_counter (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    last  INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO thread_counter (id, last) VALUES (1, 0);
