//! `/tickets`: every ticket of the desk, open, closed or archived, filtered
//! by the form at its top. The filters are the page's address (a GET form),
//! so a view can be bookmarked and works without the program; pages follow
//! with a cursor.

use crate::api::{LIST_PATH, QueueRow, TicketListView, load_ticket_list};
use crate::domain::listing::{ListOrder, ListParams};
use crate::domain::{Channel, Priority, Stage};
use crate::ui::clock::desk_offset;
use crate::ui::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/tickets`: the list.
#[component]
pub fn ListPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let params = move || {
        query.with(|q| {
            let get = |key: &str| q.get(key).unwrap_or_default();
            ListParams {
                stage: get("stage"),
                priority: get("priority"),
                channel: get("channel"),
                department: get("department"),
                from: get("from"),
                until: get("until"),
                breached: get("breached"),
                swarm: get("swarm"),
                order: get("order"),
                after: get("after"),
            }
        })
    };
    let page = Resource::new(params, load_ticket_list);
    let live = hydrated();
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), list.title).to_string() />
        <section class="ticket-list" data-hydrated=move || live.get().to_string()>
            <header class="page-head">
                <h1>{t!(i18n, list.title)}</h1>
            </header>
            {move || view! { <Filters params=params() /> }}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    let shown = params();
                    match page.await {
                        Ok(view) => Either::Left(view! { <ListTable view params=shown /> }),
                        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A select of named values, "any" first.
#[component]
fn Choice<T: Copy + Send + Sync + 'static>(
    name: &'static str,
    label: Signal<String>,
    current: String,
    values: &'static [T],
    value: fn(T) -> &'static str,
    text: fn(Locale, T) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = values
        .iter()
        .map(|&v| {
            let selected = current == value(v);
            view! { <option value=value(v) selected=selected>{move || text(i18n.get_locale(), v)}</option> }
        })
        .collect_view();
    let id = format!("list-{name}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                <option value="">{t!(i18n, list.any)}</option>
                {options}
            </select>
        </div>
    }
}

fn order_text(locale: Locale, order: ListOrder) -> &'static str {
    match order {
        ListOrder::Newest => td_string!(locale, list.newest),
        ListOrder::Due => td_string!(locale, list.due),
    }
}

fn breached_text(locale: Locale, breached: bool) -> &'static str {
    if breached {
        td_string!(locale, list.breached_yes)
    } else {
        td_string!(locale, list.breached_no)
    }
}

#[component]
fn Filters(params: ListParams) -> impl IntoView {
    let i18n = use_i18n();
    let text_field =
        |name: &'static str, kind: &'static str, label: Signal<String>, value: String| {
            let id = format!("list-{name}");
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    <input id=id type=kind name=name value=value />
                </div>
            }
        };
    view! {
        <form class="list-filters" method="get" action=LIST_PATH>
            <Choice name="stage" label=tr!(i18n, fields.stage) current=params.stage values=Stage::ALL value=Stage::as_str text=texts::stage />
            <Choice name="priority" label=tr!(i18n, fields.priority) current=params.priority values=Priority::ALL value=Priority::as_str text=texts::priority />
            <Choice name="channel" label=tr!(i18n, fields.channel) current=params.channel values=Channel::ALL value=Channel::as_str text=texts::channel />
            {text_field("department", "text", tr!(i18n, fields.department), params.department)}
            {text_field("from", "date", tr!(i18n, list.from), params.from)}
            {text_field("until", "date", tr!(i18n, list.until), params.until)}
            <Choice name="breached" label=tr!(i18n, list.breached) current=params.breached values=&[true, false] value=|b| if b { "yes" } else { "no" } text=breached_text />
            {text_field("swarm", "text", tr!(i18n, list.swarm), params.swarm)}
            <Choice name="order" label=tr!(i18n, list.order) current=params.order values=ListOrder::ALL value=ListOrder::as_str text=order_text />
            <button type="submit">{t!(i18n, list.apply)}</button>
            <a href=LIST_PATH>{t!(i18n, list.clear)}</a>
        </form>
    }
}

#[component]
fn ListTable(view: TicketListView, params: ListParams) -> impl IntoView {
    let i18n = use_i18n();
    ServerClock::expect().observe(view.server_now);
    if view.rows.is_empty() {
        return Either::Left(view! { <p class="empty">{t!(i18n, list.empty)}</p> });
    }
    let next = view.next.map(|after| {
        let href = format!(
            "{LIST_PATH}?{}",
            ListParams {
                after,
                ..params.clone()
            }
            .query_string()
        );
        view! { <a class="button next-page" href=href>{t!(i18n, list.next)}</a> }
    });
    let first = (!params.after.is_empty()).then(|| {
        let href = format!("{LIST_PATH}?{}", params.first_page().query_string());
        view! { <a class="button" href=href>{t!(i18n, list.first)}</a> }
    });
    let offset = desk_offset(view.utc_offset);
    let rows = view
        .rows
        .into_iter()
        .map(|row| view! { <ListLine row offset /> })
        .collect_view();
    Either::Right(view! {
        <table class="list-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, fields.number)}</th>
                    <th scope="col">{t!(i18n, fields.priority)}</th>
                    <th scope="col">{t!(i18n, fields.stage)}</th>
                    <th scope="col">{t!(i18n, queue.summary)}</th>
                    <th scope="col">{t!(i18n, fields.department)}</th>
                    <th scope="col">{t!(i18n, fields.reported_at)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <nav class="pages">{first}{next}</nav>
    })
}

#[component]
fn ListLine(
    row: QueueRow,
    /// The desk's time zone, which times are shown in.
    offset: chrono::FixedOffset,
) -> impl IntoView {
    let i18n = use_i18n();
    let stage = row.stage;
    view! {
        <tr class="list-row" data-number=row.number.to_string() data-stage=stage.as_str()>
            <td class="number">
                <a href=format!("/tickets/{}", row.number)>{row.number.to_string()}</a>
            </td>
            <td class="priority">
                <PriorityBadge priority=row.priority />
            </td>
            <td class="stage">{move || texts::stage(i18n.get_locale(), stage)}</td>
            <td class="summary">{row.summary}</td>
            <td class="department">{row.department}</td>
            <td class="reported">{local_time(row.reported_at, offset)}</td>
        </tr>
    }
}
