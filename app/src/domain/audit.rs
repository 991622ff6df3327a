//! What the audit log records: each kind of event under a stable name, and
//! the stable texts of its subjects, details and addresses, which the log
//! page reads back into words of the reader's language.

use super::actor::Role;
use super::priority::named_enum;
use serde::{Deserialize, Serialize};
use std::fmt;

named_enum! {
    /// A kind of entry in the audit log.
    AuditAction {
        /// Someone signed in.
        Login => "login",
        /// A sign-in was refused: wrong login or password, or an inactive account.
        LoginFailed => "login_failed",
        /// A sign-in was refused by the throttle before the password was checked.
        LoginBlocked => "login_blocked",
        /// Someone signed out.
        Logout => "logout",
        /// An account was created.
        UserCreated => "user_created",
        /// An account's role changed.
        RoleChanged => "role_changed",
        /// An account was switched on.
        UserActivated => "user_activated",
        /// An account was switched off.
        UserDeactivated => "user_deactivated",
        /// Every session of an account was ended.
        SessionsEnded => "sessions_ended",
        /// An API token was made.
        ApiTokenCreated => "api_token_created",
        /// An API token was revoked.
        ApiTokenRevoked => "api_token_revoked",
        /// A wall-display token was made.
        DisplayTokenCreated => "display_token_created",
        /// A wall-display token was revoked.
        DisplayTokenRevoked => "display_token_revoked",
        /// A new version of the SLA policy was saved.
        PolicySaved => "policy_saved",
        /// A new version of the runbook was saved.
        RunbookSaved => "runbook_saved",
        /// A new version of a training scenario was saved or imported.
        ScenarioSaved => "scenario_saved",
    }
}

/// The address of an entry made on the server's command line.
pub const COMMAND_LINE: &str = "command line";

/// The address of a request whose client the server was not told of.
pub const UNKNOWN_ADDRESS: &str = "unknown";

/// What an entry is about: an account (by login or name, as stored) or a
/// version of a saved document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditSubject {
    /// A version of the SLA policy.
    Policy(u32),
    /// A version of the runbook.
    Runbook(u32),
    /// A version of a training scenario, by its id.
    Scenario { id: String, version: u32 },
    /// An account, a token or anything else, by name.
    Named(String),
}

impl AuditSubject {
    /// The text the log stores.
    pub fn stored(&self) -> String {
        match self {
            AuditSubject::Policy(version) => format!("SLA policy v{version}"),
            AuditSubject::Runbook(version) => format!("Runbook v{version}"),
            AuditSubject::Scenario { id, version } => format!("Scenario {id} v{version}"),
            AuditSubject::Named(name) => name.clone(),
        }
    }

    /// Reads a stored subject back.
    pub fn read(stored: &str) -> AuditSubject {
        let version = |prefix: &str| stored.strip_prefix(prefix)?.parse().ok();
        if let Some(v) = version("SLA policy v") {
            AuditSubject::Policy(v)
        } else if let Some(v) = version("Runbook v") {
            AuditSubject::Runbook(v)
        } else if let Some((id, version)) = stored
            .strip_prefix("Scenario ")
            .and_then(|rest| rest.rsplit_once(" v"))
            .and_then(|(id, v)| Some((id, v.parse().ok()?)))
        {
            AuditSubject::Scenario {
                id: id.to_owned(),
                version,
            }
        } else {
            AuditSubject::Named(stored.to_owned())
        }
    }
}

/// What else an entry says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditDetail {
    /// Nothing more.
    None,
    /// The role an account was created with.
    Role(Role),
    /// An account's role changed.
    RoleChanged { from: Role, to: Role },
    /// A refused sign-in: the password did not match.
    WrongPassword,
    /// A refused sign-in: no account has that login.
    UnknownLogin,
    /// A refused sign-in: the account is switched off.
    InactiveAccount,
    /// Free text, such as a version's note, shown as written.
    Text(String),
}

impl AuditDetail {
    /// The text the log stores.
    pub fn stored(&self) -> String {
        match self {
            AuditDetail::None => String::new(),
            AuditDetail::Role(role) => format!("role {role}"),
            AuditDetail::RoleChanged { from, to } => format!("{from} → {to}"),
            AuditDetail::WrongPassword => "wrong password".into(),
            AuditDetail::UnknownLogin => "unknown login".into(),
            AuditDetail::InactiveAccount => "inactive account".into(),
            AuditDetail::Text(text) => text.clone(),
        }
    }

    /// Reads a stored detail back; anything else is free text.
    pub fn read(stored: &str) -> AuditDetail {
        let change = stored
            .split_once(" → ")
            .and_then(|(from, to)| Some((Role::parse(from)?, Role::parse(to)?)));
        match stored {
            "" => AuditDetail::None,
            "wrong password" => AuditDetail::WrongPassword,
            "unknown login" => AuditDetail::UnknownLogin,
            "inactive account" => AuditDetail::InactiveAccount,
            _ => match (stored.strip_prefix("role ").and_then(Role::parse), change) {
                (Some(role), _) => AuditDetail::Role(role),
                (None, Some((from, to))) => AuditDetail::RoleChanged { from, to },
                (None, None) => AuditDetail::Text(stored.to_owned()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_and_details_read_back_from_what_is_stored() {
        for subject in [
            AuditSubject::Policy(3),
            AuditSubject::Runbook(12),
            AuditSubject::Named("li.wei".into()),
        ] {
            assert_eq!(AuditSubject::read(&subject.stored()), subject);
        }
        for detail in [
            AuditDetail::None,
            AuditDetail::Role(Role::Lead),
            AuditDetail::RoleChanged {
                from: Role::Agent,
                to: Role::Lead,
            },
            AuditDetail::WrongPassword,
            AuditDetail::UnknownLogin,
            AuditDetail::InactiveAccount,
            AuditDetail::Text("Shorter P0 target for the holidays".into()),
        ] {
            assert_eq!(AuditDetail::read(&detail.stored()), detail);
        }
        assert_eq!(
            AuditDetail::read("role of honour"),
            AuditDetail::Text("role of honour".into())
        );
    }

    #[test]
    fn every_audit_action_reads_back_from_its_stored_name() {
        for &action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(AuditAction::parse("deleted_everything"), None);
    }
}
