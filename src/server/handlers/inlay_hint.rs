//! Inlay hints: one per prompt unit with text, at the end of the front matter's closing `---`
//! line (or where the body starts when there is no header), summarising the unit's profile:
//! `≈ 1,234 tokens · task: math · fits: inference`, plus `· model: general ✗` when the model's
//! kind is not the one the task wants.

use tower_lsp_server::ls_types::{InlayHint, InlayHintLabel, InlayHintTooltip, MarkupContent, MarkupKind, Range};

use super::hover::profile_markdown;
use super::profiled;
use crate::analysis::extract::PromptUnit;
use crate::analysis::unit_profile::UnitProfile;
use crate::server::convert::{offset_to_position, to_text_range};
use crate::server::state::{Snapshot, State};

pub async fn inlay_hints(state: &State, snapshot: Snapshot, range: Range) -> Vec<InlayHint> {
    let Some((snapshot, analyzed)) = profiled(state, snapshot).await else { return Vec::new() };
    let wanted = to_text_range(&snapshot.rope, range, snapshot.encoding);
    analyzed
        .analysis
        .extraction
        .units
        .iter()
        .zip(analyzed.units())
        .filter(|(_, p)| p.has_text)
        // An AI comment is a request to an assistant, not a prompt shipped with the program: a
        // profile on every such comment would be noise.
        .filter(|(unit, _)| !matches!(unit.origin, crate::analysis::extract::Origin::Comment(_)))
        .filter_map(|(unit, p)| {
            let at = anchor(&analyzed.text, unit, snapshot.format.is_code())?;
            (wanted.start <= at && at <= wanted.end).then(|| InlayHint {
                position: offset_to_position(&snapshot.rope, at, snapshot.encoding),
                label: InlayHintLabel::String(label(p)),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: profile_markdown(p),
                })),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect()
}

/// `≈ 1,234 tokens · task: math · fits: inference[ · model: general ✗]`.
pub fn label(p: &UnitProfile) -> String {
    let label = format!("{} tokens · task: {} · fits: {}", p.tokens.display(), p.profile.task, p.prediction.name());
    match (p.fits(), p.model_kind) {
        (Some(false), Some(kind)) => format!("{label} · model: {} ✗", kind.as_str()),
        _ => label,
    }
}

/// Where a unit's hint goes: the end of the `---` line that closes the front matter right before
/// the body (blank lines between are skipped), else the start of the body. In source code, the
/// end of the line where the call or the constant starts, so the hint never sits inside a string.
pub fn anchor(text: &str, unit: &PromptUnit, code: bool) -> Option<usize> {
    let first = unit.segments.first()?;
    if code {
        let start = unit.range.start;
        let rest = text.get(start..)?;
        return Some(start + rest.find(['\n', '\r']).unwrap_or(rest.len()));
    }
    let body = first.marker.map_or(first.range.start, |m| m.start.min(first.range.start));
    let before = text.get(..body)?;
    let mut end = before.len();
    // Walk back over whole lines: skip blank ones, stop at the first with text.
    loop {
        let trimmed = before[..end].trim_end_matches(['\n', '\r']);
        let line_start = trimmed.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = &trimmed[line_start..];
        if line.trim() == "---" {
            return Some(line_start + line.trim_end().len());
        }
        if !line.trim().is_empty() || line_start == 0 {
            return Some(body);
        }
        end = line_start;
    }
}

#[cfg(test)]
mod tests {
    use super::anchor;
    use crate::analysis::extract::extract;
    use crate::analysis::format::PromptFormat;

    fn at(path: &str, text: &str) -> usize {
        let format = PromptFormat::from_path(path).expect("prompt path");
        let e = extract(format, text);
        anchor(text, &e.units[0], format.is_code()).expect("an anchor")
    }

    #[test]
    fn the_hint_sits_after_the_closing_dashes_or_at_the_body() {
        assert_eq!(at("a.prompt.md", "---\nmodel: o3\n---\nSolve it.\n"), 17);
        assert_eq!(at("a.prompt.md", "---\r\nmodel: o3\r\n---\r\n\r\n\r\nSolve it.\r\n"), 19);
        assert_eq!(at("a.prompt.md", "Solve it.\n"), 0);
        let prompty = "---\nname: x\n---\nsystem:\nBe brief.\nuser:\nHi\n";
        assert_eq!(at("a.prompty", prompty), 15);
    }

    #[test]
    fn in_code_the_hint_ends_the_line_of_the_call() {
        let py = "r = client.chat.completions.create(\n    model=\"o3\",\n    messages=[{\"role\": \"user\", \"content\": \"Solve it.\"}],\n)\n";
        assert_eq!(at("a.py", py), 35);
    }
}
