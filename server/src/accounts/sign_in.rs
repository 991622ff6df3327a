//! Signing in and out, and who a request is: a session's account or a
//! bearer token's owner (or wall display).

use super::secrets::{TokenKind, token_hash};
use super::{Accounts, secrets};
use crate::store::{AuditAction, StoreError, UserRecord};
use firstline_app::domain::{Actor, AuditDetail, Caller, Login, Role, User, UserId};
use serde::{Deserialize, Serialize};
use tracing::instrument;

/// What a signed-in session remembers: whose it is, and the epoch it began
/// in (bumping the user's epoch ends it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAuth {
    pub user: i64,
    pub epoch: i64,
}

/// Why a sign-in failed.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// The login and password do not match an active account. Which of them
    /// was wrong is not told.
    #[error("wrong login or password")]
    WrongCredentials,
    /// Too many recent failures for this account or address.
    #[error("too many failed sign-ins; retry in {retry_after_secs} s")]
    Throttled { retry_after_secs: i64 },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for LoginError {
    fn from(error: StoreError) -> Self {
        LoginError::Internal(anyhow::Error::new(error).context("Failed to use the store"))
    }
}

impl Accounts {
    /// Signs a person in: the throttle first, then the password. The
    /// throttle admits the attempt atomically, in the database, before the
    /// password is checked, so simultaneous attempts for one account (from
    /// any number of processes) get no more checks than its limit. Every
    /// attempt is audited; a failure does not say which part was wrong.
    #[instrument(skip(self, password), fields(login = %login))]
    pub async fn login(
        &self,
        login: &str,
        password: &str,
        address: &str,
    ) -> Result<(User, SessionAuth), LoginError> {
        let now = self.clock.now();
        let subject = login.trim().to_lowercase();
        let keys = [format!("login:{subject}"), format!("addr:{address}")];
        let notes = self.throttle.admit(self.store.as_ref(), &keys, now).await?;
        let Some(notes) = notes else {
            let retry_after_secs = self.throttle.window.num_seconds();
            self.record(
                "",
                AuditAction::LoginBlocked,
                &subject,
                address,
                String::new(),
            )
            .await?;
            return Err(LoginError::Throttled { retry_after_secs });
        };
        let record = match Login::parse(login) {
            Ok(login) => self.store.user_by_login(&login).await?,
            Err(_) => None,
        };
        let hash = record.as_ref().map(|r| r.password_hash.clone());
        let matches = secrets::verify_password_blocking(password.to_owned(), hash).await;
        match record {
            Some(record) if matches && record.user.active => {
                // The attempt was good: the account's failures are forgotten,
                // and the address is not counted for it.
                self.store.clear_login_failures(&keys[0]).await?;
                self.store.forget_login_notes(&notes).await?;
                self.record(
                    &record.user.display_name,
                    AuditAction::Login,
                    &subject,
                    address,
                    String::new(),
                )
                .await?;
                let auth = SessionAuth {
                    user: record.user.id.0,
                    epoch: record.session_epoch,
                };
                Ok((record.user, auth))
            }
            record => {
                let detail = match record {
                    Some(r) if !r.user.active => AuditDetail::InactiveAccount,
                    Some(_) => AuditDetail::WrongPassword,
                    None => AuditDetail::UnknownLogin,
                };
                // The attempt's notes stand as its failures.
                self.record(
                    "",
                    AuditAction::LoginFailed,
                    &subject,
                    address,
                    detail.stored(),
                )
                .await?;
                Err(LoginError::WrongCredentials)
            }
        }
    }

    /// Notes a sign-out in the audit log.
    pub async fn logged_out(&self, actor: &Actor, address: &str) -> Result<(), StoreError> {
        self.record(
            &actor.name,
            AuditAction::Logout,
            &actor.name,
            address,
            String::new(),
        )
        .await
    }

    /// The actor of a session, if the account is still active and the
    /// session began in its current epoch.
    pub async fn actor_for_session(&self, auth: SessionAuth) -> Result<Option<Actor>, StoreError> {
        let record = self.store.user(UserId(auth.user)).await?;
        Ok(record
            .filter(|r| r.user.active && r.session_epoch == auth.epoch)
            .map(|r| person(&r)))
    }

    /// The actor of a bearer token: an API token's owner (acting through
    /// the token), or a display. An administrator's token acts as nobody:
    /// administrators hold no API tokens.
    pub async fn actor_for_token(&self, secret: &str) -> Result<Option<Actor>, StoreError> {
        let hash = token_hash(secret);
        match TokenKind::of(secret) {
            Some(TokenKind::Api) => Ok(self
                .store
                .user_by_api_token(&hash, self.clock.now())
                .await?
                .filter(|r| r.user.active && r.user.role != Role::Admin)
                .map(|r| Actor {
                    caller: Caller::Token {
                        id: r.user.id,
                        role: r.user.role,
                    },
                    ..person(&r)
                })),
            Some(TokenKind::Display) => {
                Ok(self
                    .store
                    .display_by_token(&hash)
                    .await?
                    .map(|display| Actor {
                        caller: Caller::Display { id: display.id },
                        name: display.name,
                        desk: display.desk,
                    }))
            }
            None => Ok(None),
        }
    }
}

/// The actor of a signed-in account.
fn person(record: &UserRecord) -> Actor {
    Actor {
        caller: Caller::User {
            id: record.user.id,
            role: record.user.role,
        },
        name: record.user.display_name.clone(),
        desk: record.user.desk,
    }
}
