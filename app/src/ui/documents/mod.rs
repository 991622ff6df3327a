//! The versioned documents leads edit: the SLA policy (`/policy`) and the
//! runbook (`/runbook`). Each save is a new version with its reason, and
//! `versions` shows the history of either.

mod policy;
mod runbook;
mod versions;

pub use policy::PolicyPage;
pub use runbook::RunbookPage;
