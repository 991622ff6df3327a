//! The SLA policy as a versioned document, and the policies a ticket's log
//! holds it to.

use super::book::{Book, Edition};
use super::{Desk, DeskError, require};
use crate::store::Document;
use firstline_app::api::{MAX_ZONE_TABLES, PolicyDraft};
use firstline_app::domain::sla::{Policies, SlaPolicy, Zones, zone};
use firstline_app::domain::{Action, Actor, Change, PolicyVersion, TicketEvent};
use std::sync::Arc;

impl Edition for SlaPolicy {
    const DOCUMENT: Document = Document::Policy;
    const EDIT: Action = Action::EditPolicy;
    type Version = PolicyVersion;
    type Draft = PolicyDraft;

    fn builtin() -> Self {
        SlaPolicy::default()
    }

    fn number(&self) -> u32 {
        self.version.0
    }

    fn version(number: u32) -> PolicyVersion {
        PolicyVersion(number)
    }

    fn renumbered(self, number: u32) -> Self {
        SlaPolicy {
            version: PolicyVersion(number),
            ..self
        }
    }

    fn validate(&self) -> Result<(), DeskError> {
        SlaPolicy::validate(self).map_err(|e| DeskError::PolicyRejected(e.to_string()))
    }

    fn draft(draft: &PolicyDraft) -> (&Self, u32, &str) {
        (&draft.policy, draft.based_on.0, &draft.note)
    }

    fn book(desk: &Desk) -> &Book<Self> {
        &desk.policies
    }
}

impl Desk {
    /// The offsets of the named zones over the span a clock started now can
    /// reach, for the policy form's preview (leads); names that are not
    /// zones are left out.
    pub fn zone_tables(&self, actor: &Actor, names: &[String]) -> Result<Zones, DeskError> {
        require(actor, Action::EditPolicy)?;
        if names.len() > MAX_ZONE_TABLES {
            return Err(DeskError::PolicyRejected(format!(
                "names: at most {MAX_ZONE_TABLES} zones at once"
            )));
        }
        let now = self.now();
        let (from, until) = zone::span(now, now);
        Ok(zone::tables(names.iter().map(String::as_str), from, until))
    }
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

impl Book<SlaPolicy> {
    /// The policies of a ticket's log.
    pub async fn of_log(&self, log: &[TicketEvent]) -> Result<HeldPolicies, DeskError> {
        let mut list = Vec::new();
        for event in log {
            let version = match &event.change {
                Change::Registered { policy_version, .. } => *policy_version,
                Change::PolicyApplied { version } => *version,
                _ => continue,
            };
            list.push(self.version(version.0).await?);
        }
        if list.is_empty() {
            list.push(self.version(1).await?);
        }
        Ok(HeldPolicies { list })
    }
}
