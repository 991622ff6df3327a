//! `GET /api/v1/events`: the desk's live event stream (Server-Sent Events).
//!
//! Each entry of the actor's desk's log is sent once, in order, with its id
//! (its position in the log). A client that reconnects with
//! `Last-Event-ID` (or `?after=`) gets every entry after that one, read
//! from the log, so nothing is lost across a dropped connection or a server
//! restart. After that, the stream sends what the process's live feed
//! publishes: entries any process wrote, read from the log once for every
//! stream. Each entry is sent under its topic's event name (`registered`,
//! `stage`, `clock`, `escalated`, `swarm`, `changed`). The first event,
//! `ready`, carries the position the stream starts after as its id, so that
//! a client that drops before its first entry still resumes from there.

use super::extract::Caller;
use super::{AppState, Endpoint, Problem};
use crate::desk::{Desk, DeskError, Published};
use axum::{
    extract::{Query, State},
    http::HeaderMap,
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
    routing::get,
};
use firstline_app::api::{EVENTS_PATH, LiveEvent, PresenceChanged, Ready};
use firstline_app::domain::{Actor, Field, FieldError, Reason, TicketNumber};
use futures_util::stream;
use serde::Deserialize;
use std::collections::{HashSet, VecDeque};
use std::convert::Infallible;
use std::sync::Arc;
use tokio::sync::{broadcast, watch};

pub fn endpoints() -> Vec<Endpoint> {
    vec![Endpoint::new("GET", EVENTS_PATH, get(events))]
}

/// How many log entries one read takes.
const BATCH: i64 = 200;

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
        Some(raw) => position(&raw).map_err(|e| DeskError::Invalid(e.into()))?,
        None => desk.live_start(&actor).await?,
    };
    // Refuse a caller who may not follow the desk before the stream starts.
    let subscription = desk.follow(&actor).await?;
    let follower = Follower {
        closing: desk.closing(),
        desk,
        actor,
        entries: subscription.entries,
        watermark: subscription.watermark,
        last: after,
        pending: VecDeque::from([Outgoing::Ready(after)]),
        catching_up: true,
        read_twice: HashSet::new(),
        follow: query.follow.unwrap_or(true),
    };
    let stream = stream::unfold(follower, |mut follower| async move {
        let sent = match follower.next().await? {
            Outgoing::Entry(event) => Event::default()
                .id(event.id.to_string())
                .event(event.topic.as_str())
                .json_data(&event),
            // Not an entry of the log: no id, nothing to resume from.
            Outgoing::Presence(number) => Event::default()
                .event(PresenceChanged::EVENT)
                .json_data(PresenceChanged { number }),
            // Where the stream starts, as an id: a client that has seen
            // nothing yet resumes from here, not from wherever the log
            // ends by the time it reconnects.
            Outgoing::Ready(after) => Event::default()
                .id(after.to_string())
                .event(Ready::EVENT)
                .json_data(Ready { after }),
        }
        .unwrap_or_else(|_| Event::default().comment("unreadable entry"));
        Some((Ok::<_, Infallible>(sent), follower))
    });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// One client's place in its desk's log: first what it missed, read from
/// the log, then what the process's live feed publishes.
struct Follower {
    desk: Arc<Desk>,
    actor: Actor,
    entries: broadcast::Receiver<Arc<Published>>,
    /// Only entries above this id can be both read and published.
    watermark: i64,
    closing: watch::Receiver<bool>,
    /// The largest id sent.
    last: i64,
    /// What to send.
    pending: VecDeque<Outgoing>,
    /// Still reading what was missed from the log.
    catching_up: bool,
    /// Entries read from the log that the feed may publish again.
    read_twice: HashSet<i64>,
    follow: bool,
}

/// One thing a stream sends.
enum Outgoing {
    Entry(LiveEvent),
    /// Who is on this ticket changed: people's pages ask again.
    Presence(TicketNumber),
    /// The stream's first event: the position it starts after.
    Ready(i64),
}

impl Follower {
    /// The next thing to send, waiting for one when following; `None` ends
    /// the stream.
    async fn next(&mut self) -> Option<Outgoing> {
        loop {
            if *self.closing.borrow() {
                return None;
            }
            if let Some(next) = self.pending.pop_front() {
                if let Outgoing::Entry(event) = &next {
                    self.last = self.last.max(event.id);
                }
                return Some(next);
            }
            if self.catching_up {
                // An error ends the stream; the client resumes from its last id.
                let Ok(page) = self.desk.live_after(&self.actor, self.last, BATCH).await else {
                    tracing::warn!("a live stream could not read the log");
                    return None;
                };
                self.catching_up = page.len() as i64 == BATCH;
                let watermark = self.watermark;
                self.read_twice
                    .extend(page.iter().map(|e| e.id).filter(|id| *id > watermark));
                self.pending.extend(page.into_iter().map(Outgoing::Entry));
                continue;
            }
            if !self.follow {
                return None;
            }
            tokio::select! {
                published = self.entries.recv() => match published.as_deref() {
                    Ok(Published::Entry { desk, event, .. }) => {
                        if *desk == self.actor.desk && !self.read_twice.remove(&event.id) {
                            self.pending.push_back(Outgoing::Entry(event.clone()));
                        }
                    }
                    // Presence is for people; a wall display has no use for it.
                    Ok(Published::Presence { desk, number }) => {
                        if *desk == self.actor.desk && self.actor.role().is_some() {
                            self.pending.push_back(Outgoing::Presence(*number));
                        }
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        // Too far behind: follow from now on and read what
                        // was skipped from the log.
                        self.entries = self.entries.resubscribe();
                        self.watermark = self.desk.feed_watermark();
                        self.catching_up = true;
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = self.closing.wait_for(|closing| *closing) => return None,
            }
        }
    }
}
