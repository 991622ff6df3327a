//! A whole store as one document, for moving a desk between backends
//! (`firstline export` on SQLite, `firstline import` on PostgreSQL).

use super::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::{DeskId, DeskKind, Ticket, TicketEvent, TicketId};
use serde::{Deserialize, Serialize};

/// What `firstline export` writes. Ids, numbers, versions and the whole
/// operation log are kept, so a restored desk is the same desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dump {
    /// Always [`Dump::FORMAT`]; guards against importing some other JSON.
    pub format: String,
    pub desks: Vec<DeskRecord>,
    /// Every ticket, open or not, in id order.
    pub tickets: Vec<Ticket>,
    /// Every log entry, in id order.
    pub events: Vec<EventRecord>,
    /// The account tables (users, tokens, audit log), row by row.
    #[serde(default)]
    pub tables: Vec<TableDump>,
}

/// One table copied as it is: its columns and its rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableDump {
    pub table: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// One value of a copied row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cell {
    Int(i64),
    Flag(bool),
    Time(Option<DateTime<Utc>>),
    Text(String),
}

impl Dump {
    /// The format tag of this version of the document.
    pub const FORMAT: &'static str = "firstline-dump/1";
}

/// A desk as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskRecord {
    pub id: DeskId,
    pub kind: DeskKind,
    pub name: String,
    /// The next ticket number the desk hands out.
    pub next_ticket_seq: i64,
    pub created_at: DateTime<Utc>,
}

/// A log entry with the desk and ticket it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecord {
    pub desk: DeskId,
    pub ticket: TicketId,
    pub event: TicketEvent,
}

impl Dump {
    /// When each ticket last changed: the time of its newest event.
    pub fn updated_at(&self, ticket: TicketId) -> Option<DateTime<Utc>> {
        self.events
            .iter()
            .filter(|e| e.ticket == ticket)
            .map(|e| e.event.at)
            .max()
    }
}

/// The whole store as one document.
#[async_trait]
pub trait DumpStore: Send + Sync + 'static {
    /// Everything in the store: desks, tickets and logs, accounts and
    /// documents (`firstline export`).
    async fn dump(&self) -> Result<Dump, StoreError>;

    /// Loads a dump into a store that holds no tickets yet, keeping every id,
    /// number and version, in one transaction (`firstline import`).
    async fn restore(&self, dump: &Dump) -> Result<(), StoreError>;
}
