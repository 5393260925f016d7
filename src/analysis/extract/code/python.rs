//! Python: SDK calls with keyword arguments (`client.chat.completions.create(model=..., ...)`).

use tree_sitter::Node;

use super::{
    Bindings, Dialect, Entry, FieldChild, FieldName, Grammar, Root, Str, Syntax, Value, Walked, constant_unit,
    each_node, entry_range, is_request_method, number_literal, range, sdk_unit, walk,
};
use crate::analysis::extract::PromptUnit;
use crate::analysis::text::TextRange;

/// Nodes that open a new scope for names.
const SCOPES: &[&str] = &["function_definition", "lambda", "class_definition"];

/// Every node kind the extraction walk stops at.
const WALKED: &[&str] = &[
    "comment",
    "call",
    "assignment",
    "augmented_assignment",
    "parameters",
    "lambda_parameters",
    "function_definition",
    "lambda",
    "class_definition",
];

/// How far a chain of names (`A = B`, `B = "x"`) is followed.
const MAX_DEPTH: usize = 8;

struct Python<'t> {
    text: &'t str,
    bindings: Bindings<'t>,
}

static GRAMMAR: Grammar = Grammar {
    calls: &["call"],
    scopes: SCOPES,
    walked: WALKED,
    is_parameters: |kind| kind.ends_with("parameters"),
    parameter_name: |param| match param.kind() {
        "identifier" => Some(param),
        "default_parameter" | "typed_default_parameter" => param.field(FieldName::Name),
        "typed_parameter" => param.named_child(0),
        _ => None,
    },
    binding: |node| Some((node.field(FieldName::Left)?, node.field(FieldName::Right)?)),
    constants: &["assignment"],
    comments: &["comment"],
    // Statements only: a function or class without any SDK or prompt word holds no unit, and its
    // names are not visible outside it.
    prunable: &["function_definition", "class_definition"],
    literals: &["string"],
    // An f-string's (or a t-string's) interpolations hold code: its prefix (`f`, `rf`, `t`...) says so.
    interpolates: |node, text| {
        text.as_bytes()[node.start_byte()..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .any(|b| matches!(b, b'f' | b'F' | b't' | b'T'))
    },
};

/// The prompt units in `roots` (with the names bound there): prompt constants, AI comments and SDK calls.
pub(crate) fn units<'t>(roots: &[Root<'t>], text: &'t str, prune: bool) -> (Vec<PromptUnit>, Bindings<'t>) {
    let Walked { bindings, comments, constants, calls } = walk(roots, text, &GRAMMAR, prune);
    let python = Python { text, bindings };
    let mut units: Vec<PromptUnit> = constants
        .into_iter()
        .filter_map(|(name, node, value)| constant_unit(name, range(node), &python.value(value)))
        .collect();
    units.extend(super::comments::units(text, &comments));
    for call in calls {
        let (Some(function), Some(args)) = (call.field(FieldName::Function), call.field(FieldName::Arguments)) else {
            continue;
        };
        let callee = dotted(text, function);
        if !is_request_method(&callee) {
            continue;
        }
        let mut entries = keyword_entries(text, args);
        if let Some(object) = function.field(FieldName::Object) {
            entries.push(Entry {
                key: "#receiver".to_owned(),
                key_range: range(object),
                value: object,
                removal: range(object),
            });
        }
        if let Some(unit) = sdk_unit(&python, &callee, range(call), &entries) {
            units.push(unit);
        }
    }
    (units, python.bindings)
}

/// `client.chat.completions.create`; a call in the chain reads `OpenAI().chat…`.
fn dotted(text: &str, node: Node<'_>) -> String {
    match node.kind() {
        "identifier" => text[node.byte_range()].to_owned(),
        "attribute" => {
            let object = node.field(FieldName::Object).map_or_else(String::new, |o| dotted(text, o));
            let attribute = node.field(FieldName::Attribute).map_or("", |a| &text[a.byte_range()]);
            format!("{object}.{attribute}")
        }
        "call" => node.field(FieldName::Function).map_or_else(String::new, |f| dotted(text, f)) + "()",
        _ => "?".to_owned(),
    }
}

/// The arguments of an argument list (positional ones keyed `#0`, `#1`…), with ranges that
/// delete each cleanly.
fn keyword_entries<'t>(text: &str, args: Node<'t>) -> Vec<Entry<'t>> {
    let mut cursor = args.walk();
    let items: Vec<Node<'t>> = args.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect();
    let ranges: Vec<TextRange> = items.iter().map(|n| range(*n)).collect();
    items
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            if n.kind() != "keyword_argument" {
                // Positional arguments come first; their index is their place in the list.
                let positional = !matches!(n.kind(), "list_splat" | "dictionary_splat");
                return positional.then(|| Entry {
                    key: format!("#{i}"),
                    key_range: range(*n),
                    value: *n,
                    removal: entry_range(&ranges, i),
                });
            }
            let name = n.field(FieldName::Name)?;
            let value = n.field(FieldName::Value)?;
            Some(Entry {
                key: text[name.byte_range()].to_owned(),
                key_range: range(name),
                value,
                removal: entry_range(&ranges, i),
            })
        })
        .collect()
}

impl<'t> Python<'t> {
    fn value_at(&self, node: Node<'t>, depth: usize) -> Value<'t> {
        let text = self.text;
        match node.kind() {
            "string" => string(text, node).map_or(Value::Unknown, Value::Str),
            "concatenated_string" => {
                let mut cursor = node.walk();
                let parts: Option<Vec<Str>> = node.named_children(&mut cursor).map(|s| string(text, s)).collect();
                concat(parts.unwrap_or_default())
            }
            "binary_operator" if node.field(FieldName::Operator).is_some_and(|o| o.kind() == "+") => {
                match (
                    node.field(FieldName::Left).map(|l| self.value_at(l, depth)),
                    node.field(FieldName::Right).map(|r| self.value_at(r, depth)),
                ) {
                    (Some(Value::Str(a)), Some(Value::Str(b))) => concat(vec![a, b]),
                    _ => Value::Unknown,
                }
            }
            "integer" | "float" => number_literal(&text[node.byte_range()]).map_or(Value::Unknown, Value::Number),
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "none" => Value::Null,
            "unary_operator" => match node.field(FieldName::Argument).map(|a| self.value_at(a, depth)) {
                Some(Value::Number(n)) if node.field(FieldName::Operator).is_some_and(|o| o.kind() == "-") => {
                    Value::Number(-n)
                }
                Some(Value::Number(n)) => Value::Number(n),
                _ => Value::Unknown,
            },
            "parenthesized_expression" => {
                node.named_child(0).map_or(Value::Unknown, |inner| self.value_at(inner, depth))
            }
            "dictionary" => Value::Dict(dict_entries(text, node)),
            // `dict(type="enabled", budget_tokens=2048)`
            "call" if node.field(FieldName::Function).is_some_and(|f| &text[f.byte_range()] == "dict") => {
                node.field(FieldName::Arguments).map_or(Value::Unknown, |a| Value::Dict(keyword_entries(text, a)))
            }
            "call" => match (node.field(FieldName::Function), node.field(FieldName::Arguments)) {
                (Some(function), Some(args)) if args.kind() == "argument_list" => {
                    Value::Call { callee: dotted(text, function), args: keyword_entries(text, args) }
                }
                _ => Value::Unknown,
            },
            "list" | "tuple" => {
                let mut cursor = node.walk();
                Value::List(node.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect())
            }
            "identifier" if depth < MAX_DEPTH => self
                .bindings
                .lookup(&text[node.byte_range()], node)
                .map_or(Value::Unknown, |bound| self.value_at(bound, depth + 1)),
            _ => Value::Unknown,
        }
    }
}

impl<'t> Syntax<'t> for Python<'t> {
    fn value(&self, node: Node<'t>) -> Value<'t> {
        self.value_at(node, 0)
    }
}

fn concat(parts: Vec<Str>) -> Value<'static> {
    let mut parts = parts.into_iter();
    let Some(mut first) = parts.next() else { return Value::Unknown };
    for part in parts {
        first.append(part);
    }
    Value::Str(first)
}

/// The entries of a dictionary display whose keys are plain strings.
fn dict_entries<'t>(text: &str, dict: Node<'t>) -> Vec<Entry<'t>> {
    let mut cursor = dict.walk();
    let items: Vec<Node<'t>> = dict.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect();
    let ranges: Vec<TextRange> = items.iter().map(|n| range(*n)).collect();
    items
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind() == "pair")
        .filter_map(|(i, n)| {
            let key = n.field(FieldName::Key)?;
            let value = n.field(FieldName::Value)?;
            let name = string(text, key).filter(Str::is_static)?;
            let key_range = name.content_range();
            Some(Entry { key: name.value, key_range, value, removal: entry_range(&ranges, i) })
        })
        .collect()
}

/// A string literal, decoded; `None` for bytes literals and for anything that is not a string.
pub(crate) fn string(text: &str, node: Node<'_>) -> Option<Str> {
    if node.kind() != "string" {
        return None;
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.children(&mut cursor).collect();
    let start = children.iter().find(|c| c.kind() == "string_start")?;
    let end = children.iter().rev().find(|c| c.kind() == "string_end")?;
    let opener = &text[start.byte_range()];
    let prefix = opener.trim_end_matches(['"', '\'']).to_ascii_lowercase();
    if prefix.contains('b') {
        return None;
    }
    let dialect = Dialect::Python { raw: prefix.contains('r'), format: prefix.contains('f') || prefix.contains('t') };
    let content = TextRange::new(start.end_byte(), end.start_byte().max(start.end_byte()));
    let mut holes = Vec::new();
    each_node(node, &["interpolation"], |hole| {
        // Nested interpolations (a format spec's `{width}`) sit inside an outer one already.
        if !holes.iter().any(|h: &TextRange| h.start <= hole.start_byte() && hole.end_byte() <= h.end) {
            holes.push(range(hole));
        }
    });
    Some(Str::decode(text, content, &holes, dialect))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::extract::code::parse;
    use tree_sitter::Tree;

    fn parsed(text: &str) -> Tree {
        parse(&tree_sitter_python::LANGUAGE.into(), text).expect("python grammar loads")
    }

    fn first_string(text: &str) -> Value<'static> {
        let tree = parsed(text);
        let root = tree.root_node();
        let mut found = None;
        each_node(root, &["expression_statement"], |n| {
            if found.is_none() {
                found = n.named_child(0);
            }
        });
        let python = Python { text, bindings: Bindings::new(tree.root_node()) };
        match python.value(found.expect("an expression")) {
            Value::Str(s) => Value::Str(s),
            Value::Number(n) => Value::Number(n),
            _ => Value::Unknown,
        }
    }

    fn str_of(text: &str) -> Str {
        match first_string(text) {
            Value::Str(s) => s,
            _ => panic!("not a string: {text}"),
        }
    }

    #[test]
    fn the_walk_stops_at_every_scope() {
        assert!(SCOPES.iter().all(|s| WALKED.contains(s)));
    }

    #[test]
    fn string_kinds() {
        let s = str_of("\"a\\tb\"\n");
        assert_eq!(s.value, "a\tb");
        assert_eq!(s.parts, vec![TextRange::new(1, 5)]);
        let s = str_of("r'C:\\new'\n");
        assert_eq!(s.value, "C:\\new");
        let s = str_of("\"\"\"Line one\nline \\\"two\\\"\"\"\"\n");
        assert_eq!(s.value, "Line one\nline \"two\"");
        assert_eq!(s.parts, vec![TextRange::new(3, 24)]);
        let src = "f\"Hi {name!r}, {{x}} {d['k']:>{w}}\"\n";
        let s = str_of(src);
        assert_eq!(s.value, "Hi {name!r}, {x} {d['k']:>{w}}");
        let holes: Vec<&str> = s.placeholders.iter().map(|r| &src[r.as_range()]).collect();
        assert_eq!(holes, ["{name!r}", "{d['k']:>{w}}"]);
        let s = str_of("(\"You are \"\n \"terse.\")\n");
        assert_eq!(s.value, "You are terse.");
        assert_eq!(s.parts.len(), 2);
        let s = str_of("\"a\" + 'b' + \"c\"\n");
        assert_eq!(s.value, "abc");
        assert!(matches!(first_string("b\"bytes\"\n"), Value::Unknown));
        assert!(matches!(first_string("-2_000\n"), Value::Number(n) if (n + 2000.0).abs() < 1e-9));
    }
}
