//! Firstline's server: configuration, start-up, the desk service, the store
//! and the HTTP edges. `main.rs` only parses the command line and calls in.

pub mod accounts;
pub mod backup;
pub mod config;
pub mod desk;
pub mod http;
pub mod mail;
pub mod site;
pub mod startup;
pub mod store;
pub mod telemetry;
