//! `/audit`: sign-ins, failed sign-ins, role changes and token events (admins).

use crate::api::load_audit_log;
use crate::ui::prelude::*;
use crate::ui::session::SessionContext;

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let log = Resource::new(|| (), |_| load_audit_log());
    let me = SessionContext::expect().me;
    let rows = move || {
        Suspend::new(async move {
            let offset = desk_offset(me.await.ok().flatten().map_or(0, |me| me.utc_offset));
            match log.await {
                Ok(entries) => Either::Left({
                    let rows = entries
                        .into_iter()
                        .map(|e| {
                            let kind = e.action.as_str();
                            let (subject, address, detail) = (e.subject, e.address, e.detail);
                            view! {
                                <tr data-action=kind>
                                    <td>{local_time(e.at, offset)}</td>
                                    <td>{e.actor}</td>
                                    <td>{move || texts::audit_action(i18n.get_locale(), e.action)}</td>
                                    <td>{move || texts::audit_subject(i18n.get_locale(), &subject)}</td>
                                    <td class="mono">{move || texts::audit_address(i18n.get_locale(), &address)}</td>
                                    <td>{move || texts::audit_detail(i18n.get_locale(), &detail)}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <table class="list">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, audit.at)}</th>
                                    <th scope="col">{t!(i18n, audit.actor)}</th>
                                    <th scope="col">{t!(i18n, audit.action)}</th>
                                    <th scope="col">{t!(i18n, audit.subject)}</th>
                                    <th scope="col">{t!(i18n, audit.address)}</th>
                                    <th scope="col">{t!(i18n, audit.detail)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }
                }),
                Err(error) => Either::Right(view! { <ErrorPanel error /> }),
            }
        })
    };
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), audit.title).to_string() />
        <section class="audit">
            <h1>{t!(i18n, audit.title)}</h1>
            <Suspense fallback=Loading>{rows}</Suspense>
        </section>
    }
}
