//! The SQLite store: the embedded default, in WAL mode.

use super::{NewTicket, Store, StoreError};
use anyhow::Context as _;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::{
    Change, Channel, Contact, Department, DeskId, DeskKind, Impact, ImpactScope, Intake,
    PolicyVersion, Priority, ReportedAt, Stage, Symptom, Ticket, TicketEvent, TicketId,
    TicketNumber, Urgency,
};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Row, Sqlite, Transaction};
use std::{str::FromStr, time::Duration};
use tracing::instrument;

/// Columns of `tickets`, in the order [`ticket_from_row`] reads them.
const TICKET_COLUMNS: &str = "id, desk_id, seq, version, reported_at, channel, department, contact, \
     symptom_steps, error_text, impact_scope, impact, urgency, priority, urgent, policy_version, \
     stage, response_due_at, registered_at, registered_by";

/// A pool of connections to one SQLite database file.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` and runs the migrations.
    ///
    /// WAL lets readers work while a ticket is written; `synchronous = FULL`
    /// makes every committed ticket survive a power cut.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("Failed to parse the SQLite URL {url}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("Failed to open the SQLite database {url}"))?;
        sqlx::migrate!("migrations/sqlite")
            .run(&pool)
            .await
            .context("Failed to migrate the SQLite database")?;
        Ok(Self { pool })
    }

    /// The underlying pool, for benchmarks and tests that need raw SQL.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Starts a write transaction. `BEGIN IMMEDIATE` takes the write lock up
    /// front, so two writers queue on the busy timeout instead of failing
    /// when one of them upgrades from reading to writing.
    async fn write(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

#[async_trait]
impl Store for SqliteStore {
    #[instrument(skip(self))]
    async fn create_desk(
        &self,
        kind: DeskKind,
        name: &str,
        at: DateTime<Utc>,
    ) -> Result<DeskId, StoreError> {
        let id = sqlx::query_scalar(
            "INSERT INTO desks (kind, name, created_at) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(kind.as_str())
        .bind(name)
        .bind(at.timestamp_millis())
        .fetch_one(&self.pool)
        .await
        .map_err(constraint)?;
        Ok(DeskId(id))
    }

    #[instrument(skip(self, ticket), fields(desk = desk.0))]
    async fn register(&self, desk: DeskId, ticket: NewTicket) -> Result<Ticket, StoreError> {
        let mut tx = self.write().await?;
        let seq: i64 = sqlx::query_scalar(
            "UPDATE desks SET next_ticket_seq = next_ticket_seq + 1 WHERE id = ? RETURNING next_ticket_seq - 1",
        )
        .bind(desk.0)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let number = u32::try_from(seq)
            .ok()
            .and_then(TicketNumber::new)
            .ok_or_else(|| StoreError::Corrupt(format!("ticket sequence {seq} out of range")))?;
        let intake = &ticket.intake;
        let registered_at = ticket.registered_at.timestamp_millis();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO tickets (desk_id, seq, version, reported_at, channel, department, contact, \
             symptom_steps, error_text, impact_scope, impact, urgency, priority, urgent, policy_version, \
             stage, response_due_at, registered_at, registered_by, updated_at) \
             VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(desk.0)
        .bind(seq)
        .bind(intake.reported_at.at().timestamp_millis())
        .bind(intake.channel.as_str())
        .bind(intake.department.as_str())
        .bind(intake.contact.as_str())
        .bind(intake.symptom.steps())
        .bind(intake.symptom.error_text())
        .bind(intake.impact_scope.as_str())
        .bind(intake.impact.as_str())
        .bind(intake.urgency.as_str())
        .bind(ticket.priority.as_str())
        .bind(intake.urgent)
        .bind(ticket.policy_version.0)
        .bind(Stage::Intake.as_str())
        .bind(ticket.response_due_at.timestamp_millis())
        .bind(registered_at)
        .bind(&ticket.registered_by)
        .bind(registered_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(constraint)?;
        append_event(
            &mut tx,
            desk,
            TicketId(id),
            1,
            ticket.registered_at,
            &ticket.registered_by,
            &ticket.event,
        )
        .await?;
        tx.commit().await?;
        Ok(Ticket {
            id: TicketId(id),
            desk,
            number,
            version: 1,
            intake: ticket.intake,
            priority: ticket.priority,
            policy_version: ticket.policy_version,
            stage: Stage::Intake,
            response_due_at: ticket.response_due_at,
            registered_at: ticket.registered_at,
            registered_by: ticket.registered_by,
        })
    }

    #[instrument(skip(self), fields(desk = desk.0))]
    async fn open_tickets(&self, desk: DeskId) -> Result<Vec<Ticket>, StoreError> {
        let sql = format!(
            "SELECT {TICKET_COLUMNS} FROM tickets \
             WHERE desk_id = ? AND stage NOT IN ('closed', 'archived') \
             ORDER BY response_due_at, seq"
        );
        let rows = sqlx::query(&sql).bind(desk.0).fetch_all(&self.pool).await?;
        rows.iter().map(ticket_from_row).collect()
    }

    #[instrument(skip(self), fields(desk = desk.0, number = %number))]
    async fn ticket(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<Option<Ticket>, StoreError> {
        let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE desk_id = ? AND seq = ?");
        let row = sqlx::query(&sql)
            .bind(desk.0)
            .bind(i64::from(number.sequence()))
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(ticket_from_row).transpose()
    }

    #[instrument(skip(self), fields(desk = desk.0, ticket = ticket.0))]
    async fn events(&self, desk: DeskId, ticket: TicketId) -> Result<Vec<TicketEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, version, at, actor, body FROM ticket_events \
             WHERE desk_id = ? AND ticket_id = ? ORDER BY version",
        )
        .bind(desk.0)
        .bind(ticket.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(event_from_row).collect()
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}

/// Appends one entry to the operation log inside the caller's transaction.
async fn append_event(
    tx: &mut Transaction<'static, Sqlite>,
    desk: DeskId,
    ticket: TicketId,
    version: i64,
    at: DateTime<Utc>,
    actor: &str,
    change: &Change,
) -> Result<(), StoreError> {
    let body = serde_json::to_string(change).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query("INSERT INTO ticket_events (desk_id, ticket_id, version, at, actor, kind, body) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(desk.0)
        .bind(ticket.0)
        .bind(version)
        .bind(at.timestamp_millis())
        .bind(actor)
        .bind(change.kind())
        .bind(body)
        .execute(&mut **tx)
        .await
        .map_err(constraint)?;
    Ok(())
}

/// Turns a constraint violation into a typed error naming the constraint;
/// other errors pass through.
fn constraint(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db)
            if db.is_unique_violation()
                || db.is_check_violation()
                || db.is_foreign_key_violation() =>
        {
            StoreError::Constraint {
                constraint: db
                    .constraint()
                    .map_or_else(|| db.message().to_owned(), str::to_owned),
            }
        }
        _ => StoreError::Database(error),
    }
}

fn time(row: &SqliteRow, column: &str) -> Result<DateTime<Utc>, StoreError> {
    let millis: i64 = row.try_get(column)?;
    DateTime::from_timestamp_millis(millis)
        .ok_or_else(|| StoreError::Corrupt(format!("{column} = {millis}")))
}

fn named<T>(row: &SqliteRow, column: &str, parse: fn(&str) -> Option<T>) -> Result<T, StoreError> {
    let text: String = row.try_get(column)?;
    parse(&text).ok_or_else(|| StoreError::Corrupt(format!("{column} = {text:?}")))
}

fn ticket_from_row(row: &SqliteRow) -> Result<Ticket, StoreError> {
    let seq: i64 = row.try_get("seq")?;
    let number = u32::try_from(seq)
        .ok()
        .and_then(TicketNumber::new)
        .ok_or_else(|| StoreError::Corrupt(format!("seq = {seq}")))?;
    let policy_version: i64 = row.try_get("policy_version")?;
    Ok(Ticket {
        id: TicketId(row.try_get("id")?),
        desk: DeskId(row.try_get("desk_id")?),
        number,
        version: row.try_get("version")?,
        intake: Intake {
            reported_at: ReportedAt::from_stored(time(row, "reported_at")?),
            channel: named(row, "channel", Channel::parse)?,
            department: Department::from_stored(row.try_get("department")?),
            contact: Contact::from_stored(row.try_get("contact")?),
            symptom: Symptom::from_stored(
                row.try_get("symptom_steps")?,
                row.try_get("error_text")?,
            ),
            impact_scope: ImpactScope::from_stored(row.try_get("impact_scope")?),
            impact: named(row, "impact", Impact::parse)?,
            urgency: named(row, "urgency", Urgency::parse)?,
            urgent: row.try_get("urgent")?,
        },
        priority: named(row, "priority", Priority::parse)?,
        policy_version: PolicyVersion(
            u32::try_from(policy_version)
                .map_err(|_| StoreError::Corrupt(format!("policy_version = {policy_version}")))?,
        ),
        stage: named(row, "stage", Stage::parse)?,
        response_due_at: time(row, "response_due_at")?,
        registered_at: time(row, "registered_at")?,
        registered_by: row.try_get("registered_by")?,
    })
}

fn event_from_row(row: &SqliteRow) -> Result<TicketEvent, StoreError> {
    let body: String = row.try_get("body")?;
    Ok(TicketEvent {
        id: row.try_get("id")?,
        version: row.try_get("version")?,
        at: time(row, "at")?,
        actor: row.try_get("actor")?,
        change: serde_json::from_str(&body)
            .map_err(|e| StoreError::Corrupt(format!("event body: {e}")))?,
    })
}
