//! `/runbook`: the stages' checklists, for leads. Edit the items' texts,
//! kinds and whether they are required, add and remove items and sections;
//! each save is a new version with its reason. New tickets follow the new
//! version; open tickets keep the one they started with. Opened as
//! `/runbook?review=FL-00002`, the save applies that review's proposal
//! (R19), which is shown above the form.
//!
//! This module holds the page, the stages and the form; `sections` edits
//! the sections and their items.

mod sections;

use super::versions::VersionHistory;
use crate::api::{RunbookDraft, RunbookView, SaveRunbook, load_reviews, load_runbook};
use crate::domain::validation::VERSION_NOTE;
use crate::domain::{Field, Section, Stage, StageChecklist, TicketNumber, Wording};
use crate::ui::fields::{FieldMessage, submission_errors, submission_failure};
use crate::ui::prelude::*;
use leptos_router::hooks::use_query_map;
use sections::section_editor;

#[component]
pub fn RunbookPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveRunbook>::new();
    // Reload after a successful save only: a refused one keeps the editor.
    let saved = Memo::new(move |last: Option<&u32>| match save.value().get() {
        Some(Ok(runbook)) => runbook.version.0,
        _ => last.copied().unwrap_or(0),
    });
    let runbook = Resource::new(move || saved.get(), |_| load_runbook());
    let query = use_query_map();
    // The review whose proposal the next save applies, until one applies it.
    let review = move || {
        let asked = query.with(|q| q.get("review").and_then(|n| n.parse::<TicketNumber>().ok()));
        asked.filter(|_| !matches!(save.value().get(), Some(Ok(_))))
    };
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), runbook.title).to_string() />
        <section class="runbook-page">
            <h1>{t!(i18n, runbook.title)}</h1>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match runbook.await {
                        Ok(view) => Either::Left(view! { <RunbookEditor view save review=review() /> }),
                        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn RunbookEditor(
    view: RunbookView,
    save: ServerAction<SaveRunbook>,
    review: Option<TicketNumber>,
) -> impl IntoView {
    let i18n = use_i18n();
    let offset = desk_offset(view.utc_offset);
    let based_on = view.current.version;
    let history = view
        .history
        .into_iter()
        .map(|r| r.untyped(|v| v.0))
        .collect();
    let draft = RwSignal::new(view.current.clone());
    // Bumped when items or sections come or go: only then is the editor
    // rebuilt, so typing never loses the focus.
    let shape = RwSignal::new(0u32);
    let note = RwSignal::new(String::new());
    let live = hydrated();
    let errors = submission_errors(save);
    let failure = submission_failure(save);
    let problems = Memo::new(move |_| draft.with(|r| r.validate().err()));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SaveRunbook {
            draft: RunbookDraft {
                based_on,
                runbook: draft.get_untracked(),
                note: note.get_untracked(),
                review,
            },
        });
    };
    let stages = move || {
        shape.track();
        draft.with_untracked(|runbook| {
            runbook
                .stages
                .iter()
                .enumerate()
                .map(|(si, checklist)| {
                    let stage = checklist.stage;
                    let sections = checklist
                        .sections
                        .iter()
                        .enumerate()
                        .map(|(ci, section)| section_editor(draft, shape, (si, ci), section))
                        .collect_view();
                    let add_section = move |_| {
                        draft.update(|r| {
                            r.stages[si].sections.push(Section {
                                title: Wording::default(),
                                items: Vec::new(),
                            })
                        });
                        shape.update(|n| *n += 1);
                    };
                    view! {
                        <fieldset class="runbook-stage" data-stage=stage.as_str()>
                            <legend>{move || texts::stage(i18n.get_locale(), stage)}</legend>
                            {sections}
                            <button type="button" on:click=add_section>
                                {t!(i18n, runbook.add_section)}
                            </button>
                        </fieldset>
                    }
                })
                .collect_view()
        })
    };
    // A checklist for a stage that has none yet (any stage a ticket is
    // worked in; a closed ticket takes no ticks).
    let missing = move || {
        shape.track();
        draft.with_untracked(|r| {
            Stage::ALL
                .iter()
                .copied()
                .filter(|s| s.is_open() && !r.stages.iter().any(|c| c.stage == *s))
                .collect::<Vec<_>>()
        })
    };
    let new_stage = RwSignal::new(None::<Stage>);
    let add_stage = move |_| {
        let Some(stage) = new_stage
            .get_untracked()
            .or_else(|| missing().first().copied())
        else {
            return;
        };
        draft.update(|r| {
            r.stages.push(StageChecklist {
                stage,
                sections: vec![Section {
                    title: Wording::default(),
                    items: Vec::new(),
                }],
            })
        });
        new_stage.set(None);
        shape.update(|n| *n += 1);
    };
    let stage_adder = move || {
        let stages = missing();
        (!stages.is_empty()).then(|| {
            let options = stages
                .into_iter()
                .map(|stage| {
                    view! {
                        <option value=stage.as_str()>
                            {move || texts::stage(i18n.get_locale(), stage)}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <div class="field add-stage">
                    <label for="runbook-new-stage">{t!(i18n, runbook.new_stage)}</label>
                    <select
                        id="runbook-new-stage"
                        on:change=move |ev| new_stage.set(Stage::parse(&event_target_value(&ev)))
                    >
                        {options}
                    </select>
                    " "
                    <button type="button" on:click=add_stage>{t!(i18n, runbook.add_stage)}</button>
                </div>
            }
        })
    };
    let problem_list = move || {
        problems.get().map(|errors| {
            let items = errors
                .iter()
                .map(|e| {
                    let (field, reason) = (e.field, e.reason.clone());
                    view! {
                        <li>
                            {move || texts::runbook_field(i18n.get_locale(), field)} ": "
                            {move || texts::reason(i18n.get_locale(), &reason)}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="form-error" role="status">
                    <p>{t!(i18n, runbook.problems)}</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    };
    view! {
        <p class="lede in-force" data-version=based_on.0>
            {t!(i18n, runbook.in_force, version = based_on.0.to_string())}
        </p>
        {review.map(|number| view! { <ProposalNotice number /> })}
        <form class="runbook-form" on:submit=on_submit data-hydrated=move || live.get().to_string()>
            {stages}
            {stage_adder}
            <div class="field" data-field="note">
                <label for="runbook-note">{t!(i18n, runbook.note)}</label>
                <input
                    id="runbook-note"
                    type="text"
                    maxlength=VERSION_NOTE.max
                    on:input=move |ev| note.set(event_target_value(&ev))
                />
                <FieldMessage field=Field::Note errors />
            </div>
            <FieldMessage field=Field::Review errors />
            {problem_list}
            {failure}
            <button
                type="submit"
                class="primary"
                disabled=move || save.pending().get() || problems.with(Option::is_some)
            >
                {t!(i18n, runbook.save)}
            </button>
        </form>
        <VersionHistory records=history offset built_in=tr!(i18n, runbook.built_in) />
    }
}

/// The proposal of the review that the save applies, as the review wrote it.
#[component]
fn ProposalNotice(number: TicketNumber) -> impl IntoView {
    let i18n = use_i18n();
    let board = Resource::new(|| (), |_| load_reviews());
    let shown = number.to_string();
    view! {
        <aside class="proposal-notice" data-number=shown.clone()>
            <p>
                {t!(i18n, runbook.applying, number = shown.clone())} " "
                <a href=format!("/tickets/{shown}#review")>{shown.clone()}</a>
            </p>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    let proposal = board.await.ok().and_then(|board| {
                        board.proposals.into_iter().find(|p| p.number == number)
                    });
                    match proposal {
                        Some(found) => Either::Left(view! { <blockquote class="proposal">{found.proposal}</blockquote> }),
                        None => Either::Right(view! { <p class="hint">{t!(i18n, runbook.no_proposal)}</p> }),
                    }
                })}
            </Transition>
        </aside>
    }
}
