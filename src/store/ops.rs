//! The durable operation queue tables (user data, synchronous=FULL). Being written.
