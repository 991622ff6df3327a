//! The desk service: where the procedure's rules are applied with authority.
//!
//! It validates input with the shared domain code, judges priorities under the
//! SLA policy, keeps every ticket's clocks up to date, decides who may do
//! what, and hands complete changes to the store, which writes each one in a
//! single transaction. The server functions (through
//! [`DeskApi`](firstline_app::api::DeskApi)) and the JSON API both call it.

mod book;
mod clock;
mod error;
mod feed;
mod policy;
mod runbook;
mod scheduler;

pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{DeskError, require};
pub use feed::{Published, Subscription};
pub use scheduler::Scheduler;

use crate::store::{AccountStore, Database, Document, LogScope, NewTicket, Store, TicketUpdate};
use chrono::{DateTime, FixedOffset, Utc};
use firstline_app::api::{
    DayFigures, LiveEvent, PRESENCE_BEAT_SECONDS, Presence, QueueLimit, QueueRow, QueueView,
    Viewer, WallLane, WallView,
};
use firstline_app::domain::sla::{
    ClockName, Evaluation, SlaEvent, SlaEventKind, SlaSnapshot, crossings, evaluate, sla_events,
};
use firstline_app::domain::{
    Action, ActionRequest, Actor, Change, Field, FieldError, Intake, IntakeDraft, Login,
    PolicyVersion, Priority, Progress, Reason, Reclassification, ReclassifyDraft, Refusal, Runbook,
    RunbookVersion, Ticket, TicketAction, TicketEvent, TicketNumber,
};
use policy::PolicyBook;
pub use runbook::RunbookBook;
use std::sync::Arc;
use tracing::instrument;

/// The desk service. Cheap to share: clone the `Arc` it lives in.
pub struct Desk {
    /// Where tickets and their logs are kept.
    store: Arc<dyn Store>,
    /// The accounts, to check that an owner or an expert exists.
    people: Arc<dyn AccountStore>,
    /// The only source of "now" (server time is the only time).
    clock: Arc<dyn Clock>,
    /// The SLA policy versions, read from the store once each.
    policies: PolicyBook,
    /// The runbook versions.
    runbooks: RunbookBook,
    /// The desk's time zone offset: form times are entered in it.
    utc_offset: FixedOffset,
    /// Every desk's log as it grows, read once for all live streams.
    feed: feed::Feed,
    /// Set when the server stops: live streams end, so that shutdown does
    /// not wait on clients that would follow the desk for ever.
    closing: tokio::sync::watch::Sender<bool>,
}

/// How many of the most urgent open tickets the wall sorts into lanes;
/// beyond them, lanes count their tickets without showing them.
const WALL_TICKETS: u32 = 1_000;

/// How many tickets one pass of the SLA scheduler looks at, at most.
const SWEEP_BATCH: i64 = 500;

impl Desk {
    /// Creates the service over a store.
    pub fn new(db: Arc<dyn Database>, clock: Arc<dyn Clock>, utc_offset: FixedOffset) -> Self {
        let store: Arc<dyn Store> = db.clone();
        let closing = tokio::sync::watch::Sender::new(false);
        Self {
            feed: feed::Feed::new(store.clone(), clock.clone(), closing.subscribe()),
            policies: PolicyBook::new(store.clone()),
            runbooks: RunbookBook::new(store.clone()),
            store,
            people: db,
            clock,
            utc_offset,
            closing,
        }
    }

    /// Ends every live stream (the server is stopping).
    pub fn end_streams(&self) {
        self.closing.send_replace(true);
    }

    /// Becomes true when the server stops.
    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Tells the live feed that a log has new entries.
    fn wrote(&self) {
        self.feed.wake();
    }

    /// Follows every desk's new log entries, for a live stream of the
    /// actor's desk (anyone who may see the queue may follow it). Entries
    /// of other desks are the stream's to drop.
    pub async fn follow(&self, actor: &Actor) -> Result<Subscription, DeskError> {
        require(actor, Action::ViewQueue)?;
        Ok(self.feed.subscribe().await?)
    }

    /// Entries up to this id are not published by the feed any more.
    pub fn feed_watermark(&self) -> i64 {
        self.feed.watermark()
    }

    /// Up to `limit` entries of the actor's desk's log after `after`, as a
    /// live stream sends them (anyone who may see the queue may follow it).
    pub async fn live_after(
        &self,
        actor: &Actor,
        after: i64,
        limit: i64,
    ) -> Result<Vec<LiveEvent>, DeskError> {
        require(actor, Action::ViewQueue)?;
        let now = self.clock.now();
        let entries = self
            .store
            .events_after(LogScope::Desk(actor.desk), after, limit)
            .await?;
        Ok(entries
            .iter()
            .map(|entry| LiveEvent::new(entry.number, &entry.event, now))
            .collect())
    }

    /// Where a live stream of the actor's desk starts when the client has
    /// seen nothing: after the newest entry.
    pub async fn live_start(&self, actor: &Actor) -> Result<i64, DeskError> {
        require(actor, Action::ViewQueue)?;
        Ok(self.store.last_event_id(LogScope::Desk(actor.desk)).await?)
    }

    /// The current server time.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The SLA policies: the current one, any version, and editing.
    pub fn policies(&self) -> &PolicyBook {
        &self.policies
    }

    /// The runbook versions: the current one, any version, and editing.
    pub fn runbooks(&self) -> &RunbookBook {
        &self.runbooks
    }

    /// The desk's offset from UTC.
    pub fn utc_offset(&self) -> FixedOffset {
        self.utc_offset
    }

    /// The store, for health checks and shutdown.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// R01–R03: validates a registration, judges its priority under the
    /// current policy, starts its clocks, and stores it with its
    /// "registered" event.
    #[instrument(skip(self, draft), fields(actor = %actor.name, desk = actor.desk.0))]
    pub async fn register(&self, actor: &Actor, draft: &IntakeDraft) -> Result<Ticket, DeskError> {
        require(actor, Action::RegisterTicket)?;
        let now = self.clock.now();
        let intake = Intake::parse(draft, self.utc_offset, now).map_err(DeskError::Invalid)?;
        // The policy and runbook in force, asked for in one round trip.
        let latest = self
            .store
            .latest_versions(&[Document::Policy, Document::Runbook])
            .await?;
        let number = |i: usize| latest.get(i).copied().flatten().unwrap_or(1);
        let policy = self.policies.version(PolicyVersion(number(0))).await?;
        let runbook = self.runbooks.version(RunbookVersion(number(1))).await?;
        let judgement = policy.judge(intake.impact, intake.urgency);
        let reported_at = intake.reported_at.at();
        let registered = SlaEvent {
            at: reported_at,
            kind: SlaEventKind::Registered {
                priority: judgement.priority,
            },
        };
        let evaluation = evaluate(
            &firstline_app::domain::sla::Policies::single(&policy),
            &[registered],
            now,
        );
        let event = Change::Registered {
            channel: intake.channel,
            impact: intake.impact,
            urgency: intake.urgency,
            priority: judgement.priority,
            urgent: intake.urgent,
            policy_version: judgement.policy_version,
            response_due_at: response_due(&evaluation)
                .unwrap_or(reported_at + judgement.response_target),
            runbook: runbook.version,
        };
        let ticket = NewTicket {
            intake,
            priority: judgement.priority,
            policy_version: judgement.policy_version,
            sla: SlaSnapshot::after_change(&evaluation, now),
            registered_at: now,
            registered_by: actor.name.clone(),
            event,
        };
        let ticket = self.store.register(actor.desk, ticket).await?;
        self.wrote();
        tracing::info!(number = %ticket.number, priority = %ticket.priority, "ticket registered");
        Ok(ticket)
    }

    /// R03: corrects a ticket's impact and urgency. The priority and the
    /// clocks are judged again from their starts; the change and its reason
    /// are an event. A stale `version` is refused as a conflict.
    #[instrument(skip(self, draft), fields(actor = %actor.name, desk = actor.desk.0, number = %number))]
    pub async fn reclassify(
        &self,
        actor: &Actor,
        number: TicketNumber,
        draft: &ReclassifyDraft,
    ) -> Result<Ticket, DeskError> {
        require(actor, Action::ChangeTicket)?;
        let reclassification = Reclassification::parse(draft).map_err(DeskError::Invalid)?;
        let policies = &self.policies;
        let ticket = self
            .change(actor, number, draft.version, async |current: &Ticket, _| {
                let policy = policies.version(current.policy_version).await?;
                Ok(current.reclassify(reclassification, &policy))
            })
            .await?;
        tracing::info!(priority = %ticket.priority, "ticket reclassified");
        Ok(ticket)
    }

    /// Does something to a ticket: any [`TicketAction`], judged by the same
    /// rules the browser asks ([`Ticket::act`]) against the ticket's log and
    /// the runbook version it follows. Leads alone apply policy versions and
    /// form swarms; owners and experts must be accounts of the desk.
    #[instrument(skip(self, request), fields(actor = %actor.name, desk = actor.desk.0, number = %number, action = %request.action))]
    pub async fn act(
        &self,
        actor: &Actor,
        number: TicketNumber,
        request: &ActionRequest,
    ) -> Result<Ticket, DeskError> {
        require(actor, Action::ChangeTicket)?;
        match &request.action {
            TicketAction::ApplyPolicy { policy_version } => {
                require(actor, Action::EditPolicy)?;
                // The version must exist; asking for it loads it.
                self.policies.version(*policy_version).await?;
            }
            TicketAction::AddExpert { login, .. } => {
                require(actor, Action::FormSwarm)?;
                self.known_person(actor, login, Field::Expert).await?;
            }
            TicketAction::RemoveExpert { .. } => require(actor, Action::FormSwarm)?,
            TicketAction::PlanAction { owner, .. } => {
                self.known_person(actor, owner, Field::Owner).await?;
            }
            _ => {}
        }
        let runbooks = &self.runbooks;
        self.change(
            actor,
            number,
            request.version,
            async |current: &Ticket, log: &[TicketEvent]| {
                let progress = Progress::from_log(log);
                let runbook = runbooks.version(progress.runbook).await?;
                Ok(current.act(&progress, &runbook, &request.action)?)
            },
        )
        .await
    }

    /// Refuses a login that names no active account of the actor's desk. A
    /// login that is not even well formed is left to the shared rules,
    /// which say so with the other fields.
    async fn known_person(
        &self,
        actor: &Actor,
        login: &str,
        field: Field,
    ) -> Result<(), DeskError> {
        let Ok(login) = Login::parse(login) else {
            return Ok(());
        };
        let known = self
            .people
            .user_by_login(&login)
            .await?
            .is_some_and(|record| record.user.active && record.user.desk == actor.desk);
        if known {
            Ok(())
        } else {
            Err(DeskError::Invalid(
                FieldError::new(field, Reason::Unknown).into(),
            ))
        }
    }

    /// The shared path of every change to a ticket: check the version, make
    /// the change, bring the clocks up to date, and store the change and the
    /// new state together.
    async fn change(
        &self,
        actor: &Actor,
        number: TicketNumber,
        version: i64,
        make: impl AsyncFnOnce(&Ticket, &[TicketEvent]) -> Result<(Change, Ticket), DeskError>,
    ) -> Result<Ticket, DeskError> {
        let current = self
            .store
            .ticket(actor.desk, number)
            .await?
            .ok_or(DeskError::NotFound)?;
        if current.version != version {
            return Err(DeskError::Conflict {
                current: current.version,
            });
        }
        let mut log = self.store.events(actor.desk, current.id).await?;
        let (mut change, mut next) = make(&current, &log).await?;
        let now = self.clock.now();
        log.push(TicketEvent {
            id: 0,
            version: next.version,
            at: now,
            actor: actor.name.clone(),
            change: change.clone(),
        });
        let evaluation = self.evaluate(&next, &log, now).await?;
        // A new priority's response deadline follows the policy's calendar.
        if let (
            Change::Reclassified {
                response_due_at, ..
            },
            Some(due),
        ) = (&mut change, response_due(&evaluation))
        {
            *response_due_at = due;
        }
        next.sla = SlaSnapshot::after_change(&evaluation, now);
        let update = TicketUpdate {
            ticket: next,
            at: now,
            actor: actor.name.clone(),
            change,
        };
        let stored = self.store.apply(actor.desk, update).await?;
        self.wrote();
        Ok(stored)
    }

    /// A ticket's clocks at `now`, under the policies of its log.
    async fn evaluate(
        &self,
        ticket: &Ticket,
        log: &[TicketEvent],
        now: DateTime<Utc>,
    ) -> Result<Evaluation, DeskError> {
        let held = self.policies.of_log(log).await?;
        Ok(evaluate(&held.policies(), &sla_events(ticket, log), now))
    }

    /// The most urgent open tickets of the actor's desk, the nearest due
    /// clock first, and whether more are open than the limit let through.
    #[instrument(skip(self), fields(actor = %actor.name, desk = actor.desk.0, limit = limit.get()))]
    pub async fn queue(&self, actor: &Actor, limit: QueueLimit) -> Result<QueueView, DeskError> {
        require(actor, Action::ViewQueue)?;
        // One past the limit tells whether more wait, without counting them.
        let mut tickets = self.store.open_tickets(actor.desk, limit.get() + 1).await?;
        let more = tickets.len() > limit.get() as usize;
        tickets.truncate(limit.get() as usize);
        Ok(QueueView {
            server_now: self.now(),
            rows: tickets.iter().map(QueueRow::from).collect(),
            more,
        })
    }

    /// Notes where the actor stands with a ticket's page (viewing, editing,
    /// or gone) and returns who else has it open. People not heard from for
    /// three beats have left. Arrivals, departures and edits are told to
    /// the desk's streams at once (every process's, on PostgreSQL).
    pub async fn presence(
        &self,
        actor: &Actor,
        number: TicketNumber,
        presence: Presence,
    ) -> Result<Vec<Viewer>, DeskError> {
        require(actor, Action::ViewTicket)?;
        let user = actor.user().ok_or(DeskError::Forbidden)?;
        if self.store.ticket(actor.desk, number).await?.is_none() {
            return Err(DeskError::NotFound);
        }
        let now = self.clock.now();
        let editing = match presence {
            Presence::Viewing => Some(false),
            Presence::Editing => Some(true),
            Presence::Left => None,
        };
        let news = self
            .store
            .note_presence(actor.desk, number, user, &actor.name, editing, now)
            .await?;
        // Where the database announces it, every process hears it, this
        // one included; otherwise only this process's streams are told.
        if news && !self.store.announce_presence(actor.desk, number).await? {
            self.feed.presence_changed(actor.desk, number);
        }
        let since = now - chrono::TimeDelta::seconds(3 * i64::from(PRESENCE_BEAT_SECONDS));
        Ok(self.store.presence(actor.desk, number, since, user).await?)
    }

    /// The wall display of the actor's desk: open tickets in lanes by
    /// priority, the escalations and swarms, and today's figures (from
    /// midnight in the desk's time zone).
    #[instrument(skip(self), fields(actor = %actor.name, desk = actor.desk.0))]
    pub async fn wall(&self, actor: &Actor) -> Result<WallView, DeskError> {
        require(actor, Action::ViewWall)?;
        let now = self.clock.now();
        let local = now.with_timezone(&self.utc_offset);
        let midnight = local
            .date_naive()
            .and_hms_opt(0, 0, 0)
            .and_then(|m| m.and_local_timezone(self.utc_offset).single())
            .map_or(now, |m| m.with_timezone(&Utc));
        let counts = self.store.day_counts(actor.desk, midnight).await?;
        let tickets = self.store.open_tickets(actor.desk, WALL_TICKETS).await?;
        let rows: Vec<QueueRow> = tickets.iter().map(QueueRow::from).collect();
        let open_of = |priority: Priority| {
            counts
                .open
                .iter()
                .find(|(p, _)| *p == priority)
                .map_or(0, |(_, n)| *n as u32)
        };
        let lanes = Priority::ALL
            .iter()
            .map(|&priority| {
                let of_priority = rows.iter().filter(|r| r.priority == priority).cloned();
                WallLane::sort(priority, of_priority, open_of(priority), now)
            })
            .collect();
        let mut attention: Vec<QueueRow> = rows
            .into_iter()
            .filter(|r| r.escalated || !r.swarm.is_empty())
            .collect();
        let attention_hidden = attention.len().saturating_sub(WallLane::ATTENTION) as u32;
        attention.truncate(WallLane::ATTENTION);
        let open = counts.open.iter().map(|(_, n)| *n).sum::<i64>();
        let figures = DayFigures::new(
            counts.new as u32,
            open as u32,
            counts.breached as u32,
            &counts.resolutions,
        );
        Ok(WallView {
            server_now: now,
            lanes,
            attention,
            attention_hidden,
            figures,
        })
    }

    /// One ticket of the actor's desk and its operation log.
    #[instrument(skip(self), fields(actor = %actor.name, desk = actor.desk.0, number = %number))]
    pub async fn ticket(
        &self,
        actor: &Actor,
        number: TicketNumber,
    ) -> Result<(Ticket, Vec<TicketEvent>), DeskError> {
        require(actor, Action::ViewTicket)?;
        let ticket = self
            .store
            .ticket(actor.desk, number)
            .await?
            .ok_or(DeskError::NotFound)?;
        let events = self.store.events(actor.desk, ticket.id).await?;
        Ok((ticket, events))
    }

    /// A ticket with its log, the SLA events and policies the browser
    /// evaluates its clocks from, and the clocks now.
    pub async fn ticket_with_clocks(
        &self,
        actor: &Actor,
        number: TicketNumber,
    ) -> Result<TicketClocks, DeskError> {
        let (ticket, log) = self.ticket(actor, number).await?;
        let now = self.clock.now();
        let held = self.policies.of_log(&log).await?;
        let sla_events = sla_events(&ticket, &log);
        let evaluation = evaluate(&held.policies(), &sla_events, now);
        let runbook = self
            .runbooks
            .version(Progress::from_log(&log).runbook)
            .await?;
        Ok(TicketClocks {
            evaluated_at: now,
            runbook,
            ticket,
            log,
            sla_events,
            policies: held.into_list(),
            evaluation,
        })
    }

    /// One pass of the SLA scheduler: every ticket whose next warning or
    /// breach has come gets it recorded in its log (once, however many
    /// passes or processes see it) and its snapshot renewed.
    #[instrument(skip(self))]
    pub async fn sla_sweep(&self) -> Result<SweepPass, DeskError> {
        let now = self.clock.now();
        let due = self.store.due_for_sla(now, SWEEP_BATCH).await?;
        let mut pass = SweepPass {
            looked_at: due.len(),
            recorded: 0,
            full_batch: due.len() as i64 == SWEEP_BATCH,
        };
        for (desk, id) in due {
            let Some(ticket) = self.store.ticket_by_id(desk, id).await? else {
                continue;
            };
            let log = self.store.events(desk, id).await?;
            let evaluation = self.evaluate(&ticket, &log, now).await?;
            let snapshot = SlaSnapshot::after_recording(&evaluation, now);
            let added = self
                .store
                .record_crossings(
                    desk,
                    id,
                    ticket.version,
                    &crossings(&evaluation),
                    now,
                    &snapshot,
                )
                .await?;
            if added > 0 {
                tracing::info!(number = %ticket.number, added, "recorded clock warnings and breaches");
            }
            pass.recorded += added;
        }
        if pass.recorded > 0 {
            self.wrote();
        }
        Ok(pass)
    }
}

/// What one scheduler pass did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SweepPass {
    /// Tickets whose clocks were looked at.
    pub looked_at: usize,
    /// Warnings, breaches and escalations recorded.
    pub recorded: usize,
    /// The pass took as many tickets as it may: more may be waiting.
    pub full_batch: bool,
}

/// When the current response clock falls due, on its calendar.
fn response_due(evaluation: &Evaluation) -> Option<DateTime<Utc>> {
    evaluation
        .current(ClockName::Response)
        .and_then(|clock| clock.due_at)
}

/// A ticket, its log and its clocks.
pub struct TicketClocks {
    /// The time the clocks were evaluated at.
    pub evaluated_at: DateTime<Utc>,
    pub ticket: Ticket,
    pub log: Vec<TicketEvent>,
    pub sla_events: Vec<SlaEvent>,
    /// The policy it was registered under, then the versions applied to it.
    pub policies: Vec<firstline_app::domain::SlaPolicy>,
    pub evaluation: Evaluation,
    /// The runbook version the ticket follows.
    pub runbook: Arc<Runbook>,
}

impl From<Refusal> for DeskError {
    fn from(refusal: Refusal) -> Self {
        DeskError::Refused(refusal)
    }
}
