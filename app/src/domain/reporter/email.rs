//! The reporter's e-mail address, checked so that it can go into a mail
//! header as it is.

use crate::domain::validation::{Field, FieldError, Reason, is_hidden};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The reporter's e-mail address, where progress, the verification request
/// and the survey are sent.
///
/// Only plain addresses are taken (`local@domain`, no display name, no
/// comments, no quoted local part): nothing that a mail header could read as
/// a second address or a second header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReporterEmail(String);

impl ReporterEmail {
    /// The longest address SMTP carries (RFC 5321's path limit).
    pub const MAX: usize = 254;
    /// The longest local part (before the `@`).
    const MAX_LOCAL: usize = 64;
    /// The longest label of a domain name.
    const MAX_LABEL: usize = 63;

    /// Validates an address as typed: surrounding spaces are dropped, an
    /// empty field means "no address" (`Ok(None)`).
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, FieldError> {
        let text = raw.trim();
        if text.is_empty() {
            return Ok(None);
        }
        Self::parse(text).map(Some)
    }

    /// Validates an address.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let text = raw.trim();
        let fail = |reason| Err(FieldError::new(Field::ReporterEmail, reason));
        if text.is_empty() {
            return fail(Reason::Required);
        }
        if text.chars().any(char::is_control) {
            return fail(Reason::ControlCharacters);
        }
        if text.chars().any(is_hidden) {
            return fail(Reason::HiddenCharacters);
        }
        if text.chars().count() > Self::MAX {
            return fail(Reason::TooLong { max: Self::MAX });
        }
        if !Self::well_formed(text) {
            return fail(Reason::NotAnEmail);
        }
        Ok(Self(text.to_owned()))
    }

    /// `local@domain`: a local part of letters, digits and the few marks
    /// addresses use, with single dots between; a domain of two or more
    /// labels of letters, digits and inner hyphens, the last not all digits.
    /// Letters may be any script's (internationalised addresses).
    fn well_formed(text: &str) -> bool {
        let Some((local, domain)) = text.split_once('@') else {
            return false;
        };
        let local_char = |c: char| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
        let local_ok = !local.is_empty()
            && local.chars().count() <= Self::MAX_LOCAL
            && local
                .split('.')
                .all(|atom| !atom.is_empty() && atom.chars().all(local_char));
        let labels: Vec<&str> = domain.split('.').collect();
        let label_ok = |label: &&str| {
            !label.is_empty()
                && label.chars().count() <= Self::MAX_LABEL
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        };
        let top_ok = labels
            .last()
            .is_some_and(|top| !top.chars().all(|c| c.is_ascii_digit()));
        local_ok && labels.len() >= 2 && labels.iter().all(label_ok) && top_ok
    }

    /// Rebuilds a value read back from the store.
    pub fn from_stored(text: String) -> Self {
        Self(text)
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ReporterEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ReporterEmail {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<ReporterEmail> for String {
    fn from(value: ReporterEmail) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(raw: &str) -> Result<ReporterEmail, Reason> {
        ReporterEmail::parse(raw).map_err(|e| {
            assert_eq!(e.field, Field::ReporterEmail);
            e.reason
        })
    }

    #[test]
    fn r01_a_reporter_email_is_a_plain_address() {
        for good in [
            "li.wei@example.com",
            "ops+firstline@corp.example.cn",
            "o'brien@mail.example.org",
            "张伟@例子.中国",
            "a@b-c.io",
        ] {
            assert_eq!(email(good).map(String::from), Ok(good.to_owned()), "{good}");
        }
        assert_eq!(
            email("  li.wei@example.com ").map(String::from),
            Ok("li.wei@example.com".into())
        );
        for bad in [
            "li.wei",
            "li.wei@",
            "@example.com",
            "li..wei@example.com",
            ".li@example.com",
            "li@example",
            "li@-example.com",
            "li@example.123",
            "li wei@example.com",
            "li@exa mple.com",
            "a@b@example.com",
            "\"li wei\"@example.com",
            "Li Wei <li@example.com>",
            "li@example.com, boss@example.com",
            "li@example.com;boss@example.com",
            "li@[127.0.0.1]",
        ] {
            assert_eq!(email(bad), Err(Reason::NotAnEmail), "{bad}");
        }
    }

    #[test]
    fn r01_a_reporter_email_cannot_carry_a_second_header() {
        assert_eq!(
            email("li@example.com\r\nBcc: all@example.com"),
            Err(Reason::ControlCharacters)
        );
        assert_eq!(
            email("li@example.com\nSubject: hi"),
            Err(Reason::ControlCharacters)
        );
        assert_eq!(
            email("li\u{202E}@example.com"),
            Err(Reason::HiddenCharacters)
        );
    }

    #[test]
    fn r01_a_reporter_email_is_optional_and_bounded() {
        assert_eq!(ReporterEmail::parse_optional("  "), Ok(None));
        let long = format!("{}@{}.com", "a".repeat(64), "b".repeat(63));
        assert!(email(&long).is_ok());
        assert_eq!(
            email(&format!("{}@example.com", "a".repeat(65))),
            Err(Reason::NotAnEmail)
        );
        let huge = format!("a@{}.com", vec!["b".repeat(60); 5].join("."));
        assert_eq!(email(&huge), Err(Reason::TooLong { max: 254 }));
    }
}
