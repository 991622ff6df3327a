//! The history of a versioned document leads edit (the SLA policy, the
//! runbook): who saved which version, when and why.

use crate::api::VersionRecord;
use crate::ui::prelude::*;
use chrono::FixedOffset;

/// The versions of a document leads edit, newest first, with the built-in
/// version 1 last.
#[component]
pub fn VersionHistory(
    records: Vec<VersionRecord<u32>>,
    offset: FixedOffset,
    /// What the built-in version is, in a line.
    built_in: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = records
        .into_iter()
        .map(|record| {
            view! {
                <tr data-version=record.version>
                    <td>{record.version.to_string()}</td>
                    <td>{local_time(record.created_at, offset)}</td>
                    <td>{record.created_by}</td>
                    <td>
                        {record.note}
                        {record.review.map(|number| {
                            let number = number.to_string();
                            view! {
                                " "
                                <a class="from-review" href=format!("/tickets/{number}#review")>
                                    {t!(i18n, runbook.from_review, number = number.clone())}
                                </a>
                            }
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="history">
            <h2>{t!(i18n, policy.history)}</h2>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, policy.version)}</th>
                        <th scope="col">{t!(i18n, policy.saved_at)}</th>
                        <th scope="col">{t!(i18n, policy.saved_by)}</th>
                        <th scope="col">{t!(i18n, policy.note)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows}
                    <tr data-version="1">
                        <td>"1"</td>
                        <td>"—"</td>
                        <td>"Firstline"</td>
                        <td>{built_in}</td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}
