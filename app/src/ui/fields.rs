//! Labelled form controls with their error message beside them.
//!
//! The DOM holds what the agent typed; each control mirrors it into a signal
//! so that the shared validation and the priority preview can read it. The
//! controls post as `draft[<field>]`, the server function's input, so the
//! same form works without JavaScript.

use crate::api::AppError;
use crate::domain::{Field, FieldError, FieldErrors};
use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The form name of a field of the intake draft.
pub fn form_name(field: Field) -> String {
    format!("draft[{}]", field.name())
}

/// The id of the element that shows a field's error.
fn error_id(field: Field) -> String {
    format!("{}-error", field.name())
}

/// The error message of one field, or nothing.
#[component]
pub fn FieldMessage(field: Field, errors: Signal<FieldErrors>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        errors.with(|errors| {
            errors.get(field).map(|reason| {
                let text = texts::reason(i18n.get_locale(), reason);
                view! { <p class="field-error" id=error_id(field) role="alert">{text}</p> }
            })
        })
    }
}

/// Whether a field currently has an error, for `aria-invalid`.
fn invalid(errors: Signal<FieldErrors>, field: Field) -> impl Fn() -> &'static str + Copy {
    move || {
        if errors.with(|e| e.get(field).is_some()) {
            "true"
        } else {
            "false"
        }
    }
}

/// A one-line or multi-line text field.
#[component]
pub fn TextField(
    field: Field,
    /// The label, in the agent's language.
    label: Signal<String>,
    value: RwSignal<String>,
    errors: Signal<FieldErrors>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    /// Most characters the field takes.
    max: usize,
    /// Rows for a multi-line field; single-line when absent.
    #[prop(optional)]
    rows: Option<u32>,
    /// The input type for a single-line field (`text` by default).
    #[prop(optional)]
    input_type: Option<&'static str>,
) -> impl IntoView {
    let id = field.name();
    let hint_id = format!("{id}-hint");
    let described_by = format!("{hint_id} {}", error_id(field));
    let initial = value.get_untracked();
    let on_input = move |ev| value.set(event_target_value(&ev));
    let control = match rows {
        Some(rows) => view! {
            <textarea
                id=id
                name=form_name(field)
                rows=rows
                maxlength=max
                aria-invalid=invalid(errors, field)
                aria-describedby=described_by
                on:input=on_input
            >
                {textarea_text(initial)}
            </textarea>
        }
        .into_any(),
        None => view! {
            <input
                id=id
                name=form_name(field)
                type=input_type.unwrap_or("text")
                value=initial
                maxlength=max
                aria-invalid=invalid(errors, field)
                aria-describedby=described_by
                on:input=on_input
            />
        }
        .into_any(),
    };
    view! {
        <div class="field" data-field=id>
            <label for=id>{label}</label>
            {control}
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <FieldMessage field errors />
        </div>
    }
}

/// One choice of a radio group or select: the stable value and its label.
#[derive(Clone)]
pub struct Choice {
    pub value: &'static str,
    pub label: Signal<String>,
}

/// A group of radio buttons, one per choice.
#[component]
pub fn RadioGroup(
    field: Field,
    legend: Signal<String>,
    choices: Vec<Choice>,
    value: RwSignal<String>,
    errors: Signal<FieldErrors>,
) -> impl IntoView {
    let initial = value.get_untracked();
    let options = choices
        .into_iter()
        .map(|choice| {
            let id = format!("{}-{}", field.name(), choice.value);
            let input_id = id.clone();
            view! {
                <label class="choice" for=id>
                    <input
                        type="radio"
                        id=input_id
                        name=form_name(field)
                        value=choice.value
                        checked=initial == choice.value
                        on:change=move |_| value.set(choice.value.to_owned())
                    />
                    <span>{choice.label}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset
            class="field choices"
            data-field=field.name()
            aria-invalid=invalid(errors, field)
            aria-describedby=error_id(field)
        >
            <legend>{legend}</legend>
            {options}
            <FieldMessage field errors />
        </fieldset>
    }
}

/// A drop-down list with an empty first entry.
#[component]
pub fn SelectField(
    field: Field,
    label: Signal<String>,
    choices: Vec<Choice>,
    value: RwSignal<String>,
    errors: Signal<FieldErrors>,
    /// The label of the empty first entry ("—" when absent).
    #[prop(optional)]
    empty_label: Option<Signal<String>>,
) -> impl IntoView {
    let id = field.name();
    let initial = value.get_untracked();
    let empty_label = empty_label.unwrap_or_else(|| Signal::stored("—".to_owned()));
    let options = choices
        .into_iter()
        .map(|choice| {
            view! {
                <option value=choice.value selected=initial == choice.value>
                    {choice.label}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field" data-field=id>
            <label for=id>{label}</label>
            <select
                id=id
                name=form_name(field)
                aria-invalid=invalid(errors, field)
                aria-describedby=error_id(field)
                on:change=move |ev| value.set(event_target_value(&ev))
            >
                <option value="" selected=initial.is_empty()>
                    {empty_label}
                </option>
                {options}
            </select>
            <FieldMessage field errors />
        </div>
    }
}

/// The field errors the last submission of a form came back with.
pub fn submission_errors<S>(action: ServerAction<S>) -> Signal<FieldErrors>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || match action.value().get() {
        Some(Err(AppError::Invalid { errors, .. })) => errors,
        _ => FieldErrors::default(),
    })
}

/// The errors a form shows: one found in the browser before sending (it
/// stands until the next try), otherwise the last submission's.
pub fn with_local_error(
    local: RwSignal<Option<FieldError>>,
    server: Signal<FieldErrors>,
) -> Signal<FieldErrors> {
    Signal::derive(move || match local.get() {
        Some(error) => error.into(),
        None => server.get(),
    })
}

/// The message of a submission refused for a reason that is not one field's,
/// such as a stale version or a missing permission.
pub fn submission_failure<S>(action: ServerAction<S>) -> impl Fn() -> Option<AnyView> + Copy
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    move || match action.value().get() {
        Some(Err(AppError::Invalid { .. })) | Some(Ok(_)) | None => None,
        Some(Err(error)) => {
            let i18n = use_i18n();
            Some(
                view! {
                    <p class="form-error" role="alert">
                        {move || texts::error(i18n.get_locale(), &error)}
                    </p>
                }
                .into_any(),
            )
        }
    }
}

/// A textarea's first text, as the page carries it. The server writes a
/// textarea's text into the page as it is, without escaping, so a text
/// holding `</textarea>` would end the element there and the rest would be
/// read as markup. On the server, `&` and `<` are written as entities,
/// which the browser reads back into the same text; in the browser the text
/// goes into the document as text and needs nothing.
pub fn textarea_text(text: String) -> String {
    if cfg!(feature = "ssr") {
        text.replace('&', "&amp;").replace('<', "&lt;")
    } else {
        text
    }
}
