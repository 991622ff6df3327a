//! `/login`: sign in, then go back to the page asked for.

use crate::api::{AppError, SignIn};
use crate::ui::prelude::*;
use crate::ui::session::SessionContext;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = SessionContext::expect();
    // Made here, inside the page, so that an error handed back to a page
    // without JavaScript finds it.
    let sign_in = ServerAction::<SignIn>::new();
    Effect::new(move |_| {
        if matches!(sign_in.value().get(), Some(Ok(_))) {
            session.me.refetch();
        }
    });
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_else(|| "/".to_owned());
    let error = move || match sign_in.value().get() {
        Some(Err(error)) => Some(error),
        _ => None,
    };
    let pending = sign_in.pending();
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), login.title).to_string() />
        <section class="login">
            <h1>{t!(i18n, login.title)}</h1>
            {move || {
                error()
                    .map(|error: AppError| {
                        view! {
                            <p class="form-errors" role="alert">
                                {move || texts::error(i18n.get_locale(), &error)}
                            </p>
                        }
                    })
            }}
            <ActionForm action=sign_in attr:class="login-form">
                <input type="hidden" name="next" value=next />
                <div class="field">
                    <label for="login">{t!(i18n, fields.login)}</label>
                    <input id="login" name="login" autocomplete="username" required autofocus />
                </div>
                <div class="field">
                    <label for="password">{t!(i18n, fields.password)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required />
                </div>
                <button type="submit" class="primary" disabled=move || pending.get()>
                    {t!(i18n, login.submit)}
                </button>
            </ActionForm>
            <p class="hint">{t!(i18n, login.first_time)}</p>
        </section>
    }
}
