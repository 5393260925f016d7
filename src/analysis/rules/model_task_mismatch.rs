//! `model-task-mismatch`: the prompt's task wants the other kind of model than the one it names.

use super::{Context, Diagnostic, Edit, Fix, FixAvailability, Rule, RuleMeta, Severity};
use crate::analysis::catalog::{ModelInfo, ModelKind, Provider, Target};
use crate::analysis::classify::{Preference, Profile, Task};
use crate::analysis::extract::{ModelRef, PromptUnit};
use crate::analysis::fit::{EffectiveKind, UnitModel};

pub struct ModelTaskMismatch;

static META: RuleMeta = RuleMeta {
    code: "MF005",
    name: "model-task-mismatch",
    default_severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    summary: "The prompt's task suits the other kind of model (general vs. inference) than the one it runs on",
    docs: r#"## What it does
Classifies what the prompt asks for (the same task profile that hover shows) and compares the kind
of model that task suits with the kind of model the prompt runs on:

- a creative, dialogue, writing or summary task on an inference (reasoning) model: warning;
- a math, logic, debugging or planning task on a general model: warning;
- a code task on a general model: info (general models write ordinary code well; reasoning
  models are better at hard algorithms and large changes).

Hybrid models (Claude 3.7 and 4.x, Gemini 2.5 Flash, gpt-5.1 and later, Qwen3) are judged by
whether the request turns reasoning on: Claude `thinking`, OpenAI `reasoning_effort`, Gemini
`thinkingBudget`/`thinkingLevel`, Qwen3 `enable_thinking` or `/think`; when it says nothing, by the
model's default. Question answering and prompts the classifier is unsure about (below
`[analysis] confidence-threshold`, default 0.3) are never reported, nor are models modelfit does
not know, nor `inherit`/`auto`.

## Why is this bad?
Reasoning models spend time and tokens thinking before they answer: that pays off on problems
with a checkable answer (math, logic, code, debugging, planning) and buys little or hurts on
open-ended writing, where they are slower, dearer and often flatter. General models answer at
once and write well, but make more mistakes on multi-step problems unless guided step by step.

## Example
```markdown
---
model: o3
---
Write a short, playful poem about the beauty of prime numbers for a school newsletter.
```

## Fix
Switch to a model of the right kind. The quick fix (unsafe: it changes cost and behaviour)
replaces the model name with the role model from modelfit.toml (`[roles] general = "…"`,
`inference = "…"`) or, when none is set, with a default of the same provider:

| provider | general | inference |
|---|---|---|
| OpenAI | `gpt-4.1` | `o4-mini` |
| Anthropic | `claude-sonnet-4-5` | `claude-sonnet-4-5` with `thinking` turned on |
| Google | `gemini-2.5-flash-lite` | `gemini-2.5-pro` |
| DeepSeek | `deepseek-chat` | `deepseek-reasoner` |
| Alibaba Qwen | `qwen-max` | `qwq-plus` |
| xAI | `grok-4-fast-non-reasoning` | `grok-4-fast-reasoning` |
| Mistral | `mistral-medium` | `magistral-medium` |
| Baidu ERNIE | `ernie-4.5` | `ernie-x1` |
| iFlytek Spark | `spark-max` | `spark-x1` |

Meta's Llama has no reasoning model, so no switch is offered. For a hybrid model the better fix is
often its reasoning switch rather than another model: turn Claude's `thinking` on or off, set
`reasoning_effort`, Gemini's `thinkingBudget`, or Qwen3's `/think` / `/no_think`. Claude is
hybrid, so the Anthropic "inference" model is `claude-sonnet-4-5` *with thinking on*: the rename
alone is offered only for Claude models that cannot think at all.

A prompt that really mixes both kinds of work is better split (see `mixed-task`). If the
classifier is wrong, suppress the finding and tell us which words misled it.

## Sources
- OpenAI, reasoning best practices (when to use reasoning vs. GPT models): https://platform.openai.com/docs/guides/reasoning-best-practices
- OpenAI GPT-4.1 prompting guide ("GPT-4.1 is not a reasoning model"): https://cookbook.openai.com/examples/gpt4-1_prompting_guide
- Anthropic, let Claude think ("Not all tasks require in-depth thinking"): https://platform.claude.com/docs/en/build-with-claude/prompt-engineering/chain-of-thought
- Anthropic extended thinking: https://platform.claude.com/docs/en/build-with-claude/extended-thinking
- Gemini thinking: https://ai.google.dev/gemini-api/docs/thinking
- DeepSeek reasoning model: https://api-docs.deepseek.com/guides/reasoning_model
- Sprague et al., *To CoT or not to CoT?* (gains concentrate on math and symbolic reasoning): https://arxiv.org/abs/2409.12183
"#,
};

impl Rule for ModelTaskMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (i, unit) in cx.extraction.units.iter().enumerate() {
            let Some(fit) = cx.fit(unit) else { continue };
            let profile = cx.profile(i);
            let wanted = match profile.prediction(cx.options.confidence_threshold) {
                Preference::General => EffectiveKind::General,
                Preference::Inference => EffectiveKind::Inference,
                Preference::Either => continue,
            };
            if wanted != fit.kind {
                out.push(finding(cx, unit, &unit.models[fit.index], &fit, profile, wanted));
            }
        }
    }
}

fn finding(
    cx: &Context<'_>,
    unit: &PromptUnit,
    written: &ModelRef,
    fit: &UnitModel<'_>,
    profile: &Profile,
    wanted: EffectiveKind,
) -> Diagnostic {
    let task = profile.task;
    let cues = cue_list(cx, unit, profile, task, 3);
    let cues = if cues.is_empty() { String::new() } else { format!(" (cues: {})", cues.join(", ")) };
    let hybrid = fit.info.kind == ModelKind::Hybrid;
    let runs_as = match (fit.kind, hybrid) {
        (EffectiveKind::General, false) => "is a general model",
        (EffectiveKind::General, true) => "runs as a general model here (reasoning off)",
        (EffectiveKind::Inference, false) => "is an inference model",
        (EffectiveKind::Inference, true) => "runs as an inference model here (reasoning on)",
    };
    let better = match wanted {
        EffectiveKind::General => "general models write this better and faster",
        EffectiveKind::Inference => "inference models do this better",
    };
    let message = format!("task looks like {task}{cues} but `{}` {runs_as}; {better}", written.name);
    // Code is routine work for a general model; only harder reasoning tasks earn a warning.
    let severity =
        if task == Task::Code && fit.kind == EffectiveKind::General { Severity::Info } else { Severity::Warning };

    let target = switch_target(cx, fit.info, wanted);
    let switch = target.as_ref().map(|t| {
        let name = spell_like(&written.name, &t.name);
        let then = if t.needs_thinking { " and turn on `thinking`" } else { "" };
        (name, then)
    });
    let mut helps = Vec::new();
    // Copilot files carry no request parameters: Copilot decides whether a hybrid model thinks,
    // so the author's lever is the model itself.
    let copilot = cx.format.is_copilot();
    if hybrid && !copilot {
        let verb = if wanted == EffectiveKind::Inference { "turn reasoning on" } else { "turn reasoning off" };
        helps.push(format!("{verb} ({})", reasoning_switch(fit.info.provider)));
    }
    if let Some((name, then)) = &switch {
        helps.push(format!("switch to `{name}`{then}"));
    } else if hybrid && copilot {
        helps.push(match wanted {
            EffectiveKind::Inference => "pick a reasoning model for this file (such as `GPT-5 mini`), or set `[roles] inference` in modelfit.toml".to_owned(),
            EffectiveKind::General => "pick a general model for this file (such as `GPT-4.1`), or set `[roles] general` in modelfit.toml".to_owned(),
        });
    } else if !hybrid {
        helps.push(match (wanted, fit.info.provider) {
            (EffectiveKind::Inference, Provider::Meta) => {
                "use an inference model: Llama has none (for local runs, DeepSeek-R1 distills or QwQ)".to_owned()
            }
            (EffectiveKind::Inference, _) => "use an inference model".to_owned(),
            (EffectiveKind::General, _) => "use a general model".to_owned(),
        });
    }
    let mut d = Diagnostic::new(&META, written.range, message).with_severity(severity).with_help(helps.join(", or "));
    if let Some((name, then)) = switch {
        d = d.with_fix(Fix::unsafe_(
            format!("Switch to `{name}`{}", if then.is_empty() { "" } else { " (then turn on `thinking`)" }),
            vec![Edit { range: written.range, new_text: written.replacement(&name) }],
        ));
    }
    d
}

/// Up to `max` cues for `task`, the strongest, in text order: words as the prompt writes them
/// (`'solve'`, `'how many'`), structures by name (`arithmetic`, `code block`).
pub(super) fn cue_list(cx: &Context<'_>, unit: &PromptUnit, profile: &Profile, task: Task, max: usize) -> Vec<String> {
    let mut cues: Vec<_> = profile.evidence.iter().filter(|c| c.task == task).collect();
    cues.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let mut shown: Vec<(usize, usize, String)> = Vec::new();
    for cue in cues {
        let written = unit.segments.get(cue.segment).and_then(|s| {
            let start = s.range.start + cue.range.start;
            cx.text.get(start..s.range.start + cue.range.end)
        });
        // A lexicon cue matches the text (`rhym*` matches "rhyming"); a structure's label does not.
        let lexical = written.filter(|w| {
            let stem = cue.text.trim_end_matches('*');
            w.len() >= stem.len() && w.get(..stem.len()).is_some_and(|p| p.eq_ignore_ascii_case(stem))
        });
        let label = lexical.map_or_else(|| cue.text.to_owned(), |w| format!("'{}'", w.trim()));
        if !shown.iter().any(|(_, _, l)| l.eq_ignore_ascii_case(&label)) {
            shown.push((cue.segment, cue.range.start, label));
        }
        if shown.len() == max {
            break;
        }
    }
    shown.sort();
    shown.into_iter().map(|(_, _, l)| l).collect()
}

/// A model to switch to, and whether it must also be told to think.
struct SwitchTarget {
    name: String,
    needs_thinking: bool,
}

/// The configured role model, else the provider's default of the wanted kind; `None` when there
/// is no sensible model to switch to, or the switch would land on the same model.
fn switch_target(cx: &Context<'_>, current: &ModelInfo, wanted: EffectiveKind) -> Option<SwitchTarget> {
    let configured = match wanted {
        EffectiveKind::General => cx.options.general_model.as_deref(),
        EffectiveKind::Inference => cx.options.inference_model.as_deref(),
    };
    let (name, needs_thinking) = if let Some(name) = configured {
        (name.to_owned(), false)
    } else {
        let (general, inference) = provider_defaults(current.provider)?;
        match wanted {
            EffectiveKind::General => (general.to_owned(), false),
            // Claude is hybrid: its reasoning model is a thinking-capable Claude with thinking
            // turned on. Renaming one hybrid Claude to another gains nothing.
            EffectiveKind::Inference if current.provider == Provider::Anthropic => {
                if current.kind == ModelKind::Hybrid {
                    return None;
                }
                (inference.to_owned(), true)
            }
            EffectiveKind::Inference => (inference.to_owned(), false),
        }
    };
    // Switching a model to itself is no fix (a hybrid's switch is the help text instead).
    if let Target::Model(info) = cx.catalog.resolve(&name).target
        && info.id == current.id
    {
        return None;
    }
    Some(SwitchTarget { name, needs_thinking })
}

/// The default (general, inference) models of a provider: pinned ids of current, widely
/// available models. Meta publishes no reasoning model.
pub(crate) fn provider_defaults(provider: Provider) -> Option<(&'static str, &'static str)> {
    Some(match provider {
        Provider::OpenAi => ("gpt-4.1", "o4-mini"),
        Provider::Anthropic => ("claude-sonnet-4-5", "claude-sonnet-4-5"),
        Provider::Google => ("gemini-2.5-flash-lite", "gemini-2.5-pro"),
        Provider::DeepSeek => ("deepseek-chat", "deepseek-reasoner"),
        Provider::Alibaba => ("qwen-max", "qwq-plus"),
        Provider::XAi => ("grok-4-fast-non-reasoning", "grok-4-fast-reasoning"),
        Provider::Mistral => ("mistral-medium", "magistral-medium"),
        Provider::Baidu => ("ernie-4.5", "ernie-x1"),
        Provider::IFlytek => ("spark-max", "spark-x1"),
        Provider::Meta | Provider::Other => return None,
    })
}

/// How a provider's hybrid models switch reasoning, for help texts.
fn reasoning_switch(provider: Provider) -> &'static str {
    match provider {
        Provider::Anthropic => "Claude `thinking`",
        Provider::OpenAi => "`reasoning_effort`",
        Provider::Google => "`thinkingBudget` or `thinkingLevel`",
        Provider::Alibaba => "Qwen3 `enable_thinking` or `/think` / `/no_think` in the prompt",
        _ => "the model's thinking switch",
    }
}

/// Keeps a provider prefix the author wrote (`googleai/gemini-2.5-flash` → `googleai/gemini-2.5-pro`).
fn spell_like(written: &str, target: &str) -> String {
    match written.rsplit_once('/') {
        Some((prefix, _)) if !target.contains('/') => format!("{prefix}/{target}"),
        _ => target.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::provider_defaults;
    use crate::analysis::analyze;
    use crate::analysis::catalog::{Catalog, ModelKind, Provider, Target};
    use crate::analysis::format::PromptFormat;
    use crate::analysis::rules::test_support::{check, fix, render};
    use crate::analysis::settings::Settings;

    const RULE: &str = "model-task-mismatch";

    #[test]
    fn a_poem_about_mathematics_on_o3_is_creative_work_on_an_inference_model() {
        let text = "---\nmodel: o3\n---\nWrite a playful rhyming poem about the beauty of prime numbers and the mathematicians who loved them, for a school newsletter.\n";
        expect![[r#"
            2:8 warning[model-task-mismatch]: task looks like creative (cues: 'rhyming', 'poem') but `o3` is an inference model; general models write this better and faster
              | model: o3
              |        ^^
              = help: switch to `gpt-4.1`
              = fix (Unsafe): Switch to `gpt-4.1`
        "#]].assert_eq(&check(RULE, "poem.prompt.md", text));
        expect![[r#"
            ---
            model: gpt-4.1
            ---
            Write a playful rhyming poem about the beauty of prime numbers and the mathematicians who loved them, for a school newsletter.
        "#]].assert_eq(&fix(RULE, "poem.prompt.md", text));
    }

    #[test]
    fn math_on_a_general_model_is_a_warning_with_a_switch() {
        let text = "---\nmodel: GPT-4.1\n---\nSolve for x: 3x + 7 = 22. Then find how many integers n satisfy n^2 < 50 and prove your answer.\n";
        expect![[r#"
            2:8 warning[model-task-mismatch]: task looks like math (cues: 'Solve', 'how many', 'prove') but `GPT-4.1` is a general model; inference models do this better
              | model: GPT-4.1
              |        ^^^^^^^
              = help: switch to `o4-mini`
              = fix (Unsafe): Switch to `o4-mini`
        "#]].assert_eq(&check(RULE, "solve.prompt.md", text));
        expect![[r#"
            ---
            model: o4-mini
            ---
            Solve for x: 3x + 7 = 22. Then find how many integers n satisfy n^2 < 50 and prove your answer.
        "#]]
        .assert_eq(&fix(RULE, "solve.prompt.md", text));
    }

    #[test]
    fn code_on_a_general_model_is_only_info() {
        let text = "---\nmodel: gpt-4o\n---\nImplement a function in Rust that parses an ISO 8601 duration string and returns the number of seconds. Include unit tests.\n";
        expect![[r#"
            2:8 info[model-task-mismatch]: task looks like code (cues: 'Implement', 'function', 'Rust') but `gpt-4o` is a general model; inference models do this better
              | model: gpt-4o
              |        ^^^^^^
              = help: switch to `o4-mini`
              = fix (Unsafe): Switch to `o4-mini`
        "#]].assert_eq(&check(RULE, "code.prompt.md", text));
    }

    #[test]
    fn code_quoted_inside_a_creative_prompt_stays_creative() {
        let text = "---\nmodel: gpt-4.1\n---\nWrite a short bedtime story for kids about a robot who dreams. Give the robot a favourite line of code, like this:\n\n```python\nprint(\"hello, moon\")\n```\n\nKeep the tone warm and gentle.\n";
        expect![[r#""#]].assert_eq(&check(RULE, "story.prompt.md", text));
    }

    #[test]
    fn a_summary_with_numbers_on_a_general_model_is_quiet() {
        let text = "---\nmodel: gpt-4.1-mini\n---\nSummarize this quarterly report in three bullet points: revenue grew 12% to $4.2M, costs fell 3%, and headcount rose from 41 to 48.\n";
        assert_eq!(check(RULE, "summary.prompt.md", text), "");
    }

    #[test]
    fn a_math_teacher_role_play_is_dialogue() {
        let text = "---\nmodel: gpt-4o\n---\nYou are Ms. Rivera, a warm and patient math teacher. Role-play a conversation with a nervous student before an exam: chat with them, encourage them, and stay in character.\n";
        expect![[r#""#]].assert_eq(&check(RULE, "teacher.prompt.md", text));
    }

    #[test]
    fn chinese_and_spanish_math_prompts_on_general_models() {
        let zh =
            "---\nmodel: deepseek-chat\n---\n求解方程 x^2 - 5x + 6 = 0，并证明你的答案是正确的。计算所有实数解。\n";
        expect![[r#"
            2:8 warning[model-task-mismatch]: task looks like math (cues: '求解', '方程', '证明') but `deepseek-chat` is a general model; inference models do this better
              | model: deepseek-chat
              |        ^^^^^^^^^^^^^
              = help: switch to `deepseek-reasoner`
              = fix (Unsafe): Switch to `deepseek-reasoner`
        "#]].assert_eq(&check(RULE, "zh.prompt.md", zh));
        let es = "---\nmodel: gpt-4o\n---\nResuelve la ecuación 2x + 3 = 11 y demuestra que la solución es única. ¿Cuántas soluciones enteras tiene x^2 < 20?\n";
        expect![[r#"
            2:8 warning[model-task-mismatch]: task looks like math (cues: 'Resuelve', 'ecuación', 'demuestra') but `gpt-4o` is a general model; inference models do this better
              | model: gpt-4o
              |        ^^^^^^
              = help: switch to `o4-mini`
              = fix (Unsafe): Switch to `o4-mini`
        "#]].assert_eq(&check(RULE, "es.prompt.md", es));
    }

    #[test]
    fn hybrids_are_judged_by_their_reasoning_switch() {
        let on = "---\nmodel:\n  configuration:\n    name: claude-sonnet-4-5\n  parameters:\n    thinking:\n      type: enabled\n      budget_tokens: 2048\n---\nuser:\nWrite a warm, funny wedding toast for my sister and her husband, who met at a bakery.\n";
        expect![[r#"
            4:11 warning[model-task-mismatch]: task looks like writing (cues: 'Write a') but `claude-sonnet-4-5` runs as an inference model here (reasoning on); general models write this better and faster
              |     name: claude-sonnet-4-5
              |           ^^^^^^^^^^^^^^^^^
              = help: turn reasoning off (Claude `thinking`)
        "#]].assert_eq(&check(RULE, "toast.prompty", on));
        let off = on.replace("enabled", "disabled").replace("2048", "0").replace(
            "Write a warm, funny wedding toast for my sister and her husband, who met at a bakery.",
            "Prove that the square root of 2 is irrational, then solve 3x + 7 = 22 for x.",
        );
        expect![[r#"
            4:11 warning[model-task-mismatch]: task looks like math (cues: 'Prove', 'square root', 'solve') but `claude-sonnet-4-5` runs as a general model here (reasoning off); inference models do this better
              |     name: claude-sonnet-4-5
              |           ^^^^^^^^^^^^^^^^^
              = help: turn reasoning on (Claude `thinking`)
        "#]].assert_eq(&check(RULE, "proof.prompty", &off));
        // The same proof with thinking on fits.
        let fitting = off.replace("disabled", "enabled").replace("budget_tokens: 0", "budget_tokens: 2048");
        assert_eq!(check(RULE, "proof.prompty", &fitting), "");
    }

    #[test]
    fn gemini_flash_reasons_by_default_and_keeps_its_provider_prefix() {
        let text =
            "---\nmodel: googleai/gemini-2.5-flash\n---\nWrite a cheerful limerick about a cat who loves rainy days.\n";
        expect![[r#"
            2:8 warning[model-task-mismatch]: task looks like creative (cues: 'limerick') but `googleai/gemini-2.5-flash` runs as an inference model here (reasoning on); general models write this better and faster
              | model: googleai/gemini-2.5-flash
              |        ^^^^^^^^^^^^^^^^^^^^^^^^^
              = help: turn reasoning off (`thinkingBudget` or `thinkingLevel`), or switch to `googleai/gemini-2.5-flash-lite`
              = fix (Unsafe): Switch to `googleai/gemini-2.5-flash-lite`
        "#]].assert_eq(&check(RULE, "limerick.prompt", text));
        expect![[r#"
            ---
            model: googleai/gemini-2.5-flash-lite
            ---
            Write a cheerful limerick about a cat who loves rainy days.
        "#]]
        .assert_eq(&fix(RULE, "limerick.prompt", text));
    }

    #[test]
    fn unknown_inherit_and_qa_are_quiet() {
        let poem = "Write a playful rhyming poem about the beauty of prime numbers for a school newsletter.";
        for model in ["inherit", "gpt-9-ultra", "auto"] {
            let text = format!("---\nmodel: {model}\n---\n{poem}\n");
            assert_eq!(check(RULE, "a.prompt.md", &text), "", "{model}");
        }
        let qa = "---\nmodel: o3\n---\nWhat is the capital of Australia?\n";
        assert_eq!(check(RULE, "qa.prompt.md", qa), "");
        let no_model = format!("---\ndescription: x\n---\n{poem}\n");
        assert_eq!(check(RULE, "a.prompt.md", &no_model), "");
    }

    #[test]
    fn meta_models_get_no_switch() {
        let text = "---\nmodel: llama3.3:70b\n---\nSolve for x: 3x + 7 = 22. Then find how many integers n satisfy n^2 < 50 and prove your answer.\n";
        expect![[r#"
            2:8 warning[model-task-mismatch]: task looks like math (cues: 'Solve', 'how many', 'prove') but `llama3.3:70b` is a general model; inference models do this better
              | model: llama3.3:70b
              |        ^^^^^^^^^^^^
              = help: use an inference model: Llama has none (for local runs, DeepSeek-R1 distills or QwQ)
        "#]].assert_eq(&check(RULE, "llama.prompt.md", text));
    }

    #[test]
    fn an_old_claude_is_offered_a_thinking_claude() {
        let text = "---\nmodel:\n  configuration:\n    name: claude-3-5-sonnet\n---\nuser:\nProve that the square root of 2 is irrational, then solve 3x + 7 = 22 for x.\n";
        expect![[r#"
            4:11 warning[model-task-mismatch]: task looks like math (cues: 'Prove', 'square root', 'solve') but `claude-3-5-sonnet` is a general model; inference models do this better
              |     name: claude-3-5-sonnet
              |           ^^^^^^^^^^^^^^^^^
              = help: switch to `claude-sonnet-4-5` and turn on `thinking`
              = fix (Unsafe): Switch to `claude-sonnet-4-5` (then turn on `thinking`)
        "#]].assert_eq(&check(RULE, "proof.prompty", text));
    }

    #[test]
    fn configured_role_models_win_over_provider_defaults() {
        let text = "---\nmodel: o3\n---\nWrite a playful rhyming poem about the beauty of prime numbers for a school newsletter.\n";
        let mut settings = Settings::default();
        settings.options.general_model = Some("claude-sonnet-4-5".to_owned());
        let analysis = analyze(PromptFormat::CopilotPrompt, text, &settings);
        expect![[r#"
            2:8 warning[model-task-mismatch]: task looks like creative (cues: 'rhyming', 'poem') but `o3` is an inference model; general models write this better and faster
              | model: o3
              |        ^^
              = help: switch to `claude-sonnet-4-5`
              = fix (Unsafe): Switch to `claude-sonnet-4-5`
        "#]].assert_eq(&render(&analysis, text, Some(RULE)));
    }

    #[test]
    fn provider_defaults_resolve_to_models_of_the_right_kind() {
        let catalog = Catalog::builtin();
        let default_kind = |name: &str| match catalog.resolve(name).target {
            Target::Model(info) => match info.kind {
                ModelKind::Hybrid if info.reasons_by_default => ModelKind::Inference,
                ModelKind::Hybrid => ModelKind::Hybrid,
                kind => kind,
            },
            _ => panic!("{name} is not in the catalog"),
        };
        let providers = [
            Provider::OpenAi,
            Provider::Anthropic,
            Provider::Google,
            Provider::DeepSeek,
            Provider::Alibaba,
            Provider::XAi,
            Provider::Mistral,
            Provider::Baidu,
            Provider::IFlytek,
        ];
        for provider in providers {
            let (general, inference) = provider_defaults(provider).expect("has defaults");
            // A hybrid that does not reason by default runs as a general model.
            assert!(matches!(default_kind(general), ModelKind::General | ModelKind::Hybrid), "{general}");
            let want = if provider == Provider::Anthropic { ModelKind::Hybrid } else { ModelKind::Inference };
            assert_eq!(default_kind(inference), want, "{inference}");
            for name in [general, inference] {
                let Target::Model(info) = catalog.resolve(name).target else { unreachable!() };
                assert_eq!(info.provider, provider, "{name}");
            }
        }
        assert!(provider_defaults(Provider::Meta).is_none());
    }
}
