//! The desk's clock. Tests and the sandbox use a [`ManualClock`].

use chrono::{DateTime, SubsecRound as _, TimeDelta, Utc};
use std::sync::Mutex;

/// The source of "now" for the desk service.
pub trait Clock: Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    /// Milliseconds are the precision every store keeps, so a ticket reads
    /// back exactly as it was written.
    fn now(&self) -> DateTime<Utc> {
        Utc::now().trunc_subsecs(3)
    }
}

/// A clock that moves only when told to.
#[derive(Debug)]
pub struct ManualClock {
    /// A std mutex is enough: it is held only to read or bump the value.
    now: Mutex<DateTime<Utc>>,
}

impl ManualClock {
    /// A clock standing at `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            now: Mutex::new(now),
        }
    }

    /// Moves the clock forward (or back, for a negative delta).
    pub fn advance(&self, by: TimeDelta) {
        *self.now.lock().expect("clock lock poisoned") += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().expect("clock lock poisoned")
    }
}
