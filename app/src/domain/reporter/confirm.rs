//! The reporter's own word on the fix (R16, R17): once the fix has passed
//! the test and production gates, the status page asks the reporter whether
//! it works. "It works now" passes the reporter gate; "Still not working",
//! with what they see, reopens the ticket to handling and restarts its
//! clocks as R17 says. Both are the reporter's own entries in the log.

use crate::domain::actions::text_rule;
use crate::domain::event::Change;
use crate::domain::priority::named_enum;
use crate::domain::stage::Stage;
use crate::domain::ticket::Ticket;
use crate::domain::validation::{Field, FieldErrors};
use crate::domain::workflow::{Gate, Progress};
use crate::domain::{Refusal, Stamp};
use serde::{Deserialize, Serialize};
use std::fmt;

named_enum! {
    /// What the reporter answers on their status page.
    ReporterAnswer {
        /// "It works now": the reporter gate passes (R16).
        Works => "works",
        /// "Still not working", with what the reporter sees (R17).
        NotFixed => "not_fixed",
    }
}

/// Where the reporter's confirmation stands in the current round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Confirmation {
    /// The fix is not ready for the reporter to try: nothing is asked.
    NotAsked,
    /// The fix passed test and production: the reporter is asked whether it
    /// works.
    Asked,
    /// The reporter gate is passed, by the reporter or by an agent who
    /// heard it from them (by phone, say).
    Confirmed(Stamp),
}

impl Confirmation {
    /// Where the confirmation of a ticket with this progress stands.
    pub fn of(ticket: &Ticket, progress: &Progress) -> Confirmation {
        if let Some((_, stamp)) = progress.gates.iter().find(|(g, _)| *g == Gate::Reporter) {
            return Confirmation::Confirmed(stamp.clone());
        }
        if ticket.stage == Stage::Verification && progress.passed(Gate::Production) {
            Confirmation::Asked
        } else {
            Confirmation::NotAsked
        }
    }

    /// Whether the status page offers the two answers now. "Still not
    /// working" stays on offer after a confirmation until the ticket
    /// closes: a fault that comes back the next morning is not fixed.
    pub fn offers_answers(&self, stage: Stage) -> bool {
        stage == Stage::Verification && !matches!(self, Confirmation::NotAsked)
    }
}

impl Ticket {
    /// The entry the reporter's answer adds to the log and the ticket
    /// after it, or why it is refused: only while the ticket is in
    /// verification with the production gate passed, and "It works now"
    /// only once a round. `reason` is what the reporter sees when it is
    /// still not working; "It works now" takes none.
    pub fn answer(
        &self,
        progress: &Progress,
        answer: ReporterAnswer,
        reason: &str,
    ) -> Result<(Change, Ticket), Refusal> {
        let confirmation = Confirmation::of(self, progress);
        if !confirmation.offers_answers(self.stage) {
            return Err(if self.stage == Stage::Verification {
                Refusal::GateOrder {
                    gate: Gate::Reporter,
                    before: Gate::Production,
                }
            } else {
                Refusal::WrongStage { stage: self.stage }
            });
        }
        let mut next = self.clone();
        next.version += 1;
        let change = match answer {
            ReporterAnswer::Works => {
                if matches!(confirmation, Confirmation::Confirmed(_)) {
                    return Err(Refusal::GatePassed {
                        gate: Gate::Reporter,
                    });
                }
                Change::ReporterConfirmed
            }
            ReporterAnswer::NotFixed => {
                let reason = text_rule(Field::Reason)
                    .check(reason)
                    .map_err(|e| Refusal::Invalid(FieldErrors::from(e)))?;
                next.stage = Stage::Handling;
                next.waiting_on_reporter = false;
                Change::ReporterNotFixed { reason }
            }
        };
        Ok((change, next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{REPORTER_AUTHOR, TicketEvent};
    use crate::domain::reclassify::tests::p2_ticket;
    use crate::domain::validation::Reason;
    use chrono::{TimeZone, Utc};

    fn ticket_in(stage: Stage) -> Ticket {
        Ticket {
            stage,
            ..p2_ticket()
        }
    }

    fn passed(gates: &[Gate]) -> Progress {
        let log: Vec<TicketEvent> = gates
            .iter()
            .enumerate()
            .map(|(i, &gate)| TicketEvent {
                id: i as i64 + 1,
                version: i as i64 + 2,
                at: Utc.with_ymd_and_hms(2026, 11, 30, 5, i as u32, 0).unwrap(),
                actor: "Wang Fang".into(),
                change: Change::GatePassed {
                    gate,
                    note: "ok".into(),
                },
            })
            .collect();
        Progress::from_log(&log)
    }

    #[test]
    fn r16_the_reporter_is_asked_once_the_fix_passed_test_and_production() {
        let ticket = ticket_in(Stage::Verification);
        assert_eq!(
            Confirmation::of(&ticket, &passed(&[Gate::Test])),
            Confirmation::NotAsked
        );
        let asked = passed(&[Gate::Test, Gate::Production]);
        assert_eq!(Confirmation::of(&ticket, &asked), Confirmation::Asked);
        assert_eq!(
            Confirmation::of(&ticket_in(Stage::Handling), &asked),
            Confirmation::NotAsked
        );
    }

    #[test]
    fn r16_it_works_now_passes_the_reporter_gate_as_the_reporters_own_entry() {
        let ticket = ticket_in(Stage::Verification);
        let mut progress = passed(&[Gate::Test, Gate::Production]);
        let (change, next) = ticket.answer(&progress, ReporterAnswer::Works, "").unwrap();
        assert_eq!(change, Change::ReporterConfirmed);
        assert_eq!((next.stage, next.version), (Stage::Verification, 4));
        progress.read(&TicketEvent {
            id: 9,
            version: 2,
            at: Utc.with_ymd_and_hms(2026, 11, 30, 6, 0, 0).unwrap(),
            actor: REPORTER_AUTHOR.into(),
            change,
        });
        assert!(progress.passed(Gate::Reporter));
        let Confirmation::Confirmed(stamp) = Confirmation::of(&next, &progress) else {
            panic!("the gate is passed");
        };
        assert!(stamp.reporter);
        assert_eq!(
            next.answer(&progress, ReporterAnswer::Works, ""),
            Err(Refusal::GatePassed {
                gate: Gate::Reporter
            })
        );
        assert!(
            next.answer(
                &progress,
                ReporterAnswer::NotFixed,
                "It broke again this morning"
            )
            .is_ok(),
            "a fault that comes back is still not fixed"
        );
    }

    #[test]
    fn r17_still_not_working_reopens_the_ticket_to_handling_in_the_reporters_words() {
        let ticket = ticket_in(Stage::Verification);
        let progress = passed(&[Gate::Test, Gate::Production]);
        let (change, next) = ticket
            .answer(
                &progress,
                ReporterAnswer::NotFixed,
                "  The login page still hangs  ",
            )
            .unwrap();
        assert_eq!(
            change,
            Change::ReporterNotFixed {
                reason: "The login page still hangs".into()
            }
        );
        assert_eq!(next.stage, Stage::Handling);
        let refused = ticket
            .answer(&progress, ReporterAnswer::NotFixed, " ")
            .unwrap_err();
        let Refusal::Invalid(errors) = refused else {
            panic!("{refused:?}");
        };
        assert_eq!(errors.get(Field::Reason), Some(&Reason::Required));
    }

    #[test]
    fn r16_an_answer_outside_verification_or_before_production_is_refused() {
        let progress = passed(&[Gate::Test, Gate::Production]);
        for stage in [Stage::Handling, Stage::Closed, Stage::Intake] {
            assert_eq!(
                ticket_in(stage).answer(&progress, ReporterAnswer::Works, ""),
                Err(Refusal::WrongStage { stage }),
                "{stage:?}"
            );
        }
        assert_eq!(
            ticket_in(Stage::Verification).answer(
                &passed(&[Gate::Test]),
                ReporterAnswer::Works,
                ""
            ),
            Err(Refusal::GateOrder {
                gate: Gate::Reporter,
                before: Gate::Production
            })
        );
    }

    #[test]
    fn answers_read_from_a_form_by_name() {
        assert_eq!(ReporterAnswer::parse("works"), Some(ReporterAnswer::Works));
        assert_eq!(
            ReporterAnswer::parse("not_fixed"),
            Some(ReporterAnswer::NotFixed)
        );
        assert_eq!(ReporterAnswer::parse("maybe"), None);
    }
}
