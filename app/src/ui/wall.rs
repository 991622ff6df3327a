//! `/wall`: the leads' wall display. It needs no interaction: it fills the
//! screen, follows the desk live, counts down every shown clock, and says
//! plainly when it has lost the desk, until it has it back.

use crate::api::{DayFigures, QueueRow, WallLane, WallView, load_wall};
use crate::domain::sla::Standing;
use crate::ui::clock::age;
use crate::ui::live::{Connection, on_desk_change};
use crate::ui::prelude::*;
use chrono::TimeDelta;

/// `/wall`: a lead's session, or a display's token (`/wall?token=…`).
#[component]
pub fn WallPage() -> impl IntoView {
    let i18n = use_i18n();
    let wall = Resource::new(|| (), |_| load_wall());
    let connection = on_desk_change(move || wall.refetch());
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), wall.title).to_string() />
        <section class="wall" data-connection=move || connection_state(connection.get())>
            <Banner connection />
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match wall.await {
                        Ok(view) => Either::Left(view! { <Board view /> }),
                        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                    }
                })}
            </Transition>
        </section>
    }
}

fn connection_state(connection: Connection) -> &'static str {
    match connection {
        Connection::Connecting => "connecting",
        Connection::Live => "live",
        Connection::Lost { .. } => "lost",
    }
}

/// The "disconnected since …" banner, while the stream is down.
#[component]
fn Banner(connection: ReadSignal<Connection>) -> impl IntoView {
    let i18n = use_i18n();
    move || match connection.get() {
        Connection::Lost { since } => {
            let time = since
                .with_timezone(&chrono::Local)
                .format("%H:%M:%S")
                .to_string();
            Some(view! {
                <p class="wall-banner" role="alert">
                    {move || t_string!(i18n, wall.disconnected, time = time.clone()).to_string()}
                </p>
            })
        }
        _ => None,
    }
}

#[component]
fn Board(view: WallView) -> impl IntoView {
    let i18n = use_i18n();
    let clock = ServerClock::expect();
    clock.observe(view.server_now);
    let lanes = view
        .lanes
        .into_iter()
        .map(|lane| view! { <Lane lane /> })
        .collect_view();
    view! {
        <header class="wall-head">
            <h1>{t!(i18n, wall.title)}</h1>
            <Figures figures=view.figures overdue_items=view.overdue_items />
            <time class="wall-now">
                {move || {
                    clock.now().with_timezone(&chrono::Local).format("%H:%M").to_string()
                }}
            </time>
        </header>
        <div class="wall-lanes">{lanes}</div>
        <Attention rows=view.attention hidden=view.attention_hidden />
    }
}

#[component]
fn Figures(figures: DayFigures, overdue_items: u32) -> impl IntoView {
    let i18n = use_i18n();
    let none = move || t_string!(i18n, wall.none).to_string();
    let met = figures.met_sla_percent.map(|p| format!("{p}%"));
    let satisfied = figures
        .satisfied_percent
        .map(|p| format!("{p}% ({})", figures.survey_answers));
    let response = figures.response_rate_percent.map(|p| format!("{p}%"));
    let mttr = move || {
        figures
            .mttr_minutes
            .map(|m| age(i18n.get_locale(), TimeDelta::minutes(m)))
    };
    let figure = |class: &'static str, label: String, value: String| {
        view! {
            <div class=format!("figure {class}")>
                <dt>{label}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    view! {
        <dl class="wall-figures">
            {move || {
                [
                    figure("new", t_string!(i18n, wall.new_today).to_string(), figures.new.to_string()),
                    figure("open", t_string!(i18n, wall.open).to_string(), figures.open.to_string()),
                    figure(
                        "breached",
                        t_string!(i18n, wall.breached).to_string(),
                        figures.breached.to_string(),
                    ),
                    figure("met", t_string!(i18n, wall.met).to_string(), met.clone().unwrap_or_else(none)),
                    figure("mttr", t_string!(i18n, wall.mttr).to_string(), mttr().unwrap_or_else(none)),
                    figure(
                        "satisfied",
                        t_string!(i18n, wall.satisfied).to_string(),
                        satisfied.clone().unwrap_or_else(none),
                    ),
                    figure(
                        "response-rate",
                        t_string!(i18n, wall.response_rate).to_string(),
                        response.clone().unwrap_or_else(none),
                    ),
                    figure(
                        "overdue-items",
                        t_string!(i18n, wall.overdue_items).to_string(),
                        overdue_items.to_string(),
                    ),
                ]
                    .into_iter()
                    .collect_view()
            }}
        </dl>
    }
}

#[component]
fn Lane(lane: WallLane) -> impl IntoView {
    let i18n = use_i18n();
    let (hidden, breached) = (lane.hidden, lane.hidden_breached);
    let more = move || {
        if breached > 0 {
            t_string!(
                i18n,
                wall.more_breached,
                count = hidden,
                breached = breached
            )
            .to_string()
        } else {
            t_string!(i18n, wall.more, count = hidden).to_string()
        }
    };
    let empty = lane.rows.is_empty();
    let cards = lane
        .rows
        .into_iter()
        .map(|row| view! { <Card row /> })
        .collect_view();
    view! {
        <section
            class=format!("lane priority-{}", lane.priority.as_str().to_ascii_lowercase())
            data-priority=lane.priority.as_str()
        >
            <h2>
                <PriorityBadge priority=lane.priority />
            </h2>
            {empty.then(|| view! { <p class="lane-clear">{t!(i18n, wall.lane_clear)}</p> })}
            <ol class="cards">{cards}</ol>
            {(hidden > 0).then(|| view! { <p class="lane-more">{more}</p> })}
        </section>
    }
}

#[component]
fn Card(row: QueueRow) -> impl IntoView {
    let i18n = use_i18n();
    let clock = ServerClock::expect();
    let next = row.next;
    let standing = move || match next.map(|n| n.standing(clock.now())) {
        Some(Standing::Breached) => "breached",
        Some(Standing::Warning) => "warning",
        _ => "ok",
    };
    let stage = row.stage;
    let swarm = row.swarm.len();
    view! {
        <li class="card" data-number=row.number.to_string() data-standing=standing>
            <span class="number">{row.number.to_string()}</span>
            <span class="stage">{move || texts::stage(i18n.get_locale(), stage)}</span>
            <span class="summary">{row.summary.clone()}</span>
            <span class="marks">
                {row.escalated.then(|| view! { <span class="tag escalated">{t!(i18n, wall.escalated)}</span> })}
                {(swarm > 0).then(|| view! { <span class="tag swarm">{t_string!(i18n, queue.swarm, count = swarm).to_string()}</span> })}
            </span>
            {row
                .next
                .map(|next| {
                    let name = next.name;
                    view! {
                        <span class="due">
                            <span class="clock-name">{move || texts::clock(i18n.get_locale(), name)}</span>
                            " "
                            <Countdown
                                clock=name
                                ticket=row.number.to_string()
                                due=next.due_at
                                warning_at=next.warning_at
                                frozen=next.paused.then_some(next.remaining_seconds)
                            />
                        </span>
                    }
                })}
        </li>
    }
}

#[component]
fn Attention(rows: Vec<QueueRow>, hidden: u32) -> impl IntoView {
    let i18n = use_i18n();
    let empty = rows.is_empty();
    let items = rows
        .into_iter()
        .map(|row| {
            let experts = row.swarm.join(", ");
            view! {
                <li data-number=row.number.to_string()>
                    <PriorityBadge priority=row.priority />
                    <span class="number">{row.number.to_string()}</span>
                    <span class="summary">{row.summary}</span>
                    {row.escalated.then(|| view! { <span class="tag escalated">{t!(i18n, wall.escalated)}</span> })}
                    {(!experts.is_empty())
                        .then(|| {
                            view! {
                                <span class="experts">
                                    {move || t_string!(i18n, wall.swarm, experts = experts.clone()).to_string()}
                                </span>
                            }
                        })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="wall-attention">
            <h2>{t!(i18n, wall.attention)}</h2>
            {empty.then(|| view! { <p class="lane-clear">{t!(i18n, wall.attention_empty)}</p> })}
            <ul>{items}</ul>
            {(hidden > 0)
                .then(|| {
                    view! { <p class="lane-more">{move || t_string!(i18n, wall.more, count = hidden).to_string()}</p> }
                })}
        </section>
    }
}
