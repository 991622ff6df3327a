//! The SLA policy book: the current policy, every stored version, and a
//! lead's edits. Versions never change once stored, so each is read from the
//! store once and kept.

use super::{DeskError, require};
use crate::store::{ConstraintKind, PolicyRecord, Store, StoreError};
use chrono::{DateTime, Utc};
use firstline_app::api::PolicyDraft;
use firstline_app::domain::sla::{Policies, SlaPolicy};
use firstline_app::domain::{Action, Actor, Change, Field, PolicyVersion, TextRule, TicketEvent};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Why a policy was changed: a line for the history.
const NOTE: TextRule = TextRule {
    field: Field::Note,
    min: 2,
    max: 500,
    multiline: false,
};

/// The policy versions of the desk.
pub struct PolicyBook {
    store: Arc<dyn Store>,
    /// Versions already read. A std lock: it is held only to copy an `Arc`.
    cache: RwLock<HashMap<PolicyVersion, Arc<SlaPolicy>>>,
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
        let default = Arc::new(SlaPolicy::default());
        Self {
            store,
            cache: RwLock::new(HashMap::from([(default.version, default)])),
        }
    }

    fn cached(&self, version: PolicyVersion) -> Option<Arc<SlaPolicy>> {
        self.cache
            .read()
            .expect("policy cache poisoned")
            .get(&version)
            .cloned()
    }

    fn keep(&self, policy: SlaPolicy) -> Arc<SlaPolicy> {
        let policy = Arc::new(policy);
        self.cache
            .write()
            .expect("policy cache poisoned")
            .insert(policy.version, policy.clone());
        policy
    }

    /// The policy new tickets are judged under: the newest version. Read
    /// from the store each time, so every process sees a lead's edit at once.
    pub async fn current(&self) -> Result<Arc<SlaPolicy>, DeskError> {
        match self.store.latest_policy().await? {
            Some(policy) => Ok(self
                .cached(policy.version)
                .unwrap_or_else(|| self.keep(policy))),
            None => Ok(self
                .cached(PolicyVersion(1))
                .expect("the default is always kept")),
        }
    }

    /// One version; an unknown one is not found.
    pub async fn version(&self, version: PolicyVersion) -> Result<Arc<SlaPolicy>, DeskError> {
        if let Some(policy) = self.cached(version) {
            return Ok(policy);
        }
        let policy = self
            .store
            .policy(version)
            .await?
            .ok_or(DeskError::NotFound)?;
        Ok(self.keep(policy))
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
    /// they hold until a lead applies the new one to them. An edit made from
    /// an older version than the current one is refused as a conflict, so
    /// that no lead overwrites another's change unseen.
    pub async fn save(
        &self,
        actor: &Actor,
        draft: &PolicyDraft,
        at: DateTime<Utc>,
        address: &str,
    ) -> Result<SlaPolicy, DeskError> {
        require(actor, Action::EditPolicy)?;
        let note = NOTE
            .check(&draft.note)
            .map_err(|e| DeskError::Invalid(e.into()))?;
        draft
            .policy
            .validate()
            .map_err(|e| DeskError::PolicyRejected(e.to_string()))?;
        let latest = self.current().await?;
        let conflict = DeskError::Conflict {
            current: i64::from(latest.version.0),
        };
        if draft.based_on != latest.version {
            return Err(conflict);
        }
        let policy = SlaPolicy {
            version: PolicyVersion(latest.version.0 + 1),
            ..draft.policy.clone()
        };
        match self
            .store
            .save_policy(&policy, &actor.name, &note, at, address)
            .await
        {
            Ok(()) => {}
            // Another lead saved the same version a moment earlier.
            Err(StoreError::Constraint {
                kind: ConstraintKind::Unique,
                ..
            }) => return Err(conflict),
            Err(other) => return Err(other.into()),
        }
        tracing::info!(version = %policy.version, "SLA policy saved");
        Ok(SlaPolicy::clone(&self.keep(policy)))
    }

    /// Who saved which version, when and why (leads).
    pub async fn history(&self, actor: &Actor) -> Result<Vec<PolicyRecord>, DeskError> {
        require(actor, Action::EditPolicy)?;
        Ok(self.store.policy_history().await?)
    }
}
