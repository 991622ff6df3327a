//! The ticket page: every registered field and the operation log (R01, R15).

use super::clock::{ServerClock, desk_offset, local_time};
use super::{Countdown, ErrorPanel, Loading, PriorityBadge, labels};
use crate::api::{TicketView, load_ticket};
use crate::domain::{Change, TicketEvent};
use crate::i18n::*;
use chrono::FixedOffset;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/tickets/FL-00042`.
#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let ticket = Resource::new(number, load_ticket);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match ticket.await {
                    Ok(view) => Either::Left(view! { <TicketDetail view /> }),
                    Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TicketDetail(view: TicketView) -> impl IntoView {
    let i18n = use_i18n();
    ServerClock::expect().observe(view.server_now);
    let offset = desk_offset(view.utc_offset);
    let t = view.ticket;
    let number = t.number.to_string();
    let (kind, stage, priority) = (t.kind(), t.stage, t.priority);
    let intake = t.intake;
    let channel = intake.channel;
    let title = number.clone();
    let data_number = number.clone();
    let error_text = intake.symptom.error_text().to_owned();
    let events = view
        .events
        .into_iter()
        .map(|event| view! { <LogEntry event offset /> })
        .collect_view();
    view! {
        <Title text=title />
        <article class="ticket" data-number=data_number>
            <header class="page-head">
                <h1>{t!(i18n, ticket.title, number = number.clone())}</h1>
                <PriorityBadge priority />
                {intake.urgent.then(|| view! { <span class="tag urgent">{t!(i18n, ticket.urgent)}</span> })}
                <span class="tag">{move || labels::kind(i18n.get_locale(), kind)}</span>
                <span class="tag stage">{move || labels::stage(i18n.get_locale(), stage)}</span>
                <span class="due">
                    {t!(i18n, fields.response_due)} ": " <Countdown due=t.response_due_at />
                </span>
            </header>
            <section class="details">
                <h2>{t!(i18n, ticket.details)}</h2>
                <dl>
                    <dt>{t!(i18n, fields.number)}</dt>
                    <dd>{number}</dd>
                    <dt>{t!(i18n, fields.reported_at)}</dt>
                    <dd>{local_time(intake.reported_at.at(), offset)}</dd>
                    <dt>{t!(i18n, fields.channel)}</dt>
                    <dd>{move || labels::channel(i18n.get_locale(), channel)}</dd>
                    <dt>{t!(i18n, fields.department)}</dt>
                    <dd>{intake.department.to_string()}</dd>
                    <dt>{t!(i18n, fields.contact)}</dt>
                    <dd>{intake.contact.to_string()}</dd>
                    <dt>{t!(i18n, fields.symptom_steps)}</dt>
                    <dd class="prose">{intake.symptom.steps().to_owned()}</dd>
                    <dt>{t!(i18n, fields.error_text)}</dt>
                    <dd class="prose mono">
                        {if error_text.is_empty() {
                            Either::Left(view! { <em>{t!(i18n, ticket.no_error_text)}</em> })
                        } else {
                            Either::Right(error_text)
                        }}
                    </dd>
                    <dt>{t!(i18n, fields.impact_scope)}</dt>
                    <dd>{intake.impact_scope.to_string()}</dd>
                    <dt>{t!(i18n, fields.impact)}</dt>
                    <dd>{move || labels::impact(i18n.get_locale(), intake.impact)}</dd>
                    <dt>{t!(i18n, fields.urgency)}</dt>
                    <dd>{move || labels::urgency(i18n.get_locale(), intake.urgency)}</dd>
                    <dt>{t!(i18n, fields.policy_version)}</dt>
                    <dd>{t.policy_version.to_string()}</dd>
                    <dt>{t!(i18n, fields.registered_at)}</dt>
                    <dd>{local_time(t.registered_at, offset)}</dd>
                    <dt>{t!(i18n, fields.registered_by)}</dt>
                    <dd>{t.registered_by}</dd>
                </dl>
            </section>
            <section class="log">
                <h2>{t!(i18n, ticket.log)}</h2>
                <ol class="timeline">{events}</ol>
            </section>
        </article>
    }
}

/// One entry of the operation log.
#[component]
fn LogEntry(event: TicketEvent, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let at = event.at.to_rfc3339();
    let when = local_time(event.at, offset);
    let kind = event.change.kind();
    let change = event.change;
    let text = move || match &change {
        Change::Registered {
            priority,
            policy_version,
            response_due_at,
            ..
        } => t_string!(
            i18n,
            ticket.event_registered,
            priority = labels::priority(i18n.get_locale(), *priority),
            policy = policy_version.to_string(),
            due = local_time(*response_due_at, offset),
        )
        .to_string(),
        Change::Reclassified {
            priority,
            response_due_at,
            note,
            ..
        } => t_string!(
            i18n,
            ticket.event_reclassified,
            priority = labels::priority(i18n.get_locale(), *priority),
            due = local_time(*response_due_at, offset),
            note = note.clone(),
        )
        .to_string(),
    };
    view! {
        <li class="event" data-kind=kind>
            <time datetime=at>{when}</time>
            <span class="actor">{event.actor}</span>
            <span class="what">{text}</span>
        </li>
    }
}
