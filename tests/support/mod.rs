//! A small LSP client for end-to-end tests: spawns `modelfit lsp`, frames JSON-RPC with
//! `Content-Length`, and reads on a thread so every wait has a timeout (a hang fails the test
//! instead of blocking it forever).

#![allow(dead_code, clippy::unwrap_used, clippy::missing_panics_doc, clippy::needless_pass_by_value)]

pub mod fake_model;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Notifications and server requests read while waiting for something else.
    backlog: VecDeque<Value>,
    next_id: i64,
    /// Every request the server sent to us, in order.
    pub server_requests: Vec<Value>,
    /// The answer to `window/showMessageRequest`: the title of the action to pick (`None`: dismiss).
    pub message_choice: Option<String>,
    /// The answer to `workspace/applyEdit`.
    pub apply_edits: bool,
}

impl Client {
    /// Starts `modelfit lsp`.
    pub fn spawn() -> Self {
        Self::spawn_with_env(&[])
    }

    /// Starts `modelfit lsp` with extra environment variables (provider keys, config home).
    pub fn spawn_with_env(env: &[(&str, &str)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_modelfit"));
        // A key in the developer's environment must not send test prompts anywhere.
        for key in ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "DEEPSEEK_API_KEY"] {
            command.env_remove(key);
        }
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command
            .arg("lsp")
            .env("MODELFIT_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn modelfit lsp");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            stdin,
            incoming,
            backlog: VecDeque::new(),
            next_id: 1,
            server_requests: Vec::new(),
            message_choice: None,
            apply_edits: true,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_string(message).unwrap();
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response; returns the whole response object.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.wait_response(id, method)
    }

    /// Sends a request without waiting; returns its id for [`wait_response`](Self::wait_response).
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Waits for the response to request `id`, answering server requests meanwhile.
    pub fn wait_response(&mut self, id: i64, method: &str) -> Value {
        self.wait_response_within(id, method, TIMEOUT)
    }

    /// [`wait_response`](Self::wait_response) with its own time limit (real model calls).
    pub fn wait_response_within(&mut self, id: i64, method: &str, limit: Duration) -> Value {
        if let Some(i) = self.backlog.iter().position(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
        {
            return self.backlog.remove(i).unwrap();
        }
        let deadline = Instant::now() + limit;
        loop {
            let message = self.recv_until(deadline).unwrap_or_else(|| panic!("no response to {method}"));
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.backlog.push_back(message);
        }
    }

    /// Sends a request and returns its `result`, failing on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    fn recv_until(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.checked_duration_since(Instant::now())?;
        match self.incoming.recv_timeout(left) {
            Ok(message) => {
                self.answer_server_request(&message);
                Some(message)
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Answers requests from the server: `workspace/applyEdit` with `apply_edits`,
    /// `window/showMessageRequest` with `message_choice`, anything else with `null`. Each is
    /// recorded in `server_requests`.
    fn answer_server_request(&mut self, message: &Value) {
        let (Some(method), Some(id)) = (message.get("method").and_then(Value::as_str), message.get("id")) else {
            return;
        };
        let result = match method {
            "workspace/applyEdit" => json!({ "applied": self.apply_edits }),
            "window/showMessageRequest" => match &self.message_choice {
                Some(title) => json!({ "title": title }),
                None => Value::Null,
            },
            _ => Value::Null,
        };
        self.server_requests.push(message.clone());
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
    }

    /// The server requests received so far with this method.
    pub fn server_requests_named(&self, method: &str) -> Vec<Value> {
        self.server_requests.iter().filter(|r| r["method"] == method).cloned().collect()
    }

    /// Every notification `method` received so far (read from the backlog, which keeps them).
    pub fn notifications_named(&self, method: &str) -> Vec<Value> {
        self.backlog.iter().filter(|m| m["method"] == method).map(|m| m["params"].clone()).collect()
    }

    /// Waits for a notification `method` whose params satisfy `accept`; earlier non-matching
    /// notifications are discarded.
    pub fn wait_notification(&mut self, method: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        while let Some(message) = self.backlog.pop_front() {
            if message["method"] == method && accept(&message["params"]) {
                return message["params"].clone();
            }
        }
        loop {
            let message = self.recv_until(deadline).unwrap_or_else(|| panic!("timed out waiting for {method}"));
            if message["method"] == method && accept(&message["params"]) {
                return message["params"].clone();
            }
        }
    }

    /// Asserts that no notification `method` arrives within `quiet`.
    pub fn assert_no_notification(&mut self, method: &str, quiet: Duration) {
        assert!(self.backlog.iter().all(|m| m["method"] != method), "unexpected {method}");
        let deadline = Instant::now() + quiet;
        while let Some(message) = self.recv_until(deadline) {
            assert!(message["method"] != method, "unexpected {message}");
        }
    }

    /// Waits for `publishDiagnostics` of `uri` at `version`.
    pub fn diagnostics_for_version(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.wait_notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == json!(version)
        });
        params["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// `initialize` + `initialized` with the given client capabilities; returns the result.
    pub fn initialize(&mut self, capabilities: Value) -> Value {
        let result =
            self.request("initialize", json!({ "processId": null, "rootUri": null, "capabilities": capabilities }));
        self.notify("initialized", json!({}));
        result
    }

    pub fn did_open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    /// `shutdown` + `exit`; asserts the server exits with status 0 in time.
    pub fn shutdown_and_exit(mut self) {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "server exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "server did not exit after `exit`");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A failed test must not leave the server running.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// Client-side position arithmetic, written independently of the server's `convert` so the two
/// check each other. `utf8` selects UTF-8 columns, otherwise UTF-16.
pub fn position(text: &str, offset: usize, utf8: bool) -> Value {
    let bytes = text.as_bytes();
    let mut line = 0;
    let mut line_start = 0;
    let mut i = 0;
    while i < offset {
        match bytes[i] {
            b'\r' if bytes.get(i + 1) == Some(&b'\n') && i + 1 < offset => {
                i += 1;
                line += 1;
                line_start = i + 1;
            }
            b'\r' | b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let segment = &text[line_start..offset];
    let col = if utf8 { segment.len() } else { segment.encode_utf16().count() };
    json!({ "line": line, "character": col })
}

pub fn range(text: &str, start: usize, end: usize, utf8: bool) -> Value {
    json!({ "start": position(text, start, utf8), "end": position(text, end, utf8) })
}

/// Applies LSP text edits (non-overlapping, any order) to `text` with client-side arithmetic.
pub fn apply_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut resolved: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let start = offset(text, &e["range"]["start"], utf8);
            let end = offset(text, &e["range"]["end"], utf8);
            (start, end, e["newText"].as_str().unwrap().to_owned())
        })
        .collect();
    resolved.sort_by_key(|(s, _, _)| std::cmp::Reverse(*s));
    let mut out = text.to_owned();
    for (s, e, t) in resolved {
        out.replace_range(s..e, &t);
    }
    out
}

/// The byte offset of an LSP position (in range; tests only produce valid positions).
pub fn offset(text: &str, pos: &Value, utf8: bool) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let col = pos["character"].as_u64().unwrap() as usize;
    let mut start = 0;
    for _ in 0..line {
        let rest = &text[start..];
        let nl = rest.find(['\r', '\n']).unwrap();
        start += nl + if rest[nl..].starts_with("\r\n") { 2 } else { 1 };
    }
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= col || c == '\n' || c == '\r' {
            return start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    text.len()
}

/// A real llama.cpp server for model-call tests.
pub mod llama;

/// A fault-injecting HTTP server for model-call tests.
pub mod fault_server;
