//! Post-incident reviews (R19) for the lead: the closed P0 and P1 tickets
//! whose review is not done, the open action items, and the runbook changes
//! the reviews propose, at `/reviews`. A
//! review itself is written on its ticket's page, as a ticket action.

use super::AppError;
use crate::domain::review::ReviewState;
use crate::domain::{Priority, TicketNumber};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The page's path.
pub const REVIEWS_PATH: &str = "/reviews";

/// How many reviews, and how many action items, the page lists.
pub const REVIEWS_PAGE: u32 = 200;

/// A closed P0 or P1 whose review is not done.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingReview {
    pub number: TicketNumber,
    pub priority: Priority,
    /// `None` while nobody has saved it.
    pub state: Option<ReviewState>,
    /// When the ticket last changed: its closing, or the review's last save.
    pub updated_at: DateTime<Utc>,
}

/// An action item of a review, not done yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenActionItem {
    pub number: TicketNumber,
    /// 1, 2, 3… within the review.
    pub no: u32,
    pub text: String,
    /// The owner's login.
    pub owner: String,
    pub due: NaiveDate,
    /// Due before today, in the desk's time zone.
    pub overdue: bool,
}

/// A runbook change that a done review proposes and no lead has applied
/// yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunbookProposal {
    pub number: TicketNumber,
    pub proposal: String,
    /// When the review was last saved.
    pub updated_at: DateTime<Utc>,
}

/// What is left of the desk's reviews.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewBoard {
    /// Today in the desk's time zone.
    pub today: NaiveDate,
    /// The longest closed first.
    pub pending: Vec<PendingReview>,
    /// The earliest due first.
    pub items: Vec<OpenActionItem>,
    /// The oldest first.
    pub proposals: Vec<RunbookProposal>,
    /// The desk's offset from UTC in seconds: times are shown in it.
    pub utc_offset: i32,
}

/// Loads the board (leads).
#[server(prefix = "/api", endpoint = "reviews")]
pub async fn load_reviews() -> Result<ReviewBoard, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    super::ssr::respond(desk.reviews(&actor).await)
}
