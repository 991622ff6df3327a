//! The team: creating accounts (a trainee with a sandbox desk of their
//! own), changing roles, switching accounts off, ending sessions.

use super::{Accounts, secrets};
use crate::desk::{DeskError, require};
use crate::store::{AuditAction, NewUser, UserRecord};
use firstline_app::api::{NewUserDraft, UserChange};
use firstline_app::domain::audit::COMMAND_LINE;
use firstline_app::domain::{
    Action, Actor, AuditDetail, DeskId, Field, FieldError, FieldErrors, Login, Reason, Role, User,
    account::{self, check_password},
};
use tracing::instrument;

impl Accounts {
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
        self.record(
            "",
            AuditAction::UserCreated,
            user.login.as_str(),
            COMMAND_LINE,
            AuditDetail::Role(Role::Admin).stored(),
        )
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
        let detail = AuditDetail::Role(role).stored();
        self.record(
            &actor.name,
            AuditAction::UserCreated,
            user.login.as_str(),
            address,
            detail,
        )
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
            let detail = AuditDetail::RoleChanged {
                from: before,
                to: change.role,
            }
            .stored();
            self.record(
                &actor.name,
                AuditAction::RoleChanged,
                user.login.as_str(),
                address,
                detail,
            )
            .await?;
        }
        if target.user.active != change.active {
            let action = if change.active {
                AuditAction::UserActivated
            } else {
                AuditAction::UserDeactivated
            };
            self.record(
                &actor.name,
                action,
                user.login.as_str(),
                address,
                String::new(),
            )
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
        self.record(
            &actor.name,
            AuditAction::SessionsEnded,
            target.user.login.as_str(),
            address,
            String::new(),
        )
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
}
