//! The desk service: where the procedure's rules are applied with authority.
//!
//! It validates input with the shared domain code, judges priorities under the
//! SLA policy, keeps every ticket's clocks up to date, decides who may do
//! what, and hands complete changes to the store, which writes each one in a
//! single transaction. It returns the views both edges send (the server
//! functions and the JSON API), so neither builds one of its own.
//!
//! One module per job:
//!
//! | Module | Job |
//! |---|---|
//! | `tickets` | registration (R01–R03), reclassification and every other action on a ticket |
//! | `views` | what the pages and the API read: the intake setup, the queue, one ticket |
//! | `listing` | the ticket list: every ticket, filtered and paged |
//! | `live` | the live stream's reads of the log |
//! | `feed` | the process's one reader of every desk's log, and its broadcast |
//! | `presence` | who has a ticket open |
//! | `reporter` | the reporter's status link: issuing, renewing, what it opens, the reporter's answer |
//! | `outbox` | messages to reporters: which change queues one, what a sender needs to write it |
//! | `wall` | the wall display's view |
//! | `knowledge` | knowledge articles: drafted from closed tickets, saved, published (R19) |
//! | `search` | search over the desk's tickets, in Chinese and English (R19) |
//! | `review` | post-incident reviews: what is left for the lead (R19) |
//! | `training` | training scenarios: the list trainees choose from, and the versions leads edit |
//! | `sweep` | the SLA scheduler: its pass and its background task |
//! | `book`, `policy`, `runbook` | versioned documents: the generic book, the SLA policy, the runbook |
//! | `clock`, `error` | the desk's clock; errors and the authorisation check |

mod book;
mod clock;
mod error;
mod feed;
mod knowledge;
mod listing;
mod live;
mod outbox;
mod policy;
mod presence;
mod reporter;
mod review;
mod runbook;
mod search;
mod sweep;
mod tickets;
mod training;
mod views;
mod wall;

pub use book::{Book, Edition};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{DeskError, require};
pub use feed::{Published, Subscription};
pub use outbox::Outgoing;
pub use policy::HeldPolicies;
pub use reporter::{LinkKey, LinkThrottle};
pub use sweep::{Scheduler, SweepPass};
pub use views::TicketClocks;

use crate::store::Database;
use chrono::{DateTime, FixedOffset, Utc};
use firstline_app::domain::{Language, Runbook, SlaPolicy};
use std::sync::Arc;

/// The desk service. Cheap to share: clone the `Arc` it lives in.
pub struct Desk {
    /// Where tickets, their logs and the accounts are kept.
    store: Arc<dyn Database>,
    /// The only source of "now" (server time is the only time).
    clock: Arc<dyn Clock>,
    /// The SLA policy versions, read from the store once each.
    policies: Book<SlaPolicy>,
    /// The runbook versions.
    runbooks: Book<Runbook>,
    /// The desk's time zone offset: form times are entered in it.
    utc_offset: FixedOffset,
    /// The language the desk writes to reporters in, unless a reporter has
    /// their own.
    language: Language,
    /// Derives the reporters' status-link tokens.
    link_key: LinkKey,
    /// How long a status link works after its ticket closes.
    link_lifetime: chrono::TimeDelta,
    /// Tries with status-link tokens that open nothing, per address.
    link_throttle: LinkThrottle,
    /// Whether messages to reporters are queued for a mail sender; without
    /// one, each is recorded as not sent.
    mail: bool,
    /// Woken when a message is queued, so that this process's sender sends
    /// it at once.
    outbox_wake: Arc<tokio::sync::Notify>,
    /// Every desk's log as it grows, read once for all live streams.
    feed: feed::Feed,
    /// Set when the server stops: live streams end, so that shutdown does
    /// not wait on clients that would follow the desk for ever.
    closing: tokio::sync::watch::Sender<bool>,
}

impl Desk {
    /// Creates the service over a store.
    pub fn new(store: Arc<dyn Database>, clock: Arc<dyn Clock>, utc_offset: FixedOffset) -> Self {
        let closing = tokio::sync::watch::Sender::new(false);
        Self {
            feed: feed::Feed::new(store.clone(), clock.clone(), closing.subscribe()),
            policies: Book::new(store.clone()),
            runbooks: Book::new(store.clone()),
            store,
            clock,
            utc_offset,
            language: Language::En,
            link_key: LinkKey::random(),
            link_lifetime: Self::LINK_LIFETIME,
            link_throttle: LinkThrottle::default(),
            mail: false,
            outbox_wake: Arc::new(tokio::sync::Notify::new()),
            closing,
        }
    }

    /// The same desk, writing to reporters in `language` unless they have
    /// their own.
    pub fn speaking(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    /// The same desk, deriving status links with `key`, which work for
    /// `lifetime` after their ticket closes.
    pub fn with_links(mut self, key: LinkKey, lifetime: chrono::TimeDelta) -> Self {
        self.link_key = key;
        self.link_lifetime = lifetime;
        self
    }

    /// The same desk, with other limits on tries with bad status links.
    pub fn with_link_throttle(mut self, throttle: LinkThrottle) -> Self {
        self.link_throttle = throttle;
        self
    }

    /// How long a status link works after its ticket closes, by default.
    pub const LINK_LIFETIME: chrono::TimeDelta = chrono::TimeDelta::days(30);

    /// The language the desk writes to reporters in by default.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Ends every live stream (the server is stopping).
    pub fn end_streams(&self) {
        self.closing.send_replace(true);
    }

    /// Becomes true when the server stops.
    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Tells the live feed that a log has new entries.
    fn wrote(&self) {
        self.feed.wake();
    }

    /// The current server time.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The versions of a document leads edit (the SLA policy, the runbook).
    pub fn book<T: Edition>(&self) -> &Book<T> {
        T::book(self)
    }

    /// The desk's offset from UTC.
    pub fn utc_offset(&self) -> FixedOffset {
        self.utc_offset
    }

    /// The desk's offset from UTC in seconds, as views carry it.
    fn offset_seconds(&self) -> i32 {
        self.utc_offset.local_minus_utc()
    }

    /// The store, for health checks and shutdown.
    pub fn store(&self) -> &Arc<dyn Database> {
        &self.store
    }
}
