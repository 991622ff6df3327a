//! Passwords (argon2id) and tokens (random, stored as SHA-256).

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore as _};
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use sha2::{Digest as _, Sha256};
use std::sync::LazyLock;

/// Hashes a password with argon2id and a fresh salt. Slow on purpose: run it
/// off the async workers (see [`hash_password_blocking`]).
fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("Failed to hash a password: {e}"))
}

/// Whether a password matches a stored hash. A malformed hash never matches.
fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash no password matches, verified against for unknown logins so that
/// a wrong login takes as long as a wrong password.
static DECOY: LazyLock<String> =
    LazyLock::new(|| hash_password("decoy password that never matches").expect("argon2 hashes"));

/// [`hash_password`] on the blocking pool.
pub async fn hash_password_blocking(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_password(&password)).await?
}

/// Verifies on the blocking pool; with no hash (an unknown login), verifies
/// against the decoy and fails.
pub async fn verify_password_blocking(password: String, hash: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || match hash {
        Some(hash) => verify_password(&password, &hash),
        None => {
            verify_password(&password, &DECOY);
            false
        }
    })
    .await
    .unwrap_or(false)
}

/// What a token is for, told by its prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A person's JSON API token.
    Api,
    /// A wall display's read-only token.
    Display,
}

impl TokenKind {
    const fn prefix(self) -> &'static str {
        match self {
            TokenKind::Api => "flt_",
            TokenKind::Display => "fld_",
        }
    }

    /// The kind of a presented token, by its prefix.
    pub fn of(token: &str) -> Option<Self> {
        [TokenKind::Api, TokenKind::Display]
            .into_iter()
            .find(|k| token.starts_with(k.prefix()))
    }
}

/// A fresh token: the secret to hand out once, and what is stored.
pub struct Token {
    pub secret: String,
    /// SHA-256 of the secret, hex.
    pub hash: String,
    /// The first characters, to recognise the token in a list.
    pub shown: String,
}

impl Token {
    /// 256 random bits behind the kind's prefix.
    pub fn generate(kind: TokenKind) -> Self {
        let mut bytes = [0_u8; 32];
        OsRng.fill_bytes(&mut bytes);
        let secret = format!("{}{}", kind.prefix(), hex(&bytes));
        Self {
            hash: token_hash(&secret),
            shown: secret.chars().take(12).collect(),
            secret,
        }
    }
}

/// How a presented token is looked up. Tokens carry 256 bits of entropy, so
/// a fast hash is enough; it keeps the stored value useless if leaked.
pub fn token_hash(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// Bytes as lower-case hex digits.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_only() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterx", &hash));
        assert!(!verify_password("correct horse battery", "not a hash"));
    }

    #[test]
    fn tokens_are_random_prefixed_and_stored_hashed() {
        let (a, b) = (
            Token::generate(TokenKind::Api),
            Token::generate(TokenKind::Api),
        );
        assert_ne!(a.secret, b.secret);
        assert!(a.secret.starts_with("flt_") && a.secret.len() == 4 + 64);
        assert_eq!(a.hash, token_hash(&a.secret));
        assert!(!a.hash.contains(&a.secret[4..]));
        assert_eq!(TokenKind::of(&a.secret), Some(TokenKind::Api));
        assert_eq!(
            TokenKind::of(&Token::generate(TokenKind::Display).secret),
            Some(TokenKind::Display)
        );
        assert_eq!(TokenKind::of("Bearer nonsense"), None);
    }
}
