//! The `firstline` binary.

use clap::Parser as _;
use firstline_server::{config::Cli, startup::Application, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    let config = Cli::parse().into_serve();
    let app = Application::build(&config).await?;
    tracing::info!("Firstline is serving on http://{}", app.local_addr());
    app.run_until_stopped(firstline_server::startup::shutdown_signal())
        .await
}
