//! Hover: what the catalog knows about the model name under the cursor, or the documentation of
//! the rule whose diagnostic is under the cursor.

use std::fmt::Write as _;

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::analyze_off_thread;
use crate::analysis::catalog::{ModelInfo, Target};
use crate::analysis::rules::registry;
use crate::analysis::text::TextRange;
use crate::server::convert::{position_to_offset, to_lsp_range};
use crate::server::state::Snapshot;

pub async fn hover(snapshot: Snapshot, position: Position) -> Option<Hover> {
    let offset = position_to_offset(&snapshot.rope, position, snapshot.encoding);
    let (snapshot, analysis) = analyze_off_thread(snapshot).await?;
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
        let d = analysis.diagnostics.iter().find(|d| touches(d.range))?;
        let rule = registry::by_name(d.rule.name).map_or(d.rule, |r| r.meta());
        (format!("**{}** `{}`: {}\n\n{}", rule.code, rule.name, rule.summary, rule.docs), d.range)
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
        range: Some(to_lsp_range(&snapshot.rope, range, snapshot.encoding)),
    })
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
