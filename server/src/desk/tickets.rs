//! Tickets: registration (R01–R03), reclassification (R03) and every other
//! action on a ticket, each judged by the shared rules and stored with its
//! log entry in one transaction.

use super::{Desk, DeskError, require};
use crate::store::{NewTicket, TicketUpdate};
use chrono::{DateTime, Utc};
use firstline_app::domain::review::ReviewState;
use firstline_app::domain::sla::{
    ClockName, Evaluation, Policies, SlaEvent, SlaEventKind, SlaSnapshot, evaluate, sla_events,
};
use firstline_app::domain::{
    Action, ActionRequest, Actor, Change, DeskId, Field, FieldError, Intake, IntakeDraft, Login,
    Progress, Reason, Reclassification, ReclassifyDraft, Refusal, Ticket, TicketAction,
    TicketEvent, TicketNumber,
};
use tracing::instrument;

impl Desk {
    /// R01–R03: validates a registration, judges its priority under the
    /// current policy, starts its clocks, and stores it with its
    /// "registered" event.
    #[instrument(skip(self, draft), fields(actor = %actor.name, desk = actor.desk.0))]
    pub async fn register(&self, actor: &Actor, draft: &IntakeDraft) -> Result<Ticket, DeskError> {
        require(actor, Action::RegisterTicket)?;
        let now = self.clock.now();
        let intake = Intake::parse(draft, self.utc_offset, self.language, now)
            .map_err(DeskError::Invalid)?;
        // The policy and runbook in force, asked for in one round trip.
        let latest = self.store.latest_versions().await?;
        let number = |document: crate::store::Document| latest[document.slot()].unwrap_or(1);
        let policy = self
            .policies
            .version(number(crate::store::Document::Policy))
            .await?;
        let runbook = self
            .runbooks
            .version(number(crate::store::Document::Runbook))
            .await?;
        let judgement = policy.judge(intake.impact, intake.urgency);
        let reported_at = intake.reported_at.at();
        let registered = SlaEvent {
            at: reported_at,
            kind: SlaEventKind::Registered {
                priority: judgement.priority,
            },
        };
        let evaluation = evaluate(&Policies::single(&policy), &[registered], now);
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
            .change(
                actor.into(),
                number,
                draft.version,
                async |current: &Ticket, _| {
                    let policy = policies.version(current.policy_version.0).await?;
                    Ok(current.reclassify(reclassification, &policy))
                },
            )
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
                self.policies.version(policy_version.0).await?;
            }
            TicketAction::AddExpert { login, .. } => {
                require(actor, Action::FormSwarm)?;
                self.known_person(actor, login, Field::Expert).await?;
            }
            TicketAction::RemoveExpert { .. } => require(actor, Action::FormSwarm)?,
            TicketAction::PlanAction { owner, .. } => {
                self.known_person(actor, owner, Field::Owner).await?;
            }
            TicketAction::SaveReview { review } => {
                for item in &review.items {
                    self.known_person(actor, &item.owner, Field::Owner).await?;
                }
            }
            TicketAction::LinkArticle { article }
                if self.store.article(actor.desk, *article).await?.is_none() =>
            {
                return Err(DeskError::Invalid(
                    FieldError::new(Field::Article, Reason::Unknown).into(),
                ));
            }
            _ => {}
        }
        let runbooks = &self.runbooks;
        self.change(
            actor.into(),
            number,
            request.version,
            async |current: &Ticket, log: &[TicketEvent]| {
                let progress = Progress::from_log(log);
                let runbook = runbooks.version(progress.runbook.0).await?;
                let (change, next) = current.act(&progress, &runbook, &request.action)?;
                // A lead signs a review off; once done, anyone on the desk
                // ticks its action items.
                if let Change::ReviewSaved { review } = &change
                    && review.state == ReviewState::Done
                    && !progress.review_done()
                {
                    require(actor, Action::LeadReviews)?;
                }
                Ok((change, next))
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
            .store
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
    pub(super) async fn change(
        &self,
        author: Author<'_>,
        number: TicketNumber,
        version: i64,
        make: impl AsyncFnOnce(&Ticket, &[TicketEvent]) -> Result<(Change, Ticket), DeskError>,
    ) -> Result<Ticket, DeskError> {
        let update = self.prepare_change(author, number, version, make).await?;
        let queued = update.message.is_some();
        let stored = self.store.apply(author.desk, update).await?;
        self.wrote();
        if queued {
            self.outbox_wake.notify_one();
        }
        Ok(stored)
    }

    /// A change to a ticket made and checked as [`Self::change`] makes it,
    /// for a write that stores it with something else in one transaction.
    pub(super) async fn prepare_change(
        &self,
        author: Author<'_>,
        number: TicketNumber,
        version: i64,
        make: impl AsyncFnOnce(&Ticket, &[TicketEvent]) -> Result<(Change, Ticket), DeskError>,
    ) -> Result<TicketUpdate, DeskError> {
        let current = self
            .store
            .ticket(author.desk, number)
            .await?
            .ok_or(DeskError::NotFound)?;
        if current.version != version {
            return Err(DeskError::Conflict {
                current: current.version,
            });
        }
        let mut log = self.store.events(author.desk, current.id).await?;
        let (mut change, mut next) = make(&current, &log).await?;
        let now = self.clock.now();
        log.push(TicketEvent {
            id: 0,
            version: next.version,
            at: now,
            actor: author.name.to_owned(),
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
        let message = self.message_for(&next, &change);
        Ok(TicketUpdate {
            ticket: next,
            at: now,
            actor: author.name.to_owned(),
            change,
            message,
        })
    }

    /// A ticket's clocks at `now`, under the policies of its log.
    pub(super) async fn evaluate(
        &self,
        ticket: &Ticket,
        log: &[TicketEvent],
        now: DateTime<Utc>,
    ) -> Result<Evaluation, DeskError> {
        let held = self.policies.of_log(log).await?;
        Ok(evaluate(&held.policies(), &sla_events(ticket, log), now))
    }
}

/// Who a change to a ticket is written by: the desk it is on, and the name
/// the operation log gives its author (a person at the desk, or the
/// reporter on their status page).
#[derive(Clone, Copy, Debug)]
pub(super) struct Author<'a> {
    pub desk: DeskId,
    pub name: &'a str,
}

impl<'a> From<&'a Actor> for Author<'a> {
    fn from(actor: &'a Actor) -> Self {
        Author {
            desk: actor.desk,
            name: &actor.name,
        }
    }
}

/// When the current response clock falls due, on its calendar.
pub(super) fn response_due(evaluation: &Evaluation) -> Option<DateTime<Utc>> {
    evaluation
        .current(ClockName::Response)
        .and_then(|clock| clock.due_at)
}

impl From<Refusal> for DeskError {
    fn from(refusal: Refusal) -> Self {
        DeskError::Refused(refusal)
    }
}
