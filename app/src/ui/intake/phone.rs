//! What the phone-report mode changes on the intake form: the channel is
//! fixed to "phone", and the reporter's R02 urgent tag is asked for.

use crate::domain::{Channel, Field, FieldErrors, Impact, UrgentTag};
use crate::ui::fields::{Choice, SelectField, form_name};
use crate::ui::prelude::*;

/// The channel: fixed to "phone" in phone mode, a choice otherwise.
#[component]
pub fn ChannelField(
    phone_mode: Memo<bool>,
    value: RwSignal<String>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        if phone_mode.get() {
            Either::Left(view! {
                <input type="hidden" name=form_name(Field::Channel) value=Channel::Phone.as_str() />
                <p class="field fixed">
                    <span class="label">{t!(i18n, fields.channel)}</span>
                    <span class="tag phone">{move || texts::channel(i18n.get_locale(), Channel::Phone)}</span>
                </p>
            })
        } else {
            Either::Right(view! {
                <SelectField
                    field=Field::Channel
                    label=tr!(i18n, fields.channel)
                    choices=Channel::ALL
                        .iter()
                        .map(|&c| Choice {
                            value: c.as_str(),
                            label: Signal::derive(move || texts::channel(i18n.get_locale(), c).to_string()),
                        })
                        .collect()
                    value
                    errors
                />
            })
        }
    }
}

/// The R02 urgent tag of a phone report, with the suggestion for the chosen impact.
#[component]
pub fn UrgentField(
    value: RwSignal<String>,
    impact: RwSignal<String>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let i18n = use_i18n();
    let suggestion = move || {
        Impact::parse(&impact.get()).map(|impact| {
            if UrgentTag::suggested(impact) {
                t_string!(i18n, intake.urgent_suggested)
            } else {
                t_string!(i18n, intake.urgent_not_suggested)
            }
        })
    };
    view! {
        <SelectField
            field=Field::UrgentTag
            label=tr!(i18n, fields.urgent)
            choices=[UrgentTag::Urgent, UrgentTag::NotUrgent]
                .iter()
                .map(|&tag| Choice {
                    value: tag.as_str(),
                    label: Signal::derive(move || texts::urgent_tag(i18n.get_locale(), tag).to_string()),
                })
                .collect()
            value
            errors
            empty_label=Signal::derive(move || texts::urgent_tag(i18n.get_locale(), UrgentTag::Auto).to_string())
        />
        <p class="hint urgent-suggestion" aria-live="polite">
            {suggestion}
        </p>
    }
}
