//! `/team`: the accounts, for leads (trainees) and admins (everyone): create
//! accounts, change roles, switch accounts off, end sessions.

use crate::api::{AppError, ChangeUser, CreateUser, EndSessions, load_team};
use crate::domain::account::{DISPLAY_NAME, PASSWORD};
use crate::domain::{Action, Field, Login, Role, User};
use crate::ui::fields::{Choice, SelectField, TextField, submission_errors};
use crate::ui::prelude::*;
use crate::ui::session::{SessionContext, may};

#[component]
pub fn TeamPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateUser>::new();
    let change = ServerAction::<ChangeUser>::new();
    let end = ServerAction::<EndSessions>::new();
    let team = Resource::new(
        move || (create.version().get(), change.version().get()),
        |_| load_team(),
    );
    let me = SessionContext::expect().me;
    let rows = move || {
        Suspend::new(async move {
            let me = me.await.ok().flatten();
            let own = me
                .as_ref()
                .map(|me| me.user.login.to_string())
                .unwrap_or_default();
            // The roles the signed-in account may hand out.
            let grantable: Vec<Role> = Role::ALL
                .iter()
                .copied()
                .filter(|role| may(&me, Action::ManageAccount { role: *role }))
                .collect();
            match team.await {
                Ok(users) => Either::Left(view! {
                    <TeamTable users grantable=grantable.clone() own change end />
                    <NewAccount create grantable />
                }),
                Err(error) => Either::Right(view! { <ErrorPanel error /> }),
            }
        })
    };
    let outcome = move || {
        [
            change.value().get().and_then(Result::err),
            end.value().get().and_then(Result::err),
        ]
        .into_iter()
        .flatten()
        .next()
        .map(|error: AppError| view! { <ErrorPanel error /> })
    };
    view! {
        <Title text=td_string!(i18n.get_locale_untracked(), team.title).to_string() />
        <section class="team">
            <h1>{t!(i18n, team.title)}</h1>
            {outcome}
            <Suspense fallback=Loading>{rows}</Suspense>
        </section>
    }
}

/// The accounts, each with its role, whether it may sign in, and the
/// buttons to change them or end its sessions.
#[component]
fn TeamTable(
    users: Vec<User>,
    grantable: Vec<Role>,
    /// The signed-in account's login: nobody changes their own role.
    own: String,
    change: ServerAction<ChangeUser>,
    end: ServerAction<EndSessions>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = users
        .into_iter()
        .map(|user| {
            let manageable = grantable.contains(&user.role) && user.login.as_str() != own;
            let login = user.login.to_string();
            let role = user.role;
            let (change_login, end_login, shown_login) = (login.clone(), login.clone(), login.clone());
            let controls = if manageable {
                let options = grantable
                    .iter()
                    .copied()
                    .map(|r| {
                        view! {
                            <option value=r.as_str() selected=r == role>
                                {move || texts::role(i18n.get_locale(), r)}
                            </option>
                        }
                    })
                    .collect_view();
                Either::Left(view! {
                    <ActionForm action=change attr:class="inline">
                        <input type="hidden" name="change[login]" value=change_login />
                        <select name="change[role]" aria-label=move || t_string!(i18n, fields.role)>
                            {options}
                        </select>
                        <label class="choice">
                            <input type="checkbox" name="change[active]" value="true" checked=user.active />
                            {t!(i18n, team.active)}
                        </label>
                        <button type="submit">{t!(i18n, team.save)}</button>
                    </ActionForm>
                })
            } else {
                Either::Right(view! {
                    <span>{move || texts::role(i18n.get_locale(), role)}</span>
                    {(!user.active).then(|| view! { <span class="tag">{t!(i18n, team.inactive)}</span> })}
                })
            };
            view! {
                <tr data-login=login>
                    <td class="mono">{shown_login}</td>
                    <td>{user.display_name.clone()}</td>
                    <td>{controls}</td>
                    <td>
                        <ActionForm action=end attr:class="inline">
                            <input type="hidden" name="login" value=end_login />
                            <button type="submit">{t!(i18n, team.end_sessions)}</button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="list">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, fields.login)}</th>
                    <th scope="col">{t!(i18n, fields.display_name)}</th>
                    <th scope="col">{t!(i18n, fields.role)}</th>
                    <th scope="col">{t!(i18n, team.sessions)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The form for a new account, with its errors beside the fields.
#[component]
fn NewAccount(create: ServerAction<CreateUser>, grantable: Vec<Role>) -> impl IntoView {
    let i18n = use_i18n();
    let errors = submission_errors(create);
    let live = hydrated();
    let created = move || match create.value().get() {
        Some(Ok(user)) => Some(view! {
            <p class="notice" role="status">{t!(i18n, team.created, login = user.login.to_string())}</p>
        }),
        _ => None,
    };
    let choices = grantable
        .iter()
        .map(|&role| Choice {
            value: role.as_str(),
            label: Signal::derive(move || texts::role(i18n.get_locale(), role).to_string()),
        })
        .collect();
    view! {
        <h2>{t!(i18n, team.new_account)}</h2>
        {created}
        <ActionForm
            action=create
            attr:class="panel"
            attr:aria-label=move || t_string!(i18n, team.new_account)
            attr:data-hydrated=move || live.get().to_string()
        >
            <TextField field=Field::Login label=tr!(i18n, fields.login) value=RwSignal::new(String::new()) errors max=Login::MAX />
            <TextField
                field=Field::DisplayName
                label=tr!(i18n, fields.display_name)
                value=RwSignal::new(String::new())
                errors
                max=DISPLAY_NAME.max
            />
            <SelectField field=Field::Role label=tr!(i18n, fields.role) choices value=RwSignal::new(String::new()) errors />
            <TextField
                field=Field::Password
                label=tr!(i18n, fields.password)
                hint=tr!(i18n, team.password_hint)
                value=RwSignal::new(String::new())
                errors
                max=PASSWORD.max
                input_type="password"
            />
            <button type="submit" class="primary">{t!(i18n, team.create)}</button>
        </ActionForm>
    }
}
