//! The SLA oracle: table-driven scenarios (tests/sla/scenarios.json) run
//! through the evaluation interface. Each names the rule it checks; each
//! expected clock lists the fields that must match, in the engine's order.

use firstline_app::domain::sla::EvaluationRequest;
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Scenario {
    name: String,
    input: EvaluationRequest,
    expect: Value,
}

fn scenarios() -> Vec<Scenario> {
    serde_json::from_str(include_str!("sla/scenarios.json")).expect("the scenarios are valid JSON")
}

/// The fields of `expected` that `actual` does not match.
fn mismatches(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(have)) => {
            for (key, value) in want {
                let got = have.get(key).unwrap_or(&Value::Null);
                mismatches(value, got, &format!("{path}.{key}"), out);
            }
        }
        (Value::Array(want), Value::Array(have)) => {
            if want.len() != have.len() {
                out.push(format!(
                    "{path}: {} entries expected, {} found: {actual}",
                    want.len(),
                    have.len()
                ));
            }
            for (i, (w, h)) in want.iter().zip(have).enumerate() {
                mismatches(w, h, &format!("{path}[{i}]"), out);
            }
        }
        (want, have) if want != have => out.push(format!("{path}: expected {want}, found {have}")),
        _ => {}
    }
}

#[test]
fn every_sla_scenario_matches_the_oracle() {
    let mut failures = Vec::new();
    let all = scenarios();
    assert!(
        all.len() >= 15,
        "the oracle covers every clock and every rule"
    );
    for scenario in all {
        let answer = scenario.input.evaluate().expect("a valid policy");
        let actual = serde_json::to_value(&answer).unwrap();
        let mut wrong = Vec::new();
        mismatches(&scenario.expect, &actual, "", &mut wrong);
        if !wrong.is_empty() {
            failures.push(format!("{}:\n  {}", scenario.name, wrong.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_oracle_notices_a_wrong_expectation() {
    let mut wrong = Vec::new();
    mismatches(
        &serde_json::json!({"clocks": [{"state": "met"}]}),
        &serde_json::json!({"clocks": [{"state": "breached"}]}),
        "",
        &mut wrong,
    );
    assert_eq!(
        wrong,
        [".clocks[0].state: expected \"met\", found \"breached\""]
    );
}
