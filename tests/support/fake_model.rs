//! A fault-injecting model server for the draft/verify tests: a plain HTTP/1.1 server on
//! 127.0.0.1 that answers each request with the next scripted reply (OpenAI chat-completions SSE,
//! a broken stream, a stall until the test releases it) and records what it received and whether
//! the client hung up early.

#![allow(dead_code, clippy::unwrap_used, clippy::missing_panics_doc)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One scripted reply.
pub enum Reply {
    /// An OpenAI chat-completions SSE stream of these text pieces, then `[DONE]`.
    Stream(Vec<String>),
    /// These raw bytes after a 200 `text/event-stream` header (for malformed streams).
    RawStream(String),
    /// Streams `first`, then waits for [`FakeModel::release`] before streaming `rest`; records
    /// whether the client closed the connection while waiting.
    StallAfter { first: Vec<String>, rest: Vec<String> },
}

#[derive(Default)]
struct Shared {
    replies: VecDeque<Reply>,
    bodies: Vec<serde_json::Value>,
    closed_early: bool,
}

pub struct FakeModel {
    port: u16,
    shared: Arc<Mutex<Shared>>,
    release: Sender<()>,
    requests: Receiver<()>,
}

impl FakeModel {
    pub fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Mutex::new(Shared { replies: replies.into(), ..Shared::default() }));
        let (release, gate) = channel::<()>();
        let (request_seen, requests) = channel::<()>();
        let thread_shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                serve(stream, &thread_shared, &gate, &request_seen);
            }
        });
        Self { port, shared, release, requests }
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    /// Lets a stalled reply go on.
    pub fn release(&self) {
        let _ = self.release.send(());
    }

    /// Waits until the server has received a request (and started replying).
    pub fn wait_request(&self) {
        self.requests.recv_timeout(Duration::from_secs(20)).expect("the model server got no request");
    }

    /// The JSON bodies received so far.
    pub fn bodies(&self) -> Vec<serde_json::Value> {
        self.shared.lock().unwrap().bodies.clone()
    }

    pub fn closed_early(&self) -> bool {
        self.shared.lock().unwrap().closed_early
    }
}

fn chunk(text: &str) -> String {
    let event = serde_json::json!({
        "id": "x", "object": "chat.completion.chunk", "model": "fake",
        "choices": [{ "index": 0, "delta": { "content": text }, "finish_reason": null }]
    });
    format!("data: {event}\n\n")
}

fn serve(mut stream: TcpStream, shared: &Mutex<Shared>, gate: &Receiver<()>, seen: &Sender<()>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        if line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let reply = {
        let mut s = shared.lock().unwrap();
        s.bodies.push(serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null));
        s.replies.pop_front()
    };
    let _ = seen.send(());
    let header =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
    let Some(reply) = reply else {
        let _ = stream.write_all(
            b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 17\r\nConnection: close\r\n\r\nno reply scripted",
        );
        return;
    };
    let _ = stream.write_all(header.as_bytes());
    match reply {
        Reply::Stream(pieces) => {
            for p in pieces {
                let _ = stream.write_all(chunk(&p).as_bytes());
                let _ = stream.flush();
            }
            let _ = stream.write_all(b"data: [DONE]\n\n");
        }
        Reply::RawStream(raw) => {
            let _ = stream.write_all(raw.as_bytes());
        }
        Reply::StallAfter { first, rest } => {
            for p in first {
                let _ = stream.write_all(chunk(&p).as_bytes());
            }
            let _ = stream.flush();
            // Wait for the test, watching for the client hanging up meanwhile.
            stream.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
            let mut probe = [0u8; 1];
            loop {
                if gate.try_recv().is_ok() {
                    break;
                }
                match stream.read(&mut probe) {
                    Ok(0) => {
                        shared.lock().unwrap().closed_early = true;
                        return;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                        shared.lock().unwrap().closed_early = true;
                        return;
                    }
                    _ => {}
                }
            }
            for p in rest {
                let _ = stream.write_all(chunk(&p).as_bytes());
            }
            let _ = stream.write_all(b"data: [DONE]\n\n");
        }
    }
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}
