//! R01 and R02: what a ticket records when it is registered, and how the raw
//! form input becomes validated values.

use super::priority::{Impact, Urgency, named_enum};
use super::validation::{Field, FieldError, FieldErrors, Reason, TextRule};
use chrono::{DateTime, FixedOffset, NaiveDateTime, SubsecRound as _, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

named_enum! {
    /// How the fault was reported (上报渠道).
    Channel {
        Phone => "phone",
        Web => "web",
        Im => "im",
        Email => "email",
        Monitoring => "monitoring",
    }
}

named_enum! {
    /// The ticket's type. A phone report (电话上报) is registered at once
    /// while the caller is on the line (R02).
    TicketKind {
        PhoneReport => "phone_report",
        Standard => "standard",
    }
}

impl TicketKind {
    /// Every fault reported by phone is a phone report; nothing else is.
    pub const fn of(channel: Channel) -> Self {
        match channel {
            Channel::Phone => TicketKind::PhoneReport,
            _ => TicketKind::Standard,
        }
    }
}

named_enum! {
    /// The agent's choice for the "urgent" (紧急) tag of a phone report (R02).
    UrgentTag {
        /// Follow the suggestion derived from the impact.
        Auto => "auto",
        Urgent => "urgent",
        NotUrgent => "not_urgent",
    }
}

impl UrgentTag {
    /// R02: a caller describing a severe impact (more than individual users
    /// affected) gets the urgent tag unless the agent says otherwise.
    pub const fn suggested(impact: Impact) -> bool {
        matches!(impact, Impact::Widespread | Impact::Group)
    }

    /// Whether a ticket with this choice, channel and impact is tagged urgent.
    /// Only phone reports carry the tag.
    pub const fn resolve(self, channel: Channel, impact: Impact) -> bool {
        match (channel, self) {
            (Channel::Phone, UrgentTag::Auto) => Self::suggested(impact),
            (Channel::Phone, UrgentTag::Urgent) => true,
            _ => false,
        }
    }
}

/// Defines a validated single-string newtype with its text rule.
macro_rules! text_newtype {
    ($(#[$meta:meta])* $name:ident, $rule:expr) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The rule this field is checked against.
            pub(crate) const RULE: TextRule = $rule;

            /// Validates raw input.
            pub fn parse(raw: &str) -> Result<Self, FieldError> {
                Self::RULE.check(raw).map(Self)
            }

            /// Rebuilds a value read back from the store, where it was
            /// validated when it was written.
            pub fn from_stored(text: String) -> Self {
                Self(text)
            }

            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = FieldError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    };
}

text_newtype!(
    /// The reporter's department or unit (用户所属部门/单位).
    Department,
    TextRule { field: Field::Department, min: 1, max: 120, multiline: false }
);

text_newtype!(
    /// The impact scope in the reporter's words (影响范围), such as "one
    /// department only" or "no user can log in".
    ImpactScope,
    TextRule { field: Field::ImpactScope, min: 2, max: 200, multiline: false }
);

/// How to reach the reporter (联系人方式): a name with a phone number, an email
/// address or an IM handle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Contact(String);

impl Contact {
    pub(crate) const RULE: TextRule = TextRule {
        field: Field::Contact,
        min: 1,
        max: 200,
        multiline: false,
    };

    /// Fewest digits that count as a phone number (extensions included).
    const MIN_PHONE_DIGITS: usize = 6;

    /// Validates raw input: it must hold a way to reach the person.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let text = Self::RULE.check(raw)?;
        let digits = text.chars().filter(char::is_ascii_digit).count();
        let handle = text
            .split('@')
            .nth(1)
            .is_some_and(|after| after.chars().next().is_some_and(|c| !c.is_whitespace()));
        if digits >= Self::MIN_PHONE_DIGITS || handle {
            Ok(Self(text))
        } else {
            Err(FieldError::new(Field::Contact, Reason::NoContactMethod))
        }
    }

    /// Rebuilds a value read back from the store.
    pub fn from_stored(text: String) -> Self {
        Self(text)
    }

    /// The validated text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Contact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Contact {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Contact> for String {
    fn from(value: Contact) -> Self {
        value.0
    }
}

/// The symptom (故障现象描述): the concrete steps that lead to it, and the
/// error text the reporter saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symptom {
    steps: String,
    error_text: String,
}

impl Symptom {
    pub(crate) const STEPS: TextRule = TextRule {
        field: Field::SymptomSteps,
        min: 6,
        max: 4000,
        multiline: true,
    };
    pub(crate) const ERROR_TEXT: TextRule = TextRule {
        field: Field::ErrorText,
        min: 0,
        max: 8000,
        multiline: true,
    };

    /// Validates the steps and the (optional) error text.
    pub fn parse(steps: &str, error_text: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let steps = errors.take(Self::STEPS.check(steps));
        let error_text = errors.take(Self::ERROR_TEXT.check(error_text));
        match (steps, error_text) {
            (Some(steps), Some(error_text)) => Ok(Self { steps, error_text }),
            _ => Err(errors),
        }
    }

    /// Rebuilds a value read back from the store.
    pub fn from_stored(steps: String, error_text: String) -> Self {
        Self { steps, error_text }
    }

    /// The steps that lead to the fault.
    pub fn steps(&self) -> &str {
        &self.steps
    }

    /// The error text the reporter saw; empty when there was none.
    pub fn error_text(&self) -> &str {
        &self.error_text
    }

    /// The first line of the steps, cut to `max` characters, for lists.
    pub fn summary(&self, max: usize) -> String {
        summarise(&self.steps, max)
    }
}

/// The first line of a text, cut to `max` characters with an ellipsis.
pub fn summarise(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() <= max {
        return line.to_owned();
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Reads a time entered in a form (`2026-11-26T14:30`, in the desk's UTC
/// offset) or sent by the API (RFC 3339); `field` names it in the error.
pub fn parse_time(
    raw: &str,
    offset: FixedOffset,
    field: Field,
) -> Result<DateTime<Utc>, FieldError> {
    let raw = raw.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Ok(at.with_timezone(&Utc));
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(raw, format).ok())
        .and_then(|local| local.and_local_timezone(offset).single())
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| FieldError::new(field, Reason::BadDateTime))
}

/// When the fault was reported (上报时间).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReportedAt(DateTime<Utc>);

impl ReportedAt {
    /// How far back a report may be dated.
    pub const MAX_BACKDATE_DAYS: i64 = 30;
    /// How far ahead of the server's clock a time may lie, for clocks that drift.
    pub const ALLOWED_SKEW: TimeDelta = TimeDelta::minutes(5);

    /// Reads a time entered in a form (`2026-11-26T14:30`, in the desk's UTC
    /// offset) or sent by the API (RFC 3339). An empty field means "now".
    pub fn parse(raw: &str, offset: FixedOffset, now: DateTime<Utc>) -> Result<Self, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Self::new(now, now);
        }
        Self::new(parse_time(raw, offset, Field::ReportedAt)?, now)
    }

    /// Checks a time against the current time. Firstline keeps instants to
    /// the millisecond, the precision every store holds.
    pub fn new(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<Self, FieldError> {
        let at = at.trunc_subsecs(3);
        let reason = if at > now + Self::ALLOWED_SKEW {
            Some(Reason::InFuture)
        } else if at < now - TimeDelta::days(Self::MAX_BACKDATE_DAYS) {
            Some(Reason::TooOld {
                max_days: Self::MAX_BACKDATE_DAYS,
            })
        } else {
            None
        };
        match reason {
            Some(reason) => Err(FieldError::new(Field::ReportedAt, reason)),
            None => Ok(Self(at)),
        }
    }

    /// Rebuilds a value read back from the store.
    pub fn from_stored(at: DateTime<Utc>) -> Self {
        Self(at)
    }

    /// The instant, in UTC.
    pub fn at(self) -> DateTime<Utc> {
        self.0
    }
}

/// The intake form as typed, before validation. It is the input of the
/// registration server function and of the JSON API, and it is what a
/// rejected form is refilled from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IntakeDraft {
    /// Empty for "now"; otherwise `YYYY-MM-DDTHH:MM` in the desk's offset, or RFC 3339.
    pub reported_at: String,
    pub channel: String,
    pub department: String,
    pub contact: String,
    pub symptom_steps: String,
    pub error_text: String,
    pub impact_scope: String,
    pub impact: String,
    pub urgency: String,
    /// `auto`, `urgent` or `not_urgent`; empty means `auto`.
    pub urgent: String,
}

/// A validated registration: every R01 field, plus the R03 dimensions and the
/// R02 urgent tag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intake {
    pub reported_at: ReportedAt,
    pub channel: Channel,
    pub department: Department,
    pub contact: Contact,
    pub symptom: Symptom,
    pub impact_scope: ImpactScope,
    pub impact: Impact,
    pub urgency: Urgency,
    /// R02: set on phone reports with a severe impact, or as the agent chose.
    pub urgent: bool,
}

impl Intake {
    /// Validates every field of the draft and reports every rejected one at once.
    pub fn parse(
        draft: &IntakeDraft,
        offset: FixedOffset,
        now: DateTime<Utc>,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let reported_at = errors.take(ReportedAt::parse(&draft.reported_at, offset, now));
        let channel = errors.take(choice(Field::Channel, &draft.channel, Channel::parse));
        let department = errors.take(Department::parse(&draft.department));
        let contact = errors.take(Contact::parse(&draft.contact));
        let symptom = match Symptom::parse(&draft.symptom_steps, &draft.error_text) {
            Ok(symptom) => Some(symptom),
            Err(symptom_errors) => {
                symptom_errors.iter().cloned().for_each(|e| errors.push(e));
                None
            }
        };
        let impact_scope = errors.take(ImpactScope::parse(&draft.impact_scope));
        let impact = errors.take(choice(Field::Impact, &draft.impact, Impact::parse));
        let urgency = errors.take(choice(Field::Urgency, &draft.urgency, Urgency::parse));
        let urgent_tag = match draft.urgent.trim() {
            "" => Some(UrgentTag::Auto),
            tag => errors.take(
                UrgentTag::parse(tag).ok_or(FieldError::new(Field::UrgentTag, Reason::NotAChoice)),
            ),
        };
        match (
            reported_at,
            channel,
            department,
            contact,
            symptom,
            impact_scope,
            impact,
            urgency,
            urgent_tag,
        ) {
            (
                Some(reported_at),
                Some(channel),
                Some(department),
                Some(contact),
                Some(symptom),
                Some(impact_scope),
                Some(impact),
                Some(urgency),
                Some(urgent_tag),
            ) if errors.is_empty() => Ok(Self {
                reported_at,
                channel,
                department,
                contact,
                symptom,
                impact_scope,
                impact,
                urgency,
                urgent: urgent_tag.resolve(channel, impact),
            }),
            _ => Err(errors),
        }
    }

    /// The ticket type that follows from the channel (R02).
    pub fn kind(&self) -> TicketKind {
        TicketKind::of(self.channel)
    }
}

/// Reads one of a fixed set of choices.
pub(crate) fn choice<T>(
    field: Field,
    raw: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, FieldError> {
    match raw.trim() {
        "" => Err(FieldError::new(field, Reason::Required)),
        text => parse(text).ok_or(FieldError::new(field, Reason::NotAChoice)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 6, 30, 0).unwrap()
    }

    fn beijing() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    fn draft() -> IntakeDraft {
        IntakeDraft {
            reported_at: "2026-11-26T14:05".into(),
            channel: "phone".into(),
            department: "Finance".into(),
            contact: "Li Wei, ext. 6021 55".into(),
            symptom_steps: "Open the payment page, press Submit".into(),
            error_text: "HTTP 502 Bad Gateway".into(),
            impact_scope: "No user can pay".into(),
            impact: "widespread".into(),
            urgency: "critical".into(),
            urgent: String::new(),
        }
    }

    #[test]
    fn r01_a_complete_draft_records_every_field() {
        let intake = Intake::parse(&draft(), beijing(), now()).unwrap();
        assert_eq!(
            intake.reported_at.at(),
            Utc.with_ymd_and_hms(2026, 11, 26, 6, 5, 0).unwrap()
        );
        assert_eq!(intake.channel, Channel::Phone);
        assert_eq!(intake.department.as_str(), "Finance");
        assert_eq!(intake.contact.as_str(), "Li Wei, ext. 6021 55");
        assert_eq!(
            intake.symptom.steps(),
            "Open the payment page, press Submit"
        );
        assert_eq!(intake.symptom.error_text(), "HTTP 502 Bad Gateway");
        assert_eq!(intake.impact_scope.as_str(), "No user can pay");
        assert_eq!(
            (intake.impact, intake.urgency),
            (Impact::Widespread, Urgency::Critical)
        );
    }

    #[test]
    fn r01_every_missing_field_is_named_at_once() {
        let errors = Intake::parse(&IntakeDraft::default(), beijing(), now()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field, e.reason.clone())).collect();
        assert_eq!(
            fields,
            [
                (Field::Channel, Reason::Required),
                (Field::Department, Reason::Required),
                (Field::Contact, Reason::Required),
                (Field::SymptomSteps, Reason::Required),
                (Field::ImpactScope, Reason::Required),
                (Field::Impact, Reason::Required),
                (Field::Urgency, Reason::Required),
            ]
        );
    }

    #[test]
    fn r01_an_empty_reported_at_means_now() {
        let intake = Intake::parse(
            &IntakeDraft {
                reported_at: " ".into(),
                ..draft()
            },
            beijing(),
            now(),
        )
        .unwrap();
        assert_eq!(intake.reported_at.at(), now());
    }

    #[test]
    fn r01_reported_at_is_kept_to_the_millisecond() {
        let at = ReportedAt::parse("2026-11-26T06:00:00.123456789Z", beijing(), now()).unwrap();
        assert_eq!(at.at().timestamp_subsec_nanos(), 123_000_000);
    }

    #[test]
    fn r01_reported_at_accepts_rfc3339_from_the_api() {
        let at = ReportedAt::parse("2026-11-26T06:00:00Z", beijing(), now()).unwrap();
        assert_eq!(
            at.at(),
            Utc.with_ymd_and_hms(2026, 11, 26, 6, 0, 0).unwrap()
        );
    }

    #[test]
    fn r01_reported_at_refuses_the_future_and_the_distant_past() {
        let err = |raw: &str| ReportedAt::parse(raw, beijing(), now()).unwrap_err().reason;
        assert_eq!(err("2026-11-26T14:40"), Reason::InFuture);
        assert_eq!(err("2026-10-26T14:00"), Reason::TooOld { max_days: 30 });
        assert_eq!(err("yesterday"), Reason::BadDateTime);
        assert_eq!(err("2026-11-31T10:00"), Reason::BadDateTime);
        // Within the allowed clock skew.
        assert!(ReportedAt::parse("2026-11-26T14:34", beijing(), now()).is_ok());
    }

    #[test]
    fn r01_channel_impact_and_urgency_must_be_offered_choices() {
        let d = IntakeDraft {
            channel: "fax".into(),
            impact: "everyone".into(),
            urgency: "asap".into(),
            urgent: "maybe".into(),
            ..draft()
        };
        let errors = Intake::parse(&d, beijing(), now()).unwrap_err();
        for field in [
            Field::Channel,
            Field::Impact,
            Field::Urgency,
            Field::UrgentTag,
        ] {
            assert_eq!(errors.get(field), Some(&Reason::NotAChoice), "{field}");
        }
    }

    #[test]
    fn r01_contact_needs_a_phone_number_email_or_im_handle() {
        assert!(Contact::parse("wang@example.com").is_ok());
        assert!(Contact::parse("@zhang.san on WeCom").is_ok());
        assert!(Contact::parse("+86 10 6552 9988").is_ok());
        assert_eq!(
            Contact::parse("Mr Wang").unwrap_err().reason,
            Reason::NoContactMethod
        );
        assert_eq!(
            Contact::parse("ext 123").unwrap_err().reason,
            Reason::NoContactMethod
        );
        assert_eq!(
            Contact::parse("wang@ home").unwrap_err().reason,
            Reason::NoContactMethod
        );
    }

    #[test]
    fn r01_symptom_steps_must_be_concrete_and_error_text_is_optional() {
        assert_eq!(
            Symptom::parse("broken", "").unwrap().steps(),
            "broken",
            "six characters are enough"
        );
        let errors = Symptom::parse("bad", &"x".repeat(8001)).unwrap_err();
        assert_eq!(
            errors.get(Field::SymptomSteps),
            Some(&Reason::TooShort { min: 6 })
        );
        assert_eq!(
            errors.get(Field::ErrorText),
            Some(&Reason::TooLong { max: 8000 })
        );
    }

    #[test]
    fn r01_oversized_fields_are_refused_with_their_limit() {
        let d = IntakeDraft {
            department: "部".repeat(121),
            impact_scope: "x".repeat(201),
            ..draft()
        };
        let errors = Intake::parse(&d, beijing(), now()).unwrap_err();
        assert_eq!(
            errors.get(Field::Department),
            Some(&Reason::TooLong { max: 120 })
        );
        assert_eq!(
            errors.get(Field::ImpactScope),
            Some(&Reason::TooLong { max: 200 })
        );
    }

    #[test]
    fn r02_a_phone_report_with_severe_impact_is_tagged_urgent() {
        let intake = Intake::parse(&draft(), beijing(), now()).unwrap();
        assert_eq!(intake.kind(), TicketKind::PhoneReport);
        assert!(intake.urgent);
    }

    #[test]
    fn r02_the_agent_can_override_the_urgent_suggestion() {
        let d = IntakeDraft {
            urgent: "not_urgent".into(),
            ..draft()
        };
        assert!(!Intake::parse(&d, beijing(), now()).unwrap().urgent);
        let d = IntakeDraft {
            urgent: "urgent".into(),
            impact: "individual".into(),
            ..draft()
        };
        assert!(Intake::parse(&d, beijing(), now()).unwrap().urgent);
    }

    #[test]
    fn r02_only_phone_reports_carry_the_urgent_tag() {
        let d = IntakeDraft {
            channel: "email".into(),
            urgent: "urgent".into(),
            ..draft()
        };
        let intake = Intake::parse(&d, beijing(), now()).unwrap();
        assert_eq!(intake.kind(), TicketKind::Standard);
        assert!(!intake.urgent);
    }

    #[test]
    fn r02_urgent_is_suggested_when_more_than_individuals_are_affected() {
        let suggested: Vec<_> = Impact::ALL
            .iter()
            .filter(|i| UrgentTag::suggested(**i))
            .collect();
        assert_eq!(suggested, [&Impact::Widespread, &Impact::Group]);
    }

    #[test]
    fn summaries_take_the_first_line_and_cut_long_ones() {
        assert_eq!(summarise("first line\nsecond", 20), "first line");
        assert_eq!(summarise("abcdefghij", 5), "abcd…");
        assert_eq!(summarise("打开页面后报错", 4), "打开页…");
    }

    proptest! {
        /// Whatever is typed, parsing returns either a ticket or field errors, never a panic,
        /// and a rejected draft names at least one field.
        #[test]
        fn r01_any_input_is_either_accepted_or_rejected_with_a_reason(
            department in ".{0,130}",
            contact in ".{0,40}",
            steps in ".{0,50}",
            reported_at in "[0-9T:-]{0,20}",
        ) {
            let d = IntakeDraft { department, contact, symptom_steps: steps, reported_at, ..draft() };
            match Intake::parse(&d, beijing(), now()) {
                Ok(intake) => prop_assert!(intake.department.as_str().chars().count() <= 120),
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }
    }
}
