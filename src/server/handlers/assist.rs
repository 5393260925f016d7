//! Draft and verify in the editor (CONTRACT section 4): code actions that carry the five
//! `modelfit.*` commands, and `workspace/executeCommand`, which runs a workflow.
//!
//! Nothing is sent to a model except on an explicit command. A command:
//! 1. reads the document at the version the action was offered for (or refuses, if it moved on);
//! 2. scans what would be sent for secrets and asks (`window/showMessageRequest`, "Send anyway" /
//!    "Cancel") before sending any;
//! 3. runs the workflow as a spawned task, reporting work-done progress (phase and streamed token
//!    count); `$/cancelRequest` (which drops this handler's future) and the progress cancel button
//!    (`window/workDoneProgress/cancel`) both abort the task, which drops the HTTP stream at once;
//! 4. applies the edit with `workspace/applyEdit`, versioned against the document as it is now,
//!    after re-anchoring it on the selection's original text if the user typed meanwhile; if that
//!    text changed, nothing is written and the user is told;
//! 5. for verification, stores the findings as `modelfit-verify` diagnostics, published with the
//!    normal ones, moved with their line when lines above it are inserted or removed, and dropped
//!    as soon as the text of their own line changes.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Value, json};
use tokio::task::AbortHandle;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::notification::Progress as ProgressNotification;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command, Diagnostic as LspDiagnostic,
    DiagnosticSeverity, ExecuteCommandParams, MessageActionItem, MessageType, NumberOrString, ProgressParams,
    ProgressParamsValue, ProgressToken, Range, TextEdit, Uri, WorkDoneProgress, WorkDoneProgressBegin,
    WorkDoneProgressCancelParams, WorkDoneProgressEnd, WorkDoneProgressReport,
};

use super::code_action::workspace_edit;
use crate::analysis::assist::findings::{Finding, FindingSeverity};
use crate::analysis::assist::secrets;
use crate::analysis::extract::{self, CommentIntent, Origin};
use crate::analysis::text::TextRange;
use crate::assist::{self, Event, Job, Models, Outcome, Workflow};
use crate::server::convert::{to_lsp_range, to_text_range};
use crate::server::documents::Document;
use crate::server::state::{State, lock};

/// `source` of verification findings.
pub const VERIFY_SOURCE: &str = "modelfit-verify";

const SEND_ANYWAY: &str = "Send anyway";
const CANCEL: &str = "Cancel";

/// Shows the reasoning the model streamed during the last job on a document (argument `{uri}`).
/// Reasoning never enters the document; this is the "on request" way to read it.
pub const SHOW_REASONING: &str = "modelfit.showReasoning";

/// The command ids the server advertises.
pub fn commands() -> Vec<String> {
    Workflow::ALL.iter().map(|w| w.command().to_owned()).chain([SHOW_REASONING.to_owned()]).collect()
}

/// The one argument of every command.
#[derive(Debug, Clone, Deserialize)]
struct CommandArgs {
    uri: Uri,
    range: Range,
    #[serde(default)]
    version: Option<i32>,
    #[serde(default)]
    instruction: Option<String>,
}

/// A verification finding kept with its document (`Document::verify`). Edits move it with its
/// line (see `documents`); it is dropped once the text of its own line changes.
#[derive(Debug, Clone)]
pub struct VerifyMark {
    line: u32,
    /// The line's text when the finding was stored, without its terminator.
    line_text: String,
    /// The diagnostic as on `line`, without `data`.
    diagnostic: LspDiagnostic,
    /// The quick fix (title and the edit of the whole line), as on `line`.
    fix: Option<(String, TextEdit)>,
}

impl VerifyMark {
    /// The line the finding is on now.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// Moves the finding, its range and its quick fix's range, to `line`.
    pub fn move_to(&mut self, line: u32) {
        let from = self.line;
        // Every range of a mark starts on its line, so no line here is above `from`.
        let shift = |range: &mut Range| {
            for p in [&mut range.start, &mut range.end] {
                p.line = p.line.saturating_sub(from).saturating_add(line);
            }
        };
        shift(&mut self.diagnostic.range);
        if let Some((_, edit)) = &mut self.fix {
            shift(&mut edit.range);
        }
        self.line = line;
    }

    /// The diagnostic to publish, the quick fix in its `data`.
    fn to_lsp(&self) -> LspDiagnostic {
        let data = self.fix.as_ref().map(|(title, edit)| json!({ "title": title, "edits": [edit] }));
        LspDiagnostic { data, ..self.diagnostic.clone() }
    }
}

/// Assist state shared by the handlers: running jobs per progress token and the last reasoning
/// per document (findings live with their document, see `Document::verify`).
#[derive(Debug, Default)]
pub struct AssistState {
    jobs: std::sync::Mutex<HashMap<String, AbortHandle>>,
    /// The reasoning streamed during the last job on each document, for `modelfit.showReasoning`.
    reasoning: std::sync::Mutex<HashMap<Uri, String>>,
    next_job: AtomicU64,
}

// ---------------------------------------------------------------------------------------------
// Code actions

/// The assist actions for a selection, an AI comment or the prompt unit under the cursor.
pub fn code_actions(state: &State, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let uri = &params.text_document.uri;
    // A client asking only for quick fixes (or another kind) gets none of these.
    let wanted = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter().any(|o| kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str())))
        })
    };
    if !wanted(&CodeActionKind::REFACTOR_REWRITE) && !wanted(&CodeActionKind::SOURCE) {
        return Vec::new();
    }
    let (rope, version, format) = {
        let docs = state.documents();
        let Some(doc) = docs.get(uri) else { return Vec::new() };
        (doc.rope.clone(), doc.version, doc.format)
    };
    let enc = state.encoding();
    let range = params.range;
    let workflows: Vec<Workflow> = if range.start == range.end {
        let Some(format) = format else { return Vec::new() };
        let text = rope.to_string();
        let at = to_text_range(&rope, range, enc).start;
        let Some(extraction) = super::guarded("extraction", || extract::extract(format, &text)) else {
            return Vec::new();
        };
        match extraction.units.iter().find(|u| u.range.contains(at) || u.range.end == at).map(|u| u.origin) {
            Some(Origin::Comment(CommentIntent::Verify)) => vec![Workflow::Verify],
            Some(Origin::Comment(_)) => {
                vec![Workflow::DraftInsert, Workflow::DraftThenVerify, Workflow::DraftVerifyPolish]
            }
            Some(_) => Workflow::ALL.to_vec(),
            None => return Vec::new(),
        }
    } else {
        Workflow::ALL.to_vec()
    };
    let path = uri.to_file_path();
    let (general, inference) = assist::models::names(&state.config_for(path.as_deref()));
    let args = json!({ "uri": uri, "range": range, "version": version });
    workflows
        .into_iter()
        .filter(|w| wanted(&if w.edits() { CodeActionKind::REFACTOR_REWRITE } else { CodeActionKind::SOURCE }))
        .map(|w| {
            let title = w.title(&general, &inference);
            CodeActionOrCommand::CodeAction(CodeAction {
                title: title.clone(),
                kind: Some(if w.edits() { CodeActionKind::REFACTOR_REWRITE } else { CodeActionKind::SOURCE }),
                command: Some(Command { title, command: w.command().to_owned(), arguments: Some(vec![args.clone()]) }),
                is_preferred: Some(false),
                ..CodeAction::default()
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// executeCommand

/// Runs a `modelfit.*` command. The error cases a user can cause come back as a result with a
/// message (and a `window/showMessage`), not as a protocol error.
pub async fn execute(state: Arc<State>, client: Client, params: ExecuteCommandParams) -> Result<Option<Value>> {
    if params.command == SHOW_REASONING {
        return show_reasoning(&state, &client, &params).await;
    }
    let Some(workflow) = Workflow::from_command(&params.command) else {
        return Err(Error::invalid_params(format!("unknown command `{}`", params.command)));
    };
    let args: CommandArgs = match params.arguments.as_slice() {
        [one] => serde_json::from_value(one.clone()).map_err(|e| {
            Error::invalid_params(format!("{}: expected {{uri, range, version?, instruction?}}: {e}", params.command))
        })?,
        _ => return Err(Error::invalid_params(format!("{} takes exactly one argument object", params.command))),
    };
    let token = params.work_done_progress_params.work_done_token;
    let outcome = run(&state, &client, workflow, args, token).await;
    let (ok, message, findings) = match outcome {
        Ok(done) => (done.applied, done.message, done.findings),
        Err(message) => (false, message, None),
    };
    if !ok && findings.is_none() {
        client.show_message(MessageType::WARNING, format!("modelfit: {message}")).await;
    } else {
        client.show_message(MessageType::INFO, format!("modelfit: {message}")).await;
    }
    Ok(Some(match findings {
        Some(n) => json!({ "findings": n, "message": message }),
        None => json!({ "applied": ok, "message": message }),
    }))
}

/// `modelfit.showReasoning`: the kept reasoning goes to the server log (the client's output
/// panel) and back as the result; the document is not touched.
async fn show_reasoning(state: &State, client: &Client, params: &ExecuteCommandParams) -> Result<Option<Value>> {
    #[derive(Deserialize)]
    struct Args {
        uri: Uri,
    }
    let args: Args = match params.arguments.as_slice() {
        [one] => serde_json::from_value(one.clone())
            .map_err(|e| Error::invalid_params(format!("{SHOW_REASONING}: expected {{uri}}: {e}")))?,
        _ => return Err(Error::invalid_params(format!("{SHOW_REASONING} takes exactly one argument object"))),
    };
    let reasoning = lock(&state.assist.reasoning).get(&args.uri).cloned();
    let Some(reasoning) = reasoning else {
        let message = "no reasoning is kept for this document: the last model call here streamed none";
        client.show_message(MessageType::INFO, format!("modelfit: {message}")).await;
        return Ok(Some(json!({ "reasoning": null, "message": message })));
    };
    client.log_message(MessageType::INFO, format!("modelfit: the model's reasoning\n{reasoning}")).await;
    let message = "the model's reasoning is in the modelfit log";
    client.show_message(MessageType::INFO, format!("modelfit: {message}")).await;
    Ok(Some(json!({ "reasoning": reasoning, "message": message })))
}

struct Done {
    applied: bool,
    message: String,
    findings: Option<usize>,
}

async fn run(
    state: &Arc<State>,
    client: &Client,
    workflow: Workflow,
    args: CommandArgs,
    token: Option<ProgressToken>,
) -> std::result::Result<Done, String> {
    let enc = state.encoding();
    let (rope, version, format) = {
        let docs = state.documents();
        let doc = docs.get(&args.uri).ok_or("the document is not open in the editor")?;
        (doc.rope.clone(), doc.version, doc.format)
    };
    if let Some(expected) = args.version
        && expected != version
    {
        return Err("the document changed since the action was offered; nothing was sent, try again".into());
    }
    let text = rope.to_string();
    let requested = to_text_range(&rope, args.range, enc);
    let (selection, instruction) = target(&text, format, requested, workflow, args.instruction);
    if text[selection.as_range()].trim().is_empty() {
        return Err("the selection is empty; select the text or instruction to work on".into());
    }
    let path = args.uri.to_file_path();
    let file = path.as_deref().map_or_else(|| std::path::PathBuf::from(args.uri.path().as_str()), Into::into);
    let job = Job::new(workflow, &file, text, selection, instruction);
    let config = state.config_for(path.as_deref());
    let models = assist::models::from_config(&config)?;

    if !confirm_secrets(client, &job, &models, workflow).await {
        return Err("nothing was sent (the selection holds what looks like a secret)".into());
    }

    let title = workflow.title(&models.general.model, &models.inference.model);
    let progress = Reporter::start(state, client, token, &title).await;
    let (events, mut rx) = tokio::sync::mpsc::unbounded_channel::<Event>();
    let task_job = job.clone();
    let task_models = models.clone();
    let task = tokio::spawn(async move {
        let mut on_event = move |e: Event| {
            let _ = events.send(e);
        };
        assist::run(&task_job, &task_models, &mut on_event).await
    });
    // Dropped when this future is (`$/cancelRequest`), aborting the task with its HTTP stream.
    let mut guard = JobGuard {
        state: Arc::clone(state),
        key: progress.key.clone(),
        handle: task.abort_handle(),
        progress: Some((client.clone(), progress.token.clone())),
    };
    state.assist.jobs().insert(progress.key.clone(), task.abort_handle());

    let mut task = task;
    let mut phase = String::from("starting");
    let mut tokens = 0usize;
    let mut reasoning = String::new();
    let mut last_report = Instant::now();
    let result = loop {
        // Events first: the task sends them all before it ends, so when both are ready an
        // unbiased pick could end the loop with the last events (often the reasoning) unread.
        tokio::select! {
            biased;
            Some(event) = rx.recv() => {
                let changed = match event {
                    Event::Phase(p) => { phase = p; true }
                    Event::Text(_) => { tokens += 1; false }
                    Event::Retrying(r) => { phase = r; true }
                    Event::Reasoning(r) => { reasoning.push_str(&r); false }
                };
                if changed || last_report.elapsed() >= Duration::from_millis(100) {
                    last_report = Instant::now();
                    progress.report(client, &format!("{phase} · {tokens} tokens")).await;
                }
            }
            joined = &mut task => break joined,
        }
    };
    // From here on this function ends the progress itself.
    guard.progress = None;
    drop(guard);
    let kept_reasoning = !reasoning.trim().is_empty();
    {
        let mut kept = lock(&state.assist.reasoning);
        if kept_reasoning {
            kept.insert(args.uri.clone(), reasoning);
        } else {
            kept.remove(&args.uri);
        }
    }
    let outcome = match result {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(message)) => {
            progress.end(client, "failed").await;
            return Err(format!("{message}; the document was not changed"));
        }
        Err(e) if e.is_cancelled() => {
            progress.end(client, "cancelled").await;
            return Err("cancelled; the document was not changed".into());
        }
        Err(e) => {
            progress.end(client, "failed").await;
            return Err(format!("the model call failed unexpectedly ({e}); the document was not changed"));
        }
    };
    let done = match outcome {
        Outcome::Edit { edit, note } => {
            let done = apply(state, client, &args.uri, &edit).await;
            done.map(|mut d| {
                if let Some(note) = note {
                    d.message = format!("{} ({note})", d.message);
                }
                d
            })
        }
        Outcome::Findings(parsed) => {
            let n = parsed.findings.len();
            store_findings(state, client, &args.uri, &job, &parsed.findings, &models.inference.model);
            let mut message = match n {
                0 => format!("{} found no problems", models.inference.model),
                1 => format!("{} found 1 problem", models.inference.model),
                n => format!("{} found {n} problems", models.inference.model),
            };
            if !parsed.problems.is_empty() {
                message.push_str("; ");
                message.push_str(&parsed.problems.join("; "));
            }
            Ok(Done { applied: false, message, findings: Some(n) })
        }
    };
    progress.end(client, if done.is_ok() { "done" } else { "not applied" }).await;
    done.map(|mut d| {
        if kept_reasoning {
            d.message.push_str("; the model's reasoning is kept (command modelfit.showReasoning)");
        }
        d
    })
}

/// The bytes to work on and the instruction: the selection as given, or with an empty selection
/// the AI comment or prompt unit under the cursor (else the cursor's line).
fn target(
    text: &str,
    format: Option<crate::analysis::format::PromptFormat>,
    requested: TextRange,
    workflow: Workflow,
    instruction: Option<String>,
) -> (TextRange, Option<String>) {
    if !requested.is_empty() {
        return (requested, instruction);
    }
    let at = requested.start;
    let unit = format
        .and_then(|f| super::guarded("extraction", || extract::extract(f, text)))
        .and_then(|e| e.units.into_iter().find(|u| u.range.contains(at) || u.range.end == at));
    match unit {
        Some(unit) => {
            let comment = matches!(unit.origin, Origin::Comment(_));
            let lines = whole_lines(text, unit.range);
            if comment && workflow == Workflow::Verify {
                // `modelfit: verify <goal>`: check the block below the comment against the goal.
                let goal = unit.segments.iter().map(|s| text[s.range.as_range()].trim()).collect::<Vec<_>>().join(" ");
                return (block_after(text, lines.end), instruction.or(Some(goal)));
            }
            (lines, instruction)
        }
        None => (whole_lines(text, requested), instruction),
    }
}

/// `range` widened to whole lines, terminator of the last one included.
fn whole_lines(text: &str, range: TextRange) -> TextRange {
    let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = if range.end > range.start && text[..range.end].ends_with('\n') {
        range.end
    } else {
        text[range.end..].find('\n').map_or(text.len(), |i| range.end + i + 1)
    };
    TextRange::new(start, end)
}

/// From `start` to the next blank line (or the end).
fn block_after(text: &str, start: usize) -> TextRange {
    let rest = &text[start..];
    let end = rest.find("\n\n").or_else(|| rest.find("\r\n\r\n")).map_or(text.len(), |i| start + i + 1);
    TextRange::new(start, end)
}

/// Asks before sending a payload that looks like it holds a secret. `true`: go ahead.
async fn confirm_secrets(client: &Client, job: &Job, models: &Models, workflow: Workflow) -> bool {
    let (payload, first_line) = job.payload();
    let mut found = secrets::scan(payload);
    if let Some(i) = &job.instruction {
        found.extend(secrets::scan(i));
    }
    let Some(first) = found.first() else { return true };
    let model = if workflow == Workflow::Verify { &models.inference.model } else { &models.general.model };
    let more = match found.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    let message =
        format!("modelfit: the text to send to {model} holds {}{more}. Send it anyway?", first.message(first_line + 1));
    let actions = vec![
        MessageActionItem { title: SEND_ANYWAY.into(), properties: HashMap::new() },
        MessageActionItem { title: CANCEL.into(), properties: HashMap::new() },
    ];
    match client.show_message_request(MessageType::WARNING, message, Some(actions)).await {
        Ok(Some(item)) => item.title == SEND_ANYWAY,
        Ok(None) => false,
        Err(e) => {
            tracing::warn!("showMessageRequest failed, not sending: {e}");
            false
        }
    }
}

/// Places the edit in the document as it is now and asks the client to apply it.
async fn apply(
    state: &State,
    client: &Client,
    uri: &Uri,
    edit: &crate::analysis::assist::anchor::AnchoredEdit,
) -> std::result::Result<Done, String> {
    let enc = state.encoding();
    let (rope, version) = {
        let docs = state.documents();
        let doc = docs.get(uri).ok_or("the document was closed while the model was working; nothing was written")?;
        (doc.rope.clone(), doc.version)
    };
    let current = rope.to_string();
    let placed = edit.place(&current).map_err(|e| e.to_string())?;
    let text_edit = TextEdit::new(to_lsp_range(&rope, placed.range, enc), placed.text);
    let workspace = workspace_edit(uri, version, vec![text_edit], state.negotiated().document_changes);
    let response = client
        .apply_edit(workspace)
        .await
        .map_err(|e| format!("the editor did not take the edit ({e}); nothing was written"))?;
    if response.applied {
        Ok(Done { applied: true, message: "draft inserted".into(), findings: None })
    } else {
        let why = response.failure_reason.unwrap_or_else(|| "no reason given".into());
        Err(format!("the editor refused the edit ({why}); nothing was overwritten"))
    }
}

// ---------------------------------------------------------------------------------------------
// Verify findings as diagnostics

fn store_findings(state: &Arc<State>, client: &Client, uri: &Uri, job: &Job, findings: &[Finding], model: &str) {
    let enc = state.encoding();
    let doc_lines: Vec<&str> = job.text.split('\n').collect();
    {
        // Under the documents lock, so that no change slips between reading the text and keeping
        // findings whose lines every later change will move.
        let mut docs = state.documents();
        let Some(doc) = docs.get_mut(uri) else { return };
        let current = doc.text();
        let now_lines: Vec<&str> = current.split('\n').collect();
        let mut marks = Vec::new();
        for f in findings {
            let Some(line_text) = doc_lines.get(f.line) else { continue };
            // The user may have typed while the model worked: keep only findings whose line is as sent.
            if now_lines.get(f.line) != Some(line_text) {
                continue;
            }
            let start = current.split('\n').take(f.line).map(|l| l.len() + 1).sum::<usize>();
            let content = line_text.trim_end_matches('\r');
            let indent = content.len() - content.trim_start().len();
            let range = to_lsp_range(&doc.rope, TextRange::new(start + indent, start + content.len()), enc);
            let whole = to_lsp_range(&doc.rope, TextRange::new(start, start + content.len()), enc);
            let Some(kept_text) = doc.line_text(whole.start.line) else { continue };
            let fix =
                f.suggestion.as_ref().map(|s| (format!("Apply {model}'s suggestion"), TextEdit::new(whole, s.clone())));
            let diagnostic = LspDiagnostic {
                range,
                severity: Some(match f.severity {
                    FindingSeverity::Error => DiagnosticSeverity::ERROR,
                    FindingSeverity::Warning => DiagnosticSeverity::WARNING,
                    FindingSeverity::Info => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String("verify".into())),
                source: Some(VERIFY_SOURCE.into()),
                message: match &f.suggestion {
                    Some(s) => format!("{}\nsuggestion: {s}", f.message),
                    None => f.message.clone(),
                },
                ..LspDiagnostic::default()
            };
            marks.push(VerifyMark { line: whole.start.line, line_text: kept_text, diagnostic, fix });
        }
        // A new verification of the same lines replaces the old findings there.
        let selection = &job.text[job.selection.as_range()];
        let first = u32::try_from(job.first_line()).unwrap_or(u32::MAX);
        let count = u32::try_from(selection.lines().count().max(1)).unwrap_or(u32::MAX);
        let lines = first..first.saturating_add(count);
        let kept = doc.verify.get_or_insert_with(Vec::new);
        kept.retain(|m| !lines.contains(&m.line));
        kept.extend(marks);
    }
    if state.negotiated().pull_diagnostics {
        if state.negotiated().diagnostic_refresh {
            let client = client.clone();
            tokio::spawn(async move {
                if let Err(e) = client.workspace_diagnostic_refresh().await {
                    tracing::warn!("diagnostic refresh failed: {e}");
                }
            });
        }
    } else {
        super::diagnostics::schedule(state, client, uri.clone());
    }
}

/// The verification findings of `doc` that still hold: those whose line's text changed are
/// forgotten. Call it with the document locked, so the lines checked are the lines published.
pub fn verify_diagnostics(doc: &mut Document) -> Vec<LspDiagnostic> {
    let Some(mut marks) = doc.verify.take() else { return Vec::new() };
    marks.retain(|m| doc.line_text(m.line).is_some_and(|now| now == m.line_text));
    let diagnostics = marks.iter().map(VerifyMark::to_lsp).collect();
    doc.verify = Some(marks);
    diagnostics
}

/// Whether verification findings were ever stored for `uri` (so an empty list must be published
/// to clear them).
pub fn has_findings(state: &State, uri: &Uri) -> bool {
    state.documents().get(uri).is_some_and(|d| d.verify.is_some())
}

/// Forgets the kept reasoning of a closed document (its findings went with the document).
pub fn forget(state: &State, uri: &Uri) {
    lock(&state.assist.reasoning).remove(uri);
}

/// Quick fixes for `modelfit-verify` diagnostics that carry a suggestion.
pub fn quick_fixes(state: &State, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let uri = &params.text_document.uri;
    let Some(version) = state.version_of(uri) else { return Vec::new() };
    let document_changes = state.negotiated().document_changes;
    let mut actions = Vec::new();
    for d in &params.context.diagnostics {
        if d.source.as_deref() != Some(VERIFY_SOURCE) {
            continue;
        }
        let Some(data) = &d.data else { continue };
        let title = data["title"].as_str().unwrap_or("Apply the suggestion").to_owned();
        let Ok(edits) = serde_json::from_value::<Vec<TextEdit>>(data["edits"].clone()) else { continue };
        // Findings whose line changed are gone from the published set; these still hold.
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            edit: Some(workspace_edit(uri, version, edits, document_changes)),
            is_preferred: Some(false),
            ..CodeAction::default()
        }));
    }
    actions
}

impl AssistState {
    fn jobs(&self) -> std::sync::MutexGuard<'_, HashMap<String, AbortHandle>> {
        lock(&self.jobs)
    }
}

// ---------------------------------------------------------------------------------------------
// Progress and cancellation

/// `window/workDoneProgress/cancel`: the user pressed the cancel button of a job's progress.
pub fn cancel(state: &State, params: &WorkDoneProgressCancelParams) {
    let key = token_key(&params.token);
    if let Some(handle) = state.assist.jobs().remove(&key) {
        tracing::info!("cancelling assist job {key}");
        handle.abort();
    }
}

fn token_key(token: &ProgressToken) -> String {
    match token {
        NumberOrString::Number(n) => n.to_string(),
        NumberOrString::String(s) => s.clone(),
    }
}

/// Aborts a job's task when the handler is dropped (`$/cancelRequest`) and, in that case, ends
/// its progress so the editor's indicator does not spin forever.
struct JobGuard {
    state: Arc<State>,
    key: String,
    handle: AbortHandle,
    progress: Option<(Client, Option<ProgressToken>)>,
}

impl Drop for JobGuard {
    fn drop(&mut self) {
        self.handle.abort();
        self.state.assist.jobs().remove(&self.key);
        if let Some((client, Some(token))) = self.progress.take() {
            tokio::spawn(async move {
                let end = WorkDoneProgress::End(WorkDoneProgressEnd { message: Some("cancelled".into()) });
                client
                    .send_notification::<ProgressNotification>(ProgressParams {
                        token,
                        value: ProgressParamsValue::WorkDone(end),
                    })
                    .await;
            });
        }
    }
}

/// Work-done progress for one job; silent when the client offered no token and cannot create one.
struct Reporter {
    token: Option<ProgressToken>,
    key: String,
}

impl Reporter {
    async fn start(state: &State, client: &Client, token: Option<ProgressToken>, title: &str) -> Self {
        let n = state.assist.next_job.fetch_add(1, Ordering::Relaxed);
        let token = match token {
            Some(t) => Some(t),
            None if state.negotiated().work_done_progress => {
                let t = NumberOrString::String(format!("modelfit-assist-{n}"));
                match client.create_work_done_progress(t.clone()).await {
                    Ok(()) => Some(t),
                    Err(e) => {
                        tracing::warn!("the client refused a progress token: {e}");
                        None
                    }
                }
            }
            None => None,
        };
        let key = token.as_ref().map_or_else(|| format!("modelfit-assist-{n}"), token_key);
        let reporter = Self { token, key };
        reporter
            .send(
                client,
                WorkDoneProgress::Begin(WorkDoneProgressBegin {
                    title: format!("modelfit: {title}"),
                    cancellable: Some(true),
                    message: Some("starting".into()),
                    percentage: None,
                }),
            )
            .await;
        reporter
    }

    async fn report(&self, client: &Client, message: &str) {
        let report =
            WorkDoneProgressReport { cancellable: Some(true), message: Some(message.into()), percentage: None };
        self.send(client, WorkDoneProgress::Report(report)).await;
    }

    async fn end(&self, client: &Client, message: &str) {
        self.send(client, WorkDoneProgress::End(WorkDoneProgressEnd { message: Some(message.into()) })).await;
    }

    async fn send(&self, client: &Client, value: WorkDoneProgress) {
        if let Some(token) = &self.token {
            client
                .send_notification::<ProgressNotification>(ProgressParams {
                    token: token.clone(),
                    value: ProgressParamsValue::WorkDone(value),
                })
                .await;
        }
    }
}

#[cfg(test)]
mod tests {
    use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

    use super::*;
    use crate::server::convert::Encoding;
    use crate::server::documents::ChangeOutcome;

    /// A document holding `text` with a finding on `line` (its range and fix cover the line).
    fn with_finding(text: &str, line: u32) -> Document {
        let mut doc = Document::new(text, 1, None);
        let line_text = doc.line_text(line).expect("line exists");
        let end = u32::try_from(line_text.len()).expect("short");
        let range = Range::new(Position::new(line, 0), Position::new(line, end));
        let diagnostic = LspDiagnostic { range, message: "wrong".into(), ..LspDiagnostic::default() };
        let fix = Some(("Apply".to_owned(), TextEdit::new(range, "fixed".into())));
        doc.verify = Some(vec![VerifyMark { line, line_text, diagnostic, fix }]);
        doc
    }

    fn change(doc: &mut Document, (l1, c1): (u32, u32), (l2, c2): (u32, u32), text: &str) {
        let range = Some(Range::new(Position::new(l1, c1), Position::new(l2, c2)));
        let event = TextDocumentContentChangeEvent { range, range_length: None, text: text.to_owned() };
        assert!(matches!(doc.change(doc.version + 1, vec![event], Encoding::Utf16), ChangeOutcome::Applied(_)));
    }

    /// The lines of the published findings: the diagnostic's and its quick fix's.
    fn published(doc: &mut Document) -> Vec<(u32, u32)> {
        verify_diagnostics(doc)
            .iter()
            .map(|d| {
                (
                    d.range.start.line,
                    d.data.as_ref().expect("fix")["edits"][0]["range"]["start"]["line"].as_u64().expect("line") as u32,
                )
            })
            .collect()
    }

    #[test]
    fn a_finding_moves_with_lines_inserted_or_removed_above_it() {
        let mut doc = with_finding("Facts:\n1 + 1 = 2\n2 + 2 = 5\nend\n", 2);
        change(&mut doc, (0, 0), (0, 0), "Intro\nMore\n");
        assert_eq!(published(&mut doc), [(4, 4)]);
        // A line break typed at the end of the line above.
        change(&mut doc, (3, 9), (3, 9), "\nnew");
        assert_eq!(published(&mut doc), [(5, 5)]);
        // Whole lines deleted above, as a range from line start to line start.
        change(&mut doc, (0, 0), (2, 0), "");
        assert_eq!(published(&mut doc), [(3, 3)]);
        // And as a range from the end of one line to the end of the next.
        change(&mut doc, (0, 6), (1, 9), "");
        assert_eq!(published(&mut doc), [(2, 2)]);
        assert_eq!(doc.text(), "Facts:\nnew\n2 + 2 = 5\nend\n");
        // Lines below do not move it.
        change(&mut doc, (3, 3), (3, 3), "\nafter\n");
        assert_eq!(published(&mut doc), [(2, 2)]);
    }

    #[test]
    fn a_finding_follows_its_own_line_among_identical_ones() {
        let mut doc = with_finding("same\nsame\n", 1);
        change(&mut doc, (0, 0), (0, 0), "new\n");
        // Line 1 now holds the other `same`: the finding is on line 2, where its line went.
        assert_eq!(published(&mut doc), [(2, 2)]);
        change(&mut doc, (1, 0), (2, 0), "");
        assert_eq!(published(&mut doc), [(1, 1)]);
    }

    #[test]
    fn a_finding_goes_when_its_own_line_changes() {
        let mut typed = with_finding("a\nbad line\nc\n", 1);
        change(&mut typed, (1, 3), (1, 3), "x");
        assert_eq!(published(&mut typed), []);
        let mut prefixed = with_finding("a\nbad line\nc\n", 1);
        change(&mut prefixed, (1, 0), (1, 0), "x");
        assert_eq!(published(&mut prefixed), []);
        let mut joined = with_finding("a\nbad line\nc\n", 1);
        change(&mut joined, (0, 1), (1, 0), "");
        assert_eq!(published(&mut joined), []);
        let mut replaced = with_finding("a\nbad line\nc\n", 1);
        change(&mut replaced, (0, 0), (2, 0), "a\nbad line\n");
        assert_eq!(published(&mut replaced), []);
    }

    #[test]
    fn a_whole_text_replacement_moves_findings_by_what_differs() {
        let mut doc = with_finding("a\nbad line\nc\n", 1);
        let full =
            TextDocumentContentChangeEvent { range: None, range_length: None, text: "x\ny\na\nbad line\nc\n".into() };
        doc.change(2, vec![full], Encoding::Utf16);
        assert_eq!(published(&mut doc), [(3, 3)]);
        let full =
            TextDocumentContentChangeEvent { range: None, range_length: None, text: "x\ny\na\nbad lime\nc\n".into() };
        doc.change(3, vec![full], Encoding::Utf16);
        assert_eq!(published(&mut doc), []);
        // Findings were stored here once: an empty list is still published.
        assert!(doc.verify.is_some());
    }

    #[test]
    fn empty_selection_widens_to_the_line_and_keeps_the_terminator() {
        let text = "a\nbc\nd";
        assert_eq!(whole_lines(text, TextRange::empty(3)), TextRange::new(2, 5));
        assert_eq!(whole_lines(text, TextRange::empty(6)), TextRange::new(5, 6));
        assert_eq!(whole_lines(text, TextRange::new(0, 2)), TextRange::new(0, 2));
        assert_eq!(block_after("x\ny\nz\n\nw", 2), TextRange::new(2, 6));
    }

    #[test]
    fn command_ids_match_the_contract() {
        assert_eq!(
            commands(),
            [
                "modelfit.draftInsert",
                "modelfit.draftReplace",
                "modelfit.verify",
                "modelfit.draftThenVerify",
                "modelfit.draftVerifyPolish",
                "modelfit.showReasoning",
            ]
        );
    }
}
