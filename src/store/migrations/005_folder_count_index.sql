-- Folder totals and unread counts are counted from the rows. This index covers those
-- counts (folder, epoch, hidden, flags), so a 100,000-message folder is counted from a
-- small index instead of the table.
CREATE INDEX message_counts ON message (folder_id, uidvalidity, hidden, flags);
