//! `GET /api/v1/events`: the desk's live event stream (Server-Sent Events).
//!
//! Each entry of the actor's desk's log is sent once, in order, with its id
//! (its position in the log). A client that reconnects with
//! `Last-Event-ID` (or `?after=`) gets every entry after that one, read
//! from the log, so nothing is lost across a dropped connection or a server
//! restart. New entries are found at once when this process wrote them,
//! and within a second when another process did.

use super::Endpoint;
use super::extract::{Caller, Lang};
use super::problem::Problem;
use crate::desk::Desk;
use crate::startup::AppState;
use axum::{
    extract::{Query, State},
    http::HeaderMap,
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
    routing::get,
};
use firstline_app::api::LiveEvent;
use firstline_app::domain::{Actor, Field, FieldError, Reason};
use futures_util::stream;
use serde::Deserialize;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

pub fn endpoints() -> Vec<Endpoint> {
    vec![Endpoint::new("GET", "/api/v1/events", get(events))]
}

/// How many log entries one read takes.
const BATCH: i64 = 200;

/// How long a stream waits for this process's writes before it looks in
/// the log anyway, for entries other processes wrote.
const POLL: Duration = Duration::from_secs(1);

#[derive(Deserialize)]
struct EventsQuery {
    /// Resume after this entry (what `Last-Event-ID` says, for clients that
    /// cannot set headers).
    after: Option<String>,
    /// `false`: send what was missed and end, instead of following.
    follow: Option<bool>,
}

/// Reads a resume position: a whole number of zero or more.
fn position(raw: &str) -> Result<i64, FieldError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| {
            FieldError::new(
                Field::After,
                Reason::OutOfRange {
                    min: 0,
                    max: u32::MAX,
                },
            )
        })
}

async fn events(
    State(state): State<AppState>,
    Caller(actor): Caller,
    Lang(locale): Lang,
    Query(query): Query<EventsQuery>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let desk = state.desk.clone();
    let resume = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or(query.after);
    let after = match resume {
        Some(raw) => position(&raw)
            .map_err(|e| Problem::from_desk(crate::desk::DeskError::Invalid(e.into()), locale))?,
        None => desk
            .live_start(&actor)
            .await
            .map_err(|e| Problem::from_desk(e, locale))?,
    };
    // Refuse a caller who may not follow the desk before the stream starts.
    let first = desk
        .live_after(&actor, after, BATCH)
        .await
        .map_err(|e| Problem::from_desk(e, locale))?;
    let follow = query.follow.unwrap_or(true);
    let feed = Feed {
        writes: desk.writes(),
        closing: desk.closing(),
        desk,
        actor,
        last: after,
        pending: first.into(),
        follow,
        drained: false,
    };
    let stream = stream::unfold(feed, |mut feed| async move {
        let event = feed.next().await?;
        let sent = Event::default()
            .id(event.id.to_string())
            .event("ticket")
            .json_data(&event)
            .unwrap_or_else(|_| Event::default().comment("unreadable entry"));
        Some((Ok::<_, Infallible>(sent), feed))
    });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// One client's place in the desk's log.
struct Feed {
    desk: Arc<Desk>,
    actor: Actor,
    writes: watch::Receiver<u64>,
    closing: watch::Receiver<bool>,
    /// The id of the last entry sent.
    last: i64,
    /// Entries read and not sent yet.
    pending: VecDeque<LiveEvent>,
    follow: bool,
    /// A read came back short: the log has nothing more for now.
    drained: bool,
}

impl Feed {
    /// The next entry, waiting for one when following; `None` ends the stream.
    async fn next(&mut self) -> Option<LiveEvent> {
        loop {
            if *self.closing.borrow() {
                return None;
            }
            if let Some(event) = self.pending.pop_front() {
                self.last = event.id;
                return Some(event);
            }
            if self.drained {
                if !self.follow {
                    return None;
                }
                // This process wrote, or it is time to look for what other
                // processes wrote, or the server is stopping.
                tokio::select! {
                    changed = self.writes.changed() => {
                        if changed.is_err() {
                            return None;
                        }
                    }
                    _ = self.closing.wait_for(|closing| *closing) => return None,
                    () = tokio::time::sleep(POLL) => {}
                }
            }
            // The log is read again after every wait; an error ends the
            // stream and the client resumes from its last id.
            let read = self.desk.live_after(&self.actor, self.last, BATCH).await;
            let Ok(events) = read else {
                tracing::warn!("a live stream could not read the log");
                return None;
            };
            self.drained = (events.len() as i64) < BATCH;
            self.pending.extend(events);
        }
    }
}
