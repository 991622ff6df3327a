//! Service levels: the policy, business calendars, and the engine that
//! turns a ticket's events into the state of its clocks. Pure: the browser
//! ticks countdowns with it and the server records warnings and breaches
//! with it.

pub mod calendar;
pub mod engine;
pub mod format;
pub mod policy;
pub mod ticket;
pub mod zone;

pub use calendar::{BusinessCalendar, Hours, MIN_WEEKLY_MINUTES, Timelines, Week};
pub use engine::{
    Clock, ClockName, ClockState, Evaluation, Policies, SlaEvent, SlaEventKind, evaluate,
    evaluate_in,
};
pub use format::{EvaluationError, EvaluationRequest, EvaluationResponse, MAX_EVENTS};
pub use policy::{Judgement, MAX_TARGET_MINUTES, MAX_WARN_PERCENT, PolicyError, SlaPolicy};
pub use ticket::{Crossing, CrossingKind, NextClock, SlaSnapshot, Standing, crossings, sla_events};
pub use zone::{OffsetChange, ZoneTable, Zones};
