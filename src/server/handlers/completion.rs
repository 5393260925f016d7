//! Completion of model names in the front matter: after `model:`, inside a `model: [..]` list or a
//! `- ` item under `model:`, and after Prompty's `name:` under `configuration:`.
//!
//! The context is read from the lines themselves (no analysis), so completion is instant and
//! works while the header is half typed and does not parse.

use ropey::Rope;
use tower_lsp_server::ls_types::{CompletionItem, CompletionItemKind, CompletionTextEdit, Position, Range, TextEdit};

use super::code_action::front_matter_end;
use crate::analysis::catalog::Catalog;
use crate::server::convert::{Encoding, offset_to_position, position_to_offset};

/// The completion items at `position`, or nothing outside a model-name context.
pub fn complete(rope: &Rope, position: Position, enc: Encoding, catalog: &Catalog) -> Vec<CompletionItem> {
    let Some(fm_end) = front_matter_end(rope) else { return Vec::new() };
    let offset = position_to_offset(rope, position, enc);
    let Ok(line_no) = rope.try_byte_to_line(offset) else { return Vec::new() };
    if line_no == 0 || line_no >= fm_end {
        return Vec::new();
    }
    let line_start = rope.line_to_byte(line_no);
    let prefix = rope.byte_slice(line_start..offset).to_string();
    let Some(token_len) = model_value_prefix(rope, line_no, &prefix) else { return Vec::new() };
    let replace = Range::new(offset_to_position(rope, offset - token_len, enc), offset_to_position(rope, offset, enc));
    catalog
        .entries()
        .iter()
        .map(|info| CompletionItem {
            label: info.id.clone(),
            kind: Some(CompletionItemKind::VALUE),
            detail: Some(format!("{} · {}", info.kind.as_str(), info.provider.display_name())),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(replace, info.id.clone()))),
            ..CompletionItem::default()
        })
        .collect()
}

fn indent_of(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

/// The key of the nearest line above `line_no` that is indented less than `indent`.
fn parent_key(rope: &Rope, line_no: usize, indent: usize) -> Option<String> {
    (0..line_no).rev().find_map(|l| {
        let text = rope.line(l).to_string();
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || indent_of(&text) >= indent {
            return None;
        }
        Some(trimmed.split(':').next().unwrap_or("").trim().to_owned())
    })
}

/// If the text before the cursor is in a model-name position, the byte length of the partial name
/// already typed (which the completion replaces).
fn model_value_prefix(rope: &Rope, line_no: usize, prefix: &str) -> Option<usize> {
    let trimmed = prefix.trim_start();
    let indent = prefix.len() - trimmed.len();
    // The partial name: everything after the last separator.
    let partial = prefix.rsplit([' ', '\t', '[', ',', '"', '\'', ':']).next().unwrap_or("");
    let value = if let Some(rest) = trimmed.strip_prefix("model:") {
        rest
    } else if let Some(rest) = trimmed.strip_prefix("name:") {
        // Prompty: `model: configuration: name: gpt-4o`.
        if parent_key(rope, line_no, indent).as_deref() != Some("configuration") {
            return None;
        }
        rest
    } else if let Some(rest) = trimmed.strip_prefix("- ") {
        if parent_key(rope, line_no, indent + 1).as_deref() != Some("model") {
            return None;
        }
        rest
    } else {
        return None;
    };
    // `model: gpt-4o # note` or a closed list: the cursor is past the value.
    if value.contains('#') || value.contains(']') {
        return None;
    }
    Some(partial.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The partial name at (line, col) when it is a model-name position; independent of how many
    /// models the catalog holds.
    fn partial_at(text: &str, line: usize, col: usize) -> Option<usize> {
        let rope = Rope::from_str(text);
        let fm_end = front_matter_end(&rope)?;
        if line == 0 || line >= fm_end {
            return None;
        }
        let prefix = rope.line(line).to_string()[..col].to_owned();
        model_value_prefix(&rope, line, &prefix)
    }

    #[test]
    fn contexts() {
        assert_eq!(partial_at("---\nmodel: gp\n---\n", 1, 9), Some(2));
        assert_eq!(partial_at("---\nmodel: \n---\n", 1, 7), Some(0));
        assert_eq!(partial_at("---\nmodel: [\"a\", gp\n---\n", 1, 15), Some(2));
        assert_eq!(partial_at("---\nmodel:\n  - gp\n---\n", 2, 6), Some(2));
        assert_eq!(partial_at("---\nmodel:\n  configuration:\n    name: g\n---\n", 3, 11), Some(1));
        assert_eq!(partial_at("---\nname: g\n---\n", 1, 7), None);
        assert_eq!(partial_at("---\ntools:\n  - gp\n---\n", 2, 6), None);
        assert_eq!(partial_at("---\ndescription: x\n---\nmodel: x\n", 3, 8), None);
        assert_eq!(partial_at("model: x\n", 0, 8), None);
    }

    #[test]
    fn items_replace_the_partial_name() {
        let rope = Rope::from_str("---\nmodel: gp\n---\n");
        let items = complete(&rope, Position::new(1, 9), Encoding::Utf16, Catalog::builtin());
        assert_eq!(items.len(), Catalog::builtin().entries().len());
        for item in items {
            let Some(CompletionTextEdit::Edit(edit)) = item.text_edit else { panic!("no edit") };
            assert_eq!(edit.range, Range::new(Position::new(1, 7), Position::new(1, 9)));
        }
        let outside = complete(&rope, Position::new(3, 0), Encoding::Utf16, Catalog::builtin());
        assert!(outside.is_empty());
    }
}
