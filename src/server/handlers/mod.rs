//! One module per LSP feature. Handlers are short: they take a snapshot, run the pure analysis
//! off the async executor when it is needed, and convert the result through `convert`.

pub mod assist;
pub mod code_action;
pub mod completion;
pub mod config_file;
pub mod diagnostics;
pub mod hover;
pub mod inlay_hint;
pub mod unit_status;

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::state::Snapshot;
use crate::analysis::Analysis;
use crate::analysis::extract::{self, Extraction};
use crate::analysis::unit_profile::{UnitProfile, unit_profiles};

/// Runs `f`, turning a panic into a logged error and `None`: one bad file must not take the
/// server down (rust-analyzer and nil catch panics per request the same way).
pub fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Option<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => Some(value),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(ToString::to_string)
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic payload".to_owned());
            tracing::error!("{what} panicked: {message}");
            None
        }
    }
}

/// Analyses a snapshot synchronously, with the panic guard, reusing what the last analysis found
/// in unchanged chunks (the snapshot's `source` becomes the state of its text).
pub fn analyze(snapshot: &mut Snapshot) -> Option<Analysis> {
    let text = snapshot.rope.to_string();
    let (format, settings, source) = (snapshot.format, &snapshot.settings, &mut snapshot.source);
    let analysis = guarded("analysis", || source.analyze(format, &text, settings));
    if analysis.is_none() {
        // A state that made the analysis panic is not worth keeping.
        source.reset();
    }
    analysis
}

/// Analyses a snapshot on the blocking pool, so a large file never stalls the message loop.
pub async fn analyze_off_thread(mut snapshot: Snapshot) -> Option<(Snapshot, Analysis)> {
    tokio::task::spawn_blocking(move || analyze(&mut snapshot).map(|a| (snapshot, a))).await.ok().flatten()
}

/// A snapshot's text, extraction and per-unit profiles (task, tokens, fit).
pub struct Profiled {
    pub snapshot: Snapshot,
    pub text: String,
    pub extraction: Extraction,
    pub units: Vec<UnitProfile>,
}

/// Profiles every unit of a snapshot on the blocking pool (tokenizing a long prompt takes time);
/// `None` if it panicked.
pub async fn profile_off_thread(snapshot: Snapshot) -> Option<Profiled> {
    tokio::task::spawn_blocking(move || {
        guarded("unit profiles", || {
            let text = snapshot.rope.to_string();
            let extraction = extract::extract(snapshot.format, &text);
            let units = unit_profiles(&text, snapshot.format, &extraction, &snapshot.settings);
            Profiled { snapshot, text, extraction, units }
        })
    })
    .await
    .ok()
    .flatten()
}

#[cfg(test)]
mod tests {
    use super::guarded;

    #[test]
    fn a_panic_becomes_none_and_the_caller_carries_on() {
        assert_eq!(guarded("test", || 1 + 1), Some(2));
        let caught: Option<()> = guarded("test", || panic!("boom"));
        assert_eq!(caught, None);
        assert_eq!(guarded("test", || "still serving"), Some("still serving"));
    }
}
