//! Draft and verify through the real `modelfit lsp` against a fault-injecting model server:
//! progress, applyEdit, secrets, edits during the call, cancellation, findings, broken streams.

#![allow(clippy::unwrap_used, clippy::needless_pass_by_value)]

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::Client;
use support::fake_model::{FakeModel, Reply};

struct Setup {
    client: Client,
    model: FakeModel,
    uri: String,
    _dir: tempfile::TempDir,
}

/// A workspace whose modelfit.toml points both roles at the fake server, a client that supports
/// progress and versioned edits, and `text` open as notes.md.
fn setup(replies: Vec<Reply>, text: &str) -> Setup {
    let model = FakeModel::start(replies);
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "[providers.fake]\nkind = \"openai\"\nbase_url = \"{}\"\n\n[roles.general]\nmodel = \"gpt-4.1\"\nprovider = \"fake\"\ndrafts = 2\n\n[roles.inference]\nmodel = \"o4-mini\"\nprovider = \"fake\"\n",
        model.base_url()
    );
    std::fs::write(dir.path().join("modelfit.toml"), config).unwrap();
    let home = dir.path().join("user-config");
    std::fs::create_dir_all(&home).unwrap();
    let path = dir.path().join("notes.md");
    std::fs::write(&path, text).unwrap();
    let mut client = Client::spawn_with_env(&[("MODELFIT_CONFIG_HOME", home.to_str().unwrap())]);
    client.initialize(json!({
        "window": { "workDoneProgress": true },
        "workspace": { "workspaceEdit": { "documentChanges": true } },
    }));
    let uri = format!("file://{}", path.display());
    client.did_open(&uri, text);
    Setup { client, model, uri, _dir: dir }
}

fn lines(text: &str, first: usize, last: usize) -> Value {
    let start = text.split_inclusive('\n').take(first).map(str::len).sum::<usize>();
    let end = text.split_inclusive('\n').take(last + 1).map(str::len).sum::<usize>();
    support::range(text, start, end, false)
}

fn args(s: &Setup, range: Value) -> Value {
    json!({ "uri": s.uri, "range": range, "version": 1 })
}

fn execute(s: &mut Setup, command: &str, args: Value) -> Value {
    s.client.request("workspace/executeCommand", json!({ "command": command, "arguments": [args] }))
}

fn applied_edits(client: &Client) -> Vec<Value> {
    client.server_requests_named("workspace/applyEdit")
}

const NOTES: &str = "# Plan\nAI: write a haiku about rust\n\nend\n";

#[test]
fn draft_streams_with_progress_and_inserts_below_the_selection() {
    let mut s = setup(vec![Reply::Stream(vec!["Rust ".into(), "never ".into(), "sleeps".into()])], NOTES);
    let actions = s.client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": s.uri }, "range": lines(NOTES, 1, 1), "context": { "diagnostics": [] } }),
    );
    let titles: Vec<&str> = actions.as_array().unwrap().iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(titles.contains(&"Draft with general model (gpt-4.1)"), "{titles:?}");
    assert!(titles.contains(&"Verify with inference model (o4-mini)"), "{titles:?}");
    let draft =
        actions.as_array().unwrap().iter().find(|a| a["title"] == "Draft with general model (gpt-4.1)").unwrap();
    assert_eq!(draft["command"]["command"], "modelfit.draftInsert");
    assert_eq!(draft["kind"], "refactor.rewrite");
    // Listing actions sends nothing.
    assert!(s.model.bodies().is_empty());

    let command = draft["command"].clone();
    let result = s.client.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    assert_eq!(result["applied"], true, "{result}");

    let bodies = s.model.bodies();
    assert_eq!(bodies.len(), 1);
    assert_eq!(bodies[0]["model"], "gpt-4.1");
    assert_eq!(bodies[0]["stream"], true);
    assert!(
        bodies[0]["messages"][1]["content"].as_str().unwrap().contains("<<<SELECTION>>>AI: write a haiku about rust")
    );

    assert_eq!(s.client.server_requests_named("window/workDoneProgress/create").len(), 1);
    let progress = s.client.notifications_named("$/progress");
    let kinds: Vec<&str> = progress.iter().filter_map(|p| p["value"]["kind"].as_str()).collect();
    assert_eq!(kinds.first(), Some(&"begin"));
    assert_eq!(kinds.last(), Some(&"end"));
    assert!(
        progress.iter().any(|p| p["value"]["message"].as_str().is_some_and(|m| m.contains("drafting"))),
        "{progress:?}"
    );

    let edits = applied_edits(&s.client);
    assert_eq!(edits.len(), 1);
    let change = &edits[0]["params"]["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["version"], 1);
    let new_text = support::apply_edits(NOTES, change["edits"].as_array().unwrap(), false);
    assert_eq!(new_text, "# Plan\nAI: write a haiku about rust\nRust never sleeps\n\nend\n");
    s.client.shutdown_and_exit();
}

#[test]
fn a_secret_is_refused_until_the_user_says_send_anyway() {
    let text = "Summarise the deploy:\nOPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z\nthen stop\n";
    let mut s = setup(vec![Reply::Stream(vec!["Done.".into()])], text);
    let a = args(&s, lines(text, 0, 2));
    let result = execute(&mut s, "modelfit.draftReplace", a.clone());
    assert_eq!(result["applied"], false, "{result}");
    let asked = s.client.server_requests_named("window/showMessageRequest");
    assert_eq!(asked.len(), 1);
    let message = asked[0]["params"]["message"].as_str().unwrap();
    assert!(message.contains("line 2"), "{message}");
    assert!(!message.contains("sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"), "the secret is echoed: {message}");
    let titles: Vec<&str> =
        asked[0]["params"]["actions"].as_array().unwrap().iter().filter_map(|a| a["title"].as_str()).collect();
    assert_eq!(titles, ["Send anyway", "Cancel"]);
    assert!(s.model.bodies().is_empty(), "nothing may be sent before the user agrees");

    s.client.message_choice = Some("Send anyway".into());
    let result = execute(&mut s, "modelfit.draftReplace", a);
    assert_eq!(result["applied"], true, "{result}");
    assert_eq!(s.model.bodies().len(), 1);
    let change = &applied_edits(&s.client)[0]["params"]["edit"]["documentChanges"][0];
    assert_eq!(support::apply_edits(text, change["edits"].as_array().unwrap(), false), "Done.");
    s.client.shutdown_and_exit();
}

fn stalled() -> Reply {
    Reply::StallAfter { first: vec!["Rust ".into()], rest: vec!["never sleeps".into()] }
}

#[test]
fn an_edit_above_the_selection_during_the_call_is_followed() {
    let mut s = setup(vec![stalled()], NOTES);
    let a = args(&s, lines(NOTES, 1, 1));
    let id = s
        .client
        .send_request("workspace/executeCommand", json!({ "command": "modelfit.draftInsert", "arguments": [a] }));
    wait_model(&mut s);
    s.client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": s.uri, "version": 2 },
                "contentChanges": [{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "Intro\n" }] }),
    );
    std::thread::sleep(Duration::from_millis(100));
    s.model.release();
    let response = s.client.wait_response(id, "executeCommand");
    assert_eq!(response["result"]["applied"], true, "{response}");
    let change = &applied_edits(&s.client)[0]["params"]["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["version"], 2);
    let now = format!("Intro\n{NOTES}");
    assert_eq!(
        support::apply_edits(&now, change["edits"].as_array().unwrap(), false),
        "Intro\n# Plan\nAI: write a haiku about rust\nRust never sleeps\n\nend\n"
    );
    s.client.shutdown_and_exit();
}

#[test]
fn an_edit_of_the_selection_during_the_call_is_never_overwritten() {
    let mut s = setup(vec![stalled()], NOTES);
    let a = args(&s, lines(NOTES, 1, 1));
    let id = s
        .client
        .send_request("workspace/executeCommand", json!({ "command": "modelfit.draftReplace", "arguments": [a] }));
    wait_model(&mut s);
    s.client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": s.uri, "version": 2 },
                "contentChanges": [{ "range": { "start": { "line": 1, "character": 4 }, "end": { "line": 1, "character": 9 } }, "text": "compose" }] }),
    );
    std::thread::sleep(Duration::from_millis(100));
    s.model.release();
    let response = s.client.wait_response(id, "executeCommand");
    assert_eq!(response["result"]["applied"], false, "{response}");
    let message = response["result"]["message"].as_str().unwrap();
    assert!(message.contains("the text changed while the model was working; nothing was overwritten"), "{message}");
    assert!(applied_edits(&s.client).is_empty());
    let shown = s
        .client
        .wait_notification("window/showMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("changed")));
    assert_eq!(shown["type"], 2);
    s.client.shutdown_and_exit();
}

#[test]
fn cancel_request_closes_the_stream_and_leaves_the_document() {
    let mut s = setup(vec![stalled()], NOTES);
    let a = args(&s, lines(NOTES, 1, 1));
    let id = s
        .client
        .send_request("workspace/executeCommand", json!({ "command": "modelfit.draftInsert", "arguments": [a] }));
    wait_model(&mut s);
    s.client.notify("$/cancelRequest", json!({ "id": id }));
    let response = s.client.wait_response(id, "executeCommand");
    assert_eq!(response["error"]["code"], -32800, "{response}");
    wait_for(|| s.model.closed_early(), "the HTTP connection to be closed");
    assert!(applied_edits(&s.client).is_empty());
    s.client.shutdown_and_exit();
}

#[test]
fn the_progress_cancel_button_closes_the_stream_and_leaves_the_document() {
    let mut s = setup(vec![stalled()], NOTES);
    let a = args(&s, lines(NOTES, 1, 1));
    let id = s
        .client
        .send_request("workspace/executeCommand", json!({ "command": "modelfit.draftInsert", "arguments": [a] }));
    let begin = wait_model(&mut s);
    assert_eq!(begin["value"]["cancellable"], true);
    s.client.notify("window/workDoneProgress/cancel", json!({ "token": begin["token"] }));
    let response = s.client.wait_response(id, "executeCommand");
    assert_eq!(response["result"]["applied"], false, "{response}");
    assert!(response["result"]["message"].as_str().unwrap().contains("cancelled"));
    wait_for(|| s.model.closed_early(), "the HTTP connection to be closed");
    assert!(applied_edits(&s.client).is_empty());
    s.client.shutdown_and_exit();
}

/// Waits until the model server has the request: the client answers the server's progress
/// request meanwhile (the server waits for that answer before calling the model). Returns the
/// progress `begin` notification.
fn wait_model(s: &mut Setup) -> Value {
    let begin = s.client.wait_notification("$/progress", |p| p["value"]["kind"] == "begin");
    s.model.wait_request();
    begin
}

fn wait_for(mut done: impl FnMut() -> bool, what: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(std::time::Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn verify_findings_become_diagnostics_with_quick_fixes_and_go_when_the_line_changes() {
    let text = "Facts:\n1 + 1 = 2\n2 + 2 = 5\nend\n";
    let answer = "```json\n[{\"line\": 2, \"severity\": \"error\", \"message\": \"2 + 2 is 4\", \"suggestion\": \"2 + 2 = 4\"}]\n```";
    let mut s = setup(vec![Reply::Stream(vec![answer.into()])], text);
    let a = args(&s, lines(text, 1, 2));
    let result = execute(&mut s, "modelfit.verify", a);
    assert_eq!(result["findings"], 1, "{result}");
    let body = &s.model.bodies()[0];
    assert_eq!(body["model"], "o4-mini");
    let prompt = body["messages"][0]["content"].as_str().unwrap();
    assert!(prompt.contains("1| 1 + 1 = 2\n2| 2 + 2 = 5\n"), "{prompt}");
    let uri = s.uri.clone();
    let published = s.client.wait_notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
    });
    let d = &published["diagnostics"][0];
    assert_eq!(d["source"], "modelfit-verify");
    assert_eq!(d["range"]["start"]["line"], 2);
    assert_eq!(d["severity"], 1);

    let actions = s.client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let fix = actions.as_array().unwrap().iter().find(|a| a["kind"] == "quickfix").expect("a quick fix");
    assert_eq!(fix["title"], "Apply o4-mini's suggestion");
    let edits = fix["edit"]["documentChanges"][0]["edits"].as_array().unwrap();
    assert_eq!(support::apply_edits(text, edits, false), "Facts:\n1 + 1 = 2\n2 + 2 = 4\nend\n");

    // The user fixes the line by hand: the finding goes.
    s.client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "range": { "start": { "line": 2, "character": 8 }, "end": { "line": 2, "character": 9 } }, "text": "4" }] }),
    );
    let after = s.client.diagnostics_for_version(&uri, 2);
    assert!(after.iter().all(|d| d["source"] != "modelfit-verify"), "{after:?}");
    s.client.shutdown_and_exit();
}

fn change(s: &mut Setup, version: i64, (l1, c1): (u32, u32), (l2, c2): (u32, u32), text: &str) {
    s.client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": s.uri, "version": version },
                "contentChanges": [{ "range": { "start": { "line": l1, "character": c1 }, "end": { "line": l2, "character": c2 } }, "text": text }] }),
    );
}

/// The `modelfit-verify` diagnostics published for `version`.
fn verify_findings(s: &mut Setup, version: i64) -> Vec<Value> {
    let uri = s.uri.clone();
    let all = s.client.diagnostics_for_version(&uri, version);
    all.into_iter().filter(|d| d["source"] == "modelfit-verify").collect()
}

/// Asks for the quick fix of `finding` and applies it to `text`.
fn apply_quick_fix(s: &mut Setup, finding: &Value, text: &str, version: i64) -> String {
    let actions = s.client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": s.uri }, "range": finding["range"], "context": { "diagnostics": [finding] } }),
    );
    let fix = actions.as_array().unwrap().iter().find(|a| a["kind"] == "quickfix").expect("a quick fix");
    let change = &fix["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["version"], version);
    support::apply_edits(text, change["edits"].as_array().unwrap(), false)
}

#[test]
fn verify_findings_move_with_lines_inserted_or_deleted_above_them() {
    let text = "Facts:\n1 + 1 = 2\n2 + 2 = 5\nend\n";
    let answer = "[{\"line\": 2, \"severity\": \"error\", \"message\": \"2 + 2 is 4\", \"suggestion\": \"2 + 2 = 4\"}]";
    let mut s = setup(vec![Reply::Stream(vec![answer.into()])], text);
    let a = args(&s, lines(text, 1, 2));
    assert_eq!(execute(&mut s, "modelfit.verify", a)["findings"], 1);
    let stored = verify_findings(&mut s, 1);
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0]["range"]["start"]["line"], 2);
    let message = stored[0]["message"].clone();

    // A line inserted above: the finding is one line lower, its quick fix too.
    change(&mut s, 2, (0, 0), (0, 0), "Intro\n");
    let moved = verify_findings(&mut s, 2);
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(moved[0]["range"]["start"]["line"], 3);
    assert_eq!(moved[0]["range"]["end"]["line"], 3);
    assert_eq!(moved[0]["message"], message);
    let now = format!("Intro\n{text}");
    assert_eq!(apply_quick_fix(&mut s, &moved[0], &now, 2), "Intro\nFacts:\n1 + 1 = 2\n2 + 2 = 4\nend\n");

    // Two lines deleted above: it moves up.
    change(&mut s, 3, (0, 0), (2, 0), "");
    let up = verify_findings(&mut s, 3);
    assert_eq!(up.len(), 1, "{up:?}");
    assert_eq!(up[0]["range"]["start"]["line"], 1);
    assert_eq!(up[0]["message"], message);
    assert_eq!(apply_quick_fix(&mut s, &up[0], "1 + 1 = 2\n2 + 2 = 5\nend\n", 3), "1 + 1 = 2\n2 + 2 = 4\nend\n");

    // Its own line edited: it goes, and stays gone.
    change(&mut s, 4, (1, 0), (1, 0), "so ");
    assert_eq!(verify_findings(&mut s, 4), Vec::<Value>::new());
    change(&mut s, 5, (1, 0), (1, 3), "");
    assert_eq!(verify_findings(&mut s, 5), Vec::<Value>::new());
    s.client.shutdown_and_exit();
}

#[test]
fn a_malformed_stream_ends_in_a_clear_message_and_an_unchanged_document() {
    let mut s = setup(vec![Reply::RawStream("data: {\"choices\": [{\"delta\": {\"content\": \"Ru\n\n".into())], NOTES);
    let a = args(&s, lines(NOTES, 1, 1));
    let result = execute(&mut s, "modelfit.draftInsert", a);
    assert_eq!(result["applied"], false, "{result}");
    let message = result["message"].as_str().unwrap();
    assert!(message.contains("the document was not changed"), "{message}");
    assert!(applied_edits(&s.client).is_empty());
    s.client.shutdown_and_exit();
}

#[test]
fn draft_then_verify_asks_for_n_drafts_and_takes_the_chosen_one() {
    let mut s = setup(
        vec![
            Reply::Stream(vec!["first draft".into()]),
            Reply::Stream(vec!["second draft".into()]),
            Reply::Stream(vec!["{\"choice\": 2, \"reason\": \"it is complete\"}".into()]),
        ],
        NOTES,
    );
    let a = args(&s, lines(NOTES, 1, 1));
    let result = execute(&mut s, "modelfit.draftThenVerify", a);
    assert_eq!(result["applied"], true, "{result}");
    assert!(result["message"].as_str().unwrap().contains("it is complete"), "{result}");
    let bodies = s.model.bodies();
    assert_eq!(
        bodies.iter().map(|b| b["model"].as_str().unwrap()).collect::<Vec<_>>(),
        ["gpt-4.1", "gpt-4.1", "o4-mini"]
    );
    let change = &applied_edits(&s.client)[0]["params"]["edit"]["documentChanges"][0];
    assert_eq!(
        support::apply_edits(NOTES, change["edits"].as_array().unwrap(), false),
        "# Plan\nAI: write a haiku about rust\nsecond draft\n\nend\n"
    );
    s.client.shutdown_and_exit();
}

#[test]
fn draft_verify_polish_corrects_what_verification_found_then_polishes() {
    let mut s = setup(
        vec![
            Reply::Stream(vec!["Rust never sleep".into()]),
            Reply::Stream(vec!["[{\"line\": 1, \"severity\": \"error\", \"message\": \"sleep -> sleeps\"}]".into()]),
            Reply::Stream(vec!["Rust never sleeps".into()]),
            Reply::Stream(vec!["Rust never sleeps.".into()]),
        ],
        NOTES,
    );
    let a = args(&s, lines(NOTES, 1, 1));
    let result = execute(&mut s, "modelfit.draftVerifyPolish", a);
    assert_eq!(result["applied"], true, "{result}");
    let bodies = s.model.bodies();
    let models: Vec<&str> = bodies.iter().map(|b| b["model"].as_str().unwrap()).collect();
    assert_eq!(models, ["gpt-4.1", "o4-mini", "gpt-4.1", "gpt-4.1"]);
    let correction = bodies[2]["messages"][1]["content"].as_str().unwrap();
    assert!(
        correction.contains("Rust never sleep\n") && correction.contains("- line 1: sleep -> sleeps"),
        "{correction}"
    );
    let change = &applied_edits(&s.client)[0]["params"]["edit"]["documentChanges"][0];
    assert_eq!(
        support::apply_edits(NOTES, change["edits"].as_array().unwrap(), false),
        "# Plan\nAI: write a haiku about rust\nRust never sleeps.\n\nend\n"
    );
    s.client.shutdown_and_exit();
}

#[test]
fn an_ai_comment_under_the_cursor_offers_drafting_and_drafts_below_it() {
    let code = "import time\n\n# AI: sleep one second\nprint('done')\n";
    let mut s = setup(vec![Reply::Stream(vec!["time.sleep(1)".into()])], "");
    let uri = s.uri.replace("notes.md", "app.py");
    s.client.did_open(&uri, code);
    let cursor = json!({ "start": { "line": 2, "character": 8 }, "end": { "line": 2, "character": 8 } });
    let actions = s.client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": cursor, "context": { "diagnostics": [] } }),
    );
    let commands: Vec<&str> =
        actions.as_array().unwrap().iter().filter_map(|a| a["command"]["command"].as_str()).collect();
    assert_eq!(commands, ["modelfit.draftInsert", "modelfit.draftThenVerify", "modelfit.draftVerifyPolish"]);
    let draft = &actions[0]["command"];
    let result = s
        .client
        .request("workspace/executeCommand", json!({ "command": draft["command"], "arguments": draft["arguments"] }));
    assert_eq!(result["applied"], true, "{result}");
    let sent = s.model.bodies()[0]["messages"][1]["content"].as_str().unwrap().to_owned();
    assert!(sent.contains("<<<SELECTION>>># AI: sleep one second\n<<<END SELECTION>>>"), "{sent}");
    let change = &applied_edits(&s.client)[0]["params"]["edit"]["documentChanges"][0];
    assert_eq!(
        support::apply_edits(code, change["edits"].as_array().unwrap(), false),
        "import time\n\n# AI: sleep one second\ntime.sleep(1)\nprint('done')\n"
    );

    // A `modelfit: verify` comment offers verification of the block below it.
    let verify = "# modelfit: verify the loop stops\nwhile True:\n    pass\n";
    let verify_uri = s.uri.replace("notes.md", "loop.py");
    s.client.did_open(&verify_uri, verify);
    let cursor = json!({ "start": { "line": 0, "character": 3 }, "end": { "line": 0, "character": 3 } });
    let actions = s.client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": verify_uri }, "range": cursor, "context": { "diagnostics": [] } }),
    );
    let commands: Vec<&str> =
        actions.as_array().unwrap().iter().filter_map(|a| a["command"]["command"].as_str()).collect();
    assert_eq!(commands, ["modelfit.verify"]);
    s.client.shutdown_and_exit();
}

#[test]
fn reasoning_never_enters_the_document_and_is_shown_on_request() {
    let frame = |delta: Value| format!("data: {}\n\n", json!({ "choices": [{ "index": 0, "delta": delta }] }));
    let raw = [
        frame(json!({ "reasoning_content": "The user wants a haiku. " })),
        frame(json!({ "reasoning_content": "Keep it short." })),
        frame(json!({ "content": "Rust never sleeps" })),
        "data: [DONE]\n\n".to_owned(),
    ]
    .concat();
    let mut s = setup(vec![Reply::RawStream(raw)], NOTES);

    // Nothing kept yet.
    let uri = json!({ "uri": s.uri });
    let none = execute(&mut s, "modelfit.showReasoning", uri.clone());
    assert!(none["reasoning"].is_null(), "{none}");

    let a = args(&s, lines(NOTES, 1, 1));
    let result = execute(&mut s, "modelfit.draftInsert", a);
    assert_eq!(result["applied"], true, "{result}");
    assert!(result["message"].as_str().unwrap().contains("modelfit.showReasoning"), "{result}");
    let edits = applied_edits(&s.client);
    let change = &edits[0]["params"]["edit"]["documentChanges"][0];
    let new_text = support::apply_edits(NOTES, change["edits"].as_array().unwrap(), false);
    assert_eq!(new_text, "# Plan\nAI: write a haiku about rust\nRust never sleeps\n\nend\n");

    let shown = execute(&mut s, "modelfit.showReasoning", uri);
    assert_eq!(shown["reasoning"], "The user wants a haiku. Keep it short.", "{shown}");
    let logged = s.client.notifications_named("window/logMessage");
    assert!(logged.iter().any(|m| m["message"].as_str().is_some_and(|t| t.contains("Keep it short."))), "{logged:?}");
    s.client.shutdown_and_exit();
}
