//! The reporter's status page (`/r/<token>`, R12): no sign-in, read-only,
//! readable on a phone and without JavaScript. It shows only what the
//! reporter may read; a link that opens nothing gets one neutral page,
//! whatever the reason, so that it never tells whether a ticket exists.
//! The page follows the ticket live (`live`), and once the fix is checked
//! it asks the reporter whether it works (`answer`); once it is closed, how
//! satisfied they are (`survey`).

mod answer;
mod live;
mod survey;

use crate::api::{StatusView, load_status};
use crate::domain::Rating;
use crate::domain::{PublicEntry, PublicKind, ReporterStage};
use crate::ui::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/r/:token`.
#[component]
pub fn StatusPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    // A survey message's link pre-selects a rating; it records nothing.
    let preselect = use_query_map()
        .with_untracked(|q| q.get("rating"))
        .and_then(|r| Rating::parse(&r));
    let status = {
        let token = token.clone();
        Resource::new(move || token.clone(), load_status)
    };
    let token = StoredValue::new(token);
    let live = hydrated();
    // The same title for every token: the title must not tell either.
    let title = td_string!(i18n.get_locale_untracked(), reporter.title).to_string();
    view! {
        <Title text=title />
        <section class="reporter-status" data-hydrated=move || live.get().to_string()>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(Some(view)) => Either::Left(view! { <Following view token=token.get_value() preselect /> }),
                        Ok(None) => Either::Right(Either::Left(view! { <Neutral /> })),
                        Err(error) => Either::Right(Either::Right(view! { <ErrorPanel error /> })),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The page for a link that opens nothing.
#[component]
fn Neutral() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="neutral" data-testid="status-neutral">
            <h1>{t!(i18n, reporter.neutral_title)}</h1>
            <p>{t!(i18n, reporter.neutral_body)}</p>
        </div>
    }
}

/// The reporter's view of their ticket, kept current: when the ticket's
/// stream says it changed, the view is asked for again and shown in place
/// (or the neutral page, once the link stops working).
#[component]
fn Following(view: StatusView, token: String, preselect: Option<Rating>) -> impl IntoView {
    let current = RwSignal::new(Some(view));
    let asked = token.clone();
    let refresh = move || {
        let token = asked.clone();
        leptos::task::spawn_local(async move {
            // A failed request keeps what is shown; the next change asks again.
            if let Ok(next) = load_status(token).await {
                current.try_set(next);
            }
        });
    };
    let working = move || current.try_with_untracked(Option::is_some).unwrap_or(false);
    let on_answered = Callback::new({
        let refresh = refresh.clone();
        move |()| refresh()
    });
    let token = StoredValue::new(token);
    let following = live::follow_status(token.get_value(), refresh, working);
    move || match current.get() {
        Some(view) => Either::Left(view! {
            <Status view following token=token.get_value() preselect on_answered />
        }),
        None => Either::Right(view! { <Neutral /> }),
    }
}

/// What the reporter reads of their ticket; `following` says whether the
/// page is following it live.
#[component]
fn Status(
    view: StatusView,
    following: ReadSignal<bool>,
    token: String,
    preselect: Option<Rating>,
    on_answered: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let offset = desk_offset(view.utc_offset);
    let number = view.number.to_string();
    let current = view.stage;
    let stages = ReporterStage::ALL
        .into_iter()
        .map(|stage| {
            let passed = ReporterStage::ALL.iter().position(|s| *s == stage)
                <= ReporterStage::ALL.iter().position(|s| *s == current);
            view! {
                <li
                    class:passed=passed
                    data-stage=stage.as_str()
                    aria-current=(stage == current).then_some("step")
                >
                    {move || texts::reporter_stage(i18n.get_locale(), stage)}
                </li>
            }
        })
        .collect_view();
    let waiting = view.waiting_on_reporter.then(|| {
        view! { <p class="waiting notice" role="status">{t!(i18n, reporter.waiting)}</p> }
    });
    let eta = view.eta.map(|eta| {
        let at = local_time(eta, offset);
        view! {
            <p class="eta">
                <strong>{t!(i18n, reporter.eta)}</strong>
                " "
                <time datetime=eta.to_rfc3339()>{at}</time>
                " "
                <span class="hint">{t!(i18n, reporter.eta_target)}</span>
            </p>
        }
    });
    let survey = view.survey.clone().map(|open| {
        let token = token.clone();
        let answer = open.answer;
        view! { <survey::SurveyForm token answer preselect offset on_answered /> }
    });
    let answer = view.asks_confirmation.then(|| {
        view! { <answer::AnswerForms token confirmed_at=view.confirmed_at offset on_answered /> }
    });
    let entries = if view.entries.is_empty() {
        Either::Left(view! { <p class="empty">{t!(i18n, reporter.no_entries)}</p> })
    } else {
        Either::Right(view! {
            <ol class="public-entries">
                {view
                    .entries
                    .into_iter()
                    .rev()
                    .map(|entry| view! { <Entry entry offset /> })
                    .collect_view()}
            </ol>
        })
    };
    view! {
        <h1 data-live=move || following.get().to_string()>
            {move || t_string!(i18n, reporter.heading, number = number.clone())}
        </h1>
        <p class="symptom prose">{view.symptom}</p>
        <h2>{t!(i18n, reporter.stage)}</h2>
        <ol class="reporter-stages" data-stage=current.as_str()>{stages}</ol>
        {waiting}
        {eta}
        {answer}
        {survey}
        <h2>{t!(i18n, reporter.entries)}</h2>
        {entries}
    }
}

/// One thing the desk told the reporter.
#[component]
fn Entry(entry: PublicEntry, offset: chrono::FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let kind = entry.kind;
    let eta = entry.eta.map(|eta| {
        let at = local_time(eta, offset);
        view! { <p class="hint">{move || t_string!(i18n, reporter.entry_eta, at = at.clone())}</p> }
    });
    view! {
        <li data-kind=kind_name(kind)>
            <time datetime=entry.at.to_rfc3339()>{local_time(entry.at, offset)}</time>
            <span class="kind">{move || texts::public_kind(i18n.get_locale(), kind)}</span>
            {(!entry.message.is_empty()).then(|| view! { <p class="prose">{entry.message}</p> })}
            {eta}
        </li>
    }
}

fn kind_name(kind: PublicKind) -> &'static str {
    match kind {
        PublicKind::FirstResponse => "first_response",
        PublicKind::Progress => "progress",
        PublicKind::Question => "question",
        PublicKind::Confirmed => "confirmed",
        PublicKind::NotFixed => "not_fixed",
    }
}
