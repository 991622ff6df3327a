//! Documents leads edit in versions (the SLA policy, the runbook): every
//! version is kept, with who saved it, when and why.

use super::{StoreError, TicketUpdate, VersionRecord};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::{AuditAction, AuditSubject, DeskId};

/// The documents leads edit, every version kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Document {
    /// The SLA policy (R03).
    Policy,
    /// The stages' checklists (R04–R12).
    Runbook,
}

impl Document {
    /// Every document, in the order of [`Document::slot`].
    pub const ALL: [Document; 2] = [Document::Policy, Document::Runbook];

    /// Its place among the documents, for statements kept per document.
    pub const fn slot(self) -> usize {
        self as usize
    }

    /// Its table.
    pub const fn table(self) -> &'static str {
        match self {
            Document::Policy => "sla_policies",
            Document::Runbook => "runbooks",
        }
    }

    /// What the audit log calls saving it.
    pub const fn audit_action(self) -> AuditAction {
        match self {
            Document::Policy => AuditAction::PolicySaved,
            Document::Runbook => AuditAction::RunbookSaved,
        }
    }

    /// How the audit log names a version of it.
    pub fn subject(self, version: u32) -> String {
        match self {
            Document::Policy => AuditSubject::Policy(version),
            Document::Runbook => AuditSubject::Runbook(version),
        }
        .stored()
    }
}

/// A version of a document to store.
#[derive(Clone, Copy, Debug)]
pub struct NewVersion<'a> {
    /// A ticket change written in the same transaction: the
    /// `proposal_applied` entry of the review whose proposal this version
    /// applies (R19), on its desk.
    pub applies: Option<(DeskId, &'a TicketUpdate)>,
    pub document: Document,
    /// Its number: one more than the newest stored.
    pub version: u32,
    /// The document as JSON.
    pub body: &'a str,
    /// Who saved it, as the audit log names them.
    pub by: &'a str,
    /// Why.
    pub note: &'a str,
    pub at: DateTime<Utc>,
    /// The saver's network address, for the audit log.
    pub address: &'a str,
}

/// Versioned documents.
#[async_trait]
pub trait DocumentStore: Send + Sync + 'static {
    /// Stores a new version of a document, and its entry in the audit log,
    /// in one transaction. A version that exists already is a unique
    /// constraint error.
    async fn save_document(&self, version: NewVersion<'_>) -> Result<(), StoreError>;

    /// One stored version of a document, as JSON (version 1, the built-in
    /// default, is not stored).
    async fn document(
        &self,
        document: Document,
        version: u32,
    ) -> Result<Option<String>, StoreError>;

    /// The numbers of the newest stored version of every document (none
    /// for a document no lead has edited), by [`Document::slot`], in one
    /// statement.
    async fn latest_versions(&self) -> Result<[Option<u32>; Document::ALL.len()], StoreError>;

    /// The number of the newest stored version of a document, if a lead has
    /// edited it.
    async fn latest_version(&self, document: Document) -> Result<Option<u32>, StoreError> {
        Ok(self.latest_versions().await?[document.slot()])
    }

    /// Every stored version of a document: who made it, when, and why,
    /// newest first.
    async fn document_history(
        &self,
        document: Document,
    ) -> Result<Vec<VersionRecord<u32>>, StoreError>;
}

/// Records of untyped version numbers, typed.
pub fn typed<V>(
    records: Vec<VersionRecord<u32>>,
    version: impl Fn(u32) -> V,
) -> Vec<VersionRecord<V>> {
    records.into_iter().map(|r| r.untyped(&version)).collect()
}
