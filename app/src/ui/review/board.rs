//! `/reviews`, for leads: the closed P0 and P1 tickets whose post-incident
//! review is not done, every open action item, the overdue ones first
//! among equals, and the runbook changes the reviews propose (R19).

use crate::api::{OpenActionItem, PendingReview, ReviewBoard, RunbookProposal, load_reviews};
use crate::ui::prelude::*;
use chrono::FixedOffset;

/// The lead's page of reviews and follow-ups.
#[component]
pub fn ReviewsPage() -> impl IntoView {
    let i18n = use_i18n();
    let board = Resource::new(|| (), |_| load_reviews());
    let live = hydrated();
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), review.page_title).to_string() />
        <section class="reviews" data-hydrated=move || live.get().to_string()>
            <header class="page-head">
                <h1>{t!(i18n, review.page_title)}</h1>
            </header>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match board.await {
                        Ok(board) => Either::Left(view! { <Board board /> }),
                        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Board(board: ReviewBoard) -> impl IntoView {
    let i18n = use_i18n();
    let offset = desk_offset(board.utc_offset);
    view! {
        <h2>{t!(i18n, review.pending)}</h2>
        <Pending rows=board.pending offset />
        <h2>{t!(i18n, review.open_items)}</h2>
        <Items rows=board.items />
        <h2>{t!(i18n, review.proposals)}</h2>
        <Proposals rows=board.proposals offset />
    }
}

#[component]
fn Proposals(rows: Vec<RunbookProposal>, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return Either::Left(view! { <p class="empty">{t!(i18n, review.no_proposals)}</p> });
    }
    let rows = rows
        .into_iter()
        .map(|row| {
            let number = row.number.to_string();
            view! {
                <tr class="proposal" data-number=number.clone()>
                    <td><a href=format!("/tickets/{number}#review")>{number.clone()}</a></td>
                    <td class="text">{row.proposal}</td>
                    <td>{local_time(row.updated_at, offset)}</td>
                    <td>
                        <a class="apply-proposal" href=format!("/runbook?review={number}")>
                            {t!(i18n, review.apply_proposal)}
                        </a>
                    </td>
                </tr>
            }
        })
        .collect_view();
    Either::Right(view! {
        <table class="list-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, review.ticket)}</th>
                    <th scope="col">{t!(i18n, review.proposal)}</th>
                    <th scope="col">{t!(i18n, review.last_change)}</th>
                    <th scope="col"><span class="sr-only">{t!(i18n, review.apply_proposal)}</span></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    })
}

#[component]
fn Pending(rows: Vec<PendingReview>, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return Either::Left(view! { <p class="empty">{t!(i18n, review.no_pending)}</p> });
    }
    let rows = rows
        .into_iter()
        .map(|row| {
            let number = row.number.to_string();
            let state = row.state;
            view! {
                <tr class="pending-review" data-number=number.clone()>
                    <td><a href=format!("/tickets/{number}#review")>{number.clone()}</a></td>
                    <td><PriorityBadge priority=row.priority /></td>
                    <td>
                        {move || match state {
                            Some(state) => texts::review_state(i18n.get_locale(), state).to_owned(),
                            None => t_string!(i18n, review.not_started).to_string(),
                        }}
                    </td>
                    <td>{local_time(row.updated_at, offset)}</td>
                </tr>
            }
        })
        .collect_view();
    Either::Right(view! {
        <table class="list-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, review.ticket)}</th>
                    <th scope="col">{t!(i18n, fields.priority)}</th>
                    <th scope="col">{t!(i18n, review.state)}</th>
                    <th scope="col">{t!(i18n, review.last_change)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    })
}

#[component]
fn Items(rows: Vec<OpenActionItem>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return Either::Left(view! { <p class="empty">{t!(i18n, review.no_open_items)}</p> });
    }
    let rows = rows
        .into_iter()
        .map(|item| {
            let number = item.number.to_string();
            let overdue = item.overdue;
            view! {
                <tr class="open-item" data-number=number.clone() data-overdue=overdue.to_string()>
                    <td><a href=format!("/tickets/{number}#review")>{format!("{number} #{}", item.no)}</a></td>
                    <td class="text">{item.text}</td>
                    <td class="owner">{item.owner}</td>
                    <td>
                        {item.due.to_string()}
                        {overdue.then(|| view! { " " <span class="tag overdue">{t!(i18n, review.overdue)}</span> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    Either::Right(view! {
        <table class="list-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, review.ticket)}</th>
                    <th scope="col">{t!(i18n, review.item_text)}</th>
                    <th scope="col">{t!(i18n, review.item_owner)}</th>
                    <th scope="col">{t!(i18n, review.item_due)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    })
}
