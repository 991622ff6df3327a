//! The desk service: where the procedure's rules are applied with authority.
//!
//! It validates input with the shared domain code, judges priorities under the
//! SLA policy, decides who may do what, and hands complete changes to the
//! store, which writes each one in a single transaction. The server functions
//! (through [`DeskApi`](firstline_app::api::DeskApi)) and the JSON API both
//! call it.

mod clock;
mod error;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{DeskError, require};

use crate::store::{NewTicket, Store, TicketUpdate};
use chrono::{DateTime, FixedOffset, Utc};
use firstline_app::domain::{
    Action, Actor, Change, Intake, IntakeDraft, Reclassification, ReclassifyDraft, SlaPolicy,
    Ticket, TicketEvent, TicketNumber,
};
use std::sync::Arc;
use tracing::instrument;

/// The desk service. Cheap to share: clone the `Arc` it lives in.
pub struct Desk {
    /// Where tickets and their logs are kept.
    store: Arc<dyn Store>,
    /// The only source of "now" (server time is the only time).
    clock: Arc<dyn Clock>,
    /// The SLA policy new tickets are judged under.
    policy: SlaPolicy,
    /// The desk's time zone offset: form times are entered in it.
    utc_offset: FixedOffset,
}

impl Desk {
    /// Creates the service over a store.
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, utc_offset: FixedOffset) -> Self {
        Self {
            store,
            clock,
            policy: SlaPolicy::default(),
            utc_offset,
        }
    }

    /// The current server time.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The policy new tickets are judged under.
    pub fn policy(&self) -> &SlaPolicy {
        &self.policy
    }

    /// The desk's offset from UTC.
    pub fn utc_offset(&self) -> FixedOffset {
        self.utc_offset
    }

    /// The store, for health checks and shutdown.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// R01–R03: validates a registration, judges its priority and response
    /// deadline, and stores it with its "registered" event.
    #[instrument(skip(self, draft), fields(actor = %actor.name, desk = actor.desk.0))]
    pub async fn register(&self, actor: &Actor, draft: &IntakeDraft) -> Result<Ticket, DeskError> {
        require(actor, Action::RegisterTicket)?;
        let now = self.clock.now();
        let intake = Intake::parse(draft, self.utc_offset, now).map_err(DeskError::Invalid)?;
        let judgement = self.policy.judge(intake.impact, intake.urgency);
        let response_due_at = intake.reported_at.at() + judgement.response_target;
        let event = Change::Registered {
            channel: intake.channel,
            impact: intake.impact,
            urgency: intake.urgency,
            priority: judgement.priority,
            urgent: intake.urgent,
            policy_version: judgement.policy_version,
            response_due_at,
        };
        let ticket = NewTicket {
            intake,
            priority: judgement.priority,
            policy_version: judgement.policy_version,
            response_due_at,
            registered_at: now,
            registered_by: actor.name.clone(),
            event,
        };
        let ticket = self.store.register(actor.desk, ticket).await?;
        tracing::info!(number = %ticket.number, priority = %ticket.priority, "ticket registered");
        Ok(ticket)
    }

    /// R03: corrects a ticket's impact and urgency. The priority and the
    /// response deadline are judged again; the change and its reason are an
    /// event. A stale `version` is refused as a conflict.
    #[instrument(skip(self, draft), fields(actor = %actor.name, desk = actor.desk.0, number = %number))]
    pub async fn reclassify(
        &self,
        actor: &Actor,
        number: TicketNumber,
        draft: &ReclassifyDraft,
    ) -> Result<Ticket, DeskError> {
        require(actor, Action::ChangeTicket)?;
        let reclassification = Reclassification::parse(draft).map_err(DeskError::Invalid)?;
        let current = self
            .store
            .ticket(actor.desk, number)
            .await?
            .ok_or(DeskError::NotFound)?;
        if current.version != draft.version {
            return Err(DeskError::Conflict {
                current: current.version,
            });
        }
        let (change, ticket) = current.reclassify(reclassification, &self.policy);
        let update = TicketUpdate {
            ticket,
            at: self.clock.now(),
            actor: actor.name.clone(),
            change,
        };
        let ticket = self.store.apply(actor.desk, update).await?;
        tracing::info!(priority = %ticket.priority, "ticket reclassified");
        Ok(ticket)
    }

    /// The actor's desk's open tickets, nearest response deadline first.
    #[instrument(skip(self), fields(actor = %actor.name, desk = actor.desk.0))]
    pub async fn queue(&self, actor: &Actor) -> Result<Vec<Ticket>, DeskError> {
        require(actor, Action::ViewQueue)?;
        Ok(self.store.open_tickets(actor.desk).await?)
    }

    /// One ticket of the actor's desk and its operation log.
    #[instrument(skip(self), fields(actor = %actor.name, desk = actor.desk.0, number = %number))]
    pub async fn ticket(
        &self,
        actor: &Actor,
        number: TicketNumber,
    ) -> Result<(Ticket, Vec<TicketEvent>), DeskError> {
        require(actor, Action::ViewTicket)?;
        let ticket = self
            .store
            .ticket(actor.desk, number)
            .await?
            .ok_or(DeskError::NotFound)?;
        let events = self.store.events(actor.desk, ticket.id).await?;
        Ok((ticket, events))
    }
}
