//! Messages to the reporter (R12, R16, R18): which entries of the log send
//! one, and where each message stands on its way out. The words are the
//! mail module's; the delivery is the outbox's.

use crate::domain::event::Change;
use crate::domain::priority::named_enum;
use crate::domain::workflow::Gate;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

named_enum! {
    /// What a message to the reporter is about.
    MessageKind {
        /// The desk's first answer.
        FirstResponse => "first_response",
        /// Progress, perhaps with an expected time (R12, R17).
        Progress => "progress",
        /// A question: the desk waits for the reporter.
        Question => "question",
        /// The fix passed test and production: does it work for you (R16)?
        VerificationRequest => "verification_request",
        /// The ticket closed: how satisfied are you (R18)?
        Survey => "survey",
    }
}

impl MessageKind {
    /// The message an entry of the log sends the reporter, if any. Only
    /// what the desk tells them, asks them, or asks of them sends one;
    /// what they did themselves on their page sends nothing back.
    pub const fn of(change: &Change) -> Option<MessageKind> {
        match change {
            Change::FirstResponse { .. } => Some(MessageKind::FirstResponse),
            Change::ProgressUpdate { .. } => Some(MessageKind::Progress),
            Change::WaitingOnReporter { .. } => Some(MessageKind::Question),
            Change::GatePassed {
                gate: Gate::Production,
                ..
            } => Some(MessageKind::VerificationRequest),
            Change::Closed => Some(MessageKind::Survey),
            _ => None,
        }
    }
}

named_enum! {
    /// Where a message stands on its way to the reporter.
    DeliveryState {
        /// Waiting for the sender.
        Queued => "queued",
        /// The mail server took it.
        Sent => "sent",
        /// The last try failed for a reason that may pass; it is tried again.
        Retrying => "retrying",
        /// The mail server refused it for good, or every try failed.
        Failed => "failed",
        /// No mail server is configured: the message was never sent.
        NoMailServer => "no_mail_server",
    }
}

/// A message to the reporter as the ticket page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub kind: MessageKind,
    pub state: DeliveryState,
    /// The address it goes to.
    pub to: String,
    pub queued_at: DateTime<Utc>,
    /// Tries so far.
    pub attempts: u32,
    /// When it is tried again, while retrying.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When the mail server took it.
    pub sent_at: Option<DateTime<Utc>>,
    /// The mail server's last answer to a failed try.
    pub last_error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::TicketEvent;
    use crate::domain::reporter::audience::tests::every_kind;
    use crate::domain::reporter::{Audience, PublicEntry};

    #[test]
    fn r12_no_internal_entry_of_any_kind_puts_its_words_into_a_message() {
        for change in every_kind() {
            let event = TicketEvent {
                id: 1,
                version: 2,
                at: chrono::DateTime::UNIX_EPOCH,
                actor: "Wang Fang".into(),
                change: change.clone(),
            };
            if Audience::of(&change) == Audience::Desk {
                // A message's words are the entry's public form: none.
                assert_eq!(PublicEntry::of(&event), None, "{}", change.kind());
                // Only two internal entries send a message at all, each
                // with fixed words: the production gate asks the reporter
                // to confirm, closing sends the survey.
                if let Some(kind) = MessageKind::of(&change) {
                    assert!(
                        matches!(
                            (kind, &change),
                            (MessageKind::VerificationRequest, Change::GatePassed { .. })
                                | (MessageKind::Survey, Change::Closed)
                        ),
                        "{}",
                        change.kind()
                    );
                }
            }
        }
    }

    #[test]
    fn r12_what_the_desk_tells_or_asks_the_reporter_sends_a_message_and_nothing_else_does() {
        let sends = |change: Change| MessageKind::of(&change);
        assert_eq!(
            sends(Change::FirstResponse {
                message: "On it".into()
            }),
            Some(MessageKind::FirstResponse)
        );
        assert_eq!(
            sends(Change::ProgressUpdate {
                message: "Rolling back".into(),
                eta: None
            }),
            Some(MessageKind::Progress)
        );
        assert_eq!(
            sends(Change::WaitingOnReporter {
                note: "Which browser?".into()
            }),
            Some(MessageKind::Question)
        );
        assert_eq!(
            sends(Change::GatePassed {
                gate: Gate::Production,
                note: "Deployed".into()
            }),
            Some(MessageKind::VerificationRequest)
        );
        assert_eq!(sends(Change::Closed), Some(MessageKind::Survey));
        for quiet in [
            Change::GatePassed {
                gate: Gate::Test,
                note: "Green".into(),
            },
            Change::Note {
                text: "db01".into(),
            },
            Change::ReporterConfirmed,
            Change::ReporterNotFixed {
                reason: "Still down".into(),
            },
            Change::Resolved {
                summary: "Restarted".into(),
            },
        ] {
            assert_eq!(sends(quiet.clone()), None, "{}", quiet.kind());
        }
    }
}
