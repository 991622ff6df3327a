//! A training run's simulated clock (issue: training mode).
//!
//! A run plays its scenario at 1×, 10× or 60× real time, and may be paused.
//! Everything that reads "now" for the run (the SLA engine, the scheduler's
//! warnings, breaches and escalation, the injects and the browser's
//! countdowns) reads [`RunClock::now`], so a two-hour P0 at 60× takes two
//! real minutes and every clock of it behaves as it would at 1×.
//!
//! The clock is plain data: where it was last set, in real and in scenario
//! time, its speed, and whether it stands. The server keeps it with the run,
//! so that it survives a restart; the browser receives it with the run and
//! counts from it, as it counts from the server's offset for a real desk.

use super::super::validation::{Field, FieldError, Reason};
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How many times faster than real time a run plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub enum Speed {
    /// Real time.
    X1,
    X10,
    X60,
}

impl Speed {
    /// Every speed a run may play at, slowest first.
    pub const ALL: [Speed; 3] = [Speed::X1, Speed::X10, Speed::X60];

    /// Scenario seconds per real second.
    pub const fn rate(self) -> i32 {
        match self {
            Speed::X1 => 1,
            Speed::X10 => 10,
            Speed::X60 => 60,
        }
    }

    /// Reads a speed as the API and forms give it: `1`, `10` or `60`.
    pub fn parse(text: &str) -> Result<Speed, FieldError> {
        text.trim()
            .trim_end_matches(['x', '×'])
            .parse::<u32>()
            .ok()
            .and_then(|n| Speed::try_from(n).ok())
            .ok_or(FieldError::new(Field::Speed, Reason::NotAChoice))
    }
}

impl TryFrom<u32> for Speed {
    type Error = FieldError;

    fn try_from(rate: u32) -> Result<Self, Self::Error> {
        Speed::ALL
            .into_iter()
            .find(|speed| speed.rate().unsigned_abs() == rate)
            .ok_or(FieldError::new(Field::Speed, Reason::NotAChoice))
    }
}

impl From<Speed> for u32 {
    fn from(speed: Speed) -> u32 {
        speed.rate().unsigned_abs()
    }
}

impl fmt::Display for Speed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}×", self.rate())
    }
}

/// A run's clock: scenario time runs at [`Speed`] times real time from the
/// moment it was last set, and stands still while paused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunClock {
    /// Real time when the clock was last started, resumed or sped up.
    pub set_at: DateTime<Utc>,
    /// Scenario time at that moment.
    pub scenario_at: DateTime<Utc>,
    pub speed: Speed,
    pub paused: bool,
}

impl RunClock {
    /// A clock that starts running at `speed`, at real time `now`, showing
    /// scenario time `start`.
    pub fn start(now: DateTime<Utc>, start: DateTime<Utc>, speed: Speed) -> Self {
        Self {
            set_at: now,
            scenario_at: start,
            speed,
            paused: false,
        }
    }

    /// Scenario time at real time `real`. Milliseconds are kept, as every
    /// store keeps them.
    pub fn now(&self, real: DateTime<Utc>) -> DateTime<Utc> {
        if self.paused {
            return self.scenario_at;
        }
        let elapsed = (real - self.set_at).num_milliseconds();
        self.scenario_at + TimeDelta::milliseconds(elapsed * i64::from(self.speed.rate()))
    }

    /// Real time at which the scenario reaches `scenario`: when the
    /// scheduler wakes for a due time or an inject. `None` while paused,
    /// since then nothing comes due. A time already passed gives a real time
    /// in the past.
    pub fn real_time_of(&self, scenario: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.paused {
            return None;
        }
        let ahead = (scenario - self.scenario_at).num_milliseconds();
        // Rounded up, so that waking at the real time finds it reached.
        let rate = i64::from(self.speed.rate());
        Some(self.set_at + TimeDelta::milliseconds((ahead + rate - 1).div_euclid(rate)))
    }

    /// Stops scenario time at real time `real`. Pausing a paused clock
    /// changes nothing.
    pub fn pause(&mut self, real: DateTime<Utc>) {
        if !self.paused {
            *self = Self {
                paused: true,
                ..self.rebased(real)
            };
        }
    }

    /// Lets scenario time run again from real time `real`.
    pub fn resume(&mut self, real: DateTime<Utc>) {
        if self.paused {
            self.set_at = real;
            self.paused = false;
        }
    }

    /// Plays on at `speed` from real time `real`, keeping scenario time.
    pub fn set_speed(&mut self, real: DateTime<Utc>, speed: Speed) {
        *self = Self {
            speed,
            ..self.rebased(real)
        };
    }

    /// The same clock, set at real time `real`.
    fn rebased(&self, real: DateTime<Utc>) -> Self {
        Self {
            set_at: if self.paused { self.set_at } else { real },
            scenario_at: self.now(real),
            ..*self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Priority;
    use crate::domain::sla::engine::{Policies, SlaEvent, SlaEventKind, evaluate};
    use crate::domain::{SlaPolicy, Stage};

    fn at(minutes: i64) -> DateTime<Utc> {
        "2026-11-30T09:00:00Z".parse::<DateTime<Utc>>().unwrap() + TimeDelta::minutes(minutes)
    }

    #[test]
    fn speeds_read_as_the_api_gives_them_and_nothing_else() {
        assert_eq!(Speed::parse("60"), Ok(Speed::X60));
        assert_eq!(Speed::parse("10x"), Ok(Speed::X10));
        assert_eq!(Speed::parse(" 1 "), Ok(Speed::X1));
        for bad in ["0", "2", "600", "-1", "fast", ""] {
            assert_eq!(
                Speed::parse(bad),
                Err(FieldError::new(Field::Speed, Reason::NotAChoice)),
                "{bad}"
            );
        }
        assert_eq!(serde_json::to_string(&Speed::X10).unwrap(), "10");
        assert!(serde_json::from_str::<Speed>("30").is_err());
    }

    #[test]
    fn scenario_time_runs_at_the_speed_and_stands_while_paused() {
        let mut clock = RunClock::start(at(0), at(0), Speed::X60);
        // One real minute is an hour of the scenario.
        assert_eq!(clock.now(at(1)), at(60));
        clock.pause(at(1));
        assert_eq!(clock.now(at(30)), at(60));
        assert_eq!(clock.real_time_of(at(90)), None);
        clock.resume(at(30));
        assert_eq!(clock.now(at(31)), at(120));
        clock.set_speed(at(31), Speed::X1);
        assert_eq!(clock.now(at(41)), at(130));
        // The scheduler wakes when the scenario reaches a time.
        assert_eq!(clock.real_time_of(at(140)), Some(at(51)));
    }

    #[test]
    fn the_scheduler_never_wakes_before_the_scenario_time_it_waits_for() {
        let clock = RunClock::start(at(0), at(0), Speed::X60);
        let due = at(0) + TimeDelta::milliseconds(61);
        let wake = clock.real_time_of(due).unwrap();
        assert!(clock.now(wake) >= due);
        assert!(clock.now(wake - TimeDelta::milliseconds(1)) < due);
    }

    /// R02, R03 under training: the same work, stamped by a run's clock at
    /// 60× (with a pause), and by real time at 1×, gives the SLA engine the
    /// same events and so the same clocks at every scenario time.
    #[test]
    fn r02_r03_the_sla_engine_at_60x_gives_the_states_of_1x_at_the_same_scenario_time() {
        let policy = SlaPolicy::default();
        let policies = Policies::single(&policy);
        // What the trainee does, in scenario minutes from the start.
        let work = [
            (
                0,
                SlaEventKind::Registered {
                    priority: Priority::P0,
                },
            ),
            (
                12,
                SlaEventKind::StageChanged {
                    stage: Stage::FirstDiagnosis,
                },
            ),
            (
                20,
                SlaEventKind::StageChanged {
                    stage: Stage::DeepTroubleshooting,
                },
            ),
            (95, SlaEventKind::WorkaroundApplied),
        ];
        // At 1× the scenario minute is the real minute. At 60× the trainee
        // acts at the real second that shows the same scenario minute,
        // and pauses for ten real minutes after scenario minute 30.
        let initial = RunClock::start(at(0), at(0), Speed::X60);
        let mut fast = initial;
        let real_second = |minute: i64| {
            let seconds = if minute <= 30 { minute } else { minute + 600 };
            at(0) + TimeDelta::seconds(seconds)
        };
        let mut fast_events = Vec::new();
        let mut paused = false;
        for (minute, kind) in &work {
            if *minute > 30 && !paused {
                fast.pause(at(0) + TimeDelta::seconds(30));
                fast.resume(at(0) + TimeDelta::seconds(630));
                paused = true;
            }
            fast_events.push(SlaEvent {
                at: fast.now(real_second(*minute)),
                kind: kind.clone(),
            });
        }
        let slow_events: Vec<SlaEvent> = work
            .iter()
            .map(|(minute, kind)| SlaEvent {
                at: at(*minute),
                kind: kind.clone(),
            })
            .collect();
        assert_eq!(fast_events, slow_events);
        // The clock as it was set at each real time: before the pause, or
        // since it resumed.
        let scenario_now = |minute: i64| {
            let real = real_second(minute);
            if minute <= 30 {
                initial.now(real)
            } else {
                fast.now(real)
            }
        };
        for minute in [0, 5, 24, 29, 30, 31, 59, 61, 100, 121, 200] {
            assert_eq!(scenario_now(minute), at(minute));
            assert_eq!(
                evaluate(&policies, &fast_events, scenario_now(minute)),
                evaluate(&policies, &slow_events, at(minute)),
                "scenario minute {minute}"
            );
        }
        // And the states do move: the response clock breaches at 30 min.
        let late = evaluate(&policies, &fast_events, scenario_now(31));
        assert!(late.clocks.iter().any(|c| c.breached_at.is_some()));
    }
}
