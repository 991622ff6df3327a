//! The policy's numbers a lead edits: the response, workaround, update and
//! escalation targets in minutes, and the warning threshold in percent.

use crate::domain::sla::{MAX_TARGET_MINUTES, MAX_WARN_PERCENT};
use crate::domain::{Priority, SlaPolicy};
use crate::ui::prelude::*;

/// One number of the policy a lead can edit.
#[derive(Clone, Copy)]
enum Target {
    Response(Priority),
    Workaround,
    /// Progress updates for P0 (index 0) or P1 (index 1).
    Update(usize),
    Escalation,
    WarnPercent,
}

impl Target {
    const ALL: [Target; 9] = [
        Target::Response(Priority::P0),
        Target::Response(Priority::P1),
        Target::Response(Priority::P2),
        Target::Response(Priority::P3),
        Target::Workaround,
        Target::Update(0),
        Target::Update(1),
        Target::Escalation,
        Target::WarnPercent,
    ];

    fn id(self) -> &'static str {
        match self {
            Target::Response(p) => {
                ["response-p0", "response-p1", "response-p2", "response-p3"][p as usize]
            }
            Target::Workaround => "workaround",
            Target::Update(i) => ["update-p0", "update-p1"][i],
            Target::Escalation => "escalation",
            Target::WarnPercent => "warn-percent",
        }
    }

    /// Sets the target; a number out of range makes the draft invalid.
    fn set(self, policy: &mut SlaPolicy, value: u32) {
        match self {
            Target::Response(p) => policy.response_minutes[p as usize] = value,
            Target::Workaround => policy.workaround_minutes = value,
            Target::Update(i) => policy.update_minutes[i] = value,
            Target::Escalation => policy.escalation_minutes = value,
            Target::WarnPercent => policy.warn_percent = u8::try_from(value).unwrap_or(0),
        }
    }

    fn value(self, policy: &SlaPolicy) -> u32 {
        match self {
            Target::Response(p) => policy.response_minutes[p as usize],
            Target::Workaround => policy.workaround_minutes,
            Target::Update(i) => policy.update_minutes[i],
            Target::Escalation => policy.escalation_minutes,
            Target::WarnPercent => u32::from(policy.warn_percent),
        }
    }

    fn max(self) -> u32 {
        match self {
            Target::WarnPercent => u32::from(MAX_WARN_PERCENT),
            _ => MAX_TARGET_MINUTES,
        }
    }

    fn label(self, locale: Locale) -> String {
        match self {
            Target::Response(priority) => td_string!(
                locale,
                policy.response_target,
                priority = texts::priority(locale, priority)
            )
            .to_string(),
            Target::Workaround => td_string!(locale, policy.workaround_target).to_string(),
            Target::Update(0) => td_string!(locale, policy.update_p0).to_string(),
            Target::Update(_) => td_string!(locale, policy.update_p1).to_string(),
            Target::Escalation => td_string!(locale, policy.escalation_target).to_string(),
            Target::WarnPercent => td_string!(locale, policy.warn_percent).to_string(),
        }
    }
}

/// A number input bound to one target of the draft.
#[component]
fn TargetInput(target: Target, draft: RwSignal<SlaPolicy>) -> impl IntoView {
    let i18n = use_i18n();
    let id = target.id();
    let initial = draft.with_untracked(|p| target.value(p));
    view! {
        <div class="field minutes" data-field=id>
            <label for=id>{move || target.label(i18n.get_locale())}</label>
            <input
                id=id
                type="number"
                min=1
                max=target.max()
                value=initial
                on:input=move |ev| {
                    let value = event_target_value(&ev).trim().parse().unwrap_or(0);
                    draft.update(|p| target.set(p, value));
                }
            />
        </div>
    }
}

/// The targets and the warning threshold.
#[component]
pub fn Targets(draft: RwSignal<SlaPolicy>) -> impl IntoView {
    let i18n = use_i18n();
    let inputs = Target::ALL
        .into_iter()
        .map(|target| view! { <TargetInput target draft /> })
        .collect_view();
    view! {
        <fieldset class="targets">
            <legend>{t!(i18n, policy.targets)}</legend>
            <p class="hint">{t!(i18n, policy.minutes_hint)}</p>
            {inputs}
        </fieldset>
    }
}
