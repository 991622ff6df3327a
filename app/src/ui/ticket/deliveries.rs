//! The messages to the ticket's reporter and where each stands (R12,
//! R16): queued, sent, retrying with the mail server's answer, failed, or
//! not sent because no mail server is configured, in which case the agent
//! sends the status link another way.

use crate::domain::{Delivery, DeliveryState, MessageKind};
use crate::ui::prelude::*;
use chrono::FixedOffset;

/// The list of messages, oldest first.
#[component]
pub fn DeliveryList(deliveries: Vec<Delivery>, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let rows = if deliveries.is_empty() {
        Either::Left(view! { <p class="hint">{t!(i18n, reporter.deliveries_none)}</p> })
    } else {
        Either::Right(view! {
            <ol class="deliveries">
                {deliveries
                    .into_iter()
                    .map(|delivery| view! { <Row delivery offset /> })
                    .collect_view()}
            </ol>
        })
    };
    view! {
        <section class="deliveries-panel" id="deliveries">
            <h3>{t!(i18n, reporter.deliveries)}</h3>
            {rows}
        </section>
    }
}

#[component]
fn Row(delivery: Delivery, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let kind = delivery.kind;
    let queued = local_time(delivery.queued_at, offset);
    let state = delivery.state;
    let state_text = move || state_text(i18n.get_locale(), &delivery, offset);
    view! {
        <li data-kind=kind.as_str() data-state=state.as_str()>
            <time>{queued}</time>
            " "
            <strong>{move || message_kind(i18n.get_locale(), kind)}</strong>
            <span class="state">{state_text}</span>
        </li>
    }
}

fn message_kind(locale: Locale, kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::FirstResponse => td_string!(locale, reporter.message_first_response),
        MessageKind::Progress => td_string!(locale, reporter.message_progress),
        MessageKind::Question => td_string!(locale, reporter.message_question),
        MessageKind::VerificationRequest => {
            td_string!(locale, reporter.message_verification_request)
        }
        MessageKind::Survey => td_string!(locale, reporter.message_survey),
    }
}

fn state_text(locale: Locale, delivery: &Delivery, offset: FixedOffset) -> String {
    let error = delivery.last_error.clone().unwrap_or_default();
    let attempts = delivery.attempts.to_string();
    let at = |time: Option<chrono::DateTime<chrono::Utc>>| {
        time.map(|t| local_time(t, offset)).unwrap_or_default()
    };
    match delivery.state {
        DeliveryState::Queued => td_string!(locale, reporter.delivery_queued).to_string(),
        DeliveryState::Sent => {
            let at = at(delivery.sent_at);
            td_string!(locale, reporter.delivery_sent, at).to_string()
        }
        DeliveryState::Retrying => {
            let at = at(delivery.next_attempt_at);
            td_string!(locale, reporter.delivery_retrying, attempts, at, error).to_string()
        }
        DeliveryState::Failed => {
            td_string!(locale, reporter.delivery_failed, attempts, error).to_string()
        }
        DeliveryState::NoMailServer => {
            td_string!(locale, reporter.delivery_no_mail_server).to_string()
        }
    }
}
