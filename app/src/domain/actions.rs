//! What an agent does to a ticket after intake: answer the reporter, wait
//! for them, work through the stage's checklist, move the ticket on, plan
//! and carry out actions, record the cause, a workaround or the fix, pass
//! the verification gates, reopen or close it. Each action becomes one entry
//! of the operation log, or is refused with a reason.
//!
//! The rules are checked against the ticket, what its log says of its
//! progress ([`Progress`]) and the runbook version it follows. The browser
//! asks the same function before it enables a button; the server asks again
//! before it writes anything.

use super::account::Login;
use super::event::Change;
use super::ids::PolicyVersion;
use super::knowledge::ArticleNumber;
use super::review::{ReviewForm, ReviewState};
use super::runbook::{ItemKind, Runbook};
use super::stage::Stage;
use super::ticket::Ticket;
use super::validation::{Field, FieldError, FieldErrors, Reason, TextRule};
use super::workflow::{Gate, Progress, Requirement, requirements};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An action on a ticket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TicketAction {
    /// The first answer to the reporter.
    FirstResponse { message: String },
    /// Progress told to the reporter, with an expected time (R12, R17).
    ProgressUpdate {
        message: String,
        #[serde(default)]
        eta: Option<DateTime<Utc>>,
    },
    /// Wait for the reporter (the workaround and update clocks pause).
    WaitOnReporter { note: String },
    /// The reporter answered.
    ReporterReplied { note: String },
    /// Known facts or progress for everyone on the ticket (R11).
    Note { text: String },
    /// Link the ticket to a knowledge article: a known issue (R19).
    LinkArticle { article: ArticleNumber },
    /// Say why a closed ticket needs no knowledge article (R19).
    NoArticleNeeded { reason: String },
    /// Save the post-incident review of a closed P0 or P1, whole (R19).
    SaveReview { review: ReviewForm },
    /// Tick off an item of the current stage's checklist; a question needs
    /// its answer.
    CheckItem {
        item: String,
        #[serde(default)]
        answer: Option<String>,
    },
    /// Take a tick back.
    UncheckItem { item: String },
    /// Move the ticket on (or from handling back to troubleshooting).
    MoveTo { stage: Stage },
    /// The cause is known (R11).
    RootCauseFound { summary: String },
    /// A workaround restored the service (R12).
    WorkaroundApplied { description: String },
    /// The fix is in (R13); verification follows (R16).
    Resolve { summary: String },
    /// A verification gate passed, in order: test, production, reporter (R16).
    PassGate { gate: Gate, note: String },
    /// The reporter says it is not fixed: back to handling (R17).
    Reopen { reason: String },
    /// Plan an action with its owner, time and risk plan (R14).
    PlanAction {
        description: String,
        owner: String,
        planned_at: DateTime<Utc>,
        risk_plan: String,
    },
    /// A planned action was carried out (R14).
    CompleteAction { no: u32 },
    /// Call a lead in before the escalation hour is up (R11).
    Escalate { reason: String },
    /// Call an expert into the swarm (leads, R11).
    AddExpert { login: String, role: String },
    /// Let an expert go (leads).
    RemoveExpert { login: String },
    /// Put the ticket under another SLA policy version (leads).
    ApplyPolicy { policy_version: PolicyVersion },
}

/// An action with the ticket version it was made against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionRequest {
    pub version: i64,
    #[serde(flatten)]
    pub action: TicketAction,
}

/// Why an action was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum Refusal {
    /// Fields were rejected.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// A closed ticket is only reopened, archived or annotated.
    #[error("the ticket is closed")]
    Closed,
    /// The action does not fit the ticket's stage.
    #[error("not possible in stage {stage}")]
    WrongStage { stage: Stage },
    /// The move is a step of the workflow, but the procedure needs more first.
    #[error("cannot move to {to} yet: {}", list(needs))]
    Blocked { to: Stage, needs: Vec<Requirement> },
    /// Already waiting on the reporter.
    #[error("already waiting on the reporter")]
    AlreadyWaiting,
    /// Not waiting on the reporter.
    #[error("not waiting on the reporter")]
    NotWaiting,
    /// The gate before this one has not been passed (R16).
    #[error("the {before} gate comes first")]
    GateOrder { gate: Gate, before: Gate },
    /// The gate has been passed already in this round.
    #[error("the {gate} gate is passed already")]
    GatePassed { gate: Gate },
    /// A lead has been called in already.
    #[error("the ticket is escalated already")]
    AlreadyEscalated,
    /// The planned action is done already.
    #[error("action {no} is done already")]
    ActionDone { no: u32 },
    /// Post-incident reviews are for P0 and P1 (R19).
    #[error("only P0 and P1 tickets get a post-incident review")]
    NoReview,
}

fn list(needs: &[Requirement]) -> String {
    needs
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Texts of actions: a line to two thousand characters. The forms read
/// their limits from it.
pub const fn text_rule(field: Field) -> TextRule {
    TextRule {
        field,
        min: 2,
        max: 2000,
        multiline: true,
    }
}

/// A swarm member's role label: "backend", "ops", "database".
pub const ROLE_LABEL: TextRule = TextRule {
    field: Field::RoleLabel,
    min: 2,
    max: 40,
    multiline: false,
};

fn invalid(field: Field, reason: Reason) -> Refusal {
    Refusal::Invalid(FieldErrors::from(FieldError::new(field, reason)))
}

fn checked<T>(result: Result<T, FieldError>) -> Result<T, Refusal> {
    result.map_err(|e| Refusal::Invalid(FieldErrors::from(e)))
}

/// Checks an action's text as the rules will: what the browser asks before
/// it sends an answer or a note.
pub fn check_text(field: Field, raw: &str) -> Result<String, FieldError> {
    text_rule(field).check(raw)
}

fn text(raw: &str) -> Result<String, Refusal> {
    checked(text_rule(Field::Note).check(raw))
}

/// Stages in which work on the ticket goes on.
const fn working(stage: Stage) -> bool {
    !matches!(stage, Stage::Closed | Stage::Archived)
}

impl Ticket {
    /// The entry an action adds to the log and the ticket after it, or why
    /// the action is refused. `progress` is the ticket's log folded, and
    /// `runbook` the version the ticket follows.
    pub fn act(
        &self,
        progress: &Progress,
        runbook: &Runbook,
        action: &TicketAction,
    ) -> Result<(Change, Ticket), Refusal> {
        use TicketAction::*;
        let mut next = self.clone();
        next.version += 1;
        let stage = self.stage;
        let wrong_stage = || Refusal::WrongStage { stage };
        let in_stages = |stages: &[Stage]| {
            if stages.contains(&stage) {
                Ok(())
            } else {
                Err(wrong_stage())
            }
        };
        let after_close = matches!(
            action,
            Reopen { .. }
                | MoveTo { .. }
                | Note { .. }
                | LinkArticle { .. }
                | NoArticleNeeded { .. }
                | SaveReview { .. }
        );
        if !working(stage) && !after_close {
            return Err(Refusal::Closed);
        }
        let change = match action {
            FirstResponse { message } => Change::FirstResponse {
                message: text(message)?,
            },
            ProgressUpdate { message, eta } => Change::ProgressUpdate {
                message: text(message)?,
                eta: *eta,
            },
            WaitOnReporter { note } => {
                if self.waiting_on_reporter {
                    return Err(Refusal::AlreadyWaiting);
                }
                next.waiting_on_reporter = true;
                Change::WaitingOnReporter { note: text(note)? }
            }
            ReporterReplied { note } => {
                if !self.waiting_on_reporter {
                    return Err(Refusal::NotWaiting);
                }
                next.waiting_on_reporter = false;
                Change::ReporterReplied { note: text(note)? }
            }
            Note { text: note } => Change::Note { text: text(note)? },
            NoArticleNeeded { reason } => {
                in_stages(&[Stage::Closed])?;
                Change::NoArticleNeeded {
                    reason: text(reason)?,
                }
            }
            SaveReview { review } => {
                in_stages(&[Stage::Closed, Stage::Archived])?;
                if !self.priority.is_major() {
                    return Err(Refusal::NoReview);
                }
                let review = review.check().map_err(Refusal::Invalid)?;
                // An archived ticket's review was done; it stays done while
                // its action items are ticked off.
                if stage == Stage::Archived && review.state != ReviewState::Done {
                    return Err(invalid(Field::ReviewState, Reason::NotAChoice));
                }
                Change::ReviewSaved { review }
            }
            LinkArticle { article } => {
                if progress.articles.contains(article) {
                    return Err(invalid(Field::Article, Reason::Duplicate));
                }
                Change::ArticleLinked {
                    article: *article,
                    drafted: false,
                }
            }
            CheckItem { item, answer } => {
                let (item_stage, found) = runbook
                    .item(item)
                    .ok_or_else(|| invalid(Field::Item, Reason::Unknown))?;
                if item_stage != stage {
                    return Err(wrong_stage());
                }
                if progress.ticks.contains_key(item) {
                    return Err(invalid(Field::Item, Reason::Duplicate));
                }
                let answer = match found.kind {
                    ItemKind::Prompt => return Err(invalid(Field::Item, Reason::NotAChoice)),
                    ItemKind::Question => Some(checked(
                        text_rule(Field::Answer).check(answer.as_deref().unwrap_or_default()),
                    )?),
                    ItemKind::Check => None,
                };
                Change::ItemChecked {
                    item: found.id.clone(),
                    answer,
                }
            }
            UncheckItem { item } => {
                if !progress.ticks.contains_key(item) {
                    return Err(invalid(Field::Item, Reason::Unknown));
                }
                match runbook.item(item) {
                    Some((item_stage, _)) if item_stage != stage => return Err(wrong_stage()),
                    _ => {}
                }
                Change::ItemUnchecked { item: item.clone() }
            }
            MoveTo { stage: to } => {
                let needs = requirements(self, progress, runbook, *to).ok_or_else(wrong_stage)?;
                if !needs.is_empty() {
                    return Err(Refusal::Blocked { to: *to, needs });
                }
                next.stage = *to;
                if *to == Stage::Closed {
                    next.waiting_on_reporter = false;
                    Change::Closed
                } else {
                    Change::StageChanged {
                        from: stage,
                        to: *to,
                    }
                }
            }
            RootCauseFound { summary } => {
                in_stages(&[Stage::DeepTroubleshooting, Stage::Handling])?;
                Change::RootCauseFound {
                    summary: text(summary)?,
                }
            }
            WorkaroundApplied { description } => {
                in_stages(&[Stage::Handling])?;
                Change::WorkaroundApplied {
                    description: text(description)?,
                }
            }
            Resolve { summary } => {
                in_stages(&[Stage::SelfHelp, Stage::Handling])?;
                Change::Resolved {
                    summary: text(summary)?,
                }
            }
            PassGate { gate, note } => {
                in_stages(&[Stage::Verification])?;
                if progress.passed(*gate) {
                    return Err(Refusal::GatePassed { gate: *gate });
                }
                if let Some(before) = gate.after().filter(|b| !progress.passed(*b)) {
                    return Err(Refusal::GateOrder {
                        gate: *gate,
                        before,
                    });
                }
                Change::GatePassed {
                    gate: *gate,
                    note: text(note)?,
                }
            }
            Reopen { reason } => {
                in_stages(&[Stage::Verification, Stage::Closed])?;
                next.stage = Stage::Handling;
                Change::Reopened {
                    reason: text(reason)?,
                }
            }
            PlanAction {
                description,
                owner,
                planned_at,
                risk_plan,
            } => {
                let mut errors = FieldErrors::default();
                let description = errors.take(text_rule(Field::Description).check(description));
                let owner = errors
                    .take(Login::parse(owner).map_err(|e| FieldError::new(Field::Owner, e.reason)));
                let risk_plan = errors.take(text_rule(Field::RiskPlan).check(risk_plan));
                match (description, owner, risk_plan) {
                    (Some(description), Some(owner), Some(risk_plan)) => Change::ActionPlanned {
                        no: progress.next_action_no(),
                        description,
                        owner: owner.as_str().to_owned(),
                        planned_at: *planned_at,
                        risk_plan,
                    },
                    _ => return Err(Refusal::Invalid(errors)),
                }
            }
            CompleteAction { no } => {
                let planned = progress
                    .actions
                    .iter()
                    .find(|a| a.no == *no)
                    .ok_or_else(|| invalid(Field::ActionNo, Reason::Unknown))?;
                if planned.done.is_some() {
                    return Err(Refusal::ActionDone { no: *no });
                }
                Change::ActionDone { no: *no }
            }
            Escalate { reason } => {
                in_stages(&[Stage::DeepTroubleshooting, Stage::Handling])?;
                if progress.escalated_at.is_some() {
                    return Err(Refusal::AlreadyEscalated);
                }
                Change::EscalationRequested {
                    reason: text(reason)?,
                }
            }
            AddExpert { login, role } => {
                let login = Login::parse(login).map_err(|e| invalid(Field::Expert, e.reason))?;
                if progress.swarm.iter().any(|e| e.login == login.as_str()) {
                    return Err(invalid(Field::Expert, Reason::Duplicate));
                }
                next.swarm = self.swarm.with(login.as_str());
                Change::ExpertAdded {
                    login: login.as_str().to_owned(),
                    role: checked(ROLE_LABEL.check(role))?,
                }
            }
            RemoveExpert { login } => {
                let login =
                    Login::parse(login).map_err(|_| invalid(Field::Expert, Reason::Unknown))?;
                if !progress.swarm.iter().any(|e| e.login == login.as_str()) {
                    return Err(invalid(Field::Expert, Reason::Unknown));
                }
                next.swarm = self.swarm.without(login.as_str());
                Change::ExpertRemoved {
                    login: login.as_str().to_owned(),
                }
            }
            ApplyPolicy { policy_version } => {
                next.policy_version = *policy_version;
                Change::PolicyApplied {
                    version: *policy_version,
                }
            }
        };
        Ok((change, next))
    }
}

impl TicketAction {
    /// The stable name of the action, as sent.
    pub const fn name(&self) -> &'static str {
        match self {
            TicketAction::FirstResponse { .. } => "first_response",
            TicketAction::ProgressUpdate { .. } => "progress_update",
            TicketAction::WaitOnReporter { .. } => "wait_on_reporter",
            TicketAction::ReporterReplied { .. } => "reporter_replied",
            TicketAction::Note { .. } => "note",
            TicketAction::LinkArticle { .. } => "link_article",
            TicketAction::NoArticleNeeded { .. } => "no_article_needed",
            TicketAction::SaveReview { .. } => "save_review",
            TicketAction::CheckItem { .. } => "check_item",
            TicketAction::UncheckItem { .. } => "uncheck_item",
            TicketAction::MoveTo { .. } => "move_to",
            TicketAction::RootCauseFound { .. } => "root_cause_found",
            TicketAction::WorkaroundApplied { .. } => "workaround_applied",
            TicketAction::Resolve { .. } => "resolve",
            TicketAction::PassGate { .. } => "pass_gate",
            TicketAction::Reopen { .. } => "reopen",
            TicketAction::PlanAction { .. } => "plan_action",
            TicketAction::CompleteAction { .. } => "complete_action",
            TicketAction::Escalate { .. } => "escalate",
            TicketAction::AddExpert { .. } => "add_expert",
            TicketAction::RemoveExpert { .. } => "remove_expert",
            TicketAction::ApplyPolicy { .. } => "apply_policy",
        }
    }
}

impl fmt::Display for TicketAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_read_from_json_by_name() {
        let request: ActionRequest =
            serde_json::from_str(r#"{"version": 3, "action": "progress_update", "message": "Rolling back", "eta": "2026-11-26T12:00:00Z"}"#)
                .unwrap();
        assert_eq!(request.version, 3);
        assert_eq!(request.action.name(), "progress_update");
        let gate: TicketAction =
            serde_json::from_str(r#"{"action": "pass_gate", "gate": "production", "note": "ok"}"#)
                .unwrap();
        assert_eq!(
            gate,
            TicketAction::PassGate {
                gate: Gate::Production,
                note: "ok".into()
            }
        );
    }
}
