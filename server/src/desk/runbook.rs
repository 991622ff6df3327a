//! The runbook as a versioned document: the default that ships with
//! Firstline, and every version a lead saved. A ticket follows the version
//! it was registered under.

use super::book::{Book, Edition};
use super::{Desk, DeskError};
use crate::store::Document;
use firstline_app::api::RunbookDraft;
use firstline_app::domain::{Action, Runbook, RunbookVersion, TicketNumber, default_runbook};

impl Edition for Runbook {
    const DOCUMENT: Document = Document::Runbook;
    const EDIT: Action = Action::EditRunbook;
    type Version = RunbookVersion;
    type Draft = RunbookDraft;

    fn builtin() -> Self {
        default_runbook()
    }

    fn number(&self) -> u32 {
        self.version.0
    }

    fn version(number: u32) -> RunbookVersion {
        RunbookVersion(number)
    }

    fn renumbered(self, number: u32) -> Self {
        Runbook {
            version: RunbookVersion(number),
            ..self
        }
    }

    fn validate(&self) -> Result<(), DeskError> {
        Runbook::validate(self).map_err(DeskError::Invalid)
    }

    fn draft(draft: &RunbookDraft) -> (&Self, u32, &str) {
        (&draft.runbook, draft.based_on.0, &draft.note)
    }

    fn proposal(draft: &RunbookDraft) -> Option<TicketNumber> {
        draft.review
    }

    fn book(desk: &Desk) -> &Book<Self> {
        &desk.runbooks
    }
}
