//! `/search?q=`: the desk's tickets holding every word of the query, in
//! Chinese or English, the best first, with the matching words marked. The
//! box in the header sends its query here; both are plain GET forms, so
//! they work before (and without) the program.

use crate::api::{Found, SEARCH_PATH, SearchResult, SearchView, search};
use crate::domain::knowledge::{Piece, QUERY};
use crate::ui::prelude::*;
use leptos_router::hooks::use_query_map;

/// The search box of the header.
#[component]
pub fn SearchBox() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form class="search-box" role="search" method="get" action=SEARCH_PATH>
            <input
                type="search"
                name="q"
                maxlength=QUERY.max
                placeholder=move || t_string!(i18n, search.placeholder)
                aria-label=move || t_string!(i18n, search.label)
            />
        </form>
    }
}

/// `/search`: the query's results.
#[component]
pub fn SearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move || query.with(|q| q.get("q").unwrap_or_default());
    let results = Resource::new(q, |q| async move {
        if q.trim().is_empty() {
            Ok(None)
        } else {
            search(q).await.map(Some)
        }
    });
    let live = hydrated();
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), search.title).to_string() />
        <section class="search" data-hydrated=move || live.get().to_string()>
            <header class="page-head">
                <h1>{t!(i18n, search.title)}</h1>
            </header>
            <form class="search-form" role="search" method="get" action=SEARCH_PATH>
                <label for="search-q">{t!(i18n, search.label)}</label>
                <input
                    id="search-q"
                    type="search"
                    name="q"
                    maxlength=QUERY.max
                    prop:value=q
                    placeholder=move || t_string!(i18n, search.placeholder)
                />
                <button type="submit">{t!(i18n, search.submit)}</button>
            </form>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match results.await {
                        Ok(None) => Either::Left(view! { <p class="hint">{t!(i18n, search.hint)}</p> }.into_any()),
                        Ok(Some(view)) => Either::Left(view! { <Results view /> }.into_any()),
                        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Results(view: SearchView) -> impl IntoView {
    let i18n = use_i18n();
    if view.results.is_empty() {
        let query = view.query;
        return Either::Left(view! {
            <p class="empty">{move || t_string!(i18n, search.nothing, query = query.clone()).to_string()}</p>
        });
    }
    let count = view.results.len();
    let results = view
        .results
        .into_iter()
        .map(|result| view! { <ResultItem result /> })
        .collect_view();
    Either::Right(view! {
        <p class="count">{move || t_string!(i18n, search.count, count).to_string()}</p>
        <ol class="search-results">{results}</ol>
    })
}

#[component]
fn ResultItem(result: SearchResult) -> impl IntoView {
    let i18n = use_i18n();
    let (href, label) = (result.found.href(), result.found.label());
    let id = label.clone();
    let facts = match result.found {
        Found::Ticket {
            stage, priority, ..
        } => Either::Left(view! {
            <PriorityBadge priority />
            <span class="stage">{move || texts::stage(i18n.get_locale(), stage)}</span>
        }),
        Found::Article { state, .. } => Either::Right(view! {
            <span class="tag article">{t!(i18n, kb.article)}</span>
            <span class="stage">{move || texts::article_state(i18n.get_locale(), state)}</span>
        }),
    };
    view! {
        <li class="search-result" data-id=id data-exact=result.exact.to_string()>
            <p class="result-head">
                <a href=href>{label}</a>
                " "
                {facts}
                " "
                <span class="title">{result.title}</span>
            </p>
            <p class="excerpt">
                <Excerpt pieces=result.excerpt />
            </p>
        </li>
    }
}

/// A text with the query's words marked.
#[component]
pub fn Excerpt(pieces: Vec<Piece>) -> impl IntoView {
    pieces
        .into_iter()
        .map(|piece| {
            if piece.hit {
                Either::Left(view! { <mark>{piece.text}</mark> })
            } else {
                Either::Right(piece.text)
            }
        })
        .collect_view()
}
