//! The reporter in the loop (R12, R16, R17, R18): how Firstline reaches the
//! person who reported the fault, in which language, and what they see.
//!
//! The reporter has no account. `email` checks where messages go;
//! `audience` decides, once for every kind of log entry, whether the
//! reporter reads it; `status` is what their status page shows, and
//! `confirm` what they may answer on it; `message` which entries send them
//! a message, and where each message stands; `survey` the satisfaction
//! survey of each closure.

mod audience;
mod confirm;
mod email;
mod message;
mod status;
mod survey;

pub use audience::Audience;
pub use confirm::{Confirmation, ReporterAnswer};
pub use email::ReporterEmail;
pub use message::{Delivery, DeliveryState, MessageKind};
pub use status::{
    PublicEntry, PublicKind, ReporterStage, changes_status, current_eta, link_expired,
};
pub use survey::{COMMENT, Rating, SurveyAnswer, answer_of, open_round};
