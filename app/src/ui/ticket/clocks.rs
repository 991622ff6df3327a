//! The ticket's SLA clocks, evaluated in the browser once a second with the
//! same engine the server uses, from server time (DESIGN principles 1, 2).

use crate::domain::sla::{
    ClockState, Evaluation, Policies, SlaEvent, SlaPolicy, Timelines, Zones, evaluate_in,
};
use crate::ui::prelude::*;
use chrono::FixedOffset;

/// The ticket's clocks, evaluated once a second from server time, with
/// the zone tables the server sent for the calendars. The clocks panel and
/// the breach banner share one evaluation.
pub fn evaluation(
    sla_events: Vec<SlaEvent>,
    policies: Vec<SlaPolicy>,
    zones: Zones,
) -> Memo<Evaluation> {
    let clock = ServerClock::expect();
    let data = StoredValue::new((sla_events, policies, zones));
    Memo::new(move |_| {
        let now = clock.now();
        data.with_value(|(events, policies, zones)| {
            let Some(initial) = policies.first() else {
                return Default::default();
            };
            let policies = Policies {
                initial,
                versions: policies.iter().map(|p| (p.version, p)).collect(),
            };
            evaluate_in(&mut Timelines::with_tables(zones), &policies, events, now)
        })
    })
}

/// Every clock of the ticket: its name, its state, and the time left or
/// when it stopped.
#[component]
pub fn Clocks(evaluation: Memo<Evaluation>, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
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
                            view! { <Countdown clock=name due warning_at=c.warning_at frozen /> }.into_any()
                        }
                        _ => {
                            let when = c.met_at.or(c.breached_at).or(c.cancelled_at).map(|at| local_time(at, offset));
                            view! { <span class="when">{when}</span> }.into_any()
                        }
                    };
                    view! {
                        <li class="clock" data-clock=name.as_str() data-state=state.as_str() data-cycle=c.cycle>
                            <span class="clock-name">{move || texts::clock(i18n.get_locale(), name)}</span>
                            " "
                            <span class=format!("clock-state {}", state.as_str())>
                                {move || texts::clock_state(i18n.get_locale(), state)}
                            </span>
                            " "
                            <span class="clock-detail">{detail}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="clocks">
            <h2>{t!(i18n, ticket.clocks)}</h2>
            <ul>{rows}</ul>
        </section>
    }
}
