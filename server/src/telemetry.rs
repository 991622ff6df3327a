//! Logging with `tracing`, filtered by `RUST_LOG`.

use tracing_subscriber::{EnvFilter, fmt};

/// Installs the global subscriber. Defaults to `info` for Firstline and
/// `warn` for the libraries under it.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,leptos_axum=warn,tower_http=info"));
    // Logs go to standard error, so that `firstline export` can write to
    // standard output.
    fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .init();
}
