//! The leads' wall display: the desk's open tickets in lanes by priority,
//! the escalations and swarms, and today's figures.

use super::{AppError, QueueRow};
use crate::domain::sla::Standing;
use crate::domain::{Priority, Rating};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the wall shows, as of `server_now`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WallView {
    pub server_now: DateTime<Utc>,
    /// One lane per priority, P0 first.
    pub lanes: Vec<WallLane>,
    /// Open tickets escalated to a lead or worked by a swarm (R11), the
    /// most urgent first.
    pub attention: Vec<QueueRow>,
    /// More such tickets than `attention` holds.
    pub attention_hidden: u32,
    pub figures: DayFigures,
    /// Action items of post-incident reviews past their due day (R19).
    #[serde(default)]
    pub overdue_items: u32,
}

/// The open tickets of one priority: the most urgent shown, the rest
/// counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WallLane {
    pub priority: Priority,
    /// Breached first, then warning, then the nearest due.
    pub rows: Vec<QueueRow>,
    /// Open tickets of this priority not shown.
    pub hidden: u32,
    /// Of those, how many have breached.
    pub hidden_breached: u32,
}

impl WallLane {
    /// Tickets a lane shows; the rest are summarised.
    pub const ROWS: usize = 6;
    /// Escalated and swarmed tickets the wall lists.
    pub const ATTENTION: usize = 6;

    /// Sorts a priority's open tickets into a lane: breached first, then
    /// warning, then the rest, each by the nearest due clock (the queue's
    /// order, which `rows` is in); `open` counts all the priority's open
    /// tickets, some of which may not be in `rows`.
    pub fn sort(
        priority: Priority,
        rows: impl IntoIterator<Item = QueueRow>,
        open: u32,
        now: DateTime<Utc>,
    ) -> Self {
        let mut rows: Vec<QueueRow> = rows.into_iter().collect();
        // A stable sort keeps the queue's order within each standing.
        rows.sort_by_key(|row| standing(row, now));
        let hidden_breached = rows
            .iter()
            .skip(Self::ROWS)
            .filter(|row| standing(row, now) == Standing::Breached)
            .count() as u32;
        rows.truncate(Self::ROWS);
        Self {
            priority,
            hidden: open.saturating_sub(rows.len() as u32),
            rows,
            hidden_breached,
        }
    }
}

/// How a row's nearest clock stands at `now`.
pub fn standing(row: &QueueRow, now: DateTime<Utc>) -> Standing {
    row.next
        .as_ref()
        .map_or(Standing::Ok, |next| next.standing(now))
}

/// Today's figures of the desk, from its local midnight.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFigures {
    /// Tickets registered today.
    pub new: u32,
    /// Tickets open now.
    pub open: u32,
    /// Tickets with a clock that breached today.
    pub breached: u32,
    /// Tickets resolved today.
    pub resolved: u32,
    /// Of the tickets resolved today, the share that never breached a
    /// clock, in whole percent; none when nothing was resolved.
    pub met_sla_percent: Option<u32>,
    /// The mean time from report to resolution of the tickets resolved
    /// today, in minutes; none when nothing was resolved.
    pub mttr_minutes: Option<i64>,
    /// Survey answers given today (R18), one per closure.
    pub survey_answers: u32,
    /// Of today's survey answers, the share very satisfied or satisfied,
    /// in whole percent; none without answers.
    pub satisfied_percent: Option<u32>,
    /// Of the surveys sent today, the share answered, in whole percent;
    /// none when none was sent.
    pub response_rate_percent: Option<u32>,
}

/// A ticket resolved today, for the figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolution {
    pub reported_at: DateTime<Utc>,
    pub resolved_at: DateTime<Utc>,
    /// A clock of the ticket ever breached.
    pub breached: bool,
}

impl DayFigures {
    /// The figures from the day's counts and resolutions.
    pub fn new(new: u32, open: u32, breached: u32, resolutions: &[Resolution]) -> Self {
        let resolved = resolutions.len() as u32;
        let met = resolutions.iter().filter(|r| !r.breached).count() as u32;
        let met_sla_percent = (resolved > 0).then(|| (met * 100 + resolved / 2) / resolved);
        let mttr_minutes = (resolved > 0).then(|| {
            let total: i64 = resolutions
                .iter()
                .map(|r| (r.resolved_at - r.reported_at).num_seconds().max(0))
                .sum();
            (total / i64::from(resolved) + 30) / 60
        });
        Self {
            new,
            open,
            breached,
            resolved,
            met_sla_percent,
            mttr_minutes,
            ..Self::default()
        }
    }

    /// The same figures with today's survey answers, and the surveys sent
    /// today with how many were answered (R18).
    pub fn with_survey(mut self, ratings: &[Rating], sent: u32, answered: u32) -> Self {
        let answers = ratings.len() as u32;
        let satisfied = ratings.iter().filter(|r| r.score() >= 3).count() as u32;
        self.survey_answers = answers;
        self.satisfied_percent = (answers > 0).then(|| percent(satisfied, answers));
        self.response_rate_percent = (sent > 0).then(|| percent(answered.min(sent), sent));
        self
    }
}

/// `part` of `whole` in whole percent, rounded half up.
fn percent(part: u32, whole: u32) -> u32 {
    (part * 100 + whole / 2) / whole
}

/// Loads the wall (a lead's session or a display token).
#[server(prefix = "/api", endpoint = "wall")]
pub async fn load_wall() -> Result<WallView, AppError> {
    let (desk, actor) = super::ssr::desk()?;
    super::ssr::respond(desk.wall(&actor).await)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla::ClockName;
    use crate::domain::sla::NextClock;
    use crate::domain::{Stage, TicketKind, TicketNumber};
    use chrono::TimeDelta;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + TimeDelta::minutes(minutes)
    }

    /// An open ticket whose response clock is due at `due` minutes, with
    /// its warning ten minutes before.
    fn row(seq: u32, due: i64) -> QueueRow {
        QueueRow {
            number: TicketNumber::new(seq).unwrap(),
            priority: Priority::P1,
            kind: TicketKind::Standard,
            urgent: false,
            stage: Stage::Intake,
            summary: format!("fault {seq}"),
            department: "Finance".into(),
            reported_at: at(-60),
            next: Some(NextClock {
                name: ClockName::Response,
                due_at: at(due),
                warning_at: Some(at(due - 10)),
                paused: false,
                remaining_seconds: due * 60,
            }),
            escalated: false,
            swarm: Vec::new(),
        }
    }

    #[test]
    fn r03_a_lane_puts_breached_then_warning_tickets_first_and_counts_the_rest() {
        // Queue order: nearest due first.
        let rows: Vec<_> = (1..=9).map(|n| row(n, i64::from(n) * 20 - 60)).collect();
        // Due at -40, -20 (breached), 0 (breached: due now), 20, 40, 60 … 120.
        let lane = WallLane::sort(Priority::P1, rows, 12, at(0));
        let shown: Vec<_> = lane.rows.iter().map(|r| r.number.sequence()).collect();
        assert_eq!(shown, [1, 2, 3, 4, 5, 6]);
        assert_eq!(standing(&lane.rows[0], at(0)), Standing::Breached);
        assert_eq!(lane.hidden, 6, "twelve open, six shown");
        assert_eq!(lane.hidden_breached, 0);
    }

    #[test]
    fn r03_a_breached_ticket_outranks_a_nearer_unbreached_one_and_hidden_breaches_are_counted() {
        // A warning sorts before a quiet clock due sooner, and breaches
        // before both.
        let mut quiet = row(1, 5);
        quiet.next.as_mut().unwrap().warning_at = None;
        let warning = row(2, 8);
        let breached: Vec<_> = (3..=10).map(|n| row(n, -5)).collect();
        let rows = [quiet, warning].into_iter().chain(breached);
        let lane = WallLane::sort(Priority::P0, rows, 10, at(0));
        let shown: Vec<_> = lane.rows.iter().map(|r| r.number.sequence()).collect();
        assert_eq!(shown, [3, 4, 5, 6, 7, 8]);
        assert_eq!(lane.hidden, 4);
        assert_eq!(lane.hidden_breached, 2, "9 and 10 breached, out of sight");
    }

    #[test]
    fn r03_figures_give_the_met_share_and_mean_time_to_resolve() {
        let resolutions = [
            Resolution {
                reported_at: at(0),
                resolved_at: at(60),
                breached: false,
            },
            Resolution {
                reported_at: at(0),
                resolved_at: at(120),
                breached: true,
            },
            Resolution {
                reported_at: at(30),
                resolved_at: at(60),
                breached: false,
            },
        ];
        let figures = DayFigures::new(5, 7, 1, &resolutions);
        assert_eq!(figures.resolved, 3);
        assert_eq!(figures.met_sla_percent, Some(67), "two of three, rounded");
        assert_eq!(figures.mttr_minutes, Some(70), "(60 + 120 + 30) / 3");
        assert_eq!((figures.new, figures.open, figures.breached), (5, 7, 1));
    }

    #[test]
    fn r03_a_day_without_resolutions_has_no_share_or_mean() {
        let figures = DayFigures::new(2, 2, 0, &[]);
        assert_eq!(figures.met_sla_percent, None);
        assert_eq!(figures.mttr_minutes, None);
    }
}
