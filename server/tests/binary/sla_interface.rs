//! The evaluation interface's three faces agree: every oracle scenario
//! (app/tests/sla/scenarios.json) gives the same answer from the engine
//! in-process, from `firstline sla evaluate` and from `POST
//! /api/sla/evaluate`.

use firstline_app::domain::sla::EvaluationRequest;
use serde_json::Value;
use std::io::Write as _;
use std::process::{Command, Stdio};

#[derive(serde::Deserialize)]
struct Scenario {
    name: String,
    input: Value,
}

fn scenarios() -> Vec<Scenario> {
    serde_json::from_str(include_str!("../../../app/tests/sla/scenarios.json"))
        .expect("the scenarios are valid JSON")
}

/// Runs `firstline sla evaluate` with `input` on standard input.
fn cli(input: &[u8]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_firstline"))
        .args(["sla", "evaluate"])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input)
        .expect("stdin takes the request");
    child.wait_with_output().expect("the binary ends")
}

#[test]
fn every_oracle_scenario_gives_the_same_answer_on_the_command_line() {
    let all = scenarios();
    assert!(!all.is_empty());
    for scenario in all {
        let request: EvaluationRequest = serde_json::from_value(scenario.input.clone()).unwrap();
        let expected = serde_json::to_value(request.evaluate().unwrap()).unwrap();
        let out = cli(scenario.input.to_string().as_bytes());
        assert!(
            out.status.success(),
            "{}: {}",
            scenario.name,
            String::from_utf8_lossy(&out.stderr)
        );
        let answer: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
        assert_eq!(answer, expected, "{}", scenario.name);
    }
}

#[test]
fn bad_input_on_the_command_line_fails_with_a_reason_and_no_output() {
    let out = cli(br#"{"events": [], "now": "not a time"}"#);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not an evaluation request"), "{err}");

    let out =
        cli(br#"{"policy": {"warn_percent": 0}, "events": [], "now": "2026-11-26T10:00:00Z"}"#);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning threshold"), "{err}");
}
