//! The ticket list (R19: every ticket can be found): the filters a view of
//! all tickets takes from its address, checked, and where a page of it
//! goes on. The same parameters make the page's address and the JSON API's
//! query, so a view can be bookmarked and shared.

use super::intake::Channel;
use super::priority::{Priority, named_enum};
use super::stage::Stage;
use super::ticket::Ticket;
use super::validation::{Field, FieldError, FieldErrors, Reason, TextRule};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

named_enum! {
    /// How the list is sorted.
    ListOrder {
        /// The latest registered first.
        Newest => "newest",
        /// The nearest due clock first (breached ones lead), then the
        /// tickets with no clock running, oldest first.
        Due => "due",
    }
}

/// The department filter: as registered, matched exactly.
const DEPARTMENT: TextRule = TextRule {
    field: Field::Department,
    min: 0,
    max: 200,
    multiline: false,
};

/// The list's parameters as they come in an address: every one optional,
/// each a text. Empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ListParams {
    pub stage: String,
    pub priority: String,
    pub channel: String,
    pub department: String,
    /// The first day of the reported-at range, `2026-11-01`, in the desk's
    /// time zone.
    pub from: String,
    /// The last day of the range, included.
    pub until: String,
    /// `yes`: only tickets that breached a clock; `no`: only those that
    /// never did.
    pub breached: String,
    /// A swarm member's login.
    pub swarm: String,
    /// `newest` (the default) or `due`.
    pub order: String,
    /// Where the page goes on: the `next` of the page before.
    pub after: String,
}

impl ListParams {
    /// The address query of these parameters, without the empty ones, so
    /// that a bookmarked view reads as what it shows.
    pub fn query_string(&self) -> String {
        let pairs = [
            ("stage", &self.stage),
            ("priority", &self.priority),
            ("channel", &self.channel),
            ("department", &self.department),
            ("from", &self.from),
            ("until", &self.until),
            ("breached", &self.breached),
            ("swarm", &self.swarm),
            ("order", &self.order),
            ("after", &self.after),
        ];
        pairs
            .iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(key, value)| format!("{key}={}", encode(value.trim())))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The same view from its first page.
    pub fn first_page(&self) -> Self {
        Self {
            after: String::new(),
            ..self.clone()
        }
    }
}

/// Percent-encodes a query value (everything but unreserved ASCII).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Where a page of the list goes on: just past its last ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cursor {
    /// In the newest-first order: tickets numbered below this.
    Below(u32),
    /// In the due order: after this due time and number.
    DueAfter { due_at: DateTime<Utc>, seq: u32 },
    /// In the due order, among the tickets with nothing due: numbered
    /// above this.
    UndatedAfter(u32),
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cursor::Below(seq) => write!(f, "n{seq}"),
            Cursor::DueAfter { due_at, seq } => write!(f, "d{}.{seq}", due_at.timestamp_millis()),
            Cursor::UndatedAfter(seq) => write!(f, "u{seq}"),
        }
    }
}

impl Cursor {
    /// The cursor just past a ticket, in an order.
    pub fn past(ticket: &Ticket, order: ListOrder) -> Self {
        let seq = ticket.number.sequence();
        match (order, ticket.sla.next) {
            (ListOrder::Newest, _) => Cursor::Below(seq),
            (ListOrder::Due, Some(next)) => Cursor::DueAfter {
                due_at: next.due_at,
                seq,
            },
            (ListOrder::Due, None) => Cursor::UndatedAfter(seq),
        }
    }

    /// Reads a cursor back for its order; anything else names `after`.
    pub fn parse(raw: &str, order: ListOrder) -> Result<Self, FieldError> {
        let bad = || FieldError::new(Field::After, Reason::Unknown);
        let seq = |text: &str| text.parse::<u32>().ok().filter(|n| *n > 0);
        let (tag, rest) = raw.split_at_checked(1).ok_or_else(bad)?;
        match (order, tag) {
            (ListOrder::Newest, "n") => seq(rest).map(Cursor::Below),
            (ListOrder::Due, "u") => seq(rest).map(Cursor::UndatedAfter),
            (ListOrder::Due, "d") => rest.split_once('.').and_then(|(ms, n)| {
                let due_at = DateTime::from_timestamp_millis(ms.parse().ok()?)?;
                Some(Cursor::DueAfter {
                    due_at,
                    seq: seq(n)?,
                })
            }),
            _ => None,
        }
        .ok_or_else(bad)
    }
}

/// A checked view of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketFilter {
    pub stage: Option<Stage>,
    pub priority: Option<Priority>,
    pub channel: Option<Channel>,
    pub department: Option<String>,
    /// Reported at or after this instant.
    pub reported_from: Option<DateTime<Utc>>,
    /// Reported before this instant.
    pub reported_before: Option<DateTime<Utc>>,
    pub breached: Option<bool>,
    pub swarm: Option<String>,
    pub order: ListOrder,
    pub after: Option<Cursor>,
}

/// A choice among named values, or any when empty.
fn choice<T>(
    raw: &str,
    field: Field,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    parse(raw)
        .map(Some)
        .ok_or(FieldError::new(field, Reason::NotAChoice))
}

/// A day of the range, `2026-11-26`, or none when empty. A day whose
/// midnight (or the next day's) the desk's time zone cannot name is refused.
fn day(raw: &str, field: Field, offset: FixedOffset) -> Result<Option<NaiveDate>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .filter(|day| {
            let next = day.checked_add_signed(TimeDelta::days(1));
            midnight(*day, offset).is_some() && next.and_then(|n| midnight(n, offset)).is_some()
        })
        .map(Some)
        .ok_or(FieldError::new(field, Reason::BadDate))
}

/// Midnight of a day in the desk's time zone, as an instant.
fn midnight(day: NaiveDate, offset: FixedOffset) -> Option<DateTime<Utc>> {
    day.and_hms_opt(0, 0, 0)?
        .and_local_timezone(offset)
        .single()
        .map(|at| at.with_timezone(&Utc))
}

impl TicketFilter {
    /// Checks every parameter, naming each bad one. Days are read in the
    /// desk's time zone; `until` is the last day shown.
    pub fn parse(params: &ListParams, offset: FixedOffset) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let stage = errors.take(choice(&params.stage, Field::Stage, Stage::parse));
        let priority = errors.take(choice(&params.priority, Field::Priority, Priority::parse));
        let channel = errors.take(choice(&params.channel, Field::Channel, Channel::parse));
        let department = errors.take(DEPARTMENT.check(&params.department));
        let from = errors.take(day(&params.from, Field::From, offset));
        let until = errors.take(day(&params.until, Field::Until, offset));
        let breached = errors.take(choice(&params.breached, Field::Breached, |raw| match raw {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        }));
        let swarm = errors.take(super::account::Login::parse(&params.swarm).map_or_else(
            |e| {
                if params.swarm.trim().is_empty() {
                    Ok(None)
                } else {
                    Err(FieldError::new(Field::Swarm, e.reason))
                }
            },
            |login| Ok(Some(login.to_string())),
        ));
        let order = errors
            .take(choice(&params.order, Field::Order, ListOrder::parse))
            .map(|o| o.unwrap_or(ListOrder::Newest));
        let after = order.and_then(|order| {
            let raw = params.after.trim();
            if raw.is_empty() {
                Some(None)
            } else {
                errors.take(Cursor::parse(raw, order)).map(Some)
            }
        });
        let (
            Some(stage),
            Some(priority),
            Some(channel),
            Some(department),
            Some(from),
            Some(until),
            Some(breached),
            Some(swarm),
            Some(order),
            Some(after),
        ) = (
            stage, priority, channel, department, from, until, breached, swarm, order, after,
        )
        else {
            return Err(errors);
        };
        if let (Some(from), Some(until)) = (from, until)
            && until < from
        {
            errors.push(FieldError::new(Field::Until, Reason::BeforeStart));
            return Err(errors);
        }
        Ok(Self {
            stage,
            priority,
            channel,
            department: (!department.is_empty()).then_some(department),
            reported_from: from.and_then(|day| midnight(day, offset)),
            reported_before: until
                .and_then(|day| day.checked_add_signed(TimeDelta::days(1)))
                .and_then(|day| midnight(day, offset)),
            breached,
            swarm,
            order,
            after,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beijing() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    fn params(pairs: &[(&str, &str)]) -> ListParams {
        let mut value = serde_json::Map::new();
        for (key, v) in pairs {
            value.insert((*key).into(), (*v).into());
        }
        serde_json::from_value(value.into()).unwrap()
    }

    fn refused(pairs: &[(&str, &str)]) -> Vec<(Field, Reason)> {
        TicketFilter::parse(&params(pairs), beijing())
            .unwrap_err()
            .iter()
            .map(|e| (e.field, e.reason.clone()))
            .collect()
    }

    #[test]
    fn no_parameters_list_every_ticket_newest_first() {
        let filter = TicketFilter::parse(&ListParams::default(), beijing()).unwrap();
        assert_eq!(filter.order, ListOrder::Newest);
        assert_eq!(
            (filter.stage, filter.priority, filter.breached),
            (None, None, None)
        );
        assert_eq!((filter.reported_from, filter.after), (None, None));
    }

    #[test]
    fn r19_days_are_read_in_the_desks_time_zone_and_the_last_one_is_included() {
        let filter = TicketFilter::parse(
            &params(&[("from", "2026-11-01"), ("until", "2026-11-30")]),
            beijing(),
        )
        .unwrap();
        assert_eq!(
            filter.reported_from.unwrap().to_rfc3339(),
            "2026-10-31T16:00:00+00:00"
        );
        assert_eq!(
            filter.reported_before.unwrap().to_rfc3339(),
            "2026-11-30T16:00:00+00:00"
        );
    }

    #[test]
    fn r19_every_bad_parameter_is_named_with_its_reason() {
        let errors = refused(&[
            ("stage", "done"),
            ("priority", "P9"),
            ("channel", "fax"),
            ("from", "yesterday"),
            ("breached", "maybe"),
            ("swarm", "Bad Login!"),
            ("order", "random"),
        ]);
        let fields: Vec<Field> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                Field::Stage,
                Field::Priority,
                Field::Channel,
                Field::From,
                Field::Breached,
                Field::Swarm,
                Field::Order
            ]
        );
        assert_eq!(errors[3].1, Reason::BadDate);
        assert_eq!(
            refused(&[("from", "2026-11-30"), ("until", "2026-11-01")]),
            [(Field::Until, Reason::BeforeStart)]
        );
        assert_eq!(
            refused(&[("department", &"x".repeat(201))]),
            [(Field::Department, Reason::TooLong { max: 200 })]
        );
    }

    #[test]
    fn a_cursor_reads_back_only_in_its_own_order() {
        let due_at = DateTime::from_timestamp_millis(1_790_000_000_123).unwrap();
        for (cursor, order) in [
            (Cursor::Below(42), ListOrder::Newest),
            (Cursor::DueAfter { due_at, seq: 7 }, ListOrder::Due),
            (Cursor::UndatedAfter(9), ListOrder::Due),
        ] {
            assert_eq!(Cursor::parse(&cursor.to_string(), order), Ok(cursor));
        }
        for (bad, order) in [
            ("n42", ListOrder::Due),
            ("d1.7", ListOrder::Newest),
            ("n0", ListOrder::Newest),
            ("n-1", ListOrder::Newest),
            ("x", ListOrder::Newest),
            ("", ListOrder::Newest),
            ("d99999999999999999999.1", ListOrder::Due),
            ("登", ListOrder::Newest),
        ] {
            assert_eq!(
                Cursor::parse(bad, order).map_err(|e| e.field),
                Err(Field::After),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_view_keeps_its_parameters_in_its_address() {
        let view = params(&[
            ("stage", "closed"),
            ("department", "财务部 / Finance"),
            ("after", "n5"),
        ]);
        assert_eq!(
            view.query_string(),
            "stage=closed&department=%E8%B4%A2%E5%8A%A1%E9%83%A8%20%2F%20Finance&after=n5"
        );
        assert!(!view.first_page().query_string().contains("after"));
    }
}
