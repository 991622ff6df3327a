//! Training mode: the manual's incidents as scenarios a trainee plays in a
//! sandbox, at speed, against a scripted reporter (issue: training mode).
//!
//! - `scenario`: the scenario document;
//! - `validate`: the rules a scenario must keep;
//! - `library`: the scenarios that ship with Firstline, in English and in
//!   the manual's own Chinese;
//! - `draft`: a scenario drafted from a solved ticket, names, contacts and
//!   addresses masked;
//! - `injects`: when a scenario's injects happen, once each, in order;
//! - `clock`: a run's simulated clock;
//! - `score`: a run's score against the answer key, item by item.

mod clock;
mod draft;
mod injects;
mod library;
mod scenario;
mod score;
mod validate;

pub use clock::{RunClock, Speed};
pub use draft::{MASK, Redactor, draft_from_ticket};
pub use injects::{InjectOutcome, due_injects, milestones, next_inject};
pub use library::{shipped_scenario, shipped_scenarios};
pub use scenario::{
    AnswerKey, Evidence, Happening, Inject, Metric, Milestone, Outcome, Report, Scenario, Script,
    Series, SimulatedExpert, Step,
};
pub use score::{
    HINT_PENALTY, ITEM_POINTS, Judged, PRIORITY_POINTS, RECLASSIFICATION_PENALTY, Score, ScoreItem,
    score,
};
pub use validate::{MAX_ENTRIES, MAX_MINUTE, TITLE, valid_id};
