//! The evaluation interface's JSON: what `firstline sla evaluate` reads on
//! standard input and `POST /api/sla/evaluate` takes, and what both answer.
//!
//! ```json
//! {"policy": null, "now": "2026-11-26T10:45:00Z",
//!  "events": [{"at": "2026-11-26T10:00:00Z", "kind": "registered", "priority": "P0"},
//!             {"at": "2026-11-26T10:20:00Z", "kind": "first_response"}]}
//! ```
//!
//! `policy: null` means the default policy. The answer is an
//! [`Evaluation`]: one entry per clock (a reopened ticket keeps its earlier
//! clocks), and when the ticket was escalated.

use super::calendar::Timelines;
use super::engine::{Evaluation, Policies, SlaEvent, evaluate_in};
use super::policy::{PolicyError, SlaPolicy};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A request to evaluate a ticket's clocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationRequest {
    /// The policy; `null` for the default. A `policy_applied` event in the
    /// list cannot name another one here and is ignored.
    #[serde(default)]
    pub policy: Option<SlaPolicy>,
    pub events: Vec<SlaEvent>,
    pub now: DateTime<Utc>,
}

/// The answer: every clock, and the escalation time.
pub type EvaluationResponse = Evaluation;

/// The most events one request may hold. A ticket's log holds tens of SLA
/// events, rarely hundreds; more is not a ticket, and would only cost the
/// server time.
pub const MAX_EVENTS: usize = 1_000;

/// Why a request cannot be evaluated.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EvaluationError {
    #[error("events: at most {MAX_EVENTS} events may be evaluated at once, not {0}")]
    TooManyEvents(usize),
    #[error(transparent)]
    Policy(#[from] PolicyError),
}

impl EvaluationRequest {
    /// Checks the request and evaluates.
    pub fn evaluate(&self) -> Result<EvaluationResponse, EvaluationError> {
        self.evaluate_counted().map(|(evaluation, _)| evaluation)
    }

    /// As [`EvaluationRequest::evaluate`], with how many calendar dates the
    /// evaluation worked out (each at most once, however many clocks walk it).
    pub fn evaluate_counted(&self) -> Result<(EvaluationResponse, usize), EvaluationError> {
        if self.events.len() > MAX_EVENTS {
            return Err(EvaluationError::TooManyEvents(self.events.len()));
        }
        let default = SlaPolicy::default();
        let policy = self.policy.as_ref().unwrap_or(&default);
        policy.validate()?;
        let policies = Policies::single(policy);
        let mut timelines = Timelines::default();
        let evaluation = evaluate_in(&mut timelines, &policies, &self.events, self.now);
        Ok((evaluation, timelines.dates_worked_out()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Priority;
    use crate::domain::sla::calendar::{BusinessCalendar, Hours, Week};
    use crate::domain::sla::engine::SlaEventKind;
    use chrono::{NaiveTime, TimeDelta};

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    /// A ticket answered and then updated every minute, waiting on the
    /// reporter now and then: many clocks, many pauses.
    fn busy_ticket(updates: usize) -> Vec<SlaEvent> {
        let start = at("2026-11-02T08:00:00Z");
        let mut events = vec![
            SlaEvent {
                at: start,
                kind: SlaEventKind::Registered {
                    priority: Priority::P0,
                },
            },
            SlaEvent {
                at: start + TimeDelta::minutes(1),
                kind: SlaEventKind::FirstResponse,
            },
        ];
        for i in 0..updates as i64 {
            let kind = match i % 4 {
                1 => SlaEventKind::WaitingOnReporter,
                2 => SlaEventKind::ReporterReplied,
                _ => SlaEventKind::ProgressUpdate,
            };
            events.push(SlaEvent {
                at: start + TimeDelta::minutes(2 + i),
                kind,
            });
        }
        events
    }

    /// One working hour on Mondays, the least a calendar may have, and
    /// targets of 30 days: every clock looks years ahead for its time.
    fn sparse_policy() -> SlaPolicy {
        let hour = Some(Hours {
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        });
        let calendar = BusinessCalendar {
            time_zone: "Asia/Shanghai".into(),
            week: Week {
                mon: hour,
                ..Week::default()
            },
            holidays: vec![],
        };
        let month = super::super::MAX_TARGET_MINUTES;
        SlaPolicy {
            response_minutes: [month; 4],
            update_minutes: [month; 2],
            workaround_minutes: month,
            escalation_minutes: month,
            calendars: [
                Some(calendar.clone()),
                Some(calendar.clone()),
                Some(calendar.clone()),
                Some(calendar),
            ],
            ..SlaPolicy::default()
        }
    }

    #[test]
    fn every_calendar_date_is_worked_out_once_however_many_clocks_walk_it() {
        let request = EvaluationRequest {
            policy: Some(sparse_policy()),
            events: busy_ticket(MAX_EVENTS - 2),
            now: at("2026-11-30T08:00:00Z"),
        };
        let (evaluation, dates) = request.evaluate_counted().unwrap();
        assert!(evaluation.clocks.len() > 400, "{}", evaluation.clocks.len());
        // Hundreds of clocks, each looking as far as the horizon (about
        // three years ahead): the dates are worked out once, not per clock.
        assert!(dates < 3 * 366 + 2 * 64, "{dates} dates worked out");
    }

    #[test]
    fn a_request_with_more_events_than_a_ticket_holds_is_refused() {
        let request = EvaluationRequest {
            policy: None,
            events: busy_ticket(MAX_EVENTS),
            now: at("2026-11-30T08:00:00Z"),
        };
        assert_eq!(
            request.evaluate(),
            Err(EvaluationError::TooManyEvents(MAX_EVENTS + 2))
        );
    }
}
