//! Persistence of accounts, their tokens and the sign-in throttle.

use super::StoreError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use firstline_app::api::{ApiTokenInfo, DisplayTokenInfo};
use firstline_app::domain::{DeskId, DisplayId, Login, Role, User, UserId};

/// An account to create. A trainee's sandbox desk is created with it, in the
/// same transaction, when `sandbox` names one.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub login: Login,
    pub display_name: String,
    pub role: Role,
    /// The desk the user works on, unless a sandbox is created for them.
    pub desk: DeskId,
    /// The name of a new sandbox desk that becomes the user's desk.
    pub sandbox: Option<String>,
    pub password_hash: String,
    pub at: DateTime<Utc>,
}

/// A user with what only the server may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRecord {
    pub user: User,
    pub password_hash: String,
    /// Sessions begun in an older epoch are no longer valid.
    pub session_epoch: i64,
}

/// A sign-in attempt to admit: its keys (the account's, the address's),
/// each key's limit, and the window.
#[derive(Clone, Copy, Debug)]
pub struct LoginAttempt<'a> {
    pub keys: &'a [String],
    /// The most attempts each key may have in the window, in the keys' order.
    pub limits: &'a [i64],
    /// Attempts since this count.
    pub since: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

/// Whether a sign-in attempt may go on to the password check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Admission {
    /// Checked now; the notes that stand as failures unless forgotten.
    Admitted { notes: Vec<i64> },
    /// A key has had its limit of attempts in the window.
    Refused,
}

/// What the accounts service needs from the database.
#[async_trait]
pub trait AccountStore: Send + Sync + 'static {
    /// How many accounts exist (zero on a fresh install).
    async fn count_users(&self) -> Result<i64, StoreError>;
    /// Creates an account; a taken login is a unique-constraint error.
    async fn create_user(&self, user: NewUser) -> Result<User, StoreError>;
    /// One account by id.
    async fn user(&self, id: UserId) -> Result<Option<UserRecord>, StoreError>;
    /// One account by login.
    async fn user_by_login(&self, login: &Login) -> Result<Option<UserRecord>, StoreError>;
    /// Every account, by login.
    async fn users(&self) -> Result<Vec<User>, StoreError>;
    /// Changes an account's role and whether it may sign in.
    async fn update_user(
        &self,
        id: UserId,
        role: Role,
        active: bool,
        at: DateTime<Utc>,
    ) -> Result<User, StoreError>;
    /// Ends every session of the account.
    async fn bump_session_epoch(&self, id: UserId, at: DateTime<Utc>) -> Result<(), StoreError>;

    /// Stores a new API token's hash.
    async fn create_api_token(
        &self,
        user: UserId,
        name: &str,
        hash: &str,
        prefix: &str,
        at: DateTime<Utc>,
    ) -> Result<ApiTokenInfo, StoreError>;
    /// A user's API tokens, newest first.
    async fn api_tokens(&self, user: UserId) -> Result<Vec<ApiTokenInfo>, StoreError>;
    /// Revokes one of the user's tokens; someone else's is not found.
    async fn revoke_api_token(
        &self,
        user: UserId,
        id: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// The owner of an unrevoked token, noting its use.
    async fn user_by_api_token(
        &self,
        hash: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<UserRecord>, StoreError>;

    /// Stores a new display token's hash.
    async fn create_display_token(
        &self,
        desk: DeskId,
        name: &str,
        hash: &str,
        prefix: &str,
        by: UserId,
        at: DateTime<Utc>,
    ) -> Result<DisplayTokenInfo, StoreError>;
    /// A desk's display tokens, newest first.
    async fn display_tokens(&self, desk: DeskId) -> Result<Vec<DisplayTokenInfo>, StoreError>;
    /// Revokes one of the desk's display tokens.
    async fn revoke_display_token(
        &self,
        desk: DeskId,
        id: DisplayId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// The unrevoked display token with this hash.
    async fn display_by_token(&self, hash: &str) -> Result<Option<DisplayTokenInfo>, StoreError>;

    /// Admits a sign-in attempt, or refuses it, atomically across
    /// processes: under a lock of the keys, attempts older than
    /// `forget_before` are forgotten, and the attempts under each key since
    /// `since` are counted. If any key has reached its limit, nothing is
    /// added and the attempt is refused; otherwise the attempt is noted
    /// under every key, as a failure until it is proven good, and the ids
    /// of its notes returned. So however many attempts arrive at once, no
    /// more than a key's limit are ever checked.
    async fn admit_login(&self, attempt: LoginAttempt<'_>) -> Result<Admission, StoreError>;
    /// Forgets notes of an attempt that proved good.
    async fn forget_login_notes(&self, ids: &[i64]) -> Result<(), StoreError>;
    /// Forgets the failures under a key (after a successful sign-in).
    async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError>;
}
