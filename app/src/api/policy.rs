//! The SLA policy page (leads): the current version, its history, and edits.

use super::{AppError, DocumentView, VersionRecord};
use crate::domain::sla::zone::Zones;
use crate::domain::{PolicyVersion, SlaPolicy};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A stored version of the SLA policy.
pub type PolicyRecord = VersionRecord<PolicyVersion>;

/// What the policy page shows: the version new tickets are judged under,
/// and the stored versions.
pub type PolicyView = DocumentView<SlaPolicy, PolicyVersion>;

/// A lead's edit: the new policy, the version it was made from, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDraft {
    /// The version the lead edited; if another lead saved a newer one
    /// meanwhile, the edit is refused as a conflict.
    pub based_on: PolicyVersion,
    /// The new targets, matrix, threshold and calendars. Its `version` is
    /// ignored: the desk numbers versions.
    pub policy: SlaPolicy,
    pub note: String,
}

/// The current policy and its history (leads).
#[server(prefix = "/api", endpoint = "policy/load")]
pub async fn load_policy() -> Result<PolicyView, AppError> {
    let (port, actor) = super::ssr::desk()?;
    super::ssr::respond(port.policy(&actor).await)
}

/// Saves an edit as the next policy version (leads). New tickets are judged
/// under it; open tickets keep theirs until a lead applies it.
#[server(prefix = "/api", endpoint = "policy/save", input = Json)]
pub async fn save_policy(draft: PolicyDraft) -> Result<SlaPolicy, AppError> {
    let (port, actor) = super::ssr::desk()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(port.save_policy(&parts, &actor, draft).await)
}

/// The most zones one request for tables may name: a policy has four
/// calendars.
pub const MAX_ZONE_TABLES: usize = 8;

/// The offsets of the named zones over the span a clock started now can
/// reach, for the policy form's preview (the browser has no zone rules).
/// Names that are not zones are left out: the form says so itself. Leads
/// only, as the policy page; at most [`MAX_ZONE_TABLES`] names.
#[server(prefix = "/api", endpoint = "policy/zones", input = Json)]
pub async fn zone_tables(names: Vec<String>) -> Result<Zones, AppError> {
    let (port, actor) = super::ssr::desk()?;
    super::ssr::respond(port.zone_tables(&actor, &names))
}
