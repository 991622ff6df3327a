//! The audit log: entries written by every account operation, and read by
//! administrators.

use super::Accounts;
use crate::desk::{DeskError, require};
use crate::store::{AuditAction, NewAuditEntry, StoreError};
use firstline_app::api::AuditEntry;
use firstline_app::domain::{Action, Actor};

impl Accounts {
    /// Appends an entry to the audit log, at the desk's time.
    pub(super) async fn record(
        &self,
        actor: &str,
        action: AuditAction,
        subject: &str,
        address: &str,
        detail: String,
    ) -> Result<(), StoreError> {
        let entry = NewAuditEntry {
            at: self.clock.now(),
            actor: actor.to_owned(),
            action,
            subject: subject.to_owned(),
            address: address.to_owned(),
            detail,
        };
        self.store.record_audit(entry).await
    }

    /// The newest entries of the audit log (admins).
    pub async fn audit_log(&self, actor: &Actor, limit: i64) -> Result<Vec<AuditEntry>, DeskError> {
        require(actor, Action::ViewAudit)?;
        Ok(self.store.audit_log(limit.clamp(1, 1000)).await?)
    }
}
