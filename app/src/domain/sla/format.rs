//! The evaluation interface's JSON: what `firstline sla evaluate` reads on
//! standard input and `POST /api/sla/evaluate` takes, and what both answer.
//!
//! ```json
//! {"policy": null, "now": "2026-11-26T10:45:00Z",
//!  "events": [{"at": "2026-11-26T10:00:00Z", "kind": "registered", "priority": "P0"},
//!             {"at": "2026-11-26T10:20:00Z", "kind": "first_response"}]}
//! ```
//!
//! `policy: null` means the default policy. The answer is an
//! [`Evaluation`]: one entry per clock (a reopened ticket keeps its earlier
//! clocks), and when the ticket was escalated.

use super::engine::{Evaluation, Policies, SlaEvent, evaluate};
use super::policy::{PolicyError, SlaPolicy};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A request to evaluate a ticket's clocks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationRequest {
    /// The policy; `null` for the default. A `policy_applied` event in the
    /// list cannot name another one here and is ignored.
    #[serde(default)]
    pub policy: Option<SlaPolicy>,
    pub events: Vec<SlaEvent>,
    pub now: DateTime<Utc>,
}

/// The answer: every clock, and the escalation time.
pub type EvaluationResponse = Evaluation;

impl EvaluationRequest {
    /// Checks the policy and evaluates.
    pub fn evaluate(&self) -> Result<EvaluationResponse, PolicyError> {
        let default = SlaPolicy::default();
        let policy = self.policy.as_ref().unwrap_or(&default);
        policy.validate()?;
        Ok(evaluate(&Policies::single(policy), &self.events, self.now))
    }
}
