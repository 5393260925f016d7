//! Prompts inside source code: model SDK calls found in a tree-sitter syntax tree.
//!
//! Each language module turns its syntax into the few shapes this module reasons about (a call's
//! dotted callee, its keyword arguments or object properties as [`Entry`]s, and expression
//! [`Value`]s with names bound once to a literal already followed). This module then recognises
//! the SDK call and builds the [`PromptUnit`]: the model, the messages with their roles, and every
//! other argument as a request parameter with ranges a fix can delete or rename.
//!
//! The whole file is parsed on every analysis; tree-sitter recovers from syntax errors, so a file
//! that does not parse still yields the calls that do.

pub mod python;
pub mod strings;
pub mod typescript;

use aho_corasick::AhoCorasick;
use std::sync::LazyLock;
use tree_sitter::{Language, Node, Parser, Tree};

use super::{Extraction, ModelRef, Param, ParamKind, ParamValue, PromptUnit, Role, Segment};
use crate::analysis::format::PromptFormat;
use crate::analysis::text::TextRange;
pub use strings::{Dialect, Str};

/// Words without which a source file cannot hold an SDK call modelfit recognises. Checking for
/// them is far cheaper than parsing, and most source files have none.
static HINTS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::new([
        "openai",
        "OpenAI",
        "anthropic",
        "Anthropic",
        "completion",
        "messages",
        "responses",
        // Prompt constants (`SYSTEM_PROMPT`, `review_prompt`, `reviewInstructions`): the spellings
        // of a name that ends in the word, not the bare word, which many files use for other things.
        "PROMPT",
        "_prompt",
        "Prompt",
        "INSTRUCTIONS",
        "_instructions",
        "Instructions",
        "TEMPLATE",
        "_template",
        "Template",
    ])
    .ok()
});

/// Whether `text` may hold a prompt unit (false means: certainly none).
pub fn may_hold_prompts(text: impl AsRef<[u8]>) -> bool {
    HINTS.as_ref().is_none_or(|hints| hints.is_match(text.as_ref()))
}

/// Parses `text` with `language`; `None` only if the grammar cannot be loaded.
pub fn parse(language: &Language, text: &str) -> Option<Tree> {
    parse_incremental(language, text, None)
}

/// Parses `text`, reusing the unchanged parts of `old`: a tree of the previous text on which
/// every edit since has been recorded with `Tree::edit`.
pub fn parse_incremental(language: &Language, text: &str, old: Option<&Tree>) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(language).ok()?;
    parser.parse(text, old)
}

/// The grammar and string dialect of a source format; `None` for prompt files (and for a source
/// format whose extraction does not go through a single tree-sitter tree).
pub fn grammar(format: PromptFormat) -> Option<(Language, Dialect)> {
    let language: Language = match format {
        PromptFormat::Python => tree_sitter_python::LANGUAGE.into(),
        PromptFormat::Javascript => tree_sitter_javascript::LANGUAGE.into(),
        PromptFormat::Typescript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        PromptFormat::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        _ => return None,
    };
    let dialect =
        if format == PromptFormat::Python { Dialect::Python { raw: false, format: false } } else { Dialect::Js };
    Some((language, dialect))
}

/// What an expression is worth to extraction.
pub(crate) enum Value<'t> {
    Str(Str),
    Number(f64),
    Bool(bool),
    Null,
    /// A dictionary or object literal.
    Dict(Vec<Entry<'t>>),
    /// A list or array literal.
    List(Vec<Node<'t>>),
    /// Anything that cannot be known without running the program.
    Unknown,
}

/// A keyword argument or a dictionary/object entry.
pub(crate) struct Entry<'t> {
    pub key: String,
    pub key_range: TextRange,
    pub value: Node<'t>,
    /// The entry with the separator after it (or, for the last one, before it), so deleting it
    /// leaves valid code.
    pub removal: TextRange,
}

/// A language's view of expressions.
pub(crate) trait Syntax<'t> {
    /// The value of `node`, following a name bound once to a literal in its function or module.
    fn value(&self, node: Node<'t>) -> Value<'t>;
}

/// The ranges that delete item `index` of `items` (sorted, separated by commas) cleanly: the item
/// through the start of the next one, or for the last item, from the end of the previous one.
pub(crate) fn entry_range(items: &[TextRange], index: usize) -> TextRange {
    let item = items[index];
    if let Some(next) = items.get(index + 1) {
        TextRange::new(item.start, next.start)
    } else if let Some(prev) = index.checked_sub(1).and_then(|i| items.get(i)) {
        TextRange::new(prev.end, item.end)
    } else {
        item
    }
}

/// Whether a dotted callee ends in a method that sends a request (`create`, `parse`, `stream`);
/// a cheap test before the arguments are looked at.
pub(crate) fn is_request_method(callee: &str) -> bool {
    matches!(callee.rsplit('.').next(), Some("create" | "parse" | "stream" | "completion" | "acompletion"))
}

/// The request shapes modelfit understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Api {
    /// OpenAI Chat Completions (`chat.completions.create`), also Azure and compatible clients.
    Chat,
    /// OpenAI Responses (`responses.create`): `instructions` and `input`.
    Responses,
    /// Anthropic Messages (`messages.create`): `system` and `messages`.
    Messages,
    /// Legacy completions (`completions.create`): `prompt`.
    Completions,
}

impl Api {
    /// Recognises the API from a dotted callee (`client.chat.completions.create`).
    fn from_callee(callee: &str) -> Option<Self> {
        let method = callee.rsplit('.').next()?;
        // LiteLLM: `completion(model=..., messages=...)` speaks Chat Completions to every provider.
        if matches!(callee, "completion" | "acompletion" | "litellm.completion" | "litellm.acompletion") {
            return Some(Self::Chat);
        }
        if !matches!(method, "create" | "parse" | "stream") {
            return None;
        }
        let receiver = &callee[..callee.len() - method.len()];
        if receiver.ends_with("chat.completions.") || receiver.ends_with("ChatCompletion.") {
            Some(Self::Chat)
        } else if receiver.ends_with("responses.") {
            Some(Self::Responses)
        } else if receiver.ends_with("messages.") {
            Some(Self::Messages)
        } else if receiver.ends_with("completions.") && method == "create" {
            Some(Self::Completions)
        } else {
            None
        }
    }
}

/// The prompt unit of a call to `callee` with `entries`, if it is an SDK call modelfit knows.
pub(crate) fn sdk_unit<'t>(
    syntax: &impl Syntax<'t>,
    callee: &str,
    call: TextRange,
    entries: &[Entry<'t>],
) -> Option<PromptUnit> {
    let api = Api::from_callee(callee)?;
    // `messages.create` is a common method name; insist on the shape of a model request.
    if !entries.iter().any(|e| matches!(e.key.as_str(), "model" | "messages" | "input" | "prompt")) {
        return None;
    }
    let mut unit = PromptUnit { range: call, ..PromptUnit::default() };
    for entry in entries {
        match (api, entry.key.as_str()) {
            (_, "model") => {
                if let Value::Str(s) = syntax.value(entry.value)
                    && s.is_static()
                    && !s.value.trim().is_empty()
                {
                    unit.models.push(ModelRef { name: s.value.clone(), range: s.content_range() });
                }
            }
            (Api::Chat | Api::Messages, "messages") | (Api::Responses, "input") => {
                messages(syntax, entry.value, Role::User, &mut unit.segments);
            }
            (Api::Messages, "system") | (Api::Responses, "instructions") => {
                content(syntax, entry.value, Role::System, &mut unit.segments);
            }
            (Api::Completions, "prompt") => content(syntax, entry.value, Role::User, &mut unit.segments),
            _ => params(syntax, entry, "", &mut unit.params),
        }
    }
    Some(unit)
}

/// Segments from a message list (`[{"role": "system", "content": "..."}]`), or from a bare string
/// spoken by `bare_role` (the Responses API's `input="..."`).
fn messages<'t>(syntax: &impl Syntax<'t>, node: Node<'t>, bare_role: Role, out: &mut Vec<Segment>) {
    match syntax.value(node) {
        Value::List(items) => {
            for item in items {
                let Value::Dict(entries) = syntax.value(item) else { continue };
                let role = entries.iter().find(|e| e.key == "role").and_then(|e| match syntax.value(e.value) {
                    Value::Str(s) => role_of(&s.value),
                    _ => None,
                });
                let Some(role) = role else { continue };
                for e in entries.iter().filter(|e| e.key == "content") {
                    content(syntax, e.value, role, out);
                }
            }
        }
        Value::Str(s) => push_segments(&s, bare_role, out),
        _ => {}
    }
}

fn role_of(name: &str) -> Option<Role> {
    match name {
        "system" | "developer" => Some(Role::System),
        "user" => Some(Role::User),
        "assistant" | "model" => Some(Role::Assistant),
        _ => None,
    }
}

/// Segments from a message's content: a string, or a list of parts with a `text` each.
fn content<'t>(syntax: &impl Syntax<'t>, node: Node<'t>, role: Role, out: &mut Vec<Segment>) {
    match syntax.value(node) {
        Value::Str(s) => push_segments(&s, role, out),
        Value::List(parts) => {
            for part in parts {
                match syntax.value(part) {
                    Value::Dict(entries) => {
                        for e in entries.iter().filter(|e| e.key == "text") {
                            if let Value::Str(s) = syntax.value(e.value) {
                                push_segments(&s, role, out);
                            }
                        }
                    }
                    Value::Str(s) => push_segments(&s, role, out),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// One segment per literal of the string, so every range is text the author wrote.
fn push_segments(s: &Str, role: Role, out: &mut Vec<Segment>) {
    for part in &s.parts {
        let placeholders =
            s.placeholders.iter().copied().filter(|p| part.start <= p.start && p.end <= part.end).collect();
        out.push(Segment { role, range: *part, marker: None, placeholders });
    }
}

/// Whether a variable name says it holds a prompt: `SYSTEM_PROMPT`, `*_PROMPT`,
/// `*_INSTRUCTIONS`, `*_TEMPLATE`, in any case (`reviewPrompt`, `system_instructions`).
pub(crate) fn is_prompt_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["prompt", "instructions", "template"].iter().any(|suffix| {
        lower.len() > suffix.len()
            && lower.ends_with(suffix)
            && name[..name.len() - suffix.len()].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// A prompt constant (`SYSTEM_PROMPT = """..."""`) as a unit without a model: only the
/// rules that need no model can speak about it, and hover shows its profile.
pub(crate) fn constant_unit(name: &str, assignment: TextRange, value: &Value<'_>) -> Option<PromptUnit> {
    let Value::Str(s) = value else { return None };
    if s.value.trim().is_empty() {
        return None;
    }
    let upper = name.to_ascii_uppercase();
    let role = if upper.contains("SYSTEM") || upper.ends_with("INSTRUCTIONS") { Role::System } else { Role::User };
    let mut segments = Vec::new();
    push_segments(s, role, &mut segments);
    Some(PromptUnit { range: assignment, segments, ..PromptUnit::default() })
}

/// A request parameter (and, for a dictionary value, its entries as dotted parameters).
fn params<'t>(syntax: &impl Syntax<'t>, entry: &Entry<'t>, prefix: &str, out: &mut Vec<Param>) {
    let path = format!("{prefix}{}", entry.key);
    let value = syntax.value(entry.value);
    let param_value = match &value {
        Value::Str(s) if s.is_static() => ParamValue::String(s.value.clone()),
        Value::Number(n) => ParamValue::Number(*n),
        Value::Bool(b) => ParamValue::Bool(*b),
        Value::Null => ParamValue::Null,
        // Unknown values and containers cannot be judged: no number, no string, so the rules
        // that depend on the value stay silent.
        Value::Str(_) | Value::Dict(_) | Value::List(_) | Value::Unknown => ParamValue::Composite,
    };
    out.push(Param {
        kind: ParamKind::from_path(&path),
        key_range: entry.key_range,
        value: param_value,
        value_range: TextRange::new(entry.value.start_byte(), entry.value.end_byte()),
        entry_range: entry.removal,
        path: path.clone(),
    });
    if let Value::Dict(inner) = value {
        for e in &inner {
            params(syntax, e, &format!("{path}."), out);
        }
    }
}

/// The byte range of a node.
pub(crate) fn range(node: Node<'_>) -> TextRange {
    TextRange::new(node.start_byte(), node.end_byte())
}

/// Scans `root` for every node of one of `kinds`, in document order, without recursion.
pub(crate) fn each_node<'t>(root: Node<'t>, kinds: &[&str], mut f: impl FnMut(Node<'t>)) {
    // Whether a kind id is one of `kinds`, decided once per id (0: not yet, 1: yes, 2: no): a
    // table lookup per node instead of comparing names, which a large file does a million times.
    let mut wanted: Vec<u8> = Vec::new();
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        let id = usize::from(node.kind_id());
        if id >= wanted.len() {
            wanted.resize(id + 1, 0);
        }
        if wanted[id] == 0 {
            wanted[id] = if kinds.contains(&node.kind()) { 1 } else { 2 };
        }
        if wanted[id] == 1 {
            f(node);
        }
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// What the shared walk needs to know about one language's tree.
pub(crate) struct Grammar {
    /// The call node kind (`call`, `call_expression`).
    pub call: &'static str,
    /// Node kinds that open a scope for names.
    pub scopes: &'static [&'static str],
    /// Every node kind the walk stops at: calls, scopes, parameter lists and bindings.
    pub walked: &'static [&'static str],
    /// Whether a node kind is a parameter list.
    pub is_parameters: fn(&str) -> bool,
    /// The identifier a parameter binds, if it binds a plain name.
    pub parameter_name: for<'t> fn(Node<'t>) -> Option<Node<'t>>,
    /// The (name, value) of a binding node (`x = 1`, `const x = 1`).
    pub binding: for<'t> fn(Node<'t>) -> Option<(Node<'t>, Node<'t>)>,
    /// The binding node kind whose prompt-named targets are prompt constants.
    pub constant: &'static str,
}

/// What one walk over a tree found: the bindings by scope, the prompt constants
/// `(name, binding node, value)` and the calls, in document order.
pub(crate) struct Walked<'t> {
    pub bindings: Bindings<'t>,
    pub constants: Vec<(&'t str, Node<'t>, Node<'t>)>,
    pub calls: Vec<Node<'t>>,
}

/// One walk over the tree records scopes, bindings and calls; calls are read afterwards, once
/// every binding is known.
pub(crate) fn walk<'t>(root: Node<'t>, text: &'t str, grammar: &Grammar) -> Walked<'t> {
    let mut out = Walked { bindings: Bindings::new(root), constants: Vec::new(), calls: Vec::new() };
    each_node(root, grammar.walked, |node| {
        let kind = node.kind();
        if kind == grammar.call {
            out.calls.push(node);
        } else if grammar.scopes.contains(&kind) {
            out.bindings.open_scope(node);
        } else if (grammar.is_parameters)(kind) {
            // A parameter shadows any outer binding and has no known value: bind it to the list,
            // which lies inside its function and so is bound in the function's scope.
            let mut cursor = node.walk();
            for param in node.named_children(&mut cursor) {
                if let Some(name) = (grammar.parameter_name)(param).filter(|n| n.kind() == "identifier") {
                    out.bindings.bind(&text[name.byte_range()], node, node);
                }
            }
        } else if let Some((name, value)) = (grammar.binding)(node)
            && name.kind() == "identifier"
        {
            let name = &text[name.byte_range()];
            out.bindings.bind(name, node, value);
            if kind == grammar.constant && is_prompt_name(name) {
                out.constants.push((name, node, value));
            }
        }
    });
    out
}

/// Name bindings of a file: every `name = <expr>` with the scope (function or module) it is in.
///
/// Scopes are found by byte offset in a sorted list rather than by walking up the tree:
/// tree-sitter's `Node::parent` searches down from the root, which is slow in a module with
/// hundreds of functions.
pub(crate) struct Bindings<'t> {
    /// (scope index, name) → the values bound, in order. Names borrow the source text: a large
    /// file binds thousands of names, and an owned key would cost an allocation per binding and
    /// per scope searched.
    map: std::collections::HashMap<(usize, &'t str), Vec<Node<'t>>>,
    /// Every scope in document order (index 0: the whole file), with its enclosing scope.
    scopes: Vec<(TextRange, usize)>,
    /// The scopes that may still contain the next one, innermost last (while recording).
    open: Vec<usize>,
}

impl<'t> Bindings<'t> {
    /// No binding yet; the only scope is the whole file.
    pub fn new(root: Node<'t>) -> Self {
        Self { map: std::collections::HashMap::new(), scopes: vec![(range(root), 0)], open: vec![0] }
    }

    /// Records a node that opens a scope; called in document order (pre-order), before any
    /// binding inside it.
    pub fn open_scope(&mut self, node: Node<'t>) {
        let r = range(node);
        // The enclosing scope is the last one still open that contains this one.
        while let [_, .., top] = self.open.as_slice() {
            let outer = self.scopes[*top].0;
            if outer.start <= r.start && r.end <= outer.end {
                break;
            }
            self.open.pop();
        }
        self.scopes.push((r, self.open.last().copied().unwrap_or(0)));
        self.open.push(self.scopes.len() - 1);
    }

    /// The innermost scope holding byte `at`.
    fn scope_at(&self, at: usize) -> usize {
        let mut index = self.scopes.partition_point(|(r, _)| r.start <= at).saturating_sub(1);
        while index != 0 && !(self.scopes[index].0.start <= at && at < self.scopes[index].0.end) {
            index = self.scopes[index].1;
        }
        index
    }

    pub fn bind(&mut self, name: &'t str, at: Node<'t>, value: Node<'t>) {
        let scope = self.scope_at(at.start_byte());
        self.map.entry((scope, name)).or_default().push(value);
    }

    /// The value `name` is bound to, seen from `at`: the innermost scope that binds it decides,
    /// and only a single binding counts (a name assigned twice could be either).
    pub fn lookup(&self, name: &'t str, at: Node<'t>) -> Option<Node<'t>> {
        let mut scope = self.scope_at(at.start_byte());
        loop {
            if let Some(values) = self.map.get(&(scope, name)) {
                return if let [one] = values.as_slice() { Some(*one) } else { None };
            }
            if scope == 0 {
                return None;
            }
            scope = self.scopes[scope].1;
        }
    }
}

/// Extracts the SDK calls of a source file.
pub fn extract(language: &Language, dialect: Dialect, text: &str) -> Extraction {
    if !may_hold_prompts(text) {
        return Extraction::default();
    }
    let Some(tree) = parse(language, text) else { return Extraction::default() };
    extract_tree(dialect, &tree, text)
}

/// Extracts the SDK calls of a source file already parsed into `tree`.
pub fn extract_tree(dialect: Dialect, tree: &Tree, text: &str) -> Extraction {
    let mut units = match dialect {
        Dialect::Python { .. } => python::units(tree, text),
        Dialect::Js => typescript::units(tree, text),
    };
    units.sort_by_key(|u| u.range.start);
    Extraction { units, ..Extraction::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callees_name_their_api() {
        assert_eq!(Api::from_callee("client.chat.completions.create"), Some(Api::Chat));
        assert_eq!(Api::from_callee("openai.beta.chat.completions.parse"), Some(Api::Chat));
        assert_eq!(Api::from_callee("self.client.responses.create"), Some(Api::Responses));
        assert_eq!(Api::from_callee("anthropic.messages.stream"), Some(Api::Messages));
        assert_eq!(Api::from_callee("client.completions.create"), Some(Api::Completions));
        assert_eq!(Api::from_callee("client.models.list"), None);
        assert_eq!(Api::from_callee("create"), None);
        assert_eq!(Api::from_callee("litellm.completion"), Some(Api::Chat));
        assert_eq!(Api::from_callee("acompletion"), Some(Api::Chat));
        assert_eq!(Api::from_callee("self.completion"), None);
    }

    use std::fmt::Write as _;

    use crate::analysis::analyze;
    use crate::analysis::extract::extract as extract_file;
    use crate::analysis::format::PromptFormat;
    use crate::analysis::settings::Settings;

    const PY: &str = r#"from openai import OpenAI
client = OpenAI()
MODEL = "o3-mini"

def ask(question, model="gpt-4.1"):
    return client.chat.completions.create(
        model=MODEL,
        messages=[
            {"role": "developer", "content": "Answer in one \"word\"."},
            {"role": "user", "content": f"Q: {question}"},
        ],
        temperature=0.2,
        max_tokens=100,
        reasoning_effort="low",
    )

def other(model):
    return client.chat.completions.create(model=model, messages=[], temperature=0.2)
"#;

    const TS: &str = r#"import OpenAI from "openai";
const client = new OpenAI();
const system = "You are terse.";
export async function ask(question: string) {
  return await client.chat.completions.create({
    model: "o3-mini",
    messages: [
      { role: "system", content: system },
      { role: "user", content: `Q: ${question}` },
    ],
    temperature: 0.2,
    max_tokens: 100
  } as const);
}
"#;

    /// Every unit's pieces, as the source text they point at.
    fn describe(format: PromptFormat, text: &str) -> String {
        let mut out = String::new();
        for unit in extract_file(format, text).units {
            for m in &unit.models {
                let _ = writeln!(out, "model {} @ {:?}", m.name, &text[m.range.as_range()]);
            }
            for p in &unit.params {
                let _ = writeln!(
                    out,
                    "param {} {:?} = {:?} entry {:?}",
                    p.path,
                    p.kind,
                    p.value,
                    &text[p.entry_range.as_range()]
                );
            }
            for s in &unit.segments {
                let holes: Vec<&str> = s.placeholders.iter().map(|r| &text[r.as_range()]).collect();
                let _ = writeln!(out, "{:?} {:?} {holes:?}", s.role, &text[s.range.as_range()]);
            }
            out.push_str("--\n");
        }
        out
    }

    #[test]
    fn python_chat_call() {
        expect_test::expect![[r#"
            model o3-mini @ "o3-mini"
            param temperature Temperature = Number(0.2) entry "temperature=0.2,\n        "
            param max_tokens MaxTokens = Number(100.0) entry "max_tokens=100,\n        "
            param reasoning_effort ReasoningEffort = String("low") entry ",\n        reasoning_effort=\"low\""
            System "Answer in one \\\"word\\\"." []
            User "Q: {question}" ["{question}"]
            --
            param temperature Temperature = Number(0.2) entry ", temperature=0.2"
            --
        "#]]
        .assert_eq(&describe(PromptFormat::Python, PY));
    }

    #[test]
    fn typescript_chat_call() {
        expect_test::expect![[r#"
            model o3-mini @ "o3-mini"
            param temperature Temperature = Number(0.2) entry "temperature: 0.2,\n    "
            param max_tokens MaxTokens = Number(100.0) entry ",\n    max_tokens: 100"
            System "You are terse." []
            User "Q: ${question}" ["${question}"]
            --
        "#]]
        .assert_eq(&describe(PromptFormat::Typescript, TS));
        let js = TS.replace("(question: string)", "(question)").replace(" as const", "");
        assert_eq!(describe(PromptFormat::Javascript, &js), describe(PromptFormat::Typescript, TS));
        assert_eq!(describe(PromptFormat::Tsx, TS), describe(PromptFormat::Typescript, TS));
    }

    fn has_error(format: PromptFormat, text: &str) -> bool {
        let language: tree_sitter::Language = match format {
            PromptFormat::Python => tree_sitter_python::LANGUAGE.into(),
            PromptFormat::Javascript => tree_sitter_javascript::LANGUAGE.into(),
            _ => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        };
        parse(&language, text).is_none_or(|t| t.root_node().has_error())
    }

    /// Applying every rejected-parameter fix, one at a time, leaves code that still parses.
    #[test]
    fn parameter_fixes_leave_valid_code() {
        for (format, text) in [(PromptFormat::Python, PY), (PromptFormat::Typescript, TS)] {
            assert!(!has_error(format, text));
            let mut text = text.to_owned();
            let mut applied = 0;
            while let Some(fix) = analyze(format, &text, &Settings::default())
                .diagnostics
                .into_iter()
                .find(|d| d.rule.name == "rejected-parameter")
                .and_then(|d| d.fix)
            {
                text = fix.apply(&text);
                assert!(!has_error(format, &text), "{format}: broken after a fix:\n{text}");
                applied += 1;
                assert!(applied < 10, "fixes do not converge:\n{text}");
            }
            assert!(applied >= 2, "{format}: expected the temperature and max_tokens fixes, got {applied}");
            assert!(text.contains("max_completion_tokens") && !text.contains("temperature=0.2,"), "{text}");
        }
    }

    #[test]
    fn files_without_sdk_words_are_not_parsed() {
        assert!(!may_hold_prompts("def f(x):\n    return x + 1\n"));
        assert!(!may_hold_prompts("# asks the user: prompt them for a name\nname = input()\n"));
        assert!(may_hold_prompts("review_prompt = 'x'\n") && may_hold_prompts("const reviewTemplate = ''\n"));
        assert!(may_hold_prompts(PY));
        assert!(extract_file(PromptFormat::Python, "x = (\n").units.is_empty());
    }

    /// Truncated and mangled source never panics, and every range still slices the text.
    #[test]
    fn mangled_code_yields_ranges_that_slice() {
        let junk = ["\\", "\"", "'", "`", "{", "}", "${", "\n", "\r", "é", "🤖", ",", ")", "f\"", "\\u{", "\\N{"];
        let ok = |text: &str, r: TextRange| r.start <= r.end && text.get(r.as_range()).is_some();
        for (format, sample) in
            [(PromptFormat::Python, PY), (PromptFormat::Typescript, TS), (PromptFormat::Javascript, TS)]
        {
            for (n, (i, _)) in sample.char_indices().enumerate().step_by(3) {
                let mangled = format!("{}{}{}", &sample[..i], junk[n % junk.len()], &sample[i..]);
                for text in [&sample[..i], mangled.as_str()] {
                    for unit in extract_file(format, text).units {
                        assert!(ok(text, unit.range));
                        assert!(unit.models.iter().all(|m| ok(text, m.range)), "{text}");
                        for p in &unit.params {
                            assert!([p.key_range, p.value_range, p.entry_range].iter().all(|r| ok(text, *r)), "{text}");
                        }
                        for seg in &unit.segments {
                            assert!(ok(text, seg.range) && seg.placeholders.iter().all(|r| ok(text, *r)), "{text}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn broken_code_still_yields_the_calls_that_parse() {
        let text = format!("{PY}\ndef broken(:\n    client.messages.create(\n");
        assert_eq!(extract_file(PromptFormat::Python, &text).units.len(), 2);
    }

    #[test]
    fn names_resolve_in_the_innermost_scope_and_only_when_bound_once() {
        let py = "MODEL = \"o3-mini\"\ndef a():\n    MODEL = \"gpt-4.1\"\n    return client.chat.completions.create(model=MODEL, messages=[])\ndef b():\n    return client.chat.completions.create(model=MODEL, messages=[])\nm = \"o3\"\nm = \"o4-mini\"\nclient.chat.completions.create(model=m, messages=[])\n";
        let models: Vec<Vec<String>> = extract_file(PromptFormat::Python, py)
            .units
            .iter()
            .map(|u| u.models.iter().map(|m| m.name.clone()).collect())
            .collect();
        assert_eq!(models, [vec!["gpt-4.1".to_owned()], vec!["o3-mini".to_owned()], vec![]]);
        let ts = "const MODEL = 'o3-mini';\nfunction a(MODEL) {\n  return client.chat.completions.create({ model: MODEL, messages: [] });\n}\nconst b = () => client.chat.completions.create({ model: MODEL, messages: [] });\n";
        let models: Vec<usize> =
            extract_file(PromptFormat::Typescript, ts).units.iter().map(|u| u.models.len()).collect();
        assert_eq!(models, [0, 1]);
    }

    #[test]
    fn litellm_completion_is_a_chat_call() {
        let py = "import litellm\nlitellm.completion(model=\"o3-mini\", messages=[{\"role\": \"user\", \"content\": \"Hi\"}], temperature=0)\n";
        let units = extract_file(PromptFormat::Python, py).units;
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].models[0].name, "o3-mini");
        assert_eq!(units[0].params[0].kind, ParamKind::Temperature);
    }

    #[test]
    fn prompt_names() {
        for name in ["SYSTEM_PROMPT", "REVIEW_INSTRUCTIONS", "email_template", "reviewPrompt", "systemInstructions"] {
            assert!(is_prompt_name(name), "{name}");
        }
        for name in ["PROMPT", "prompt_count", "template", "PROMPTS", "x.prompt"] {
            assert!(!is_prompt_name(name), "{name}");
        }
    }

    #[test]
    fn prompt_constants_are_units_without_a_model() {
        let py = "SYSTEM_PROMPT = (\n    \"Write a poem about the sea, \"\n    f\"then prove {claim}.\"\n)\nCOUNT_PROMPT = 3\n";
        let units = extract_file(PromptFormat::Python, py).units;
        assert_eq!(units.len(), 1);
        assert!(units[0].models.is_empty());
        let texts: Vec<&str> = units[0].segments.iter().map(|s| &py[s.range.as_range()]).collect();
        assert_eq!(texts, ["Write a poem about the sea, ", "then prove {claim}."]);
        assert_eq!(units[0].segments[0].role, Role::System);
        let ts = "export const reviewPrompt = `Review ${file} and list the bugs.`;\nlet userTemplate;\n";
        let units = extract_file(PromptFormat::Typescript, ts).units;
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].segments[0].placeholders.len(), 1);
        assert_eq!(units[0].segments[0].role, Role::User);
    }

    #[test]
    fn entry_ranges_take_one_separator() {
        let items = [TextRange::new(0, 3), TextRange::new(5, 8), TextRange::new(10, 12)];
        assert_eq!(entry_range(&items, 0), TextRange::new(0, 5));
        assert_eq!(entry_range(&items, 2), TextRange::new(8, 12));
        assert_eq!(entry_range(&items[..1], 0), TextRange::new(0, 3));
    }
}
