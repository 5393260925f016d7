//! Prompts in source code: 10,000-line Python and TypeScript files, built from the code fixtures
//! the way an application grows (the fixtures' SDK calls and prompt constants, each copy with its
//! own names, between ordinary helper functions), once dense with prompts and once sparse; and a
//! dense 10,000-line Go file.
//!
//! Measures, for each file: a full analysis (chunks, parsing the chunks that may hold a prompt,
//! extraction, rules); for reference, a whole-file parse and the extraction from a whole-file
//! tree, which a full analysis no longer does; and an incremental one-character edit inside a
//! prompt string (`SourceState`: the text split into chunks again, only the changed chunks and
//! their readers parsed, walked and checked).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use modelfit::analysis::analyze;
use modelfit::analysis::extract::code;
use modelfit::analysis::format::PromptFormat;
use modelfit::analysis::settings::Settings;
use modelfit::analysis::source::SourceState;

// The binary's allocator (see src/main.rs), so the figures are the ones users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PYTHON_FIXTURES: &[&str] = &[
    include_str!("../fixtures/code/python/support_app.py"),
    include_str!("../fixtures/code/python/prompts.py"),
    include_str!("../fixtures/code/python/tricky_strings.py"),
];
const TYPESCRIPT_FIXTURES: &[&str] = &[include_str!("../fixtures/code/typescript/review.ts")];
const GO_FIXTURES: &[&str] = &[
    include_str!("../fixtures/code/go/support_bot.go"),
    include_str!("../fixtures/code/go/ai_comments.go"),
    include_str!("../fixtures/code/go/tricky_strings.go"),
];

/// The names a file defines at its top level (`def name`, `NAME = `, `function name`,
/// `const name =`, Go's `func name`, `var name`, `type name`), which each copy renames so that
/// copies do not rebind each other's names.
fn defined_names(text: &str, go: bool) -> Vec<String> {
    let mut names = Vec::new();
    let keywords: &[&str] =
        if go { &["func ", "const ", "var ", "type "] } else { &["def ", "function ", "const ", "let ", "class "] };
    for line in text.lines() {
        let line = line.trim_start_matches("export ").trim_start_matches("async ");
        let rest = keywords.iter().find_map(|k| line.strip_prefix(k));
        let word: String = match rest {
            Some(rest) => rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect(),
            None if line.contains(" = ") && !line.starts_with(' ') => {
                line.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
            }
            None => String::new(),
        };
        if word.len() > 1 && !names.contains(&word) {
            names.push(word);
        }
    }
    names
}

/// `text` with every whole-word occurrence of `names` suffixed by `suffix`.
fn renamed(text: &str, names: &[String], suffix: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1024);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(word);
        if names.contains(word) {
            out.push_str(suffix);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Ordinary application code without any model call: what most of a real file is.
fn helper(format: PromptFormat, i: usize) -> String {
    if format == PromptFormat::Go {
        return format!(
            "// parseRecord{i} splits one CSV line into a record.\nfunc parseRecord{i}(line string) (Record, error) {{\n\tfields := strings.Split(strings.TrimRight(line, \"\\n\"), \",\")\n\tif len(fields) < 3 {{\n\t\treturn Record{{}}, fmt.Errorf(\"line {i}: expected 3 fields, got %d\", len(fields))\n\t}}\n\tid, err := strconv.Atoi(fields[0])\n\tif err != nil {{\n\t\treturn Record{{}}, err\n\t}}\n\treturn Record{{ID: id, Name: strings.TrimSpace(fields[1]), Tags: fields[2:]}}, nil\n}}\n\ntype Cache{i} struct {{\n\tsize  int\n\titems map[string]string\n}}\n\nfunc (c *Cache{i}) Get(key string) (string, bool) {{\n\tv, ok := c.items[key]\n\treturn v, ok\n}}\n\n"
        );
    }
    if format == PromptFormat::Python {
        format!(
            "def parse_record_{i}(line: str) -> dict:\n    \"\"\"Splits one CSV line into a record.\"\"\"\n    fields = line.rstrip(\"\\n\").split(\",\")\n    if len(fields) < 3:\n        raise ValueError(f\"line {i}: expected 3 fields, got {{len(fields)}}\")\n    return {{\"id\": int(fields[0]), \"name\": fields[1].strip(), \"tags\": [t for t in fields[2:] if t]}}\n\n\nclass Cache{i}:\n    def __init__(self, size=128):\n        self.size = size\n        self.items = {{}}\n\n    def get(self, key, default=None):\n        value = self.items.get(key, default)\n        return value\n\n    def put(self, key, value):\n        if len(self.items) >= self.size:\n            self.items.pop(next(iter(self.items)))\n        self.items[key] = value\n\n\n"
        )
    } else {
        format!(
            "export function parseRecord{i}(line: string): {{ id: number; name: string; tags: string[] }} {{\n  const fields = line.trimEnd().split(\",\");\n  if (fields.length < 3) {{\n    throw new Error(`line {i}: expected 3 fields, got ${{fields.length}}`);\n  }}\n  return {{ id: Number(fields[0]), name: fields[1].trim(), tags: fields.slice(2).filter((t) => t) }};\n}}\n\nexport class Cache{i}<V> {{\n  private items = new Map<string, V>();\n  constructor(private size = 128) {{}}\n\n  get(key: string): V | undefined {{\n    return this.items.get(key);\n  }}\n\n  put(key: string, value: V): void {{\n    if (this.items.size >= this.size) {{\n      const first = this.items.keys().next().value;\n      if (first !== undefined) this.items.delete(first);\n    }}\n    this.items.set(key, value);\n  }}\n}}\n\n"
        )
    }
}

/// About `lines` lines: the fixtures, renamed per copy, each followed by `helpers` helpers.
fn app_of_lines(format: PromptFormat, lines: usize, helpers: usize) -> String {
    let go = format == PromptFormat::Go;
    let fixtures = match format {
        PromptFormat::Python => PYTHON_FIXTURES,
        PromptFormat::Go => GO_FIXTURES,
        _ => TYPESCRIPT_FIXTURES,
    };
    // A Go file has one package clause: the copies go without theirs and their imports.
    let mut text = if go { String::from("package app\n\n") } else { String::new() };
    let mut count = 0;
    let mut i = 0;
    while count < lines {
        let mut fixture = fixtures[i % fixtures.len()];
        if go {
            let imports = fixture.find("\nimport (").map_or_else(
                || fixture.find("\nimport ").map(|at| at + fixture[at + 1..].find('\n').unwrap_or(0) + 1),
                |at| fixture[at..].find("\n)\n").map(|end| at + end + 2),
            );
            fixture = &fixture[imports.expect("a Go fixture imports") + 1..];
        }
        let piece = renamed(fixture, &defined_names(fixture, go), &format!("_{i}"));
        let piece = piece + "\n" + &(0..helpers).map(|h| helper(format, i * helpers + h)).collect::<String>();
        count += piece.lines().count();
        text.push_str(&piece);
        i += 1;
    }
    text
}

/// One full analysis; a function of its own so that `valgrind --tool=callgrind
/// --toggle-collect='*full_analysis*'` counts exactly this work.
#[inline(never)]
fn full_analysis(format: PromptFormat, text: &str, settings: &Settings) -> usize {
    analyze(format, text, settings).diagnostics.len()
}

/// The incremental analysis after one edit (`--toggle-collect='*one_edit*'`).
#[inline(never)]
fn one_edit(state: &mut SourceState, format: PromptFormat, after: &str, settings: &Settings) -> usize {
    state.analyze(format, after, settings).diagnostics.len()
}

fn bench(c: &mut Criterion) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("code");
    // Dense: a prompt unit every 40-50 lines, a worst case. Sparse: one every 250-400 lines,
    // closer to an application where prompts are a small part of the code.
    for (name, format, helpers) in [
        ("python_10k_lines", PromptFormat::Python, 3),
        ("typescript_10k_lines", PromptFormat::Typescript, 3),
        ("python_10k_lines_sparse", PromptFormat::Python, 36),
        ("typescript_10k_lines_sparse", PromptFormat::Typescript, 30),
        // Go: a file of its own chunks too (each function alone).
        ("go_10k_lines", PromptFormat::Go, 3),
    ] {
        let text = app_of_lines(format, 10_000, helpers);
        let full = analyze(format, &text, &settings);
        eprintln!(
            "{name}: {} bytes, {} lines, {} prompt units, {} findings",
            text.len(),
            text.lines().count(),
            full.extraction.units.len(),
            full.diagnostics.len()
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{name}/full"), |b| b.iter(|| full_analysis(format, black_box(&text), &settings)));
        let (language, dialect) = code::grammar(format).expect("a source format");
        group.bench_function(format!("{name}/parse_only"), |b| {
            b.iter(|| code::parse(&language, black_box(&text)));
        });
        let tree = code::parse(&language, &text).expect("parses");
        // The generated files are valid code: error recovery is not what is measured.
        assert!(!tree.root_node().has_error(), "{name} has a syntax error");
        group.bench_function(format!("{name}/extract_on_tree"), |b| {
            b.iter(|| code::extract_tree(dialect, &tree, black_box(&text)));
        });
        // One character typed into, then deleted from, the first prompt string, alternately.
        let at = ["Decide which team", "You are a senior", "Should a human take over"]
            .iter()
            .find_map(|prompt| text.find(prompt))
            .expect("a prompt")
            + 6;
        let edited = format!("{}x{}", &text[..at], &text[at..]);
        let mut state = SourceState::default();
        state.analyze(format, &text, &settings);
        let mut inserted = false;
        group.bench_function(format!("{name}/incremental_one_char"), |b| {
            b.iter(|| {
                inserted = !inserted;
                let after = if inserted { &edited } else { &text };
                black_box(one_edit(&mut state, format, after, &settings))
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
