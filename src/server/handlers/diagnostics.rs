//! Diagnostics: conversion to LSP, debounced push (`publishDiagnostics`) and pull
//! (`textDocument/diagnostic`).
//!
//! Push: every change re-arms a per-document task that sleeps for the debounce, snapshots the
//! document, analyses it on the blocking pool and publishes with the snapshot's version, but only
//! if that version is still current (nil's `diagnostic_version`). A newer change aborts the older
//! task, so superseded work stops at its next `.await`.

use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic as LspDiagnostic, DiagnosticSeverity, DocumentDiagnosticReport,
    DocumentDiagnosticReportResult, FullDocumentDiagnosticReport, NumberOrString, RelatedFullDocumentDiagnosticReport,
    TextEdit, Uri,
};

use super::{analysis_of, assist, config_file};
use crate::analysis::Analysis;
use crate::analysis::rules::{Applicability, Diagnostic, Severity};
use crate::server::convert::to_lsp_range;
use crate::server::state::{Snapshot, State, is_config_file};

/// `source` of every diagnostic we publish.
pub const SOURCE: &str = "modelfit";

/// Where each rule is documented online (the rule name is appended as the fragment): the
/// `repository` of Cargo.toml, when the package declares one. Without it diagnostics carry no
/// link; hover on a diagnostic shows the same documentation.
pub const RULE_DOCS_URL: Option<&str> = option_env!("CARGO_PKG_REPOSITORY");

/// What a code action needs to know about a diagnostic, carried in its `data` (ruff's
/// `AssociatedDiagnosticData`): the fix is already converted to LSP edits for `version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagnosticData {
    pub rule: String,
    pub version: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixData>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixData {
    pub title: String,
    /// `safe`, `unsafe` or `display-only`.
    pub applicability: String,
    pub edits: Vec<TextEdit>,
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn applicability_name(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
        Applicability::DisplayOnly => "display-only",
    }
}

/// Converts one finding of `snapshot`'s analysis.
pub fn to_lsp(snapshot: &Snapshot, d: &Diagnostic) -> LspDiagnostic {
    let enc = snapshot.encoding;
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let fix = d.fix.as_ref().map(|fix| FixData {
        title: fix.title.clone(),
        applicability: applicability_name(fix.applicability).to_owned(),
        edits: fix
            .edits
            .iter()
            .map(|e| TextEdit::new(to_lsp_range(&snapshot.rope, e.range, enc), e.new_text.clone()))
            .collect(),
    });
    let data = DiagnosticData { rule: d.rule.name.to_owned(), version: snapshot.version, fix };
    LspDiagnostic {
        range: to_lsp_range(&snapshot.rope, d.range, enc),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.name.to_owned())),
        code_description: RULE_DOCS_URL
            .filter(|repo| !repo.is_empty())
            .and_then(|repo| Uri::from_str(&format!("{repo}/blob/main/docs/rules.md#{}", d.rule.name)).ok())
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: None,
        tags: None,
        data: serde_json::to_value(data).ok(),
    }
}

/// Converts a whole analysis.
pub fn to_lsp_all(snapshot: &Snapshot, analysis: &Analysis) -> Vec<LspDiagnostic> {
    analysis.diagnostics.iter().map(|d| to_lsp(snapshot, d)).collect()
}

/// The LSP diagnostics of a snapshot, from the analysis kept for its version or one made now off
/// the executor (and kept for hover, inlay hints and the next change); `None` if it panicked.
async fn compute_keeping_source(state: &State, snapshot: Snapshot) -> Option<(i32, Vec<LspDiagnostic>)> {
    let (snapshot, analyzed) = analysis_of(state, snapshot).await?;
    Some((snapshot.version, to_lsp_all(&snapshot, &analyzed.analysis)))
}

/// Re-arms the debounced diagnostic task of `uri` (push mode only).
pub fn schedule(state: &Arc<State>, client: &Client, uri: Uri) {
    if state.negotiated().pull_diagnostics {
        return;
    }
    let debounce = state.options.debounce;
    let task_state = Arc::clone(state);
    let task_client = client.clone();
    let task_uri = uri.clone();
    let handle = tokio::spawn(async move {
        if !debounce.is_zero() {
            tokio::time::sleep(debounce).await;
        }
        publish(&task_state, &task_client, task_uri).await;
    });
    if let Some(older) = state.tasks().insert(uri, handle) {
        older.abort();
    }
}

async fn publish(state: &State, client: &Client, uri: Uri) {
    if is_config_file(&uri) {
        if let Some((version, diagnostics)) = config_file::diagnostics(state, &uri) {
            client.publish_diagnostics(uri, diagnostics, Some(version)).await;
        }
        return;
    }
    let (version, mut diagnostics) = match state.snapshot(&uri) {
        Some(snapshot) => match compute_keeping_source(state, snapshot).await {
            Some(computed) => computed,
            None => return,
        },
        // Not a prompt file: only verification findings, if any were ever made here.
        None => match state.version_of(&uri) {
            Some(version) if assist::has_findings(state, &uri) => (version, Vec::new()),
            _ => return,
        },
    };
    // Superseded while we worked: the newer version's task will publish.
    let Some(verified) =
        state.documents().get_mut(&uri).filter(|d| d.version == version).map(assist::verify_diagnostics)
    else {
        tracing::debug!("skipping diagnostics for stale version {version} of {}", uri.as_str());
        return;
    };
    diagnostics.extend(verified);
    client.publish_diagnostics(uri, diagnostics, Some(version)).await;
}

/// Stops the pending task of a closed document and clears its diagnostics.
pub async fn clear(state: &State, client: &Client, uri: Uri) {
    if let Some(task) = state.tasks().remove(&uri) {
        task.abort();
    }
    if !state.negotiated().pull_diagnostics {
        client.publish_diagnostics(uri, Vec::new(), None).await;
    }
}

/// Answers `textDocument/diagnostic` with a full report.
pub async fn pull(state: &State, uri: &Uri) -> DocumentDiagnosticReportResult {
    wait_for_held_changes(state, uri).await;
    let items = if is_config_file(uri) {
        config_file::diagnostics(state, uri).map(|(_, d)| d).unwrap_or_default()
    } else {
        let mut items = match state.snapshot(uri) {
            Some(snapshot) => compute_keeping_source(state, snapshot).await.map(|(_, d)| d).unwrap_or_default(),
            None => Vec::new(),
        };
        if let Some(verified) = state.documents().get_mut(uri).map(assist::verify_diagnostics) {
            items.extend(verified);
        }
        items
    };
    DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
        related_documents: None,
        full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id: None, items },
    }))
}

/// Neovim numbers versions by its change counter, so version gaps are normal and a change after
/// a gap is held until the hold timeout (see `documents`). A pull answered meanwhile would
/// describe the old text, and a client without refresh support keeps that answer until the next
/// edit; so a pull first waits, boundedly, for held changes to be applied.
async fn wait_for_held_changes(state: &State, uri: &Uri) {
    let deadline = tokio::time::Instant::now() + state.options.hold_timeout * 2;
    while state.documents().get(uri).is_some_and(super::super::documents::Document::has_held)
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

#[cfg(test)]
mod tests {
    use ropey::Rope;
    use tower_lsp_server::ls_types::{Position, Range};

    use super::*;
    use crate::analysis::format::PromptFormat;
    use crate::analysis::rules::{Edit, Fix, registry};
    use crate::analysis::settings::Settings;
    use crate::analysis::text::TextRange;
    use crate::server::convert::Encoding;

    #[test]
    fn findings_become_lsp_diagnostics_with_code_docs_help_and_fix_data() {
        let text = "---\nmodel: 😀gpt-4o-mnii\n---\n";
        let start = text.find("gpt").expect("present");
        let range = TextRange::new(start, start + "gpt-4o-mnii".len());
        let rule = registry::by_name("unknown-model").expect("rule").meta();
        let finding = Diagnostic::new(rule, range, "Unknown model")
            .with_severity(Severity::Warning)
            .with_help("did you mean `gpt-4o-mini`?")
            .with_fix(Fix::safe("Replace", vec![Edit { range, new_text: "gpt-4o-mini".into() }]));
        let snapshot = Snapshot {
            uri: "file:///x.prompt.md".parse().expect("uri"),
            rope: Rope::from_str(text),
            version: 7,
            format: PromptFormat::CopilotPrompt,
            settings: Settings::default(),
            encoding: Encoding::Utf16,
            source: crate::analysis::source::SourceState::default(),
        };
        let d = to_lsp(&snapshot, &finding);
        let lsp_range = Range::new(Position::new(1, 9), Position::new(1, 20));
        assert_eq!(d.range, lsp_range);
        assert_eq!(d.severity, Some(DiagnosticSeverity::WARNING));
        assert_eq!(d.code, Some(NumberOrString::String("unknown-model".into())));
        assert_eq!(d.source.as_deref(), Some("modelfit"));
        assert_eq!(d.message, "Unknown model\nhelp: did you mean `gpt-4o-mini`?");
        // A link only when Cargo.toml declares where the project lives.
        match RULE_DOCS_URL.filter(|r| !r.is_empty()) {
            Some(repo) => assert_eq!(
                d.code_description.expect("docs link").href.as_str(),
                format!("{repo}/blob/main/docs/rules.md#unknown-model")
            ),
            None => assert_eq!(d.code_description, None),
        }
        let data: DiagnosticData = serde_json::from_value(d.data.expect("data")).expect("shape");
        assert_eq!(data.rule, "unknown-model");
        assert_eq!(data.version, 7);
        let fix = data.fix.expect("fix");
        assert_eq!(fix.applicability, "safe");
        assert_eq!(fix.edits, vec![TextEdit::new(lsp_range, "gpt-4o-mini".into())]);
    }
}
