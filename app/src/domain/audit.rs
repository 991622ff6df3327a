//! What the audit log records: each kind of event under a stable name.

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
    }
}

#[cfg(test)]
mod tests {
    use super::AuditAction;

    #[test]
    fn every_audit_action_reads_back_from_its_stored_name() {
        for &action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(AuditAction::parse("deleted_everything"), None);
    }
}
