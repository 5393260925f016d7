//! `--format json`: the versioned output schema documented in `docs/json-output.md`.
//!
//! Within version 1, fields are only ever added; none is renamed, retyped or removed.

use std::io::{self, Write};

use serde::Serialize;

use super::check::Report;
use super::render::{Position, position};
use crate::analysis::classify::{Preference, Task};
use crate::analysis::extract::Origin;
use crate::analysis::fit::EffectiveKind;
use crate::analysis::rules::{Applicability, Diagnostic, Severity};
use crate::analysis::text::{LineIndex, TextRange};
use crate::analysis::unit_profile::{UnitProfile, unit_of};

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
    /// Added within version 1: what the classifier and the token counter say about each unit.
    units: Vec<JsonUnit>,
}

#[derive(Debug, Serialize)]
struct JsonUnit {
    model: Option<String>,
    model_kind: Option<EffectiveKind>,
    task: Task,
    secondary: Option<Task>,
    preferred: Preference,
    confidence: f32,
    /// The kind the classifier commits to at the configured threshold ("either" below it).
    prediction: Preference,
    /// Whether the model's kind is the predicted one; null when either fits or the kind is unknown.
    fits: Option<bool>,
    cues: Vec<JsonCue>,
    tokens: JsonTokens,
    /// Added within version 1: where the unit comes from.
    origin: &'static str,
    /// Added within version 1: the whole unit.
    range: JsonRange,
}

#[derive(Debug, Serialize)]
struct JsonCue {
    task: Task,
    text: &'static str,
    range: JsonRange,
}

#[derive(Debug, Serialize)]
struct JsonTokens {
    count: usize,
    exact: bool,
    capped: bool,
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
    /// Added within version 1: the index in the file's `units` of the unit the finding is about.
    unit: Option<usize>,
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

/// The `origin` of a unit in the JSON output (docs/json-output.md lists these values).
fn origin_name(origin: Origin) -> &'static str {
    match origin {
        Origin::File => "file",
        Origin::Call => "call",
        Origin::Constant => "constant",
        Origin::Comment(_) => "comment",
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
                unit: unit_of(&file.units, d.range),
            };
            let unit = |u: &UnitProfile| JsonUnit {
                model: u.model.clone(),
                model_kind: u.model_kind,
                task: u.profile.task,
                secondary: u.profile.secondary,
                preferred: u.profile.preferred,
                // Rounded so the output is stable and readable (0.83, not 0.82999998).
                confidence: (u.profile.confidence * 100.0).round() / 100.0,
                prediction: u.prediction,
                fits: u.fits(),
                cues: u.cues.iter().map(|c| JsonCue { task: c.task, text: c.text, range: range(c.range) }).collect(),
                tokens: JsonTokens { count: u.tokens.tokens, exact: u.tokens.exact, capped: u.tokens.capped },
                origin: origin_name(u.origin),
                range: range(u.range),
            };
            JsonFile {
                path: file.path.clone(),
                format: file.format.map_or("modelfit-config", |f| f.name()),
                diagnostics: file.diagnostics.iter().map(diagnostic).collect(),
                units: file.units.iter().map(unit).collect(),
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
