-- Cached message headers. Rebuildable from the server at any time.
CREATE TABLE message (
    id              INTEGER PRIMARY KEY,
    folder_id       INTEGER NOT NULL REFERENCES folder(id) ON DELETE CASCADE,
    uidvalidity     INTEGER NOT NULL,
    uid             INTEGER NOT NULL,
    modseq          INTEGER NOT NULL DEFAULT 0,
    flags           INTEGER NOT NULL DEFAULT 0,
    keywords        TEXT NOT NULL DEFAULT '',
    internal_date   INTEGER NOT NULL DEFAULT 0,
    sent_date       INTEGER NOT NULL DEFAULT 0,
    size            INTEGER NOT NULL DEFAULT 0,
    subject         TEXT NOT NULL DEFAULT '',
    from_name       TEXT NOT NULL DEFAULT '',
    from_addr       TEXT NOT NULL DEFAULT '',
    recipients      TEXT NOT NULL DEFAULT '',
    message_id      TEXT NOT NULL DEFAULT '',
    in_reply_to     TEXT NOT NULL DEFAULT '',
    refs            TEXT NOT NULL DEFAULT '',
    has_attachments INTEGER NOT NULL DEFAULT 0,
    -- Our own JSON part tree (src/imap/bodystructure.rs), for lazy body fetches.
    bodystructure   TEXT NOT NULL DEFAULT '',
    UNIQUE (folder_id, uidvalidity, uid)
) STRICT;

CREATE INDEX message_newest_first ON message (folder_id, internal_date DESC, uid DESC);
CREATE INDEX message_by_message_id ON message (message_id);
