//! Training scenarios (issue: training mode): the documents leads write,
//! import and edit, every version kept. The shipped scenarios are version 1
//! of their ids and live in Firstline itself, not here.

use super::{StoreError, VersionRecord};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A version of a scenario to store.
#[derive(Clone, Copy, Debug)]
pub struct NewScenarioVersion<'a> {
    /// The scenario's id.
    pub id: &'a str,
    /// One more than its newest version (2 for a shipped scenario's first
    /// edit, 1 for a new scenario).
    pub version: u32,
    /// The scenario as JSON.
    pub body: &'a str,
    /// Who saved it, as the audit log names them.
    pub by: &'a str,
    /// Why.
    pub note: &'a str,
    pub at: DateTime<Utc>,
    /// The saver's network address, for the audit log.
    pub address: &'a str,
}

/// A stored version of a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredScenario {
    pub id: String,
    pub version: u32,
    /// The scenario as JSON.
    pub body: String,
}

/// Training scenarios, in versions.
#[async_trait]
pub trait TrainingStore: Send + Sync + 'static {
    /// Stores a version of a scenario and its entry in the audit log, in one
    /// transaction. A version that exists already is a unique constraint
    /// error.
    async fn save_scenario(&self, version: NewScenarioVersion<'_>) -> Result<(), StoreError>;

    /// The newest stored version of every stored scenario, by id.
    async fn latest_scenarios(&self) -> Result<Vec<StoredScenario>, StoreError>;

    /// The newest stored version of one scenario.
    async fn scenario(&self, id: &str) -> Result<Option<StoredScenario>, StoreError>;

    /// Every stored version of one scenario: who made it, when and why,
    /// newest first.
    async fn scenario_history(&self, id: &str) -> Result<Vec<VersionRecord<u32>>, StoreError>;
}
