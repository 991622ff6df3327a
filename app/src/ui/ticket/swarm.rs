//! The ticket's expert swarm (R11): who was called in, in which role, and,
//! for leads, the form that calls in another.

use super::workbench::Workbench;
use crate::domain::actions::ROLE_LABEL;
use crate::domain::{Field, Login, TicketAction};
use crate::ui::fields::{FieldMessage, submission_errors};
use crate::ui::prelude::*;

/// The experts on the ticket; leads add and remove them.
#[component]
pub fn SwarmPanel(bench: Workbench, utc_offset: i32, may_form_swarm: bool) -> impl IntoView {
    let i18n = use_i18n();
    let offset = desk_offset(utc_offset);
    let (swarm, escalated_at) = bench.with(|_, p, _| (p.swarm.clone(), p.escalated_at));
    let empty = swarm.is_empty();
    let rows = swarm
        .into_iter()
        .map(|expert| {
            let remove = TicketAction::RemoveExpert {
                login: expert.login.clone(),
            };
            let can_remove = may_form_swarm && bench.allows(&remove);
            let login = expert.login.clone();
            view! {
                <li class="expert" data-login=expert.login.clone()>
                    <strong>{expert.login.clone()}</strong>
                    " · "
                    <span class="role">{expert.role}</span>
                    {can_remove.then(|| view! {
                        <button
                            type="button"
                            class="link"
                            disabled=move || bench.busy().get()
                            on:click=move |_| bench.send(remove.clone())
                        >
                            {t!(i18n, swarm.remove, login = login.clone())}
                        </button>
                    })}
                </li>
            }
        })
        .collect_view();
    // Whether the ticket takes experts at all: asked with a login that is
    // not in the swarm yet.
    let free_login = (1..)
        .map(|n| format!("expert{n}"))
        .find(|login| bench.with(|t, _, _| !t.swarm.contains(login)))
        .unwrap_or_default();
    let can_add = may_form_swarm
        && bench.allows(&TicketAction::AddExpert {
            login: free_login,
            role: "--".into(),
        });
    view! {
        <section class="swarm">
            <h2>{t!(i18n, swarm.title)}</h2>
            {escalated_at.map(|at| {
                let at = local_time(at, offset);
                view! { <p class="escalated">{t!(i18n, swarm.escalated_at, at)}</p> }
            })}
            {empty.then(|| view! { <p class="empty">{t!(i18n, swarm.none)}</p> })}
            <ul class="experts">{rows}</ul>
            {can_add.then(|| view! { <ExpertForm bench /> })}
        </section>
    }
}

/// A lead's form to call an expert in.
#[component]
fn ExpertForm(bench: Workbench) -> impl IntoView {
    let i18n = use_i18n();
    let login = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let errors = submission_errors(bench.act);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        bench.send(TicketAction::AddExpert {
            login: login.get_untracked(),
            role: role.get_untracked(),
        });
    };
    view! {
        <form class="expert-form" on:submit=on_submit>
            <div class="field" data-field="expert">
                <label for="expert-login">{t!(i18n, swarm.login)}</label>
                <input
                    id="expert-login"
                    type="text"
                    maxlength=Login::MAX
                    on:input=move |ev| login.set(event_target_value(&ev))
                />
                <FieldMessage field=Field::Expert errors />
            </div>
            <div class="field" data-field="role_label">
                <label for="expert-role">{t!(i18n, swarm.role)}</label>
                <input
                    id="expert-role"
                    type="text"
                    maxlength=ROLE_LABEL.max
                    on:input=move |ev| role.set(event_target_value(&ev))
                />
                <FieldMessage field=Field::RoleLabel errors />
            </div>
            <button type="submit" disabled=move || bench.busy().get()>
                {t!(i18n, swarm.add)}
            </button>
        </form>
    }
}
