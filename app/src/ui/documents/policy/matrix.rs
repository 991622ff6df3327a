//! The R03 matrix as the policy form edits it: a priority for each urgency
//! and impact.

use crate::domain::{Impact, Priority, SlaPolicy, Urgency};
use crate::ui::prelude::*;

/// The R03 matrix: a priority for each urgency (rows) and impact (columns).
#[component]
pub fn Matrix(draft: RwSignal<SlaPolicy>) -> impl IntoView {
    let i18n = use_i18n();
    let head = Impact::ALL
        .iter()
        .map(|&impact| {
            view! { <th scope="col">{move || texts::impact(i18n.get_locale(), impact)}</th> }
        })
        .collect_view();
    let rows = Urgency::ALL
        .iter()
        .map(|&urgency| {
            let cells = Impact::ALL
                .iter()
                .map(|&impact| {
                    let (u, i) = (urgency as usize, impact as usize);
                    let current = draft.with_untracked(|p| p.matrix.rows[u][i]);
                    let options = Priority::ALL
                        .iter()
                        .map(|&priority| {
                            view! {
                                <option value=priority.as_str() selected=priority == current>
                                    {priority.as_str()}
                                </option>
                            }
                        })
                        .collect_view();
                    let label = move || {
                        format!(
                            "{} × {}",
                            texts::urgency(i18n.get_locale(), urgency),
                            texts::impact(i18n.get_locale(), impact)
                        )
                    };
                    view! {
                        <td>
                            <select
                                aria-label=label
                                data-cell=format!("{}-{}", urgency.as_str(), impact.as_str())
                                on:change=move |ev| {
                                    if let Some(p) = Priority::parse(&event_target_value(&ev)) {
                                        draft.update(|d| d.matrix.rows[u][i] = p);
                                    }
                                }
                            >
                                {options}
                            </select>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{move || texts::urgency(i18n.get_locale(), urgency)}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <fieldset class="matrix">
            <legend>{t!(i18n, policy.matrix)}</legend>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, policy.urgency_impact)}</th>
                        {head}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </fieldset>
    }
}
