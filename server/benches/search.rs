//! Search at scale (R19): the search and the similar-case lookup through
//! the desk service over 100,000 tickets of mixed Chinese and English, a
//! third of them closed, and 10,000 knowledge articles, half of them
//! published, on both backends.
//!
//! Run: `cargo bench -p firstline-server --bench search`
//! (PostgreSQL too when `FIRSTLINE_TEST_POSTGRES` names a server).
//! Knobs: `BENCH_TICKETS` (default 100000), `BENCH_ARTICLES` (10000),
//! `BENCH_QUERIES` (1000).

mod common;
#[path = "../tests/common/databases.rs"]
mod databases;

use chrono::{TimeDelta, Utc};
use common::{desk_and_agent, env_or, quantile};
use databases::TestDb;
use firstline_app::domain::knowledge::{ArticleBody, ArticleState, FaultType, SearchQuery};
use firstline_app::domain::sla::SlaSnapshot;
use firstline_app::domain::{
    Change, Channel, Contact, Department, DeskId, Impact, ImpactScope, Intake, Language,
    PolicyVersion, Priority, ReportedAt, RunbookVersion, Stage, Symptom, Urgency,
};
use firstline_server::store::{ArticleEdit, NewArticle, NewTicket, TicketUpdate};
use std::time::Instant;

/// Words of Chinese fault reports.
const CHINESE: &[&str] = &[
    "登录",
    "支付",
    "卡顿",
    "报错",
    "超时",
    "无法",
    "页面",
    "系统",
    "数据库",
    "网络",
    "打印机",
    "白屏",
    "闪退",
    "订单",
    "库存",
    "报表",
    "导出",
    "上传",
    "下载",
    "接口",
    "服务器",
    "内存",
    "磁盘",
    "证书",
    "过期",
    "权限",
    "密码",
    "账号",
    "门店",
    "收款",
    "退款",
    "发票",
    "审批",
    "流程",
    "邮件",
    "短信",
    "验证码",
    "缓存",
    "同步",
    "延迟",
    "重启",
    "升级",
    "回滚",
    "配置",
    "日志",
    "告警",
    "负载",
    "连接",
    "失败",
    "异常",
    "缓慢",
    "崩溃",
    "丢失",
    "重复",
    "错误",
];

/// Words of English fault reports and error texts.
const ENGLISH: &[&str] = &[
    "nginx",
    "timeout",
    "gateway",
    "database",
    "login",
    "payment",
    "error",
    "exception",
    "connection",
    "refused",
    "null",
    "pointer",
    "memory",
    "disk",
    "full",
    "certificate",
    "expired",
    "deadlock",
    "slow",
    "query",
    "index",
    "cache",
    "redis",
    "kafka",
    "queue",
    "worker",
    "crash",
    "upload",
    "report",
    "export",
    "invoice",
    "printer",
    "vpn",
    "dns",
    "proxy",
    "token",
    "session",
    "oauth",
    "api",
    "java",
    "python",
    "stack",
    "trace",
];

const CODES: &[&str] = &[
    "500",
    "502",
    "503",
    "504",
    "404",
    "401",
    "ORA-01555",
    "E1001",
];

/// Makes one query of a kind.
type MakeQuery = fn(&mut Words) -> String;

/// A small deterministic generator, so that every run indexes the same text.
struct Words(u64);

impl Words {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.next(list.len())]
    }

    /// A report: Chinese steps with some English, and an error text.
    fn report(&mut self) -> (String, String) {
        let steps: Vec<&str> = (0..8 + self.next(10))
            .map(|_| {
                if self.next(4) == 0 {
                    self.pick(ENGLISH)
                } else {
                    self.pick(CHINESE)
                }
            })
            .collect();
        let error = format!(
            "{} {} {}",
            self.pick(ENGLISH),
            self.pick(CODES),
            self.pick(ENGLISH)
        );
        (steps.join(""), error)
    }
}

fn new_ticket(steps: String, error: String) -> NewTicket {
    let now = Utc::now();
    let due = now + TimeDelta::hours(2);
    let intake = Intake {
        reported_at: ReportedAt::from_stored(now),
        channel: Channel::Web,
        department: Department::from_stored("客服部".into()),
        contact: Contact::from_stored("李伟 ext. 602155".into()),
        symptom: Symptom::from_stored(steps, error),
        impact_scope: ImpactScope::from_stored("部分门店".into()),
        impact: Impact::Group,
        urgency: Urgency::High,
        urgent: false,
        reporter_email: None,
        reporter_language: Language::ZhCn,
    };
    NewTicket {
        event: Change::Registered {
            channel: intake.channel,
            impact: intake.impact,
            urgency: intake.urgency,
            priority: Priority::P1,
            urgent: false,
            policy_version: PolicyVersion(1),
            response_due_at: due,
            runbook: RunbookVersion::DEFAULT,
        },
        intake,
        priority: Priority::P1,
        policy_version: PolicyVersion(1),
        sla: SlaSnapshot::default(),
        registered_at: now,
        registered_by: "bench".into(),
    }
}

/// Registers `tickets` tickets through the store (so each is indexed as a
/// registration indexes it) and closes every third through it; then drafts
/// `articles` knowledge articles and publishes every other one, also
/// through the store, so that the index holds what the writes leave there.
async fn populate(db: &TestDb, tickets: usize, articles: usize) {
    let mut words = Words(7);
    for n in 1..=tickets {
        let (steps, error) = words.report();
        let ticket = db
            .store
            .register(DeskId::PRODUCTION, new_ticket(steps, error))
            .await
            .expect("registers");
        if n % 3 == 0 {
            let mut closed = ticket.clone();
            closed.version += 1;
            closed.stage = Stage::Closed;
            let update = TicketUpdate {
                ticket: closed,
                at: Utc::now(),
                actor: "bench".into(),
                change: Change::StageChanged {
                    from: ticket.stage,
                    to: Stage::Closed,
                },
                message: None,
            };
            db.store
                .apply(DeskId::PRODUCTION, update)
                .await
                .expect("closes");
        }
    }
    for n in 0..articles {
        let (steps, error) = words.report();
        let body = ArticleBody {
            title: steps.chars().take(20).collect(),
            symptom: steps,
            cause: error,
            workaround: words.report().0,
            fix: words.report().0,
            evidence: String::new(),
            fault_type: FaultType::Other,
        };
        let new = NewArticle {
            body: body.clone(),
            author: "bench".into(),
            at: Utc::now(),
            source: None,
        };
        let article = db
            .store
            .create_article(DeskId::PRODUCTION, new)
            .await
            .expect("drafts");
        if n % 2 == 0 {
            let edit = ArticleEdit {
                number: article.number,
                version: article.version,
                body,
                state: ArticleState::Published,
                author: "bench".into(),
                at: Utc::now(),
            };
            db.store
                .save_article(DeskId::PRODUCTION, edit)
                .await
                .expect("publishes");
        }
    }
    let analyze = "ANALYZE";
    if let Some(store) = db.sqlite_store() {
        sqlx::query(analyze)
            .execute(store.pool())
            .await
            .expect("analyze");
    } else if let Some(store) = db.postgres_store() {
        sqlx::query(analyze)
            .execute(store.pool())
            .await
            .expect("analyze");
    }
}

/// Prints p50 and p99 of `samples` (ms) with the mean number of results.
fn report(name: &str, what: &str, samples: &mut [f64], results: usize) {
    samples.sort_by(f64::total_cmp);
    println!(
        "| {name} | {what} | {:.1} | {:.2} ms | {:.2} ms | {} |",
        results as f64 / samples.len() as f64,
        quantile(samples, 0.5),
        quantile(samples, 0.99),
        samples.len()
    );
}

async fn measure(name: &str, db: &TestDb, tickets: usize, articles: usize) {
    let queries = env_or("BENCH_QUERIES", 1000);
    let started = Instant::now();
    populate(db, tickets, articles).await;
    eprintln!(
        "{name}: {tickets} tickets and {articles} articles written and indexed in {:.0?}",
        started.elapsed()
    );
    let (desk, actor) = desk_and_agent(db.store.clone());
    let mut words = Words(11);
    let kinds: [(&str, MakeQuery); 4] = [
        ("one Chinese word (登录)", |w| w.pick(CHINESE).to_owned()),
        ("one character (登)", |w| {
            w.pick(CHINESE).chars().next().unwrap().to_string()
        }),
        ("an English word or code", |w| {
            if w.next(3) == 0 {
                w.pick(CODES)
            } else {
                w.pick(ENGLISH)
            }
            .to_owned()
        }),
        ("mixed, three words (nginx 502 报错)", |w| {
            format!("{} {} {}", w.pick(ENGLISH), w.pick(CODES), w.pick(CHINESE))
        }),
    ];
    for (what, make) in kinds {
        let mut samples = Vec::with_capacity(queries);
        let mut results = 0;
        for i in 0..queries + queries / 10 {
            let query = SearchQuery::parse(&make(&mut words)).expect("a query");
            let start = Instant::now();
            let view = desk.search(&actor, &query, 20).await.expect("searches");
            if i >= queries / 10 {
                samples.push(start.elapsed().as_secs_f64() * 1e3);
                results += view.results.len();
            }
        }
        report(name, &format!("search: {what}"), &mut samples, results);
    }
    let mut samples = Vec::with_capacity(queries);
    let mut results = 0;
    for i in 0..queries + queries / 10 {
        let (steps, error) = words.report();
        let text = format!("{steps}\n{error}");
        let start = Instant::now();
        let cases = desk
            .similar_cases(&actor, &text, None)
            .await
            .expect("similar cases");
        if i >= queries / 10 {
            samples.push(start.elapsed().as_secs_f64() * 1e3);
            results += cases.len();
        }
    }
    report(name, "similar cases of a new report", &mut samples, results);
}

#[tokio::main]
async fn main() {
    let tickets = env_or("BENCH_TICKETS", 100_000);
    let articles = env_or("BENCH_ARTICLES", 10_000);
    println!("### Search over {tickets} tickets and {articles} articles\n");
    println!("| backend | lookup | results (mean) | p50 | p99 | queries |");
    println!("|---|---|---|---|---|---|");
    let sqlite = databases::sqlite().await;
    measure("SQLite", &sqlite, tickets, articles).await;
    match databases::postgres().await {
        Some(pg) => measure("PostgreSQL", &pg, tickets, articles).await,
        None => println!("| PostgreSQL | not run: set FIRSTLINE_TEST_POSTGRES | | | | |"),
    }
}
