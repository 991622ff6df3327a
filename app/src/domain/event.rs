//! R15: the operation log. Every change to a ticket is an event, appended in
//! the same transaction that updates the ticket; the log is never edited.

use super::ids::PolicyVersion;
use super::intake::Channel;
use super::knowledge::ArticleNumber;
use super::priority::{Impact, Priority, Urgency};
use super::reporter::Rating;
use super::review::Review;
use super::runbook::RunbookVersion;
use super::sla::ClockName;
use super::stage::Stage;
use super::workflow::Gate;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What changed. Each variant is one kind of entry in the operation log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// The ticket was registered and judged (R01–R03).
    Registered {
        channel: Channel,
        impact: Impact,
        urgency: Urgency,
        priority: Priority,
        urgent: bool,
        policy_version: PolicyVersion,
        response_due_at: DateTime<Utc>,
        /// The runbook version whose checklists the ticket follows.
        #[serde(default)]
        runbook: RunbookVersion,
    },
    /// Impact and urgency were corrected; the priority and the response
    /// deadline follow (R03). The note says why.
    Reclassified {
        impact: Impact,
        urgency: Urgency,
        priority: Priority,
        response_due_at: DateTime<Utc>,
        note: String,
    },
    /// The reporter got a first answer.
    FirstResponse { message: String },
    /// The reporter was told of progress, with an expected time (R12, R17).
    ProgressUpdate {
        message: String,
        eta: Option<DateTime<Utc>>,
    },
    /// The desk waits for the reporter; some clocks pause.
    WaitingOnReporter { note: String },
    /// The reporter answered; paused clocks resume.
    ReporterReplied { note: String },
    /// The ticket moved to another stage.
    StageChanged { from: Stage, to: Stage },
    /// The cause of the fault is known (R11 stops the escalation clock).
    RootCauseFound { summary: String },
    /// A workaround restored the service (R12).
    WorkaroundApplied { description: String },
    /// The fault is fixed; verification follows (R16).
    Resolved { summary: String },
    /// The reporter says it is not fixed (R17).
    Reopened { reason: String },
    /// The reporter, on their status page, confirmed that the fault is
    /// gone: the reporter gate of R16, passed by the reporter themselves.
    ReporterConfirmed,
    /// The reporter, on their status page, said that the fault persists:
    /// the ticket reopens as with [`Change::Reopened`] (R17), in their words.
    ReporterNotFixed { reason: String },
    /// The reporter answered the satisfaction survey of the `round`-th
    /// closing (R18); a later answer to the same round replaces it.
    SurveyAnswered {
        round: u32,
        rating: Rating,
        comment: String,
    },
    /// Verified and closed.
    Closed,
    /// A lead put the ticket under another SLA policy version.
    PolicyApplied { version: PolicyVersion },
    /// A clock passed its warning threshold.
    ClockWarned {
        clock: ClockName,
        cycle: u32,
        started_at: DateTime<Utc>,
        due_at: DateTime<Utc>,
    },
    /// A clock ran out.
    ClockBreached {
        clock: ClockName,
        cycle: u32,
        started_at: DateTime<Utc>,
        due_at: DateTime<Utc>,
    },
    /// An hour of deep troubleshooting without a root cause: a lead is
    /// called in (R11).
    Escalated { started_at: DateTime<Utc> },
    /// A checklist item was done; a question carries its answer (R04–R12).
    ItemChecked {
        item: String,
        answer: Option<String>,
    },
    /// A tick was taken back.
    ItemUnchecked { item: String },
    /// Known facts or progress, shared with everyone on the ticket (R11).
    Note { text: String },
    /// A verification gate was passed (R16).
    GatePassed { gate: Gate, note: String },
    /// An action was planned with its owner, time and risk plan (R14).
    ActionPlanned {
        no: u32,
        description: String,
        owner: String,
        planned_at: DateTime<Utc>,
        risk_plan: String,
    },
    /// A planned action was carried out (R14, R15).
    ActionDone { no: u32 },
    /// A lead called an expert into the swarm (R11).
    ExpertAdded { login: String, role: String },
    /// An expert left the swarm.
    ExpertRemoved { login: String },
    /// An agent called a lead in before the hour was up (R11).
    EscalationRequested { reason: String },
    /// The ticket was linked to a knowledge article (R19): drafted from it,
    /// or an existing one ("this is a known issue").
    ArticleLinked {
        article: ArticleNumber,
        #[serde(default)]
        drafted: bool,
    },
    /// The case teaches nothing new, and this is why no knowledge article
    /// is written (R19).
    NoArticleNeeded { reason: String },
    /// The post-incident review of a P0 or P1 was saved, whole (R19).
    ReviewSaved { review: Review },
    /// A lead applied the runbook change this ticket's review proposed, as
    /// the runbook version named here (R19).
    ProposalApplied { runbook: RunbookVersion },
}

impl Change {
    /// The stable name of this kind of change, as stored and sent.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::Registered { .. } => "registered",
            Change::Reclassified { .. } => "reclassified",
            Change::FirstResponse { .. } => "first_response",
            Change::ProgressUpdate { .. } => "progress_update",
            Change::WaitingOnReporter { .. } => "waiting_on_reporter",
            Change::ReporterReplied { .. } => "reporter_replied",
            Change::StageChanged { .. } => "stage_changed",
            Change::RootCauseFound { .. } => "root_cause_found",
            Change::WorkaroundApplied { .. } => "workaround_applied",
            Change::Resolved { .. } => "resolved",
            Change::Reopened { .. } => "reopened",
            Change::ReporterConfirmed => "reporter_confirmed",
            Change::ReporterNotFixed { .. } => "reporter_not_fixed",
            Change::SurveyAnswered { .. } => "survey_answered",
            Change::Closed => "closed",
            Change::PolicyApplied { .. } => "policy_applied",
            Change::ClockWarned { .. } => "clock_warned",
            Change::ClockBreached { .. } => "clock_breached",
            Change::Escalated { .. } => "escalated",
            Change::ItemChecked { .. } => "item_checked",
            Change::ItemUnchecked { .. } => "item_unchecked",
            Change::Note { .. } => "note",
            Change::GatePassed { .. } => "gate_passed",
            Change::ActionPlanned { .. } => "action_planned",
            Change::ActionDone { .. } => "action_done",
            Change::ExpertAdded { .. } => "expert_added",
            Change::ExpertRemoved { .. } => "expert_removed",
            Change::EscalationRequested { .. } => "escalation_requested",
            Change::ArticleLinked { .. } => "article_linked",
            Change::NoArticleNeeded { .. } => "no_article_needed",
            Change::ReviewSaved { .. } => "review_saved",
            Change::ProposalApplied { .. } => "proposal_applied",
        }
    }
}

/// One entry of a ticket's operation log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketEvent {
    /// Position in the desk's whole log; live clients resume from it.
    pub id: i64,
    /// The ticket's version once this change was applied (1 for registration).
    pub version: i64,
    /// When the change was recorded, by the server's clock.
    pub at: DateTime<Utc>,
    /// Who made the change, as they were named at the time.
    pub actor: String,
    pub change: Change,
}

/// The name the operation log gives the reporter as the author of their
/// own entries. It is not a login: logins have no capital letters.
pub const REPORTER_AUTHOR: &str = "Reporter";

impl Change {
    /// Whether the reporter made this entry themselves, from their status
    /// page, rather than someone at the desk.
    pub const fn by_reporter(&self) -> bool {
        matches!(
            self,
            Change::ReporterConfirmed
                | Change::ReporterNotFixed { .. }
                | Change::SurveyAnswered { .. }
        )
    }
}
