//! R01: the ticket number (故障编号) people quote on the phone and in URLs.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};

/// A ticket's number within its desk, shown as `FL-00042`.
///
/// Numbers are handed out by the desk in sequence when a ticket is registered;
/// they are never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct TicketNumber(u32);

/// Why a text is not a ticket number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a ticket number: expected FL- followed by digits, such as FL-00042")]
pub struct BadTicketNumber;

impl TicketNumber {
    const PREFIX: &'static str = "FL-";

    /// The number with the given sequence value; 0 is not a ticket number.
    pub fn new(sequence: u32) -> Option<Self> {
        (sequence > 0).then_some(Self(sequence))
    }

    /// The sequence value within the desk.
    pub fn sequence(self) -> u32 {
        self.0
    }
}

impl fmt::Display for TicketNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:05}", Self::PREFIX, self.0)
    }
}

impl FromStr for TicketNumber {
    type Err = BadTicketNumber;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_numbered(s, Self::PREFIX)
            .and_then(Self::new)
            .ok_or(BadTicketNumber)
    }
}

/// The sequence value of a number written as `prefix` and digits (the
/// prefix in any case, at most nine digits): `FL-00042`, `KB-12`.
pub(crate) fn parse_numbered(s: &str, prefix: &str) -> Option<u32> {
    let s = s.trim();
    let digits = s
        .get(..prefix.len())
        .filter(|head| head.eq_ignore_ascii_case(prefix))
        .and_then(|_| s.get(prefix.len()..))?;
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

impl From<TicketNumber> for String {
    fn from(number: TicketNumber) -> Self {
        number.to_string()
    }
}

impl TryFrom<String> for TicketNumber {
    type Error = BadTicketNumber;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn r01_ticket_numbers_are_shown_with_prefix_and_five_digits() {
        assert_eq!(TicketNumber::new(42).unwrap().to_string(), "FL-00042");
        assert_eq!(
            TicketNumber::new(1_234_567).unwrap().to_string(),
            "FL-1234567"
        );
    }

    #[test]
    fn r01_ticket_numbers_parse_case_insensitively_and_trimmed() {
        assert_eq!(" fl-00042 ".parse(), Ok(TicketNumber(42)));
        assert_eq!("FL-7".parse(), Ok(TicketNumber(7)));
    }

    #[test]
    fn r01_malformed_ticket_numbers_are_refused() {
        for bad in [
            "",
            "FL-",
            "FL-0",
            "FL-00000",
            "42",
            "FX-42",
            "FL-4a",
            "FL--4",
            "FL-+4",
            "FL-1234567890",
            "ＦＬ-1",
        ] {
            assert_eq!(bad.parse::<TicketNumber>(), Err(BadTicketNumber), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn r01_every_ticket_number_reads_back_from_its_text(n in 1u32..=999_999_999) {
            let number = TicketNumber::new(n).unwrap();
            prop_assert_eq!(number.to_string().parse::<TicketNumber>(), Ok(number));
        }
    }
}
