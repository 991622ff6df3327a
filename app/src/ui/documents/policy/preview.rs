//! The policy form's preview: what the draft means for a ticket of each
//! priority registered now, with the engine the desk uses. The calendars'
//! zone tables come from the server as the draft names zones.

use crate::api::zone_tables;
use crate::domain::Priority;
use crate::domain::SlaPolicy;
use crate::domain::sla::{
    ClockName, Policies, SlaEvent, SlaEventKind, Timelines, Zones, evaluate_in,
};
use crate::ui::prelude::*;
use chrono::FixedOffset;

/// What the draft means for a ticket of each priority registered now.
#[component]
pub fn Preview(draft: RwSignal<SlaPolicy>, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let clock = ServerClock::expect();
    let names = Memo::new(move |_| {
        draft.with(|p| {
            let mut names: Vec<String> = p.zone_names().map(str::to_owned).collect();
            names.sort_unstable();
            names.dedup();
            names
        })
    });
    // Fetched with the page, then again when the draft names another zone;
    // until they arrive, a calendar's clocks show no due time.
    let tables = Resource::new(move || names.get(), zone_tables);
    let rows = move || {
        let now = clock.now();
        let tables: Zones = tables.get().and_then(Result::ok).unwrap_or_default();
        draft.with(|policy| {
            if policy.validate().is_err() {
                return None;
            }
            let rows = Priority::ALL
                .iter()
                .map(|&priority| {
                    let registered = [SlaEvent {
                        at: now,
                        kind: SlaEventKind::Registered { priority },
                    }];
                    let evaluation = evaluate_in(
                        &mut Timelines::with_tables(&tables),
                        &Policies::single(policy),
                        &registered,
                        now,
                    );
                    let due = |name| {
                        evaluation
                            .current(name)
                            .and_then(|c| c.due_at)
                            .map(|at| local_time(at, offset))
                            .unwrap_or_else(|| "—".to_owned())
                    };
                    view! {
                        <tr data-priority=priority.as_str()>
                            <th scope="row"><PriorityBadge priority /></th>
                            <td class="response">{due(ClockName::Response)}</td>
                            <td class="workaround">{due(ClockName::Workaround)}</td>
                        </tr>
                    }
                })
                .collect_view();
            Some(rows)
        })
    };
    view! {
        <fieldset class="preview" aria-live="polite">
            <legend>{t!(i18n, policy.preview)}</legend>
            <p class="hint">{t!(i18n, policy.preview_hint)}</p>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, fields.priority)}</th>
                        <th scope="col">{t!(i18n, clocks.response)}</th>
                        <th scope="col">{t!(i18n, clocks.workaround)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </fieldset>
    }
}
