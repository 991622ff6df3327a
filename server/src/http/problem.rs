//! The JSON API's error body: a code, a message in the caller's language and,
//! for rejected input, one entry per field.
//!
//! A handler returns a [`Problem`] with `?` from any desk or wire error; it
//! does not know the caller's language. The response carries the problem
//! unrendered, and [`render`], a layer around every route, writes the body
//! in the language of the request it answers.

use crate::desk::DeskError;
use axum::{
    Json,
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};
use firstline_app::api::AppError;
use firstline_app::i18n::Locale;
use firstline_app::texts;
use serde::Serialize;

/// An API error response, rendered in the caller's language by [`render`].
#[derive(Clone, Debug)]
pub struct Problem {
    error: AppError,
    /// A status other than the error's own (a body too large is a 413).
    status: Option<StatusCode>,
}

impl From<DeskError> for Problem {
    /// Internal errors are logged by [`DeskError::into_app_error`] and shown
    /// by id only.
    fn from(error: DeskError) -> Self {
        error.into_app_error().into()
    }
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Self {
        Self {
            error,
            status: None,
        }
    }
}

impl Problem {
    /// A malformed request (`detail` says what is wrong with it).
    pub fn bad_request(status: StatusCode, detail: String) -> Self {
        Self {
            error: AppError::Request(detail),
            status: Some(status),
        }
    }

    fn status(&self) -> StatusCode {
        self.status.unwrap_or_else(|| {
            StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        })
    }

    /// The response in a language.
    pub fn render(&self, locale: Locale) -> Response {
        let error = &self.error;
        let code = match error {
            AppError::Invalid { .. } => "invalid_input",
            AppError::NotFound => "not_found",
            AppError::Conflict { .. } => "conflict",
            AppError::Duplicate => "duplicate",
            AppError::Refused(_) => "refused",
            AppError::PolicyRejected(_) => "policy_rejected",
            AppError::Unauthorized => "unauthorized",
            AppError::LoginFailed => "login_failed",
            AppError::Throttled { .. } => "throttled",
            AppError::Forbidden => "forbidden",
            AppError::Internal { .. } => "internal",
            AppError::Request(_) => "bad_request",
        };
        let fields = match error {
            AppError::Invalid { errors, .. } => errors
                .iter()
                .map(|e| FieldProblem {
                    message: texts::reason(locale, &e.reason),
                    error: e.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let message = match error {
            AppError::Request(detail) => texts::unreadable_request(locale, detail),
            other => texts::error(locale, other),
        };
        let body = ProblemBody {
            error: code,
            message,
            fields,
            current_version: match error {
                AppError::Conflict { current } => Some(*current),
                _ => None,
            },
            refusal: match error {
                AppError::Refused(refusal) => Some(refusal),
                _ => None,
            },
        };
        (self.status(), Json(body)).into_response()
    }
}

#[derive(Debug, Serialize)]
struct ProblemBody<'a> {
    error: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldProblem>,
    /// On a conflict: the version the target is at now.
    #[serde(skip_serializing_if = "Option::is_none")]
    current_version: Option<i64>,
    /// On a refused action: why, as a machine-readable code.
    #[serde(skip_serializing_if = "Option::is_none")]
    refusal: Option<&'a firstline_app::domain::Refusal>,
}

#[derive(Debug, Serialize)]
struct FieldProblem {
    #[serde(flatten)]
    error: firstline_app::domain::FieldError,
    message: String,
}

impl IntoResponse for Problem {
    /// In English, and with the problem kept for [`render`], which writes
    /// it again in the caller's language.
    fn into_response(self) -> Response {
        let mut response = self.render(Locale::en);
        response.extensions_mut().insert(self);
        response
    }
}

/// Writes the body of every [`Problem`] response in the language of the
/// request it answers.
pub async fn render(request: Request, next: Next) -> Response {
    let locale = super::request_locale(request.headers());
    let mut response = next.run(request).await;
    match response.extensions_mut().remove::<Problem>() {
        Some(problem) => problem.render(locale),
        None => response,
    }
}
