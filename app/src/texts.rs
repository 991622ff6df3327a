//! The texts of domain values and errors, in one language. The UI and the
//! server's JSON API share these, so a reason reads the same everywhere.

use crate::api::AppError;
use crate::domain::audit::{COMMAND_LINE, UNKNOWN_ADDRESS};
use crate::domain::knowledge::{ArticleState, FaultType};
use crate::domain::review::ReviewState;
use crate::domain::sla::{ClockName, ClockState};
use crate::domain::{
    AuditAction, AuditDetail, AuditSubject, Channel, Field, Gate, Impact, ItemKind, Language,
    Priority, PublicKind, Rating, Reason, Refusal, ReporterStage, Requirement, Role, Stage,
    TicketKind, Urgency, UrgentTag, Wording,
};
use crate::i18n::Locale;
use leptos_i18n::td_string;

/// The language of a locale, for texts that hold one per language.
pub fn language(locale: Locale) -> Language {
    match locale {
        Locale::en => Language::En,
        Locale::zh_CN => Language::ZhCn,
    }
}

/// A wording in the reader's language, or in the other one where theirs is
/// missing.
pub fn wording(locale: Locale, wording: &Wording) -> String {
    wording.read(language(locale)).text.to_owned()
}

/// The marker of a text shown in the other language: "English only".
pub fn fallback(locale: Locale, shown_in: Language) -> &'static str {
    match shown_in {
        Language::En => td_string!(locale, common.fallback_en),
        Language::ZhCn => td_string!(locale, common.fallback_zh),
    }
}

/// The message for a rejected field.
pub fn reason(locale: Locale, reason: &Reason) -> String {
    match *reason {
        Reason::Required => td_string!(locale, reasons.required).to_string(),
        Reason::TooShort { min } => td_string!(locale, reasons.too_short, min).to_string(),
        Reason::TooLong { max } => td_string!(locale, reasons.too_long, max).to_string(),
        Reason::ControlCharacters => td_string!(locale, reasons.control_characters).to_string(),
        Reason::NotAChoice => td_string!(locale, reasons.not_a_choice).to_string(),
        Reason::BadDateTime => td_string!(locale, reasons.bad_date_time).to_string(),
        Reason::InFuture => td_string!(locale, reasons.in_future).to_string(),
        Reason::TooOld { max_days } => td_string!(locale, reasons.too_old, max_days).to_string(),
        Reason::NoContactMethod => td_string!(locale, reasons.no_contact_method).to_string(),
        Reason::LoginCharacters => td_string!(locale, reasons.login_characters).to_string(),
        Reason::LoginTaken => td_string!(locale, reasons.login_taken).to_string(),
        Reason::OutOfRange { min, max } => {
            td_string!(locale, reasons.out_of_range, min, max).to_string()
        }
        Reason::Duplicate => td_string!(locale, reasons.duplicate).to_string(),
        Reason::IdCharacters => td_string!(locale, reasons.id_characters).to_string(),
        Reason::Unknown => td_string!(locale, reasons.unknown).to_string(),
        Reason::TooMany { max } => td_string!(locale, reasons.too_many, max).to_string(),
        Reason::HiddenCharacters => td_string!(locale, reasons.hidden_characters).to_string(),
        Reason::NotAnEmail => td_string!(locale, reasons.not_an_email).to_string(),
        Reason::BadDate => td_string!(locale, reasons.bad_date).to_string(),
        Reason::BeforeStart => td_string!(locale, reasons.before_start).to_string(),
        Reason::NoProposal => td_string!(locale, reasons.no_proposal).to_string(),
        Reason::AlreadyApplied => td_string!(locale, reasons.already_applied).to_string(),
    }
}

/// A stage as the reporter reads it.
pub fn reporter_stage(locale: Locale, stage: ReporterStage) -> &'static str {
    match stage {
        ReporterStage::Received => td_string!(locale, reporter.stage_received),
        ReporterStage::Investigating => td_string!(locale, reporter.stage_investigating),
        ReporterStage::Fixing => td_string!(locale, reporter.stage_fixing),
        ReporterStage::Verifying => td_string!(locale, reporter.stage_verifying),
        ReporterStage::Closed => td_string!(locale, reporter.stage_closed),
    }
}

/// A rating of the satisfaction survey (R18).
pub fn rating(locale: Locale, rating: Rating) -> &'static str {
    match rating {
        Rating::VerySatisfied => td_string!(locale, reporter.rating_very_satisfied),
        Rating::Satisfied => td_string!(locale, reporter.rating_satisfied),
        Rating::Neutral => td_string!(locale, reporter.rating_neutral),
        Rating::Dissatisfied => td_string!(locale, reporter.rating_dissatisfied),
    }
}

/// What kind of message the desk sent the reporter.
pub fn public_kind(locale: Locale, kind: PublicKind) -> &'static str {
    match kind {
        PublicKind::FirstResponse => td_string!(locale, reporter.kind_first_response),
        PublicKind::Progress => td_string!(locale, reporter.kind_progress),
        PublicKind::Question => td_string!(locale, reporter.kind_question),
        PublicKind::Confirmed => td_string!(locale, reporter.kind_confirmed),
        PublicKind::NotFixed => td_string!(locale, reporter.kind_not_fixed),
    }
}

/// The message for a failed request.
pub fn error(locale: Locale, error: &AppError) -> String {
    match error {
        AppError::Invalid { .. } => td_string!(locale, errors.form_has_errors).to_string(),
        AppError::NotFound => td_string!(locale, errors.not_found).to_string(),
        AppError::Conflict { .. } => td_string!(locale, errors.conflict).to_string(),
        AppError::Duplicate => td_string!(locale, errors.duplicate).to_string(),
        AppError::Refused(refusal) => self::refusal(locale, refusal),
        AppError::PolicyRejected(reason) => {
            td_string!(locale, errors.policy_rejected, reason).to_string()
        }
        AppError::Unauthorized => td_string!(locale, errors.unauthorized).to_string(),
        AppError::LoginFailed => td_string!(locale, errors.login_failed).to_string(),
        AppError::Throttled { retry_after } => {
            let minutes = (retry_after + 59) / 60;
            td_string!(locale, errors.throttled, minutes).to_string()
        }
        AppError::TooManyRequests { retry_after } => {
            let seconds = *retry_after;
            td_string!(locale, errors.too_many_requests, seconds).to_string()
        }
        AppError::Busy { retry_after } => {
            let seconds = *retry_after;
            td_string!(locale, errors.busy, seconds).to_string()
        }
        AppError::Forbidden => td_string!(locale, errors.forbidden).to_string(),
        AppError::Internal { id } => td_string!(locale, errors.internal, id).to_string(),
        AppError::Request(detail) => td_string!(locale, errors.request, detail).to_string(),
    }
}

/// Why the server could not read a request (the API's 400 and 422 for a
/// body that does not parse).
pub fn unreadable_request(locale: Locale, detail: &str) -> String {
    td_string!(locale, errors.unreadable_request, detail).to_string()
}

/// Why an action on a ticket was refused.
pub fn refusal(locale: Locale, refusal: &Refusal) -> String {
    match refusal {
        Refusal::Invalid(_) => td_string!(locale, errors.form_has_errors).to_string(),
        Refusal::Closed => td_string!(locale, errors.refused_closed).to_string(),
        Refusal::WrongStage { stage } => {
            let stage = self::stage(locale, *stage);
            td_string!(locale, errors.refused_wrong_stage, stage).to_string()
        }
        Refusal::AlreadyWaiting => td_string!(locale, errors.refused_already_waiting).to_string(),
        Refusal::NotWaiting => td_string!(locale, errors.refused_not_waiting).to_string(),
        Refusal::Blocked { to, needs } => {
            let stage = self::stage(locale, *to);
            let needs = needs
                .iter()
                .map(|n| requirement(locale, n))
                .collect::<Vec<_>>()
                .join(" ");
            td_string!(locale, errors.refused_blocked, stage, needs).to_string()
        }
        Refusal::GateOrder { before, .. } => {
            let before = gate(locale, *before);
            td_string!(locale, errors.refused_gate_order, before).to_string()
        }
        Refusal::GatePassed { gate } => {
            let gate = self::gate(locale, *gate);
            td_string!(locale, errors.refused_gate_passed, gate).to_string()
        }
        Refusal::AlreadyEscalated => {
            td_string!(locale, errors.refused_already_escalated).to_string()
        }
        Refusal::ActionDone { no } => {
            td_string!(locale, errors.refused_action_done, no).to_string()
        }
        Refusal::NoReview => td_string!(locale, errors.refused_no_review).to_string(),
    }
}

/// What a move still needs, as a sentence.
pub fn requirement(locale: Locale, requirement: &Requirement) -> String {
    match requirement {
        Requirement::Items { items } => {
            let items = items.join(", ");
            td_string!(locale, needs.items, items).to_string()
        }
        Requirement::MajorSkipsSelfHelp => {
            td_string!(locale, needs.major_skips_self_help).to_string()
        }
        Requirement::SelfHelpFirst => td_string!(locale, needs.self_help_first).to_string(),
        Requirement::WorkaroundOrFix => td_string!(locale, needs.workaround_or_fix).to_string(),
        Requirement::Fix => td_string!(locale, needs.fix).to_string(),
        Requirement::Gate { gate } => {
            let gate = self::gate(locale, *gate);
            td_string!(locale, needs.gate, gate).to_string()
        }
        Requirement::Knowledge => td_string!(locale, needs.knowledge).to_string(),
        Requirement::Review => td_string!(locale, needs.review).to_string(),
    }
}

/// The name of an edited runbook's field, for the editor's problems.
pub fn runbook_field(locale: Locale, field: Field) -> String {
    match field {
        Field::RunbookStage => td_string!(locale, runbook.stage).to_string(),
        Field::SectionTitle => td_string!(locale, runbook.section_title).to_string(),
        Field::ItemId => td_string!(locale, runbook.item_id).to_string(),
        Field::ItemText => td_string!(locale, runbook.item_text).to_string(),
        Field::ItemRequired => td_string!(locale, runbook.item_required).to_string(),
        other => other.name().to_owned(),
    }
}

/// The name of a checklist item's kind.
pub fn item_kind(locale: Locale, kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Check => td_string!(locale, item_kinds.check),
        ItemKind::Question => td_string!(locale, item_kinds.question),
        ItemKind::Prompt => td_string!(locale, item_kinds.prompt),
    }
}

/// The name of a verification gate.
pub fn gate(locale: Locale, gate: Gate) -> &'static str {
    match gate {
        Gate::Test => td_string!(locale, gates.test),
        Gate::Production => td_string!(locale, gates.production),
        Gate::Reporter => td_string!(locale, gates.reporter),
    }
}

/// The name of a ticket action, by its stable name (`first_response`).
pub fn action(locale: Locale, name: &str) -> &'static str {
    match name {
        "first_response" => td_string!(locale, actions.first_response),
        "progress_update" => td_string!(locale, actions.progress_update),
        "wait_on_reporter" => td_string!(locale, actions.wait_on_reporter),
        "reporter_replied" => td_string!(locale, actions.reporter_replied),
        "note" => td_string!(locale, actions.note),
        "link_article" => td_string!(locale, actions.link_article),
        "no_article_needed" => td_string!(locale, actions.no_article_needed),
        "save_review" => td_string!(locale, actions.save_review),
        "check_item" => td_string!(locale, actions.check_item),
        "uncheck_item" => td_string!(locale, actions.uncheck_item),
        "pass_gate" => td_string!(locale, actions.pass_gate),
        "plan_action" => td_string!(locale, actions.plan_action),
        "complete_action" => td_string!(locale, actions.complete_action),
        "escalate" => td_string!(locale, actions.escalate),
        "add_expert" => td_string!(locale, actions.add_expert),
        "remove_expert" => td_string!(locale, actions.remove_expert),
        "root_cause_found" => td_string!(locale, actions.root_cause_found),
        "workaround_applied" => td_string!(locale, actions.workaround_applied),
        "resolve" => td_string!(locale, actions.resolve),
        "reopen" => td_string!(locale, actions.reopen),
        _ => td_string!(locale, actions.apply_policy),
    }
}

/// Where a post-incident review stands.
pub fn review_state(locale: Locale, state: ReviewState) -> &'static str {
    match state {
        ReviewState::Draft => td_string!(locale, review.state_draft),
        ReviewState::InReview => td_string!(locale, review.state_in_review),
        ReviewState::Done => td_string!(locale, review.state_done),
    }
}

/// A knowledge article's state.
pub fn article_state(locale: Locale, state: ArticleState) -> &'static str {
    match state {
        ArticleState::Draft => td_string!(locale, kb.draft),
        ArticleState::Published => td_string!(locale, kb.published),
    }
}

/// A knowledge article's fault type.
pub fn fault_type(locale: Locale, fault: FaultType) -> &'static str {
    match fault {
        FaultType::Database => td_string!(locale, kb.fault_database),
        FaultType::Api => td_string!(locale, kb.fault_api),
        FaultType::FrontEnd => td_string!(locale, kb.fault_front_end),
        FaultType::Network => td_string!(locale, kb.fault_network),
        FaultType::Other => td_string!(locale, kb.fault_other),
    }
}

/// The name of a weekday, Monday first (0 to 6).
pub fn weekday(locale: Locale, day: usize) -> &'static str {
    match day {
        0 => td_string!(locale, weekdays.mon),
        1 => td_string!(locale, weekdays.tue),
        2 => td_string!(locale, weekdays.wed),
        3 => td_string!(locale, weekdays.thu),
        4 => td_string!(locale, weekdays.fri),
        5 => td_string!(locale, weekdays.sat),
        _ => td_string!(locale, weekdays.sun),
    }
}

/// The name of a reporting channel.
pub fn channel(locale: Locale, channel: Channel) -> &'static str {
    match channel {
        Channel::Phone => td_string!(locale, channels.phone),
        Channel::Web => td_string!(locale, channels.web),
        Channel::Im => td_string!(locale, channels.im),
        Channel::Email => td_string!(locale, channels.email),
        Channel::Monitoring => td_string!(locale, channels.monitoring),
    }
}

/// The name of an impact level.
pub fn impact(locale: Locale, impact: Impact) -> &'static str {
    match impact {
        Impact::Widespread => td_string!(locale, impacts.widespread),
        Impact::Group => td_string!(locale, impacts.group),
        Impact::Individual => td_string!(locale, impacts.individual),
        Impact::Negligible => td_string!(locale, impacts.negligible),
    }
}

/// The name of an urgency level.
pub fn urgency(locale: Locale, urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Critical => td_string!(locale, urgencies.critical),
        Urgency::High => td_string!(locale, urgencies.high),
        Urgency::Medium => td_string!(locale, urgencies.medium),
        Urgency::Low => td_string!(locale, urgencies.low),
    }
}

/// The name of a priority, such as "P0 紧急".
pub fn priority(locale: Locale, priority: Priority) -> &'static str {
    match priority {
        Priority::P0 => td_string!(locale, priorities.P0),
        Priority::P1 => td_string!(locale, priorities.P1),
        Priority::P2 => td_string!(locale, priorities.P2),
        Priority::P3 => td_string!(locale, priorities.P3),
    }
}

/// The name of an urgent-tag choice.
pub fn urgent_tag(locale: Locale, tag: UrgentTag) -> &'static str {
    match tag {
        UrgentTag::Auto => td_string!(locale, urgent_tags.auto),
        UrgentTag::Urgent => td_string!(locale, urgent_tags.urgent),
        UrgentTag::NotUrgent => td_string!(locale, urgent_tags.not_urgent),
    }
}

/// The name of a ticket type.
pub fn kind(locale: Locale, kind: TicketKind) -> &'static str {
    match kind {
        TicketKind::PhoneReport => td_string!(locale, kinds.phone_report),
        TicketKind::Standard => td_string!(locale, kinds.standard),
    }
}

/// The name of a workflow stage.
pub fn stage(locale: Locale, stage: Stage) -> &'static str {
    match stage {
        Stage::Intake => td_string!(locale, stages.intake),
        Stage::FirstDiagnosis => td_string!(locale, stages.first_diagnosis),
        Stage::SelfHelp => td_string!(locale, stages.self_help),
        Stage::DeepTroubleshooting => td_string!(locale, stages.deep_troubleshooting),
        Stage::Handling => td_string!(locale, stages.handling),
        Stage::Verification => td_string!(locale, stages.verification),
        Stage::Closed => td_string!(locale, stages.closed),
        Stage::Archived => td_string!(locale, stages.archived),
    }
}

/// The name of an SLA clock.
pub fn clock(locale: Locale, clock: ClockName) -> &'static str {
    match clock {
        ClockName::Response => td_string!(locale, clocks.response),
        ClockName::Workaround => td_string!(locale, clocks.workaround),
        ClockName::Update => td_string!(locale, clocks.update),
        ClockName::Escalation => td_string!(locale, clocks.escalation),
    }
}

/// The name of a clock's state.
pub fn clock_state(locale: Locale, state: ClockState) -> &'static str {
    match state {
        ClockState::Running => td_string!(locale, clock_states.running),
        ClockState::Paused => td_string!(locale, clock_states.paused),
        ClockState::Warning => td_string!(locale, clock_states.warning),
        ClockState::Met => td_string!(locale, clock_states.met),
        ClockState::Breached => td_string!(locale, clock_states.breached),
        ClockState::Cancelled => td_string!(locale, clock_states.cancelled),
    }
}

/// What an audit log entry records.
pub fn audit_action(locale: Locale, action: AuditAction) -> &'static str {
    match action {
        AuditAction::Login => td_string!(locale, audit_actions.login),
        AuditAction::LoginFailed => td_string!(locale, audit_actions.login_failed),
        AuditAction::LoginBlocked => td_string!(locale, audit_actions.login_blocked),
        AuditAction::Logout => td_string!(locale, audit_actions.logout),
        AuditAction::UserCreated => td_string!(locale, audit_actions.user_created),
        AuditAction::RoleChanged => td_string!(locale, audit_actions.role_changed),
        AuditAction::UserActivated => td_string!(locale, audit_actions.user_activated),
        AuditAction::UserDeactivated => td_string!(locale, audit_actions.user_deactivated),
        AuditAction::SessionsEnded => td_string!(locale, audit_actions.sessions_ended),
        AuditAction::ApiTokenCreated => td_string!(locale, audit_actions.api_token_created),
        AuditAction::ApiTokenRevoked => td_string!(locale, audit_actions.api_token_revoked),
        AuditAction::DisplayTokenCreated => {
            td_string!(locale, audit_actions.display_token_created)
        }
        AuditAction::DisplayTokenRevoked => {
            td_string!(locale, audit_actions.display_token_revoked)
        }
        AuditAction::PolicySaved => td_string!(locale, audit_actions.policy_saved),
        AuditAction::RunbookSaved => td_string!(locale, audit_actions.runbook_saved),
        AuditAction::ScenarioSaved => td_string!(locale, audit_actions.scenario_saved),
    }
}

/// What an audit log entry is about, in words.
pub fn audit_subject(locale: Locale, stored: &str) -> String {
    match AuditSubject::read(stored) {
        AuditSubject::Policy(v) => {
            td_string!(locale, audit.policy_version, version = v).to_string()
        }
        AuditSubject::Runbook(v) => {
            td_string!(locale, audit.runbook_version, version = v).to_string()
        }
        AuditSubject::Scenario { id, version } => {
            td_string!(locale, audit.scenario_version, id, version).to_string()
        }
        AuditSubject::Named(name) => name,
    }
}

/// What else an audit log entry says, in words.
pub fn audit_detail(locale: Locale, stored: &str) -> String {
    match AuditDetail::read(stored) {
        AuditDetail::None => String::new(),
        AuditDetail::Role(role) => {
            let role = self::role(locale, role);
            td_string!(locale, audit.with_role, role).to_string()
        }
        AuditDetail::RoleChanged { from, to } => {
            format!("{} → {}", self::role(locale, from), self::role(locale, to))
        }
        AuditDetail::WrongPassword => td_string!(locale, audit.wrong_password).to_string(),
        AuditDetail::UnknownLogin => td_string!(locale, audit.unknown_login).to_string(),
        AuditDetail::InactiveAccount => td_string!(locale, audit.inactive_account).to_string(),
        AuditDetail::Text(text) => text,
    }
}

/// Where an audit log entry came from: an address, or the command line.
pub fn audit_address(locale: Locale, stored: &str) -> String {
    match stored {
        COMMAND_LINE => td_string!(locale, audit.command_line).to_string(),
        UNKNOWN_ADDRESS => td_string!(locale, audit.unknown_address).to_string(),
        _ => stored.to_owned(),
    }
}

/// The name of a role.
pub fn role(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Agent => td_string!(locale, roles.agent),
        Role::Lead => td_string!(locale, roles.lead),
        Role::Trainee => td_string!(locale, roles.trainee),
        Role::Admin => td_string!(locale, roles.admin),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_read_in_both_languages() {
        assert_eq!(
            reason(Locale::en, &Reason::TooLong { max: 120 }),
            "Enter at most 120 characters."
        );
        assert_eq!(
            reason(Locale::zh_CN, &Reason::TooLong { max: 120 }),
            "最多输入 120 个字符。"
        );
        assert_eq!(reason(Locale::zh_CN, &Reason::Required), "此项为必填项。");
    }

    /// One of each reason; the match makes a new reason fail to compile
    /// until it is listed here.
    fn every_reason() -> Vec<Reason> {
        let all = vec![
            Reason::Required,
            Reason::TooShort { min: 6 },
            Reason::TooLong { max: 120 },
            Reason::ControlCharacters,
            Reason::NotAChoice,
            Reason::BadDateTime,
            Reason::InFuture,
            Reason::TooOld { max_days: 30 },
            Reason::NoContactMethod,
            Reason::LoginCharacters,
            Reason::LoginTaken,
            Reason::OutOfRange { min: 1, max: 9 },
            Reason::Duplicate,
            Reason::IdCharacters,
            Reason::Unknown,
            Reason::TooMany { max: 40 },
            Reason::HiddenCharacters,
            Reason::NotAnEmail,
            Reason::BadDate,
            Reason::BeforeStart,
            Reason::NoProposal,
            Reason::AlreadyApplied,
        ];
        let index = |reason: &Reason| match reason {
            Reason::Required => 0,
            Reason::TooShort { .. } => 1,
            Reason::TooLong { .. } => 2,
            Reason::ControlCharacters => 3,
            Reason::NotAChoice => 4,
            Reason::BadDateTime => 5,
            Reason::InFuture => 6,
            Reason::TooOld { .. } => 7,
            Reason::NoContactMethod => 8,
            Reason::LoginCharacters => 9,
            Reason::LoginTaken => 10,
            Reason::OutOfRange { .. } => 11,
            Reason::Duplicate => 12,
            Reason::IdCharacters => 13,
            Reason::Unknown => 14,
            Reason::TooMany { .. } => 15,
            Reason::HiddenCharacters => 16,
            Reason::NotAnEmail => 17,
            Reason::BadDate => 18,
            Reason::BeforeStart => 19,
            Reason::NoProposal => 20,
            Reason::AlreadyApplied => 21,
        };
        let indices: Vec<usize> = all.iter().map(index).collect();
        assert_eq!(
            indices,
            (0..all.len()).collect::<Vec<_>>(),
            "one of each, in order"
        );
        all
    }

    #[test]
    fn every_reason_reads_as_a_whole_sentence_in_both_languages() {
        for reason in every_reason() {
            let en = self::reason(Locale::en, &reason);
            assert!(
                en.starts_with(|c: char| c.is_uppercase()) && en.ends_with('.'),
                "{reason:?}: {en}"
            );
            let zh = self::reason(Locale::zh_CN, &reason);
            assert!(zh.ends_with('。'), "{reason:?}: {zh}");
        }
    }

    #[test]
    fn manual_terms_are_used_for_the_chinese_labels() {
        assert_eq!(priority(Locale::zh_CN, Priority::P0), "P0 紧急");
        assert_eq!(kind(Locale::zh_CN, TicketKind::PhoneReport), "电话上报");
        assert_eq!(channel(Locale::zh_CN, Channel::Monitoring), "监控告警");
        assert_eq!(
            stage(Locale::zh_CN, Stage::DeepTroubleshooting),
            "深入故障排查"
        );
    }
}
