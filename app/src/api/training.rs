//! What the training API carries (issue: training mode): the scenario
//! list trainees choose from, and a scenario whole, as leads export,
//! import and edit it.

use super::documents::VersionRecord;
use crate::domain::Wording;
use crate::domain::intake::Channel;
use crate::domain::training::Scenario;
use serde::{Deserialize, Serialize};

/// Where the training API's scenarios live.
pub const SCENARIOS_PATH: &str = "/api/v1/training/scenarios";

/// A scenario as the list shows it: what a trainee may know before playing.
/// Nothing of the answer key, not even the priority: judging it is part of
/// the run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioSummary {
    pub id: String,
    pub version: u32,
    pub title: Wording,
    pub summary: Wording,
    pub channel: Channel,
    /// Whether it is Firstline's own, unedited.
    pub shipped: bool,
}

impl ScenarioSummary {
    /// The list's line of a scenario at `version`; `shipped` when it is
    /// Firstline's own, unedited.
    pub fn of(scenario: &Scenario, version: u32, shipped: bool) -> Self {
        Self {
            id: scenario.id.clone(),
            version,
            title: scenario.title.clone(),
            summary: scenario.summary.clone(),
            channel: scenario.report.channel,
            shipped,
        }
    }
}

/// A scenario whole, with who saved which version (leads): what export
/// gives and import takes back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioRecord {
    pub version: u32,
    pub scenario: Scenario,
    /// The stored versions, newest first; a shipped scenario's version 1 is
    /// Firstline's own and not listed.
    pub history: Vec<VersionRecord<u32>>,
}

/// A lead's edit or import: the scenario, the version it was made from (0
/// for a new scenario), and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioDraft {
    pub based_on: u32,
    pub scenario: Scenario,
    #[serde(default)]
    pub note: String,
}
