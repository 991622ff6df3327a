//! The stepper's ways forward: the moves the procedure offers the ticket,
//! and what each still needs, in words. The same list of needs explains a
//! move the server refused.

use super::stepper::item_anchor;
use super::workbench::Workbench;
use crate::domain::workflow::{next_stages, offered_moves};
use crate::domain::{Requirement, TicketAction};
use crate::ui::prelude::*;

/// The moves the procedure offers this ticket, and what each still needs.
/// A move its priority rules out is not shown (R07); the progress line says
/// why a stage is skipped.
#[component]
pub fn Advance(bench: Workbench) -> impl IntoView {
    let i18n = use_i18n();
    let stage = bench.with(|t, _, _| t.stage);
    let moves = bench
        .with(offered_moves)
        .into_iter()
        .map(|(to, needs)| {
            let ready = needs.is_empty();
            let on_click = move |_| bench.send(TicketAction::MoveTo { stage: to });
            view! {
                <div class="move" data-to=to.as_str() data-ready=ready.to_string()>
                    <button
                        type="button"
                        class=if ready { "primary" } else { "" }
                        disabled=move || !ready || bench.busy().get()
                        on:click=on_click
                    >
                        {move || {
                            let stage = texts::stage(i18n.get_locale(), to);
                            t_string!(i18n, stepper.move_to, stage).to_string()
                        }}
                    </button>
                    {if ready {
                        view! { <p class="ready">{t!(i18n, stepper.ready)}</p> }.into_any()
                    } else {
                        view! { <Needs bench needs /> }.into_any()
                    }}
                </div>
            }
        })
        .collect_view();
    let last = next_stages(stage).is_empty();
    view! {
        <div class="advance">
            <h3>{t!(i18n, stepper.still_required)}</h3>
            {last.then(|| view! { <p class="empty">{t!(i18n, stepper.nothing_next)}</p> })}
            {moves}
        </div>
    }
}

/// What a move still needs, in words: checklist items by their text, each
/// linked to its place in the checklist, never by their ids.
#[component]
pub fn Needs(bench: Workbench, needs: Vec<Requirement>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = needs
        .into_iter()
        .map(|need| match need {
            Requirement::Items { items } => {
                let links = items
                    .into_iter()
                    .map(|id| {
                        let text = bench.with(|_, _, r| r.item(&id).map(|(_, i)| i.text.clone()));
                        let href = format!("#{}", item_anchor(&id));
                        let label = match text {
                            Some(wording) => Either::Left(view! { <Worded wording /> }),
                            None => Either::Right(id),
                        };
                        view! {
                            <li>
                                <a href=href>{label}</a>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <li class="need-items">
                        {t!(i18n, needs.items_intro)}
                        <ul>{links}</ul>
                    </li>
                }
                .into_any()
            }
            other => view! { <li>{move || texts::requirement(i18n.get_locale(), &other)}</li> }
                .into_any(),
        })
        .collect_view();
    view! { <ul class="needs">{rows}</ul> }
}
