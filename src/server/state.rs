//! Server state: what was negotiated, the open documents, the raw client configuration and the
//! pending diagnostic tasks.
//!
//! Every lock here is a `std::sync::Mutex` held for a few statements and never across `.await`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use ropey::Rope;
use tokio::task::JoinHandle;
use tower_lsp_server::ls_types::Uri;

use super::convert::Encoding;
use super::documents::Document;
use super::handlers::Analyzed;
use crate::analysis::format::PromptFormat;
use crate::analysis::settings::Settings;
use crate::analysis::source::SourceState;
use crate::config::{self, Config, ConfigCache, LoadedConfig};

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
    /// The client accepts server-created work-done progress (`window/workDoneProgress/create`).
    pub work_done_progress: bool,
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
    /// The document's syntax tree with the edits since it was parsed (cheap to clone); the
    /// analysis re-parses it incrementally and hands it back with [`State::keep_analysis`].
    pub source: SourceState,
}

#[derive(Debug, Default)]
pub struct State {
    pub options: Options,
    negotiated: OnceLock<Negotiated>,
    documents: Mutex<HashMap<Uri, Document>>,
    config: Mutex<ConfigState>,
    /// The debounced diagnostic task of each document; a newer change aborts the older task.
    tasks: Mutex<HashMap<Uri, JoinHandle<()>>>,
    /// Draft/verify: running jobs and verification findings.
    pub assist: super::handlers::assist::AssistState,
}

/// The configuration: `modelfit.toml` files found on disk, the client's settings
/// (`initializationOptions`, `workspace/didChangeConfiguration`), and what they combine to per
/// configuration file. Combining copies the catalog when models are overridden, far too costly
/// for every keystroke, hence the cache; it is cleared whenever either source changes.
#[derive(Debug, Default)]
struct ConfigState {
    files: ConfigCache,
    client: Option<Config>,
    /// Keyed by the `modelfit.toml` that applies (`None`: none does).
    effective: HashMap<Option<PathBuf>, Effective>,
}

#[derive(Debug, Clone)]
struct Effective {
    config: Arc<Config>,
    settings: Settings,
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

    /// Takes the client's settings (same keys as modelfit.toml, as JSON; they win over the file).
    /// Returns the problems found in them, for the caller to show.
    pub fn set_client_config(&self, value: &serde_json::Value) -> Vec<String> {
        // Editors usually send every extension's settings, ours under a `modelfit` key.
        let value = value.get("modelfit").filter(|v| v.is_object()).unwrap_or(value);
        let (config, problems) = Config::from_json(value);
        let mut state = lock(&self.config);
        state.client = Some(config);
        state.effective.clear();
        problems
    }

    /// Forgets every `modelfit.toml` read so far (one was saved, created or deleted).
    pub fn reload_config_files(&self) {
        let mut state = lock(&self.config);
        state.files = ConfigCache::default();
        state.effective.clear();
    }

    /// The configuration a file is checked under: its `modelfit.toml` (found by walking up from
    /// the file, read once) with the client's settings on top.
    fn effective_config(&self, path: Option<&Path>) -> Effective {
        let mut state = lock(&self.config);
        let loaded: Option<Arc<LoadedConfig>> = path.and_then(|p| match state.files.for_file(p) {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!("cannot read the configuration of {}: {e}", p.display());
                None
            }
        });
        let key = loaded.as_ref().map(|l| l.path.clone());
        if let Some(effective) = state.effective.get(&key) {
            return effective.clone();
        }
        let base = loaded.map(|l| l.config.clone()).unwrap_or_default();
        let config = match &state.client {
            Some(client) => base.merge(client.clone()),
            None => base,
        };
        let effective = Effective { settings: config.settings(), config: Arc::new(config) };
        state.effective.insert(key, effective.clone());
        effective
    }

    /// The configuration a file is worked on under (roles and providers for model calls).
    pub fn config_for(&self, path: Option<&Path>) -> Arc<Config> {
        self.effective_config(path).config
    }

    /// The settings a file is analysed under.
    pub fn settings_for(&self, path: Option<&Path>) -> Settings {
        self.effective_config(path).settings
    }

    /// The prompt format of a document: `[formats]` globs first, then the file name; `None` for
    /// files that are not prompt files or that `exclude` leaves out.
    pub fn format_for(&self, uri: &Uri) -> Option<PromptFormat> {
        let Some(path) = uri.to_file_path() else { return format_of(uri) };
        let effective = self.effective_config(Some(&path));
        if effective.config.is_excluded(&path) {
            return None;
        }
        effective.config.format_for(&path)
    }

    /// Re-decides every open document's format after a configuration change.
    pub fn refresh_formats(&self) {
        let uris: Vec<Uri> = self.documents().keys().cloned().collect();
        for uri in uris {
            let format = self.format_for(&uri);
            if let Some(doc) = self.documents().get_mut(&uri) {
                doc.format = format;
            }
        }
    }

    /// A snapshot of `uri` if it is open and is a prompt file.
    pub fn snapshot(&self, uri: &Uri) -> Option<Snapshot> {
        let (rope, version, format, source) = {
            let docs = self.documents();
            let doc = docs.get(uri)?;
            (doc.rope.clone(), doc.version, doc.format?, doc.source.clone())
        };
        let path = uri.to_file_path();
        let settings = self.settings_for(path.as_deref());
        Some(Snapshot { uri: uri.clone(), rope, version, format, settings, encoding: self.encoding(), source })
    }

    /// Keeps an analysis of `uri` for the other requests about its version, and the chunk state
    /// it left for the next change, unless a later version's analysis already left its own.
    pub fn keep_analysis(&self, uri: &Uri, source: SourceState, analyzed: &Arc<Analyzed>) {
        if let Some(doc) = self.documents().get_mut(uri)
            && doc.source_version <= analyzed.version
        {
            doc.source = source;
            doc.source_version = analyzed.version;
            doc.analysis = Some(Arc::clone(analyzed));
        }
    }

    /// The kept analysis of `snapshot`'s version, format and settings, if there is one.
    pub fn analysis_for(&self, snapshot: &Snapshot) -> Option<Arc<Analyzed>> {
        let docs = self.documents();
        docs.get(&snapshot.uri)?.analysis.as_ref().filter(|a| a.is_for(snapshot)).cloned()
    }

    /// The current version of `uri`, if open.
    pub fn version_of(&self, uri: &Uri) -> Option<i32> {
        self.documents().get(uri).map(|d| d.version)
    }
}

/// The prompt format of a document from its name alone (for URIs that are not files).
pub fn format_of(uri: &Uri) -> Option<PromptFormat> {
    PromptFormat::from_path(uri.path().as_str())
}

/// Whether `uri` is a `modelfit.toml`, whose own problems the server reports.
pub fn is_config_file(uri: &Uri) -> bool {
    uri.path().as_str().rsplit('/').next() == Some(config::FILE_NAME)
}
