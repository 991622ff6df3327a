//! The team page: accounts, roles, sessions.

use super::{AppError, NewUserDraft, UserChange};
use crate::domain::User;
use leptos::prelude::*;

/// Every account (leads and admins).
#[server(prefix = "/api", endpoint = "team/list")]
pub async fn load_team() -> Result<Vec<User>, AppError> {
    let (port, actor) = super::ssr::desk()?;
    super::ssr::respond(port.team(&actor).await)
}

/// Creates an account (admins: any role; leads: trainees).
#[server(prefix = "/api", endpoint = "team/create")]
pub async fn create_user(draft: NewUserDraft) -> Result<User, AppError> {
    let (port, actor) = super::ssr::desk()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(port.create_user(&parts, &actor, draft).await)
}

/// Changes an account's role or switches it on or off.
#[server(prefix = "/api", endpoint = "team/change")]
pub async fn change_user(change: UserChange) -> Result<User, AppError> {
    let (port, actor) = super::ssr::desk()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(port.change_user(&parts, &actor, change).await)
}

/// Ends every session of an account (leads and admins).
#[server(prefix = "/api", endpoint = "team/end-sessions")]
pub async fn end_sessions(login: String) -> Result<(), AppError> {
    let (port, actor) = super::ssr::desk()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(port.end_sessions(&parts, &actor, login).await)
}
