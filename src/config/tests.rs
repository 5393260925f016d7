//! Parser tests: each problem is rendered as `line:col severity: message` so positions are checked
//! together with the wording.

use std::path::{Path, PathBuf};

use expect_test::{Expect, expect};

use super::{Config, parse};
use crate::analysis::catalog::{ModelKind, Provider};
use crate::analysis::format::PromptFormat;
use crate::analysis::rules::Severity;
use crate::analysis::settings::RuleLevel;
use crate::analysis::text::LineIndex;

fn problems(text: &str) -> String {
    let (_, problems) = parse(text);
    let lines = LineIndex::new(text);
    let rendered: Vec<String> = problems
        .iter()
        .map(|p| {
            let at = lines.line_col(p.range.start);
            let snippet = &text[p.range.as_range()];
            format!("{}:{} {} `{snippet}`: {}\n", at.line + 1, at.col + 1, p.severity, p.message)
        })
        .collect();
    rendered.concat()
}

fn check(text: &str, expect: &Expect) {
    expect.assert_eq(&problems(text));
}

#[test]
fn empty_file_is_the_default() {
    assert_eq!(parse(""), (Config::default(), Vec::new()));
}

#[test]
fn unknown_top_level_key_has_position_and_suggestion() {
    check(
        "exclude = []\nrule = 1\n",
        &expect![[r"
            2:1 warning `rule`: unknown key `rule` at the top level; did you mean `rules`? valid keys are `rules`, `include`, `exclude`, `models`, `formats`, `roles`, `analysis`
        "]],
    );
}

#[test]
fn bad_severity_value_is_reported_at_the_value() {
    check(
        "[rules]\nunknown-model = \"loud\"\nMF004 = 3\n",
        &expect![[r#"
            2:17 error `"loud"`: bad level for rule `unknown-model`: `loud` is not a level; use "error", "warning", "info", "hint" or "off"
            3:9 error `3`: bad level for rule `MF004`: expected a string, found integer; use "error", "warning", "info", "hint" or "off"
        "#]],
    );
}

#[test]
fn rule_name_typo_suggests_the_rule() {
    check(
        "[rules]\nunknwon-model = \"off\"\n",
        &expect![[r#"
            2:1 warning `unknwon-model`: unknown rule `unknwon-model`; did you mean `unknown-model`? known rules are `invalid-front-matter`, `unknown-model`, `floating-model-alias`, `rejected-parameter`, `model-task-mismatch`, `mixed-task`, `overlong-reasoning-prompt`, `chain-of-thought-for-reasoning-model`, `few-shot-for-reasoning-model`, `system-prompt-for-reasoning-model`, `persona-for-reasoning-model`, `vague-prompt-for-general-model`, `reasoning-task-without-guidance` (or their codes; run `modelfit rules`)
        "#]],
    );
}

#[test]
fn valid_rest_still_applies() {
    let text = "bogus = true\n[rules]\nnope = \"off\"\nunknown-model = \"off\"\nMF004 = \"warning\"\nfloating-model-alias = \"loud\"\n";
    let (config, problems) = parse(text);
    assert_eq!(problems.len(), 3);
    assert_eq!(config.rules.get("unknown-model"), Some(&RuleLevel::Off));
    // Codes are stored under the rule's name.
    assert_eq!(config.rules.get("rejected-parameter"), Some(&RuleLevel::On(Severity::Warning)));
    assert_eq!(config.rules.len(), 2);
    let settings = config.settings();
    let unknown = crate::analysis::rules::registry::by_name("unknown-model").map(crate::analysis::rules::Rule::meta);
    assert_eq!(unknown.and_then(|m| settings.severity_of(m)), None);
}

#[test]
fn syntax_error_is_one_problem_at_its_position() {
    check(
        "[rules]\nunknown-model = \"off\nx = 1\n",
        &expect![[r#"
            2:21 error ``: invalid TOML: invalid basic string, expected `"`; the whole file is ignored until this is fixed
        "#]],
    );
    assert_eq!(parse("[rules\n").0, Config::default());
}

#[test]
fn models_become_overrides() {
    let text = r#"
[models."acme-r1"]
kind = "inference"
provider = "openai"
context_window = 128000
max_output = 32000
like = "o3-mini"

[models.tiny]
kind = "small"
context_window = -5
colour = "red"
provider = "acme"
"#;
    let (config, _) = parse(text);
    let acme = &config.models["acme-r1"];
    assert_eq!(acme.kind, Some(ModelKind::Inference));
    assert_eq!(acme.provider, Some(Provider::OpenAi));
    assert_eq!((acme.context_window, acme.max_output), (Some(128_000), Some(32_000)));
    assert_eq!(acme.like.as_deref(), Some("o3-mini"));
    let tiny = &config.models["tiny"];
    assert_eq!((tiny.kind, tiny.provider, tiny.context_window), (None, Some(Provider::Other), None));
    check(
        text,
        &expect![[r#"
            10:8 error `"small"`: unknown model kind `small`; use "general", "inference" or "hybrid"
            11:18 error `-5`: `context_window` must be a positive whole number of tokens (invalid value: integer `-5`, expected u32)
            12:1 warning `colour`: unknown key `colour` in model `tiny`; valid keys are `kind`, `provider`, `context_window`, `max_output`, `like`
            13:12 warning `"acme"`: unknown provider `acme`; the model is kept with an unknown provider. Known: openai, anthropic, google, deepseek, alibaba, meta, mistral, xai, baidu, iflytek or other
        "#]],
    );
}

#[test]
fn formats_globs_come_before_file_names() {
    let text =
        "[formats]\n\"prompts/**/*.md\" = \"copilot-prompt\"\n\"*.tmpl\" = \"dotprompt\"\n\"x/*\" = \"promptx\"\n";
    let (config, _) = parse(text);
    assert_eq!(config.format_for(Path::new("prompts/a/b.md")), Some(PromptFormat::CopilotPrompt));
    assert_eq!(config.format_for(Path::new("./deep/er/greet.tmpl")), Some(PromptFormat::Dotprompt));
    assert_eq!(config.format_for(Path::new("docs/a.md")), None);
    assert_eq!(config.format_for(Path::new("docs/a.prompty")), Some(PromptFormat::Prompty));
    check(
        text,
        &expect![[r#"
            4:9 error `"promptx"`: unknown format `promptx`; did you mean `prompty`? formats are `copilot-prompt`, `copilot-instructions`, `copilot-agent`, `copilot-chatmode`, `dotprompt`, `prompty`, `python`, `javascript`, `typescript`, `tsx`, `go`, `rust`
        "#]],
    );
}

#[test]
fn include_and_exclude_are_relative_to_the_root() {
    let (mut config, problems) = parse("include = [\"prompts/**\"]\nexclude = [\"**/drafts/**\", \"[\"]\n");
    assert_eq!(problems.len(), 1, "{problems:?}");
    let root = std::path::absolute("/repo").unwrap_or_else(|_| PathBuf::from("/repo"));
    config.root = Some(root.clone());
    assert!(!config.is_excluded(&root.join("prompts/a.prompt.md")));
    assert!(config.is_excluded(&root.join("prompts/drafts/a.prompt.md")));
    assert!(config.is_excluded(&root.join("other/a.prompt.md")));
    assert!(!config.is_excluded(Path::new("/elsewhere/a.prompt.md")));
}

#[test]
fn roles_are_stored() {
    let (config, problems) = parse("[roles]\ngeneral = \"gpt-4.1\"\ninference = \"o3-mini\"\nfast = \"x\"\n");
    assert_eq!(config.roles.general.as_deref(), Some("gpt-4.1"));
    assert_eq!(config.roles.inference.as_deref(), Some("o3-mini"));
    assert_eq!(problems.len(), 1);
}

#[test]
fn merge_lets_the_overlay_win_per_key() {
    let (base, _) = parse(
        "exclude = [\"a/**\"]\n[rules]\nunknown-model = \"off\"\nMF004 = \"info\"\n[models.m]\nkind = \"general\"\ncontext_window = 10\n",
    );
    let (overlay, _) = parse("[rules]\nunknown-model = \"error\"\n[models.m]\nkind = \"hybrid\"\n");
    let merged = base.merge(overlay);
    assert_eq!(merged.rules["unknown-model"], RuleLevel::On(Severity::Error));
    assert_eq!(merged.rules["rejected-parameter"], RuleLevel::On(Severity::Info));
    assert_eq!(merged.models["m"].kind, Some(ModelKind::Hybrid));
    assert_eq!(merged.models["m"].context_window, Some(10));
    assert_eq!(merged.exclude.as_ref().map(super::GlobList::patterns), Some(&["a/**".to_owned()][..]));
}

#[test]
fn from_json_has_the_same_shape() {
    let value = serde_json::json!({
        "rules": {"unknown-model": "off", "MF004": "warning", "nope": "off"},
        "models": {"acme": {"kind": "inference", "context_window": "big"}},
        "formats": {"*.tmpl": "dotprompt"},
        "colour": 1
    });
    let (config, problems) = Config::from_json(&value);
    assert_eq!(config.rules["unknown-model"], RuleLevel::Off);
    assert_eq!(config.rules["rejected-parameter"], RuleLevel::On(Severity::Warning));
    assert_eq!(config.models["acme"].kind, Some(ModelKind::Inference));
    assert_eq!(config.format_for(Path::new("a.tmpl")), Some(PromptFormat::Dotprompt));
    expect![[r#"
        [
            "`colour`: unknown key `colour` at the top level; valid keys are `rules`, `include`, `exclude`, `models`, `formats`, `roles`, `analysis`",
            "`models.acme.context_window`: `context_window` must be a positive whole number of tokens (invalid type: string \"big\", expected u32)",
            "`rules.nope`: unknown rule `nope`; known rules are `invalid-front-matter`, `unknown-model`, `floating-model-alias`, `rejected-parameter`, `model-task-mismatch`, `mixed-task`, `overlong-reasoning-prompt`, `chain-of-thought-for-reasoning-model`, `few-shot-for-reasoning-model`, `system-prompt-for-reasoning-model`, `persona-for-reasoning-model`, `vague-prompt-for-general-model`, `reasoning-task-without-guidance` (or their codes; run `modelfit rules`)",
        ]
    "#]]
    .assert_debug_eq(&problems);
    assert!(Config::from_json(&serde_json::json!(null)).1[0].contains("must be a table"));
}

#[test]
fn analysis_options_and_roles_reach_the_settings() {
    let text = "[analysis]\nconfidence-threshold = 0.45\nreasoning-prompt-tokens = 2000\n[roles]\ngeneral = \"gpt-4.1\"\ninference = \"o3-mini\"\n";
    let (config, problems) = parse(text);
    assert_eq!(problems, Vec::new());
    let options = config.settings().options;
    assert!((options.confidence_threshold - 0.45).abs() < 1e-6);
    assert_eq!(options.reasoning_prompt_tokens, 2000);
    assert_eq!(options.general_model.as_deref(), Some("gpt-4.1"));
    assert_eq!(options.inference_model.as_deref(), Some("o3-mini"));
    // Nothing set: the built-in defaults.
    assert_eq!(Config::default().settings().options, crate::analysis::settings::RuleOptions::default());
}

#[test]
fn bad_analysis_values_are_positioned_and_the_defaults_stay() {
    let text = "[analysis]\nconfidence-threshold = 1.5\nreasoning-prompt-tokens = 0\nthreshold = 1\n";
    check(
        text,
        &expect![[r"
            2:24 error `1.5`: `confidence-threshold` must be a number from 0 to 1, found 1.5; for example 0.3 (the default)
            3:27 error `0`: `reasoning-prompt-tokens` must be a positive whole number, found 0; for example 1000 (the default)
            4:1 warning `threshold`: unknown key `threshold` in `[analysis]`; valid keys are `confidence-threshold`, `reasoning-prompt-tokens`
        "]],
    );
    check(
        "[analysis]\nconfidence-threshold = \"high\"\nreasoning-prompt-tokens = -5\n",
        &expect![[r#"
            2:24 error `"high"`: `confidence-threshold` must be a number from 0 to 1, found string; for example 0.3 (the default)
            3:27 error `-5`: `reasoning-prompt-tokens` must be a positive whole number, found integer; for example 1000 (the default)
        "#]],
    );
    let (config, _) = parse(text);
    assert_eq!(config.settings().options, crate::analysis::settings::RuleOptions::default());
}

#[test]
fn analysis_options_merge_and_come_from_json() {
    let (base, _) = parse("[analysis]\nconfidence-threshold = 0.5\nreasoning-prompt-tokens = 700\n");
    let (overlay, problems) = Config::from_json(&serde_json::json!({
        "analysis": {"reasoning-prompt-tokens": 1500, "confidence-threshold": "x"},
        "roles": {"inference": "o3"}
    }));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("`analysis.confidence-threshold`:"), "{problems:?}");
    let options = base.merge(overlay).settings().options;
    assert!((options.confidence_threshold - 0.5).abs() < 1e-6);
    assert_eq!(options.reasoning_prompt_tokens, 1500);
    assert_eq!(options.inference_model.as_deref(), Some("o3"));
}
