//! Splits a prompt file into its YAML front matter and its body.
//!
//! The header opens with a `---` line at the very start of the file (after an optional byte order
//! mark) and closes with the next `---` or `...` line; trailing spaces on fence lines and `\r\n`
//! line endings are accepted. Only the header is given to the YAML parser, never the body, so a
//! large body costs one line scan.
//!
//! An opening fence without a closing one is a problem. The hosts (Genkit, VS Code) then read the
//! whole file as prompt text, so modelfit parses no YAML either and the body starts right after the
//! opening fence line: rules still check the text, and nothing is guessed from a header that the
//! host will not read.

use super::yaml::{self, Node, NodeKind};
use super::{ModelRef, Problem, Spanned};
use crate::analysis::text::TextRange;

/// The parts of a prompt file.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The opening `---` line's fence characters, when the file has one.
    pub open_fence: Option<TextRange>,
    /// The YAML between the fences (without the fence lines), when the header is closed.
    pub header: Option<TextRange>,
    /// The parsed header; `None` without a header, for an empty one, or when it is broken before
    /// its first value.
    pub root: Option<Node>,
    /// Everything after the closing fence line (or the whole file without a header).
    pub body: TextRange,
    pub problems: Vec<Problem>,
}

/// Splits `text` and parses its header.
pub fn read(text: &str) -> FrontMatter {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut out = FrontMatter { body: TextRange::new(start, text.len()), ..FrontMatter::default() };
    let mut lines = Lines { text, at: start };
    let Some(first) = lines.next() else { return out };
    if !is_fence(&text[first.content.as_range()], false) {
        return out;
    }
    let fence = TextRange::new(first.content.start, first.content.start + 3);
    out.open_fence = Some(fence);
    let header_start = first.full.end;
    let Some(close) = lines.find(|line| is_fence(&text[line.content.as_range()], true)) else {
        out.body = TextRange::new(header_start, text.len());
        out.problems.push(Problem {
            range: fence,
            message: "front matter is not closed: add a line with `---`".to_owned(),
            help: Some(
                "end the header with a line holding only `---`; until then the whole file is read as prompt text"
                    .to_owned(),
            ),
        });
        return out;
    };
    let header = TextRange::new(header_start, close.full.start);
    out.header = Some(header);
    out.body = TextRange::new(close.full.end, text.len());
    let parsed = yaml::parse(&text[header.as_range()], header.start);
    out.problems.extend(parsed.problems);
    if let Some(root) = &parsed.root
        && !matches!(root.kind, NodeKind::Mapping(_) | NodeKind::Null)
    {
        out.problems.push(Problem {
            range: root.range,
            message: format!("front matter must be a mapping of keys to values, not {}", root.type_name()),
            help: Some("write one `key: value` per line, such as `model: gpt-4.1`".to_owned()),
        });
    }
    out.root = parsed.root.filter(|r| r.as_mapping().is_some());
    out
}

/// `---` (or `...` when closing) followed only by spaces or tabs.
fn is_fence(line: &str, closing: bool) -> bool {
    let line = line.trim_end_matches([' ', '\t']);
    line == "---" || (closing && line == "...")
}

/// The rule names of a `modelfit-ignore` header key: one string (`a, b`) or a list of strings.
/// An empty key silences every rule, like a bare `modelfit-ignore` comment.
pub fn file_ignores(root: Option<&Node>) -> Vec<Spanned<String>> {
    let Some(entry) = root.and_then(|r| r.entry("modelfit-ignore")) else { return Vec::new() };
    match &entry.value.kind {
        NodeKind::Scalar(s) => vec![Spanned { value: s.text.clone(), range: entry.value.range }],
        NodeKind::Sequence(seq) => seq
            .items
            .iter()
            .filter_map(|item| item.as_str().map(|s| Spanned { value: s.to_owned(), range: item.range }))
            .collect(),
        NodeKind::Null => vec![Spanned { value: String::new(), range: entry.key.range }],
        NodeKind::Mapping(_) | NodeKind::Alias => Vec::new(),
    }
}

/// Model references from a `model` value that may be one string or a list of strings (Copilot's
/// "first available" list). An empty value yields none; a templated name (`{{model}}`,
/// `${env:DEPLOYMENT}`) yields none either, since only the host knows what it becomes.
pub fn model_refs(value: &Node, allow_list: bool, problems: &mut Vec<Problem>) -> Vec<ModelRef> {
    let expected = if allow_list { "a string or a list of strings" } else { "a string" };
    let wrong = |node: &Node| Problem {
        range: node.range,
        message: format!("`model` must be {expected}, not {}", node.type_name()),
        help: Some("write the model name, such as `model: gpt-4.1`".to_owned()),
    };
    match &value.kind {
        NodeKind::Null => Vec::new(),
        NodeKind::Scalar(s) => model_ref(&s.text, value.range).into_iter().collect(),
        NodeKind::Sequence(seq) if allow_list => {
            let mut out = Vec::new();
            for item in &seq.items {
                match &item.kind {
                    NodeKind::Scalar(s) => out.extend(model_ref(&s.text, item.range)),
                    _ => problems.push(wrong(item)),
                }
            }
            out
        }
        _ => {
            problems.push(wrong(value));
            Vec::new()
        }
    }
}

/// One model reference, unless the name is empty or filled in by a template.
pub fn model_ref(name: &str, range: TextRange) -> Option<ModelRef> {
    let templated = name.contains("{{") || name.contains("${");
    (!name.trim().is_empty() && !templated).then(|| ModelRef { name: name.to_owned(), range, named: false })
}

struct Line {
    /// The line without its terminator.
    content: TextRange,
    /// The line with its terminator.
    full: TextRange,
}

/// Lines ending in `\n` (a `\r` before it belongs to the terminator).
struct Lines<'a> {
    text: &'a str,
    at: usize,
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.at >= self.text.len() {
            return None;
        }
        let start = self.at;
        let rest = &self.text.as_bytes()[start..];
        let (content_end, end) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (start + i, start + i + 1),
            None => (self.text.len(), self.text.len()),
        };
        let content_end = if content_end > start && self.text.as_bytes()[content_end - 1] == b'\r' {
            content_end - 1
        } else {
            content_end
        };
        self.at = end;
        Some(Line { content: TextRange::new(start, content_end), full: TextRange::new(start, end) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, r: TextRange) -> &str {
        &text[r.as_range()]
    }

    #[test]
    fn splits_header_and_body() {
        let text = "---\nmodel: gpt-4.1\n---\nBody\n";
        let fm = read(text);
        assert_eq!(slice(text, fm.header.expect("header")), "model: gpt-4.1\n");
        assert_eq!(slice(text, fm.body), "Body\n");
        assert_eq!(fm.root.expect("root").get("model").and_then(Node::as_str), Some("gpt-4.1"));
        assert!(fm.problems.is_empty());
    }

    #[test]
    fn crlf_bom_trailing_spaces_and_dots() {
        let text = "\u{feff}---  \r\nmodel: \"o3\"\r\n... \r\nBody\r\n";
        let fm = read(text);
        assert_eq!(slice(text, fm.header.expect("header")), "model: \"o3\"\r\n");
        assert_eq!(slice(text, fm.body), "Body\r\n");
        assert_eq!(slice(text, fm.open_fence.expect("fence")), "---");
        let model = fm.root.expect("root").get("model").expect("model").range;
        assert_eq!(slice(text, model), "o3");
    }

    #[test]
    fn no_header_means_all_body() {
        for text in ["Just text\n---\n", "", "--- not a fence\n", " ---\nx\n---\n", "----\n"] {
            let fm = read(text);
            assert!(fm.header.is_none() && fm.open_fence.is_none(), "{text:?}");
            assert_eq!(fm.body, TextRange::new(0, text.len()));
        }
    }

    #[test]
    fn empty_header_and_header_at_end_of_file() {
        let text = "---\n---\nBody";
        let fm = read(text);
        assert_eq!(fm.header, Some(TextRange::new(4, 4)));
        assert!(fm.root.is_none() && fm.problems.is_empty());
        assert_eq!(slice(text, fm.body), "Body");
        let text = "---\nmodel: x\n---";
        let fm = read(text);
        assert!(fm.body.is_empty() && fm.body.start == text.len());
    }

    #[test]
    fn unterminated_header_is_a_problem_and_the_rest_is_body() {
        let text = "---\nmodel: gpt-4.1\nBody without a closing fence\n";
        let fm = read(text);
        assert!(fm.header.is_none() && fm.root.is_none());
        assert_eq!(fm.problems.len(), 1);
        assert_eq!(slice(text, fm.problems[0].range), "---");
        assert!(fm.problems[0].message.contains("not closed"));
        assert_eq!(slice(text, fm.body), "model: gpt-4.1\nBody without a closing fence\n");
    }

    #[test]
    fn header_that_is_not_a_mapping() {
        let text = "---\n- a\n- b\n---\nBody\n";
        let fm = read(text);
        assert_eq!(fm.problems.len(), 1);
        assert_eq!(slice(text, fm.problems[0].range), "- a\n- b");
        assert!(fm.root.is_none());
    }

    #[test]
    fn ignores_from_string_list_or_nothing() {
        let text = "---\nmodelfit-ignore: [unknown-model, 'MF003']\n---\n";
        let ignores = file_ignores(read(text).root.as_ref());
        let got: Vec<(&str, &str)> = ignores.iter().map(|s| (s.value.as_str(), slice(text, s.range))).collect();
        assert_eq!(got, [("unknown-model", "unknown-model"), ("MF003", "MF003")]);
        let text = "---\nmodelfit-ignore: unknown-model, floating-model-alias\n---\n";
        let ignores = file_ignores(read(text).root.as_ref());
        assert_eq!(ignores[0].value, "unknown-model, floating-model-alias");
        let text = "---\nmodelfit-ignore:\n---\n";
        let ignores = file_ignores(read(text).root.as_ref());
        assert_eq!(ignores.len(), 1);
        assert_eq!(ignores[0].value, "");
    }

    #[test]
    fn a_large_body_is_not_parsed() {
        let body = "Explain this code: {{code}}\n---\nkey: [unclosed\n".repeat(25_000);
        let text = format!("---\nmodel: gpt-4.1\n---\n{body}");
        assert!(text.len() > 1_000_000);
        let fm = read(&text);
        assert!(fm.problems.is_empty());
        assert_eq!(fm.body.len(), body.len());
    }
}
