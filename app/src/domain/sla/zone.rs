//! Time zones as the clocks read them: a zone's offsets from UTC over a
//! span of time.
//!
//! The server reads a zone's rules from the zone database (the
//! `zone-rules` feature, part of the server build). The browser is not
//! given the database: the server sends it a [`ZoneTable`] for each zone
//! its calendars name, covering the span the clocks can reach, and the
//! browser counts from those offsets. A table is read off the database, so
//! within its span it answers exactly as the rules do.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every zone name the desk accepts, one per line in order: the names of
/// the zone database the server is built with (a test holds them equal).
const NAMES: &str = include_str!("zone_names.txt");

/// The zone names a calendar may use, in order.
pub fn names() -> impl Iterator<Item = &'static str> {
    NAMES.lines()
}

/// Whether `name` is a zone of the database, such as `Europe/Berlin`.
pub fn is_known(name: &str) -> bool {
    names().any(|known| known == name)
}

/// From `at` on, local time is UTC plus `offset` seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetChange {
    pub at: DateTime<Utc>,
    pub offset: i32,
}

/// A zone's offsets from UTC: `before` until the first change, then each
/// change in order. Outside the span it was read for, the nearest known
/// offset holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneTable {
    pub before: i32,
    pub changes: Vec<OffsetChange>,
}

/// No zone is ahead of or behind UTC by this much: a local time's instants
/// lie within it.
const WIDEST_OFFSET: TimeDelta = TimeDelta::hours(26);

impl ZoneTable {
    /// The offset in force at `at`, in seconds east of UTC.
    pub fn offset_at(&self, at: DateTime<Utc>) -> i32 {
        match self.changes.partition_point(|c| c.at <= at) {
            0 => self.before,
            i => self.changes[i - 1].offset,
        }
    }

    /// The local date at `at`.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        (at.naive_utc() + TimeDelta::seconds(self.offset_at(at).into())).date()
    }

    /// The first instant whose local time is `local`; `None` if the local
    /// time is skipped (a change to daylight saving time jumps over it).
    pub fn earliest(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let guess = local.and_utc();
        // Any instant of `local` is `local - offset` for an offset in force
        // within a day of it: the one before the window, or a change in it.
        let first = self
            .changes
            .partition_point(|c| c.at <= guess - WIDEST_OFFSET);
        let last = self
            .changes
            .partition_point(|c| c.at <= guess + WIDEST_OFFSET);
        std::iter::once(self.offset_at(guess - WIDEST_OFFSET))
            .chain(self.changes[first..last].iter().map(|c| c.offset))
            .filter_map(|offset| {
                let at = guess - TimeDelta::seconds(offset.into());
                (self.offset_at(at) == offset).then_some(at)
            })
            .min()
    }
}

/// Zone tables by zone name: what the browser counts a ticket's calendars
/// with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Zones(BTreeMap<String, ZoneTable>);

impl Zones {
    pub fn get(&self, name: &str) -> Option<&ZoneTable> {
        self.0.get(name)
    }

    pub fn insert(&mut self, name: String, table: ZoneTable) {
        self.0.insert(name, table);
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

/// How far a ticket's clocks can look: the span a table must cover for
/// clocks that start from `from` and are evaluated until `until`.
pub fn span(from: DateTime<Utc>, until: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    // A clock's walk starts on the local day before its start and looks
    // `HORIZON_DAYS` ahead; two days each side cover any offset.
    let margin = TimeDelta::days(2);
    (
        from - margin,
        until + TimeDelta::days(super::calendar::HORIZON_DAYS) + margin,
    )
}

#[cfg(feature = "zone-rules")]
pub use rules::{parse, read, tables};

/// The zone database, on the server.
#[cfg(feature = "zone-rules")]
mod rules {
    use super::{OffsetChange, ZoneTable, Zones};
    use chrono::{DateTime, Offset, TimeDelta, TimeZone, Utc};
    use chrono_tz::Tz;

    /// The rules of a named zone.
    pub fn parse(name: &str) -> Option<Tz> {
        name.parse().ok()
    }

    /// The zone's offset at `at`, in seconds east of UTC.
    fn offset(tz: Tz, at: DateTime<Utc>) -> i32 {
        tz.offset_from_utc_datetime(&at.naive_utc())
            .fix()
            .local_minus_utc()
    }

    fn second(timestamp: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(timestamp, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    /// No zone changes its offset twice within this step, so a scan at it
    /// finds every change (and bisection finds its second).
    const STEP: TimeDelta = TimeDelta::hours(3);

    /// The zone's offsets over `[from, to]`, read off its rules.
    pub fn read(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> ZoneTable {
        let before = offset(tz, from);
        let mut changes = Vec::new();
        let (mut at, mut current) = (from, before);
        while at < to {
            let next = (at + STEP).min(to);
            if offset(tz, next) == current {
                at = next;
                continue;
            }
            // The change lies in (at, next]: find its second.
            let (mut same, mut differs) = (at.timestamp(), next.timestamp());
            while differs - same > 1 {
                let middle = same + (differs - same) / 2;
                if offset(tz, second(middle)) == current {
                    same = middle;
                } else {
                    differs = middle;
                }
            }
            let differs = second(differs);
            current = offset(tz, differs);
            changes.push(OffsetChange {
                at: differs,
                offset: current,
            });
            at = differs;
        }
        ZoneTable { before, changes }
    }

    /// The tables of the named zones over `[from, to]`; names that are not
    /// zones are left out.
    pub fn tables<'n>(
        names: impl IntoIterator<Item = &'n str>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Zones {
        let mut zones = Zones::default();
        for name in names {
            if zones.contains(name) {
                continue;
            }
            if let Some(tz) = parse(name) {
                zones.insert(name.to_owned(), read(tz, from, to));
            }
        }
        zones
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    /// Berlin in 2026: CET (+1), CEST (+2) from 29 March 01:00 UTC, CET
    /// again from 25 October 01:00 UTC.
    fn berlin_2026() -> ZoneTable {
        ZoneTable {
            before: 3600,
            changes: vec![
                OffsetChange {
                    at: at("2026-03-29T01:00:00Z"),
                    offset: 7200,
                },
                OffsetChange {
                    at: at("2026-10-25T01:00:00Z"),
                    offset: 3600,
                },
            ],
        }
    }

    fn local(date: &str, time: &str) -> NaiveDateTime {
        date.parse::<NaiveDate>()
            .unwrap()
            .and_time(time.parse::<NaiveTime>().unwrap())
    }

    #[test]
    fn an_offset_holds_from_its_change_on() {
        let table = berlin_2026();
        assert_eq!(table.offset_at(at("2026-03-29T00:59:59Z")), 3600);
        assert_eq!(table.offset_at(at("2026-03-29T01:00:00Z")), 7200);
        assert_eq!(table.offset_at(at("2027-06-01T00:00:00Z")), 3600);
        assert_eq!(
            table.local_date(at("2026-07-01T22:30:00Z")),
            "2026-07-02".parse::<NaiveDate>().unwrap()
        );
    }

    #[test]
    fn a_skipped_local_time_has_no_instant_and_a_repeated_one_its_first() {
        let table = berlin_2026();
        assert_eq!(table.earliest(local("2026-03-29", "02:30:00")), None);
        assert_eq!(
            table.earliest(local("2026-03-29", "03:00:00")),
            Some(at("2026-03-29T01:00:00Z"))
        );
        // 02:30 happens twice on 25 October: first in CEST.
        assert_eq!(
            table.earliest(local("2026-10-25", "02:30:00")),
            Some(at("2026-10-25T00:30:00Z"))
        );
        assert_eq!(
            table.earliest(local("2026-12-01", "09:00:00")),
            Some(at("2026-12-01T08:00:00Z"))
        );
    }

    #[test]
    fn a_zone_without_changes_is_a_fixed_offset() {
        let table = ZoneTable {
            before: -3 * 3600 - 1800,
            changes: vec![],
        };
        assert_eq!(
            table.earliest(local("2026-01-01", "00:00:00")),
            Some(at("2026-01-01T03:30:00Z"))
        );
    }

    #[cfg(feature = "zone-rules")]
    mod against_the_database {
        use super::super::*;
        use super::at;
        use chrono::{Offset, TimeZone};

        /// The names the desk accepts are the database's, in order.
        #[test]
        fn the_zone_names_are_the_databases() {
            let mut expected: Vec<&str> =
                chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
            expected.sort_unstable();
            let listed: Vec<&str> = names().collect();
            assert!(
                listed == expected,
                "zone_names.txt differs from the zone database; it should read:\n{}",
                expected.join("\n")
            );
            assert!(is_known("Asia/Shanghai") && !is_known("Mars/Olympus_Mons"));
        }

        /// R03: a calendar counted from its zone's table falls due exactly
        /// when it does counted from the rules, in zones whose changes are
        /// not whole hours (Lord Howe moves by 30 minutes, Chatham keeps
        /// +12:45), over a year of starts and across their changes.
        #[test]
        fn r03_a_calendar_counted_from_its_table_falls_due_as_from_the_rules() {
            use crate::domain::sla::calendar::{
                BusinessCalendar, Counting, Hours, Timelines, Week,
            };
            use chrono::NaiveTime;
            let hours = |start: u32, end: u32| {
                Some(Hours {
                    start: NaiveTime::from_hms_opt(start, 0, 0).unwrap(),
                    end: NaiveTime::from_hms_opt(end, 0, 0).unwrap(),
                })
            };
            for zone in ["Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"] {
                let calendar = BusinessCalendar {
                    time_zone: zone.into(),
                    week: Week {
                        sat: hours(1, 4),
                        sun: hours(1, 4),
                        ..Week::weekdays(
                            NaiveTime::from_hms_opt(1, 30, 0).unwrap(),
                            NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
                        )
                    },
                    holidays: vec![],
                };
                let first = at("2026-01-01T00:00:00Z");
                let last = at("2027-01-01T00:00:00Z");
                let (from, until) = span(first, last);
                let tables = tables([zone], from, until);
                let mut start = first;
                while start < last {
                    for budget in [
                        TimeDelta::minutes(30),
                        TimeDelta::hours(8),
                        TimeDelta::hours(30),
                    ] {
                        let counted = Counting::Calendar(&calendar);
                        let by_rules = counted.advance(start, budget, &[]);
                        let by_table = counted.advance_in(
                            &mut Timelines::with_tables(&tables),
                            start,
                            budget,
                            &[],
                        );
                        assert!(by_rules.is_some(), "{zone} from {start}");
                        assert_eq!(by_table, by_rules, "{zone} from {start} for {budget}");
                    }
                    start += TimeDelta::minutes(5 * 60 + 17);
                }
            }
        }

        /// Every zone's table answers as its rules do, at instants and
        /// local times spread over the span it was read for.
        #[test]
        fn every_zone_table_answers_as_its_rules() {
            let (from, to) = (at("2024-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"));
            for tz in chrono_tz::TZ_VARIANTS {
                let table = read(tz, from, to);
                // Steps of 7 h 13 min land on every hour of the day over
                // the span, and near the changes.
                let step = TimeDelta::minutes(7 * 60 + 13);
                let mut probe = from;
                while probe < to {
                    let offset = tz.offset_from_utc_datetime(&probe.naive_utc()).fix();
                    assert_eq!(
                        table.offset_at(probe),
                        offset.local_minus_utc(),
                        "{tz} at {probe}"
                    );
                    let local = probe.naive_utc() + TimeDelta::hours(5);
                    let expected = tz
                        .from_local_datetime(&local)
                        .earliest()
                        .map(|t| t.with_timezone(&Utc));
                    assert_eq!(table.earliest(local), expected, "{tz} local {local}");
                    probe += step;
                }
                for change in &table.changes {
                    for second in [-1, 0, 1] {
                        let t = change.at + TimeDelta::seconds(second);
                        let offset = tz.offset_from_utc_datetime(&t.naive_utc()).fix();
                        assert_eq!(table.offset_at(t), offset.local_minus_utc(), "{tz} at {t}");
                    }
                }
            }
        }
    }
}
