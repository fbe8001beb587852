-- The last error of an outbox row as a Fluent message id with its arguments (JSON, see
-- core::Text::to_json), so the outbox shows it in the user's language; `error` keeps
-- the English sentence for the CLI and for rows written before this column.
ALTER TABLE outbox ADD COLUMN error_text TEXT NOT NULL DEFAULT '';
