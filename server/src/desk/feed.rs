//! The process's live feed: the logs of every desk are read once, as they
//! grow, and each new entry is handed to every live stream of this process.
//!
//! The feed reads when this process writes, when the database says another
//! process wrote (PostgreSQL's LISTEN/NOTIFY), and at a steady poll
//! otherwise. PostgreSQL also carries presence changes from every process.
//! On PostgreSQL, log ids are taken when a transaction inserts
//! and become visible when it commits, so an entry can appear after one
//! with a larger id. The feed remembers the ids it skipped over and keeps
//! looking for them for a while ([`SETTLE`]), so such an entry is still
//! published, once.

use super::clock::Clock;
use crate::store::{Announcements, LogEntry, LogScope, LogStore};
use firstline_app::api::LiveEvent;
use firstline_app::domain::{DeskId, TicketNumber, changes_status};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, OnceCell, broadcast, watch};

/// How many log entries one read takes.
const BATCH: i64 = 500;

/// How long an id skipped over is looked for: longer than any write
/// transaction runs.
const SETTLE: Duration = Duration::from_secs(10);

/// Skips larger than this are not gaps to wait for (a restore moved the
/// ids on, say).
const MAX_GAP: i64 = 1_000;

/// How many entries a stream may fall behind before it reads the log
/// itself to catch up.
const CAPACITY: usize = 4_096;

/// How often the log is read when nothing said it grew: often when only
/// polling finds other processes' entries, rarely when the database
/// announces them.
const POLL: Duration = Duration::from_secs(1);
const POLL_WHEN_ANNOUNCED: Duration = Duration::from_secs(5);

/// What the feed hands to the streams.
#[derive(Clone, Debug)]
pub enum Published {
    /// A new entry of some desk's log; `reporter` says whether it changes
    /// what the reporter's status page shows.
    Entry {
        desk: DeskId,
        event: LiveEvent,
        reporter: bool,
    },
    /// Someone opened, left, or started or stopped editing a ticket.
    Presence { desk: DeskId, number: TicketNumber },
}

/// The feed, shared by the desk service and its streams.
pub struct Feed {
    store: Arc<dyn LogStore>,
    clock: Arc<dyn Clock>,
    sender: broadcast::Sender<Arc<Published>>,
    /// Rung when this process writes, or the database announces a write.
    wake: Arc<Notify>,
    /// No entry with this id or less is published any more.
    watermark: Arc<AtomicI64>,
    closing: watch::Receiver<bool>,
    /// Set once the reading task runs.
    started: OnceCell<()>,
}

/// A stream's place in the feed.
pub struct Subscription {
    pub entries: broadcast::Receiver<Arc<Published>>,
    /// Entries with ids up to this were published before the subscription:
    /// the stream reads them from the log, and only those above it can
    /// arrive twice (once read, once published).
    pub watermark: i64,
}

impl Feed {
    pub fn new(
        store: Arc<dyn LogStore>,
        clock: Arc<dyn Clock>,
        closing: watch::Receiver<bool>,
    ) -> Self {
        Self {
            store,
            clock,
            sender: broadcast::Sender::new(CAPACITY),
            wake: Arc::new(Notify::new()),
            watermark: Arc::new(AtomicI64::new(0)),
            closing,
            started: OnceCell::new(),
        }
    }

    /// Says that this process wrote to a log.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Follows the feed. The first subscription starts the reading task
    /// and waits until it knows where the log ends, so an entry written
    /// after this returns is published, and one written before is in the
    /// log for the caller to read.
    pub async fn subscribe(&self) -> Result<Subscription, crate::store::StoreError> {
        self.started
            .get_or_try_init(|| async {
                let newest = self.store.last_event_id(LogScope::All).await?;
                self.watermark.store(newest, Ordering::SeqCst);
                let sender = self.sender.clone();
                let announcements = Announcements {
                    log: self.wake.clone(),
                    presence: Arc::new(move |desk, number| publish_presence(&sender, desk, number)),
                };
                let announced = self
                    .store
                    .follow_announcements(announcements, self.closing.clone());
                let reader = Reader {
                    store: self.store.clone(),
                    clock: self.clock.clone(),
                    sender: self.sender.clone(),
                    wake: self.wake.clone(),
                    watermark: self.watermark.clone(),
                    closing: self.closing.clone(),
                    cursor: Cursor::new(newest),
                    poll: if announced { POLL_WHEN_ANNOUNCED } else { POLL },
                };
                tokio::spawn(reader.run());
                Ok::<_, crate::store::StoreError>(())
            })
            .await?;
        let entries = self.sender.subscribe();
        Ok(Subscription {
            entries,
            watermark: self.watermark.load(Ordering::SeqCst),
        })
    }

    /// Tells this process's streams that who is on a ticket changed.
    pub fn presence_changed(&self, desk: DeskId, number: TicketNumber) {
        publish_presence(&self.sender, desk, number);
    }

    /// Where the feed is now: entries up to this id are not published again.
    pub fn watermark(&self) -> i64 {
        self.watermark.load(Ordering::SeqCst)
    }
}

/// Hands a presence change to the streams.
fn publish_presence(
    sender: &broadcast::Sender<Arc<Published>>,
    desk: DeskId,
    number: TicketNumber,
) {
    // No stream listening is not an error.
    let _ = sender.send(Arc::new(Published::Presence { desk, number }));
}

/// The task that reads the logs and publishes what is new.
struct Reader {
    store: Arc<dyn LogStore>,
    clock: Arc<dyn Clock>,
    sender: broadcast::Sender<Arc<Published>>,
    wake: Arc<Notify>,
    watermark: Arc<AtomicI64>,
    closing: watch::Receiver<bool>,
    cursor: Cursor,
    poll: Duration,
}

impl Reader {
    async fn run(mut self) {
        loop {
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(self.poll) => {}
                _ = self.closing.wait_for(|closing| *closing) => return,
            }
            if let Err(error) = self.read().await {
                tracing::warn!(%error, "the live feed could not read the log; it tries again");
            }
            self.cursor.expire(Instant::now());
            self.watermark.store(self.cursor.floor(), Ordering::SeqCst);
        }
    }

    /// Reads everything past the cursor and publishes what is new.
    async fn read(&mut self) -> Result<(), crate::store::StoreError> {
        let mut after = self.cursor.floor();
        loop {
            let page = self.store.events_after(LogScope::All, after, BATCH).await?;
            let now = self.clock.now();
            let seen = Instant::now();
            for LogEntry {
                desk,
                number,
                event,
            } in &page
            {
                after = event.id;
                if self.cursor.admit(event.id, seen) {
                    // No stream listening is not an error.
                    let _ = self.sender.send(Arc::new(Published::Entry {
                        desk: *desk,
                        event: LiveEvent::new(*number, event, now),
                        reporter: changes_status(&event.change),
                    }));
                }
            }
            if (page.len() as i64) < BATCH {
                return Ok(());
            }
        }
    }
}

/// Which ids have been published: all up to `high`, except the gaps, which
/// may still commit.
#[derive(Debug)]
struct Cursor {
    high: i64,
    /// Ids skipped over, with when they were first missed.
    gaps: BTreeMap<i64, Instant>,
}

impl Cursor {
    fn new(high: i64) -> Self {
        Self {
            high,
            gaps: BTreeMap::new(),
        }
    }

    /// Reads start after this id: below the oldest gap, or at the top.
    fn floor(&self) -> i64 {
        self.gaps
            .keys()
            .next()
            .map_or(self.high, |gap| gap - 1)
            .min(self.high)
    }

    /// Whether the entry `id` is new (to be published); remembers it.
    fn admit(&mut self, id: i64, seen: Instant) -> bool {
        if id > self.high {
            if id - self.high <= MAX_GAP {
                for missing in self.high + 1..id {
                    self.gaps.insert(missing, seen);
                }
            }
            self.high = id;
            true
        } else {
            self.gaps.remove(&id).is_some()
        }
    }

    /// Stops looking for ids that never committed.
    fn expire(&mut self, now: Instant) {
        self.gaps
            .retain(|_, missed| now.duration_since(*missed) < SETTLE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_is_admitted_once() {
        let mut cursor = Cursor::new(10);
        let now = Instant::now();
        assert!(!cursor.admit(9, now), "before the start");
        assert!(cursor.admit(11, now));
        assert!(!cursor.admit(11, now), "again");
        assert_eq!(cursor.floor(), 11);
    }

    #[test]
    fn an_id_that_commits_late_is_still_published_once() {
        let mut cursor = Cursor::new(10);
        let now = Instant::now();
        // 11 and 12 are still in their transactions when 13 commits.
        assert!(cursor.admit(13, now));
        assert_eq!(cursor.floor(), 10, "reads go back to the first gap");
        assert!(cursor.admit(12, now));
        assert_eq!(cursor.floor(), 10);
        assert!(cursor.admit(11, now));
        assert!(!cursor.admit(11, now));
        assert_eq!(cursor.floor(), 13, "no gap left");
    }

    #[test]
    fn a_gap_that_never_commits_is_given_up_after_the_settle_time() {
        let mut cursor = Cursor::new(10);
        let then = Instant::now();
        assert!(cursor.admit(12, then));
        cursor.expire(then + SETTLE / 2);
        assert_eq!(cursor.floor(), 10, "still looked for");
        cursor.expire(then + SETTLE);
        assert_eq!(cursor.floor(), 12, "rolled back, forgotten");
        assert!(!cursor.admit(11, then + SETTLE), "too late to publish");
    }

    #[test]
    fn a_large_jump_is_not_a_gap() {
        let mut cursor = Cursor::new(10);
        assert!(cursor.admit(10 + MAX_GAP + 5, Instant::now()));
        assert_eq!(cursor.floor(), 10 + MAX_GAP + 5);
    }
}
