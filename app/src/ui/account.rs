//! `/account`: the signed-in person's API tokens for the JSON API.

use crate::api::{CreateApiToken, RevokeApiToken, load_api_tokens};
use crate::domain::Action;
use crate::domain::account::TOKEN_NAME;
use crate::ui::admin::tokens::{TokenRow, failure, issued, token_list};
use crate::ui::prelude::*;
use crate::ui::session::{SessionContext, may};

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let me = SessionContext::expect().me;
    // People who may hold no tokens (administrators) are told so; anyone
    // else asks, and the server answers (a display is refused).
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        move |_| async move {
            let me = me.await.ok().flatten();
            if me.is_some() && !may(&me, Action::ManageOwnTokens) {
                Ok(None)
            } else {
                load_api_tokens().await.map(Some)
            }
        },
    );
    let list = move || {
        Suspend::new(async move {
            let me = me.await.ok().flatten();
            let offset = desk_offset(me.as_ref().map_or(0, |me| me.utc_offset));
            let tokens = match tokens.await {
                Ok(None) => {
                    return view! { <p class="hint">{t!(i18n, account.no_tokens)}</p> }.into_any();
                }
                Ok(Some(tokens)) => Ok(tokens),
                Err(error) => Err(error),
            };
            let form = view! {
                <ActionForm action=create attr:class="inline panel">
                    <label for="token-name">{t!(i18n, tokens.name)}</label>
                    <input id="token-name" name="name" required maxlength=TOKEN_NAME.max />
                    <button type="submit" class="primary">{t!(i18n, tokens.create)}</button>
                </ActionForm>
            };
            let rows = tokens.map(|tokens| {
                tokens
                    .into_iter()
                    .map(|t| TokenRow {
                        revoke: t.revoked_at.is_none().then(|| {
                            view! {
                                <ActionForm action=revoke attr:class="inline">
                                    <input type="hidden" name="id" value=t.id />
                                    <button type="submit">{t!(i18n, tokens.revoke)}</button>
                                </ActionForm>
                            }
                            .into_any()
                        }),
                        name: t.name,
                        prefix: t.prefix,
                        created_at: t.created_at,
                        last_used_at: t.last_used_at,
                        revoked_at: t.revoked_at,
                    })
                    .collect()
            });
            view! { {form} {token_list(rows, offset)} }.into_any()
        })
    };
    let new_secret = move || issued(create.value().get());
    let who = move || {
        Suspend::new(async move {
            me.await.ok().flatten().map(|me| {
                view! {
                    <p class="lead">
                        {me.user.display_name.clone()} " (" <span class="mono">{me.user.login.to_string()}</span> ") · "
                        {move || texts::role(i18n.get_locale(), me.user.role)}
                    </p>
                }
            })
        })
    };
    let failed = move || failure(revoke.value().get());
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), account.title).to_string() />
        <section class="account-page">
            <h1>{t!(i18n, account.title)}</h1>
            <Suspense fallback=|| ()>{who}</Suspense>
            <h2>{t!(i18n, account.api_tokens)}</h2>
            <p class="hint">{t!(i18n, account.api_tokens_hint)}</p>
            {new_secret}
            {failed}
            <Suspense fallback=Loading>{list}</Suspense>
        </section>
    }
}
