//! The analysis core: pure and synchronous.
//!
//! Text in, findings out. Nothing here knows about LSP, files, the environment, async runtimes or
//! the network (a test in `tests/purity.rs` keeps it that way), so every entry point is cheap to
//! call on every keystroke and trivially testable. It never fails on user input: whatever the text,
//! it returns an [`Analysis`], with problems reported as diagnostics.

pub mod assist;
pub mod catalog;
pub mod classify;
pub mod extract;
pub mod fit;
pub mod format;
pub mod rules;
pub mod settings;
pub mod source;
pub mod suppression;
pub mod text;
pub mod tokens;
pub mod unit_profile;

use catalog::Catalog;
use extract::Extraction;
use format::PromptFormat;
use rules::{Context, Diagnostic};
use settings::Settings;
use text::LineIndex;

/// The result of analysing one file.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub format: PromptFormat,
    pub extraction: Extraction,
    /// Findings after configuration and suppressions, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Each unit's task profile, when a rule classified the units (hand it to
    /// [`unit_profile::unit_profiles_reusing`] so they are not classified twice).
    pub profiles: Option<Vec<classify::Profile>>,
}

/// Analyses `text` as a file of `format` under `settings`.
pub fn analyze(format: PromptFormat, text: &str, settings: &Settings) -> Analysis {
    analyze_extracted(format, text, settings, extract::extract(format, text))
}

/// Runs the rules over an `extraction` of `text` (made by [`extract::extract`], or chunk by chunk
/// by [`source::SourceState`]).
pub fn analyze_extracted(format: PromptFormat, text: &str, settings: &Settings, extraction: Extraction) -> Analysis {
    let lines = LineIndex::new(text);
    let (diagnostics, profiles) = findings(format, text, &lines, settings, &extraction);
    finish(format, text, &lines, extraction, diagnostics, profiles)
}

/// What the rules find in `extraction`, at their configured severities, before suppressions;
/// with the units' task profiles when a rule classified them.
///
/// Every rule judges one unit at a time, so the findings of an extraction are those of its
/// units taken apart: the language server re-runs the rules only for the units that changed.
pub(crate) fn findings(
    format: PromptFormat,
    text: &str,
    lines: &LineIndex,
    settings: &Settings,
    extraction: &Extraction,
) -> (Vec<Diagnostic>, Option<Vec<classify::Profile>>) {
    let catalog: &Catalog = settings.catalog();
    let mut cx = Context::new(text, format, lines, extraction, catalog, &settings.options);
    let mut diagnostics = Vec::new();
    for rule in rules::registry::all() {
        let Some(severity) = settings.severity_of(rule.meta()) else { continue };
        let start = diagnostics.len();
        rule.check(&cx, &mut diagnostics);
        for d in &mut diagnostics[start..] {
            // A rule may pick a severity per finding (e.g. a silently ignored parameter is a
            // warning, a rejected one an error); configuration overrides only the default.
            if d.severity == rule.meta().default_severity {
                d.severity = severity;
            }
        }
    }
    (diagnostics, cx.take_profiles())
}

/// The analysis of `extraction` from the rules' `diagnostics`: suppressed ones dropped, the rest
/// sorted by position, duplicates removed.
pub(crate) fn finish(
    format: PromptFormat,
    text: &str,
    lines: &LineIndex,
    extraction: Extraction,
    mut diagnostics: Vec<Diagnostic>,
    profiles: Option<Vec<classify::Profile>>,
) -> Analysis {
    let suppressions = suppression::Suppressions::collect(text, lines, &extraction);
    diagnostics.retain(|d| !suppressions.suppresses(d, lines));
    diagnostics.sort_by(|a, b| a.range.start.cmp(&b.range.start).then_with(|| a.rule.code.cmp(b.rule.code)));
    // A prompt constant used by two calls in source code is one finding, not two.
    diagnostics.dedup_by(|a, b| a.rule.code == b.rule.code && a.range == b.range && a.message == b.message);
    Analysis { format, extraction, diagnostics, profiles }
}
