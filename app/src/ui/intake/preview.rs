//! The intake form's R03 preview: the priority and the response target as
//! the agent picks impact and urgency.

use crate::domain::{Impact, SlaPolicy, Urgency};
use crate::ui::prelude::*;
use chrono::TimeDelta;

/// R03 as the agent picks impact and urgency: the priority and the response
/// target, from the same function the server judges with.
#[component]
pub fn PriorityPreview(
    policy: StoredValue<SlaPolicy>,
    impact: RwSignal<String>,
    urgency: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let judgement = Memo::new(move |_| {
        let impact = Impact::parse(&impact.get())?;
        let urgency = Urgency::parse(&urgency.get())?;
        Some(policy.with_value(|p| p.judge(impact, urgency)))
    });
    view! {
        <div class="preview" aria-live="polite" data-testid="priority-preview">
            <h3>{t!(i18n, intake.preview)}</h3>
            {move || match judgement.get() {
                Some(j) => Either::Left(view! {
                    <PriorityBadge priority=j.priority />
                    <span class="target">
                        {move || t_string!(i18n, intake.preview_due, span = target(j.response_target)).to_string()}
                    </span>
                }),
                None => Either::Right(view! { <span class="pending">{t!(i18n, intake.preview_pending)}</span> }),
            }}
        </div>
    }
}

/// A response target as people say it: `30 min`, `2 h`, `1 h 30 min`.
fn target(delta: TimeDelta) -> String {
    let minutes = delta.num_minutes();
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::target;
    use chrono::TimeDelta;

    #[test]
    fn r03_targets_read_as_minutes_and_hours() {
        assert_eq!(target(TimeDelta::minutes(30)), "30 min");
        assert_eq!(target(TimeDelta::hours(24)), "24 h");
        assert_eq!(target(TimeDelta::minutes(90)), "1 h 30 min");
    }
}
