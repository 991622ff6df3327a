//! The search cases (R19): the same Chinese and English fixture finds the
//! same tickets on both backends.

use crate::harness::{TestDb, new_ticket, t0};
use chrono::TimeDelta;
use firstline_app::domain::knowledge::{RANKED_MATCHES, query_terms};
use firstline_app::domain::{
    Change, DeskId, DeskKind, ImpactScope, Stage, Symptom, Ticket, TicketNumber,
};
use firstline_server::store::{SearchScope, Subject, TicketUpdate};

const DESK: DeskId = DeskId::PRODUCTION;

/// No result.
const NONE: [u32; 0] = [];

const EVERY: SearchScope = SearchScope {
    every_term: true,
    solved_only: false,
    ranked: RANKED_MATCHES,
};

/// Any term, among solved tickets only: similar cases.
const ANY_SOLVED: SearchScope = SearchScope {
    every_term: false,
    solved_only: true,
    ranked: RANKED_MATCHES,
};

/// The fixture's reports, in order: FL-00001 to FL-00005.
const REPORTS: [(&str, &str); 5] = [
    ("用户无法登录系统，提示密码错误", ""),
    ("登出后页面空白", ""),
    ("支付失败，所有门店无法收款", "PAY-001 gateway timeout"),
    ("打开报表页面", "nginx 返回 502 Bad Gateway"),
    (
        "The database timeout came back after the timeout fix",
        "Database TIMEOUT",
    ),
];

async fn register(db: &TestDb, desk: DeskId, steps: &str, error: &str) -> Ticket {
    let mut new = new_ticket("客服部", 30);
    new.intake.symptom = Symptom::from_stored(steps.to_owned(), error.to_owned());
    new.intake.impact_scope = ImpactScope::from_stored("一个部门".to_owned());
    db.store.register(desk, new).await.expect("registers")
}

async fn fixture(db: &TestDb) -> Vec<Ticket> {
    let mut tickets = Vec::new();
    for (steps, error) in REPORTS {
        tickets.push(register(db, DESK, steps, error).await);
    }
    tickets
}

/// The numbers of the tickets a search finds, the best first.
async fn found(db: &TestDb, desk: DeskId, query: &str, scope: SearchScope) -> Vec<u32> {
    db.store
        .search(desk, &query_terms(query), scope, 50)
        .await
        .expect("searches")
        .into_iter()
        .filter_map(|hit| match hit.subject {
            Subject::Ticket { number, .. } => Some(number.sequence()),
            Subject::Article { .. } => None,
        })
        .collect()
}

/// A change that adds words to a ticket.
fn change(ticket: &Ticket, change: Change, minutes: i64) -> TicketUpdate {
    let mut next = ticket.clone();
    next.version += 1;
    TicketUpdate {
        ticket: next,
        at: t0() + TimeDelta::minutes(minutes),
        actor: "agent".into(),
        change,
        message: None,
    }
}

pub async fn r19_two_character_chinese_words_find_their_tickets_and_nothing_else(db: &TestDb) {
    fixture(db).await;
    assert_eq!(found(db, DESK, "登录", EVERY).await, [1], "not 登出");
    assert_eq!(found(db, DESK, "支付", EVERY).await, [3]);
    assert_eq!(found(db, DESK, "登", EVERY).await.len(), 2, "one character");
    assert_eq!(found(db, DESK, "无法登录", EVERY).await, [1]);
    assert_eq!(found(db, DESK, "无法", EVERY).await.len(), 2);
}

pub async fn r19_numbers_and_english_words_match_whole_and_regardless_of_case(db: &TestDb) {
    fixture(db).await;
    assert_eq!(found(db, DESK, "502", EVERY).await, [4]);
    assert_eq!(
        found(db, DESK, "NGINX 502 报错", EVERY).await,
        NONE,
        "every term"
    );
    assert_eq!(found(db, DESK, "nginx 502 返回", EVERY).await, [4]);
    assert_eq!(found(db, DESK, "GateWay", EVERY).await.len(), 2);
    assert_eq!(
        found(db, DESK, "gate", EVERY).await,
        NONE,
        "whole words only"
    );
    assert_eq!(found(db, DESK, "pay", EVERY).await, [3]);
    assert_eq!(found(db, DESK, "从未出现 absent", EVERY).await, NONE);
    assert_eq!(found(db, DESK, "\"* : - NEAR", EVERY).await, NONE);
    assert_eq!(found(db, DESK, "' OR 1=1 --", EVERY).await, NONE);
}

pub async fn r19_the_best_match_ranks_first(db: &TestDb) {
    fixture(db).await;
    register(db, DESK, "A timeout once", "").await;
    let ranked = found(db, DESK, "timeout", EVERY).await;
    assert_eq!(
        ranked.first(),
        Some(&5),
        "{ranked:?}: three times beats once"
    );
    assert_eq!(ranked.len(), 3);
}

pub async fn r19_notes_root_cause_workaround_and_fix_are_found_as_soon_as_written(db: &TestDb) {
    let tickets = fixture(db).await;
    let ticket = &tickets[3];
    assert_eq!(found(db, DESK, "证书过期", EVERY).await, NONE);
    let steps = [
        Change::Note {
            text: "上游证书过期".into(),
        },
        Change::RootCauseFound {
            summary: "upstream certificate expired".into(),
        },
        Change::WorkaroundApplied {
            description: "回滚到旧证书".into(),
        },
        Change::Resolved {
            summary: "renewed with certbot".into(),
        },
    ];
    let mut current = ticket.clone();
    for (i, step) in steps.into_iter().enumerate() {
        current = db
            .store
            .apply(DESK, change(&current, step, i as i64 + 1))
            .await
            .expect("applies");
    }
    for query in ["证书过期", "certificate", "回滚", "certbot", "nginx"] {
        assert_eq!(found(db, DESK, query, EVERY).await, [4], "{query}");
    }
    // A change that is refused adds no words.
    let stale = change(
        ticket,
        Change::Note {
            text: "stalenote".into(),
        },
        9,
    );
    assert!(db.store.apply(DESK, stale).await.is_err());
    assert_eq!(found(db, DESK, "stalenote", EVERY).await, NONE);
}

pub async fn r19_search_stays_on_its_desk_and_similar_cases_are_solved_ones(db: &TestDb) {
    let tickets = fixture(db).await;
    let sandbox = db
        .store
        .create_desk(DeskKind::Sandbox, "Sandbox of trainee 1", t0())
        .await
        .unwrap();
    register(db, sandbox, "练习：无法登录", "").await;
    assert_eq!(found(db, DESK, "登录", EVERY).await, [1]);
    assert_eq!(found(db, sandbox, "登录", EVERY).await, [1]);
    assert_eq!(found(db, sandbox, "支付", EVERY).await, NONE);

    let any_solved = ANY_SOLVED;
    assert_eq!(found(db, DESK, "支付 登录", any_solved).await, NONE);
    let mut closing = change(
        &tickets[2],
        Change::StageChanged {
            from: Stage::Intake,
            to: Stage::Closed,
        },
        1,
    );
    closing.ticket.stage = Stage::Closed;
    db.store.apply(DESK, closing).await.unwrap();
    let any_open = SearchScope {
        every_term: false,
        ..EVERY
    };
    assert_eq!(found(db, DESK, "支付 从未", any_solved).await, [3]);
    let mut either = found(db, DESK, "支付 登录", any_open).await;
    either.sort_unstable();
    assert_eq!(either, [1, 3]);
}

pub async fn r19_tickets_restored_from_an_export_are_indexed_once(db: &TestDb) {
    fixture(db).await;
    let dump = db.store.dump().await.unwrap();
    let target = db.sibling().await;
    target.store.restore(&dump).await.expect("restores");
    assert_eq!(found(&target, DESK, "登录", EVERY).await, NONE);
    assert_eq!(target.store.index_unindexed(3).await.unwrap(), 3);
    assert_eq!(target.store.index_unindexed(100).await.unwrap(), 2);
    assert_eq!(target.store.index_unindexed(100).await.unwrap(), 0);
    assert_eq!(found(&target, DESK, "登录", EVERY).await, [1]);
    assert_eq!(found(&target, DESK, "502", EVERY).await, [4]);
    // New tickets are indexed as they are written, once.
    let next = register(&target, DESK, "新的登录问题", "").await;
    assert_eq!(next.number, TicketNumber::new(6).unwrap());
    assert_eq!(target.store.index_unindexed(100).await.unwrap(), 0);
    assert_eq!(found(&target, DESK, "登录", EVERY).await.len(), 2);
}

/// Moves a ticket to `to` (the store takes the stage the workflow chose).
async fn move_to(db: &TestDb, ticket: &Ticket, to: Stage, minutes: i64) -> Ticket {
    let mut moved = change(
        ticket,
        Change::StageChanged {
            from: ticket.stage,
            to,
        },
        minutes,
    );
    moved.ticket.stage = to;
    db.store.apply(DESK, moved).await.expect("moves")
}

pub async fn r19_a_ticket_is_a_similar_case_while_it_is_solved_and_not_after_a_reopening(
    db: &TestDb,
) {
    let tickets = fixture(db).await;
    assert_eq!(found(db, DESK, "支付", ANY_SOLVED).await, NONE);
    let closed = move_to(db, &tickets[2], Stage::Closed, 1).await;
    assert_eq!(found(db, DESK, "支付", ANY_SOLVED).await, [3]);
    // A note on a closed ticket keeps it known, with the note's words.
    let noted = change(
        &closed,
        Change::Note {
            text: "收款恢复".into(),
        },
        2,
    );
    let closed = db.store.apply(DESK, noted).await.expect("notes");
    assert_eq!(found(db, DESK, "收款恢复", ANY_SOLVED).await, [3]);
    let reopened = move_to(db, &closed, Stage::DeepTroubleshooting, 3).await;
    assert_eq!(found(db, DESK, "支付", ANY_SOLVED).await, NONE, "reopened");
    assert_eq!(
        found(db, DESK, "支付", EVERY).await,
        [3],
        "still searchable"
    );
    let archived = move_to(db, &reopened, Stage::Closed, 4).await;
    move_to(db, &archived, Stage::Archived, 5).await;
    assert_eq!(found(db, DESK, "支付 收款恢复", ANY_SOLVED).await, [3]);
}

pub async fn r19_a_query_ranks_the_newest_matches_of_its_desk(db: &TestDb) {
    fixture(db).await;
    let sandbox = db
        .store
        .create_desk(DeskKind::Sandbox, "Sandbox of trainee 1", t0())
        .await
        .unwrap();
    // Newer than every production ticket, and matching: they must not
    // take the production desk's ranked places.
    for _ in 0..3 {
        register(db, sandbox, "练习：timeout", "").await;
    }
    register(db, DESK, "A timeout once", "").await;
    let newest_two = SearchScope { ranked: 2, ..EVERY };
    let mut ranked = found(db, DESK, "timeout", newest_two).await;
    ranked.sort_unstable();
    assert_eq!(ranked, [5, 6], "the two newest of three matches");
    assert_eq!(found(db, DESK, "timeout", EVERY).await.len(), 3);
    assert_eq!(found(db, sandbox, "timeout", newest_two).await.len(), 2);
}
