//! Business calendars: which hours count toward a clock.
//!
//! A calendar names a time zone, the working hours of each weekday and the
//! holidays. Working hours are local times, so a clock keeps counting the
//! right hours across a change to or from daylight saving time.

use super::zone::{self, ZoneTable, Zones};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A day's working hours, local time: `start` until `end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    #[serde(with = "hh_mm")]
    pub start: NaiveTime,
    #[serde(with = "hh_mm")]
    pub end: NaiveTime,
}

/// The working hours of each weekday; a day without hours is not worked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Week {
    pub mon: Option<Hours>,
    pub tue: Option<Hours>,
    pub wed: Option<Hours>,
    pub thu: Option<Hours>,
    pub fri: Option<Hours>,
    pub sat: Option<Hours>,
    pub sun: Option<Hours>,
}

impl Week {
    /// Monday to Friday with the same hours.
    pub fn weekdays(start: NaiveTime, end: NaiveTime) -> Self {
        let day = Some(Hours { start, end });
        Self {
            mon: day,
            tue: day,
            wed: day,
            thu: day,
            fri: day,
            sat: None,
            sun: None,
        }
    }

    fn hours(&self, day: Weekday) -> Option<Hours> {
        match day {
            Weekday::Mon => self.mon,
            Weekday::Tue => self.tue,
            Weekday::Wed => self.wed,
            Weekday::Thu => self.thu,
            Weekday::Fri => self.fri,
            Weekday::Sat => self.sat,
            Weekday::Sun => self.sun,
        }
    }
}

/// When a clock counts: a time zone, weekly working hours and holidays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessCalendar {
    /// An IANA time zone name, such as `Asia/Shanghai` or `Europe/Berlin`.
    pub time_zone: String,
    pub week: Week,
    /// Days not worked, whatever the weekday.
    #[serde(default)]
    pub holidays: Vec<NaiveDate>,
}

/// Why a calendar cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("unknown time zone {0:?}")]
    UnknownTimeZone(String),
    #[error("on {0}, work ends before it starts")]
    EndsBeforeStart(&'static str),
    #[error("no day of the week has working hours")]
    NoWorkingHours,
    #[error(
        "the week has {minutes} working minutes; a calendar needs at least {MIN_WEEKLY_MINUTES}"
    )]
    TooLittleWork { minutes: i64 },
}

/// The least working time a calendar's week may hold, in minutes. Less is
/// no service level a desk keeps, and would let a clock look years ahead
/// for the time it needs.
pub const MIN_WEEKLY_MINUTES: i64 = 60;

/// How far ahead a clock looks for working time before giving up (a
/// calendar with hours always finds some well within it).
pub(super) const HORIZON_DAYS: i64 = 3 * 366;

impl BusinessCalendar {
    /// Checks the time zone and the hours.
    pub fn validate(&self) -> Result<(), CalendarError> {
        if !zone::is_known(&self.time_zone) {
            return Err(CalendarError::UnknownTimeZone(self.time_zone.clone()));
        }
        let days = [
            ("mon", self.week.mon),
            ("tue", self.week.tue),
            ("wed", self.week.wed),
            ("thu", self.week.thu),
            ("fri", self.week.fri),
            ("sat", self.week.sat),
            ("sun", self.week.sun),
        ];
        if let Some((day, _)) = days
            .iter()
            .find(|(_, h)| h.is_some_and(|h| h.end <= h.start))
        {
            return Err(CalendarError::EndsBeforeStart(day));
        }
        if days.iter().all(|(_, h)| h.is_none()) {
            return Err(CalendarError::NoWorkingHours);
        }
        let minutes: i64 = days
            .iter()
            .filter_map(|(_, h)| h.map(|h| (h.end - h.start).num_minutes()))
            .sum();
        if minutes < MIN_WEEKLY_MINUTES {
            return Err(CalendarError::TooLittleWork { minutes });
        }
        Ok(())
    }

    /// The working interval of a local date, in UTC, if it is worked.
    fn interval(&self, zone: Zone<'_>, date: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if self.holidays.contains(&date) {
            return None;
        }
        let hours = self.week.hours(date.weekday())?;
        Some((
            instant(zone, date, hours.start),
            instant(zone, date, hours.end),
        ))
    }
}

/// A calendar's time zone: its rules from the zone database (on the
/// server), or a table of its offsets the server sent (in the browser).
#[derive(Clone, Copy, Debug)]
enum Zone<'a> {
    #[cfg(feature = "zone-rules")]
    Rules(chrono_tz::Tz),
    Table(&'a ZoneTable),
}

impl<'a> Zone<'a> {
    /// The calendar's zone: its table if one is given, else its rules if
    /// this build has them.
    fn of(calendar: &BusinessCalendar, tables: Option<&'a Zones>) -> Option<Self> {
        if let Some(table) = tables.and_then(|t| t.get(&calendar.time_zone)) {
            return Some(Zone::Table(table));
        }
        #[cfg(feature = "zone-rules")]
        if let Some(tz) = zone::parse(&calendar.time_zone) {
            return Some(Zone::Rules(tz));
        }
        None
    }

    fn local_date(self, at: DateTime<Utc>) -> NaiveDate {
        match self {
            #[cfg(feature = "zone-rules")]
            Zone::Rules(tz) => at.with_timezone(&tz).date_naive(),
            Zone::Table(table) => table.local_date(at),
        }
    }

    fn earliest(self, local: chrono::NaiveDateTime) -> Option<DateTime<Utc>> {
        match self {
            #[cfg(feature = "zone-rules")]
            Zone::Rules(tz) => {
                use chrono::TimeZone;
                tz.from_local_datetime(&local)
                    .earliest()
                    .map(|at| at.with_timezone(&Utc))
            }
            Zone::Table(table) => table.earliest(local),
        }
    }
}

/// A local date and time as an instant. A time skipped by a change to
/// daylight saving time counts from the moment the clocks jumped; a repeated
/// one, from its first occurrence.
fn instant(zone: Zone<'_>, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = date.and_time(time);
    match zone.earliest(local) {
        Some(at) => at,
        // In the gap: the first valid instant after it.
        None => (1..=180)
            .find_map(|minutes| zone.earliest(local + TimeDelta::minutes(minutes)))
            .unwrap_or_else(|| local.and_utc()),
    }
}

/// The time that counts toward a clock: all of it (24×7), or a calendar's
/// working hours.
#[derive(Clone, Copy, Debug)]
pub enum Counting<'a> {
    AlwaysOn,
    Calendar(&'a BusinessCalendar),
}

/// A span of time during which a clock does not count (waiting on the reporter).
pub type Pause = (DateTime<Utc>, DateTime<Utc>);

/// One worked date: its local date and its working interval in UTC.
#[derive(Clone, Copy, Debug)]
struct Workday {
    date: NaiveDate,
    open: DateTime<Utc>,
    close: DateTime<Utc>,
}

/// A calendar's working intervals, each date worked out once (its time
/// zone read, its holidays looked up) and kept for as long as the timeline
/// lives: every clock of a ticket walks the same days. Only worked dates
/// are kept, so a walk steps over weekends, holidays and any other stretch
/// without work at no cost.
#[derive(Debug)]
pub struct Timeline<'a> {
    calendar: &'a BusinessCalendar,
    zone: Zone<'a>,
    /// The dates worked out so far: `from` up to, not including, `to`.
    from: NaiveDate,
    to: NaiveDate,
    /// The worked dates among them, in order.
    days: Vec<Workday>,
    /// How many dates have been worked out, for tests that count the work.
    computed: usize,
    /// How many dates the next extension works out.
    step: i64,
}

/// How many dates a timeline works out when a walk first reaches its end;
/// each further time twice as many, up to [`MAX_EXTEND_DAYS`]. Most clocks
/// end within a day or two, so a first look is short; a long target walks
/// on in growing steps.
const FIRST_EXTEND_DAYS: i64 = 2;
const MAX_EXTEND_DAYS: i64 = 64;

impl<'a> Timeline<'a> {
    /// An empty timeline of a calendar; `None` if its time zone is unknown.
    fn new(calendar: &'a BusinessCalendar, tables: Option<&'a Zones>) -> Option<Self> {
        let zone = Zone::of(calendar, tables)?;
        Some(Self {
            calendar,
            zone,
            from: NaiveDate::MAX,
            to: NaiveDate::MAX,
            days: Vec::new(),
            computed: 0,
            step: FIRST_EXTEND_DAYS,
        })
    }

    /// The worked dates of `[from, to)`, in order.
    fn work_out(&mut self, from: NaiveDate, to: NaiveDate) -> Vec<Workday> {
        let mut days = Vec::new();
        let mut date = from;
        while date < to {
            self.computed += 1;
            if let Some((open, close)) = self.calendar.interval(self.zone, date) {
                days.push(Workday { date, open, close });
            }
            date += TimeDelta::days(1);
        }
        days
    }

    /// Makes sure the dates from `date` on are covered, as far as they are.
    fn cover_from(&mut self, date: NaiveDate) {
        if self.days.is_empty() && self.from == NaiveDate::MAX {
            self.from = date;
            self.to = date;
        } else if date < self.from {
            let mut earlier = self.work_out(date, self.from);
            earlier.append(&mut self.days);
            self.days = earlier;
            self.from = date;
        }
    }

    /// Works out the next dates, up to `until` at most; false when there
    /// are none left before it.
    fn extend(&mut self, until: NaiveDate) -> bool {
        if self.to >= until {
            return false;
        }
        let to = (self.to + TimeDelta::days(self.step)).min(until);
        self.step = (self.step * 2).min(MAX_EXTEND_DAYS);
        let mut later = self.work_out(self.to, to);
        self.days.append(&mut later);
        self.to = to;
        true
    }

    /// The instant at which `budget` of working time has passed since
    /// `start`, leaving out the pauses, looking no further than
    /// [`HORIZON_DAYS`] from the day before `start`.
    fn advance(
        &mut self,
        start: DateTime<Utc>,
        budget: TimeDelta,
        pauses: &[Pause],
    ) -> Option<DateTime<Utc>> {
        let first = self.zone.local_date(start) - TimeDelta::days(1);
        let horizon = first + TimeDelta::days(HORIZON_DAYS);
        self.cover_from(first);
        let mut left = budget;
        let mut i = self.days.partition_point(|day| day.close <= start);
        loop {
            while i >= self.days.len() {
                if !self.extend(horizon) {
                    return None;
                }
            }
            let day = self.days[i];
            if day.date >= horizon {
                return None;
            }
            if let Some(due) = spend(&mut left, day.open.max(start), Some(day.close), pauses) {
                return Some(due);
            }
            i += 1;
        }
    }
}

/// The timelines of the calendars one evaluation uses, so that all its
/// clocks share the days worked out.
#[derive(Debug, Default)]
pub struct Timelines<'a> {
    /// Each calendar's timeline, by the calendar's address: the policies
    /// outlive the evaluation, so an address names one calendar throughout.
    kept: Vec<(usize, Timeline<'a>)>,
    /// The zone tables to count with, where the zone rules are not at hand.
    tables: Option<&'a Zones>,
}

impl<'a> Timelines<'a> {
    /// Timelines that read each calendar's zone from `tables` (as the
    /// browser does), or from the zone rules where a table is missing.
    pub fn with_tables(tables: &'a Zones) -> Self {
        Self {
            kept: Vec::new(),
            tables: Some(tables),
        }
    }

    /// The timeline of a calendar; `None` if its time zone is unknown.
    fn of(&mut self, calendar: &'a BusinessCalendar) -> Option<&mut Timeline<'a>> {
        let key = std::ptr::from_ref(calendar) as usize;
        let at = match self.kept.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.kept.push((key, Timeline::new(calendar, self.tables)?));
                self.kept.len() - 1
            }
        };
        Some(&mut self.kept[at].1)
    }

    /// How many dates have been worked out across the timelines.
    pub fn dates_worked_out(&self) -> usize {
        self.kept.iter().map(|(_, t)| t.computed).sum()
    }
}

/// Spends the working time of `[from, to)` outside the pauses from `left`;
/// the instant the budget runs out, if it does within the span.
fn spend(
    left: &mut TimeDelta,
    from: DateTime<Utc>,
    to: Option<DateTime<Utc>>,
    pauses: &[Pause],
) -> Option<DateTime<Utc>> {
    for (a, b) in unpaused(from, to, pauses) {
        match b {
            Some(b) if b - a < *left => *left -= b - a,
            _ => return Some(a + *left),
        }
    }
    None
}

impl<'a> Counting<'a> {
    /// The instant at which `budget` of counted time has passed since
    /// `start`, leaving out the pauses; `None` if it never does (a calendar
    /// that cannot be read, or has no working time ahead).
    pub fn advance(
        self,
        start: DateTime<Utc>,
        budget: TimeDelta,
        pauses: &[Pause],
    ) -> Option<DateTime<Utc>> {
        self.advance_in(&mut Timelines::default(), start, budget, pauses)
    }

    /// As [`Counting::advance`], with the calendar's days kept in
    /// `timelines` for the next clock.
    pub fn advance_in(
        self,
        timelines: &mut Timelines<'a>,
        start: DateTime<Utc>,
        budget: TimeDelta,
        pauses: &[Pause],
    ) -> Option<DateTime<Utc>> {
        if budget <= TimeDelta::zero() {
            return Some(start);
        }
        match self {
            Counting::AlwaysOn => spend(&mut budget.clone(), start, None, pauses),
            Counting::Calendar(calendar) => timelines.of(calendar)?.advance(start, budget, pauses),
        }
    }
}

/// The parts of `[from, to)` outside every pause, in order (`to = None`
/// means without end). Pauses are sorted by start and do not overlap, so
/// their ends are sorted too: those over before `from` are skipped at once.
fn unpaused(
    from: DateTime<Utc>,
    to: Option<DateTime<Utc>>,
    pauses: &[Pause],
) -> Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> {
    let mut parts = Vec::new();
    let mut cursor = from;
    let first = pauses.partition_point(|&(_, p_to)| p_to <= from);
    for &(p_from, p_to) in &pauses[first..] {
        if p_to <= cursor {
            continue;
        }
        if to.is_some_and(|to| p_from >= to) {
            break;
        }
        if p_from > cursor {
            parts.push((cursor, Some(p_from)));
        }
        cursor = cursor.max(p_to);
    }
    if to.is_none_or(|to| cursor < to) {
        parts.push((cursor, to));
    }
    parts
}

impl fmt::Display for BusinessCalendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.time_zone)
    }
}

/// `HH:MM` for working hours.
mod hh_mm {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(time: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&time.format("%H:%M").to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let text = String::deserialize(d)?;
        NaiveTime::parse_from_str(&text, "%H:%M")
            .map_err(|_| D::Error::custom(format!("{text:?} is not a time like 09:00")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn nine_to_five(zone: &str) -> BusinessCalendar {
        BusinessCalendar {
            time_zone: zone.into(),
            week: Week::weekdays(
                NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            ),
            holidays: vec![],
        }
    }

    #[test]
    fn always_on_time_simply_adds_up() {
        let due =
            Counting::AlwaysOn.advance(at("2026-11-26T06:00:00Z"), TimeDelta::minutes(30), &[]);
        assert_eq!(due, Some(at("2026-11-26T06:30:00Z")));
    }

    #[test]
    fn a_pause_moves_the_due_time_by_exactly_its_length() {
        let pauses = [(at("2026-11-26T06:10:00Z"), at("2026-11-26T06:25:00Z"))];
        let due =
            Counting::AlwaysOn.advance(at("2026-11-26T06:00:00Z"), TimeDelta::minutes(30), &pauses);
        assert_eq!(due, Some(at("2026-11-26T06:45:00Z")));
    }

    #[test]
    fn r03_working_hours_carry_over_a_weekend() {
        // Friday 16:00 Berlin (CET, UTC+1) plus 8 working hours: 1 h on Friday,
        // 7 h on Monday → Monday 16:00.
        let calendar = nine_to_five("Europe/Berlin");
        let due = Counting::Calendar(&calendar).advance(
            at("2026-11-27T15:00:00Z"),
            TimeDelta::hours(8),
            &[],
        );
        assert_eq!(due, Some(at("2026-11-30T15:00:00Z")));
    }

    #[test]
    fn r03_a_report_outside_hours_starts_counting_at_the_next_opening() {
        let calendar = nine_to_five("Europe/Berlin");
        // Saturday noon → Monday 09:00 + 2 h.
        let due = Counting::Calendar(&calendar).advance(
            at("2026-11-28T11:00:00Z"),
            TimeDelta::hours(2),
            &[],
        );
        assert_eq!(due, Some(at("2026-11-30T10:00:00Z")));
    }

    #[test]
    fn r03_holidays_are_not_worked() {
        let mut calendar = nine_to_five("Europe/Berlin");
        calendar
            .holidays
            .push(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        let due = Counting::Calendar(&calendar).advance(
            at("2026-11-28T11:00:00Z"),
            TimeDelta::hours(2),
            &[],
        );
        assert_eq!(due, Some(at("2026-12-01T10:00:00Z")));
    }

    #[test]
    fn r03_local_working_hours_hold_across_the_spring_forward_in_berlin() {
        // Friday 2026-03-27 16:00 CET; clocks go forward on Sunday 29 March.
        // Monday's 09:00 is then 07:00 UTC (CEST), not 08:00.
        let calendar = nine_to_five("Europe/Berlin");
        let due = Counting::Calendar(&calendar).advance(
            at("2026-03-27T15:00:00Z"),
            TimeDelta::hours(3),
            &[],
        );
        assert_eq!(
            due,
            Some(at("2026-03-30T09:00:00Z")),
            "1 h Friday + 2 h from Monday 09:00 CEST"
        );
    }

    #[test]
    fn r03_local_working_hours_hold_across_the_fall_back_in_new_york() {
        // Friday 2026-10-30 16:00 EDT (UTC-4); clocks go back on Sunday 1 November.
        // Monday's 09:00 is then 14:00 UTC (EST).
        let calendar = nine_to_five("America/New_York");
        let due = Counting::Calendar(&calendar).advance(
            at("2026-10-30T20:00:00Z"),
            TimeDelta::hours(2),
            &[],
        );
        assert_eq!(due, Some(at("2026-11-02T15:00:00Z")));
    }

    #[test]
    fn a_working_day_that_spans_the_change_counts_its_real_length() {
        // A 24-hour desk in Berlin works 23 real hours on the day clocks spring forward.
        let calendar = BusinessCalendar {
            time_zone: "Europe/Berlin".into(),
            week: Week {
                sun: Some(Hours {
                    start: NaiveTime::from_hms_opt(0, 0, 0).unwrap(),
                    end: NaiveTime::from_hms_opt(23, 59, 0).unwrap(),
                }),
                ..Week::default()
            },
            holidays: vec![],
        };
        // Sunday 29 March 2026 00:00 CET = 28 March 23:00 UTC; 23:59 CEST = 21:59 UTC.
        let due = Counting::Calendar(&calendar).advance(
            at("2026-03-28T23:00:00Z"),
            TimeDelta::hours(22),
            &[],
        );
        assert_eq!(due, Some(at("2026-03-29T21:00:00Z")));
    }

    #[test]
    fn pauses_inside_working_hours_move_the_due_time() {
        let calendar = nine_to_five("Europe/Berlin");
        // Monday 10:00–11:00 CET paused: a 2 h target from 09:00 ends at 12:00.
        let pauses = [(at("2026-11-30T09:00:00Z"), at("2026-11-30T10:00:00Z"))];
        let due = Counting::Calendar(&calendar).advance(
            at("2026-11-30T08:00:00Z"),
            TimeDelta::hours(2),
            &pauses,
        );
        assert_eq!(due, Some(at("2026-11-30T11:00:00Z")));
    }

    #[test]
    fn calendars_are_checked() {
        let mut calendar = nine_to_five("Mars/Olympus");
        assert_eq!(
            calendar.validate(),
            Err(CalendarError::UnknownTimeZone("Mars/Olympus".into()))
        );
        calendar.time_zone = "Asia/Shanghai".into();
        assert_eq!(calendar.validate(), Ok(()));
        calendar.week.mon = Some(Hours {
            start: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        });
        assert_eq!(
            calendar.validate(),
            Err(CalendarError::EndsBeforeStart("mon"))
        );
        calendar.week = Week::default();
        assert_eq!(calendar.validate(), Err(CalendarError::NoWorkingHours));
        assert_eq!(
            Counting::Calendar(&calendar).advance(
                at("2026-11-30T08:00:00Z"),
                TimeDelta::hours(1),
                &[]
            ),
            None
        );
    }

    #[test]
    fn hours_read_and_write_as_hh_mm() {
        let hours: Hours = serde_json::from_str(r#"{"start": "09:00", "end": "17:30"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&hours).unwrap(),
            r#"{"start":"09:00","end":"17:30"}"#
        );
        assert!(serde_json::from_str::<Hours>(r#"{"start": "9am", "end": "17:30"}"#).is_err());
    }
}
