//! Documents leads edit in versions (the SLA policy, the runbook), as the
//! browser and the JSON API see them.

use crate::domain::TicketNumber;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A stored version of a document leads edit: who made it, when and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionRecord<V> {
    pub version: V,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub note: String,
    /// The ticket whose post-incident review proposed this version (R19),
    /// when it applies one of the desk's review proposals.
    #[serde(default)]
    pub review: Option<TicketNumber>,
}

impl<V> VersionRecord<V> {
    /// The same record with its version as another type.
    pub fn untyped<W>(self, version: impl FnOnce(V) -> W) -> VersionRecord<W> {
        VersionRecord {
            version: version(self.version),
            created_by: self.created_by,
            created_at: self.created_at,
            note: self.note,
            review: self.review,
        }
    }
}

/// A document's page: the version in force and who saved which version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentView<T, V> {
    /// The version in force: what new tickets get.
    pub current: T,
    /// The stored versions, newest first. Version 1, built into Firstline,
    /// is not listed.
    pub history: Vec<VersionRecord<V>>,
    pub server_now: DateTime<Utc>,
    /// The desk's offset from UTC in seconds, for showing times.
    pub utc_offset: i32,
}
