//! The SLA policy book: the current policy, every stored version, the
//! policies of a ticket's log, and a lead's edits.

use super::book::{Book, Edition};
use super::{DeskError, require};
use crate::store::{Document, PolicyRecord, Store};
use chrono::{DateTime, Utc};
use firstline_app::api::PolicyDraft;
use firstline_app::domain::sla::{Policies, SlaPolicy};
use firstline_app::domain::{Action, Actor, Change, PolicyVersion, TicketEvent};
use std::sync::Arc;

impl Edition for SlaPolicy {
    const DOCUMENT: Document = Document::Policy;

    fn builtin() -> Self {
        SlaPolicy::default()
    }

    fn number(&self) -> u32 {
        self.version.0
    }

    fn renumbered(self, number: u32) -> Self {
        SlaPolicy {
            version: PolicyVersion(number),
            ..self
        }
    }
}

/// The policy versions of the desk.
pub struct PolicyBook {
    book: Book<SlaPolicy>,
}
/// The policies one ticket is judged under: the one it was registered
/// under, then the versions a lead applied to it.
pub struct HeldPolicies {
    list: Vec<Arc<SlaPolicy>>,
}

impl HeldPolicies {
    /// As the engine takes them.
    pub fn policies(&self) -> Policies<'_> {
        Policies {
            initial: &self.list[0],
            versions: self.list.iter().map(|p| (p.version, p.as_ref())).collect(),
        }
    }

    /// As the browser gets them.
    pub fn into_list(self) -> Vec<SlaPolicy> {
        self.list.iter().map(|p| SlaPolicy::clone(p)).collect()
    }
}

impl PolicyBook {
    /// A book over the store.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            book: Book::new(store),
        }
    }

    /// The policy new tickets are judged under: the newest version.
    pub async fn current(&self) -> Result<Arc<SlaPolicy>, DeskError> {
        self.book.current().await
    }

    /// One version; an unknown one is not found.
    pub async fn version(&self, version: PolicyVersion) -> Result<Arc<SlaPolicy>, DeskError> {
        self.book.version(version.0).await
    }

    /// The policies of a ticket's log.
    pub async fn of_log(&self, log: &[TicketEvent]) -> Result<HeldPolicies, DeskError> {
        let mut list = Vec::new();
        for event in log {
            let version = match &event.change {
                Change::Registered { policy_version, .. } => *policy_version,
                Change::PolicyApplied { version } => *version,
                _ => continue,
            };
            list.push(self.version(version).await?);
        }
        if list.is_empty() {
            list.push(self.version(PolicyVersion(1)).await?);
        }
        Ok(HeldPolicies { list })
    }

    /// Stores a lead's edit as the next version. Tickets keep the version
    /// they hold until a lead applies the new one to them.
    pub async fn save(
        &self,
        actor: &Actor,
        draft: &PolicyDraft,
        at: DateTime<Utc>,
        address: &str,
    ) -> Result<SlaPolicy, DeskError> {
        require(actor, Action::EditPolicy)?;
        draft
            .policy
            .validate()
            .map_err(|e| DeskError::PolicyRejected(e.to_string()))?;
        let policy = self
            .book
            .save(
                draft.policy.clone(),
                draft.based_on.0,
                &actor.name,
                &draft.note,
                at,
                address,
            )
            .await?;
        tracing::info!(version = %policy.version, "SLA policy saved");
        Ok(policy)
    }

    /// Who saved which version, when and why (leads).
    pub async fn history(&self, actor: &Actor) -> Result<Vec<PolicyRecord>, DeskError> {
        require(actor, Action::EditPolicy)?;
        Ok(crate::store::typed(
            self.book.history().await?,
            PolicyVersion,
        ))
    }
}
