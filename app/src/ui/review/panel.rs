//! A closed P0 or P1's post-incident review on its ticket's page (R19):
//! what the log says, and the form in which the team writes the rest and a
//! lead signs it off.

use super::facts::ReviewFactsView;
use crate::domain::review::{
    ActionItemForm, MAX_ITEMS, REVIEW_LINE, REVIEW_TEXT, ReviewFacts, ReviewForm, ReviewState,
};
use crate::domain::sla::Evaluation;
use crate::domain::{Field, Login, Stage, TicketAction, TicketEvent};
use crate::ui::fields::{Choice, FieldMessage, SelectField, TextField, submission_errors};
use crate::ui::prelude::*;
use crate::ui::ticket::Workbench;
use leptos::ev::SubmitEvent;

/// One action item's row in the form.
#[derive(Clone, Copy)]
struct ItemRow {
    key: u32,
    text: RwSignal<String>,
    owner: RwSignal<String>,
    due: RwSignal<String>,
    done: RwSignal<bool>,
}

impl ItemRow {
    fn new(key: u32, item: ActionItemForm) -> Self {
        ItemRow {
            key,
            text: RwSignal::new(item.text),
            owner: RwSignal::new(item.owner),
            due: RwSignal::new(item.due),
            done: RwSignal::new(item.done),
        }
    }

    fn form(&self) -> ActionItemForm {
        ActionItemForm {
            text: self.text.get_untracked(),
            owner: self.owner.get_untracked(),
            due: self.due.get_untracked(),
            done: self.done.get_untracked(),
        }
    }
}

/// The review of a closed (or archived) P0 or P1; nothing for other tickets.
#[component]
pub fn ReviewPanel(
    bench: Workbench,
    events: Vec<TicketEvent>,
    evaluation: Memo<Evaluation>,
    utc_offset: i32,
    may_sign_off: bool,
) -> impl IntoView {
    let (stage, major, saved, applied) = bench.with(|ticket, progress, _| {
        (
            ticket.stage,
            ticket.priority.is_major(),
            progress.review.clone(),
            progress.proposal_applied,
        )
    });
    if !major || !matches!(stage, Stage::Closed | Stage::Archived) {
        return None;
    }
    let i18n = use_i18n();
    let offset = desk_offset(utc_offset);
    let until = events.last().map(|e| e.at).unwrap_or_default();
    let facts = ReviewFacts::read(&events, &evaluation.get_untracked().clocks, until);
    let form = saved.as_ref().map(ReviewForm::of).unwrap_or_default();
    let state_now = saved.as_ref().map(|r| r.state);
    let state = RwSignal::new(form.state.unwrap_or(ReviewState::Draft).as_str().to_owned());
    let summary = RwSignal::new(form.summary);
    let real_impact = RwSignal::new(form.real_impact);
    let factors = RwSignal::new(form.factors.join("\n"));
    let went_well = RwSignal::new(form.went_well);
    let proposal = RwSignal::new(form.proposal);
    let next_key = StoredValue::new(form.items.len() as u32);
    let items = RwSignal::new(
        (0..)
            .zip(form.items)
            .map(|(key, item)| ItemRow::new(key, item))
            .collect::<Vec<_>>(),
    );
    let errors = submission_errors(bench.act);
    // Once archived the review stays done; a lead alone signs it off.
    let states: Vec<Choice> = ReviewState::ALL
        .iter()
        .filter(|s| stage == Stage::Closed || **s == ReviewState::Done)
        .filter(|s| {
            **s != ReviewState::Done || may_sign_off || state_now == Some(ReviewState::Done)
        })
        .map(|&s| Choice {
            value: s.as_str(),
            label: Signal::derive(move || texts::review_state(i18n.get_locale(), s).to_owned()),
        })
        .collect();
    let add_item = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        items.update(|rows| rows.push(ItemRow::new(key, ActionItemForm::default())));
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let review = ReviewForm {
            state: ReviewState::parse(&state.get_untracked()),
            summary: summary.get_untracked(),
            real_impact: real_impact.get_untracked(),
            factors: factors.get_untracked().lines().map(str::to_owned).collect(),
            went_well: went_well.get_untracked(),
            items: items.get_untracked().iter().map(ItemRow::form).collect(),
            proposal: proposal.get_untracked(),
        };
        bench.send(TicketAction::SaveReview { review });
    };
    let shown_state = state_now;
    Some(view! {
        <section class="review-panel" id="review" data-state=shown_state.map_or("none", ReviewState::as_str)>
            <h2>{t!(i18n, review.title)}</h2>
            <p class="review-state">
                {t!(i18n, review.state)} ": "
                {move || match shown_state {
                    Some(s) => texts::review_state(i18n.get_locale(), s).to_owned(),
                    None => t_string!(i18n, review.not_started).to_string(),
                }}
            </p>
            <ReviewFactsView facts offset />
            <form class="review-form" on:submit=on_submit>
                <h3>{t!(i18n, review.written)}</h3>
                <SelectField field=Field::ReviewState label=tr!(i18n, review.state) choices=states value=state errors />
                {(!may_sign_off).then(|| view! { <p class="hint">{t!(i18n, review.lead_signs_off)}</p> })}
                <TextField field=Field::Summary label=tr!(i18n, review.summary) value=summary errors max=REVIEW_TEXT.max rows=4 />
                <TextField field=Field::RealImpact label=tr!(i18n, review.real_impact) value=real_impact errors max=REVIEW_TEXT.max rows=3 />
                <TextField field=Field::Factor label=tr!(i18n, review.factors) value=factors errors max=REVIEW_TEXT.max rows=4 />
                <TextField field=Field::WentWell label=tr!(i18n, review.went_well) value=went_well errors max=REVIEW_TEXT.max rows=3 />
                <fieldset class="review-items" data-field="action_item">
                    <legend>{t!(i18n, review.items)}</legend>
                    <For each=move || items.get() key=|row| row.key let:row>
                        <ItemFields row items />
                    </For>
                    <FieldMessage field=Field::ActionItem errors />
                    <FieldMessage field=Field::Owner errors />
                    <FieldMessage field=Field::Due errors />
                    <button
                        type="button"
                        class="add-item"
                        disabled=move || items.with(|rows| rows.len() >= MAX_ITEMS as usize)
                        on:click=add_item
                    >
                        {t!(i18n, review.add_item)}
                    </button>
                </fieldset>
                <TextField field=Field::Proposal label=tr!(i18n, review.proposal) value=proposal errors max=REVIEW_TEXT.max rows=3 />
                {match applied {
                    Some(version) => view! {
                        <p class="hint proposal-applied" data-version=version.0>
                            {t!(i18n, review.proposal_applied, version = version.0.to_string())}
                        </p>
                    }.into_any(),
                    None => view! { <p class="hint">{t!(i18n, review.proposal_hint)}</p> }.into_any(),
                }}
                <button type="submit" class="save-review" disabled=move || bench.busy().get()>
                    {t!(i18n, review.save)}
                </button>
            </form>
        </section>
    })
}

/// The inputs of one action item.
#[component]
fn ItemFields(row: ItemRow, items: RwSignal<Vec<ItemRow>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = |part: &str| format!("review-item-{}-{part}", row.key);
    let remove = move |_| items.update(|rows| rows.retain(|r| r.key != row.key));
    view! {
        <div class="review-item" data-key=row.key>
            <label for=id("text")>{t!(i18n, review.item_text)}</label>
            <input
                id=id("text")
                class="item-text"
                maxlength=REVIEW_LINE.max
                prop:value=move || row.text.get()
                on:input=move |ev| row.text.set(event_target_value(&ev))
            />
            <label for=id("owner")>{t!(i18n, review.item_owner)}</label>
            <input
                id=id("owner")
                class="item-owner"
                maxlength=Login::MAX
                prop:value=move || row.owner.get()
                on:input=move |ev| row.owner.set(event_target_value(&ev))
            />
            <label for=id("due")>{t!(i18n, review.item_due)}</label>
            <input
                id=id("due")
                class="item-due"
                type="date"
                prop:value=move || row.due.get()
                on:input=move |ev| row.due.set(event_target_value(&ev))
            />
            <label class="choice" for=id("done")>
                <input
                    id=id("done")
                    class="item-done"
                    type="checkbox"
                    prop:checked=move || row.done.get()
                    on:change=move |ev| row.done.set(event_target_checked(&ev))
                />
                {t!(i18n, review.item_done)}
            </label>
            <button type="button" class="remove-item" on:click=remove>
                {t!(i18n, review.remove_item)}
            </button>
        </div>
    }
}
