-- Fetched message content (the parts needed to display it, attachments elided) and
-- full-text search over headers and fetched text.
CREATE TABLE body (
    message_id  INTEGER PRIMARY KEY REFERENCES message(id) ON DELETE CASCADE,
    -- A MIME document with the original headers and structure; attachment contents are
    -- left out (they are fetched on demand).
    raw         BLOB NOT NULL,
    -- Plain text of the displayed body, for search.
    text        TEXT NOT NULL DEFAULT '',
    fetched_at  INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

-- Contentless-delete FTS5 index keyed by message.id (SQLite >= 3.43).
CREATE VIRTUAL TABLE message_search USING fts5(
    subject, addresses, body, attachments,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Headers are indexed as soon as they are cached; the body column fills in on fetch.
CREATE TRIGGER message_search_insert AFTER INSERT ON message BEGIN
    INSERT INTO message_search (rowid, subject, addresses, body, attachments)
    VALUES (new.id, new.subject, new.from_name || ' ' || new.from_addr || ' ' || new.recipients, '', '');
END;
CREATE TRIGGER message_search_delete AFTER DELETE ON message BEGIN
    DELETE FROM message_search WHERE rowid = old.id;
END;

-- Messages cached before this migration get their header entries now.
INSERT INTO message_search (rowid, subject, addresses, body, attachments)
SELECT id, subject, from_name || ' ' || from_addr || ' ' || recipients, '', '' FROM message;
