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
                        {move || t_string!(i18n, intake.preview_due, span = target(i18n.get_locale(), j.response_target)).to_string()}
                    </span>
                }),
                None => Either::Right(view! { <span class="pending">{t!(i18n, intake.preview_pending)}</span> }),
            }}
        </div>
    }
}

/// A response target as people say it: `30 min`, `2 h`, `1 h 30 min`
/// (`30 分钟`, `2 小时` in Chinese).
fn target(locale: Locale, delta: TimeDelta) -> String {
    let minutes = delta.num_minutes();
    let h = |count: i64| td_string!(locale, units.hours, count).to_string();
    let m = |count: i64| td_string!(locale, units.minutes, count).to_string();
    match (minutes / 60, minutes % 60) {
        (0, minutes) => m(minutes),
        (hours, 0) => h(hours),
        (hours, minutes) => format!("{} {}", h(hours), m(minutes)),
    }
}

#[cfg(test)]
mod tests {
    use super::target;
    use crate::i18n::Locale;
    use chrono::TimeDelta;

    #[test]
    fn r03_targets_read_as_minutes_and_hours() {
        let target = |d| target(Locale::en, d);
        assert_eq!(target(TimeDelta::minutes(30)), "30 min");
        assert_eq!(target(TimeDelta::hours(24)), "24 h");
        assert_eq!(target(TimeDelta::minutes(90)), "1 h 30 min");
    }

    #[test]
    fn r03_targets_read_in_chinese_with_chinese_units() {
        assert_eq!(target(Locale::zh_CN, TimeDelta::minutes(30)), "30 分钟");
        assert_eq!(
            target(Locale::zh_CN, TimeDelta::minutes(90)),
            "1 小时 30 分钟"
        );
    }
}
