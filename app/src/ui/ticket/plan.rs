//! The ticket's planned actions (R14): each with its owner, time and risk
//! plan, marked done when done, and the form that plans another.

use super::workbench::Workbench;
use crate::domain::actions::text_rule;
use crate::domain::{Field, FieldError, Login, Reason, TicketAction, parse_time};
use crate::ui::fields::{FieldMessage, submission_errors, with_local_error};
use crate::ui::prelude::*;
use chrono::FixedOffset;

/// Planned actions, each with its owner, time and risk plan, and the form
/// that plans another.
#[component]
pub fn PlanPanel(bench: Workbench, utc_offset: i32) -> impl IntoView {
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
fn PlanForm(bench: Workbench, offset: FixedOffset) -> impl IntoView {
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
    // The limits are the rules' (a time has none: the browser's picker
    // writes it).
    let input = move |field: Field, value: RwSignal<String>, kind, max: Option<usize>| {
        view! {
            <input
                id=format!("plan-{}", field.name())
                type=kind
                maxlength=max
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <FieldMessage field errors />
        }
    };
    view! {
        <form class="plan-form" on:submit=on_submit>
            <div class="field" data-field="description">
                <label for="plan-description">{t!(i18n, work.description)}</label>
                {input(Field::Description, description, "text", Some(text_rule(Field::Description).max))}
            </div>
            <div class="field" data-field="owner">
                <label for="plan-owner">{t!(i18n, work.owner)}</label>
                {input(Field::Owner, owner, "text", Some(Login::MAX))}
            </div>
            <div class="field" data-field="planned_at">
                <label for="plan-planned_at">{t!(i18n, work.planned_at)}</label>
                {input(Field::PlannedAt, planned_at, "datetime-local", None)}
            </div>
            <div class="field" data-field="risk_plan">
                <label for="plan-risk_plan">{t!(i18n, work.risk_plan)}</label>
                {input(Field::RiskPlan, risk_plan, "text", Some(text_rule(Field::RiskPlan).max))}
            </div>
            <button type="submit" disabled=move || bench.busy().get()>
                {t!(i18n, work.plan)}
            </button>
        </form>
    }
}
