//! What the benchmarks share: their knobs, statistics and a desk to drive.

// Each benchmark uses part of this module; what one leaves unused is not dead.
#![allow(dead_code)]

use firstline_app::domain::{Actor, Caller, DeskId, Role, UserId};
use firstline_server::desk::{Desk, SystemClock};
use firstline_server::store::Database;
use std::sync::Arc;

/// A knob from the environment, or its default.
pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The value at quantile `q` (0..=1) of samples sorted ascending.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let at = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[at]
}

/// Sorts the samples and returns their median.
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    quantile(values, 0.5)
}

/// The desk service on a store, on the system clock at UTC, and an agent of
/// the production desk to act as.
pub fn desk_and_agent(store: Arc<dyn Database>) -> (Desk, Actor) {
    let desk = Desk::new(
        store,
        Arc::new(SystemClock),
        chrono::FixedOffset::east_opt(0).expect("UTC"),
    );
    let actor = Actor {
        caller: Caller::User {
            id: UserId(1),
            role: Role::Agent,
        },
        name: "bench".into(),
        desk: DeskId::PRODUCTION,
    };
    (desk, actor)
}
