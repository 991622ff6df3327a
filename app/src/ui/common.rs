//! Pieces every page uses: loading and error panels, badges, countdowns.

use super::clock::{ServerClock, span};
use crate::api::AppError;
use crate::domain::sla::ClockName;
use crate::domain::{Priority, Wording};
use crate::i18n::*;
use crate::texts;
use chrono::{DateTime, Utc};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

/// False on the server and until the component has hydrated, then true. Pages
/// expose it as `data-hydrated`, which tells browser tests the page is live.
pub fn hydrated() -> ReadSignal<bool> {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    hydrated
}

/// Shown while a page's data loads.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="loading">{t!(i18n, common.loading)}</p> }
}

/// A failed request, explained in the agent's language. On the server it also
/// sets the response status.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
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
            <p>{move || texts::error(i18n.get_locale(), &error)}</p>
            <a href="/">{t!(i18n, common.back_to_queue)}</a>
        </div>
    }
}

/// The fallback page for unknown addresses.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), common.not_found).to_string() />
        <section class="not-found">
            <h1>{t!(i18n, common.not_found)}</h1>
            <p>{t!(i18n, common.not_found_body)}</p>
            <a href="/">{t!(i18n, common.back_to_queue)}</a>
        </section>
    }
}

/// A priority as a coloured badge: "P0 紧急".
#[component]
pub fn PriorityBadge(priority: Priority) -> impl IntoView {
    let i18n = use_i18n();
    let class = format!("badge priority-{}", priority.as_str().to_ascii_lowercase());
    view! { <span class=class>{move || texts::priority(i18n.get_locale(), priority)}</span> }
}

/// A text written in each language (a runbook's item, say), in the
/// reader's; where theirs is missing, the other language's, marked as such
/// and tagged with its language.
#[component]
pub fn Worded(wording: Wording) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let reading = wording.read(texts::language(locale));
        let text = reading.text.to_owned();
        match reading.fallback {
            None => Either::Left(text),
            Some(language) => Either::Right(view! {
                <span class="fallback" lang=language.tag()>{text}</span>
                " "
                <small class="fallback-mark">{texts::fallback(locale, language)}</small>
            }),
        }
    }
}

/// How a countdown looks now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Ok,
    Warning,
    Breached,
    Paused,
}

impl Tone {
    /// The tone of a deadline at `now`.
    pub fn at(
        now: DateTime<Utc>,
        due: DateTime<Utc>,
        warning_at: Option<DateTime<Utc>>,
        paused: bool,
    ) -> Self {
        if paused {
            Tone::Paused
        } else if now >= due {
            Tone::Breached
        } else if warning_at.is_some_and(|w| now >= w) {
            Tone::Warning
        } else {
            Tone::Ok
        }
    }

    /// The CSS class.
    pub const fn class(self) -> &'static str {
        match self {
            Tone::Ok => "ok",
            Tone::Warning => "warning",
            Tone::Breached => "breached",
            Tone::Paused => "paused",
        }
    }
}

/// The time left until a deadline, ticking once a second from server time,
/// coloured ok, warning or breached. A paused clock shows the time it had
/// left when it stopped.
///
/// The ticking text is not a live region, so a screen reader does not read
/// every second; a hidden polite region beside it says once, when the
/// deadline passes, which clock (and on a list, which ticket) breached.
#[component]
pub fn Countdown(
    /// The clock counting down.
    clock: ClockName,
    due: DateTime<Utc>,
    /// The ticket, where several tickets' clocks stand on one page.
    #[prop(optional, into)]
    ticket: Option<String>,
    #[prop(default = None)] warning_at: Option<DateTime<Utc>>,
    /// Seconds left, for a clock stopped while waiting on the reporter.
    #[prop(default = None)]
    frozen: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let server = ServerClock::expect();
    let tone = move || Tone::at(server.now(), due, warning_at, frozen.is_some());
    let text = move || match frozen {
        Some(seconds) => t_string!(
            i18n,
            common.paused_left,
            span = span(i18n.get_locale(), chrono::TimeDelta::seconds(seconds))
        )
        .to_string(),
        None => {
            let left = due - server.now();
            if left < chrono::TimeDelta::zero() {
                t_string!(
                    i18n,
                    common.overdue_by,
                    span = span(i18n.get_locale(), left)
                )
                .to_string()
            } else {
                t_string!(i18n, common.due_in, span = span(i18n.get_locale(), left)).to_string()
            }
        }
    };
    let breached = Memo::new(move |_| tone() == Tone::Breached);
    let announcement = move || {
        let locale = i18n.get_locale();
        let clock = texts::clock(locale, clock);
        breached.get().then(|| match &ticket {
            Some(number) => td_string!(
                locale,
                common.breached_now_ticket,
                number = number.clone(),
                clock
            )
            .to_string(),
            None => td_string!(locale, common.breached_now, clock).to_string(),
        })
    };
    view! {
        <time
            class=move || format!("countdown {}", tone().class())
            class:overdue=move || tone() == Tone::Breached
            datetime=due.to_rfc3339()
            data-tone=move || tone().class()
        >
            {text}
        </time>
        <span class="sr-only" role="status" aria-live="polite">{announcement}</span>
    }
}
