//! The business calendars of the policy form, one a priority: the time
//! zone, the weekly hours and the holidays. A priority without one runs
//! around the clock.

use crate::domain::Priority;
use crate::domain::SlaPolicy;
use crate::domain::sla::{BusinessCalendar, Hours, Week};
use crate::ui::prelude::*;
use chrono::{NaiveDate, NaiveTime};

/// The weekdays as the calendar stores them.
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn day_mut(week: &mut Week, day: usize) -> &mut Option<Hours> {
    match day {
        0 => &mut week.mon,
        1 => &mut week.tue,
        2 => &mut week.wed,
        3 => &mut week.thu,
        4 => &mut week.fri,
        5 => &mut week.sat,
        _ => &mut week.sun,
    }
}

fn time_text(time: Option<NaiveTime>) -> String {
    time.map(|t| t.format("%H:%M").to_string())
        .unwrap_or_default()
}

/// The business calendar of each priority: none means around the clock.
#[component]
pub fn Calendars(draft: RwSignal<SlaPolicy>, holidays_bad: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let bad_lines = RwSignal::new([false; 4]);
    Effect::new(move |_| holidays_bad.set(bad_lines.get().iter().any(|b| *b)));
    let each = Priority::ALL
        .iter()
        .map(|&priority| {
            let p = priority as usize;
            // A memo, so that the editor is built when the calendar is
            // switched on, not again on every edit inside it.
            let enabled = Memo::new(move |_| draft.with(|d| d.calendars[p].is_some()));
            let toggle = move |ev| {
                let on = event_target_checked(&ev);
                if !on {
                    // Whatever was wrong with its holidays went with it.
                    bad_lines.update(|bad| bad[p] = false);
                }
                draft.update(|d| {
                    d.calendars[p] = on.then(|| BusinessCalendar {
                        time_zone: "UTC".into(),
                        week: Week::weekdays(
                            NaiveTime::from_hms_opt(9, 0, 0).expect("a valid time"),
                            NaiveTime::from_hms_opt(17, 0, 0).expect("a valid time"),
                        ),
                        holidays: Vec::new(),
                    });
                });
            };
            let checkbox_id = format!("calendar-{}", priority.as_str().to_ascii_lowercase());
            let label_for = checkbox_id.clone();
            let editor = move || {
                enabled
                    .get()
                    .then(|| view! { <CalendarEditor draft p bad_lines /> })
            };
            view! {
                <div class="calendar" data-priority=priority.as_str()>
                    <label class="choice" for=label_for>
                        <input
                            type="checkbox"
                            id=checkbox_id
                            prop:checked=enabled
                            on:change=toggle
                        />
                        <PriorityBadge priority />
                        <span>{t!(i18n, policy.business_hours)}</span>
                    </label>
                    {editor}
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="calendars">
            <legend>{t!(i18n, policy.calendars)}</legend>
            <p class="hint">{t!(i18n, policy.calendars_hint)}</p>
            {each}
        </fieldset>
    }
}

/// The time zone, weekly hours and holidays of one priority's calendar.
#[component]
fn CalendarEditor(
    draft: RwSignal<SlaPolicy>,
    p: usize,
    bad_lines: RwSignal<[bool; 4]>,
) -> impl IntoView {
    let i18n = use_i18n();
    let calendar = draft
        .with_untracked(|d| d.calendars[p].clone())
        .unwrap_or_else(|| BusinessCalendar {
            time_zone: "UTC".into(),
            week: Week::default(),
            holidays: Vec::new(),
        });
    let edit = move |change: &dyn Fn(&mut BusinessCalendar)| {
        draft.update(|d| {
            if let Some(calendar) = d.calendars[p].as_mut() {
                change(calendar);
            }
        });
    };
    let mut week = calendar.week.clone();
    let days = DAYS
        .iter()
        .enumerate()
        .map(|(day, name)| {
            let hours = *day_mut(&mut week, day);
            // The two inputs as entered: the day is worked once both hold a time.
            let start = RwSignal::new(hours.map(|h| h.start));
            let end = RwSignal::new(hours.map(|h| h.end));
            let store = move || {
                let hours = match (start.get_untracked(), end.get_untracked()) {
                    (Some(start), Some(end)) => Some(Hours { start, end }),
                    _ => None,
                };
                edit(&|c: &mut BusinessCalendar| *day_mut(&mut c.week, day) = hours);
            };
            let parse = |text: String| NaiveTime::parse_from_str(text.trim(), "%H:%M").ok();
            view! {
                <div class="day" data-day=*name>
                    <span class="label">{move || texts::weekday(i18n.get_locale(), day)}</span>
                    <input
                        type="time"
                        aria-label=move || format!("{} {}", texts::weekday(i18n.get_locale(), day), t_string!(i18n, policy.starts))
                        value=time_text(hours.map(|h| h.start))
                        on:input=move |ev| {
                            start.set(parse(event_target_value(&ev)));
                            store();
                        }
                    />
                    " – "
                    <input
                        type="time"
                        aria-label=move || format!("{} {}", texts::weekday(i18n.get_locale(), day), t_string!(i18n, policy.ends))
                        value=time_text(hours.map(|h| h.end))
                        on:input=move |ev| {
                            end.set(parse(event_target_value(&ev)));
                            store();
                        }
                    />
                </div>
            }
        })
        .collect_view();
    let holidays_text = calendar
        .holidays
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    let zone_id = format!("zone-{p}");
    let zone_for = zone_id.clone();
    let holidays_id = format!("holidays-{p}");
    let holidays_for = holidays_id.clone();
    view! {
        <div class="calendar-editor">
            <div class="field" data-field="time_zone">
                <label for=zone_for>{t!(i18n, policy.time_zone)}</label>
                <input
                    id=zone_id
                    type="text"
                    value=calendar.time_zone.clone()
                    on:input=move |ev| {
                        let zone = event_target_value(&ev).trim().to_owned();
                        edit(&|c: &mut BusinessCalendar| c.time_zone = zone.clone());
                    }
                />
            </div>
            <div class="week">{days}</div>
            <div class="field" data-field="holidays">
                <label for=holidays_for>{t!(i18n, policy.holidays)}</label>
                <textarea
                    id=holidays_id
                    rows=3
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        let parsed: Result<Vec<NaiveDate>, _> = text
                            .lines()
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .map(|l| NaiveDate::parse_from_str(l, "%Y-%m-%d"))
                            .collect();
                        bad_lines.update(|b| b[p] = parsed.is_err());
                        if let Ok(days) = parsed {
                            edit(&|c: &mut BusinessCalendar| c.holidays = days.clone());
                        }
                    }
                >
                    {holidays_text}
                </textarea>
                <p class="field-error" role="alert" hidden=move || !bad_lines.get()[p]>
                    {t!(i18n, policy.holidays_invalid)}
                </p>
            </div>
        </div>
    }
}
