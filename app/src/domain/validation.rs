//! Field-level validation errors, shared by the browser and the server.
//!
//! An error names the field and the reason; the UI turns the pair into a
//! message in the agent's language, and the JSON API returns both.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A field of a form or request that can be rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    ReportedAt,
    Channel,
    Department,
    Contact,
    SymptomSteps,
    ErrorText,
    ImpactScope,
    Impact,
    Urgency,
    UrgentTag,
    Note,
    Login,
    DisplayName,
    Password,
    Role,
    TokenName,
    /// How many rows a list returns.
    Limit,
    /// A runbook checklist item, by id.
    Item,
    /// The answer to a checklist question (R04).
    Answer,
    /// What a planned action does (R14).
    Description,
    /// Who owns a planned action (R14), by login.
    Owner,
    /// When a planned action is to run (R14).
    PlannedAt,
    /// When the reporter may expect the fix (R12, R17).
    Eta,
    /// What is done if a planned action goes wrong (R14).
    RiskPlan,
    /// A swarm member (R11), by login.
    Expert,
    /// A swarm member's speciality: backend, ops, database (R11).
    RoleLabel,
    /// A planned action of the ticket, by number.
    ActionNo,
    /// A stage's checklist in an edited runbook.
    RunbookStage,
    /// A section title in an edited runbook.
    SectionTitle,
    /// An item id in an edited runbook.
    ItemId,
    /// An item text in an edited runbook.
    ItemText,
    /// Where a live stream resumes: the id of the last entry seen.
    After,
    /// Whether an item of an edited runbook must be done.
    ItemRequired,
    /// The events of an SLA evaluation request.
    Events,
    /// The reporter's e-mail address (R12, R18).
    ReporterEmail,
    /// The language messages to the reporter are written in.
    ReporterLanguage,
    /// What the reporter says of a fix that did not hold (R17).
    Reason,
    /// The reporter's rating in the satisfaction survey (R18).
    Rating,
    /// The survey's free text: suggestions on how it was handled (R18).
    Comment,
    /// What is searched for (R19): the `q` of a search.
    #[serde(rename = "q")]
    Query,
    /// A stage, as a filter of the ticket list.
    Stage,
    /// A priority, as a filter of the ticket list.
    Priority,
    /// The first day of a range.
    From,
    /// The last day of a range.
    Until,
    /// Whether a ticket breached a clock, as a filter.
    Breached,
    /// A swarm member, as a filter of the ticket list, by login.
    Swarm,
    /// How a list is sorted.
    Order,
    /// A text compared with solved cases (R19).
    Text,
    /// A knowledge article's title.
    Title,
    /// A knowledge article's symptom.
    Symptom,
    /// A knowledge article's cause.
    Cause,
    /// A knowledge article's workaround.
    Workaround,
    /// A knowledge article's fix.
    Fix,
    /// A knowledge article's evidence.
    Evidence,
    /// A knowledge article's fault type.
    FaultType,
    /// A knowledge article, by number.
    Article,
    /// A post-incident review's summary (R19).
    Summary,
    /// The impact as it really was, in a review.
    RealImpact,
    /// A contributing factor, in a review.
    Factor,
    /// What went well, in a review.
    WentWell,
    /// A review's action item: its text, or the list of them.
    ActionItem,
    /// The day an action item is due.
    Due,
    /// Where a review stands: draft, in review or done.
    ReviewState,
    /// The runbook change a review proposes.
    Proposal,
    /// The review whose proposal a runbook version applies, by ticket.
    Review,
    /// A training scenario, by id.
    Scenario,
    /// How fast a training run plays: 1, 10 or 60 times real time.
    Speed,
    /// What a phone reporter says, in a scenario.
    CallerSays,
    /// The reporter's name, in a scenario.
    Reporter,
    /// How a self-help step turns out, in a scenario (R06).
    SelfHelp,
    /// What the reporter says when asked to confirm, in a scenario (R16, R17).
    Confirmation,
    /// Something that happens at a scenario time.
    Inject,
    /// A monitoring reading's time series, in a scenario (R09).
    Series,
    /// The expert timeline of a scenario's answer key.
    Timeline,
    /// The clocks a good run of a scenario meets.
    Clocks,
}

impl Field {
    /// The field's name in forms and in the JSON API.
    pub const fn name(self) -> &'static str {
        match self {
            Field::ReportedAt => "reported_at",
            Field::Channel => "channel",
            Field::Department => "department",
            Field::Contact => "contact",
            Field::SymptomSteps => "symptom_steps",
            Field::ErrorText => "error_text",
            Field::ImpactScope => "impact_scope",
            Field::Impact => "impact",
            Field::Urgency => "urgency",
            Field::UrgentTag => "urgent",
            Field::Note => "note",
            Field::Login => "login",
            Field::DisplayName => "display_name",
            Field::Password => "password",
            Field::Role => "role",
            Field::TokenName => "name",
            Field::Limit => "limit",
            Field::Item => "item",
            Field::Answer => "answer",
            Field::Description => "description",
            Field::Owner => "owner",
            Field::PlannedAt => "planned_at",
            Field::Eta => "eta",
            Field::RiskPlan => "risk_plan",
            Field::Expert => "expert",
            Field::RoleLabel => "role_label",
            Field::ActionNo => "action_no",
            Field::RunbookStage => "runbook_stage",
            Field::SectionTitle => "section_title",
            Field::ItemId => "item_id",
            Field::ItemText => "item_text",
            Field::After => "after",
            Field::ItemRequired => "item_required",
            Field::Events => "events",
            Field::ReporterEmail => "reporter_email",
            Field::ReporterLanguage => "reporter_language",
            Field::Reason => "reason",
            Field::Rating => "rating",
            Field::Comment => "comment",
            Field::Query => "q",
            Field::Stage => "stage",
            Field::Priority => "priority",
            Field::From => "from",
            Field::Until => "until",
            Field::Breached => "breached",
            Field::Swarm => "swarm",
            Field::Order => "order",
            Field::Text => "text",
            Field::Title => "title",
            Field::Symptom => "symptom",
            Field::Cause => "cause",
            Field::Workaround => "workaround",
            Field::Fix => "fix",
            Field::Evidence => "evidence",
            Field::FaultType => "fault_type",
            Field::Article => "article",
            Field::Summary => "summary",
            Field::RealImpact => "real_impact",
            Field::Factor => "factor",
            Field::WentWell => "went_well",
            Field::ActionItem => "action_item",
            Field::Due => "due",
            Field::ReviewState => "review_state",
            Field::Proposal => "proposal",
            Field::Review => "review",
            Field::Scenario => "scenario",
            Field::Speed => "speed",
            Field::CallerSays => "caller_says",
            Field::Reporter => "reporter",
            Field::SelfHelp => "self_help",
            Field::Confirmation => "confirmations",
            Field::Inject => "injects",
            Field::Series => "series",
            Field::Timeline => "timeline",
            Field::Clocks => "clocks",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a field was rejected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// The field is empty but must be given.
    Required,
    /// Fewer characters than `min`.
    TooShort { min: usize },
    /// More characters than `max`.
    TooLong { max: usize },
    /// Control characters (other than line breaks and tabs in long texts).
    ControlCharacters,
    /// Not one of the offered choices.
    NotAChoice,
    /// Not a date and time of the form `2026-11-26T14:30`.
    BadDateTime,
    /// Later than the current time.
    InFuture,
    /// Earlier than the oldest time a report may be back-dated to.
    TooOld { max_days: i64 },
    /// Holds no phone number, email address or IM handle.
    NoContactMethod,
    /// A login may hold only a-z, 0-9, dot, underscore and hyphen.
    LoginCharacters,
    /// Another account already uses this login.
    LoginTaken,
    /// Not a whole number from `min` to `max`.
    OutOfRange { min: u32, max: u32 },
    /// Used twice where it must be unique.
    Duplicate,
    /// An id may hold only a-z, 0-9, dot, underscore and hyphen, 1 to 40 of them.
    IdCharacters,
    /// Names nothing that exists here: no such user, item or action.
    Unknown,
    /// More entries than `max`.
    TooMany { max: u32 },
    /// Characters that change the direction of the text or take no space
    /// (bidi overrides, zero-width marks): in a one-line field they let a
    /// name pass for another.
    HiddenCharacters,
    /// Not a plain e-mail address such as `li.wei@example.com`.
    NotAnEmail,
    /// Not a date of the form `2026-11-26`.
    BadDate,
    /// The end of a range lies before its start.
    BeforeStart,
    /// Names a review that is not done or proposes no runbook change.
    NoProposal,
    /// Names a review proposal that a runbook version already applied.
    AlreadyApplied,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Required => f.write_str("is required"),
            Reason::TooShort { min } => write!(f, "needs at least {min} characters"),
            Reason::TooLong { max } => write!(f, "allows at most {max} characters"),
            Reason::ControlCharacters => f.write_str("contains control characters"),
            Reason::NotAChoice => f.write_str("is not one of the offered choices"),
            Reason::BadDateTime => f.write_str("is not a date and time like 2026-11-26T14:30"),
            Reason::InFuture => f.write_str("lies in the future"),
            Reason::TooOld { max_days } => write!(f, "lies more than {max_days} days back"),
            Reason::NoContactMethod => {
                f.write_str("holds no phone number, email address or @IM handle")
            }
            Reason::OutOfRange { min, max } => {
                write!(f, "is not a whole number from {min} to {max}")
            }
            Reason::LoginCharacters => {
                f.write_str("may hold only a-z, 0-9, dot, underscore and hyphen")
            }
            Reason::LoginTaken => f.write_str("is taken by another account"),
            Reason::Duplicate => f.write_str("is used twice"),
            Reason::IdCharacters => {
                f.write_str("may hold only 1 to 40 of a-z, 0-9, dot, underscore and hyphen")
            }
            Reason::Unknown => f.write_str("names nothing that exists here"),
            Reason::TooMany { max } => write!(f, "holds more than {max} entries"),
            Reason::HiddenCharacters => {
                f.write_str("contains invisible or direction-changing characters")
            }
            Reason::NotAnEmail => {
                f.write_str("is not a plain e-mail address like li.wei@example.com")
            }
            Reason::BadDate => f.write_str("is not a date like 2026-11-26"),
            Reason::BeforeStart => f.write_str("lies before the start of the range"),
            Reason::NoProposal => {
                f.write_str("names no signed-off review that proposes a runbook change")
            }
            Reason::AlreadyApplied => f.write_str("was already applied by a runbook version"),
        }
    }
}

/// One rejected field and the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    #[serde(flatten)]
    pub reason: Reason,
}

impl FieldError {
    /// Pairs a field with the reason it was rejected.
    pub fn new(field: Field, reason: Reason) -> Self {
        Self { field, reason }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field, self.reason)
    }
}

/// Every rejected field of one submission, at most one reason per field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// Records the error unless the field already has one.
    pub fn push(&mut self, error: FieldError) {
        if self.get(error.field).is_none() {
            self.0.push(error);
        }
    }

    /// Keeps the value of a successful parse, or records its error.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(error);
                None
            }
        }
    }

    /// The reason the given field was rejected, if it was.
    pub fn get(&self, field: Field) -> Option<&Reason> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.reason)
    }

    /// True when nothing was rejected.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of rejected fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The errors in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }
}

impl From<FieldError> for FieldErrors {
    fn from(error: FieldError) -> Self {
        Self(vec![error])
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

/// How a free-text field is checked.
#[derive(Clone, Copy, Debug)]
pub struct TextRule {
    pub field: Field,
    pub min: usize,
    pub max: usize,
    /// Long texts (steps, error output) keep their line breaks and tabs.
    pub multiline: bool,
}

impl TextRule {
    /// Trims the input and checks its length (in characters, so that Chinese
    /// text is measured as people read it) and its characters.
    pub fn check(self, raw: &str) -> Result<String, FieldError> {
        let text = raw.trim();
        let fail = |reason| Err(FieldError::new(self.field, reason));
        if text.is_empty() {
            return if self.min == 0 {
                Ok(String::new())
            } else {
                fail(Reason::Required)
            };
        }
        let allowed =
            |c: char| !c.is_control() || (self.multiline && matches!(c, '\n' | '\r' | '\t'));
        if !text.chars().all(allowed) {
            return fail(Reason::ControlCharacters);
        }
        if !self.multiline && text.chars().any(is_hidden) {
            return fail(Reason::HiddenCharacters);
        }
        let count = text.chars().count();
        if count < self.min {
            return fail(Reason::TooShort { min: self.min });
        }
        if count > self.max {
            return fail(Reason::TooLong { max: self.max });
        }
        Ok(text.to_owned())
    }
}

/// Whether a character changes the direction of text or takes no space:
/// the bidirectional embeddings, overrides and isolates, the directional
/// marks, and the zero-width characters. None has a place in a name, a
/// department or a login, and each can make one read as another.
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Why a version of a document leads edit (the SLA policy, the runbook)
/// was saved: a line for its history.
pub const VERSION_NOTE: TextRule = TextRule {
    field: Field::Note,
    min: 2,
    max: 500,
    multiline: false,
};

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: TextRule = TextRule {
        field: Field::Department,
        min: 2,
        max: 5,
        multiline: false,
    };

    #[test]
    fn r01_text_is_trimmed_and_counted_in_characters() {
        assert_eq!(RULE.check("  财务部门  "), Ok("财务部门".to_owned()));
        assert_eq!(
            RULE.check("财务部门财务"),
            Err(FieldError::new(
                Field::Department,
                Reason::TooLong { max: 5 }
            ))
        );
    }

    #[test]
    fn r01_blank_required_text_is_reported_as_required() {
        assert_eq!(
            RULE.check(" \n "),
            Err(FieldError::new(Field::Department, Reason::Required))
        );
    }

    #[test]
    fn r01_single_line_text_refuses_line_breaks_but_long_text_keeps_them() {
        assert_eq!(
            RULE.check("a\nb"),
            Err(FieldError::new(
                Field::Department,
                Reason::ControlCharacters
            ))
        );
        let long = TextRule {
            multiline: true,
            ..RULE
        };
        assert_eq!(long.check("a\nb"), Ok("a\nb".to_owned()));
        assert_eq!(
            long.check("a\u{7}b"),
            Err(FieldError::new(
                Field::Department,
                Reason::ControlCharacters
            ))
        );
    }

    #[test]
    fn a_one_line_field_refuses_characters_that_reverse_or_hide_text() {
        // "财务 evil" shown right to left, a zero-width space, a word joiner.
        for spoof in [
            "ab\u{202E}cd",
            "a\u{200B}b",
            "ab\u{2066}c",
            "a\u{FEFF}b",
            "a\u{2060}b",
        ] {
            assert_eq!(
                RULE.check(spoof),
                Err(FieldError::new(Field::Department, Reason::HiddenCharacters)),
                "{spoof:?}"
            );
        }
        assert_eq!(RULE.check("财务部"), Ok("财务部".to_owned()));
    }

    #[test]
    fn field_errors_keep_the_first_reason_per_field() {
        let mut errors = FieldErrors::default();
        errors.push(FieldError::new(Field::Contact, Reason::Required));
        errors.push(FieldError::new(Field::Contact, Reason::TooLong { max: 1 }));
        errors.push(FieldError::new(Field::Impact, Reason::NotAChoice));
        assert_eq!(errors.len(), 2);
        assert_eq!(errors.get(Field::Contact), Some(&Reason::Required));
        assert_eq!(
            errors.to_string(),
            "contact is required; impact is not one of the offered choices"
        );
    }

    #[test]
    fn field_errors_serialize_with_field_and_reason_side_by_side() {
        let errors = FieldErrors::from(FieldError::new(
            Field::SymptomSteps,
            Reason::TooShort { min: 6 },
        ));
        let json = serde_json::to_value(&errors).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{"field": "symptom_steps", "reason": "too_short", "min": 6}])
        );
        let back: FieldErrors = serde_json::from_value(json).unwrap();
        assert_eq!(back, errors);
    }
}
