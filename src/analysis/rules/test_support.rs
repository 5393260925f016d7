//! Rule tests: run the analysis on a fixture string and render what one rule found, with the
//! source line and a caret underline, so expectations read like the command-line output.

use std::fmt::Write as _;

use crate::analysis::format::PromptFormat;
use crate::analysis::settings::Settings;
use crate::analysis::text::LineIndex;
use crate::analysis::{Analysis, analyze};

/// Analyses `text` as the file `path` and renders the findings of rule `name` only.
pub fn check(name: &str, path: &str, text: &str) -> String {
    let format = PromptFormat::from_path(path).expect("test path has a prompt-file extension");
    let analysis = analyze(format, text, &Settings::default());
    render(&analysis, text, Some(name))
}

/// Applies the first fix of the first finding of rule `name` and returns the new text.
pub fn fix(name: &str, path: &str, text: &str) -> String {
    let format = PromptFormat::from_path(path).expect("test path has a prompt-file extension");
    let analysis = analyze(format, text, &Settings::default());
    let d = analysis
        .diagnostics
        .iter()
        .find(|d| d.rule.name == name && d.fix.is_some())
        .unwrap_or_else(|| panic!("no fixable `{name}` finding"));
    d.fix.as_ref().expect("checked above").apply(text)
}

/// Renders findings one per block: `line:col severity[code/name]: message`, the source line, a
/// caret underline, then `help:` and `fix:` lines.
pub fn render(analysis: &Analysis, text: &str, only: Option<&str>) -> String {
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for d in analysis.diagnostics.iter().filter(|d| only.is_none_or(|n| d.rule.name == n)) {
        let start = lines.line_col(d.range.start);
        let src = lines.line_content_range(text, start.line).map_or("", |r| &text[r.as_range()]);
        let end_col =
            if lines.line_col(d.range.end).line == start.line { lines.line_col(d.range.end).col } else { src.len() };
        let _ = writeln!(out, "{}:{} {}[{}]: {}", start.line + 1, start.col + 1, d.severity, d.rule.name, d.message);
        let _ = writeln!(out, "  | {src}");
        let pad = src.get(..start.col).map_or(0, |s| s.chars().count());
        let width = src.get(start.col..end_col.max(start.col)).map_or(1, |s| s.chars().count().max(1));
        let _ = writeln!(out, "  | {}{}", " ".repeat(pad), "^".repeat(width));
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  = help: {help}");
        }
        if let Some(fix) = &d.fix {
            let _ = writeln!(out, "  = fix ({:?}): {}", fix.applicability, fix.title);
        }
    }
    out
}
