-- The durable operation queue (user data, in user.sqlite3 with synchronous=FULL; never
-- rebuilt from the server). Rows name accounts and folders by name, not by cache row
-- ids: the cache can be deleted and rebuilt while actions wait here.

-- One user action (an intent), replayed on the server in id order.
CREATE TABLE op (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Account name as in accounts.toml (the cache's account.name).
    account     TEXT NOT NULL,
    -- 'flags', 'move' or 'expunge' (delete for good).
    kind        TEXT NOT NULL,
    -- The intent as given (core::Action as JSON), for `tern pending`.
    action      TEXT NOT NULL DEFAULT '',
    -- Plain description ("Mark 2 messages as read").
    summary     TEXT NOT NULL DEFAULT '',
    created_ms  INTEGER NOT NULL DEFAULT 0,
    -- 'pending' while any item is pending, then 'done'.
    state       TEXT NOT NULL DEFAULT 'pending',
    -- The op this one reverses (an undo after replay), 0 for a user action.
    undo_of     INTEGER NOT NULL DEFAULT 0,
    -- 1 once the user undid this op (its pending items dropped, the rest reversed).
    undone      INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX op_by_account_state ON op (account, state, id);

-- One message of an op. `step` records how far a move got before a possible drop, so a
-- replay after a reconnect can tell what the server already did (T-26).
CREATE TABLE op_item (
    op_id            INTEGER NOT NULL REFERENCES op(id) ON DELETE CASCADE,
    seq              INTEGER NOT NULL,
    -- Source folder (server name, modified UTF-7), UIDVALIDITY and UID at enqueue time;
    -- uid 0 means "find it by Message-ID".
    folder           TEXT NOT NULL,
    uidvalidity      INTEGER NOT NULL DEFAULT 0,
    uid              INTEGER NOT NULL DEFAULT 0,
    -- Message-ID (without <>) and RFC822.SIZE: how the message is found again after a
    -- UIDVALIDITY change or an interrupted move.
    message_id       TEXT NOT NULL DEFAULT '',
    size             INTEGER NOT NULL DEFAULT 0,
    -- For notices ("... could not be moved").
    subject          TEXT NOT NULL DEFAULT '',
    -- System flags before the action (to restore the cache on undo or conflict).
    flags_before     INTEGER NOT NULL DEFAULT 0,
    add_flags        INTEGER NOT NULL DEFAULT 0,
    remove_flags     INTEGER NOT NULL DEFAULT 0,
    -- Destination folder of a move ('' otherwise).
    dest             TEXT NOT NULL DEFAULT '',
    -- '' not sent yet; 'sent' the command may have reached the server; 'copied' the
    -- copy exists in dest (dest_uid), the source still has to go.
    step             TEXT NOT NULL DEFAULT '',
    -- Destination UIDVALIDITY and UIDNEXT just before our MOVE/COPY: a copy with a UID
    -- below dest_uidnext is not ours.
    dest_uidvalidity INTEGER NOT NULL DEFAULT 0,
    dest_uidnext     INTEGER NOT NULL DEFAULT 0,
    -- The message's UID in dest once known (COPYUID or Message-ID search).
    dest_uid         INTEGER NOT NULL DEFAULT 0,
    -- 'pending', 'done', 'conflict' (dropped in the server's favour) or 'undone'.
    state            TEXT NOT NULL DEFAULT 'pending',
    PRIMARY KEY (op_id, seq)
) STRICT;
