//! The ticket's operation log (R15): who did what, when, each entry read as
//! a sentence.

use super::describe::describe;
use crate::domain::{Runbook, TicketEvent};
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
    let change = event.change;
    let text = move || describe(i18n.get_locale(), &change, &runbook, offset);
    view! {
        <li class="event" data-kind=kind>
            <time datetime=at>{when}</time>
            <span class="actor">{event.actor}</span>
            <span class="what">{text}</span>
        </li>
    }
}
