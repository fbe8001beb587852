-- Rows hidden from lists while a queued move or delete waits for the server (issue 7).
-- The row stays cached, so every UID in [low_uid, uidnext) that exists on the server is
-- still cached: the server's expunge, seen by the next sync, removes the row; an undo or
-- a refused change shows it again.
ALTER TABLE message ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
