//! Messages to reporters (R12, R16): which change queues one, in the same
//! transaction as the change, and what a sender needs to write a queued
//! message. Sending is the mail module's.
//!
//! Only the production desk writes to reporters: a trainee's sandbox
//! never sends mail.

use super::{Desk, DeskError, require};
use crate::store::{ClaimedMessage, NewMessage, SendOutcome};
use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use firstline_app::domain::{
    Action, Actor, Change, Delivery, DeliveryState, DeskId, Language, MessageKind, PublicEntry,
    Ticket, TicketNumber,
};
use std::sync::Arc;
use tokio::sync::Notify;

/// A claimed message with everything its text needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    pub id: i64,
    pub desk: DeskId,
    pub number: TicketNumber,
    pub kind: MessageKind,
    pub to: String,
    pub language: Language,
    /// The symptom as reported.
    pub symptom: String,
    /// The desk's words to the reporter; none for a verification request,
    /// whose gate note is the desk's own.
    pub text: Option<String>,
    /// The expected fix a progress update gave.
    pub eta: Option<DateTime<Utc>>,
    /// `/r/<token>`: the ticket's working status link, issued now if it
    /// had none.
    pub link_path: String,
    /// The desk's offset, for the times in the message.
    pub offset: FixedOffset,
    /// Tries before this one.
    pub attempts: u32,
}

impl Desk {
    /// The same desk, queueing messages for a mail sender when `sending`,
    /// or recording each as not sent for want of a mail server.
    pub fn sending_mail(mut self, sending: bool) -> Self {
        self.mail = sending;
        self
    }

    /// Whether this server sends mail.
    pub fn sends_mail(&self) -> bool {
        self.mail
    }

    /// Notified whenever this process queues a message.
    pub fn outbox_wake(&self) -> Arc<Notify> {
        self.outbox_wake.clone()
    }

    /// The message to the reporter a change of a ticket causes, if any: on
    /// the production desk, to a reporter with an address, for an entry
    /// that tells or asks them something.
    pub(super) fn message_for(&self, ticket: &Ticket, change: &Change) -> Option<NewMessage> {
        if ticket.desk != DeskId::PRODUCTION {
            return None;
        }
        let kind = MessageKind::of(change)?;
        let to = ticket.intake.reporter_email.as_ref()?;
        Some(NewMessage {
            kind,
            to: to.as_str().to_owned(),
            language: ticket.intake.reporter_language,
            state: if self.mail {
                DeliveryState::Queued
            } else {
                DeliveryState::NoMailServer
            },
        })
    }

    /// The messages to a ticket's reporter and where each stands.
    pub async fn deliveries(
        &self,
        actor: &Actor,
        number: TicketNumber,
    ) -> Result<Vec<Delivery>, DeskError> {
        require(actor, Action::ViewTicket)?;
        Ok(self.store.deliveries(actor.desk, number).await?)
    }

    /// Claims the messages due now for `worker`, each with what its text
    /// needs. A message whose ticket or entry cannot be read is failed at
    /// once rather than tried for ever.
    pub async fn claim_outgoing(
        &self,
        worker: &str,
        lease: TimeDelta,
        limit: u32,
    ) -> Result<Vec<Outgoing>, DeskError> {
        let now = self.clock.now();
        let claimed = self.store.claim_messages(worker, now, lease, limit).await?;
        let mut outgoing = Vec::with_capacity(claimed.len());
        for message in claimed {
            match self.outgoing(&message).await? {
                Some(ready) => outgoing.push(ready),
                None => {
                    let failed = SendOutcome::Failed {
                        error: "the ticket or its entry is gone".into(),
                    };
                    self.finish_outgoing(message.id, worker, &failed).await?;
                }
            }
        }
        Ok(outgoing)
    }

    /// Records how a try ended.
    pub async fn finish_outgoing(
        &self,
        id: i64,
        worker: &str,
        outcome: &SendOutcome,
    ) -> Result<bool, DeskError> {
        let now = self.clock.now();
        Ok(self.store.finish_message(id, worker, now, outcome).await?)
    }

    async fn outgoing(&self, message: &ClaimedMessage) -> Result<Option<Outgoing>, DeskError> {
        let Some(ticket) = self.store.ticket(message.desk, message.number).await? else {
            return Ok(None);
        };
        let log = self.store.events(message.desk, ticket.id).await?;
        let Some(entry) = log.iter().find(|e| e.version == message.version) else {
            return Ok(None);
        };
        let public = PublicEntry::of(entry);
        let link = self.working_link(message.desk, message.number).await?;
        Ok(Some(Outgoing {
            id: message.id,
            desk: message.desk,
            number: message.number,
            kind: message.kind,
            to: message.to.clone(),
            language: message.language,
            symptom: ticket.intake.symptom.steps().to_owned(),
            text: public.as_ref().map(|p| p.message.clone()),
            eta: public.and_then(|p| p.eta),
            link_path: link,
            offset: self.utc_offset,
            attempts: message.attempts,
        }))
    }
}
