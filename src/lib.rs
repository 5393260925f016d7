//! modelfit: a language server and command-line linter that tells you when a prompt and its model
//! do not fit.
//!
//! See `ARCHITECTURE.md` for the map. In short: [`analysis`] is the pure core; [`config`] reads
//! `modelfit.toml`; [`server`] is the LSP glue; [`cli`] is the command line.

pub mod analysis;
pub mod assist;
pub mod cli;
pub mod config;
pub mod llm;
pub mod server;

#[cfg(test)]
mod fixture_tests;
