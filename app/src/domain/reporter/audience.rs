//! Who reads each kind of entry of the operation log: the reporter too, or
//! the desk alone. A new kind of entry does not compile until it is given
//! an audience here.

use crate::domain::event::Change;
use serde::{Deserialize, Serialize};

/// Who reads an entry of the operation log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The reporter sees it on the status page and in messages, as well as
    /// the desk on the ticket.
    Reporter,
    /// Only the desk: notes, checklists, actions, clocks and swarm talk.
    Desk,
}

impl Audience {
    /// Who reads this kind of entry. What the desk tells the reporter is
    /// public: the first response, progress with its ETA, and questions (the
    /// desk waiting on the reporter); so is what the reporter said on their
    /// status page (that it works, or that it does not). Everything else stays internal,
    /// including what an agent notes of the reporter's answer and the fix's
    /// summary, which the desk words for itself.
    pub const fn of(change: &Change) -> Audience {
        match change {
            Change::FirstResponse { .. }
            | Change::ProgressUpdate { .. }
            | Change::WaitingOnReporter { .. }
            | Change::ReporterConfirmed
            | Change::ReporterNotFixed { .. }
            | Change::SurveyAnswered { .. } => Audience::Reporter,
            Change::Registered { .. }
            | Change::Reclassified { .. }
            | Change::ReporterReplied { .. }
            | Change::StageChanged { .. }
            | Change::RootCauseFound { .. }
            | Change::WorkaroundApplied { .. }
            | Change::Resolved { .. }
            | Change::Reopened { .. }
            | Change::Closed
            | Change::PolicyApplied { .. }
            | Change::ClockWarned { .. }
            | Change::ClockBreached { .. }
            | Change::Escalated { .. }
            | Change::ItemChecked { .. }
            | Change::ItemUnchecked { .. }
            | Change::Note { .. }
            | Change::GatePassed { .. }
            | Change::ActionPlanned { .. }
            | Change::ActionDone { .. }
            | Change::ExpertAdded { .. }
            | Change::ExpertRemoved { .. }
            | Change::EscalationRequested { .. }
            | Change::ArticleLinked { .. }
            | Change::NoArticleNeeded { .. }
            | Change::ReviewSaved { .. }
            | Change::ProposalApplied { .. } => Audience::Desk,
        }
    }

    /// Whether the reporter reads entries for this audience.
    pub const fn reaches_reporter(self) -> bool {
        matches!(self, Audience::Reporter)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::ids::PolicyVersion;
    use crate::domain::intake::Channel;
    use crate::domain::priority::{Impact, Priority, Urgency};
    use crate::domain::sla::ClockName;
    use crate::domain::stage::Stage;
    use crate::domain::workflow::Gate;
    use chrono::{TimeZone, Utc};

    /// One entry of every kind, so that a new kind must be added here too.
    pub(crate) fn every_kind() -> Vec<Change> {
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 2, 0, 0).unwrap();
        let text = || "text".to_owned();
        vec![
            Change::Registered {
                channel: Channel::Web,
                impact: Impact::Group,
                urgency: Urgency::High,
                priority: Priority::P1,
                urgent: false,
                policy_version: PolicyVersion(1),
                response_due_at: at,
                runbook: Default::default(),
            },
            Change::Reclassified {
                impact: Impact::Group,
                urgency: Urgency::High,
                priority: Priority::P1,
                response_due_at: at,
                note: text(),
            },
            Change::FirstResponse { message: text() },
            Change::ProgressUpdate {
                message: text(),
                eta: Some(at),
            },
            Change::WaitingOnReporter { note: text() },
            Change::ReporterReplied { note: text() },
            Change::StageChanged {
                from: Stage::Intake,
                to: Stage::FirstDiagnosis,
            },
            Change::RootCauseFound { summary: text() },
            Change::WorkaroundApplied {
                description: text(),
            },
            Change::Resolved { summary: text() },
            Change::Reopened { reason: text() },
            Change::ReporterConfirmed,
            Change::ReporterNotFixed { reason: text() },
            Change::SurveyAnswered {
                round: 1,
                rating: crate::domain::reporter::Rating::Satisfied,
                comment: text(),
            },
            Change::Closed,
            Change::PolicyApplied {
                version: PolicyVersion(2),
            },
            Change::ClockWarned {
                clock: ClockName::Response,
                cycle: 1,
                started_at: at,
                due_at: at,
            },
            Change::ClockBreached {
                clock: ClockName::Response,
                cycle: 1,
                started_at: at,
                due_at: at,
            },
            Change::Escalated { started_at: at },
            Change::ItemChecked {
                item: text(),
                answer: Some(text()),
            },
            Change::ItemUnchecked { item: text() },
            Change::Note { text: text() },
            Change::GatePassed {
                gate: Gate::Reporter,
                note: text(),
            },
            Change::ActionPlanned {
                no: 1,
                description: text(),
                owner: text(),
                planned_at: at,
                risk_plan: text(),
            },
            Change::ActionDone { no: 1 },
            Change::ExpertAdded {
                login: text(),
                role: text(),
            },
            Change::ExpertRemoved { login: text() },
            Change::EscalationRequested { reason: text() },
            Change::ArticleLinked {
                article: crate::domain::knowledge::ArticleNumber::new(1).unwrap(),
                drafted: true,
            },
            Change::NoArticleNeeded { reason: text() },
            Change::ReviewSaved {
                review: crate::domain::review::ReviewForm {
                    state: Some(crate::domain::review::ReviewState::Draft),
                    ..Default::default()
                }
                .check()
                .unwrap(),
            },
            Change::ProposalApplied {
                runbook: crate::domain::RunbookVersion(2),
            },
        ]
    }

    #[test]
    fn r12_the_reporter_reads_the_first_response_progress_questions_and_their_own_answers_only() {
        let kinds = every_kind();
        let mut seen: Vec<&str> = kinds.iter().map(Change::kind).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), kinds.len(), "one entry per kind");
        let public: Vec<&str> = kinds
            .iter()
            .filter(|change| Audience::of(change).reaches_reporter())
            .map(Change::kind)
            .collect();
        assert_eq!(
            public,
            [
                "first_response",
                "progress_update",
                "waiting_on_reporter",
                "reporter_confirmed",
                "reporter_not_fixed",
                "survey_answered"
            ]
        );
        for change in &kinds {
            assert_eq!(
                change.by_reporter(),
                (change.kind().starts_with("reporter_") && change.kind() != "reporter_replied")
                    || change.kind() == "survey_answered",
                "{}",
                change.kind()
            );
        }
        for internal in [
            "note",
            "item_checked",
            "action_planned",
            "expert_added",
            "escalation_requested",
        ] {
            let change = kinds.iter().find(|c| c.kind() == internal).unwrap();
            assert_eq!(Audience::of(change), Audience::Desk, "{internal}");
        }
    }
}
