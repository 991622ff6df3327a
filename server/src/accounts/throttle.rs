//! The sign-in throttle: too many failures for one account, or from one
//! address, within a window block further attempts until the window moves
//! on. Attempts are admitted and noted in the database, atomically, before
//! the password is checked, so every process sees them and none can be
//! raced past the limit.

use crate::store::{AccountStore, Admission, LoginAttempt, StoreError};
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
    /// Admits an attempt under `keys` (the account's, then the address's)
    /// at `now`: the ids of its notes, which count as failures unless
    /// forgotten, or `None` when a key has had its limit of attempts in the
    /// window.
    pub async fn admit(
        &self,
        store: &dyn AccountStore,
        keys: &[String; 2],
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<i64>>, StoreError> {
        let attempt = LoginAttempt {
            keys,
            limits: &[self.per_account, self.per_address],
            since: now - self.window,
            now,
        };
        Ok(match store.admit_login(attempt).await? {
            Admission::Admitted { notes } => Some(notes),
            Admission::Refused => None,
        })
    }
}
