//! The desk service as the server functions see it.

use super::Desk;
use async_trait::async_trait;
use firstline_app::api::{AppError, DeskApi, IntakeSetup, QueueRow, QueueView, TicketView};
use firstline_app::domain::{Actor, IntakeDraft, Ticket, TicketNumber};

#[async_trait]
impl DeskApi for Desk {
    async fn load_intake(&self, _actor: &Actor) -> Result<IntakeSetup, AppError> {
        Ok(IntakeSetup {
            policy: self.policy().clone(),
            utc_offset: self.utc_offset().local_minus_utc(),
            server_now: self.now(),
        })
    }

    async fn register(&self, actor: &Actor, draft: IntakeDraft) -> Result<Ticket, AppError> {
        Desk::register(self, actor, &draft)
            .await
            .map_err(|e| e.into_app_error())
    }

    async fn queue(&self, actor: &Actor) -> Result<QueueView, AppError> {
        let tickets = Desk::queue(self, actor)
            .await
            .map_err(|e| e.into_app_error())?;
        Ok(QueueView {
            server_now: self.now(),
            rows: tickets.iter().map(QueueRow::from).collect(),
        })
    }

    async fn ticket(&self, actor: &Actor, number: TicketNumber) -> Result<TicketView, AppError> {
        let (ticket, events) = Desk::ticket(self, actor, number)
            .await
            .map_err(|e| e.into_app_error())?;
        Ok(TicketView {
            server_now: self.now(),
            utc_offset: self.utc_offset().local_minus_utc(),
            ticket,
            events,
        })
    }
}
