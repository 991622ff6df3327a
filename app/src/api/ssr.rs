//! The server side of the server functions: the port the server implements,
//! and how a function finds it, the actor and the request.

use super::{
    ApiTokenInfo, AppError, AuditEntry, DisplayTokenInfo, IntakeSetup, IssuedToken, Me,
    NewUserDraft, PolicyDraft, PolicyView, QueueLimit, QueueView, RunbookDraft, RunbookView,
    TicketView, UserChange,
};
use crate::domain::{
    ActionRequest, Actor, DisplayId, IntakeDraft, Runbook, SlaPolicy, Ticket, TicketNumber, User,
};
use http::{StatusCode, header::ACCEPT, request::Parts};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use std::sync::Arc;

/// What the server functions need from the server. The server's services
/// implement it; authorisation, validation and transactions happen behind it.
/// Methods that act on the session or record the caller's address take the
/// request's parts.
#[async_trait::async_trait]
pub trait DeskApi: Send + Sync + 'static {
    /// The server's clock.
    fn now(&self) -> chrono::DateTime<chrono::Utc>;
    /// The policy and clock the intake form works with, and the draft of a
    /// refused submission of this session, taken out of it.
    async fn load_intake(&self, parts: &Parts, actor: &Actor) -> Result<IntakeSetup, AppError>;
    /// Keeps the draft of a refused submission in the session, for the page
    /// the browser is sent back to.
    async fn keep_refused_intake(&self, parts: &Parts, draft: IntakeDraft) -> Result<(), AppError>;
    /// Validates and registers a fault.
    async fn register(&self, actor: &Actor, draft: IntakeDraft) -> Result<Ticket, AppError>;
    /// The most urgent open tickets of the actor's desk.
    async fn queue(&self, actor: &Actor, limit: QueueLimit) -> Result<QueueView, AppError>;
    /// Notes the actor's presence on a ticket's page; who else is there.
    async fn presence(
        &self,
        actor: &Actor,
        number: TicketNumber,
        presence: super::Presence,
    ) -> Result<Vec<super::Viewer>, AppError>;
    /// The desk's knowledge articles.
    async fn articles(&self, actor: &Actor) -> Result<super::ArticleList, AppError>;
    /// One article with its versions.
    async fn article(
        &self,
        actor: &Actor,
        number: crate::domain::knowledge::ArticleNumber,
    ) -> Result<super::ArticleView, AppError>;
    /// Drafts an article from a closed ticket.
    async fn draft_article(
        &self,
        actor: &Actor,
        ticket: TicketNumber,
    ) -> Result<crate::domain::knowledge::Article, AppError>;
    /// Saves (and with `publish`, publishes) an article.
    async fn save_article(
        &self,
        actor: &Actor,
        number: crate::domain::knowledge::ArticleNumber,
        version: i64,
        draft: &crate::domain::knowledge::ArticleDraft,
        publish: bool,
    ) -> Result<crate::domain::knowledge::Article, AppError>;
    /// What is left of the desk's post-incident reviews (leads).
    async fn reviews(&self, actor: &Actor) -> Result<super::ReviewBoard, AppError>;
    /// A page of the actor's desk's tickets, filtered.
    async fn ticket_list(
        &self,
        actor: &Actor,
        params: crate::domain::listing::ListParams,
    ) -> Result<super::TicketListView, AppError>;
    /// The solved cases most like a text, leaving one ticket out.
    async fn similar_cases(
        &self,
        actor: &Actor,
        text: String,
        except: Option<TicketNumber>,
    ) -> Result<Vec<super::SimilarCase>, AppError>;
    /// The desk's tickets that hold every word of the query, the best first.
    async fn search(
        &self,
        actor: &Actor,
        query: crate::domain::knowledge::SearchQuery,
        limit: u32,
    ) -> Result<super::SearchView, AppError>;
    /// The wall display of the actor's desk.
    async fn wall(&self, actor: &Actor) -> Result<super::WallView, AppError>;
    /// One ticket of the actor's desk with its log.
    async fn ticket(&self, actor: &Actor, number: TicketNumber) -> Result<TicketView, AppError>;
    /// Does something to a ticket.
    async fn act(
        &self,
        actor: &Actor,
        number: TicketNumber,
        request: ActionRequest,
    ) -> Result<Ticket, AppError>;
    /// The SLA policy and its history (leads).
    async fn policy(&self, actor: &Actor) -> Result<PolicyView, AppError>;
    /// Saves a new version of the SLA policy (leads).
    async fn save_policy(
        &self,
        parts: &Parts,
        actor: &Actor,
        draft: PolicyDraft,
    ) -> Result<SlaPolicy, AppError>;
    /// The offsets of the named zones for the policy form's preview (leads).
    fn zone_tables(
        &self,
        actor: &Actor,
        names: &[String],
    ) -> Result<crate::domain::sla::Zones, AppError>;
    /// The runbook and its history (leads).
    async fn runbook(&self, actor: &Actor) -> Result<RunbookView, AppError>;
    /// Saves a new version of the runbook (leads).
    async fn save_runbook(
        &self,
        parts: &Parts,
        actor: &Actor,
        draft: RunbookDraft,
    ) -> Result<Runbook, AppError>;

    /// The signed-in account, if any.
    async fn me(&self, actor: Option<&Actor>) -> Result<Option<Me>, AppError>;
    /// Checks a login and password and starts a session.
    async fn login(&self, parts: &Parts, login: String, password: String) -> Result<Me, AppError>;
    /// Ends the current session.
    async fn logout(&self, parts: &Parts, actor: &Actor) -> Result<(), AppError>;

    /// Every account (leads and admins).
    async fn team(&self, actor: &Actor) -> Result<Vec<User>, AppError>;
    /// Creates an account.
    async fn create_user(
        &self,
        parts: &Parts,
        actor: &Actor,
        draft: NewUserDraft,
    ) -> Result<User, AppError>;
    /// Changes an account's role or switches it on or off.
    async fn change_user(
        &self,
        parts: &Parts,
        actor: &Actor,
        change: UserChange,
    ) -> Result<User, AppError>;
    /// Ends every session of an account.
    async fn end_sessions(
        &self,
        parts: &Parts,
        actor: &Actor,
        login: String,
    ) -> Result<(), AppError>;

    /// The actor's API tokens.
    async fn api_tokens(&self, actor: &Actor) -> Result<Vec<ApiTokenInfo>, AppError>;
    /// Makes an API token; its secret is shown once.
    async fn create_api_token(
        &self,
        parts: &Parts,
        actor: &Actor,
        name: String,
    ) -> Result<IssuedToken<ApiTokenInfo>, AppError>;
    /// Revokes one of the actor's API tokens.
    async fn revoke_api_token(&self, parts: &Parts, actor: &Actor, id: i64)
    -> Result<(), AppError>;

    /// The desk's display tokens (leads).
    async fn display_tokens(&self, actor: &Actor) -> Result<Vec<DisplayTokenInfo>, AppError>;
    /// Makes a display token; its secret is shown once.
    async fn create_display_token(
        &self,
        parts: &Parts,
        actor: &Actor,
        name: String,
    ) -> Result<IssuedToken<DisplayTokenInfo>, AppError>;
    /// Revokes a display token.
    async fn revoke_display_token(
        &self,
        parts: &Parts,
        actor: &Actor,
        id: DisplayId,
    ) -> Result<(), AppError>;

    /// The newest entries of the audit log (admins).
    async fn audit_log(&self, actor: &Actor) -> Result<Vec<AuditEntry>, AppError>;

    /// What a reporter's status link opens (no actor: the token is the key),
    /// `None` for one that opens nothing.
    async fn status(
        &self,
        parts: &Parts,
        token: String,
    ) -> Result<Option<super::StatusView>, AppError>;
    /// Records the reporter's answer on the page a status link opens.
    async fn answer_status(
        &self,
        parts: &Parts,
        token: String,
        answer: crate::domain::ReporterAnswer,
        reason: String,
    ) -> Result<(), AppError>;
    /// Records the reporter's answer to the satisfaction survey.
    async fn answer_survey(
        &self,
        parts: &Parts,
        token: String,
        rating: crate::domain::Rating,
        comment: String,
    ) -> Result<(), AppError>;
    /// Issues a ticket's status link, or renews it (leads).
    async fn issue_status_link(
        &self,
        actor: &Actor,
        number: TicketNumber,
        renew: bool,
    ) -> Result<super::StatusLinkInfo, AppError>;
}

/// The port of the current request.
pub(crate) fn port() -> Result<Arc<dyn DeskApi>, AppError> {
    use_context::<Arc<dyn DeskApi>>().ok_or_else(|| {
        tracing::error!("the desk service was not provided to the server function");
        AppError::Internal {
            id: "no-desk".into(),
        }
    })
}

/// The request's parts.
pub(crate) fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| {
        tracing::error!("no request in the server function's context");
        AppError::Internal {
            id: "no-request".into(),
        }
    })
}

/// The request's actor, if it has one.
pub(crate) fn actor() -> Option<Actor> {
    use_context::<Parts>().and_then(|parts| parts.extensions.get::<Actor>().cloned())
}

/// The port and the actor of the current request; no actor is a 401.
pub(crate) fn desk() -> Result<(Arc<dyn DeskApi>, Actor), AppError> {
    let port = port()?;
    let actor = actor().ok_or_else(|| fail(AppError::Unauthorized))?;
    Ok((port, actor))
}

/// Passes a result through, giving an error its HTTP status.
pub(crate) fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    result.map_err(fail)
}

/// Whether the request is a plain HTML form post (no JavaScript): its
/// errors go back to the page with a redirect instead of a status.
pub(crate) fn form_post() -> bool {
    use_context::<Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// Sets the error's HTTP status on the response, except for plain HTML form
/// posts: those are redirected back to their page with the error attached.
pub(crate) fn fail(error: AppError) -> AppError {
    if let (false, Some(response), Ok(status)) = (
        form_post(),
        use_context::<ResponseOptions>(),
        StatusCode::from_u16(error.status()),
    ) {
        response.set_status(status);
    }
    error
}

/// A local path to go to after a form, or `/`. Never another site.
pub(crate) fn local_path(next: &str) -> String {
    super::local_path(next).unwrap_or("/").to_owned()
}
