//! The reporter's answer on their status page (R16, R17): once the fix has
//! passed the desk's checks, "It works now", or "Still not working" with
//! what still goes wrong. Both are plain forms that post to the server, so
//! they work without JavaScript; opening the page records nothing.

use crate::api::AnswerStatus;
use crate::domain::actions::text_rule;
use crate::domain::{Field, FieldErrors, ReporterAnswer};
use crate::ui::fields::{FieldMessage, submission_errors, submission_failure};
use crate::ui::prelude::*;
use chrono::{DateTime, FixedOffset, Utc};

/// The question and its two answers; `confirmed_at` when the reporter gate
/// is passed already, so that only "Still not working" is left.
#[component]
pub fn AnswerForms(
    token: String,
    confirmed_at: Option<DateTime<Utc>>,
    offset: FixedOffset,
    /// Called after an answer was recorded, to show the page anew.
    on_answered: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let answer = ServerAction::<AnswerStatus>::new();
    let errors: Signal<FieldErrors> = submission_errors(answer);
    let failure = submission_failure(answer);
    let pending = answer.pending();
    Effect::new(move |_| {
        if let Some(Ok(())) = answer.value().get() {
            on_answered.run(());
        }
    });
    let token = StoredValue::new(token);
    let hidden = move |choice: ReporterAnswer| {
        view! {
            <input type="hidden" name="token" value=token.get_value() />
            <input type="hidden" name="answer" value=choice.as_str() />
        }
    };
    let works = match confirmed_at {
        Some(at) => {
            let at = local_time(at, offset);
            Either::Left(view! {
                <p class="notice" data-testid="confirmed">
                    {move || t_string!(i18n, reporter.confirmed_at, at = at.clone())}
                </p>
            })
        }
        None => Either::Right(view! {
            <h2>{t!(i18n, reporter.ask_title)}</h2>
            <p>{t!(i18n, reporter.ask_body)}</p>
            <ActionForm action=answer attr:class="answer-works">
                {hidden(ReporterAnswer::Works)}
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {t!(i18n, reporter.works)}
                </button>
            </ActionForm>
        }),
    };
    let reason_rule = text_rule(Field::Reason);
    view! {
        <section class="reporter-answer panel" id="answer">
            {works}
            <ActionForm action=answer attr:class="answer-not-fixed">
                {hidden(ReporterAnswer::NotFixed)}
                <div class="field" data-field=Field::Reason.name()>
                    <label for="reason">{t!(i18n, reporter.not_fixed_reason)}</label>
                    <textarea
                        id="reason"
                        name="reason"
                        rows=3
                        minlength=reason_rule.min
                        maxlength=reason_rule.max
                        required
                        aria-describedby="reason-hint reason-error"
                    ></textarea>
                    <p class="hint" id="reason-hint">{t!(i18n, reporter.not_fixed_hint)}</p>
                    <FieldMessage field=Field::Reason errors />
                </div>
                <button type="submit" disabled=move || pending.get()>
                    {t!(i18n, reporter.not_fixed)}
                </button>
            </ActionForm>
            {failure}
        </section>
    }
}
