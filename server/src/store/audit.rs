//! The audit log: who did what to accounts, tokens and documents, from
//! where.

use super::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::api::AuditEntry;
pub use firstline_app::domain::AuditAction;

/// An entry to add to the audit log.
#[derive(Clone, Debug)]
pub struct NewAuditEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: AuditAction,
    pub subject: String,
    pub address: String,
    pub detail: String,
}

/// The audit log's persistence.
#[async_trait]
pub trait AuditStore: Send + Sync + 'static {
    /// Appends to the audit log.
    async fn record_audit(&self, entry: NewAuditEntry) -> Result<(), StoreError>;

    /// The newest audit entries, newest first.
    async fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>, StoreError>;
}
