-- Senders whose remote images the user chose to always show (issue 12 item 3). User
-- data in user.sqlite3: losing the cache must not forget a choice. Revocable in
-- settings (a row is deleted). Addresses are stored lower-case.
CREATE TABLE remote_image_senders (
    account    TEXT NOT NULL,
    address    TEXT NOT NULL,
    allowed_ms INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account, address)
) STRICT;
