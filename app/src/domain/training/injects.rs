//! When a scenario's injects happen (issue: training mode): each once, in
//! the order of their scenario times, and an inject that waits `unless` a
//! point of the procedure is reached is dropped for good once the run
//! reaches it first.
//!
//! The run keeps which injects are settled (fired or dropped); given that,
//! the scenario time and the run's ticket log, [`due_injects`] says what to do
//! next, so a server that restarts picks up where the last one stopped.

use super::scenario::{Milestone, Scenario};
use crate::domain::TicketEvent;
use crate::domain::event::Change;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What becomes of an inject that is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InjectOutcome {
    /// It happens now.
    Fire,
    /// The run reached what it waited for first: it never happens.
    Drop,
}

/// The points of the procedure the run's log has reached.
pub fn milestones(log: &[TicketEvent]) -> BTreeSet<Milestone> {
    log.iter()
        .filter_map(|event| match event.change {
            Change::FirstResponse { .. } => Some(Milestone::FirstResponse),
            Change::Escalated { .. } | Change::EscalationRequested { .. } => {
                Some(Milestone::Escalated)
            }
            Change::WorkaroundApplied { .. } => Some(Milestone::Workaround),
            Change::RootCauseFound { .. } => Some(Milestone::RootCause),
            Change::Resolved { .. } => Some(Milestone::Resolved),
            _ => None,
        })
        .collect()
}

/// The injects of `scenario` to settle at scenario time `now`, for a run
/// that started at `start`, whose settled injects (by index) are `settled`
/// and whose log is `log`: each with what becomes of it, in the order of
/// their times (and of the document for equal times).
pub fn due_injects(
    scenario: &Scenario,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    settled: &BTreeSet<usize>,
    log: &[TicketEvent],
) -> Vec<(usize, InjectOutcome)> {
    let reached = milestones(log);
    let mut due: Vec<(usize, u32)> = scenario
        .injects
        .iter()
        .enumerate()
        .filter(|(n, inject)| {
            !settled.contains(n) && start + TimeDelta::minutes(i64::from(inject.at_minute)) <= now
        })
        .map(|(n, inject)| (n, inject.at_minute))
        .collect();
    due.sort_by_key(|&(n, minute)| (minute, n));
    due.into_iter()
        .map(|(n, _)| {
            let outcome = match scenario.injects[n].unless {
                Some(milestone) if reached.contains(&milestone) => InjectOutcome::Drop,
                _ => InjectOutcome::Fire,
            };
            (n, outcome)
        })
        .collect()
}

/// When the next unsettled inject falls due, in scenario time: when the
/// scheduler should look again.
pub fn next_inject(
    scenario: &Scenario,
    start: DateTime<Utc>,
    settled: &BTreeSet<usize>,
) -> Option<DateTime<Utc>> {
    scenario
        .injects
        .iter()
        .enumerate()
        .filter(|(n, _)| !settled.contains(n))
        .map(|(_, inject)| start + TimeDelta::minutes(i64::from(inject.at_minute)))
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::training::shipped_scenario;

    fn at(minute: i64) -> DateTime<Utc> {
        "2026-11-30T09:00:00Z".parse::<DateTime<Utc>>().unwrap() + TimeDelta::minutes(minute)
    }

    fn entry(minute: i64, change: Change) -> TicketEvent {
        TicketEvent {
            id: minute,
            version: minute,
            at: at(minute),
            actor: "trainee".into(),
            change,
        }
    }

    /// The payment outage: the reporter calls at +20 unless a workaround,
    /// monitoring at +45, Sales reports at +50 unless a workaround.
    fn outage() -> Scenario {
        shipped_scenario("payment-outage").unwrap().clone()
    }

    #[test]
    fn injects_fire_once_each_in_the_order_of_their_times() {
        let scenario = outage();
        let mut settled = BTreeSet::new();
        assert_eq!(due_injects(&scenario, at(0), at(19), &settled, &[]), []);
        assert_eq!(next_inject(&scenario, at(0), &settled), Some(at(20)));
        // A server that was down from +10 to +60 settles all three at once,
        // in order.
        let late = due_injects(&scenario, at(0), at(60), &settled, &[]);
        assert_eq!(
            late,
            [
                (0, InjectOutcome::Fire),
                (1, InjectOutcome::Fire),
                (2, InjectOutcome::Fire)
            ]
        );
        settled.extend(late.iter().map(|(n, _)| *n));
        assert_eq!(due_injects(&scenario, at(0), at(90), &settled, &[]), []);
        assert_eq!(next_inject(&scenario, at(0), &settled), None);
    }

    #[test]
    fn an_inject_waiting_for_a_point_the_run_reached_is_dropped_for_good() {
        let scenario = outage();
        let log = [entry(
            15,
            Change::WorkaroundApplied {
                description: "Export off".into(),
            },
        )];
        let mut settled = BTreeSet::new();
        let first = due_injects(&scenario, at(0), at(20), &settled, &log);
        assert_eq!(first, [(0, InjectOutcome::Drop)]);
        settled.extend(first.iter().map(|(n, _)| *n));
        // Monitoring shows its reading whatever the trainee did; Sales no
        // longer reports.
        assert_eq!(
            due_injects(&scenario, at(0), at(50), &settled, &log),
            [(1, InjectOutcome::Fire), (2, InjectOutcome::Drop)]
        );
    }

    #[test]
    fn the_milestones_are_read_off_the_log() {
        let log = [
            entry(
                2,
                Change::FirstResponse {
                    message: "On it".into(),
                },
            ),
            entry(
                40,
                Change::EscalationRequested {
                    reason: "No cause yet".into(),
                },
            ),
        ];
        assert_eq!(
            milestones(&log),
            BTreeSet::from([Milestone::FirstResponse, Milestone::Escalated])
        );
    }
}
