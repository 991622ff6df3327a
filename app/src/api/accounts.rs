//! Accounts, sessions, tokens and the audit log, as the browser sees them.

use crate::domain::{AuditAction, DeskId, DisplayId, Role, User};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who the browser is signed in as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub user: User,
    /// The desk's offset from UTC in seconds, for showing times.
    pub utc_offset: i32,
}

/// An API token as its owner sees it in a list; the secret itself is shown
/// once, when the token is made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenInfo {
    pub id: i64,
    pub name: String,
    /// The first characters of the token, to recognise it.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A wall display token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayTokenInfo {
    pub id: DisplayId,
    pub desk: DeskId,
    pub name: String,
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A token just made: its details and the secret, which is never shown again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken<T> {
    pub info: T,
    pub secret: String,
}

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// Who did it, as named at the time; empty for an unknown caller.
    pub actor: String,
    /// What happened.
    pub action: AuditAction,
    /// What it happened to: a login, a token name.
    pub subject: String,
    /// The caller's network address.
    pub address: String,
    pub detail: String,
}

/// A new account as typed on the team page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewUserDraft {
    pub login: String,
    pub display_name: String,
    pub role: String,
    pub password: String,
}

/// A change to an account on the team page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserChange {
    pub login: String,
    pub role: Role,
    /// A form's unticked checkbox sends nothing: absent means off.
    #[serde(default)]
    pub active: bool,
}
