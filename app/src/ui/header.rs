//! The top bar: name, navigation for the signed-in role, the account menu
//! and the language switch.

use super::knowledge::SearchBox;
use super::session::{SessionContext, as_actor, may};
use crate::domain::{Action, Actor};
use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;
use leptos_router::{hooks::use_location, location::Url};

/// The top bar: name, the navigation the signed-in role may use, the
/// account menu with the sign-out button, and the language switch.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = SessionContext::expect();
    let nav = move || {
        Suspend::new(async move {
            let me = session.me.await.ok().flatten();
            let can = |action| may(&me, action);
            let links = [
                (can(Action::ViewQueue), "/", t_string!(i18n, nav.queue)),
                (
                    can(Action::ViewTicket),
                    "/tickets",
                    t_string!(i18n, nav.tickets),
                ),
                (can(Action::ViewTicket), "/kb", t_string!(i18n, nav.kb)),
                (
                    can(Action::RegisterTicket),
                    "/intake",
                    t_string!(i18n, nav.intake),
                ),
                (
                    can(Action::RegisterTicket),
                    "/intake?mode=phone",
                    t_string!(i18n, nav.phone),
                ),
                (can(Action::ViewTeam), "/team", t_string!(i18n, nav.team)),
                (
                    can(Action::ManageDisplays),
                    "/displays",
                    t_string!(i18n, nav.displays),
                ),
                (
                    can(Action::EditPolicy),
                    "/policy",
                    t_string!(i18n, nav.policy),
                ),
                (
                    can(Action::EditRunbook),
                    "/runbook",
                    t_string!(i18n, nav.runbook),
                ),
                (can(Action::ViewWall), "/wall", t_string!(i18n, nav.wall)),
                (
                    can(Action::LeadReviews),
                    "/reviews",
                    t_string!(i18n, nav.reviews),
                ),
                (can(Action::ViewAudit), "/audit", t_string!(i18n, nav.audit)),
            ];
            let links = links
                .into_iter()
                .filter(|(shown, _, _)| *shown)
                .map(|(_, href, text)| view! { <a href=href>{text}</a> })
                .collect_view();
            let search = can(Action::ViewTicket).then(|| view! { <SearchBox /> });
            let account = me.map(|me| {
                let actor: Actor = as_actor(&me);
                view! {
                    <div class="account">
                        <a href="/account" class="who">
                            {actor.name.clone()}
                            <span class="role">{move || texts::role(i18n.get_locale(), me.user.role)}</span>
                        </a>
                        <ActionForm action=session.sign_out attr:class="sign-out">
                            <button type="submit">{t!(i18n, nav.sign_out)}</button>
                        </ActionForm>
                    </div>
                }
            });
            view! {
                <nav aria-label=move || t_string!(i18n, nav.main)>{links}</nav>
                {search}
                {account}
            }
        })
    };
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                {t!(i18n, app_name)}
            </a>
            <Transition fallback=|| ()>{nav}</Transition>
            <LanguageSwitch />
        </header>
    }
}

/// Links to each language. Without JavaScript they go through the server,
/// which remembers the choice in a cookie; with it, the page switches in place
/// and the i18n context writes the same cookie.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let back = move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        let here = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        Url::escape(&here)
    };
    let links = [Locale::en, Locale::zh_CN]
        .into_iter()
        .map(|locale| {
            let name = texts::language(locale).autonym();
            view! {
                <a
                    href=move || format!("/lang/{}?back={}", locale.as_str(), back())
                    rel="external"
                    hreflang=locale.as_str()
                    lang=locale.as_str()
                    aria-current=move || (i18n.get_locale() == locale).then_some("true")
                    on:click=move |ev| {
                        ev.prevent_default();
                        i18n.set_locale(locale);
                    }
                >
                    {name}
                </a>
            }
        })
        .collect_view();
    view! {
        <div class="language" role="group" aria-label=move || t_string!(i18n, nav.language)>
            {links}
        </div>
    }
}
