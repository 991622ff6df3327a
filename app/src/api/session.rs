//! Signing in and out.

use super::{AppError, Me};
use leptos::prelude::*;

/// The server's clock, for the browser to count from. Anyone may ask.
#[server(prefix = "/api", endpoint = "clock")]
pub async fn server_time() -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    Ok(super::ssr::port()?.now())
}

/// Who is signed in (`None` when nobody is).
#[server(prefix = "/api", endpoint = "session/me")]
pub async fn load_me() -> Result<Option<Me>, AppError> {
    let port = super::ssr::port()?;
    super::ssr::respond(port.me(super::ssr::actor().as_ref()).await)
}

/// Checks the login and password, starts a session, and goes on to `next`
/// (a page of this site).
#[server(prefix = "/api", endpoint = "session/login")]
pub async fn sign_in(login: String, password: String, next: String) -> Result<Me, AppError> {
    let (port, parts) = (super::ssr::port()?, super::ssr::parts()?);
    let me = super::ssr::respond(port.login(&parts, login, password).await)?;
    leptos_axum::redirect(&super::ssr::local_path(&next));
    Ok(me)
}

/// Ends the session and goes to the sign-in page.
#[server(prefix = "/api", endpoint = "session/logout")]
pub async fn sign_out() -> Result<(), AppError> {
    let (port, actor) = super::ssr::desk()?;
    let parts = super::ssr::parts()?;
    super::ssr::respond(port.logout(&parts, &actor).await)?;
    leptos_axum::redirect("/login");
    Ok(())
}
