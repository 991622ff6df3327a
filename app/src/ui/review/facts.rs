//! The part of a review the log writes: the timeline, the time in each
//! stage, the time to restore and to close, the SLA outcomes, the impact as
//! registered and the reporter's rating (R19).

use crate::domain::review::{Milestone, ReviewFacts};
use crate::ui::clock::span;
use crate::ui::prelude::*;
use chrono::{FixedOffset, TimeDelta};

/// A milestone as a sentence.
fn milestone(locale: Locale, milestone: &Milestone) -> String {
    match milestone {
        Milestone::Registered { priority } => {
            td_string!(locale, review.m_registered, priority = priority.as_str()).to_string()
        }
        Milestone::Reclassified { priority } => {
            td_string!(locale, review.m_reclassified, priority = priority.as_str()).to_string()
        }
        Milestone::StageEntered { stage } => {
            let stage = texts::stage(locale, *stage);
            td_string!(locale, review.m_stage, stage).to_string()
        }
        Milestone::Escalated => td_string!(locale, review.m_escalated).to_string(),
        Milestone::ExpertAdded { login } => {
            td_string!(locale, review.m_expert, login = login.clone()).to_string()
        }
        Milestone::RootCause => td_string!(locale, review.m_root_cause).to_string(),
        Milestone::Workaround => td_string!(locale, review.m_workaround).to_string(),
        Milestone::Fixed => td_string!(locale, review.m_fixed).to_string(),
        Milestone::GatePassed { gate } => {
            let gate = texts::gate(locale, *gate);
            td_string!(locale, review.m_gate, gate).to_string()
        }
        Milestone::Reopened => td_string!(locale, review.m_reopened).to_string(),
        Milestone::Closed => td_string!(locale, review.m_closed).to_string(),
    }
}

/// The facts of a review, read from the log.
#[component]
pub fn ReviewFactsView(facts: ReviewFacts, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let timeline = facts
        .timeline
        .iter()
        .map(|moment| {
            let at = local_time(moment.at, offset);
            let (what, actor) = (moment.milestone.clone(), moment.actor.clone());
            view! {
                <li class="moment">
                    <time>{at}</time>
                    " "
                    <span>{move || milestone(i18n.get_locale(), &what)}</span>
                    " · "
                    <span class="actor">{actor}</span>
                </li>
            }
        })
        .collect_view();
    let slowest = facts.slowest_stage();
    let stages = facts
        .stage_times
        .iter()
        .map(|time| {
            let (stage, seconds) = (time.stage, time.seconds);
            view! {
                <tr class="stage-time" data-stage=stage.as_str() data-slowest=(Some(stage) == slowest).to_string()>
                    <th scope="row">{move || texts::stage(i18n.get_locale(), stage)}</th>
                    <td>{move || span(i18n.get_locale(), TimeDelta::seconds(seconds))}</td>
                </tr>
            }
        })
        .collect_view();
    let clocks = facts
        .clocks
        .iter()
        .map(|clock| {
            let (name, state, round) = (clock.name, clock.state, clock.cycle + 1);
            view! {
                <li class="clock-outcome" data-clock=name.as_str() data-state=state.as_str()>
                    {move || texts::clock(i18n.get_locale(), name)}
                    " ("
                    {move || t_string!(i18n, review.round, round).to_string()}
                    "): "
                    {move || texts::clock_state(i18n.get_locale(), state)}
                </li>
            }
        })
        .collect_view();
    let no_clocks = facts.clocks.is_empty();
    let registered = facts.registered.map(|(impact, urgency, priority)| {
        view! {
            <p class="registered-impact">
                {move || {
                    let locale = i18n.get_locale();
                    td_string!(
                        locale,
                        review.registered_impact,
                        impact = texts::impact(locale, impact),
                        urgency = texts::urgency(locale, urgency),
                        priority = priority.as_str()
                    )
                    .to_string()
                }}
            </p>
        }
    });
    let restored = facts.restored_after;
    let closed = facts.closed_after;
    let rating = facts.rating;
    view! {
        <div class="review-facts">
            <h3>{t!(i18n, review.facts)}</h3>
            {registered}
            <p class="restored">
                {move || match restored {
                    Some(seconds) => {
                        let span = span(i18n.get_locale(), TimeDelta::seconds(seconds));
                        t_string!(i18n, review.restored_after, span).to_string()
                    }
                    None => t_string!(i18n, review.not_restored).to_string(),
                }}
            </p>
            {closed.map(|seconds| view! {
                <p class="closed-after">
                    {move || {
                        let span = span(i18n.get_locale(), TimeDelta::seconds(seconds));
                        t_string!(i18n, review.closed_after, span).to_string()
                    }}
                </p>
            })}
            <p class="rating">
                {move || match rating {
                    Some(rating) => {
                        let rating = texts::rating(i18n.get_locale(), rating);
                        t_string!(i18n, review.rating, rating).to_string()
                    }
                    None => t_string!(i18n, review.no_rating).to_string(),
                }}
            </p>
            <h4>{t!(i18n, review.stage_times)}</h4>
            <table class="stage-times">
                <tbody>{stages}</tbody>
            </table>
            {slowest.map(|stage| view! {
                <p class="slowest">
                    {move || {
                        let stage = texts::stage(i18n.get_locale(), stage);
                        t_string!(i18n, review.slowest, stage).to_string()
                    }}
                </p>
            })}
            <h4>{t!(i18n, review.sla)}</h4>
            {no_clocks.then(|| view! { <p class="empty">{t!(i18n, review.no_clocks)}</p> })}
            <ul class="clock-outcomes">{clocks}</ul>
            <h4>{t!(i18n, review.timeline)}</h4>
            <ol class="timeline">{timeline}</ol>
        </div>
    }
}
