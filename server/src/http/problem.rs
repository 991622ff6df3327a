//! The JSON API's error body: a code, a message in the caller's language and,
//! for rejected input, one entry per field.

use crate::desk::DeskError;
use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use firstline_app::api::AppError;
use firstline_app::i18n::Locale;
use firstline_app::texts as labels;
use serde::Serialize;

/// An API error response.
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    body: ProblemBody,
}

#[derive(Debug, Serialize)]
struct ProblemBody {
    error: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<FieldProblem>,
    /// On a conflict: the version the target is at now.
    #[serde(skip_serializing_if = "Option::is_none")]
    current_version: Option<i64>,
    /// On a refused action: why, as a machine-readable code.
    #[serde(skip_serializing_if = "Option::is_none")]
    refusal: Option<firstline_app::domain::Refusal>,
}

#[derive(Debug, Serialize)]
struct FieldProblem {
    #[serde(flatten)]
    error: firstline_app::domain::FieldError,
    message: String,
}

impl Problem {
    /// The response for a desk error, in the caller's language. Internal
    /// errors are logged by [`DeskError::into_app_error`] and shown by id only.
    pub fn from_desk(error: DeskError, locale: Locale) -> Self {
        Self::from_app(error.into_app_error(), locale)
    }

    /// The response for a wire error.
    pub fn from_app(error: AppError, locale: Locale) -> Self {
        let code = match &error {
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
        let fields = match &error {
            AppError::Invalid { errors, .. } => errors
                .iter()
                .map(|e| FieldProblem {
                    message: labels::reason(locale, &e.reason),
                    error: e.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        Self {
            status: StatusCode::from_u16(error.status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            body: ProblemBody {
                error: code,
                message: labels::error(locale, &error),
                fields,
                current_version: match &error {
                    AppError::Conflict { current } => Some(*current),
                    _ => None,
                },
                refusal: match error {
                    AppError::Refused(refusal) => Some(refusal),
                    _ => None,
                },
            },
        }
    }

    /// A malformed request body.
    pub fn bad_request(status: StatusCode, detail: String, locale: Locale) -> Self {
        let message = labels::unreadable_request(locale, &detail);
        let mut problem = Self::from_app(AppError::Request(detail), locale);
        problem.status = status;
        problem.body.message = message;
        problem
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}
