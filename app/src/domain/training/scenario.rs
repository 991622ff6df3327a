//! A training scenario as data: an incident as it arrives, the reporter's
//! script, the evidence there is to find, what happens while the trainee
//! works, and the answer key a run is scored against.
//!
//! A scenario is a bilingual document, versioned like a runbook: leads
//! write, import and export it as JSON, and `validate.rs` holds the rules
//! it must keep. Items are named by the runbook's item ids, so a reporter's
//! answer belongs to the R04 question that asks for it and a log excerpt to
//! the R08 item that looks for it.

use super::super::intake::Channel;
use super::super::knowledge::FaultType;
use super::super::priority::{Impact, Priority, PriorityMatrix, Urgency};
use super::super::sla::engine::ClockName;
use super::super::wording::Wording;
use crate::domain::priority::named_enum;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A training scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable across versions; runs and scores name the scenario by it.
    pub id: String,
    pub title: Wording,
    /// What the trainee is told before the run starts.
    pub summary: Wording,
    pub report: Report,
    pub reporter: Script,
    /// Evidence held back until the trainee asks for it.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Simulated experts a swarm can call in (R11).
    #[serde(default)]
    pub experts: Vec<SimulatedExpert>,
    #[serde(default)]
    pub injects: Vec<Inject>,
    pub key: AnswerKey,
}

/// The report as it arrives (R01).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub channel: Channel,
    /// The reporter's name, made up.
    pub reporter: String,
    pub department: Wording,
    /// How to reach the reporter, made up.
    pub contact: String,
    pub symptom: Wording,
    /// Error output as the reporter copies it: not translated.
    #[serde(default)]
    pub error_text: String,
    /// The impact as the reporter tells it, not as the key judges it.
    pub impact_scope: Wording,
    /// For a phone report (R02): what the caller says, word for word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller_says: Option<Wording>,
}

/// What the scripted reporter says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    /// The answer to each R04 question, by the runbook item that asks it.
    pub answers: BTreeMap<String, Wording>,
    /// How each R06 self-help step turns out, by the item that asks for it.
    #[serde(default)]
    pub self_help: BTreeMap<String, Outcome>,
    /// The replies to each request to confirm (R16), in order; the last
    /// one answers every later request. A first reply that is not fixed
    /// makes the trainee reopen (R17).
    pub confirmations: Vec<Outcome>,
}

/// How something the reporter tries or confirms turns out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub fixed: bool,
    pub says: Wording,
}

/// Evidence to discover (R08, R09).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The runbook item that reveals it, when the trainee works it.
    pub item: String,
    /// The simulated expert who holds it: it is revealed when they join the
    /// swarm, as well as by the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_by: Option<String>,
    pub title: Wording,
    /// A log excerpt, stack traces included (R08).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub log: String,
    /// Monitoring readings (R09).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<Series>,
}

named_enum! {
    /// What a monitoring series measures (R09).
    Metric {
        /// Percent of the machine's CPU.
        Cpu => "cpu",
        /// Percent of memory in use.
        Memory => "memory",
        /// Disk reads and writes, MB/s.
        DiskIo => "disk_io",
        /// Response time, ms.
        Latency => "latency",
    }
}

impl Metric {
    /// The unit of its readings.
    pub fn unit(self) -> &'static str {
        match self {
            Metric::Cpu | Metric::Memory => "%",
            Metric::DiskIo => "MB/s",
            Metric::Latency => "ms",
        }
    }
}

/// A small time series: readings at scenario minutes (negative before the
/// report).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub metric: Metric,
    /// What is measured: a host or a service.
    pub source: String,
    /// `[minute, value]` pairs, minutes rising.
    pub points: Vec<(i32, u32)>,
}

/// A simulated expert: someone a swarm can call in (R11).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimulatedExpert {
    pub id: String,
    pub name: Wording,
    /// Backend, operations, database...
    pub role: Wording,
}

named_enum! {
    /// A point in the procedure a scenario can wait for.
    Milestone {
        /// The first response to the reporter (R02).
        FirstResponse => "first_response",
        /// A lead called in, by hand or by the clock (R11).
        Escalated => "escalated",
        /// A workaround in place (R12).
        Workaround => "workaround",
        /// The root cause recorded (R10).
        RootCause => "root_cause",
        /// The fix applied.
        Resolved => "resolved",
    }
}

/// Something that happens at a scenario time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inject {
    /// Scenario minutes after the report.
    pub at_minute: u32,
    /// It happens only if the run has not reached this by then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unless: Option<Milestone>,
    pub what: Happening,
}

/// What an inject brings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Happening {
    /// The reporter calls or writes again.
    ReporterCalls { says: Wording },
    /// Monitoring shows a reading, with what it shows.
    Monitoring { says: Wording, series: Series },
    /// Another department reports the same fault (R03: the impact grows).
    SecondReport { department: Wording, says: Wording },
}

/// What a good run does: the key a run is scored against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerKey {
    pub impact: Impact,
    pub urgency: Urgency,
    /// Whether self-help is the right step (R06: P2 and P3 only), whether or
    /// not it then works.
    pub self_help: bool,
    pub fault_type: FaultType,
    pub root_cause: Wording,
    /// Required for P0 and P1 (R12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workaround: Option<Wording>,
    pub fix: Wording,
    /// Whether a good run calls a lead and a swarm in (R11).
    pub escalation: bool,
    /// The clocks a good run meets.
    pub clocks: Vec<ClockName>,
    /// The expert's run, step by step, in scenario minutes.
    pub timeline: Vec<Step>,
}

/// One step of the expert timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub minute: u32,
    pub what: Wording,
}

impl AnswerKey {
    /// The right priority, by the desk's matrix (R03).
    pub fn priority(&self, matrix: &PriorityMatrix) -> Priority {
        matrix.priority(self.impact, self.urgency)
    }
}

impl Script {
    /// What the scripted reporter says when the trainee works `item`: the
    /// answer to an R04 question, or how an R06 self-help step turns out.
    pub fn answer(&self, item: &str) -> Option<&Wording> {
        self.answers
            .get(item)
            .or_else(|| self.self_help.get(item).map(|outcome| &outcome.says))
    }

    /// The reply to the trainee's `n`th request to confirm (0 the first);
    /// the last reply answers every later request.
    pub fn confirmation(&self, n: usize) -> Option<&Outcome> {
        self.confirmations.get(n).or(self.confirmations.last())
    }
}

impl Scenario {
    /// Whether the reporter first says the fix did not hold (R17).
    pub fn needs_reopening(&self) -> bool {
        self.reporter
            .confirmations
            .first()
            .is_some_and(|c| !c.fixed)
    }

    /// The evidence the trainee finds by working `item`.
    pub fn evidence_on<'a>(&'a self, item: &'a str) -> impl Iterator<Item = &'a Evidence> {
        self.evidence.iter().filter(move |e| e.item == item)
    }

    /// The evidence `expert` brings when they join the swarm (R11).
    pub fn evidence_of<'a>(&'a self, expert: &'a str) -> impl Iterator<Item = &'a Evidence> {
        self.evidence
            .iter()
            .filter(move |e| e.held_by.as_deref() == Some(expert))
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::training::shipped_scenario;

    #[test]
    fn the_scripted_reporter_answers_each_question_step_and_request_to_confirm() {
        let scenario = shipped_scenario("login-locked-out").unwrap();
        let script = &scenario.reporter;
        assert!(
            script
                .answer("r04.changes")
                .unwrap()
                .en
                .contains("old password")
        );
        assert!(
            script
                .answer("r06.browser")
                .unwrap()
                .en
                .contains("Another browser")
        );
        assert_eq!(script.answer("r08.logs"), None);
        // Still failing the first time (R17), fixed from then on.
        assert!(!script.confirmation(0).unwrap().fixed);
        assert!(script.confirmation(1).unwrap().fixed);
        assert!(script.confirmation(5).unwrap().fixed);
        assert_eq!(scenario.evidence_on("r08.logs").count(), 1);
        assert_eq!(scenario.evidence_on("r09.resources").count(), 0);
    }

    #[test]
    fn an_expert_brings_the_evidence_they_hold() {
        let scenario = shipped_scenario("intermittent-timeouts").unwrap();
        let items: Vec<&str> = scenario
            .evidence_of("ops")
            .map(|e| e.item.as_str())
            .collect();
        assert_eq!(items, ["r10.api.response"]);
        assert_eq!(scenario.evidence_of("backend").count(), 0);
    }
}
