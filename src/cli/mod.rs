//! The command line: `check`, `rules`, `explain`.
