//! Go: requests built as struct literals and passed to an SDK method.
//!
//! - sashabaranov/go-openai: `client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model:
//!   openai.O3Mini, Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleSystem,
//!   Content: "…"}}, MaxTokens: 100})`;
//! - the official openai-go: `client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model:
//!   openai.ChatModelO3Mini, Messages: []openai.ChatCompletionMessageParamUnion{openai.SystemMessage("…")},
//!   Temperature: openai.Float(0.2)})`.
//!
//! Struct fields are the request parameters (`MaxTokens` is `max_tokens`: keys are compared
//! without case or `_`). The SDKs name models and roles with constants, which a table maps to the
//! ids they stand for; a constant not in it is left unknown.

use tree_sitter::Node;

use super::{
    Bindings, Dialect, Entry, FieldChild, FieldName, Grammar, Root, Str, Syntax, Value, Walked, constant_unit,
    entry_range, is_request_method, number_literal, range, sdk_unit, walk,
};
use crate::analysis::extract::PromptUnit;
use crate::analysis::text::TextRange;

/// Nodes that open a new scope for names.
const SCOPES: &[&str] = &["function_declaration", "method_declaration", "func_literal"];

/// Every node kind the extraction walk stops at.
const WALKED: &[&str] = &[
    "comment",
    "call_expression",
    "const_spec",
    "var_spec",
    "short_var_declaration",
    "assignment_statement",
    "parameter_list",
    "function_declaration",
    "method_declaration",
    "func_literal",
];

/// How far a chain of names is followed.
const MAX_DEPTH: usize = 8;

/// Model and role constants of go-openai (`openai.O3Mini`) and openai-go (`openai.ChatModelO3Mini`),
/// with the ids they stand for.
const CONSTANTS: &[(&str, &str)] = &[
    ("GPT5", "gpt-5"),
    ("GPT5Mini", "gpt-5-mini"),
    ("GPT5Nano", "gpt-5-nano"),
    ("GPT4Dot1", "gpt-4.1"),
    ("GPT4Dot1Mini", "gpt-4.1-mini"),
    ("GPT4Dot1Nano", "gpt-4.1-nano"),
    ("GPT4o", "gpt-4o"),
    ("GPT4oMini", "gpt-4o-mini"),
    ("GPT4Turbo", "gpt-4-turbo"),
    ("GPT4", "gpt-4"),
    ("GPT3Dot5Turbo", "gpt-3.5-turbo"),
    ("O1", "o1"),
    ("O1Mini", "o1-mini"),
    ("O1Preview", "o1-preview"),
    ("O3", "o3"),
    ("O3Mini", "o3-mini"),
    ("O4Mini", "o4-mini"),
    ("ChatModelGPT5", "gpt-5"),
    ("ChatModelGPT5Mini", "gpt-5-mini"),
    ("ChatModelGPT5Nano", "gpt-5-nano"),
    ("ChatModelGPT4_1", "gpt-4.1"),
    ("ChatModelGPT4_1Mini", "gpt-4.1-mini"),
    ("ChatModelGPT4_1Nano", "gpt-4.1-nano"),
    ("ChatModelGPT4o", "gpt-4o"),
    ("ChatModelGPT4oMini", "gpt-4o-mini"),
    ("ChatModelGPT4Turbo", "gpt-4-turbo"),
    ("ChatModelGPT4", "gpt-4"),
    ("ChatModelGPT3_5Turbo", "gpt-3.5-turbo"),
    ("ChatModelO1", "o1"),
    ("ChatModelO1Mini", "o1-mini"),
    ("ChatModelO1Preview", "o1-preview"),
    ("ChatModelO3", "o3"),
    ("ChatModelO3Mini", "o3-mini"),
    ("ChatModelO4Mini", "o4-mini"),
    ("ChatMessageRoleSystem", "system"),
    ("ChatMessageRoleDeveloper", "developer"),
    ("ChatMessageRoleUser", "user"),
    ("ChatMessageRoleAssistant", "assistant"),
];

/// Helpers that wrap a value into an optional field (`openai.Float(0.2)`, `param.NewOpt(x)`,
/// the older `openai.F(x)`): the value is their argument.
const WRAPPERS: &[&str] = &["Float", "Int", "String", "Bool", "F", "NewOpt", "Opt"];

struct Go<'t> {
    text: &'t str,
    bindings: Bindings<'t>,
}

/// The first expression of an expression list (`a, b := x, y` binds `a` to `x`).
fn first_expression(node: Node<'_>) -> Option<Node<'_>> {
    if node.kind() == "expression_list" { node.named_child(0) } else { Some(node) }
}

static GRAMMAR: Grammar = Grammar {
    calls: &["call_expression"],
    scopes: SCOPES,
    walked: WALKED,
    is_parameters: |kind| kind == "parameter_list",
    parameter_name: |param| match param.kind() {
        "parameter_declaration" | "variadic_parameter_declaration" => param.field(FieldName::Name),
        _ => None,
    },
    binding: |node| {
        let (name, value) = match node.kind() {
            "const_spec" | "var_spec" => (FieldName::Name, FieldName::Value),
            _ => (FieldName::Left, FieldName::Right),
        };
        Some((first_expression(node.field(name)?)?, first_expression(node.field(value)?)?))
    },
    constants: &["const_spec", "var_spec", "short_var_declaration"],
    comments: &["comment"],
    // Go and Rust name SDK calls in capitalised words the scope hints do not cover
    // (`client.Messages.New`, `CreateResponseArgs`): their whole tree is walked.
    prunable: &[],
    literals: &["interpreted_string_literal", "raw_string_literal"],
    interpolates: |_, _| false,
};

/// The prompt units in `roots` (with the names bound there): prompt constants, AI comments and SDK calls.
pub(crate) fn units<'t>(roots: &[Root<'t>], text: &'t str, prune: bool) -> (Vec<PromptUnit>, Bindings<'t>) {
    let Walked { bindings, comments, constants, calls } = walk(roots, text, &GRAMMAR, prune);
    let go = Go { text, bindings };
    let mut units: Vec<PromptUnit> = constants
        .into_iter()
        .filter_map(|(name, node, value)| constant_unit(name, range(node), &go.value(value)))
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
        // The request is the struct literal among the arguments (after the context).
        let mut cursor = args.walk();
        let request = args.named_children(&mut cursor).find_map(|arg| match go.value(arg) {
            Value::Dict(entries) => Some(entries),
            _ => None,
        });
        if let Some(entries) = request
            && let Some(unit) = sdk_unit(&go, &callee, range(call), &entries)
        {
            units.push(unit);
        }
    }
    (units, go.bindings)
}

/// `client.Chat.Completions.New`; a call in the chain reads `openai.NewClient().Chat…`.
fn dotted(text: &str, node: Node<'_>) -> String {
    match node.kind() {
        "identifier" | "field_identifier" | "package_identifier" => text[node.byte_range()].to_owned(),
        "selector_expression" => {
            let operand = node.field(FieldName::Operand).map_or_else(String::new, |o| dotted(text, o));
            let field = node.field(FieldName::Field).map_or("", |f| &text[f.byte_range()]);
            format!("{operand}.{field}")
        }
        "call_expression" => node.field(FieldName::Function).map_or_else(String::new, |f| dotted(text, f)) + "()",
        "parenthesized_expression" => node.named_child(0).map_or_else(String::new, |n| dotted(text, n)),
        _ => "?".to_owned(),
    }
}

impl<'t> Go<'t> {
    fn value_at(&self, node: Node<'t>, depth: usize) -> Value<'t> {
        let text = self.text;
        match node.kind() {
            "interpreted_string_literal" | "raw_string_literal" => {
                string(text, node).map_or(Value::Unknown, Value::Str)
            }
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
            "int_literal" | "float_literal" => {
                number_literal(&text[node.byte_range()]).map_or(Value::Unknown, Value::Number)
            }
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "nil" => Value::Null,
            "unary_expression" => {
                let operator = node.field(FieldName::Operator).map(|o| o.kind());
                match (operator, node.field(FieldName::Operand).map(|a| self.value_at(a, depth))) {
                    (Some("-"), Some(Value::Number(n))) => Value::Number(-n),
                    (Some("+"), Some(Value::Number(n))) => Value::Number(n),
                    // `&openai.ChatCompletionRequest{…}`
                    (Some("&"), Some(value)) => value,
                    _ => Value::Unknown,
                }
            }
            "parenthesized_expression" | "literal_element" => {
                node.named_child(0).map_or(Value::Unknown, |inner| self.value_at(inner, depth))
            }
            "composite_literal" => {
                node.field(FieldName::Body).map_or(Value::Unknown, |body| self.value_at(body, depth))
            }
            "literal_value" => literal_value(text, node),
            "selector_expression" => {
                let field = node.field(FieldName::Field).map_or("", |f| &text[f.byte_range()]);
                CONSTANTS
                    .iter()
                    .find(|(name, _)| *name == field)
                    .map_or(Value::Unknown, |(_, id)| Value::Str(Str::named(id, range(node))))
            }
            "call_expression" => {
                let callee = node.field(FieldName::Function).map_or_else(String::new, |f| dotted(text, f));
                let args: Vec<Node<'t>> = node
                    .field(FieldName::Arguments)
                    .map(|a| a.named_children(&mut a.walk()).filter(|n| n.kind() != "comment").collect())
                    .unwrap_or_default();
                let wrapper = WRAPPERS.contains(&callee.rsplit('.').next().unwrap_or(""));
                match args.as_slice() {
                    [one] if wrapper => self.value_at(*one, depth),
                    // `fmt.Sprintf("Summarise %s for %v", …)`: the format is the text, its verbs
                    // the holes the program fills in.
                    [format, ..] if callee == "fmt.Sprintf" => match self.value_at(*format, depth) {
                        Value::Str(s) => Value::Str(with_verbs(s)),
                        _ => Value::Unknown,
                    },
                    _ => Value::Call { callee, args: positional(&args) },
                }
            }
            "identifier" if depth < MAX_DEPTH => self
                .bindings
                .lookup(&text[node.byte_range()], node)
                .map_or(Value::Unknown, |bound| self.value_at(bound, depth + 1)),
            _ => Value::Unknown,
        }
    }
}

impl<'t> Syntax<'t> for Go<'t> {
    fn value(&self, node: Node<'t>) -> Value<'t> {
        self.value_at(node, 0)
    }
}

/// Arguments keyed by position.
fn positional<'t>(args: &[Node<'t>]) -> Vec<Entry<'t>> {
    let ranges: Vec<TextRange> = args.iter().map(|n| range(*n)).collect();
    args.iter()
        .enumerate()
        .map(|(i, n)| Entry { key: format!("#{i}"), key_range: range(*n), value: *n, removal: entry_range(&ranges, i) })
        .collect()
}

/// A struct or map literal's body: keyed fields (`Model: x`) as a dictionary, plain elements
/// (`{{…}, {…}}`, `{openai.SystemMessage("…")}`) as a list.
fn literal_value<'t>(text: &str, body: Node<'t>) -> Value<'t> {
    let mut cursor = body.walk();
    let items: Vec<Node<'t>> = body.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect();
    if !items.iter().any(|n| n.kind() == "keyed_element") {
        return Value::List(items);
    }
    let ranges: Vec<TextRange> = items.iter().map(|n| range(*n)).collect();
    let entries = items
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind() == "keyed_element")
        .filter_map(|(i, n)| {
            let key = n.field(FieldName::Key)?;
            let value = n.field(FieldName::Value)?;
            let name = key.named_child(0).filter(|k| k.kind() == "identifier")?;
            Some(Entry {
                key: text[name.byte_range()].to_owned(),
                key_range: range(name),
                value,
                removal: entry_range(&ranges, i),
            })
        })
        .collect();
    Value::Dict(entries)
}

/// `s` with its `fmt` verbs (`%s`, `%-8v`, `%.2f`, `%[1]d`) as placeholders; `%%` is a percent sign.
fn with_verbs(mut s: Str) -> Str {
    let bytes = s.value.as_bytes();
    let mut holes = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < bytes.len() && (b"+-# 0.*[]".contains(&bytes[end]) || bytes[end].is_ascii_digit()) {
            end += 1;
        }
        match bytes.get(end) {
            Some(b'%') if end == i + 1 => end += 1,
            Some(b) if b.is_ascii_alphabetic() => holes.push(s.source_range(i..end + 1)),
            _ => {}
        }
        i = end.max(i + 1);
    }
    s.placeholders.extend(holes);
    s.placeholders.sort_by_key(|r| r.start);
    s
}

/// An interpreted (`"…"`) or raw (`` `…` ``) string literal, decoded.
pub(crate) fn string(text: &str, node: Node<'_>) -> Option<Str> {
    let (start, end) = (node.start_byte(), node.end_byte());
    if end < start + 2 {
        return None;
    }
    let bytes = text.as_bytes();
    let raw = node.kind() == "raw_string_literal";
    // A string left open at the end of a broken file has no closing quote to skip.
    let closed = bytes.get(end - 1) == bytes.get(start);
    let content = TextRange::new(start + 1, if closed { end - 1 } else { end });
    Some(Str::decode(text, content, &[], Dialect::Go { raw }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::extract::code::{each_node, parse};

    fn str_of(text: &str) -> Str {
        let tree = parse(&tree_sitter_go::LANGUAGE.into(), text).expect("grammar loads");
        let mut found = None;
        each_node(tree.root_node(), &["interpreted_string_literal", "raw_string_literal", "binary_expression"], |n| {
            if found.is_none() {
                found = Some(n);
            }
        });
        let go = Go { text, bindings: Bindings::new(tree.root_node()) };
        match go.value(found.expect("a string")) {
            Value::Str(s) => s,
            _ => panic!("not a string: {text}"),
        }
    }

    #[test]
    fn the_walk_stops_at_every_scope() {
        assert!(SCOPES.iter().all(|s| WALKED.contains(s)));
    }

    #[test]
    fn string_kinds_and_their_source_ranges() {
        let src = "package p\nconst x = \"Say \\\"hi\\\"\\n\\t\\u00e9\\x41\\101 done\"\n";
        let s = str_of(src);
        assert_eq!(s.value, "Say \"hi\"\n\té\u{41}A done");
        let at = |s: &Str, needle: &str| {
            let i = s.value.find(needle).expect("in value");
            &src[s.source_range(i..i + needle.len()).as_range()]
        };
        assert_eq!(at(&s, "\"hi\""), "\\\"hi\\\"");
        assert_eq!(at(&s, "é"), "\\u00e9");
        assert_eq!(at(&s, "done"), "done");
        let src = "package p\nvar y = `raw \\n stays\r\nand CR goes`\n";
        let s = str_of(src);
        assert_eq!(s.value, "raw \\n stays\nand CR goes");
        let i = s.value.find("and").expect("in value");
        assert_eq!(&src[s.source_range(i..i + 3).as_range()], "and");
        let src = "package p\nvar w = fmt.Sprintf(\"Rate %s at 100%% for %-8v\\n\", a, b)\n";
        let tree = parse(&tree_sitter_go::LANGUAGE.into(), src).expect("grammar loads");
        let mut call = None;
        each_node(tree.root_node(), &["call_expression"], |n| call = call.or(Some(n)));
        let go = Go { text: src, bindings: Bindings::new(tree.root_node()) };
        let Value::Str(s) = go.value(call.expect("a call")) else { panic!("not a string") };
        let holes: Vec<&str> = s.placeholders.iter().map(|r| &src[r.as_range()]).collect();
        assert_eq!(holes, ["%s", "%-8v"]);
        assert!(!s.is_static());
        let src = "package p\nvar z = \"You are \" + `terse.`\n";
        let s = str_of(src);
        assert_eq!(s.value, "You are terse.");
        assert_eq!(s.parts.len(), 2);
    }
}
