//! The `modelfit` binary: parses the command line and hands each subcommand to its module.

use std::process::ExitCode;

use clap::Parser;
use modelfit::cli::{self, Cli, Command};

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
