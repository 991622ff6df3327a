//! A training scenario as data: an incident as it arrives, the reporter's
//! script, the evidence there is to find, what happens while the trainee
//! works, and the answer key a run is scored against.
//!
//! A scenario is a bilingual document, versioned like a runbook: leads
//! write, import and export it as JSON, and [`Scenario::validate`] names
//! every field it rejects. Items are named by the runbook's item ids, so a
//! reporter's answer belongs to the R04 question that asks for it and a log
//! excerpt to the R08 item that looks for it.

use super::super::intake::Channel;
use super::super::knowledge::FaultType;
use super::super::priority::{Impact, Priority, PriorityMatrix, Urgency};
use super::super::runbook::{ItemKind, Runbook};
use super::super::sla::engine::ClockName;
use super::super::stage::Stage;
use super::super::validation::{Field, FieldError, FieldErrors, Reason, TextRule};
use super::super::wording::Wording;
use crate::domain::priority::named_enum;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The longest a scenario may run, in scenario minutes: a working day and
/// a half, enough for a P2's clocks.
pub const MAX_MINUTE: u32 = 36 * 60;
/// The most injects, evidence items, experts or timeline steps a scenario
/// may hold, each.
pub const MAX_ENTRIES: usize = 40;

/// A scenario's title.
pub const TITLE: TextRule = TextRule {
    field: Field::Title,
    min: 3,
    max: 120,
    multiline: false,
};
/// A short line: a name, a department, a role.
const fn line(field: Field) -> TextRule {
    TextRule {
        field,
        min: 1,
        max: 120,
        multiline: false,
    }
}

/// What someone says or what a step of the answer key does.
const fn speech(field: Field) -> TextRule {
    TextRule {
        field,
        min: 1,
        max: 2000,
        multiline: true,
    }
}
/// A log excerpt, with its stack traces.
const LOG: TextRule = TextRule {
    field: Field::Evidence,
    min: 1,
    max: 20_000,
    multiline: true,
};

/// A scenario's id: 1 to 40 of a-z, 0-9, dot, underscore and hyphen, as
/// runbook item ids.
pub fn valid_id(id: &str) -> bool {
    (1..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

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

    /// Checks the whole document against the runbook it is played with and
    /// the desk's priority matrix, naming every rejected field once.
    pub fn validate(&self, runbook: &Runbook, matrix: &PriorityMatrix) -> Result<(), FieldErrors> {
        let mut errors = Errors::default();
        if !valid_id(&self.id) {
            errors.add(Field::Scenario, Reason::IdCharacters);
        }
        errors.check(self.title.check(TITLE));
        errors.check(self.summary.check(speech(Field::Summary)));
        self.report.validate(&mut errors);
        self.reporter.validate(runbook, &mut errors);
        let experts = self.validate_experts(&mut errors);
        for evidence in &self.evidence {
            evidence.validate(runbook, &experts, &mut errors);
        }
        if self.evidence.len() > MAX_ENTRIES {
            errors.add(
                Field::Evidence,
                Reason::TooMany {
                    max: MAX_ENTRIES as u32,
                },
            );
        }
        for inject in &self.injects {
            inject.validate(&mut errors);
        }
        if self.injects.len() > MAX_ENTRIES {
            errors.add(
                Field::Inject,
                Reason::TooMany {
                    max: MAX_ENTRIES as u32,
                },
            );
        }
        self.key.validate(matrix, &mut errors);
        errors.finish()
    }

    fn validate_experts<'a>(&'a self, errors: &mut Errors) -> BTreeSet<&'a str> {
        let mut ids = BTreeSet::new();
        for expert in &self.experts {
            if !valid_id(&expert.id) {
                errors.add(Field::Expert, Reason::IdCharacters);
            } else if !ids.insert(expert.id.as_str()) {
                errors.add(Field::Expert, Reason::Duplicate);
            }
            errors.check(expert.name.check(line(Field::Expert)));
            errors.check(expert.role.check(line(Field::RoleLabel)));
        }
        if self.experts.len() > MAX_ENTRIES {
            errors.add(
                Field::Expert,
                Reason::TooMany {
                    max: MAX_ENTRIES as u32,
                },
            );
        }
        ids
    }
}

impl Report {
    fn validate(&self, errors: &mut Errors) {
        errors.check(line(Field::Reporter).check(&self.reporter).map(drop));
        errors.check(self.department.check(line(Field::Department)));
        errors.check(line(Field::Contact).check(&self.contact).map(drop));
        errors.check(self.symptom.check(speech(Field::SymptomSteps)));
        if !self.error_text.trim().is_empty() {
            errors.check(speech(Field::ErrorText).check(&self.error_text).map(drop));
        }
        errors.check(self.impact_scope.check(speech(Field::ImpactScope)));
        match (&self.caller_says, self.channel) {
            (Some(says), _) => errors.check(says.check(speech(Field::CallerSays))),
            (None, Channel::Phone) => errors.add(Field::CallerSays, Reason::Required),
            (None, _) => {}
        }
    }
}

impl Script {
    fn validate(&self, runbook: &Runbook, errors: &mut Errors) {
        // Every question of first diagnosis has its answer (R04), and an
        // answer names a question.
        let questions: BTreeSet<&str> = runbook
            .items(Stage::FirstDiagnosis)
            .filter(|item| item.kind == ItemKind::Question)
            .map(|item| item.id.as_str())
            .collect();
        for (item, answer) in &self.answers {
            if !questions.contains(item.as_str()) {
                errors.add(Field::Item, Reason::Unknown);
            }
            errors.check(answer.check(speech(Field::Answer)));
        }
        if questions.iter().any(|q| !self.answers.contains_key(*q)) {
            errors.add(Field::Answer, Reason::Required);
        }
        let steps: BTreeSet<&str> = runbook
            .items(Stage::SelfHelp)
            .map(|item| item.id.as_str())
            .collect();
        for (item, outcome) in &self.self_help {
            if !steps.contains(item.as_str()) {
                errors.add(Field::SelfHelp, Reason::Unknown);
            }
            errors.check(outcome.says.check(speech(Field::SelfHelp)));
        }
        // The reporter must confirm the fix in the end, or the run could
        // never close.
        match self.confirmations.last() {
            None => errors.add(Field::Confirmation, Reason::Required),
            Some(last) if !last.fixed => errors.add(Field::Confirmation, Reason::NotAChoice),
            Some(_) => {}
        }
        if self.confirmations.len() > 3 {
            errors.add(Field::Confirmation, Reason::TooMany { max: 3 });
        }
        for reply in &self.confirmations {
            errors.check(reply.says.check(speech(Field::Confirmation)));
        }
    }
}

impl Evidence {
    fn validate(&self, runbook: &Runbook, experts: &BTreeSet<&str>, errors: &mut Errors) {
        // Evidence is found while troubleshooting deeply (R08–R10).
        match runbook.item(&self.item) {
            Some((Stage::DeepTroubleshooting, _)) => {}
            _ => errors.add(Field::Item, Reason::Unknown),
        }
        if let Some(expert) = &self.held_by
            && !experts.contains(expert.as_str())
        {
            errors.add(Field::Expert, Reason::Unknown);
        }
        errors.check(self.title.check(line(Field::Evidence)));
        // A log, readings, or both; never nothing.
        if self.log.trim().is_empty() && self.series.is_empty() {
            errors.add(Field::Evidence, Reason::Required);
        }
        if !self.log.trim().is_empty() {
            errors.check(LOG.check(&self.log).map(drop));
        }
        for series in &self.series {
            series.validate(errors);
        }
    }
}

impl Series {
    fn validate(&self, errors: &mut Errors) {
        errors.check(line(Field::Series).check(&self.source).map(drop));
        let rising = self.points.windows(2).all(|w| w[0].0 < w[1].0);
        if self.points.is_empty() || !rising {
            errors.add(Field::Series, Reason::NotAChoice);
        }
        if self.points.len() > 120 {
            errors.add(Field::Series, Reason::TooMany { max: 120 });
        }
        let percent = matches!(self.metric, Metric::Cpu | Metric::Memory);
        if percent && self.points.iter().any(|(_, value)| *value > 100) {
            errors.add(Field::Series, Reason::OutOfRange { min: 0, max: 100 });
        }
    }
}

impl Inject {
    fn validate(&self, errors: &mut Errors) {
        if self.at_minute > MAX_MINUTE {
            errors.add(
                Field::Inject,
                Reason::OutOfRange {
                    min: 0,
                    max: MAX_MINUTE,
                },
            );
        }
        match &self.what {
            Happening::ReporterCalls { says } => errors.check(says.check(speech(Field::Inject))),
            Happening::Monitoring { says, series } => {
                errors.check(says.check(speech(Field::Inject)));
                series.validate(errors);
            }
            Happening::SecondReport { department, says } => {
                errors.check(department.check(line(Field::Department)));
                errors.check(says.check(speech(Field::Inject)));
            }
        }
    }
}

impl AnswerKey {
    fn validate(&self, matrix: &PriorityMatrix, errors: &mut Errors) {
        let priority = self.priority(matrix);
        // R06: self-help is for P2 and P3 only.
        if self.self_help && priority.is_major() {
            errors.add(Field::SelfHelp, Reason::NotAChoice);
        }
        errors.check(self.root_cause.check(speech(Field::Cause)));
        errors.check(self.fix.check(speech(Field::Fix)));
        match &self.workaround {
            Some(workaround) => errors.check(workaround.check(speech(Field::Workaround))),
            // R12: a P0 or P1 has a workaround first.
            None if priority.is_major() => errors.add(Field::Workaround, Reason::Required),
            None => {}
        }
        let unique: BTreeSet<_> = self.clocks.iter().collect();
        if unique.len() != self.clocks.len() {
            errors.add(Field::Clocks, Reason::Duplicate);
        }
        if self.timeline.is_empty() {
            errors.add(Field::Timeline, Reason::Required);
        }
        if self.timeline.len() > MAX_ENTRIES {
            errors.add(
                Field::Timeline,
                Reason::TooMany {
                    max: MAX_ENTRIES as u32,
                },
            );
        }
        let in_order = self.timeline.windows(2).all(|w| w[0].minute <= w[1].minute);
        let in_range = self.timeline.iter().all(|s| s.minute <= MAX_MINUTE);
        if !in_order || !in_range {
            errors.add(Field::Timeline, Reason::NotAChoice);
        }
        for step in &self.timeline {
            errors.check(step.what.check(speech(Field::Timeline)));
        }
    }
}

/// The errors of one document, at most one per field: the first found
/// ([`FieldErrors::push`]).
#[derive(Default)]
struct Errors(FieldErrors);

impl Errors {
    fn add(&mut self, field: Field, reason: Reason) {
        self.0.push(FieldError::new(field, reason));
    }

    fn check(&mut self, result: Result<(), FieldError>) {
        if let Err(e) = result {
            self.0.push(e);
        }
    }

    fn finish(self) -> Result<(), FieldErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::default_runbook;
    use crate::domain::training::shipped_scenarios;

    fn fields(result: Result<(), FieldErrors>) -> Vec<(Field, Reason)> {
        let mut found: Vec<_> = result
            .err()
            .map(|errors| errors.iter().map(|e| (e.field, e.reason.clone())).collect())
            .unwrap_or_default();
        found.sort_by_key(|(field, _)| *field);
        found
    }

    fn p0() -> Scenario {
        shipped_scenarios()
            .into_iter()
            .find(|s| s.id == "payment-outage")
            .unwrap()
    }

    #[test]
    fn a_broken_scenario_names_every_field_it_gets_wrong() {
        let mut s = p0();
        s.id = "Payment Outage!".into();
        s.title = Wording::default();
        s.report.channel = Channel::Phone;
        s.report.caller_says = None;
        s.report.contact = " ".into();
        s.reporter.answers.remove("r04.when");
        s.reporter
            .answers
            .insert("r99.nothing".into(), Wording::english("?"));
        s.reporter.self_help.insert(
            "r08.logs".into(),
            Outcome {
                fixed: true,
                says: Wording::english("ok"),
            },
        );
        s.reporter.confirmations = vec![Outcome {
            fixed: false,
            says: Wording::english("still broken"),
        }];
        s.evidence[0].held_by = Some("nobody".into());
        s.evidence[1].log.clear();
        s.evidence[2].series[0].points = vec![(10, 50), (5, 101)];
        s.injects[0].at_minute = MAX_MINUTE + 1;
        s.key.workaround = None;
        s.key.clocks.push(ClockName::Response);
        s.key.timeline.reverse();
        let found = fields(s.validate(&default_runbook(), &PriorityMatrix::default()));
        let named: Vec<Field> = found.iter().map(|(field, _)| *field).collect();
        let mut expected = vec![
            Field::Scenario,
            Field::Title,
            Field::CallerSays,
            Field::Contact,
            Field::Item,
            Field::Answer,
            Field::SelfHelp,
            Field::Confirmation,
            Field::Expert,
            Field::Evidence,
            Field::Series,
            Field::Inject,
            Field::Workaround,
            Field::Clocks,
            Field::Timeline,
        ];
        expected.sort();
        assert_eq!(named, expected, "{found:?}");
        let reason = |field| found.iter().find(|(f, _)| *f == field).unwrap().1.clone();
        assert_eq!(reason(Field::CallerSays), Reason::Required);
        assert_eq!(reason(Field::Answer), Reason::Required);
        assert_eq!(reason(Field::Confirmation), Reason::NotAChoice);
        assert_eq!(reason(Field::Workaround), Reason::Required);
        assert_eq!(reason(Field::Scenario), Reason::IdCharacters);
    }

    #[test]
    fn the_scripted_reporter_answers_each_question_step_and_request_to_confirm() {
        let scenario = shipped_scenarios()
            .into_iter()
            .find(|s| s.id == "login-locked-out")
            .unwrap();
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
        let scenario = shipped_scenarios()
            .into_iter()
            .find(|s| s.id == "intermittent-timeouts")
            .unwrap();
        let items: Vec<&str> = scenario
            .evidence_of("ops")
            .map(|e| e.item.as_str())
            .collect();
        assert_eq!(items, ["r10.api.response"]);
        assert_eq!(scenario.evidence_of("backend").count(), 0);
    }

    #[test]
    fn r06_self_help_in_the_key_is_refused_for_a_major_incident() {
        let mut s = p0();
        s.key.self_help = true;
        assert_eq!(
            fields(s.validate(&default_runbook(), &PriorityMatrix::default())),
            vec![(Field::SelfHelp, Reason::NotAChoice)]
        );
    }

    #[test]
    fn unknown_fields_and_bad_choices_are_refused_on_import() {
        let mut document = serde_json::to_value(p0()).unwrap();
        document["key"]["urgency"] = "whenever".into();
        assert!(serde_json::from_value::<Scenario>(document).is_err());
        let mut document = serde_json::to_value(p0()).unwrap();
        document["surprise"] = true.into();
        let error = serde_json::from_value::<Scenario>(document).unwrap_err();
        assert!(error.to_string().contains("surprise"), "{error}");
    }
}
