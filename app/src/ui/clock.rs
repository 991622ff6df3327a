//! Server time in the browser (DESIGN principle 2).
//!
//! Every view the server sends carries its clock. The browser keeps the
//! offset between that clock and its own and ticks once a second from it, so a
//! browser whose clock is wrong by an hour still counts down correctly.

use crate::i18n::Locale;
use chrono::{DateTime, FixedOffset, TimeDelta, Utc};
use leptos::prelude::*;
use leptos_i18n::td_string;

/// The desk's "now", as the server sees it, ticking in the browser.
#[derive(Clone, Copy)]
pub struct ServerClock {
    /// Server time at the last tick (or at the last view, before hydration).
    now: RwSignal<DateTime<Utc>>,
    /// Server clock minus browser clock, once known.
    #[cfg(feature = "hydrate")]
    offset: RwSignal<Option<Offset>>,
}

/// What the browser knows of the server's clock.
#[cfg(feature = "hydrate")]
#[derive(Clone, Copy)]
struct Offset {
    /// Server clock minus browser clock.
    delta: TimeDelta,
    /// Measured by a round trip to the server's clock, rather than taken
    /// from a view whose age is unknown (a page rendered on the server is
    /// seconds old by the time it hydrates).
    measured: bool,
}

/// How often the browser measures the server's clock again, in ticks.
#[cfg(feature = "hydrate")]
const RESYNC_TICKS: u32 = 600;

impl ServerClock {
    /// Creates the clock, provides it as context and, in the browser,
    /// measures the server's clock and starts the one-second tick.
    pub fn provide() -> Self {
        let clock = Self {
            now: RwSignal::new(DateTime::<Utc>::UNIX_EPOCH),
            #[cfg(feature = "hydrate")]
            offset: RwSignal::new(None),
        };
        provide_context(clock);
        #[cfg(feature = "hydrate")]
        {
            leptos::task::spawn_local(clock.measure());
            let mut ticks = 0;
            // The tick lives as long as the page: the App is never unmounted.
            gloo_timers::callback::Interval::new(1_000, move || {
                ticks += 1;
                if ticks % RESYNC_TICKS == 0 {
                    leptos::task::spawn_local(clock.measure());
                }
                clock.tick();
            })
            .forget();
        }
        clock
    }

    /// Measures the server's clock with one round trip: the server's answer
    /// is taken to describe the middle of the trip.
    #[cfg(feature = "hydrate")]
    async fn measure(self) {
        let sent = Utc::now();
        let Ok(server) = crate::api::server_time().await else {
            // Keep counting from the views' clocks; the next resync retries.
            return;
        };
        let received = Utc::now();
        let delta = server - (sent + (received - sent) / 2);
        self.offset.set(Some(Offset {
            delta,
            measured: true,
        }));
        self.tick();
    }

    #[cfg(feature = "hydrate")]
    fn tick(&self) {
        if let Some(offset) = self.offset.get_untracked() {
            self.now.set(Utc::now() + offset.delta);
        }
    }

    /// The clock provided by the App.
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// Takes the server's clock from a view that just arrived. On the server
    /// and during hydration, "now" becomes exactly that instant, so that both
    /// render the same text; the browser then ticks from the measured offset
    /// (or, until the measurement arrives, from this view's).
    pub fn observe(&self, server_now: DateTime<Utc>) {
        #[cfg(feature = "hydrate")]
        if !self.offset.get_untracked().is_some_and(|o| o.measured) {
            self.offset.set(Some(Offset {
                delta: server_now - Utc::now(),
                measured: false,
            }));
        }
        if self.now.get_untracked() < server_now {
            self.now.set(server_now);
        }
    }

    /// The current server time (reactive: re-read once a second in the browser).
    pub fn now(&self) -> DateTime<Utc> {
        self.now.get()
    }
}

/// The units a duration is written in, in one language: `18m 01s` in
/// English, `18 分 01 秒` in Chinese.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Units {
    pub day: &'static str,
    pub hour: &'static str,
    pub minute: &'static str,
    pub second: &'static str,
    /// Between a number and its unit.
    pub gap: &'static str,
}

impl Units {
    /// The units of the person's language.
    pub fn of(locale: Locale) -> Units {
        Units {
            day: td_string!(locale, units.day),
            hour: td_string!(locale, units.hour),
            minute: td_string!(locale, units.minute),
            second: td_string!(locale, units.second),
            gap: td_string!(locale, units.gap),
        }
    }

    fn write(&self, parts: &[(u64, &str, bool)]) -> String {
        parts
            .iter()
            .enumerate()
            .map(|(i, (n, unit, pad))| {
                if i > 0 && *pad {
                    format!("{n:02}{}{unit}", self.gap)
                } else {
                    format!("{n}{}{unit}", self.gap)
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A span of time as a countdown shows it: `2h 05m 09s`, `4m 30s`, `1d 3h`
/// (`18 分 01 秒` in Chinese). The sign is dropped; callers say "due in" or
/// "overdue by".
pub fn span(locale: Locale, delta: TimeDelta) -> String {
    span_in(Units::of(locale), delta)
}

fn span_in(u: Units, delta: TimeDelta) -> String {
    let total = delta.num_seconds().unsigned_abs();
    let (days, hours, minutes, seconds) = (
        total / 86_400,
        total / 3_600 % 24,
        total / 60 % 60,
        total % 60,
    );
    if days > 0 {
        u.write(&[(days, u.day, false), (hours, u.hour, false)])
    } else if hours > 0 {
        u.write(&[
            (hours, u.hour, false),
            (minutes, u.minute, true),
            (seconds, u.second, true),
        ])
    } else if minutes > 0 {
        u.write(&[(minutes, u.minute, false), (seconds, u.second, true)])
    } else {
        u.write(&[(seconds, u.second, false)])
    }
}

/// A coarse span for ages: `3h 12m`, `2d 4h`, `45s`.
pub fn age(locale: Locale, delta: TimeDelta) -> String {
    age_in(Units::of(locale), delta)
}

fn age_in(u: Units, delta: TimeDelta) -> String {
    let total = delta.num_seconds().max(0).unsigned_abs();
    let (days, hours, minutes) = (total / 86_400, total / 3_600 % 24, total / 60 % 60);
    if days > 0 {
        u.write(&[(days, u.day, false), (hours, u.hour, false)])
    } else if hours > 0 {
        u.write(&[(hours, u.hour, false), (minutes, u.minute, true)])
    } else if minutes > 0 {
        u.write(&[(minutes, u.minute, false)])
    } else {
        u.write(&[(total, u.second, false)])
    }
}

/// A date and time in the desk's time zone: `2026-11-26 14:05`.
pub fn local_time(at: DateTime<Utc>, offset: FixedOffset) -> String {
    at.with_timezone(&offset)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// An offset as people write it: `UTC+08:00`.
pub fn offset_label(offset: FixedOffset) -> String {
    format!("UTC{offset}")
}

/// The desk's offset from a number of seconds east of UTC.
pub fn desk_offset(seconds: i32) -> FixedOffset {
    FixedOffset::east_opt(seconds)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC is a valid offset"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn r03_countdowns_show_seconds_below_a_day() {
        let span = |d| span(Locale::en, d);
        assert_eq!(span(TimeDelta::seconds(29 * 60 + 58)), "29m 58s");
        assert_eq!(
            span(TimeDelta::seconds(2 * 3600 + 5 * 60 + 9)),
            "2h 05m 09s"
        );
        assert_eq!(span(TimeDelta::seconds(-42)), "42s");
        assert_eq!(span(TimeDelta::hours(26)), "1d 2h");
    }

    #[test]
    fn r03_durations_are_written_in_the_readers_language() {
        let span = |d| span(Locale::zh_CN, d);
        assert_eq!(span(TimeDelta::seconds(18 * 60 + 1)), "18 分 01 秒");
        assert_eq!(
            span(TimeDelta::seconds(2 * 3600 + 5 * 60 + 9)),
            "2 小时 05 分 09 秒"
        );
        assert_eq!(span(TimeDelta::hours(26)), "1 天 2 小时");
        assert_eq!(age(Locale::zh_CN, TimeDelta::minutes(7)), "7 分");
    }

    #[test]
    fn ages_are_coarse_and_never_negative() {
        let age = |d| age(Locale::en, d);
        assert_eq!(age(TimeDelta::seconds(3 * 3600 + 12 * 60 + 59)), "3h 12m");
        assert_eq!(age(TimeDelta::minutes(7)), "7m");
        assert_eq!(age(TimeDelta::seconds(-5)), "0s");
        assert_eq!(age(TimeDelta::hours(52)), "2d 4h");
    }

    #[test]
    fn times_are_shown_in_the_desk_offset() {
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 6, 5, 0).unwrap();
        assert_eq!(local_time(at, desk_offset(8 * 3600)), "2026-11-26 14:05");
        assert_eq!(offset_label(desk_offset(8 * 3600)), "UTC+08:00");
        assert_eq!(
            desk_offset(100_000),
            desk_offset(0),
            "out-of-range offsets fall back to UTC"
        );
    }
}
