//! The SLA scheduler: a background task that records clock warnings,
//! breaches and escalations as they come due (R03, R11, R12, R17).
//!
//! Every pass asks the store for the tickets whose snapshot says a clock
//! needs a look, so a pass over an idle desk is one indexed query. Recording
//! is exactly-once in the store itself, so any number of passes, restarts
//! and server processes on one database record each crossing once.

use super::Desk;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

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
            loop {
                tokio::select! {
                    _ = ticks.tick() => {}
                    _ = stopped.changed() => return,
                }
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

    /// Stops after the running pass, if any, has finished.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(error) = self.task.await {
            tracing::error!(%error, "the SLA scheduler ended abnormally");
        }
    }
}
