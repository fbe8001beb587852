//! Test support shared by the integration tests and the benchmarks.
#![allow(dead_code)]

pub mod certs;
pub mod dovecot;
pub mod fake_server;
pub mod proxy;
pub mod seed;
pub mod smtp_relay;
pub mod xvfb;
