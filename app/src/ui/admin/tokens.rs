//! What the API-token and display-token pages share: the list of tokens and
//! the one-time view of a new token's secret.

use crate::api::{AppError, IssuedToken};
use crate::ui::prelude::*;
use chrono::{DateTime, FixedOffset, Utc};

/// A token as a row of the list.
pub struct TokenRow {
    pub name: String,
    /// The first characters of the secret.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The revoke button, while the token is live.
    pub revoke: Option<AnyView>,
}

/// The list of tokens.
#[component]
pub fn TokenTable(rows: Vec<TokenRow>, offset: FixedOffset) -> impl IntoView {
    let i18n = use_i18n();
    let rows = rows
        .into_iter()
        .map(|row| {
            let state = match row.revoked_at {
                Some(at) => {
                    let at = local_time(at, offset);
                    view! { <span class="tag">{t!(i18n, tokens.revoked_at, at)}</span> }.into_any()
                }
                None => row.revoke.unwrap_or_else(|| ().into_any()),
            };
            view! {
                <tr data-name=row.name.clone()>
                    <td>{row.name.clone()}</td>
                    <td class="mono">{format!("{}…", row.prefix)}</td>
                    <td>{local_time(row.created_at, offset)}</td>
                    <td>{row.last_used_at.map(|at| local_time(at, offset))}</td>
                    <td>{state}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="list">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, tokens.name)}</th>
                    <th scope="col">{t!(i18n, tokens.prefix)}</th>
                    <th scope="col">{t!(i18n, tokens.created)}</th>
                    <th scope="col">{t!(i18n, tokens.last_used)}</th>
                    <th scope="col"></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A new token's secret, shown this once.
#[component]
pub fn IssuedSecret(secret: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice secret" role="status">
            <p>{t!(i18n, tokens.copy_now)}</p>
            <code data-testid="token-secret">{secret}</code>
        </div>
    }
}

/// The list of tokens, or why it could not be loaded.
pub fn token_list(rows: Result<Vec<TokenRow>, AppError>, offset: FixedOffset) -> impl IntoView {
    match rows {
        Ok(rows) => Either::Left(view! { <TokenTable rows offset /> }),
        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
    }
}

/// What making a token gave: its secret, shown once, or why it failed.
pub fn issued<T>(value: Option<Result<IssuedToken<T>, AppError>>) -> Option<impl IntoView> {
    value.map(|result| match result {
        Ok(issued) => Either::Left(view! { <IssuedSecret secret=issued.secret /> }),
        Err(error) => Either::Right(view! { <ErrorPanel error /> }),
    })
}

/// Why revoking a token failed, if it did.
pub fn failure<T>(value: Option<Result<T, AppError>>) -> Option<impl IntoView> {
    value
        .and_then(Result::err)
        .map(|error| view! { <ErrorPanel error /> })
}
