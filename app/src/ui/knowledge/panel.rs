//! A ticket's knowledge (R19): the articles it was linked to or drafted,
//! the button that drafts one from a solved ticket, and the field that links
//! a known issue.

use crate::api::{DraftArticle, KB_PATH};
use crate::domain::knowledge::ArticleNumber;
use crate::domain::{Stage, TicketAction};
use crate::ui::prelude::*;
use crate::ui::ticket::Workbench;
use leptos::ev::SubmitEvent;

/// The knowledge panel of a ticket's page.
#[component]
pub fn KnowledgePanel(bench: Workbench) -> impl IntoView {
    let i18n = use_i18n();
    let (number, stage, articles, no_article) = bench.with(|ticket, progress, _| {
        (
            ticket.number.to_string(),
            ticket.stage,
            progress.articles.clone(),
            progress.no_article.clone(),
        )
    });
    let draft = ServerAction::<DraftArticle>::new();
    // With the program, go to the new article as the form would.
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(article)) = draft.value().get() {
            navigate(&format!("{KB_PATH}/{}", article.number), Default::default());
        }
    });
    let draft_failure = move || match draft.value().get() {
        Some(Err(error)) => Some(view! { <ErrorPanel error /> }),
        _ => None,
    };
    let solved = matches!(stage, Stage::Closed | Stage::Archived);
    let may_draft = solved && articles.is_empty();
    // Archiving needs an article or a reason why none is needed (R19).
    let may_decline = stage == Stage::Closed && articles.is_empty() && no_article.is_none();
    let reason = RwSignal::new(String::new());
    let on_decline = move |ev: SubmitEvent| {
        ev.prevent_default();
        bench.send(TicketAction::NoArticleNeeded {
            reason: reason.get_untracked(),
        });
    };
    let linked = articles
        .iter()
        .map(|a| view! { <li><a href=format!("{KB_PATH}/{a}")>{a.to_string()}</a></li> })
        .collect_view();
    let link_to = RwSignal::new(String::new());
    let bad_number = RwSignal::new(false);
    let on_link = move |ev: SubmitEvent| {
        ev.prevent_default();
        match link_to.get_untracked().parse::<ArticleNumber>() {
            Ok(article) => {
                bad_number.set(false);
                bench.send(TicketAction::LinkArticle { article });
            }
            Err(_) => bad_number.set(true),
        }
    };
    view! {
        <section class="knowledge-panel" id="knowledge">
            <h2>{t!(i18n, kb.linked)}</h2>
            <ul class="linked-articles">{linked}</ul>
            {may_draft.then(|| view! {
                <ActionForm action=draft attr:class="draft-article">
                    <input type="hidden" name="ticket" value=number.clone() />
                    <p class="hint">{t!(i18n, kb.draft_hint)}</p>
                    <button type="submit">{t!(i18n, kb.draft_from_ticket)}</button>
                </ActionForm>
            })}
            {draft_failure}
            {no_article.map(|reason| view! {
                <p class="no-article">
                    {move || t_string!(i18n, ticket.event_no_article_needed, reason = reason.clone()).to_string()}
                </p>
            })}
            {may_decline.then(|| view! {
                <form class="no-article" on:submit=on_decline>
                    <label for="no-article-reason">{t!(i18n, kb.no_article_label)}</label>
                    <input
                        id="no-article-reason"
                        name="reason"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    />
                    <button type="submit">{t!(i18n, kb.no_article)}</button>
                </form>
            })}
            <form class="link-article" on:submit=on_link>
                <label for="link-article">{t!(i18n, kb.link_label)}</label>
                <input
                    id="link-article"
                    name="article"
                    prop:value=move || link_to.get()
                    on:input=move |ev| link_to.set(event_target_value(&ev))
                />
                <button type="submit">{t!(i18n, kb.link)}</button>
                <p class="field-error" data-field="article">
                    {move || bad_number.get().then(|| texts::reason(i18n.get_locale(), &crate::domain::Reason::Unknown))}
                </p>
            </form>
        </section>
    }
}
