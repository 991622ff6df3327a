//! What can go wrong in the desk service, and how it reaches a client.

use crate::store::{ConstraintKind, StoreError};
use firstline_app::api::AppError;
use firstline_app::domain::{Action, Actor, FieldErrors, Refusal};

/// Refuses what the actor may not do ([`Actor::may`] holds the rules).
pub fn require(actor: &Actor, action: Action) -> Result<(), DeskError> {
    if actor.may(action) {
        Ok(())
    } else {
        Err(DeskError::Forbidden)
    }
}

/// A refused or failed desk operation.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// Fields were rejected; nothing was stored.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// No such ticket on the actor's desk.
    #[error("not found")]
    NotFound,
    /// A stale version was named.
    #[error("conflict: current version is {current}")]
    Conflict { current: i64 },
    /// The actor may not do this.
    #[error("forbidden")]
    Forbidden,
    /// Something with the same unique name already exists.
    #[error("already exists")]
    Duplicate,
    /// The ticket's state does not allow the action.
    #[error("refused: {0}")]
    Refused(Refusal),
    /// A policy edit that does not hold together.
    #[error("policy rejected: {0}")]
    PolicyRejected(String),
    /// Too many tries from one address; try again after `retry_after` seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after: i64 },
    /// Anything else; logged with its cause chain, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<StoreError> for DeskError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => DeskError::NotFound,
            StoreError::Conflict { current } => DeskError::Conflict { current },
            StoreError::Constraint {
                kind: ConstraintKind::Unique,
                ..
            } => DeskError::Duplicate,
            other => {
                DeskError::Internal(anyhow::Error::new(other).context("Failed to use the store"))
            }
        }
    }
}

impl DeskError {
    /// The wire error. An internal error is logged here with a fresh id, and
    /// only the id travels: database text never reaches a client.
    pub fn into_app_error(self) -> AppError {
        match self {
            DeskError::Invalid(errors) => AppError::invalid(errors),
            DeskError::NotFound => AppError::NotFound,
            DeskError::Conflict { current } => AppError::Conflict { current },
            DeskError::Forbidden => AppError::Forbidden,
            DeskError::Duplicate => AppError::Duplicate,
            DeskError::Refused(Refusal::Invalid(errors)) => AppError::invalid(errors),
            DeskError::Refused(refusal) => AppError::Refused(refusal),
            DeskError::PolicyRejected(reason) => AppError::PolicyRejected(reason),
            DeskError::TooManyRequests { retry_after } => AppError::TooManyRequests { retry_after },
            DeskError::Internal(error) => {
                let id = uuid::Uuid::new_v4().simple().to_string();
                tracing::error!(error_id = %id, error = ?error, "request failed");
                AppError::Internal { id }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unique_violation_becomes_a_duplicate_without_database_text() {
        let store = StoreError::Constraint {
            kind: ConstraintKind::Unique,
            constraint: "UNIQUE constraint failed: desks.name".into(),
        };
        let wire = DeskError::from(store).into_app_error();
        assert_eq!(wire, AppError::Duplicate);
        assert_eq!(wire.status(), 409);
        assert!(!format!("{wire:?}").contains("desks"));
    }

    #[test]
    fn other_constraint_violations_are_internal_and_show_only_an_id() {
        let store = StoreError::Constraint {
            kind: ConstraintKind::Check,
            constraint: "tickets_priority_check".into(),
        };
        match DeskError::from(store).into_app_error() {
            AppError::Internal { id } => assert_eq!(id.len(), 32),
            other => panic!("{other:?}"),
        }
    }
}
