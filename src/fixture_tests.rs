//! The fixture corpus test: every prompt file under `fixtures/prompts/` and every source file under
//! `fixtures/code/` is analysed with default settings and its rendered findings are compared with
//! the sibling `<name>.expected` file.
//!
//! Run with `UPDATE_EXPECT=1` (the same switch as the inline `expect!` snapshots) to rewrite the
//! expectations, then review the diff.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::analysis::analyze;
use crate::analysis::format::PromptFormat;
use crate::analysis::rules::test_support::render;
use crate::analysis::settings::Settings;

fn prompt_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).expect("fixtures dir is readable").flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::path);
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            prompt_files(&path, out);
        } else if PromptFormat::from_path(&path.to_string_lossy()).is_some() {
            out.push(path);
        }
    }
}

/// The fixture files under `fixtures/<dir>`, in path order.
fn corpus(dir: &str) -> (PathBuf, Vec<PathBuf>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(dir);
    let mut files = Vec::new();
    prompt_files(&root, &mut files);
    (root, files)
}

/// Compares (or with `UPDATE_EXPECT`, rewrites) the expectations of `files`.
fn check_corpus(root: &Path, files: Vec<PathBuf>) {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut mismatches = String::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let format = PromptFormat::from_path(&path.to_string_lossy()).expect("filtered above");
        let actual = render(&analyze(format, &text, &Settings::default()), &text, None);
        let expected_path = PathBuf::from(format!("{}.expected", path.display()));
        if update {
            std::fs::write(&expected_path, &actual).expect("can write expectations");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            let rel = path.strip_prefix(root).unwrap_or(&path).display();
            let _ = writeln!(mismatches, "--- {rel}\nexpected:\n{expected}\nactual:\n{actual}");
        }
    }
    assert!(mismatches.is_empty(), "fixture findings changed (UPDATE_EXPECT=1 to accept):\n{mismatches}");
}

#[test]
fn fixtures_match_their_expected_findings() {
    let (root, files) = corpus("prompts");
    assert!(files.len() >= 15, "the corpus should stay realistic and varied, found {}", files.len());
    check_corpus(&root, files);
}

#[test]
fn code_fixtures_match_their_expected_findings() {
    let (root, files) = corpus("code");
    for format in PromptFormat::ALL.into_iter().filter(|f| f.is_code() && *f != PromptFormat::Tsx) {
        let found = files.iter().any(|f| PromptFormat::from_path(&f.to_string_lossy()) == Some(format));
        assert!(found, "no code fixture in {format}");
    }
    check_corpus(&root, files);
}

/// Every rule fires in at least one fixture, so the corpus shows each one in a realistic file.
#[test]
fn every_rule_has_a_fixture() {
    let (_, mut files) = corpus("prompts");
    files.extend(corpus("code").1);
    let expected: String = files
        .iter()
        .map(|f| std::fs::read_to_string(format!("{}.expected", f.display())).unwrap_or_default())
        .collect();
    for rule in crate::analysis::rules::registry::all() {
        let name = rule.meta().name;
        assert!(expected.contains(&format!("[{name}]")), "no fixture shows `{name}`");
    }
}
