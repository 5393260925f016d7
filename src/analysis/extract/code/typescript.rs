//! JavaScript, TypeScript and TSX: SDK calls with an object argument
//! (`client.chat.completions.create({ model: "o3-mini", messages: [...] })`). One module for the
//! three; the grammar is chosen by the file's format.

use tree_sitter::Node;

use super::{
    Bindings, Dialect, Entry, FieldChild, FieldName, Grammar, Root, Str, Syntax, Value, Walked, constant_unit,
    entry_range, is_request_method, number_literal, range, sdk_unit, walk,
};
use crate::analysis::extract::PromptUnit;
use crate::analysis::text::TextRange;

/// Nodes that open a new scope for names.
const SCOPES: &[&str] = &[
    "function_declaration",
    "function_expression",
    "function",
    "arrow_function",
    "method_definition",
    "generator_function_declaration",
    "generator_function",
    "class_declaration",
];

/// Every node kind the extraction walk stops at: the scopes and these.
const WALKED: &[&str] = &[
    "comment",
    "call_expression",
    "new_expression",
    "variable_declarator",
    "assignment_expression",
    "formal_parameters",
    "function_declaration",
    "function_expression",
    "function",
    "arrow_function",
    "method_definition",
    "generator_function_declaration",
    "generator_function",
    "class_declaration",
];

/// How far a chain of names (`const a = b`, `const b = "x"`) is followed.
const MAX_DEPTH: usize = 8;

/// Wrappers that do not change a value: `(x)`, `x as T`, `x satisfies T`, `x!`, `<T>x`.
const TRANSPARENT: &[&str] =
    &["parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "type_assertion"];

struct Js<'t> {
    text: &'t str,
    bindings: Bindings<'t>,
}

static GRAMMAR: Grammar = Grammar {
    calls: &["call_expression", "new_expression"],
    scopes: SCOPES,
    walked: WALKED,
    is_parameters: |kind| kind == "formal_parameters",
    parameter_name: |param| match param.kind() {
        "identifier" => Some(param),
        "required_parameter" | "optional_parameter" => param.field(FieldName::Pattern),
        "assignment_pattern" => param.field(FieldName::Left),
        _ => None,
    },
    binding: |node| {
        let (name, value) = if node.kind() == "variable_declarator" {
            (FieldName::Name, FieldName::Value)
        } else {
            (FieldName::Left, FieldName::Right)
        };
        Some((node.field(name)?, node.field(value)?))
    },
    constants: &["variable_declarator"],
    comments: &["comment"],
    // Declarations only (never an expression that a request's argument could hold).
    prunable: &["function_declaration", "generator_function_declaration", "class_declaration"],
    literals: &["string"],
    // Template strings, which interpolate, are not literals here.
    interpolates: |_, _| false,
};

/// The prompt units in `roots` (with the names bound there): prompt constants, AI comments and SDK calls.
pub(crate) fn units<'t>(roots: &[Root<'t>], text: &'t str, prune: bool) -> (Vec<PromptUnit>, Bindings<'t>) {
    let Walked { bindings, comments, constants, calls } = walk(roots, text, &GRAMMAR, prune);
    let js = Js { text, bindings };
    let mut units: Vec<PromptUnit> = constants
        .into_iter()
        .filter_map(|(name, node, value)| {
            // The whole declaration (`export const X = ...;`) when it declares only this name.
            let whole = node.parent().filter(|d| d.named_child_count() == 1).unwrap_or(node);
            constant_unit(name, range(whole), &js.value(value))
        })
        .collect();
    units.extend(super::comments::units(text, &comments));
    for call in calls {
        let function = call.field(FieldName::Function).or_else(|| call.field(FieldName::Constructor));
        let (Some(function), Some(args)) = (function, call.field(FieldName::Arguments)) else {
            continue;
        };
        let callee = dotted(text, function);
        if !is_request_method(&callee) {
            continue;
        }
        // The request object is the first argument, or the second after a model name
        // (`initChatModel("o3-mini", { temperature: 0 })`); positional ones are kept too.
        let positional = arguments(args);
        let mut entries = Vec::new();
        for (i, arg) in positional.iter().enumerate().take(2) {
            match js.value(*arg) {
                Value::Dict(props) => {
                    entries.extend(props);
                    break;
                }
                _ => entries.push(Entry {
                    key: format!("#{i}"),
                    key_range: range(*arg),
                    value: *arg,
                    removal: range(*arg),
                }),
            }
        }
        if let Some(object) = function.field(FieldName::Object) {
            entries.push(Entry {
                key: "#receiver".to_owned(),
                key_range: range(object),
                value: object,
                removal: range(object),
            });
        }
        if let Some(unit) = sdk_unit(&js, &callee, range(call), &entries) {
            units.push(unit);
        }
    }
    (units, js.bindings)
}

/// The arguments of a call, comments left out.
fn arguments(args: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = args.walk();
    args.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect()
}

/// `client.chat.completions.create`; a call or `new` in the chain reads `new OpenAI().chat…`.
fn dotted(text: &str, node: Node<'_>) -> String {
    match node.kind() {
        "identifier" | "this" | "property_identifier" => text[node.byte_range()].to_owned(),
        "member_expression" => {
            let object = node.field(FieldName::Object).map_or_else(String::new, |o| dotted(text, o));
            let property = node.field(FieldName::Property).map_or("", |p| &text[p.byte_range()]);
            format!("{object}.{property}")
        }
        "call_expression" => node.field(FieldName::Function).map_or_else(String::new, |f| dotted(text, f)) + "()",
        "new_expression" => node.field(FieldName::Constructor).map_or_else(String::new, |f| dotted(text, f)) + "()",
        kind if TRANSPARENT.contains(&kind) => node.named_child(0).map_or_else(String::new, |n| dotted(text, n)),
        _ => "?".to_owned(),
    }
}

impl<'t> Js<'t> {
    fn value_at(&self, node: Node<'t>, depth: usize) -> Value<'t> {
        let text = self.text;
        match node.kind() {
            "string" | "template_string" => string(text, node).map_or(Value::Unknown, Value::Str),
            "binary_expression" if node.field(FieldName::Operator).is_some_and(|o| o.kind() == "+") => {
                match (
                    node.field(FieldName::Left).map(|l| self.value_at(l, depth)),
                    node.field(FieldName::Right).map(|r| self.value_at(r, depth)),
                ) {
                    (Some(Value::Str(mut a)), Some(Value::Str(b))) => {
                        a.append(b);
                        Value::Str(a)
                    }
                    _ => Value::Unknown,
                }
            }
            "number" => number_literal(&text[node.byte_range()]).map_or(Value::Unknown, Value::Number),
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" | "undefined" => Value::Null,
            "unary_expression" => match node.field(FieldName::Argument).map(|a| self.value_at(a, depth)) {
                Some(Value::Number(n)) if node.field(FieldName::Operator).is_some_and(|o| o.kind() == "-") => {
                    Value::Number(-n)
                }
                Some(Value::Number(n)) if node.field(FieldName::Operator).is_some_and(|o| o.kind() == "+") => {
                    Value::Number(n)
                }
                _ => Value::Unknown,
            },
            kind if TRANSPARENT.contains(&kind) => {
                node.named_child(0).map_or(Value::Unknown, |inner| self.value_at(inner, depth))
            }
            "object" => Value::Dict(object_entries(text, node)),
            "call_expression" | "new_expression" => {
                let function = node.field(FieldName::Function).or_else(|| node.field(FieldName::Constructor));
                match (function, node.field(FieldName::Arguments)) {
                    (Some(function), Some(args)) if args.kind() == "arguments" => {
                        let items = arguments(args);
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
                        Value::Call { callee: dotted(text, function), args }
                    }
                    _ => Value::Unknown,
                }
            }
            "array" => {
                let mut cursor = node.walk();
                Value::List(node.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect())
            }
            "identifier" | "shorthand_property_identifier" if depth < MAX_DEPTH => self
                .bindings
                .lookup(&text[node.byte_range()], node)
                .map_or(Value::Unknown, |bound| self.value_at(bound, depth + 1)),
            _ => Value::Unknown,
        }
    }
}

impl<'t> Syntax<'t> for Js<'t> {
    fn value(&self, node: Node<'t>) -> Value<'t> {
        self.value_at(node, 0)
    }
}

/// The properties of an object literal with a name (`model: x`, `"model": x`, shorthand `model`).
fn object_entries<'t>(text: &str, object: Node<'t>) -> Vec<Entry<'t>> {
    let mut cursor = object.walk();
    let items: Vec<Node<'t>> = object.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect();
    let ranges: Vec<TextRange> = items.iter().map(|n| range(*n)).collect();
    items
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            let (key, key_range, value) = match n.kind() {
                "pair" => {
                    let key = n.field(FieldName::Key)?;
                    let value = n.field(FieldName::Value)?;
                    match key.kind() {
                        "property_identifier" => (text[key.byte_range()].to_owned(), range(key), value),
                        "string" => {
                            let s = string(text, key).filter(Str::is_static)?;
                            let r = s.content_range();
                            (s.value, r, value)
                        }
                        _ => return None,
                    }
                }
                "shorthand_property_identifier" => (text[n.byte_range()].to_owned(), range(*n), *n),
                _ => return None,
            };
            Some(Entry { key, key_range, value, removal: entry_range(&ranges, i) })
        })
        .collect()
}

/// A string or template literal, decoded, with `${…}` substitutions as placeholders.
pub(crate) fn string(text: &str, node: Node<'_>) -> Option<Str> {
    if !matches!(node.kind(), "string" | "template_string") || node.end_byte() < node.start_byte() + 2 {
        return None;
    }
    // A string left open at the end of a broken file has no closing quote to skip.
    let bytes = text.as_bytes();
    let (start, end) = (node.start_byte(), node.end_byte());
    let closed = bytes.get(end - 1) == bytes.get(start);
    let content = TextRange::new(start + 1, if closed { end - 1 } else { end });
    let mut holes = Vec::new();
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        if child.kind() == "template_substitution" {
            holes.push(range(child));
        }
    }
    Some(Str::decode(text, content, &holes, Dialect::Js))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::extract::code::{each_node, parse};

    fn str_of(text: &str) -> Str {
        let tree = parse(&tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(), text).expect("grammar loads");
        let mut found = None;
        each_node(tree.root_node(), &["expression_statement"], |n| {
            if found.is_none() {
                found = n.named_child(0);
            }
        });
        let js = Js { text, bindings: Bindings::new(tree.root_node()) };
        match js.value(found.expect("an expression")) {
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
        let s = str_of("'it\\'s \\u{1F916}';\n");
        assert_eq!(s.value, "it's 🤖");
        assert_eq!(s.parts, vec![TextRange::new(1, 16)]);
        let src = "`Hello ${user.name}, line\\\ntwo ${`nested ${x}`}`;\n";
        let s = str_of(src);
        assert_eq!(s.value, "Hello ${user.name}, linetwo ${`nested ${x}`}");
        let holes: Vec<&str> = s.placeholders.iter().map(|r| &src[r.as_range()]).collect();
        assert_eq!(holes, ["${user.name}", "${`nested ${x}`}"]);
        let s = str_of("(\"You are \" + 'terse.') as string;\n");
        // An unterminated string keeps its last character (here, one of four bytes).
        let tree = parse(&tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(), "x = `ab🤖").expect("grammar loads");
        let mut found = Vec::new();
        each_node(tree.root_node(), &["template_string"], |n| found.push(n));
        if let Some(node) = found.first() {
            assert!(string("x = `ab🤖", *node).is_some_and(|s| s.value.starts_with("ab")));
        }
        assert_eq!(s.value, "You are terse.");
        assert_eq!(s.parts, vec![TextRange::new(2, 10), TextRange::new(15, 21)]);
    }
}
