//! The runbook stepper: the stages as a progress line, the current stage's
//! checklist, the verification gates, and (from `moves`) what the ticket
//! still needs before it may move on (R04–R17).
//!
//! Every control is a native checkbox, input or button, so the stepper is
//! driven from the keyboard as well as the mouse: Tab moves between items,
//! Space ticks, Enter records an answer.

use super::moves::Advance;
use super::workbench::Workbench;
use crate::domain::actions::{check_text, text_rule};
use crate::domain::{
    Field, Gate, Item, ItemKind, Progress, Reason, Section, Stage, Stamp, TicketAction,
};
use crate::ui::prelude::*;
use chrono::FixedOffset;

/// The stepper of the ticket page.
#[component]
pub fn Stepper(bench: Workbench, utc_offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let offset = desk_offset(utc_offset);
    let (stage, version) = bench.with(|t, _, r| (t.stage, r.version));
    let sections = bench.with(|_, _, r| r.sections(stage).to_vec());
    let checklist = if sections.is_empty() && stage != Stage::Verification {
        Some(view! { <p class="empty">{t!(i18n, stepper.no_checklist)}</p> })
    } else {
        None
    };
    let sections = sections
        .into_iter()
        .map(|section| view! { <ChecklistSection bench section offset /> })
        .collect_view();
    let gates = (stage == Stage::Verification).then(|| view! { <Gates bench offset /> });
    view! {
        <section class="stepper" data-stage=stage.as_str()>
            <h2>
                {t!(i18n, stepper.title)} " "
                <small class="runbook-version">
                    {t!(i18n, stepper.runbook_version, version = version.to_string())}
                </small>
            </h2>
            <StageLine bench />
            <div class="checklist" data-stage=stage.as_str()>
                <h3>{move || texts::stage(i18n.get_locale(), stage)}</h3>
                {checklist}
                {sections}
                {gates}
            </div>
            <Advance bench />
            <p class="hint">{t!(i18n, stepper.keyboard)}</p>
        </section>
    }
}

/// The stages in order: done, current, still to come, or skipped (P0 and
/// P1 never see self-help, R07).
#[component]
fn StageLine(bench: Workbench) -> impl IntoView {
    let i18n = use_i18n();
    let (current, major) = bench.with(|t, _, _| (t.stage, t.priority.is_major()));
    let steps = Stage::ALL
        .iter()
        .map(|&stage| {
            let state = if stage == current {
                "current"
            } else if stage == Stage::SelfHelp && major {
                "skipped"
            } else if stage < current {
                "done"
            } else {
                "todo"
            };
            let skipped = state == "skipped";
            view! {
                <li
                    class=format!("step {state}")
                    data-stage=stage.as_str()
                    aria-current=(stage == current).then_some("step")
                >
                    {move || texts::stage(i18n.get_locale(), stage)}
                    {skipped.then(|| view! { <small>" (" {t!(i18n, stepper.skipped)} ")"</small> })}
                </li>
            }
        })
        .collect_view();
    // Why a stage is skipped, said once, under the line.
    let why = major.then(|| {
        view! {
            <p class="skipped-why">
                {move || {
                    let stage = texts::stage(i18n.get_locale(), Stage::SelfHelp);
                    t_string!(i18n, stepper.skipped_why, stage).to_string()
                }}
            </p>
        }
    });
    view! {
        <ol class="stage-line" aria-label=move || t_string!(i18n, stepper.progress)>
            {steps}
        </ol>
        {why}
    }
}

/// One titled group of checklist items.
#[component]
fn ChecklistSection(bench: Workbench, section: Section, offset: FixedOffset) -> impl IntoView {
    let items = section
        .items
        .into_iter()
        .map(|item| view! { <ChecklistItem bench item offset /> })
        .collect_view();
    view! {
        <fieldset class="section">
            <legend>
                <Worded wording=section.title />
            </legend>
            <ul class="items">{items}</ul>
        </fieldset>
    }
}

/// The id of an item's place in the checklist, which links to it:
/// `at-r04-when`.
pub fn item_anchor(id: &str) -> String {
    format!("at-{}", id.replace('.', "-"))
}

/// Who ticked an item or passed a gate, and when.
fn stamp_text(stamp: &Stamp, offset: FixedOffset) -> String {
    format!("{} · {}", stamp.by, local_time(stamp.at, offset))
}

/// Who passed a gate, and when: the reporter's own confirmation is named
/// as theirs, in the agent's language.
fn gate_stamp_text(locale: Locale, stamp: &Stamp, offset: FixedOffset) -> String {
    if stamp.reporter {
        let by = td_string!(locale, stepper.by_reporter);
        format!("{by} · {}", local_time(stamp.at, offset))
    } else {
        stamp_text(stamp, offset)
    }
}

/// One item: a checkbox, a question with its answer, or a prompt to read.
#[component]
fn ChecklistItem(bench: Workbench, item: Item, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let tick = bench.with(|_, p: &Progress, _| p.ticks.get(&item.id).cloned());
    let id = item.id.clone();
    let control_id = format!("item-{}", item.id.replace('.', "-"));
    let required = item
        .required
        .then(|| view! { <span class="required">{t!(i18n, stepper.required)}</span> });
    let stamp = tick
        .as_ref()
        .map(|t| view! { <small class="stamp">{stamp_text(&t.stamp, offset)}</small> });
    let uncheck = TicketAction::UncheckItem { item: id.clone() };
    let can_uncheck = bench.allows(&uncheck);
    let body = match item.kind {
        ItemKind::Prompt => view! {
            <blockquote class="prompt">
                <Worded wording=item.text.clone() />
            </blockquote>
        }
        .into_any(),
        ItemKind::Check => {
            let check = TicketAction::CheckItem {
                item: id.clone(),
                answer: None,
            };
            let ticked = tick.is_some();
            let enabled = if ticked {
                can_uncheck
            } else {
                bench.allows(&check)
            };
            let on_change = move |_| {
                bench.send(if ticked {
                    uncheck.clone()
                } else {
                    check.clone()
                })
            };
            view! {
                <label class="check" for=control_id.clone()>
                    <input
                        type="checkbox"
                        id=control_id.clone()
                        checked=ticked
                        disabled=move || !enabled || bench.busy().get()
                        on:change=on_change
                    />
                    <span>
                        <Worded wording=item.text.clone() />
                    </span>
                </label>
            }
            .into_any()
        }
        ItemKind::Question => match tick.as_ref().and_then(|t| t.answer.clone()) {
            Some(answer) => {
                let on_clear = move |_| bench.send(uncheck.clone());
                view! {
                    <p class="question">
                        <Worded wording=item.text.clone() />
                    </p>
                    <p class="answer">{answer}</p>
                    <button
                        type="button"
                        class="link"
                        disabled=move || !can_uncheck || bench.busy().get()
                        on:click=on_clear
                    >
                        {move || texts::action(i18n.get_locale(), "uncheck_item")}
                    </button>
                }
                .into_any()
            }
            None => {
                let answer = RwSignal::new(String::new());
                let probe = TicketAction::CheckItem {
                    item: id.clone(),
                    answer: Some("--".into()),
                };
                let enabled = bench.allows(&probe);
                let error = RwSignal::new(None::<Reason>);
                let on_submit = move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    match check_text(Field::Answer, &answer.get_untracked()) {
                        Err(refused) => error.set(Some(refused.reason)),
                        Ok(text) => {
                            error.set(None);
                            bench.send(TicketAction::CheckItem {
                                item: id.clone(),
                                answer: Some(text),
                            });
                        }
                    }
                };
                view! {
                    <form class="question" on:submit=on_submit>
                        <label for=control_id.clone()>
                            <Worded wording=item.text.clone() />
                        </label>
                        <input
                            id=control_id.clone()
                            type="text"
                            maxlength=text_rule(Field::Answer).max
                            disabled=!enabled
                            placeholder=move || t_string!(i18n, stepper.answer)
                            on:input=move |ev| answer.set(event_target_value(&ev))
                        />
                        <button type="submit" disabled=move || !enabled || bench.busy().get()>
                            {t!(i18n, stepper.record_answer)}
                        </button>
                        <LocalError error />
                    </form>
                }
                .into_any()
            }
        },
    };
    view! {
        <li
            class="item"
            id=item_anchor(&item.id)
            data-item=item.id.clone()
            data-kind=item.kind.as_str()
            data-done=tick.is_some().to_string()
        >
            {body}
            {required}
            {stamp}
        </li>
    }
}

/// The three verification gates, passed in order (R16).
#[component]
fn Gates(bench: Workbench, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let rows = Gate::ALL
        .iter()
        .map(|&gate| {
            let passed = bench.with(|_, p, _| {
                p.gates
                    .iter()
                    .find(|(g, _)| *g == gate)
                    .map(|(_, stamp)| stamp.clone())
            });
            let by_reporter = passed.as_ref().is_some_and(|stamp| stamp.reporter);
            let probe = TicketAction::PassGate {
                gate,
                note: "--".into(),
            };
            let open = passed.is_none() && bench.allows(&probe);
            let note = RwSignal::new(String::new());
            let error = RwSignal::new(None::<Reason>);
            let input_id = format!("gate-{}", gate.as_str());
            let on_submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                match check_text(Field::Note, &note.get_untracked()) {
                    Err(refused) => error.set(Some(refused.reason)),
                    Ok(note) => {
                        error.set(None);
                        bench.send(TicketAction::PassGate { gate, note });
                    }
                }
            };
            let state = match passed.clone() {
                Some(stamp) => view! {
                    <small class="stamp">
                        {move || gate_stamp_text(i18n.get_locale(), &stamp, offset)}
                    </small>
                }
                .into_any(),
                None => view! { <small class="pending">{t!(i18n, stepper.not_passed)}</small> }
                    .into_any(),
            };
            let form = open.then(|| {
                view! {
                    <form class="gate-form" on:submit=on_submit>
                        <label for=input_id.clone()>{t!(i18n, stepper.gate_note)}</label>
                        <input
                            id=input_id.clone()
                            type="text"
                            maxlength=text_rule(Field::Note).max
                            on:input=move |ev| note.set(event_target_value(&ev))
                        />
                        <button type="submit" class="primary" disabled=move || bench.busy().get()>
                            {move || {
                                let gate = texts::gate(i18n.get_locale(), gate);
                                t_string!(i18n, stepper.pass, gate).to_string()
                            }}
                        </button>
                        <LocalError error />
                    </form>
                }
            });
            view! {
                <li
                    class="gate"
                    data-gate=gate.as_str()
                    data-passed=passed.is_some().to_string()
                    data-by-reporter=by_reporter.to_string()
                >
                    <strong>{move || texts::gate(i18n.get_locale(), gate)}</strong>
                    " "
                    {state}
                    {form}
                </li>
            }
        })
        .collect_view();
    view! {
        <fieldset class="section gates">
            <legend>{t!(i18n, stepper.gates)}</legend>
            <ul class="items">{rows}</ul>
        </fieldset>
    }
}

/// Why the browser did not send what was typed, beside the control.
#[component]
fn LocalError(error: RwSignal<Option<Reason>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|reason| {
            view! {
                <p class="field-error" role="alert">
                    {texts::reason(i18n.get_locale(), &reason)}
                </p>
            }
        })
    }
}
