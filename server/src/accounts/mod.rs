//! The accounts service: sign-in with throttling, who a request is, the team
//! of accounts, API and display tokens, and the audit log. Like the desk
//! service, it asks [`Actor::may`] before every operation.

mod secrets;
mod throttle;

pub use secrets::{Token, TokenKind, token_hash};
pub use throttle::Throttle;

use crate::desk::{Clock, DeskError, require};
use crate::store::{AccountStore, NewAuditEntry, NewUser, StoreError, UserRecord};
use chrono::{DateTime, Utc};
use firstline_app::api::{
    ApiTokenInfo, AuditEntry, DisplayTokenInfo, IssuedToken, NewUserDraft, UserChange,
};
use firstline_app::domain::{
    Action, Actor, Caller, DeskId, DisplayId, Field, FieldError, FieldErrors, Login, Reason, Role,
    User,
    account::{self, check_password},
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
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

/// The accounts service.
pub struct Accounts {
    store: Arc<dyn AccountStore>,
    clock: Arc<dyn Clock>,
    throttle: Throttle,
}

impl Accounts {
    /// The service over a store.
    pub fn new(store: Arc<dyn AccountStore>, clock: Arc<dyn Clock>) -> Self {
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

    fn audit(
        &self,
        actor: &str,
        action: &'static str,
        subject: &str,
        address: &str,
        detail: String,
    ) -> NewAuditEntry {
        NewAuditEntry {
            at: self.clock.now(),
            actor: actor.to_owned(),
            action,
            subject: subject.to_owned(),
            address: address.to_owned(),
            detail,
        }
    }

    /// One account, for "who am I".
    pub async fn user(
        &self,
        id: firstline_app::domain::UserId,
    ) -> Result<Option<User>, StoreError> {
        Ok(self.store.user(id).await?.map(|r| r.user))
    }

    /// Whether any account exists yet.
    pub async fn has_users(&self) -> Result<bool, StoreError> {
        Ok(self.store.count_users().await? > 0)
    }

    /// Creates an administrator from the command line or the environment.
    /// Refuses field errors and a taken login like any other account.
    #[instrument(skip(self, password))]
    pub async fn create_admin(
        &self,
        login: &str,
        display_name: &str,
        password: &str,
    ) -> Result<User, DeskError> {
        let draft = NewUserDraft {
            login: login.to_owned(),
            display_name: display_name.to_owned(),
            role: Role::Admin.as_str().to_owned(),
            password: password.to_owned(),
        };
        let user = self.insert_user(&draft, Role::Admin).await?;
        self.store
            .record_audit(self.audit(
                "",
                "user_created",
                user.login.as_str(),
                "command line",
                "role admin".into(),
            ))
            .await?;
        Ok(user)
    }

    /// Validates a new account and stores it; a trainee gets a sandbox desk.
    async fn insert_user(&self, draft: &NewUserDraft, role: Role) -> Result<User, DeskError> {
        let mut errors = FieldErrors::default();
        let login = errors.take(Login::parse(&draft.login));
        let display_name = errors.take(account::DISPLAY_NAME.check(&draft.display_name));
        errors.take(check_password(&draft.password));
        let (Some(login), Some(display_name)) = (login, display_name) else {
            return Err(DeskError::Invalid(errors));
        };
        if !errors.is_empty() {
            return Err(DeskError::Invalid(errors));
        }
        let password_hash = secrets::hash_password_blocking(draft.password.clone()).await?;
        let new = NewUser {
            sandbox: (role == Role::Trainee).then(|| format!("Sandbox of {login}")),
            login,
            display_name,
            role,
            desk: DeskId::PRODUCTION,
            password_hash,
            at: self.clock.now(),
        };
        self.store
            .create_user(new)
            .await
            .map_err(|e| match DeskError::from(e) {
                DeskError::Duplicate => {
                    DeskError::Invalid(FieldError::new(Field::Login, Reason::LoginTaken).into())
                }
                other => other,
            })
    }

    /// Signs a person in: the throttle first, then the password. Every
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
        if let Some(retry_after_secs) = self
            .throttle
            .blocked(self.store.as_ref(), &keys, now)
            .await?
        {
            self.store
                .record_audit(self.audit("", "login_blocked", &subject, address, String::new()))
                .await?;
            return Err(LoginError::Throttled { retry_after_secs });
        }
        let record = match Login::parse(login) {
            Ok(login) => self.store.user_by_login(&login).await?,
            Err(_) => None,
        };
        let hash = record.as_ref().map(|r| r.password_hash.clone());
        let matches = secrets::verify_password_blocking(password.to_owned(), hash).await;
        match record {
            Some(record) if matches && record.user.active => {
                self.store.clear_login_failures(&keys[0]).await?;
                self.store
                    .record_audit(self.audit(
                        &record.user.display_name,
                        "login",
                        &subject,
                        address,
                        String::new(),
                    ))
                    .await?;
                let auth = SessionAuth {
                    user: record.user.id.0,
                    epoch: record.session_epoch,
                };
                Ok((record.user, auth))
            }
            record => {
                let detail = match record {
                    Some(r) if !r.user.active => "inactive account",
                    Some(_) => "wrong password",
                    None => "unknown login",
                };
                self.store
                    .record_login_failure(&keys, now, now - self.throttle.window)
                    .await?;
                self.store
                    .record_audit(self.audit("", "login_failed", &subject, address, detail.into()))
                    .await?;
                Err(LoginError::WrongCredentials)
            }
        }
    }

    /// Notes a sign-out in the audit log.
    pub async fn logged_out(&self, actor: &Actor, address: &str) -> Result<(), StoreError> {
        self.store
            .record_audit(self.audit(&actor.name, "logout", &actor.name, address, String::new()))
            .await
    }

    /// The actor of a session, if the account is still active and the
    /// session began in its current epoch.
    pub async fn actor_for_session(&self, auth: SessionAuth) -> Result<Option<Actor>, StoreError> {
        let record = self
            .store
            .user(firstline_app::domain::UserId(auth.user))
            .await?;
        Ok(record
            .filter(|r| r.user.active && r.session_epoch == auth.epoch)
            .map(|r| person(&r)))
    }

    /// The actor of a bearer token: an API token's owner, or a display.
    pub async fn actor_for_token(&self, secret: &str) -> Result<Option<Actor>, StoreError> {
        let hash = token_hash(secret);
        match TokenKind::of(secret) {
            Some(TokenKind::Api) => Ok(self
                .store
                .user_by_api_token(&hash, self.clock.now())
                .await?
                .filter(|r| r.user.active)
                .map(|r| person(&r))),
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

    /// Every account, for the team page.
    pub async fn users(&self, actor: &Actor) -> Result<Vec<User>, DeskError> {
        require(actor, Action::ViewTeam)?;
        Ok(self.store.users().await?)
    }

    /// Creates an account (admins: any role; leads: trainees).
    #[instrument(skip(self, draft), fields(actor = %actor.name))]
    pub async fn create_user(
        &self,
        actor: &Actor,
        draft: &NewUserDraft,
        address: &str,
    ) -> Result<User, DeskError> {
        let role = Role::parse(draft.role.trim()).ok_or_else(|| {
            DeskError::Invalid(FieldError::new(Field::Role, Reason::NotAChoice).into())
        })?;
        require(actor, Action::ManageAccount { role })?;
        let user = self.insert_user(draft, role).await?;
        let detail = format!("role {role}");
        self.store
            .record_audit(self.audit(
                &actor.name,
                "user_created",
                user.login.as_str(),
                address,
                detail,
            ))
            .await?;
        Ok(user)
    }

    /// Changes an account's role or switches it on or off. Switching it off
    /// or changing its role ends its sessions.
    #[instrument(skip(self), fields(actor = %actor.name))]
    pub async fn change_user(
        &self,
        actor: &Actor,
        change: &UserChange,
        address: &str,
    ) -> Result<User, DeskError> {
        let target = self.target(actor, &change.login).await?;
        let before = target.user.role;
        // Both the role it has and the role it gets must be the actor's to manage.
        require(actor, Action::ManageAccount { role: before })?;
        require(actor, Action::ManageAccount { role: change.role })?;
        if before != change.role && (before == Role::Trainee) != (change.role == Role::Trainee) {
            // A trainee's desk is their sandbox; moving between production
            // and a sandbox is a new account, not a role change.
            return Err(DeskError::Invalid(
                FieldError::new(Field::Role, Reason::NotAChoice).into(),
            ));
        }
        if actor.user() == Some(target.user.id) && (!change.active || change.role != before) {
            // Nobody locks themselves out or changes their own role.
            return Err(DeskError::Forbidden);
        }
        let now = self.clock.now();
        let user = self
            .store
            .update_user(target.user.id, change.role, change.active, now)
            .await?;
        if before != change.role || !change.active {
            self.store.bump_session_epoch(user.id, now).await?;
        }
        if before != change.role {
            let detail = format!("{before} → {}", change.role);
            self.store
                .record_audit(self.audit(
                    &actor.name,
                    "role_changed",
                    user.login.as_str(),
                    address,
                    detail,
                ))
                .await?;
        }
        if target.user.active != change.active {
            let action = if change.active {
                "user_activated"
            } else {
                "user_deactivated"
            };
            self.store
                .record_audit(self.audit(
                    &actor.name,
                    action,
                    user.login.as_str(),
                    address,
                    String::new(),
                ))
                .await?;
        }
        Ok(user)
    }

    /// Ends every session of an account (leads and admins).
    #[instrument(skip(self), fields(actor = %actor.name))]
    pub async fn end_sessions(
        &self,
        actor: &Actor,
        login: &str,
        address: &str,
    ) -> Result<(), DeskError> {
        require(actor, Action::EndSessions)?;
        let target = self.target(actor, login).await?;
        self.store
            .bump_session_epoch(target.user.id, self.clock.now())
            .await?;
        self.store
            .record_audit(self.audit(
                &actor.name,
                "sessions_ended",
                target.user.login.as_str(),
                address,
                String::new(),
            ))
            .await?;
        Ok(())
    }

    /// The account a team operation names; an unknown login is not found.
    async fn target(&self, actor: &Actor, login: &str) -> Result<UserRecord, DeskError> {
        require(actor, Action::ViewTeam)?;
        let login = Login::parse(login).map_err(|_| DeskError::NotFound)?;
        self.store
            .user_by_login(&login)
            .await?
            .ok_or(DeskError::NotFound)
    }

    /// The actor's own API tokens.
    pub async fn api_tokens(&self, actor: &Actor) -> Result<Vec<ApiTokenInfo>, DeskError> {
        let user = own_tokens(actor)?;
        Ok(self.store.api_tokens(user).await?)
    }

    /// Makes an API token for the actor; the secret is returned once.
    #[instrument(skip(self), fields(actor = %actor.name))]
    pub async fn create_api_token(
        &self,
        actor: &Actor,
        name: &str,
        address: &str,
    ) -> Result<IssuedToken<ApiTokenInfo>, DeskError> {
        let user = own_tokens(actor)?;
        let name = token_name(name)?;
        let token = Token::generate(TokenKind::Api);
        let info = self
            .store
            .create_api_token(user, &name, &token.hash, &token.shown, self.clock.now())
            .await?;
        self.store
            .record_audit(self.audit(
                &actor.name,
                "api_token_created",
                &name,
                address,
                String::new(),
            ))
            .await?;
        Ok(IssuedToken {
            info,
            secret: token.secret,
        })
    }

    /// Revokes one of the actor's API tokens.
    #[instrument(skip(self), fields(actor = %actor.name))]
    pub async fn revoke_api_token(
        &self,
        actor: &Actor,
        id: i64,
        address: &str,
    ) -> Result<(), DeskError> {
        let user = own_tokens(actor)?;
        self.store
            .revoke_api_token(user, id, self.clock.now())
            .await?;
        self.store
            .record_audit(self.audit(
                &actor.name,
                "api_token_revoked",
                &id.to_string(),
                address,
                String::new(),
            ))
            .await?;
        Ok(())
    }

    /// The display tokens of the lead's desk.
    pub async fn display_tokens(&self, actor: &Actor) -> Result<Vec<DisplayTokenInfo>, DeskError> {
        require(actor, Action::ManageDisplays)?;
        Ok(self.store.display_tokens(actor.desk).await?)
    }

    /// Makes a read-only display token for the lead's desk.
    #[instrument(skip(self), fields(actor = %actor.name))]
    pub async fn create_display_token(
        &self,
        actor: &Actor,
        name: &str,
        address: &str,
    ) -> Result<IssuedToken<DisplayTokenInfo>, DeskError> {
        require(actor, Action::ManageDisplays)?;
        let user = actor.user().ok_or(DeskError::Forbidden)?;
        let name = token_name(name)?;
        let token = Token::generate(TokenKind::Display);
        let info = self
            .store
            .create_display_token(
                actor.desk,
                &name,
                &token.hash,
                &token.shown,
                user,
                self.clock.now(),
            )
            .await?;
        self.store
            .record_audit(self.audit(
                &actor.name,
                "display_token_created",
                &name,
                address,
                String::new(),
            ))
            .await?;
        Ok(IssuedToken {
            info,
            secret: token.secret,
        })
    }

    /// Revokes one of the desk's display tokens.
    #[instrument(skip(self), fields(actor = %actor.name))]
    pub async fn revoke_display_token(
        &self,
        actor: &Actor,
        id: DisplayId,
        address: &str,
    ) -> Result<(), DeskError> {
        require(actor, Action::ManageDisplays)?;
        self.store
            .revoke_display_token(actor.desk, id, self.clock.now())
            .await?;
        self.store
            .record_audit(self.audit(
                &actor.name,
                "display_token_revoked",
                &id.0.to_string(),
                address,
                String::new(),
            ))
            .await?;
        Ok(())
    }

    /// The newest entries of the audit log (admins).
    pub async fn audit_log(&self, actor: &Actor, limit: i64) -> Result<Vec<AuditEntry>, DeskError> {
        require(actor, Action::ViewAudit)?;
        Ok(self.store.audit_log(limit.clamp(1, 1000)).await?)
    }

    /// The current time, for callers that report it.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
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

/// The user whose own tokens these are.
fn own_tokens(actor: &Actor) -> Result<firstline_app::domain::UserId, DeskError> {
    require(actor, Action::ManageOwnTokens)?;
    actor.user().ok_or(DeskError::Forbidden)
}

/// A token's name: what it is for, 1–60 characters.
fn token_name(raw: &str) -> Result<String, DeskError> {
    const RULE: firstline_app::domain::validation::TextRule =
        firstline_app::domain::validation::TextRule {
            field: Field::TokenName,
            min: 1,
            max: 60,
            multiline: false,
        };
    RULE.check(raw).map_err(|e| DeskError::Invalid(e.into()))
}
