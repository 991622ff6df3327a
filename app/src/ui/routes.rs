//! Which page answers which address, and which pages load on demand.
//!
//! The agent's pages (queue, intake, ticket, sign-in, account) are in the
//! main program. The lead and admin pages, and the reporter's status page
//! (which agents never open), are lazy routes: built with
//! `cargo leptos build --split`, each one's view code is a separate wasm
//! file that the browser fetches when the page is first opened (or, on a
//! page served whole, before it comes to life), so an agent's first load
//! does not carry them. Splitting the agent's pages too saves bytes but
//! costs time: each page then needs dozens of small shared files, and
//! hydrates later on every visit (BENCHMARKS.md, "Pages on demand"). Every
//! browser build must be split (DEVELOPERS.md).

use super::common::NotFound;
use super::header::Header;
use super::session::SessionContext;
use super::{
    account, admin, documents, intake, knowledge, listing, login, queue, reporter, review, ticket,
    wall,
};
use leptos::prelude::*;
use leptos_router::{
    Lazy, LazyRoute, SsrMode,
    components::{Route, Routes},
    lazy_route, path,
};

/// Declares a lazy route whose view is one page component.
macro_rules! page_on_demand {
    ($($route:ident => $page:path),+ $(,)?) => {$(
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )+};
}

page_on_demand! {
    TeamRoute => admin::TeamPage,
    DisplaysRoute => admin::DisplaysPage,
    AuditRoute => admin::AuditPage,
    PolicyRoute => documents::PolicyPage,
    RunbookRoute => documents::RunbookPage,
    WallRoute => wall::WallPage,
    StatusRoute => reporter::StatusPage,
    ReviewsRoute => review::ReviewsPage,
}

/// The header and the pages, under the session context. It lives inside the
/// router, where a form rejected without JavaScript hands its error back.
#[component]
pub fn SignedIn() -> impl IntoView {
    SessionContext::provide();
    view! {
            <Header />
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=queue::QueuePage ssr=SsrMode::Async />
                    <Route path=path!("/intake") view=intake::IntakePage ssr=SsrMode::Async />
                    <Route path=path!("/tickets/:number") view=ticket::TicketPage ssr=SsrMode::Async />
                    <Route path=path!("/tickets") view=listing::ListPage ssr=SsrMode::Async />
                    <Route path=path!("/kb") view=knowledge::ArticlesPage ssr=SsrMode::Async />
                    <Route path=path!("/kb/:number") view=knowledge::ArticlePage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=knowledge::SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=login::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/r/:token") view={Lazy::<StatusRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/team") view={Lazy::<TeamRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/account") view=account::AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/displays") view={Lazy::<DisplaysRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/policy") view={Lazy::<PolicyRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/runbook") view={Lazy::<RunbookRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/wall") view={Lazy::<WallRoute>::new()} ssr=SsrMode::Async />
                    <Route path=path!("/reviews") view={Lazy::<ReviewsRoute>::new()} ssr=SsrMode::Async />
                </Routes>
            </main>
    }
}
