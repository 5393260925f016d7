//! End-to-end tests of `modelfit eval` on small labelled files written here, whose figures are
//! known: prompts the classifier cannot get wrong, and one qa prompt it does commit on.

use std::fs;
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

fn write(lines: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("set.jsonl"), lines).expect("write");
    dir
}

fn eval(dir: &TempDir, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modelfit"))
        .arg("eval")
        .args(args)
        .current_dir(dir.path())
        .output()
        .expect("run modelfit")
}

fn line(text: &str, task: &str, kind: &str) -> String {
    serde_json::json!({"id": "x", "text": text, "task": task, "kind": kind}).to_string() + "\n"
}

/// Two general, two inference and two qa prompts; the classifier gets one inference prompt's kind
/// wrong by not committing (a bare question), and commits on one qa prompt (a poem request
/// labelled qa), so every figure is a known fraction.
fn known_set() -> String {
    [
        line("Write a poem about autumn leaves.", "creative", "general"),
        line(
            "Summarize the following article in three bullet points: the city council met on Tuesday.",
            "summarize",
            "general",
        ),
        line("Solve for x: 3x + 5 = 20.", "math", "inference"),
        line("Is it true?", "logic", "inference"),
        line("Who was the first emperor of Rome?", "qa", "either"),
        line("Write a poem about the moon.", "qa", "either"),
    ]
    .concat()
}

fn close(value: &Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - expected).abs() < 1e-9)
}

#[test]
fn json_figures_on_a_known_set() {
    let dir = write(&known_set());
    let out = eval(&dir, &["set.jsonl", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    // Committed: creative, summarize, math (right) and the qa poem (a false alarm).
    assert!(close(&report["mismatch_precision"], 0.75), "{report}");
    assert!(close(&report["mismatch_recall"], 0.75), "{report}");
    assert!(close(&report["recall_general"], 1.0), "{report}");
    assert!(close(&report["recall_inference"], 0.5), "{report}");
    assert!(close(&report["either_flagged"], 0.5), "{report}");
    assert_eq!(report["n"], 6);
    assert!(report["task_acc"].as_f64().is_some_and(|a| a > 0.0 && a < 1.0), "{report}");
    assert!(report["prompts_per_s"].as_f64().is_some_and(|p| p > 0.0), "{report}");
    for key in [
        "mismatch_precision",
        "mismatch_recall",
        "recall_general",
        "recall_inference",
        "either_flagged",
        "task_acc",
        "prompts_per_s",
        "n",
    ] {
        assert!(report.get(key).is_some(), "missing {key}: {report}");
    }
}

#[test]
fn threshold_one_commits_on_nothing() {
    let dir = write(&known_set());
    let out = eval(&dir, &["set.jsonl", "--format", "json", "--threshold", "1"]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(close(&report["mismatch_recall"], 0.0), "{report}");
    assert!(close(&report["either_flagged"], 0.0), "{report}");
    assert!(close(&report["threshold"], 1.0), "{report}");
}

#[test]
fn human_output_is_a_table_with_the_confusion_matrix() {
    let dir = write(&known_set());
    let out = eval(&dir, &["set.jsonl", "--errors", "5"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("prompts              6\n"), "{text}");
    assert!(text.contains("mismatch precision   0.750"), "{text}");
    assert!(text.contains("either flagged       0.500"), "{text}");
    assert!(text.contains("prompts/s"), "{text}");
    assert!(text.contains("true\\pred"), "{text}");
    assert!(text.contains("qa -> creative"), "the false alarm is listed: {text}");
}

#[test]
fn a_bad_line_is_a_usage_error_naming_the_line() {
    let bad = known_set() + "\n" + &line("Hello", "poetry", "general");
    let dir = write(&bad);
    let out = eval(&dir, &["set.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("set.jsonl`:8: not a labelled prompt"), "{err}");

    let dir = write("{\"text\": \"no labels\"}\n");
    let err = String::from_utf8_lossy(&eval(&dir, &["set.jsonl"]).stderr).into_owned();
    assert!(err.contains(":1: not a labelled prompt") && err.contains("missing field"), "{err}");
}

#[test]
fn missing_or_empty_files_and_bad_thresholds_exit_two() {
    let dir = write("\n\n");
    let missing = eval(&dir, &["nope.jsonl"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read `nope.jsonl`"));
    assert_eq!(eval(&dir, &["set.jsonl"]).status.code(), Some(2));
    let dir = write(&known_set());
    assert_eq!(eval(&dir, &["set.jsonl", "--threshold", "2"]).status.code(), Some(2));
}
