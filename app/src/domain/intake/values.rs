//! The values an intake records, each validated as it is read: the
//! department, the impact scope, the contact, the symptom and the time of
//! the report.

use crate::domain::validation::{Field, FieldError, FieldErrors, Reason, TextRule};
use chrono::{DateTime, FixedOffset, NaiveDateTime, SubsecRound as _, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

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
