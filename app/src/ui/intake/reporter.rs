//! Where messages to the reporter go: their e-mail address and the
//! language they read (R12, R18). Both are optional on the form; the
//! language starts at the desk's.

use crate::domain::{Field, FieldErrors, Language, ReporterEmail};
use crate::ui::fields::{Choice, RadioGroup, TextField};
use crate::ui::prelude::*;

/// The reporter's e-mail address and language.
#[component]
pub fn ReporterFields(
    email: RwSignal<String>,
    language: RwSignal<String>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let i18n = use_i18n();
    let choices = Language::ALL
        .iter()
        .map(|&language| Choice {
            value: language.tag(),
            label: Signal::stored(language.autonym().to_owned()),
        })
        .collect();
    view! {
        <TextField
            field=Field::ReporterEmail
            label=tr!(i18n, fields.reporter_email)
            hint=tr!(i18n, fields.reporter_email_hint)
            value=email
            errors
            max=ReporterEmail::MAX
            input_type="email"
        />
        <RadioGroup
            field=Field::ReporterLanguage
            legend=tr!(i18n, fields.reporter_language)
            choices
            value=language
            errors
        />
    }
}
