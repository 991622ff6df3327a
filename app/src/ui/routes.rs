//! Which page answers which address.

use super::common::NotFound;
use super::header::Header;
use super::session::SessionContext;
use super::{account, admin, documents, intake, login, queue, ticket, wall};
use leptos::prelude::*;
use leptos_router::{
    SsrMode,
    components::{Route, Routes},
    path,
};

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
                    <Route path=path!("/login") view=login::LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/team") view=admin::TeamPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=account::AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/displays") view=admin::DisplaysPage ssr=SsrMode::Async />
                    <Route path=path!("/audit") view=admin::AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/policy") view=documents::PolicyPage ssr=SsrMode::Async />
                    <Route path=path!("/runbook") view=documents::RunbookPage ssr=SsrMode::Async />
                    <Route path=path!("/wall") view=wall::WallPage ssr=SsrMode::Async />
                </Routes>
            </main>
    }
}
