//! Online backups of a SQLite desk, and putting one back.
//!
//! `firstline backup` copies a SQLite database while Firstline serves it:
//! `VACUUM INTO` writes a consistent snapshot of everything committed when
//! it began, and writers go on meanwhile. `firstline restore` puts a backup
//! into place for a server that is not running: it checks the file, refuses
//! to overwrite a database, and migrates the copy. A PostgreSQL desk is
//! backed up with PostgreSQL's own `pg_dump` and `pg_restore` (see the
//! README).

use crate::store::SqliteStore;
use anyhow::{Context as _, bail};
use sqlx::Row as _;
use std::path::{Path, PathBuf};

/// The file a `sqlite://` URL names.
fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        bail!(
            "Only a SQLite desk is backed up by Firstline; for PostgreSQL use pg_dump \
             (see the README's Backups section)"
        );
    };
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        bail!("{url} names no database file");
    }
    Ok(PathBuf::from(path))
}

/// Writes a consistent copy of the SQLite database at `url` to `output`,
/// while others may go on writing to it.
pub async fn backup(url: &str, output: &Path) -> anyhow::Result<()> {
    sqlite_path(url)?;
    if output.exists() {
        bail!(
            "{} exists already; a backup never overwrites a file",
            output.display()
        );
    }
    let output_text = output
        .to_str()
        .with_context(|| format!("{} is not a UTF-8 path", output.display()))?;
    let store = SqliteStore::connect(url).await?;
    sqlx::query("VACUUM INTO ?")
        .bind(output_text)
        .execute(store.pool())
        .await
        .with_context(|| format!("Failed to write the backup to {}", output.display()))?;
    store.pool().close().await;
    check(output).await
}

/// Puts the backup `input` in place as the SQLite database at `url`, which
/// must not exist yet, and migrates it to this version of Firstline.
pub async fn restore(input: &Path, url: &str) -> anyhow::Result<()> {
    let target = sqlite_path(url)?;
    if target.exists() {
        bail!(
            "{} exists already; restore into a new data directory, or move the old database aside",
            target.display()
        );
    }
    check(input).await?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("Failed to create {}", dir.display()))?;
    }
    std::fs::copy(input, &target)
        .with_context(|| format!("Failed to copy {} to {}", input.display(), target.display()))?;
    let store = SqliteStore::connect(url).await?;
    store.pool().close().await;
    Ok(())
}

/// Refuses a file that is not a sound SQLite database of Firstline's.
async fn check(file: &Path) -> anyhow::Result<()> {
    use sqlx::ConnectOptions as _;
    let mut connection = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("{} does not open as a SQLite database", file.display()))?;
    let verdict: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut connection)
        .await
        .with_context(|| format!("{} is not a SQLite database", file.display()))?
        .try_get(0)?;
    if verdict != "ok" {
        bail!(
            "{} fails SQLite's integrity check: {verdict}",
            file.display()
        );
    }
    let tables: i64 = sqlx::query(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('tickets', 'ticket_events', 'desks')",
    )
    .fetch_one(&mut connection)
    .await?
    .try_get(0)?;
    if tables != 3 {
        bail!("{} is not a Firstline database", file.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::sqlite_path;

    #[test]
    fn a_sqlite_url_names_its_file_and_postgres_is_sent_to_pg_dump() {
        assert_eq!(
            sqlite_path("sqlite://data/firstline.db").unwrap(),
            std::path::PathBuf::from("data/firstline.db")
        );
        assert_eq!(
            sqlite_path("sqlite:///srv/desk.db?mode=rwc").unwrap(),
            std::path::PathBuf::from("/srv/desk.db")
        );
        let error = sqlite_path("postgres://db/firstline")
            .unwrap_err()
            .to_string();
        assert!(error.contains("pg_dump"), "{error}");
        assert!(sqlite_path("sqlite::memory:").is_err());
    }
}
