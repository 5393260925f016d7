//! `--format json`: the versioned output schema documented in `docs/json-output.md`.
//!
//! Within version 1, fields are only ever added; none is renamed, retyped or removed.

use std::io::{self, Write};

use serde::Serialize;

use super::check::Report;
use super::render::{Position, position};
use crate::analysis::rules::{Applicability, Diagnostic, Severity};
use crate::analysis::text::{LineIndex, TextRange};

/// The schema version; bumped only for a breaking change.
pub const VERSION: u32 = 1;

#[derive(Debug, Serialize)]
struct JsonReport {
    version: u32,
    files: Vec<JsonFile>,
    skipped: Vec<JsonSkipped>,
    summary: JsonSummary,
}

#[derive(Debug, Serialize)]
struct JsonFile {
    path: String,
    /// A `PromptFormat` name, or `modelfit-config` for a configuration file with problems.
    format: &'static str,
    diagnostics: Vec<JsonDiagnostic>,
}

#[derive(Debug, Serialize)]
struct JsonDiagnostic {
    code: &'static str,
    rule: &'static str,
    severity: Severity,
    message: String,
    help: Option<String>,
    range: JsonRange,
    fix: Option<JsonFix>,
}

#[derive(Debug, Serialize)]
struct JsonRange {
    start: JsonPosition,
    end: JsonPosition,
}

#[derive(Debug, Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
    offset: usize,
}

#[derive(Debug, Serialize)]
struct JsonFix {
    title: String,
    applicability: Applicability,
    edits: Vec<JsonEdit>,
}

#[derive(Debug, Serialize)]
struct JsonEdit {
    range: JsonRange,
    new_text: String,
}

#[derive(Debug, Serialize)]
struct JsonSkipped {
    path: String,
    reason: String,
}

#[derive(Debug, Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    hints: usize,
    skipped: usize,
    elapsed_ms: u64,
}

impl From<Position> for JsonPosition {
    fn from(p: Position) -> Self {
        Self { line: p.line, column: p.column, offset: p.offset }
    }
}

pub(super) fn write_report(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let files = report
        .files
        .iter()
        .map(|file| {
            let lines = LineIndex::new(&file.text);
            let range = |r: TextRange| JsonRange {
                start: position(&file.text, &lines, r.start, file.bom).into(),
                end: position(&file.text, &lines, r.end, file.bom).into(),
            };
            let diagnostic = |d: &Diagnostic| JsonDiagnostic {
                code: d.rule.code,
                rule: d.rule.name,
                severity: d.severity,
                message: d.message.clone(),
                help: d.help.clone(),
                range: range(d.range),
                fix: d.fix.as_ref().map(|fix| JsonFix {
                    title: fix.title.clone(),
                    applicability: fix.applicability,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| JsonEdit { range: range(e.range), new_text: e.new_text.clone() })
                        .collect(),
                }),
            };
            JsonFile {
                path: file.path.clone(),
                format: file.format.map_or("modelfit-config", |f| f.name()),
                diagnostics: file.diagnostics.iter().map(diagnostic).collect(),
            }
        })
        .collect();
    let json = JsonReport {
        version: VERSION,
        files,
        skipped: report
            .skipped
            .iter()
            .map(|s| JsonSkipped { path: s.path.clone(), reason: s.reason.clone() })
            .collect(),
        summary: JsonSummary {
            files: report.checked,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
            hints: report.count(Severity::Hint),
            skipped: report.skipped.len(),
            elapsed_ms: u64::try_from(report.elapsed.as_millis()).unwrap_or(u64::MAX),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &json).map_err(io::Error::from)?;
    writeln!(out)
}
