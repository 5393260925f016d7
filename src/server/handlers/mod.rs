//! One module per LSP feature. Handlers are short: they take a snapshot, get the analysis of its
//! version (kept in the document by whichever request made it first, else made off the async
//! executor), and convert the result through `convert`.

pub mod assist;
pub mod code_action;
pub mod completion;
pub mod config_file;
pub mod diagnostics;
pub mod hover;
pub mod inlay_hint;
pub mod unit_status;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, OnceLock};

use super::state::{Snapshot, State};
use crate::analysis::Analysis;
use crate::analysis::format::PromptFormat;
use crate::analysis::settings::Settings;
use crate::analysis::unit_profile::{UnitProfile, unit_profiles_reusing};

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
    analyze_text(snapshot, &text)
}

/// [`analyze`] of `text`, the snapshot's text.
fn analyze_text(snapshot: &mut Snapshot, text: &str) -> Option<Analysis> {
    let (format, settings, source) = (snapshot.format, &snapshot.settings, &mut snapshot.source);
    let analysis = guarded("analysis", || source.analyze(format, text, settings));
    if analysis.is_none() {
        // A state that made the analysis panic is not worth keeping.
        source.reset();
    }
    analysis
}

/// The analysis of one version of a document, shared by every request about that version: the
/// diagnostics, hover, inlay hints and the unit status read the same findings and the same
/// classification instead of analysing and classifying the text again each.
#[derive(Debug)]
pub struct Analyzed {
    pub version: i32,
    pub format: PromptFormat,
    pub settings: Settings,
    /// The analysed text.
    pub text: String,
    pub analysis: Analysis,
    /// The units' profiles (task, tokens, fit), made on first use from the analysis's own
    /// classification (see [`profiled`]).
    units: OnceLock<Vec<UnitProfile>>,
}

impl Analyzed {
    /// Whether this is the analysis of `snapshot`'s text under its format and settings.
    pub fn is_for(&self, snapshot: &Snapshot) -> bool {
        self.version == snapshot.version && self.format == snapshot.format && self.settings.same_as(&snapshot.settings)
    }

    /// The profile of each unit of the extraction, in the same order; empty if profiling panicked.
    /// The first call tokenizes the units: call it off the executor (see [`profiled`]).
    pub fn units(&self) -> &[UnitProfile] {
        self.units.get_or_init(|| {
            guarded("unit profiles", || {
                let classified = self.analysis.profiles.clone();
                unit_profiles_reusing(&self.text, self.format, &self.analysis.extraction, &self.settings, classified)
            })
            .unwrap_or_default()
        })
    }
}

/// The analysis of `snapshot`: the one kept for its version if there is one, else made now on the
/// blocking pool and kept in the document (with its chunk state, for the next change), unless a
/// later version's analysis is there already. `None` if the analysis panicked. No lock is held
/// across the `.await`.
pub async fn analysis_of(state: &State, snapshot: Snapshot) -> Option<(Snapshot, Arc<Analyzed>)> {
    if let Some(kept) = state.analysis_for(&snapshot) {
        return Some((snapshot, kept));
    }
    let (snapshot, analyzed) = tokio::task::spawn_blocking(move || {
        let mut snapshot = snapshot;
        let text = snapshot.rope.to_string();
        let analysis = analyze_text(&mut snapshot, &text)?;
        let analyzed = Analyzed {
            version: snapshot.version,
            format: snapshot.format,
            settings: snapshot.settings.clone(),
            text,
            analysis,
            units: OnceLock::new(),
        };
        Some((snapshot, Arc::new(analyzed)))
    })
    .await
    .ok()
    .flatten()?;
    state.keep_analysis(&snapshot.uri, snapshot.source.clone(), &analyzed);
    Some((snapshot, analyzed))
}

/// `analyzed` with its units profiled, the profiling done on the blocking pool (tokenizing a long
/// prompt takes time) unless an earlier request did it already; `None` if the task failed.
pub async fn with_units(analyzed: Arc<Analyzed>) -> Option<Arc<Analyzed>> {
    if analyzed.units.get().is_some() {
        return Some(analyzed);
    }
    tokio::task::spawn_blocking(move || {
        analyzed.units();
        analyzed
    })
    .await
    .ok()
}

/// [`analysis_of`] with the units profiled ([`with_units`]).
pub async fn profiled(state: &State, snapshot: Snapshot) -> Option<(Snapshot, Arc<Analyzed>)> {
    let (snapshot, analyzed) = analysis_of(state, snapshot).await?;
    Some((snapshot, with_units(analyzed).await?))
}

#[cfg(test)]
mod tests {
    use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

    use super::*;
    use crate::server::convert::Encoding;
    use crate::server::documents::Document;
    use crate::server::state::Options;

    fn open(text: &str) -> (State, Uri) {
        let state = State::new(Options::default());
        let uri: Uri = "untitled:agree.prompt.md".parse().expect("uri");
        state.documents().insert(uri.clone(), Document::new(text, 1, Some(PromptFormat::CopilotPrompt)));
        (state, uri)
    }

    #[tokio::test]
    async fn one_analysis_and_one_profiling_serve_every_request_about_a_version() {
        let (state, uri) = open("---\nmodel: gpt-4.1\n---\nSolve for x: 3x + 5 = 20.\n");
        let snapshot = state.snapshot(&uri).expect("open");
        let (_, first) = profiled(&state, snapshot.clone()).await.expect("analysed");
        let (_, again) = analysis_of(&state, snapshot.clone()).await.expect("analysed");
        assert!(Arc::ptr_eq(&first, &again), "the version was analysed twice");
        let (_, profiled_again) = profiled(&state, snapshot).await.expect("analysed");
        assert!(std::ptr::eq(first.units(), profiled_again.units()), "the units were profiled twice");
        assert_eq!(first.units()[0].profile.task, crate::analysis::classify::Task::Math);

        // A new version is analysed anew, and a snapshot of the old one does not take its place.
        let old = state.snapshot(&uri).expect("open");
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(3, 0), Position::new(3, 5))),
            range_length: None,
            text: "Write a poem about".into(),
        };
        state.documents().get_mut(&uri).expect("open").change(2, vec![change], Encoding::Utf16);
        let (_, second) = analysis_of(&state, state.snapshot(&uri).expect("open")).await.expect("analysed");
        assert_eq!(second.version, 2);
        assert!(!Arc::ptr_eq(&first, &second));
        let (_, outdated) = analysis_of(&state, old).await.expect("analysed");
        assert_eq!(outdated.version, 1);
        let kept = state.documents().get(&uri).and_then(|d| d.analysis.clone()).expect("kept");
        assert!(Arc::ptr_eq(&kept, &second), "an older version's analysis replaced a newer one");
    }

    #[tokio::test]
    async fn other_settings_are_analysed_anew() {
        let (state, uri) = open("---\nmodel: gpt-4.1\n---\nSolve for x: 3x + 5 = 20.\n");
        let snapshot = state.snapshot(&uri).expect("open");
        let (_, first) = analysis_of(&state, snapshot.clone()).await.expect("analysed");
        let mut other = snapshot;
        other.settings = Settings::new(std::collections::HashMap::new(), &[]);
        other.settings.options.confidence_threshold = 0.99;
        let (_, second) = analysis_of(&state, other).await.expect("analysed");
        assert!(!Arc::ptr_eq(&first, &second));
    }

    #[test]
    fn a_panic_becomes_none_and_the_caller_carries_on() {
        assert_eq!(guarded("test", || 1 + 1), Some(2));
        let caught: Option<()> = guarded("test", || panic!("boom"));
        assert_eq!(caught, None);
        assert_eq!(guarded("test", || "still serving"), Some("still serving"));
    }
}
