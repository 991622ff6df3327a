//! The procedure's rules, free of IO, clocks and Leptos.
//!
//! Everything here runs unchanged in the browser (to preview priorities, tick
//! countdowns and validate forms as the agent types) and on the server (which
//! decides). Time is always a parameter: nothing in this module reads a clock.

pub mod account;
pub mod actions;
pub mod actor;
pub mod audit;
pub mod event;
pub mod ids;
pub mod intake;
pub mod knowledge;
pub mod listing;
pub mod priority;
#[cfg(test)]
mod procedure_tests;
pub mod reclassify;
pub mod reporter;
pub mod review;
pub mod runbook;
pub mod sla;
pub mod stage;
pub mod ticket;
pub mod ticket_number;
pub mod training;
pub mod validation;
pub mod wording;
pub mod workflow;

pub use account::{DisplayId, Login, User, UserId};
pub use actions::{ActionRequest, Refusal, TicketAction};
pub use actor::{Action, Actor, Caller, Role};
pub use audit::{AuditAction, AuditDetail, AuditSubject};
pub use event::{Change, REPORTER_AUTHOR, TicketEvent};
pub use ids::{DeskId, DeskKind, PolicyVersion, TicketId};
pub use intake::{
    Channel, Contact, Department, ImpactScope, Intake, IntakeDraft, ReportedAt, Symptom,
    TicketKind, UrgentTag, parse_time,
};
pub use priority::{Impact, Priority, PriorityMatrix, Urgency};
pub use reclassify::{Reclassification, ReclassifyDraft};
pub use reporter::{
    Audience, Confirmation, Delivery, DeliveryState, MessageKind, PublicEntry, PublicKind, Rating,
    ReporterAnswer, ReporterEmail, ReporterStage, SurveyAnswer, answer_of, changes_status,
    current_eta, link_expired, open_round,
};
pub use runbook::{
    Item, ItemKind, Runbook, RunbookVersion, Section, StageChecklist, default_runbook,
};
pub use sla::{Judgement, SlaPolicy};
pub use stage::{ManualStage, Stage};
pub use ticket::{Swarm, Ticket};
pub use ticket_number::TicketNumber;
pub use validation::{Field, FieldError, FieldErrors, Reason, TextRule};
pub use wording::{Language, Reading, Wording};
pub use workflow::{Expert, Gate, PlannedAction, Progress, Requirement, Stamp, Tick};
