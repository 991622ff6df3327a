//! The runbook form's sections: each with its title and its items' rows
//! (id, kind, text, required), and the buttons that add and drop them.
//! Every title and text has an input per language, and says so while a
//! translation is missing.

use crate::domain::runbook::{ITEM_ID_MAX, ITEM_TEXT, SECTION_TITLE};
use crate::domain::{Item, ItemKind, Language, Runbook, Section, Wording};
use crate::ui::prelude::*;

/// Where an item sits: stage, section and item index.
type ItemAt = (usize, usize, usize);

/// One section: its title, its items, and buttons to add an item or drop
/// the section.
pub fn section_editor(
    draft: RwSignal<Runbook>,
    shape: RwSignal<u32>,
    (si, ci): (usize, usize),
    section: &Section,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let items = section
        .items
        .iter()
        .enumerate()
        .map(|(ii, item)| item_editor(draft, shape, (si, ci, ii), item))
        .collect_view();
    let add_item = move |_| {
        draft.update(|r| {
            // A new id nothing in the runbook uses yet; the lead renames it.
            let id = (1..)
                .map(|n| format!("new.{n}"))
                .find(|id| r.item(id).is_none())
                .unwrap_or_default();
            let section = &mut r.stages[si].sections[ci];
            section.items.push(Item {
                id,
                kind: ItemKind::Check,
                text: Wording::default(),
                required: false,
            });
        });
        shape.update(|n| *n += 1);
    };
    let remove = move |_| {
        draft.update(|r| {
            r.stages[si].sections.remove(ci);
        });
        shape.update(|n| *n += 1);
    };
    let title_id = format!("rb-{si}-{ci}-title");
    view! {
        <div class="runbook-section">
            <div class="field section-title">
                {wording_inputs(
                    draft,
                    title_id,
                    Texts::SectionTitle,
                    section.title.clone(),
                    SECTION_TITLE.max,
                    move |r, title| r.stages[si].sections[ci].title = title,
                )}
            </div>
            <table class="list runbook-items">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, runbook.item_id)}</th>
                        <th scope="col">{t!(i18n, runbook.item_kind)}</th>
                        <th scope="col">{t!(i18n, runbook.item_text)}</th>
                        <th scope="col">{t!(i18n, runbook.item_required)}</th>
                        <th scope="col"></th>
                    </tr>
                </thead>
                <tbody>{items}</tbody>
            </table>
            <button type="button" on:click=add_item>{t!(i18n, runbook.add_item)}</button>
            " "
            <button type="button" class="link" on:click=remove>{t!(i18n, runbook.remove_section)}</button>
        </div>
    }
}

/// One item's row: id, kind, text, required, and a button to drop it.
fn item_editor(
    draft: RwSignal<Runbook>,
    shape: RwSignal<u32>,
    at: ItemAt,
    item: &Item,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let (si, ci, ii) = at;
    let edit = move |change: Box<dyn FnOnce(&mut Item)>| {
        draft.update(|r| change(&mut r.stages[si].sections[ci].items[ii]));
    };
    let on_id = move |ev| {
        let id = event_target_value(&ev);
        edit(Box::new(move |item| item.id = id));
    };
    let on_kind = move |ev| {
        if let Some(kind) = ItemKind::parse(&event_target_value(&ev)) {
            edit(Box::new(move |item| item.kind = kind));
        }
    };
    let on_required = move |ev| {
        let required = event_target_checked(&ev);
        edit(Box::new(move |item| item.required = required));
    };
    let remove = move |_| {
        draft.update(|r| {
            r.stages[si].sections[ci].items.remove(ii);
        });
        shape.update(|n| *n += 1);
    };
    let kind = item.kind;
    let options = ItemKind::ALL
        .iter()
        .map(|&k| {
            view! {
                <option value=k.as_str() selected=k == kind>
                    {move || texts::item_kind(i18n.get_locale(), k)}
                </option>
            }
        })
        .collect_view();
    let id = format!("rb-{si}-{ci}-{ii}");
    view! {
        <tr class="runbook-item" data-item=item.id.clone()>
            <td>
                <input
                    id=format!("{id}-id")
                    type="text"
                    maxlength=ITEM_ID_MAX
                    value=item.id.clone()
                    aria-label=move || t_string!(i18n, runbook.item_id)
                    on:input=on_id
                />
            </td>
            <td>
                <select aria-label=move || t_string!(i18n, runbook.item_kind) on:change=on_kind>
                    {options}
                </select>
            </td>
            <td class="item-text">
                {wording_inputs(
                    draft,
                    format!("{id}-text"),
                    Texts::ItemText,
                    item.text.clone(),
                    ITEM_TEXT.max,
                    move |r, text| r.stages[si].sections[ci].items[ii].text = text,
                )}
            </td>
            <td>
                <input
                    type="checkbox"
                    checked=item.required
                    aria-label=move || t_string!(i18n, runbook.item_required)
                    on:change=on_required
                />
            </td>
            <td>
                <button type="button" class="link" on:click=remove>
                    {t!(i18n, runbook.remove_item)}
                </button>
            </td>
        </tr>
    }
}

/// Which wording an input pair edits, for its labels.
#[derive(Clone, Copy)]
enum Texts {
    SectionTitle,
    ItemText,
}

impl Texts {
    fn label(self, locale: Locale, language: Language) -> &'static str {
        match (self, language) {
            (Texts::SectionTitle, Language::En) => td_string!(locale, runbook.title_en),
            (Texts::SectionTitle, Language::ZhCn) => td_string!(locale, runbook.title_zh),
            (Texts::ItemText, Language::En) => td_string!(locale, runbook.text_en),
            (Texts::ItemText, Language::ZhCn) => td_string!(locale, runbook.text_zh),
        }
    }
}

/// An input per language for one wording (`{id}-en`, `{id}-zh-CN`), and a
/// warning for each translation still missing, which readers of that
/// language see in the other one.
fn wording_inputs<F>(
    draft: RwSignal<Runbook>,
    id: String,
    texts: Texts,
    value: Wording,
    max: usize,
    store: F,
) -> impl IntoView + use<F>
where
    F: Fn(&mut Runbook, Wording) + Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let current = RwSignal::new(value);
    let inputs = Language::ALL
        .into_iter()
        .map(|language| {
            let input_id = format!("{id}-{}", language.tag());
            let label_for = input_id.clone();
            let on_input = move |ev| {
                let text = event_target_value(&ev);
                current.update(|w| *w.get_mut(language) = text);
                draft.update(|r| store(r, current.get_untracked()));
            };
            view! {
                <label class="wording" for=label_for>
                    <span>{move || texts.label(i18n.get_locale(), language)}</span>
                    <input
                        id=input_id
                        type="text"
                        lang=language.tag()
                        maxlength=max
                        value=current.with_untracked(|w| w.get(language).to_owned())
                        on:input=on_input
                    />
                </label>
            }
        })
        .collect_view();
    let warnings = move || {
        let locale = i18n.get_locale();
        current.with(|w| {
            // Nothing written yet is a missing text, not a translation.
            if w.untranslated().count() == Language::ALL.len() {
                return Vec::new();
            }
            w.untranslated()
                .map(|missing| {
                    let text = match missing {
                        Language::En => td_string!(locale, runbook.missing_en),
                        Language::ZhCn => td_string!(locale, runbook.missing_zh),
                    };
                    view! { <p class="untranslated" data-missing=missing.tag()>{text}</p> }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        {inputs}
        {warnings}
    }
}
