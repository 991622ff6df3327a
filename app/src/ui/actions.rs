//! The ticket page's action form: answer the reporter, wait for them, move
//! the ticket on, record the cause, a workaround or the fix, reopen or
//! close. The form offers only what the shared rules ([`Ticket::act`]) allow
//! for the ticket as it stands; the server applies the same rules again.

use super::fields::{FieldMessage, submission_errors, submission_failure};
use super::labels;
use crate::api::ActOnTicket;
use crate::domain::{ActionRequest, Field, Stage, Ticket, TicketAction};
use crate::i18n::*;
use leptos::prelude::*;

/// The actions the form offers, in the order of the procedure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    FirstResponse,
    ProgressUpdate,
    WaitOnReporter,
    ReporterReplied,
    MoveTo,
    RootCauseFound,
    WorkaroundApplied,
    Resolve,
    Reopen,
    Close,
}

const KINDS: [Kind; 10] = [
    Kind::FirstResponse,
    Kind::ProgressUpdate,
    Kind::WaitOnReporter,
    Kind::ReporterReplied,
    Kind::MoveTo,
    Kind::RootCauseFound,
    Kind::WorkaroundApplied,
    Kind::Resolve,
    Kind::Reopen,
    Kind::Close,
];

/// The stages an agent moves a ticket between by hand.
const MOVABLE: [Stage; 5] = [
    Stage::Intake,
    Stage::FirstDiagnosis,
    Stage::SelfHelp,
    Stage::DeepTroubleshooting,
    Stage::Handling,
];

impl Kind {
    /// The action with the agent's text and chosen stage.
    fn action(self, text: String, stage: Stage) -> TicketAction {
        match self {
            Kind::FirstResponse => TicketAction::FirstResponse { message: text },
            Kind::ProgressUpdate => TicketAction::ProgressUpdate {
                message: text,
                eta: None,
            },
            Kind::WaitOnReporter => TicketAction::WaitOnReporter { note: text },
            Kind::ReporterReplied => TicketAction::ReporterReplied { note: text },
            Kind::MoveTo => TicketAction::MoveTo { stage },
            Kind::RootCauseFound => TicketAction::RootCauseFound { summary: text },
            Kind::WorkaroundApplied => TicketAction::WorkaroundApplied { description: text },
            Kind::Resolve => TicketAction::Resolve { summary: text },
            Kind::Reopen => TicketAction::Reopen { reason: text },
            Kind::Close => TicketAction::Close,
        }
    }

    /// Whether the action takes a text.
    const fn has_text(self) -> bool {
        !matches!(self, Kind::MoveTo | Kind::Close)
    }

    /// The stable name, as the form's option values use it.
    fn name(self) -> &'static str {
        self.action(String::new(), Stage::Intake).name()
    }

    /// Whether the rules allow it for `ticket` (any text would do: a
    /// placeholder stands in, since only the state is in question here).
    fn allowed(self, ticket: &Ticket) -> bool {
        if self == Kind::MoveTo {
            return !stages_for(ticket).is_empty();
        }
        ticket.act(&self.action("--".into(), ticket.stage)).is_ok()
    }
}

/// The stages the ticket may be moved to.
fn stages_for(ticket: &Ticket) -> Vec<Stage> {
    MOVABLE
        .into_iter()
        .filter(|stage| ticket.act(&TicketAction::MoveTo { stage: *stage }).is_ok())
        .collect()
}

/// What the agent chose and typed, kept by the page: the form is rebuilt
/// each time the ticket reloads, and after a refused or conflicting
/// submission the agent retries without typing it all again.
#[derive(Clone, Copy)]
pub struct ActionDraft {
    kind: RwSignal<Option<Kind>>,
    text: RwSignal<String>,
}

impl Default for ActionDraft {
    fn default() -> Self {
        Self {
            kind: RwSignal::new(None),
            text: RwSignal::new(String::new()),
        }
    }
}

/// The form. `act` is the page's action: the page reloads the ticket each
/// time it completes.
#[component]
pub fn ActionPanel(
    ticket: Ticket,
    act: ServerAction<ActOnTicket>,
    draft: ActionDraft,
) -> impl IntoView {
    let i18n = use_i18n();
    let kinds: Vec<Kind> = KINDS.into_iter().filter(|k| k.allowed(&ticket)).collect();
    let stages = stages_for(&ticket);
    let &first = kinds.first()?;
    // A recorded action has used the draft up.
    if matches!(act.value().get_untracked(), Some(Ok(_))) {
        draft.kind.set(None);
        draft.text.set(String::new());
    }
    let kept = draft.kind.get_untracked().filter(|k| kinds.contains(k));
    let kind = RwSignal::new(kept.unwrap_or(first));
    let text = draft.text;
    let stage = RwSignal::new(stages.first().copied().unwrap_or(Stage::FirstDiagnosis));
    let (number, version) = (ticket.number.to_string(), ticket.version);
    let live = super::hydrated();
    let errors = submission_errors(act);
    let failure = submission_failure(act);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = ActionRequest {
            version,
            action: kind
                .get_untracked()
                .action(text.get_untracked(), stage.get_untracked()),
        };
        act.dispatch(ActOnTicket {
            number: number.clone(),
            request,
        });
    };
    let kind_options = kinds
        .into_iter()
        .map(|k| {
            view! {
                <option value=k.name() selected=move || kind.get() == k>
                    {move || labels::action(i18n.get_locale(), k.name())}
                </option>
            }
        })
        .collect_view();
    let stage_options = stages
        .into_iter()
        .map(|s| {
            view! {
                <option value=s.as_str() selected=move || stage.get() == s>
                    {move || labels::stage(i18n.get_locale(), s)}
                </option>
            }
        })
        .collect_view();
    let on_kind = move |ev| {
        let name = event_target_value(&ev);
        if let Some(k) = KINDS.into_iter().find(|k| k.name() == name) {
            kind.set(k);
            draft.kind.set(Some(k));
        }
    };
    let on_stage = move |ev| {
        if let Some(s) = Stage::parse(&event_target_value(&ev)) {
            stage.set(s);
        }
    };
    Some(view! {
        <section class="actions">
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
                <div class="field" data-field="stage" hidden=move || kind.get() != Kind::MoveTo>
                    <label for="action-stage">{t!(i18n, actions.stage)}</label>
                    <select id="action-stage" name="stage" on:change=on_stage>
                        {stage_options}
                    </select>
                </div>
                <div class="field" data-field="note" hidden=move || !kind.get().has_text()>
                    <label for="action-text">{t!(i18n, actions.text)}</label>
                    <textarea
                        id="action-text"
                        name="note"
                        rows=3
                        maxlength=2000
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    ></textarea>
                    <FieldMessage field=Field::Note errors />
                </div>
                {failure}
                <button type="submit" class="primary" disabled=move || act.pending().get()>
                    {t!(i18n, actions.record)}
                </button>
            </form>
        </section>
    })
}
