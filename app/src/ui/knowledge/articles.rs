//! The knowledge base (R19): `/kb`, the desk's articles, and `/kb/KB-12`,
//! one article with its versions and, for those who may, its edit form.
//! Both are plain forms that work before the program runs.

use crate::api::{ArticleList, ArticleView, KB_PATH, SaveArticle, load_article, load_articles};
use crate::domain::knowledge::article::{SECTION_MAX, SYMPTOM, TITLE};
use crate::domain::knowledge::{Article, ArticleDraft, FaultType};
use crate::domain::{Field, FieldErrors};
use crate::ui::clock::desk_offset;
use crate::ui::prelude::*;
use leptos_router::hooks::use_params_map;

/// `/kb`: the articles, the latest saved first.
#[component]
pub fn ArticlesPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| load_articles());
    let live = hydrated();
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), kb.title).to_string() />
        <section class="kb" data-hydrated=move || live.get().to_string()>
            <header class="page-head">
                <h1>{t!(i18n, kb.title)}</h1>
            </header>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => Either::Left(view! { <ArticleTable list /> }),
                        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ArticleTable(list: ArticleList) -> impl IntoView {
    let i18n = use_i18n();
    if list.articles.is_empty() {
        return Either::Left(view! { <p class="empty">{t!(i18n, kb.empty)}</p> });
    }
    let rows = list
        .articles
        .into_iter()
        .map(|article| {
            let (state, fault, uses) = (article.state, article.body.fault_type, article.uses);
            view! {
                <tr class="article-row" data-number=article.number.to_string() data-state=state.as_str()>
                    <td><a href=format!("{KB_PATH}/{}", article.number)>{article.number.to_string()}</a></td>
                    <td class="title">{article.body.title}</td>
                    <td>{move || texts::article_state(i18n.get_locale(), state)}</td>
                    <td>{move || texts::fault_type(i18n.get_locale(), fault)}</td>
                    <td>{move || t_string!(i18n, kb.uses, count = uses).to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    Either::Right(view! {
        <table class="list-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, kb.article)}</th>
                    <th scope="col">{t!(i18n, kb.title_field)}</th>
                    <th scope="col">{t!(i18n, fields.stage)}</th>
                    <th scope="col">{t!(i18n, kb.fault_type)}</th>
                    <th scope="col">{t!(i18n, kb.tickets)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    })
}

/// `/kb/KB-12`: one article.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let article = Resource::new(number, load_article);
    let save = ServerAction::<SaveArticle>::new();
    // A saved version shows at once.
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            article.refetch();
        }
    });
    let live = hydrated();
    view! {
        <Title text=number() />
        <section class="kb-article" data-hydrated=move || live.get().to_string()>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match article.await {
                        Ok(view) => Either::Left(view! { <ArticleBody view save /> }),
                        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ArticleBody(view: ArticleView, save: ServerAction<SaveArticle>) -> impl IntoView {
    let i18n = use_i18n();
    let ArticleView {
        article,
        versions,
        may_edit,
        may_publish,
        utc_offset,
    } = view;
    let number = article.number.to_string();
    let (state, fault, uses) = (article.state, article.body.fault_type, article.uses);
    let section = |title: Signal<String>, text: String| {
        (!text.is_empty()).then(|| {
            view! {
                <h2>{title}</h2>
                <p class="prose">{text}</p>
            }
        })
    };
    let body = article.body.clone();
    let tickets = article
        .tickets
        .iter()
        .map(|t| view! { <li><a href=format!("/tickets/{t}")>{t.to_string()}</a></li> })
        .collect_view();
    let offset = desk_offset(utc_offset);
    let history = versions
        .into_iter()
        .rev()
        .map(|v| {
            let (version, state, author, at) =
                (v.version, v.state, v.author, local_time(v.at, offset));
            view! {
                <li>
                    {move || {
                        t_string!(
                            i18n,
                            kb.version_line,
                            version,
                            state = texts::article_state(i18n.get_locale(), state),
                            author = author.clone(),
                            at = at.clone()
                        )
                        .to_string()
                    }}
                </li>
            }
        })
        .collect_view();
    view! {
        <header class="page-head">
            <h1>{move || t_string!(i18n, kb.article_title, number = number.clone()).to_string()}</h1>
            <span class="tag stage" data-state=state.as_str()>{move || texts::article_state(i18n.get_locale(), state)}</span>
            <span class="tag">{move || texts::fault_type(i18n.get_locale(), fault)}</span>
            <span class="tag">{move || t_string!(i18n, kb.uses, count = uses).to_string()}</span>
        </header>
        <article class="article-text">
            <h2 class="article-title">{body.title}</h2>
            {section(tr!(i18n, kb.symptom), body.symptom)}
            {section(tr!(i18n, kb.cause), body.cause)}
            {section(tr!(i18n, kb.workaround), body.workaround)}
            {section(tr!(i18n, kb.fix), body.fix)}
            {section(tr!(i18n, kb.evidence), body.evidence)}
        </article>
        <section>
            <h2>{t!(i18n, kb.tickets)}</h2>
            <ul class="article-tickets">{tickets}</ul>
        </section>
        {may_edit.then(|| view! { <ArticleForm article save may_publish /> })}
        <section class="article-versions">
            <h2>{t!(i18n, kb.versions)}</h2>
            <ol reversed>{history}</ol>
        </section>
    }
}

/// The edit form: every field, against the version shown.
#[component]
fn ArticleForm(
    article: Article,
    save: ServerAction<SaveArticle>,
    may_publish: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft: ArticleDraft = article.body.as_draft();
    let errors = move || match save.value().get() {
        Some(Err(crate::api::AppError::Invalid { errors })) => errors,
        _ => FieldErrors::default(),
    };
    let failure = move || match save.value().get() {
        Some(Err(crate::api::AppError::Invalid { .. })) | Some(Ok(_)) | None => None,
        Some(Err(error)) => Some(view! { <ErrorPanel error /> }),
    };
    let area = move |field: Field,
                     name: &'static str,
                     label: Signal<String>,
                     value: String,
                     max: usize| {
        let id = format!("article-{name}");
        view! {
            <div class="field" data-field=field.name()>
                <label for=id.clone()>{label}</label>
                <textarea id=id name=format!("draft[{name}]") maxlength=max rows=4>{value}</textarea>
                <p class="field-error">
                    {move || errors().get(field).map(|reason| texts::reason(i18n.get_locale(), reason))}
                </p>
            </div>
        }
    };
    let faults = FaultType::ALL
        .iter()
        .map(|&f| {
            let selected = draft.fault_type == f.as_str();
            view! { <option value=f.as_str() selected=selected>{move || texts::fault_type(i18n.get_locale(), f)}</option> }
        })
        .collect_view();
    view! {
        <section class="article-edit">
            <h2>{t!(i18n, kb.edit)}</h2>
            {failure}
            <ActionForm action=save>
                <input type="hidden" name="number" value=article.number.to_string() />
                <input type="hidden" name="version" value=article.version />
                <div class="field" data-field=Field::Title.name()>
                    <label for="article-title">{t!(i18n, kb.title_field)}</label>
                    <input id="article-title" name="draft[title]" maxlength=TITLE.max value=draft.title />
                    <p class="field-error">
                        {move || errors().get(Field::Title).map(|reason| texts::reason(i18n.get_locale(), reason))}
                    </p>
                </div>
                {area(Field::Symptom, "symptom", tr!(i18n, kb.symptom), draft.symptom, SYMPTOM.max)}
                {area(Field::Cause, "cause", tr!(i18n, kb.cause), draft.cause, SECTION_MAX)}
                {area(Field::Workaround, "workaround", tr!(i18n, kb.workaround), draft.workaround, SECTION_MAX)}
                {area(Field::Fix, "fix", tr!(i18n, kb.fix), draft.fix, SECTION_MAX)}
                {area(Field::Evidence, "evidence", tr!(i18n, kb.evidence), draft.evidence, SECTION_MAX)}
                <div class="field">
                    <label for="article-fault">{t!(i18n, kb.fault_type)}</label>
                    <select id="article-fault" name="draft[fault_type]">{faults}</select>
                </div>
                {may_publish.then(|| view! {
                    <label class="check">
                        <input type="checkbox" name="publish" value="true" />
                        {t!(i18n, kb.publish)}
                    </label>
                })}
                <button type="submit" class="primary">{t!(i18n, kb.save)}</button>
            </ActionForm>
        </section>
    }
}
