-- Drafts being written (user data, in user.sqlite3 with synchronous=FULL): saved within
-- 2 s of the last keystroke, so a crash or kill loses at most that. Rows name the
-- account by name (accounts.toml), never by cache row id.
CREATE TABLE draft (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account     TEXT NOT NULL DEFAULT '',
    -- core::Draft as JSON (its own `id` field is not trusted: the row id is).
    body        TEXT NOT NULL DEFAULT '{}',
    updated_ms  INTEGER NOT NULL DEFAULT 0,
    -- 1 while a composer has the draft open: a row still open at start was left by a
    -- crash and is offered again.
    open        INTEGER NOT NULL DEFAULT 1,
    -- 1 once the user discarded it: hidden, kept until the worker removed the server
    -- copy (Command::DiscardDraftOnServer) and deleted the row.
    discarded   INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE INDEX draft_newest_first ON draft (discarded, updated_ms DESC);
