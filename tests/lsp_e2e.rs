//! End-to-end tests against the real binary (`modelfit lsp`) over stdio.

#![allow(clippy::unwrap_used)]

mod support;

use modelfit::analysis::analyze;
use modelfit::analysis::catalog::Catalog;
use modelfit::analysis::format::PromptFormat;
use modelfit::analysis::settings::Settings;
use serde_json::{Value, json};
use support::{Client, apply_edits, position, range};

const UTF16_ONLY: &str = r#"{ "general": { "positionEncodings": ["utf-16"] } }"#;
const UTF8_TOO: &str = r#"{ "general": { "positionEncodings": ["utf-8", "utf-16"] } }"#;

fn caps(json: &str) -> Value {
    serde_json::from_str(json).unwrap()
}

/// What the server should publish for `text`: the library's findings, converted client-side.
fn expected(text: &str, utf8: bool) -> Vec<Value> {
    let analysis = analyze(PromptFormat::CopilotPrompt, text, &Settings::default());
    analysis
        .diagnostics
        .iter()
        .map(|d| {
            let message = match &d.help {
                Some(help) => format!("{}\nhelp: {help}", d.message),
                None => d.message.clone(),
            };
            json!({
                "range": range(text, d.range.start, d.range.end, utf8),
                "code": d.rule.name,
                "message": message,
            })
        })
        .collect()
}

/// What `modelfit check --format json` reports for `text` saved as `name`, in the shape
/// `published` returns (ranges converted from the report's byte offsets).
fn checked(name: &str, text: &str, utf8: bool) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_modelfit"))
        .args(["check", "--format", "json", "--fail-on", "never"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .map(|d| {
            let start = usize::try_from(d["range"]["start"]["offset"].as_u64().unwrap()).unwrap();
            let end = usize::try_from(d["range"]["end"]["offset"].as_u64().unwrap()).unwrap();
            let message = match d["help"].as_str() {
                Some(help) => format!("{}\nhelp: {help}", d["message"].as_str().unwrap()),
                None => d["message"].as_str().unwrap().to_owned(),
            };
            json!({ "range": range(text, start, end, utf8), "code": d["rule"], "message": message })
        })
        .collect()
}

/// The fields of published diagnostics that `expected` predicts.
fn published(diagnostics: &[Value]) -> Vec<Value> {
    for d in diagnostics {
        assert_eq!(d["source"], "modelfit");
        assert!(d["severity"].as_u64().is_some_and(|s| (1..=4).contains(&s)));
    }
    diagnostics.iter().map(|d| json!({ "range": d["range"], "code": d["code"], "message": d["message"] })).collect()
}

/// A tiny deterministic generator, so a failure reproduces.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

/// Char boundaries at or after `from` where an edit may start or end: never between `\r` and `\n`,
/// which no LSP position can name.
fn edit_points(text: &str, from: usize) -> Vec<usize> {
    let bytes = text.as_bytes();
    (from..=text.len())
        .filter(|&i| text.is_char_boundary(i) && !(i > 0 && bytes[i - 1] == b'\r' && bytes.get(i) == Some(&b'\n')))
        .collect()
}

fn stress(capabilities: &str, utf8: bool) {
    let mut client = Client::spawn();
    let init = client.initialize(caps(capabilities));
    assert_eq!(init["capabilities"]["positionEncoding"], if utf8 { "utf-8" } else { "utf-16" });
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);

    let uri = "file:///tmp/modelfit-e2e/review.prompt.md";
    let mut text =
        String::from("---\nmodel: gpt-4.1-mnii\ntemperature: 0.2\n---\r\nReview 😀 the 中文 diff.\r\nThanks\rbye\n");
    client.did_open(uri, &text);
    assert_eq!(published(&client.diagnostics_for_version(uri, 1)), expected(&text, utf8));

    let body_start = text.find("Review").unwrap();
    let snippets = ["😀", "中文", "\r\n", "a", "🎉x", "\n", "\r", "𝄞 ", "model: o3\r\n"];
    let mut rng = Lcg(0x5eed);
    for version in 2..=201 {
        let mut changes = Vec::new();
        for _ in 0..=rng.next(3) / 2 {
            let points = edit_points(&text, body_start);
            let a = points[rng.next(points.len())];
            let (start, end, insert) = if rng.next(3) == 0 {
                let later: Vec<usize> = points.iter().copied().filter(|&p| p > a).take(5).collect();
                let end = later.get(rng.next(later.len())).copied().unwrap_or(a);
                (a, end, "")
            } else {
                (a, a, snippets[rng.next(snippets.len())])
            };
            changes.push(json!({ "range": range(&text, start, end, utf8), "text": insert }));
            text.replace_range(start..end, insert);
        }
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }
    let last = client.diagnostics_for_version(uri, 201);
    // The editor and the command line agree on the final text.
    assert!(!last.is_empty(), "the final text still has findings to compare");
    assert_eq!(published(&last), checked("review.prompt.md", &text, utf8), "final text:\n{text:?}");
    client.shutdown_and_exit();
}

#[test]
fn rapid_incremental_edits_utf16() {
    stress(UTF16_ONLY, false);
}

#[test]
fn rapid_incremental_edits_utf8() {
    stress(UTF8_TOO, true);
}

#[test]
fn no_encoding_offered_means_utf16() {
    let mut client = Client::spawn();
    let init = client.initialize(json!({}));
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    client.shutdown_and_exit();
}

#[test]
fn hover_and_completion_smoke() {
    let mut client = Client::spawn();
    client.initialize(caps(UTF16_ONLY));
    let uri = "file:///tmp/modelfit-e2e/smoke.prompt.md";
    let text = "---\nmodel: gpt-4.1\n---\nHello\n";
    client.did_open(uri, text);

    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 9 } }),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("`gpt-4.1`") && shown.contains("general") && shown.contains("OpenAI"), "{hover}");
    // The body shows the prompt's profile; the front matter outside a model name shows nothing.
    let body = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 2 } }),
    );
    assert!(body["contents"]["value"].as_str().unwrap().starts_with("**Prompt profile**"), "{body}");
    let nothing = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 2 } }),
    );
    assert!(nothing.is_null(), "{nothing}");

    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 10 } }),
    );
    let items = completion.as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), Catalog::builtin().entries().len());
    for item in &items {
        assert!(item["detail"].as_str().is_some_and(|d| !d.is_empty()));
        assert_eq!(
            item["textEdit"]["range"],
            json!({ "start": position(text, 11, false), "end": position(text, 14, false) })
        );
    }
    let in_body = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 5 } }),
    );
    assert!(in_body.is_null());
    client.shutdown_and_exit();
}

#[test]
fn code_actions_offer_the_fix_and_a_suppression() {
    let mut client = Client::spawn();
    client.initialize(json!({ "workspace": { "workspaceEdit": { "documentChanges": true } } }));
    let uri = "file:///tmp/modelfit-e2e/fix.prompt.md";
    let text = "---\nmodel: gpt-4.1-mnii\n---\nBody\n";
    client.did_open(uri, text);
    let diagnostics = client.diagnostics_for_version(uri, 1);

    let fix = analyze(PromptFormat::CopilotPrompt, text, &Settings::default())
        .diagnostics
        .into_iter()
        .find(|d| d.rule.name == "unknown-model")
        .and_then(|d| d.fix)
        .expect("unknown-model offers a replacement");
    let diagnostic = diagnostics.iter().find(|d| d["code"] == "unknown-model").cloned().expect("published");
    assert_eq!(published(&diagnostics), expected(text, false));
    {
        let actions = client.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": diagnostic["range"], "context": { "diagnostics": [diagnostic] } }),
        );
        let action = actions.as_array().unwrap().iter().find(|a| a["title"] == fix.title.as_str()).unwrap().clone();
        assert_eq!(action["kind"], "quickfix");
        let change = &action["edit"]["documentChanges"][0];
        assert_eq!(change["textDocument"]["version"], 1);
        let fixed = apply_edits(text, change["edits"].as_array().unwrap(), false);
        assert_eq!(fixed, fix.apply(text));
    }

    // The suppression, for any modelfit diagnostic the client sends back (even one without data).
    let line_1 = json!({ "start": { "line": 1, "character": 7 }, "end": { "line": 1, "character": 19 } });
    let synthetic = json!({ "range": line_1, "message": "m", "source": "modelfit", "code": "unknown-model" });
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": line_1, "context": { "diagnostics": [synthetic] } }),
    );
    let suppress = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Suppress `unknown-model` on this line")
        .unwrap()
        .clone();
    let change = &suppress["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["version"], 1);
    let suppressed = apply_edits(text, change["edits"].as_array().unwrap(), false);
    assert_eq!(suppressed, "---\n# modelfit-ignore: unknown-model\nmodel: gpt-4.1-mnii\n---\nBody\n");
    // Whatever fires, nothing fires for `unknown-model` on the suppressed line.
    let after = analyze(PromptFormat::CopilotPrompt, &suppressed, &Settings::default());
    assert!(after.diagnostics.iter().all(|d| d.rule.name != "unknown-model"));
    client.shutdown_and_exit();
}

#[test]
fn invalid_positions_do_not_crash_the_server() {
    let mut client = Client::spawn();
    client.initialize(caps(UTF16_ONLY));
    let uri = "file:///tmp/modelfit-e2e/bad.prompt.md";
    client.did_open(uri, "---\nmodel: o3-mini\n---\nBody\n");
    let far = json!({ "start": { "line": 999, "character": 999 }, "end": { "line": 4000, "character": 1 } });
    let reversed = json!({ "start": { "line": 3, "character": 4 }, "end": { "line": 0, "character": 2 } });
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [
            { "range": far, "text": "tail 😀" },
            { "range": reversed, "text": "" },
            { "range": { "start": { "line": 0, "character": 99 }, "end": { "line": 0, "character": 99 } }, "text": "x" },
        ] }),
    );
    for method in ["textDocument/hover", "textDocument/completion"] {
        let response = client.request_raw(
            method,
            json!({ "textDocument": { "uri": uri }, "position": { "line": 12_345, "character": 4_000_000_000_u32 } }),
        );
        assert!(response.get("error").is_none(), "{response}");
    }
    let response = client.request_raw(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": far, "context": { "diagnostics": [
            { "range": far, "message": "m", "source": "modelfit", "code": "unknown-model" }
        ] } }),
    );
    assert!(response.get("error").is_none(), "{response}");
    // Still serving. The edits clamp: the first appends at the end, the reversed one deletes from
    // (0, 2) to the end of `Body`, the third appends to line 0.
    let diagnostics = client.diagnostics_for_version(uri, 2);
    assert_eq!(published(&diagnostics), expected("--x\ntail 😀", false));
    client.shutdown_and_exit();
}

#[test]
fn out_of_order_changes_are_applied_in_version_order() {
    let mut client = Client::spawn();
    client.initialize(caps(UTF16_ONLY));
    let uri = "file:///tmp/modelfit-e2e/order.prompt.md";
    client.did_open(uri, "---\n\n---\nBody\n");
    let at =
        |c1: u32, c2: u32| json!({ "start": { "line": 1, "character": c1 }, "end": { "line": 1, "character": c2 } });
    // Version 3 (delete the `x`) is sent before version 2 (insert `xmodel: o`). In order, line 1
    // reads `model: o`, a model-name position; in arrival order it would read `xmodel: o`.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 3 }, "contentChanges": [{ "range": at(0, 1), "text": "" }] }),
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "range": at(0, 0), "text": "xmodel: o" }] }),
    );
    client.diagnostics_for_version(uri, 3);
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 1, "character": 8 } }),
    );
    let items = completion.as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), Catalog::builtin().entries().len());
    assert!(!items.is_empty(), "the built-in catalog has entries");
    assert_eq!(items[0]["textEdit"]["range"], at(7, 8));
    client.shutdown_and_exit();
}

#[test]
fn files_that_are_not_prompt_files_get_no_diagnostics() {
    let mut client = Client::spawn();
    client.initialize(json!({}));
    client.did_open("file:///tmp/modelfit-e2e/README.md", "---\nmodel: gpt-9\n---\n");
    let uri = "file:///tmp/modelfit-e2e/after.prompt.md";
    client.did_open(uri, "---\nmodel: gpt-9\n---\n");
    // Diagnostics are published in order of the debounce; the README's would come first.
    let first = client.wait_notification("textDocument/publishDiagnostics", |_| true);
    assert_eq!(first["uri"], uri);
    client.shutdown_and_exit();
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let mut client = Client::spawn();
    let init = client.initialize(json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } }));
    assert_eq!(init["capabilities"]["diagnosticProvider"]["identifier"], "modelfit");
    let uri = "file:///tmp/modelfit-e2e/pull.prompt.md";
    let text = "---\nmodel: gpt-4.1-mnii\n---\nBody\n";
    client.did_open(uri, text);
    let report = client.request("textDocument/diagnostic", json!({ "textDocument": { "uri": uri } }));
    assert_eq!(report["kind"], "full");
    assert_eq!(published(report["items"].as_array().unwrap()), expected(text, false));
    // The client pulls, so the server never pushes.
    client.assert_no_notification("textDocument/publishDiagnostics", std::time::Duration::from_millis(300));
    client.shutdown_and_exit();
}

/// The first published diagnostic of `uri` with rule `code` that `accept` likes.
fn wait_for_rule(client: &mut Client, uri: &str, code: &str, accept: impl Fn(&Value) -> bool) -> Value {
    let published = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri
            && p["diagnostics"].as_array().is_some_and(|ds| ds.iter().any(|d| d["code"] == code && accept(d)))
    });
    published["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == code).unwrap().clone()
}

#[test]
fn client_settings_change_severities_and_turn_rules_off() {
    let mut client = Client::spawn();
    client.request(
        "initialize",
        json!({ "processId": null, "capabilities": {}, "initializationOptions": { "rules": { "unknown-model": "off" } } }),
    );
    client.notify("initialized", json!({}));
    let uri = "file:///tmp/modelfit-e2e/settings.prompt.md";
    client.did_open(uri, "---\nmodel: gpt-4.1-mnii\n---\nBody\n");
    let first = client.diagnostics_for_version(uri, 1);
    assert!(first.iter().all(|d| d["code"] != "unknown-model"), "{first:?}");

    // Editors nest each server's settings under its name.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "modelfit": { "rules": { "unknown-model": "warning" } } } }),
    );
    let d = wait_for_rule(&mut client, uri, "unknown-model", |_| true);
    assert_eq!(d["severity"], 2);

    client.notify("workspace/didChangeConfiguration", json!({ "settings": { "modelfit": { "rulez": {} } } }));
    let shown = client.wait_notification("window/showMessage", |_| true);
    assert!(shown["message"].as_str().unwrap().contains("rulez"), "{shown}");
    client.shutdown_and_exit();
}

#[test]
fn modelfit_toml_applies_follows_saves_and_reports_its_own_problems() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("modelfit.toml");
    std::fs::write(&config, "[rules]\nunknown-model = \"off\"\nfloating-model-alias = \"warning\"\n").unwrap();
    let prompt_uri = format!("file://{}", dir.path().join("p.prompt.md").display());
    let config_uri = format!("file://{}", config.display());

    let mut client = Client::spawn();
    client.initialize(json!({}));
    client.did_open(&prompt_uri, "---\nmodel: [chatgpt-4o-latest, gpt-4.1-mnii]\n---\nBody\n");
    let found = client.diagnostics_for_version(&prompt_uri, 1);
    assert!(found.iter().all(|d| d["code"] != "unknown-model"), "{found:?}");
    let floating = found.iter().find(|d| d["code"] == "floating-model-alias").expect("floating alias reported");
    assert_eq!(floating["severity"], 2);

    // The configuration file itself: an unknown key, reported where it is, as the user types.
    client.did_open(&config_uri, "[rules]\nunknown-modle = \"off\"\n");
    let problems = client.diagnostics_for_version(&config_uri, 1);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["code"], "config");
    assert_eq!(problems[0]["range"]["start"], json!({ "line": 1, "character": 0 }));
    assert!(problems[0]["message"].as_str().unwrap().contains("unknown-model"), "{problems:?}");

    // Saving a new configuration re-checks open files under it.
    std::fs::write(&config, "[rules]\nfloating-model-alias = \"error\"\n").unwrap();
    client.notify("textDocument/didSave", json!({ "textDocument": { "uri": config_uri } }));
    let published = client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == prompt_uri.as_str()
            && p["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == "floating-model-alias" && d["severity"] == 1)
    });
    // `unknown-model` is back on: the new file no longer turns it off.
    assert!(published["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "unknown-model"), "{published}");
    client.shutdown_and_exit();
}

#[test]
fn hover_on_the_body_shows_the_prompt_profile() {
    let mut client = Client::spawn();
    client.initialize(caps(UTF16_ONLY));
    let uri = "file:///tmp/modelfit-e2e/profile.prompt.md";
    let text = "---\nmodel: gpt-4.1\n---\nSolve for x: 3x + 5 = 20. How many solutions are there? 🙂\n";
    client.did_open(uri, text);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 30 } }),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    for part in
        ["Instruction tokens: ", "Task: math", "Preferred model kind: inference", "Confidence: ", "'solve' (math)"]
    {
        assert!(shown.contains(part), "missing {part:?} in {shown}");
    }
    assert!(shown.contains("`gpt-4.1` runs as general: an inference model fits this task better ✗"), "{shown}");
    // The hover covers the body segment, in UTF-16 positions.
    let body = text.find("Solve").unwrap();
    assert_eq!(hover["range"], range(text, body, text.len(), false));
    client.shutdown_and_exit();
}

#[test]
fn inlay_hint_after_the_front_matter() {
    let mut client = Client::spawn();
    let init = client.initialize(caps(UTF8_TOO));
    assert_eq!(init["capabilities"]["inlayHintProvider"], true, "{init}");
    let math = "file:///tmp/modelfit-e2e/hint.prompt.md";
    let text = "---\nmodel: gpt-4.1 # é\n---\nSolve for x: 3x + 5 = 20. How many solutions are there?\n";
    client.did_open(math, text);
    let whole = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 10, "character": 0 } });
    let hints = client.request("textDocument/inlayHint", json!({ "textDocument": { "uri": math }, "range": whole }));
    let hints = hints.as_array().unwrap();
    assert_eq!(hints.len(), 1, "{hints:?}");
    // The end of the closing `---` line, counted in UTF-8 bytes as negotiated.
    assert_eq!(hints[0]["position"], json!({ "line": 2, "character": 3 }));
    let label = hints[0]["label"].as_str().unwrap();
    assert!(label.ends_with(" tokens · task: math · fits: inference · model: general ✗"), "{label}");
    assert!(!label.starts_with('≈'), "OpenAI counts are exact: {label}");

    // No header: the hint sits where the body starts; an unknown model's count is approximate.
    let poem = "file:///tmp/modelfit-e2e/poem.prompt.md";
    client.did_open(poem, "Write a poem about autumn leaves.\n");
    let hints = client.request("textDocument/inlayHint", json!({ "textDocument": { "uri": poem }, "range": whole }));
    assert_eq!(hints[0]["position"], json!({ "line": 0, "character": 0 }), "{hints}");
    let label = hints[0]["label"].as_str().unwrap();
    assert!(label.starts_with("≈ ") && label.contains("task: creative · fits: general"), "{label}");
    assert!(!label.contains('✗'), "{label}");

    // An empty body has no hint, and a range that misses the anchor gets none either.
    let empty = "file:///tmp/modelfit-e2e/empty.prompt.md";
    client.did_open(empty, "---\nmodel: o3\n---\n\n");
    let none = client.request("textDocument/inlayHint", json!({ "textDocument": { "uri": empty }, "range": whole }));
    assert_eq!(none, json!([]));
    let later = json!({ "start": { "line": 3, "character": 0 }, "end": { "line": 4, "character": 0 } });
    let none = client.request("textDocument/inlayHint", json!({ "textDocument": { "uri": math }, "range": later }));
    assert_eq!(none, json!([]));
    client.shutdown_and_exit();
}

/// What hover, the inlay hint and the diagnostics of one version say about the prompt's task and
/// fit: `(hover task line, hover says it does not fit, hint label, mismatch message)`.
fn views(client: &mut Client, uri: &str, version: i64, ask_first: bool) -> (String, bool, String, Option<String>) {
    let mut diagnostics = Vec::new();
    if !ask_first {
        diagnostics = client.diagnostics_for_version(uri, version);
    }
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 3, "character": 2 } }),
    );
    let whole = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 10, "character": 0 } });
    let hints = client.request("textDocument/inlayHint", json!({ "textDocument": { "uri": uri }, "range": whole }));
    if ask_first {
        diagnostics = client.diagnostics_for_version(uri, version);
    }
    let shown = hover["contents"]["value"].as_str().unwrap_or_else(|| panic!("no hover: {hover}")).to_owned();
    let task = shown.lines().find(|l| l.starts_with("- Task: ")).unwrap_or_else(|| panic!("{shown}")).to_owned();
    let label = hints[0]["label"].as_str().unwrap_or_else(|| panic!("no hint: {hints}")).to_owned();
    let mismatch = diagnostics
        .iter()
        .find(|d| d["code"] == "model-task-mismatch")
        .map(|d| d["message"].as_str().unwrap().to_owned());
    (task, shown.contains('✗'), label, mismatch)
}

#[test]
fn hover_inlay_hints_and_diagnostics_agree_on_each_version() {
    let mut client = Client::spawn();
    client.initialize(caps(UTF16_ONLY));
    let uri = "file:///tmp/modelfit-e2e/agree.prompt.md";
    let math = "Solve for x: 3x + 5 = 20. How many solutions are there?";
    let poem = "Write a poem about autumn leaves.";
    client.did_open(uri, &format!("---\nmodel: gpt-4.1\n---\n{math}\n"));
    let body = |version: i64, text: &str, old: &str| {
        json!({ "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": { "start": { "line": 3, "character": 0 }, "end": { "line": 3, "character": old.len() } }, "text": text }] })
    };

    // Diagnostics first, then hover and hints read the same version.
    let (task, misfit, label, mismatch) = views(&mut client, uri, 1, false);
    assert_eq!(task, "- Task: math");
    assert!(misfit && label.ends_with("task: math · fits: inference · model: general ✗"), "{label}");
    assert!(mismatch.as_deref().is_some_and(|m| m.starts_with("task looks like math")), "{mismatch:?}");

    // Hover and hints asked before the new version's diagnostics arrive: all three still agree.
    client.notify("textDocument/didChange", body(2, poem, math));
    let (task, misfit, label, mismatch) = views(&mut client, uri, 2, true);
    assert!(task.starts_with("- Task: creative"), "{task}");
    assert!(!misfit && label.ends_with("task: creative · fits: general"), "{label}");
    assert_eq!(mismatch, None);

    client.notify("textDocument/didChange", body(3, math, poem));
    let (task, misfit, label, mismatch) = views(&mut client, uri, 3, true);
    assert_eq!(task, "- Task: math");
    assert!(misfit && label.contains("task: math"), "{label}");
    assert!(mismatch.as_deref().is_some_and(|m| m.starts_with("task looks like math")), "{mismatch:?}");
    client.shutdown_and_exit();
}

const PY_APP: &str = r#"from openai import OpenAI

client = OpenAI()


def answer(question):
    return client.chat.completions.create(
        model="o3-mini",
        messages=[{"role": "user", "content": f"Answer briefly: {question}"}],
        temperature=0.2,
        max_tokens=300,
    )
"#;

fn parses_as_python(text: &str) -> bool {
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&tree_sitter_python::LANGUAGE.into()).unwrap();
    parser.parse(text, None).is_some_and(|tree| !tree.root_node().has_error())
}

#[test]
fn python_sdk_call_gets_the_rejected_parameter_fix_and_a_hash_suppression() {
    let mut client = Client::spawn();
    client.initialize(json!({ "workspace": { "workspaceEdit": { "documentChanges": true } } }));
    let uri = "file:///tmp/modelfit-e2e/app.py";
    client.did_open(uri, PY_APP);
    let diagnostics = client.diagnostics_for_version(uri, 1);
    let codes: Vec<&str> = diagnostics.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes, ["rejected-parameter", "rejected-parameter"], "{diagnostics:?}");
    let temperature = diagnostics.iter().find(|d| d["range"]["start"]["line"] == 9).cloned().unwrap();
    assert_eq!(
        temperature["range"],
        json!({ "start": { "line": 9, "character": 8 }, "end": { "line": 9, "character": 23 } })
    );

    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": temperature["range"], "context": { "diagnostics": [temperature] } }),
    );
    let actions = actions.as_array().unwrap();
    let remove = actions.iter().find(|a| a["title"] == "Remove `temperature`").unwrap();
    let change = &remove["edit"]["documentChanges"][0];
    let fixed = apply_edits(PY_APP, change["edits"].as_array().unwrap(), false);
    assert!(fixed.contains("messages=[{\"role\": \"user\", \"content\": f\"Answer briefly: {question}\"}],\n        max_tokens=300,\n    )"), "{fixed}");
    assert!(parses_as_python(&fixed), "{fixed}");

    let suppress = actions.iter().find(|a| a["title"] == "Suppress `rejected-parameter` on this line").unwrap();
    let change = &suppress["edit"]["documentChanges"][0];
    let suppressed = apply_edits(PY_APP, change["edits"].as_array().unwrap(), false);
    assert!(
        suppressed.contains("        # modelfit-ignore: rejected-parameter\n        temperature=0.2,"),
        "{suppressed}"
    );
    assert!(parses_as_python(&suppressed), "{suppressed}");
    let after = analyze(PromptFormat::Python, &suppressed, &Settings::default());
    assert_eq!(after.diagnostics.iter().filter(|d| d.rule.name == "rejected-parameter").count(), 1);

    // An incremental edit inside the f-string is analysed like any other change.
    let offset = PY_APP.find("{question}").unwrap();
    let at = range(PY_APP, offset, offset, false);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 }, "contentChanges": [{ "range": at, "text": "Think step by step. " }] }),
    );
    let diagnostics = client.diagnostics_for_version(uri, 2);
    let cot = diagnostics.iter().find(|d| d["code"] == "chain-of-thought-for-reasoning-model").unwrap();
    assert_eq!(cot["range"]["start"], json!({ "line": 8, "character": 48 }), "the sentence starts with the string");
    client.shutdown_and_exit();
}

const PY_REVIEW: &str = r#"from openai import OpenAI

client = OpenAI()

SYSTEM_PROMPT = """You review pull requests.
List every bug you find."""


def review(diff):
    return client.chat.completions.create(
        model="o3-mini",
        messages=[
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": diff},
        ],
        temperature=0,
    )
"#;

/// What the server should publish for Python `text`: the library's full analysis.
fn expected_python(text: &str) -> Vec<Value> {
    analyze(PromptFormat::Python, text, &Settings::default())
        .diagnostics
        .iter()
        .map(|d| {
            let message = match &d.help {
                Some(help) => format!("{}\nhelp: {help}", d.message),
                None => d.message.clone(),
            };
            json!({ "range": range(text, d.range.start, d.range.end, false), "code": d.rule.name, "message": message })
        })
        .collect()
}

/// Keystrokes inside a triple-quoted system prompt: the server re-parses the Python file
/// incrementally, and after every keystroke publishes what a full analysis finds.
#[test]
fn typing_inside_a_python_prompt_string_moves_and_toggles_findings() {
    let mut client = Client::spawn();
    client.initialize(caps(UTF16_ONLY));
    let uri = "file:///tmp/modelfit-e2e/review.py";
    let mut text = PY_REVIEW.to_owned();
    client.did_open(uri, &text);
    let first = client.diagnostics_for_version(uri, 1);
    assert_eq!(published(&first), expected_python(&text));
    let has_cot = |d: &[Value]| d.iter().any(|d| d["code"] == "chain-of-thought-for-reasoning-model");
    let temperature_line =
        |d: &[Value]| d.iter().find(|d| d["code"] == "rejected-parameter").map(|d| d["range"]["start"]["line"].clone());
    assert!(!has_cot(&first));
    assert_eq!(temperature_line(&first), Some(json!(15)));

    let mut version = 1;
    let mut send = |client: &mut Client, text: &mut String, start: usize, end: usize, insert: &str| {
        version += 1;
        let change = json!({ "range": range(text, start, end, false), "text": insert });
        text.replace_range(start..end, insert);
        client.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
        let diagnostics = client.diagnostics_for_version(uri, version);
        assert_eq!(published(&diagnostics), expected_python(text), "version {version}:\n{text}");
        diagnostics
    };

    // Typed one character at a time, a new line and a multi-byte character among them.
    let at = text.find("requests.").unwrap() + "requests.".len();
    let typed = "\nThink step by step 🤖 and answer é.";
    let mut cursor = at;
    let mut last = Vec::new();
    for c in typed.chars() {
        last = send(&mut client, &mut text, cursor, cursor, &c.to_string());
        cursor += c.len_utf8();
    }
    assert!(has_cot(&last), "the typed sentence asks a reasoning model to think step by step");
    assert_eq!(temperature_line(&last), Some(json!(16)), "the finding below moved down one line");

    // Backspace through "Think step by step": the finding goes away with the phrase.
    let mut end = text.find("step by step").unwrap() + "step by step".len();
    for _ in 0.."Think step by step".len() {
        let start = text[..end].char_indices().last().unwrap().0;
        last = send(&mut client, &mut text, start, end, "");
        end = start;
    }
    assert!(!has_cot(&last), "{text}");

    // One change that deletes the whole sentence, across the new line and the astral character.
    let sentence = text.find("requests.").unwrap() + "requests.".len();
    let sentence_end = text.find("é.").unwrap() + "é.".len();
    last = send(&mut client, &mut text, sentence, sentence_end, "");
    assert_eq!(text, PY_REVIEW);
    assert_eq!(temperature_line(&last), Some(json!(15)));

    // The editor and the command line agree on the final text.
    assert_eq!(published(&last), checked("review.py", &text, false));
    client.shutdown_and_exit();
}
