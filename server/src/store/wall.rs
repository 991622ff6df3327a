//! The figures the wall display counts for a day.

use super::{Resolution, StoreError};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::domain::{DeskId, Priority, Rating};

/// What the wall counts for a day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayCounts {
    /// Tickets registered since the day began.
    pub new: i64,
    /// Open tickets of each priority that has any.
    pub open: Vec<(Priority, i64)>,
    /// Tickets with a clock breach recorded since the day began.
    pub breached: i64,
    /// Tickets resolved since the day began (each once, at its last
    /// resolution).
    pub resolutions: Vec<Resolution>,
    /// The ratings of the survey answers given since the day began: one
    /// per closure, the latest if the reporter changed it (R18).
    pub survey_ratings: Vec<Rating>,
    /// Surveys sent since the day began, and how many of them have been
    /// answered.
    pub surveys_sent: i64,
    pub surveys_answered: i64,
}

/// The wall's counts.
#[async_trait]
pub trait WallStore: Send + Sync + 'static {
    /// The desk's figures for the day that began at `since`.
    async fn day_counts(&self, desk: DeskId, since: DateTime<Utc>)
    -> Result<DayCounts, StoreError>;
}
