//! Typed identifiers, so that a desk id can never be passed where a ticket id
//! is expected.

use super::priority::named_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

named_enum! {
    /// What a desk is for.
    DeskKind {
        /// The real desk, with real tickets.
        Production => "production",
        /// A trainee's sandbox: simulated incidents that touch nothing real.
        Sandbox => "sandbox",
    }
}

/// A desk: the production desk, or one trainee's sandbox. Every ticket belongs
/// to exactly one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeskId(pub i64);

impl DeskId {
    /// The production desk, created by the first migration.
    pub const PRODUCTION: DeskId = DeskId(1);
}

/// The store's internal key of a ticket. People use the [`TicketNumber`](super::TicketNumber).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TicketId(pub i64);

/// The version of the SLA policy a ticket was judged under (R03).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PolicyVersion(pub u32);

impl fmt::Display for PolicyVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}
