-- Writing mail (issue "Write mail"): the outbox (drafts are in 002_drafts). User data
-- in user.sqlite3 (synchronous=FULL); accounts are named, not cache row ids.

-- One outgoing message from Send until its Sent copy is filed. `bytes` are the exact
-- bytes sent and filed; empty while forwarded parts still have to be fetched from
-- the server (then `draft` holds what to build, with `message_id` fixed already).
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account     TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    -- Without angle brackets; how a message found in `sending` after a crash is
    -- looked for in the Sent folder.
    message_id  TEXT NOT NULL DEFAULT '',
    sender      TEXT NOT NULL DEFAULT '',
    -- JSON array of envelope recipients (To, Cc and Bcc).
    recipients  TEXT NOT NULL DEFAULT '[]',
    bytes       BLOB NOT NULL DEFAULT x'',
    -- The draft it was built from (JSON): made a draft again on cancel; carries the
    -- original to flag and the Drafts copy to remove.
    draft       TEXT NOT NULL DEFAULT '{}',
    -- queued | sending | sent | filed | held
    state       TEXT NOT NULL DEFAULT 'queued',
    error       TEXT NOT NULL DEFAULT '',
    created_ms  INTEGER NOT NULL DEFAULT 0,
    updated_ms  INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX outbox_by_account_state ON outbox (account, state, id);
