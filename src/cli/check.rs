//! `modelfit check`: find prompt files, analyse them in parallel, report in path order.
//!
//! Nothing about one file can stop the run: unreadable, binary or non-UTF-8 files are reported as
//! skipped, and a panic inside the analysis of one file is caught and reported the same way. Only
//! arguments that cannot be used at all (a missing path, an unreadable `--config`) exit with 2.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use anstream::{AutoStream, ColorChoice};

use super::render::{self, Palette};
use super::{CheckArgs, EXIT_FINDINGS, EXIT_USAGE, OutputFormat, json};
use crate::analysis::format::PromptFormat;
use crate::analysis::rules::{Diagnostic, FixAvailability, RuleMeta, Severity};
use crate::analysis::settings::Settings;
use crate::analysis::unit_profile::{UnitProfile, unit_profiles_reusing};
use crate::analysis::{self};
use crate::config::{ConfigCache, LoadedConfig};

/// The pseudo-rule under which problems in `modelfit.toml` are reported.
pub(super) static CONFIG_RULE: RuleMeta = RuleMeta {
    code: "config",
    name: "config",
    default_severity: Severity::Error,
    fix: FixAvailability::None,
    summary: "a problem in modelfit.toml",
    docs: "",
};

const UTF8_BOM: &str = "\u{feff}";

/// What `check` found.
#[derive(Debug, Default)]
pub(super) struct Report {
    /// Checked files with their findings, plus configuration files that have problems; by path.
    pub files: Vec<FileResult>,
    pub skipped: Vec<Skip>,
    /// Prompt files analysed, and source files that hold at least one prompt (configuration files
    /// and source files without prompts are not counted).
    pub checked: usize,
    pub elapsed: Duration,
}

#[derive(Debug)]
pub(super) struct FileResult {
    pub path: String,
    /// `None` for a `modelfit.toml`.
    pub format: Option<PromptFormat>,
    /// The analysed text, without a leading byte-order mark.
    pub text: String,
    /// Bytes of byte-order mark removed before analysis (0 or 3); added back to JSON offsets.
    pub bom: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Per-unit task profiles and token counts (JSON output only); empty for a `modelfit.toml`.
    pub units: Vec<UnitProfile>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Skip {
    pub path: String,
    pub reason: String,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.files.iter().flat_map(|f| &f.diagnostics).filter(|d| d.severity == severity).count()
    }
}

/// One file to analyse.
struct Job {
    path: PathBuf,
    display: String,
    format: PromptFormat,
    settings: Arc<Settings>,
    /// Profile every unit too (`--format json`); the human output does not show them.
    profiles: bool,
}

enum Outcome {
    Checked(FileResult),
    Skipped(Skip),
    /// A source file without prompts: neither reported nor counted.
    NoPrompts,
}

/// Runs `modelfit check`.
pub fn run(args: &CheckArgs) -> io::Result<ExitCode> {
    let start = Instant::now();
    for path in &args.paths {
        if let Err(err) = path.symlink_metadata() {
            eprintln!("modelfit: cannot check `{}`: {err}", path.display());
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    }
    let fixed = match &args.config {
        Some(path) => match crate::config::load(path) {
            Ok(loaded) => Some(Arc::new(loaded)),
            Err(err) => {
                eprintln!("modelfit: cannot read configuration `{}`: {err}", path.display());
                return Ok(ExitCode::from(EXIT_USAGE));
            }
        },
        None => None,
    };

    let profiles = args.format == OutputFormat::Json;
    let mut collector = Collector { fixed, profiles, ..Collector::default() };
    for path in &args.paths {
        collector.add_argument(path);
    }
    let mut report = Report { skipped: std::mem::take(&mut collector.skipped), ..Report::default() };
    for outcome in analyze_all(&collector.jobs, args.threads) {
        match outcome {
            Outcome::Checked(file) => {
                report.checked += 1;
                report.files.push(file);
            }
            Outcome::Skipped(skip) => report.skipped.push(skip),
            Outcome::NoPrompts => {}
        }
    }
    report.files.extend(collector.config_results());
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    report.skipped.dedup();
    report.elapsed = start.elapsed();

    let stdout = io::stdout();
    match args.format {
        // Buffered: stdout alone flushes every line, a system call each in a report of a million.
        OutputFormat::Json => {
            let mut out = io::BufWriter::new(stdout.lock());
            json::write_report(&mut out, &report)?;
            out.flush()?;
        }
        OutputFormat::Human => {
            let lock = stdout.lock();
            // Colour is decided on the terminal itself, before the buffer hides it.
            let choice = if args.no_color { ColorChoice::Never } else { AutoStream::choice(&lock) };
            let mut buffered = io::BufWriter::new(lock);
            if choice == ColorChoice::Never {
                render::human(&mut buffered, &report, args.quiet, Palette::new(false))?;
            } else {
                let mut out = AutoStream::new(&mut buffered as &mut dyn Write, choice);
                render::human(&mut out, &report, args.quiet, Palette::new(true))?;
                out.flush()?;
            }
            buffered.flush()?;
        }
    }

    let failed = args
        .fail_on
        .threshold()
        .is_some_and(|threshold| report.files.iter().flat_map(|f| &f.diagnostics).any(|d| d.severity <= threshold));
    Ok(if failed { ExitCode::from(EXIT_FINDINGS) } else { ExitCode::SUCCESS })
}

/// The configuration found for a file, if any.
struct Found(Option<Arc<LoadedConfig>>);

/// Gathers the files to check, with the configuration that applies to each.
#[derive(Default)]
struct Collector {
    /// `--config`, used for every file when given.
    fixed: Option<Arc<LoadedConfig>>,
    profiles: bool,
    cache: ConfigCache,
    /// Settings per configuration file (`None`: no configuration).
    settings: HashMap<Option<PathBuf>, Arc<Settings>>,
    jobs: Vec<Job>,
    skipped: Vec<Skip>,
}

impl Collector {
    fn add_argument(&mut self, path: &Path) {
        if path.is_dir() {
            self.walk(path);
            return;
        }
        let display = display_path(path);
        let Some(Found(config)) = self.config_for(path, &display) else { return };
        // A file named on the command line is checked even when `exclude` matches it (as in
        // ruff); one modelfit does not recognise is noted, so a typo does not pass silently.
        match config.as_deref().and_then(|c| c.config.format_for(path)).or_else(|| format_of(path)) {
            Some(format) => self.push_job(path, display, format, config.as_ref()),
            None => self.skipped.push(Skip {
                path: display,
                reason: "not a prompt file modelfit recognizes (map it in `[formats]` of modelfit.toml to check it)"
                    .to_owned(),
            }),
        }
    }

    fn walk(&mut self, dir: &Path) {
        let walker = ignore::WalkBuilder::new(dir)
            .hidden(false)
            // Honour .gitignore even outside a Git repository (a fresh checkout, a tarball).
            .require_git(false)
            // Like ripgrep, skip hidden entries, but keep `.github/`: Copilot prompts live in
            // `.github/prompts/` and `.github/instructions/`.
            .filter_entry(|entry| {
                entry.depth() == 0 || {
                    let name = entry.file_name().to_string_lossy();
                    // Installed dependencies are someone else's code: their SDK sources would
                    // fill the report (and cost a parse each) even where .gitignore forgot them.
                    let dependencies = entry.file_type().is_some_and(|t| t.is_dir())
                        && matches!(name.as_ref(), "node_modules" | "site-packages" | "__pycache__");
                    (!name.starts_with('.') || name == ".github") && !dependencies
                }
            })
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    self.skipped.push(Skip { path: display_path(dir), reason: err.to_string() });
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            let display = display_path(path);
            let Some(Found(config)) = self.config_for(path, &display) else { continue };
            let format = match config.as_deref() {
                Some(loaded) if loaded.config.is_excluded(path) => continue,
                Some(loaded) => loaded.config.format_for(path),
                None => format_of(path),
            };
            if let Some(format) = format {
                self.push_job(path, display, format, config.as_ref());
            }
        }
    }

    /// The configuration for `path` (`Found(None)` when there is none). When it cannot be read,
    /// the file is reported as skipped.
    fn config_for(&mut self, path: &Path, display: &str) -> Option<Found> {
        if let Some(fixed) = &self.fixed {
            return Some(Found(Some(Arc::clone(fixed))));
        }
        match self.cache.for_file(path) {
            Ok(config) => Some(Found(config)),
            Err(err) => {
                let reason = format!("cannot read the modelfit.toml that applies to it: {err}");
                self.skipped.push(Skip { path: display.to_owned(), reason });
                None
            }
        }
    }

    fn push_job(&mut self, path: &Path, display: String, format: PromptFormat, config: Option<&Arc<LoadedConfig>>) {
        let key = config.map(|c| c.path.clone());
        let settings = Arc::clone(
            self.settings
                .entry(key)
                .or_insert_with(|| Arc::new(config.map(|c| c.config.settings()).unwrap_or_default())),
        );
        self.jobs.push(Job { path: path.to_path_buf(), display, format, settings, profiles: self.profiles });
    }

    /// Every configuration file used that has problems, as a file of findings.
    fn config_results(&self) -> Vec<FileResult> {
        let used: Vec<&Arc<LoadedConfig>> = match &self.fixed {
            Some(fixed) => vec![fixed],
            None => self.cache.loaded().collect(),
        };
        used.into_iter()
            .filter(|c| !c.problems.is_empty())
            .map(|c| {
                let diagnostics = c
                    .problems
                    .iter()
                    .map(|p| Diagnostic::new(&CONFIG_RULE, p.range, p.message.clone()).with_severity(p.severity))
                    .collect();
                // Discovered configuration paths are absolute; show them relative when we can.
                let cwd = std::env::current_dir().unwrap_or_default();
                let path = c.path.strip_prefix(&cwd).unwrap_or(&c.path);
                FileResult {
                    path: display_path(path),
                    format: None,
                    text: c.text.clone(),
                    bom: 0,
                    diagnostics,
                    units: Vec::new(),
                }
            })
            .collect()
    }
}

/// Reads the file at `path` into `buffer`, replacing its contents. Unlike `fs::read` this does not
/// ask for the file's size first: the buffer is usually large enough already.
fn read_into(path: &Path, buffer: &mut Vec<u8>) -> io::Result<()> {
    buffer.clear();
    // `Read for &File` sizes the buffer from the file's metadata; through `Take` it reads until
    // the end without asking.
    io::Read::read_to_end(&mut io::Read::take(File::open(path)?, u64::MAX), buffer)?;
    Ok(())
}

fn format_of(path: &Path) -> Option<PromptFormat> {
    PromptFormat::from_path(&path.to_string_lossy())
}

/// The path as the user would write it: without a leading `./`.
fn display_path(path: &Path) -> String {
    path.strip_prefix(".").unwrap_or(path).display().to_string()
}

/// Analyses the jobs on `threads` threads (default: every core); the order of the outcomes is
/// unspecified.
fn analyze_all(jobs: &[Job], threads: Option<NonZeroUsize>) -> Vec<Outcome> {
    let threads =
        threads.or_else(|| thread::available_parallelism().ok()).map_or(1, NonZeroUsize::get).min(jobs.len()).max(1);
    let next = AtomicUsize::new(0);
    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut outcomes = Vec::new();
                    let mut buffer = Vec::new();
                    while let Some(job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                        outcomes.push(check_file(job, &mut buffer));
                    }
                    outcomes
                })
            })
            .collect();
        // `check_file` catches panics, so a worker can only fail if the allocator does.
        workers.into_iter().filter_map(|w| w.join().ok()).flatten().collect()
    })
}

/// Checks one file, read into `buffer` (reused from file to file: most files hold no prompt and
/// never need their own copy).
fn check_file(job: &Job, buffer: &mut Vec<u8>) -> Outcome {
    let skip = |reason: String| Outcome::Skipped(Skip { path: job.display.clone(), reason });
    if let Err(err) = read_into(&job.path, buffer) {
        return skip(err.to_string());
    }
    // Most source files hold no prompt: a byte search rules them out before any decoding or parsing.
    let code = job.format.is_code();
    if code && !analysis::extract::code::may_hold_prompts(buffer.as_slice()) {
        return Outcome::NoPrompts;
    }
    let bytes = buffer.as_slice().to_vec();
    if bytes.contains(&0) {
        return if code { Outcome::NoPrompts } else { skip("binary file".to_owned()) };
    }
    let Ok(text) = String::from_utf8(bytes) else {
        return if code { Outcome::NoPrompts } else { skip("binary file (not valid UTF-8)".to_owned()) };
    };
    let (text, bom) = match text.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest.to_owned(), UTF8_BOM.len()),
        None => (text, 0),
    };
    let analysis = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut analysis = analysis::analyze(job.format, &text, &job.settings);
        let units = if job.profiles {
            let classified = analysis.profiles.take();
            unit_profiles_reusing(&text, job.format, &analysis.extraction, &job.settings, classified)
        } else {
            Vec::new()
        };
        (analysis, units)
    }));
    match analysis {
        Ok((analysis, _)) if code && analysis.extraction.units.is_empty() && analysis.diagnostics.is_empty() => {
            Outcome::NoPrompts
        }
        Ok((analysis, units)) => Outcome::Checked(FileResult {
            path: job.display.clone(),
            format: Some(job.format),
            text,
            bom,
            diagnostics: analysis.diagnostics,
            units,
        }),
        Err(_) => skip("internal error while analysing this file; please report it with the file".to_owned()),
    }
}
