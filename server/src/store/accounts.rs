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

    /// Notes a failed sign-in under each key, and forgets failures older
    /// than `forget_before`.
    async fn record_login_failure(
        &self,
        keys: &[String],
        at: DateTime<Utc>,
        forget_before: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Failed sign-ins under a key since a time.
    async fn login_failures(&self, key: &str, since: DateTime<Utc>) -> Result<i64, StoreError>;
    /// Forgets the failures under a key (after a successful sign-in).
    async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError>;
}
