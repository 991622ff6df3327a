//! The ticket page, `/tickets/FL-00042`: every registered field, the panels
//! that work the ticket, and its operation log (R01, R15). It reloads when
//! an action lands, and when someone else changes the ticket.
//!
//! The page is laid out for the work: a breached or warning clock first, in
//! a banner that says what to do now; then the stepper beside the clocks
//! and the action form, which stay in view as the checklist scrolls; the
//! registration and the log below.
//!
//! The panels, each in its own module:
//! - `workbench`: the ticket as loaded, and the one action that changes it;
//!   every panel works from it;
//! - `banner`: the clock that needs action now, and the action;
//! - `clocks`: the SLA clocks, ticking from server time;
//! - `stepper`: the stages, the checklist, the gates (R04–R17);
//! - `moves`: the moves offered and what each still needs, by the items'
//!   texts, also for a refused move;
//! - `action_form`: answer, update, wait, note, cause, workaround, fix, reopen;
//! - `plan` and `swarm`: the planned actions (R14) and the experts (R11);
//! - `presence`: who else has the ticket open, and who is editing it;
//! - `log` and `describe`: the operation log, each entry as a sentence;
//! - `conflict`: a save refused because the ticket had changed.

mod action_form;
mod banner;
mod clocks;
mod conflict;
mod deliveries;
mod describe;
mod log;
mod moves;
mod plan;
mod presence;
mod status_link;
mod stepper;
mod swarm;
mod workbench;

pub use workbench::Workbench;

use crate::api::{ActOnTicket, AppError, TicketView, load_ticket};
use crate::domain::{ActionRequest, Progress, Refusal};
use crate::ui::fields::submission_failure;
use crate::ui::knowledge::{KnowledgePanel, SimilarCases};
use crate::ui::prelude::*;
use crate::ui::review::ReviewPanel;
use action_form::{ActionDraft, ActionPanel};
use banner::BreachBanner;
use clocks::Clocks;
use conflict::ConflictPanel;
use deliveries::DeliveryList;
use leptos_router::hooks::{use_params_map, use_query_map};
use log::Timeline;
use moves::Needs;
use plan::PlanPanel;
use presence::{VisitorList, Visitors};
use status_link::StatusLinkPanel;
use std::sync::Arc;
use stepper::Stepper;
use swarm::SwarmPanel;

/// `/tickets/FL-00042`.
#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    // Each completed action reloads the ticket, its log and its clocks.
    let act = ServerAction::<ActOnTicket>::new();
    let draft = ActionDraft::default();
    // `?act=first_response`, the breach banner's link without JavaScript,
    // opens the page with that action chosen.
    if let Some(name) = use_query_map().read_untracked().get("act") {
        draft.choose(&name);
    }
    let focus = StoredValue::new(None);
    let sent = RwSignal::new(None);
    // Someone else's change: the page reloads at once, unless the person is
    // in the middle of a form field; then it says so and waits for them.
    let shown = StoredValue::new((String::new(), 0_i64));
    let changed = RwSignal::new(0_u32);
    let waiting = RwSignal::new(None::<String>);
    let visitors = Visitors::follow(number);
    crate::ui::live::follow_desk_and_presence(
        move |entry| {
            let (number, version) = shown.get_value();
            if entry.number.to_string() != number || entry.version <= version {
                return;
            }
            if workbench::typing() {
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
    let evaluation = clocks::evaluation(view.sla_events, view.policies, view.zones);
    Effect::new(move |_| bench.restore_focus());
    let utc_offset = view.utc_offset;
    let may_form_swarm = view.may_form_swarm;
    let (status_link, may_renew) = (view.status_link, view.may_renew_link);
    let deliveries = view.deliveries;
    let may_sign_off = view.may_sign_off_review;
    let events = view.events.clone();
    let number = t.number.to_string();
    let (kind, stage, priority) = (t.kind(), t.stage, t.priority);
    let intake = t.intake;
    let channel = intake.channel;
    let title = number.clone();
    let data_number = number.clone();
    let error_text = intake.symptom.error_text().to_owned();
    let similar_text = format!("{}\n{}", intake.symptom.steps(), error_text);
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
            <BreachBanner evaluation bench draft />
            <div class="act-failure" aria-live="assertive">
                <Failure bench />
            </div>
            <VisitorList visitors=live.visitors />
            <LiveNotice live />
            <ConflictPanel bench log=conflict runbook=runbook.clone() offset />
            <div class="ticket-work">
                <div class="work-main">
                    <Stepper bench utc_offset />
                    <PlanPanel bench utc_offset />
                    <SwarmPanel bench utc_offset may_form_swarm />
                    <StatusLinkPanel number=number.clone() link=status_link may_renew offset />
                    <DeliveryList deliveries offset />
                    <KnowledgePanel bench />
                    <ReviewPanel bench events evaluation utc_offset may_sign_off />
                </div>
                <aside class="work-side" aria-label=move || t_string!(i18n, ticket.work)>
                    <Clocks evaluation offset />
                    <ActionPanel bench draft utc_offset />
                    <SimilarCases text=similar_text except=t.number />
                </aside>
            </div>
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
                    <dt>{t!(i18n, fields.reporter_email)}</dt>
                    <dd data-field="reporter_email">
                        {match intake.reporter_email.as_ref() {
                            Some(email) => Either::Left(email.to_string()),
                            None => Either::Right(view! { <em>{t!(i18n, fields.reporter_none)}</em> }),
                        }}
                    </dd>
                    <dt>{t!(i18n, fields.reporter_language)}</dt>
                    <dd lang=intake.reporter_language.tag()>{intake.reporter_language.autonym()}</dd>
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
                <Timeline events=view.events runbook offset />
            </section>
        </article>
    }
}

/// Why the last action was refused. A move the ticket was not ready for
/// names what it lacks, by the items' texts, each linked to its place.
#[component]
fn Failure(bench: Workbench) -> impl IntoView {
    let i18n = use_i18n();
    let act = bench.act;
    let other = submission_failure(act);
    move || match act.value().get() {
        Some(Err(AppError::Refused(Refusal::Blocked { to, needs }))) => Some(
            view! {
                <div class="form-error" role="alert">
                    <p>
                        {move || {
                            let stage = texts::stage(i18n.get_locale(), to);
                            t_string!(i18n, needs.blocked_intro, stage).to_string()
                        }}
                    </p>
                    <Needs bench needs />
                </div>
            }
            .into_any(),
        ),
        _ => other(),
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
    visitors: Visitors,
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
