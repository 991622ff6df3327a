//! The sentence each entry of the operation log reads as, in the agent's
//! language: the log, and the conflict view's "your change", use it.

use crate::domain::{Change, Runbook};
use crate::ui::prelude::*;
use chrono::FixedOffset;

/// The sentence a log entry reads as.
pub fn describe(locale: Locale, change: &Change, runbook: &Runbook, offset: FixedOffset) -> String {
    let clock = |c| texts::clock(locale, c);
    match change {
        Change::Registered {
            priority,
            policy_version,
            response_due_at,
            ..
        } => td_string!(
            locale,
            ticket.event_registered,
            priority = texts::priority(locale, *priority),
            policy = policy_version.to_string(),
            due = local_time(*response_due_at, offset),
        )
        .to_string(),
        Change::Reclassified {
            priority,
            response_due_at,
            note,
            ..
        } => td_string!(
            locale,
            ticket.event_reclassified,
            priority = texts::priority(locale, *priority),
            due = local_time(*response_due_at, offset),
            note,
        )
        .to_string(),
        Change::FirstResponse { message } => {
            td_string!(locale, ticket.event_first_response, message).to_string()
        }
        Change::ProgressUpdate { message, eta: None } => {
            td_string!(locale, ticket.event_progress_update, message).to_string()
        }
        Change::ProgressUpdate {
            message,
            eta: Some(eta),
        } => td_string!(
            locale,
            ticket.event_progress_update_eta,
            message,
            eta = local_time(*eta, offset)
        )
        .to_string(),
        Change::WaitingOnReporter { note } => {
            td_string!(locale, ticket.event_waiting, note).to_string()
        }
        Change::ReporterReplied { note } => {
            td_string!(locale, ticket.event_replied, note).to_string()
        }
        Change::StageChanged { from, to } => td_string!(
            locale,
            ticket.event_stage,
            from = texts::stage(locale, *from),
            to = texts::stage(locale, *to)
        )
        .to_string(),
        Change::RootCauseFound { summary } => {
            td_string!(locale, ticket.event_root_cause, summary).to_string()
        }
        Change::WorkaroundApplied { description } => {
            td_string!(locale, ticket.event_workaround, description).to_string()
        }
        Change::Resolved { summary } => {
            td_string!(locale, ticket.event_resolved, summary).to_string()
        }
        Change::Reopened { reason } => {
            td_string!(locale, ticket.event_reopened, reason).to_string()
        }
        Change::ReporterConfirmed => {
            td_string!(locale, ticket.event_reporter_confirmed).to_string()
        }
        Change::ReporterNotFixed { reason } => {
            td_string!(locale, ticket.event_reporter_not_fixed, reason).to_string()
        }
        Change::SurveyAnswered {
            rating, comment, ..
        } => td_string!(
            locale,
            ticket.event_survey_answered,
            rating = texts::rating(locale, *rating),
            comment
        )
        .to_string(),
        Change::Closed => td_string!(locale, ticket.event_closed).to_string(),
        Change::PolicyApplied { version } => {
            td_string!(locale, ticket.event_policy, policy = version.to_string()).to_string()
        }
        Change::ClockWarned {
            clock: c, due_at, ..
        } => td_string!(
            locale,
            ticket.event_warned,
            clock = clock(*c),
            due = local_time(*due_at, offset)
        )
        .to_string(),
        Change::ClockBreached {
            clock: c, due_at, ..
        } => td_string!(
            locale,
            ticket.event_breached,
            clock = clock(*c),
            due = local_time(*due_at, offset)
        )
        .to_string(),
        Change::Escalated { .. } => td_string!(locale, ticket.event_escalated).to_string(),
        Change::ItemChecked { item, answer } => {
            let item = item_text(locale, runbook, item);
            match answer {
                Some(answer) => {
                    td_string!(locale, ticket.event_item_answered, item, answer).to_string()
                }
                None => td_string!(locale, ticket.event_item_checked, item).to_string(),
            }
        }
        Change::ItemUnchecked { item } => {
            let item = item_text(locale, runbook, item);
            td_string!(locale, ticket.event_item_unchecked, item).to_string()
        }
        Change::Note { text } => td_string!(locale, ticket.event_note, text).to_string(),
        Change::GatePassed { gate, note } => td_string!(
            locale,
            ticket.event_gate,
            gate = texts::gate(locale, *gate),
            note
        )
        .to_string(),
        Change::ActionPlanned {
            no,
            description,
            owner,
            planned_at,
            risk_plan,
        } => td_string!(
            locale,
            ticket.event_action_planned,
            no,
            description,
            owner,
            at = local_time(*planned_at, offset),
            risk = risk_plan
        )
        .to_string(),
        Change::ActionDone { no } => td_string!(locale, ticket.event_action_done, no).to_string(),
        Change::ExpertAdded { login, role } => {
            td_string!(locale, ticket.event_expert_added, login, role).to_string()
        }
        Change::EscalationRequested { reason } => {
            td_string!(locale, ticket.event_escalation_requested, reason).to_string()
        }
        Change::ExpertRemoved { login } => {
            td_string!(locale, ticket.event_expert_removed, login).to_string()
        }
        Change::NoArticleNeeded { reason } => {
            td_string!(locale, ticket.event_no_article_needed, reason).to_string()
        }
        Change::ReviewSaved { review } => {
            let state = texts::review_state(locale, review.state);
            let (factors, items) = (review.factors.len(), review.items.len());
            td_string!(locale, ticket.event_review_saved, state, factors, items).to_string()
        }
        Change::ProposalApplied { runbook } => {
            let version = runbook.0;
            td_string!(locale, ticket.event_proposal_applied, version).to_string()
        }
        Change::ArticleLinked { article, drafted } => {
            let article = article.to_string();
            if *drafted {
                td_string!(locale, ticket.event_article_drafted, article).to_string()
            } else {
                td_string!(locale, ticket.event_article_linked, article).to_string()
            }
        }
    }
}

/// A checklist item's text in the ticket's runbook, in the reader's
/// language, or its id if the runbook no longer has it.
pub fn item_text(locale: Locale, runbook: &Runbook, id: &str) -> String {
    runbook.item(id).map_or_else(
        || id.to_owned(),
        |(_, item)| texts::wording(locale, &item.text),
    )
}
