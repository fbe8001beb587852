-- Thread links a folder's sync keeps in memory and writes once at its end (issue 11:
-- a link insert per window spread over the whole links table was most of threading's
-- cost in a first sync). While links are pending, the writing store keeps a row here:
-- message rows from `from_message` on may have no links yet, and rows of threads merged
-- during the sync may not have moved yet. If the process dies before the end, the next
-- store to open derives the links again from those rows and moves the stale ones
-- (`deferred_links::recover`). A row is taken as dead when no live store of this
-- process owns it and its owner has not renewed it for a minute (owners renew it with
-- every window).
CREATE TABLE thread_link_gap (
    owner         INTEGER PRIMARY KEY,
    from_message  INTEGER NOT NULL,
    renewed_at    INTEGER NOT NULL
) STRICT;
