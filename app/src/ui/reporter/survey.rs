//! The satisfaction survey on the status page (R18): the four ratings and
//! a free-text box. A rating in the page's address (from a link in the
//! survey message) only pre-selects it; only sending the form records an
//! answer, so a link scanner that opens every link records nothing. The
//! reporter may change their answer while the page works.

use crate::api::AnswerSurvey;
use crate::domain::reporter::COMMENT;
use crate::domain::{Field, Rating, SurveyAnswer};
use crate::ui::fields::{FieldMessage, submission_errors, submission_failure, textarea_text};
use crate::ui::prelude::*;
use chrono::FixedOffset;

/// The survey of the ticket's current closure.
#[component]
pub fn SurveyForm(
    token: String,
    /// The reporter's answer so far, if any.
    answer: Option<SurveyAnswer>,
    /// The rating the page's address pre-selects, if any.
    preselect: Option<Rating>,
    offset: FixedOffset,
    /// Called after an answer was recorded, to show the page anew.
    on_answered: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let send = ServerAction::<AnswerSurvey>::new();
    let errors = submission_errors(send);
    let failure = submission_failure(send);
    let pending = send.pending();
    Effect::new(move |_| {
        if let Some(Ok(())) = send.value().get() {
            on_answered.run(());
        }
    });
    let chosen = preselect.or(answer.as_ref().map(|a| a.rating));
    let answered = answer.clone().map(|answer| {
        let at = local_time(answer.at, offset);
        view! {
            <p class="notice" data-testid="survey-answered" data-rating=answer.rating.as_str()>
                {move || {
                    let rating = texts::rating(i18n.get_locale(), answer.rating);
                    t_string!(i18n, reporter.survey_answered, at = at.clone(), rating).to_string()
                }}
            </p>
        }
    });
    let comment = answer.map(|a| a.comment).unwrap_or_default();
    let has_answer = answered.is_some();
    let choices = Rating::ALL
        .iter()
        .map(|&rating| {
            let id = format!("rating-{}", rating.as_str());
            let label_for = id.clone();
            view! {
                <label for=label_for class="choice">
                    <input
                        type="radio"
                        id=id
                        name="rating"
                        value=rating.as_str()
                        checked=chosen == Some(rating)
                        required
                    />
                    {move || texts::rating(i18n.get_locale(), rating)}
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="reporter-survey panel" id="survey">
            <h2>{t!(i18n, reporter.survey_title)}</h2>
            <p>{t!(i18n, reporter.survey_body)}</p>
            {answered}
            <ActionForm action=send attr:class="survey-form">
                <input type="hidden" name="token" value=token />
                <fieldset class="field choices" data-field=Field::Rating.name()>
                    <legend>{t!(i18n, reporter.survey_rating)}</legend>
                    {choices}
                    <FieldMessage field=Field::Rating errors />
                </fieldset>
                <div class="field" data-field=Field::Comment.name()>
                    <label for="comment">{t!(i18n, reporter.survey_comment)}</label>
                    <textarea
                        id="comment"
                        name="comment"
                        rows=3
                        maxlength=COMMENT.max
                        aria-describedby="comment-error"
                    >
                        {textarea_text(comment)}
                    </textarea>
                    <FieldMessage field=Field::Comment errors />
                </div>
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {move || {
                        if has_answer {
                            t_string!(i18n, reporter.survey_change)
                        } else {
                            t_string!(i18n, reporter.survey_submit)
                        }
                    }}
                </button>
            </ActionForm>
            {failure}
        </section>
    }
}
