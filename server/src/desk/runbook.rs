//! The runbook book: the default runbook that ships with Firstline, every
//! version a lead saved, and the version each ticket follows.

use super::book::{Book, Edition};
use super::{DeskError, require};
use crate::store::{Document, RunbookRecord, Store, typed};
use chrono::{DateTime, Utc};
use firstline_app::api::RunbookDraft;
use firstline_app::domain::{Action, Actor, Runbook, RunbookVersion, default_runbook};
use std::sync::Arc;

impl Edition for Runbook {
    const DOCUMENT: Document = Document::Runbook;

    fn builtin() -> Self {
        default_runbook()
    }

    fn number(&self) -> u32 {
        self.version.0
    }

    fn renumbered(self, number: u32) -> Self {
        Runbook {
            version: RunbookVersion(number),
            ..self
        }
    }
}

/// The runbook versions of the desk.
pub struct RunbookBook {
    book: Book<Runbook>,
}

impl RunbookBook {
    /// A book over the store.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            book: Book::new(store),
        }
    }

    /// The runbook new tickets follow: the newest version.
    pub async fn current(&self) -> Result<Arc<Runbook>, DeskError> {
        self.book.current().await
    }

    /// One version; an unknown one is not found.
    pub async fn version(&self, version: RunbookVersion) -> Result<Arc<Runbook>, DeskError> {
        self.book.version(version.0).await
    }

    /// Stores a lead's edit as the next version. Open tickets keep the
    /// version they started with; new tickets follow the new one.
    pub async fn save(
        &self,
        actor: &Actor,
        draft: &RunbookDraft,
        at: DateTime<Utc>,
        address: &str,
    ) -> Result<Runbook, DeskError> {
        require(actor, Action::EditRunbook)?;
        draft.runbook.validate().map_err(DeskError::Invalid)?;
        let runbook = self
            .book
            .save(
                draft.runbook.clone(),
                draft.based_on.0,
                &actor.name,
                &draft.note,
                at,
                address,
            )
            .await?;
        tracing::info!(version = %runbook.version, "runbook saved");
        Ok(runbook)
    }

    /// Who saved which version, when and why (leads).
    pub async fn history(&self, actor: &Actor) -> Result<Vec<RunbookRecord>, DeskError> {
        require(actor, Action::EditRunbook)?;
        Ok(typed(self.book.history().await?, RunbookVersion))
    }
}
