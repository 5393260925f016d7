//! Draft and verify against the real llama.cpp server (SmolLM2-135M), through the real binary:
//! the language server's executeCommand → progress → applyEdit over the OpenAI chat endpoint and
//! over the Anthropic `/v1/messages` endpoint, and the CLI's `draft --apply` and `verify --json`.
//!
//! The model is tiny: what it writes is nonsense, but it is real streamed model output, and it must
//! arrive in the document (or the file) exactly where it belongs. One server (shared by the tests of
//! this binary, see `support::llama`) answers every request, each capped at `N_PREDICT` tokens.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};
use support::Client;
use support::llama::LlamaServer;

const NOTES: &str = "# Plan\nAI: write one sentence about the sea\n\nend\n";

fn config(base_url: &str, kind: &str) -> String {
    format!(
        "[providers.local]\nkind = \"{kind}\"\nbase_url = \"{base_url}\"\n\n[roles.general]\nmodel = \"smollm2-135m\"\nprovider = \"local\"\n\n[roles.inference]\nmodel = \"smollm2-135m\"\nprovider = \"local\"\n"
    )
}

fn workspace(base_url: &str, kind: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("modelfit.toml"), config(base_url, kind)).unwrap();
    std::fs::create_dir_all(dir.path().join("user-config")).unwrap();
    std::fs::write(dir.path().join("notes.md"), NOTES).unwrap();
    dir
}

/// executeCommand → progress → applyEdit; returns the document text after the edit.
fn draft_in_the_editor(dir: &Path) -> String {
    let home = dir.join("user-config");
    let mut client = Client::spawn_with_env(&[("MODELFIT_CONFIG_HOME", home.to_str().unwrap())]);
    client.initialize(json!({
        "window": { "workDoneProgress": true },
        "workspace": { "workspaceEdit": { "documentChanges": true } },
    }));
    let uri = format!("file://{}", dir.join("notes.md").display());
    client.did_open(&uri, NOTES);
    let range = json!({ "start": { "line": 1, "character": 0 }, "end": { "line": 2, "character": 0 } });
    let id = client.send_request(
        "workspace/executeCommand",
        json!({ "command": "modelfit.draftInsert", "arguments": [{ "uri": uri, "range": range, "version": 1 }] }),
    );
    // The tiny model on a shared two-core machine may take a while.
    let started = std::time::Instant::now();
    let response = client.wait_response_within(id, "executeCommand", std::time::Duration::from_secs(300));
    eprintln!("draft in the editor took {:?}", started.elapsed());
    assert_eq!(response["result"]["applied"], true, "{response}");
    let progress = client.notifications_named("$/progress");
    let kinds: Vec<&str> = progress.iter().filter_map(|p| p["value"]["kind"].as_str()).collect();
    assert_eq!((kinds.first(), kinds.last()), (Some(&"begin"), Some(&"end")), "{progress:?}");
    assert!(
        progress.iter().any(|p| p["value"]["message"].as_str().is_some_and(|m| m.contains("tokens"))),
        "progress reports the streamed token count: {progress:?}"
    );
    let edits = client.server_requests_named("workspace/applyEdit");
    assert_eq!(edits.len(), 1);
    let change: &Value = &edits[0]["params"]["edit"]["documentChanges"][0];
    let text = support::apply_edits(NOTES, change["edits"].as_array().unwrap(), false);
    client.shutdown_and_exit();
    text
}

fn assert_inserted_below_the_instruction(text: &str) {
    let prefix = "# Plan\nAI: write one sentence about the sea\n";
    assert!(text.starts_with(prefix), "{text}");
    assert!(text.ends_with("\n\nend\n"), "{text}");
    let draft = &text[prefix.len()..text.len() - "\n\nend\n".len()];
    assert!(!draft.trim().is_empty(), "the model's draft is in the document: {text:?}");
    assert!(!draft.contains("<<<SELECTION>>>"), "{draft}");
}

fn modelfit(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_modelfit"));
    for key in ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "DEEPSEEK_API_KEY"] {
        command.env_remove(key);
    }
    command.env("MODELFIT_CONFIG_HOME", dir.join("user-config")).current_dir(dir).args(args).output().unwrap()
}

#[test]
fn draft_in_the_editor_over_openai_chat_completions() {
    let server = LlamaServer::turn();
    let dir = workspace(&server.base_url(), "openai");
    assert_inserted_below_the_instruction(&draft_in_the_editor(dir.path()));
}

#[test]
fn draft_in_the_editor_over_anthropic_messages() {
    let server = LlamaServer::turn();
    let dir = workspace(&server.base_url(), "anthropic");
    assert_inserted_below_the_instruction(&draft_in_the_editor(dir.path()));
}

#[test]
fn cli_draft_apply_streams_to_stdout_and_writes_the_file() {
    let server = LlamaServer::turn();
    let dir = workspace(&server.base_url(), "openai");
    let out = modelfit(dir.path(), &["draft", "notes.md:2", "--apply"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).trim().is_empty(), "the draft streams to stdout");
    let written = std::fs::read_to_string(dir.path().join("notes.md")).unwrap();
    assert_inserted_below_the_instruction(&written);
}

/// The tiny model rarely writes valid findings JSON. Either it did, and the findings are on lines
/// of the file, or the command says so clearly; the file is never touched.
#[test]
fn cli_verify_json_reports_findings_or_says_why_not() {
    let server = LlamaServer::turn();
    let dir = workspace(&server.base_url(), "openai");
    let out = modelfit(dir.path(), &["verify", "notes.md:1-4", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0 | 1) => {
            let value: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
            for f in value["findings"].as_array().expect("findings") {
                let line = f["line"].as_u64().expect("line");
                assert!((1..=4).contains(&line), "{value}");
            }
        }
        // Prose, or a JSON object without a `findings` list: both said as such.
        Some(3) => assert!(
            stderr.contains("did not answer with JSON") || stderr.contains("a JSON object that holds no findings"),
            "{stderr}"
        ),
        other => panic!("verify exited with {other:?}: {stderr}"),
    }
    assert_eq!(std::fs::read_to_string(dir.path().join("notes.md")).unwrap(), NOTES);
}
