//! HTTP-level tests: the whole router, driven with `oneshot`, each test on a
//! fresh SQLite database and a clock that moves only when told to.

mod helpers;
mod intake;
mod pages;
mod queue;
