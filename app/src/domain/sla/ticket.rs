//! A ticket's clocks: its operation log read as SLA events, and the
//! snapshot of its clocks the desk keeps for ordering the queue and for the
//! scheduler.

use super::engine::{ClockName, ClockState, Evaluation, SlaEvent, SlaEventKind};
use crate::domain::event::{Change, TicketEvent};
use crate::domain::ticket::Ticket;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The SLA events in a ticket's log. Registration counts from the time the
/// fault was reported, not the time it was typed in.
pub fn sla_events(ticket: &Ticket, log: &[TicketEvent]) -> Vec<SlaEvent> {
    log.iter()
        .filter_map(|event| {
            let (at, kind) = match &event.change {
                Change::Registered { priority, .. } => (
                    ticket.intake.reported_at.at(),
                    SlaEventKind::Registered {
                        priority: *priority,
                    },
                ),
                Change::Reclassified { priority, .. } => (
                    event.at,
                    SlaEventKind::PriorityChanged {
                        priority: *priority,
                    },
                ),
                Change::FirstResponse { .. } => (event.at, SlaEventKind::FirstResponse),
                Change::ProgressUpdate { .. } => (event.at, SlaEventKind::ProgressUpdate),
                Change::WaitingOnReporter { .. } => (event.at, SlaEventKind::WaitingOnReporter),
                Change::ReporterReplied { .. } => (event.at, SlaEventKind::ReporterReplied),
                Change::StageChanged { to, .. } => {
                    (event.at, SlaEventKind::StageChanged { stage: *to })
                }
                Change::RootCauseFound { .. } => (event.at, SlaEventKind::RootCauseFound),
                Change::WorkaroundApplied { .. } => (event.at, SlaEventKind::WorkaroundApplied),
                Change::Resolved { .. } => (event.at, SlaEventKind::Resolved),
                Change::Reopened { .. } | Change::ReporterNotFixed { .. } => {
                    (event.at, SlaEventKind::Reopened)
                }
                Change::Closed => (event.at, SlaEventKind::Closed),
                Change::PolicyApplied { version } => {
                    (event.at, SlaEventKind::PolicyApplied { version: *version })
                }
                Change::EscalationRequested { .. } => (event.at, SlaEventKind::EscalationRequested),
                Change::ClockWarned { .. }
                | Change::ClockBreached { .. }
                | Change::Escalated { .. }
                | Change::ItemChecked { .. }
                | Change::ItemUnchecked { .. }
                | Change::Note { .. }
                | Change::GatePassed { .. }
                | Change::ReporterConfirmed
                | Change::SurveyAnswered { .. }
                | Change::ActionPlanned { .. }
                | Change::ActionDone { .. }
                | Change::ExpertAdded { .. }
                | Change::ExpertRemoved { .. }
                | Change::ArticleLinked { .. }
                | Change::NoArticleNeeded { .. }
                | Change::ReviewSaved { .. }
                | Change::ProposalApplied { .. } => return None,
            };
            Some(SlaEvent { at, kind })
        })
        .collect()
}

/// What the desk keeps of a ticket's clocks between changes: the clock due
/// soonest, when the next warning or breach falls, and the escalation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaSnapshot {
    /// The live clock due soonest, if any clock is live.
    pub next: Option<NextClock>,
    /// The earliest coming warning or breach of a live clock: the scheduler
    /// looks at the ticket again then.
    pub check_at: Option<DateTime<Utc>>,
    /// When the ticket was escalated to a lead (R11).
    pub escalated_at: Option<DateTime<Utc>>,
}

/// The clock a ticket is most urgently measured by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextClock {
    pub name: ClockName,
    pub due_at: DateTime<Utc>,
    pub warning_at: Option<DateTime<Utc>>,
    /// Stopped while waiting on the reporter: the countdown stands still.
    pub paused: bool,
    /// Seconds left when the snapshot was taken (what a paused clock shows).
    pub remaining_seconds: i64,
}

/// How urgent a ticket's nearest clock is at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Breached,
    Warning,
    Ok,
}

impl SlaSnapshot {
    /// The snapshot after every crossing up to `now` has been recorded: the
    /// scheduler looks again at the next coming one.
    pub fn after_recording(evaluation: &Evaluation, now: DateTime<Utc>) -> Self {
        let next = evaluation.next_due().and_then(|clock| {
            Some(NextClock {
                name: clock.name,
                due_at: clock.due_at?,
                warning_at: clock.warning_at,
                paused: clock.state == ClockState::Paused,
                remaining_seconds: clock.remaining_seconds?,
            })
        });
        let check_at = evaluation
            .live()
            .filter(|c| c.state != ClockState::Paused)
            .flat_map(|c| {
                let warn = c.warned_at.is_none().then_some(c.warning_at).flatten();
                let breach = c.breached_at.is_none().then_some(c.due_at).flatten();
                [warn, breach]
            })
            .flatten()
            .filter(|&at| at > now)
            .min();
        Self {
            next,
            check_at,
            escalated_at: evaluation.escalated_at,
        }
    }

    /// The snapshot after a change: if any clock has crossed a threshold,
    /// the scheduler looks at once, to record what it has not recorded yet.
    pub fn after_change(evaluation: &Evaluation, now: DateTime<Utc>) -> Self {
        let mut snapshot = Self::after_recording(evaluation, now);
        if !crossings(evaluation).is_empty() {
            snapshot.check_at = Some(now);
        }
        snapshot
    }

    /// How urgent the ticket is at `now` (paused clocks do not run out).
    pub fn standing(&self, now: DateTime<Utc>) -> Standing {
        self.next
            .as_ref()
            .map_or(Standing::Ok, |next| next.standing(now))
    }
}

impl NextClock {
    /// How urgent the clock is at `now` (a paused clock does not run out).
    pub fn standing(&self, now: DateTime<Utc>) -> Standing {
        if self.paused {
            Standing::Ok
        } else if now >= self.due_at {
            Standing::Breached
        } else if self.warning_at.is_some_and(|w| now >= w) {
            Standing::Warning
        } else {
            Standing::Ok
        }
    }
}

/// A warning, breach or escalation found by an evaluation, to be recorded
/// once in the ticket's log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crossing {
    pub clock: ClockName,
    pub cycle: u32,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub kind: CrossingKind,
    /// When it happened.
    pub at: DateTime<Utc>,
}

/// What a clock crossed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CrossingKind {
    Warned,
    Breached,
}

impl CrossingKind {
    /// The stable name, as stored with the record that keeps it to once.
    pub const fn as_str(self) -> &'static str {
        match self {
            CrossingKind::Warned => "warned",
            CrossingKind::Breached => "breached",
        }
    }
}

impl Crossing {
    /// The entry that records this crossing in the ticket's log.
    pub fn change(&self) -> Change {
        match (self.kind, self.clock) {
            (CrossingKind::Breached, ClockName::Escalation) => Change::Escalated {
                started_at: self.started_at,
            },
            (CrossingKind::Breached, clock) => Change::ClockBreached {
                clock,
                cycle: self.cycle,
                started_at: self.started_at,
                due_at: self.due_at,
            },
            (CrossingKind::Warned, clock) => Change::ClockWarned {
                clock,
                cycle: self.cycle,
                started_at: self.started_at,
                due_at: self.due_at,
            },
        }
    }
}

/// Every warning and breach an evaluation has seen happen, oldest first.
/// The caller records each once (the store keeps a key per crossing).
pub fn crossings(evaluation: &Evaluation) -> Vec<Crossing> {
    let mut found: Vec<Crossing> = evaluation
        .clocks
        .iter()
        .flat_map(|c| {
            let due_at = c.due_at;
            [
                (CrossingKind::Warned, c.warned_at),
                (CrossingKind::Breached, c.breached_at),
            ]
            .into_iter()
            .filter_map(move |(kind, at)| {
                Some(Crossing {
                    clock: c.name,
                    cycle: c.cycle,
                    started_at: c.started_at,
                    due_at: due_at?,
                    kind,
                    at: at?,
                })
            })
        })
        .collect();
    found.sort_by_key(|c| c.at);
    found
}
