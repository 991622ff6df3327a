//! The SLA policy: the R03 matrix and every clock's target, warning
//! threshold and calendar. A lead edits it; every edit is a new version.

use super::calendar::{BusinessCalendar, CalendarError, Counting};
use crate::domain::ids::PolicyVersion;
use crate::domain::priority::{Impact, Priority, PriorityMatrix, Urgency};
use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

/// The outcome of judging a fault under a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Judgement {
    pub priority: Priority,
    /// How long after the report the first response is due.
    pub response_target: TimeDelta,
    /// The policy version the judgement was made under.
    pub policy_version: PolicyVersion,
}

/// The SLA policy. Fields left out of a policy document take the manual's
/// defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SlaPolicy {
    pub version: PolicyVersion,
    pub matrix: PriorityMatrix,
    /// Minutes until the first response is due, indexed P0..P3 (R03).
    pub response_minutes: [u32; 4],
    /// Minutes until a P0/P1 needs a workaround (R12).
    pub workaround_minutes: u32,
    /// Minutes between progress updates to the reporter, P0 and P1 (R17).
    pub update_minutes: [u32; 2],
    /// Minutes of deep troubleshooting without a root cause before a lead is
    /// called in (R11).
    pub escalation_minutes: u32,
    /// How far through its target, in percent, a clock warns.
    pub warn_percent: u8,
    /// The business calendar of each priority, P0..P3; none means 24×7.
    pub calendars: [Option<BusinessCalendar>; 4],
}

impl Default for SlaPolicy {
    /// The manual's policy: respond in 30 min, 2 h, 8 h, 24 h; a workaround
    /// within 2 h; updates every 30 min (P0) and hour (P1); escalate after an
    /// hour without a root cause; warn at 80 %; around the clock.
    fn default() -> Self {
        Self {
            version: PolicyVersion(1),
            matrix: PriorityMatrix::default(),
            response_minutes: [30, 2 * 60, 8 * 60, 24 * 60],
            workaround_minutes: 2 * 60,
            update_minutes: [30, 60],
            escalation_minutes: 60,
            warn_percent: 80,
            calendars: [None, None, None, None],
        }
    }
}

/// The longest target a policy may set: thirty days.
pub const MAX_TARGET_MINUTES: u32 = 30 * 24 * 60;

/// The highest warning threshold, in percent of a target.
pub const MAX_WARN_PERCENT: u8 = 99;

/// Why a policy cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("{0}: a target lies between 1 minute and 30 days")]
    Target(&'static str),
    #[error("the warning threshold must be between 1 and 99 percent")]
    WarnPercent,
    #[error("the calendar of {0}: {1}")]
    Calendar(Priority, CalendarError),
}

impl SlaPolicy {
    /// R03 in one call: the priority of a fault and its response target.
    /// The intake preview in the browser and the server both call this.
    pub fn judge(&self, impact: Impact, urgency: Urgency) -> Judgement {
        let priority = self.matrix.priority(impact, urgency);
        Judgement {
            priority,
            response_target: self.response_target(priority),
            policy_version: self.version,
        }
    }

    /// How long after the report a ticket of this priority must get its first response.
    pub fn response_target(&self, priority: Priority) -> TimeDelta {
        minutes(self.response_minutes[priority as usize])
    }

    /// The workaround target (P0/P1 only).
    pub fn workaround_target(&self) -> TimeDelta {
        minutes(self.workaround_minutes)
    }

    /// The time between progress updates for a major incident.
    pub fn update_target(&self, priority: Priority) -> Option<TimeDelta> {
        match priority {
            Priority::P0 => Some(minutes(self.update_minutes[0])),
            Priority::P1 => Some(minutes(self.update_minutes[1])),
            Priority::P2 | Priority::P3 => None,
        }
    }

    /// The escalation target (R11).
    pub fn escalation_target(&self) -> TimeDelta {
        minutes(self.escalation_minutes)
    }

    /// The time zones its calendars name.
    pub fn zone_names(&self) -> impl Iterator<Item = &str> {
        self.calendars
            .iter()
            .flatten()
            .map(|c| c.time_zone.as_str())
    }

    /// How a priority's clocks count time.
    pub fn counting(&self, priority: Priority) -> Counting<'_> {
        match &self.calendars[priority as usize] {
            Some(calendar) => Counting::Calendar(calendar),
            None => Counting::AlwaysOn,
        }
    }

    /// Checks that every target is positive, the threshold sensible and the
    /// calendars readable.
    pub fn validate(&self) -> Result<(), PolicyError> {
        const NAMES: [&str; 8] = [
            "response_minutes.P0",
            "response_minutes.P1",
            "response_minutes.P2",
            "response_minutes.P3",
            "update_minutes.P0",
            "update_minutes.P1",
            "workaround_minutes",
            "escalation_minutes",
        ];
        let targets = self
            .response_minutes
            .iter()
            .chain(&self.update_minutes)
            .chain([&self.workaround_minutes, &self.escalation_minutes]);
        if let Some((target, _)) = NAMES
            .into_iter()
            .zip(targets)
            .find(|&(_, &m)| m == 0 || m > MAX_TARGET_MINUTES)
        {
            return Err(PolicyError::Target(target));
        }
        if !(1..=MAX_WARN_PERCENT).contains(&self.warn_percent) {
            return Err(PolicyError::WarnPercent);
        }
        for (priority, calendar) in Priority::ALL.iter().zip(&self.calendars) {
            if let Some(calendar) = calendar {
                calendar
                    .validate()
                    .map_err(|e| PolicyError::Calendar(*priority, e))?;
            }
        }
        Ok(())
    }
}

fn minutes(m: u32) -> TimeDelta {
    TimeDelta::minutes(i64::from(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r12_r17_r11_default_targets_follow_the_manual() {
        let policy = SlaPolicy::default();
        assert_eq!(policy.workaround_target(), TimeDelta::hours(2));
        assert_eq!(
            policy.update_target(Priority::P0),
            Some(TimeDelta::minutes(30))
        );
        assert_eq!(
            policy.update_target(Priority::P1),
            Some(TimeDelta::hours(1))
        );
        assert_eq!(policy.update_target(Priority::P2), None);
        assert_eq!(policy.escalation_target(), TimeDelta::hours(1));
        assert_eq!(policy.warn_percent, 80);
        assert_eq!(policy.validate(), Ok(()));
    }

    #[test]
    fn a_partial_policy_document_takes_the_defaults_for_the_rest() {
        let policy: SlaPolicy =
            serde_json::from_str(r#"{"response_minutes": [15, 60, 240, 480]}"#).unwrap();
        assert_eq!(policy.response_target(Priority::P0), TimeDelta::minutes(15));
        assert_eq!(policy.workaround_target(), TimeDelta::hours(2));
    }

    #[test]
    fn nonsense_policies_are_refused() {
        let zero = SlaPolicy {
            escalation_minutes: 0,
            ..SlaPolicy::default()
        };
        assert_eq!(
            zero.validate(),
            Err(PolicyError::Target("escalation_minutes"))
        );
        let long = SlaPolicy {
            response_minutes: [30, 120, 480, MAX_TARGET_MINUTES + 1],
            ..SlaPolicy::default()
        };
        assert_eq!(
            long.validate(),
            Err(PolicyError::Target("response_minutes.P3"))
        );
        let warn = SlaPolicy {
            warn_percent: 100,
            ..SlaPolicy::default()
        };
        assert_eq!(warn.validate(), Err(PolicyError::WarnPercent));
    }
}
