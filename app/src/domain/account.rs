//! Accounts: who may sign in, under which login, with which role.

use super::actor::Role;
use super::ids::DeskId;
use super::validation::{Field, FieldError, Reason, TextRule};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A user's key in the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

/// A display token's key in the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DisplayId(pub i64);

/// The name a person signs in with: 3–40 of `a-z 0-9 . _ -`, stored lower-case.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Login(String);

impl Login {
    const MIN: usize = 3;
    /// The longest login.
    pub const MAX: usize = 40;

    /// Validates and lower-cases a login.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let text = raw.trim().to_lowercase();
        let fail = |reason| Err(FieldError::new(Field::Login, reason));
        if text.is_empty() {
            return fail(Reason::Required);
        }
        if !text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        {
            return fail(Reason::LoginCharacters);
        }
        match text.len() {
            n if n < Self::MIN => fail(Reason::TooShort { min: Self::MIN }),
            n if n > Self::MAX => fail(Reason::TooLong { max: Self::MAX }),
            _ => Ok(Self(text)),
        }
    }

    /// Rebuilds a login read back from the store.
    pub fn from_stored(text: String) -> Self {
        Self(text)
    }

    /// The login.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Login {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Login> for String {
    fn from(value: Login) -> Self {
        value.0
    }
}

/// The name shown in the interface and written into the operation log.
pub const DISPLAY_NAME: TextRule = TextRule {
    field: Field::DisplayName,
    min: 1,
    max: 80,
    multiline: false,
};

/// What an API or display token is for, in the list of tokens.
pub const TOKEN_NAME: TextRule = TextRule {
    field: Field::TokenName,
    min: 1,
    max: 60,
    multiline: false,
};

/// The password rule: long rather than clever (12 to 128 characters).
pub const PASSWORD: TextRule = TextRule {
    field: Field::Password,
    min: 12,
    max: 128,
    multiline: false,
};

/// Checks a new password. It is not trimmed: spaces count.
pub fn check_password(raw: &str) -> Result<(), FieldError> {
    let count = raw.chars().count();
    let fail = |reason| Err(FieldError::new(Field::Password, reason));
    if raw.is_empty() {
        fail(Reason::Required)
    } else if raw.chars().any(char::is_control) {
        fail(Reason::ControlCharacters)
    } else if count < PASSWORD.min {
        fail(Reason::TooShort { min: PASSWORD.min })
    } else if count > PASSWORD.max {
        fail(Reason::TooLong { max: PASSWORD.max })
    } else {
        Ok(())
    }
}

/// A user as the team page shows it. Never carries the password hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub login: Login,
    pub display_name: String,
    pub role: Role,
    /// The desk the user works on: production, or a trainee's own sandbox.
    pub desk: DeskId,
    /// Inactive users cannot sign in and their sessions end.
    pub active: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_are_lower_cased_and_limited_to_plain_characters() {
        assert_eq!(Login::parse(" Li.Wei ").unwrap().as_str(), "li.wei");
        assert_eq!(
            Login::parse("li wei").unwrap_err().reason,
            Reason::LoginCharacters
        );
        assert_eq!(
            Login::parse("李伟").unwrap_err().reason,
            Reason::LoginCharacters
        );
        assert_eq!(
            Login::parse("li").unwrap_err().reason,
            Reason::TooShort { min: 3 }
        );
        assert_eq!(
            Login::parse(&"a".repeat(41)).unwrap_err().reason,
            Reason::TooLong { max: 40 }
        );
        assert_eq!(Login::parse("").unwrap_err().reason, Reason::Required);
    }

    #[test]
    fn passwords_are_long_and_kept_as_typed() {
        assert!(check_password("correct horse battery").is_ok());
        assert_eq!(
            check_password("short").unwrap_err().reason,
            Reason::TooShort { min: 12 }
        );
        assert_eq!(
            check_password(&"x".repeat(129)).unwrap_err().reason,
            Reason::TooLong { max: 128 }
        );
        assert_eq!(
            check_password("tab\tinside password").unwrap_err().reason,
            Reason::ControlCharacters
        );
        assert!(check_password("   twelve spaces  ").is_ok(), "spaces count");
    }
}
