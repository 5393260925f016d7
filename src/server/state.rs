//! Server state: what was negotiated, the open documents, the raw client configuration and the
//! pending diagnostic tasks.
//!
//! Every lock here is a `std::sync::Mutex` held for a few statements and never across `.await`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use ropey::Rope;
use tokio::task::JoinHandle;
use tower_lsp_server::ls_types::Uri;

use super::convert::Encoding;
use super::documents::Document;
use crate::analysis::format::PromptFormat;
use crate::analysis::settings::Settings;

/// Tunables that tests and benchmarks change.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long to wait after the last change before analysing.
    pub debounce: Duration,
    /// How long an out-of-order change waits for its predecessor before it is applied anyway.
    pub hold_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self { debounce: Duration::from_millis(75), hold_timeout: Duration::from_millis(250) }
    }
}

/// What `initialize` agreed with the client.
#[derive(Debug, Clone, Copy, Default)]
pub struct Negotiated {
    pub encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`); we then never push.
    pub pull_diagnostics: bool,
    /// The client accepts `documentChanges` (versioned edits) in a `WorkspaceEdit`.
    pub document_changes: bool,
    /// The client accepts `workspace/diagnostic/refresh` (pull mode only).
    pub diagnostic_refresh: bool,
}

/// An immutable view of a document at one version; cheap (ropes share their nodes).
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub uri: Uri,
    pub rope: Rope,
    pub version: i32,
    pub format: PromptFormat,
    pub settings: Settings,
    pub encoding: Encoding,
}

#[derive(Debug, Default)]
pub struct State {
    pub options: Options,
    negotiated: OnceLock<Negotiated>,
    documents: Mutex<HashMap<Uri, Document>>,
    /// `initializationOptions` and the latest `workspace/didChangeConfiguration` settings, kept
    /// raw until the configuration layer is wired in (see [`State::settings_for`]).
    raw_config: Mutex<Option<serde_json::Value>>,
    /// The debounced diagnostic task of each document; a newer change aborts the older task.
    tasks: Mutex<HashMap<Uri, JoinHandle<()>>>,
}

/// Locks a mutex, recovering from poisoning: a panic elsewhere must not take the server down.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl State {
    pub fn new(options: Options) -> Self {
        Self { options, ..Self::default() }
    }

    pub fn negotiated(&self) -> Negotiated {
        self.negotiated.get().copied().unwrap_or_default()
    }

    pub fn set_negotiated(&self, n: Negotiated) {
        // `initialize` comes once; a second one is a client bug that we ignore.
        let _ = self.negotiated.set(n);
    }

    pub fn encoding(&self) -> Encoding {
        self.negotiated().encoding
    }

    pub fn documents(&self) -> MutexGuard<'_, HashMap<Uri, Document>> {
        lock(&self.documents)
    }

    pub fn tasks(&self) -> MutexGuard<'_, HashMap<Uri, JoinHandle<()>>> {
        lock(&self.tasks)
    }

    pub fn set_raw_config(&self, value: serde_json::Value) {
        *lock(&self.raw_config) = Some(value);
    }

    pub fn raw_config(&self) -> Option<serde_json::Value> {
        lock(&self.raw_config).clone()
    }

    /// The settings a file is analysed under.
    ///
    /// WIRING POINT for the configuration layer: this should become
    /// `crate::config::discover(path)` + `crate::config::load(..)` for the file's `modelfit.toml`,
    /// merged with `Config::from_json(&self.raw_config())` (client settings win; the returned
    /// problems are logged or shown), then `Config::settings()`; ideally cached per config file
    /// and cleared on `didChangeConfiguration` / watched-file changes. Until that lands every
    /// file gets the defaults.
    pub fn settings_for(&self, _path: Option<&Path>) -> Settings {
        Settings::default()
    }

    /// A snapshot of `uri` if it is open and is a prompt file.
    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let (rope, version, format) = {
            let docs = self.documents();
            let doc = docs.get(uri)?;
            (doc.rope.clone(), doc.version, doc.format?)
        };
        let path = uri.to_file_path();
        let settings = self.settings_for(path.as_deref());
        Some(Snapshot { uri: uri.clone(), rope, version, format, settings, encoding: self.encoding() })
    }

    /// The current version of `uri`, if open.
    pub fn version_of(&self, uri: &Uri) -> Option<i32> {
        self.documents().get(uri).map(|d| d.version)
    }
}

/// The prompt format of a document, from the last segment of its URI's path.
pub fn format_of(uri: &Uri) -> Option<PromptFormat> {
    PromptFormat::from_path(uri.path().as_str())
}
