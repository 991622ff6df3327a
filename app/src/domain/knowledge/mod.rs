//! Archive and knowledge (R19): what a solved case teaches, and how it is
//! found again. `terms` builds the search terms both stores index, `search`
//! checks a query and marks and ranks what it found, `similar` seeks the
//! solved cases like a new report; this file says which
//! words of a ticket search covers.

pub mod article;
pub mod search;
pub mod similar;
pub mod terms;

pub use article::{
    Article, ArticleBody, ArticleDraft, ArticleNumber, ArticleState, ArticleVersion, FaultType,
    draft_from_ticket,
};
pub use search::{
    MAX_QUERY_TERMS, Piece, QUERY, RANKED_MATCHES, SearchQuery, excerpt, holds_phrase, shared_words,
};
pub use similar::{MAX_SIMILAR, MAX_SIMILAR_TEXT, similar_terms};
pub use terms::{index_terms, marker_terms, query_terms};

use crate::domain::event::Change;
use crate::domain::intake::Intake;

/// The words of a ticket that search covers from its registration: the
/// symptom's steps, the error text and the impact scope, a line apart.
pub fn intake_text(intake: &Intake) -> String {
    [
        intake.symptom.steps(),
        intake.symptom.error_text(),
        intake.impact_scope.as_str(),
    ]
    .into_iter()
    .filter(|text| !text.is_empty())
    .collect::<Vec<_>>()
    .join("\n")
}

/// The words a change adds to its ticket's search: a note, the root cause,
/// the workaround and the fix. Nothing else a change says is searched.
pub fn added_text(change: &Change) -> Option<&str> {
    match change {
        Change::Note { text } => Some(text),
        Change::RootCauseFound { summary } | Change::Resolved { summary } => Some(summary),
        Change::WorkaroundApplied { description } => Some(description),
        _ => None,
    }
}

/// A ticket's searched text once a change added its words.
pub fn with_added(text: &str, added: &str) -> String {
    format!("{text}\n{added}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r19_notes_root_cause_workaround_and_fix_are_searched() {
        for change in [
            Change::Note { text: "t".into() },
            Change::RootCauseFound {
                summary: "t".into(),
            },
            Change::WorkaroundApplied {
                description: "t".into(),
            },
            Change::Resolved {
                summary: "t".into(),
            },
        ] {
            assert_eq!(added_text(&change), Some("t"), "{}", change.kind());
        }
        assert_eq!(added_text(&Change::Closed), None);
        assert_eq!(added_text(&Change::Reopened { reason: "t".into() }), None);
    }
}
