//! R03 after intake: correcting a ticket's impact and urgency. The priority
//! and the response deadline are judged again under the ticket's policy.

use super::event::Change;
use super::intake::choice;
use super::priority::{Impact, Urgency};
use super::sla::SlaPolicy;
use super::ticket::Ticket;
use super::validation::{Field, FieldErrors, TextRule};
use serde::{Deserialize, Serialize};

/// A reclassification as typed, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReclassifyDraft {
    /// The ticket version the agent saw; a stale one is refused as a conflict.
    pub version: i64,
    pub impact: String,
    pub urgency: String,
    /// Why the classification changes.
    pub note: String,
}

/// A validated reclassification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reclassification {
    pub impact: Impact,
    pub urgency: Urgency,
    pub note: String,
}

impl Reclassification {
    const NOTE: TextRule = TextRule {
        field: Field::Note,
        min: 4,
        max: 500,
        multiline: true,
    };

    /// Validates every field and reports every rejected one.
    pub fn parse(draft: &ReclassifyDraft) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let impact = errors.take(choice(Field::Impact, &draft.impact, Impact::parse));
        let urgency = errors.take(choice(Field::Urgency, &draft.urgency, Urgency::parse));
        let note = errors.take(Self::NOTE.check(&draft.note));
        match (impact, urgency, note) {
            (Some(impact), Some(urgency), Some(note)) => Ok(Self {
                impact,
                urgency,
                note,
            }),
            _ => Err(errors),
        }
    }
}

impl Ticket {
    /// The change a reclassification makes, and the ticket after it. The
    /// response deadline is re-derived from the original report time, so an
    /// upgrade can make the ticket overdue at once.
    pub fn reclassify(&self, r: Reclassification, policy: &SlaPolicy) -> (Change, Ticket) {
        let judgement = policy.judge(r.impact, r.urgency);
        let response_due_at = self.intake.reported_at.at() + judgement.response_target;
        let mut next = self.clone();
        next.version += 1;
        next.intake.impact = r.impact;
        next.intake.urgency = r.urgency;
        next.priority = judgement.priority;
        let change = Change::Reclassified {
            impact: r.impact,
            urgency: r.urgency,
            priority: judgement.priority,
            response_due_at,
            note: r.note,
        };
        (change, next)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::sla::SlaSnapshot;
    use crate::domain::validation::Reason;
    use crate::domain::{
        Channel, Contact, Department, DeskId, ImpactScope, Intake, PolicyVersion, Priority,
        ReportedAt, Stage, Symptom, TicketId, TicketNumber,
    };
    use chrono::{TimeDelta, TimeZone, Utc};

    /// A P2 ticket at version 3, for tests.
    pub(crate) fn p2_ticket() -> Ticket {
        let reported = Utc.with_ymd_and_hms(2026, 11, 26, 6, 0, 0).unwrap();
        Ticket {
            id: TicketId(1),
            desk: DeskId::PRODUCTION,
            number: TicketNumber::new(1).unwrap(),
            version: 3,
            intake: Intake {
                reported_at: ReportedAt::from_stored(reported),
                channel: Channel::Web,
                department: Department::from_stored("Sales".into()),
                contact: Contact::from_stored("sales@example.com".into()),
                symptom: Symptom::from_stored("Export button does nothing".into(), String::new()),
                impact_scope: ImpactScope::from_stored("One user".into()),
                impact: Impact::Individual,
                urgency: Urgency::Medium,
                urgent: false,
                reporter_email: None,
                reporter_language: crate::domain::Language::En,
            },
            priority: Priority::P2,
            policy_version: PolicyVersion(1),
            stage: Stage::Intake,
            waiting_on_reporter: false,
            sla: SlaSnapshot::default(),
            registered_at: reported,
            registered_by: "agent".into(),
            swarm: Default::default(),
        }
    }

    #[test]
    fn r03_an_upgrade_re_derives_the_deadline_from_the_report_time() {
        let ticket = p2_ticket();
        let r = Reclassification {
            impact: Impact::Widespread,
            urgency: Urgency::Critical,
            note: "All of sales is hit".into(),
        };
        let (change, next) = ticket.reclassify(r, &SlaPolicy::default());
        assert_eq!(next.priority, Priority::P0);
        let Change::Reclassified {
            response_due_at, ..
        } = &change
        else {
            panic!("{change:?}")
        };
        assert_eq!(
            *response_due_at,
            ticket.intake.reported_at.at() + TimeDelta::minutes(30)
        );
        assert_eq!(next.version, 4);
        assert_eq!(
            (next.intake.impact, next.intake.urgency),
            (Impact::Widespread, Urgency::Critical)
        );
        assert_eq!(change.kind(), "reclassified");
        match change {
            Change::Reclassified { priority, note, .. } => assert_eq!(
                (priority, note.as_str()),
                (Priority::P0, "All of sales is hit")
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn r03_a_reclassification_needs_choices_and_a_reason() {
        let errors = Reclassification::parse(&ReclassifyDraft {
            version: 1,
            impact: "huge".into(),
            urgency: String::new(),
            note: "no".into(),
        })
        .unwrap_err();
        assert_eq!(errors.get(Field::Impact), Some(&Reason::NotAChoice));
        assert_eq!(errors.get(Field::Urgency), Some(&Reason::Required));
        assert_eq!(errors.get(Field::Note), Some(&Reason::TooShort { min: 4 }));
    }
}
