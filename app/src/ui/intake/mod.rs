//! The intake page (R01–R03): register a fault, with a live priority preview
//! and a phone-report mode. This module holds the page and its form; the
//! phone mode's own fields are in `phone`, the R03 preview in `preview`,
//! the reporter's address and language in `reporter`.

mod phone;
mod preview;
mod reporter;

use crate::api::{AppError, IntakeSetup, RegisterTicket, load_intake};
use crate::domain::{
    Channel, Contact, Department, Field, FieldErrors, Impact, ImpactScope, Intake, IntakeDraft,
    Language, Symptom, Urgency,
};
use crate::ui::clock::offset_label;
use crate::ui::fields::{Choice, RadioGroup, TextField};
use crate::ui::knowledge::SimilarCases;
use crate::ui::prelude::*;
use leptos::ev::SubmitEvent;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;
use phone::{ChannelField, UrgentField};
use preview::PriorityPreview;
use reporter::ReporterFields;

/// `/intake` and `/intake?mode=phone`.
#[component]
pub fn IntakePage() -> impl IntoView {
    let i18n = use_i18n();
    let context = Resource::new(|| (), |_| load_intake());
    // The title is text, worked out now: on the server, leptos_meta reads it
    // after the page has rendered, when no signal may be read any more.
    let locale = i18n.get_locale_untracked();
    let phone = use_query_map().with_untracked(|q| q.get("mode").as_deref() == Some("phone"));
    let title = if phone {
        td_string!(locale, intake.phone_title).to_string()
    } else {
        td_string!(locale, intake.title).to_string()
    };
    view! {
        <Title text=title />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match context.await {
                    Ok(context) => Either::Left(view! { <IntakeForm context /> }),
                    Err(error) => Either::Right(view! { <ErrorPanel error /> }),
                }
            })}
        </Suspense>
    }
}

/// One signal per field of the draft.
#[derive(Clone, Copy)]
struct DraftSignals {
    reported_at: RwSignal<String>,
    channel: RwSignal<String>,
    department: RwSignal<String>,
    contact: RwSignal<String>,
    symptom_steps: RwSignal<String>,
    error_text: RwSignal<String>,
    impact_scope: RwSignal<String>,
    impact: RwSignal<String>,
    urgency: RwSignal<String>,
    urgent: RwSignal<String>,
    reporter_email: RwSignal<String>,
    reporter_language: RwSignal<String>,
}

impl DraftSignals {
    /// The signals of a draft; a reporter's language not yet chosen starts
    /// at the desk's.
    fn new(draft: IntakeDraft, desk_language: Language) -> Self {
        let reporter_language = if draft.reporter_language.trim().is_empty() {
            desk_language.tag().to_owned()
        } else {
            draft.reporter_language
        };
        Self {
            reported_at: RwSignal::new(draft.reported_at),
            channel: RwSignal::new(draft.channel),
            department: RwSignal::new(draft.department),
            contact: RwSignal::new(draft.contact),
            symptom_steps: RwSignal::new(draft.symptom_steps),
            error_text: RwSignal::new(draft.error_text),
            impact_scope: RwSignal::new(draft.impact_scope),
            impact: RwSignal::new(draft.impact),
            urgency: RwSignal::new(draft.urgency),
            urgent: RwSignal::new(draft.urgent),
            reporter_email: RwSignal::new(draft.reporter_email),
            reporter_language: RwSignal::new(reporter_language),
        }
    }

    /// The draft as it stands (tracked, so validation re-runs on every edit).
    fn read(&self, phone_mode: bool) -> IntakeDraft {
        IntakeDraft {
            reported_at: self.reported_at.get(),
            channel: if phone_mode {
                Channel::Phone.as_str().to_owned()
            } else {
                self.channel.get()
            },
            department: self.department.get(),
            contact: self.contact.get(),
            symptom_steps: self.symptom_steps.get(),
            error_text: self.error_text.get(),
            impact_scope: self.impact_scope.get(),
            impact: self.impact.get(),
            urgency: self.urgency.get(),
            urgent: self.urgent.get(),
            reporter_email: self.reporter_email.get(),
            reporter_language: self.reporter_language.get(),
        }
    }
}

/// The field errors a rejected submission left behind (without JavaScript
/// they arrive with the redirect back to this page; what was typed comes
/// from the desk, with the page's setup).
fn rejected(value: Option<Result<crate::domain::TicketNumber, AppError>>) -> Option<FieldErrors> {
    match value {
        Some(Err(AppError::Invalid { errors })) => Some(errors),
        _ => None,
    }
}

#[component]
fn IntakeForm(context: IntakeSetup) -> impl IntoView {
    let i18n = use_i18n();
    let clock = ServerClock::expect();
    clock.observe(context.server_now);
    let offset = desk_offset(context.utc_offset);
    let policy = StoredValue::new(context.policy);

    let query = use_query_map();
    let phone_mode = Memo::new(move |_| query.read().get("mode").as_deref() == Some("phone"));

    let action = ServerAction::<RegisterTicket>::new();
    let initial_errors = rejected(action.value().get_untracked()).unwrap_or_default();
    let language = context.desk_language;
    let draft = DraftSignals::new(context.refused.unwrap_or_default(), language);
    let errors = RwSignal::new(initial_errors);
    // After the first attempt, errors follow every edit.
    let attempted = RwSignal::new(!errors.with_untracked(FieldErrors::is_empty));
    Effect::new(move |_| {
        if attempted.get() {
            let now = clock.now();
            let found = Intake::parse(&draft.read(phone_mode.get()), offset, language, now)
                .err()
                .unwrap_or_default();
            errors.set(found);
        }
    });
    Effect::new(move |_| {
        if let Some(found) = rejected(action.value().get()) {
            errors.set(found);
        }
    });
    let failure = move || match action.value().get() {
        Some(Err(AppError::Invalid { .. })) => None,
        Some(Err(error)) => Some(view! { <ErrorPanel error /> }),
        _ => None,
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        let submitted = draft.read(phone_mode.get_untracked());
        match Intake::parse(&submitted, offset, language, clock.now()) {
            Ok(_) => {
                errors.set(FieldErrors::default());
                action.dispatch(RegisterTicket { draft: submitted });
            }
            Err(found) => errors.set(found),
        }
    };
    let errors = Signal::from(errors);
    let pending = action.pending();
    let live = hydrated();

    view! {
        <section class="intake" class:phone=phone_mode>
            <header class="page-head">
                <h1>
                    {move || {
                        if phone_mode.get() {
                            t_string!(i18n, intake.phone_title)
                        } else {
                            t_string!(i18n, intake.title)
                        }
                    }}
                </h1>
                <ModeSwitch phone_mode />
            </header>
            <Show when=move || phone_mode.get()>
                <p class="lead">{t!(i18n, intake.phone_intro)}</p>
            </Show>
            {failure}
            <form
                method="post"
                action=RegisterTicket::url()
                novalidate
                data-hydrated=move || live.get().to_string()
                on:submit=on_submit
                aria-describedby="form-errors"
            >
                <p id="form-errors" class="form-errors" role="status">
                    {move || (!errors.with(FieldErrors::is_empty)).then(|| t_string!(i18n, errors.form_has_errors))}
                </p>
                <div class="intake-grid">
                    <div class="intake-main">
                        <ChannelField phone_mode value=draft.channel errors />
                        <TextField
                            field=Field::Department
                            label=tr!(i18n, fields.department)
                            value=draft.department
                            errors
                            max=Department::RULE.max
                        />
                        <TextField
                            field=Field::Contact
                            label=tr!(i18n, fields.contact)
                            hint=tr!(i18n, fields.contact_hint)
                            value=draft.contact
                            errors
                            max=Contact::RULE.max
                        />
                        <ReporterFields
                            email=draft.reporter_email
                            language=draft.reporter_language
                            errors
                        />
                        <TextField
                            field=Field::SymptomSteps
                            label=tr!(i18n, fields.symptom_steps)
                            hint=tr!(i18n, fields.symptom_steps_hint)
                            value=draft.symptom_steps
                            errors
                            max=Symptom::STEPS.max
                            rows=5
                        />
                        <TextField
                            field=Field::ErrorText
                            label=tr!(i18n, fields.error_text)
                            hint=tr!(i18n, fields.error_text_hint)
                            value=draft.error_text
                            errors
                            max=Symptom::ERROR_TEXT.max
                            rows=3
                        />
                        <SimilarCases text=Signal::derive(move || {
                            format!("{}\n{}", draft.symptom_steps.get(), draft.error_text.get())
                        }) />
                        <TextField
                            field=Field::ImpactScope
                            label=tr!(i18n, fields.impact_scope)
                            hint=tr!(i18n, fields.impact_scope_hint)
                            value=draft.impact_scope
                            errors
                            max=ImpactScope::RULE.max
                        />
                        <TextField
                            field=Field::ReportedAt
                            label=tr!(i18n, fields.reported_at)
                            hint=Signal::derive(move || {
                                t_string!(i18n, fields.reported_at_hint, offset = offset_label(offset)).to_string()
                            })
                            value=draft.reported_at
                            errors
                            max=25
                            input_type="datetime-local"
                        />
                    </div>
                    <div class="intake-side">
                        <h2>{t!(i18n, intake.classification)}</h2>
                        <RadioGroup
                            field=Field::Impact
                            legend=tr!(i18n, fields.impact)
                            choices=Impact::ALL
                                .iter()
                                .map(|&i| Choice {
                                    value: i.as_str(),
                                    label: Signal::derive(move || texts::impact(i18n.get_locale(), i).to_string()),
                                })
                                .collect()
                            value=draft.impact
                            errors
                        />
                        <RadioGroup
                            field=Field::Urgency
                            legend=tr!(i18n, fields.urgency)
                            choices=Urgency::ALL
                                .iter()
                                .map(|&u| Choice {
                                    value: u.as_str(),
                                    label: Signal::derive(move || texts::urgency(i18n.get_locale(), u).to_string()),
                                })
                                .collect()
                            value=draft.urgency
                            errors
                        />
                        <PriorityPreview policy impact=draft.impact urgency=draft.urgency />
                        <Show when=move || phone_mode.get() || draft.channel.get() == Channel::Phone.as_str()>
                            <UrgentField value=draft.urgent impact=draft.impact errors />
                        </Show>
                        <button type="submit" class="primary" disabled=move || pending.get()>
                            {move || {
                                if pending.get() {
                                    t_string!(i18n, intake.submitting)
                                } else {
                                    t_string!(i18n, intake.submit)
                                }
                            }}
                        </button>
                    </div>
                </div>
            </form>
        </section>
    }
}

/// Links between the standard form and the phone-report form. They are
/// ordinary links, so the switch also works without JavaScript.
#[component]
fn ModeSwitch(phone_mode: Memo<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let current = move |phone: bool| (phone_mode.get() == phone).then_some("page");
    view! {
        <nav class="mode-switch" aria-label=move || t_string!(i18n, intake.mode)>
            <a href="/intake" aria-current=move || current(false)>
                {t!(i18n, intake.mode_standard)}
            </a>
            <a href="/intake?mode=phone" aria-current=move || current(true)>
                {t!(i18n, intake.mode_phone)}
            </a>
        </nav>
    }
}
