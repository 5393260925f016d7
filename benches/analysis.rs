//! Analysis throughput: a 5 KB prompt file, a 1 MB prompt file, 10,000-line Python and TypeScript
//! files with SDK calls, and the whole fixture corpus.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use modelfit::analysis::analyze;
use modelfit::analysis::catalog::{Catalog, Target};
use modelfit::analysis::extract::extract;
use modelfit::analysis::format::PromptFormat;
use modelfit::analysis::settings::Settings;
use modelfit::analysis::tokens;

// The binary's allocator (see src/main.rs), so the figures are the ones users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A realistic Prompty file: a header with a reasoning model and rejected parameters, then a body
/// of role-tagged instructions with placeholders, repeated up to `size` bytes.
fn prompty_of_size(size: usize) -> String {
    let mut text = String::from(
        "---\nname: Bench\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: o3-mini\n  parameters:\n    temperature: 0.2\n    max_tokens: 2000\n---\nsystem:\nYou review pull requests for correctness and security.\n\nuser:\n",
    );
    let paragraph = "Check the diff in {{diff}} for off-by-one errors, unchecked input and leaked secrets. \
                     Report each finding with the file, the line and a one-sentence fix. 中文说明 🙂\n";
    while text.len() < size {
        text.push_str(paragraph);
    }
    text
}

/// About `lines` lines of source: SDK calls (a rejected parameter in every other one) between
/// ordinary helper functions, the way application code mixes them.
fn code_of_lines(format: PromptFormat, lines: usize) -> String {
    let python = format == PromptFormat::Python;
    let mut text = String::from(if python {
        "from openai import OpenAI\n\nclient = OpenAI()\n\n"
    } else {
        "import OpenAI from \"openai\";\n\nconst client = new OpenAI();\n\n"
    });
    let mut i = 0;
    while text.lines().count() < lines {
        let model = if i % 2 == 0 { "o3-mini" } else { "gpt-4.1" };
        let block = if python {
            format!(
                "def helper_{i}(items):\n    total = 0\n    for item in items:\n        total += len(str(item))\n    return total\n\n\n\
                 def ask_{i}(question):\n    return client.chat.completions.create(\n        model=\"{model}\",\n        messages=[\n\
                 {{\"role\": \"system\", \"content\": \"You answer support questions in two sentences.\"}},\n\
                 {{\"role\": \"user\", \"content\": f\"Question {i}: {{question}}\"}},\n        ],\n\
                 temperature=0.2,\n        max_tokens=300,\n    )\n\n\n"
            )
        } else {
            format!(
                "export function helper{i}(items: string[]): number {{\n  let total = 0;\n  for (const item of items) total += item.length;\n  return total;\n}}\n\n\
                 export async function ask{i}(question: string) {{\n  return client.chat.completions.create({{\n    model: \"{model}\",\n\
                 messages: [\n      {{ role: \"system\", content: \"You answer support questions in two sentences.\" }},\n\
                 {{ role: \"user\", content: `Question {i}: ${{question}}` }},\n    ],\n    temperature: 0.2,\n    max_tokens: 300,\n  }});\n}}\n\n"
            )
        };
        text.push_str(&block);
        i += 1;
    }
    text
}

fn corpus() -> Vec<(PromptFormat, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PromptFormat, String)>) {
        for entry in std::fs::read_dir(dir).expect("fixtures exist").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if let Some(format) = PromptFormat::from_path(&path.to_string_lossy()) {
                out.push((format, std::fs::read_to_string(&path).expect("UTF-8 fixture")));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"), &mut out);
    out
}

fn bench(c: &mut Criterion) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("analyze");
    for (name, size) in [("5KB", 5 * 1024), ("1MB", 1024 * 1024)] {
        let text = prompty_of_size(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| analyze(PromptFormat::Prompty, black_box(&text), &settings)));
    }
    for (name, format) in
        [("python_10k_lines", PromptFormat::Python), ("typescript_10k_lines", PromptFormat::Typescript)]
    {
        let text = code_of_lines(format, 10_000);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| analyze(format, black_box(&text), &settings)));
        // Parsing and extraction alone, to tell them from the rules.
        group.bench_function(format!("{name}_extract_only"), |b| b.iter(|| extract(format, black_box(&text))));
        let language: tree_sitter::Language = if format == PromptFormat::Python {
            tree_sitter_python::LANGUAGE.into()
        } else {
            tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()
        };
        group.bench_function(format!("{name}_parse_only"), |b| {
            b.iter(|| {
                let mut parser = tree_sitter::Parser::new();
                parser.set_language(&language).expect("grammar loads");
                parser.parse(black_box(&text), None)
            });
        });
    }
    let files = corpus();
    group.throughput(Throughput::Bytes(files.iter().map(|(_, t)| t.len() as u64).sum()));
    group.bench_function("fixtures", |b| {
        b.iter(|| {
            for (format, text) in &files {
                black_box(analyze(*format, text, &settings));
            }
        });
    });
    group.finish();

    // Token counting, as `overlong-reasoning-prompt` does it: up to its 1,000-token limit.
    let mut group = c.benchmark_group("tokens");
    let text = prompty_of_size(5 * 1024);
    let Target::Model(o3) = Catalog::builtin().resolve("o3").target else { unreachable!("o3 is in the catalog") };
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("o200k_5KB_full", |b| {
        b.iter(|| tokens::count(black_box(&text), Some(o3), usize::MAX));
    });
    group.bench_function("o200k_5KB_limit_1000", |b| {
        b.iter(|| tokens::count(black_box(&text), Some(o3), 1000));
    });
    group.finish();
}

/// Classifier throughput on the hand-written validation prompts (`training/validation.jsonl`),
/// one prompt per iteration step, on one core.
fn classifier(c: &mut Criterion) {
    let prompts: Vec<String> = include_str!("../training/validation.jsonl")
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|item| item["text"].as_str().map(str::to_owned))
        .collect();
    let mut group = c.benchmark_group("classify");
    group.throughput(Throughput::Elements(prompts.len() as u64));
    group.bench_function("validation_set", |b| {
        b.iter(|| {
            for prompt in &prompts {
                black_box(modelfit::analysis::classify::classify_text(black_box(prompt)));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench, classifier);
criterion_main!(benches);
