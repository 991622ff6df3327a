//! The user interface: the HTML shell, the app, and its pages grouped by
//! area. Every page imports [`prelude`]; the routes are in `routes`.
//!
//! The areas:
//! - `queue`: the desk's open tickets (`/`);
//! - `intake`: registering a fault, and the phone-report mode (`/intake`);
//! - `ticket`: one ticket, its stepper, panels and log (`/tickets/…`);
//! - `wall`: the leads' wall display (`/wall`);
//! - `documents`: the versioned documents leads edit, the SLA policy
//!   (`/policy`) and the runbook (`/runbook`), and their histories;
//! - `admin`: the team, the wall displays' tokens and the audit log;
//! - `login` and `account`: signing in, and one's own API tokens.
//!
//! What the pages share: `common` (panels, badges, countdowns), `fields`
//! (labelled form controls), `clock` (server time in the browser),
//! `session` (who is signed in), `live` (the desk's live stream) and
//! `header` (the top bar). The texts of domain values are the crate's
//! [`texts`](crate::texts), which the server's JSON API shares.
//!
//! Areas to come, each a folder beside these: `reporter/` (the public pages
//! reporters use without an account), `knowledge/`, `reports/` and
//! `training/`.

mod account;
mod admin;
pub mod bundle;
mod clock;
mod common;
mod documents;
mod fields;
mod header;
mod intake;
mod knowledge;
mod listing;
mod live;
mod login;
mod prelude;
mod queue;
mod reporter;
mod review;
mod routes;
mod session;
mod ticket;
mod wall;

use crate::i18n::*;
use clock::ServerClock;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_i18n::context::CookieOptions;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::Router;
use routes::SignedIn;

/// The HTML document around the app, rendered on the server. It names the
/// browser bundle's files as the server published them ([`bundle`]).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    content_security_policy();
    // The server hands its published bundle to every page; without one the
    // page says it has none.
    let bundle = use_context::<bundle::Bundle>().unwrap_or_default();
    // The browser hydrates the body as the app alone: nothing else may stand
    // in it, not even an empty placeholder. Without a bundle nothing
    // hydrates, and the body says so.
    let body = if bundle.complete() {
        Either::Left(view! { <body><App /></body> })
    } else {
        Either::Right(view! { <body><bundle::BundleMissing /><App /></body> })
    };
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options />
                <bundle::BundleScripts bundle />
                <MetaTags />
            </head>
            {body}
        </html>
    }
}

/// The page's Content-Security-Policy: scripts only from this site or with
/// this response's nonce (Leptos puts it on its inline hydration scripts),
/// wasm allowed to compile, nothing framed, forms only posted here.
#[cfg(feature = "ssr")]
fn content_security_policy() {
    use http::{HeaderValue, header::CONTENT_SECURITY_POLICY};
    let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

/// The language cookie lives for a year and is sent on every path.
fn language_cookie() -> CookieOptions<Locale> {
    CookieOptions::default()
        .path("/")
        .max_age(365_i64 * 24 * 60 * 60 * 1000)
}

/// The application: language, server clock, session, header and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider cookie_options=language_cookie()>
            <Desk />
        </I18nContextProvider>
    }
}

#[component]
fn Desk() -> impl IntoView {
    let i18n = use_i18n();
    ServerClock::provide();
    view! {
        <Title formatter=|page: String| format!("{page} · Firstline") />
        <Router>
            <SignedIn />
        </Router>
        <footer class="site-footer">
            <span>{t!(i18n, app_name)} " · " {t!(i18n, tagline)}</span>
        </footer>
    }
}
