//! Prompts inside source code: model SDK calls found in a tree-sitter syntax tree.
//!
//! Each language module turns its syntax into the few shapes this module reasons about (a call's
//! dotted callee, its keyword arguments or object properties as [`Entry`]s, and expression
//! [`Value`]s with names bound once to a literal already followed). This module then recognises
//! the SDK call and builds the [`PromptUnit`]: the model, the messages with their roles, and every
//! other argument as a request parameter with ranges a fix can delete or rename.
//!
//! Files are read chunk by chunk (`chunks`, `parsed`); the language server keeps the chunks
//! between keystrokes (see `analysis::source`). Tree-sitter recovers from syntax errors, so a
//! file that does not parse still yields the calls that do.

pub mod chunks;
pub mod comments;
mod fields;
pub mod go;
pub mod parsed;
pub mod python;
pub mod rust;
mod sdk;
pub mod strings;
pub mod typescript;

use aho_corasick::AhoCorasick;
use std::sync::LazyLock;
use tree_sitter::{Language, Node, Parser, Tree};

use super::Extraction;
use crate::analysis::format::PromptFormat;
use crate::analysis::text::TextRange;
pub(crate) use fields::{FieldChild, FieldName};
pub(crate) use sdk::{constant_unit, is_prompt_name, is_request_method, sdk_unit};
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
        "Completion",
        // Google Gen AI, LangChain, the Vercel AI SDK.
        "genai",
        "GenerativeModel",
        "generate_content",
        "generateContent",
        "ChatAnthropic",
        "ChatGoogle",
        "ChatVertexAI",
        "ChatMistralAI",
        "ChatGroq",
        "ChatDeepSeek",
        "ChatXAI",
        "ChatOllama",
        "ChatBedrock",
        "init_chat_model",
        "initChatModel",
        "generateText",
        "streamText",
        "generateObject",
        "streamObject",
        // AI comments: `AI:`, Aider's `AI!` / `AI?` (in either case), `modelfit: draft`.
        "AI:",
        "AI!",
        "AI?",
        "ai!",
        "ai?",
        "Ai!",
        "Ai?",
        "aI!",
        "aI?",
        "modelfit:",
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

/// Parses the whole of `text` with `language` (analyses parse chunks, see [`parsed`]); `None`
/// only if the grammar cannot be loaded.
pub fn parse(language: &Language, text: &str) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(language).ok()?;
    parser.parse(text, None)
}

/// The grammar and string dialect of a source format; `None` for prompt files (and for a source
/// format whose extraction does not go through a single tree-sitter tree).
pub fn grammar(format: PromptFormat) -> Option<(Language, Dialect)> {
    let language: Language = match format {
        PromptFormat::Python => tree_sitter_python::LANGUAGE.into(),
        PromptFormat::Javascript => tree_sitter_javascript::LANGUAGE.into(),
        PromptFormat::Typescript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        PromptFormat::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        PromptFormat::Go => tree_sitter_go::LANGUAGE.into(),
        PromptFormat::Rust => tree_sitter_rust::LANGUAGE.into(),
        _ => return None,
    };
    let dialect = match format {
        PromptFormat::Python => Dialect::Python { raw: false, format: false },
        PromptFormat::Go => Dialect::Go { raw: false },
        PromptFormat::Rust => Dialect::Rust { raw: false },
        _ => Dialect::Js,
    };
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
    /// A call (`openai("o3-mini")`, `types.GenerateContentConfig(temperature=0)`,
    /// `openai.SystemMessage("…")`) with its arguments: positional ones keyed `#0`, `#1`…
    Call {
        callee: String,
        args: Vec<Entry<'t>>,
    },
    /// Messages whose role is named by a type and whose content is one node: Rust message
    /// builders inside `vec![…]`, which tree-sitter leaves as tokens.
    Messages(Vec<(String, Node<'t>)>),
    /// Anything that cannot be known without running the program.
    Unknown,
}

/// A keyword argument or a dictionary/object entry (a positional argument is keyed `#0`, `#1`…).
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

/// A number literal as Python, JavaScript and Go write it (`2_000`, `0x10`, `0o17`, `0b1`, `1e3`);
/// `None` for anything else (a Python complex number, a Go imaginary one).
pub(crate) fn number_literal(literal: &str) -> Option<f64> {
    let clean: String = literal.chars().filter(|c| *c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    let radix = |prefix: &str, radix: u32| lower.strip_prefix(prefix).and_then(|d| i64::from_str_radix(d, radix).ok());
    if let Some(n) = radix("0x", 16).or_else(|| radix("0o", 8)).or_else(|| radix("0b", 2)) {
        return Some(n as f64);
    }
    lower.parse::<f64>().ok()
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

/// The byte range of a node.
pub(crate) fn range(node: Node<'_>) -> TextRange {
    TextRange::new(node.start_byte(), node.end_byte())
}

/// Scans `root` for every node of one of `kinds`, in document order, without recursion.
pub(crate) fn each_node<'t>(root: Node<'t>, kinds: &[&str], mut f: impl FnMut(Node<'t>)) {
    each_node_where(root, kinds, &Sealed::NONE, |node| {
        f(node);
        true
    });
}

/// Node kinds whose insides a scan does not visit, unless `open` says a node's may hold more.
pub(crate) struct Sealed<'a> {
    pub kinds: &'a [&'a str],
    pub open: for<'t> fn(Node<'t>, &str) -> bool,
    pub text: &'a str,
}

impl Sealed<'_> {
    const NONE: Sealed<'static> = Sealed { kinds: &[], open: |_, _| true, text: "" };
}

/// [`each_node`], where `f` also says whether to look inside the node it was given, and the
/// insides of `sealed` nodes are not visited.
pub(crate) fn each_node_where<'t>(
    root: Node<'t>,
    kinds: &[&str],
    sealed: &Sealed<'_>,
    mut f: impl FnMut(Node<'t>) -> bool,
) {
    // What a kind id is, decided once per id (0: not yet, 1: one of `kinds`, 2: sealed, 3: other):
    // a table lookup per node instead of comparing names, which a large file does a million times.
    let mut wanted: Vec<u8> = Vec::new();
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        let id = usize::from(node.kind_id());
        if id >= wanted.len() {
            wanted.resize(id + 1, 0);
        }
        if wanted[id] == 0 {
            let kind = node.kind();
            wanted[id] = if kinds.contains(&kind) {
                1
            } else if sealed.kinds.contains(&kind) {
                2
            } else {
                3
            };
        }
        let descend = match wanted[id] {
            1 => f(node),
            2 => (sealed.open)(node, sealed.text),
            _ => true,
        };
        if descend && cursor.goto_first_child() {
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
    /// The call node kinds (`call`, `call_expression`, `new_expression`).
    pub calls: &'static [&'static str],
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
    /// The binding node kinds whose prompt-named targets are prompt constants.
    pub constants: &'static [&'static str],
    /// Comment node kinds (searched for AI comments).
    pub comments: &'static [&'static str],
    /// Scope kinds the walk skips when their text holds none of the [`SCOPE_HINTS`]: a unit
    /// inside would need one (an SDK callee, a prompt-named constant, an AI comment marker), and
    /// the names they bind are invisible outside them. Only statement kinds, which no request
    /// argument can contain.
    pub prunable: &'static [&'static str],
    /// String literal kinds, whose parts (quotes, contents, escapes) the walk does not visit:
    /// nothing in them is a call, a binding or a comment, and they are a fifth of a tree's nodes.
    pub literals: &'static [&'static str],
    /// Whether a literal interpolates code (a Python f-string), which the walk then visits.
    pub interpolates: for<'t> fn(Node<'t>, &str) -> bool,
}

/// Words (any case) of which every unit's own text holds one: the SDK method and constructor
/// names [`sdk::Api::from_callee`] accepts, prompt-named constants, AI comment markers. Broader
/// than [`HINTS`], which only has to rule out whole files.
static SCOPE_HINTS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "completion",
            "response",
            "messages",
            "openai",
            "anthropic",
            "chat",
            "generat",
            "stream",
            "genai",
            "prompt",
            "instructions",
            "template",
            "ai:",
            "ai!",
            "ai?",
            "modelfit:",
        ])
        .ok()
});

/// Where the [`SCOPE_HINTS`] occur in a text, to ask whether a node's range holds one.
pub(crate) struct ScopeHints {
    /// `(start, end)` of every occurrence (overlapping ones too), by start.
    found: Vec<(usize, usize)>,
}

impl ScopeHints {
    /// The hints inside `roots` (in document order); `None` when the hints cannot be searched
    /// (then nothing is skipped).
    fn within(text: &str, roots: &[Root<'_>]) -> Option<Self> {
        let hints = SCOPE_HINTS.as_ref()?;
        let mut found = Vec::new();
        for root in roots {
            let (start, end) = (root.node.start_byte(), root.node.end_byte());
            found.extend(hints.find_overlapping_iter(&text[start..end]).map(|m| (start + m.start(), start + m.end())));
        }
        found.sort_unstable();
        found.dedup();
        Some(Self { found })
    }

    /// Whether `text` holds a hint.
    pub(crate) fn any_in(text: &str) -> bool {
        SCOPE_HINTS.as_ref().is_none_or(|hints| hints.is_match(text))
    }

    /// Whether a hint lies entirely within `start..end`.
    pub(crate) fn any_within(&self, start: usize, end: usize) -> bool {
        let first = self.found.partition_point(|(s, _)| *s < start);
        self.found[first..].iter().take_while(|(s, _)| *s < end).any(|(_, e)| *e <= end)
    }

    /// Whether `node` may hold a unit: a hint lies inside it, or a comment follows it at once
    /// (an AI comment after it could gather comment lines from inside it).
    fn may_hold_unit(&self, node: Node<'_>, text: &str) -> bool {
        if self.any_within(node.start_byte(), node.end_byte()) {
            return true;
        }
        let after = text.get(node.end_byte()..).unwrap_or("").trim_start();
        after.starts_with('#') || after.starts_with('/')
    }
}

/// What one walk over a tree found: the bindings by scope, the prompt constants
/// `(name, binding node, value)` and the calls, in document order.
pub(crate) struct Walked<'t> {
    pub bindings: Bindings<'t>,
    pub comments: Vec<Node<'t>>,
    pub constants: Vec<(&'t str, Node<'t>, Node<'t>)>,
    pub calls: Vec<Node<'t>>,
}

/// One parsed piece of a file handed to [`walk`]: the root of a chunk's tree.
#[derive(Clone, Copy)]
pub(crate) struct Root<'t> {
    pub node: Node<'t>,
    /// Whether the units in it are wanted; otherwise only the names it binds are recorded (a
    /// module-level statement read for the names that a changed function looks up).
    pub collect: bool,
}

/// One walk over the roots (in document order, sharing one module scope) records scopes,
/// bindings and calls; calls are read afterwards, once every binding is known.
/// With `prune`, the [`Grammar::prunable`] scopes without hints are skipped.
pub(crate) fn walk<'t>(roots: &[Root<'t>], text: &'t str, grammar: &Grammar, prune: bool) -> Walked<'t> {
    let mut out =
        Walked { bindings: Bindings::for_text(text), comments: Vec::new(), constants: Vec::new(), calls: Vec::new() };
    let hints = if prune && !grammar.prunable.is_empty() { ScopeHints::within(text, roots) } else { None };
    // What to do at each node kind, decided at its first node: a table lookup per node instead of
    // comparing its kind's name with the grammar's lists.
    let mut roles: Vec<Option<Role>> = Vec::new();
    for root in roots {
        let identifier = root.node.language().id_for_node_kind("identifier", true);
        let sealed = Sealed { kinds: grammar.literals, open: grammar.interpolates, text };
        each_node_where(root.node, grammar.walked, &sealed, |node| {
            let id = usize::from(node.kind_id());
            if id >= roles.len() {
                roles.resize(id + 1, None);
            }
            let role = *roles[id].get_or_insert_with(|| Role::of(grammar, node.kind()));
            if role.prunable
                && let Some(hints) = &hints
                && !hints.may_hold_unit(node, text)
            {
                return false;
            }
            match role.act {
                Act::Call if root.collect => out.calls.push(node),
                Act::Comment if root.collect => out.comments.push(node),
                Act::Call | Act::Comment => {}
                Act::Scope => out.bindings.open_scope(node),
                Act::Parameters => {
                    // A parameter shadows any outer binding and has no known value: bind it to
                    // the list, which lies inside its function and so is bound in the function's
                    // scope.
                    let mut cursor = node.walk();
                    for param in node.named_children(&mut cursor) {
                        if let Some(name) = (grammar.parameter_name)(param).filter(|n| n.kind_id() == identifier) {
                            out.bindings.bind(&text[name.byte_range()], node, node);
                        }
                    }
                }
                Act::Binding => {
                    if let Some((name, value)) = (grammar.binding)(node)
                        && name.kind_id() == identifier
                    {
                        let name = &text[name.byte_range()];
                        out.bindings.bind(name, node, value);
                        if root.collect && role.constant && is_prompt_name(name) {
                            out.constants.push((name, node, value));
                        }
                    }
                }
            }
            true
        });
    }
    out
}

/// What the walk does at a node of one kind.
#[derive(Debug, Clone, Copy)]
struct Role {
    act: Act,
    /// A scope skipped when its text holds no [`SCOPE_HINTS`].
    prunable: bool,
    /// A binding whose prompt-named target is a prompt constant.
    constant: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Act {
    Call,
    Comment,
    Scope,
    Parameters,
    Binding,
}

impl Role {
    fn of(grammar: &Grammar, kind: &str) -> Self {
        let act = if grammar.calls.contains(&kind) {
            Act::Call
        } else if grammar.comments.contains(&kind) {
            Act::Comment
        } else if grammar.scopes.contains(&kind) {
            Act::Scope
        } else if (grammar.is_parameters)(kind) {
            Act::Parameters
        } else {
            Act::Binding
        };
        Self { act, prunable: grammar.prunable.contains(&kind), constant: grammar.constants.contains(&kind) }
    }
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
    /// No binding yet; the only scope is the one of `root`.
    #[cfg(test)]
    pub fn new(root: Node<'t>) -> Self {
        Self { map: std::collections::HashMap::new(), scopes: vec![(range(root), 0)], open: vec![0] }
    }

    /// No binding yet; the only scope is the whole of `text`.
    pub fn for_text(text: &str) -> Self {
        Self { map: std::collections::HashMap::new(), scopes: vec![(TextRange::new(0, text.len()), 0)], open: vec![0] }
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

    /// Every binding of the module scope as `(value range, name)`, by position: what other parts
    /// of the file may read.
    pub fn module_level(&self) -> Vec<(TextRange, &'t str)> {
        let mut out: Vec<(TextRange, &'t str)> = self
            .map
            .iter()
            .filter(|((scope, _), _)| *scope == 0)
            .flat_map(|((_, name), values)| values.iter().map(move |v| (range(*v), *name)))
            .collect();
        out.sort_unstable();
        out
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

/// Extracts the prompt units of a source file (see [`parsed`]: only the chunks that may hold
/// one are parsed).
pub fn extract(language: &Language, dialect: Dialect, text: &str) -> Extraction {
    if !may_hold_prompts(text) {
        return Extraction::default();
    }
    parsed::extract(language, dialect, text)
}

/// Extracts the prompt units of a source file already parsed whole into `tree`.
pub fn extract_tree(dialect: Dialect, tree: &Tree, text: &str) -> Extraction {
    extract_tree_pruned(dialect, tree, text, true)
}

/// [`extract_tree`], skipping (`prune`) or walking the functions and classes that cannot hold a
/// unit; the result is the same either way (tests compare the two, and both with [`extract`]).
pub(crate) fn extract_tree_pruned(dialect: Dialect, tree: &Tree, text: &str, prune: bool) -> Extraction {
    let roots = [Root { node: tree.root_node(), collect: true }];
    Extraction { units: parsed::units_in(dialect, &roots, text, prune).0, ..Extraction::default() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::extract::{ParamKind, Role};

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
            PromptFormat::Go => tree_sitter_go::LANGUAGE.into(),
            PromptFormat::Rust => tree_sitter_rust::LANGUAGE.into(),
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

    /// Every rejected-parameter fix in the fixtures, applied one at a time until none is left,
    /// leaves code that still parses; and the last fix leaves the file with no such finding.
    #[test]
    fn fixture_fixes_leave_valid_code() {
        let files = [
            (
                "go/support_bot.go",
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/code/go/support_bot.go")),
                PromptFormat::Go,
                4,
            ),
            (
                "rust/summarizer.rs",
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/code/rust/summarizer.rs")),
                PromptFormat::Rust,
                2,
            ),
            (
                "python/assistants.py",
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/code/python/assistants.py")),
                PromptFormat::Python,
                3,
            ),
            (
                "typescript/vercel_agent.ts",
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/code/typescript/vercel_agent.ts")),
                PromptFormat::Typescript,
                3,
            ),
        ];
        for (path, text, format, expected) in files {
            let mut text = text.to_owned();
            assert!(!has_error(format, &text), "{path} does not parse before any fix");
            let mut applied = 0;
            while let Some(fix) = analyze(format, &text, &Settings::default())
                .diagnostics
                .into_iter()
                .filter(|d| d.rule.name == "rejected-parameter")
                .find_map(|d| d.fix)
            {
                text = fix.apply(&text);
                assert!(!has_error(format, &text), "{path}: broken after a fix:\n{text}");
                applied += 1;
                assert!(applied < 20, "fixes do not converge:\n{text}");
            }
            assert_eq!(applied, expected, "{path}:\n{text}");
        }
    }

    #[test]
    fn google_langchain_litellm_and_vercel_calls() {
        let py = r#"r = client.models.generate_content(
    model="gemini-2.5-flash",
    contents=[types.Content(role="user", parts=[types.Part.from_text(text="Summarise this.")]), {"role": "model", "parts": [{"text": "Ok."}]}],
    config={"system_instruction": "Be brief.", "max_output_tokens": 50},
)
m = genai.GenerativeModel(model_name="gemini-1.5-pro")
m.generate_content(["Describe", "this"])
litellm.text_completion(model="gpt-3.5-turbo-instruct", prompt="Say hi")
llm = ChatOpenAI(model_name="gpt-4o", model_kwargs={"top_p": 0.5})
"#;
        expect_test::expect![[r#"
            model gemini-2.5-flash @ "gemini-2.5-flash"
            param max_output_tokens MaxOutputTokens = Number(50.0) entry ", \"max_output_tokens\": 50"
            User "Summarise this." []
            Assistant "Ok." []
            System "Be brief." []
            --
            model gemini-1.5-pro @ "gemini-1.5-pro"
            --
            model gemini-1.5-pro @ "gemini-1.5-pro"
            User "Describe" []
            User "this" []
            --
            model gpt-3.5-turbo-instruct @ "gpt-3.5-turbo-instruct"
            User "Say hi" []
            --
            model gpt-4o @ "gpt-4o"
            param top_p TopP = Number(0.5) entry "\"top_p\": 0.5"
            --
        "#]]
        .assert_eq(&describe(PromptFormat::Python, py));
        let ts = r#"const model = await initChatModel("openai:o3-mini", { modelProvider: "openai", temperature: 0 });
await streamObject({ model: google("gemini-2.5-pro"), system: "S", messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }], maxTokens: 9 });
const gm = genAI.getGenerativeModel({ model: "gemini-1.5-pro", systemInstruction: "Be kind." });
await gm.generateContent("Hello");
"#;
        expect_test::expect![[r#"
            model o3-mini @ "o3-mini"
            param temperature Temperature = Number(0.0) entry ", temperature: 0"
            --
            model gemini-2.5-pro @ "gemini-2.5-pro"
            param maxTokens MaxOutputTokens = Number(9.0) entry ", maxTokens: 9"
            System "S" []
            User "Hi" []
            --
            model gemini-1.5-pro @ "gemini-1.5-pro"
            System "Be kind." []
            --
            model gemini-1.5-pro @ "gemini-1.5-pro"
            User "Hello" []
            --
        "#]]
        .assert_eq(&describe(PromptFormat::Typescript, ts));
    }

    /// A model named by a Go constant is replaced by a string literal, so the code stays valid.
    #[test]
    fn switching_a_model_constant_writes_a_string() {
        let go = "package p\nfunc f() {\n\tclient.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.O3, Messages: []openai.ChatCompletionMessage{{Role: \"user\", Content: \"Write a short, joyful poem about autumn leaves for a children's book.\"}}})\n}\n";
        let fix = analyze(PromptFormat::Go, go, &Settings::default())
            .diagnostics
            .into_iter()
            .find(|d| d.rule.name == "model-task-mismatch")
            .and_then(|d| d.fix)
            .expect("a switch fix");
        let fixed = fix.apply(go);
        assert!(fixed.contains("Model: \"gpt-4.1\","), "{fixed}");
        assert!(!has_error(PromptFormat::Go, &fixed), "{fixed}");
    }

    #[test]
    fn go_and_rust_requests() {
        let go = "package p\nfunc f() {\n\tclient.CreateChatCompletion(ctx, &openai.ChatCompletionRequest{Model: openai.GPT4o, Messages: []openai.ChatCompletionMessage{{Role: \"system\", Content: \"Be terse.\"}, {Role: openai.ChatMessageRoleUser, MultiContent: []openai.ChatMessagePart{{Type: openai.ChatMessagePartTypeText, Text: \"Hi\"}}}}, MaxCompletionTokens: 9})\n}\n";
        expect_test::expect![[r#"
            model gpt-4o @ "openai.GPT4o"
            param MaxCompletionTokens MaxCompletionTokens = Number(9.0) entry ", MaxCompletionTokens: 9"
            System "Be terse." []
            User "Hi" []
            --
        "#]]
        .assert_eq(&describe(PromptFormat::Go, go));
        let anthropic_go = "package p\nfunc f() {\n\tclient.Messages.New(ctx, anthropic.MessageNewParams{\n\t\tModel: \"claude-sonnet-4-5\",\n\t\tMaxTokens: 1024,\n\t\tSystem: []anthropic.TextBlockParam{{Text: \"Be terse.\"}},\n\t\tMessages: []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(\"Hi\"))},\n\t})\n}\n";
        expect_test::expect![[r#"
            model claude-sonnet-4-5 @ "claude-sonnet-4-5"
            param MaxTokens MaxTokens = Number(1024.0) entry "MaxTokens: 1024,\n\t\t"
            System "Be terse." []
            User "Hi" []
            --
        "#]]
        .assert_eq(&describe(PromptFormat::Go, anthropic_go));
        let rs = "fn f() -> R {\n    let sys = ChatCompletionRequestSystemMessageArgs::default().content(\"Be terse.\").build()?;\n    let r = CreateChatCompletionRequestArgs::default().model(\"o3\").messages([sys.into()]).reasoning_effort(ReasoningEffort::Low).build()?;\n}\n";
        expect_test::expect![[r#"
            model o3 @ "o3"
            param reasoning_effort ReasoningEffort = Composite entry ".reasoning_effort(ReasoningEffort::Low)"
            System "Be terse." []
            --
        "#]]
        .assert_eq(&describe(PromptFormat::Rust, rs));
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
        let junk = [
            "\\", "\"", "'", "`", "{", "}", "${", "\n", "\r", "é", "🤖", ",", ")", "f\"", "\\u{", "\\N{", "r#\"", "/*",
            "// AI: ", " AI!",
        ];
        let ok = |text: &str, r: TextRange| r.start <= r.end && text.get(r.as_range()).is_some();
        let go = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/code/go/support_bot.go"));
        let rs = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/code/rust/summarizer.rs"));
        let comments = "# AI: one\n# two ai!\n/* AI: x\n * y */ // modelfit: verify z\n";
        for (format, sample) in [
            (PromptFormat::Python, PY),
            (PromptFormat::Typescript, TS),
            (PromptFormat::Javascript, TS),
            (PromptFormat::Go, go),
            (PromptFormat::Rust, rs),
            (PromptFormat::Python, comments),
            (PromptFormat::Javascript, comments),
            (PromptFormat::Rust, comments),
        ] {
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
    fn the_walk_looks_inside_interpolations_but_not_plain_literals() {
        // A call in an f-string's interpolation is found; the same text in a plain string (or a
        // bytes literal, or after a `#` inside a string) is only text.
        let call = "client.chat.completions.create(model=\"o3-mini\", messages=[], temperature=0.2)";
        let py = format!(
            "from openai import OpenAI\nclient = OpenAI()\nlog = f\"sent: {{{call}}}\"\nplain = \"{{{call}}}\"\nhash = '# AI: {{{call}}}'\n"
        )
        .replace("{{{", "{")
        .replace("}}}", "}");
        let units = extract_file(PromptFormat::Python, &py).units;
        assert_eq!(units.len(), 1, "{units:?}");
        assert!(py[units[0].range.as_range()].starts_with("client.chat"), "{:?}", &py[units[0].range.as_range()]);
        let rf = "from openai import OpenAI\nclient = OpenAI()\nx = Rf'{client.chat.completions.create(model=\"o3-mini\", messages=[])}'\n";
        assert_eq!(extract_file(PromptFormat::Python, rf).units.len(), 1);
        let ts = "import OpenAI from \"openai\";\nconst client = new OpenAI();\nconst a = \"${client.chat.completions.create({ model: 'o3-mini', messages: [] })}\";\nconst b = `${client.chat.completions.create({ model: 'o3-mini', messages: [] })}`;\n";
        let units = extract_file(PromptFormat::Typescript, ts).units;
        assert_eq!(units.len(), 1, "{units:?}");
        assert!(units[0].range.start > ts.find("const b").expect("b"));
    }

    #[test]
    fn identifiers_share_one_kind_id() {
        // The walk tells identifiers by kind id; an aliased identifier (`async` as a name, say)
        // must have the same id as any other.
        let aliased =
            (PromptFormat::Javascript, "let async = 1; const get = 2; var of = 3; let y = async + get + of;\n");
        let fixtures = [
            (PromptFormat::Go, include_str!("../../../../fixtures/code/go/ai_comments.go")),
            (PromptFormat::Go, include_str!("../../../../fixtures/code/go/support_bot.go")),
            (PromptFormat::Go, include_str!("../../../../fixtures/code/go/tricky_strings.go")),
            (PromptFormat::Javascript, include_str!("../../../../fixtures/code/javascript/ai_comments.js")),
            (PromptFormat::Javascript, include_str!("../../../../fixtures/code/javascript/summarize.mjs")),
            (PromptFormat::Javascript, include_str!("../../../../fixtures/code/javascript/utils.js")),
            (PromptFormat::Python, include_str!("../../../../fixtures/code/python/ai_comments.py")),
            (PromptFormat::Python, include_str!("../../../../fixtures/code/python/assistants.py")),
            (PromptFormat::Python, include_str!("../../../../fixtures/code/python/prompts.py")),
            (PromptFormat::Python, include_str!("../../../../fixtures/code/python/support_app.py")),
            (PromptFormat::Python, include_str!("../../../../fixtures/code/python/tricky_strings.py")),
            (PromptFormat::Rust, include_str!("../../../../fixtures/code/rust/ai_comments.rs")),
            (PromptFormat::Rust, include_str!("../../../../fixtures/code/rust/summarizer.rs")),
            (PromptFormat::Rust, include_str!("../../../../fixtures/code/rust/tricky_strings.rs")),
            (PromptFormat::Typescript, include_str!("../../../../fixtures/code/typescript/ai_comments.ts")),
            (PromptFormat::Typescript, include_str!("../../../../fixtures/code/typescript/review.ts")),
            (PromptFormat::Typescript, include_str!("../../../../fixtures/code/typescript/vercel_agent.ts")),
            aliased,
        ];
        for (format, text) in fixtures {
            let (grammar, _) = grammar(format).expect("a grammar");
            let tree = parse(&grammar, text).expect("parses");
            let identifier = grammar.id_for_node_kind("identifier", true);
            let mut cursor = tree.walk();
            'nodes: loop {
                let node = cursor.node();
                assert_eq!(node.kind() == "identifier", node.kind_id() == identifier, "{format} {node:?}");
                if cursor.goto_first_child() {
                    continue;
                }
                while !cursor.goto_next_sibling() {
                    if !cursor.goto_parent() {
                        break 'nodes;
                    }
                }
            }
        }
    }

    #[test]
    fn entry_ranges_take_one_separator() {
        let items = [TextRange::new(0, 3), TextRange::new(5, 8), TextRange::new(10, 12)];
        assert_eq!(entry_range(&items, 0), TextRange::new(0, 5));
        assert_eq!(entry_range(&items, 2), TextRange::new(8, 12));
        assert_eq!(entry_range(&items[..1], 0), TextRange::new(0, 3));
    }
}
