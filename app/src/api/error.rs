//! The error every server function returns, as it crosses the wire.

use crate::domain::{FieldErrors, Refusal};
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A failed request, typed so that the UI can say what went wrong in the
/// agent's language. Database text and internal causes never reach it: an
/// internal error carries only an id to find the server's log entry.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum AppError {
    /// Some fields were rejected; nothing was stored. (A page without
    /// JavaScript gets what was typed back from the server's side of the
    /// redirect, never from the error, which travels in the address.)
    #[error("invalid input: {errors}")]
    Invalid { errors: FieldErrors },
    /// The target does not exist on the actor's desk (or may not be seen).
    #[error("not found")]
    NotFound,
    /// The change named a version that is no longer current.
    #[error("conflict: the ticket is at version {current}")]
    Conflict { current: i64 },
    /// Something with the same unique name already exists.
    #[error("already exists")]
    Duplicate,
    /// The ticket's state does not allow the action; the refusal says why.
    #[error("refused: {0}")]
    Refused(Refusal),
    /// An SLA policy edit that does not hold together.
    #[error("policy rejected: {0}")]
    PolicyRejected(String),
    /// The login and password do not match an active account.
    #[error("wrong login or password")]
    LoginFailed,
    /// Too many failed sign-ins; retry after this many seconds.
    #[error("too many failed sign-ins")]
    Throttled { retry_after: i64 },
    /// The caller made more requests of this kind than its limit allows;
    /// retry after this many seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after: i64 },
    /// The server is busy with the same work for others; retry after this
    /// many seconds.
    #[error("server busy")]
    Busy { retry_after: i64 },
    /// No one is signed in.
    #[error("sign in first")]
    Unauthorized,
    /// The actor's role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// The server failed; the id finds the log entry.
    #[error("internal error {id}")]
    Internal { id: String },
    /// The request did not reach the function or its answer did not come back.
    #[error("request failed: {0}")]
    Request(String),
}

impl AppError {
    /// The HTTP status that goes with this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid { .. } | AppError::Refused(_) | AppError::PolicyRejected(_) => 422,
            AppError::NotFound => 404,
            AppError::Conflict { .. } | AppError::Duplicate => 409,
            AppError::Unauthorized | AppError::LoginFailed => 401,
            AppError::Throttled { .. } | AppError::TooManyRequests { .. } => 429,
            AppError::Busy { .. } => 503,
            AppError::Forbidden => 403,
            AppError::Internal { .. } => 500,
            AppError::Request(_) => 400,
        }
    }

    /// Field errors.
    pub fn invalid(errors: FieldErrors) -> Self {
        AppError::Invalid { errors }
    }
}

impl AppError {
    /// Seconds until the request may be made again, for errors that say so.
    pub fn retry_after(&self) -> Option<i64> {
        match self {
            AppError::Throttled { retry_after }
            | AppError::TooManyRequests { retry_after }
            | AppError::Busy { retry_after } => Some(*retry_after),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Request(value.to_string())
    }
}
