//! The ticket's planned actions (R14) and its expert swarm (R11).

use crate::domain::{Field, FieldError, Reason, TicketAction, parse_time};
use crate::ui::fields::{FieldMessage, submission_errors, with_local_error};
use crate::ui::prelude::*;
use crate::ui::workbench::Workbench;

/// Planned actions, each with its owner, time and risk plan, and the form
/// that plans another.
#[component]
pub fn WorkPanel(bench: Workbench, utc_offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let offset = desk_offset(utc_offset);
    let actions = bench.with(|_, p, _| p.actions.clone());
    let empty = actions.is_empty();
    let rows = actions
        .into_iter()
        .map(|action| {
            let no = action.no;
            let complete = TicketAction::CompleteAction { no };
            let can_complete = bench.allows(&complete);
            let status = match &action.done {
                Some(done) => {
                    let (at, by) = (local_time(done.at, offset), done.by.clone());
                    view! { <span class="done">{t!(i18n, work.done, at, by)}</span> }.into_any()
                }
                None => view! {
                    <button
                        type="button"
                        disabled=move || !can_complete || bench.busy().get()
                        on:click=move |_| bench.send(complete.clone())
                    >
                        {t!(i18n, work.mark_done, no)}
                    </button>
                }
                .into_any(),
            };
            let planned_for = local_time(action.planned_at, offset);
            view! {
                <li class="planned-action" data-no=no data-done=action.done.is_some().to_string()>
                    <p>
                        <strong>{format!("#{no} ")}</strong>
                        {action.description}
                    </p>
                    <p class="meta">
                        <span class="owner">{action.owner}</span>
                        " · "
                        <span>{t!(i18n, work.planned_for, at = planned_for.clone())}</span>
                    </p>
                    <p class="risk">{t!(i18n, work.risk_plan)} ": " {action.risk_plan}</p>
                    {status}
                </li>
            }
        })
        .collect_view();
    let can_plan = bench.allows(&TicketAction::PlanAction {
        description: "--".into(),
        owner: "owner".into(),
        planned_at: chrono::DateTime::UNIX_EPOCH,
        risk_plan: "--".into(),
    });
    view! {
        <section class="work">
            <h2>{t!(i18n, work.title)}</h2>
            {empty.then(|| view! { <p class="empty">{t!(i18n, work.none)}</p> })}
            <ol class="planned-actions">{rows}</ol>
            {can_plan.then(|| view! { <PlanForm bench offset /> })}
        </section>
    }
}

/// The form that plans an action.
#[component]
fn PlanForm(bench: Workbench, offset: chrono::FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let description = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let planned_at = RwSignal::new(String::new());
    let risk_plan = RwSignal::new(String::new());
    // A time that does not read is caught here: the request carries a time.
    let time_error = RwSignal::new(None::<FieldError>);
    let errors = with_local_error(time_error, submission_errors(bench.act));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let raw = planned_at.get_untracked();
        let at = if raw.trim().is_empty() {
            Err(FieldError::new(Field::PlannedAt, Reason::Required))
        } else {
            parse_time(&raw, offset, Field::PlannedAt)
        };
        match at {
            Err(error) => time_error.set(Some(error)),
            Ok(at) => {
                time_error.set(None);
                bench.send(TicketAction::PlanAction {
                    description: description.get_untracked(),
                    owner: owner.get_untracked(),
                    planned_at: at,
                    risk_plan: risk_plan.get_untracked(),
                });
            }
        }
    };
    let text_input = move |field: Field, value: RwSignal<String>, kind: &'static str| {
        view! {
            <input
                id=format!("plan-{}", field.name())
                type=kind
                maxlength=2000
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <FieldMessage field errors />
        }
    };
    view! {
        <form class="plan-form" on:submit=on_submit>
            <div class="field" data-field="description">
                <label for="plan-description">{t!(i18n, work.description)}</label>
                {text_input(Field::Description, description, "text")}
            </div>
            <div class="field" data-field="owner">
                <label for="plan-owner">{t!(i18n, work.owner)}</label>
                {text_input(Field::Owner, owner, "text")}
            </div>
            <div class="field" data-field="planned_at">
                <label for="plan-planned_at">{t!(i18n, work.planned_at)}</label>
                {text_input(Field::PlannedAt, planned_at, "datetime-local")}
            </div>
            <div class="field" data-field="risk_plan">
                <label for="plan-risk_plan">{t!(i18n, work.risk_plan)}</label>
                {text_input(Field::RiskPlan, risk_plan, "text")}
            </div>
            <button type="submit" disabled=move || bench.busy().get()>
                {t!(i18n, work.plan)}
            </button>
        </form>
    }
}

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
                    maxlength=64
                    on:input=move |ev| login.set(event_target_value(&ev))
                />
                <FieldMessage field=Field::Expert errors />
            </div>
            <div class="field" data-field="role_label">
                <label for="expert-role">{t!(i18n, swarm.role)}</label>
                <input
                    id="expert-role"
                    type="text"
                    maxlength=40
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
