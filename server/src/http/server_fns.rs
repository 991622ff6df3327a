//! The services as the server functions see them: [`DeskApi`], implemented
//! over the desk and accounts services. Desk errors become wire errors here;
//! the views are the desk's own, the same the JSON API sends.

use super::{SESSION_KEY, client_address};
use crate::accounts::{Accounts, LoginError};
use crate::desk::{Desk, DeskError};
use async_trait::async_trait;
use firstline_app::api::{
    ApiTokenInfo, AppError, AuditEntry, DeskApi, DisplayTokenInfo, IntakeSetup, IssuedToken, Me,
    NewUserDraft, PolicyDraft, PolicyView, QueueLimit, QueueView, RunbookDraft, RunbookView,
    SearchView, StatusLinkInfo, StatusView, TicketView, UserChange,
};
use firstline_app::api::{ArticleList, ArticleView, ReviewBoard, SimilarCase, TicketListView};
use firstline_app::api::{Presence, Viewer, WallView};
use firstline_app::domain::knowledge::SearchQuery;
use firstline_app::domain::knowledge::{Article, ArticleDraft, ArticleNumber};
use firstline_app::domain::listing::ListParams;
use firstline_app::domain::sla::Zones;
use firstline_app::domain::{
    ActionRequest, Actor, DisplayId, IntakeDraft, Rating, ReporterAnswer, Runbook, SlaPolicy,
    Ticket, TicketNumber, User,
};
use http::request::Parts;
use std::sync::Arc;
use tower_sessions::Session;

/// The desk and accounts services behind the server functions.
#[derive(Clone)]
pub struct Port {
    pub desk: Arc<Desk>,
    pub accounts: Arc<Accounts>,
}

impl Port {
    fn me_of(&self, user: User) -> Me {
        Me {
            user,
            utc_offset: self.desk.utc_offset().local_minus_utc(),
        }
    }
}

/// Where a session keeps the draft of a refused intake until the page
/// that shows its errors takes it.
const REFUSED_INTAKE: &str = "refused_intake";

fn wire<T>(result: Result<T, DeskError>) -> Result<T, AppError> {
    result.map_err(DeskError::into_app_error)
}

/// The session of a request (the session layer puts it in every request).
fn session(parts: &Parts) -> Result<Session, AppError> {
    parts.extensions.get::<Session>().cloned().ok_or_else(|| {
        DeskError::Internal(anyhow::anyhow!("the request carries no session")).into_app_error()
    })
}

fn internal(error: impl Into<anyhow::Error>) -> AppError {
    DeskError::Internal(error.into()).into_app_error()
}

#[async_trait]
impl DeskApi for Port {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.desk.now()
    }

    async fn load_intake(&self, parts: &Parts, actor: &Actor) -> Result<IntakeSetup, AppError> {
        let mut setup = wire(self.desk.intake_setup(actor).await)?;
        setup.refused = session(parts)?
            .remove::<IntakeDraft>(REFUSED_INTAKE)
            .await
            .map_err(internal)?;
        Ok(setup)
    }

    async fn keep_refused_intake(&self, parts: &Parts, draft: IntakeDraft) -> Result<(), AppError> {
        session(parts)?
            .insert(REFUSED_INTAKE, draft)
            .await
            .map_err(internal)
    }

    async fn register(&self, actor: &Actor, draft: IntakeDraft) -> Result<Ticket, AppError> {
        wire(self.desk.register(actor, &draft).await)
    }

    async fn queue(&self, actor: &Actor, limit: QueueLimit) -> Result<QueueView, AppError> {
        wire(self.desk.queue(actor, limit).await)
    }

    async fn presence(
        &self,
        actor: &Actor,
        number: TicketNumber,
        presence: Presence,
    ) -> Result<Vec<Viewer>, AppError> {
        wire(self.desk.presence(actor, number, presence).await)
    }

    async fn reviews(&self, actor: &Actor) -> Result<ReviewBoard, AppError> {
        wire(self.desk.reviews(actor).await)
    }

    async fn articles(&self, actor: &Actor) -> Result<ArticleList, AppError> {
        wire(self.desk.articles(actor).await)
    }

    async fn article(&self, actor: &Actor, number: ArticleNumber) -> Result<ArticleView, AppError> {
        wire(self.desk.article(actor, number).await)
    }

    async fn draft_article(
        &self,
        actor: &Actor,
        ticket: TicketNumber,
    ) -> Result<Article, AppError> {
        wire(self.desk.draft_article(actor, ticket).await)
    }

    async fn save_article(
        &self,
        actor: &Actor,
        number: ArticleNumber,
        version: i64,
        draft: &ArticleDraft,
        publish: bool,
    ) -> Result<Article, AppError> {
        wire(
            self.desk
                .save_article(actor, number, version, draft, publish)
                .await,
        )
    }

    async fn ticket_list(
        &self,
        actor: &Actor,
        params: ListParams,
    ) -> Result<TicketListView, AppError> {
        wire(self.desk.ticket_list(actor, &params).await)
    }

    async fn similar_cases(
        &self,
        actor: &Actor,
        text: String,
        except: Option<TicketNumber>,
    ) -> Result<Vec<SimilarCase>, AppError> {
        wire(self.desk.similar_cases(actor, &text, except).await)
    }

    async fn search(
        &self,
        actor: &Actor,
        query: SearchQuery,
        limit: u32,
    ) -> Result<SearchView, AppError> {
        wire(self.desk.search(actor, &query, limit).await)
    }

    async fn wall(&self, actor: &Actor) -> Result<WallView, AppError> {
        wire(self.desk.wall(actor).await)
    }

    async fn ticket(&self, actor: &Actor, number: TicketNumber) -> Result<TicketView, AppError> {
        wire(self.desk.ticket_view(actor, number).await)
    }

    async fn act(
        &self,
        actor: &Actor,
        number: TicketNumber,
        request: ActionRequest,
    ) -> Result<Ticket, AppError> {
        wire(self.desk.act(actor, number, &request).await)
    }

    async fn policy(&self, actor: &Actor) -> Result<PolicyView, AppError> {
        wire(self.desk.document::<SlaPolicy>(actor).await)
    }

    async fn save_policy(
        &self,
        parts: &Parts,
        actor: &Actor,
        draft: PolicyDraft,
    ) -> Result<SlaPolicy, AppError> {
        let address = client_address(parts);
        wire(self.desk.save_document(actor, &draft, &address).await)
    }

    fn zone_tables(&self, actor: &Actor, names: &[String]) -> Result<Zones, AppError> {
        wire(self.desk.zone_tables(actor, names))
    }

    async fn runbook(&self, actor: &Actor) -> Result<RunbookView, AppError> {
        wire(self.desk.document::<Runbook>(actor).await)
    }

    async fn save_runbook(
        &self,
        parts: &Parts,
        actor: &Actor,
        draft: RunbookDraft,
    ) -> Result<Runbook, AppError> {
        let address = client_address(parts);
        wire(self.desk.save_document(actor, &draft, &address).await)
    }

    async fn me(&self, actor: Option<&Actor>) -> Result<Option<Me>, AppError> {
        let Some(user) = actor.and_then(Actor::user) else {
            return Ok(None);
        };
        let user = self.accounts.user(user).await.map_err(internal)?;
        Ok(user.map(|user| self.me_of(user)))
    }

    async fn login(&self, parts: &Parts, login: String, password: String) -> Result<Me, AppError> {
        let address = client_address(parts);
        match self.accounts.login(&login, &password, &address).await {
            Ok((user, auth)) => {
                let session = session(parts)?;
                // A new session id at sign-in: a session fixed before it is useless.
                session.cycle_id().await.map_err(internal)?;
                session.insert(SESSION_KEY, auth).await.map_err(internal)?;
                Ok(self.me_of(user))
            }
            Err(LoginError::WrongCredentials) => Err(AppError::LoginFailed),
            Err(LoginError::Throttled { retry_after_secs }) => Err(AppError::Throttled {
                retry_after: retry_after_secs,
            }),
            Err(LoginError::Internal(error)) => Err(internal(error)),
        }
    }

    async fn logout(&self, parts: &Parts, actor: &Actor) -> Result<(), AppError> {
        if actor.user().is_none() {
            // A display is not signed in; it has nothing to sign out of.
            return Err(AppError::Forbidden);
        }
        session(parts)?.flush().await.map_err(internal)?;
        self.accounts
            .logged_out(actor, &client_address(parts))
            .await
            .map_err(internal)
    }

    async fn team(&self, actor: &Actor) -> Result<Vec<User>, AppError> {
        wire(self.accounts.users(actor).await)
    }

    async fn create_user(
        &self,
        parts: &Parts,
        actor: &Actor,
        draft: NewUserDraft,
    ) -> Result<User, AppError> {
        wire(
            self.accounts
                .create_user(actor, &draft, &client_address(parts))
                .await,
        )
    }

    async fn change_user(
        &self,
        parts: &Parts,
        actor: &Actor,
        change: UserChange,
    ) -> Result<User, AppError> {
        wire(
            self.accounts
                .change_user(actor, &change, &client_address(parts))
                .await,
        )
    }

    async fn end_sessions(
        &self,
        parts: &Parts,
        actor: &Actor,
        login: String,
    ) -> Result<(), AppError> {
        wire(
            self.accounts
                .end_sessions(actor, &login, &client_address(parts))
                .await,
        )
    }

    async fn api_tokens(&self, actor: &Actor) -> Result<Vec<ApiTokenInfo>, AppError> {
        wire(self.accounts.api_tokens(actor).await)
    }

    async fn create_api_token(
        &self,
        parts: &Parts,
        actor: &Actor,
        name: String,
    ) -> Result<IssuedToken<ApiTokenInfo>, AppError> {
        wire(
            self.accounts
                .create_api_token(actor, &name, &client_address(parts))
                .await,
        )
    }

    async fn revoke_api_token(
        &self,
        parts: &Parts,
        actor: &Actor,
        id: i64,
    ) -> Result<(), AppError> {
        wire(
            self.accounts
                .revoke_api_token(actor, id, &client_address(parts))
                .await,
        )
    }

    async fn display_tokens(&self, actor: &Actor) -> Result<Vec<DisplayTokenInfo>, AppError> {
        wire(self.accounts.display_tokens(actor).await)
    }

    async fn create_display_token(
        &self,
        parts: &Parts,
        actor: &Actor,
        name: String,
    ) -> Result<IssuedToken<DisplayTokenInfo>, AppError> {
        wire(
            self.accounts
                .create_display_token(actor, &name, &client_address(parts))
                .await,
        )
    }

    async fn revoke_display_token(
        &self,
        parts: &Parts,
        actor: &Actor,
        id: DisplayId,
    ) -> Result<(), AppError> {
        wire(
            self.accounts
                .revoke_display_token(actor, id, &client_address(parts))
                .await,
        )
    }

    async fn audit_log(&self, actor: &Actor) -> Result<Vec<AuditEntry>, AppError> {
        wire(self.accounts.audit_log(actor, 200).await)
    }

    async fn status(&self, parts: &Parts, token: String) -> Result<Option<StatusView>, AppError> {
        wire(self.desk.status(&token, address_of(parts)).await)
    }

    async fn answer_status(
        &self,
        parts: &Parts,
        token: String,
        answer: ReporterAnswer,
        reason: String,
    ) -> Result<(), AppError> {
        wire(
            self.desk
                .answer_status(&token, address_of(parts), answer, &reason)
                .await,
        )
    }

    async fn answer_survey(
        &self,
        parts: &Parts,
        token: String,
        rating: Rating,
        comment: String,
    ) -> Result<(), AppError> {
        wire(
            self.desk
                .answer_survey(&token, address_of(parts), rating, &comment)
                .await,
        )
    }

    async fn issue_status_link(
        &self,
        actor: &Actor,
        number: TicketNumber,
        renew: bool,
    ) -> Result<StatusLinkInfo, AppError> {
        wire(self.desk.issue_status_link(actor, number, renew).await)
    }
}

/// The address a request came from, as the client layer read it.
fn address_of(parts: &Parts) -> Option<std::net::IpAddr> {
    parts
        .extensions
        .get::<super::client::ClientInfo>()
        .and_then(|client| client.address)
}
