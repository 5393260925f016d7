//! AI comments: comments addressed to a model rather than to a reader.
//!
//! Three spellings are recognised, in every language's comments:
//! - an `AI:` prefix (`# AI: write a parser for the config format`);
//! - Aider's suffixes, `AI!` (do this) and `AI?` (answer this): `// make this async AI!`;
//! - modelfit's own commands, `modelfit: draft …` and `modelfit: verify …`.
//!
//! Consecutive line comments form one block, and an AI comment takes the lines of its block that
//! belong to it: a prefix runs to the end of the block (or the next marker), a suffix gathers the
//! lines above it. Each becomes a [`PromptUnit`] without a model, one segment per line covering
//! the instruction text only (no `#`/`//`, no marker), so ranges land on what the author wrote.
//!
//! Doc comments (`///`, `//!`, `/** */`) document code; they are never read as instructions,
//! whatever they say about AI. `TODO(ai):`, `OPENAI:` and `AI` inside a word are not markers.

use tree_sitter::Node;

use crate::analysis::extract::{CommentIntent, Origin, PromptUnit, Role, Segment};
use crate::analysis::text::TextRange;

/// One line of comment text.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// The comment's text on this line, after the comment marker, trimmed.
    content: TextRange,
    /// Where this comment (or this line of a block comment) starts and ends in the source.
    whole: TextRange,
    /// Whether the line holds nothing but the comment (a comment after code stands alone).
    alone: bool,
}

/// The AI comments among `comments` (comment nodes in document order), as prompt units.
pub fn units(text: &str, comments: &[Node<'_>]) -> Vec<PromptUnit> {
    let mut out = Vec::new();
    let mut block: Vec<Line> = Vec::new();
    for node in comments {
        let lines = comment_lines(text, TextRange::new(node.start_byte(), node.end_byte()));
        let Some(first) = lines.first() else { continue };
        let joins =
            block.last().is_some_and(|last| last.alone && first.alone && adjacent(text, last.whole, first.whole));
        if !joins {
            read_block(text, &block, &mut out);
            block.clear();
        }
        block.extend(lines);
    }
    read_block(text, &block, &mut out);
    out
}

/// Whether two comment lines sit on consecutive lines with only indentation between them.
fn adjacent(text: &str, above: TextRange, below: TextRange) -> bool {
    let between = &text[above.end..below.start];
    between.bytes().filter(|b| *b == b'\n').count() == 1 && between.trim().is_empty()
}

/// The lines of one comment node; empty for doc comments and shebangs.
fn comment_lines(text: &str, node: TextRange) -> Vec<Line> {
    let source = &text[node.as_range()];
    let line_start = text[..node.start].rfind('\n').map_or(0, |i| i + 1);
    let alone = text[line_start..node.start].trim().is_empty();
    let line = |start: usize, end: usize, whole: TextRange, alone: bool| Line {
        content: trimmed(text, TextRange::new(start, end)),
        whole,
        alone,
    };
    if source.starts_with("///") || source.starts_with("//!") || source.starts_with("#!") {
        return Vec::new();
    }
    if let Some(marker) = ["//", "#"].iter().find(|m| source.starts_with(**m)) {
        return vec![line(node.start + marker.len(), node.end, node, alone)];
    }
    if source.starts_with("/*") && !source.starts_with("/**") && !source.starts_with("/*!") {
        // Each line of a block comment, without the leading `*` of the usual layout.
        let inner_end = if source.ends_with("*/") && source.len() >= 4 { node.end - 2 } else { node.end };
        let mut out = Vec::new();
        let mut start = node.start + 2;
        while start <= inner_end {
            let end = text[start..inner_end].find('\n').map_or(inner_end, |i| start + i);
            let mut content = start + (text[start..end].len() - text[start..end].trim_start().len());
            if !out.is_empty() && text[content..end].starts_with('*') {
                content += 1;
            }
            // The first line starts with `/*`, the last ends with `*/`: the unit covers them.
            let whole_start = if out.is_empty() { node.start } else { start };
            let whole_end = if end == inner_end { node.end } else { end };
            out.push(line(content, end, TextRange::new(whole_start, whole_end), alone));
            start = end + 1;
        }
        return out;
    }
    Vec::new()
}

/// `range` without surrounding whitespace.
fn trimmed(text: &str, range: TextRange) -> TextRange {
    let s = &text[range.as_range()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
    TextRange::new(start, end.max(start))
}

/// A marker found on a comment line: what it asks, and the instruction text around it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Marker {
    intent: CommentIntent,
    /// The text on this line that belongs to the instruction (the marker left out).
    text: TextRange,
    /// A suffix (`AI!`) ends its unit; a prefix (`AI:`) starts one.
    suffix: bool,
}

/// The marker on a line's content, if any.
fn marker(text: &str, content: TextRange) -> Option<Marker> {
    let s = &text[content.as_range()];
    let after = |len: usize| trimmed(text, TextRange::new(content.start + len, content.end));
    if let Some(rest) = s.strip_prefix("AI:")
        && (rest.is_empty() || rest.starts_with(char::is_whitespace))
    {
        return Some(Marker { intent: CommentIntent::Instruction, text: after(3), suffix: false });
    }
    if s.len() >= 9 && s.is_char_boundary(9) && s[..9].eq_ignore_ascii_case("modelfit:") {
        let rest = &s[9..];
        let word_at = 9 + (rest.len() - rest.trim_start().len());
        for (word, intent) in [("draft", CommentIntent::Draft), ("verify", CommentIntent::Verify)] {
            let tail = &s[word_at..];
            if tail.len() >= word.len()
                && tail.is_char_boundary(word.len())
                && tail[..word.len()].eq_ignore_ascii_case(word)
                && tail[word.len()..].chars().next().is_none_or(|c| c.is_whitespace() || c == ':')
            {
                let skip = word_at + word.len() + usize::from(tail[word.len()..].starts_with(':'));
                return Some(Marker { intent, text: after(skip), suffix: false });
            }
        }
        return None;
    }
    // Aider's `AI!` / `AI?` at the end of the comment, as a word of its own.
    let tail = s.len().checked_sub(3).filter(|i| s.is_char_boundary(*i))?;
    let (intent, word) = match s[tail..].to_ascii_lowercase().as_str() {
        "ai!" => (CommentIntent::Instruction, tail),
        "ai?" => (CommentIntent::Question, tail),
        _ => return None,
    };
    if s[..word].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let text = trimmed(text, TextRange::new(content.start, content.start + word));
    Some(Marker { intent, text, suffix: true })
}

/// Turns the AI comments of one block of consecutive comment lines into units.
fn read_block(text: &str, block: &[Line], out: &mut Vec<PromptUnit>) {
    // The unit being gathered: its intent, and its lines with the text each contributes.
    let mut open: Option<(CommentIntent, Vec<(Line, TextRange)>)> = None;
    let mut unclaimed = 0;
    for (i, line) in block.iter().enumerate() {
        match marker(text, line.content) {
            Some(m) if m.suffix => {
                let mut lines = match open.take() {
                    Some((_, lines)) => lines,
                    None => block[unclaimed..i].iter().map(|l| (*l, l.content)).collect(),
                };
                lines.push((*line, m.text));
                out.extend(unit(m.intent, &lines));
                unclaimed = i + 1;
            }
            Some(m) => {
                if let Some((intent, lines)) = open.take() {
                    out.extend(unit(intent, &lines));
                }
                open = Some((m.intent, vec![(*line, m.text)]));
                unclaimed = i + 1;
            }
            None => {
                if let Some((_, lines)) = open.as_mut() {
                    lines.push((*line, line.content));
                    unclaimed = i + 1;
                }
            }
        }
    }
    if let Some((intent, lines)) = open {
        out.extend(unit(intent, &lines));
    }
}

/// The unit of an AI comment spread over `lines`; `None` when it says nothing.
fn unit(intent: CommentIntent, lines: &[(Line, TextRange)]) -> Option<PromptUnit> {
    let segments: Vec<Segment> = lines
        .iter()
        .filter(|(_, text)| !text.is_empty())
        .map(|(_, text)| Segment { role: Role::User, range: *text, marker: None, placeholders: Vec::new() })
        .collect();
    if segments.is_empty() {
        return None;
    }
    let range = lines.first()?.0.whole.cover(lines.last()?.0.whole);
    Some(PromptUnit { range, segments, origin: Origin::Comment(intent), ..PromptUnit::default() })
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use crate::analysis::extract::extract;
    use crate::analysis::extract::{CommentIntent, Origin};
    use crate::analysis::format::PromptFormat;

    /// Each AI comment of `text` as its intent and the text of its segments.
    fn ai_comments(format: PromptFormat, text: &str) -> Vec<(CommentIntent, Vec<&str>)> {
        extract(format, text)
            .units
            .into_iter()
            .filter_map(|u| match u.origin {
                Origin::Comment(intent) => {
                    Some((intent, u.segments.iter().map(|s| &text[s.range.as_range()]).collect()))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_three_spellings_in_python() {
        let py = "# AI: write a parser for the config format\n# that keeps comments\nx = 1\n\n# make this async AI!\ndef f(): pass\n# why is this slow? AI?\n# modelfit: draft a system prompt for a support bot\n# modelfit: verify: the prompt says the tone\n";
        assert_eq!(
            ai_comments(PromptFormat::Python, py),
            [
                (CommentIntent::Instruction, vec!["write a parser for the config format", "that keeps comments"]),
                (CommentIntent::Instruction, vec!["make this async"]),
                (CommentIntent::Question, vec!["why is this slow?"]),
                (CommentIntent::Draft, vec!["a system prompt for a support bot"]),
                (CommentIntent::Verify, vec!["the prompt says the tone"]),
            ]
        );
    }

    #[test]
    fn a_suffix_gathers_the_lines_above_it_in_its_block() {
        let ts =
            "const a = 1; // unrelated trailing note\n// Parses the config.\n// handle comments too ai!\nlet b = 2;\n";
        assert_eq!(
            ai_comments(PromptFormat::Typescript, ts),
            [(CommentIntent::Instruction, vec!["Parses the config.", "handle comments too"])]
        );
    }

    #[test]
    fn block_comments_and_every_language() {
        let go = "package main\n\n/* AI: add retries\n * with backoff\n */\nfunc f() {} // AI: inline\n";
        assert_eq!(
            ai_comments(PromptFormat::Go, go),
            [
                (CommentIntent::Instruction, vec!["add retries", "with backoff"]),
                (CommentIntent::Instruction, vec!["inline"])
            ]
        );
        let rs = "/// AI: doc comments are documentation\n//! AI! neither\n// AI: split this function\nfn main() {}\n";
        assert_eq!(ai_comments(PromptFormat::Rust, rs), [(CommentIntent::Instruction, vec!["split this function"])]);
        let js = "// modelfit: verify the retry loop stops\nexport {};\n";
        assert_eq!(ai_comments(PromptFormat::Javascript, js), [(CommentIntent::Verify, vec!["the retry loop stops"])]);
    }

    #[test]
    fn lookalikes_are_not_ai_comments() {
        let py = "# TODO(ai): later\n# OPENAI: key goes in the env\n# Uses OpenAI!\n# The AI: a note\n# said: AI:\n# MAI!\n# modelfit-ignore: rejected-parameter\n# modelfit: drafty\n\"\"\"AI: a docstring\"\"\"\ns = '# AI: in a string'\n";
        let found = ai_comments(PromptFormat::Python, py);
        assert!(found.is_empty(), "{found:?}");
    }

    /// The AI comments of the fixtures, one file per language.
    #[test]
    fn fixture_comments() {
        let mut out = String::new();
        for (path, text) in [
            (
                "python/ai_comments.py",
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/code/python/ai_comments.py")),
            ),
            (
                "javascript/ai_comments.js",
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/code/javascript/ai_comments.js")),
            ),
            (
                "typescript/ai_comments.ts",
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/code/typescript/ai_comments.ts")),
            ),
            (
                "go/ai_comments.go",
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/code/go/ai_comments.go")),
            ),
            (
                "rust/ai_comments.rs",
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/code/rust/ai_comments.rs")),
            ),
        ] {
            let format = PromptFormat::from_path(path).expect("a code format");
            let _ = writeln!(out, "{path}");
            for (intent, lines) in ai_comments(format, text) {
                let _ = writeln!(out, "  {intent:?} {lines:?}");
            }
        }
        expect_test::expect![[r#"
            python/ai_comments.py
              Instruction ["write a parser for the supplier CSV export.", "Columns are sku, name, quantity and unit price; skip rows whose quantity is not a number."]
              Instruction ["Sorting by name is slow for large stocks.", "make this sort by sku and keep it stable"]
              Question ["why does restock() count returned items twice?"]
              Draft ["a system prompt for a support bot that answers stock questions from this data"]
            javascript/ai_comments.js
              Instruction ["round totals to cents and never return -0"]
              Instruction ["add a currency argument,", "defaulting to EUR"]
              Verify ["the discount never exceeds the cart total"]
            typescript/ai_comments.ts
              Instruction ["replace the array of timestamps with a ring buffer", "sized to the limit, so memory stays bounded per client."]
              Question ["is a Map the right structure when there are a million clients?"]
            go/ai_comments.go
              Instruction ["evict the least recently used entry when the cache holds more than 1000 items."]
              Instruction ["Get returns the thumbnail for key.", "return a copy so callers cannot mutate the cached bytes"]
              Verify ["Put and Get never hold the lock while copying large values"]
            rust/ai_comments.rs
              Instruction ["add full jitter, using a seeded RNG passed in by the caller", "so tests stay deterministic."]
              Instruction ["cap the delay at 30 seconds"]
              Draft ["a prompt that explains this retry policy to support staff"]
        "#]].assert_eq(&out);
    }

    #[test]
    fn ranges_land_on_the_instruction_text() {
        let py = "def f():\n    #   AI:   trim me   \n    pass\n";
        let units = extract(PromptFormat::Python, py).units;
        assert_eq!(units.len(), 1);
        assert_eq!(&py[units[0].range.as_range()], "#   AI:   trim me   ");
        assert_eq!(&py[units[0].segments[0].range.as_range()], "trim me");
        assert!(units[0].models.is_empty() && units[0].params.is_empty());
        let js = "/* AI: a\n * b */\nx();\n";
        let units = extract(PromptFormat::Javascript, js).units;
        assert_eq!(&js[units[0].range.as_range()], "/* AI: a\n * b */");
        let texts: Vec<&str> = units[0].segments.iter().map(|s| &js[s.range.as_range()]).collect();
        assert_eq!(texts, ["a", "b"]);
    }
}
