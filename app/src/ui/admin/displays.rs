//! `/displays`: read-only tokens that let a wall display show the desk
//! without anyone signed in (leads).

use super::tokens::{TokenRow, failure, issued, token_list};
use crate::api::{CreateDisplayToken, RevokeDisplayToken, load_display_tokens};
use crate::domain::account::TOKEN_NAME;
use crate::ui::prelude::*;
use crate::ui::session::SessionContext;

#[component]
pub fn DisplaysPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateDisplayToken>::new();
    let revoke = ServerAction::<RevokeDisplayToken>::new();
    let tokens = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| load_display_tokens(),
    );
    let me = SessionContext::expect().me;
    let list = move || {
        Suspend::new(async move {
            let offset = desk_offset(me.await.ok().flatten().map_or(0, |me| me.utc_offset));
            let rows = tokens.await.map(|tokens| {
                tokens
                    .into_iter()
                    .map(|t| TokenRow {
                        revoke: t.revoked_at.is_none().then(|| {
                            view! {
                                <ActionForm action=revoke attr:class="inline">
                                    <input type="hidden" name="id" value=t.id.0 />
                                    <button type="submit">{t!(i18n, tokens.revoke)}</button>
                                </ActionForm>
                            }
                            .into_any()
                        }),
                        name: t.name,
                        prefix: t.prefix,
                        created_at: t.created_at,
                        last_used_at: None,
                        revoked_at: t.revoked_at,
                    })
                    .collect()
            });
            token_list(rows, offset)
        })
    };
    let new_secret = move || issued(create.value().get());
    let failed = move || failure(revoke.value().get());
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), displays.title).to_string() />
        <section class="displays">
            <h1>{t!(i18n, displays.title)}</h1>
            <p class="hint">{t!(i18n, displays.hint)}</p>
            {new_secret}
            {failed}
            <ActionForm action=create attr:class="inline panel">
                <label for="display-name">{t!(i18n, tokens.name)}</label>
                <input id="display-name" name="name" required maxlength=TOKEN_NAME.max />
                <button type="submit" class="primary">{t!(i18n, tokens.create)}</button>
            </ActionForm>
            <Suspense fallback=Loading>{list}</Suspense>
        </section>
    }
}
