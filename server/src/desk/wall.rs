//! The wall display's view: open tickets in lanes by priority, the
//! escalations and swarms, and today's figures.

use super::{Desk, DeskError, require};
use chrono::Utc;
use firstline_app::api::{DayFigures, QueueRow, WallLane, WallView};
use firstline_app::domain::{Action, Actor, Priority};
use tracing::instrument;

/// How many of the most urgent open tickets the wall sorts into lanes;
/// beyond them, lanes count their tickets without showing them.
const WALL_TICKETS: u32 = 1_000;

impl Desk {
    /// The wall display of the actor's desk: open tickets in lanes by
    /// priority, the escalations and swarms, and today's figures (from
    /// midnight in the desk's time zone).
    #[instrument(skip(self), fields(actor = %actor.name, desk = actor.desk.0))]
    pub async fn wall(&self, actor: &Actor) -> Result<WallView, DeskError> {
        require(actor, Action::ViewWall)?;
        let now = self.clock.now();
        let today = now.with_timezone(&self.utc_offset).date_naive();
        let midnight = today
            .and_hms_opt(0, 0, 0)
            .and_then(|m| m.and_local_timezone(self.utc_offset).single())
            .map_or(now, |m| m.with_timezone(&Utc));
        let counts = self.store.day_counts(actor.desk, midnight).await?;
        let tickets = self.store.open_tickets(actor.desk, WALL_TICKETS).await?;
        let rows: Vec<QueueRow> = tickets.iter().map(QueueRow::from).collect();
        let open_of = |priority: Priority| {
            counts
                .open
                .iter()
                .find(|(p, _)| *p == priority)
                .map_or(0, |(_, n)| *n as u32)
        };
        let lanes = Priority::ALL
            .iter()
            .map(|&priority| {
                let of_priority = rows.iter().filter(|r| r.priority == priority).cloned();
                WallLane::sort(priority, of_priority, open_of(priority), now)
            })
            .collect();
        let mut attention: Vec<QueueRow> = rows
            .into_iter()
            .filter(|r| r.escalated || !r.swarm.is_empty())
            .collect();
        let attention_hidden = attention.len().saturating_sub(WallLane::ATTENTION) as u32;
        attention.truncate(WallLane::ATTENTION);
        let open = counts.open.iter().map(|(_, n)| *n).sum::<i64>();
        let figures = DayFigures::new(
            counts.new as u32,
            open as u32,
            counts.breached as u32,
            &counts.resolutions,
        )
        .with_survey(
            &counts.survey_ratings,
            counts.surveys_sent as u32,
            counts.surveys_answered as u32,
        );
        let overdue_items = self.store.overdue_action_items(actor.desk, today).await? as u32;
        Ok(WallView {
            server_now: now,
            lanes,
            attention,
            attention_hidden,
            figures,
            overdue_items,
        })
    }
}
