//! "Seen before?": the solved cases like the fault at hand (R19), beside
//! the intake form while the symptom is typed, and on every ticket. Each
//! links to its case and says why it matched: the words they share.

use crate::api::{SimilarCase, similar_cases};
use crate::domain::TicketNumber;
use crate::ui::prelude::*;
use std::time::Duration;

/// How long typing pauses before the cases are sought again.
const SETTLE: Duration = Duration::from_millis(400);

/// Fewest characters worth comparing.
const MIN_CHARS: usize = 2;

/// The cases like `text`; `except` is the ticket the text is from.
#[component]
pub fn SimilarCases(
    #[prop(into)] text: Signal<String>,
    #[prop(optional)] except: Option<TicketNumber>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The text once typing pauses: each keystroke would otherwise ask.
    let settled = RwSignal::new(text.get_untracked());
    Effect::new(move |pending: Option<Option<TimeoutHandle>>| {
        let value = text.get();
        if let Some(Some(handle)) = pending {
            handle.clear();
        }
        set_timeout_with_handle(move || settled.set(value), SETTLE).ok()
    });
    let cases = Resource::new(
        move || settled.get(),
        move |text| async move {
            if text.trim().chars().count() < MIN_CHARS {
                Ok(Vec::new())
            } else {
                similar_cases(text, except).await
            }
        },
    );
    view! {
        <aside class="similar" aria-live="polite" aria-label=move || t_string!(i18n, similar.title)>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let found = cases.await.unwrap_or_default();
                    (!found.is_empty()).then(|| view! { <CaseList found /> })
                })}
            </Transition>
        </aside>
    }
}

#[component]
fn CaseList(found: Vec<SimilarCase>) -> impl IntoView {
    let i18n = use_i18n();
    let items = found
        .into_iter()
        .map(|case| {
            let shared = case.shared.join(" · ");
            view! {
                <li class="similar-case" data-id=case.found.label()>
                    <a href=case.found.href()>{case.found.label()}</a>
                    " "
                    <span class="title">{case.title}</span>
                    <span class="why">{move || t_string!(i18n, similar.shared, words = shared.clone()).to_string()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2>{t!(i18n, similar.title)}</h2>
        <ul class="similar-cases">{items}</ul>
    }
}
