//! Test support shared by the integration tests and the benchmarks.
#![allow(dead_code)]

pub mod certs;
pub mod dnsmasq;
pub mod dovecot;
mod dovecot_conf;
pub mod fake_server;
pub mod folders;
pub mod https_files;
pub mod oauth_server;
pub mod proxy;
pub mod seed;
pub mod smtp_relay;
pub mod xvfb;
