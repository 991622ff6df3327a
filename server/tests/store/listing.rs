//! The ticket list's cases (R19: every ticket can be found): the same
//! filters and pages on both backends.

use crate::harness::{TestDb, new_ticket, t0};
use chrono::TimeDelta;
use firstline_app::domain::listing::{Cursor, ListParams, TicketFilter};
use firstline_app::domain::sla::{ClockName, Crossing, CrossingKind};
use firstline_app::domain::{
    Change, Channel, DeskId, DeskKind, Priority, ReportedAt, Stage, Swarm, Ticket,
};
use firstline_server::store::TicketUpdate;

const DESK: DeskId = DeskId::PRODUCTION;

/// The numbers the list shows for these parameters (in UTC days), in order,
/// following every page of `page` tickets.
async fn listed(db: &TestDb, desk: DeskId, params: ListParams, page: u32) -> Vec<u32> {
    let utc = chrono::FixedOffset::east_opt(0).unwrap();
    let mut filter = TicketFilter::parse(&params, utc).expect("valid parameters");
    let mut shown = Vec::new();
    loop {
        let tickets = db
            .store
            .list_tickets(desk, &filter, page)
            .await
            .expect("lists");
        shown.extend(tickets.iter().map(|t| t.number.sequence()));
        let Some(last) = tickets.last().filter(|_| tickets.len() == page as usize) else {
            return shown;
        };
        filter.after = Some(Cursor::past(last, filter.order));
        assert!(shown.len() < 100, "the pages end");
    }
}

fn params(pairs: &[(&str, &str)]) -> ListParams {
    let map: serde_json::Map<String, serde_json::Value> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).into()))
        .collect();
    serde_json::from_value(map.into()).unwrap()
}

/// A change that sets the ticket's state as `edit` says.
async fn change(db: &TestDb, ticket: &Ticket, change: Change, edit: impl FnOnce(&mut Ticket)) {
    let mut next = ticket.clone();
    next.version += 1;
    edit(&mut next);
    db.store
        .apply(
            DESK,
            TicketUpdate {
                ticket: next,
                at: t0() + TimeDelta::minutes(1),
                actor: "agent".into(),
                change,
                message: None,
            },
        )
        .await
        .expect("applies");
}

/// Six tickets: FL-1 to FL-6, due in 60, 10, 30, 90, 20 and 40 minutes;
/// FL-2 is a web P1 of Sales reported a day earlier, FL-3 is closed, FL-4
/// breached its response clock, FL-5 has db.wang in its swarm.
async fn fixture(db: &TestDb) -> Vec<Ticket> {
    let mut tickets = Vec::new();
    for (i, minutes) in [60, 10, 30, 90, 20, 40].into_iter().enumerate() {
        let mut new = new_ticket("Finance", minutes);
        if i == 1 {
            new.intake.channel = Channel::Web;
            new.intake.department =
                firstline_app::domain::Department::from_stored("Sales".to_owned());
            new.intake.reported_at =
                ReportedAt::from_stored(new.intake.reported_at.at() - TimeDelta::days(1));
            new.priority = Priority::P1;
        }
        tickets.push(db.store.register(DESK, new).await.unwrap());
    }
    change(
        db,
        &tickets[2],
        Change::StageChanged {
            from: Stage::Intake,
            to: Stage::Closed,
        },
        |t| {
            t.stage = Stage::Closed;
            t.sla.next = None;
        },
    )
    .await;
    let breached = &tickets[3];
    let due_at = breached.sla.next.unwrap().due_at;
    let crossing = Crossing {
        clock: ClockName::Response,
        cycle: 1,
        started_at: breached.intake.reported_at.at(),
        due_at,
        kind: CrossingKind::Breached,
        at: due_at,
    };
    db.store
        .record_crossings(DESK, breached.id, 1, &[crossing], due_at, &breached.sla)
        .await
        .unwrap();
    change(
        db,
        &tickets[4],
        Change::ExpertAdded {
            login: "db.wang".into(),
            role: "database".into(),
        },
        |t| t.swarm = Swarm::default().with("ops.li").with("db.wang"),
    )
    .await;
    tickets
}

pub async fn r19_the_list_shows_every_ticket_newest_first_a_page_at_a_time(db: &TestDb) {
    fixture(db).await;
    assert_eq!(
        listed(db, DESK, ListParams::default(), 50).await,
        [6, 5, 4, 3, 2, 1]
    );
    assert_eq!(
        listed(db, DESK, ListParams::default(), 4).await,
        [6, 5, 4, 3, 2, 1]
    );
    assert_eq!(
        listed(db, DESK, ListParams::default(), 1).await,
        [6, 5, 4, 3, 2, 1]
    );
}

pub async fn r19_the_list_sorts_by_the_nearest_due_clock_across_pages(db: &TestDb) {
    fixture(db).await;
    // FL-2 due soonest; the closed FL-3 has nothing due and comes last.
    let due = params(&[("order", "due")]);
    assert_eq!(listed(db, DESK, due.clone(), 50).await, [2, 5, 6, 1, 4, 3]);
    assert_eq!(listed(db, DESK, due.clone(), 2).await, [2, 5, 6, 1, 4, 3]);
    assert_eq!(listed(db, DESK, due, 1).await, [2, 5, 6, 1, 4, 3]);
}

pub async fn r19_the_list_filters_by_each_field(db: &TestDb) {
    fixture(db).await;
    let one = |pairs: &'static [(&'static str, &'static str)]| listed(db, DESK, params(pairs), 50);
    assert_eq!(one(&[("stage", "closed")]).await, [3]);
    assert_eq!(one(&[("stage", "intake")]).await, [6, 5, 4, 2, 1]);
    assert_eq!(one(&[("priority", "P1")]).await, [2]);
    assert_eq!(one(&[("channel", "web")]).await, [2]);
    assert_eq!(one(&[("department", "Sales")]).await, [2]);
    assert_eq!(one(&[("department", "sales")]).await, Vec::<u32>::new());
    assert_eq!(one(&[("breached", "yes")]).await, [4]);
    assert_eq!(one(&[("breached", "no")]).await, [6, 5, 3, 2, 1]);
    assert_eq!(one(&[("swarm", "db.wang")]).await, [5]);
    assert_eq!(one(&[("swarm", "ops.li")]).await, [5]);
    assert_eq!(
        one(&[("swarm", "db.w")]).await,
        Vec::<u32>::new(),
        "whole logins"
    );
    assert_eq!(
        one(&[("swarm", "db_wang")]).await,
        Vec::<u32>::new(),
        "no wildcards"
    );
    let day = t0().date_naive();
    let earlier = (day - TimeDelta::days(1)).to_string();
    let before = listed(db, DESK, params(&[("until", &earlier)]), 50).await;
    assert_eq!(before, [2]);
    let today = listed(db, DESK, params(&[("from", &day.to_string())]), 50).await;
    assert_eq!(today, [6, 5, 4, 3, 1]);
    assert_eq!(
        one(&[
            ("stage", "intake"),
            ("priority", "P0"),
            ("breached", "no"),
            ("order", "due")
        ])
        .await,
        [5, 6, 1]
    );
}

pub async fn r19_the_list_stays_on_its_desk(db: &TestDb) {
    fixture(db).await;
    let sandbox = db
        .store
        .create_desk(DeskKind::Sandbox, "Sandbox of trainee 1", t0())
        .await
        .unwrap();
    db.store
        .register(sandbox, new_ticket("Drill", 30))
        .await
        .unwrap();
    assert_eq!(listed(db, sandbox, ListParams::default(), 50).await, [1]);
    assert_eq!(listed(db, DESK, ListParams::default(), 50).await.len(), 6);
}
