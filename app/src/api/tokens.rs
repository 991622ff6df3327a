//! API tokens (one's own) and wall display tokens (leads), and the audit log.

use super::{ApiTokenInfo, AppError, AuditEntry, DisplayTokenInfo, IssuedToken};
use crate::domain::DisplayId;
use leptos::prelude::*;

/// The signed-in person's API tokens.
#[server(prefix = "/api", endpoint = "tokens/list")]
pub async fn load_api_tokens() -> Result<Vec<ApiTokenInfo>, AppError> {
    let (port, actor) = super::ssr::desk()?;
    super::ssr::respond(port.api_tokens(&actor).await)
}

/// Makes an API token; the secret is in the answer and nowhere else.
#[server(prefix = "/api", endpoint = "tokens/create")]
pub async fn create_api_token(name: String) -> Result<IssuedToken<ApiTokenInfo>, AppError> {
    let (port, actor) = super::ssr::desk()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(port.create_api_token(&parts, &actor, name).await)
}

/// Revokes one of the signed-in person's API tokens.
#[server(prefix = "/api", endpoint = "tokens/revoke")]
pub async fn revoke_api_token(id: i64) -> Result<(), AppError> {
    let (port, actor) = super::ssr::desk()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(port.revoke_api_token(&parts, &actor, id).await)
}

/// The desk's wall display tokens (leads).
#[server(prefix = "/api", endpoint = "displays/list")]
pub async fn load_display_tokens() -> Result<Vec<DisplayTokenInfo>, AppError> {
    let (port, actor) = super::ssr::desk()?;
    super::ssr::respond(port.display_tokens(&actor).await)
}

/// Makes a read-only display token for the desk's wall.
#[server(prefix = "/api", endpoint = "displays/create")]
pub async fn create_display_token(name: String) -> Result<IssuedToken<DisplayTokenInfo>, AppError> {
    let (port, actor) = super::ssr::desk()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(port.create_display_token(&parts, &actor, name).await)
}

/// Revokes a display token.
#[server(prefix = "/api", endpoint = "displays/revoke")]
pub async fn revoke_display_token(id: DisplayId) -> Result<(), AppError> {
    let (port, actor) = super::ssr::desk()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(port.revoke_display_token(&parts, &actor, id).await)
}

/// The newest audit entries (admins).
#[server(prefix = "/api", endpoint = "audit/list")]
pub async fn load_audit_log() -> Result<Vec<AuditEntry>, AppError> {
    let (port, actor) = super::ssr::desk()?;
    super::ssr::respond(port.audit_log(&actor).await)
}
