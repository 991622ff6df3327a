//! Persistence. The services know the database only through the traits of
//! this module, one per job:
//!
//! | Trait | Job |
//! |---|---|
//! | [`TicketStore`] | desks, registering and changing tickets, reading them and the queue |
//! | [`LogStore`] | the operation log as the live feed reads it, and the database's announcements |
//! | [`PresenceStore`] | who has a ticket open |
//! | [`StatusLinkStore`] | the reporters' status links |
//! | [`OutboxStore`] | messages to reporters, and the senders' claims on them |
//! | [`WallStore`] | the wall's figures of the day |
//! | [`TicketListStore`] | every ticket of a desk, filtered and paged |
//! | [`ArticleStore`] | knowledge articles: drafted from tickets, versioned |
//! | [`SearchStore`] | search over tickets, in Chinese and English |
//! | [`ReviewStore`] | what is left of the post-incident reviews |
//! | [`SlaStore`] | the scheduler's work: tickets due for a look, crossings recorded once |
//! | [`DocumentStore`] | versioned documents (SLA policy, runbook) |
//! | [`DumpStore`] | the whole store as one document (export and import) |
//! | [`AccountStore`] | accounts, tokens and the sign-in throttle |
//! | [`AuditStore`] | the audit log |
//!
//! [`Database`] is all of them, with a health check. One implementation,
//! [`SqlStore`], serves SQLite ([`SqliteStore`]) and PostgreSQL
//! ([`PostgresStore`]) through their [`Dialect`]s, with one file per job
//! under `sql/`; every backend passes the same conformance suite
//! (`tests/store/`). Every ticket method takes the desk, so no query can
//! forget to filter by it.

mod accounts;
mod audit;
mod documents;
mod dump;
mod error;
mod knowledge;
mod listing;
mod log;
mod outbox;
mod postgres;
mod presence;
mod reporter;
mod review;
mod search;
mod sla;
mod sql;
mod sqlite;
mod tickets;
mod training;
mod wall;

pub use accounts::{AccountStore, Admission, LoginAttempt, NewUser, UserRecord};
pub use audit::{AuditAction, AuditStore, NewAuditEntry};
pub use documents::{Document, DocumentStore, NewVersion, typed};
pub use dump::{DeskRecord, Dump, DumpStore, EventRecord};
pub use error::{ConstraintKind, StoreError};
pub use knowledge::{ArticleEdit, ArticleStore, NewArticle};
pub use listing::TicketListStore;
pub use log::{Announcements, LogEntry, LogScope, LogStore};
pub use outbox::{ClaimedMessage, NewMessage, OutboxStore, SendOutcome};
pub use postgres::{PostgresDialect, PostgresStore};
pub use presence::PresenceStore;
pub use reporter::{NewStatusLink, StatusLink, StatusLinkStore};
pub use review::ReviewStore;
pub use search::{SearchHit, SearchScope, SearchStore, Subject};
pub use sla::{SlaStore, SweepLease};
pub use sql::{Dialect, SqlStore};
pub use sqlite::{CHECKPOINT_BACKSTOP, CHECKPOINT_EVERY, SqliteDialect, SqliteStore};
pub use tickets::{NewTicket, SYSTEM_ACTOR, TicketStore, TicketUpdate};
pub use training::{NewScenarioVersion, StoredScenario, TrainingStore};
pub use wall::{DayCounts, WallStore};

pub use firstline_app::api::{PolicyRecord, Resolution, RunbookRecord, VersionRecord, Viewer};

use async_trait::async_trait;

/// Every store trait, for code that calls the store's methods through a
/// [`Database`].
pub mod prelude {
    pub use super::{
        AccountStore, ArticleStore, AuditStore, Database, DocumentStore, DumpStore, LogStore,
        OutboxStore, PresenceStore, ReviewStore, SearchStore, SlaStore, StatusLinkStore,
        TicketListStore, TicketStore, TrainingStore, WallStore,
    };
}

/// Everything Firstline keeps, in one database.
#[async_trait]
pub trait Database:
    TicketStore
    + TicketListStore
    + LogStore
    + PresenceStore
    + StatusLinkStore
    + OutboxStore
    + WallStore
    + SearchStore
    + ArticleStore
    + ReviewStore
    + SlaStore
    + DocumentStore
    + TrainingStore
    + DumpStore
    + AccountStore
    + AuditStore
{
    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Closes the connections, waiting for running statements to finish.
    async fn close(&self);
}
