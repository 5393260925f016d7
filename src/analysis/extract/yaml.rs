//! A small YAML tree with exact byte ranges, built from `saphyr-parser` events.
//!
//! Rules need the byte range of every key and value (to underline `temperature` or delete the
//! whole `max_tokens: 2000` line), which a plain value tree does not keep. saphyr's markers count
//! *characters*, so every position goes through [`CharToByte`] before it leaves this module.
//!
//! Parsing never fails: a syntax error becomes a [`Problem`] at its position and the tree keeps
//! whatever was complete before it, so a header broken on its last line still yields its model.
//! Duplicate keys are reported and kept (lookups see the first one).

use saphyr_parser::{Event, Parser, ScalarStyle as SaphyrStyle, Span};

use super::Problem;
use crate::analysis::text::TextRange;

/// A YAML node and the bytes it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// For a quoted scalar, the characters inside the quotes; for a flow collection, the brackets
    /// included; for a block collection, its first key or item to the end of its last value.
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Mapping(Mapping),
    Sequence(Sequence),
    Scalar(Scalar),
    /// An empty value (`key:`) or `null` / `~`.
    Null,
    /// `*anchor`; modelfit does not resolve aliases.
    Alias,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    pub entries: Vec<Entry>,
    /// Written `{a: 1}` rather than one key per line.
    pub flow: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sequence {
    pub items: Vec<Node>,
    /// Written `[a, b]` rather than one `- item` per line.
    pub flow: bool,
}

/// One `key: value` pair of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scalar {
    /// The value after YAML unescaping and folding.
    pub text: String,
    pub style: ScalarStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// `|` or `>` block scalars.
    Block,
}

impl ScalarStyle {
    pub const fn is_quoted(self) -> bool {
        matches!(self, Self::SingleQuoted | Self::DoubleQuoted)
    }
}

impl Node {
    pub fn as_mapping(&self) -> Option<&Mapping> {
        match &self.kind {
            NodeKind::Mapping(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_sequence(&self) -> Option<&Sequence> {
        match &self.kind {
            NodeKind::Sequence(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar node, whatever its style.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.text.as_str())
    }

    pub const fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }

    /// The value under `key` when this node is a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping()?.get(key)
    }

    /// The entry under `key` when this node is a mapping.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?.entry(key)
    }

    /// A short name for the node's type, for messages (`a list`, `a mapping`).
    pub const fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Mapping(_) => "a mapping",
            NodeKind::Sequence(_) => "a list",
            NodeKind::Scalar(_) => "a scalar",
            NodeKind::Null => "empty",
            NodeKind::Alias => "an alias",
        }
    }
}

impl Mapping {
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key.as_str() == Some(key))
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }
}

impl Entry {
    pub fn key_str(&self) -> Option<&str> {
        self.key.as_str()
    }
}

/// The result of parsing one YAML document.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// `None` for an empty document or an error before the first node.
    pub root: Option<Node>,
    pub problems: Vec<Problem>,
}

/// Parses `text`, the YAML that starts at byte `offset` of the file; every range returned is
/// shifted by `offset` so it indexes the whole file.
pub fn parse(text: &str, offset: usize) -> Parsed {
    let map = CharToByte::new(text);
    let mut builder = Builder { text, map: &map, offset, stack: Vec::new(), root: None, problems: Vec::new() };
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0;
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(ok) => ok,
            Err(err) => {
                let at = map.byte(err.marker().index());
                let mut problem = syntax_problem(text, at, offset, err.info());
                if text[at..].trim().is_empty() {
                    // At the end of the header the position is the closing fence, which says
                    // nothing; the bracket still open, or else the last character, says more.
                    let open = builder.stack.iter().rev().find_map(|f| match f {
                        Frame::Sequence { start, flow: true, .. } | Frame::Mapping { start, flow: true, .. } => {
                            Some(*start)
                        }
                        _ => None,
                    });
                    let last = text.trim_end().char_indices().next_back().map(|(i, c)| (i, i + c.len_utf8()));
                    if let Some(start) = open {
                        problem.range = TextRange::new(start, start + 1).shifted(offset);
                        problem.message =
                            format!("{} (this `{}` is never closed)", problem.message, &text[start..=start]);
                    } else if let Some((start, end)) = last {
                        problem.range = TextRange::new(start, end).shifted(offset);
                    }
                }
                builder.problems.push(problem);
                break;
            }
        };
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    let at = map.byte(span.start.index());
                    builder.problems.push(Problem {
                        range: TextRange::new(at, (at + 3).min(text.len())).shifted(offset),
                        message: "the front matter holds more than one YAML document".to_owned(),
                        help: Some("remove this `---` line or everything after it".to_owned()),
                    });
                    break;
                }
            }
            Event::Scalar(value, style, _, _) => {
                let node = builder.scalar(&value, style, span);
                builder.push(node);
            }
            Event::Alias(_) => {
                let node = Node { kind: NodeKind::Alias, range: builder.range(span) };
                builder.push(node);
            }
            Event::SequenceStart(..) => {
                let start = builder.byte(span.start);
                let flow = text.as_bytes().get(start) == Some(&b'[');
                builder.stack.push(Frame::Sequence { start, flow, items: Vec::new() });
            }
            Event::MappingStart(..) => {
                let start = builder.byte(span.start);
                let flow = text.as_bytes().get(start) == Some(&b'{');
                builder.stack.push(Frame::Mapping { start, flow, entries: Vec::new(), key: None });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let end = builder.byte(span.end);
                builder.close(Some(end));
            }
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
        }
    }
    // After an error, keep the collections that were open: their complete entries are still true.
    while !builder.stack.is_empty() {
        builder.close(None);
    }
    Parsed { root: builder.root, problems: builder.problems }
}

/// Converts saphyr's character indices into byte offsets of the parsed text.
struct CharToByte {
    /// Byte offset of each character, plus the text length; empty when the text is ASCII.
    starts: Vec<usize>,
    len: usize,
}

impl CharToByte {
    fn new(text: &str) -> Self {
        let starts = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect()
        };
        Self { starts, len: text.len() }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.starts.is_empty() {
            char_index.min(self.len)
        } else {
            self.starts.get(char_index).copied().unwrap_or(self.len)
        }
    }
}

enum Frame {
    Sequence { start: usize, flow: bool, items: Vec<Node> },
    Mapping { start: usize, flow: bool, entries: Vec<Entry>, key: Option<Node> },
}

struct Builder<'a> {
    text: &'a str,
    map: &'a CharToByte,
    offset: usize,
    stack: Vec<Frame>,
    root: Option<Node>,
    problems: Vec<Problem>,
}

impl Builder<'_> {
    fn byte(&self, marker: saphyr_parser::Marker) -> usize {
        self.map.byte(marker.index())
    }

    /// A local byte range (not yet shifted).
    fn range(&self, span: Span) -> TextRange {
        let start = self.byte(span.start);
        TextRange::new(start, self.byte(span.end).max(start))
    }

    fn scalar(&self, value: &str, style: SaphyrStyle, span: Span) -> Node {
        let mut range = self.range(span);
        let style = match style {
            SaphyrStyle::Plain => ScalarStyle::Plain,
            SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
            SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
            SaphyrStyle::Literal | SaphyrStyle::Folded => ScalarStyle::Block,
        };
        if style.is_quoted() {
            range = inside_quotes(self.text, range);
        }
        let is_null =
            style == ScalarStyle::Plain && (range.is_empty() || matches!(value, "~" | "null" | "Null" | "NULL"));
        let kind = if is_null { NodeKind::Null } else { NodeKind::Scalar(Scalar { text: value.to_owned(), style }) };
        Node { kind, range }
    }

    /// Adds a finished node (local range) to the open collection, or makes it the root.
    fn push(&mut self, mut node: Node) {
        node.range = node.range.shifted(self.offset);
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => {
                    if node.is_null() && node.range.is_empty() {
                        // saphyr puts an empty value wherever the next token starts, often on a
                        // later line; right after the key's colon is where the value is missing.
                        node.range = TextRange::empty(after_colon(self.text, k.range.end - self.offset) + self.offset);
                    }
                    if let Some(name) = k.as_str()
                        && let Some(first) = entries.iter().find(|e| e.key.as_str() == Some(name))
                    {
                        let first_line = 1 + self.text[..first.key.range.start - self.offset].matches('\n').count();
                        self.problems.push(Problem {
                            range: k.range,
                            message: format!("duplicate key `{name}` (first set on line {first_line} of the header)"),
                            help: Some("remove one of the two entries; tools disagree on which one wins".to_owned()),
                        });
                    }
                    entries.push(Entry { key: k, value: node });
                }
            },
        }
    }

    /// Closes the innermost collection; `end` is its end event's position, if one came.
    fn close(&mut self, end: Option<usize>) {
        let Some(frame) = self.stack.pop() else { return };
        let node = match frame {
            Frame::Sequence { start, flow, items } => {
                let end = collection_end(start, flow, end, items.last().map(|n| n.range.end - self.offset));
                Node { kind: NodeKind::Sequence(Sequence { items, flow }), range: TextRange::new(start, end) }
            }
            Frame::Mapping { start, flow, entries, key: _ } => {
                let end = collection_end(start, flow, end, entries.last().map(|e| e.value.range.end - self.offset));
                Node { kind: NodeKind::Mapping(Mapping { entries, flow }), range: TextRange::new(start, end) }
            }
        };
        self.push(node);
    }
}

/// A flow collection ends at its closing bracket; a block one at the end of its last child (its
/// end event sits wherever the next token starts, often a line further down).
fn collection_end(start: usize, flow: bool, end_event: Option<usize>, last_child: Option<usize>) -> usize {
    let end = match (flow, end_event) {
        (true, Some(end)) => end,
        _ => last_child.unwrap_or(start),
    };
    end.max(start)
}

/// The position just after the `:` that follows a key ending at `key_end` (or `key_end` itself).
fn after_colon(text: &str, key_end: usize) -> usize {
    let rest = text.get(key_end..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("");
    line.find(':').map_or(key_end, |i| key_end + i + 1)
}

/// Narrows a quoted scalar's span to the characters between its quotes.
fn inside_quotes(text: &str, range: TextRange) -> TextRange {
    let bytes = text.as_bytes();
    let open = bytes.get(range.start).copied();
    if range.len() >= 2 && matches!(open, Some(b'"' | b'\'')) && bytes.get(range.end - 1).copied() == open {
        TextRange::new(range.start + 1, range.end - 1)
    } else {
        range
    }
}

/// Turns a saphyr error into a problem covering the character at `at` (nothing at a line end).
fn syntax_problem(text: &str, at: usize, offset: usize, info: &str) -> Problem {
    let width = text[at..].chars().next().filter(|c| *c != '\n' && *c != '\r').map_or(0, char::len_utf8);
    let info = info.trim();
    let info =
        info.strip_prefix("while parsing a ").map_or(info, |rest| rest.split_once(", ").map_or(rest, |(_, r)| r));
    Problem {
        range: TextRange::new(at, at + width).shifted(offset),
        message: format!("YAML syntax error: {info}"),
        help: Some(syntax_help(info).to_owned()),
    }
}

/// What to do about the usual YAML mistakes in prompt headers.
fn syntax_help(info: &str) -> &'static str {
    if info.contains("','") && info.contains("']'") {
        "close the list with `]`, and separate its items with `,`"
    } else if info.contains("','") && info.contains("'}'") {
        "close the mapping with `}`, and separate its entries with `,`"
    } else if info.contains("mapping values are not allowed") {
        "quote the value: a `: ` inside an unquoted value starts a new mapping"
    } else if info.contains("tab") {
        "indent with spaces: YAML does not allow tabs for indentation"
    } else if info.contains("quoted scalar") {
        "close the quoted value with the same quote it opened with"
    } else if info.contains("did not find expected key") || info.contains("block") {
        "check the indentation of this line against the keys above it"
    } else if info.contains("alias") || info.contains("anchor") {
        "quote values that start with `*` or `&`"
    } else {
        "correct the YAML at this position; modelfit still checks the body meanwhile"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, r: TextRange) -> &str {
        &text[r.as_range()]
    }

    #[test]
    fn keys_and_values_have_exact_ranges() {
        let text = "model: gpt-4o   # pinned\nname: \"Greeter\"\nquote: 'it''s'\nconfig:\n  temperature: 0.2\n  stop: [a, \"b\"]\nempty:\n";
        let parsed = parse(text, 0);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let root = parsed.root.expect("a root");
        let model = root.entry("model").expect("model");
        assert_eq!(slice(text, model.key.range), "model");
        assert_eq!(slice(text, model.value.range), "gpt-4o");
        assert_eq!(slice(text, root.get("name").expect("name").range), "Greeter");
        let quote = root.get("quote").expect("quote");
        assert_eq!(slice(text, quote.range), "it''s");
        assert_eq!(quote.as_str(), Some("it's"));
        let config = root.get("config").expect("config");
        assert_eq!(slice(text, config.range), "temperature: 0.2\n  stop: [a, \"b\"]");
        let stop = config.get("stop").expect("stop");
        assert_eq!(slice(text, stop.range), "[a, \"b\"]");
        assert!(stop.as_sequence().expect("list").flow);
        assert_eq!(slice(text, stop.as_sequence().expect("list").items[1].range), "b");
        let empty = root.get("empty").expect("empty");
        assert!(empty.is_null());
        assert_eq!(empty.range, TextRange::empty(text.len() - 1));
    }

    #[test]
    fn ranges_are_bytes_after_cjk_and_astral_characters() {
        let text = "名前: 挨拶する 🤖\nmodel: \"gpt-4o\"\n説明: [\"𝒳\", y]\n";
        let root = parse(text, 0).root.expect("root");
        assert_eq!(slice(text, root.entry("名前").expect("name").value.range), "挨拶する 🤖");
        assert_eq!(slice(text, root.get("model").expect("model").range), "gpt-4o");
        let items = &root.get("説明").expect("list").as_sequence().expect("seq").items;
        assert_eq!(slice(text, items[0].range), "𝒳");
        assert_eq!(slice(text, items[1].range), "y");
    }

    #[test]
    fn crlf_and_offset() {
        let file = "---\r\nmodel: o3\r\nconfig:\r\n  topK: 3\r\n";
        let root = parse(&file[5..], 5).root.expect("root");
        assert_eq!(slice(file, root.get("model").expect("model").range), "o3");
        let top_k = root.get("config").expect("config").entry("topK").expect("topK");
        assert_eq!(slice(file, top_k.key.range), "topK");
        assert_eq!(slice(file, top_k.value.range), "3");
    }

    #[test]
    fn syntax_error_is_a_problem_at_its_position_and_keeps_earlier_entries() {
        let text = "model: gpt-4.1\ntools: [search, fetch\n";
        let parsed = parse(text, 10);
        assert_eq!(parsed.problems.len(), 1);
        let problem = &parsed.problems[0];
        assert!(problem.message.starts_with("YAML syntax error: "), "{}", problem.message);
        assert!(problem.message.contains("expected ',' or ']'"), "{}", problem.message);
        assert_eq!(
            problem.range,
            TextRange::new(10 + text.find('[').expect("bracket"), 11 + text.find('[').expect("b"))
        );
        assert!(problem.message.ends_with("(this `[` is never closed)"), "{}", problem.message);
        let root = parsed.root.expect("partial root");
        assert_eq!(root.get("model").and_then(Node::as_str), Some("gpt-4.1"));
    }

    #[test]
    fn error_position_counts_bytes_after_multibyte_text() {
        let text = "名前: \"閉じていない\nmodel: x\n";
        let parsed = parse(text, 0);
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
        let at = parsed.problems[0].range.start;
        assert!(text.is_char_boundary(at) && at <= text.len());
        let text = "a: b\nc: d: e 🤖\n";
        let parsed = parse(text, 0);
        let at = parsed.problems[0].range.start;
        assert!(text.is_char_boundary(at), "{at}");
        assert!(parsed.problems[0].help.as_deref().unwrap_or("").contains("quote"), "{:?}", parsed.problems);
    }

    #[test]
    fn duplicate_keys_are_reported_and_the_first_wins() {
        let text = "model: a\nname: n\nmodel: b\n";
        let parsed = parse(text, 0);
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(slice(text, parsed.problems[0].range), "model");
        assert_eq!(parsed.problems[0].range.start, 17);
        assert!(parsed.problems[0].message.contains("line 1"));
        assert_eq!(parsed.root.expect("root").get("model").and_then(Node::as_str), Some("a"));
    }

    #[test]
    fn tabs_in_indentation_are_reported() {
        let parsed = parse("model:\n\tname: x\n", 0);
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    }

    #[test]
    fn never_panics_on_mangled_input() {
        let samples = [
            "model: gpt-4o\nconfig:\n  temperature: 0.2\n  thinking: {type: enabled, budget_tokens: 1024}\ntools: [\"a\", 'b']\n",
            "model:\n  configuration:\n    name: \"o3-mini\"\n  parameters:\n    stop:\n      - \"\\n\"\n      - 'x'\n",
            "a: |\n  literal 名前\n  🤖 text\nb: >-\n  folded\n? complex\n: value\n&anchor c: *anchor\n",
        ];
        let junk = [
            "\t", "---", "...", "\0", "\u{feff}", "{", "]", "\"", "'", ":", "- ", "\r", "🤖", "名", "&", "*", "!", "%",
            "@", "`", "|", ">",
        ];
        for sample in samples {
            let chars: Vec<(usize, char)> = sample.char_indices().collect();
            for (n, &(i, _)) in chars.iter().enumerate() {
                let _ = parse(&sample[..i], 0);
                let j = junk[n % junk.len()];
                let mangled = format!("{}{j}{}", &sample[..i], &sample[i..]);
                let parsed = parse(&mangled, 3);
                for p in &parsed.problems {
                    assert!(p.range.end <= mangled.len() + 3, "{mangled:?}: {p:?}");
                }
            }
        }
    }
}
