//! A save refused because the ticket had changed (DESIGN principle 3): what
//! others saved meanwhile, the change that was not saved, and a way to apply
//! it again to the ticket as it stands now.

use super::describe::describe;
use super::log::Timeline;
use super::moves::Needs;
use super::workbench::Workbench;
use crate::api::AppError;
use crate::domain::{Refusal, Runbook, TicketEvent};
use crate::ui::prelude::*;
use chrono::FixedOffset;
use std::sync::Arc;

/// After a save refused because the ticket had changed: what others saved
/// meanwhile, the change that was not saved, and a way to apply it again to
/// the ticket as it stands now.
#[component]
pub fn ConflictPanel(
    bench: Workbench,
    log: StoredValue<Vec<TicketEvent>>,
    runbook: Arc<Runbook>,
    offset: FixedOffset,
) -> impl IntoView {
    let i18n = use_i18n();
    let stale = move || {
        let conflict = matches!(
            bench.act.value().get(),
            Some(Err(AppError::Conflict { .. }))
        );
        let current = bench.with(|t, _, _| t.version);
        bench
            .sent
            .get()
            .filter(|sent| conflict && sent.version < current)
    };
    move || {
        let sent = stale()?;
        let runbook = runbook.clone();
        let others = log.with_value(|log| {
            log.iter()
                .filter(|e| e.version > sent.version)
                .cloned()
                .collect::<Vec<_>>()
        });
        // The change as it would read in the log, made to the ticket now.
        let outcome = bench.with(|ticket, progress, runbook| {
            ticket
                .act(progress, runbook, &sent.action)
                .map(|(change, _)| describe(i18n.get_locale_untracked(), &change, runbook, offset))
        });
        // A move the ticket is no longer ready for says what it now lacks.
        let needs = match &outcome {
            Err(Refusal::Blocked { needs, .. }) => Some(needs.clone()),
            _ => None,
        };
        let yours = outcome.ok();
        let allowed = yours.is_some();
        let action = sent.action.clone();
        Some(view! {
            <section class="conflict" role="alert" aria-labelledby="conflict-title">
                <h2 id="conflict-title">{t!(i18n, ticket.conflict_title)}</h2>
                <p>{t!(i18n, ticket.conflict_before)}</p>
                <Timeline events=others runbook offset />
                {match yours {
                    Some(text) => Either::Left(view! {
                        <p class="yours">{t!(i18n, ticket.conflict_yours)} " " <q>{text}</q></p>
                    }),
                    None => Either::Right(view! { <p class="yours">{t!(i18n, ticket.conflict_not_allowed)}</p> }),
                }}
                {needs.map(|needs| view! { <Needs bench needs /> })}
                <div class="buttons">
                    <button
                        type="button"
                        id="reapply"
                        class="primary"
                        disabled=!allowed
                        on:click=move |_| bench.send(action.clone())
                    >
                        {t!(i18n, ticket.reapply)}
                    </button>
                    <button type="button" on:click=move |_| bench.sent.set(None)>
                        {t!(i18n, ticket.discard)}
                    </button>
                </div>
            </section>
        })
    }
}
