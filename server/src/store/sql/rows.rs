//! What the SQL stores share: the columns of a ticket, the values written to
//! them, and how a row becomes a [`Ticket`] or a [`TicketEvent`]. Each
//! backend supplies only its dialect (placeholders, time and JSON types).

use crate::store::dump::{DeskRecord, EventRecord};
use crate::store::{ConstraintKind, NewTicket, StoreError};
use chrono::{DateTime, Utc};
use firstline_app::domain::sla::{ClockName, NextClock, SlaSnapshot};
use firstline_app::domain::{
    Change, Channel, Contact, Department, DeskId, Impact, ImpactScope, Intake, Language,
    PolicyVersion, Priority, ReportedAt, ReporterEmail, Stage, Swarm, Symptom, Ticket, TicketEvent,
    TicketId, TicketNumber, Urgency,
};

/// The columns of `tickets` that [`ticket_from_row`] reads.
pub const TICKET_COLUMNS: &str = "id, desk_id, seq, version, reported_at, channel, department, contact, \
     symptom_steps, error_text, impact_scope, impact, urgency, priority, urgent, policy_version, \
     stage, waiting_on_reporter, next_clock, next_due_at, next_warning_at, next_paused, next_remaining, \
     sla_check_at, escalated_at, registered_at, registered_by, swarm, reporter_email, reporter_language";

/// The columns written once, at registration.
const FIXED_COLUMNS: [&str; 13] = [
    "desk_id",
    "seq",
    "reported_at",
    "channel",
    "department",
    "contact",
    "symptom_steps",
    "error_text",
    "impact_scope",
    "registered_at",
    "registered_by",
    "reporter_email",
    "reporter_language",
];

/// The columns a change may rewrite, in the order of [`state_values`].
pub const STATE_COLUMNS: [&str; 17] = [
    "version",
    "impact",
    "urgency",
    "priority",
    "urgent",
    "policy_version",
    "stage",
    "waiting_on_reporter",
    "next_clock",
    "next_due_at",
    "next_warning_at",
    "next_paused",
    "next_remaining",
    "sla_check_at",
    "escalated_at",
    "swarm",
    "updated_at",
];

/// Every column of a ticket's row besides its id, in the order of [`ticket_values`].
pub fn registration_columns() -> Vec<&'static str> {
    FIXED_COLUMNS
        .iter()
        .chain(&STATE_COLUMNS)
        .copied()
        .collect()
}

/// A value bound to a statement; each backend binds times its own way.
#[derive(Clone, Copy, Debug)]
pub enum Value<'a> {
    Int(i64),
    Text(&'a str),
    Flag(bool),
    Time(DateTime<Utc>),
    /// A time that may be absent (NULL).
    MaybeTime(Option<DateTime<Utc>>),
    /// A number that may be absent.
    MaybeInt(Option<i64>),
    /// A text that may be absent.
    MaybeText(Option<&'a str>),
}

/// The values of a ticket's row, in the order of [`registration_columns`].
pub fn ticket_values(t: &Ticket, updated_at: DateTime<Utc>) -> Vec<Value<'_>> {
    let i = &t.intake;
    let fixed = [
        Value::Int(t.desk.0),
        Value::Int(i64::from(t.number.sequence())),
        Value::Time(i.reported_at.at()),
        Value::Text(i.channel.as_str()),
        Value::Text(i.department.as_str()),
        Value::Text(i.contact.as_str()),
        Value::Text(i.symptom.steps()),
        Value::Text(i.symptom.error_text()),
        Value::Text(i.impact_scope.as_str()),
        Value::Time(t.registered_at),
        Value::Text(&t.registered_by),
        Value::MaybeText(i.reporter_email.as_ref().map(ReporterEmail::as_str)),
        Value::Text(i.reporter_language.tag()),
    ];
    fixed
        .into_iter()
        .chain(state_values(t, updated_at))
        .collect()
}

/// The values of a changed ticket's state, in the order of [`STATE_COLUMNS`].
pub fn state_values(t: &Ticket, at: DateTime<Utc>) -> [Value<'_>; 17] {
    let next = t.sla.next.as_ref();
    [
        Value::Int(t.version),
        Value::Text(t.intake.impact.as_str()),
        Value::Text(t.intake.urgency.as_str()),
        Value::Text(t.priority.as_str()),
        Value::Flag(t.intake.urgent),
        Value::Int(i64::from(t.policy_version.0)),
        Value::Text(t.stage.as_str()),
        Value::Flag(t.waiting_on_reporter),
        Value::MaybeText(next.map(|n| n.name.as_str())),
        Value::MaybeTime(next.map(|n| n.due_at)),
        Value::MaybeTime(next.and_then(|n| n.warning_at)),
        Value::Flag(next.is_some_and(|n| n.paused)),
        Value::MaybeInt(next.map(|n| n.remaining_seconds)),
        Value::MaybeTime(t.sla.check_at),
        Value::MaybeTime(t.sla.escalated_at),
        Value::Text(t.swarm.as_str()),
        Value::Time(at),
    ]
}

/// A comma-separated list of `n` placeholders (`?, ?, ?`).
pub fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// `column = ?` pairs for an UPDATE.
pub fn assignments(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|column| format!("{column} = ?"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reading typed columns from a backend's row.
pub trait Columns {
    fn int(&self, column: &str) -> Result<i64, StoreError>;
    fn text(&self, column: &str) -> Result<String, StoreError>;
    fn flag(&self, column: &str) -> Result<bool, StoreError>;
    fn time(&self, column: &str) -> Result<DateTime<Utc>, StoreError>;
    fn opt_time(&self, column: &str) -> Result<Option<DateTime<Utc>>, StoreError>;
    fn opt_int(&self, column: &str) -> Result<Option<i64>, StoreError>;
    fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError>;
    fn real(&self, column: &str) -> Result<f64, StoreError>;

    /// A column holding one of a fixed set of names.
    fn named<T>(&self, column: &str, parse: fn(&str) -> Option<T>) -> Result<T, StoreError> {
        let text = self.text(column)?;
        parse(&text).ok_or_else(|| StoreError::Corrupt(format!("{column} = {text:?}")))
    }
}

/// A desk from a row with `id, kind, name, next_ticket_seq, created_at`.
pub fn desk_from_row(row: &impl Columns) -> Result<DeskRecord, StoreError> {
    Ok(DeskRecord {
        id: DeskId(row.int("id")?),
        kind: row.named("kind", firstline_app::domain::DeskKind::parse)?,
        name: row.text("name")?,
        next_ticket_seq: row.int("next_ticket_seq")?,
        created_at: row.time("created_at")?,
    })
}

/// A ticket number from its stored sequence value.
pub fn number(seq: i64) -> Result<TicketNumber, StoreError> {
    u32::try_from(seq)
        .ok()
        .and_then(TicketNumber::new)
        .ok_or_else(|| StoreError::Corrupt(format!("ticket sequence {seq} out of range")))
}

/// The SLA snapshot columns of a ticket row.
fn snapshot_from_row(row: &impl Columns) -> Result<SlaSnapshot, StoreError> {
    let next = match row.opt_text("next_clock")? {
        Some(name) => Some(NextClock {
            name: ClockName::parse(&name)
                .ok_or_else(|| StoreError::Corrupt(format!("next_clock = {name:?}")))?,
            due_at: row.time("next_due_at")?,
            warning_at: row.opt_time("next_warning_at")?,
            paused: row.flag("next_paused")?,
            remaining_seconds: row.opt_int("next_remaining")?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(SlaSnapshot {
        next,
        check_at: row.opt_time("sla_check_at")?,
        escalated_at: row.opt_time("escalated_at")?,
    })
}

/// A ticket from a row with [`TICKET_COLUMNS`].
pub fn ticket_from_row(row: &impl Columns) -> Result<Ticket, StoreError> {
    let policy_version = row.int("policy_version")?;
    Ok(Ticket {
        id: TicketId(row.int("id")?),
        desk: DeskId(row.int("desk_id")?),
        number: number(row.int("seq")?)?,
        version: row.int("version")?,
        intake: Intake {
            reported_at: ReportedAt::from_stored(row.time("reported_at")?),
            channel: row.named("channel", Channel::parse)?,
            department: Department::from_stored(row.text("department")?),
            contact: Contact::from_stored(row.text("contact")?),
            symptom: Symptom::from_stored(row.text("symptom_steps")?, row.text("error_text")?),
            impact_scope: ImpactScope::from_stored(row.text("impact_scope")?),
            impact: row.named("impact", Impact::parse)?,
            urgency: row.named("urgency", Urgency::parse)?,
            urgent: row.flag("urgent")?,
            reporter_email: row
                .opt_text("reporter_email")?
                .map(ReporterEmail::from_stored),
            reporter_language: row.named("reporter_language", Language::parse)?,
        },
        priority: row.named("priority", Priority::parse)?,
        policy_version: PolicyVersion(
            u32::try_from(policy_version)
                .map_err(|_| StoreError::Corrupt(format!("policy_version = {policy_version}")))?,
        ),
        stage: row.named("stage", Stage::parse)?,
        waiting_on_reporter: row.flag("waiting_on_reporter")?,
        sla: snapshot_from_row(row)?,
        registered_at: row.time("registered_at")?,
        registered_by: row.text("registered_by")?,
        swarm: Swarm::from_stored(row.text("swarm")?),
    })
}

/// A change as the JSON text of a log entry's body.
pub fn event_body(change: &Change) -> Result<String, StoreError> {
    serde_json::to_string(change).map_err(|e| StoreError::Corrupt(format!("event body: {e}")))
}

/// An event from a row with `id, version, at, actor, body` (body as JSON text).
pub fn event_from_row(row: &impl Columns) -> Result<TicketEvent, StoreError> {
    let body = row.text("body")?;
    Ok(TicketEvent {
        id: row.int("id")?,
        version: row.int("version")?,
        at: row.time("at")?,
        actor: row.text("actor")?,
        change: serde_json::from_str(&body)
            .map_err(|e| StoreError::Corrupt(format!("event body: {e}")))?,
    })
}

/// A log entry with its desk and ticket, from a row with
/// `id, desk_id, ticket_id, version, at, actor, body`.
pub fn event_record_from_row(row: &impl Columns) -> Result<EventRecord, StoreError> {
    Ok(EventRecord {
        desk: DeskId(row.int("desk_id")?),
        ticket: TicketId(row.int("ticket_id")?),
        event: event_from_row(row)?,
    })
}

/// The ticket a registration produces (the store fills in the id), and the
/// first entry of its log.
pub fn registered(desk: DeskId, number: TicketNumber, t: NewTicket) -> (Ticket, Change) {
    let ticket = Ticket {
        id: TicketId(0),
        desk,
        number,
        version: 1,
        intake: t.intake,
        priority: t.priority,
        policy_version: t.policy_version,
        stage: Stage::Intake,
        waiting_on_reporter: false,
        sla: t.sla,
        registered_at: t.registered_at,
        registered_by: t.registered_by,
        swarm: Swarm::default(),
    };
    (ticket, t.event)
}

/// Turns a constraint violation into a typed error naming the constraint;
/// other database errors pass through.
pub fn constraint(error: sqlx::Error) -> StoreError {
    let sqlx::Error::Database(db) = &error else {
        return StoreError::Database(error);
    };
    let kind = if db.is_unique_violation() {
        ConstraintKind::Unique
    } else if db.is_check_violation() {
        ConstraintKind::Check
    } else if db.is_foreign_key_violation() {
        ConstraintKind::ForeignKey
    } else {
        return StoreError::Database(error);
    };
    StoreError::Constraint {
        kind,
        constraint: db
            .constraint()
            .map_or_else(|| db.message().to_owned(), str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_assignments_are_written_with_question_marks() {
        assert_eq!(placeholders(3), "?, ?, ?");
        assert_eq!(assignments(&["a", "b"]), "a = ?, b = ?");
    }
}
