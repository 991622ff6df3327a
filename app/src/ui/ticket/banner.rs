//! The banner at the top of the ticket page: a clock that has run out, or
//! is about to, and the one thing to do about it now ("Send the first
//! response"), one click from the action form with that action chosen.

use super::action_form::{ActionDraft, Kind};
use super::workbench::Workbench;
use crate::domain::sla::{Clock, ClockName, ClockState, Evaluation};
use crate::ui::clock::span;
use crate::ui::prelude::*;

/// The action of the form that answers a clock; the banner's link names it
/// (`?act=first_response`).
fn answer(clock: ClockName) -> Kind {
    match clock {
        ClockName::Response => Kind::FirstResponse,
        ClockName::Update => Kind::ProgressUpdate,
        ClockName::Workaround => Kind::WorkaroundApplied,
        ClockName::Escalation => Kind::Escalate,
    }
}

/// The clock the banner speaks of: a breached one before one in warning,
/// then the one due soonest. Paused and stopped clocks need nothing now.
fn pressing(evaluation: &Evaluation) -> Option<Clock> {
    evaluation
        .live()
        .filter(|c| matches!(c.state, ClockState::Breached | ClockState::Warning))
        .filter(|c| c.due_at.is_some())
        .min_by_key(|c| (c.state != ClockState::Breached, c.due_at))
        .cloned()
}

/// The banner, shown while a clock is breached or in warning.
#[component]
pub fn BreachBanner(
    evaluation: Memo<Evaluation>,
    bench: Workbench,
    draft: ActionDraft,
) -> impl IntoView {
    let i18n = use_i18n();
    let clock = ServerClock::expect();
    let shown = Memo::new(move |_| {
        evaluation
            .with(pressing)
            .map(|c| (c.name, c.state, c.due_at))
    });
    move || {
        let (name, state, due) = shown.get()?;
        let due = due?;
        let breached = state == ClockState::Breached;
        let sentence = move || {
            let locale = i18n.get_locale();
            let clock_name = texts::clock(locale, name);
            let span = span(locale, clock.now() - due);
            if breached {
                td_string!(locale, ticket.banner_breached, clock = clock_name, span).to_string()
            } else {
                td_string!(locale, ticket.banner_warning, clock = clock_name, span).to_string()
            }
        };
        let action = answer(name);
        let act = action.name();
        let link = action.allowed(&bench).then(|| {
            let label = move || match name {
                ClockName::Response => t_string!(i18n, ticket.banner_do_response).to_string(),
                ClockName::Update => t_string!(i18n, ticket.banner_do_update).to_string(),
                ClockName::Workaround => t_string!(i18n, ticket.banner_do_workaround).to_string(),
                ClockName::Escalation => t_string!(i18n, ticket.banner_do_escalation).to_string(),
            };
            // Without JavaScript the link reloads the page with the action
            // chosen; in the browser it chooses it and moves to the form.
            let on_click = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                draft.choose(act);
                draft.focus_text();
            };
            view! {
                <a class="button primary" href=format!("?act={act}#action-form") on:click=on_click>
                    {label}
                </a>
            }
        });
        // Already escalated: the lead is on it, and the swarm's work is the
        // root cause (R11).
        let escalated = (name == ClockName::Escalation
            && bench.with(|t, _, _| t.sla.escalated_at.is_some()))
        .then(|| view! { <span>{t!(i18n, ticket.banner_escalation)}</span> });
        Some(view! {
            <div
                class=if breached { "breach-banner breached" } else { "breach-banner warning" }
                role="alert"
                data-clock=name.as_str()
                data-state=state.as_str()
            >
                <strong>{sentence}</strong>
                {link}
                {escalated}
            </div>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn clock(name: ClockName, state: ClockState, due_minute: u32) -> Clock {
        let at = |m| Utc.with_ymd_and_hms(2026, 11, 29, 9, m, 0).unwrap();
        Clock {
            name,
            state,
            cycle: 0,
            started_at: at(0),
            due_at: Some(at(due_minute)),
            warning_at: None,
            warned_at: None,
            met_at: None,
            breached_at: None,
            cancelled_at: None,
            remaining_seconds: Some(0),
        }
    }

    #[test]
    fn r03_a_breached_clock_comes_before_one_in_warning_and_running_ones_are_quiet() {
        let evaluation = Evaluation {
            clocks: vec![
                clock(ClockName::Update, ClockState::Warning, 10),
                clock(ClockName::Workaround, ClockState::Running, 5),
                clock(ClockName::Response, ClockState::Breached, 30),
            ],
            escalated_at: None,
        };
        assert_eq!(
            pressing(&evaluation).map(|c| c.name),
            Some(ClockName::Response)
        );
        let quiet = Evaluation {
            clocks: vec![clock(ClockName::Workaround, ClockState::Running, 5)],
            escalated_at: None,
        };
        assert_eq!(pressing(&quiet), None);
    }

    #[test]
    fn each_clock_is_answered_by_the_action_the_procedure_names() {
        assert_eq!(answer(ClockName::Response).name(), "first_response");
        assert_eq!(answer(ClockName::Update).name(), "progress_update");
        assert_eq!(answer(ClockName::Workaround).name(), "workaround_applied");
        assert_eq!(answer(ClockName::Escalation).name(), "escalate");
    }
}
