//! The sign-in throttle: too many failures for one account, or from one
//! address, within a window block further attempts until the window moves
//! on. Failures are kept in the database, so every process sees them.

use crate::store::{AccountStore, StoreError};
use chrono::{DateTime, TimeDelta, Utc};

/// Limits on failed sign-ins.
#[derive(Clone, Copy, Debug)]
pub struct Throttle {
    /// How far back failures count.
    pub window: TimeDelta,
    /// Failures for one login within the window before it is blocked.
    pub per_account: i64,
    /// Failures from one address within the window before it is blocked
    /// (higher: several people may share an office's address).
    pub per_address: i64,
}

impl Default for Throttle {
    fn default() -> Self {
        Self {
            window: TimeDelta::minutes(15),
            per_account: 5,
            per_address: 20,
        }
    }
}

impl Throttle {
    /// Seconds until another attempt is allowed, if any key is blocked.
    /// `keys` are the account key, then the address key.
    pub async fn blocked(
        &self,
        store: &dyn AccountStore,
        keys: &[String; 2],
        now: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        let since = now - self.window;
        let limits = [self.per_account, self.per_address];
        for (key, limit) in keys.iter().zip(limits) {
            if store.login_failures(key, since).await? >= limit {
                // Conservative: a full window from now, not from the oldest failure.
                return Ok(Some(self.window.num_seconds()));
            }
        }
        Ok(None)
    }
}
