//! The ticket's operation log (R15): who did what, when, each entry read as
//! a sentence, and marked where the reporter sees it too (R12).

use super::describe::describe;
use crate::domain::{Audience, Runbook, TicketEvent};
use crate::ui::prelude::*;
use chrono::FixedOffset;
use std::sync::Arc;

/// Entries of the operation log, as a list, in the order given.
#[component]
pub fn Timeline(
    events: Vec<TicketEvent>,
    runbook: Arc<Runbook>,
    offset: FixedOffset,
) -> impl IntoView {
    let entries = events
        .into_iter()
        .map(|event| {
            let runbook = runbook.clone();
            view! { <LogEntry event runbook offset /> }
        })
        .collect_view();
    view! { <ol class="timeline">{entries}</ol> }
}

/// One entry of the operation log.
#[component]
fn LogEntry(event: TicketEvent, runbook: Arc<Runbook>, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let at = event.at.to_rfc3339();
    let when = local_time(event.at, offset);
    let kind = event.change.kind();
    let audience = Audience::of(&event.change);
    let change = event.change;
    let text = move || describe(i18n.get_locale(), &change, &runbook, offset);
    view! {
        <li
            class="event"
            class:public=audience.reaches_reporter()
            data-kind=kind
            data-audience=if audience.reaches_reporter() { "reporter" } else { "desk" }
        >
            <time datetime=at>{when}</time>
            <span class="actor">{event.actor}</span>
            <span class="what">{text}</span>
            {audience
                .reaches_reporter()
                .then(|| view! { <span class="audience">{t!(i18n, ticket.seen_by_reporter)}</span> })}
        </li>
    }
}
