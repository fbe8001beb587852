-- Trusted certificates (issue 13 item 3): a certificate the user chose to trust for
-- one account although it does not verify (self-signed, unknown CA, expired or for
-- another host). User data in user.sqlite3: losing the cache must not drop a pin.
--
-- Once a pin exists for (account, host, port), ONLY the certificate with exactly
-- this SHA-256 fingerprint is accepted there (IMAP and SMTP have their own rows);
-- any other certificate is refused, naming both fingerprints (security-tests T-06).
CREATE TABLE pinned_certs (
    account      TEXT NOT NULL,
    host         TEXT NOT NULL,
    port         INTEGER NOT NULL,
    -- Lower-case hex SHA-256 of the DER end-entity certificate, no separators.
    sha256       TEXT NOT NULL,
    -- Shown again in settings (account health) without re-parsing the DER.
    subject      TEXT NOT NULL DEFAULT '',
    issuer       TEXT NOT NULL DEFAULT '',
    not_after_ms INTEGER NOT NULL DEFAULT 0,
    der          BLOB NOT NULL DEFAULT x'',
    trusted_ms   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (account, host, port)
) STRICT;
