-- Accounts and their folders, with the per-folder sync marks (design.md, Sync).
CREATE TABLE account (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE folder (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
    -- The name exactly as the server spells it (modified UTF-7): used in commands.
    raw_name      TEXT NOT NULL,
    -- The decoded name, for display and for `tern list FOLDER`.
    path          TEXT NOT NULL,
    delimiter     TEXT NOT NULL DEFAULT '',
    -- inbox, sent, drafts, trash, junk, archive, all, or '' for an ordinary folder.
    role          TEXT NOT NULL DEFAULT '',
    attributes    TEXT NOT NULL DEFAULT '',
    selectable    INTEGER NOT NULL DEFAULT 1,
    uidvalidity   INTEGER NOT NULL DEFAULT 0,
    -- Every existing UID in [low_uid, uidnext) is cached. low_uid = 1 means complete,
    -- 0 means nothing synced yet. Both move in the same transaction as the rows.
    uidnext       INTEGER NOT NULL DEFAULT 0,
    low_uid       INTEGER NOT NULL DEFAULT 0,
    highestmodseq INTEGER NOT NULL DEFAULT 0,
    server_total  INTEGER NOT NULL DEFAULT 0,
    last_sync     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, raw_name)
) STRICT;
