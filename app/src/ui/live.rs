//! Following the desk as it changes: the browser subscribes to the desk's
//! live event stream ([`EVENTS_PATH`](crate::api::EVENTS_PATH)) and the page reloads its data when
//! an entry arrives. Each entry carries the server's time, which keeps the
//! page's countdowns on the server's clock.
//!
//! The browser's `EventSource` reconnects by itself after a dropped
//! connection and resumes from the last entry it saw. When the server
//! refuses it instead (restarting, say), the stream is opened again a few
//! seconds later, resuming from the same entry, for as long as the page
//! lives.

use crate::api::LiveEvent;
use crate::domain::TicketNumber;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The state of the page's connection to the live stream.
// Only the browser follows the stream; the server renders `Connecting`.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// Opening, or rendered on the server.
    Connecting,
    /// Receiving the desk's changes.
    Live,
    /// Cut off since then; reconnecting.
    Lost { since: DateTime<Utc> },
}

/// Calls `on_change` with each new entry of the desk's log, for as long as
/// the calling component lives, and says how the connection stands. Only in
/// the browser: a page rendered on the server is current as it is sent.
pub fn follow_desk(on_change: impl Fn(LiveEvent) + 'static) -> ReadSignal<Connection> {
    follow(on_change, None)
}

/// As [`follow_desk`], and also calls `on_presence` with the ticket whose
/// visitors changed.
pub fn follow_desk_and_presence(
    on_change: impl Fn(LiveEvent) + 'static,
    on_presence: impl Fn(TicketNumber) + 'static,
) -> ReadSignal<Connection> {
    follow(on_change, Some(Box::new(on_presence)))
}

fn follow(
    on_change: impl Fn(LiveEvent) + 'static,
    on_presence: Option<Box<dyn Fn(TicketNumber)>>,
) -> ReadSignal<Connection> {
    let (connection, set_connection) = signal(Connection::Connecting);
    #[cfg(feature = "hydrate")]
    browser::follow(on_change, on_presence, set_connection);
    #[cfg(not(feature = "hydrate"))]
    let _ = (on_change, on_presence, set_connection);
    connection
}

/// Calls `on_change` once the desk's log has gained entries (see
/// [`follow_desk`]); a burst of entries makes one call. Says how the
/// connection stands.
pub fn on_desk_change(on_change: impl Fn() + 'static) -> ReadSignal<Connection> {
    let on_change = coalesced(on_change);
    follow_desk(move |_| on_change())
}

/// How long a burst of entries is gathered before a page reloads its data.
#[cfg(feature = "hydrate")]
const GATHER_MS: u32 = 150;

/// `f`, called once shortly after a burst of calls rather than once per
/// call, and never after the calling component is gone.
fn coalesced(f: impl Fn() + 'static) -> impl Fn() + 'static {
    #[cfg(feature = "hydrate")]
    {
        use std::cell::Cell;
        use std::rc::Rc;
        let alive = Rc::new(Cell::new(true));
        let waiting = Rc::new(Cell::new(false));
        let f = Rc::new(f);
        {
            let alive = Rc::clone(&alive);
            let kept = StoredValue::new_local(alive);
            on_cleanup(move || kept.with_value(|alive| alive.set(false)));
        }
        move || {
            if waiting.replace(true) {
                return;
            }
            let (alive, waiting, f) = (Rc::clone(&alive), Rc::clone(&waiting), Rc::clone(&f));
            gloo_timers::callback::Timeout::new(GATHER_MS, move || {
                waiting.set(false);
                if alive.get() {
                    f();
                }
            })
            .forget();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    f
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Connection;
    use crate::api::{EVENTS_PATH, LiveEvent, PresenceChanged, Ready, Topic};
    use crate::domain::TicketNumber;
    use crate::ui::clock::ServerClock;
    use leptos::prelude::*;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::{EventSource, MessageEvent};

    /// A handler of the stream's events.
    type Handler = Closure<dyn Fn(web_sys::Event)>;

    /// How long to wait before opening a stream the server refused.
    const REOPEN_MS: u32 = 3_000;

    /// The page's stream and what it needs to open it again.
    struct Link {
        source: RefCell<Option<EventSource>>,
        /// The last entry seen, to resume from.
        last: Cell<Option<i64>>,
        /// The page left: nothing is opened again.
        closed: Cell<bool>,
        on_change: Box<dyn Fn(LiveEvent)>,
        on_presence: Option<Box<dyn Fn(TicketNumber)>>,
        set_connection: WriteSignal<Connection>,
        clock: Option<ServerClock>,
        /// The handlers, kept alive while the stream is.
        handlers: RefCell<Vec<Handler>>,
    }

    pub(super) fn follow(
        on_change: impl Fn(LiveEvent) + 'static,
        on_presence: Option<Box<dyn Fn(TicketNumber)>>,
        set_connection: WriteSignal<Connection>,
    ) {
        let link = Rc::new(Link {
            source: RefCell::new(None),
            last: Cell::new(None),
            closed: Cell::new(false),
            on_change: Box::new(on_change),
            on_presence,
            set_connection,
            clock: use_context::<ServerClock>(),
            handlers: RefCell::new(Vec::new()),
        });
        open(&link);
        let kept = StoredValue::new_local(link);
        on_cleanup(move || {
            kept.with_value(|link| {
                link.closed.set(true);
                if let Some(source) = link.source.borrow_mut().take() {
                    source.close();
                }
                link.handlers.borrow_mut().clear();
            });
        });
    }

    impl Link {
        /// Remembers the furthest position seen, to resume from.
        fn seen(&self, id: i64) {
            self.last.set(Some(id.max(self.last.get().unwrap_or(0))));
        }
    }

    /// Calls `on_event` with the JSON data of each `name` event; data that
    /// does not read as `T` is dropped.
    fn listen<T: serde::de::DeserializeOwned>(
        source: &EventSource,
        handlers: &mut Vec<Handler>,
        name: &str,
        on_event: impl Fn(T) + 'static,
    ) {
        let handler = Handler::new(move |event: web_sys::Event| {
            let data = event
                .dyn_ref::<MessageEvent>()
                .and_then(|message| message.data().as_string())
                .and_then(|data| serde_json::from_str::<T>(&data).ok());
            if let Some(data) = data {
                on_event(data);
            }
        });
        // Adding a listener fails only for an invalid name.
        let _ = source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
        handlers.push(handler);
    }

    fn open(link: &Rc<Link>) {
        if link.closed.get() {
            return;
        }
        let url = match link.last.get() {
            Some(last) => format!("{EVENTS_PATH}?after={last}"),
            None => EVENTS_PATH.to_owned(),
        };
        let Ok(source) = EventSource::new(&url) else {
            return;
        };
        let mut handlers = Vec::new();
        for topic in Topic::ALL {
            let link = Rc::clone(link);
            listen(
                &source,
                &mut handlers,
                topic.as_str(),
                move |entry: LiveEvent| {
                    link.seen(entry.id);
                    if let Some(clock) = link.clock {
                        clock.observe(entry.server_now);
                    }
                    link.set_connection.set(Connection::Live);
                    (link.on_change)(entry);
                },
            );
        }
        // The stream's starting position: resume from it even before the
        // first entry arrives.
        let ready = Rc::clone(link);
        listen(&source, &mut handlers, Ready::EVENT, move |start: Ready| {
            ready.seen(start.after);
            ready.set_connection.set(Connection::Live);
        });
        if link.on_presence.is_some() {
            let link = Rc::clone(link);
            listen(
                &source,
                &mut handlers,
                PresenceChanged::EVENT,
                move |moved: PresenceChanged| {
                    if let Some(on_presence) = &link.on_presence {
                        on_presence(moved.number);
                    }
                },
            );
        }
        let opened = {
            let link = Rc::clone(link);
            Handler::new(move |_| {
                link.set_connection.set(Connection::Live);
            })
        };
        source.set_onopen(Some(opened.as_ref().unchecked_ref()));
        handlers.push(opened);
        let failed = {
            let link = Rc::clone(link);
            Handler::new(move |_| {
                let since = chrono::Utc::now();
                link.set_connection.update(|connection| {
                    if !matches!(connection, Connection::Lost { .. }) {
                        *connection = Connection::Lost { since };
                    }
                });
                let refused = link
                    .source
                    .borrow()
                    .as_ref()
                    .is_some_and(|source| source.ready_state() == EventSource::CLOSED);
                if refused {
                    // The browser gave up on this stream: open another.
                    let link = Rc::clone(&link);
                    gloo_timers::callback::Timeout::new(REOPEN_MS, move || open(&link)).forget();
                }
            })
        };
        source.set_onerror(Some(failed.as_ref().unchecked_ref()));
        handlers.push(failed);
        if let Some(previous) = link.source.borrow_mut().replace(source) {
            previous.close();
        }
        *link.handlers.borrow_mut() = handlers;
    }
}
