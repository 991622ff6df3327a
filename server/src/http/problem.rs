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
    http::{HeaderValue, StatusCode, header},
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
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::Busy { .. } => "busy",
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
        let mut response = (self.status(), Json(body)).into_response();
        if let Some(seconds) = error.retry_after()
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
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

/// A server function whose input cannot be read (a field missing, twice,
/// of the wrong type, not UTF-8) is the caller's error: the framework
/// answers it with 500 and the error `Request`; this makes it a 400, and
/// leaves every other answer as it is.
pub async fn unreadable_server_fn_input(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let server_fn = path.starts_with("/api/")
        && !path.starts_with("/api/v1/")
        && !path.starts_with("/api/sla/");
    let response = next.run(request).await;
    if !server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, ERROR_BODY_LIMIT)
        .await
        .unwrap_or_default();
    if let Ok(AppError::Request(_)) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// The most of a server function's error body that is read to tell it.
const ERROR_BODY_LIMIT: usize = 64 * 1024;
