//! Knowledge articles (R19): drafted from a closed ticket (the ticket's log
//! says so, in the same transaction), edited by agents, published by a
//! lead, read at `/kb`. Linking a ticket to an existing article is a ticket
//! action (`desk/tickets.rs`).

use super::{Desk, DeskError, require};
use crate::store::{ArticleEdit, NewArticle};
use firstline_app::api::{ArticleList, ArticleView, KB_PAGE};
use firstline_app::domain::knowledge::{
    Article, ArticleBody, ArticleDraft, ArticleNumber, ArticleState, draft_from_ticket,
};
use firstline_app::domain::{
    Action, Actor, Field, FieldError, Progress, Reason, Refusal, Stage, TicketNumber,
};
use tracing::instrument;

impl Desk {
    /// The desk's articles, the latest saved first.
    pub async fn articles(&self, actor: &Actor) -> Result<ArticleList, DeskError> {
        require(actor, Action::ViewTicket)?;
        Ok(ArticleList {
            articles: self.store.articles(actor.desk, KB_PAGE).await?,
            may_write: actor.may(Action::WriteArticle),
        })
    }

    /// One article with its versions.
    pub async fn article(
        &self,
        actor: &Actor,
        number: ArticleNumber,
    ) -> Result<ArticleView, DeskError> {
        require(actor, Action::ViewTicket)?;
        let article = self
            .store
            .article(actor.desk, number)
            .await?
            .ok_or(DeskError::NotFound)?;
        Ok(ArticleView {
            versions: self.store.article_versions(actor.desk, number).await?,
            article,
            may_edit: actor.may(Action::WriteArticle),
            may_publish: actor.may(Action::PublishArticle),
            utc_offset: self.offset_seconds(),
        })
    }

    /// Drafts an article from a closed (or archived) ticket: the symptom
    /// from its intake, the cause, workaround and fix from its log, the
    /// evidence from its checklists' answers. The ticket's log records it
    /// in the same transaction. A ticket drafts one article.
    #[instrument(skip(self), fields(actor = %actor.name, desk = actor.desk.0, ticket = %number))]
    pub async fn draft_article(
        &self,
        actor: &Actor,
        number: TicketNumber,
    ) -> Result<Article, DeskError> {
        require(actor, Action::WriteArticle)?;
        let (ticket, log) = self.ticket(actor, number).await?;
        if !matches!(ticket.stage, Stage::Closed | Stage::Archived) {
            return Err(DeskError::Refused(Refusal::WrongStage {
                stage: ticket.stage,
            }));
        }
        let progress = Progress::from_log(&log);
        if !progress.articles.is_empty() {
            return Err(DeskError::Invalid(
                FieldError::new(Field::Article, Reason::Duplicate).into(),
            ));
        }
        let runbook = self.runbooks.version(progress.runbook.0).await?;
        let draft = draft_from_ticket(&ticket, &log, &runbook, self.language);
        let body = ArticleBody::parse(&draft).map_err(DeskError::Invalid)?;
        let mut source = ticket;
        source.version += 1;
        let article = self
            .store
            .create_article(
                actor.desk,
                NewArticle {
                    body,
                    author: actor.name.clone(),
                    at: self.now(),
                    source: Some(source),
                },
            )
            .await?;
        self.wrote();
        tracing::info!(article = %article.number, "article drafted");
        Ok(article)
    }

    /// Saves a new version of an article, against the version the writer
    /// saw. A lead's save keeps the article's state and, with `publish`,
    /// publishes it; an agent's save of a published article makes it a
    /// draft again, for a lead to publish.
    #[instrument(skip(self, draft), fields(actor = %actor.name, desk = actor.desk.0, article = %number))]
    pub async fn save_article(
        &self,
        actor: &Actor,
        number: ArticleNumber,
        version: i64,
        draft: &ArticleDraft,
        publish: bool,
    ) -> Result<Article, DeskError> {
        require(actor, Action::WriteArticle)?;
        if publish {
            require(actor, Action::PublishArticle)?;
        }
        let body = ArticleBody::parse(draft).map_err(DeskError::Invalid)?;
        let current = self
            .store
            .article(actor.desk, number)
            .await?
            .ok_or(DeskError::NotFound)?;
        let state = match (publish, actor.may(Action::PublishArticle)) {
            (true, _) => ArticleState::Published,
            (false, true) => current.state,
            (false, false) => ArticleState::Draft,
        };
        let article = self
            .store
            .save_article(
                actor.desk,
                ArticleEdit {
                    number,
                    version,
                    body,
                    state,
                    author: actor.name.clone(),
                    at: self.now(),
                },
            )
            .await?;
        tracing::info!(version = article.version, state = %article.state, "article saved");
        Ok(article)
    }
}
