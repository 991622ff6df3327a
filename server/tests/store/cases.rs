//! The conformance cases. Each takes a fresh database.

pub use crate::knowledge::*;
pub use crate::listing::*;
pub use crate::search::*;

use crate::harness::{TestDb, new_ticket, t0};
use chrono::TimeDelta;
use firstline_app::domain::sla::{ClockName, Crossing, CrossingKind, SlaSnapshot};
use firstline_app::domain::{
    Change, DeskId, DeskKind, Impact, Priority, Reclassification, SlaPolicy, Stage, Ticket, Urgency,
};
use firstline_app::domain::{
    Login, PolicyVersion, Role, Runbook, RunbookVersion, Swarm, default_runbook,
};
use firstline_server::store::{
    AuditAction, ConstraintKind, Document, NewAuditEntry, NewMessage, NewScenarioVersion,
    NewStatusLink, NewUser, NewVersion, SendOutcome, StoreError, TicketUpdate,
};

const DESK: DeskId = DeskId::PRODUCTION;

/// The change that reclassifies `ticket` to P1, as the service would make it.
fn to_p1(ticket: &Ticket, note: &str, minutes_later: i64) -> TicketUpdate {
    let r = Reclassification {
        impact: Impact::Group,
        urgency: Urgency::High,
        note: note.to_owned(),
    };
    let (change, ticket) = ticket.reclassify(r, &SlaPolicy::default());
    TicketUpdate {
        ticket,
        at: t0() + TimeDelta::minutes(minutes_later),
        actor: "agent".into(),
        change,
        message: None,
    }
}

pub async fn a_ticket_reads_back_with_every_field(db: &TestDb) {
    let new = new_ticket("财务部 / Finance", 30);
    let registered = db
        .store
        .register(DESK, new.clone())
        .await
        .expect("registers");
    assert_eq!(registered.number.to_string(), "FL-00001");
    assert_eq!((registered.version, registered.stage), (1, Stage::Intake));
    assert_eq!(registered.intake, new.intake);
    assert_eq!(registered.registered_at, new.registered_at);

    let read = db
        .store
        .ticket(DESK, registered.number)
        .await
        .unwrap()
        .expect("found");
    assert_eq!(
        read, registered,
        "every field, times to the millisecond, reads back"
    );

    // A swarm (R11) is part of the state a change writes.
    let mut joined = to_p1(&read, "swarm formed", 1);
    joined.ticket.swarm = Swarm::default().with("db.wang").with("ops.li");
    let stored = db.store.apply(DESK, joined).await.unwrap();
    let read = db.store.ticket(DESK, stored.number).await.unwrap().unwrap();
    assert_eq!(
        read.swarm.members().collect::<Vec<_>>(),
        ["db.wang", "ops.li"]
    );
}

pub async fn the_event_log_is_append_only_and_ordered(db: &TestDb) {
    let mut ticket = db
        .store
        .register(DESK, new_ticket("Finance", 30))
        .await
        .unwrap();
    for i in 1..=3 {
        ticket = db
            .store
            .apply(DESK, to_p1(&ticket, &format!("update {i}"), i))
            .await
            .unwrap();
    }
    let events = db.store.events(DESK, ticket.id).await.unwrap();
    let versions: Vec<i64> = events.iter().map(|e| e.version).collect();
    assert_eq!(versions, [1, 2, 3, 4]);
    assert!(
        events
            .windows(2)
            .all(|w| w[0].id < w[1].id && w[0].at < w[1].at)
    );
    assert!(matches!(
        events[0].change,
        Change::Registered {
            priority: Priority::P0,
            ..
        }
    ));
    assert!(matches!(&events[3].change, Change::Reclassified { note, .. } if note == "update 3"));
    assert_eq!(events[0].actor, "王芳");

    assert!(
        db.raw_execute("UPDATE ticket_events SET actor = 'someone else'")
            .await
            .is_err()
    );
    assert!(db.raw_execute("DELETE FROM ticket_events").await.is_err());
    assert_eq!(
        db.store.events(DESK, ticket.id).await.unwrap(),
        events,
        "the log is untouched"
    );
}

pub async fn two_concurrent_updates_give_one_success_and_one_conflict(db: &TestDb) {
    for round in 0..10 {
        let ticket = db
            .store
            .register(DESK, new_ticket("Finance", 30))
            .await
            .unwrap();
        let (first, second) = (
            to_p1(&ticket, "first writer", 1),
            to_p1(&ticket, "second writer", 1),
        );
        let (a, b) = (db.store.clone(), db.store.clone());
        let (ra, rb) = tokio::join!(
            tokio::spawn(async move { a.apply(DESK, first).await }),
            tokio::spawn(async move { b.apply(DESK, second).await }),
        );
        let results = [ra.unwrap(), rb.unwrap()];
        let winners: Vec<&Ticket> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        let conflicts = results
            .iter()
            .filter(|r| matches!(r, Err(StoreError::Conflict { current: 2 })))
            .count();
        assert_eq!(
            (winners.len(), conflicts),
            (1, 1),
            "round {round}: {results:?}"
        );

        // Nothing is lost: the stored ticket and log are exactly the winner's.
        let stored = db.store.ticket(DESK, ticket.number).await.unwrap().unwrap();
        assert_eq!(&stored, winners[0]);
        let events = db.store.events(DESK, ticket.id).await.unwrap();
        assert_eq!(events.len(), 2, "round {round}");
    }
}

pub async fn a_stale_or_missing_ticket_is_refused_without_writing(db: &TestDb) {
    let ticket = db
        .store
        .register(DESK, new_ticket("Finance", 30))
        .await
        .unwrap();
    let updated = db
        .store
        .apply(DESK, to_p1(&ticket, "first", 1))
        .await
        .unwrap();
    let stale = db
        .store
        .apply(DESK, to_p1(&ticket, "made against version 1", 2))
        .await;
    assert!(
        matches!(stale, Err(StoreError::Conflict { current: 2 })),
        "{stale:?}"
    );

    let mut ghost = to_p1(&ticket, "no such ticket", 3);
    ghost.ticket.id.0 += 1000;
    assert!(matches!(
        db.store.apply(DESK, ghost).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        db.store.ticket(DESK, ticket.number).await.unwrap().unwrap(),
        updated
    );
    assert_eq!(db.store.events(DESK, ticket.id).await.unwrap().len(), 2);
}

pub async fn desks_never_see_each_others_tickets(db: &TestDb) {
    let sandbox = db
        .store
        .create_desk(DeskKind::Sandbox, "Sandbox of trainee 1", t0())
        .await
        .unwrap();
    assert_ne!(sandbox, DESK);
    let real = db
        .store
        .register(DESK, new_ticket("Production department", 30))
        .await
        .unwrap();
    let drill = db
        .store
        .register(sandbox, new_ticket("Drill department", 30))
        .await
        .unwrap();
    // Both are number 1 of their own desk, and distinct tickets.
    assert_eq!((real.number, drill.number), (drill.number, real.number));
    assert_ne!(real.id, drill.id);

    let queue = |desk| {
        let store = db.store.clone();
        async move {
            store
                .open_tickets(desk, 100)
                .await
                .unwrap()
                .into_iter()
                .map(|t| t.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(queue(DESK).await, [real.id]);
    assert_eq!(queue(sandbox).await, [drill.id]);
    assert_eq!(
        db.store
            .ticket(sandbox, real.number)
            .await
            .unwrap()
            .unwrap()
            .id,
        drill.id
    );
    assert_eq!(
        db.store.events(sandbox, real.id).await.unwrap(),
        [],
        "no events across desks"
    );
    let across = db
        .store
        .apply(sandbox, to_p1(&real, "changed from the sandbox", 1))
        .await;
    assert!(matches!(across, Err(StoreError::NotFound)), "{across:?}");
    assert_eq!(
        db.store.ticket(DESK, real.number).await.unwrap().unwrap(),
        real
    );
}

pub async fn the_queue_orders_open_tickets_by_response_deadline(db: &TestDb) {
    let late = db
        .store
        .register(DESK, new_ticket("due in 8 h", 480))
        .await
        .unwrap();
    let soon = db
        .store
        .register(DESK, new_ticket("due in 30 min", 30))
        .await
        .unwrap();
    let middle = db
        .store
        .register(DESK, new_ticket("due in 2 h", 120))
        .await
        .unwrap();
    let closed = db
        .store
        .register(DESK, new_ticket("closed", 10))
        .await
        .unwrap();
    let mut update = to_p1(&closed, "fixed and confirmed", 1);
    update.ticket.stage = Stage::Closed;
    db.store.apply(DESK, update).await.unwrap();

    let order: Vec<_> = db
        .store
        .open_tickets(DESK, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(order, [soon.id, middle.id, late.id]);
}

pub async fn ticket_numbers_count_up_per_desk_even_under_concurrency(db: &TestDb) {
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let store = db.store.clone();
            tokio::spawn(async move {
                store
                    .register(DESK, new_ticket(&format!("dept {i}"), 30))
                    .await
            })
        })
        .collect();
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.unwrap().expect("registers").number.sequence());
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=20).collect::<Vec<_>>());
}

pub async fn a_constraint_violation_is_a_typed_error(db: &TestDb) {
    db.store
        .create_desk(DeskKind::Sandbox, "Trainee desk", t0())
        .await
        .unwrap();
    let again = db
        .store
        .create_desk(DeskKind::Sandbox, "Trainee desk", t0())
        .await;
    assert!(
        matches!(
            again,
            Err(StoreError::Constraint {
                kind: ConstraintKind::Unique,
                ..
            })
        ),
        "{again:?}"
    );
}

/// Two desks with tickets in several states and a log beyond registration.
pub async fn populate(db: &TestDb) {
    let user = db
        .store
        .create_user(NewUser {
            login: Login::parse("wang.fang").unwrap(),
            display_name: "王芳".into(),
            role: Role::Lead,
            desk: DESK,
            sandbox: None,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            at: t0(),
        })
        .await
        .unwrap();
    let token = db
        .store
        .create_api_token(user.id, "import", "hash-1", "flt_0123abcd", t0())
        .await
        .unwrap();
    db.store
        .revoke_api_token(user.id, token.id, t0() + TimeDelta::minutes(1))
        .await
        .unwrap();
    db.store
        .create_display_token(DESK, "Wall", "hash-2", "fld_0123abcd", user.id, t0())
        .await
        .unwrap();
    db.store
        .record_audit(NewAuditEntry {
            at: t0(),
            actor: "王芳".into(),
            action: AuditAction::Login,
            subject: "wang.fang".into(),
            address: "192.0.2.7".into(),
            detail: String::new(),
        })
        .await
        .unwrap();
    let sandbox = db
        .store
        .create_desk(DeskKind::Sandbox, "Sandbox", t0())
        .await
        .unwrap();
    let mut last = None;
    for (i, desk) in [DESK, DESK, sandbox, DESK].into_iter().enumerate() {
        let ticket = db
            .store
            .register(desk, new_ticket(&format!("dept {i}"), 30 + i as i64))
            .await
            .unwrap();
        if i % 2 == 0 {
            let mut update = to_p1(&ticket, "judged again", 2);
            if i == 0 {
                update.message = Some(NewMessage {
                    kind: firstline_app::domain::MessageKind::Progress,
                    to: "li.wei@example.com".into(),
                    language: firstline_app::domain::Language::ZhCn,
                    state: firstline_app::domain::DeliveryState::Queued,
                });
            }
            db.store.apply(desk, update).await.unwrap();
        }
        last = Some(ticket);
    }
    let last = last.unwrap();
    // A status link, and a message tried once and waiting to be retried.
    let link = NewStatusLink {
        nonce: "n1",
        token_hash: "h1",
        at: t0(),
    };
    db.store
        .issue_status_link(DESK, last.number, link, false)
        .await
        .unwrap();
    let lease = TimeDelta::seconds(60);
    let claimed = db
        .store
        .claim_messages("w", t0() + TimeDelta::minutes(3), lease, 1)
        .await
        .unwrap();
    let retry = SendOutcome::Retry {
        error: "451 4.3.0 busy".into(),
        retry_at: t0() + TimeDelta::minutes(4),
    };
    db.store
        .finish_message(claimed[0].id, "w", t0() + TimeDelta::minutes(3), &retry)
        .await
        .unwrap();
    db.store
        .record_crossings(
            DESK,
            last.id,
            last.version,
            &[warning(&last)],
            t0(),
            &last.sla,
        )
        .await
        .unwrap();
    // A knowledge article drafted from the ticket, and saved once more.
    let mut source = db.store.ticket(DESK, last.number).await.unwrap().unwrap();
    source.version += 1;
    let body = firstline_app::domain::knowledge::ArticleBody::parse(
        &firstline_app::domain::knowledge::ArticleDraft {
            title: "支付网关证书过期".into(),
            symptom: "点击支付后 502".into(),
            fault_type: "network".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let article = db
        .store
        .create_article(
            DESK,
            firstline_server::store::NewArticle {
                body: body.clone(),
                author: "王芳".into(),
                at: t0() + TimeDelta::minutes(5),
                source: Some(source),
            },
        )
        .await
        .unwrap();
    db.store
        .save_article(
            DESK,
            firstline_server::store::ArticleEdit {
                number: article.number,
                version: 1,
                body,
                state: firstline_app::domain::knowledge::ArticleState::Published,
                author: "lead".into(),
                at: t0() + TimeDelta::minutes(6),
            },
        )
        .await
        .unwrap();
    // A post-incident review with one action item and a runbook proposal.
    let mut reviewed = db.store.ticket(DESK, last.number).await.unwrap().unwrap();
    reviewed.version += 1;
    let review = firstline_app::domain::review::ReviewForm {
        state: Some(firstline_app::domain::review::ReviewState::InReview),
        summary: "证书过期".into(),
        real_impact: "All shops".into(),
        factors: vec!["Renewed by hand".into()],
        items: vec![firstline_app::domain::review::ActionItemForm {
            text: "Alert before expiry".into(),
            owner: "wang.fang".into(),
            due: "2026-12-04".into(),
            done: false,
        }],
        proposal: "Check certificate expiry in R08".into(),
        ..Default::default()
    }
    .check()
    .unwrap();
    db.store
        .apply(
            DESK,
            TicketUpdate {
                ticket: reviewed,
                at: t0() + TimeDelta::minutes(7),
                actor: "lead".into(),
                change: Change::ReviewSaved { review },
                message: None,
            },
        )
        .await
        .unwrap();
    save_policy(db, &policy_v2(), "王芳", "Faster P0 response", "192.0.2.7")
        .await
        .unwrap();
    let runbook = Runbook {
        version: RunbookVersion(2),
        ..default_runbook()
    };
    let body = serde_json::to_string(&runbook).unwrap();
    db.store
        .save_document(NewVersion {
            applies: None,
            document: Document::Runbook,
            version: 2,
            body: &body,
            by: "王芳",
            note: "Screenshots first",
            at: t0(),
            address: "192.0.2.7",
        })
        .await
        .unwrap();
    let scenario = &firstline_app::domain::training::shipped_scenarios()[0];
    let body = serde_json::to_string(scenario).unwrap();
    db.store
        .save_scenario(NewScenarioVersion {
            id: &scenario.id,
            version: 2,
            body: &body,
            by: "王芳",
            note: "Our own export page",
            at: t0(),
            address: "192.0.2.7",
        })
        .await
        .unwrap();
}

/// Stores a policy as its version, as a lead's save would.
async fn save_policy(
    db: &TestDb,
    policy: &SlaPolicy,
    by: &str,
    note: &str,
    address: &str,
) -> Result<(), StoreError> {
    let body = serde_json::to_string(policy).unwrap();
    db.store
        .save_document(NewVersion {
            applies: None,
            document: Document::Policy,
            version: policy.version.0,
            body: &body,
            by,
            note,
            at: t0(),
            address,
        })
        .await
}

/// A stored version of the policy, read back.
async fn stored_policy(db: &TestDb, version: u32) -> Option<SlaPolicy> {
    let body = db.store.document(Document::Policy, version).await.unwrap();
    body.map(|body| serde_json::from_str(&body).unwrap())
}

/// Version 2 of the policy: a 15-minute P0 response.
fn policy_v2() -> SlaPolicy {
    SlaPolicy {
        version: PolicyVersion(2),
        response_minutes: [15, 120, 480, 1440],
        ..SlaPolicy::default()
    }
}

/// The response clock's warning of a ticket from [`new_ticket`].
fn warning(ticket: &Ticket) -> Crossing {
    let started_at = ticket.intake.reported_at.at();
    let due_at = ticket.sla.next.unwrap().due_at;
    Crossing {
        clock: ClockName::Response,
        cycle: 1,
        started_at,
        due_at,
        kind: CrossingKind::Warned,
        at: started_at + (due_at - started_at) * 4 / 5,
    }
}

pub async fn a_clock_crossing_is_recorded_once_however_often_it_is_seen(db: &TestDb) {
    let ticket = db
        .store
        .register(DESK, new_ticket("Finance", 30))
        .await
        .unwrap();
    let later = SlaSnapshot {
        check_at: Some(t0() + TimeDelta::hours(1)),
        ..ticket.sla.clone()
    };
    let crossing = warning(&ticket);
    let added = db
        .store
        .record_crossings(
            DESK,
            ticket.id,
            1,
            std::slice::from_ref(&crossing),
            t0(),
            &later,
        )
        .await
        .unwrap();
    assert_eq!(added, 1);
    // Seen again (by another pass or process, against the new version):
    // nothing more is written, but the snapshot is renewed.
    let added = db
        .store
        .record_crossings(
            DESK,
            ticket.id,
            2,
            std::slice::from_ref(&crossing),
            t0(),
            &ticket.sla,
        )
        .await
        .unwrap();
    assert_eq!(added, 0);
    let events = db.store.events(DESK, ticket.id).await.unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1].actor, "Firstline");
    assert_eq!(events[1].at, crossing.at);
    assert!(matches!(events[1].change, Change::ClockWarned { .. }));
    let stored = db.store.ticket(DESK, ticket.number).await.unwrap().unwrap();
    assert_eq!(
        (stored.version, stored.sla.clone()),
        (2, ticket.sla.clone())
    );

    // A second cycle of the same clock (after a reopen) is a new crossing.
    let reopened = Crossing {
        cycle: 2,
        started_at: crossing.started_at + TimeDelta::hours(3),
        ..crossing
    };
    let added = db
        .store
        .record_crossings(DESK, ticket.id, 2, &[reopened], t0(), &ticket.sla)
        .await
        .unwrap();
    assert_eq!(added, 1);
}

pub async fn a_crossing_against_a_stale_version_writes_nothing(db: &TestDb) {
    let ticket = db
        .store
        .register(DESK, new_ticket("Finance", 30))
        .await
        .unwrap();
    db.store
        .apply(DESK, to_p1(&ticket, "judged again", 1))
        .await
        .unwrap();
    let later = SlaSnapshot {
        check_at: None,
        ..ticket.sla.clone()
    };
    let added = db
        .store
        .record_crossings(DESK, ticket.id, 1, &[warning(&ticket)], t0(), &later)
        .await
        .unwrap();
    assert_eq!(added, 0);
    let stored = db.store.ticket(DESK, ticket.number).await.unwrap().unwrap();
    assert_eq!(stored.version, 2);
    assert_eq!(
        stored.sla.check_at, ticket.sla.check_at,
        "the snapshot is untouched"
    );
    // Not marked either: the next pass, against version 2, records it.
    let added = db
        .store
        .record_crossings(DESK, ticket.id, 2, &[warning(&ticket)], t0(), &later)
        .await
        .unwrap();
    assert_eq!(added, 1);
}

pub async fn the_scheduler_finds_tickets_whose_check_time_has_come(db: &TestDb) {
    let mut numbers = Vec::new();
    for minutes in [90, 30, 60] {
        let ticket = db
            .store
            .register(DESK, new_ticket("Finance", minutes))
            .await
            .unwrap();
        numbers.push(ticket.id);
    }
    // check_at is the due time here: 25, 55 and 85 minutes after t0.
    let due = |minutes| db.store.due_for_sla(t0() + TimeDelta::minutes(minutes), 10);
    assert_eq!(due(10).await.unwrap(), []);
    assert_eq!(due(26).await.unwrap(), [(DESK, numbers[1])]);
    assert_eq!(
        due(90).await.unwrap(),
        [(DESK, numbers[1]), (DESK, numbers[2]), (DESK, numbers[0])],
        "the most overdue first"
    );
    assert_eq!(
        db.store
            .due_for_sla(t0() + TimeDelta::minutes(90), 1)
            .await
            .unwrap()
            .len(),
        1
    );
}

pub async fn policy_versions_are_kept_in_order_and_never_overwritten(db: &TestDb) {
    assert_eq!(
        db.store.latest_version(Document::Policy).await.unwrap(),
        None
    );
    save_policy(db, &policy_v2(), "lead", "Faster P0 response", "192.0.2.7")
        .await
        .unwrap();
    let racing = SlaPolicy {
        version: PolicyVersion(2),
        ..SlaPolicy::default()
    };
    let again = save_policy(db, &racing, "other lead", "Racing edit", "192.0.2.8").await;
    assert!(
        matches!(
            again,
            Err(StoreError::Constraint {
                kind: ConstraintKind::Unique,
                ..
            })
        ),
        "{again:?}"
    );
    assert_eq!(
        db.store.latest_version(Document::Policy).await.unwrap(),
        Some(2)
    );
    assert_eq!(
        db.store.latest_versions().await.unwrap()[Document::Runbook.slot()],
        None,
        "each document has versions of its own"
    );
    assert_eq!(stored_policy(db, 2).await, Some(policy_v2()));
    assert_eq!(stored_policy(db, 3).await, None);
    let history = db.store.document_history(Document::Policy).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (
            history[0].version,
            history[0].created_by.as_str(),
            history[0].note.as_str()
        ),
        (2, "lead", "Faster P0 response")
    );
    // The audit log has the saved version and nothing of the refused one.
    let audit: Vec<_> = db
        .store
        .audit_log(10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.actor, e.action, e.subject, e.address, e.detail))
        .collect();
    assert_eq!(
        audit,
        [(
            "lead".to_owned(),
            AuditAction::PolicySaved,
            "SLA policy v2".to_owned(),
            "192.0.2.7".to_owned(),
            "Faster P0 response".to_owned()
        )]
    );
}

pub async fn a_dump_restores_into_an_empty_store_as_the_same_desk(db: &TestDb) {
    populate(db).await;
    let dump = db.store.dump().await.unwrap();
    assert_eq!(
        (dump.desks.len(), dump.tickets.len(), dump.events.len()),
        (2, 4, 9)
    );
    let copied: Vec<(&str, usize)> = dump
        .tables
        .iter()
        .map(|t| (t.table.as_str(), t.rows.len()))
        .collect();
    assert_eq!(
        copied,
        [
            ("sla_policies", 1),
            ("runbooks", 1),
            ("training_scenarios", 1),
            ("users", 1),
            ("api_tokens", 1),
            ("display_tokens", 1),
            // The login populate records, and the policy, runbook and
            // scenario versions it saves.
            ("audit_log", 4),
            ("sla_marks", 1),
            ("status_links", 1),
            ("outbox", 1),
            ("articles", 1),
            ("article_versions", 2),
            ("article_tickets", 1),
            ("reviews", 1),
            ("review_items", 1),
            ("review_proposals", 1)
        ]
    );

    let target = db.sibling().await;
    target.store.restore(&dump).await.expect("restores");
    assert_eq!(
        target.store.dump().await.unwrap(),
        dump,
        "the same desks, tickets and log"
    );
    // The review's follow-up is listed from the restored rows.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    let items = target.store.open_action_items(DESK, day, 10).await.unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].owner, "wang.fang");
    assert!(items[0].overdue);
    assert_eq!(
        target.store.overdue_action_items(DESK, day).await.unwrap(),
        1
    );
    // The restored desk goes on where the old one stopped.
    let next = target
        .store
        .register(DESK, new_ticket("after the move", 30))
        .await
        .unwrap();
    assert_eq!(next.number.to_string(), "FL-00004");
    assert!(next.id.0 > dump.tickets.iter().map(|t| t.id.0).max().unwrap());
    let events = target.store.events(DESK, next.id).await.unwrap();
    assert!(events[0].id > dump.events.iter().map(|e| e.event.id).max().unwrap());
    // Accounts came across, hashes and all, and new ones continue after them.
    let moved = target
        .store
        .user_by_login(&Login::parse("wang.fang").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(moved.user.display_name, "王芳");
    assert!(moved.password_hash.starts_with("$argon2id$"));
    assert_eq!(
        target
            .store
            .display_by_token("hash-2")
            .await
            .unwrap()
            .unwrap()
            .name,
        "Wall"
    );
    assert!(
        target
            .store
            .user_by_api_token("hash-1", t0())
            .await
            .unwrap()
            .is_none(),
        "revoked stays revoked"
    );
    let next_user = target
        .store
        .create_user(NewUser {
            login: Login::parse("li.na").unwrap(),
            display_name: "Li Na".into(),
            role: Role::Agent,
            desk: DESK,
            sandbox: None,
            password_hash: "x".into(),
            at: t0(),
        })
        .await
        .unwrap();
    assert!(next_user.id > moved.user.id);
}

pub async fn a_dump_never_restores_over_existing_tickets(db: &TestDb) {
    populate(db).await;
    let dump = db.store.dump().await.unwrap();
    let again = db.store.restore(&dump).await;
    assert!(matches!(again, Err(StoreError::NotEmpty)), "{again:?}");
    assert_eq!(db.store.dump().await.unwrap(), dump, "nothing changed");
}

pub async fn the_queue_reads_a_limited_page_of_open_tickets(db: &TestDb) {
    let register = |department: &'static str, minutes| {
        let store = db.store.clone();
        async move {
            store
                .register(DESK, new_ticket(department, minutes))
                .await
                .unwrap()
        }
    };
    let late = register("due in 8 h", 480).await;
    // Two tickets whose every clock is met: nothing is due, so they come
    // after every ticket with a deadline, oldest first.
    let mut undated = Vec::new();
    for minutes_later in [1, 2] {
        let ticket = register("every clock met", 30).await;
        let mut update = to_p1(&ticket, "responded", minutes_later);
        update.ticket.sla.next = None;
        update.ticket.sla.check_at = None;
        undated.push(db.store.apply(DESK, update).await.unwrap().id);
    }
    let soon = register("due in 30 min", 30).await;
    let closed = register("closed", 10).await;
    let mut update = to_p1(&closed, "fixed and confirmed", 1);
    update.ticket.stage = Stage::Closed;
    db.store.apply(DESK, update).await.unwrap();

    let page = |limit| {
        let store = db.store.clone();
        async move {
            store
                .open_tickets(DESK, limit)
                .await
                .unwrap()
                .into_iter()
                .map(|t| t.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(page(100).await, [soon.id, late.id, undated[0], undated[1]]);
    assert_eq!(page(1).await, [soon.id]);
    assert_eq!(page(2).await, [soon.id, late.id]);
    assert_eq!(page(3).await, [soon.id, late.id, undated[0]]);
    assert_eq!(page(5).await.len(), 4, "only the open tickets");
}

pub async fn a_ticket_has_one_working_status_link_and_a_renewal_revokes_it(db: &TestDb) {
    let ticket = db
        .store
        .register(DESK, new_ticket("Sales", 30))
        .await
        .unwrap();
    let link = |nonce: &'static str, hash: &'static str, minutes: i64| NewStatusLink {
        nonce,
        token_hash: hash,
        at: t0() + TimeDelta::minutes(minutes),
    };
    assert_eq!(
        db.store.status_link(DESK, ticket.number).await.unwrap(),
        None
    );
    let first = db
        .store
        .issue_status_link(DESK, ticket.number, link("n1", "h1", 1), false)
        .await
        .unwrap();
    assert_eq!(
        (first.nonce.as_str(), first.token_hash.as_str()),
        ("n1", "h1")
    );
    assert_eq!(first.created_at, t0() + TimeDelta::minutes(1));
    let again = db
        .store
        .issue_status_link(DESK, ticket.number, link("n2", "h2", 2), false)
        .await
        .unwrap();
    assert_eq!(again, first, "a working link is kept");
    assert_eq!(
        db.store.ticket_of_link("h1").await.unwrap(),
        Some((DESK, ticket.number))
    );
    assert_eq!(db.store.ticket_of_link("h2").await.unwrap(), None);

    let renewed = db
        .store
        .issue_status_link(DESK, ticket.number, link("n3", "h3", 3), true)
        .await
        .unwrap();
    assert_eq!(renewed.nonce, "n3");
    assert_eq!(db.store.ticket_of_link("h1").await.unwrap(), None);
    assert_eq!(
        db.store.ticket_of_link("h3").await.unwrap(),
        Some((DESK, ticket.number))
    );
    assert_eq!(
        db.store.status_link(DESK, ticket.number).await.unwrap(),
        Some(renewed)
    );
}

pub async fn a_queued_message_is_claimed_by_one_worker_until_its_lease_runs_out(db: &TestDb) {
    use firstline_app::domain::{DeliveryState, Language, MessageKind};
    let ticket = db
        .store
        .register(DESK, new_ticket("Sales", 30))
        .await
        .unwrap();
    let mut update = to_p1(&ticket, "reporter told", 1);
    update.message = Some(NewMessage {
        kind: MessageKind::Progress,
        to: "li.wei@example.com".into(),
        language: Language::ZhCn,
        state: DeliveryState::Queued,
    });
    db.store.apply(DESK, update).await.unwrap();
    let lease = TimeDelta::seconds(60);
    let at = |seconds: i64| t0() + TimeDelta::minutes(1) + TimeDelta::seconds(seconds);

    let claimed = db
        .store
        .claim_messages("a", at(0), lease, 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    let message = &claimed[0];
    assert_eq!(
        (
            message.number,
            message.version,
            message.kind,
            message.attempts
        ),
        (ticket.number, 2, MessageKind::Progress, 0)
    );
    assert_eq!(message.language, Language::ZhCn);
    assert!(
        db.store
            .claim_messages("b", at(30), lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "a live claim holds"
    );
    // Worker a died: b takes the message over once the lease has run out,
    // and a's late word is not taken.
    let taken = db
        .store
        .claim_messages("b", at(61), lease, 10)
        .await
        .unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(taken[0].attempts, 1, "a's try counts");
    assert!(
        !db.store
            .finish_message(message.id, "a", at(62), &SendOutcome::Sent)
            .await
            .unwrap()
    );
    let retry = SendOutcome::Retry {
        error: "451 busy".into(),
        retry_at: at(120),
    };
    assert!(
        db.store
            .finish_message(message.id, "b", at(62), &retry)
            .await
            .unwrap()
    );
    assert!(
        db.store
            .claim_messages("b", at(100), lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "not before its retry time"
    );
    let again = db
        .store
        .claim_messages("c", at(120), lease, 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert!(
        db.store
            .finish_message(message.id, "c", at(121), &SendOutcome::Sent)
            .await
            .unwrap()
    );
    assert!(
        db.store
            .claim_messages("c", at(500), lease, 10)
            .await
            .unwrap()
            .is_empty(),
        "a sent message is done"
    );
    let shown = db.store.deliveries(DESK, ticket.number).await.unwrap();
    assert_eq!(shown.len(), 1);
    assert_eq!(
        (shown[0].state, shown[0].attempts, shown[0].sent_at),
        (DeliveryState::Sent, 3, Some(at(121)))
    );
    assert_eq!(shown[0].last_error, None, "a sent message carries no error");
}
