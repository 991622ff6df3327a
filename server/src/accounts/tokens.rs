//! API tokens (a person's own, acting as them) and wall-display tokens
//! (read-only, for a desk). Only a hash of each is kept; the secret is
//! shown once.

use super::Accounts;
use super::secrets::{Token, TokenKind};
use crate::desk::{DeskError, require};
use crate::store::AuditAction;
use firstline_app::api::{ApiTokenInfo, DisplayTokenInfo, IssuedToken};
use firstline_app::domain::account::TOKEN_NAME;
use firstline_app::domain::{Action, Actor, DisplayId, UserId};
use tracing::instrument;

impl Accounts {
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
        self.record(
            &actor.name,
            AuditAction::ApiTokenCreated,
            &name,
            address,
            String::new(),
        )
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
        self.record(
            &actor.name,
            AuditAction::ApiTokenRevoked,
            &id.to_string(),
            address,
            String::new(),
        )
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
        self.record(
            &actor.name,
            AuditAction::DisplayTokenCreated,
            &name,
            address,
            String::new(),
        )
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
        self.record(
            &actor.name,
            AuditAction::DisplayTokenRevoked,
            &id.0.to_string(),
            address,
            String::new(),
        )
        .await?;
        Ok(())
    }
}

/// The user whose own tokens these are.
fn own_tokens(actor: &Actor) -> Result<UserId, DeskError> {
    require(actor, Action::ManageOwnTokens)?;
    actor.user().ok_or(DeskError::Forbidden)
}

/// A token's name: what it is for, 1–60 characters.
fn token_name(raw: &str) -> Result<String, DeskError> {
    TOKEN_NAME
        .check(raw)
        .map_err(|e| DeskError::Invalid(e.into()))
}
