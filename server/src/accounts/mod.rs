//! The accounts service: sign-in with throttling, who a request is, the team
//! of accounts, API and display tokens, and the audit log. Like the desk
//! service, it asks [`Actor::may`] before every operation. One module per
//! job: `sign_in` (sign-in, sign-out and who a request is), `team`
//! (accounts and roles), `tokens` (API and display tokens), `audit` (the
//! audit log), `throttle` and `secrets`.

mod audit;
mod secrets;
mod sign_in;
mod team;
mod throttle;
mod tokens;

pub use secrets::{Token, TokenKind, hex, token_hash};
pub use sign_in::{LoginError, SessionAuth};
pub use throttle::Throttle;

use crate::desk::Clock;
use crate::store::{Database, StoreError};
use chrono::{DateTime, Utc};
use firstline_app::domain::{User, UserId};
use std::sync::Arc;

/// The accounts service.
pub struct Accounts {
    /// Accounts, tokens, the throttle's failures and the audit log.
    store: Arc<dyn Database>,
    /// The only source of "now".
    clock: Arc<dyn Clock>,
    /// Limits on failed sign-ins.
    throttle: Throttle,
}

impl Accounts {
    /// The service over a store.
    pub fn new(store: Arc<dyn Database>, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            clock,
            throttle: Throttle::default(),
        }
    }

    /// Uses other throttle limits (tests shorten them).
    pub fn with_throttle(mut self, throttle: Throttle) -> Self {
        self.throttle = throttle;
        self
    }

    /// One account, for "who am I".
    pub async fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        Ok(self.store.user(id).await?.map(|r| r.user))
    }

    /// Whether any account exists yet.
    pub async fn has_users(&self) -> Result<bool, StoreError> {
        Ok(self.store.count_users().await? > 0)
    }

    /// The current time, for callers that report it.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}
