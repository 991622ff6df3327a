//! HTTP-level tests: the whole router, driven with `oneshot`, each test on a
//! fresh SQLite database and a clock that moves only when told to.

mod access;
mod accounts;
mod chinese;
#[path = "../common/databases.rs"]
mod databases;
mod helpers;
mod intake;
mod knowledge;
mod listing;
mod live;
mod malformed;
mod outbox;
mod pages;
mod postgres;
mod proxy;
mod queue;
mod reclassify;
mod reporter;
mod review;
mod runbook;
mod search;
mod sla;
#[path = "../common/smtp.rs"]
mod smtp;
#[path = "../common/sse.rs"]
mod sse;
mod survey;
mod training;
mod wall;
mod workflow;
