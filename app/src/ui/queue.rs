//! The queue (R03): open tickets, the nearest response deadline first, with
//! live countdowns, kept current as anyone changes a ticket.

use crate::api::{QueueRow, QueueView, load_queue};
use crate::domain::TicketKind;
use crate::ui::clock::age;
use crate::ui::common::Tone;
use crate::ui::live::on_desk_change;
use crate::ui::prelude::*;
use crate::ui::session::SessionContext;

/// `/`: the desk's open tickets.
#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let queue = Resource::new(|| (), |_| load_queue());
    let session = SessionContext::expect();
    // Anyone's change to a ticket of the desk shows here without a reload.
    let _ = on_desk_change(move || queue.refetch());
    let live = hydrated();
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), queue.title).to_string() />
        <section class="queue" data-hydrated=move || live.get().to_string()>
            <header class="page-head">
                <h1>{t!(i18n, queue.title)}</h1>
                <a class="button primary" href="/intake">
                    {t!(i18n, queue.register)}
                </a>
            </header>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    let me = session.me.await.ok().flatten();
                    let viewer = me.map(|me| me.user.login.to_string());
                    match queue.await {
                        Ok(view) => Either::Left(view! { <QueueTable view viewer /> }),
                        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn QueueTable(
    view: QueueView,
    /// The signed-in person's login: their swarm's tickets are marked.
    viewer: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    ServerClock::expect().observe(view.server_now);
    if view.rows.is_empty() {
        return Either::Left(view! { <p class="empty">{t!(i18n, queue.empty)}</p> });
    }
    let (count, more) = (view.rows.len(), view.more);
    let count = move || {
        if more {
            t_string!(i18n, queue.showing, count).to_string()
        } else {
            t_string!(i18n, queue.count, count).to_string()
        }
    };
    let rows = view
        .rows
        .into_iter()
        .map(|row| {
            let mine = viewer.as_ref().is_some_and(|me| row.swarm.contains(me));
            view! { <QueueLine row mine /> }
        })
        .collect_view();
    Either::Right(view! {
        <p class="count">{count}</p>
        <table class="queue-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, fields.number)}</th>
                    <th scope="col">{t!(i18n, fields.priority)}</th>
                    <th scope="col">{t!(i18n, queue.summary)}</th>
                    <th scope="col">{t!(i18n, fields.department)}</th>
                    <th scope="col">{t!(i18n, fields.age)}</th>
                    <th scope="col">{t!(i18n, fields.next_deadline)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    })
}

#[component]
fn QueueLine(row: QueueRow, mine: bool) -> impl IntoView {
    let i18n = use_i18n();
    let clock = ServerClock::expect();
    let href = format!("/tickets/{}", row.number);
    let reported_at = row.reported_at;
    let next = row.next;
    let tone = move || {
        next.map_or(Tone::Ok, |n| {
            Tone::at(clock.now(), n.due_at, n.warning_at, n.paused)
        })
    };
    view! {
        <tr
            class="queue-row"
            class:breached=move || tone() == Tone::Breached
            class:escalated=row.escalated
            class:mine=mine
            data-number=row.number.to_string()
            data-priority=row.priority.as_str()
            data-tone=move || tone().class()
        >
            <td class="number">
                <a href=href>{row.number.to_string()}</a>
            </td>
            <td class="priority">
                <PriorityBadge priority=row.priority />
                {row
                    .urgent
                    .then(|| view! { <span class="tag urgent">{t!(i18n, ticket.urgent)}</span> })}
                {(row.kind == TicketKind::PhoneReport)
                    .then(|| {
                        view! {
                            <span class="tag phone">
                                {move || texts::kind(i18n.get_locale(), TicketKind::PhoneReport)}
                            </span>
                        }
                    })}
            </td>
            <td class="summary">{row.summary}</td>
            <td class="department">{row.department}</td>
            <td class="age">{move || age(i18n.get_locale(), clock.now() - reported_at)}</td>
            <td class="due">
                {row
                    .next
                    .map(|next| {
                        let name = next.name;
                        view! {
                            <span class="clock-name">{move || texts::clock(i18n.get_locale(), name)}</span>
                            " "
                            <Countdown
                                clock=name
                                ticket=row.number.to_string()
                                due=next.due_at
                                warning_at=next.warning_at
                                frozen=next.paused.then_some(next.remaining_seconds)
                            />
                        }
                    })}
                {row.escalated.then(|| view! { <span class="tag escalated">{t!(i18n, ticket.escalated)}</span> })}
                {(!row.swarm.is_empty())
                    .then(|| {
                        let count = row.swarm.len();
                        let title = row.swarm.join(", ");
                        view! {
                            <span class="tag swarm" title=title>
                                {if mine {
                                    t_string!(i18n, queue.your_swarm).to_string()
                                } else {
                                    t_string!(i18n, queue.swarm, count).to_string()
                                }}
                            </span>
                        }
                    })}
            </td>
        </tr>
    }
}
