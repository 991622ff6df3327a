//! The rules a scenario document must keep (issue: training mode), checked
//! against the runbook it is played with and the desk's priority matrix:
//! [`Scenario::validate`] names every field it rejects, once.

use super::scenario::{
    AnswerKey, Evidence, Happening, Inject, Metric, Report, Scenario, Script, Series,
};
use crate::domain::intake::Channel;
use crate::domain::priority::PriorityMatrix;
use crate::domain::runbook::{ItemKind, Runbook};
use crate::domain::stage::Stage;
use crate::domain::validation::{Field, FieldError, FieldErrors, Reason, TextRule};
use std::collections::BTreeSet;

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

impl Scenario {
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
        self.0.take(result);
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
    use crate::domain::sla::engine::ClockName;
    use crate::domain::training::Outcome;
    use crate::domain::training::shipped_scenario;
    use crate::domain::wording::Wording;

    fn fields(result: Result<(), FieldErrors>) -> Vec<(Field, Reason)> {
        let mut found: Vec<_> = result
            .err()
            .map(|errors| errors.iter().map(|e| (e.field, e.reason.clone())).collect())
            .unwrap_or_default();
        found.sort_by_key(|(field, _)| *field);
        found
    }

    fn p0() -> Scenario {
        shipped_scenario("payment-outage").unwrap().clone()
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
