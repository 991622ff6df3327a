//! Following the ticket behind a status link: the page opens its stream
//! ([`STATUS_EVENTS_PATH`](crate::api::STATUS_EVENTS_PATH)) and asks for
//! its view again whenever the stream says the view changed. The stream
//! carries nothing else.
//!
//! The browser's `EventSource` reconnects by itself after a dropped
//! connection. When the server refuses the stream (the link stopped
//! working, or the server is restarting), the page asks for its view
//! again, which shows the neutral page if the link is gone, and opens the
//! stream again a while later.

use leptos::prelude::*;

/// Calls `on_change` whenever the view of the ticket behind `token` may
/// have changed, for as long as the calling component lives, and once when
/// the stream opens (the view may have changed since the page was made).
/// A stream the server refused is opened again only while `working` says
/// the link still works. Says whether the stream is open. Only in the
/// browser: a page rendered on the server is current as it is sent.
pub fn follow_status(
    token: String,
    on_change: impl Fn() + 'static,
    working: impl Fn() -> bool + 'static,
) -> ReadSignal<bool> {
    let (open, set_open) = signal(false);
    #[cfg(feature = "hydrate")]
    browser::follow(token, on_change, working, set_open);
    #[cfg(not(feature = "hydrate"))]
    let _ = (token, on_change, working, set_open);
    open
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::api::{StatusChanged, status_events_path};
    use leptos::prelude::*;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    use wasm_bindgen::{JsCast, closure::Closure};
    use web_sys::EventSource;

    type Handler = Closure<dyn Fn(web_sys::Event)>;

    /// How long to wait before opening a stream the server refused: long
    /// enough that a link that stopped working is not tried over and over.
    const REOPEN_MS: u32 = 15_000;

    struct Link {
        url: String,
        source: RefCell<Option<EventSource>>,
        closed: Cell<bool>,
        on_change: Box<dyn Fn()>,
        working: Box<dyn Fn() -> bool>,
        set_open: WriteSignal<bool>,
        handlers: RefCell<Vec<Handler>>,
    }

    pub(super) fn follow(
        token: String,
        on_change: impl Fn() + 'static,
        working: impl Fn() -> bool + 'static,
        set_open: WriteSignal<bool>,
    ) {
        let link = Rc::new(Link {
            url: status_events_path(&token),
            source: RefCell::new(None),
            closed: Cell::new(false),
            on_change: Box::new(on_change),
            working: Box::new(working),
            set_open,
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

    fn open(link: &Rc<Link>) {
        if link.closed.get() {
            return;
        }
        let Ok(source) = EventSource::new(&link.url) else {
            return;
        };
        let changed = {
            let link = Rc::clone(link);
            Handler::new(move |_| (link.on_change)())
        };
        let ready = {
            let link = Rc::clone(link);
            Handler::new(move |_| {
                link.set_open.set(true);
                (link.on_change)();
            })
        };
        // Adding a listener fails only for an invalid name.
        for (name, handler) in [
            (StatusChanged::EVENT, &changed),
            (StatusChanged::READY, &ready),
        ] {
            let _ = source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
        }
        let failed = {
            let link = Rc::clone(link);
            Handler::new(move |_| {
                let refused = link
                    .source
                    .borrow()
                    .as_ref()
                    .is_some_and(|source| source.ready_state() == EventSource::CLOSED);
                link.set_open.set(false);
                if refused && !link.closed.get() {
                    (link.on_change)();
                    let link = Rc::clone(&link);
                    gloo_timers::callback::Timeout::new(REOPEN_MS, move || {
                        if (link.working)() {
                            open(&link);
                        }
                    })
                    .forget();
                }
            })
        };
        source.set_onerror(Some(failed.as_ref().unchecked_ref()));
        if let Some(previous) = link.source.borrow_mut().replace(source) {
            previous.close();
        }
        *link.handlers.borrow_mut() = vec![changed, ready, failed];
    }
}
