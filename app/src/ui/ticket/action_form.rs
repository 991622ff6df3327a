//! The ticket page's action form: answer the reporter, tell them of
//! progress, wait for them, share a note, record the cause, a workaround or
//! the fix, or reopen a ticket that is not fixed. The form offers only what
//! the shared rules allow for the ticket as it stands; moving between
//! stages is the stepper's.

use super::workbench::Workbench;
use crate::domain::actions::text_rule;
use crate::domain::{Field, FieldError, TicketAction, parse_time};
use crate::ui::fields::{FieldMessage, submission_errors, with_local_error};
use crate::ui::prelude::*;
use chrono::{DateTime, Utc};

/// The actions the form offers, in the order of the procedure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    FirstResponse,
    ProgressUpdate,
    WaitOnReporter,
    ReporterReplied,
    Note,
    RootCauseFound,
    Escalate,
    WorkaroundApplied,
    Resolve,
    Reopen,
}

const KINDS: [Kind; 10] = [
    Kind::FirstResponse,
    Kind::ProgressUpdate,
    Kind::WaitOnReporter,
    Kind::ReporterReplied,
    Kind::Note,
    Kind::RootCauseFound,
    Kind::Escalate,
    Kind::WorkaroundApplied,
    Kind::Resolve,
    Kind::Reopen,
];

impl Kind {
    /// The action with the agent's text (and, for an update, the ETA).
    fn action(self, text: String, eta: Option<DateTime<Utc>>) -> TicketAction {
        match self {
            Kind::FirstResponse => TicketAction::FirstResponse { message: text },
            Kind::ProgressUpdate => TicketAction::ProgressUpdate { message: text, eta },
            Kind::WaitOnReporter => TicketAction::WaitOnReporter { note: text },
            Kind::ReporterReplied => TicketAction::ReporterReplied { note: text },
            Kind::Note => TicketAction::Note { text },
            Kind::RootCauseFound => TicketAction::RootCauseFound { summary: text },
            Kind::Escalate => TicketAction::Escalate { reason: text },
            Kind::WorkaroundApplied => TicketAction::WorkaroundApplied { description: text },
            Kind::Resolve => TicketAction::Resolve { summary: text },
            Kind::Reopen => TicketAction::Reopen { reason: text },
        }
    }

    /// The stable name, as the form's option values use it.
    pub(super) fn name(self) -> &'static str {
        self.action(String::new(), None).name()
    }

    /// Whether the rules allow it for the ticket (any text would do: a
    /// placeholder stands in, since only the state is in question here).
    pub(super) fn allowed(self, bench: &Workbench) -> bool {
        bench.allows(&self.action("--".into(), None))
    }
}

/// What the agent chose and typed, kept by the page: the form is rebuilt
/// each time the ticket reloads, and after a refused or conflicting
/// submission the agent retries without typing it all again.
#[derive(Clone, Copy)]
pub struct ActionDraft {
    kind: RwSignal<Option<Kind>>,
    text: RwSignal<String>,
    eta: RwSignal<String>,
}

impl Default for ActionDraft {
    fn default() -> Self {
        Self {
            kind: RwSignal::new(None),
            text: RwSignal::new(String::new()),
            eta: RwSignal::new(String::new()),
        }
    }
}

impl ActionDraft {
    /// Chooses an action by its stable name (`first_response`), as the
    /// breach banner's link and its `?act=` address name it. An unknown
    /// name chooses nothing; the form offers it only if the rules allow it.
    pub fn choose(&self, name: &str) {
        if let Some(kind) = KINDS.into_iter().find(|k| k.name() == name) {
            self.kind.set(Some(kind));
        }
    }

    /// Moves the focus (and the view) to the form's text, ready to type.
    pub fn focus_text(&self) {
        super::workbench::focus_by_id("action-text");
    }
}

/// The form. The page reloads the ticket each time an action completes.
#[component]
pub fn ActionPanel(bench: Workbench, draft: ActionDraft, utc_offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let act = bench.act;
    let kinds: Vec<Kind> = KINDS.into_iter().filter(|k| k.allowed(&bench)).collect();
    let &first = kinds.first()?;
    // A recorded action has used the draft up.
    if matches!(act.value().get_untracked(), Some(Ok(_))) {
        draft.kind.set(None);
        draft.text.set(String::new());
        draft.eta.set(String::new());
    }
    let offered = kinds.clone();
    // The chosen action, if the rules allow it now, else the first allowed.
    let kind = Memo::new(move |_| {
        draft
            .kind
            .get()
            .filter(|k| offered.contains(k))
            .unwrap_or(first)
    });
    let (text, eta) = (draft.text, draft.eta);
    let offset = desk_offset(utc_offset);
    let live = hydrated();
    let eta_error = RwSignal::new(None::<FieldError>);
    let errors = with_local_error(eta_error, submission_errors(act));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let raw = eta.get_untracked();
        let chosen = kind.get_untracked();
        let eta = match raw.trim() {
            "" => Ok(None),
            raw if chosen == Kind::ProgressUpdate => parse_time(raw, offset, Field::Eta).map(Some),
            _ => Ok(None),
        };
        match eta {
            Err(error) => eta_error.set(Some(error)),
            Ok(eta) => {
                eta_error.set(None);
                bench.send(chosen.action(text.get_untracked(), eta));
            }
        }
    };
    let kind_options = kinds
        .into_iter()
        .map(|k| {
            view! {
                <option value=k.name() selected=move || kind.get() == k>
                    {move || texts::action(i18n.get_locale(), k.name())}
                </option>
            }
        })
        .collect_view();
    let on_kind = move |ev| {
        let name = event_target_value(&ev);
        draft.choose(&name);
    };
    Some(view! {
        <section class="actions" id="action-form">
            <h2>{t!(i18n, actions.title)}</h2>
            <form
                class="action-form"
                on:submit=on_submit
                data-hydrated=move || live.get().to_string()
            >
                <div class="field">
                    <label for="action-kind">{t!(i18n, actions.kind)}</label>
                    <select id="action-kind" name="action" on:change=on_kind>
                        {kind_options}
                    </select>
                </div>
                <div class="field" data-field="note">
                    <label for="action-text">{t!(i18n, actions.text)}</label>
                    <textarea
                        id="action-text"
                        name="note"
                        rows=3
                        maxlength=text_rule(Field::Note).max
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    ></textarea>
                    <FieldMessage field=Field::Note errors />
                </div>
                <div class="field" data-field="eta" hidden=move || kind.get() != Kind::ProgressUpdate>
                    <label for="action-eta">{t!(i18n, actions.eta)}</label>
                    <input
                        id="action-eta"
                        name="eta"
                        type="datetime-local"
                        prop:value=move || eta.get()
                        on:input=move |ev| eta.set(event_target_value(&ev))
                    />
                    <FieldMessage field=Field::Eta errors />
                </div>
                <button type="submit" class="primary" disabled=move || act.pending().get()>
                    {t!(i18n, actions.record)}
                </button>
            </form>
        </section>
    })
}
