//! Hover: what the catalog knows about the model name under the cursor, the documentation of the
//! rule whose diagnostic is under the cursor, or, anywhere else in a prompt's body, the prompt's
//! profile: tokens, task, preferred model kind, confidence, cues and whether the model fits.

use std::fmt::Write as _;
use std::sync::Arc;

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::{Analyzed, analysis_of, with_units};
use crate::analysis::catalog::{ModelInfo, Target};
use crate::analysis::classify::Preference;
use crate::analysis::rules::registry;
use crate::analysis::text::TextRange;
use crate::analysis::unit_profile::UnitProfile;
use crate::server::convert::{position_to_offset, to_lsp_range};
use crate::server::state::{Snapshot, State};

pub async fn hover(state: &State, snapshot: Snapshot, position: Position) -> Option<Hover> {
    let offset = position_to_offset(&snapshot.rope, position, snapshot.encoding);
    let (snapshot, analyzed) = analysis_of(state, snapshot).await?;
    let analysis = &analyzed.analysis;
    let touches = |r: TextRange| r.start <= offset && offset <= r.end;

    let model = analysis.extraction.units.iter().flat_map(|u| &u.models).find(|m| touches(m.range));
    let (markdown, range) = if let Some(model) = model {
        let resolution = snapshot.settings.catalog().resolve(&model.name);
        let text = match resolution.target {
            Target::Model(info) => model_markdown(info, resolution.floating),
            Target::NoModel => format!("`{}`: no specific model; the host picks one.", model.name),
            Target::Unknown => match snapshot.settings.catalog().suggest(&resolution.normalized).as_slice() {
                [] => format!("Unknown model `{}`: not in modelfit's catalog.", model.name),
                closest => format!(
                    "Unknown model `{}`: not in modelfit's catalog. Closest: {}.",
                    model.name,
                    closest.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
                ),
            },
        };
        (text, model.range)
    } else {
        // In the body: the prompt's profile, followed by the explanation of any finding under the
        // cursor (both answer "why is modelfit saying this about my prompt?").
        let rule_docs = analysis.diagnostics.iter().find(|d| touches(d.range)).map(|d| {
            let rule = registry::by_name(d.rule.name).map_or(d.rule, |r| r.meta());
            (format!("**{}** `{}`: {}\n\n{}", rule.code, rule.name, rule.summary, rule.docs), d.range)
        });
        return match (body_hover(&snapshot, Arc::clone(&analyzed), offset).await, rule_docs) {
            (Some(mut hover), Some((docs, _))) => {
                if let HoverContents::Markup(markup) = &mut hover.contents {
                    markup.value = format!("{}\n\n---\n\n{docs}", markup.value);
                }
                Some(hover)
            }
            (Some(hover), None) => Some(hover),
            (None, Some((docs, range))) => Some(markdown_hover(&snapshot, docs, range)),
            (None, None) => None,
        };
    };
    Some(markdown_hover(&snapshot, markdown, range))
}

fn markdown_hover(snapshot: &Snapshot, markdown: String, range: TextRange) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
        range: Some(to_lsp_range(&snapshot.rope, range, snapshot.encoding)),
    }
}

/// The profile of the prompt unit whose body holds `offset`.
async fn body_hover(snapshot: &Snapshot, analyzed: Arc<Analyzed>, offset: usize) -> Option<Hover> {
    let analyzed = with_units(analyzed).await?;
    let (unit, segment) = analyzed.analysis.extraction.units.iter().enumerate().find_map(|(i, unit)| {
        let segment = unit.segments.iter().find(|s| s.range.start <= offset && offset < s.range.end)?;
        Some((i, segment.range))
    })?;
    let profile = analyzed.units().get(unit).filter(|p| p.has_text)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: profile_markdown(profile) }),
        range: Some(to_lsp_range(&snapshot.rope, segment, snapshot.encoding)),
    })
}

/// The hover text of a prompt's profile.
pub fn profile_markdown(p: &UnitProfile) -> String {
    let mut s = String::from("**Prompt profile**\n\n");
    let approx = if p.tokens.exact { "" } else { " (approximate: counted with o200k_base)" };
    let _ = writeln!(s, "- Instruction tokens: {}{approx}", p.tokens.display());
    let task = p.profile.task;
    match p.profile.secondary {
        Some(second) => {
            let _ = writeln!(s, "- Task: {task}, also {second}");
        }
        None => {
            let _ = writeln!(s, "- Task: {task}");
        }
    }
    let _ = writeln!(s, "- Preferred model kind: {}", p.profile.preferred.name());
    let _ = writeln!(s, "- Confidence: {:.2}", p.profile.confidence);
    let mut cues: Vec<String> = Vec::new();
    for cue in &p.cues {
        let shown = format!("'{}' ({})", cue.text, cue.task);
        if !cues.contains(&shown) {
            cues.push(shown);
        }
    }
    if !cues.is_empty() {
        let _ = writeln!(s, "- Cues: {}", cues.join(", "));
    }
    let model = p.model.as_deref().map(|m| format!("`{m}`"));
    let line = match (model, p.model_kind, p.fits()) {
        (None, _, _) => "no model named".to_owned(),
        (Some(m), None, _) => format!("{m}: not in modelfit's catalog, so its fit is not judged"),
        (Some(m), Some(kind), Some(true)) => format!("{m} runs as {}: it fits ✓", kind.as_str()),
        (Some(m), Some(kind), Some(false)) => {
            let article = if p.prediction == Preference::Inference { "an" } else { "a" };
            format!("{m} runs as {}: {article} {} model fits this task better ✗", kind.as_str(), p.prediction.name())
        }
        (Some(m), Some(kind), None) if p.prediction == Preference::Either => {
            format!("{m} runs as {}: either kind fits (qa, or confidence below the threshold)", kind.as_str())
        }
        (Some(m), Some(kind), None) => format!("{m} runs as {}", kind.as_str()),
    };
    let _ = writeln!(s, "- Model: {line}");
    s
}

fn tokens(n: Option<u32>) -> String {
    n.map_or_else(|| "unknown".to_owned(), |n| format!("{n} tokens"))
}

/// The hover text of a catalog entry.
pub fn model_markdown(info: &ModelInfo, floating: Option<&str>) -> String {
    let mut s = format!("**`{}`**: {} model by {}\n\n", info.id, info.kind.as_str(), info.provider.display_name());
    let _ = writeln!(s, "- Kind: {}", info.kind.as_str());
    let _ = writeln!(s, "- Provider: {}", info.provider.display_name());
    let _ = writeln!(s, "- API: {}", info.dialect.display_name());
    let _ = writeln!(s, "- Context window: {}", tokens(info.context_window));
    let _ = writeln!(s, "- Max output: {}", tokens(info.max_output));
    if info.rejects_system_message {
        let _ = writeln!(s, "- Rejects a `system` message");
    }
    if let Some(reason) = floating {
        let _ = writeln!(s, "- Floating alias: {reason}");
    }
    if info.user_defined {
        let _ = writeln!(s, "- Defined in modelfit.toml");
    }
    if !info.rejects.is_empty() {
        s.push_str("\nRejected parameters:\n");
        for r in &info.rejects {
            let _ = writeln!(s, "- `{}` ({}): {}", r.param.api_name(), r.when.describe(), r.reason);
        }
    }
    s
}
