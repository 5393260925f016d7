//! End-to-end tests of the `modelfit` binary on temporary folders: walking, output formats, exit
//! codes, `rules`, `explain`, and problems in `modelfit.toml` (reported under the code `config`).
//! Tests about rules firing on prompt files live in `tests/cli_rules.rs`.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

const CLEAN: &str = "---\nmodel: gpt-4.1\n---\nSummarise the text.\n";

fn project(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, content) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, content).expect("write");
    }
    dir
}

fn modelfit(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modelfit")).args(args).current_dir(dir).output().expect("run modelfit")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(dir: &Path, args: &[&str]) -> (Value, i32) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = modelfit(dir, &all);
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)));
    (value, out.status.code().unwrap_or(-1))
}

fn paths(list: &Value) -> Vec<String> {
    list.as_array().expect("array").iter().map(|f| f["path"].as_str().expect("path").replace('\\', "/")).collect()
}

#[test]
fn clean_project_exits_zero_with_a_summary() {
    let dir = project(&[("a.prompt.md", CLEAN.as_bytes())]);
    let out = modelfit(dir.path(), &["check", "--no-color"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Checked 1 file in "), "{}", stdout(&out));
    assert!(stdout(&out).contains("no problems found"));
}

#[test]
fn walk_finds_github_prompts_and_honours_gitignore_and_hidden() {
    let dir = project(&[
        (".github/prompts/review.prompt.md", CLEAN.as_bytes()),
        (".hidden/secret.prompt.md", CLEAN.as_bytes()),
        ("generated/out.prompt.md", CLEAN.as_bytes()),
        (".gitignore", b"generated/\n"),
        ("notes.md", b"# not a prompt\n"),
        ("chat.prompty", b"---\nname: x\n---\nuser:\nHi\n"),
    ]);
    let (report, code) = json(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(paths(&report["files"]), [".github/prompts/review.prompt.md", "chat.prompty"]);
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["skipped"], Value::Array(Vec::new()));
}

#[test]
fn json_output_has_the_documented_schema() {
    let dir = project(&[("a.prompt.md", CLEAN.as_bytes()), ("modelfit.toml", b"[rules]\nMF004 = \"loud\"\n")]);
    let (report, code) = json(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(report["version"], 1);
    let files = report["files"].as_array().expect("files");
    assert_eq!(paths(&report["files"]), ["a.prompt.md", "modelfit.toml"]);
    assert_eq!(files[0]["format"], "copilot-prompt");
    assert_eq!(files[1]["format"], "modelfit-config");
    let d = &files[1]["diagnostics"][0];
    let keys: Vec<&str> = d.as_object().expect("object").keys().map(String::as_str).collect();
    for key in ["code", "rule", "severity", "message", "help", "range", "fix"] {
        assert!(keys.contains(&key), "missing {key} in {d}");
    }
    assert_eq!(
        (d["code"].as_str(), d["rule"].as_str(), d["severity"].as_str()),
        (Some("config"), Some("config"), Some("error"))
    );
    assert_eq!(d["range"]["start"], serde_json::json!({"line": 2, "column": 9, "offset": 16}));
    assert_eq!(d["range"]["end"], serde_json::json!({"line": 2, "column": 15, "offset": 22}));
    assert!(d["fix"].is_null());
    let summary = &report["summary"];
    for key in ["files", "errors", "warnings", "infos", "hints", "skipped", "elapsed_ms"] {
        assert!(summary[key].is_u64(), "summary.{key} in {summary}");
    }
    assert_eq!((summary["files"].as_u64(), summary["errors"].as_u64()), (Some(1), Some(1)));
}

#[test]
fn fail_on_sets_the_threshold() {
    // An unknown key is a warning; a bad level is an error.
    let dir = project(&[("a.prompt.md", CLEAN.as_bytes()), ("modelfit.toml", b"colour = 1\n")]);
    let code = |args: &[&str]| modelfit(dir.path(), args).status.code();
    assert_eq!(code(&["check"]), Some(1));
    assert_eq!(code(&["check", "--fail-on", "warning"]), Some(1));
    assert_eq!(code(&["check", "--fail-on", "error"]), Some(0));
    assert_eq!(code(&["check", "--fail-on", "hint"]), Some(1));
    assert_eq!(code(&["check", "--fail-on", "never"]), Some(0));
    assert_eq!(code(&["check", "--fail-on", "sometimes"]), Some(2));
}

#[test]
fn installed_dependencies_are_not_walked() {
    let sdk = b"from openai import OpenAI\nOpenAI().chat.completions.create(model=\"o3-mini\", temperature=0.2, messages=[])\n";
    let dir = project(&[
        ("node_modules/openai/x.prompt.md", b"---\nmodel: gpt-4o-mnii\n---\nSummarise.\n"),
        ("venv/lib/python3.11/site-packages/openai/demo.py", sdk),
        ("app.py", sdk),
    ]);
    let (report, _) = json(dir.path(), &[]);
    assert_eq!(paths(&report["files"]), ["app.py"]);
}

#[test]
fn binary_and_invalid_utf8_files_are_skipped_with_a_reason() {
    let dir = project(&[
        ("nul.prompt.md", b"---\nmodel: x\n---\n\0\0"),
        ("latin1.prompty", b"---\nname: caf\xe9\n---\n"),
        ("bom.prompt.md", "\u{feff}---\nmodel: gpt-4.1\n---\nSummarise the text in three bullet points.\n".as_bytes()),
        ("ok.prompt.md", CLEAN.as_bytes()),
    ]);
    let (report, code) = json(dir.path(), &[]);
    assert_eq!(code, 0, "skipping is not a failure");
    assert_eq!(paths(&report["files"]), ["bom.prompt.md", "ok.prompt.md"]);
    assert_eq!(
        report["skipped"],
        serde_json::json!([
            {"path": "latin1.prompty", "reason": "binary file (not valid UTF-8)"},
            {"path": "nul.prompt.md", "reason": "binary file"},
        ])
    );
    let out = modelfit(dir.path(), &["check", "--no-color"]);
    let text = stdout(&out);
    assert!(text.contains("nul.prompt.md: skipped: binary file\n"), "{text}");
    assert!(text.contains("Checked 2 files in ") && text.contains("no problems found, 2 skipped"), "{text}");
}

#[test]
fn explicit_non_prompt_file_is_noted_and_skipped() {
    let dir = project(&[("README.md", b"# hi\n"), ("a.prompt.md", CLEAN.as_bytes())]);
    let (report, code) = json(dir.path(), &["README.md", "a.prompt.md"]);
    assert_eq!(code, 0);
    assert_eq!(paths(&report["files"]), ["a.prompt.md"]);
    assert_eq!(report["skipped"][0]["path"], "README.md");
    assert!(
        report["skipped"][0]["reason"].as_str().is_some_and(|r| r.contains("not a prompt file modelfit recognizes"))
    );
}

#[test]
fn formats_table_maps_extra_files() {
    let dir = project(&[
        ("prompts/review.md", CLEAN.as_bytes()),
        ("README.md", b"# hi\n"),
        ("modelfit.toml", b"[formats]\n\"prompts/*.md\" = \"copilot-prompt\"\n"),
    ]);
    let (report, _) = json(dir.path(), &[]);
    assert_eq!(paths(&report["files"]), ["prompts/review.md"]);
    assert_eq!(report["files"][0]["format"], "copilot-prompt");
}

#[test]
fn missing_path_is_a_usage_error() {
    let dir = project(&[]);
    let out = modelfit(dir.path(), &["check", "does-not-exist"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot check `does-not-exist`"), "{}", stderr(&out));
    let out = modelfit(dir.path(), &["check", "--config", "missing.toml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_config_key_is_reported_at_its_position_and_the_rest_applies() {
    let dir = project(&[
        ("modelfit.toml", b"exclude = [\"drafts/**\"]\n\n[rules]\nunknwon-model = \"off\"\n"),
        ("drafts/wip.prompt.md", CLEAN.as_bytes()),
        ("final.prompt.md", CLEAN.as_bytes()),
    ]);
    let out = modelfit(dir.path(), &["check", "--no-color"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.starts_with(
            "modelfit.toml:4:1: warning[config]: unknown rule `unknwon-model`; did you mean `unknown-model`?"
        ),
        "{text}"
    );
    assert!(text.contains("4 | unknwon-model = \"off\"\n  | ^^^^^^^^^^^^^\n"), "{text}");
    // `exclude` still applies: only one prompt file is checked.
    assert!(text.contains("Checked 1 file in "), "{text}");
}

#[test]
fn config_flag_replaces_discovery() {
    let dir = project(&[
        ("modelfit.toml", b"bogus = 1\n"),
        ("ci.toml", b"exclude = [\"*.prompt.md\"]\n"),
        ("a.prompt.md", CLEAN.as_bytes()),
    ]);
    let (report, code) = json(dir.path(), &["--config", "ci.toml"]);
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["files"], 0);
    assert_eq!(report["files"], Value::Array(Vec::new()));
}

#[test]
fn syntax_error_in_config_is_one_finding() {
    let dir = project(&[("modelfit.toml", b"[rules\n"), ("a.prompt.md", CLEAN.as_bytes())]);
    let (report, code) = json(dir.path(), &[]);
    assert_eq!(code, 1);
    let diagnostics = report["files"][1]["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1);
    assert!(diagnostics[0]["message"].as_str().is_some_and(|m| m.starts_with("invalid TOML")));
}

#[test]
fn rules_lists_every_registry_rule() {
    let dir = project(&[]);
    let out = modelfit(dir.path(), &["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let all = modelfit::analysis::rules::registry::all();
    for rule in all {
        let m = rule.meta();
        assert!(text.contains(m.code) && text.contains(m.name) && text.contains(m.summary), "{} in {text}", m.name);
    }
    let out = modelfit(dir.path(), &["rules", "--format", "json"]);
    let value: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(value["version"], 1);
    assert_eq!(value["rules"].as_array().map(Vec::len), Some(all.len()));
    assert_eq!(value["rules"][0]["code"], all[0].meta().code);
}

#[test]
fn explain_prints_docs_and_rejects_unknown_rules() {
    let dir = project(&[]);
    let out = modelfit(dir.path(), &["explain", "unknown-model"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with("MF002 (unknown-model): "), "{text}");
    assert!(text.contains("## What it does") && text.contains("## Sources"), "{text}");
    assert_eq!(modelfit(dir.path(), &["explain", "mf002"]).status.code(), Some(0));

    let out = modelfit(dir.path(), &["explain", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown rule `nope`"));
    let out = modelfit(dir.path(), &["explain", "unknown-modle"]);
    assert!(stderr(&out).contains("Did you mean `unknown-model`?"), "{}", stderr(&out));
}

#[test]
fn version_and_help() {
    let dir = project(&[]);
    let out = modelfit(dir.path(), &["--version"]);
    assert_eq!(stdout(&out).trim(), format!("modelfit {}", env!("CARGO_PKG_VERSION")));
    let out = modelfit(dir.path(), &["check", "--help"]);
    assert!(stdout(&out).contains("--fail-on"));
    assert_eq!(modelfit(dir.path(), &["frobnicate"]).status.code(), Some(2));
}

#[test]
fn closed_stdout_is_not_an_error() {
    let files: Vec<(String, Vec<u8>)> = (0..50)
        .map(|i| (format!("p{i}.prompt.md"), b"x".to_vec()))
        .chain([("modelfit.toml".into(), b"a=1\nb=2\n".to_vec())])
        .collect();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (p.as_str(), c.as_slice())).collect();
    let dir = project(&refs);
    let mut child = Command::new(env!("CARGO_BIN_EXE_modelfit"))
        .args(["check", "--format", "json"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn json_output_profiles_every_unit() {
    let math = "---\nmodel: gpt-4.1\n---\nSolve for x: 3x + 5 = 20. How many solutions are there?\n";
    let poem = "---\nmodel: o3-mini\n---\nWrite a poem about autumn leaves.\n";
    let dir = project(&[
        ("math.prompt.md", math.as_bytes()),
        ("poem.prompt.md", poem.as_bytes()),
        ("none.prompt.md", b"Write a poem about autumn leaves.\n"),
    ]);
    let (report, _) = json(dir.path(), &["--fail-on", "never"]);
    let files = report["files"].as_array().expect("files");
    let unit = |path: &str| files.iter().find(|f| f["path"] == path).expect("file")["units"][0].clone();

    let m = unit("math.prompt.md");
    assert_eq!(m["model"], "gpt-4.1");
    assert_eq!(m["model_kind"], "general");
    assert_eq!(m["task"], "math");
    assert_eq!(m["preferred"], "inference");
    assert_eq!(m["fits"], false);
    assert!(m["confidence"].as_f64().is_some_and(|c| c > 0.3 && c <= 1.0), "{m}");
    assert_eq!(m["tokens"]["exact"], true);
    assert_eq!(m["tokens"]["capped"], false);
    assert!(m["tokens"]["count"].as_u64().is_some_and(|n| n > 5), "{m}");
    let cue = m["cues"].as_array().expect("cues").iter().find(|c| c["text"] == "solve").expect("solve cue").clone();
    assert_eq!(cue["task"], "math");
    // Cue ranges are file positions: "Solve" starts line 4, column 1.
    assert_eq!(cue["range"]["start"]["line"], 4);
    assert_eq!(cue["range"]["start"]["column"], 1);
    assert_eq!(&math[cue["range"]["start"]["offset"].as_u64().expect("offset") as usize..][..5], "Solve");

    let p = unit("poem.prompt.md");
    assert_eq!(
        (p["task"].as_str(), p["model_kind"].as_str(), p["fits"].as_bool()),
        (Some("creative"), Some("inference"), Some(false))
    );
    let n = unit("none.prompt.md");
    assert_eq!((n["model"].is_null(), n["model_kind"].is_null(), n["fits"].is_null()), (true, true, true));
    assert_eq!(n["tokens"]["exact"], false);
    assert!(n.get("secondary").is_some(), "{n}");
}

/// The keys of the first object in pretty-printed `raw` whose first key is `first`, in the
/// order written (a parsed `Value` sorts them).
fn written_keys(raw: &str, first: &str) -> Vec<String> {
    let key_line =
        |l: &str| l.trim_start().strip_prefix('"').and_then(|k| k.split_once("\":")).map(|(k, _)| k.to_owned());
    let mut lines = raw.lines().skip_while(|l| key_line(l).as_deref() != Some(first)).peekable();
    let indent = lines.peek().map_or(0, |l| l.len() - l.trim_start().len());
    lines
        .take_while(|l| l.len() - l.trim_start().len() >= indent)
        .filter(|l| l.len() - l.trim_start().len() == indent)
        .filter_map(key_line)
        .collect()
}

#[test]
fn json_output_says_where_each_unit_comes_from_and_which_unit_a_finding_is_about() {
    let code = "import openai\n\nMODEL = \"o3-mini\"\nSYSTEM_PROMPT = \"You are terse.\"\n\n# AI: add retries\nclient = openai.OpenAI()\nclient.chat.completions.create(\n    model=MODEL,\n    temperature=0.2,\n    messages=[{\"role\": \"user\", \"content\": \"Solve 3x + 5 = 20.\"}],\n)\n";
    let dir = project(&[
        ("app.py", code.as_bytes()),
        ("a.prompt.md", b"---\nmodel: gpt-4o-mnii\n---\nWrite a poem.\n"),
        ("modelfit.toml", b"[rules]\nMF004 = \"loud\"\n"),
    ]);
    let out = modelfit(dir.path(), &["check", "--format", "json"]);
    let raw = stdout(&out);
    let report: Value = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{e}: {raw}"));
    let file =
        |path: &str| report["files"].as_array().expect("files").iter().find(|f| f["path"] == path).expect(path).clone();

    let app = file("app.py");
    let units = app["units"].as_array().expect("units");
    let origins: Vec<&str> = units.iter().map(|u| u["origin"].as_str().expect("origin")).collect();
    assert_eq!(origins, ["constant", "comment", "call"]);
    let lines: Vec<(u64, u64)> = units
        .iter()
        .map(|u| {
            (u["range"]["start"]["line"].as_u64().expect("line"), u["range"]["end"]["line"].as_u64().expect("line"))
        })
        .collect();
    assert_eq!(lines, [(4, 4), (6, 6), (8, 12)]);
    // `temperature` is rejected by o3-mini, which the call names through a constant: the call's finding.
    let rejected = app["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"] == "rejected-parameter")
        .expect("rejected-parameter")
        .clone();
    assert_eq!(rejected["unit"], 2, "{rejected}");

    let prompt = file("a.prompt.md");
    assert_eq!(prompt["units"][0]["origin"], "file");
    assert_eq!(prompt["units"][0]["range"]["start"]["offset"], 0);
    assert_eq!(prompt["diagnostics"][0]["unit"], 0);
    let config = file("modelfit.toml");
    assert!(config["diagnostics"][0]["unit"].is_null(), "{config}");

    // Added fields come last; the existing ones keep their order.
    assert_eq!(written_keys(&raw, "code"), ["code", "rule", "severity", "message", "help", "range", "fix", "unit"]);
    assert_eq!(
        written_keys(&raw, "model"),
        [
            "model",
            "model_kind",
            "task",
            "secondary",
            "preferred",
            "confidence",
            "prediction",
            "fits",
            "cues",
            "tokens",
            "origin",
            "range"
        ]
    );
}

/// `-j N` picks the number of threads; the report is the same whatever it is, and 0 is refused.
#[test]
fn threads_option_changes_nothing_but_the_speed() {
    let files: Vec<(String, Vec<u8>)> = (0..12)
        .map(|i| {
            let model = if i % 2 == 0 { "o3-mini" } else { "gpt-4.1" };
            (
                format!("p{i}.prompt.md"),
                format!("---\nmodel: {model}\ntemperature: 0.2\n---\nThink step by step.\n").into_bytes(),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (p.as_str(), c.as_slice())).collect();
    let dir = project(&refs);
    let (mut one, code_one) = json(dir.path(), &["-j", "1"]);
    let (mut many, code_many) = json(dir.path(), &["--threads", "3"]);
    assert_eq!(code_one, code_many);
    for report in [&mut one, &mut many] {
        report["summary"].as_object_mut().expect("summary").remove("elapsed_ms");
    }
    assert_eq!(one, many);
    assert_eq!(paths(&one["files"]).len(), 12);
    let out = modelfit(dir.path(), &["check", "-j", "0"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

/// Removes the ANSI SGR sequences (`ESC [ ... m`) the human output colours with.
fn without_colour(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after.find('m').expect("an SGR sequence ends with m");
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn colour_is_only_added_to_the_plain_report() {
    let dir = project(&[("a.prompt.md", b"---\nmodel: o3-mini\n---\nThink step by step.\n")]);
    let plain = modelfit(dir.path(), &["check", "--no-color"]);
    let coloured = Command::new(env!("CARGO_BIN_EXE_modelfit"))
        .args(["check"])
        .env("CLICOLOR_FORCE", "1")
        .current_dir(dir.path())
        .output()
        .expect("run modelfit");
    let (plain, coloured) = (stdout(&plain), stdout(&coloured));
    assert!(!plain.contains('\u{1b}'), "{plain}");
    assert!(coloured.contains("\u{1b}["), "no colour with CLICOLOR_FORCE: {coloured}");
    // Timings differ from run to run; everything else is the same text.
    let summary = |s: &str| s.lines().filter(|l| !l.contains("Checked ")).collect::<Vec<_>>().join("\n");
    assert_eq!(summary(&without_colour(&coloured)), summary(&plain));
    assert!(plain.contains("warning["), "{plain}");
}
