//! `/policy`: the SLA policy, for leads. Edit the targets, the R03 matrix,
//! the warning threshold and the business calendars; a preview shows what
//! the edit would mean for a ticket registered now, with the same engine
//! the desk uses. Each save is a new version with its reason.

use crate::api::{PolicyDraft, PolicyView, SavePolicy, VersionRecord, load_policy};
use crate::domain::sla::{
    BusinessCalendar, ClockName, Hours, Policies, SlaEvent, SlaEventKind, Week, evaluate,
};
use crate::domain::{Field, Impact, Priority, SlaPolicy, Urgency};
use crate::ui::fields::{FieldMessage, submission_errors, submission_failure};
use crate::ui::prelude::*;
use chrono::{FixedOffset, NaiveDate, NaiveTime};

#[component]
pub fn PolicyPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SavePolicy>::new();
    // Reload after a successful save only: a refused one keeps the editor,
    // and with it everything the lead has entered, for another try.
    let saved = Memo::new(move |last: Option<&u32>| match save.value().get() {
        Some(Ok(policy)) => policy.version.0,
        _ => last.copied().unwrap_or(0),
    });
    let policy = Resource::new(move || saved.get(), |_| load_policy());
    view! {
        <Title text=move || t_string!(i18n, policy.title).to_string() />
        <section class="policy">
            <h1>{t!(i18n, policy.title)}</h1>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match policy.await {
                        Ok(view) => Either::Left(view! { <PolicyEditor view save /> }),
                        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn PolicyEditor(view: PolicyView, save: ServerAction<SavePolicy>) -> impl IntoView {
    let i18n = use_i18n();
    ServerClock::expect().observe(view.server_now);
    let offset = desk_offset(view.utc_offset);
    let based_on = view.current.version;
    let draft = RwSignal::new(view.current.clone());
    let note = RwSignal::new(String::new());
    let holidays_bad = RwSignal::new(false);
    let problem = move || draft.with(|p| p.validate().err().map(|e| e.to_string()));
    let saved_version = view.current.version;
    let live = hydrated();
    let errors = submission_errors(save);
    let failure = submission_failure(save);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(SavePolicy {
            draft: PolicyDraft {
                based_on,
                policy: draft.get_untracked(),
                note: note.get_untracked(),
            },
        });
    };
    view! {
        <p class="lede in-force" data-version=saved_version.0>
            {t!(i18n, policy.in_force, version = saved_version.0.to_string())}
        </p>
        <form
            class="policy-form"
            on:submit=on_submit
            data-hydrated=move || live.get().to_string()
        >
            <Targets draft />
            <Matrix draft />
            <Calendars draft holidays_bad />
            <Preview draft offset />
            <div class="field" data-field="note">
                <label for="policy-note">{t!(i18n, policy.note)}</label>
                <input
                    id="policy-note"
                    type="text"
                    maxlength=500
                    on:input=move |ev| note.set(event_target_value(&ev))
                />
                <FieldMessage field=Field::Note errors />
            </div>
            <p class="form-error" role="status" hidden=move || problem().is_none()>
                {problem}
            </p>
            {failure}
            <button
                type="submit"
                class="primary"
                disabled=move || save.pending().get() || problem().is_some() || holidays_bad.get()
            >
                {t!(i18n, policy.save)}
            </button>
        </form>
        <History view offset />
    }
}

/// One number of the policy a lead can edit.
#[derive(Clone, Copy)]
enum Target {
    Response(Priority),
    Workaround,
    /// Progress updates for P0 (index 0) or P1 (index 1).
    Update(usize),
    Escalation,
    WarnPercent,
}

impl Target {
    const ALL: [Target; 9] = [
        Target::Response(Priority::P0),
        Target::Response(Priority::P1),
        Target::Response(Priority::P2),
        Target::Response(Priority::P3),
        Target::Workaround,
        Target::Update(0),
        Target::Update(1),
        Target::Escalation,
        Target::WarnPercent,
    ];

    fn id(self) -> &'static str {
        match self {
            Target::Response(p) => {
                ["response-p0", "response-p1", "response-p2", "response-p3"][p as usize]
            }
            Target::Workaround => "workaround",
            Target::Update(i) => ["update-p0", "update-p1"][i],
            Target::Escalation => "escalation",
            Target::WarnPercent => "warn-percent",
        }
    }

    /// Sets the target; a number out of range makes the draft invalid.
    fn set(self, policy: &mut SlaPolicy, value: u32) {
        match self {
            Target::Response(p) => policy.response_minutes[p as usize] = value,
            Target::Workaround => policy.workaround_minutes = value,
            Target::Update(i) => policy.update_minutes[i] = value,
            Target::Escalation => policy.escalation_minutes = value,
            Target::WarnPercent => policy.warn_percent = u8::try_from(value).unwrap_or(0),
        }
    }

    fn value(self, policy: &SlaPolicy) -> u32 {
        match self {
            Target::Response(p) => policy.response_minutes[p as usize],
            Target::Workaround => policy.workaround_minutes,
            Target::Update(i) => policy.update_minutes[i],
            Target::Escalation => policy.escalation_minutes,
            Target::WarnPercent => u32::from(policy.warn_percent),
        }
    }

    fn max(self) -> u32 {
        match self {
            Target::WarnPercent => 99,
            _ => crate::domain::sla::MAX_TARGET_MINUTES,
        }
    }

    fn label(self, locale: Locale) -> String {
        match self {
            Target::Response(priority) => td_string!(
                locale,
                policy.response_target,
                priority = texts::priority(locale, priority)
            )
            .to_string(),
            Target::Workaround => td_string!(locale, policy.workaround_target).to_string(),
            Target::Update(0) => td_string!(locale, policy.update_p0).to_string(),
            Target::Update(_) => td_string!(locale, policy.update_p1).to_string(),
            Target::Escalation => td_string!(locale, policy.escalation_target).to_string(),
            Target::WarnPercent => td_string!(locale, policy.warn_percent).to_string(),
        }
    }
}

/// A number input bound to one target of the draft.
#[component]
fn TargetInput(target: Target, draft: RwSignal<SlaPolicy>) -> impl IntoView {
    let i18n = use_i18n();
    let id = target.id();
    let initial = draft.with_untracked(|p| target.value(p));
    view! {
        <div class="field minutes" data-field=id>
            <label for=id>{move || target.label(i18n.get_locale())}</label>
            <input
                id=id
                type="number"
                min=1
                max=target.max()
                value=initial
                on:input=move |ev| {
                    let value = event_target_value(&ev).trim().parse().unwrap_or(0);
                    draft.update(|p| target.set(p, value));
                }
            />
        </div>
    }
}

/// The targets and the warning threshold.
#[component]
fn Targets(draft: RwSignal<SlaPolicy>) -> impl IntoView {
    let i18n = use_i18n();
    let inputs = Target::ALL
        .into_iter()
        .map(|target| view! { <TargetInput target draft /> })
        .collect_view();
    view! {
        <fieldset class="targets">
            <legend>{t!(i18n, policy.targets)}</legend>
            <p class="hint">{t!(i18n, policy.minutes_hint)}</p>
            {inputs}
        </fieldset>
    }
}

/// The R03 matrix: a priority for each urgency (rows) and impact (columns).
#[component]
fn Matrix(draft: RwSignal<SlaPolicy>) -> impl IntoView {
    let i18n = use_i18n();
    let head = Impact::ALL
        .iter()
        .map(|&impact| {
            view! { <th scope="col">{move || texts::impact(i18n.get_locale(), impact)}</th> }
        })
        .collect_view();
    let rows = Urgency::ALL
        .iter()
        .map(|&urgency| {
            let cells = Impact::ALL
                .iter()
                .map(|&impact| {
                    let (u, i) = (urgency as usize, impact as usize);
                    let current = draft.with_untracked(|p| p.matrix.rows[u][i]);
                    let options = Priority::ALL
                        .iter()
                        .map(|&priority| {
                            view! {
                                <option value=priority.as_str() selected=priority == current>
                                    {priority.as_str()}
                                </option>
                            }
                        })
                        .collect_view();
                    let label = move || {
                        format!(
                            "{} × {}",
                            texts::urgency(i18n.get_locale(), urgency),
                            texts::impact(i18n.get_locale(), impact)
                        )
                    };
                    view! {
                        <td>
                            <select
                                aria-label=label
                                data-cell=format!("{}-{}", urgency.as_str(), impact.as_str())
                                on:change=move |ev| {
                                    if let Some(p) = Priority::parse(&event_target_value(&ev)) {
                                        draft.update(|d| d.matrix.rows[u][i] = p);
                                    }
                                }
                            >
                                {options}
                            </select>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{move || texts::urgency(i18n.get_locale(), urgency)}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <fieldset class="matrix">
            <legend>{t!(i18n, policy.matrix)}</legend>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, policy.urgency_impact)}</th>
                        {head}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </fieldset>
    }
}

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
fn Calendars(draft: RwSignal<SlaPolicy>, holidays_bad: RwSignal<bool>) -> impl IntoView {
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

/// What the draft means for a ticket of each priority registered now.
#[component]
fn Preview(draft: RwSignal<SlaPolicy>, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let clock = ServerClock::expect();
    let rows = move || {
        let now = clock.now();
        draft.with(|policy| {
            if policy.validate().is_err() {
                return None;
            }
            let rows = Priority::ALL
                .iter()
                .map(|&priority| {
                    let registered = [SlaEvent {
                        at: now,
                        kind: SlaEventKind::Registered { priority },
                    }];
                    let evaluation = evaluate(&Policies::single(policy), &registered, now);
                    let due = |name| {
                        evaluation
                            .current(name)
                            .and_then(|c| c.due_at)
                            .map(|at| local_time(at, offset))
                            .unwrap_or_else(|| "—".to_owned())
                    };
                    view! {
                        <tr data-priority=priority.as_str()>
                            <th scope="row"><PriorityBadge priority /></th>
                            <td class="response">{due(ClockName::Response)}</td>
                            <td class="workaround">{due(ClockName::Workaround)}</td>
                        </tr>
                    }
                })
                .collect_view();
            Some(rows)
        })
    };
    view! {
        <fieldset class="preview" aria-live="polite">
            <legend>{t!(i18n, policy.preview)}</legend>
            <p class="hint">{t!(i18n, policy.preview_hint)}</p>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, fields.priority)}</th>
                        <th scope="col">{t!(i18n, clocks.response)}</th>
                        <th scope="col">{t!(i18n, clocks.workaround)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </fieldset>
    }
}

/// Who saved which version, when and why.
#[component]
fn History(view: PolicyView, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let records = view
        .history
        .into_iter()
        .map(|r| r.untyped(|v| v.0))
        .collect();
    view! { <VersionHistory records offset built_in=tr!(i18n, policy.built_in) /> }
}

/// The versions of a document leads edit, newest first, with the built-in
/// version 1 last.
#[component]
pub fn VersionHistory(
    records: Vec<VersionRecord<u32>>,
    offset: FixedOffset,
    /// What the built-in version is, in a line.
    built_in: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = records
        .into_iter()
        .map(|record| {
            view! {
                <tr data-version=record.version>
                    <td>{record.version.to_string()}</td>
                    <td>{local_time(record.created_at, offset)}</td>
                    <td>{record.created_by}</td>
                    <td>{record.note}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="history">
            <h2>{t!(i18n, policy.history)}</h2>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, policy.version)}</th>
                        <th scope="col">{t!(i18n, policy.saved_at)}</th>
                        <th scope="col">{t!(i18n, policy.saved_by)}</th>
                        <th scope="col">{t!(i18n, policy.note)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows}
                    <tr data-version="1">
                        <td>"1"</td>
                        <td>"—"</td>
                        <td>"Firstline"</td>
                        <td>{built_in}</td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}
