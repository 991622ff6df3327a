//! The reporter's status link on the ticket's page (R12): the link to send
//! the reporter, a button to create it, and for leads one to revoke it and
//! create a new one. The forms work without JavaScript (the server sends
//! the page back to this panel).

use crate::api::{IssueStatusLink, StatusLinkInfo};
use crate::ui::fields::submission_failure;
use crate::ui::prelude::*;
use chrono::FixedOffset;

/// The link panel of one ticket.
#[component]
pub fn StatusLinkPanel(
    number: String,
    link: Option<StatusLinkInfo>,
    may_renew: bool,
    offset: FixedOffset,
) -> impl IntoView {
    let i18n = use_i18n();
    let issue = ServerAction::<IssueStatusLink>::new();
    let failure = submission_failure(issue);
    // The link the page came with, until a form here issues another.
    let link = StoredValue::new(link);
    let shown = Memo::new(move |_| match issue.value().get() {
        Some(Ok(issued)) => Some(issued),
        _ => link.get_value(),
    });
    let pending = issue.pending();
    let shown_link = move || match shown.get() {
        Some(link) => {
            let at = local_time(link.created_at, offset);
            Either::Left(view! {
                <p class="link">
                    <a href=link.path.clone() data-testid="status-link">{link.path.clone()}</a>
                </p>
                <p class="hint">{move || t_string!(i18n, reporter.issued_at, at = at.clone())}</p>
            })
        }
        None => Either::Right(view! { <p class="hint">{t!(i18n, reporter.none)}</p> }),
    };
    let has_link = move || shown.with(Option::is_some);
    let number = StoredValue::new(number);
    let form = move |renew: bool| {
        let number = number.get_value();
        view! {
            <ActionForm action=issue attr:class="inline">
                <input type="hidden" name="number" value=number />
                <input type="hidden" name="renew" value=renew.to_string() />
                <button type="submit" disabled=move || pending.get()>
                    {move || {
                        if renew {
                            t_string!(i18n, reporter.renew)
                        } else {
                            t_string!(i18n, reporter.issue)
                        }
                    }}
                </button>
            </ActionForm>
        }
    };
    view! {
        <section class="status-link" id="status-link">
            <h2>{t!(i18n, reporter.status_link)}</h2>
            <p class="hint">{t!(i18n, reporter.status_link_hint)}</p>
            {shown_link}
            {failure}
            <Show when=move || !has_link()>{move || form(false)}</Show>
            <Show when=move || has_link() && may_renew>{move || form(true)}</Show>
        </section>
    }
}
