//! The reporter's status link (R12, R16, R17): issuing and renewing a
//! ticket's link, and what the link opens.
//!
//! A link is `/r/<token>`. The token is derived from the link's random
//! nonce with the desk's link key (HMAC-SHA-256, 160 bits kept), so the
//! desk can show an agent the link again, while the database holds only
//! the nonce and the token's SHA-256: a copy of the database opens nothing.

use super::tickets::Author;
use super::{Desk, DeskError, Subscription, require};
// Tokens are looked up by the same hash as API and display tokens.
use crate::accounts::{hex, token_hash};
use crate::store::{NewStatusLink, StatusLink};
use anyhow::Context as _;
use chrono::{DateTime, TimeDelta, Utc};
use firstline_app::api::{OpenSurvey, STATUS_PATH, StatusLinkInfo, StatusView};
use firstline_app::domain::{
    Action, Actor, Change, Confirmation, DeskId, Progress, PublicEntry, REPORTER_AUTHOR, Rating,
    ReporterAnswer, ReporterStage, Stamp, Ticket, TicketEvent, TicketNumber, answer_of,
    current_eta, link_expired, open_round,
};
use hmac::{Hmac, Mac as _};
use sha2::Sha256;
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::Path;
use std::sync::Mutex;

/// The secret status-link tokens are derived with. Every process serving
/// one database must hold the same key.
#[derive(Clone)]
pub struct LinkKey([u8; 32]);

impl std::fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkKey(…)")
    }
}

impl LinkKey {
    /// A fresh random key.
    pub fn random() -> Self {
        let mut key = [0_u8; 32];
        fill_random(&mut key);
        Self(key)
    }

    /// Reads a key written as 64 hex digits.
    pub fn from_hex(text: &str) -> anyhow::Result<Self> {
        let bytes = unhex(text.trim()).context("the link key is not hex")?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| anyhow::anyhow!("the link key must be 64 hex digits (32 bytes)"))?;
        Ok(Self(key))
    }

    /// The key in the file at `path`, written there (readable by its owner
    /// only) with a fresh key when the file does not exist yet.
    pub fn load_or_create(path: &Path) -> anyhow::Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::from_hex(&text)
                .with_context(|| format!("Failed to read the link key in {}", path.display())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::random();
                write_private(path, &hex(&key.0)).with_context(|| {
                    format!("Failed to write the link key to {}", path.display())
                })?;
                Ok(key)
            }
            Err(error) => Err(error)
                .with_context(|| format!("Failed to read the link key in {}", path.display())),
        }
    }

    /// The token of the link with this nonce.
    fn token(&self, nonce: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(b"firstline status link\0");
        mac.update(nonce.as_bytes());
        let digest = mac.finalize().into_bytes();
        hex(&digest[..TOKEN_BYTES])
    }
}

/// Bytes of the HMAC kept in a token: 160 bits.
const TOKEN_BYTES: usize = 20;

/// Whether text could be a token at all: 40 lower-case hex digits.
fn looks_like_token(token: &str) -> bool {
    token.len() == 2 * TOKEN_BYTES
        && token
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Limits on tries with tokens that open nothing, per address, in this
/// process.
#[derive(Debug)]
pub struct LinkThrottle {
    window: TimeDelta,
    limit: u32,
    misses: Mutex<HashMap<Option<IpAddr>, Misses>>,
}

/// When an address's window began, and its misses since.
type Misses = (DateTime<Utc>, u32);

impl Default for LinkThrottle {
    fn default() -> Self {
        Self::new(TimeDelta::minutes(15), 20)
    }
}

impl LinkThrottle {
    /// At most `limit` misses from one address within `window`.
    pub fn new(window: TimeDelta, limit: u32) -> Self {
        Self {
            window,
            limit,
            misses: Mutex::new(HashMap::new()),
        }
    }

    /// Seconds to wait while the address has had its misses, else `None`.
    fn blocked(&self, address: Option<IpAddr>, now: DateTime<Utc>) -> Option<i64> {
        let misses = self.misses.lock().unwrap_or_else(|e| e.into_inner());
        let (since, count) = misses.get(&address)?;
        let ends = *since + self.window;
        (*count >= self.limit && ends > now).then(|| (ends - now).num_seconds().max(1))
    }

    /// Counts a miss; windows that have ended are forgotten.
    fn note_miss(&self, address: Option<IpAddr>, now: DateTime<Utc>) {
        let mut misses = self.misses.lock().unwrap_or_else(|e| e.into_inner());
        misses.retain(|_, (since, _)| *since + self.window > now);
        let entry = misses.entry(address).or_insert((now, 0));
        entry.1 += 1;
    }
}

impl Desk {
    /// The ticket's status link, issued now if it has none (agents), or
    /// revoked and issued afresh with `renew` (leads).
    pub async fn issue_status_link(
        &self,
        actor: &Actor,
        number: TicketNumber,
        renew: bool,
    ) -> Result<StatusLinkInfo, DeskError> {
        require(actor, Action::ChangeTicket)?;
        if renew {
            require(actor, Action::RenewStatusLink)?;
        }
        if self.store.ticket(actor.desk, number).await?.is_none() {
            return Err(DeskError::NotFound);
        }
        self.link_for(actor.desk, number, renew).await
    }

    /// The path of the ticket's working status link, issued now if it has
    /// none: what a message to the reporter links to.
    pub(super) async fn working_link(
        &self,
        desk: DeskId,
        number: TicketNumber,
    ) -> Result<String, DeskError> {
        Ok(self.link_for(desk, number, false).await?.path)
    }

    /// The ticket's working link, stored now if it has none (or, with
    /// `renew`, in place of the one it has).
    async fn link_for(
        &self,
        desk: DeskId,
        number: TicketNumber,
        renew: bool,
    ) -> Result<StatusLinkInfo, DeskError> {
        // Most asks find a working link (every message sends one): reading
        // it spares a write transaction and a fresh nonce.
        let working = match self.store.status_link(desk, number).await? {
            Some(working) if !renew => working,
            _ => self.store_new_link(desk, number, renew).await?,
        };
        if let Some(info) = self.link_info(&working) {
            return Ok(info);
        }
        // The working link was made with another key (the key file was
        // replaced): it cannot be shown, so it gives way to a new one.
        tracing::warn!(%number, "a status link made with another key was replaced");
        let replaced = self.store_new_link(desk, number, true).await?;
        self.link_info(&replaced).ok_or_else(|| {
            DeskError::Internal(anyhow::anyhow!("a new status link does not match its key"))
        })
    }

    /// Stores a fresh link unless the ticket has a working one (or, with
    /// `renew`, in its place); the working link.
    async fn store_new_link(
        &self,
        desk: DeskId,
        number: TicketNumber,
        renew: bool,
    ) -> Result<StatusLink, DeskError> {
        let mut nonce = [0_u8; 16];
        fill_random(&mut nonce);
        let nonce = hex(&nonce);
        let token = self.link_key.token(&nonce);
        let link = NewStatusLink {
            nonce: &nonce,
            token_hash: &token_hash(&token),
            at: self.clock.now(),
        };
        let working = self
            .store
            .issue_status_link(desk, number, link, renew)
            .await?;
        if renew {
            tracing::info!(%number, "status link renewed");
        }
        Ok(working)
    }

    /// The ticket's working status link, if it has one.
    pub(super) async fn status_link_of(
        &self,
        actor: &Actor,
        number: TicketNumber,
    ) -> Result<Option<StatusLinkInfo>, DeskError> {
        let link = self.store.status_link(actor.desk, number).await?;
        Ok(link.and_then(|link| self.link_info(&link)))
    }

    /// The link as agents see it; `None` when this desk's key does not
    /// derive its token (it was made with another key).
    fn link_info(&self, link: &StatusLink) -> Option<StatusLinkInfo> {
        let token = self.link_key.token(&link.nonce);
        (token_hash(&token) == link.token_hash).then(|| StatusLinkInfo {
            path: format!("{STATUS_PATH}{token}"),
            created_at: link.created_at,
        })
    }

    /// What a status link shows, or `None` for a token that opens nothing
    /// (unknown, revoked, or its ticket closed too long ago): the caller
    /// shows the same neutral page for each. Too many such tries from one
    /// address are refused for a while.
    pub async fn status(
        &self,
        token: &str,
        address: Option<IpAddr>,
    ) -> Result<Option<StatusView>, DeskError> {
        let now = self.clock.now();
        let Some(opened) = self.open_link(token, address, now).await? else {
            return Ok(None);
        };
        let Opened { ticket, log, .. } = opened;
        let entries = PublicEntry::all(&log);
        let confirmation = Confirmation::of(&ticket, &Progress::from_log(&log));
        Ok(Some(StatusView {
            number: ticket.number,
            symptom: ticket.intake.symptom.steps().to_owned(),
            stage: ReporterStage::of(ticket.stage),
            waiting_on_reporter: ticket.waiting_on_reporter,
            eta: current_eta(&entries),
            entries,
            asks_confirmation: confirmation.offers_answers(ticket.stage),
            confirmed_at: match confirmation {
                Confirmation::Confirmed(Stamp { at, .. }) => Some(at),
                Confirmation::NotAsked | Confirmation::Asked => None,
            },
            survey: open_round(ticket.stage, &log).map(|round| OpenSurvey {
                answer: answer_of(round, &log),
            }),
            language: ticket.intake.reporter_language,
            utc_offset: self.offset_seconds(),
            server_now: now,
        }))
    }

    /// Records the reporter's answer on the page a status link opens (R16,
    /// R17): "It works now" passes the reporter gate, "Still not working"
    /// reopens the ticket. Only a POST calls this; opening the page records
    /// nothing. A token that opens nothing is not found, and counts against
    /// the address as on the page.
    pub async fn answer_status(
        &self,
        token: &str,
        address: Option<IpAddr>,
        answer: ReporterAnswer,
        reason: &str,
    ) -> Result<(), DeskError> {
        let number = self
            .reporter_change(token, address, async |current, log| {
                Ok(current.answer(&Progress::from_log(log), answer, reason)?)
            })
            .await?;
        tracing::info!(%number, answer = %answer, "the reporter answered");
        Ok(())
    }

    /// Records the reporter's answer to the satisfaction survey of the
    /// ticket's current closure (R18); a second answer replaces the first
    /// while the link works. Only a POST calls this.
    pub async fn answer_survey(
        &self,
        token: &str,
        address: Option<IpAddr>,
        rating: Rating,
        comment: &str,
    ) -> Result<(), DeskError> {
        let number = self
            .reporter_change(token, address, async |current, log| {
                Ok(current.answer_survey(log, rating, comment)?)
            })
            .await?;
        tracing::info!(%number, %rating, "the reporter answered the survey");
        Ok(())
    }

    /// A change the reporter makes to the ticket a working link opens, as
    /// their own entry; the ticket's number. A token that opens nothing is
    /// not found, and counts against the address as on the page.
    async fn reporter_change(
        &self,
        token: &str,
        address: Option<IpAddr>,
        make: impl AsyncFnOnce(&Ticket, &[TicketEvent]) -> Result<(Change, Ticket), DeskError>,
    ) -> Result<TicketNumber, DeskError> {
        let now = self.clock.now();
        let Some(Opened { desk, ticket, .. }) = self.open_link(token, address, now).await? else {
            return Err(DeskError::NotFound);
        };
        let author = Author {
            desk,
            name: REPORTER_AUTHOR,
        };
        self.change(author, ticket.number, ticket.version, make)
            .await?;
        Ok(ticket.number)
    }

    /// Follows the ticket a status link opens, for its page's live stream:
    /// the subscription and the ticket, or `None` for a link that opens
    /// nothing (limited per address as [`Desk::status`] is). The stream is
    /// the caller's to filter down to that ticket's entries that change
    /// what the reporter sees.
    pub async fn follow_status(
        &self,
        token: &str,
        address: Option<IpAddr>,
    ) -> Result<Option<(Subscription, DeskId, TicketNumber)>, DeskError> {
        let now = self.clock.now();
        let Some(Opened { desk, ticket, .. }) = self.open_link(token, address, now).await? else {
            return Ok(None);
        };
        Ok(Some((self.feed.subscribe().await?, desk, ticket.number)))
    }

    /// The ticket and log a working link opens. Tries that open nothing
    /// count against the address; an address with too many waits.
    async fn open_link(
        &self,
        token: &str,
        address: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<Option<Opened>, DeskError> {
        if let Some(retry_after) = self.link_throttle.blocked(address, now) {
            return Err(DeskError::TooManyRequests { retry_after });
        }
        let opened = self.find_link(token, now).await?;
        if opened.is_none() {
            self.link_throttle.note_miss(address, now);
        }
        Ok(opened)
    }

    async fn find_link(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Opened>, DeskError> {
        if !looks_like_token(token) {
            return Ok(None);
        }
        let Some((desk, number)) = self.store.ticket_of_link(&token_hash(token)).await? else {
            return Ok(None);
        };
        let Some(ticket) = self.store.ticket(desk, number).await? else {
            return Ok(None);
        };
        let log = self.store.events(desk, ticket.id).await?;
        if link_expired(ticket.stage, &log, self.link_lifetime, now) {
            return Ok(None);
        }
        Ok(Some(Opened { desk, ticket, log }))
    }
}

/// What a working link opens.
struct Opened {
    desk: DeskId,
    ticket: Ticket,
    log: Vec<TicketEvent>,
}

fn fill_random(bytes: &mut [u8]) {
    use argon2::password_hash::rand_core::{OsRng, RngCore as _};
    OsRng.fill_bytes(bytes);
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Writes a file only its owner may read.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r12_a_token_is_derived_from_its_nonce_and_the_key_alone() {
        let key = LinkKey::from_hex(&"ab".repeat(32)).unwrap();
        let token = key.token("00112233445566778899aabbccddeeff");
        assert!(looks_like_token(&token), "{token}");
        assert_eq!(token, key.token("00112233445566778899aabbccddeeff"));
        assert_ne!(token, key.token("00112233445566778899aabbccddeefe"));
        assert_ne!(
            token,
            LinkKey::random().token("00112233445566778899aabbccddeeff")
        );
        assert!(!token_hash(&token).contains(&token));
    }

    #[test]
    fn a_link_key_is_64_hex_digits() {
        assert!(LinkKey::from_hex("abc").is_err());
        assert!(LinkKey::from_hex(&"zz".repeat(32)).is_err());
        assert!(LinkKey::from_hex(&"ab".repeat(31)).is_err());
        assert!(LinkKey::from_hex(&format!(" {}\n", "0f".repeat(32))).is_ok());
    }

    #[test]
    fn only_forty_lower_case_hex_digits_can_be_a_token() {
        assert!(looks_like_token(&"a1".repeat(20)));
        assert!(!looks_like_token(&"A1".repeat(20)));
        assert!(!looks_like_token(&"a1".repeat(21)));
        assert!(!looks_like_token("../../etc/passwd"));
    }

    #[test]
    fn an_address_with_too_many_misses_waits_until_its_window_ends() {
        let throttle = LinkThrottle::new(TimeDelta::minutes(15), 3);
        let here: Option<IpAddr> = Some("192.0.2.7".parse().unwrap());
        let there: Option<IpAddr> = Some("192.0.2.8".parse().unwrap());
        let t0 = DateTime::<Utc>::UNIX_EPOCH;
        for _ in 0..3 {
            assert_eq!(throttle.blocked(here, t0), None);
            throttle.note_miss(here, t0);
        }
        assert_eq!(throttle.blocked(here, t0), Some(900));
        assert_eq!(throttle.blocked(there, t0), None);
        assert_eq!(throttle.blocked(here, t0 + TimeDelta::minutes(15)), None);
    }

    #[test]
    fn a_key_file_is_created_once_and_read_back() {
        let dir = std::env::temp_dir().join(format!("firstline-link-key-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("link.key");
        let _ = std::fs::remove_file(&path);
        let first = LinkKey::load_or_create(&path).unwrap();
        let second = LinkKey::load_or_create(&path).unwrap();
        assert_eq!(first.0, second.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
