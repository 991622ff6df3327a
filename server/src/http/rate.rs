//! Rate limits: how many requests a caller may make in a window, counted in
//! this process. A caller over its limit is refused with 429 and told when
//! to try again; other callers are not slowed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A limit of `capacity` requests per `window` for each key.
#[derive(Debug)]
pub struct RateLimit {
    capacity: u32,
    window: Duration,
    /// Each key's current window. A std mutex: it is held only to count.
    windows: Mutex<HashMap<String, Window>>,
}

/// One key's count in its current window.
#[derive(Clone, Copy, Debug)]
struct Window {
    started: Instant,
    used: u32,
}

/// Beyond this many keys, windows that have ended are forgotten, so the
/// limiter's memory stays bounded however many callers come and go.
const KEYS_KEPT: usize = 10_000;

impl RateLimit {
    /// A limit of `capacity` requests per `window`.
    pub fn new(capacity: u32, window: Duration) -> Self {
        Self {
            capacity,
            window,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request of `key` at `now`; refuses it with the time until
    /// the key's window ends when the key has used its capacity.
    pub fn take(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let mut windows = self.windows.lock().expect("rate limit poisoned");
        if windows.len() >= KEYS_KEPT {
            let window = self.window;
            windows.retain(|_, w| now.duration_since(w.started) < window);
        }
        let current = windows.entry(key.to_owned()).or_insert(Window {
            started: now,
            used: 0,
        });
        if now.duration_since(current.started) >= self.window {
            *current = Window {
                started: now,
                used: 0,
            };
        }
        if current.used >= self.capacity {
            return Err(self.window - now.duration_since(current.started));
        }
        current.used += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_over_its_limit_waits_for_its_window_and_others_do_not() {
        let limit = RateLimit::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        assert_eq!(limit.take("a", t0), Ok(()));
        assert_eq!(limit.take("a", t0), Ok(()));
        assert_eq!(
            limit.take("a", t0 + Duration::from_secs(20)),
            Err(Duration::from_secs(40))
        );
        assert_eq!(limit.take("b", t0 + Duration::from_secs(20)), Ok(()));
        assert_eq!(limit.take("a", t0 + Duration::from_secs(60)), Ok(()));
    }

    #[test]
    fn ended_windows_are_forgotten_when_many_keys_have_come() {
        let limit = RateLimit::new(1, Duration::from_secs(1));
        let t0 = Instant::now();
        for key in 0..KEYS_KEPT {
            limit.take(&key.to_string(), t0).unwrap();
        }
        limit.take("new", t0 + Duration::from_secs(2)).unwrap();
        assert_eq!(limit.windows.lock().unwrap().len(), 1);
    }
}
