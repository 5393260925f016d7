//! The `modelfit` binary: parses the command line and hands each subcommand to its module.

use std::process::ExitCode;

use clap::Parser;
use modelfit::cli::{self, Cli, Command};

/// mimalloc, which with its `override` feature also serves tree-sitter's C allocations: an
/// analysis makes many small short-lived allocations (parse nodes and stacks, decoded strings,
/// findings) and glibc's malloc spent about a tenth of a large file's analysis on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => cli::finish(cli::check(&args)),
        Command::Rules { format } => cli::finish(cli::rules(format)),
        Command::Explain { rule } => cli::finish(cli::explain(&rule)),
        Command::Eval(args) => cli::finish(cli::eval(&args)),
        Command::Draft(args) => cli::finish(cli::draft(&args)),
        Command::Verify(args) => cli::finish(cli::verify(&args)),
        Command::Lsp => match modelfit::server::run_stdio() {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("modelfit lsp: {err:#}");
                ExitCode::FAILURE
            }
        },
    }
}
