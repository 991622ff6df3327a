//! What a review reads from the operation log rather than asks of the team
//! (R19): the timeline of the milestones, the time spent in each stage (the
//! bottlenecks), the time to restore service and to close, the SLA outcome
//! of every clock, the impact as registered, and the reporter's rating.

use crate::domain::event::{Change, TicketEvent};
use crate::domain::priority::{Impact, Priority, Urgency};
use crate::domain::reporter::Rating;
use crate::domain::sla::{Clock, ClockName, ClockState};
use crate::domain::stage::Stage;
use crate::domain::workflow::Gate;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A milestone of the ticket's way through the procedure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "milestone", rename_all = "snake_case")]
pub enum Milestone {
    Registered { priority: Priority },
    Reclassified { priority: Priority },
    StageEntered { stage: Stage },
    Escalated,
    ExpertAdded { login: String },
    RootCause,
    Workaround,
    Fixed,
    GatePassed { gate: Gate },
    Reopened,
    Closed,
}

/// A milestone, when it was reached and by whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub milestone: Milestone,
}

/// The time a ticket spent in one stage, over every visit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageTime {
    pub stage: Stage,
    pub seconds: i64,
}

/// How one clock ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockOutcome {
    pub name: ClockName,
    pub cycle: u32,
    /// Breached if it ever ran out, even if it was met later.
    pub state: ClockState,
}

/// Everything a review draft holds before anyone writes a word.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFacts {
    pub timeline: Vec<Moment>,
    /// In the order of the procedure; closed and archived are not counted.
    pub stage_times: Vec<StageTime>,
    /// The impact, urgency and priority the ticket was registered with.
    pub registered: Option<(Impact, Urgency, Priority)>,
    /// From registration to the first workaround or fix.
    pub restored_after: Option<i64>,
    /// From registration to the last closing.
    pub closed_after: Option<i64>,
    pub clocks: Vec<ClockOutcome>,
    /// The reporter's latest rating (R18).
    pub rating: Option<Rating>,
}

impl ReviewFacts {
    /// Reads the facts from a ticket's log (oldest first) and its clocks as
    /// evaluated. A ticket still open counts its current stage up to `now`.
    pub fn read(log: &[TicketEvent], clocks: &[Clock], now: DateTime<Utc>) -> Self {
        let mut facts = ReviewFacts::default();
        let mut spent: Vec<(Stage, i64)> = Vec::new();
        let mut current: Option<(Stage, DateTime<Utc>)> = None;
        let mut registered_at = None;
        let mut enter = |stage: Stage, at: DateTime<Utc>, current: &mut Option<(Stage, _)>| {
            if let Some((was, since)) = current.replace((stage, at)) {
                add(&mut spent, was, (at - since).num_seconds());
            }
        };
        for event in log {
            let milestone = match &event.change {
                Change::Registered {
                    impact,
                    urgency,
                    priority,
                    ..
                } => {
                    facts.registered = Some((*impact, *urgency, *priority));
                    registered_at = Some(event.at);
                    enter(Stage::Intake, event.at, &mut current);
                    Milestone::Registered {
                        priority: *priority,
                    }
                }
                Change::Reclassified { priority, .. } => Milestone::Reclassified {
                    priority: *priority,
                },
                Change::StageChanged { to, .. } => {
                    enter(*to, event.at, &mut current);
                    Milestone::StageEntered { stage: *to }
                }
                Change::Escalated { .. } | Change::EscalationRequested { .. } => {
                    Milestone::Escalated
                }
                Change::ExpertAdded { login, .. } => Milestone::ExpertAdded {
                    login: login.clone(),
                },
                Change::RootCauseFound { .. } => Milestone::RootCause,
                Change::WorkaroundApplied { .. } => {
                    facts
                        .restored_after
                        .get_or_insert(since(registered_at, event.at));
                    Milestone::Workaround
                }
                Change::Resolved { .. } => {
                    facts
                        .restored_after
                        .get_or_insert(since(registered_at, event.at));
                    Milestone::Fixed
                }
                Change::GatePassed { gate, .. } => Milestone::GatePassed { gate: *gate },
                Change::ReporterConfirmed => Milestone::GatePassed {
                    gate: Gate::Reporter,
                },
                Change::Reopened { .. } | Change::ReporterNotFixed { .. } => {
                    enter(Stage::Handling, event.at, &mut current);
                    Milestone::Reopened
                }
                Change::Closed => {
                    enter(Stage::Closed, event.at, &mut current);
                    facts.closed_after = Some(since(registered_at, event.at));
                    Milestone::Closed
                }
                Change::SurveyAnswered { rating, .. } => {
                    facts.rating = Some(*rating);
                    continue;
                }
                _ => continue,
            };
            facts.timeline.push(Moment {
                at: event.at,
                actor: event.actor.clone(),
                milestone,
            });
        }
        if let Some((stage, since)) = current {
            add(&mut spent, stage, (now - since).num_seconds().max(0));
        }
        spent.retain(|(stage, _)| !matches!(stage, Stage::Closed | Stage::Archived));
        spent.sort_by_key(|(stage, _)| *stage);
        facts.stage_times = spent
            .into_iter()
            .map(|(stage, seconds)| StageTime { stage, seconds })
            .collect();
        facts.clocks = clocks
            .iter()
            .map(|clock| ClockOutcome {
                name: clock.name,
                cycle: clock.cycle,
                state: if clock.breached_at.is_some() {
                    ClockState::Breached
                } else {
                    clock.state
                },
            })
            .collect();
        facts
    }

    /// The stage that took longest: the bottleneck.
    pub fn slowest_stage(&self) -> Option<Stage> {
        self.stage_times
            .iter()
            .max_by_key(|s| s.seconds)
            .map(|s| s.stage)
    }
}

fn add(spent: &mut Vec<(Stage, i64)>, stage: Stage, seconds: i64) {
    match spent.iter_mut().find(|(s, _)| *s == stage) {
        Some((_, total)) => *total += seconds,
        None => spent.push((stage, seconds)),
    }
}

fn since(start: Option<DateTime<Utc>>, at: DateTime<Utc>) -> i64 {
    start.map_or(0, |start| (at - start).num_seconds())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::PolicyVersion;
    use crate::domain::intake::Channel;
    use chrono::{Duration, TimeZone};

    fn at(minutes: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap() + Duration::minutes(minutes)
    }

    fn log(entries: Vec<(i64, Change)>) -> Vec<TicketEvent> {
        entries
            .into_iter()
            .enumerate()
            .map(|(i, (minutes, change))| TicketEvent {
                id: i as i64 + 1,
                version: i as i64 + 1,
                at: at(minutes),
                actor: "li.wei".into(),
                change,
            })
            .collect()
    }

    fn moved(from: Stage, to: Stage) -> Change {
        Change::StageChanged { from, to }
    }

    fn p1_log() -> Vec<TicketEvent> {
        log(vec![
            (
                0,
                Change::Registered {
                    channel: Channel::Phone,
                    impact: Impact::Group,
                    urgency: Urgency::Critical,
                    priority: Priority::P1,
                    urgent: false,
                    policy_version: PolicyVersion(1),
                    response_due_at: at(120),
                    runbook: Default::default(),
                },
            ),
            (10, moved(Stage::Intake, Stage::FirstDiagnosis)),
            (20, moved(Stage::FirstDiagnosis, Stage::DeepTroubleshooting)),
            (80, Change::Escalated { started_at: at(20) }),
            (
                85,
                Change::ExpertAdded {
                    login: "zhang.min".into(),
                    role: "database".into(),
                },
            ),
            (
                90,
                Change::RootCauseFound {
                    summary: "pool".into(),
                },
            ),
            (95, moved(Stage::DeepTroubleshooting, Stage::Handling)),
            (
                100,
                Change::WorkaroundApplied {
                    description: "restart".into(),
                },
            ),
            (110, moved(Stage::Handling, Stage::Verification)),
            (
                120,
                Change::Reopened {
                    reason: "again".into(),
                },
            ),
            (
                140,
                Change::Resolved {
                    summary: "bigger pool".into(),
                },
            ),
            (150, moved(Stage::Handling, Stage::Verification)),
            (170, Change::Closed),
            (
                175,
                Change::SurveyAnswered {
                    round: 1,
                    rating: Rating::Satisfied,
                    comment: String::new(),
                },
            ),
        ])
    }

    #[test]
    fn r19_the_timeline_holds_each_milestone_in_order() {
        let facts = ReviewFacts::read(&p1_log(), &[], at(200));
        let milestones: Vec<_> = facts.timeline.iter().map(|m| m.milestone.clone()).collect();
        assert_eq!(
            milestones,
            vec![
                Milestone::Registered {
                    priority: Priority::P1
                },
                Milestone::StageEntered {
                    stage: Stage::FirstDiagnosis
                },
                Milestone::StageEntered {
                    stage: Stage::DeepTroubleshooting
                },
                Milestone::Escalated,
                Milestone::ExpertAdded {
                    login: "zhang.min".into()
                },
                Milestone::RootCause,
                Milestone::StageEntered {
                    stage: Stage::Handling
                },
                Milestone::Workaround,
                Milestone::StageEntered {
                    stage: Stage::Verification
                },
                Milestone::Reopened,
                Milestone::Fixed,
                Milestone::StageEntered {
                    stage: Stage::Verification
                },
                Milestone::Closed,
            ]
        );
        assert_eq!(facts.timeline[3].at, at(80));
    }

    #[test]
    fn r19_time_in_each_stage_adds_every_visit_and_stops_at_closing() {
        let facts = ReviewFacts::read(&p1_log(), &[], at(600));
        let minutes: Vec<_> = facts
            .stage_times
            .iter()
            .map(|s| (s.stage, s.seconds / 60))
            .collect();
        assert_eq!(
            minutes,
            vec![
                (Stage::Intake, 10),
                (Stage::FirstDiagnosis, 10),
                (Stage::DeepTroubleshooting, 75),
                // 95–110, then 120–150 after the reopening.
                (Stage::Handling, 45),
                // 110–120, then 150–170.
                (Stage::Verification, 30),
            ]
        );
        assert_eq!(facts.slowest_stage(), Some(Stage::DeepTroubleshooting));
        assert_eq!(facts.restored_after, Some(100 * 60));
        assert_eq!(facts.closed_after, Some(170 * 60));
        assert_eq!(facts.rating, Some(Rating::Satisfied));
        assert_eq!(
            facts.registered,
            Some((Impact::Group, Urgency::Critical, Priority::P1))
        );
    }

    #[test]
    fn r19_an_open_ticket_counts_its_stage_up_to_now() {
        let mut entries = p1_log();
        entries.truncate(3);
        let facts = ReviewFacts::read(&entries, &[], at(50));
        assert_eq!(facts.stage_times.last().unwrap().seconds, 30 * 60);
        assert_eq!(facts.closed_after, None);
        assert_eq!(facts.restored_after, None);
    }

    #[test]
    fn r19_a_clock_that_ever_ran_out_counts_as_breached() {
        let clock = |name, state, breached| Clock {
            name,
            state,
            cycle: 0,
            started_at: at(0),
            due_at: Some(at(30)),
            warning_at: None,
            warned_at: None,
            met_at: Some(at(40)),
            breached_at: breached,
            cancelled_at: None,
            remaining_seconds: None,
        };
        let clocks = [
            clock(ClockName::Response, ClockState::Met, Some(at(30))),
            clock(ClockName::Workaround, ClockState::Met, None),
        ];
        let facts = ReviewFacts::read(&p1_log(), &clocks, at(200));
        let states: Vec<_> = facts.clocks.iter().map(|c| (c.name, c.state)).collect();
        assert_eq!(
            states,
            vec![
                (ClockName::Response, ClockState::Breached),
                (ClockName::Workaround, ClockState::Met),
            ]
        );
    }
}
