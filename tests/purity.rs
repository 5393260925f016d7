//! Keeps the analysis core pure: no LSP types, no async runtime, no network, no file system, no
//! environment under `src/analysis/`. The core must be callable on every keystroke and testable
//! without any of them.

use std::path::Path;

const FORBIDDEN: &[&str] = &[
    "tower_lsp_server",
    "ls_types",
    "lsp_types",
    "tokio",
    "reqwest",
    "std::fs",
    "std::env",
    "std::net",
    "std::process",
];

fn visit(dir: &Path, offenders: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("readable source dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            visit(&path, offenders);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            for (no, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for name in FORBIDDEN {
                    if code.contains(name) {
                        offenders.push(format!("{}:{}: uses `{name}`", path.display(), no + 1));
                    }
                }
            }
        }
    }
}

#[test]
fn analysis_core_has_no_io_or_lsp_dependencies() {
    let mut offenders = Vec::new();
    visit(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/analysis"), &mut offenders);
    assert!(offenders.is_empty(), "the analysis core must stay pure:\n{}", offenders.join("\n"));
}
