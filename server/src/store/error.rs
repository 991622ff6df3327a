//! Why a store operation failed.

/// A failed store operation. Database text stays in here, for the logs.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such row on this desk.
    #[error("not found")]
    NotFound,
    /// The update named a stale version.
    #[error("version conflict: the row is at version {current}")]
    Conflict { current: i64 },
    /// A constraint refused the write; `constraint` names it (database text:
    /// for logs only).
    #[error("{kind:?} constraint violated: {constraint}")]
    Constraint {
        kind: ConstraintKind,
        constraint: String,
    },
    /// A stored value could not be read back.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    /// A dump can only be restored into a store without tickets.
    #[error("the target already holds tickets; restore into an empty database")]
    NotEmpty,
    /// The database failed.
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Which kind of constraint refused a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConstraintKind {
    Unique,
    Check,
    ForeignKey,
}
