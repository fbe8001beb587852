//! Test support shared by the integration tests and the benchmarks.
#![allow(dead_code)]

pub mod certs;
pub mod dovecot;
mod dovecot_conf;
pub mod fake_server;
pub mod proxy;
pub mod seed;
pub mod smtp_relay;
pub mod xvfb;
