//! R03: priority from impact scope × urgency, and the response target that
//! follows from it.
//!
//! The matrix and the targets are policy, not code ([`SlaPolicy`](super::sla::SlaPolicy)):
//! a lead may edit them, and every change is a new version. Tickets keep the
//! version they were judged under.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares a fieldless enum whose variants have stable snake_case names,
/// used in forms, the JSON API and the database.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $text)] $variant),+ }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable name used in forms, the API and the database.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Reads a stable name back.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use named_enum;

named_enum! {
    /// How far the fault reaches (影响范围), the first dimension of R03.
    Impact {
        /// All or most users.
        Widespread => "widespread",
        /// A specific user group, such as one department.
        Group => "group",
        /// Individual users.
        Individual => "individual",
        /// Nobody's work is held up.
        Negligible => "negligible",
    }
}

named_enum! {
    /// How badly the business is hit, the second dimension of R03.
    Urgency {
        /// Core business completely down: main system outage, payments failing.
        Critical => "critical",
        /// Part of the core business failing: a module cannot submit data.
        High => "high",
        /// A non-core function failing: display glitches, an auxiliary tool broken.
        Medium => "medium",
        /// A usage question or a minor suggestion.
        Low => "low",
    }
}

named_enum! {
    /// The ticket's priority, P0 (紧急) to P3 (低).
    Priority {
        P0 => "P0",
        P1 => "P1",
        P2 => "P2",
        P3 => "P3",
    }
}

impl Priority {
    /// P0 and P1 are major incidents: they skip self-help (R07) and need a
    /// workaround within two hours (R12).
    pub const fn is_major(self) -> bool {
        matches!(self, Priority::P0 | Priority::P1)
    }
}

/// The R03 matrix: a priority for every urgency (rows) and impact (columns).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityMatrix {
    /// `rows[urgency][impact]`, in the order of [`Urgency::ALL`] and [`Impact::ALL`].
    pub rows: [[Priority; 4]; 4],
}

impl PriorityMatrix {
    /// The priority of a fault with this impact and urgency.
    pub fn priority(&self, impact: Impact, urgency: Urgency) -> Priority {
        self.rows[urgency as usize][impact as usize]
    }
}

impl Default for PriorityMatrix {
    /// The manual's table: its four named cases lie on the diagonal, and the
    /// cells around them lean towards the more severe neighbour.
    fn default() -> Self {
        use Priority::*;
        Self {
            rows: [
                // Widespread, Group, Individual, Negligible
                [P0, P0, P1, P2], // Critical
                [P0, P1, P1, P2], // High
                [P1, P2, P2, P3], // Medium
                [P2, P3, P3, P3], // Low
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::PolicyVersion;
    use crate::domain::sla::{Judgement, SlaPolicy};
    use chrono::TimeDelta;
    use proptest::prelude::*;

    fn judge(impact: Impact, urgency: Urgency) -> Judgement {
        SlaPolicy::default().judge(impact, urgency)
    }

    #[test]
    fn r03_core_business_down_for_most_users_is_p0_due_in_30_minutes() {
        let j = judge(Impact::Widespread, Urgency::Critical);
        assert_eq!(j.priority, Priority::P0);
        assert_eq!(j.response_target, TimeDelta::minutes(30));
    }

    #[test]
    fn r03_part_of_core_business_failing_for_a_group_is_p1_due_in_2_hours() {
        let j = judge(Impact::Group, Urgency::High);
        assert_eq!(j.priority, Priority::P1);
        assert_eq!(j.response_target, TimeDelta::hours(2));
    }

    #[test]
    fn r03_non_core_function_failing_for_individuals_is_p2_due_in_8_hours() {
        let j = judge(Impact::Individual, Urgency::Medium);
        assert_eq!(j.priority, Priority::P2);
        assert_eq!(j.response_target, TimeDelta::hours(8));
    }

    #[test]
    fn r03_usage_question_without_business_impact_is_p3_due_in_24_hours() {
        let j = judge(Impact::Negligible, Urgency::Low);
        assert_eq!(j.priority, Priority::P3);
        assert_eq!(j.response_target, TimeDelta::hours(24));
    }

    #[test]
    fn r03_judgement_names_the_policy_version() {
        let policy = SlaPolicy {
            version: PolicyVersion(7),
            ..SlaPolicy::default()
        };
        assert_eq!(
            policy.judge(Impact::Group, Urgency::Low).policy_version,
            PolicyVersion(7)
        );
    }

    #[test]
    fn r03_an_edited_matrix_and_target_change_the_judgement() {
        let mut policy = SlaPolicy::default();
        policy.matrix.rows[Urgency::Low as usize][Impact::Widespread as usize] = Priority::P1;
        policy.response_minutes[Priority::P1 as usize] = 45;
        let j = policy.judge(Impact::Widespread, Urgency::Low);
        assert_eq!(
            (j.priority, j.response_target),
            (Priority::P1, TimeDelta::minutes(45))
        );
    }

    #[test]
    fn r03_only_p0_and_p1_are_major_incidents() {
        let major: Vec<_> = Priority::ALL.iter().filter(|p| p.is_major()).collect();
        assert_eq!(major, [&Priority::P0, &Priority::P1]);
    }

    #[test]
    fn named_values_serialize_as_their_names() {
        assert_eq!(serde_json::to_string(&Priority::P0).unwrap(), "\"P0\"");
        assert_eq!(
            serde_json::to_string(&Impact::Widespread).unwrap(),
            "\"widespread\""
        );
    }

    #[test]
    fn named_values_read_back_from_their_names() {
        for impact in Impact::ALL {
            assert_eq!(Impact::parse(impact.as_str()), Some(*impact));
        }
        for urgency in Urgency::ALL {
            assert_eq!(Urgency::parse(urgency.as_str()), Some(*urgency));
        }
        for priority in Priority::ALL {
            assert_eq!(Priority::parse(priority.as_str()), Some(*priority));
        }
        assert_eq!(Priority::parse("p0"), None);
    }

    fn impact() -> impl Strategy<Value = Impact> {
        proptest::sample::select(Impact::ALL)
    }

    fn urgency() -> impl Strategy<Value = Urgency> {
        proptest::sample::select(Urgency::ALL)
    }

    proptest! {
        /// Widening the impact or raising the urgency never lowers the priority.
        #[test]
        fn r03_default_matrix_is_monotone(i in impact(), u in urgency(), wider in impact(), more in urgency()) {
            let base = judge(i, u).priority;
            if wider <= i {
                prop_assert!(judge(wider, u).priority <= base);
            }
            if more <= u {
                prop_assert!(judge(i, more).priority <= base);
            }
        }

        /// A more severe priority never gets a longer response target.
        #[test]
        fn r03_more_severe_priorities_are_answered_sooner(i in impact(), u in urgency(), j in impact(), v in urgency()) {
            let (a, b) = (judge(i, u), judge(j, v));
            if a.priority < b.priority {
                prop_assert!(a.response_target < b.response_target);
            }
        }
    }
}
