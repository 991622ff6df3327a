//! Configuration from flags and environment variables, with defaults that run
//! out of the box: SQLite in `./data/`, serving on 127.0.0.1:3000.

use anyhow::{Context as _, bail};
use chrono::{FixedOffset, Local, Offset as _, Utc};
use clap::{Args, Parser, Subcommand};
use std::{net::SocketAddr, path::PathBuf};

/// Firstline: an incident desk for technical-support teams.
#[derive(Debug, Parser)]
#[command(name = "firstline", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Settings for serving, used when no subcommand is given.
    #[command(flatten)]
    pub serve: ServeConfig,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve Firstline (the default).
    Serve(ServeConfig),
}

impl Cli {
    /// The serve settings, whether given with or without the `serve` subcommand.
    pub fn into_serve(self) -> ServeConfig {
        match self.command {
            Some(Command::Serve(config)) => config,
            None => self.serve,
        }
    }
}

/// How the server runs.
#[derive(Clone, Debug, Args)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(
        long = "addr",
        env = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:3000"
    )]
    pub addr: SocketAddr,

    /// Database URL: `sqlite://…` (default: SQLite in the data directory).
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Directory for the SQLite database and other local data.
    #[arg(long, env = "FIRSTLINE_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// Directory with the built browser bundle (`pkg/`) and static files.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// The desk's time zone as an offset from UTC, such as `+08:00`
    /// (default: the machine's offset at start-up).
    #[arg(long, env = "FIRSTLINE_UTC_OFFSET")]
    pub utc_offset: Option<String>,
}

impl ServeConfig {
    /// The database URL, defaulting to `firstline.db` in the data directory
    /// (which is created if missing).
    pub fn database_url(&self) -> anyhow::Result<String> {
        if let Some(url) = &self.database_url {
            return Ok(url.clone());
        }
        std::fs::create_dir_all(&self.data_dir).with_context(|| {
            format!(
                "Failed to create the data directory {}",
                self.data_dir.display()
            )
        })?;
        Ok(format!(
            "sqlite://{}",
            self.data_dir.join("firstline.db").display()
        ))
    }

    /// The desk's offset from UTC.
    pub fn utc_offset(&self) -> anyhow::Result<FixedOffset> {
        match &self.utc_offset {
            None => Ok(Local::now().offset().fix()),
            Some(text) => parse_offset(text),
        }
    }
}

/// Reads `+08:00`, `-05:30`, `Z` or `UTC`.
pub fn parse_offset(text: &str) -> anyhow::Result<FixedOffset> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("z") || text.eq_ignore_ascii_case("utc") {
        return Ok(Utc.fix());
    }
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'+') => (1, &text[1..]),
        Some(b'-') => (-1, &text[1..]),
        _ => bail!("the UTC offset {text:?} must start with + or -, as in +08:00"),
    };
    let (hours, minutes) = rest.split_once(':').unwrap_or((rest, "0"));
    let hours: i32 = hours
        .parse()
        .with_context(|| format!("bad hours in the UTC offset {text:?}"))?;
    let minutes: i32 = minutes
        .parse()
        .with_context(|| format!("bad minutes in the UTC offset {text:?}"))?;
    if !(0..60).contains(&minutes) {
        bail!("bad minutes in the UTC offset {text:?}");
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))
        .with_context(|| format!("the UTC offset {text:?} is out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_read_as_people_write_them() {
        assert_eq!(parse_offset("+08:00").unwrap().local_minus_utc(), 8 * 3600);
        assert_eq!(
            parse_offset("-05:30").unwrap().local_minus_utc(),
            -(5 * 3600 + 30 * 60)
        );
        assert_eq!(parse_offset("+8").unwrap().local_minus_utc(), 8 * 3600);
        assert_eq!(parse_offset("UTC").unwrap().local_minus_utc(), 0);
        assert!(parse_offset("08:00").is_err());
        assert!(parse_offset("+08:75").is_err());
        assert!(parse_offset("+25:00").is_err());
    }

    #[test]
    fn the_default_database_lives_in_the_data_directory() {
        let dir = tempfile::tempdir().unwrap();
        let cli = Cli::parse_from([
            "firstline",
            "--data-dir",
            dir.path().join("d").to_str().unwrap(),
        ]);
        let url = cli.into_serve().database_url().unwrap();
        assert!(
            url.starts_with("sqlite://") && url.ends_with("/d/firstline.db"),
            "{url}"
        );
        assert!(dir.path().join("d").is_dir());
    }

    #[test]
    fn serve_is_the_default_command() {
        let cli = Cli::parse_from(["firstline", "--addr", "127.0.0.1:0"]);
        assert_eq!(cli.into_serve().addr.port(), 0);
        let cli = Cli::parse_from(["firstline", "serve", "--addr", "127.0.0.1:9"]);
        assert_eq!(cli.into_serve().addr.port(), 9);
    }
}
