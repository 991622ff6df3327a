//! Configuration from flags and environment variables, with defaults that run
//! out of the box: SQLite in `./data/`, serving on 127.0.0.1:3000.

use anyhow::{Context as _, bail};
use chrono::{FixedOffset, Local, Offset as _, Utc};
use clap::{Args, Parser, Subcommand};
use firstline_app::domain::Language;
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
    /// Write every desk, ticket and log entry as JSON, to move a desk to
    /// another database (`firstline import` reads it).
    Export(ExportArgs),
    /// Load an export into a database that holds no tickets yet.
    Import(ImportArgs),
    /// Copy a SQLite desk to a file while it serves (a consistent snapshot).
    Backup(BackupArgs),
    /// Put a backup in place as the desk's database (server stopped; the
    /// database must not exist yet).
    Restore(RestoreArgs),
    /// Manage accounts from the command line.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The SLA engine from the command line.
    #[command(subcommand)]
    Sla(SlaCommand),
    /// The browser bundle in the site root.
    #[command(subcommand)]
    Site(SiteCommand),
}

/// `firstline site …`.
#[derive(Debug, Subcommand)]
pub enum SiteCommand {
    /// After a build: name the bundle's files by their content and write
    /// their brotli and gzip copies, so that the server never compresses
    /// them while a browser waits (the server does the same at start, in
    /// the background).
    Prepare(SiteArgs),
    /// Write brotli and gzip copies (`.br`, `.gz`) beside the given files,
    /// as `prepare` does for the bundle: for other static files a proxy or
    /// another site serves the same way.
    Compress(CompressArgs),
}

/// `firstline site compress`.
#[derive(Clone, Debug, Args)]
pub struct CompressArgs {
    /// The files to compress.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// `firstline site prepare`.
#[derive(Clone, Debug, Args)]
pub struct SiteArgs {
    /// Directory with the built browser bundle (`pkg/`) and static files.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
}

/// `firstline sla …`.
#[derive(Debug, Subcommand)]
pub enum SlaCommand {
    /// Evaluate a ticket's clocks: reads `{"policy", "events", "now"}` as
    /// JSON on standard input and writes every clock's state as JSON to
    /// standard output (the README describes the format).
    Evaluate,
}

/// `firstline admin …`.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an administrator, such as the first one. The password is read
    /// from FIRSTLINE_ADMIN_PASSWORD, or else from the first line of
    /// standard input.
    Create(AdminCreateArgs),
}

/// `firstline admin create`.
#[derive(Clone, Debug, Args)]
pub struct AdminCreateArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The login to sign in with.
    #[arg(long, default_value = "admin")]
    pub login: String,
    /// The name shown in the interface.
    #[arg(long, default_value = "Administrator")]
    pub name: String,
    /// The password (12 characters or more).
    #[arg(
        long = "password-env",
        env = "FIRSTLINE_ADMIN_PASSWORD",
        hide_env_values = true,
        hide = true
    )]
    pub password: Option<String>,
}

/// Which database to use.
#[derive(Clone, Debug, Args)]
pub struct DatabaseArgs {
    /// Database URL: `sqlite://…` or `postgres://…` (default: SQLite in the
    /// data directory).
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Directory for the SQLite database and other local data.
    #[arg(long, env = "FIRSTLINE_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
}

/// `firstline export`.
#[derive(Clone, Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// File to write (default: standard output).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// `firstline import`.
#[derive(Clone, Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// File to read (default: standard input).
    #[arg(long, short)]
    pub input: Option<PathBuf>,
}

/// `firstline backup`.
#[derive(Clone, Debug, Args)]
pub struct BackupArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The file to write; it must not exist.
    #[arg(long, short)]
    pub output: PathBuf,
}

/// `firstline restore`.
#[derive(Clone, Debug, Args)]
pub struct RestoreArgs {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// The backup to put in place.
    #[arg(long, short)]
    pub input: PathBuf,
}

impl Cli {
    /// The command to run: serving unless another was named.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
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

    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Directory with the built browser bundle (`pkg/`) and static files.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// Mark the session cookie Secure: set it when users reach Firstline
    /// over HTTPS (directly or through a proxy).
    #[arg(long, env = "FIRSTLINE_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For`, `-Proto` and
    /// `-Host` headers are believed, as addresses or blocks separated by
    /// commas (`127.0.0.1,10.0.0.0/8`). From anyone else those headers are
    /// ignored.
    #[arg(long, env = "FIRSTLINE_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<crate::http::Cidr>,

    /// With no account yet and FIRSTLINE_ADMIN_PASSWORD set: the login of the
    /// administrator created at start-up (default `admin`).
    #[arg(long, env = "FIRSTLINE_ADMIN_LOGIN", hide = true)]
    pub admin_login: Option<String>,

    /// The first administrator's password (see FIRSTLINE_ADMIN_LOGIN).
    #[arg(
        long = "admin-password-env",
        env = "FIRSTLINE_ADMIN_PASSWORD",
        hide_env_values = true,
        hide = true
    )]
    pub admin_password: Option<String>,

    /// The desk's time zone as an offset from UTC, such as `+08:00`
    /// (default: the machine's offset at start-up).
    #[arg(long, env = "FIRSTLINE_UTC_OFFSET")]
    pub utc_offset: Option<String>,

    /// The language the desk writes to reporters in when the intake names
    /// none: `en` or `zh-CN`.
    #[arg(long, env = "FIRSTLINE_DESK_LANGUAGE", default_value = "en", value_parser = parse_language)]
    pub desk_language: Language,

    /// The key reporters' status links are derived with, as 64 hex digits
    /// (default: `link.key` in the data directory, made at first start).
    /// Every process serving one database needs the same key.
    #[arg(
        long = "link-key-env",
        env = "FIRSTLINE_LINK_KEY",
        hide_env_values = true,
        hide = true
    )]
    pub link_key: Option<String>,

    /// Days a reporter's status link keeps working after its ticket closes.
    #[arg(long, env = "FIRSTLINE_STATUS_LINK_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub status_link_days: u32,

    /// Seconds between the SLA scheduler's passes, which record clock
    /// warnings, breaches and escalations in the tickets' logs.
    #[arg(long, env = "FIRSTLINE_SLA_INTERVAL", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub sla_interval: u64,

    /// The SMTP server messages to reporters go through:
    /// `smtp://host:port` (plain), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:pass@host` (TLS). Without it, Firstline
    /// runs and records each message as not sent.
    #[arg(long, env = "FIRSTLINE_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of messages to reporters, as `Name <address>`.
    #[arg(
        long,
        env = "FIRSTLINE_MAIL_FROM",
        default_value = "Firstline <firstline@localhost>"
    )]
    pub mail_from: String,

    /// The address reporters reach Firstline at, for the links in their
    /// messages (default: `http://` and the address the server listens on).
    #[arg(long, env = "FIRSTLINE_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Seconds a process holds a message it is sending before another
    /// process may take it over (a process that died holds it no longer).
    #[arg(long, env = "FIRSTLINE_MAIL_LEASE", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub mail_lease: u64,
}

impl DatabaseArgs {
    /// The database URL, defaulting to `firstline.db` in the data directory
    /// (which is created if missing).
    pub fn url(&self) -> anyhow::Result<String> {
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
}

impl ServeConfig {
    /// The desk's offset from UTC.
    pub fn utc_offset(&self) -> anyhow::Result<FixedOffset> {
        match &self.utc_offset {
            None => Ok(Local::now().offset().fix()),
            Some(text) => parse_offset(text),
        }
    }

    /// The status links' key: given, or kept in the data directory.
    pub fn link_key(&self) -> anyhow::Result<crate::desk::LinkKey> {
        match &self.link_key {
            Some(hex) => crate::desk::LinkKey::from_hex(hex),
            None => {
                std::fs::create_dir_all(&self.database.data_dir).with_context(|| {
                    format!(
                        "Failed to create the data directory {}",
                        self.database.data_dir.display()
                    )
                })?;
                crate::desk::LinkKey::load_or_create(&self.database.data_dir.join("link.key"))
            }
        }
    }

    /// How long a status link works after its ticket closes.
    pub fn link_lifetime(&self) -> chrono::TimeDelta {
        chrono::TimeDelta::days(i64::from(self.status_link_days))
    }

    /// What the HTTP edge needs to know of where it stands.
    pub fn edge(&self) -> crate::http::Edge {
        crate::http::Edge {
            secure_cookies: self.secure_cookies,
            trusted_proxies: crate::http::TrustedProxies::new(self.trusted_proxies.clone()),
        }
    }

    /// The mailer for messages to reporters, when an SMTP server is named;
    /// links go to `--public-url`, or to `bound`, the address the server
    /// listens on.
    pub fn mailer(&self, bound: SocketAddr) -> anyhow::Result<Option<crate::mail::Mailer>> {
        let Some(url) = &self.smtp_url else {
            return Ok(None);
        };
        let public_url = match &self.public_url {
            Some(url) => url.clone(),
            None => format!("http://{bound}"),
        };
        crate::mail::Mailer::new(url, &self.mail_from, &public_url).map(Some)
    }

    /// How the mail sender claims messages.
    pub fn sender_settings(&self) -> crate::mail::SenderSettings {
        crate::mail::SenderSettings {
            lease: chrono::TimeDelta::seconds(self.mail_lease as i64),
            ..Default::default()
        }
    }

    /// The time between the SLA scheduler's passes.
    pub fn sla_interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.sla_interval)
    }
}

/// Reads `en` or `zh-CN`.
fn parse_language(text: &str) -> anyhow::Result<Language> {
    Language::parse(text).with_context(|| format!("the language {text:?} is not en or zh-CN"))
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
        let Command::Serve(config) = cli.into_command() else {
            panic!("serve is the default")
        };
        let url = config.database.url().unwrap();
        assert!(
            url.starts_with("sqlite://") && url.ends_with("/d/firstline.db"),
            "{url}"
        );
        assert!(dir.path().join("d").is_dir());
    }

    fn serve_port(args: &[&str]) -> u16 {
        match Cli::parse_from(args).into_command() {
            Command::Serve(config) => config.addr.port(),
            other => panic!("expected serve, got {other:?}"),
        }
    }

    #[test]
    fn serve_is_the_default_command() {
        assert_eq!(serve_port(&["firstline", "--addr", "127.0.0.1:0"]), 0);
        assert_eq!(
            serve_port(&["firstline", "serve", "--addr", "127.0.0.1:9"]),
            9
        );
    }

    #[test]
    fn export_and_import_name_their_database_and_file() {
        let cli = Cli::parse_from([
            "firstline",
            "export",
            "--database-url",
            "sqlite://a.db",
            "-o",
            "desk.json",
        ]);
        match cli.into_command() {
            Command::Export(args) => {
                assert_eq!(args.database.url().unwrap(), "sqlite://a.db");
                assert_eq!(args.output.unwrap(), PathBuf::from("desk.json"));
            }
            other => panic!("{other:?}"),
        }
        let cli = Cli::parse_from(["firstline", "import", "--database-url", "postgres://h/db"]);
        assert!(matches!(cli.into_command(), Command::Import(args) if args.input.is_none()));
    }
}
