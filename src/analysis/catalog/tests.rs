use std::collections::HashSet;

use super::*;
use crate::analysis::text::TextRange;

/// Resolves `written` and renders the outcome as `id kind`, `no-model`, or `unknown [suggestions]`.
fn render(c: &Catalog, written: &str) -> String {
    let r = c.resolve(written);
    match r.target {
        Target::Model(info) => format!("{} {}", info.id, info.kind.as_str()),
        Target::NoModel => "no-model".to_owned(),
        Target::Unknown => format!("unknown {:?}", c.suggest(&r.normalized)),
    }
}

fn assert_resolves(cases: &[(&str, &str)]) {
    let c = Catalog::builtin();
    let mut failures = Vec::new();
    for (written, expected) in cases {
        let got = render(c, written);
        if got != *expected {
            failures
                .push(format!("{written:?}: expected {expected:?}, got {got:?} (normalized {:?})", normalize(written)));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn resolves_snapshots_by_longest_prefix() {
    let c = Catalog::builtin();
    let r = c.resolve("o3-mini-2025-01-31");
    assert!(matches!(r.target, Target::Model(info) if info.id == "o3-mini"));
}

/// Every spelling of `model:` found in github/awesome-copilot (research/peers.md section 5).
#[test]
fn copilot_spellings_from_real_files() {
    assert_resolves(&[
        ("GPT-4.1", "gpt-4.1 general"),
        ("GPT-5", "gpt-5 inference"),
        ("'Claude Sonnet 4.5'", "claude-sonnet-4-5 hybrid"),
        ("claude-3.5-sonnet", "claude-3-5-sonnet general"),
        ("\"gpt-4.1\"", "gpt-4.1 general"),
        ("'gpt-4.1'", "gpt-4.1 general"),
        ("Claude Sonnet 4.5 (copilot)", "claude-sonnet-4-5 hybrid"),
        ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5 hybrid"),
        ("Claude Sonnet 4.6 (copilot)", "claude-sonnet-4-6 hybrid"),
        ("Claude Sonnet 4", "claude-sonnet-4 hybrid"),
        ("GPT-5 mini (copilot)", "gpt-5-mini inference"),
        ("GPT-5.1-Codex (Preview) (copilot)", "gpt-5.1-codex hybrid"),
        ("inherit", "no-model"),
        ("", "no-model"),
        ("Auto (copilot)", "no-model"),
        ("Gemini 2.5 Pro", "gemini-2.5-pro inference"),
        ("Gemini 2.5 Pro (copilot)", "gemini-2.5-pro inference"),
        ("GPT-4o", "gpt-4o general"),
        ("o4-mini (Preview)", "o4-mini inference"),
        ("Claude Opus 4.1", "claude-opus-4-1 hybrid"),
        ("Claude Haiku 4.5", "claude-haiku-4-5 hybrid"),
        ("Claude Sonnet 3.7", "claude-3-7-sonnet hybrid"),
        ("Claude 3.7 Sonnet Thinking", "claude-3-7-sonnet hybrid"),
        ("Claude 3.5 Sonnet", "claude-3-5-sonnet general"),
        ("GPT-5-Codex (Preview)", "gpt-5-codex inference"),
        ("Gemini 3 Pro (Preview)", "gemini-3-pro inference"),
    ]);
}

#[test]
fn invalid_copilot_value_is_unknown_and_suggests_its_first_name() {
    let c = Catalog::builtin();
    let r = c.resolve("GPT-4.1 | 'gpt-5' | 'Claude Sonnet 4.5'");
    let Target::Unknown = r.target else { panic!("expected unknown, got {r:?}") };
    let suggestions = c.suggest(&r.normalized);
    assert_eq!(suggestions.first().map(String::as_str), Some("gpt-4.1"));
    // A list of names in one string resolves to nothing either.
    assert!(matches!(c.resolve("gpt-4o, gpt-4.1").target, Target::Unknown));
}

#[test]
fn gateway_and_organisation_prefixes() {
    assert_resolves(&[
        ("openai/o3-mini", "o3-mini inference"),
        ("azure/gpt-4o", "gpt-4o general"),
        ("anthropic/claude-3-7-sonnet-20250219", "claude-3-7-sonnet hybrid"),
        ("google/gemini-2.5-flash", "gemini-2.5-flash hybrid"),
        ("gemini/gemini-2.0-flash", "gemini-2.0-flash general"),
        ("googleai/gemini-2.5-pro", "gemini-2.5-pro inference"),
        ("vertexai/gemini-1.5-pro", "gemini-1.5-pro general"),
        ("vertex_ai/claude-opus-4@20250514", "claude-opus-4 hybrid"),
        ("vertex_ai/claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet general"),
        ("deepseek/deepseek-reasoner", "deepseek-reasoner inference"),
        ("xai/grok-3-mini", "grok-3-mini inference"),
        ("openrouter/deepseek/deepseek-r1", "deepseek-r1 inference"),
        ("openrouter/anthropic/claude-3.7-sonnet:thinking", "claude-3-7-sonnet hybrid"),
        ("anthropic/claude-sonnet-4", "claude-sonnet-4 hybrid"),
        ("together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", "llama3.3 general"),
        ("ollama/llama3.1:8b", "llama3.1 general"),
        ("ollama_chat/qwen3:32b", "qwen3 hybrid"),
        ("groq/llama-3.3-70b-versatile", "llama3.3 general"),
        ("groq/deepseek-r1-distill-llama-70b", "deepseek-r1-distill inference"),
        ("fireworks_ai/accounts/fireworks/models/deepseek-r1", "deepseek-r1 inference"),
        ("fireworks_ai/accounts/fireworks/models/llama-v3p1-70b-instruct", "llama3.1 general"),
        ("fireworks_ai/accounts/fireworks/models/qwen2p5-72b-instruct", "qwen2.5 general"),
        ("deepseek-ai/DeepSeek-R1", "deepseek-r1 inference"),
        ("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "deepseek-r1-distill inference"),
        ("deepseek-ai/DeepSeek-V3", "deepseek-v3 general"),
        ("meta-llama/Llama-3.1-8B-Instruct", "llama3.1 general"),
        ("meta-llama/Meta-Llama-3-8B-Instruct", "llama3 general"),
        ("meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama4 general"),
        ("Qwen/QwQ-32B", "qwq-32b inference"),
        ("Qwen/Qwen3-8B", "qwen3 hybrid"),
        ("Qwen/Qwen2.5-7B-Instruct", "qwen2.5 general"),
        ("Qwen/Qwen3-Coder-480B-A35B-Instruct", "qwen3-coder general"),
        ("mistralai/Magistral-Small-2506", "magistral-small inference"),
        ("mistralai/Mistral-Nemo-Instruct-2407", "mistral-nemo general"),
        ("models/gemini-2.0-flash-001", "gemini-2.0-flash general"),
        ("openai:o3-mini", "o3-mini inference"),
        ("anthropic:claude-3-5-sonnet-latest", "claude-3-5-sonnet general"),
        ("google-gla:gemini-2.5-flash", "gemini-2.5-flash hybrid"),
        ("groq:llama-3.3-70b-versatile", "llama3.3 general"),
        ("mistral:mistral-large-latest", "mistral-large general"),
        ("Qwen/Qwen3-235B-A22B-Thinking-2507", "qwen3-235b-a22b-thinking-2507 inference"),
        ("Qwen/Qwen3-30B-A3B-Instruct-2507", "qwen3-30b-a3b-instruct-2507 general"),
        ("Qwen/Qwen3-235B-A22B", "qwen3 hybrid"),
    ]);
}

#[test]
fn bedrock_ids() {
    assert_resolves(&[
        ("anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet hybrid"),
        ("us.anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet hybrid"),
        ("eu.anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4 hybrid"),
        ("anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet general"),
        ("bedrock/us.anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4-1 hybrid"),
        ("meta.llama3-1-70b-instruct-v1:0", "llama3.1 general"),
        ("meta.llama3-70b-instruct-v1:0", "llama3 general"),
        ("us.deepseek.r1-v1:0", "deepseek-r1 inference"),
        ("mistral.mistral-large-2402-v1:0", "mistral-large general"),
    ]);
    assert_eq!(normalize("us.anthropic.claude-3-7-sonnet-20250219-v1:0"), "claude-3-7-sonnet-20250219");
}

#[test]
fn ollama_tags() {
    assert_resolves(&[
        ("deepseek-r1:14b", "deepseek-r1 inference"),
        ("deepseek-r1:7b", "deepseek-r1 inference"),
        ("qwen3:32b", "qwen3 hybrid"),
        ("llama3.1:8b", "llama3.1 general"),
        ("llama3.2:1b", "llama3.2 general"),
        ("llama4:scout", "llama4 general"),
        ("qwq:32b", "qwq inference"),
        ("qwen2.5-coder:7b", "qwen2.5 general"),
        ("mistral-small3.1:24b", "mistral-small general"),
    ]);
    assert_eq!(normalize("llama-3.1-8b-instruct"), "llama3.1-8b-instruct");
    assert_eq!(normalize("llama3.1:8b"), "llama3.1:8b");
}

#[test]
fn dated_snapshots_and_sizes() {
    assert_resolves(&[
        ("gpt-4o-2024-08-06", "gpt-4o general"),
        ("gpt-4o-mini-2024-07-18", "gpt-4o-mini general"),
        ("gpt-4.1-2025-04-14", "gpt-4.1 general"),
        ("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini general"),
        ("o1-2024-12-17", "o1 inference"),
        ("o1-preview-2024-09-12", "o1-preview inference"),
        ("o1-mini-2024-09-12", "o1-mini inference"),
        ("o3-2025-04-16", "o3 inference"),
        ("o4-mini-2025-04-16", "o4-mini inference"),
        ("o3-pro-2025-06-10", "o3-pro inference"),
        ("gpt-5-2025-08-07", "gpt-5 inference"),
        ("gpt-5-mini-2025-08-07", "gpt-5-mini inference"),
        ("gpt-4-0613", "gpt-4 general"),
        ("gpt-4-turbo-2024-04-09", "gpt-4-turbo general"),
        ("gpt-3.5-turbo-0125", "gpt-3.5-turbo general"),
        ("gpt-35-turbo", "gpt-3.5-turbo general"),
        ("gpt4o", "gpt-4o general"),
        ("claude-3-5-sonnet-20240620", "claude-3-5-sonnet general"),
        ("claude-3-5-haiku-20241022", "claude-3-5-haiku general"),
        ("claude-3-opus-20240229", "claude-3-opus general"),
        ("claude-sonnet-4-20250514", "claude-sonnet-4 hybrid"),
        ("claude-sonnet-4-0", "claude-sonnet-4 hybrid"),
        ("claude-opus-4-20250514", "claude-opus-4 hybrid"),
        ("claude-opus-4-1-20250805", "claude-opus-4-1 hybrid"),
        ("claude-opus-4-5-20251101", "claude-opus-4-5 hybrid"),
        ("claude-haiku-4-5-20251001", "claude-haiku-4-5 hybrid"),
        ("claude-opus-4-6", "claude-opus-4-6 hybrid"),
        ("claude-opus-4-7", "claude-opus-4-7 inference"),
        ("claude-4-opus", "claude-opus-4 hybrid"),
        ("claude-4.5-sonnet", "claude-sonnet-4-5 hybrid"),
        ("claude-2.1", "claude-2 general"),
        ("gemini-2.0-flash-001", "gemini-2.0-flash general"),
        ("gemini-2.0-flash-lite-001", "gemini-2.0-flash-lite general"),
        ("gemini-2.0-flash-thinking-exp-01-21", "gemini-2.0-flash-thinking-exp inference"),
        ("gemini-2.5-flash-lite-preview-06-17", "gemini-2.5-flash-lite hybrid"),
        ("gemini-3-pro-preview", "gemini-3-pro inference"),
        ("gemini-3-flash-preview", "gemini-3-flash hybrid"),
        ("gemini-1.5-flash-8b", "gemini-1.5-flash general"),
        ("deepseek-r1-0528", "deepseek-r1 inference"),
        ("deepseek-v3-0324", "deepseek-v3 general"),
        ("grok-4-0709", "grok-4 inference"),
        ("grok-4-fast-reasoning", "grok-4-fast-reasoning inference"),
        ("grok-4-fast-non-reasoning", "grok-4-fast-non-reasoning general"),
        ("Grok 4.1 Fast Reasoning", "grok-4-1-fast-reasoning inference"),
        ("grok-4-1-fast-non-reasoning", "grok-4-1-fast-non-reasoning general"),
        ("grok-3", "grok-3 general"),
        ("magistral-medium-2506", "magistral-medium inference"),
        ("mistral-large-2411", "mistral-large general"),
        ("open-mistral-nemo", "open-mistral general"),
        ("codestral-2501", "codestral general"),
        ("ministral-8b-2410", "ministral general"),
    ]);
}

#[test]
fn openai_family_boundaries() {
    assert_resolves(&[
        ("gpt-5-pro", "gpt-5-pro inference"),
        ("gpt-5-nano", "gpt-5-nano inference"),
        ("gpt-5-codex", "gpt-5-codex inference"),
        ("gpt-5-chat-latest", "gpt-5-chat general"),
        ("gpt-5.1", "gpt-5.1 hybrid"),
        ("gpt-5.1-chat-latest", "gpt-5.1-chat general"),
        ("gpt-5.1-codex-max", "gpt-5.1-codex-max hybrid"),
        ("gpt-5.2", "gpt-5.2 hybrid"),
        ("gpt-5.2-codex", "gpt-5.2-codex hybrid"),
        ("chatgpt-4o-latest", "chatgpt-4o general"),
        ("codex-mini-latest", "codex-mini inference"),
        ("o1-pro", "o1-pro inference"),
        ("o3", "o3 inference"),
    ]);
}

#[test]
fn chinese_families() {
    assert_resolves(&[
        ("ERNIE 4.5", "ernie-4.5 general"),
        ("ernie-4.5-turbo-128k", "ernie-4.5 general"),
        ("ERNIE-4.0-8K", "ernie-4.0 general"),
        ("ernie-3.5-8k", "ernie-3.5 general"),
        ("ernie-speed-128k", "ernie-speed general"),
        ("ernie-lite-8k", "ernie-lite general"),
        ("ernie-bot-4", "ernie-bot general"),
        ("ERNIE X1", "ernie-x1 inference"),
        ("ERNIE-X1-Turbo-32K", "ernie-x1-turbo inference"),
        ("ernie-x1.1-preview", "ernie-x1.1 inference"),
        ("文心一言", "ernie-bot general"),
        ("Wenxin Yiyan", "ernie-bot general"),
        ("通义千问", "no-model"),
        ("Tongyi Qianwen", "no-model"),
        ("qwen-max", "qwen-max general"),
        ("qwen-max-2025-01-25", "qwen-max general"),
        ("qwen-turbo", "qwen-turbo general"),
        ("qwen-plus", "qwen-plus hybrid"),
        ("qwen2.5-72b-instruct", "qwen2.5 general"),
        ("qwen3-235b-a22b", "qwen3 hybrid"),
        ("qwen3-coder-plus", "qwen3-coder general"),
        ("qwq-plus", "qwq-plus inference"),
        ("QwQ-32B-Preview", "qwq-32b inference"),
        ("spark-lite", "spark-lite general"),
        ("Spark Max", "spark-max general"),
        ("Spark 4.0 Ultra", "spark-4.0-ultra general"),
        ("generalv3.5", "spark-max general"),
        ("generalv3", "spark-pro general"),
        ("4.0Ultra", "spark-4.0-ultra general"),
        ("lite", "spark-lite general"),
        ("x1", "spark-x1 inference"),
        ("Spark X1", "spark-x1 inference"),
        ("讯飞星火", "no-model"),
    ]);
}

#[test]
fn floating_names() {
    let c = Catalog::builtin();
    let cases: &[(&str, &str)] = &[
        ("chatgpt-4o-latest", "chatgpt-4o general"),
        ("claude-3-5-sonnet-latest", "claude-3-5-sonnet general"),
        ("claude-3-7-sonnet-latest", "claude-3-7-sonnet hybrid"),
        ("gpt-5-chat-latest", "gpt-5-chat general"),
        ("grok-3-mini-latest", "grok-3-mini inference"),
        ("mistral-large-latest", "mistral-large general"),
        ("gpt-4", "gpt-4 general"),
        ("qwen-max", "qwen-max general"),
        ("qwen-plus", "qwen-plus hybrid"),
        ("qwen-turbo", "qwen-turbo general"),
        ("ernie-bot", "ernie-bot general"),
        ("文心一言", "ernie-bot general"),
        ("Auto", "no-model"),
        ("Auto (copilot)", "no-model"),
        ("claude", "no-model"),
        ("gemini", "no-model"),
        ("gemini-pro", "no-model"),
        ("googleai/gemini-pro", "no-model"),
        ("gemini-flash", "no-model"),
        ("gemini-flash-latest", "no-model"),
        ("通义千问", "no-model"),
        ("Tongyi Qianwen", "no-model"),
        ("讯飞星火", "no-model"),
    ];
    for (written, expected) in cases {
        let r = c.resolve(written);
        assert!(r.floating.is_some(), "{written} should be floating");
        assert_eq!(render(c, written), *expected, "{written}");
    }
}

#[test]
fn pinned_names_are_not_floating() {
    let c = Catalog::builtin();
    for name in [
        "gpt-4o-2024-11-20",
        "claude-sonnet-4-5-20250929",
        "gemini-2.5-flash",
        "o3-mini",
        // DeepSeek's hosted names moved between models, but there is no pinned name to suggest.
        "deepseek-chat",
        "deepseek-reasoner",
        "o1",
        "o3",
        "GPT-4.1",
        "gpt-4o",
        "gpt-4-turbo",
        "qwen-max-2025-01-25",
        "deepseek-r1",
        "Claude Sonnet 4 (copilot)",
    ] {
        assert_eq!(c.resolve(name).floating, None, "{name}");
    }
}

#[test]
fn no_model_values() {
    assert_resolves(&[
        ("inherit", "no-model"),
        ("default", "no-model"),
        ("  ", "no-model"),
        ("''", "no-model"),
        ("{{model}}", "no-model"),
        ("${env:AZURE_OPENAI_DEPLOYMENT}", "no-model"),
        ("${env:MODEL:https://example.com/v1/gpt-4o}", "no-model"),
        ("{{ model }}", "no-model"),
    ]);
    assert_eq!(Catalog::builtin().resolve("inherit").floating, None);
}

#[test]
fn typos_get_suggestions() {
    let c = Catalog::builtin();
    for (written, best) in [
        ("gpt-4o-mnii", "gpt-4o-mini"),
        ("claude-sonet-4", "claude-sonnet-4"),
        ("o3-mnii", "o3-mini"),
        ("gpt-4.1-mnii", "gpt-4.1-mini"),
        ("gemini-2.5-prp", "gemini-2.5-pro"),
        ("deepseek-reasonr", "deepseek-reasoner"),
        ("gpt-4o-mnii-2024-07-18", "gpt-4o-mini"),
        ("claude-sonet-4-20250514", "claude-sonnet-4"),
        ("GPT-5.3-Codex", "gpt-5.2-codex"),
    ] {
        let r = c.resolve(written);
        let Target::Unknown = r.target else { panic!("{written} resolved: {r:?}") };
        let suggestions = c.suggest(&r.normalized);
        assert_eq!(suggestions.first().map(String::as_str), Some(best), "{written}: {suggestions:?}");
        assert!(suggestions.len() <= 3);
    }
}

#[test]
fn far_off_names_get_no_suggestion() {
    let c = Catalog::builtin();
    for written in ["my-company-model", "zzz", "GPT-9 Ultra Max Deluxe Edition"] {
        let r = c.resolve(written);
        let Target::Unknown = r.target else { panic!("{written} resolved") };
        let suggestions = c.suggest(&r.normalized);
        assert!(suggestions.is_empty(), "{written}: {suggestions:?}");
    }
}

#[test]
fn suggestion_key_drops_dates_tags_and_odd_tails() {
    assert_eq!(normalize::suggestion_key("gpt-4o-mnii-2024-07-18"), "gpt-4o-mnii");
    assert_eq!(normalize::suggestion_key("claude-sonet-4-20250514"), "claude-sonet-4");
    assert_eq!(normalize::suggestion_key("deepseek-r2:14b"), "deepseek-r2");
    assert_eq!(normalize::suggestion_key("gpt-4.1-|-'gpt-5'"), "gpt-4.1");
    assert_eq!(normalize::suggestion_key("o3-mini"), "o3-mini");
}

#[test]
fn lookup_never_confuses_neighbouring_families() {
    let c = Catalog::builtin();
    let id = |n: &str| c.lookup(n).map(|i| i.id.as_str());
    assert_eq!(id("gpt-4o"), Some("gpt-4o"));
    assert_eq!(id("gpt-4.1"), Some("gpt-4.1"));
    assert_eq!(id("gpt-4o-mini"), Some("gpt-4o-mini"));
    assert_eq!(id("gpt-4.5-preview"), None);
    assert_eq!(id("o3-mini"), Some("o3-mini"));
    assert_eq!(id("o1"), Some("o1"));
    assert_eq!(id("o10"), None);
    assert_eq!(id("gpt-5.3"), None);
    assert_eq!(id("claude-sonnet-4-5"), Some("claude-sonnet-4-5"));
    assert_eq!(id("claude-sonnet-45"), None);
    assert_eq!(id("gemini-2.5-flash-lite"), Some("gemini-2.5-flash-lite"));
    assert_eq!(id("gemini-2.0-flash-thinking-exp-1219"), Some("gemini-2.0-flash-thinking-exp"));
    assert_eq!(id("deepseek-v3.1"), None);
    assert_eq!(id("ernie-x1.1"), Some("ernie-x1.1"));
    assert_eq!(id("qwq-32b"), Some("qwq-32b"));
    assert_eq!(id("qwen3-coder-480b"), Some("qwen3-coder"));
    // A misspelt variant is a typo, not a suffix of the shorter id.
    assert_eq!(id("gpt-4o-mnii"), None);
    assert_eq!(id("o3-mnii"), None);
    assert_eq!(id("gemini-2.5-flash-lte"), None);
    assert_eq!(id("deepseek-r1-distil-qwen-7b"), None);
    assert_eq!(id("grok-4-fast-reasonin"), None);
    assert_eq!(id("gpt-5-codec"), None);
    // Numbers and real suffixes are not typos.
    assert_eq!(id("claude-sonnet-4-0"), Some("claude-sonnet-4"));
    assert_eq!(id("o1-2024-12-17"), Some("o1"));
    assert_eq!(id("gpt-5.1-codex-mini"), Some("gpt-5.1-codex"));
    assert_eq!(id("gemini-2.0-flash-exp"), Some("gemini-2.0-flash"));
    assert_eq!(id("grok-4-fast"), Some("grok-4"));
    assert_eq!(id("qwq-32"), Some("qwq"));
}

#[test]
fn ids_are_unique_and_already_normalized() {
    let mut seen = HashSet::new();
    for e in Catalog::builtin().entries() {
        assert!(seen.insert(e.id.as_str()), "duplicate id {}", e.id);
        assert_eq!(normalize(&e.id), e.id, "id is not in normal form");
        assert!(
            normalize::floating_reason(&e.id).is_none()
                || matches!(e.id.as_str(), "gpt-4" | "qwen-max" | "qwen-plus" | "qwen-turbo" | "ernie-bot"),
            "{} is unexpectedly floating",
            e.id
        );
        assert!(!e.user_defined, "{}", e.id);
        // Every entry resolves to itself.
        assert_eq!(Catalog::builtin().lookup(&e.id).map(|i| i.id.as_str()), Some(e.id.as_str()));
    }
    assert!(seen.len() >= 100, "only {} entries", seen.len());
}

#[test]
fn windows_are_consistent() {
    for e in Catalog::builtin().entries() {
        if let (Some(ctx), Some(out)) = (e.context_window, e.max_output) {
            assert!(out <= ctx, "{}: output {out} above context {ctx}", e.id);
        }
    }
}

fn rejects(info: &ModelInfo, param: ParamKind) -> Vec<&Rejection> {
    info.rejects.iter().filter(|r| r.param == param).collect()
}

fn entry(id: &str) -> &'static ModelInfo {
    Catalog::builtin().entries().iter().find(|e| e.id == id).unwrap_or_else(|| panic!("no entry {id}"))
}

#[test]
fn every_rejection_has_a_reason_and_a_source() {
    for e in Catalog::builtin().entries() {
        for r in &e.rejects {
            assert!(!r.reason.is_empty(), "{} {:?}", e.id, r.param);
            assert!(r.source.starts_with("https://"), "{} {:?}: {}", e.id, r.param, r.source);
            assert!(matches!(r.severity, Severity::Error | Severity::Warning), "{}", e.id);
        }
    }
}

#[test]
fn openai_reasoning_models_reject_sampling_and_max_tokens() {
    for e in Catalog::builtin().entries() {
        if e.provider != Provider::OpenAi || e.kind == ModelKind::General {
            continue;
        }
        let temperature = rejects(e, ParamKind::Temperature);
        assert!(!temperature.is_empty(), "{} accepts temperature", e.id);
        let max_tokens = rejects(e, ParamKind::MaxTokens);
        assert_eq!(max_tokens.len(), 1, "{}", e.id);
        let expected = match e.dialect {
            Dialect::OpenAiResponses => ParamKind::MaxOutputTokens,
            _ => ParamKind::MaxCompletionTokens,
        };
        assert_eq!(max_tokens[0].fix, RejectionFix::Rename(expected), "{}", e.id);
        assert!(!rejects(e, ParamKind::TopP).is_empty(), "{}", e.id);
        if e.kind == ModelKind::Inference {
            assert_eq!(temperature[0].when, Condition::ValueNot(1.0), "{}", e.id);
        } else {
            // Hybrids accept sampling at effort `none`.
            assert_eq!(temperature[0].when, Condition::ReasoningEffortNot("none"), "{}", e.id);
        }
    }
}

#[test]
fn openai_general_models_reject_reasoning_effort() {
    for e in Catalog::builtin().entries().iter().filter(|e| e.provider == Provider::OpenAi) {
        let effort = rejects(e, ParamKind::ReasoningEffort);
        let always = effort.iter().any(|r| r.when == Condition::Always);
        let general = e.kind == ModelKind::General;
        assert_eq!(always, general || e.rejects_system_message, "{}", e.id);
        if general {
            assert!(rejects(e, ParamKind::Temperature).is_empty(), "{}", e.id);
        }
    }
}

#[test]
fn per_model_openai_details() {
    assert!(entry("o1-mini").rejects_system_message);
    assert!(entry("o1-preview").rejects_system_message);
    assert!(!entry("o1").rejects_system_message);
    assert!(!entry("o3-mini").rejects_system_message);
    assert_eq!(rejects(entry("o3"), ParamKind::Stop).len(), 1);
    assert_eq!(rejects(entry("o4-mini"), ParamKind::Stop).len(), 1);
    assert!(rejects(entry("o3-mini"), ParamKind::Stop).is_empty());
    let logit_bias = rejects(entry("o3-mini"), ParamKind::LogitBias);
    assert_eq!(logit_bias[0].severity, Severity::Warning);
    assert!(
        rejects(entry("gpt-5-pro"), ParamKind::ReasoningEffort).iter().any(|r| r.when == Condition::StringNot("high"))
    );
    assert!(
        rejects(entry("gpt-5-codex"), ParamKind::ReasoningEffort)
            .iter()
            .any(|r| r.when == Condition::StringIs("minimal"))
    );
    let xhigh =
        |id| rejects(entry(id), ParamKind::ReasoningEffort).iter().any(|r| r.when == Condition::StringIs("xhigh"));
    assert!(xhigh("gpt-5") && xhigh("gpt-5.1") && xhigh("gpt-5.1-codex"));
    assert!(!xhigh("gpt-5.1-codex-max") && !xhigh("gpt-5.2"));
    let none =
        |id| rejects(entry(id), ParamKind::ReasoningEffort).iter().any(|r| r.when == Condition::StringIs("none"));
    assert!(none("o3-mini") && none("gpt-5"));
    assert!(!none("gpt-5.1") && !none("gpt-5.2"));
}

#[test]
fn claude_thinking_rules() {
    for e in Catalog::builtin().entries().iter().filter(|e| e.provider == Provider::Anthropic) {
        let temperature = rejects(e, ParamKind::Temperature);
        match e.kind {
            ModelKind::General => assert!(e.rejects.is_empty(), "{}", e.id),
            ModelKind::Hybrid => {
                assert!(temperature.iter().any(|r| r.when == Condition::ThinkingAndValueNot(1.0)), "{}", e.id);
                assert!(rejects(e, ParamKind::TopK).iter().any(|r| r.when == Condition::Thinking), "{}", e.id);
                assert!(
                    rejects(e, ParamKind::TopP).iter().any(|r| r.when == Condition::ThinkingAndValueBelow(0.95)),
                    "{}",
                    e.id
                );
                assert!(
                    rejects(e, ParamKind::ThinkingBudget)
                        .iter()
                        .any(|r| r.when == Condition::ValueNotBelowParam(ParamKind::MaxTokens)),
                    "{}",
                    e.id
                );
                assert!(
                    rejects(e, ParamKind::ThinkingBudget)
                        .iter()
                        .any(|r| r.when == Condition::ThinkingAndValueBelow(1024.0)),
                    "{}",
                    e.id
                );
            }
            ModelKind::Inference => assert_eq!(temperature[0].when, Condition::Always, "{}", e.id),
        }
        let with_top_p = temperature.iter().any(|r| r.when == Condition::With(ParamKind::TopP));
        let expected = matches!(
            e.id.as_str(),
            "claude-sonnet-4-5"
                | "claude-sonnet-4-6"
                | "claude-haiku-4-5"
                | "claude-opus-4-1"
                | "claude-opus-4-5"
                | "claude-opus-4-6"
        );
        assert_eq!(with_top_p, expected, "{}", e.id);
    }
    let opus_4_7 = entry("claude-opus-4-7");
    assert!(rejects(opus_4_7, ParamKind::Thinking).iter().any(|r| r.when == Condition::StringIs("enabled")));
    assert!(rejects(opus_4_7, ParamKind::ThinkingBudget).iter().any(|r| r.when == Condition::Always));
    let opus_4_6 = rejects(entry("claude-opus-4-6"), ParamKind::ThinkingBudget);
    assert!(opus_4_6.iter().any(|r| r.severity == Severity::Warning && r.when == Condition::Always));
}

#[test]
fn gemini_deepseek_and_xai_rules() {
    let budget = rejects(entry("gemini-2.5-pro"), ParamKind::ThinkingBudget);
    assert_eq!(budget[0].when, Condition::ValueEquals(0.0));
    assert!(rejects(entry("gemini-2.5-flash"), ParamKind::ThinkingBudget).is_empty());
    for id in ["gemini-1.5-pro", "gemini-1.5-flash", "gemini-2.0-flash", "gemini-2.0-flash-lite"] {
        assert_eq!(rejects(entry(id), ParamKind::ThinkingBudget)[0].when, Condition::Always, "{id}");
        assert_eq!(rejects(entry(id), ParamKind::ThinkingLevel)[0].when, Condition::Always, "{id}");
    }
    for id in ["gemini-3-pro", "gemini-3-flash"] {
        let budget = rejects(entry(id), ParamKind::ThinkingBudget);
        assert_eq!(budget[0].when, Condition::With(ParamKind::ThinkingLevel), "{id}");
    }

    let reasoner = entry("deepseek-reasoner");
    for p in [ParamKind::Logprobs, ParamKind::TopLogprobs] {
        assert_eq!(rejects(reasoner, p)[0].severity, Severity::Error);
    }
    for p in [ParamKind::Temperature, ParamKind::TopP, ParamKind::PresencePenalty, ParamKind::FrequencyPenalty] {
        assert_eq!(rejects(reasoner, p)[0].severity, Severity::Warning);
    }
    assert!(entry("deepseek-chat").rejects.is_empty());
    assert!(entry("deepseek-r1").rejects.is_empty());

    for id in ["grok-3-mini", "grok-4", "grok-4-fast-reasoning", "grok-4-1-fast-reasoning"] {
        for p in [ParamKind::PresencePenalty, ParamKind::FrequencyPenalty, ParamKind::Stop] {
            assert_eq!(rejects(entry(id), p).len(), 1, "{id} {p:?}");
        }
    }
    assert!(rejects(entry("grok-3-mini"), ParamKind::ReasoningEffort).is_empty());
    for id in ["grok-3", "grok-4", "grok-4-fast-reasoning"] {
        assert_eq!(rejects(entry(id), ParamKind::ReasoningEffort).len(), 1, "{id}");
    }
    assert!(rejects(entry("grok-3"), ParamKind::Stop).is_empty());
}

#[test]
fn kinds_by_family() {
    let kind = |id| entry(id).kind;
    for id in [
        "qwq",
        "qwq-32b",
        "qwq-plus",
        "magistral-small",
        "magistral-medium",
        "ernie-x1",
        "spark-x1",
        "deepseek-r1-distill",
    ] {
        assert_eq!(kind(id), ModelKind::Inference, "{id}");
    }
    for id in ["qwen-plus", "qwen3", "gemini-2.5-flash", "gemini-2.5-flash-lite", "claude-3-7-sonnet"] {
        assert_eq!(kind(id), ModelKind::Hybrid, "{id}");
    }
    for id in ["qwen3-coder", "llama3.3", "llama4", "codestral", "spark-4.0-ultra", "ernie-4.5", "gpt-5.1-chat"] {
        assert_eq!(kind(id), ModelKind::General, "{id}");
    }
    assert_eq!(entry("ernie-4.5").provider, Provider::Baidu);
    assert_eq!(entry("qwq").provider, Provider::Alibaba);
    assert_eq!(entry("spark-x1").provider, Provider::IFlytek);
    assert_eq!(entry("gemini-2.5-pro").dialect, Dialect::GeminiGenerateContent);
    assert_eq!(entry("o3-pro").dialect, Dialect::OpenAiResponses);
}

#[test]
fn overrides_add_replace_and_copy() {
    let overrides = [
        ModelOverride { name: "acme-reasoner".to_owned(), kind: Some(ModelKind::Inference), ..Default::default() },
        ModelOverride { name: "gpt-4o".to_owned(), kind: Some(ModelKind::Hybrid), ..Default::default() },
        ModelOverride {
            name: "Acme Mini".to_owned(),
            like: Some("o3-mini".to_owned()),
            context_window: Some(32_000),
            ..Default::default()
        },
    ];
    let c = Catalog::with_overrides(&overrides);

    let Target::Model(acme) = c.resolve("acme-reasoner-v2").target else { panic!("acme-reasoner unknown") };
    assert_eq!((acme.id.as_str(), acme.kind, acme.provider), ("acme-reasoner", ModelKind::Inference, Provider::Other));
    assert!(acme.user_defined && acme.rejects.is_empty());

    let Target::Model(gpt4o) = c.resolve("gpt-4o-2024-08-06").target else { panic!("gpt-4o unknown") };
    assert_eq!(gpt4o.kind, ModelKind::Hybrid);
    assert!(gpt4o.user_defined);
    assert_eq!(gpt4o.rejects, entry("gpt-4o").rejects, "overriding the kind keeps the rejections");
    assert_eq!(c.entries().iter().filter(|e| e.id == "gpt-4o").count(), 1);

    let Target::Model(mini) = c.resolve("acme-mini").target else { panic!("acme-mini unknown") };
    assert_eq!(mini.kind, ModelKind::Inference);
    assert_eq!(mini.rejects, entry("o3-mini").rejects);
    assert_eq!((mini.context_window, mini.max_output), (Some(32_000), Some(100_000)));

    // The built-in catalog is untouched.
    assert_eq!(entry("gpt-4o").kind, ModelKind::General);
    assert!(matches!(Catalog::builtin().resolve("acme-reasoner").target, Target::Unknown));
}

#[test]
fn resolve_first_takes_the_first_known_name() {
    let c = Catalog::builtin();
    let (i, r) = c.resolve_first(&["GPT-5.3-Codex", "Claude Sonnet 4.6 (copilot)", "GPT-4.1"]).expect("non-empty");
    assert_eq!(i, 1);
    assert!(matches!(r.target, Target::Model(info) if info.id == "claude-sonnet-4-6"));
    let (i, r) = c.resolve_first(&["nope-1", "nope-2"]).expect("non-empty");
    assert_eq!(i, 0);
    assert!(matches!(r.target, Target::Unknown));
    assert!(c.resolve_first(&[]).is_none());
}

#[test]
fn normalize_spellings() {
    for (written, expected) in [
        ("  'GPT-4.1'  ", "gpt-4.1"),
        ("`o3-mini`", "o3-mini"),
        ("GPT-5 mini", "gpt-5-mini"),
        ("Claude Sonnet 4", "claude-sonnet-4"),
        ("Claude Sonnet 4.5", "claude-sonnet-4-5"),
        ("claude-3.5-sonnet", "claude-3-5-sonnet"),
        ("GPT-5.1-Codex (Preview) (copilot)", "gpt-5.1-codex"),
        ("Gemini 2.5 Pro", "gemini-2.5-pro"),
        ("GPT-4.1(copilot)", "gpt-4.1"),
        ("claude-haiku-3", "claude-3-haiku"),
        ("claude-sonnet-3.5-20241022", "claude-3-5-sonnet-20241022"),
        ("llama-guard-3-8b", "llama-guard-3-8b"),
        ("llama-3-70b", "llama3-70b"),
        ("(copilot)", "(copilot)"),
        ("x1", "spark-x1"),
    ] {
        assert_eq!(normalize(written), expected, "{written:?}");
    }
    // Ollama's `mistral` model is not PydanticAI's `mistral:` provider prefix.
    for (written, expected) in [("mistral:7b", "mistral:7b"), ("mistral:latest", "mistral:latest")] {
        assert_eq!(normalize(written), expected, "{written:?}");
    }
}

#[test]
fn normalize_never_panics_on_odd_input() {
    for written in [
        "/",
        "//",
        "(",
        ")",
        "()",
        "us.",
        "anthropic.",
        "meta.llama",
        "llama",
        "llama-",
        "gpt",
        "claude-",
        "claude-4",
        "-v1:0",
        "é",
        "文心一言 4.5",
        "gpt-4.1 | 'gpt-5'",
        "\u{0}",
        "a/b/",
        "grok-.",
        "1p2p",
    ] {
        let _ = Catalog::builtin().resolve(written);
    }
}

fn param(kind: ParamKind, value: ParamValue) -> Param {
    Param {
        path: kind.api_name().to_owned(),
        kind,
        key_range: TextRange::default(),
        value,
        value_range: TextRange::default(),
        entry_range: TextRange::default(),
    }
}

#[test]
fn conditions_hold_as_documented() {
    use ParamValue::{Number, String as Str};
    let t = Number(0.3);
    let one = Number(1.0);
    let none = [param(ParamKind::ReasoningEffort, Str("none".to_owned()))];
    let high = [param(ParamKind::ReasoningEffort, Str("High".to_owned()))];
    let top_p = [param(ParamKind::TopP, Number(0.9))];

    assert!(Condition::ThinkingAndValueNot(1.0).holds(&t, true, &[]));
    assert!(!Condition::ThinkingAndValueNot(1.0).holds(&t, false, &[]));
    assert!(!Condition::ThinkingAndValueNot(1.0).holds(&one, true, &[]));
    assert!(!Condition::ThinkingAndValueNot(1.0).holds(&Str("{{t}}".to_owned()), true, &[]));
    assert!(Condition::ThinkingAndValueBelow(0.95).holds(&Number(0.9), true, &[]));
    assert!(!Condition::ThinkingAndValueBelow(0.95).holds(&Number(0.95), true, &[]));
    assert!(!Condition::ThinkingAndValueBelow(1024.0).holds(&Number(512.0), false, &[]));
    assert!(Condition::StringIs("none").holds(&Str("None".to_owned()), false, &[]));
    assert!(!Condition::StringIs("none").holds(&Str("low".to_owned()), false, &[]));
    assert!(Condition::StringNot("high").holds(&Str("medium".to_owned()), false, &[]));
    assert!(!Condition::StringNot("high").holds(&Str("high".to_owned()), false, &[]));
    assert!(!Condition::StringNot("high").holds(&Number(1.0), false, &[]));
    assert!(Condition::ReasoningEffortNot("none").holds(&t, false, &high));
    assert!(!Condition::ReasoningEffortNot("none").holds(&t, false, &none));
    assert!(!Condition::ReasoningEffortNot("none").holds(&t, false, &[]));
    assert!(Condition::With(ParamKind::TopP).holds(&t, false, &top_p));
    assert!(!Condition::With(ParamKind::TopP).holds(&t, false, &none));
    assert!(Condition::ValueNot(1.0).holds(&t, false, &[]));
    assert!(Condition::ValueEquals(0.0).holds(&Number(0.0), false, &[]));
    assert!(Condition::ValueBelow(1024.0).holds(&Number(10.0), false, &[]));
    assert!(Condition::Always.holds(&ParamValue::Null, false, &[]));
    assert!(Condition::Thinking.holds(&t, true, &[]));
    let max_tokens = [param(ParamKind::MaxTokens, Number(2000.0))];
    assert!(Condition::ValueNotBelowParam(ParamKind::MaxTokens).holds(&Number(2000.0), true, &max_tokens));
    assert!(!Condition::ValueNotBelowParam(ParamKind::MaxTokens).holds(&Number(1999.0), true, &max_tokens));
    assert!(!Condition::ValueNotBelowParam(ParamKind::MaxTokens).holds(&Number(5000.0), true, &[]));
}

#[test]
fn resolving_is_cheap() {
    // Resolution runs on every keystroke; a few hundred must stay far below two seconds even in
    // an unoptimised test build.
    let c = Catalog::builtin();
    let names =
        ["Claude Sonnet 4.5 (copilot)", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "gpt-4o-mnii", "qwen3:32b"];
    let start = std::time::Instant::now();
    for _ in 0..100 {
        for name in names {
            let _ = c.resolve(name);
        }
    }
    assert!(start.elapsed() < std::time::Duration::from_secs(2), "{:?}", start.elapsed());
}
