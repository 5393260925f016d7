//! Diagnostics on `modelfit.toml` itself: unknown keys and bad values at their positions, from the
//! text in the editor (so they follow typing, before the file is saved).

use tower_lsp_server::ls_types::{Diagnostic as LspDiagnostic, NumberOrString, Uri};

use super::diagnostics::{SOURCE, severity};
use crate::config;
use crate::server::convert::to_lsp_range;
use crate::server::state::State;

/// The diagnostics of an open `modelfit.toml`, with the version they were computed for.
pub fn diagnostics(state: &State, uri: &Uri) -> Option<(i32, Vec<LspDiagnostic>)> {
    let (rope, version) = {
        let docs = state.documents();
        let doc = docs.get(uri)?;
        (doc.rope.clone(), doc.version)
    };
    let text = rope.to_string();
    let (_, problems) = config::parse(&text);
    let enc = state.encoding();
    let items = problems
        .into_iter()
        .map(|p| LspDiagnostic {
            range: to_lsp_range(&rope, p.range, enc),
            severity: Some(severity(p.severity)),
            code: Some(NumberOrString::String("config".to_owned())),
            source: Some(SOURCE.to_owned()),
            message: p.message,
            ..LspDiagnostic::default()
        })
        .collect();
    Some((version, items))
}
