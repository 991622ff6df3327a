//! The ticket page: every registered field and the operation log (R01, R15).

use crate::api::{ActOnTicket, AppError, TicketView, load_ticket};
use crate::domain::sla::{ClockState, Policies, SlaEvent, SlaPolicy, evaluate};
use crate::domain::{ActionRequest, Change, Progress, Runbook, TicketEvent};
use crate::ui::actions::{ActionDraft, ActionPanel};
use crate::ui::fields::submission_failure;
use crate::ui::prelude::*;
use crate::ui::stepper::Stepper;
use crate::ui::work::{SwarmPanel, WorkPanel};
use crate::ui::workbench::Workbench;
use chrono::FixedOffset;
use leptos_router::hooks::use_params_map;
use std::sync::Arc;

/// `/tickets/FL-00042`.
#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    // Each completed action reloads the ticket, its log and its clocks.
    let act = ServerAction::<ActOnTicket>::new();
    let draft = ActionDraft::default();
    let focus = StoredValue::new(None);
    let sent = RwSignal::new(None);
    // Someone else's change: the page reloads at once, unless the person is
    // in the middle of a form field; then it says so and waits for them.
    let shown = StoredValue::new((String::new(), 0_i64));
    let changed = RwSignal::new(0_u32);
    let waiting = RwSignal::new(None::<String>);
    let visitors = super::presence::Visitors::follow(number);
    super::live::follow_desk_and_presence(
        move |entry| {
            let (number, version) = shown.get_value();
            if entry.number.to_string() != number || entry.version <= version {
                return;
            }
            if super::workbench::typing() {
                waiting.set(Some(entry.actor));
            } else {
                changed.update(|n| *n += 1);
            }
        },
        move |number| visitors.changed(number),
    );
    // Reload after a recorded action, or after a conflict (to show what
    // changed meanwhile); a refusal keeps the page, and what was typed in it.
    let reloads = Memo::new(move |last: Option<&u32>| {
        let last = last.copied().unwrap_or(0);
        match act.value().get() {
            Some(Ok(_) | Err(AppError::Conflict { .. })) => last + 1,
            _ => last,
        }
    });
    let ticket = Resource::new(
        move || (number(), reloads.get(), changed.get()),
        |(number, _, _)| load_ticket(number),
    );
    let live = Live {
        shown,
        changed,
        waiting,
        visitors,
    };
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match ticket.await {
                    Ok(view) => {
                        Either::Left(view! { <TicketDetail view act draft focus sent live /> })
                    }
                    Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                }
            })}
        </Transition>
    }
}

#[component]
fn TicketDetail(
    view: TicketView,
    act: ServerAction<ActOnTicket>,
    draft: ActionDraft,
    focus: StoredValue<Option<String>>,
    sent: RwSignal<Option<ActionRequest>>,
    live: Live,
) -> impl IntoView {
    let i18n = use_i18n();
    ServerClock::expect().observe(view.server_now);
    live.shown
        .set_value((view.ticket.number.to_string(), view.ticket.version));
    live.waiting.set(None);
    let offset = desk_offset(view.utc_offset);
    let t = view.ticket;
    let runbook = Arc::new(view.runbook);
    let progress = Progress::from_log(&view.events);
    let bench = Workbench::new(t.clone(), progress, runbook.clone(), act, focus, sent);
    let conflict = StoredValue::new(view.events.clone());
    Effect::new(move |_| bench.restore_focus());
    let utc_offset = view.utc_offset;
    let may_form_swarm = view.may_form_swarm;
    let failure = submission_failure(act);
    let number = t.number.to_string();
    let (kind, stage, priority) = (t.kind(), t.stage, t.priority);
    let intake = t.intake;
    let channel = intake.channel;
    let title = number.clone();
    let data_number = number.clone();
    let error_text = intake.symptom.error_text().to_owned();
    let events = view
        .events
        .into_iter()
        .map(|event| {
            let runbook = runbook.clone();
            view! { <LogEntry event runbook offset /> }
        })
        .collect_view();
    view! {
        <Title text=title />
        <article class="ticket" data-number=data_number data-version=t.version>
            <header class="page-head">
                <h1>{t!(i18n, ticket.title, number = number.clone())}</h1>
                <PriorityBadge priority />
                {intake.urgent.then(|| view! { <span class="tag urgent">{t!(i18n, ticket.urgent)}</span> })}
                <span class="tag">{move || texts::kind(i18n.get_locale(), kind)}</span>
                <span class="tag stage">{move || texts::stage(i18n.get_locale(), stage)}</span>
                {t.sla.escalated_at.map(|_| view! { <span class="tag escalated">{t!(i18n, ticket.escalated)}</span> })}
            </header>
            <div class="act-failure" aria-live="assertive">{failure}</div>
            <super::presence::VisitorList visitors=live.visitors />
            <LiveNotice live />
            <ConflictPanel bench log=conflict runbook=runbook.clone() offset />
            <div class="workspace">
                <Stepper bench utc_offset />
                <Clocks sla_events=view.sla_events policies=view.policies offset />
            </div>
            <ActionPanel bench draft utc_offset />
            <WorkPanel bench utc_offset />
            <SwarmPanel bench utc_offset may_form_swarm />
            <section class="details">
                <h2>{t!(i18n, ticket.details)}</h2>
                <dl>
                    <dt>{t!(i18n, fields.number)}</dt>
                    <dd>{number}</dd>
                    <dt>{t!(i18n, fields.reported_at)}</dt>
                    <dd>{local_time(intake.reported_at.at(), offset)}</dd>
                    <dt>{t!(i18n, fields.channel)}</dt>
                    <dd>{move || texts::channel(i18n.get_locale(), channel)}</dd>
                    <dt>{t!(i18n, fields.department)}</dt>
                    <dd>{intake.department.to_string()}</dd>
                    <dt>{t!(i18n, fields.contact)}</dt>
                    <dd>{intake.contact.to_string()}</dd>
                    <dt>{t!(i18n, fields.symptom_steps)}</dt>
                    <dd class="prose">{intake.symptom.steps().to_owned()}</dd>
                    <dt>{t!(i18n, fields.error_text)}</dt>
                    <dd class="prose mono">
                        {if error_text.is_empty() {
                            Either::Left(view! { <em>{t!(i18n, ticket.no_error_text)}</em> })
                        } else {
                            Either::Right(error_text)
                        }}
                    </dd>
                    <dt>{t!(i18n, fields.impact_scope)}</dt>
                    <dd>{intake.impact_scope.to_string()}</dd>
                    <dt>{t!(i18n, fields.impact)}</dt>
                    <dd>{move || texts::impact(i18n.get_locale(), intake.impact)}</dd>
                    <dt>{t!(i18n, fields.urgency)}</dt>
                    <dd>{move || texts::urgency(i18n.get_locale(), intake.urgency)}</dd>
                    <dt>{t!(i18n, fields.policy_version)}</dt>
                    <dd>{t.policy_version.to_string()}</dd>
                    <dt>{t!(i18n, fields.registered_at)}</dt>
                    <dd>{local_time(t.registered_at, offset)}</dd>
                    <dt>{t!(i18n, fields.registered_by)}</dt>
                    <dd>{t.registered_by}</dd>
                </dl>
            </section>
            <section class="log">
                <h2>{t!(i18n, ticket.log)}</h2>
                <ol class="timeline">{events}</ol>
            </section>
        </article>
    }
}

/// The ticket's clocks, evaluated in the browser once a second with the
/// same engine the server uses, from server time.
#[component]
fn Clocks(
    sla_events: Vec<SlaEvent>,
    policies: Vec<SlaPolicy>,
    offset: FixedOffset,
) -> impl IntoView {
    let i18n = use_i18n();
    let clock = ServerClock::expect();
    let data = StoredValue::new((sla_events, policies));
    let evaluation = Memo::new(move |_| {
        let now = clock.now();
        data.with_value(|(events, policies)| {
            let Some(initial) = policies.first() else {
                return Default::default();
            };
            let policies = Policies {
                initial,
                versions: policies.iter().map(|p| (p.version, p)).collect(),
            };
            evaluate(&policies, events, now)
        })
    });
    let rows = move || {
        evaluation.with(|evaluation| {
            evaluation
                .clocks
                .iter()
                .map(|c| {
                    let (name, state) = (c.name, c.state);
                    let live = c.remaining_seconds.is_some();
                    let detail = match (live, c.due_at) {
                        (true, Some(due)) => {
                            let frozen = (state == ClockState::Paused).then_some(c.remaining_seconds).flatten();
                            view! { <Countdown due warning_at=c.warning_at frozen /> }.into_any()
                        }
                        _ => {
                            let when = c.met_at.or(c.breached_at).or(c.cancelled_at).map(|at| local_time(at, offset));
                            view! { <span class="when">{when}</span> }.into_any()
                        }
                    };
                    view! {
                        <li class="clock" data-clock=name.as_str() data-state=state.as_str() data-cycle=c.cycle>
                            <span class="clock-name">{move || texts::clock(i18n.get_locale(), name)}</span>
                            <span class=format!("clock-state {}", state.as_str())>
                                {move || texts::clock_state(i18n.get_locale(), state)}
                            </span>
                            {detail}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="clocks" aria-live="polite">
            <h2>{t!(i18n, ticket.clocks)}</h2>
            <ul>{rows}</ul>
        </section>
    }
}

/// What the page knows of changes made by others.
#[derive(Clone, Copy)]
struct Live {
    /// The ticket on screen and its version.
    shown: StoredValue<(String, i64)>,
    /// Bumped to reload the ticket.
    changed: RwSignal<u32>,
    /// Someone changed the ticket while the person was typing: who.
    waiting: RwSignal<Option<String>>,
    /// Who else has the ticket open.
    visitors: super::presence::Visitors,
}

/// "Someone changed this ticket", with a button to show it, while the page
/// waits for the person to finish what they are typing.
#[component]
fn LiveNotice(live: Live) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        live.waiting.get().map(|actor| {
            view! {
                <p class="live-notice" role="status">
                    {move || t_string!(i18n, ticket.changed_by, actor = actor.clone()).to_string()}
                    " "
                    <button type="button" on:click=move |_| live.changed.update(|n| *n += 1)>
                        {t!(i18n, ticket.show_changes)}
                    </button>
                </p>
            }
        })
    }
}

/// After a save refused because the ticket had changed: what others saved
/// meanwhile, the change that was not saved, and a way to apply it again to
/// the ticket as it stands now.
#[component]
fn ConflictPanel(
    bench: Workbench,
    log: StoredValue<Vec<TicketEvent>>,
    runbook: Arc<Runbook>,
    offset: FixedOffset,
) -> impl IntoView {
    let i18n = use_i18n();
    let stale = move || {
        let conflict = matches!(
            bench.act.value().get(),
            Some(Err(AppError::Conflict { .. }))
        );
        let current = bench.with(|t, _, _| t.version);
        bench
            .sent
            .get()
            .filter(|sent| conflict && sent.version < current)
    };
    move || {
        let sent = stale()?;
        let runbook = runbook.clone();
        let others = log.with_value(|log| {
            log.iter()
                .filter(|e| e.version > sent.version)
                .cloned()
                .collect::<Vec<_>>()
        });
        let others = others
            .into_iter()
            .map(|event| {
                let runbook = runbook.clone();
                view! { <LogEntry event runbook offset /> }
            })
            .collect_view();
        // The change as it would read in the log, made to the ticket now.
        let yours = bench.with(|ticket, progress, runbook| {
            ticket
                .act(progress, runbook, &sent.action)
                .ok()
                .map(|(change, _)| describe(i18n.get_locale_untracked(), &change, runbook, offset))
        });
        let allowed = yours.is_some();
        let action = sent.action.clone();
        Some(view! {
            <section class="conflict" role="alert" aria-labelledby="conflict-title">
                <h2 id="conflict-title">{t!(i18n, ticket.conflict_title)}</h2>
                <p>{t!(i18n, ticket.conflict_before)}</p>
                <ol class="timeline">{others}</ol>
                {match yours {
                    Some(text) => Either::Left(view! {
                        <p class="yours">{t!(i18n, ticket.conflict_yours)} " " <q>{text}</q></p>
                    }),
                    None => Either::Right(view! { <p class="yours">{t!(i18n, ticket.conflict_not_allowed)}</p> }),
                }}
                <div class="buttons">
                    <button
                        type="button"
                        id="reapply"
                        class="primary"
                        disabled=!allowed
                        on:click=move |_| bench.send(action.clone())
                    >
                        {t!(i18n, ticket.reapply)}
                    </button>
                    <button type="button" on:click=move |_| bench.sent.set(None)>
                        {t!(i18n, ticket.discard)}
                    </button>
                </div>
            </section>
        })
    }
}

/// One entry of the operation log.
#[component]
fn LogEntry(event: TicketEvent, runbook: Arc<Runbook>, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let at = event.at.to_rfc3339();
    let when = local_time(event.at, offset);
    let kind = event.change.kind();
    let change = event.change;
    let text = move || describe(i18n.get_locale(), &change, &runbook, offset);
    view! {
        <li class="event" data-kind=kind>
            <time datetime=at>{when}</time>
            <span class="actor">{event.actor}</span>
            <span class="what">{text}</span>
        </li>
    }
}

/// The sentence a log entry reads as.
fn describe(locale: Locale, change: &Change, runbook: &Runbook, offset: FixedOffset) -> String {
    let clock = |c| texts::clock(locale, c);
    match change {
        Change::Registered {
            priority,
            policy_version,
            response_due_at,
            ..
        } => td_string!(
            locale,
            ticket.event_registered,
            priority = texts::priority(locale, *priority),
            policy = policy_version.to_string(),
            due = local_time(*response_due_at, offset),
        )
        .to_string(),
        Change::Reclassified {
            priority,
            response_due_at,
            note,
            ..
        } => td_string!(
            locale,
            ticket.event_reclassified,
            priority = texts::priority(locale, *priority),
            due = local_time(*response_due_at, offset),
            note,
        )
        .to_string(),
        Change::FirstResponse { message } => {
            td_string!(locale, ticket.event_first_response, message).to_string()
        }
        Change::ProgressUpdate { message, eta: None } => {
            td_string!(locale, ticket.event_progress_update, message).to_string()
        }
        Change::ProgressUpdate {
            message,
            eta: Some(eta),
        } => td_string!(
            locale,
            ticket.event_progress_update_eta,
            message,
            eta = local_time(*eta, offset)
        )
        .to_string(),
        Change::WaitingOnReporter { note } => {
            td_string!(locale, ticket.event_waiting, note).to_string()
        }
        Change::ReporterReplied { note } => {
            td_string!(locale, ticket.event_replied, note).to_string()
        }
        Change::StageChanged { from, to } => td_string!(
            locale,
            ticket.event_stage,
            from = texts::stage(locale, *from),
            to = texts::stage(locale, *to)
        )
        .to_string(),
        Change::RootCauseFound { summary } => {
            td_string!(locale, ticket.event_root_cause, summary).to_string()
        }
        Change::WorkaroundApplied { description } => {
            td_string!(locale, ticket.event_workaround, description).to_string()
        }
        Change::Resolved { summary } => {
            td_string!(locale, ticket.event_resolved, summary).to_string()
        }
        Change::Reopened { reason } => {
            td_string!(locale, ticket.event_reopened, reason).to_string()
        }
        Change::Closed => td_string!(locale, ticket.event_closed).to_string(),
        Change::PolicyApplied { version } => {
            td_string!(locale, ticket.event_policy, policy = version.to_string()).to_string()
        }
        Change::ClockWarned {
            clock: c, due_at, ..
        } => td_string!(
            locale,
            ticket.event_warned,
            clock = clock(*c),
            due = local_time(*due_at, offset)
        )
        .to_string(),
        Change::ClockBreached {
            clock: c, due_at, ..
        } => td_string!(
            locale,
            ticket.event_breached,
            clock = clock(*c),
            due = local_time(*due_at, offset)
        )
        .to_string(),
        Change::Escalated { .. } => td_string!(locale, ticket.event_escalated).to_string(),
        Change::ItemChecked { item, answer } => {
            let item = item_text(runbook, item);
            match answer {
                Some(answer) => {
                    td_string!(locale, ticket.event_item_answered, item, answer).to_string()
                }
                None => td_string!(locale, ticket.event_item_checked, item).to_string(),
            }
        }
        Change::ItemUnchecked { item } => {
            let item = item_text(runbook, item);
            td_string!(locale, ticket.event_item_unchecked, item).to_string()
        }
        Change::Note { text } => td_string!(locale, ticket.event_note, text).to_string(),
        Change::GatePassed { gate, note } => td_string!(
            locale,
            ticket.event_gate,
            gate = texts::gate(locale, *gate),
            note
        )
        .to_string(),
        Change::ActionPlanned {
            no,
            description,
            owner,
            planned_at,
            risk_plan,
        } => td_string!(
            locale,
            ticket.event_action_planned,
            no,
            description,
            owner,
            at = local_time(*planned_at, offset),
            risk = risk_plan
        )
        .to_string(),
        Change::ActionDone { no } => td_string!(locale, ticket.event_action_done, no).to_string(),
        Change::ExpertAdded { login, role } => {
            td_string!(locale, ticket.event_expert_added, login, role).to_string()
        }
        Change::EscalationRequested { reason } => {
            td_string!(locale, ticket.event_escalation_requested, reason).to_string()
        }
        Change::ExpertRemoved { login } => {
            td_string!(locale, ticket.event_expert_removed, login).to_string()
        }
    }
}

/// A checklist item's text in the ticket's runbook, or its id if the
/// runbook no longer has it.
fn item_text(runbook: &Runbook, id: &str) -> String {
    runbook
        .item(id)
        .map_or_else(|| id.to_owned(), |(_, item)| item.text.clone())
}
