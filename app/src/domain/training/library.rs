//! The scenarios that ship with Firstline, built from the manual's own
//! examples, in English and in the manual's Chinese. Each is a JSON
//! document in `scenarios/`, in the format leads import and export.

use super::scenario::Scenario;
use std::sync::OnceLock;

/// The shipped documents, in the order a trainee meets them.
const SHIPPED: [&str; 7] = [
    include_str!("scenarios/export-blocked.json"),
    include_str!("scenarios/chart-overlaps-table.json"),
    include_str!("scenarios/claims-cannot-submit.json"),
    include_str!("scenarios/payment-outage.json"),
    include_str!("scenarios/warehouse-labels.json"),
    include_str!("scenarios/intermittent-timeouts.json"),
    include_str!("scenarios/login-locked-out.json"),
];

/// Every scenario that ships with Firstline, read once per process.
pub fn shipped_scenarios() -> &'static [Scenario] {
    static READ: OnceLock<Vec<Scenario>> = OnceLock::new();
    READ.get_or_init(|| {
        SHIPPED
            .iter()
            .map(|json| serde_json::from_str(json).expect("a shipped scenario is valid JSON"))
            .collect()
    })
}

/// The shipped scenario with this id.
pub fn shipped_scenario(id: &str) -> Option<&'static Scenario> {
    shipped_scenarios()
        .iter()
        .find(|scenario| scenario.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::Channel;
    use crate::domain::{Priority, PriorityMatrix, default_runbook};
    use serde_json::Value;

    #[test]
    fn every_shipped_scenario_is_valid_against_the_default_runbook() {
        let (runbook, matrix) = (default_runbook(), PriorityMatrix::default());
        for scenario in shipped_scenarios() {
            assert_eq!(
                scenario.validate(&runbook, &matrix),
                Ok(()),
                "{}",
                scenario.id
            );
        }
    }

    /// Every word a person reads exists in both languages: each wording of
    /// every shipped document has its English and its Chinese.
    #[test]
    fn every_shipped_wording_is_in_english_and_in_chinese() {
        fn walk(value: &Value, path: &str, missing: &mut Vec<String>) {
            match value {
                Value::Object(map) if map.contains_key("en") || map.contains_key("zh-CN") => {
                    for tag in ["en", "zh-CN"] {
                        let text = map.get(tag).and_then(Value::as_str).unwrap_or("");
                        if text.trim().is_empty() {
                            missing.push(format!("{path}.{tag}"));
                        }
                    }
                }
                Value::Object(map) => {
                    for (key, value) in map {
                        walk(value, &format!("{path}.{key}"), missing);
                    }
                }
                Value::Array(values) => {
                    for (i, value) in values.iter().enumerate() {
                        walk(value, &format!("{path}[{i}]"), missing);
                    }
                }
                _ => {}
            }
        }
        let mut missing = Vec::new();
        for json in SHIPPED {
            let document: Value = serde_json::from_str(json).unwrap();
            walk(&document, document["id"].as_str().unwrap(), &mut missing);
        }
        assert_eq!(missing, Vec::<String>::new());
    }

    #[test]
    fn the_shipped_scenarios_cover_the_manuals_cases() {
        let matrix = PriorityMatrix::default();
        let scenarios = shipped_scenarios();
        let priority = |s: &Scenario| s.key.priority(&matrix);
        let has = |what: &str, found: bool| assert!(found, "no scenario for {what}");
        let ids: std::collections::BTreeSet<_> = scenarios.iter().map(|s| &s.id).collect();
        assert_eq!(ids.len(), scenarios.len(), "ids are unique");
        has(
            "a P0 payment outage",
            scenarios
                .iter()
                .any(|s| priority(s) == Priority::P0 && s.id.contains("payment")),
        );
        has(
            "a P1 for one user group",
            scenarios.iter().any(|s| {
                priority(s) == Priority::P1 && s.key.impact == crate::domain::Impact::Group
            }),
        );
        let self_help_works = |s: &Scenario| s.reporter.self_help.values().any(|o| o.fixed);
        has(
            "a P2 where self-help fails",
            scenarios.iter().any(|s| {
                priority(s) == Priority::P2
                    && s.key.self_help
                    && !s.reporter.self_help.is_empty()
                    && !self_help_works(s)
            }),
        );
        has(
            "a P3 solved by self-help",
            scenarios
                .iter()
                .any(|s| priority(s) == Priority::P3 && self_help_works(s)),
        );
        has(
            "a severe phone report",
            scenarios
                .iter()
                .any(|s| s.report.channel == Channel::Phone && priority(s).is_major()),
        );
        has(
            "an escalation with a swarm",
            scenarios
                .iter()
                .any(|s| s.key.escalation && s.experts.len() >= 2),
        );
        has(
            "a fix that does not hold",
            scenarios.iter().any(Scenario::needs_reopening),
        );
    }

    #[test]
    fn a_scenario_exports_and_imports_unchanged() {
        for scenario in shipped_scenarios() {
            let exported = serde_json::to_string_pretty(&scenario).unwrap();
            let imported: Scenario = serde_json::from_str(&exported).unwrap();
            assert_eq!(&imported, scenario);
        }
    }
}
