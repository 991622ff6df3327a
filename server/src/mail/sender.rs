//! The background sender: claims due messages from the outbox, sends each,
//! and records how it went. It runs in every process; claims keep two
//! processes from sending one message, and a claim whose process died runs
//! out after its lease and is taken over.

use super::Mailer;
use crate::desk::Desk;
use chrono::TimeDelta;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

/// How a sender claims and polls.
#[derive(Clone, Copy, Debug)]
pub struct SenderSettings {
    /// How long a claim holds: longer than one SMTP conversation may take.
    pub lease: TimeDelta,
    /// How often the outbox is looked at without a wake-up (for retries,
    /// and for messages other processes queued).
    pub poll: Duration,
    /// Messages claimed at once.
    pub batch: u32,
}

impl Default for SenderSettings {
    fn default() -> Self {
        Self {
            lease: TimeDelta::seconds(120),
            poll: Duration::from_secs(2),
            batch: 10,
        }
    }
}

/// The running sender.
pub struct MailSender {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl MailSender {
    /// Starts sending. `wake` is notified when this process queues a
    /// message, so that it goes out at once.
    pub fn start(
        desk: Arc<Desk>,
        mailer: Arc<Mailer>,
        wake: Arc<Notify>,
        settings: SenderSettings,
    ) -> Self {
        let worker = format!("{}:{}", std::process::id(), uuid::Uuid::new_v4().simple());
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            tracing::info!(%worker, "mail sender started");
            loop {
                loop {
                    match drain_once(&desk, &mailer, &worker, settings).await {
                        Ok(true) if !*stopped.borrow() => continue,
                        Ok(_) => break,
                        Err(error) => {
                            tracing::error!(error = ?error, "the mail sender failed; trying again shortly");
                            break;
                        }
                    }
                }
                tokio::select! {
                    _ = wake.notified() => {}
                    _ = tokio::time::sleep(settings.poll) => {}
                    _ = stopped.changed() => return,
                }
            }
        });
        Self { stop, task }
    }

    /// Stops after the message being sent, if any.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(error) = self.task.await {
            tracing::error!(%error, "the mail sender ended abnormally");
        }
    }
}

/// Claims one batch and sends it; says whether the batch was full (more
/// may be waiting).
async fn drain_once(
    desk: &Desk,
    mailer: &Mailer,
    worker: &str,
    settings: SenderSettings,
) -> Result<bool, crate::desk::DeskError> {
    let batch = desk
        .claim_outgoing(worker, settings.lease, settings.batch)
        .await?;
    let full = batch.len() as u32 == settings.batch;
    for out in batch {
        let outcome = mailer.send(&out, desk.now()).await;
        match &outcome {
            crate::store::SendOutcome::Sent => {
                tracing::info!(number = %out.number, kind = %out.kind, "message sent");
            }
            crate::store::SendOutcome::Retry { error, retry_at } => {
                tracing::warn!(number = %out.number, kind = %out.kind, %error, %retry_at, "message not sent; will retry");
            }
            crate::store::SendOutcome::Failed { error } => {
                tracing::error!(number = %out.number, kind = %out.kind, %error, "message failed");
            }
        }
        if !desk.finish_outgoing(out.id, worker, &outcome).await? {
            tracing::warn!(number = %out.number, "the claim on a message ran out before its try ended");
        }
    }
    Ok(full)
}
