//! Analysis throughput: a 5 KB prompt file, a 1 MB prompt file, and the whole fixture corpus.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use modelfit::analysis::analyze;
use modelfit::analysis::catalog::{Catalog, Target};
use modelfit::analysis::format::PromptFormat;
use modelfit::analysis::settings::Settings;
use modelfit::analysis::tokens;

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
