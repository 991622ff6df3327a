//! What the pages and the JSON API read: the intake form's setup, the
//! queue, and one ticket with its log, clocks and runbook. Each view is
//! built here once, for both edges.

use super::{Desk, DeskError, require};
use chrono::{DateTime, Utc};
use firstline_app::api::{IntakeSetup, QueueLimit, QueueRow, QueueView, TicketView};
use firstline_app::domain::sla::{Evaluation, SlaEvent, evaluate, sla_events, zone};
use firstline_app::domain::{
    Action, Actor, Progress, Runbook, SlaPolicy, Ticket, TicketEvent, TicketNumber,
};
use std::sync::Arc;
use tracing::instrument;

impl Desk {
    /// What the intake form works with: the policy in force (to preview
    /// priorities), the desk's time zone and the server's time.
    pub async fn intake_setup(&self, actor: &Actor) -> Result<IntakeSetup, DeskError> {
        require(actor, Action::RegisterTicket)?;
        let policy = self.policies.current().await?;
        Ok(IntakeSetup {
            policy: SlaPolicy::clone(&policy),
            utc_offset: self.offset_seconds(),
            desk_language: self.language,
            server_now: self.now(),
            refused: None,
        })
    }

    /// The most urgent open tickets of the actor's desk, the nearest due
    /// clock first, and whether more are open than the limit let through.
    #[instrument(skip(self), fields(actor = %actor.name, desk = actor.desk.0, limit = limit.get()))]
    pub async fn queue(&self, actor: &Actor, limit: QueueLimit) -> Result<QueueView, DeskError> {
        require(actor, Action::ViewQueue)?;
        // One past the limit tells whether more wait, without counting them.
        let mut tickets = self.store.open_tickets(actor.desk, limit.get() + 1).await?;
        let more = tickets.len() > limit.get() as usize;
        tickets.truncate(limit.get() as usize);
        Ok(QueueView {
            server_now: self.now(),
            rows: tickets.iter().map(QueueRow::from).collect(),
            more,
            limit: limit.get(),
        })
    }

    /// One ticket as its page shows it: its log, what the browser
    /// evaluates its clocks from, the runbook it follows, and what the
    /// viewer may do.
    pub async fn ticket_view(
        &self,
        actor: &Actor,
        number: TicketNumber,
    ) -> Result<TicketView, DeskError> {
        let clocks = self.ticket_with_clocks(actor, number).await?;
        let registered = clocks.sla_events.iter().map(|e| e.at).min();
        let (from, until) = zone::span(
            registered.unwrap_or(clocks.evaluated_at),
            clocks.evaluated_at,
        );
        let names = clocks.policies.iter().flat_map(SlaPolicy::zone_names);
        let zones = zone::tables(names, from, until);
        Ok(TicketView {
            server_now: clocks.evaluated_at,
            utc_offset: self.offset_seconds(),
            ticket: clocks.ticket,
            events: clocks.log,
            sla_events: clocks.sla_events,
            policies: clocks.policies,
            zones,
            runbook: Runbook::clone(&clocks.runbook),
            may_form_swarm: actor.may(Action::FormSwarm),
            status_link: self.status_link_of(actor, number).await?,
            may_renew_link: actor.may(Action::RenewStatusLink),
            may_sign_off_review: actor.may(Action::LeadReviews),
            deliveries: self.deliveries(actor, number).await?,
        })
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

    /// A ticket with its log, the SLA events and policies the browser
    /// evaluates its clocks from, and the clocks now.
    pub async fn ticket_with_clocks(
        &self,
        actor: &Actor,
        number: TicketNumber,
    ) -> Result<TicketClocks, DeskError> {
        let (ticket, log) = self.ticket(actor, number).await?;
        let now = self.clock.now();
        let held = self.policies.of_log(&log).await?;
        let sla_events = sla_events(&ticket, &log);
        let evaluation = evaluate(&held.policies(), &sla_events, now);
        let runbook = self
            .runbooks
            .version(Progress::from_log(&log).runbook.0)
            .await?;
        Ok(TicketClocks {
            evaluated_at: now,
            runbook,
            ticket,
            log,
            sla_events,
            policies: held.into_list(),
            evaluation,
        })
    }
}

/// A ticket, its log and its clocks.
pub struct TicketClocks {
    /// The time the clocks were evaluated at.
    pub evaluated_at: DateTime<Utc>,
    pub ticket: Ticket,
    pub log: Vec<TicketEvent>,
    pub sla_events: Vec<SlaEvent>,
    /// The policy it was registered under, then the versions applied to it.
    pub policies: Vec<SlaPolicy>,
    pub evaluation: Evaluation,
    /// The runbook version the ticket follows.
    pub runbook: Arc<Runbook>,
}
