//! `modelfit draft` and `modelfit verify` through the real binary against the fault-injecting
//! model server: streaming, --apply, --json, secrets refused, broken streams.

#![allow(clippy::unwrap_used, clippy::needless_pass_by_value)]

mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::fake_model::{FakeModel, Reply};

fn workspace(model: &FakeModel, file: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[providers.fake]\nkind = \"openai\"\nbase_url = \"{}\"\n\n[roles.general]\nmodel = \"gpt-4.1\"\nprovider = \"fake\"\n\n[roles.inference]\nmodel = \"o4-mini\"\nprovider = \"fake\"\n",
        model.base_url()
    );
    std::fs::write(dir.path().join("modelfit.toml"), config).unwrap();
    std::fs::create_dir_all(dir.path().join("user-config")).unwrap();
    std::fs::write(dir.path().join(file), text).unwrap();
    dir
}

fn modelfit(dir: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_modelfit"));
    for key in ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "DEEPSEEK_API_KEY"] {
        command.env_remove(key);
    }
    command.env("MODELFIT_CONFIG_HOME", dir.join("user-config")).current_dir(dir).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const PY: &str = "import time\n\n# AI: sleep one second\n\nprint('done')\n";

#[test]
fn draft_streams_to_stdout_and_apply_writes_below_the_lines() {
    let model =
        FakeModel::start(vec![Reply::Stream(vec!["```python\n".into(), "time.sleep(1)\n".into(), "```".into()])]);
    let dir = workspace(&model, "app.py", PY);
    let out = modelfit(dir.path(), &["draft", "app.py:3", "--apply"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("time.sleep(1)"), "{}", text(&out.stdout));
    let written = std::fs::read_to_string(dir.path().join("app.py")).unwrap();
    assert_eq!(written, "import time\n\n# AI: sleep one second\ntime.sleep(1)\n\nprint('done')\n");
    let body = &model.bodies()[0];
    assert_eq!(body["model"], "gpt-4.1");
    assert!(body["messages"][1]["content"].as_str().unwrap().contains("File: app.py"));
}

#[test]
fn draft_json_replace_reports_the_edit_without_writing() {
    let model = FakeModel::start(vec![Reply::Stream(vec!["time.sleep(1.0)".into()])]);
    let dir = workspace(&model, "app.py", PY);
    let out = modelfit(dir.path(), &["draft", "app.py:3-3", "--replace", "--json", "--instruction", "use a float"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(value["kind"], "replace");
    assert_eq!(value["text"], "time.sleep(1.0)");
    assert_eq!(value["range"]["start_line"], 3);
    assert_eq!(value["applied"], false);
    assert_eq!(std::fs::read_to_string(dir.path().join("app.py")).unwrap(), PY);
    assert!(model.bodies()[0]["messages"][1]["content"].as_str().unwrap().starts_with("## Task\nuse a float"));
}

#[test]
fn verify_json_lists_findings_on_document_lines() {
    let answer = "[{\"line\": 2, \"severity\": \"warning\", \"message\": \"prints too early\", \"suggestion\": null}]";
    let model = FakeModel::start(vec![Reply::Stream(vec![answer.into()])]);
    let dir = workspace(&model, "app.py", PY);
    let out = modelfit(dir.path(), &["verify", "app.py:3-5", "--json"]);
    assert_eq!(out.status.code(), Some(1), "findings exit 1; stderr: {}", text(&out.stderr));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(value["findings"][0]["line"], 4);
    assert_eq!(value["findings"][0]["severity"], "warning");
    assert_eq!(model.bodies()[0]["model"], "o4-mini");
}

#[test]
fn verify_apply_writes_the_suggested_line() {
    let answer = "[{\"line\": 1, \"severity\": \"error\", \"message\": \"typo\", \"suggestion\": \"print('done!')\"}]";
    let model = FakeModel::start(vec![Reply::Stream(vec![answer.into()])]);
    let dir = workspace(&model, "app.py", PY);
    let out = modelfit(dir.path(), &["verify", "app.py:5", "--apply"]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("app.py:5: error: typo"), "{}", text(&out.stdout));
    let written = std::fs::read_to_string(dir.path().join("app.py")).unwrap();
    assert_eq!(written, "import time\n\n# AI: sleep one second\n\nprint('done!')\n");
}

#[test]
fn a_secret_is_refused_with_its_line_and_exit_2_unless_allowed() {
    let file = "notes\nAWS key AKIAIOSFODNN7EXAMPLE here\n";
    let model = FakeModel::start(vec![Reply::Stream(vec!["ok".into()])]);
    let dir = workspace(&model, "notes.md", file);
    let out = modelfit(dir.path(), &["draft", "notes.md"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("notes.md:2: refusing to send an AWS access key id"), "{stderr}");
    assert!(!stderr.contains("AKIAIOSFODNN7EXAMPLE"), "{stderr}");
    assert!(model.bodies().is_empty());
    let out = modelfit(dir.path(), &["draft", "notes.md", "--allow-secrets"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", text(&out.stderr));
    assert_eq!(model.bodies().len(), 1);
}

#[test]
fn a_broken_stream_is_a_clear_error_and_the_file_is_untouched() {
    let model =
        FakeModel::start(vec![Reply::RawStream("data: {\"choices\": [{\"delta\": {\"content\": \"Ru\n\n".into())]);
    let dir = workspace(&model, "app.py", PY);
    let out = modelfit(dir.path(), &["draft", "app.py:3", "--apply"]);
    assert_eq!(out.status.code(), Some(3), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stderr).contains("app.py was not changed"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(dir.path().join("app.py")).unwrap(), PY);
}

#[test]
fn bad_targets_are_usage_errors() {
    let model = FakeModel::start(vec![]);
    let dir = workspace(&model, "app.py", PY);
    let out = modelfit(dir.path(), &["draft", "app.py:9-12"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("the file has 5 lines"), "{}", text(&out.stderr));
    let out = modelfit(dir.path(), &["verify", "missing.py"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(model.bodies().is_empty());
}
