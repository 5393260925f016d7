//! End-to-end tests of `modelfit check` where rules fire on prompt files; `tests/cli.rs` covers
//! walking, output formats, exit codes and configuration problems.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const TYPO: &str = "---\nmodel: gpt-4o-mnii\n---\nbody\n";
const PROMPTY_O3: &str = "---\nname: t\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: o3-mini\n  parameters:\n    temperature: 0.2\n---\nsystem:\nYou are terse.\n\nuser:\n{{question}}\n";

fn modelfit(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modelfit")).args(args).current_dir(dir).output().expect("run modelfit")
}

fn diagnostics(dir: &Path) -> Vec<Value> {
    let out = modelfit(dir, &["check", "--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().cloned().unwrap_or_default())
        .collect()
}

#[test]
fn unknown_model_is_an_info_that_passes_by_default() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("a.prompt.md"), TYPO).expect("write");
    let found = diagnostics(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0]["code"].as_str(), found[0]["severity"].as_str()), (Some("MF002"), Some("info")));
    assert_eq!(found[0]["range"]["start"]["line"], 2);
    assert_eq!(modelfit(dir.path(), &["check"]).status.code(), Some(0));
    assert_eq!(modelfit(dir.path(), &["check", "--fail-on", "info"]).status.code(), Some(1));
}

#[test]
fn config_turning_a_rule_off_changes_the_result() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("a.prompt.md"), TYPO).expect("write");
    fs::write(dir.path().join("modelfit.toml"), "[rules]\nunknown-model = \"off\"\n").expect("write");
    assert_eq!(diagnostics(dir.path()), Vec::<Value>::new());
    fs::write(dir.path().join("modelfit.toml"), "[rules]\nMF002 = \"error\"\n").expect("write");
    assert_eq!(modelfit(dir.path(), &["check"]).status.code(), Some(1));
}

#[test]
fn rejected_parameter_is_an_error_with_caret_and_fix() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("chat.prompty"), PROMPTY_O3).expect("write");
    let out = modelfit(dir.path(), &["check", "--no-color"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("chat.prompty:9:5: error[MF004/rejected-parameter]: "), "{text}");
    assert!(text.contains("9 |     temperature: 0.2\n  |     ^"), "{text}");
    assert!(text.contains("= fix: "), "{text}");
}

#[test]
fn a_ten_megabyte_prompt_is_checked_like_any_other() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = String::from("---\nmodel: gpt-4o-mnii\n---\n");
    while text.len() < 10 * 1024 * 1024 {
        text.push_str("Summarise section {{n}} of the report in two sentences, 中文 included 😀.\n");
    }
    fs::write(dir.path().join("big.prompt.md"), &text).expect("write");
    let found = diagnostics(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["rule"], "unknown-model");
}

const PY_O3: &str = r#"from openai import OpenAI

client = OpenAI()


def answer(question):
    return client.chat.completions.create(
        model="o3-mini",
        messages=[{"role": "user", "content": question}],
        temperature=0.2,
    )
"#;

#[test]
fn rejected_parameter_in_a_python_sdk_call() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("app.py"), PY_O3).expect("write");
    // Source files without a model call are neither reported nor counted.
    fs::write(dir.path().join("util.py"), "def add(a, b):\n    return a + b\n").expect("write");
    fs::write(dir.path().join("model.ts"), "export const model = 'no call here';\n").expect("write");
    let out = modelfit(dir.path(), &["check", "--no-color"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("app.py:10:9: error[MF004/rejected-parameter]: `temperature` is rejected by `o3-mini`"),
        "{text}"
    );
    assert!(text.contains("10 |         temperature=0.2,\n   |         ^^^^^^^^^^^^^^^"), "{text}");
    assert!(!text.contains("util.py") && !text.contains("model.ts"), "{text}");
    assert!(text.contains("Checked 1 file"), "{text}");

    let out = modelfit(dir.path(), &["check", "--format", "json"]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["summary"]["files"], 1, "{report}");
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 1, "{report}");
    assert_eq!(files[0]["format"], "python", "{report}");
}
