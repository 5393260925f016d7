//! Human output in the style of rustc and ruff: a location line, the source line under a
//! line-number gutter with carets under the range, then `= help:` and `= fix:` lines.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::check::{FileResult, Report};
use crate::analysis::rules::{Diagnostic, Severity};
use crate::analysis::text::LineIndex;

const TAB: &str = "    ";

/// The styles of the report. Without colour they are empty styles, which print nothing: plain
/// output is written plain rather than written in colour and stripped again (which took most of
/// the time of rendering a large report into a file or a pipe).
#[derive(Debug, Clone, Copy)]
pub(super) struct Palette {
    gutter: Style,
    bold: Style,
    dim: Style,
    colored: bool,
}

impl Palette {
    pub(super) const fn new(colored: bool) -> Self {
        if colored {
            Self {
                gutter: AnsiColor::Blue.on_default().bold(),
                bold: Style::new().bold(),
                dim: Style::new().dimmed(),
                colored,
            }
        } else {
            Self { gutter: Style::new(), bold: Style::new(), dim: Style::new(), colored }
        }
    }

    const fn severity(self, severity: Severity) -> Style {
        if self.colored { severity_style(severity) } else { Style::new() }
    }
}

/// A 1-based line and column (in Unicode scalar values) and a byte offset in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// Converts a byte offset of the analysed text (which lacks `bom` leading bytes of the file).
pub(super) fn position(text: &str, lines: &LineIndex, offset: usize, bom: usize) -> Position {
    let offset = offset.min(text.len());
    let at = lines.line_col(offset);
    let line_start = offset - at.col;
    let column = text.get(line_start..offset).map_or(at.col, |s| s.chars().count()) + 1;
    Position { line: at.line + 1, column, offset: offset + bom }
}

pub(super) const fn severity_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
        Severity::Hint => AnsiColor::Green,
    };
    color.on_default().bold()
}

pub(super) fn human(out: &mut impl Write, report: &Report, quiet: bool, palette: Palette) -> io::Result<()> {
    for file in &report.files {
        let lines = LineIndex::new(&file.text);
        for d in &file.diagnostics {
            diagnostic(out, file, &lines, d, palette)?;
        }
    }
    if quiet {
        return Ok(());
    }
    let Palette { bold, dim, .. } = palette;
    for skip in &report.skipped {
        writeln!(out, "{bold}{}{bold:#}: {dim}skipped:{dim:#} {}", skip.path, skip.reason)?;
    }
    summary(out, report, palette)
}

fn diagnostic(
    out: &mut impl Write,
    file: &FileResult,
    lines: &LineIndex,
    d: &Diagnostic,
    palette: Palette,
) -> io::Result<()> {
    let Palette { gutter, bold, .. } = palette;
    let text = file.text.as_str();
    let start = position(text, lines, d.range.start, 0);
    let sev = palette.severity(d.severity);
    let rule =
        if d.rule.code == d.rule.name { d.rule.code.to_owned() } else { format!("{}/{}", d.rule.code, d.rule.name) };
    writeln!(
        out,
        "{bold}{}:{}:{}:{bold:#} {sev}{}[{rule}]{sev:#}: {bold}{}{bold:#}",
        file.path, start.line, start.column, d.severity, d.message
    )?;

    let line_no = start.line - 1;
    let width = start.line.to_string().len();
    let pad = " ".repeat(width);
    if let Some(content) = lines.line_content_range(text, line_no) {
        let source = &text[content.as_range()];
        // Carets run to the range end, or to the end of the first line for multi-line ranges.
        let from = d.range.start.clamp(content.start, content.end) - content.start;
        let to = d.range.end.clamp(content.start, content.end) - content.start;
        let (before, marked) = (display_width(source.get(..from).unwrap_or("")), source.get(from..to).unwrap_or(""));
        let carets = display_width(marked).max(1);
        writeln!(out, "{gutter}{pad} |{gutter:#}")?;
        writeln!(out, "{gutter}{:>width$} |{gutter:#} {}", start.line, source.replace('\t', TAB))?;
        writeln!(out, "{gutter}{pad} |{gutter:#} {}{sev}{}{sev:#}", " ".repeat(before), "^".repeat(carets))?;
    }
    // "help: remove `x`" followed by "fix: Remove `x`" says the same thing twice.
    let help = d.help.as_ref().filter(|h| d.fix.as_ref().is_none_or(|f| !f.title.eq_ignore_ascii_case(h)));
    if let Some(help) = help {
        writeln!(out, "{gutter}{pad} ={gutter:#} {bold}help{bold:#}: {help}")?;
    }
    if let Some(fix) = &d.fix {
        writeln!(out, "{gutter}{pad} ={gutter:#} {bold}fix{bold:#}: {}", fix.title)?;
    }
    writeln!(out)
}

/// Columns a string takes when printed: one per character, four per tab.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c == '\t' { TAB.len() } else { 1 }).sum()
}

fn summary(out: &mut impl Write, report: &Report, palette: Palette) -> io::Result<()> {
    let Palette { bold, .. } = palette;
    let mut parts: Vec<String> = [
        (Severity::Error, "error", "errors"),
        (Severity::Warning, "warning", "warnings"),
        (Severity::Info, "info", "infos"),
        (Severity::Hint, "hint", "hints"),
    ]
    .into_iter()
    .filter_map(|(severity, one, many)| {
        let n = report.count(severity);
        let style = palette.severity(severity);
        (n > 0).then(|| format!("{style}{n} {}{style:#}", if n == 1 { one } else { many }))
    })
    .collect();
    if parts.is_empty() {
        parts.push("no problems found".to_owned());
    }
    if !report.skipped.is_empty() {
        parts.push(format!("{} skipped", report.skipped.len()));
    }
    let files = if report.checked == 1 { "file" } else { "files" };
    let ms = report.elapsed.as_millis();
    writeln!(out, "{bold}Checked {} {files} in {ms} ms:{bold:#} {}", report.checked, parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::{Position, display_width, position};
    use crate::analysis::text::LineIndex;

    #[test]
    fn columns_count_characters_and_offsets_count_bytes() {
        let text = "é\n\tab😀c";
        let lines = LineIndex::new(text);
        assert_eq!(position(text, &lines, 2, 0), Position { line: 1, column: 2, offset: 2 });
        // After the tab, `a`, `b` and the emoji (4 bytes): column 5, byte offset 3 + 1 + 2 + 4.
        assert_eq!(position(text, &lines, 10, 3), Position { line: 2, column: 5, offset: 13 });
        assert_eq!(display_width("\tab😀"), 7);
    }
}
