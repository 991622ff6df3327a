//! Who is signed in, for the whole page: the header's navigation and the
//! pages ask it what to show. The server decides what is allowed.

use crate::api::{AppError, Me, SignOut, load_me};
use crate::domain::{Action, Actor, Caller};
use leptos::prelude::*;

/// The signed-in account and the sign-out action.
#[derive(Clone, Copy)]
pub struct SessionContext {
    /// Reloaded after every sign-out, and by the sign-in page after a sign-in.
    pub me: Resource<Result<Option<Me>, AppError>>,
    pub sign_out: ServerAction<SignOut>,
}

impl SessionContext {
    /// Creates and provides the context.
    pub fn provide() -> Self {
        let sign_out = ServerAction::<SignOut>::new();
        let me = Resource::new(move || sign_out.version().get(), |_| load_me());
        let context = Self { me, sign_out };
        provide_context(context);
        context
    }

    /// The context provided by the App.
    pub fn expect() -> Self {
        expect_context::<Self>()
    }
}

/// The actor the signed-in account would be, to ask [`Actor::may`] what to
/// show. The server asks the same question and has the last word.
pub fn as_actor(me: &Me) -> Actor {
    Actor {
        caller: Caller::User {
            id: me.user.id,
            role: me.user.role,
        },
        name: me.user.display_name.clone(),
        desk: me.user.desk,
    }
}

/// Whether the signed-in account may do this (false when signed out).
pub fn may(me: &Option<Me>, action: Action) -> bool {
    me.as_ref().is_some_and(|me| as_actor(me).may(action))
}
