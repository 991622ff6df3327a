//! The `firstline` binary.

use anyhow::{Context as _, bail};
use clap::Parser as _;
use firstline_app::domain::sla::EvaluationRequest;
use firstline_server::accounts::Accounts;
use firstline_server::backup;
use firstline_server::config::{
    AdminCommand, AdminCreateArgs, Cli, Command, CompressArgs, ExportArgs, ImportArgs, SiteArgs,
    SiteCommand, SlaCommand,
};
use firstline_server::desk::SystemClock;
use firstline_server::site;
use firstline_server::startup::{Application, open_store, shutdown_signal};
use firstline_server::store::Dump;
use firstline_server::telemetry;
use std::io::{Read as _, Write as _};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    telemetry::init();
    match Cli::parse().into_command() {
        Command::Serve(config) => {
            let app = Application::build(&config).await?;
            tracing::info!("Firstline is serving on http://{}", app.local_addr());
            app.run_until_stopped(shutdown_signal()).await
        }
        Command::Export(args) => export(args).await,
        Command::Import(args) => import(args).await,
        Command::Backup(args) => {
            let url = args.database.url()?;
            backup::backup(&url, &args.output).await?;
            tracing::info!(output = %args.output.display(), "backed up");
            Ok(())
        }
        Command::Restore(args) => {
            let url = args.database.url()?;
            backup::restore(&args.input, &url).await?;
            tracing::info!(database = %url, "restored");
            Ok(())
        }
        Command::Admin(AdminCommand::Create(args)) => create_admin(args).await,
        Command::Sla(SlaCommand::Evaluate) => evaluate_sla(),
        Command::Site(SiteCommand::Prepare(args)) => prepare_site(args),
        Command::Site(SiteCommand::Compress(CompressArgs { files })) => {
            let written =
                site::compress(&files, site::Existing::Replace).context("Failed to compress")?;
            tracing::info!(
                files = files.len(),
                compressed_copies_written = written,
                "Compressed"
            );
            Ok(())
        }
    }
}

/// Names the bundle's files by their content and compresses them.
fn prepare_site(args: SiteArgs) -> anyhow::Result<()> {
    let root = &args.site_root;
    let published = site::publish(root)
        .with_context(|| format!("Failed to publish the bundle in {}", root.display()))?;
    if !published.bundle.complete() {
        bail!(
            "{} holds no browser bundle (pkg/firstline.js and its .wasm): build it first",
            root.display()
        );
    }
    let written = site::compress(&published.files, site::Existing::Keep)
        .with_context(|| format!("Failed to compress the bundle in {}", root.display()))?;
    tracing::info!(
        site_root = %root.display(),
        files = published.files.len(),
        compressed_copies_written = written,
        "The bundle is ready"
    );
    Ok(())
}

/// Runs the SLA engine on a request read from standard input.
fn evaluate_sla() -> anyhow::Result<()> {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .context("Failed to read standard input")?;
    let request: EvaluationRequest = serde_json::from_slice(&input)
        .context("The input is not an evaluation request ({\"policy\", \"events\", \"now\"})")?;
    let evaluation = request
        .evaluate()
        .map_err(|e| anyhow::anyhow!("The request cannot be evaluated: {e}"))?;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &evaluation).context("Failed to write the answer")?;
    writeln!(out).context("Failed to write the answer")?;
    Ok(())
}

/// Creates an administrator account.
async fn create_admin(args: AdminCreateArgs) -> anyhow::Result<()> {
    let password = match args.password {
        Some(password) => password,
        None => {
            eprintln!(
                "Password for {} (12 characters or more), then Enter:",
                args.login
            );
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .context("Failed to read the password")?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    let store = open_store(&args.database.url()?).await?;
    let accounts = Accounts::new(store.clone(), std::sync::Arc::new(SystemClock));
    let created = accounts
        .create_admin(&args.login, &args.name, &password)
        .await;
    store.close().await;
    let user = created.map_err(|e| anyhow::anyhow!("{e}"))?;
    eprintln!("Created administrator {}. Sign in at /login.", user.login);
    Ok(())
}

/// Writes the whole store as JSON.
async fn export(args: ExportArgs) -> anyhow::Result<()> {
    let store = open_store(&args.database.url()?).await?;
    let dump = store.dump().await.context("Failed to read the store")?;
    store.close().await;
    let json = serde_json::to_vec_pretty(&dump).context("Failed to encode the export")?;
    match &args.output {
        Some(path) => std::fs::write(path, json)
            .with_context(|| format!("Failed to write {}", path.display()))?,
        None => std::io::stdout()
            .write_all(&json)
            .context("Failed to write the export")?,
    }
    tracing::info!(
        desks = dump.desks.len(),
        tickets = dump.tickets.len(),
        events = dump.events.len(),
        "exported"
    );
    Ok(())
}

/// Loads an export into an empty database.
async fn import(args: ImportArgs) -> anyhow::Result<()> {
    let json = match &args.input {
        Some(path) => {
            std::fs::read(path).with_context(|| format!("Failed to read {}", path.display()))?
        }
        None => {
            let mut json = Vec::new();
            std::io::stdin()
                .read_to_end(&mut json)
                .context("Failed to read standard input")?;
            json
        }
    };
    let dump: Dump =
        serde_json::from_slice(&json).context("The input is not a Firstline export")?;
    if dump.format != Dump::FORMAT {
        bail!(
            "The input is a {:?} export; this Firstline reads {:?}",
            dump.format,
            Dump::FORMAT
        );
    }
    let store = open_store(&args.database.url()?).await?;
    store.restore(&dump).await.context("Failed to import")?;
    store.close().await;
    tracing::info!(
        desks = dump.desks.len(),
        tickets = dump.tickets.len(),
        events = dump.events.len(),
        "imported"
    );
    Ok(())
}
