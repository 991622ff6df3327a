//! Training scenarios (issue: training mode): the list trainees choose
//! from, and the versions leads export, import and edit. The scenarios
//! Firstline ships are version 1 of their ids; a stored version replaces
//! them from version 2.

use super::{Desk, DeskError, require};
use crate::store::{ConstraintKind, NewScenarioVersion, StoreError, StoredScenario};
use firstline_app::api::{ScenarioDraft, ScenarioRecord, ScenarioSummary};
use firstline_app::domain::training::{
    Redactor, Scenario, draft_from_ticket, shipped_scenario, shipped_scenarios,
};
use firstline_app::domain::validation::VERSION_NOTE;
use firstline_app::domain::{
    Action, Actor, Field, FieldError, Progress, Reason, Refusal, Runbook, SlaPolicy, Stage,
    TicketNumber,
};
use std::collections::BTreeMap;

/// Reads a stored scenario.
fn read(stored: &StoredScenario) -> Result<Scenario, DeskError> {
    serde_json::from_str(&stored.body).map_err(|e| {
        DeskError::Internal(
            anyhow::Error::new(e).context(format!("stored scenario {} does not read", stored.id)),
        )
    })
}

impl Desk {
    /// Every scenario at its newest version, the shipped ones first in
    /// their order, then the leads' own by id.
    async fn newest_scenarios(&self) -> Result<Vec<(Scenario, u32, bool)>, DeskError> {
        let mut stored: BTreeMap<String, StoredScenario> = self
            .store
            .latest_scenarios()
            .await?
            .into_iter()
            .map(|s| (s.id.clone(), s))
            .collect();
        let mut all = Vec::new();
        for shipped in shipped_scenarios() {
            match stored.remove(&shipped.id) {
                Some(edited) => all.push((read(&edited)?, edited.version, false)),
                None => all.push((shipped.clone(), 1, true)),
            }
        }
        for own in stored.values() {
            all.push((read(own)?, own.version, false));
        }
        Ok(all)
    }

    /// The scenarios a trainee may play, without their answer keys.
    pub async fn scenarios(&self, actor: &Actor) -> Result<Vec<ScenarioSummary>, DeskError> {
        require(actor, Action::ViewScenarios)?;
        Ok(self
            .newest_scenarios()
            .await?
            .iter()
            .map(|(scenario, version, shipped)| ScenarioSummary::of(scenario, *version, *shipped))
            .collect())
    }

    /// One scenario whole, with its stored versions (leads): what export
    /// gives.
    pub async fn scenario(&self, actor: &Actor, id: &str) -> Result<ScenarioRecord, DeskError> {
        require(actor, Action::EditScenarios)?;
        let (scenario, version) = self.newest_scenario(id).await?.ok_or(DeskError::NotFound)?;
        Ok(ScenarioRecord {
            version,
            scenario,
            history: self.store.scenario_history(id).await?,
        })
    }

    /// A scenario's newest version and its number, if there is one.
    async fn newest_scenario(&self, id: &str) -> Result<Option<(Scenario, u32)>, DeskError> {
        if let Some(stored) = self.store.scenario(id).await? {
            return Ok(Some((read(&stored)?, stored.version)));
        }
        Ok(shipped_scenario(id).map(|s| (s.clone(), 1)))
    }

    /// The number of a scenario's newest version: 0 when there is none, 1
    /// for a shipped scenario no lead has edited.
    async fn newest_version(&self, id: &str) -> Result<u32, DeskError> {
        Ok(match self.store.scenario(id).await? {
            Some(stored) => stored.version,
            None if shipped_scenario(id).is_some() => 1,
            None => 0,
        })
    }

    /// Saves a lead's scenario as the next version of `id` (an edit, or an
    /// import of an exported document), checked against the runbook and
    /// the priority matrix in force. `based_on` must be the newest version
    /// (0 for a new scenario), so that no lead overwrites another's edit
    /// unseen.
    pub async fn save_scenario(
        &self,
        actor: &Actor,
        id: &str,
        draft: &ScenarioDraft,
        address: &str,
    ) -> Result<ScenarioRecord, DeskError> {
        require(actor, Action::EditScenarios)?;
        let mut errors = match draft.scenario.validate(
            &*self.book::<Runbook>().current().await?,
            &self.book::<SlaPolicy>().current().await?.matrix,
        ) {
            Ok(()) => Default::default(),
            Err(errors) => errors,
        };
        // The path names the scenario; a document of another id is not
        // saved under it.
        if draft.scenario.id != id {
            errors.push(FieldError::new(Field::Scenario, Reason::NotAChoice));
        }
        let note = errors.take(VERSION_NOTE.check(&draft.note));
        if !errors.is_empty() {
            return Err(DeskError::Invalid(errors));
        }
        let latest = self.newest_version(id).await?;
        let conflict = DeskError::Conflict {
            current: i64::from(latest),
        };
        if draft.based_on != latest {
            return Err(conflict);
        }
        let body = serde_json::to_string(&draft.scenario)
            .map_err(|e| DeskError::Internal(anyhow::Error::new(e)))?;
        let version = NewScenarioVersion {
            id,
            version: latest + 1,
            body: &body,
            by: &actor.name,
            note: note.as_deref().unwrap_or_default(),
            at: self.now(),
            address,
        };
        match self.store.save_scenario(version).await {
            Ok(()) => {}
            // Another lead saved the same version a moment earlier.
            Err(StoreError::Constraint {
                kind: ConstraintKind::Unique,
                ..
            }) => return Err(conflict),
            Err(other) => return Err(other.into()),
        }
        tracing::info!(scenario = id, version = latest + 1, "scenario saved");
        Ok(ScenarioRecord {
            version: latest + 1,
            scenario: draft.scenario.clone(),
            history: self.store.scenario_history(id).await?,
        })
    }

    /// A scenario drafted from a solved ticket of the lead's desk, names,
    /// contacts and addresses masked, ready for the lead to review and save
    /// (`based_on` is set for saving it). Nothing is stored.
    pub async fn draft_scenario(
        &self,
        actor: &Actor,
        number: TicketNumber,
    ) -> Result<ScenarioDraft, DeskError> {
        require(actor, Action::EditScenarios)?;
        let (ticket, log) = self.ticket(actor, number).await?;
        if !matches!(ticket.stage, Stage::Closed | Stage::Archived) {
            return Err(DeskError::Refused(Refusal::WrongStage {
                stage: ticket.stage,
            }));
        }
        let runbook = self
            .runbooks
            .version(Progress::from_log(&log).runbook.0)
            .await?;
        let users = self.store.users().await?;
        let people = users
            .iter()
            .flat_map(|user| [user.display_name.as_str(), user.login.as_str()]);
        let redactor = Redactor::new(ticket.intake.contact.as_str(), people);
        let scenario = draft_from_ticket(&ticket, &log, &runbook, &redactor);
        let based_on = self.newest_version(&scenario.id).await?;
        Ok(ScenarioDraft {
            based_on,
            note: format!("Drawn from {number}"),
            scenario,
        })
    }
}
