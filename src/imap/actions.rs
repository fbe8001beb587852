//! IMAP commands that change mailboxes (flags, copy/move, expunge, append). Being written.
