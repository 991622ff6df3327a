//! What the conformance cases build on: fresh databases and complete tickets.

#[path = "../common/databases.rs"]
mod databases;

pub use databases::{TestDb, postgres, sqlite};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use firstline_app::domain::sla::{ClockName, NextClock, SlaSnapshot};
use firstline_app::domain::{
    Change, Channel, Contact, Department, Impact, ImpactScope, Intake, Language, PolicyVersion,
    Priority, ReportedAt, ReporterEmail, RunbookVersion, Symptom, Urgency,
};
use firstline_server::store::NewTicket;

/// The instant the cases start at.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 6, 30, 0).unwrap() + TimeDelta::milliseconds(123)
}

/// A complete registration: `minutes` until the response is due.
pub fn new_ticket(department: &str, minutes: i64) -> NewTicket {
    let reported = t0() - TimeDelta::minutes(5);
    let intake = Intake {
        reported_at: ReportedAt::from_stored(reported),
        channel: Channel::Phone,
        department: Department::from_stored(department.to_owned()),
        contact: Contact::from_stored("李伟 ext. 602155 / liwei@example.com".to_owned()),
        symptom: Symptom::from_stored(
            "点击“提交”后页面报错\nthen the page reloads".to_owned(),
            "HTTP 502 Bad Gateway\n\tat gateway.rs:42".to_owned(),
        ),
        impact_scope: ImpactScope::from_stored("所有用户无法支付".to_owned()),
        impact: Impact::Widespread,
        urgency: Urgency::Critical,
        urgent: true,
        reporter_email: Some(ReporterEmail::from_stored("liwei@example.com".to_owned())),
        reporter_language: Language::ZhCn,
    };
    let due = reported + TimeDelta::minutes(minutes);
    NewTicket {
        event: Change::Registered {
            channel: intake.channel,
            impact: intake.impact,
            urgency: intake.urgency,
            priority: Priority::P0,
            urgent: true,
            policy_version: PolicyVersion(1),
            response_due_at: due,
            runbook: RunbookVersion::DEFAULT,
        },
        intake,
        priority: Priority::P0,
        policy_version: PolicyVersion(1),
        sla: SlaSnapshot {
            next: Some(NextClock {
                name: ClockName::Response,
                due_at: due,
                warning_at: None,
                paused: false,
                remaining_seconds: (due - t0()).num_seconds(),
            }),
            check_at: Some(due),
            escalated_at: None,
        },
        registered_at: t0(),
        registered_by: "王芳".to_owned(),
    }
}
