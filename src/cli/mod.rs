//! The command line: `check`, `rules`, `explain`, `eval` (and `lsp`, which `main.rs` hands to the server).
//!
//! Output goes through a locked stdout handle with `writeln!` (the crate denies `print!`, since
//! stdout is the protocol channel for `modelfit lsp`). Every writer returns `io::Result`, so a
//! closed pipe (`modelfit check | head`) ends the program quietly instead of panicking.

mod assist;
mod check;
mod eval;
mod json;
mod render;
mod rules;

use std::io;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::rules::Severity;

pub use assist::{DraftArgs, EXIT_FAILED, VerifyArgs, draft, verify};
pub use check::run as check;
pub use eval::run as eval;
pub use rules::{explain, rules};

/// Exit code for findings at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code for usage errors and unreadable arguments (clap uses the same for bad flags).
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "modelfit",
    version,
    about = "Tells you when a prompt and its model do not fit",
    long_about = "modelfit checks LLM prompt files (Copilot *.prompt.md / *.instructions.md / *.agent.md, \
                  dotprompt *.prompt, Prompty *.prompty) against the model they name: unknown or floating \
                  model names, request parameters the model's API rejects, and more.\n\n\
                  Configuration is read from the nearest modelfit.toml above each file.",
    after_help = "Examples:\n  modelfit check                     check every prompt file below the current folder\n  \
                  modelfit check --format json .     machine-readable findings\n  \
                  modelfit explain unknown-model     what a rule checks and how to fix it\n  \
                  modelfit eval labelled.jsonl       how well the task classifier does on labelled prompts"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check prompt files and report findings.
    Check(CheckArgs),
    /// List every rule with its code, default severity and fix availability.
    Rules {
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// Show a rule's documentation.
    Explain {
        /// A rule name (`unknown-model`) or code (`MF002`).
        rule: String,
    },
    /// Measure the task classifier on labelled prompts (JSONL with `text`, `task`, `kind`).
    Eval(EvalArgs),
    /// Run the language server over stdin/stdout.
    Lsp,
    /// Draft text with the general model from a selection (the instruction) and its context.
    Draft(DraftArgs),
    /// Verify text with the inference model; findings as `file:line: severity: message`.
    Verify(VerifyArgs),
}

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// A JSONL file: one object per line with `text`, `task` (creative, dialogue, writing,
    /// summarize, qa, math, logic, code, debug, plan) and `kind` (general, inference, either).
    pub file: PathBuf,
    /// The classifier confidence below which no kind is predicted (0 to 1).
    #[arg(long, default_value_t = crate::analysis::classify::DEFAULT_THRESHOLD)]
    pub threshold: f32,
    /// Output format: a table with the confusion matrix, or one JSON object.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Also list up to this many prompts whose kind was predicted wrongly (human output only).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub errors: usize,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check. Folders are walked honouring .gitignore; hidden entries are
    /// skipped except `.github/`, and so are installed dependencies (`node_modules`,
    /// `site-packages`).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Exit with code 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Use this configuration file for every checked file instead of discovering modelfit.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Never color the output (colors are also off when stdout is not a terminal or `NO_COLOR` is set).
    #[arg(long)]
    pub no_color: bool,
    /// Print findings only: no summary, no skipped-file notes.
    #[arg(long, short)]
    pub quiet: bool,
    /// Analyse files on this many threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<NonZeroUsize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
    Never,
}

impl FailOn {
    /// The least severe severity that fails, or `None` for `never`.
    pub const fn threshold(self) -> Option<Severity> {
        match self {
            Self::Error => Some(Severity::Error),
            Self::Warning => Some(Severity::Warning),
            Self::Info => Some(Severity::Info),
            Self::Hint => Some(Severity::Hint),
            Self::Never => None,
        }
    }
}

/// Turns the result of a command into an exit code; a closed stdout is not an error.
pub fn finish(result: io::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("modelfit: {err}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
