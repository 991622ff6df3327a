//! What the reporter's status page shows (R12, R17): the stage in plain
//! words, what the desk told them, the expected time of the fix, and how
//! long the page stays open after the ticket closes.

use super::Audience;
use crate::domain::event::{Change, TicketEvent};
use crate::domain::stage::Stage;
use crate::domain::workflow::Gate;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// Where the ticket stands, as the reporter reads it: fewer stages than the
/// desk's, and none of its jargon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReporterStage {
    /// Registered; nobody has answered yet.
    Received,
    /// The desk is finding out what is wrong.
    Investigating,
    /// The cause is being fixed or worked around.
    Fixing,
    /// The fix is being checked, the reporter's word included.
    Verifying,
    /// Fixed and closed.
    Closed,
}

impl ReporterStage {
    /// Every stage, in the order a ticket passes them.
    pub const ALL: [ReporterStage; 5] = [
        ReporterStage::Received,
        ReporterStage::Investigating,
        ReporterStage::Fixing,
        ReporterStage::Verifying,
        ReporterStage::Closed,
    ];

    /// The reporter's stage of a workflow stage.
    pub const fn of(stage: Stage) -> ReporterStage {
        match stage {
            Stage::Intake => ReporterStage::Received,
            Stage::FirstDiagnosis | Stage::SelfHelp | Stage::DeepTroubleshooting => {
                ReporterStage::Investigating
            }
            Stage::Handling => ReporterStage::Fixing,
            Stage::Verification => ReporterStage::Verifying,
            Stage::Closed | Stage::Archived => ReporterStage::Closed,
        }
    }

    /// The stage's stable name.
    pub const fn as_str(self) -> &'static str {
        match self {
            ReporterStage::Received => "received",
            ReporterStage::Investigating => "investigating",
            ReporterStage::Fixing => "fixing",
            ReporterStage::Verifying => "verifying",
            ReporterStage::Closed => "closed",
        }
    }
}

/// What kind of public entry the reporter reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicKind {
    /// The desk's first answer.
    FirstResponse,
    /// Progress, perhaps with an expected time.
    Progress,
    /// A question: the desk waits for the reporter.
    Question,
    /// The reporter said the fix works (R16).
    Confirmed,
    /// The reporter said the fault persists, in their words (R17).
    NotFixed,
}

/// One entry as the reporter reads it: when, what kind, and the desk's
/// words. Who at the desk wrote it is not shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicEntry {
    pub at: DateTime<Utc>,
    pub kind: PublicKind,
    pub message: String,
    /// The expected time of the fix a progress update gave.
    pub eta: Option<DateTime<Utc>>,
}

impl PublicEntry {
    /// The entry as the reporter reads it, or `None` for an internal one.
    pub fn of(event: &TicketEvent) -> Option<PublicEntry> {
        if !Audience::of(&event.change).reaches_reporter() {
            return None;
        }
        let (kind, message, eta) = match &event.change {
            Change::FirstResponse { message } => (PublicKind::FirstResponse, message.clone(), None),
            Change::ProgressUpdate { message, eta } => {
                (PublicKind::Progress, message.clone(), *eta)
            }
            Change::WaitingOnReporter { note } => (PublicKind::Question, note.clone(), None),
            Change::ReporterConfirmed => (PublicKind::Confirmed, String::new(), None),
            Change::ReporterNotFixed { reason } => (PublicKind::NotFixed, reason.clone(), None),
            _ => return None,
        };
        Some(PublicEntry {
            at: event.at,
            kind,
            message,
            eta,
        })
    }

    /// Every public entry of a log, oldest first.
    pub fn all(log: &[TicketEvent]) -> Vec<PublicEntry> {
        log.iter().filter_map(PublicEntry::of).collect()
    }
}

/// The expected time of the fix: the one the latest progress update gave.
/// An update without one withdraws the earlier target.
pub fn current_eta(entries: &[PublicEntry]) -> Option<DateTime<Utc>> {
    entries
        .iter()
        .rev()
        .find(|entry| entry.kind == PublicKind::Progress)
        .and_then(|entry| entry.eta)
}

/// Whether an entry changes what the reporter's status page shows: a public
/// entry, a change of the stage or of whether the desk waits for them, or
/// the production gate, after which the page asks them whether it works.
/// The page's live stream says only that, so that a reporter learns nothing
/// of the desk's internal work, not even when it happens.
pub const fn changes_status(change: &Change) -> bool {
    Audience::of(change).reaches_reporter()
        || matches!(
            change,
            Change::StageChanged { .. }
                | Change::ReporterReplied { .. }
                | Change::Resolved { .. }
                | Change::Reopened { .. }
                | Change::Closed
                | Change::GatePassed {
                    gate: Gate::Production,
                    ..
                }
        )
}

/// Whether a status link has stopped working: its ticket is closed (or
/// archived) and was closed more than `lifetime` ago. A reopened ticket's
/// link works again until it closes again.
pub fn link_expired(
    stage: Stage,
    log: &[TicketEvent],
    lifetime: TimeDelta,
    now: DateTime<Utc>,
) -> bool {
    if stage.is_open() {
        return false;
    }
    let closed_at = log
        .iter()
        .rev()
        .find(|event| matches!(event.change, Change::Closed))
        .map(|event| event.at);
    // A closed ticket without its closing entry cannot be dated: the link
    // is treated as expired rather than kept open for ever.
    closed_at.is_none_or(|at| now - at > lifetime)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 2, minute, 0).unwrap()
    }

    fn event(id: i64, minute: u32, change: Change) -> TicketEvent {
        TicketEvent {
            id,
            version: id,
            at: at(minute),
            actor: "Wang Fang".into(),
            change,
        }
    }

    #[test]
    fn r12_the_reporter_reads_what_the_desk_told_them_and_nothing_else() {
        let log = [
            event(
                1,
                0,
                Change::Note {
                    text: "db01 is suspect".into(),
                },
            ),
            event(
                2,
                1,
                Change::FirstResponse {
                    message: "We are on it".into(),
                },
            ),
            event(
                3,
                2,
                Change::WaitingOnReporter {
                    note: "Which browser?".into(),
                },
            ),
            event(
                4,
                3,
                Change::ReporterReplied {
                    note: "Chrome, says the caller".into(),
                },
            ),
            event(
                5,
                4,
                Change::ProgressUpdate {
                    message: "A fix is being tested".into(),
                    eta: Some(at(40)),
                },
            ),
        ];
        let entries = PublicEntry::all(&log);
        let read: Vec<_> = entries
            .iter()
            .map(|e| (e.kind, e.message.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                (PublicKind::FirstResponse, "We are on it"),
                (PublicKind::Question, "Which browser?"),
                (PublicKind::Progress, "A fix is being tested"),
            ]
        );
        assert_eq!(current_eta(&entries), Some(at(40)));
    }

    #[test]
    fn r12_a_later_update_without_a_target_withdraws_the_earlier_one() {
        let log = [
            event(
                1,
                0,
                Change::ProgressUpdate {
                    message: "Fix by 02:40".into(),
                    eta: Some(at(40)),
                },
            ),
            event(
                2,
                5,
                Change::ProgressUpdate {
                    message: "The fix failed; we will say when we know more".into(),
                    eta: None,
                },
            ),
        ];
        assert_eq!(current_eta(&PublicEntry::all(&log)), None);
    }

    #[test]
    fn r12_the_status_page_hears_of_public_entries_and_stage_changes_only() {
        assert!(changes_status(&Change::FirstResponse {
            message: "On it".into()
        }));
        assert!(changes_status(&Change::ReporterReplied {
            note: "Chrome".into()
        }));
        assert!(changes_status(&Change::Closed));
        assert!(changes_status(&Change::GatePassed {
            gate: Gate::Production,
            note: "Deployed".into()
        }));
        assert!(!changes_status(&Change::GatePassed {
            gate: Gate::Test,
            note: "Green in staging".into()
        }));
        assert!(changes_status(&Change::StageChanged {
            from: Stage::Intake,
            to: Stage::FirstDiagnosis,
        }));
        assert!(!changes_status(&Change::Note {
            text: "db01".into()
        }));
        assert!(!changes_status(&Change::ItemUnchecked {
            item: "logs".into()
        }));
        assert!(!changes_status(&Change::ExpertRemoved {
            login: "dba".into()
        }));
    }

    #[test]
    fn every_workflow_stage_reads_as_a_reporter_stage_in_order() {
        let order: Vec<_> = Stage::ALL.iter().map(|&s| ReporterStage::of(s)).collect();
        let mut sorted = order.clone();
        sorted.sort_by_key(|s| ReporterStage::ALL.iter().position(|a| a == s));
        assert_eq!(order, sorted, "stages never go backwards");
        for stage in ReporterStage::ALL {
            assert!(order.contains(&stage), "{stage:?} is reached");
        }
    }

    #[test]
    fn a_link_stops_working_its_lifetime_after_closing_and_works_again_on_reopening() {
        let lifetime = TimeDelta::days(30);
        let closed = [event(1, 10, Change::Closed)];
        let soon = at(10) + TimeDelta::days(29);
        let late = at(10) + TimeDelta::days(31);
        assert!(!link_expired(Stage::Handling, &closed, lifetime, late));
        assert!(!link_expired(Stage::Closed, &closed, lifetime, soon));
        assert!(link_expired(Stage::Closed, &closed, lifetime, late));
        assert!(link_expired(Stage::Archived, &closed, lifetime, late));
        assert!(link_expired(Stage::Closed, &[], lifetime, soon));
    }
}
