//! Who is acting: every request to the desk is made by an [`Actor`].

use super::ids::DeskId;
use super::priority::named_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

named_enum! {
    /// What a person may do at the desk.
    Role {
        /// Handles tickets.
        Agent => "agent",
        /// An agent who also edits policy and runbooks, forms swarms and sees reports.
        Lead => "lead",
        /// Works only in their own sandbox desk.
        Trainee => "trainee",
        /// Manages users and settings.
        Admin => "admin",
    }
}

/// The person behind a request, their role, and the desk they work on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The name written into the operation log.
    pub name: String,
    pub role: Role,
    pub desk: DeskId,
}
