//! `modelfit draft` and `modelfit verify`: the draft/verify workflows from the command line.
//!
//! The answer streams to stdout as it arrives (reasoning to stderr with `--show-reasoning`);
//! `--apply` writes the edit atomically (a temporary file renamed over the original) and only if
//! the file did not change since it was read; `--json` prints one object for machines. Before
//! anything is sent, the payload is scanned for secrets: found ones stop the command with exit 2
//! unless `--allow-secrets`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;

use super::{EXIT_FINDINGS, EXIT_USAGE};
use crate::analysis::assist::anchor::{self, EditKind, Placed};
use crate::analysis::assist::findings::{Finding, FindingSeverity, Parsed};
use crate::analysis::assist::secrets;
use crate::analysis::text::TextRange;
use crate::assist::{self, Event, Job, Outcome, Workflow};

/// Exit code when the model call or the edit failed (network, provider, changed file).
pub const EXIT_FAILED: u8 = 3;

#[derive(Debug, clap::Args)]
pub struct DraftArgs {
    /// The file, optionally with 1-based inclusive lines: `notes.md:3-7` or `app.py:12`.
    pub target: String,
    /// What to write; without it the selected lines are the instruction (an AI comment, a note).
    #[arg(long, value_name = "TEXT")]
    pub instruction: Option<String>,
    /// The draft replaces the selected lines instead of going below them.
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The file, optionally with 1-based inclusive lines: `prompt.md:3-7`.
    pub target: String,
    /// What the text is for, to verify it against.
    #[arg(long, value_name = "TEXT")]
    pub goal: Option<String>,
    #[command(flatten)]
    pub common: CommonArgs,
}

#[derive(Debug, clap::Args)]
pub struct CommonArgs {
    /// Write the result into the file (verify: apply the suggested line corrections).
    #[arg(long)]
    pub apply: bool,
    /// Print one JSON object instead of streaming text.
    #[arg(long)]
    pub json: bool,
    /// Also stream the model's reasoning, to stderr.
    #[arg(long)]
    pub show_reasoning: bool,
    /// Send even if the text looks like it holds a secret.
    #[arg(long)]
    pub allow_secrets: bool,
}

pub fn draft(args: &DraftArgs) -> io::Result<ExitCode> {
    let workflow = if args.replace { Workflow::DraftReplace } else { Workflow::DraftInsert };
    run(workflow, &args.target, args.instruction.clone(), &args.common)
}

pub fn verify(args: &VerifyArgs) -> io::Result<ExitCode> {
    run(Workflow::Verify, &args.target, args.goal.clone(), &args.common)
}

/// `FILE[:START[-END]]` split into the path and the 1-based inclusive lines.
pub fn parse_target(target: &str) -> Result<(PathBuf, Option<(usize, usize)>), String> {
    if let Some((file, lines)) = target.rsplit_once(':')
        && !file.is_empty()
        && !lines.is_empty()
        && lines.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    {
        let (start, end) = lines.split_once('-').unwrap_or((lines, lines));
        let parse = |s: &str| s.parse::<usize>().ok().filter(|n| *n > 0);
        return match (parse(start), parse(end)) {
            (Some(s), Some(e)) if s <= e => Ok((PathBuf::from(file), Some((s, e)))),
            _ => {
                Err(format!("`{lines}` is not a line range; write START-END with 1 <= START <= END, e.g. `{file}:3-7`"))
            }
        };
    }
    Ok((PathBuf::from(target), None))
}

/// The bytes of lines `start..=end` (1-based), line terminators included.
pub fn line_range(text: &str, lines: Option<(usize, usize)>) -> Result<TextRange, String> {
    let Some((start, end)) = lines else { return Ok(TextRange::new(0, text.len())) };
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1).filter(|&i| i < text.len()));
    let count = starts.len();
    if start > count || end > count {
        return Err(format!("the file has {count} lines; lines {start}-{end} are not all in it"));
    }
    let to = starts.get(end).copied().unwrap_or(text.len());
    Ok(TextRange::new(starts[start - 1], to))
}

fn run(workflow: Workflow, target: &str, instruction: Option<String>, common: &CommonArgs) -> io::Result<ExitCode> {
    let fail = |code: u8, message: String| {
        eprintln!("modelfit: {message}");
        Ok(ExitCode::from(code))
    };
    let (path, lines) = match parse_target(target) {
        Ok(t) => t,
        Err(e) => return fail(EXIT_USAGE, e),
    };
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => return fail(EXIT_USAGE, format!("{} is not UTF-8 text", path.display())),
        },
        Err(e) => return fail(EXIT_USAGE, format!("cannot read {}: {e}", path.display())),
    };
    let selection = match line_range(&text, lines) {
        Ok(r) => r,
        Err(e) => return fail(EXIT_USAGE, format!("{}: {e}", path.display())),
    };
    let job = Job::new(workflow, &path, text.clone(), selection, instruction);

    let (payload, first_line) = job.payload();
    let mut found = secrets::scan(payload);
    if let Some(instruction) = &job.instruction {
        found.extend(secrets::scan(instruction).into_iter().map(|mut f| {
            f.masked = format!("{} in --instruction", f.masked);
            f
        }));
    }
    if !found.is_empty() && !common.allow_secrets {
        for f in &found {
            eprintln!(
                "{}:{}: refusing to send {} ({})",
                path.display(),
                first_line + f.line + 1,
                f.kind.describe(),
                f.masked
            );
        }
        return fail(
            EXIT_USAGE,
            "nothing was sent: remove the secret from the selection, or pass --allow-secrets if it is not one".into(),
        );
    }

    let models = match assist::models::for_file(&path) {
        Ok(m) => m,
        Err(e) => return fail(EXIT_FAILED, e),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| io::Error::other(format!("cannot start the async runtime: {e}")))?;
    let stream_text = !common.json && workflow.edits();
    let show_reasoning = common.show_reasoning;
    let mut on_event = move |event: Event| {
        // Output errors (a closed pipe) must not abort the model call; the final write reports them.
        match event {
            Event::Text(t) if stream_text => {
                let mut out = io::stdout().lock();
                let _ = out.write_all(t.as_bytes());
                let _ = out.flush();
            }
            Event::Reasoning(t) if show_reasoning => eprint!("{t}"),
            Event::Phase(p) => eprintln!("modelfit: {p}…"),
            Event::Retrying(r) => eprintln!("modelfit: {r}"),
            _ => {}
        }
    };
    let outcome = runtime.block_on(assist::run(&job, &models, &mut on_event));
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            if stream_text {
                writeln!(io::stdout())?;
            }
            return fail(EXIT_FAILED, format!("{e}; {} was not changed", path.display()));
        }
    };
    let mut out = io::stdout().lock();
    match outcome {
        Outcome::Edit { edit, note } => {
            if let Some(note) = &note {
                eprintln!("modelfit: {note}");
            }
            let placed = match edit.place(&text) {
                Ok(p) => p,
                Err(e) => return fail(EXIT_FAILED, e.to_string()),
            };
            let written = if common.apply { write_if_unchanged(&path, &text, &placed) } else { Ok(false) };
            if common.json {
                let kind = if edit.kind == EditKind::Replace { "replace" } else { "insert" };
                let value = json!({
                    "file": path.display().to_string(),
                    "kind": kind,
                    "range": byte_lines(&text, placed.range),
                    "text": placed.text,
                    "note": note,
                    "applied": written.as_ref().is_ok_and(|w| *w),
                    "error": written.as_ref().err(),
                });
                writeln!(out, "{value}")?;
            } else {
                writeln!(out)?;
            }
            match written {
                Ok(true) => eprintln!("modelfit: wrote {}", path.display()),
                Ok(false) => {}
                Err(e) => return fail(EXIT_FAILED, e),
            }
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Findings(parsed) => report_findings(&mut out, &path, &text, &parsed, common),
    }
}

/// 1-based inclusive lines of a byte range, for JSON output.
fn byte_lines(text: &str, range: TextRange) -> serde_json::Value {
    let line = |at: usize| text[..at].matches('\n').count() + 1;
    json!({ "start_line": line(range.start), "end_line": line(range.end), "start_byte": range.start, "end_byte": range.end })
}

fn report_findings(
    out: &mut impl Write,
    path: &Path,
    text: &str,
    parsed: &Parsed,
    common: &CommonArgs,
) -> io::Result<ExitCode> {
    for p in &parsed.problems {
        eprintln!("modelfit: {p}");
    }
    let written = if common.apply {
        let edits = suggestion_edits(text, &parsed.findings);
        if edits.is_empty() { Ok(false) } else { write_edits_if_unchanged(path, text, &edits) }
    } else {
        Ok(false)
    };
    if common.json {
        let value = json!({
            "file": path.display().to_string(),
            "findings": parsed.findings.iter().map(|f| json!({
                "line": f.line + 1, "severity": f.severity, "message": f.message, "suggestion": f.suggestion,
            })).collect::<Vec<_>>(),
            "problems": parsed.problems,
            "applied": written.as_ref().is_ok_and(|w| *w),
        });
        writeln!(out, "{value}")?;
    } else {
        for f in &parsed.findings {
            let severity = match f.severity {
                FindingSeverity::Error => "error",
                FindingSeverity::Warning => "warning",
                FindingSeverity::Info => "info",
            };
            writeln!(out, "{}:{}: {severity}: {}", path.display(), f.line + 1, f.message)?;
            if let Some(s) = &f.suggestion {
                writeln!(out, "  suggestion: {s}")?;
            }
        }
        if parsed.findings.is_empty() {
            writeln!(out, "{}: no problems found", path.display())?;
        }
    }
    if let Err(e) = written {
        eprintln!("modelfit: {e}");
        return Ok(ExitCode::from(EXIT_FAILED));
    }
    Ok(if parsed.findings.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_FINDINGS) })
}

/// Each suggestion replaces its whole line (terminator kept).
pub fn suggestion_edits(text: &str, findings: &[Finding]) -> Vec<Placed> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let mut edits: Vec<Placed> = Vec::new();
    for f in findings {
        let (Some(s), Some(&start)) = (&f.suggestion, starts.get(f.line)) else { continue };
        let line = &text[start..];
        let end = start + line.find(['\r', '\n']).unwrap_or(line.len());
        if edits.iter().any(|e| e.range.start == start) {
            continue;
        }
        edits.push(Placed { range: TextRange::new(start, end), text: s.clone() });
    }
    edits
}

fn write_if_unchanged(path: &Path, original: &str, placed: &Placed) -> Result<bool, String> {
    write_edits_if_unchanged(path, original, std::slice::from_ref(placed))
}

/// Writes `original` with `edits` applied, through a temporary file in the same folder renamed
/// over `path`, only if `path` still holds `original`.
fn write_edits_if_unchanged(path: &Path, original: &str, edits: &[Placed]) -> Result<bool, String> {
    let mut sorted: Vec<&Placed> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    let mut new_text = original.to_owned();
    for e in sorted {
        new_text = anchor::apply(&new_text, e);
    }
    let unchanged = || std::fs::read(path).is_ok_and(|now| now == original.as_bytes());
    if !unchanged() {
        return Err(format!("{} changed while the model was working; nothing was written", path.display()));
    }
    let name = path.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.modelfit-{}.tmp", std::process::id()));
    let written = std::fs::File::create_new(&tmp).and_then(|mut file| {
        file.write_all(new_text.as_bytes())?;
        if let Ok(meta) = std::fs::metadata(path) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write a temporary file next to {}: {e}", path.display()));
    }
    // Checked again just before the rename: the window for a lost edit is as small as it gets.
    if !unchanged() {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("{} changed while the model was working; nothing was written", path.display()));
    }
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot replace {}: {e}", path.display()));
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_and_line_ranges() {
        assert_eq!(parse_target("a.md"), Ok((PathBuf::from("a.md"), None)));
        assert_eq!(parse_target("a.md:3-7"), Ok((PathBuf::from("a.md"), Some((3, 7)))));
        assert_eq!(parse_target("a.md:4"), Ok((PathBuf::from("a.md"), Some((4, 4)))));
        assert_eq!(parse_target("C:\\x\\a.md"), Ok((PathBuf::from("C:\\x\\a.md"), None)));
        assert!(parse_target("a.md:7-3").unwrap_err().contains("START-END"));
        assert!(parse_target("a.md:0").is_err());
        let text = "one\ntwo\r\nthree";
        assert_eq!(line_range(text, Some((2, 2))), Ok(TextRange::new(4, 9)));
        assert_eq!(line_range(text, Some((2, 3))), Ok(TextRange::new(4, 14)));
        assert_eq!(line_range(text, None), Ok(TextRange::new(0, 14)));
        assert!(line_range(text, Some((2, 4))).unwrap_err().contains("has 3 lines"));
        assert_eq!(line_range("a\n", Some((1, 1))), Ok(TextRange::new(0, 2)));
    }

    #[test]
    fn suggestions_replace_their_line_and_keep_its_terminator() {
        let text = "a = 1\r\nprint(c)\n";
        let f = Finding {
            line: 1,
            severity: FindingSeverity::Error,
            message: "m".into(),
            suggestion: Some("print(a)".into()),
        };
        let edits = suggestion_edits(text, &[f]);
        assert_eq!(anchor::apply(text, &edits[0]), "a = 1\r\nprint(a)\n");
    }
}
