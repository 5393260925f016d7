//! The language server: tower-lsp-server glue over the pure analysis.
//!
//! INTERFACE: `pub fn run_stdio() -> anyhow::Result<()>` starts the server on stdin/stdout.
