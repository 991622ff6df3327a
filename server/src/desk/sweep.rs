//! The SLA scheduler (R03, R11, R12, R17): a background task whose passes
//! record clock warnings, breaches and escalations as they come due.
//!
//! Every pass asks the store for the tickets whose snapshot says a clock
//! needs a look, so a pass over an idle desk is one indexed query. Recording
//! is exactly-once in the store itself, so any number of passes, restarts
//! and server processes on one database record each crossing once. Only one
//! process sweeps at a time: it holds the store's sweep lease, and when it
//! dies another process takes the lease on its next tick.

use super::{Desk, DeskError};
use crate::store::SweepLease;
use firstline_app::domain::sla::{SlaSnapshot, crossings};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::instrument;

/// How many tickets one pass looks at, at most.
const SWEEP_BATCH: i64 = 500;

/// What one scheduler pass did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SweepPass {
    /// Tickets whose clocks were looked at.
    pub looked_at: usize,
    /// Warnings, breaches and escalations recorded.
    pub recorded: usize,
    /// The pass took as many tickets as it may: more may be waiting.
    pub full_batch: bool,
}

impl Desk {
    /// One pass of the SLA scheduler: every ticket whose next warning or
    /// breach has come gets it recorded in its log (once, however many
    /// passes or processes see it) and its snapshot renewed.
    #[instrument(skip(self))]
    pub async fn sla_sweep(&self) -> Result<SweepPass, DeskError> {
        let now = self.clock.now();
        let due = self.store.due_for_sla(now, SWEEP_BATCH).await?;
        let mut pass = SweepPass {
            looked_at: due.len(),
            recorded: 0,
            full_batch: due.len() as i64 == SWEEP_BATCH,
        };
        for (desk, id) in due {
            let Some(ticket) = self.store.ticket_by_id(desk, id).await? else {
                continue;
            };
            let log = self.store.events(desk, id).await?;
            let evaluation = self.evaluate(&ticket, &log, now).await?;
            let snapshot = SlaSnapshot::after_recording(&evaluation, now);
            let added = self
                .store
                .record_crossings(
                    desk,
                    id,
                    ticket.version,
                    &crossings(&evaluation),
                    now,
                    &snapshot,
                )
                .await?;
            if added > 0 {
                tracing::info!(number = %ticket.number, added, "recorded clock warnings and breaches");
            }
            pass.recorded += added;
        }
        if pass.recorded > 0 {
            self.wrote();
        }
        Ok(pass)
    }
}

/// The running scheduler.
pub struct Scheduler {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Scheduler {
    /// Starts a pass every `every`. A pass that finds a full batch is
    /// followed by another at once, so a backlog drains quickly.
    pub fn start(desk: Arc<Desk>, every: Duration) -> Self {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut lease: Option<Box<dyn SweepLease>> = None;
            let mut told_elsewhere = false;
            loop {
                tokio::select! {
                    _ = ticks.tick() => {}
                    _ = stopped.changed() => return,
                }
                if !hold(&desk, &mut lease).await {
                    if !told_elsewhere {
                        tracing::info!(
                            "the SLA sweep lease is held by another process; standing by"
                        );
                        told_elsewhere = true;
                    }
                    continue;
                }
                told_elsewhere = false;
                loop {
                    match desk.sla_sweep().await {
                        Ok(pass) if pass.full_batch && !*stopped.borrow() => continue,
                        Ok(_) => break,
                        Err(error) => {
                            tracing::error!(error = ?error, "SLA pass failed; retrying on the next tick");
                            break;
                        }
                    }
                }
            }
        });
        Self { stop, task }
    }

    /// Stops after the running pass, if any, has finished (and lets the
    /// lease go).
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(error) = self.task.await {
            tracing::error!(%error, "the SLA scheduler ended abnormally");
        }
    }
}

/// Keeps or takes the sweep lease; says whether this process holds it.
async fn hold(desk: &Desk, lease: &mut Option<Box<dyn SweepLease>>) -> bool {
    if let Some(held) = lease {
        if held.held().await {
            return true;
        }
        tracing::warn!("lost the SLA sweep lease");
        *lease = None;
    }
    match desk.store.take_sweep_lease().await {
        Ok(Some(taken)) => {
            tracing::info!("took the SLA sweep lease: this process records clock crossings");
            *lease = Some(taken);
            true
        }
        Ok(None) => false,
        Err(error) => {
            tracing::error!(error = ?error, "could not ask for the SLA sweep lease");
            false
        }
    }
}
