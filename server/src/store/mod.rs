//! Persistence. The [`Store`] trait is all the desk service knows of the
//! database; `sqlite` implements it today, and every implementation passes the
//! same conformance suite (`tests/store.rs`).
//!
//! Every method takes the desk, so no query can forget to filter by it.

mod accounts;
mod dump;
mod postgres;
mod rows;
mod sql;
mod sql_accounts;
mod sqlite;

pub use accounts::{AccountStore, NewAuditEntry, NewUser, UserRecord};
pub use dump::{DeskRecord, Dump, EventRecord};
pub use postgres::{PostgresDialect, PostgresStore};
pub use sql::{Dialect, SqlStore};
pub use sqlite::{SqliteDialect, SqliteStore};

pub use firstline_app::api::{PolicyRecord, Resolution, RunbookRecord, VersionRecord, Viewer};

/// The documents leads edit, every version kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    /// The SLA policy (R03).
    Policy,
    /// The stages' checklists (R04–R12).
    Runbook,
}

impl Document {
    /// Its table.
    pub const fn table(self) -> &'static str {
        match self {
            Document::Policy => "sla_policies",
            Document::Runbook => "runbooks",
        }
    }

    /// What the audit log calls saving it.
    pub const fn audit_action(self) -> &'static str {
        match self {
            Document::Policy => "policy_saved",
            Document::Runbook => "runbook_saved",
        }
    }

    /// How the audit log names a version of it.
    pub fn subject(self, version: u32) -> String {
        match self {
            Document::Policy => format!("SLA policy v{version}"),
            Document::Runbook => format!("Runbook v{version}"),
        }
    }
}

fn to_body(document: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(document).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_body<T: serde::de::DeserializeOwned>(
    body: Option<String>,
) -> Result<Option<T>, StoreError> {
    body.map(|body| {
        serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("document body: {e}")))
    })
    .transpose()
}

/// Records of untyped version numbers, typed.
pub fn typed<V>(
    records: Vec<VersionRecord<u32>>,
    version: impl Fn(u32) -> V,
) -> Vec<VersionRecord<V>> {
    records.into_iter().map(|r| r.untyped(&version)).collect()
}

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::sla::{Crossing, SlaPolicy, SlaSnapshot};
use firstline_app::domain::{
    Change, DeskId, DeskKind, Intake, PolicyVersion, Priority, Ticket, TicketEvent, TicketId,
    TicketNumber, UserId,
};

/// Where a process hears what the database announces.
#[derive(Clone)]
pub struct Announcements {
    /// Rung when any process committed log entries.
    pub log: std::sync::Arc<tokio::sync::Notify>,
    /// Told when someone opened, left or started editing a ticket.
    pub presence: std::sync::Arc<dyn Fn(DeskId, TicketNumber) + Send + Sync>,
}

/// Which logs a read covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogScope {
    /// One desk's.
    Desk(DeskId),
    /// Every desk's, for the process-wide live feed.
    All,
}

/// One entry of a desk's log, with where it belongs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub desk: DeskId,
    pub number: TicketNumber,
    pub event: TicketEvent,
}

/// What the wall counts for a day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// Tickets registered since the day began.
    pub new: i64,
    /// Open tickets of each priority that has any.
    pub open: Vec<(Priority, i64)>,
    /// Tickets with a clock breach recorded since the day began.
    pub breached: i64,
    /// Tickets resolved since the day began (each once, at its last
    /// resolution).
    pub resolutions: Vec<Resolution>,
}

/// A ticket about to be registered, already validated and judged.
#[derive(Clone, Debug)]
pub struct NewTicket {
    pub intake: Intake,
    pub priority: Priority,
    pub policy_version: PolicyVersion,
    /// The clocks as judged at registration.
    pub sla: SlaSnapshot,
    /// The server's time of registration; also the time of the first event.
    pub registered_at: DateTime<Utc>,
    pub registered_by: String,
    /// The first entry of the operation log.
    pub event: Change,
}

/// A change to an existing ticket: its state afterwards and the event that
/// records it. The store writes both in one transaction, or neither.
#[derive(Clone, Debug)]
pub struct TicketUpdate {
    /// The ticket as it stands after the change; its `version` is one more
    /// than the version the change was made against.
    pub ticket: Ticket,
    /// When the change was made (server time).
    pub at: DateTime<Utc>,
    pub actor: String,
    pub change: Change,
}

impl TicketUpdate {
    /// The version the change was made against.
    pub fn expected_version(&self) -> i64 {
        self.ticket.version - 1
    }
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such row on this desk.
    #[error("not found")]
    NotFound,
    /// The update named a stale version.
    #[error("version conflict: the row is at version {current}")]
    Conflict { current: i64 },
    /// A constraint refused the write; `constraint` names it (database text:
    /// for logs only).
    #[error("{kind:?} constraint violated: {constraint}")]
    Constraint {
        kind: ConstraintKind,
        constraint: String,
    },
    /// A stored value could not be read back.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// A dump can only be restored into a store without tickets.
    #[error("the target already holds tickets; restore into an empty database")]
    NotEmpty,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Which kind of constraint refused a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstraintKind {
    Unique,
    Check,
    ForeignKey,
}

/// Everything Firstline keeps: tickets and accounts in one database.
pub trait Database: Store + AccountStore {}

impl<T: Store + AccountStore> Database for T {}

/// The desk's persistence.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Creates a desk and returns its id.
    async fn create_desk(
        &self,
        kind: DeskKind,
        name: &str,
        at: DateTime<Utc>,
    ) -> Result<DeskId, StoreError>;

    /// Gives the ticket the desk's next number and writes it with its first
    /// event, in one transaction.
    async fn register(&self, desk: DeskId, ticket: NewTicket) -> Result<Ticket, StoreError>;

    /// Writes a change if the ticket is still at the version it was made
    /// against; otherwise refuses it with [`StoreError::Conflict`] and writes
    /// nothing. Returns the ticket as stored.
    async fn apply(&self, desk: DeskId, update: TicketUpdate) -> Result<Ticket, StoreError>;

    /// Up to `limit` of the desk's open tickets: those with a clock running,
    /// the nearest due time first (breached ones are the most overdue), then
    /// those with none, oldest first.
    async fn open_tickets(&self, desk: DeskId, limit: u32) -> Result<Vec<Ticket>, StoreError>;

    /// One ticket of the desk by number.
    async fn ticket(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<Option<Ticket>, StoreError>;

    /// A ticket's operation log, oldest first.
    async fn events(&self, desk: DeskId, ticket: TicketId) -> Result<Vec<TicketEvent>, StoreError>;

    /// Up to `limit` entries of a desk's whole log (or of every desk's)
    /// after the entry `after`, oldest first, each with its desk and its
    /// ticket's number: what a live client missed, or what the process's
    /// live feed has not published yet.
    async fn events_after(
        &self,
        scope: LogScope,
        after: i64,
        limit: i64,
    ) -> Result<Vec<LogEntry>, StoreError>;

    /// The id of the newest log entry of a desk, or of every desk (0 when
    /// there is none).
    async fn last_event_id(&self, scope: LogScope) -> Result<i64, StoreError>;

    /// Notes that `user` has the ticket open (and whether editing) at
    /// `now`, or, with `None`, that they left it. Says whether that is news:
    /// they arrived, left, or started or stopped editing.
    async fn note_presence(
        &self,
        desk: DeskId,
        number: TicketNumber,
        user: UserId,
        name: &str,
        editing: Option<bool>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// Who has had the ticket open since `since`, apart from `except`.
    async fn presence(
        &self,
        desk: DeskId,
        number: TicketNumber,
        since: DateTime<Utc>,
        except: UserId,
    ) -> Result<Vec<Viewer>, StoreError>;

    /// The desk's figures for the day that began at `since`.
    async fn day_counts(&self, desk: DeskId, since: DateTime<Utc>)
    -> Result<DayCounts, StoreError>;

    /// Follows what every process announces through the database
    /// (PostgreSQL's LISTEN/NOTIFY): committed log entries ring
    /// `announcements.log`, presence changes call `announcements.presence`,
    /// until `closing` turns true. Says whether it will; where it will not,
    /// the caller polls.
    fn follow_announcements(
        &self,
        announcements: Announcements,
        closing: tokio::sync::watch::Receiver<bool>,
    ) -> bool;

    /// Announces to every process that someone's presence on a ticket
    /// changed, where the database carries announcements; says whether it
    /// did (then this process hears it too, through
    /// [`Store::follow_announcements`]).
    async fn announce_presence(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<bool, StoreError>;

    /// Tickets of any desk whose SLA needs a look (`sla_check_at` passed),
    /// the most overdue first.
    async fn due_for_sla(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<(DeskId, TicketId)>, StoreError>;

    /// One ticket of the desk by id.
    async fn ticket_by_id(&self, desk: DeskId, id: TicketId) -> Result<Option<Ticket>, StoreError>;

    /// Records clock crossings in the ticket's log, each at most once however
    /// often it is seen, and stores the new SLA snapshot. Returns how many
    /// entries were added.
    /// Nothing is written if the ticket is no longer at `version` (a change
    /// came in between; the scheduler looks again).
    async fn record_crossings(
        &self,
        desk: DeskId,
        ticket: TicketId,
        version: i64,
        crossings: &[Crossing],
        at: DateTime<Utc>,
        snapshot: &SlaSnapshot,
    ) -> Result<usize, StoreError>;

    /// Stores a new version of a document, its version the next one, and
    /// its entry in the audit log (from `address`), in one transaction.
    #[allow(clippy::too_many_arguments)]
    async fn save_document(
        &self,
        document: Document,
        version: u32,
        body: &str,
        by: &str,
        note: &str,
        at: DateTime<Utc>,
        address: &str,
    ) -> Result<(), StoreError>;

    /// One stored version of a document, as JSON (version 1, the built-in
    /// default, is not stored).
    async fn document(
        &self,
        document: Document,
        version: u32,
    ) -> Result<Option<String>, StoreError>;

    /// The numbers of the newest stored versions of documents (none for a
    /// document no lead has edited), in one statement.
    async fn latest_versions(&self, documents: &[Document])
    -> Result<Vec<Option<u32>>, StoreError>;

    /// The number of the newest stored version of a document, if a lead has
    /// edited it.
    async fn latest_version(&self, document: Document) -> Result<Option<u32>, StoreError> {
        Ok(self.latest_versions(&[document]).await?.pop().flatten())
    }

    /// Every stored version of a document: who made it, when, and why.
    async fn document_history(
        &self,
        document: Document,
    ) -> Result<Vec<VersionRecord<u32>>, StoreError>;

    /// Stores a new version of the SLA policy (`policy_saved` in the audit log).
    async fn save_policy(
        &self,
        policy: &SlaPolicy,
        by: &str,
        note: &str,
        at: DateTime<Utc>,
        address: &str,
    ) -> Result<(), StoreError> {
        let body = to_body(policy)?;
        self.save_document(
            Document::Policy,
            policy.version.0,
            &body,
            by,
            note,
            at,
            address,
        )
        .await
    }

    /// One stored version of the policy (version 1, the default, is not stored).
    async fn policy(&self, version: PolicyVersion) -> Result<Option<SlaPolicy>, StoreError> {
        from_body(self.document(Document::Policy, version.0).await?)
    }

    /// The newest stored version, if a lead has edited the policy.
    async fn latest_policy(&self) -> Result<Option<SlaPolicy>, StoreError> {
        match self.latest_version(Document::Policy).await? {
            Some(version) => from_body(self.document(Document::Policy, version).await?),
            None => Ok(None),
        }
    }

    /// Every stored version of the policy.
    async fn policy_history(&self) -> Result<Vec<PolicyRecord>, StoreError> {
        Ok(typed(
            self.document_history(Document::Policy).await?,
            PolicyVersion,
        ))
    }

    /// Everything in the store: desks, tickets and logs (`firstline export`).
    async fn dump(&self) -> Result<Dump, StoreError>;

    /// Loads a dump into a store that holds no tickets yet, keeping every id,
    /// number and version, in one transaction (`firstline import`).
    async fn restore(&self, dump: &Dump) -> Result<(), StoreError>;

    /// Checks that the database answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Closes the connections, waiting for running statements to finish.
    async fn close(&self);
}
