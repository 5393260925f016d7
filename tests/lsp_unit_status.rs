//! The custom `modelfit/unitStatus` request behind editor status bars, over the real binary.

#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{Value, json};
use support::Client;

fn status(client: &mut Client, uri: &str, line: u32, character: u32) -> Value {
    client.request(
        "modelfit/unitStatus",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
    )
}

#[test]
fn unit_status_reports_the_task_and_whether_the_model_fits() {
    let mut client = Client::spawn();
    client.initialize(json!({}));

    // A math prompt on a general model: the task wants inference, so it does not fit, wherever
    // the cursor is in the file (a prompt file is one unit).
    let math = "file:///tmp/modelfit-e2e/status-math.prompt.md";
    client.did_open(math, "---\nmodel: gpt-4.1\n---\nSolve for x: 3x + 5 = 20. How many solutions are there?\n");
    for (line, character) in [(0, 0), (1, 9), (3, 10)] {
        let s = status(&mut client, math, line, character);
        assert_eq!(s["task"], "math", "{s}");
        assert_eq!(s["preferred"], "inference", "{s}");
        assert_eq!(s["model"], "gpt-4.1", "{s}");
        assert_eq!(s["modelKind"], "general", "{s}");
        assert_eq!(s["fits"], false, "{s}");
        assert!(s["label"].as_str().unwrap().ends_with("task: math · fits: inference · model: general ✗"), "{s}");
    }

    // The same task on a reasoning model fits.
    let fits = "file:///tmp/modelfit-e2e/status-fits.prompt.md";
    client.did_open(fits, "---\nmodel: o3\n---\nSolve for x: 3x + 5 = 20. How many solutions are there?\n");
    let s = status(&mut client, fits, 3, 0);
    assert_eq!((s["fits"].clone(), s["modelKind"].clone()), (json!(true), json!("inference")), "{s}");

    // Nothing to say: an empty body, a closed document, and a source file's line outside any call.
    let empty = "file:///tmp/modelfit-e2e/status-empty.prompt.md";
    client.did_open(empty, "---\nmodel: o3\n---\n\n");
    assert_eq!(status(&mut client, empty, 3, 0), Value::Null);
    assert_eq!(status(&mut client, "file:///tmp/modelfit-e2e/never-opened.prompt.md", 0, 0), Value::Null);
    let py = "file:///tmp/modelfit-e2e/status.py";
    let code = "import os\n\nfrom openai import OpenAI\n\nclient = OpenAI()\nr = client.chat.completions.create(\n    model=\"o3-mini\",\n    messages=[{\"role\": \"user\", \"content\": \"Prove that the square root of 2 is irrational.\"}],\n)\nprint(os.getcwd())\n";
    client.did_open(py, code);
    assert_eq!(status(&mut client, py, 0, 0), Value::Null);
    let s = status(&mut client, py, 7, 40);
    assert_eq!(s["model"], "o3-mini", "{s}");

    // A position past the end is clamped, never an error.
    let s = status(&mut client, math, 99, 99);
    assert_eq!(s["task"], "math", "{s}");
    client.shutdown_and_exit();
}
