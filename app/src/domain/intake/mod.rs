//! R01 and R02: what a ticket records when it is registered, and how the raw
//! form input becomes validated values.
//!
//! This module holds the form and its choices (channel, ticket type, the
//! urgent tag); `values` holds the validated free-text values and the time
//! of the report.

mod values;

pub use values::{Contact, Department, ImpactScope, ReportedAt, Symptom, parse_time, summarise};

use super::priority::{Impact, Urgency, named_enum};
use super::reporter::ReporterEmail;
use super::validation::{Field, FieldError, FieldErrors, Reason};
use super::wording::Language;
use chrono::{DateTime, FixedOffset, Utc};
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
    /// Where messages to the reporter go; empty for none.
    pub reporter_email: String,
    /// `en` or `zh-CN`; empty means the desk's language.
    pub reporter_language: String,
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
    /// Where messages to the reporter go, if they gave an address.
    #[serde(default)]
    pub reporter_email: Option<ReporterEmail>,
    /// The language messages to the reporter are written in.
    #[serde(default = "english")]
    pub reporter_language: Language,
}

/// The language of intakes recorded before the reporter had one.
fn english() -> Language {
    Language::En
}

impl Intake {
    /// Validates every field of the draft and reports every rejected one at
    /// once. Times are read in the desk's `offset`; a reporter without a
    /// language of their own gets the desk's `language`.
    pub fn parse(
        draft: &IntakeDraft,
        offset: FixedOffset,
        language: Language,
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
        let reporter_email = errors.take(ReporterEmail::parse_optional(&draft.reporter_email));
        let reporter_language = match draft.reporter_language.trim() {
            "" => Some(language),
            tag => errors.take(
                Language::parse(tag)
                    .ok_or(FieldError::new(Field::ReporterLanguage, Reason::NotAChoice)),
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
            reporter_email,
            reporter_language,
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
                Some(reporter_email),
                Some(reporter_language),
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
                reporter_email,
                reporter_language,
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
            reporter_email: String::new(),
            reporter_language: String::new(),
        }
    }

    #[test]
    fn r01_a_complete_draft_records_every_field() {
        let intake = Intake::parse(&draft(), beijing(), Language::En, now()).unwrap();
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
        let errors =
            Intake::parse(&IntakeDraft::default(), beijing(), Language::En, now()).unwrap_err();
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
    fn r01_the_reporter_email_is_optional_and_named_when_wrong() {
        let intake = Intake::parse(&draft(), beijing(), Language::En, now()).unwrap();
        assert_eq!(intake.reporter_email, None);
        let d = IntakeDraft {
            reporter_email: " li.wei@example.com ".into(),
            ..draft()
        };
        let intake = Intake::parse(&d, beijing(), Language::En, now()).unwrap();
        assert_eq!(
            intake.reporter_email.as_ref().map(ReporterEmail::as_str),
            Some("li.wei@example.com")
        );
        let d = IntakeDraft {
            reporter_email: "li.wei at example".into(),
            ..draft()
        };
        let errors = Intake::parse(&d, beijing(), Language::En, now()).unwrap_err();
        assert_eq!(errors.get(Field::ReporterEmail), Some(&Reason::NotAnEmail));
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn r01_the_reporter_language_defaults_to_the_desks() {
        let intake = Intake::parse(&draft(), beijing(), Language::ZhCn, now()).unwrap();
        assert_eq!(intake.reporter_language, Language::ZhCn);
        let d = IntakeDraft {
            reporter_language: "en".into(),
            ..draft()
        };
        let intake = Intake::parse(&d, beijing(), Language::ZhCn, now()).unwrap();
        assert_eq!(intake.reporter_language, Language::En);
        let d = IntakeDraft {
            reporter_language: "fr".into(),
            ..draft()
        };
        let errors = Intake::parse(&d, beijing(), Language::ZhCn, now()).unwrap_err();
        assert_eq!(
            errors.get(Field::ReporterLanguage),
            Some(&Reason::NotAChoice)
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
            Language::En,
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
        let errors = Intake::parse(&d, beijing(), Language::En, now()).unwrap_err();
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
        let errors = Intake::parse(&d, beijing(), Language::En, now()).unwrap_err();
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
        let intake = Intake::parse(&draft(), beijing(), Language::En, now()).unwrap();
        assert_eq!(intake.kind(), TicketKind::PhoneReport);
        assert!(intake.urgent);
    }

    #[test]
    fn r02_the_agent_can_override_the_urgent_suggestion() {
        let d = IntakeDraft {
            urgent: "not_urgent".into(),
            ..draft()
        };
        assert!(
            !Intake::parse(&d, beijing(), Language::En, now())
                .unwrap()
                .urgent
        );
        let d = IntakeDraft {
            urgent: "urgent".into(),
            impact: "individual".into(),
            ..draft()
        };
        assert!(
            Intake::parse(&d, beijing(), Language::En, now())
                .unwrap()
                .urgent
        );
    }

    #[test]
    fn r02_only_phone_reports_carry_the_urgent_tag() {
        let d = IntakeDraft {
            channel: "email".into(),
            urgent: "urgent".into(),
            ..draft()
        };
        let intake = Intake::parse(&d, beijing(), Language::En, now()).unwrap();
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
            match Intake::parse(&d, beijing(), Language::En, now()) {
                Ok(intake) => prop_assert!(intake.department.as_str().chars().count() <= 120),
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }
    }
}
