//! Messages to reporters by e-mail (R12, R16): the SMTP transport
//! `--smtp-url` names, the mail each outbox message becomes, and the
//! background sender (`sender`).
//!
//! A message is multipart (plain text and HTML) in the reporter's
//! language, links to their status page, and carries threading headers so
//! that one ticket's messages read as one conversation: every message
//! refers to the same thread id, `<fl-<desk>-<seq>@<domain>>`.

mod sender;

pub use sender::{MailSender, SenderSettings};

use crate::desk::Outgoing;
use crate::store::SendOutcome;
use anyhow::Context as _;
use chrono::{DateTime, TimeDelta, Utc};
use firstline_app::mail::{Facts, write};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor};
use std::time::Duration;

/// How long one SMTP conversation may take before it counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Tries before a message counts as failed for good.
pub const MAX_ATTEMPTS: u32 = 8;

/// Sends messages through one SMTP server.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The site's address as reporters reach it, without a trailing `/`.
    public_url: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for `smtp_url` (`smtp://host:port`, `smtp://host?tls=required`
    /// for STARTTLS, `smtps://user:pass@host` for TLS), sending as `from`,
    /// with links under `public_url`.
    pub fn new(smtp_url: &str, from: &str, public_url: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .context("The SMTP URL is not usable (smtp://host:port, smtps://user:pass@host)")?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from: Mailbox = from
            .parse()
            .with_context(|| format!("The sender address {from:?} is not a mail address"))?;
        Ok(Self {
            transport,
            from,
            public_url: public_url.trim_end_matches('/').to_owned(),
        })
    }

    /// The mail an outbox message becomes.
    pub fn compose(&self, out: &Outgoing) -> anyhow::Result<Message> {
        let link = format!("{}{}", self.public_url, out.link_path);
        let letter = write(&Facts {
            kind: out.kind,
            number: out.number,
            symptom: &out.symptom,
            text: out.text.as_deref(),
            eta: out.eta,
            link: &link,
            offset: out.offset,
            language: out.language,
        });
        let domain = self.from.email.domain();
        let seq = out.number.sequence();
        let thread = format!("<fl-{}-{seq}@{domain}>", out.desk.0);
        let to: Mailbox = out
            .to
            .parse()
            .with_context(|| format!("the reporter's address {:?} is not usable", out.to))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject)
            .message_id(Some(format!(
                "<fl-{}-{seq}-{}@{domain}>",
                out.desk.0, out.id
            )))
            .in_reply_to(thread.clone())
            .references(thread)
            .multipart(MultiPart::alternative_plain_html(letter.text, letter.html))
            .context("the message could not be built")
    }

    /// Sends one message; how it went, and when to try again if it may
    /// pass.
    pub async fn send(&self, out: &Outgoing, now: DateTime<Utc>) -> SendOutcome {
        let message = match self.compose(out) {
            Ok(message) => message,
            Err(error) => {
                return SendOutcome::Failed {
                    error: format!("{error:#}"),
                };
            }
        };
        match self.transport.send(message).await {
            Ok(_) => SendOutcome::Sent,
            Err(error) => {
                let error_text = error.to_string();
                let tries = out.attempts + 1;
                if error.is_permanent() || tries >= MAX_ATTEMPTS {
                    SendOutcome::Failed { error: error_text }
                } else {
                    SendOutcome::Retry {
                        error: error_text,
                        retry_at: now + backoff(tries),
                    }
                }
            }
        }
    }
}

/// The wait before the next try, after `tries` tries: 30 seconds, doubled
/// each time, at most an hour.
pub fn backoff(tries: u32) -> TimeDelta {
    let seconds = 30_i64 << tries.saturating_sub(1).min(7);
    TimeDelta::seconds(seconds.min(3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_wait_longer_each_time_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(|t| backoff(t).num_seconds()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
