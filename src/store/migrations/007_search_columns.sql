-- Search by field (issue 11 item 1): the sender and the recipients get columns of their
-- own (from: and to:), attachment names come from the cached part tree as well as from
-- fetched bodies, and text in scripts without spaces (Han, Kana, Hangul) is indexed one
-- character per word. The index is rebuilt from the cache by the application (it needs
-- the part tree and the CJK spacing, which SQL cannot do): everything is pending again.
DROP TRIGGER message_search_delete;
DROP TRIGGER message_search_reused_id;
DROP TABLE message_search;

CREATE VIRTUAL TABLE message_search USING fts5(
    subject, sender, recipients, body, attachments,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER message_search_delete AFTER DELETE ON message BEGIN
    DELETE FROM message_search WHERE rowid = old.id;
END;

-- A row that reuses an id at or below the mark (after the newest rows were deleted, so
-- nothing above it exists) moves the mark below it: the indexer then picks it up.
CREATE TRIGGER message_search_reused_id AFTER INSERT ON message
WHEN new.id <= (SELECT indexed_up_to FROM search_progress WHERE id = 1)
BEGIN
    UPDATE search_progress SET indexed_up_to = new.id - 1 WHERE id = 1;
END;

UPDATE search_progress SET indexed_up_to = 0 WHERE id = 1;
