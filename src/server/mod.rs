//! The language server: tower-lsp-server glue over the pure analysis.
//!
//! Module map:
//! - `mod.rs` (this file): start-up, capability negotiation, and the `LanguageServer` impl whose
//!   methods only delegate;
//! - [`state`]: negotiated capabilities, open documents, raw client config, pending tasks, and the
//!   one function that decides a file's settings;
//! - [`documents`]: ropes with incremental edits applied in version order;
//! - [`convert`]: the only place converting byte offsets to and from LSP positions;
//! - [`handlers`]: diagnostics (push and pull), code actions, hover, completion, inlay hints, and
//!   the custom `modelfit/unitStatus` request behind editor status bars.
//!
//! stdout carries the protocol, so logs go to stderr (`MODELFIT_LOG=debug` for more).

pub mod convert;
pub mod documents;
pub mod handlers;
pub mod state;

use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability, CodeActionResponse,
    CompletionOptions, CompletionParams, CompletionResponse, DiagnosticOptions, DiagnosticServerCapabilities,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, DocumentDiagnosticParams, DocumentDiagnosticReportResult, FileSystemWatcher,
    GlobPattern, Hover, HoverParams, HoverProviderCapability, InitializeParams, InitializeResult, InitializedParams,
    InlayHint, InlayHintParams, MessageType, OneOf, Registration, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};
use tower_lsp_server::ls_types::{
    ExecuteCommandOptions, ExecuteCommandParams, LSPAny, WorkDoneProgressCancelParams, WorkDoneProgressOptions,
};
use tower_lsp_server::{Client, LanguageServer, LspService, Server};

use self::documents::{ChangeOutcome, Document};
use self::handlers::{assist, code_action, completion, diagnostics, hover, inlay_hint, unit_status};
pub use self::state::Options;
use self::state::{Negotiated, State, is_config_file};

/// Serves the language server over stdin/stdout until the client sends `exit`.
pub fn run_stdio() -> anyhow::Result<()> {
    init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))?;
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout(), Options::default()));
    // The stdin reader may still be blocked in a read; do not wait for it.
    runtime.shutdown_background();
    Ok(())
}

/// Serves one client over any byte streams (stdio, or in-memory pipes in benchmarks).
pub async fn serve<I, O>(input: I, output: O, options: Options)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    let (service, socket) = LspService::build(|client| Backend::new(client, options))
        .custom_method("window/workDoneProgress/cancel", Backend::work_done_progress_cancel)
        .custom_method(unit_status::METHOD, Backend::unit_status)
        .finish();
    Server::new(input, output, socket).serve(service).await;
}

/// Logs to stderr; a subscriber installed earlier (by the CLI) is kept.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MODELFIT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_env_filter(filter).with_ansi(false).try_init();
}

/// The `LanguageServer` implementation.
pub struct Backend {
    client: Client,
    state: Arc<State>,
    /// Problems in `initializationOptions`, shown once the client is initialized.
    startup_problems: std::sync::Mutex<Vec<String>>,
    /// The client can register file watchers for us (`modelfit.toml` changes on disk).
    can_watch_files: std::sync::atomic::AtomicBool,
}

impl Backend {
    pub fn new(client: Client, options: Options) -> Self {
        Self {
            client,
            state: Arc::new(State::new(options)),
            startup_problems: std::sync::Mutex::default(),
            can_watch_files: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// A `modelfit.toml` or the client's settings changed: forget what was derived from them and
    /// re-check every open document (formats too: `[formats]` and `exclude` may have changed).
    fn config_changed(&self) {
        self.state.reload_config_files();
        self.state.refresh_formats();
        let negotiated = self.state.negotiated();
        if negotiated.pull_diagnostics {
            if negotiated.diagnostic_refresh {
                // A request to the client: do not hold this notification handler while it answers.
                let client = self.client.clone();
                tokio::spawn(async move {
                    if let Err(e) = client.workspace_diagnostic_refresh().await {
                        tracing::warn!("diagnostic refresh failed: {e}");
                    }
                });
            }
            return;
        }
        let uris: Vec<_> = self.state.documents().keys().cloned().collect();
        for uri in uris {
            diagnostics::schedule(&self.state, &self.client, uri);
        }
    }

    /// Tells the user what is wrong in the editor settings for modelfit; the rest still applies.
    async fn report_settings_problems(&self, problems: Vec<String>) {
        if problems.is_empty() {
            return;
        }
        let message = format!("modelfit settings: {}", problems.join("; "));
        tracing::warn!("{message}");
        self.client.show_message(MessageType::WARNING, message).await;
    }

    /// Asks the client to tell us when a `modelfit.toml` is created, changed or deleted on disk.
    async fn watch_config_files(&self) {
        if !self.can_watch_files.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{}", crate::config::FILE_NAME)),
                kind: None,
            }],
        };
        let registration = Registration {
            id: "modelfit-config-watcher".to_owned(),
            method: "workspace/didChangeWatchedFiles".to_owned(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            tracing::warn!("cannot watch modelfit.toml files: {e}");
        }
    }

    /// `window/workDoneProgress/cancel` (tower-lsp-server has no trait method for it yet; its
    /// custom methods are async).
    #[allow(clippy::unused_async)]
    async fn work_done_progress_cancel(&self, params: WorkDoneProgressCancelParams) {
        assist::cancel(&self.state, &params);
    }

    /// `modelfit/unitStatus`: the profile of the prompt unit under the cursor, for status bars.
    async fn unit_status(&self, params: unit_status::UnitStatusParams) -> Result<Option<unit_status::UnitStatus>> {
        let Some(snapshot) = self.state.snapshot(&params.text_document.uri) else { return Ok(None) };
        Ok(unit_status::unit_status(&self.state, snapshot, params.position).await)
    }

    /// Applies held changes of `uri` if their predecessor never came (see `documents`).
    fn flush_later(&self, uri: tower_lsp_server::ls_types::Uri) {
        let state = Arc::clone(&self.state);
        let client = self.client.clone();
        tokio::spawn(async move {
            tokio::time::sleep(state.options.hold_timeout).await;
            let flushed = {
                let mut docs = state.documents();
                let enc = state.encoding();
                match docs.get_mut(&uri) {
                    Some(doc) if doc.has_held() => {
                        tracing::warn!("a document version never arrived; applying later changes anyway");
                        doc.flush_held(enc);
                        true
                    }
                    _ => false,
                }
            };
            if flushed {
                diagnostics::schedule(&state, &client, uri);
            }
        });
    }
}

/// What the server offers, given what was negotiated.
pub fn capabilities(n: Negotiated) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(n.encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            // Saving a modelfit.toml re-checks every open file.
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..TextDocumentSyncOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into(), "-".into(), "\"".into()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::REFACTOR_REWRITE,
                CodeActionKind::SOURCE,
            ]),
            ..CodeActionOptions::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: assist::commands(),
            work_done_progress_options: WorkDoneProgressOptions { work_done_progress: Some(true) },
        }),
        diagnostic_provider: n.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("modelfit".into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })
        }),
        ..ServerCapabilities::default()
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let offered = caps.general.as_ref().and_then(|g| g.position_encodings.as_deref());
        let negotiated = Negotiated {
            encoding: convert::Encoding::negotiate(offered),
            pull_diagnostics: caps.text_document.as_ref().is_some_and(|t| t.diagnostic.is_some()),
            document_changes: caps
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            diagnostic_refresh: caps
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            work_done_progress: caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false),
        };
        tracing::info!("negotiated {negotiated:?}");
        self.state.set_negotiated(negotiated);
        self.can_watch_files.store(
            caps.workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            std::sync::atomic::Ordering::Relaxed,
        );
        if let Some(options) = params.initialization_options {
            // Shown once the client is initialized: no message may precede this reply.
            *state::lock(&self.startup_problems) = self.state.set_client_config(&options);
        }
        Ok(InitializeResult {
            capabilities: capabilities(negotiated),
            server_info: Some(ServerInfo { name: "modelfit".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        tracing::info!("modelfit language server ready");
        let problems = std::mem::take(&mut *state::lock(&self.startup_problems));
        self.report_settings_problems(problems).await;
        self.watch_config_files().await;
    }

    async fn shutdown(&self) -> Result<()> {
        for (_, task) in self.state.tasks().drain() {
            task.abort();
        }
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let format = self.state.format_for(&doc.uri);
        self.state.documents().insert(doc.uri.clone(), Document::new(&doc.text, doc.version, format));
        diagnostics::schedule(&self.state, &self.client, doc.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        // Applied synchronously, before any `.await`, so handlers see edits in version order.
        let outcome = {
            let enc = self.state.encoding();
            let mut docs = self.state.documents();
            let Some(doc) = docs.get_mut(&uri) else {
                tracing::warn!("didChange for a document that is not open: {}", uri.as_str());
                return;
            };
            doc.change(version, params.content_changes, enc)
        };
        match outcome {
            ChangeOutcome::Applied(_) => diagnostics::schedule(&self.state, &self.client, uri),
            ChangeOutcome::Held => self.flush_later(uri),
            ChangeOutcome::Stale => tracing::warn!("dropping stale change to version {version}"),
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.state.documents().remove(&uri);
        assist::forget(&self.state, &uri);
        diagnostics::clear(&self.state, &self.client, uri).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        if is_config_file(&params.text_document.uri) {
            self.config_changed();
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        if params.changes.iter().any(|c| is_config_file(&c.uri)) {
            self.config_changed();
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Clients that pull settings send `null` here; a value is the new settings.
        if !params.settings.is_null() {
            let problems = self.state.set_client_config(&params.settings);
            self.report_settings_problems(problems).await;
        }
        self.config_changed();
    }

    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        Ok(diagnostics::pull(&self.state, &params.text_document.uri).await)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let actions = code_action::code_actions(&self.state, &params);
        Ok((!actions.is_empty()).then_some(actions))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        assist::execute(Arc::clone(&self.state), self.client.clone(), params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some(snapshot) = self.state.snapshot(&at.text_document.uri) else { return Ok(None) };
        Ok(hover::hover(&self.state, snapshot, at.position).await)
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(snapshot) = self.state.snapshot(&params.text_document.uri) else { return Ok(None) };
        Ok(Some(inlay_hint::inlay_hints(&self.state, snapshot, params.range).await))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let Some(snapshot) = self.state.snapshot(&at.text_document.uri) else { return Ok(None) };
        // Model-name completion reads front matter; source code has none (its editor completes it).
        if snapshot.format.is_code() {
            return Ok(None);
        }
        let items = completion::complete(&snapshot.rope, at.position, snapshot.encoding, snapshot.settings.catalog());
        Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
    }
}
