//! A fault-injecting HTTP/1.1 server for model-call tests: each connection gets the next
//! scripted [`Reply`] (the last one repeats), written by hand so the faults are exact: a status
//! with `Retry-After`, a stream cut into tiny chunks, a stall, a reset in the middle of a chunk.
//! Every request is recorded (method, path, headers, body), and so is whether the client closed
//! a connection the server was still holding open.

#![allow(dead_code, clippy::missing_panics_doc)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How a streamed reply ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The final empty chunk, then close.
    Complete,
    /// Say nothing more and hold the connection open.
    Stall,
    /// Half a chunk, then a TCP reset.
    Reset,
}

#[derive(Debug, Clone)]
pub enum Reply {
    /// A whole response with `Content-Length`.
    Full { status: u16, headers: Vec<(String, String)>, body: String },
    /// A 200 `text/event-stream` response in chunked encoding, one HTTP chunk per entry, with a
    /// pause after each so they leave as separate TCP segments.
    Stream { chunks: Vec<Vec<u8>>, pause: Duration, end: End },
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Self {
        Self::Full { status, headers: vec![("Content-Type".into(), "application/json".into())], body: body.into() }
    }

    pub fn with_header(self, name: &str, value: &str) -> Self {
        match self {
            Self::Full { status, mut headers, body } => {
                headers.push((name.into(), value.into()));
                Self::Full { status, headers, body }
            }
            stream @ Self::Stream { .. } => stream,
        }
    }

    /// An SSE body sent in pieces of `piece` bytes (cutting through lines and UTF-8 sequences).
    pub fn sse(body: &str, piece: usize, end: End) -> Self {
        let chunks = body.as_bytes().chunks(piece.max(1)).map(<[u8]>::to_vec).collect();
        Self::Stream { chunks, pause: Duration::from_millis(1), end }
    }
}

/// One request as received.
#[derive(Debug, Clone, Default)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as on the request line.
    pub target: String,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).expect("the request body is JSON")
    }
}

pub struct FaultServer {
    port: u16,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    /// Set when a client closed a connection the server held open (after [`End::Stall`]).
    pub client_closed: Arc<tokio::sync::Notify>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultServer {
    /// Listens on a free port of 127.0.0.1; needs a tokio runtime.
    pub async fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let client_closed = Arc::new(tokio::sync::Notify::new());
        let (recorded, closed) = (Arc::clone(&requests), Arc::clone(&client_closed));
        let task = tokio::spawn(async move {
            let mut next = 0;
            while let Ok((socket, _)) = listener.accept().await {
                let reply = replies[next.min(replies.len() - 1)].clone();
                next += 1;
                let (recorded, closed) = (Arc::clone(&recorded), Arc::clone(&closed));
                tokio::spawn(async move { serve(socket, reply, recorded, closed).await });
            }
        });
        Self { port, requests, client_closed, task }
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("lock").clone()
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut socket: TcpStream,
    reply: Reply,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    closed: Arc<tokio::sync::Notify>,
) {
    let Some(request) = read_request(&mut socket).await else { return };
    recorded.lock().expect("lock").push(request);
    match reply {
        Reply::Full { status, headers, body } => {
            let mut head = format!(
                "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                reason(status),
                body.len()
            );
            for (name, value) in headers {
                head.extend([name.as_str(), ": ", value.as_str(), "\r\n"]);
            }
            head.push_str("\r\n");
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.write_all(body.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
        Reply::Stream { chunks, pause, end } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for chunk in chunks {
                let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
                framed.extend_from_slice(&chunk);
                framed.extend_from_slice(b"\r\n");
                if socket.write_all(&framed).await.is_err() || socket.flush().await.is_err() {
                    return;
                }
                tokio::time::sleep(pause).await;
            }
            match end {
                End::Complete => {
                    let _ = socket.write_all(b"0\r\n\r\n").await;
                    let _ = socket.shutdown().await;
                }
                End::Stall => {
                    // Hold the connection; a read returning means the client closed it.
                    let mut buf = [0u8; 64];
                    loop {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => {
                                closed.notify_one();
                                return;
                            }
                            Ok(_) => {}
                        }
                    }
                }
                End::Reset => {
                    let _ = socket.write_all(b"40\r\ndata: {\"choi").await;
                    let _ = socket.flush().await;
                    // Linger 0: dropping the socket sends RST instead of FIN.
                    let _ = socket.set_zero_linger();
                    drop(socket);
                }
            }
        }
    }
}

async fn read_request(socket: &mut TcpStream) -> Option<Recorded> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split_whitespace();
    let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = data[head_end + 4..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut buf).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    Some(Recorded { method, target, headers, body: String::from_utf8_lossy(&body).into_owned() })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
