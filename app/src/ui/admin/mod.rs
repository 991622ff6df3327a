//! The desk's administration: the team's accounts (`/team`), the wall
//! displays' tokens (`/displays`) and the audit log (`/audit`). `tokens`
//! holds the token list the displays page and the account page share.

mod audit;
mod displays;
mod team;
pub(super) mod tokens;

pub use audit::AuditPage;
pub use displays::DisplaysPage;
pub use team::TeamPage;
