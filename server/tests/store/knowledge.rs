//! The knowledge article cases (R19), on both backends.

use crate::harness::{TestDb, new_ticket, t0};
use chrono::TimeDelta;
use firstline_app::domain::knowledge::{
    ArticleBody, ArticleDraft, ArticleNumber, ArticleState, RANKED_MATCHES, query_terms,
};
use firstline_app::domain::{Change, DeskId, DeskKind, Stage, Ticket};
use firstline_server::store::{
    ArticleEdit, NewArticle, SearchScope, StoreError, Subject, TicketUpdate,
};

const DESK: DeskId = DeskId::PRODUCTION;

fn body(title: &str, fix: &str) -> ArticleBody {
    ArticleBody::parse(&ArticleDraft {
        title: title.into(),
        symptom: "点击支付后 502".into(),
        fix: fix.into(),
        fault_type: "network".into(),
        ..ArticleDraft::default()
    })
    .unwrap()
}

/// A registered ticket, closed.
async fn closed_ticket(db: &TestDb, desk: DeskId) -> Ticket {
    let ticket = db
        .store
        .register(desk, new_ticket("Finance", 30))
        .await
        .unwrap();
    let mut next = ticket.clone();
    next.version += 1;
    next.stage = Stage::Closed;
    db.store
        .apply(
            desk,
            TicketUpdate {
                ticket: next,
                at: t0() + TimeDelta::minutes(1),
                actor: "agent".into(),
                change: Change::StageChanged {
                    from: Stage::Intake,
                    to: Stage::Closed,
                },
                message: None,
            },
        )
        .await
        .unwrap()
}

fn drafted_from(ticket: &Ticket, title: &str) -> NewArticle {
    let mut source = ticket.clone();
    source.version += 1;
    NewArticle {
        body: body(title, ""),
        author: "agent".into(),
        at: t0() + TimeDelta::minutes(2),
        source: Some(source),
    }
}

pub async fn r19_an_article_drafted_from_a_ticket_is_logged_on_it_in_one_transaction(db: &TestDb) {
    let ticket = closed_ticket(db, DESK).await;
    let article = db
        .store
        .create_article(DESK, drafted_from(&ticket, "支付网关证书过期"))
        .await
        .expect("drafts");
    assert_eq!(article.number.to_string(), "KB-1");
    assert_eq!((article.state, article.version), (ArticleState::Draft, 1));
    assert_eq!(article.tickets, [ticket.number]);
    let log = db.store.events(DESK, ticket.id).await.unwrap();
    assert_eq!(
        log.last().unwrap().change,
        Change::ArticleLinked {
            article: article.number,
            drafted: true
        }
    );
    // The same draft against the version before is refused whole.
    let stale = db
        .store
        .create_article(DESK, drafted_from(&ticket, "again"))
        .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    assert_eq!(db.store.articles(DESK, 10).await.unwrap().len(), 1);
    assert_eq!(
        db.store.events(DESK, ticket.id).await.unwrap().len(),
        log.len()
    );
}

pub async fn r19_every_save_is_a_version_and_a_stale_one_is_refused(db: &TestDb) {
    let ticket = closed_ticket(db, DESK).await;
    let article = db
        .store
        .create_article(DESK, drafted_from(&ticket, "支付网关证书过期"))
        .await
        .unwrap();
    let edit = |version, fix: &str, state| ArticleEdit {
        number: article.number,
        version,
        body: body("支付网关证书过期", fix),
        state,
        author: "lead".into(),
        at: t0() + TimeDelta::minutes(3),
    };
    let saved = db
        .store
        .save_article(DESK, edit(1, "renew with certbot", ArticleState::Published))
        .await
        .unwrap();
    assert_eq!((saved.version, saved.state), (2, ArticleState::Published));
    let stale = db
        .store
        .save_article(DESK, edit(1, "overwrite", ArticleState::Draft))
        .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { current: 2 })),
        "{stale:?}"
    );
    let versions = db
        .store
        .article_versions(DESK, article.number)
        .await
        .unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(
        (versions[0].author.as_str(), versions[1].author.as_str()),
        ("agent", "lead")
    );
    assert_eq!(versions[1].body.fix, "renew with certbot");
    // Search holds the saved words, not the refused ones.
    let found = |query: &'static str| {
        let store = db.store.clone();
        async move {
            store
                .search(
                    DESK,
                    &query_terms(query),
                    SearchScope {
                        every_term: true,
                        solved_only: false,
                        ranked: RANKED_MATCHES,
                    },
                    10,
                )
                .await
                .unwrap()
                .into_iter()
                .filter(|hit| matches!(hit.subject, Subject::Article { .. }))
                .count()
        }
    };
    assert_eq!(found("certbot").await, 1);
    assert_eq!(found("overwrite").await, 0);
    let missing = ArticleEdit {
        number: ArticleNumber::new(9).unwrap(),
        ..edit(1, "x", ArticleState::Draft)
    };
    assert!(matches!(
        db.store.save_article(DESK, missing).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn r19_linking_a_ticket_to_an_article_counts_a_use(db: &TestDb) {
    let source = closed_ticket(db, DESK).await;
    let article = db
        .store
        .create_article(DESK, drafted_from(&source, "支付网关证书过期"))
        .await
        .unwrap();
    let ticket = db
        .store
        .register(DESK, new_ticket("Sales", 30))
        .await
        .unwrap();
    let link = |article| {
        let mut next = ticket.clone();
        next.version += 1;
        TicketUpdate {
            ticket: next,
            at: t0() + TimeDelta::minutes(4),
            actor: "agent".into(),
            change: Change::ArticleLinked {
                article,
                drafted: false,
            },
            message: None,
        }
    };
    let unknown = db
        .store
        .apply(DESK, link(ArticleNumber::new(7).unwrap()))
        .await;
    assert!(matches!(unknown, Err(StoreError::NotFound)), "{unknown:?}");
    assert_eq!(
        db.store
            .ticket(DESK, ticket.number)
            .await
            .unwrap()
            .unwrap()
            .version,
        1
    );
    db.store.apply(DESK, link(article.number)).await.unwrap();
    let read = db
        .store
        .article(DESK, article.number)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.uses, 1);
    assert_eq!(read.tickets, [source.number, ticket.number]);
}

pub async fn r19_articles_stay_on_their_desk_and_only_published_ones_count_as_known(db: &TestDb) {
    let ticket = closed_ticket(db, DESK).await;
    let article = db
        .store
        .create_article(DESK, drafted_from(&ticket, "支付网关证书过期"))
        .await
        .unwrap();
    let sandbox = db
        .store
        .create_desk(DeskKind::Sandbox, "Sandbox of trainee 1", t0())
        .await
        .unwrap();
    assert!(db.store.articles(sandbox, 10).await.unwrap().is_empty());
    assert!(
        db.store
            .article(sandbox, article.number)
            .await
            .unwrap()
            .is_none()
    );
    let known = SearchScope {
        every_term: false,
        solved_only: true,
        ranked: RANKED_MATCHES,
    };
    let articles = |desk| {
        let store = db.store.clone();
        async move {
            store
                .search(desk, &query_terms("证书过期"), known, 10)
                .await
                .unwrap()
                .into_iter()
                .filter(|hit| matches!(hit.subject, Subject::Article { .. }))
                .count()
        }
    };
    assert_eq!(articles(DESK).await, 0, "a draft is not yet known");
    db.store
        .save_article(
            DESK,
            ArticleEdit {
                number: article.number,
                version: 1,
                body: article.body.clone(),
                state: ArticleState::Published,
                author: "lead".into(),
                at: t0() + TimeDelta::minutes(5),
            },
        )
        .await
        .unwrap();
    assert_eq!(articles(DESK).await, 1);
    assert_eq!(articles(sandbox).await, 0);
    // Taken back to a draft, it is no longer offered as known.
    db.store
        .save_article(
            DESK,
            ArticleEdit {
                number: article.number,
                version: 2,
                body: article.body.clone(),
                state: ArticleState::Draft,
                author: "lead".into(),
                at: t0() + TimeDelta::minutes(6),
            },
        )
        .await
        .unwrap();
    assert_eq!(articles(DESK).await, 0, "back to a draft");
}
