//! The workflow: which stage a ticket may move to next, and what it still
//! needs first (R04–R17).
//!
//! Everything a guard looks at is folded from the operation log into a
//! [`Progress`]: the checklist ticks, the cause, the workaround and the fix,
//! the verification gates, the planned actions and the swarm. The browser
//! folds the same log with the same code, so a button is enabled exactly
//! when the server would accept the move.

use super::event::{Change, TicketEvent};
use super::knowledge::ArticleNumber;
use super::priority::named_enum;
use super::review::{Review, ReviewState};
use super::runbook::{Runbook, RunbookVersion};
use super::stage::Stage;
use super::ticket::Ticket;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

named_enum! {
    /// The three verification gates, passed in this order (R16).
    Gate {
        /// The fix works in the test environment.
        Test => "test",
        /// The fix works in production.
        Production => "production",
        /// The reporter confirms the fault is gone.
        Reporter => "reporter",
    }
}

impl Gate {
    /// The gate that must be passed before this one.
    pub const fn after(self) -> Option<Gate> {
        match self {
            Gate::Test => None,
            Gate::Production => Some(Gate::Test),
            Gate::Reporter => Some(Gate::Production),
        }
    }
}

/// Who did something, and when (by the server's clock).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub by: String,
    pub at: DateTime<Utc>,
    /// The reporter did it themselves, from their status page.
    #[serde(default)]
    pub reporter: bool,
}

/// A ticked checklist item, with the answer if it was a question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tick {
    pub stamp: Stamp,
    pub answer: Option<String>,
}

/// An action planned under R14: what, who, when, and what if it goes wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedAction {
    /// 1, 2, 3… within the ticket.
    pub no: u32,
    pub description: String,
    /// The owner's login.
    pub owner: String,
    pub planned_at: DateTime<Utc>,
    pub risk_plan: String,
    pub planned: Stamp,
    /// When it was marked done, and by whom.
    pub done: Option<Stamp>,
}

/// An expert called into the ticket's swarm (R11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expert {
    /// The expert's login.
    pub login: String,
    /// What they bring: backend, ops, database…
    pub role: String,
    pub added: Stamp,
}

/// What the log says of a ticket's way through the procedure.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The runbook version the ticket was registered under.
    pub runbook: RunbookVersion,
    /// Ticked checklist items, by item id.
    pub ticks: BTreeMap<String, Tick>,
    pub root_cause: Option<String>,
    pub workaround: Option<String>,
    /// The fix of the current round; a reopening clears it.
    pub fix: Option<String>,
    /// The gates passed in the current round, in order.
    pub gates: Vec<(Gate, Stamp)>,
    pub actions: Vec<PlannedAction>,
    pub swarm: Vec<Expert>,
    /// When the ticket was escalated to a lead (R11).
    pub escalated_at: Option<DateTime<Utc>>,
    /// The knowledge articles it was linked to or drafted (R19).
    #[serde(default)]
    pub articles: Vec<ArticleNumber>,
    /// Why no knowledge article is needed, if someone said so (R19).
    #[serde(default)]
    pub no_article: Option<String>,
    /// The post-incident review as last saved (R19).
    #[serde(default)]
    pub review: Option<Review>,
    /// The runbook version that applied the review's proposal, once a lead
    /// applied it.
    #[serde(default)]
    pub proposal_applied: Option<RunbookVersion>,
}

impl Progress {
    /// Folds a ticket's log, oldest first.
    pub fn from_log(log: &[TicketEvent]) -> Self {
        let mut progress = Progress::default();
        for event in log {
            progress.read(event);
        }
        progress
    }

    /// Takes one more entry of the log into account.
    pub fn read(&mut self, event: &TicketEvent) {
        let stamp = || Stamp {
            by: event.actor.clone(),
            at: event.at,
            reporter: event.change.by_reporter(),
        };
        match &event.change {
            Change::Registered { runbook, .. } => self.runbook = *runbook,
            Change::ItemChecked { item, answer } => {
                self.ticks.insert(
                    item.clone(),
                    Tick {
                        stamp: stamp(),
                        answer: answer.clone(),
                    },
                );
            }
            Change::ItemUnchecked { item } => {
                self.ticks.remove(item);
            }
            Change::RootCauseFound { summary } => self.root_cause = Some(summary.clone()),
            Change::WorkaroundApplied { description } => {
                self.workaround = Some(description.clone());
            }
            Change::Resolved { summary } => self.fix = Some(summary.clone()),
            Change::GatePassed { gate, .. } => self.gates.push((*gate, stamp())),
            Change::ReporterConfirmed => self.gates.push((Gate::Reporter, stamp())),
            // Not fixed (R17): what was in place did not hold, so the next
            // round needs its own workaround or fix, and its own gates.
            Change::Reopened { .. } | Change::ReporterNotFixed { .. } => {
                self.workaround = None;
                self.fix = None;
                self.gates.clear();
            }
            Change::ActionPlanned {
                no,
                description,
                owner,
                planned_at,
                risk_plan,
            } => self.actions.push(PlannedAction {
                no: *no,
                description: description.clone(),
                owner: owner.clone(),
                planned_at: *planned_at,
                risk_plan: risk_plan.clone(),
                planned: stamp(),
                done: None,
            }),
            Change::ActionDone { no } => {
                if let Some(action) = self.actions.iter_mut().find(|a| a.no == *no) {
                    action.done = Some(stamp());
                }
            }
            Change::ExpertAdded { login, role } => self.swarm.push(Expert {
                login: login.clone(),
                role: role.clone(),
                added: stamp(),
            }),
            Change::ExpertRemoved { login } => self.swarm.retain(|e| e.login != *login),
            Change::Escalated { .. } | Change::EscalationRequested { .. } => {
                self.escalated_at.get_or_insert(event.at);
            }
            Change::ArticleLinked { article, .. } => self.articles.push(*article),
            Change::NoArticleNeeded { reason } => self.no_article = Some(reason.clone()),
            Change::ReviewSaved { review } => self.review = Some(review.clone()),
            Change::ProposalApplied { runbook } => self.proposal_applied = Some(*runbook),
            _ => {}
        }
    }

    /// Whether the post-incident review has been signed off (R19).
    pub fn review_done(&self) -> bool {
        self.review
            .as_ref()
            .is_some_and(|r| r.state == ReviewState::Done)
    }

    /// Whether a gate has been passed in the current round.
    pub fn passed(&self, gate: Gate) -> bool {
        self.gates.iter().any(|(g, _)| *g == gate)
    }

    /// The required items of a stage's checklist not yet done.
    pub fn missing_items(&self, runbook: &Runbook, stage: Stage) -> Vec<String> {
        runbook
            .items(stage)
            .filter(|item| item.required && !self.ticks.contains_key(&item.id))
            .map(|item| item.id.clone())
            .collect()
    }

    /// The number the next planned action gets.
    pub fn next_action_no(&self) -> u32 {
        self.actions.iter().map(|a| a.no).max().unwrap_or(0) + 1
    }
}

/// Something a move still needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "needs", rename_all = "snake_case")]
pub enum Requirement {
    /// These required checklist items of the current stage are not done.
    Items { items: Vec<String> },
    /// P0 and P1 skip self-help and go straight to deep troubleshooting (R07).
    MajorSkipsSelfHelp,
    /// P2 and P3 try self-help before deep troubleshooting (R06, R07).
    SelfHelpFirst,
    /// A P0 or P1 leaves handling with a workaround or a fix (R12).
    WorkaroundOrFix,
    /// The fix must be recorded first (R13: P2 and P3 are fixed directly).
    Fix,
    /// This verification gate is not passed yet (R16).
    Gate { gate: Gate },
    /// Archiving needs a knowledge article, drafted or linked, or a stated
    /// reason why none is needed (R19).
    Knowledge,
    /// A P0 or P1 is archived once its post-incident review is done (R19).
    Review,
}

impl Requirement {
    /// Whether the procedure rules the move out for this ticket's priority,
    /// so that no work on it can meet the requirement (R06, R07). Such a
    /// move is not offered.
    pub fn rules_out(&self) -> bool {
        matches!(
            self,
            Requirement::MajorSkipsSelfHelp | Requirement::SelfHelpFirst
        )
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::Items { items } => {
                write!(f, "checklist items not done: {}", items.join(", "))
            }
            Requirement::MajorSkipsSelfHelp => {
                f.write_str("P0 and P1 go straight to deep troubleshooting (R07)")
            }
            Requirement::SelfHelpFirst => {
                f.write_str("P2 and P3 try self-help checks first (R06, R07)")
            }
            Requirement::WorkaroundOrFix => {
                f.write_str("a P0 or P1 needs a workaround or a fix first (R12)")
            }
            Requirement::Fix => f.write_str("the fix is not recorded yet (R13)"),
            Requirement::Gate { gate } => write!(f, "the {gate} gate is not passed (R16)"),
            Requirement::Knowledge => f.write_str(
                "a knowledge article, drafted or linked, or a reason why none is needed (R19)",
            ),
            Requirement::Review => {
                f.write_str("a P0 or P1 needs its post-incident review done (R19)")
            }
        }
    }
}

/// The stages the workflow leads to from `stage`, in the order a stepper
/// offers them. Reopening (from verification or closed, R17) is an action
/// of its own, with the reporter's reason.
pub const fn next_stages(stage: Stage) -> &'static [Stage] {
    match stage {
        Stage::Intake => &[Stage::FirstDiagnosis],
        Stage::FirstDiagnosis => &[Stage::SelfHelp, Stage::DeepTroubleshooting],
        Stage::SelfHelp => &[Stage::DeepTroubleshooting, Stage::Verification],
        Stage::DeepTroubleshooting => &[Stage::Handling],
        Stage::Handling => &[Stage::Verification, Stage::DeepTroubleshooting],
        Stage::Verification => &[Stage::Closed],
        Stage::Closed => &[Stage::Archived],
        Stage::Archived => &[],
    }
}

/// The moves the procedure offers this ticket now, each with what it still
/// needs (empty when it may be made at once). A move its priority rules out
/// is left out (R07): a P0 in first diagnosis is never offered self-help.
pub fn offered_moves(
    ticket: &Ticket,
    progress: &Progress,
    runbook: &Runbook,
) -> Vec<(Stage, Vec<Requirement>)> {
    next_stages(ticket.stage)
        .iter()
        .filter_map(|&to| Some((to, requirements(ticket, progress, runbook, to)?)))
        .filter(|(_, needs)| !needs.iter().any(Requirement::rules_out))
        .collect()
}

/// What a move from the ticket's stage to `to` still needs; empty when it
/// may go. `None` when the workflow has no such step at all.
pub fn requirements(
    ticket: &Ticket,
    progress: &Progress,
    runbook: &Runbook,
    to: Stage,
) -> Option<Vec<Requirement>> {
    let from = ticket.stage;
    if !next_stages(from).contains(&to) {
        return None;
    }
    let major = ticket.priority.is_major();
    let mut needs = Vec::new();
    // Going forward needs the current stage's checklist done. Stepping back
    // from handling to troubleshooting does not, and neither does a fault
    // that self-help solved before every check was tried.
    // A ticket raised to P0/P1 while in self-help goes on at once (R07).
    let solved_by_self_help = (from, to) == (Stage::SelfHelp, Stage::Verification);
    let major_leaves_self_help = from == Stage::SelfHelp && major;
    if to > from && !solved_by_self_help && !major_leaves_self_help {
        let items = progress.missing_items(runbook, from);
        if !items.is_empty() {
            needs.push(Requirement::Items { items });
        }
    }
    match (from, to) {
        (Stage::FirstDiagnosis, Stage::SelfHelp) if major => {
            needs.push(Requirement::MajorSkipsSelfHelp);
        }
        (Stage::FirstDiagnosis, Stage::DeepTroubleshooting) if !major => {
            needs.push(Requirement::SelfHelpFirst);
        }
        (Stage::SelfHelp, Stage::Verification) if progress.fix.is_none() => {
            needs.push(Requirement::Fix);
        }
        (Stage::Handling, Stage::Verification) => {
            let done = if major {
                progress.workaround.is_some() || progress.fix.is_some()
            } else {
                progress.fix.is_some()
            };
            if !done {
                needs.push(if major {
                    Requirement::WorkaroundOrFix
                } else {
                    Requirement::Fix
                });
            }
        }
        (Stage::Closed, Stage::Archived) => {
            if progress.articles.is_empty() && progress.no_article.is_none() {
                needs.push(Requirement::Knowledge);
            }
            if major && !progress.review_done() {
                needs.push(Requirement::Review);
            }
        }
        (Stage::Verification, Stage::Closed) => {
            needs.extend(
                Gate::ALL
                    .iter()
                    .filter(|g| !progress.passed(**g))
                    .map(|&gate| Requirement::Gate { gate }),
            );
        }
        _ => {}
    }
    Some(needs)
}
