//! Sessions: tower-sessions, stored in Firstline's own database (SQLite or
//! PostgreSQL), so they survive restarts and are shared by every process.

use async_trait::async_trait;
use std::time::Duration;
use tower_sessions::cookie::{SameSite, time};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The session cookie's name.
pub const COOKIE: &str = "firstline_session";

/// How long a session lives without being used.
pub const IDLE_LIFETIME: Duration = Duration::from_secs(8 * 60 * 60);

/// The session store of whichever database Firstline runs on.
#[derive(Clone, Debug)]
pub enum Sessions {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Sessions {
    /// Creates the session table if it is missing.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.migrate().await?,
            Sessions::Postgres(store) => store.migrate().await?,
        }
        Ok(())
    }

    /// The layer that loads and saves sessions around each request. The
    /// cookie is HttpOnly and SameSite=Lax (links from email and IM into
    /// Firstline keep the session), and Secure when served over HTTPS.
    pub fn layer(self, secure: bool) -> SessionManagerLayer<Sessions> {
        let idle = time::Duration::seconds(IDLE_LIFETIME.as_secs() as i64);
        SessionManagerLayer::new(self)
            .with_name(COOKIE)
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(secure)
            .with_expiry(Expiry::OnInactivity(idle))
    }

    /// Deletes expired sessions now and then, for as long as the server runs.
    pub async fn delete_expired_forever(self, every: Duration) {
        loop {
            if let Err(error) = self.delete_expired().await {
                tracing::warn!(%error, "Failed to delete expired sessions");
            }
            tokio::time::sleep(every).await;
        }
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.create(record).await,
            Sessions::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.save(record).await,
            Sessions::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite(store) => store.load(id).await,
            Sessions::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete(id).await,
            Sessions::Postgres(store) => store.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete_expired().await,
            Sessions::Postgres(store) => store.delete_expired().await,
        }
    }
}
