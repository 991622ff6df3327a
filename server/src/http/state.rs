//! What every handler can reach.

use super::TrustedProxies;
use crate::accounts::Accounts;
use crate::desk::Desk;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// The state of the router: the services and how pages are rendered.
#[derive(Clone)]
pub struct AppState {
    /// Where the browser bundle lives and how pages are rendered.
    pub leptos: LeptosOptions,
    /// The desk service (tickets).
    pub desk: Arc<Desk>,
    /// The accounts service (sign-in, team, tokens, audit).
    pub accounts: Arc<Accounts>,
    /// Cookies are sent over HTTPS only.
    pub secure_cookies: bool,
    /// The bounds on SLA evaluation requests.
    pub evaluations: Arc<super::sla::Limits>,
}

impl AppState {
    /// The state over the services, with fresh limits.
    pub fn new(
        leptos: LeptosOptions,
        desk: Arc<Desk>,
        accounts: Arc<Accounts>,
        secure_cookies: bool,
    ) -> Self {
        Self {
            leptos,
            desk,
            accounts,
            secure_cookies,
            evaluations: Arc::default(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// Where the HTTP edge stands: behind HTTPS or not, behind which proxies.
#[derive(Clone, Debug, Default)]
pub struct Edge {
    /// Cookies are sent over HTTPS only.
    pub secure_cookies: bool,
    /// The proxies whose forwarding headers are believed.
    pub trusted_proxies: TrustedProxies,
}
