//! Tests that run the `firstline` binary as a process, as a user or an
//! operator would: its commands, several servers on one database, the
//! browser bundle it names, backups, and the reliability suite. One test
//! binary for all of them, so that they are linked once.

#[path = "../common/databases.rs"]
mod databases;
#[path = "../common/process.rs"]
mod process;
#[path = "../common/smtp.rs"]
mod smtp;
#[path = "../common/sse.rs"]
mod sse;

mod backup;
mod bundle;
mod cli;
mod live;
mod outbox;
mod reliability;
mod sla_interface;

/// The binary under test, built by plain cargo with the tests.
pub const BINARY: &str = env!("CARGO_BIN_EXE_firstline");
