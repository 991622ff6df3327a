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
    ) -> Self {
        let state = State {
            ticket,
            progress,
            runbook,
        };
        Self {
            state: StoredValue::new(state),
            act,
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
        self.act.dispatch(ActOnTicket {
            number,
            request: ActionRequest { version, action },
        });
    }

    /// Whether an action is on its way to the server.
    pub fn busy(&self) -> Signal<bool> {
        self.act.pending().into()
    }
}
