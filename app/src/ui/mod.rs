//! The user interface: the shell, the pages and the pieces they share.

mod clock;
mod fields;
mod intake;
pub mod labels;
mod queue;
mod ticket;

use crate::api::AppError;
use crate::domain::Priority;
use crate::i18n::*;
use chrono::{DateTime, Utc};
use clock::{ServerClock, span};
use leptos::prelude::*;
use leptos_i18n::context::CookieOptions;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    hooks::use_location,
    location::Url,
    path,
};

/// A translated text as a signal, for component props.
macro_rules! tr {
    ($i18n:expr, $($key:tt)+) => {
        Signal::derive(move || leptos_i18n::t_string!($i18n, $($key)+).to_string())
    };
}
pub(crate) use tr;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" id="leptos" href="/pkg/firstline.css" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The language cookie lives for a year and is sent on every path.
fn language_cookie() -> CookieOptions<Locale> {
    CookieOptions::default()
        .path("/")
        .max_age(365_i64 * 24 * 60 * 60 * 1000)
}

/// The application: language, server clock, header and routes.
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
            <Header />
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=queue::QueuePage ssr=SsrMode::Async />
                    <Route path=path!("/intake") view=intake::IntakePage ssr=SsrMode::Async />
                    <Route path=path!("/tickets/:number") view=ticket::TicketPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="site-footer">
                <span>{t!(i18n, app_name)} " · " {t!(i18n, tagline)}</span>
            </footer>
        </Router>
    }
}

/// The top bar: name, navigation, language switch.
#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                {t!(i18n, app_name)}
            </a>
            <nav aria-label=move || t_string!(i18n, nav.main)>
                <a href="/">{t!(i18n, nav.queue)}</a>
                <a href="/intake">{t!(i18n, nav.intake)}</a>
                <a href="/intake?mode=phone">{t!(i18n, nav.phone)}</a>
            </nav>
            <LanguageSwitch />
        </header>
    }
}

/// Links to each language. Without JavaScript they go through the server,
/// which remembers the choice in a cookie; with it, the page switches in place
/// and the i18n context writes the same cookie.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let back = move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        let here = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        Url::escape(&here)
    };
    let links = [(Locale::en, "English"), (Locale::zh_CN, "中文")]
        .into_iter()
        .map(|(locale, name)| {
            view! {
                <a
                    href=move || format!("/lang/{}?back={}", locale.as_str(), back())
                    rel="external"
                    hreflang=locale.as_str()
                    lang=locale.as_str()
                    aria-current=move || (i18n.get_locale() == locale).then_some("true")
                    on:click=move |ev| {
                        ev.prevent_default();
                        i18n.set_locale(locale);
                    }
                >
                    {name}
                </a>
            }
        })
        .collect_view();
    view! {
        <div class="language" role="group" aria-label=move || t_string!(i18n, nav.language)>
            {links}
        </div>
    }
}

/// False on the server and until the component has hydrated, then true. Pages
/// expose it as `data-hydrated`, which tells browser tests the page is live.
fn hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    hydrated
}

/// Shown while a page's data loads.
#[component]
fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading">{t!(i18n, common.loading)}</p> }
}

/// A failed request, explained in the agent's language. On the server it also
/// sets the response status.
#[component]
fn ErrorPanel(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(error.status()),
    ) {
        response.set_status(status);
    }
    view! {
        <div class="error-panel" role="alert">
            <p>{move || labels::error(i18n.get_locale(), &error)}</p>
            <a href="/">{t!(i18n, common.back_to_queue)}</a>
        </div>
    }
}

/// The fallback page for unknown addresses.
#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=move || t_string!(i18n, common.not_found).to_string() />
        <section class="not-found">
            <h1>{t!(i18n, common.not_found)}</h1>
            <p>{t!(i18n, common.not_found_body)}</p>
            <a href="/">{t!(i18n, common.back_to_queue)}</a>
        </section>
    }
}

/// A priority as a coloured badge: "P0 紧急".
#[component]
fn PriorityBadge(priority: Priority) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("badge priority-{}", priority.as_str().to_ascii_lowercase());
    view! { <span class=class>{move || labels::priority(i18n.get_locale(), priority)}</span> }
}

/// The time left until a deadline, ticking once a second from server time.
#[component]
fn Countdown(due: DateTime<Utc>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = ServerClock::expect();
    let remaining = move || due - clock.now();
    let text = move || {
        let left = remaining();
        if left < chrono::TimeDelta::zero() {
            t_string!(i18n, common.overdue_by, span = span(left)).to_string()
        } else {
            t_string!(i18n, common.due_in, span = span(left)).to_string()
        }
    };
    view! {
        <time
            class="countdown"
            class:overdue=move || remaining() < chrono::TimeDelta::zero()
            datetime=due.to_rfc3339()
        >
            {text}
        </time>
    }
}
