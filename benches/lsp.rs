//! Language server benchmarks on a 5 KB prompt file.
//!
//! - `lsp/did_change_to_publish_5kb`: the whole server in-process (tower-lsp-server over in-memory
//!   pipes, JSON-RPC framing and all, debounce set to zero): one incremental `didChange` sent, time
//!   until the `publishDiagnostics` for that version is read back. This is the latency an editor
//!   sees, minus the debounce and the OS pipe.
//! - `lsp/update_analyze_convert_5kb`: the same work without transport: apply the edit to the rope,
//!   analyse the text, convert the findings to LSP diagnostics.
//!
//! While the extraction and catalog are being finished, the analysis finds little, so these
//! numbers are mostly sync + transport cost; they grow honestly as the rules land.

#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]

use std::fmt::Write as _;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use modelfit::analysis::format::PromptFormat;
use modelfit::analysis::settings::Settings;
use modelfit::server::convert::Encoding;
use modelfit::server::documents::Document;
use modelfit::server::handlers::diagnostics::to_lsp_all;
use modelfit::server::state::Snapshot;
use modelfit::server::{Options, serve};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

// The binary's allocator (see src/main.rs), so the figures are the ones users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const URI: &str = "file:///bench/review.prompt.md";

/// A ~5 KB Copilot prompt file with a header, CJK, emoji and CRLF lines.
fn fixture() -> String {
    let mut text = String::from("---\nmodel: gpt-4.1-mnii\ntemperature: 0.2\ndescription: Review a diff\n---\n");
    let mut i = 0;
    while text.len() < 5 * 1024 {
        let _ = write!(text, "Step {i}: read the diff 😀 and list 中文 risks for ${{input:file}}.\r\n");
        i += 1;
    }
    text
}

struct Wire {
    reader: BufReader<ReadHalf<DuplexStream>>,
    writer: WriteHalf<DuplexStream>,
}

impl Wire {
    async fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        self.writer.write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes()).await.unwrap();
        self.writer.write_all(&body).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    async fn recv(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).await.unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length:") {
                length = v.trim().parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).await.unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    async fn wait_for_version(&mut self, version: i64) {
        loop {
            let m = self.recv().await;
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == json!(version) {
                return;
            }
        }
    }
}

/// The edit of iteration `n`: insert a character on line 6, or delete it again.
fn edit(n: i64) -> (Range, &'static str) {
    let at = Position::new(6, 10);
    if n % 2 == 0 { (Range::new(at, at), "😀") } else { (Range::new(at, Position::new(6, 12)), "") }
}

fn end_to_end(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (client_end, server_end) = tokio::io::duplex(1 << 20);
    let (server_read, server_write) = tokio::io::split(server_end);
    let options = Options { debounce: Duration::ZERO, ..Options::default() };
    runtime.spawn(serve(server_read, server_write, options));
    let (client_read, client_write) = tokio::io::split(client_end);
    let mut wire = Wire { reader: BufReader::new(client_read), writer: client_write };

    let text = fixture();
    runtime.block_on(async {
        let init = json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "capabilities": {} } });
        wire.send(&init).await;
        wire.recv().await;
        wire.send(&json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} })).await;
        let open = json!({ "textDocument": { "uri": URI, "languageId": "markdown", "version": 1, "text": text } });
        wire.send(&json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": open })).await;
        wire.wait_for_version(1).await;
    });

    let mut version = 1_i64;
    c.bench_function("lsp/did_change_to_publish_5kb", |b| {
        b.iter(|| {
            version += 1;
            let (range, new_text) = edit(version);
            runtime.block_on(async {
                let params = json!({
                    "textDocument": { "uri": URI, "version": version },
                    "contentChanges": [{ "range": range, "text": new_text }],
                });
                wire.send(&json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": params })).await;
                wire.wait_for_version(version).await;
            });
        });
    });
}

fn in_process_path(c: &mut Criterion) {
    let text = fixture();
    let mut doc = Document::new(&text, 1, Some(PromptFormat::CopilotPrompt));
    let uri: Uri = URI.parse().unwrap();
    let mut version = 1;
    c.bench_function("lsp/update_analyze_convert_5kb", |b| {
        b.iter(|| {
            version += 1;
            let (range, new_text) = edit(i64::from(version));
            let change =
                TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: new_text.into() };
            doc.change(version, vec![change], Encoding::Utf16);
            let mut snapshot = Snapshot {
                uri: uri.clone(),
                rope: doc.rope.clone(),
                version: doc.version,
                format: PromptFormat::CopilotPrompt,
                settings: Settings::default(),
                encoding: Encoding::Utf16,
                source: doc.source.clone(),
            };
            let analysis = modelfit::server::handlers::analyze(&mut snapshot).unwrap();
            std::hint::black_box(to_lsp_all(&snapshot, &analysis))
        });
    });
}

criterion_group!(benches, in_process_path, end_to_end);
criterion_main!(benches);
