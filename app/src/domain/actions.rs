//! What an agent does to a ticket after intake: answer the reporter, wait
//! for them, move the ticket on, find the cause, work around or resolve the
//! fault, reopen or close it. Each action becomes one entry of the operation
//! log, or is refused with a reason.

use super::event::Change;
use super::ids::PolicyVersion;
use super::stage::Stage;
use super::ticket::Ticket;
use super::validation::{Field, FieldErrors, TextRule};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An action on a ticket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TicketAction {
    /// The first answer to the reporter.
    FirstResponse { message: String },
    /// Progress told to the reporter, with an expected time (R12, R17).
    ProgressUpdate {
        message: String,
        #[serde(default)]
        eta: Option<DateTime<Utc>>,
    },
    /// Wait for the reporter (the workaround and update clocks pause).
    WaitOnReporter { note: String },
    /// The reporter answered.
    ReporterReplied { note: String },
    /// Move the ticket to another stage before verification.
    MoveTo { stage: Stage },
    /// The cause is known (R11).
    RootCauseFound { summary: String },
    /// A workaround restored the service (R12).
    WorkaroundApplied { description: String },
    /// The fault is fixed; the ticket goes to verification (R16).
    Resolve { summary: String },
    /// The reporter says it is not fixed: back to handling (R17).
    Reopen { reason: String },
    /// Verified: close the ticket.
    Close,
    /// Put the ticket under another SLA policy version (leads).
    ApplyPolicy { policy_version: PolicyVersion },
}

/// An action with the ticket version it was made against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRequest {
    pub version: i64,
    #[serde(flatten)]
    pub action: TicketAction,
}

/// Why an action was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum Refusal {
    /// Fields were rejected.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// Nothing but reopening is done to a closed ticket.
    #[error("the ticket is closed")]
    Closed,
    /// The action does not fit the ticket's stage.
    #[error("not possible in stage {stage}")]
    WrongStage { stage: Stage },
    /// Already waiting on the reporter.
    #[error("already waiting on the reporter")]
    AlreadyWaiting,
    /// Not waiting on the reporter.
    #[error("not waiting on the reporter")]
    NotWaiting,
}

/// Texts of actions: a line to two thousand characters.
const TEXT: TextRule = TextRule {
    field: Field::Note,
    min: 2,
    max: 2000,
    multiline: true,
};

/// The stages a ticket moves between freely before verification.
const WORKING: [Stage; 5] = [
    Stage::Intake,
    Stage::FirstDiagnosis,
    Stage::SelfHelp,
    Stage::DeepTroubleshooting,
    Stage::Handling,
];

fn text(raw: &str) -> Result<String, Refusal> {
    TEXT.check(raw)
        .map_err(|e| Refusal::Invalid(FieldErrors::from(e)))
}

impl Ticket {
    /// The entry an action adds to the log and the ticket after it, or why
    /// the action is refused.
    pub fn act(&self, action: &TicketAction) -> Result<(Change, Ticket), Refusal> {
        use TicketAction::*;
        let mut next = self.clone();
        next.version += 1;
        let working = WORKING.contains(&self.stage);
        let wrong_stage = || Refusal::WrongStage { stage: self.stage };
        if !self.stage.is_open() && !matches!(action, Reopen { .. }) {
            return Err(Refusal::Closed);
        }
        let change = match action {
            FirstResponse { message } => Change::FirstResponse {
                message: text(message)?,
            },
            ProgressUpdate { message, eta } => Change::ProgressUpdate {
                message: text(message)?,
                eta: *eta,
            },
            WaitOnReporter { note } => {
                if self.waiting_on_reporter {
                    return Err(Refusal::AlreadyWaiting);
                }
                next.waiting_on_reporter = true;
                Change::WaitingOnReporter { note: text(note)? }
            }
            ReporterReplied { note } => {
                if !self.waiting_on_reporter {
                    return Err(Refusal::NotWaiting);
                }
                next.waiting_on_reporter = false;
                Change::ReporterReplied { note: text(note)? }
            }
            MoveTo { stage } => {
                if !working || !WORKING.contains(stage) || *stage == self.stage {
                    return Err(wrong_stage());
                }
                next.stage = *stage;
                Change::StageChanged {
                    from: self.stage,
                    to: *stage,
                }
            }
            RootCauseFound { summary } => Change::RootCauseFound {
                summary: text(summary)?,
            },
            WorkaroundApplied { description } => Change::WorkaroundApplied {
                description: text(description)?,
            },
            Resolve { summary } => {
                if !working {
                    return Err(wrong_stage());
                }
                next.stage = Stage::Verification;
                next.waiting_on_reporter = false;
                Change::Resolved {
                    summary: text(summary)?,
                }
            }
            Reopen { reason } => {
                if !matches!(self.stage, Stage::Verification | Stage::Closed) {
                    return Err(wrong_stage());
                }
                next.stage = Stage::Handling;
                Change::Reopened {
                    reason: text(reason)?,
                }
            }
            Close => {
                if self.stage != Stage::Verification {
                    return Err(wrong_stage());
                }
                next.stage = Stage::Closed;
                next.waiting_on_reporter = false;
                Change::Closed
            }
            ApplyPolicy { policy_version } => {
                next.policy_version = *policy_version;
                Change::PolicyApplied {
                    version: *policy_version,
                }
            }
        };
        Ok((change, next))
    }
}

impl TicketAction {
    /// The stable name of the action, as sent.
    pub const fn name(&self) -> &'static str {
        match self {
            TicketAction::FirstResponse { .. } => "first_response",
            TicketAction::ProgressUpdate { .. } => "progress_update",
            TicketAction::WaitOnReporter { .. } => "wait_on_reporter",
            TicketAction::ReporterReplied { .. } => "reporter_replied",
            TicketAction::MoveTo { .. } => "move_to",
            TicketAction::RootCauseFound { .. } => "root_cause_found",
            TicketAction::WorkaroundApplied { .. } => "workaround_applied",
            TicketAction::Resolve { .. } => "resolve",
            TicketAction::Reopen { .. } => "reopen",
            TicketAction::Close => "close",
            TicketAction::ApplyPolicy { .. } => "apply_policy",
        }
    }
}

impl fmt::Display for TicketAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reclassify::tests::p2_ticket;

    fn act(ticket: &Ticket, action: TicketAction) -> Result<Ticket, Refusal> {
        ticket.act(&action).map(|(_, next)| next)
    }

    #[test]
    fn r16_resolving_moves_to_verification_and_closing_needs_it() {
        let ticket = p2_ticket();
        assert_eq!(
            act(&ticket, TicketAction::Close),
            Err(Refusal::WrongStage {
                stage: Stage::Intake
            })
        );
        let resolved = act(
            &ticket,
            TicketAction::Resolve {
                summary: "Cache cleared".into(),
            },
        )
        .unwrap();
        assert_eq!(resolved.stage, Stage::Verification);
        let closed = act(&resolved, TicketAction::Close).unwrap();
        assert_eq!(closed.stage, Stage::Closed);
        assert_eq!(
            act(
                &closed,
                TicketAction::FirstResponse {
                    message: "hello".into()
                }
            ),
            Err(Refusal::Closed)
        );
    }

    #[test]
    fn r17_not_fixed_reopens_to_handling() {
        let resolved = act(
            &p2_ticket(),
            TicketAction::Resolve {
                summary: "Restarted".into(),
            },
        )
        .unwrap();
        let reopened = act(
            &resolved,
            TicketAction::Reopen {
                reason: "Still broken".into(),
            },
        )
        .unwrap();
        assert_eq!(reopened.stage, Stage::Handling);
        assert_eq!(
            act(
                &reopened,
                TicketAction::Reopen {
                    reason: "again".into()
                }
            ),
            Err(Refusal::WrongStage {
                stage: Stage::Handling
            })
        );
    }

    #[test]
    fn waiting_on_the_reporter_is_entered_and_left_once() {
        let ticket = p2_ticket();
        let waiting = act(
            &ticket,
            TicketAction::WaitOnReporter {
                note: "Asked for a screenshot".into(),
            },
        )
        .unwrap();
        assert!(waiting.waiting_on_reporter);
        assert_eq!(
            act(
                &waiting,
                TicketAction::WaitOnReporter {
                    note: "again".into()
                }
            ),
            Err(Refusal::AlreadyWaiting)
        );
        let back = act(
            &waiting,
            TicketAction::ReporterReplied {
                note: "Sent it".into(),
            },
        )
        .unwrap();
        assert!(!back.waiting_on_reporter);
        assert_eq!(
            act(&back, TicketAction::ReporterReplied { note: "x y".into() }),
            Err(Refusal::NotWaiting)
        );
    }

    #[test]
    fn every_action_is_one_version_and_texts_are_checked() {
        let ticket = p2_ticket();
        let (change, next) = ticket
            .act(&TicketAction::MoveTo {
                stage: Stage::DeepTroubleshooting,
            })
            .unwrap();
        assert_eq!(next.version, ticket.version + 1);
        assert_eq!(
            change,
            Change::StageChanged {
                from: Stage::Intake,
                to: Stage::DeepTroubleshooting
            }
        );
        assert!(matches!(
            act(
                &ticket,
                TicketAction::FirstResponse {
                    message: " ".into()
                }
            ),
            Err(Refusal::Invalid(_))
        ));
        assert_eq!(
            act(
                &ticket,
                TicketAction::MoveTo {
                    stage: Stage::Closed
                }
            ),
            Err(Refusal::WrongStage {
                stage: Stage::Intake
            })
        );
    }

    #[test]
    fn actions_read_from_json_by_name() {
        let request: ActionRequest =
            serde_json::from_str(r#"{"version": 3, "action": "progress_update", "message": "Rolling back", "eta": "2026-11-26T12:00:00Z"}"#)
                .unwrap();
        assert_eq!(request.version, 3);
        assert_eq!(request.action.name(), "progress_update");
    }
}
