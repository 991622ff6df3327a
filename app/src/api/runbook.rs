//! The runbook page (leads): the current version, its history, and edits.

use super::{AppError, DocumentView, VersionRecord};
use crate::domain::{Runbook, RunbookVersion, TicketNumber};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// A stored version of the runbook.
pub type RunbookRecord = VersionRecord<RunbookVersion>;

/// What the runbook page shows: the version new tickets follow, and the
/// stored versions.
pub type RunbookView = DocumentView<Runbook, RunbookVersion>;

/// A lead's edit: the new runbook, the version it was made from, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunbookDraft {
    /// The version the lead edited; if another lead saved a newer one
    /// meanwhile, the edit is refused as a conflict.
    pub based_on: RunbookVersion,
    /// The new checklists. Its `version` is ignored: the desk numbers versions.
    pub runbook: Runbook,
    pub note: String,
    /// The ticket whose post-incident review proposed this change (R19):
    /// the version then names the review, and its ticket's log says so.
    #[serde(default)]
    pub review: Option<TicketNumber>,
}

/// The current runbook and its history (leads).
#[server(prefix = "/api", endpoint = "runbook/load")]
pub async fn load_runbook() -> Result<RunbookView, AppError> {
    let (port, actor) = super::ssr::desk()?;
    super::ssr::respond(port.runbook(&actor).await)
}

/// Saves an edit as the next runbook version (leads). New tickets follow
/// it; open tickets keep the version they started with.
#[server(prefix = "/api", endpoint = "runbook/save", input = Json)]
pub async fn save_runbook(draft: RunbookDraft) -> Result<Runbook, AppError> {
    let (port, actor) = super::ssr::desk()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(port.save_runbook(&parts, &actor, draft).await)
}
