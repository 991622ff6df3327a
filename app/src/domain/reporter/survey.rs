//! The satisfaction survey (R18): on closing, the reporter is asked how
//! satisfied they are, on four choices, with a free-text box. There is one
//! answer per closure, which the reporter may change while their status
//! link works; a reopening retires the survey, and the next closure asks
//! again. The answer is the reporter's own entry in the log, so reports
//! can count it by priority, runbook and SLA outcome.

use crate::domain::Refusal;
use crate::domain::event::{Change, TicketEvent};
use crate::domain::priority::named_enum;
use crate::domain::stage::Stage;
use crate::domain::ticket::Ticket;
use crate::domain::validation::{Field, FieldErrors, TextRule};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

named_enum! {
    /// The four choices of R18.
    Rating {
        /// 非常满意.
        VerySatisfied => "very_satisfied",
        /// 满意.
        Satisfied => "satisfied",
        /// 一般.
        Neutral => "neutral",
        /// 不满意.
        Dissatisfied => "dissatisfied",
    }
}

impl Rating {
    /// The rating as a score from 4 (very satisfied) to 1 (dissatisfied),
    /// for averages.
    pub const fn score(self) -> u8 {
        match self {
            Rating::VerySatisfied => 4,
            Rating::Satisfied => 3,
            Rating::Neutral => 2,
            Rating::Dissatisfied => 1,
        }
    }
}

/// The free-text answer: optional, up to two thousand characters.
pub const COMMENT: TextRule = TextRule {
    field: Field::Comment,
    min: 0,
    max: 2000,
    multiline: true,
};

/// An answer to a closure's survey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswer {
    pub rating: Rating,
    pub comment: String,
    pub at: DateTime<Utc>,
}

/// The closure a survey asks about: the how-many-th closing of the ticket,
/// when it is closed now.
pub fn open_round(stage: Stage, log: &[TicketEvent]) -> Option<u32> {
    if stage != Stage::Closed {
        return None;
    }
    let closings = log
        .iter()
        .filter(|e| matches!(e.change, Change::Closed))
        .count();
    u32::try_from(closings).ok().filter(|n| *n > 0)
}

/// The reporter's answer to the survey of `round`, the latest if they
/// changed it.
pub fn answer_of(round: u32, log: &[TicketEvent]) -> Option<SurveyAnswer> {
    log.iter().rev().find_map(|event| match &event.change {
        Change::SurveyAnswered {
            round: answered,
            rating,
            comment,
        } if *answered == round => Some(SurveyAnswer {
            rating: *rating,
            comment: comment.clone(),
            at: event.at,
        }),
        _ => None,
    })
}

impl Ticket {
    /// The entry the reporter's survey answer adds to the log, or why it is
    /// refused: only a closed ticket's survey is open.
    pub fn answer_survey(
        &self,
        log: &[TicketEvent],
        rating: Rating,
        comment: &str,
    ) -> Result<(Change, Ticket), Refusal> {
        let round = open_round(self.stage, log).ok_or(Refusal::WrongStage { stage: self.stage })?;
        let comment = COMMENT
            .check(comment)
            .map_err(|e| Refusal::Invalid(FieldErrors::from(e)))?;
        let mut next = self.clone();
        next.version += 1;
        Ok((
            Change::SurveyAnswered {
                round,
                rating,
                comment,
            },
            next,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reclassify::tests::p2_ticket;
    use chrono::TimeZone;

    fn event(version: i64, change: Change) -> TicketEvent {
        TicketEvent {
            id: version,
            version,
            at: Utc
                .with_ymd_and_hms(2026, 11, 30, 6, version as u32, 0)
                .unwrap(),
            actor: "Reporter".into(),
            change,
        }
    }

    fn closed() -> Ticket {
        Ticket {
            stage: Stage::Closed,
            ..p2_ticket()
        }
    }

    #[test]
    fn r18_a_closed_tickets_survey_takes_one_of_four_ratings_and_a_comment() {
        assert_eq!(Rating::ALL.len(), 4);
        assert_eq!(Rating::parse("satisfied"), Some(Rating::Satisfied));
        assert_eq!(Rating::parse("ecstatic"), None);
        let log = [event(1, Change::Closed)];
        let (change, next) = closed()
            .answer_survey(&log, Rating::Satisfied, "  Quick and clear  ")
            .unwrap();
        assert_eq!(
            change,
            Change::SurveyAnswered {
                round: 1,
                rating: Rating::Satisfied,
                comment: "Quick and clear".into()
            }
        );
        assert_eq!(next.stage, Stage::Closed);
        assert!(change.by_reporter());
    }

    #[test]
    fn r18_the_latest_answer_of_a_closure_counts_and_a_reopening_asks_anew() {
        let mut log = vec![
            event(1, Change::Closed),
            event(
                2,
                Change::SurveyAnswered {
                    round: 1,
                    rating: Rating::Neutral,
                    comment: String::new(),
                },
            ),
            event(
                3,
                Change::SurveyAnswered {
                    round: 1,
                    rating: Rating::VerySatisfied,
                    comment: "Changed my mind".into(),
                },
            ),
        ];
        assert_eq!(answer_of(1, &log).unwrap().rating, Rating::VerySatisfied);
        log.push(event(
            4,
            Change::Reopened {
                reason: "Back again".into(),
            },
        ));
        let reopened = Ticket {
            stage: Stage::Handling,
            ..p2_ticket()
        };
        assert_eq!(open_round(reopened.stage, &log), None);
        assert_eq!(
            reopened.answer_survey(&log, Rating::Satisfied, ""),
            Err(Refusal::WrongStage {
                stage: Stage::Handling
            })
        );
        log.push(event(5, Change::Closed));
        assert_eq!(open_round(Stage::Closed, &log), Some(2));
        assert_eq!(
            answer_of(2, &log),
            None,
            "the new closure is not answered yet"
        );
    }

    #[test]
    fn r18_a_comment_over_two_thousand_characters_is_refused_naming_the_field() {
        let log = [event(1, Change::Closed)];
        let refused = closed()
            .answer_survey(&log, Rating::Satisfied, &"x".repeat(2001))
            .unwrap_err();
        let Refusal::Invalid(errors) = refused else {
            panic!("{refused:?}");
        };
        assert!(errors.get(Field::Comment).is_some());
    }
}
