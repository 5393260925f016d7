//! Neovim numbers document versions by its change counter, so versions skip numbers. A pull for
//! diagnostics right after such a change must describe the new text, not the old one (Neovim 0.11
//! pulls after every didChange and has no refresh support, so a stale answer would stay).

#![allow(clippy::unwrap_used)]

mod support;

use serde_json::json;
use support::Client;

#[test]
fn a_pull_after_a_version_gap_sees_the_changed_text() {
    let mut client = Client::spawn();
    client.initialize(json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } }));
    let uri = "file:///tmp/modelfit-e2e/gap.prompt.md";
    client.did_open(uri, "---\nmodel: gpt-4.1-mnii\n---\nBody\n");
    let report = client.request("textDocument/diagnostic", json!({ "textDocument": { "uri": uri } }));
    let codes = |r: &serde_json::Value| -> Vec<String> {
        r["items"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(codes(&report), ["unknown-model"], "{report}");

    // Version 1 -> 5: the typo is fixed; the pull is sent at once, as Neovim does.
    let fixed = json!({ "start": { "line": 1, "character": 7 }, "end": { "line": 1, "character": 19 } });
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 5 }, "contentChanges": [{ "range": fixed, "text": "gpt-4.1-mini" }] }),
    );
    let report = client.request("textDocument/diagnostic", json!({ "textDocument": { "uri": uri } }));
    assert!(!codes(&report).contains(&"unknown-model".to_owned()), "{report}");
    assert!(report["items"].as_array().unwrap().iter().all(|d| d["data"]["version"] == 5), "{report}");
    client.shutdown_and_exit();
}
