//! The SLA engine: one pure function from a ticket's SLA events, its
//! policy and the current time to the state of every clock.
//!
//! | Clock | Applies to | Starts | Met when |
//! |---|---|---|---|
//! | response | all | registration (and each reopening) | first response |
//! | workaround | P0, P1 | registration | workaround applied, or resolved |
//! | update | P0, P1, first response to resolution | first response, then each progress update | the next progress update |
//! | escalation | all | entering deep troubleshooting | root cause found |
//!
//! Waiting on the reporter pauses the workaround and update clocks; the
//! others keep running. A priority change or a newly applied policy
//! re-derives every running clock's target from its original start, but a
//! clock never breaches before the change that made it overdue.

use super::calendar::{Pause, Timelines};
use super::policy::SlaPolicy;
use crate::domain::ids::PolicyVersion;
use crate::domain::priority::{Priority, named_enum};
use crate::domain::stage::Stage;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

named_enum! {
    /// The four SLA clocks.
    ClockName {
        /// First response to the reporter (R03).
        Response => "response",
        /// A workaround for a major incident (R12).
        Workaround => "workaround",
        /// Progress updates to the reporter of a major incident (R17).
        Update => "update",
        /// A root cause, before a lead is called in (R11).
        Escalation => "escalation",
    }
}

named_enum! {
    /// Where a clock stands.
    ClockState {
        Running => "running",
        /// Stopped while waiting on the reporter.
        Paused => "paused",
        /// Past the policy's warning threshold.
        Warning => "warning",
        Met => "met",
        Breached => "breached",
        /// No longer applies (a downgrade, or the ticket closed).
        Cancelled => "cancelled",
    }
}

impl ClockName {
    /// Whether waiting on the reporter stops this clock.
    const fn pauses(self) -> bool {
        matches!(self, ClockName::Workaround | ClockName::Update)
    }
}

/// Something that happened to a ticket that matters to its clocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SlaEventKind {
    Registered {
        priority: Priority,
    },
    FirstResponse,
    ProgressUpdate,
    WaitingOnReporter,
    ReporterReplied,
    PriorityChanged {
        priority: Priority,
    },
    StageChanged {
        stage: Stage,
    },
    RootCauseFound,
    WorkaroundApplied,
    Resolved,
    Reopened,
    Closed,
    /// A lead applied another policy version to the ticket.
    PolicyApplied {
        version: PolicyVersion,
    },
    /// An agent called a lead in before the escalation clock ran out (R11).
    EscalationRequested,
}

/// An SLA event and when it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaEvent {
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub kind: SlaEventKind,
}

/// One clock's state at the time of evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    pub name: ClockName,
    pub state: ClockState,
    /// Which round of the ticket the clock belongs to: 0, then one more per reopening.
    pub cycle: u32,
    pub started_at: DateTime<Utc>,
    /// When the target runs out under the current priority and policy;
    /// `None` when the calendar has no working time ahead.
    pub due_at: Option<DateTime<Utc>>,
    /// When the clock passes the warning threshold.
    pub warning_at: Option<DateTime<Utc>>,
    /// When it first passed the threshold (not after it was met or stopped).
    pub warned_at: Option<DateTime<Utc>>,
    pub met_at: Option<DateTime<Utc>>,
    pub breached_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Until the due time; negative once breached; `None` once stopped.
    pub remaining_seconds: Option<i64>,
}

/// Every clock of a ticket, and when it was escalated to a lead (R11).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub clocks: Vec<Clock>,
    pub escalated_at: Option<DateTime<Utc>>,
}

impl Evaluation {
    /// The running (or paused, warning or breached-but-running) clocks, the
    /// nearest due first.
    pub fn live(&self) -> impl Iterator<Item = &Clock> {
        self.clocks.iter().filter(|c| c.remaining_seconds.is_some())
    }

    /// The live clock that is due soonest.
    pub fn next_due(&self) -> Option<&Clock> {
        self.live()
            .filter(|c| c.due_at.is_some())
            .min_by_key(|c| c.due_at)
    }

    /// The latest live clock of a name.
    pub fn current(&self, name: ClockName) -> Option<&Clock> {
        self.clocks.iter().rev().find(|c| c.name == name)
    }
}

/// The policies a ticket may be judged under: the one it was registered
/// with, and the versions a lead later applied.
pub struct Policies<'a> {
    pub initial: &'a SlaPolicy,
    pub versions: BTreeMap<PolicyVersion, &'a SlaPolicy>,
}

impl<'a> Policies<'a> {
    /// Just one policy for the whole history.
    pub fn single(policy: &'a SlaPolicy) -> Self {
        Self {
            initial: policy,
            versions: BTreeMap::from([(policy.version, policy)]),
        }
    }
}

/// A stretch of a clock's life under one priority and policy.
#[derive(Clone, Copy)]
struct Segment<'a> {
    from: DateTime<Utc>,
    priority: Priority,
    policy: &'a SlaPolicy,
}

/// A clock while the events are read.
struct Instance<'a> {
    name: ClockName,
    cycle: u32,
    start: DateTime<Utc>,
    segments: Vec<Segment<'a>>,
    met_at: Option<DateTime<Utc>>,
    cancelled_at: Option<DateTime<Utc>>,
}

impl Instance<'_> {
    fn running(&self) -> bool {
        self.met_at.is_none() && self.cancelled_at.is_none()
    }
}

/// The state of the ticket while its events are read.
struct Reading<'a> {
    policies: &'a Policies<'a>,
    policy: &'a SlaPolicy,
    priority: Priority,
    registered_at: DateTime<Utc>,
    cycle: u32,
    responded: bool,
    /// When the reporter was last told of progress (first response or update).
    last_update: Option<DateTime<Utc>>,
    resolved: bool,
    closed: bool,
    waiting_since: Option<DateTime<Utc>>,
    pauses: Vec<Pause>,
    instances: Vec<Instance<'a>>,
    /// When an agent last called a lead in by hand.
    requested_escalation: Option<DateTime<Utc>>,
}

impl<'a> Reading<'a> {
    fn open(&mut self, name: ClockName, start: DateTime<Utc>) {
        let segment = Segment {
            from: start,
            priority: self.priority,
            policy: self.policy,
        };
        self.instances.push(Instance {
            name,
            cycle: self.cycle,
            start,
            segments: vec![segment],
            met_at: None,
            cancelled_at: None,
        });
    }

    fn running(&mut self, name: ClockName) -> Option<&mut Instance<'a>> {
        self.instances
            .iter_mut()
            .rev()
            .find(|i| i.name == name && i.running())
    }

    fn meet(&mut self, name: ClockName, at: DateTime<Utc>) {
        if let Some(instance) = self.running(name) {
            instance.met_at = Some(at);
        }
    }

    fn cancel(&mut self, name: ClockName, at: DateTime<Utc>) {
        if let Some(instance) = self.running(name) {
            instance.cancelled_at = Some(at);
        }
    }

    /// The priority or policy changed: every running clock gets a new
    /// segment; clocks that no longer apply are cancelled; clocks that now
    /// apply start from their original start.
    fn retarget(&mut self, at: DateTime<Utc>) {
        if self.closed {
            // A closed ticket has no clocks to retarget or start.
            return;
        }
        let segment = Segment {
            from: at,
            priority: self.priority,
            policy: self.policy,
        };
        for instance in self.instances.iter_mut().filter(|i| i.running()) {
            instance.segments.push(segment);
        }
        if self.priority.is_major() {
            let first_round = self.cycle == 0;
            if first_round && !self.resolved && !self.has(ClockName::Workaround) {
                self.open_from(ClockName::Workaround, self.registered_at, at);
            }
            if let (true, false, None, Some(since)) = (
                self.responded,
                self.resolved,
                self.running_ref(ClockName::Update),
                self.last_update,
            ) {
                self.open_from(ClockName::Update, since, at);
            }
        } else {
            self.cancel(ClockName::Workaround, at);
            self.cancel(ClockName::Update, at);
        }
    }

    /// Opens a clock that starts in the past but applies only from `from`:
    /// it cannot have breached before it applied.
    fn open_from(&mut self, name: ClockName, start: DateTime<Utc>, from: DateTime<Utc>) {
        self.open(name, start);
        if let Some(instance) = self.instances.last_mut() {
            instance.segments[0].from = from;
        }
    }

    fn has(&self, name: ClockName) -> bool {
        self.instances
            .iter()
            .any(|i| i.name == name && i.cycle == self.cycle && i.cancelled_at.is_none())
    }

    fn running_ref(&self, name: ClockName) -> Option<&Instance<'a>> {
        self.instances
            .iter()
            .rev()
            .find(|i| i.name == name && i.running())
    }

    fn read(&mut self, event: &SlaEvent) {
        use SlaEventKind::*;
        let at = event.at;
        match &event.kind {
            Registered { .. } => {}
            FirstResponse | ProgressUpdate => {
                self.meet(ClockName::Response, at);
                self.responded = true;
                self.last_update = Some(at);
                if self.priority.is_major() && !self.resolved {
                    self.meet(ClockName::Update, at);
                    self.open(ClockName::Update, at);
                }
            }
            WaitingOnReporter => {
                self.waiting_since.get_or_insert(at);
            }
            ReporterReplied => self.resume(at),
            PriorityChanged { priority } => {
                if *priority != self.priority {
                    self.priority = *priority;
                    self.retarget(at);
                }
            }
            PolicyApplied { version } => {
                if let Some(policy) = self.policies.versions.get(version) {
                    self.policy = policy;
                    self.retarget(at);
                }
            }
            StageChanged { stage } => {
                if *stage == Stage::DeepTroubleshooting && !self.has(ClockName::Escalation) {
                    self.open(ClockName::Escalation, at);
                }
            }
            RootCauseFound => self.meet(ClockName::Escalation, at),
            EscalationRequested => self.requested_escalation = Some(at),
            WorkaroundApplied => self.meet(ClockName::Workaround, at),
            Resolved => {
                for name in ClockName::ALL {
                    self.meet(*name, at);
                }
                self.resume(at);
                self.resolved = true;
            }
            Reopened => {
                self.resume(at);
                for name in ClockName::ALL {
                    self.cancel(*name, at);
                }
                self.cycle += 1;
                self.resolved = false;
                self.closed = false;
                self.open(ClockName::Response, at);
                if self.priority.is_major() {
                    self.last_update = Some(at);
                    self.open(ClockName::Update, at);
                }
            }
            Closed => {
                self.resume(at);
                for name in ClockName::ALL {
                    self.cancel(*name, at);
                }
                self.closed = true;
            }
        }
    }

    fn resume(&mut self, at: DateTime<Utc>) {
        if let Some(since) = self.waiting_since.take() {
            self.pauses.push((since, at));
        }
    }
}

/// The target of a clock under a priority and policy.
fn target(name: ClockName, priority: Priority, policy: &SlaPolicy) -> Option<TimeDelta> {
    match name {
        ClockName::Response => Some(policy.response_target(priority)),
        ClockName::Workaround => priority.is_major().then(|| policy.workaround_target()),
        ClockName::Update => policy.update_target(priority),
        ClockName::Escalation => Some(policy.escalation_target()),
    }
}

/// The first instant a clock passed `fraction` of its target, segment by
/// segment: within a segment, the instant the segment's target says; if
/// that lies before the segment began, the segment's start.
fn crossing<'a>(
    instance: &Instance<'a>,
    pauses: &[Pause],
    percent: Option<u8>,
    timelines: &mut Timelines<'a>,
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let mut first = None;
    let mut last = None;
    for (i, segment) in instance.segments.iter().enumerate() {
        let Some(full) = target(instance.name, segment.priority, segment.policy) else {
            continue;
        };
        let budget = match percent {
            Some(p) => full * i32::from(p) / 100,
            None => full,
        };
        let at = segment.policy.counting(segment.priority).advance_in(
            timelines,
            instance.start,
            budget,
            pauses,
        );
        last = at;
        let until = instance.segments.get(i + 1).map(|next| next.from);
        if first.is_none()
            && let Some(at) = at
            && until.is_none_or(|until| at < until)
        {
            first = Some(at.max(segment.from));
        }
    }
    (first, last)
}

/// Every clock of a ticket at `now`, from its SLA events and policies.
pub fn evaluate(policies: &Policies<'_>, events: &[SlaEvent], now: DateTime<Utc>) -> Evaluation {
    evaluate_in(&mut Timelines::default(), policies, events, now)
}

/// As [`evaluate`], with the calendars' days kept in `timelines`: every
/// clock of the ticket walks the same working days, worked out once.
pub fn evaluate_in<'a>(
    timelines: &mut Timelines<'a>,
    policies: &'a Policies<'a>,
    events: &[SlaEvent],
    now: DateTime<Utc>,
) -> Evaluation {
    let mut ordered: Vec<&SlaEvent> = events.iter().filter(|e| e.at <= now).collect();
    ordered.sort_by_key(|e| e.at);
    let Some((registered_at, priority)) = ordered.iter().find_map(|e| match e.kind {
        SlaEventKind::Registered { priority } => Some((e.at, priority)),
        _ => None,
    }) else {
        return Evaluation::default();
    };
    let mut reading = Reading {
        policies,
        policy: policies.initial,
        priority,
        registered_at,
        cycle: 0,
        responded: false,
        last_update: None,
        resolved: false,
        closed: false,
        waiting_since: None,
        pauses: Vec::new(),
        instances: Vec::new(),
        requested_escalation: None,
    };
    reading.open(ClockName::Response, registered_at);
    if priority.is_major() {
        reading.open(ClockName::Workaround, registered_at);
    }
    for event in ordered.iter().filter(|e| e.at >= registered_at) {
        reading.read(event);
    }
    let mut pauses = reading.pauses.clone();
    let waiting = reading.waiting_since.is_some();
    if let Some(since) = reading.waiting_since {
        // Still waiting: as if the reporter replied now.
        pauses.push((since, now));
    }
    let clocks: Vec<Clock> = reading
        .instances
        .iter()
        .map(|i| clock(i, &pauses, waiting, now, timelines))
        .collect();
    let escalated_at = clocks
        .iter()
        .filter(|c| c.name == ClockName::Escalation)
        .filter_map(|c| c.breached_at)
        .chain(reading.requested_escalation)
        .max();
    Evaluation {
        clocks,
        escalated_at,
    }
}

/// One clock's state at `now`.
fn clock<'a>(
    instance: &Instance<'a>,
    all_pauses: &[Pause],
    waiting: bool,
    now: DateTime<Utc>,
    timelines: &mut Timelines<'a>,
) -> Clock {
    let pauses = if instance.name.pauses() {
        all_pauses
    } else {
        &[]
    };
    let warn_percent = instance
        .segments
        .last()
        .map_or(80, |s| s.policy.warn_percent);
    let (breach, due_at) = crossing(instance, pauses, None, timelines);
    let (warn, warning_at) = crossing(instance, pauses, Some(warn_percent), timelines);
    let stopped = instance.met_at.or(instance.cancelled_at);
    let horizon = stopped.unwrap_or(now).min(now);
    // A clock met or stopped exactly at its due time made it.
    let breached_at = breach.filter(|&at| at <= now && stopped.is_none_or(|end| at < end));
    let warned_at = warn.filter(|&at| at <= horizon && stopped.is_none_or(|end| at < end));
    let paused = instance.name.pauses() && stopped.is_none() && waiting;
    let state = if instance.cancelled_at.is_some() && breached_at.is_none() {
        ClockState::Cancelled
    } else if breached_at.is_some() {
        ClockState::Breached
    } else if instance.met_at.is_some() {
        ClockState::Met
    } else if paused {
        ClockState::Paused
    } else if warned_at.is_some() {
        ClockState::Warning
    } else {
        ClockState::Running
    };
    Clock {
        name: instance.name,
        state,
        cycle: instance.cycle,
        started_at: instance.start,
        due_at,
        warning_at,
        warned_at,
        met_at: instance.met_at,
        breached_at,
        cancelled_at: instance.cancelled_at,
        remaining_seconds: match stopped {
            Some(_) => None,
            None => due_at.map(|due| (due - now).num_seconds()),
        },
    }
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} #{} {}", self.name, self.cycle, self.state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(minutes: i64) -> DateTime<Utc> {
        "2026-11-26T10:00:00Z".parse::<DateTime<Utc>>().unwrap() + TimeDelta::minutes(minutes)
    }

    fn event(minutes: i64, kind: SlaEventKind) -> SlaEvent {
        SlaEvent {
            at: t(minutes),
            kind,
        }
    }

    fn run(events: &[SlaEvent], now: i64) -> Evaluation {
        evaluate(&Policies::single(&SlaPolicy::default()), events, t(now))
    }

    #[test]
    fn r03_a_policy_applied_later_retargets_from_the_start_but_breaches_no_earlier_than_it() {
        let v1 = SlaPolicy::default();
        let v2 = SlaPolicy {
            version: PolicyVersion(2),
            response_minutes: [15, 30, 60, 120],
            ..SlaPolicy::default()
        };
        let policies = Policies {
            initial: &v1,
            versions: BTreeMap::from([(v1.version, &v1), (v2.version, &v2)]),
        };
        let events = [
            event(
                0,
                SlaEventKind::Registered {
                    priority: Priority::P1,
                },
            ),
            event(
                45,
                SlaEventKind::PolicyApplied {
                    version: PolicyVersion(2),
                },
            ),
        ];
        let response = evaluate(&policies, &events, t(50)).clocks.remove(0);
        assert_eq!(
            response.due_at,
            Some(t(30)),
            "30 min under v2, from the original start"
        );
        assert_eq!(
            response.breached_at,
            Some(t(45)),
            "not before the policy was applied"
        );
        // The same ticket under v1 only was fine at that time.
        let under_v1 = evaluate(&Policies::single(&v1), &events, t(50))
            .clocks
            .remove(0);
        assert_eq!(under_v1.state, ClockState::Running);
    }

    #[test]
    fn r11_a_reopened_ticket_escalates_again_only_after_entering_deep_troubleshooting_again() {
        let events = [
            event(
                0,
                SlaEventKind::Registered {
                    priority: Priority::P2,
                },
            ),
            event(
                5,
                SlaEventKind::StageChanged {
                    stage: Stage::DeepTroubleshooting,
                },
            ),
            event(20, SlaEventKind::RootCauseFound),
            event(30, SlaEventKind::Resolved),
            event(40, SlaEventKind::Reopened),
        ];
        let before = run(&events, 200);
        assert_eq!(
            before
                .clocks
                .iter()
                .filter(|c| c.name == ClockName::Escalation)
                .count(),
            1
        );
        assert_eq!(before.escalated_at, None);
        let mut again = events.to_vec();
        again.push(event(
            50,
            SlaEventKind::StageChanged {
                stage: Stage::DeepTroubleshooting,
            },
        ));
        let after = run(&again, 200);
        let escalation = after.current(ClockName::Escalation).unwrap();
        assert_eq!((escalation.cycle, escalation.started_at), (1, t(50)));
        assert_eq!(after.escalated_at, Some(t(110)));
    }

    #[test]
    fn r11_an_escalation_requested_by_hand_counts_at_once() {
        let policy = SlaPolicy::default();
        let policies = Policies::single(&policy);
        let events = vec![
            event(
                0,
                SlaEventKind::Registered {
                    priority: Priority::P1,
                },
            ),
            event(
                10,
                SlaEventKind::StageChanged {
                    stage: Stage::DeepTroubleshooting,
                },
            ),
            event(25, SlaEventKind::EscalationRequested),
        ];
        let evaluation = evaluate(&policies, &events, t(30));
        assert_eq!(evaluation.escalated_at, Some(t(25)));
        let escalation = evaluation.current(ClockName::Escalation).unwrap();
        assert_eq!(escalation.state, ClockState::Running, "the hour still runs");
    }

    #[test]
    fn events_after_now_are_not_counted() {
        let events = [
            event(
                0,
                SlaEventKind::Registered {
                    priority: Priority::P2,
                },
            ),
            event(60, SlaEventKind::FirstResponse),
        ];
        assert_eq!(run(&events, 30).clocks[0].state, ClockState::Running);
        assert_eq!(run(&events, 90).clocks[0].state, ClockState::Met);
    }

    #[test]
    fn nothing_runs_before_registration() {
        assert_eq!(
            run(&[event(0, SlaEventKind::FirstResponse)], 10),
            Evaluation::default()
        );
    }

    #[test]
    fn the_next_due_clock_is_the_nearest_live_one() {
        let events = [event(
            0,
            SlaEventKind::Registered {
                priority: Priority::P0,
            },
        )];
        let evaluation = run(&events, 5);
        assert_eq!(
            evaluation.next_due().map(|c| c.name),
            Some(ClockName::Response)
        );
    }

    fn kind() -> impl Strategy<Value = SlaEventKind> {
        let priority = proptest::sample::select(Priority::ALL);
        prop_oneof![
            Just(SlaEventKind::FirstResponse),
            Just(SlaEventKind::ProgressUpdate),
            Just(SlaEventKind::WaitingOnReporter),
            Just(SlaEventKind::ReporterReplied),
            priority.prop_map(|priority| SlaEventKind::PriorityChanged { priority }),
            Just(SlaEventKind::StageChanged {
                stage: Stage::DeepTroubleshooting
            }),
            Just(SlaEventKind::RootCauseFound),
            Just(SlaEventKind::WorkaroundApplied),
            Just(SlaEventKind::Resolved),
            Just(SlaEventKind::Reopened),
            Just(SlaEventKind::Closed),
        ]
    }

    fn history() -> impl Strategy<Value = Vec<SlaEvent>> {
        (
            proptest::sample::select(Priority::ALL),
            proptest::collection::vec((1i64..600, kind()), 0..12),
        )
            .prop_map(|(priority, rest)| {
                let mut events = vec![event(0, SlaEventKind::Registered { priority })];
                events.extend(rest.into_iter().map(|(m, k)| event(m, k)));
                events
            })
    }

    proptest! {
        /// Waiting on the reporter never brings a due time earlier.
        #[test]
        fn r17_a_pause_never_moves_a_due_time_earlier(events in history(), from in 1i64..500, len in 1i64..200, now in 0i64..900) {
            let without = run(&events, now);
            let mut paused = events.clone();
            // Only a pause inside an otherwise pause-free history, to compare like with like.
            prop_assume!(!events.iter().any(|e| matches!(e.kind, SlaEventKind::WaitingOnReporter | SlaEventKind::ReporterReplied)));
            paused.push(event(from, SlaEventKind::WaitingOnReporter));
            paused.push(event(from + len, SlaEventKind::ReporterReplied));
            let with = run(&paused, now);
            prop_assert_eq!(without.clocks.len(), with.clocks.len());
            for (a, b) in without.clocks.iter().zip(&with.clocks) {
                if let (Some(a), Some(b)) = (a.due_at, b.due_at) {
                    prop_assert!(b >= a, "{} due {} became {}", a, a, b);
                }
            }
        }

        /// A clock met in time never breaches afterwards, and a breach
        /// never lies after the clock stopped or after now.
        #[test]
        fn a_met_clock_never_breaches_later(events in history(), now in 0i64..900, later in 0i64..900) {
            let first = run(&events, now);
            let second = run(&events, now + later);
            for (a, b) in first.clocks.iter().zip(&second.clocks) {
                if a.state == ClockState::Met {
                    prop_assert_eq!(b.state, ClockState::Met, "{} became {}", a, b);
                }
                if let Some(breach) = b.breached_at {
                    prop_assert!(breach <= t(now + later));
                    if let Some(met) = b.met_at {
                        prop_assert!(breach < met);
                    }
                }
            }
        }

        /// A live clock's remaining time is its due time minus now.
        #[test]
        fn remaining_time_counts_down_to_the_due_time(events in history(), now in 0i64..900) {
            for clock in run(&events, now).live() {
                if let Some(due) = clock.due_at {
                    prop_assert_eq!(clock.remaining_seconds, Some((due - t(now)).num_seconds()));
                }
            }
        }
    }
}
