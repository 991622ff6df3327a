//! `/policy`: the SLA policy, for leads. Edit the targets, the R03 matrix,
//! the warning threshold and the business calendars; a preview shows what
//! the edit would mean for a ticket registered now, with the same engine
//! the desk uses. Each save is a new version with its reason.
//!
//! This module holds the page and its form; the form's parts are `targets`
//! (the minutes and the warning threshold), `matrix` (R03), `calendars`
//! (business hours and holidays) and `preview`.

mod calendars;
mod matrix;
mod preview;
mod targets;

use super::versions::VersionHistory;
use crate::api::{PolicyDraft, PolicyView, SavePolicy, load_policy};
use crate::domain::Field;
use crate::domain::validation::VERSION_NOTE;
use crate::ui::fields::{FieldMessage, submission_errors, submission_failure};
use crate::ui::prelude::*;
use calendars::Calendars;
use matrix::Matrix;
use preview::Preview;
use targets::Targets;

#[component]
pub fn PolicyPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SavePolicy>::new();
    // Reload after a successful save only: a refused one keeps the editor,
    // and with it everything the lead has entered, for another try.
    let saved = Memo::new(move |last: Option<&u32>| match save.value().get() {
        Some(Ok(policy)) => policy.version.0,
        _ => last.copied().unwrap_or(0),
    });
    let policy = Resource::new(move || saved.get(), |_| load_policy());
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), policy.title).to_string() />
        <section class="policy">
            <h1>{t!(i18n, policy.title)}</h1>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match policy.await {
                        Ok(view) => Either::Left(view! { <PolicyEditor view save /> }),
                        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PolicyEditor(view: PolicyView, save: ServerAction<SavePolicy>) -> impl IntoView {
    let i18n = use_i18n();
    ServerClock::expect().observe(view.server_now);
    let offset = desk_offset(view.utc_offset);
    let based_on = view.current.version;
    let draft = RwSignal::new(view.current.clone());
    let note = RwSignal::new(String::new());
    let holidays_bad = RwSignal::new(false);
    let problem = move || draft.with(|p| p.validate().err().map(|e| e.to_string()));
    let saved_version = view.current.version;
    let history = view
        .history
        .into_iter()
        .map(|r| r.untyped(|v| v.0))
        .collect();
    let live = hydrated();
    let errors = submission_errors(save);
    let failure = submission_failure(save);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SavePolicy {
            draft: PolicyDraft {
                based_on,
                policy: draft.get_untracked(),
                note: note.get_untracked(),
            },
        });
    };
    view! {
        <p class="lede in-force" data-version=saved_version.0>
            {t!(i18n, policy.in_force, version = saved_version.0.to_string())}
        </p>
        <form
            class="policy-form"
            on:submit=on_submit
            data-hydrated=move || live.get().to_string()
        >
            <Targets draft />
            <Matrix draft />
            <Calendars draft holidays_bad />
            <Preview draft offset />
            <div class="field" data-field="note">
                <label for="policy-note">{t!(i18n, policy.note)}</label>
                <input
                    id="policy-note"
                    type="text"
                    maxlength=VERSION_NOTE.max
                    on:input=move |ev| note.set(event_target_value(&ev))
                />
                <FieldMessage field=Field::Note errors />
            </div>
            <p class="form-error" role="status" hidden=move || problem().is_none()>
                {problem}
            </p>
            {failure}
            <button
                type="submit"
                class="primary"
                disabled=move || save.pending().get() || problem().is_some() || holidays_bad.get()
            >
                {t!(i18n, policy.save)}
            </button>
        </form>
        <VersionHistory records=history offset built_in=tr!(i18n, policy.built_in) />
    }
}
