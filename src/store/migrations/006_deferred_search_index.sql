-- Header rows are no longer indexed for search inside the sync transaction (it was the
-- largest cost of a first sync). Every message with id <= indexed_up_to is in the index;
-- newer ones are added in batches after a sync pass, and by search itself before it
-- answers, so search never misses mail.
DROP TRIGGER message_search_insert;

ALTER TABLE body ADD COLUMN attachments TEXT NOT NULL DEFAULT '';

CREATE TABLE search_progress (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_up_to INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Everything cached so far was indexed by the old trigger.
INSERT INTO search_progress (id, indexed_up_to) SELECT 1, coalesce(max(id), 0) FROM message;

-- A row that reuses an id at or below the mark (after the newest row was deleted) is
-- indexed at once, keeping the invariant.
CREATE TRIGGER message_search_reused_id AFTER INSERT ON message
WHEN new.id <= (SELECT indexed_up_to FROM search_progress WHERE id = 1)
BEGIN
    INSERT INTO message_search (rowid, subject, addresses, body, attachments)
    VALUES (new.id, new.subject, new.from_name || ' ' || new.from_addr || ' ' || new.recipients, '', '');
END;
