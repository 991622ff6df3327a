//! Post-incident reviews (R19): every P0 and P1 ends with one. The team
//! writes what the log cannot say (a summary, the impact as it really was,
//! the contributing factors, what went well, and the action items with
//! their owners and due dates, and a change the runbook should get);
//! `facts` reads from the log what it can (the timeline, the time in each
//! stage, the SLA outcomes, the impact as registered). This file holds what
//! the team writes and how it is checked.

pub mod facts;

pub use facts::{ClockOutcome, Milestone, Moment, ReviewFacts, StageTime};

use super::account::Login;
use super::priority::named_enum;
use super::validation::{Field, FieldError, FieldErrors, Reason, TextRule};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

named_enum! {
    /// Where a review stands: written, read by the team, or signed off.
    ReviewState {
        /// Being written; any part may still be empty.
        Draft => "draft",
        /// Written, and read by the team before sign-off.
        InReview => "in_review",
        /// Signed off by a lead: the ticket may be archived.
        Done => "done",
    }
}

/// A follow-up the review asks for, owned by one account of the desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    pub text: String,
    /// The owner's login.
    pub owner: String,
    /// The day it is due, in the desk's time zone.
    pub due: NaiveDate,
    pub done: bool,
}

impl ActionItem {
    /// Whether the item is still open on `today` (the desk's date) and was
    /// due before it.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        !self.done && self.due < today
    }
}

/// A review as it was last saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub state: ReviewState,
    pub summary: String,
    /// The impact as it really was, which may differ from what the reporter
    /// first said.
    pub real_impact: String,
    /// What contributed to the fault: never a single "root cause".
    pub factors: Vec<String>,
    pub went_well: String,
    pub items: Vec<ActionItem>,
    /// A change the runbook should get, which a lead applies as a new
    /// runbook version naming this review; empty when none is proposed.
    #[serde(default)]
    pub proposal: String,
}

impl Review {
    /// Whether the review is done and proposes a runbook change.
    pub fn proposes(&self) -> bool {
        self.state == ReviewState::Done && !self.proposal.is_empty()
    }
}

/// A review as the team sends it: texts as typed, dates as `2026-12-04`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewForm {
    pub state: Option<ReviewState>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub real_impact: String,
    /// Empty entries are dropped.
    #[serde(default)]
    pub factors: Vec<String>,
    #[serde(default)]
    pub went_well: String,
    #[serde(default)]
    pub items: Vec<ActionItemForm>,
    #[serde(default)]
    pub proposal: String,
}

/// An action item as the team sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItemForm {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub due: String,
    #[serde(default)]
    pub done: bool,
}

/// The summary, the real impact, what went well and the proposed runbook
/// change.
pub const REVIEW_TEXT: TextRule = TextRule {
    field: Field::Summary,
    min: 0,
    max: 8000,
    multiline: true,
};

/// One contributing factor, or an action item's text.
pub const REVIEW_LINE: TextRule = TextRule {
    field: Field::Factor,
    min: 2,
    max: 2000,
    multiline: true,
};

/// At most this many contributing factors.
pub const MAX_FACTORS: u32 = 20;
/// At most this many action items.
pub const MAX_ITEMS: u32 = 30;

impl ReviewForm {
    /// The form of a saved review, to edit it.
    pub fn of(review: &Review) -> Self {
        ReviewForm {
            state: Some(review.state),
            summary: review.summary.clone(),
            real_impact: review.real_impact.clone(),
            factors: review.factors.clone(),
            went_well: review.went_well.clone(),
            items: review
                .items
                .iter()
                .map(|item| ActionItemForm {
                    text: item.text.clone(),
                    owner: item.owner.clone(),
                    due: item.due.to_string(),
                    done: item.done,
                })
                .collect(),
            proposal: review.proposal.clone(),
        }
    }

    /// Checks every part. A draft may leave anything empty; a review sent
    /// for review needs its summary, the real impact and at least one
    /// contributing factor; a review marked done needs an action item too.
    pub fn check(&self) -> Result<Review, FieldErrors> {
        let mut errors = FieldErrors::default();
        let state = errors.take(
            self.state
                .ok_or_else(|| FieldError::new(Field::ReviewState, Reason::Required)),
        );
        let text = |field, raw: &str| {
            TextRule {
                field,
                ..REVIEW_TEXT
            }
            .check(raw)
        };
        let summary = errors.take(text(Field::Summary, &self.summary));
        let real_impact = errors.take(text(Field::RealImpact, &self.real_impact));
        let went_well = errors.take(text(Field::WentWell, &self.went_well));
        let proposal = errors.take(text(Field::Proposal, &self.proposal));
        let given = self.factors.iter().filter(|f| !f.trim().is_empty());
        let mut factors = Vec::new();
        if given.clone().count() > MAX_FACTORS as usize {
            errors.push(FieldError::new(
                Field::Factor,
                Reason::TooMany { max: MAX_FACTORS },
            ));
        }
        for factor in given {
            if let Some(factor) = errors.take(REVIEW_LINE.check(factor)) {
                factors.push(factor);
            }
        }
        if self.items.len() > MAX_ITEMS as usize {
            errors.push(FieldError::new(
                Field::ActionItem,
                Reason::TooMany { max: MAX_ITEMS },
            ));
        }
        let mut items = Vec::new();
        for item in &self.items {
            let text = errors.take(
                TextRule {
                    field: Field::ActionItem,
                    ..REVIEW_LINE
                }
                .check(&item.text),
            );
            let owner = errors.take(
                Login::parse(&item.owner).map_err(|e| FieldError::new(Field::Owner, e.reason)),
            );
            let due = errors.take(parse_due(&item.due));
            if let (Some(text), Some(owner), Some(due)) = (text, owner, due) {
                items.push(ActionItem {
                    text,
                    owner: owner.as_str().to_owned(),
                    due,
                    done: item.done,
                });
            }
        }
        if let Some(state) = state.filter(|s| *s != ReviewState::Draft) {
            let missing = |field| FieldError::new(field, Reason::Required);
            if summary.as_ref().is_some_and(String::is_empty) {
                errors.push(missing(Field::Summary));
            }
            if real_impact.as_ref().is_some_and(String::is_empty) {
                errors.push(missing(Field::RealImpact));
            }
            if self.factors.iter().all(|f| f.trim().is_empty()) {
                errors.push(missing(Field::Factor));
            }
            if state == ReviewState::Done && self.items.is_empty() {
                errors.push(missing(Field::ActionItem));
            }
        }
        match (state, summary, real_impact, went_well, proposal) {
            (Some(state), Some(summary), Some(real_impact), Some(went_well), Some(proposal))
                if errors.is_empty() =>
            {
                Ok(Review {
                    state,
                    summary,
                    real_impact,
                    factors,
                    went_well,
                    items,
                    proposal,
                })
            }
            _ => Err(errors),
        }
    }
}

fn parse_due(raw: &str) -> Result<NaiveDate, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(Field::Due, Reason::Required));
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| FieldError::new(Field::Due, Reason::BadDate))
}

impl fmt::Display for Review {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} review, {} factors, {} action items",
            self.state,
            self.factors.len(),
            self.items.len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(due: &str) -> ActionItemForm {
        ActionItemForm {
            text: "Alert on pool exhaustion".into(),
            owner: "li.wei".into(),
            due: due.into(),
            done: false,
        }
    }

    fn written(state: ReviewState) -> ReviewForm {
        ReviewForm {
            state: Some(state),
            summary: "Payments failed for 40 minutes".into(),
            real_impact: "All card payments in the east region".into(),
            factors: vec!["Pool too small".into(), "  ".into(), "No alert".into()],
            went_well: "Swarm formed in 5 minutes".into(),
            items: vec![item("2026-12-04")],
            proposal: String::new(),
        }
    }

    fn reasons(form: &ReviewForm) -> Vec<(Field, Reason)> {
        form.check()
            .unwrap_err()
            .iter()
            .map(|e| (e.field, e.reason.clone()))
            .collect()
    }

    #[test]
    fn r19_a_draft_may_be_empty() {
        let form = ReviewForm {
            state: Some(ReviewState::Draft),
            ..ReviewForm::default()
        };
        let review = form.check().unwrap();
        assert_eq!(review.state, ReviewState::Draft);
        assert!(review.factors.is_empty() && review.items.is_empty());
    }

    #[test]
    fn r19_a_review_names_its_state() {
        assert_eq!(
            reasons(&ReviewForm::default()),
            vec![(Field::ReviewState, Reason::Required)]
        );
    }

    #[test]
    fn r19_a_review_in_review_needs_summary_impact_and_a_factor() {
        let form = ReviewForm {
            state: Some(ReviewState::InReview),
            ..ReviewForm::default()
        };
        assert_eq!(
            reasons(&form),
            vec![
                (Field::Summary, Reason::Required),
                (Field::RealImpact, Reason::Required),
                (Field::Factor, Reason::Required),
            ]
        );
        let mut form = written(ReviewState::InReview);
        form.items.clear();
        assert!(form.check().is_ok(), "action items may follow later");
    }

    #[test]
    fn r19_a_done_review_has_an_owned_action_item() {
        let mut form = written(ReviewState::Done);
        let review = form.check().unwrap();
        assert_eq!(review.factors, ["Pool too small", "No alert"]);
        assert_eq!(review.items[0].owner, "li.wei");
        assert_eq!(
            review.items[0].due,
            NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
        );
        form.items.clear();
        assert_eq!(reasons(&form), vec![(Field::ActionItem, Reason::Required)]);
    }

    #[test]
    fn r19_action_items_name_the_bad_part() {
        let mut form = written(ReviewState::Draft);
        form.items = vec![ActionItemForm {
            text: "x".into(),
            owner: "No Such Login!".into(),
            due: "04/12/2026".into(),
            done: false,
        }];
        let found = reasons(&form);
        assert_eq!(found[0], (Field::ActionItem, Reason::TooShort { min: 2 }));
        assert_eq!(found[1].0, Field::Owner);
        assert_eq!(found[2], (Field::Due, Reason::BadDate));
        form.items = vec![item("")];
        assert_eq!(reasons(&form), vec![(Field::Due, Reason::Required)]);
    }

    #[test]
    fn r19_reviews_have_limits() {
        let mut form = written(ReviewState::Draft);
        form.factors = vec!["factor".into(); 21];
        form.items = vec![item("2026-12-04"); 31];
        form.summary = "s".repeat(8001);
        assert_eq!(
            reasons(&form),
            vec![
                (Field::Summary, Reason::TooLong { max: 8000 }),
                (Field::Factor, Reason::TooMany { max: 20 }),
                (Field::ActionItem, Reason::TooMany { max: 30 }),
            ]
        );
    }

    #[test]
    fn r19_an_item_is_overdue_once_its_day_has_passed_undone() {
        let review = written(ReviewState::Done).check().unwrap();
        let mut item = review.items[0].clone();
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert!(!item.overdue(day(4)), "due today is not overdue");
        assert!(item.overdue(day(5)));
        item.done = true;
        assert!(!item.overdue(day(5)));
    }

    #[test]
    fn r19_a_done_review_may_propose_a_runbook_change() {
        let mut form = written(ReviewState::Done);
        assert!(!form.check().unwrap().proposes(), "no proposal");
        form.proposal = "  Add a pool-size check to deep troubleshooting  ".into();
        let review = form.check().unwrap();
        assert_eq!(
            review.proposal,
            "Add a pool-size check to deep troubleshooting"
        );
        assert!(review.proposes());
        assert_eq!(ReviewForm::of(&review).proposal, review.proposal);
        let mut draft = written(ReviewState::Draft);
        draft.proposal = "Add a check".into();
        assert!(!draft.check().unwrap().proposes(), "not signed off");
        draft.proposal = "x".repeat(REVIEW_TEXT.max + 1);
        assert_eq!(
            reasons(&draft),
            [(
                Field::Proposal,
                Reason::TooLong {
                    max: REVIEW_TEXT.max
                }
            )]
        );
    }

    #[test]
    fn r19_a_saved_review_reads_back_into_its_form() {
        let form = written(ReviewState::Done);
        let review = form.check().unwrap();
        assert_eq!(ReviewForm::of(&review).check().unwrap(), review);
    }
}
