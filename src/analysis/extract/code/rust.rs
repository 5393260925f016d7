//! Rust: async-openai request builders.
//!
//! ```text
//! CreateChatCompletionRequestArgs::default()
//!     .model("o3-mini")
//!     .messages([ChatCompletionRequestSystemMessageArgs::default().content("…").build()?.into()])
//!     .temperature(0.2)
//!     .build()?
//! ```
//!
//! Each builder method is an argument, keyed by its name; deleting one removes `.temperature(0.2)`
//! with the line break before it, which leaves the chain valid. Messages are builders too
//! (`ChatCompletionRequestUserMessageArgs`) or `ChatCompletionRequestUserMessage::from("…")`,
//! in an array or a `vec![…]`.

use tree_sitter::Node;

use super::{
    Bindings, Dialect, Entry, FieldChild, FieldName, Grammar, Root, Str, Syntax, Value, Walked, constant_unit,
    entry_range, is_request_method, range, sdk_unit, walk,
};
use crate::analysis::extract::PromptUnit;
use crate::analysis::text::TextRange;

/// Nodes that open a new scope for names.
const SCOPES: &[&str] = &["function_item", "closure_expression"];

/// Every node kind the extraction walk stops at.
const WALKED: &[&str] = &[
    "line_comment",
    "block_comment",
    "call_expression",
    "let_declaration",
    "const_item",
    "static_item",
    "parameters",
    "closure_parameters",
    "function_item",
    "closure_expression",
];

/// How far a chain of names is followed.
const MAX_DEPTH: usize = 8;

/// Methods that finish a builder or convert its result without changing what it says.
const FINISHERS: &[&str] = &["build", "into", "unwrap", "expect", "clone", "to_owned", "to_string"];

struct Rust<'t> {
    text: &'t str,
    bindings: Bindings<'t>,
}

static GRAMMAR: Grammar = Grammar {
    calls: &["call_expression"],
    scopes: SCOPES,
    walked: WALKED,
    is_parameters: |kind| kind == "parameters" || kind == "closure_parameters",
    parameter_name: |param| match param.kind() {
        "identifier" => Some(param),
        "parameter" => param.field(FieldName::Pattern),
        _ => None,
    },
    binding: |node| {
        let name = if node.kind() == "let_declaration" { FieldName::Pattern } else { FieldName::Name };
        Some((node.field(name)?, node.field(FieldName::Value)?))
    },
    constants: &["const_item", "static_item", "let_declaration"],
    comments: &["line_comment", "block_comment"],
    // Go and Rust name SDK calls in capitalised words the scope hints do not cover
    // (`client.Messages.New`, `CreateResponseArgs`): their whole tree is walked.
    prunable: &[],
    literals: &["string_literal", "raw_string_literal", "char_literal"],
    interpolates: |_, _| false,
};

/// The prompt units in `roots` (with the names bound there): prompt constants, AI comments and request builders.
pub(crate) fn units<'t>(roots: &[Root<'t>], text: &'t str, prune: bool) -> (Vec<PromptUnit>, Bindings<'t>) {
    let Walked { bindings, comments, constants, calls } = walk(roots, text, &GRAMMAR, prune);
    let rust = Rust { text, bindings };
    let mut units: Vec<PromptUnit> = constants
        .into_iter()
        .filter_map(|(name, node, value)| constant_unit(name, range(node), &rust.value(value)))
        .collect();
    units.extend(super::comments::units(text, &comments));
    for call in calls {
        // A request is the `.build()` that ends a builder chain.
        if method_name(text, call) != Some("build") {
            continue;
        }
        let Some((builder, entries)) = chain(text, call) else { continue };
        if !is_request_method(&builder) {
            continue;
        }
        if let Some(unit) = sdk_unit(&rust, &builder, range(call), &entries) {
            units.push(unit);
        }
    }
    (units, rust.bindings)
}

/// The method of a call `receiver.method(…)`.
fn method_name<'a>(text: &'a str, call: Node<'_>) -> Option<&'a str> {
    let function = call.field(FieldName::Function).filter(|f| f.kind() == "field_expression")?;
    function.field(FieldName::Field).map(|f| &text[f.byte_range()])
}

/// Reads a builder chain down to `Type::default()` / `Type::new()`: the type's name and each
/// method call as an entry keyed by the method (its first argument is the value).
fn chain<'t>(text: &str, outer: Node<'t>) -> Option<(String, Vec<Entry<'t>>)> {
    let mut entries = Vec::new();
    let mut node = outer;
    loop {
        match node.kind() {
            "try_expression" | "parenthesized_expression" => node = node.named_child(0)?,
            "call_expression" => {
                let function = node.field(FieldName::Function)?;
                match function.kind() {
                    "field_expression" => {
                        let receiver = function.field(FieldName::Value)?;
                        let field = function.field(FieldName::Field)?;
                        let name = &text[field.byte_range()];
                        if !FINISHERS.contains(&name) {
                            // The value is the argument list, so a finding covers `temperature(0.2)`.
                            let args = node.field(FieldName::Arguments)?;
                            if args.named_child_count() > 0 {
                                let value = args;
                                entries.push(Entry {
                                    key: name.to_owned(),
                                    key_range: range(field),
                                    value,
                                    // From the end of the receiver: `\n    .temperature(0.2)`.
                                    removal: TextRange::new(receiver.end_byte(), node.end_byte()),
                                });
                            }
                        }
                        node = receiver;
                    }
                    "scoped_identifier" => {
                        let ty = function.field(FieldName::Path)?;
                        let constructor = function.field(FieldName::Name).map(|n| &text[n.byte_range()]);
                        if !matches!(constructor, Some("default" | "new")) {
                            return None;
                        }
                        entries.reverse();
                        let ty = &text[ty.byte_range()];
                        return Some((ty.rsplit("::").next().unwrap_or(ty).to_owned(), entries));
                    }
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
}

impl<'t> Rust<'t> {
    fn value_at(&self, node: Node<'t>, depth: usize) -> Value<'t> {
        let text = self.text;
        match node.kind() {
            "string_literal" | "raw_string_literal" => string(text, node).map_or(Value::Unknown, Value::Str),
            "integer_literal" | "float_literal" => {
                number(&text[node.byte_range()]).map_or(Value::Unknown, Value::Number)
            }
            "boolean_literal" => Value::Bool(&text[node.byte_range()] == "true"),
            "unary_expression" => {
                let negative = text[node.byte_range()].starts_with('-');
                match node.named_child(0).map(|a| self.value_at(a, depth)) {
                    Some(Value::Number(n)) if negative => Value::Number(-n),
                    _ => Value::Unknown,
                }
            }
            // A builder method's argument list, read as its one argument.
            "parenthesized_expression" | "try_expression" | "arguments" => node
                .named_children(&mut node.walk())
                .find(|n| !n.kind().ends_with("comment"))
                .map_or(Value::Unknown, |inner| self.value_at(inner, depth)),
            "reference_expression" => {
                node.field(FieldName::Value).map_or(Value::Unknown, |inner| self.value_at(inner, depth))
            }
            "array_expression" => {
                let mut cursor = node.walk();
                Value::List(node.named_children(&mut cursor).filter(|n| !n.kind().ends_with("comment")).collect())
            }
            "macro_invocation" => self.vec_macro(node),
            "call_expression" => self.call(node, depth),
            "identifier" if depth < MAX_DEPTH => self
                .bindings
                .lookup(&text[node.byte_range()], node)
                .map_or(Value::Unknown, |bound| self.value_at(bound, depth + 1)),
            _ => Value::Unknown,
        }
    }

    /// A call: a builder (`XArgs::default().content("…").build()?`), a conversion
    /// (`ChatCompletionRequestUserMessage::from("…")`), or a finisher on a named value (`system.into()`).
    fn call(&self, node: Node<'t>, depth: usize) -> Value<'t> {
        let text = self.text;
        let Some(function) = node.field(FieldName::Function) else { return Value::Unknown };
        if function.kind() == "field_expression"
            && let Some(receiver) = function.field(FieldName::Value)
            && method_name(text, node).is_some_and(|m| FINISHERS.contains(&m))
            && !matches!(receiver.kind(), "call_expression" | "try_expression")
        {
            return self.value_at(receiver, depth);
        }
        if let Some((builder, args)) = chain(text, node) {
            return Value::Call { callee: builder, args };
        }
        if function.kind() == "scoped_identifier"
            && let Some(path) = function.field(FieldName::Path)
            && function.field(FieldName::Name).is_some_and(|n| &text[n.byte_range()] == "from")
            && let Some(args) = node.field(FieldName::Arguments)
        {
            let items: Vec<Node<'t>> =
                args.named_children(&mut args.walk()).filter(|n| !n.kind().ends_with("comment")).collect();
            let ranges: Vec<TextRange> = items.iter().map(|n| range(*n)).collect();
            let args = items
                .iter()
                .enumerate()
                .map(|(i, n)| Entry {
                    key: format!("#{i}"),
                    key_range: range(*n),
                    value: *n,
                    removal: entry_range(&ranges, i),
                })
                .collect();
            let ty = &text[path.byte_range()];
            return Value::Call { callee: ty.rsplit("::").next().unwrap_or(ty).to_owned(), args };
        }
        Value::Unknown
    }

    /// `vec![a, b]`: the token tree's top-level items, each read as an expression when it is one
    /// token tree-sitter parsed (a literal or a name); a message builder inside a macro is only
    /// tokens, so it is rebuilt from them: its type names the role, its first string the content.
    fn vec_macro(&self, node: Node<'t>) -> Value<'t> {
        let text = self.text;
        let is_vec = node.field(FieldName::Macro).is_some_and(|m| &text[m.byte_range()] == "vec");
        let Some(tokens) = node.named_children(&mut node.walk()).find(|n| n.kind() == "token_tree") else {
            return Value::Unknown;
        };
        if !is_vec {
            return Value::Unknown;
        }
        let mut items: Vec<Vec<Node<'t>>> = vec![Vec::new()];
        let mut cursor = tokens.walk();
        for child in tokens.children(&mut cursor) {
            match child.kind() {
                "," => items.push(Vec::new()),
                "[" | "]" | "(" | ")"
                    if child.start_byte() == tokens.start_byte() || child.end_byte() == tokens.end_byte() => {}
                _ => items.last_mut().into_iter().for_each(|item| item.push(child)),
            }
        }
        let mut list = Vec::new();
        let mut messages = Vec::new();
        for item in items.into_iter().filter(|i| !i.is_empty()) {
            let role_type = item
                .iter()
                .find(|t| t.kind() == "identifier" && super::sdk::constructor_role(&text[t.byte_range()]).is_some());
            // The content is the argument of `.content(…)` or `::from(…)`.
            let content = item.windows(2).find_map(|pair| {
                let named = pair[0].kind() == "identifier" && matches!(&text[pair[0].byte_range()], "content" | "from");
                if !named || pair[1].kind() != "token_tree" {
                    return None;
                }
                pair[1].named_child(0)
            });
            match (role_type, content) {
                (Some(ty), Some(content)) => messages.push((text[ty.byte_range()].to_owned(), content)),
                _ => list.extend(item.first().copied()),
            }
        }
        if messages.is_empty() { Value::List(list) } else { Value::Messages(messages) }
    }
}

impl<'t> Syntax<'t> for Rust<'t> {
    fn value(&self, node: Node<'t>) -> Value<'t> {
        self.value_at(node, 0)
    }
}

/// A Rust number literal with its type suffix (`100u32`, `0.2_f32`, `1_000`, `0x10`).
fn number(literal: &str) -> Option<f64> {
    let clean: String = literal.chars().filter(|c| *c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    let radix = |prefix: &str, radix: u32| {
        let digits = lower.strip_prefix(prefix)?;
        let end = digits.find(|c: char| !c.is_digit(radix)).unwrap_or(digits.len());
        i64::from_str_radix(&digits[..end], radix).ok()
    };
    if let Some(n) = radix("0x", 16).or_else(|| radix("0o", 8)).or_else(|| radix("0b", 2)) {
        return Some(n as f64);
    }
    let suffix = ["u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64"];
    let body = suffix.iter().find_map(|s| lower.strip_suffix(s)).unwrap_or(&lower);
    body.parse::<f64>().ok()
}

/// A string literal (`"…"`, `r#"…"#`), decoded; `None` for byte and C strings.
pub(crate) fn string(text: &str, node: Node<'_>) -> Option<Str> {
    let source = &text[node.byte_range()];
    if source.starts_with(['b', 'c']) {
        return None;
    }
    let raw = node.kind() == "raw_string_literal";
    let mut cursor = node.walk();
    let content = node.named_children(&mut cursor).find(|c| c.kind() == "string_content");
    let content = if raw {
        // `r##"…"##`: the content node when present, else nothing between the quotes.
        let open = source.find('"')? + 1;
        content.map_or(TextRange::new(node.start_byte() + open, node.start_byte() + open), range)
    } else {
        let (start, end) = (node.start_byte(), node.end_byte());
        if end < start + 2 {
            return None;
        }
        let closed = text.as_bytes()[end - 1] == b'"';
        TextRange::new(start + 1, if closed { end - 1 } else { end })
    };
    Some(Str::decode(text, content, &[], Dialect::Rust { raw }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::extract::code::{each_node, parse};

    fn str_of(text: &str) -> Option<Str> {
        let tree = parse(&tree_sitter_rust::LANGUAGE.into(), text).expect("grammar loads");
        let mut found = None;
        each_node(tree.root_node(), &["string_literal", "raw_string_literal"], |n| {
            if found.is_none() {
                found = Some(n);
            }
        });
        string(text, found.expect("a string"))
    }

    #[test]
    fn the_walk_stops_at_every_scope() {
        assert!(SCOPES.iter().all(|s| WALKED.contains(s)));
    }

    #[test]
    fn string_kinds_and_their_source_ranges() {
        let src = "const P: &str = \"Say \\\"hi\\\" \\u{1F916}\\x41\\n\\\n        then go\";\n";
        let s = str_of(src).expect("a string");
        assert_eq!(s.value, "Say \"hi\" 🤖A\nthen go");
        let at = |needle: &str| {
            let i = s.value.find(needle).expect("in value");
            &src[s.source_range(i..i + needle.len()).as_range()]
        };
        assert_eq!(at("🤖"), "\\u{1F916}");
        assert_eq!(at("then go"), "then go");
        assert_eq!(at("\nthen"), "\\n\\\n        then");
        let src = "const P: &str = r#\"A \"raw\" \\n string\"#;\n";
        let s = str_of(src).expect("a string");
        assert_eq!(s.value, "A \"raw\" \\n string");
        assert_eq!(&src[s.content_range().as_range()], "A \"raw\" \\n string");
        assert!(str_of("const B: &[u8] = b\"bytes\";\n").is_none());
        assert!(str_of("const B: &[u8] = br#\"bytes\"#;\n").is_none());
    }

    #[test]
    fn numbers_with_suffixes() {
        assert_eq!(number("100u32"), Some(100.0));
        assert_eq!(number("0.2_f32"), Some(0.2));
        assert_eq!(number("1_000"), Some(1000.0));
        assert_eq!(number("0x10u8"), Some(16.0));
    }
}
