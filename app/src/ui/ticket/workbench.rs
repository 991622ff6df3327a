//! What every panel of the ticket page works from: the ticket as loaded,
//! its log folded into [`Progress`], the runbook version it follows, and the
//! one server action that changes it.
//!
//! A panel asks [`Workbench::allows`] (the shared rules, [`Ticket::act`])
//! before it enables a control, and sends the action with
//! [`Workbench::send`]; the server applies the same rules again.

use crate::api::ActOnTicket;
use crate::domain::{ActionRequest, Progress, Runbook, Ticket, TicketAction};
use leptos::prelude::*;
use std::sync::Arc;

/// The ticket page's state and its way to change it. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Workbench {
    state: StoredValue<State>,
    pub act: ServerAction<ActOnTicket>,
    /// The control that had the focus when an action was sent, by id: the
    /// page is rebuilt when the action lands, and the focus goes back there
    /// so that the keyboard user carries on where they were.
    focus: StoredValue<Option<String>>,
    /// The last action sent, with the version it was made against: after a
    /// conflict the page shows what changed and offers to apply it again.
    pub sent: RwSignal<Option<ActionRequest>>,
}

struct State {
    ticket: Ticket,
    progress: Progress,
    runbook: Arc<Runbook>,
}

impl Workbench {
    /// The page's workbench over a freshly loaded ticket.
    pub fn new(
        ticket: Ticket,
        progress: Progress,
        runbook: Arc<Runbook>,
        act: ServerAction<ActOnTicket>,
        focus: StoredValue<Option<String>>,
        sent: RwSignal<Option<ActionRequest>>,
    ) -> Self {
        let state = State {
            ticket,
            progress,
            runbook,
        };
        Self {
            state: StoredValue::new(state),
            act,
            focus,
            sent,
        }
    }

    /// Reads the ticket, its progress and its runbook.
    pub fn with<R>(&self, f: impl FnOnce(&Ticket, &Progress, &Runbook) -> R) -> R {
        self.state
            .with_value(|s| f(&s.ticket, &s.progress, &s.runbook))
    }

    /// Whether the rules accept the action for the ticket as loaded.
    pub fn allows(&self, action: &TicketAction) -> bool {
        self.with(|ticket, progress, runbook| ticket.act(progress, runbook, action).is_ok())
    }

    /// Sends the action, made against the version loaded.
    pub fn send(&self, action: TicketAction) {
        let (number, version) = self.with(|t, _, _| (t.number.to_string(), t.version));
        self.focus.set_value(focused_id());
        let request = ActionRequest { version, action };
        self.sent.set(Some(request.clone()));
        self.act.dispatch(ActOnTicket { number, request });
    }

    /// Puts the focus back on the control that had it when the last action
    /// was sent, if the rebuilt page still has it.
    pub fn restore_focus(&self) {
        let Some(id) = self.focus.try_update_value(Option::take).flatten() else {
            return;
        };
        focus_by_id(&id);
    }

    /// Whether an action is on its way to the server.
    pub fn busy(&self) -> Signal<bool> {
        self.act.pending().into()
    }
}

/// Whether the person is typing or choosing in a form field right now: a
/// live reload then waits for them.
#[cfg(feature = "hydrate")]
pub fn typing() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

#[cfg(not(feature = "hydrate"))]
pub fn typing() -> bool {
    false
}

/// The id of the focused element, if it has one.
#[cfg(feature = "hydrate")]
fn focused_id() -> Option<String> {
    let element = web_sys::window()?.document()?.active_element()?;
    Some(element.id()).filter(|id| !id.is_empty())
}

#[cfg(not(feature = "hydrate"))]
fn focused_id() -> Option<String> {
    None
}

/// Focuses an element by id (which scrolls it into view), if the page
/// has it.
#[cfg(feature = "hydrate")]
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        // Focusing can only fail for elements that take no focus.
        let _ = element.focus();
    }
}

#[cfg(not(feature = "hydrate"))]
pub fn focus_by_id(_id: &str) {}
