//! `chain-of-thought-for-reasoning-model`: "think step by step" and how-to-think procedures sent to
//! a model that already reasons on its own.
//!
//! This file also holds the small prose helpers the prompt-text rules share: which parts of a
//! segment are instructions (not fenced code, not placeholders), sentence bounds, and a removal
//! edit that leaves no double spaces or blank-line debris.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::prose::{at_word_bounds, is_masked, masked, removal, sentence_around, sentences};
use super::{Context, Diagnostic, Fix, FixAvailability, Rule, RuleMeta, Severity};
use crate::analysis::catalog::{ModelInfo, Provider};
use crate::analysis::extract::{ParamKind, ParamValue, PromptUnit, Role, Segment};
use crate::analysis::fit::EffectiveKind;
use crate::analysis::text::TextRange;

pub struct ChainOfThoughtForReasoningModel;

static META: RuleMeta = RuleMeta {
    code: "MF008",
    name: "chain-of-thought-for-reasoning-model",
    default_severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    summary: "A chain-of-thought instruction (\"think step by step\") aimed at a reasoning model",
    docs: r#"## What it does
Finds chain-of-thought instructions in a prompt whose model reasons by itself (OpenAI o-series and
GPT-5, DeepSeek-R1, QwQ, and hybrid models with reasoning turned on): "think step by step",
"let's think step by step", "show your work", "explain your reasoning", "walk me through your
reasoning", "reason step-by-step", "take a deep breath" and their common Chinese, Spanish, French
and German phrasings ("一步一步地思考", "piensa paso a paso", "réfléchis étape par étape", "denke
Schritt für Schritt"). It also finds numbered *how-to-think* procedures ("First, think about …
Second, consider …", "Step 1: analyze the problem. Step 2: …"); numbered *task* steps ("1. Read the
file. 2. Write the summary.") are fine.

Text in code fences and template placeholders is ignored. The severity follows the vendor:

- OpenAI reasoning models: **warning** (OpenAI: such prompts "may not enhance performance (and can
  sometimes hinder it)"). GPT-5 at `reasoning_effort: minimal` is exempt: OpenAI recommends
  prompted planning there.
- Anthropic, Google, DeepSeek, Qwen and others: **info** (their guidance prefers high-level
  instructions but does not call step-by-step harmful).
- How-to-think procedures: **info** for every vendor.
- DeepSeek-R1 (`deepseek-reasoner`, `deepseek-r1`, distills) and QwQ: the vendor-recommended math
  directive "Please reason step by step, and put your final answer within \boxed{}." is exempt.

The configured severity (`[rules]` in modelfit.toml) replaces the default (warning) findings;
the per-vendor info findings keep their level.

## Why is this bad?
Reasoning models think before they answer, internally and at length. Asking them to think step by
step is at best redundant and can hurt: in *Mind Your Step (by Step)* chain-of-thought prompting
cut o1-preview's accuracy by up to 36 points on some tasks, and a 2025 study found little gain for
20–80% more time. Prescribing *how* to think constrains a model whose own approach is often
better than the one written down.

## Example
```markdown
---
model: o3
---
Find the bug in the function below. Think step by step and show your work.
```

## Fix
Delete the instruction and state the goal, the constraints and the output format instead; raise
`reasoning_effort` or the thinking budget if the model needs to think harder. The quick fix removes
the sentence (unsafe: the sentence may carry other instructions worth keeping).

## Sources
- OpenAI, Reasoning best practices ("Avoid chain-of-thought prompts … prompting them to 'think step by step' or 'explain your reasoning' is unnecessary"): https://platform.openai.com/docs/guides/reasoning-best-practices
- OpenAI, GPT-5 prompting guide, minimal reasoning: https://cookbook.openai.com/examples/gpt-5/gpt-5_prompting_guide
- Anthropic, Extended thinking tips ("high level instructions to just think deeply … rather than step-by-step prescriptive guidance"): https://platform.claude.com/docs/en/build-with-claude/prompt-engineering/extended-thinking-tips
- Google, Gemini thinking, best practices: https://ai.google.dev/gemini-api/docs/thinking
- DeepSeek-R1 README, usage recommendations (the `\boxed{}` directive): https://github.com/deepseek-ai/DeepSeek-R1
- QwQ README, usage guidelines: https://github.com/QwenLM/QwQ
- Liu et al., Mind Your Step (by Step), arXiv 2410.21333; Meincke et al., The Decreasing Value of Chain of Thought in Prompting, arXiv 2506.07142
"#,
};

/// Chain-of-thought phrases. Spellings with "step by step" also match "step-by-step", and every
/// `'` also matches `’` (see [`variants`]).
const PHRASES: &[&str] = &[
    "think step by step",
    "thinking step by step",
    "think about it step by step",
    "think about this step by step",
    "think through this step by step",
    "think it through step by step",
    "think this through step by step",
    "let's think step by step",
    "let's think through",
    "let's think carefully",
    "let's think about this",
    "let's think about it",
    "let's think this through",
    "let's think it through",
    "let us think step by step",
    "lets think step by step",
    "let's work this out step by step",
    "let's go step by step",
    "reason step by step",
    "reasoning step by step",
    "step by step reasoning",
    "work through this step by step",
    "work through the problem step by step",
    "work through it step by step",
    "solve it step by step",
    "solve this step by step",
    "solve the problem step by step",
    "show your work",
    "show your working",
    "show your reasoning",
    "show your thought process",
    "show your thinking",
    "explain your reasoning",
    "explain your thought process",
    "explain your thinking",
    "walk me through your reasoning",
    "walk me through your thinking",
    "walk me through your thought process",
    "walk through your reasoning",
    "chain of thought",
    "chain-of-thought",
    "think carefully before answering",
    "think carefully before you answer",
    "take a deep breath",
    // Chinese.
    "一步一步地思考",
    "一步一步思考",
    "一步步思考",
    "逐步思考",
    "一步一步地推理",
    "一步一步推理",
    "逐步推理",
    "让我们一步一步",
    "展示你的推理过程",
    "展示你的思考过程",
    // Spanish.
    "piensa paso a paso",
    "piense paso a paso",
    "pensemos paso a paso",
    "razona paso a paso",
    "razone paso a paso",
    "razonemos paso a paso",
    "explica tu razonamiento",
    "muestra tu razonamiento",
    "muestra tu trabajo",
    // French.
    "réfléchis étape par étape",
    "réfléchissez étape par étape",
    "réfléchissons étape par étape",
    "pense étape par étape",
    "pensez étape par étape",
    "raisonne étape par étape",
    "raisonnez étape par étape",
    "raisonnons étape par étape",
    "explique ton raisonnement",
    "expliquez votre raisonnement",
    // German.
    "denke schritt für schritt",
    "denk schritt für schritt",
    "denken sie schritt für schritt",
    "denken wir schritt für schritt",
    "lass uns schritt für schritt",
    "schritt für schritt denken",
    "schritt für schritt nachdenken",
    "erkläre deine überlegungen",
];

/// Spelling variants of a phrase: hyphenated "step-by-step", and a typographic apostrophe.
fn variants(phrase: &str) -> Vec<String> {
    let mut out = vec![phrase.to_owned()];
    if phrase.contains("step by step") {
        out.push(phrase.replace("step by step", "step-by-step"));
    }
    for i in 0..out.len() {
        if out[i].contains('\'') {
            let curly = out[i].replace('\'', "\u{2019}");
            out.push(curly);
        }
    }
    out
}

static MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let patterns: Vec<String> = PHRASES.iter().flat_map(|p| variants(p)).collect();
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
        .expect("the phrase list is a valid automaton")
});

/// Verbs that make a numbered step a step of *thinking* rather than of the task.
const THINKING_VERBS: &[&str] = &[
    "think",
    "reason",
    "consider",
    "reflect",
    "analyze",
    "analyse",
    "break",
    "brainstorm",
    "ponder",
    "deliberate",
    "understand",
    "examine",
    "explore",
    "weigh",
    "identify",
    "determine",
    "evaluate",
    "verify",
    "double-check",
    "figure",
];

/// The verbs among [`THINKING_VERBS`] that are about thinking alone; a procedure needs one.
const CORE_THINKING_VERBS: &[&str] = &[
    "think",
    "reason",
    "consider",
    "reflect",
    "analyze",
    "analyse",
    "break",
    "brainstorm",
    "ponder",
    "deliberate",
    "understand",
];

impl Rule for ChainOfThoughtForReasoningModel {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for unit in &cx.extraction.units {
            let Some(fit) = cx.fit(unit) else { continue };
            if fit.kind != EffectiveKind::Inference || minimal_effort(unit) {
                continue;
            }
            let info = fit.info;
            let severity = if info.provider == Provider::OpenAi { Severity::Warning } else { Severity::Info };
            let model = &unit.models[fit.index].name;
            for segment in unit.segments.iter().filter(|s| s.role != Role::Assistant) {
                let masked = masked(cx.text, segment);
                let mut flagged: Vec<TextRange> = Vec::new();
                for (phrase, sentence) in phrases(cx.text, segment, &masked) {
                    if flagged.contains(&sentence) || is_vendor_directive(info, &cx.text[sentence.as_range()]) {
                        continue;
                    }
                    flagged.push(sentence);
                    let quoted = &cx.text[phrase.as_range()];
                    out.push(
                        Diagnostic::new(
                            &META,
                            sentence,
                            format!("\"{quoted}\" asks `{model}` to reason step by step, but it already reasons on its own"),
                        )
                        .with_severity(severity)
                        .with_help("delete it and state the goal, constraints and output format; raise the reasoning effort instead if needed")
                        .with_fix(Fix::unsafe_("Remove the chain-of-thought sentence", vec![removal(cx.text, sentence)])),
                    );
                }
                if let Some(first) = scaffold(cx.text, segment, &masked)
                    && !flagged.iter().any(|f| f.intersects(first))
                {
                    out.push(
                        Diagnostic::new(
                            &META,
                            first,
                            format!("a numbered how-to-think procedure for `{model}`, which plans its own reasoning"),
                        )
                        .with_severity(Severity::Info)
                        .with_help("replace the thinking steps with the goal and a high-level \"think it through thoroughly\"; keep steps that describe the task or the output"),
                    );
                }
            }
        }
    }
}

/// GPT-5 at `reasoning_effort: minimal` reasons little; OpenAI recommends prompted planning there.
fn minimal_effort(unit: &PromptUnit) -> bool {
    unit.params.iter().any(|p| {
        p.kind == ParamKind::ReasoningEffort
            && matches!(&p.value, ParamValue::String(s) if s.eq_ignore_ascii_case("minimal"))
    })
}

/// DeepSeek-R1 and QwQ recommend "Please reason step by step, and put your final answer within
/// \boxed{}." for math; on those models (and only those) that sentence is exempt.
fn is_vendor_directive(info: &ModelInfo, sentence: &str) -> bool {
    let recommends = info.id.starts_with("deepseek-r") || info.id.starts_with("qwq");
    recommends && sentence.contains("\\boxed")
}

/// The chain-of-thought phrases in `segment` outside `masked`, each with its sentence.
fn phrases(text: &str, segment: &Segment, masked: &[TextRange]) -> Vec<(TextRange, TextRange)> {
    let body = &text[segment.range.as_range()];
    let mut out = Vec::new();
    for m in MATCHER.find_iter(body) {
        let found = TextRange::new(m.start(), m.end()).shifted(segment.range.start);
        if is_masked(masked, found.start) || !at_word_bounds(text, found) {
            continue;
        }
        out.push((found, sentence_around(text, segment.range, found)));
    }
    out
}

/// The first sentence of a numbered how-to-think procedure: at least two ordinal steps ("1.",
/// "Step 2:", "First,", "Then,") that start with a thinking verb, one of them a core one.
fn scaffold(text: &str, segment: &Segment, masked: &[TextRange]) -> Option<TextRange> {
    let mut first = None;
    let mut steps = 0;
    let mut core = false;
    for sentence in sentences(text, segment.range) {
        if is_masked(masked, sentence.start) {
            continue;
        }
        let Some(verb) = step_verb(&text[sentence.as_range()]) else { continue };
        if THINKING_VERBS.contains(&verb.as_str()) {
            steps += 1;
            core |= CORE_THINKING_VERBS.contains(&verb.as_str());
            first.get_or_insert(sentence);
        }
    }
    (steps >= 2 && core).then_some(first).flatten()
}

/// The lowercase first word after an ordinal marker, if the sentence starts with one.
fn step_verb(sentence: &str) -> Option<String> {
    let s = sentence.trim_start();
    let lower = s.to_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("step ") {
        r.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start_matches([':', '.', ')', ' '])
    } else if lower.starts_with(|c: char| c.is_ascii_digit()) {
        let r = lower.trim_start_matches(|c: char| c.is_ascii_digit());
        r.strip_prefix(['.', ')'])?
    } else {
        const ORDINALS: &[&str] =
            &["first", "second", "third", "fourth", "fifth", "then", "next", "after that", "finally", "lastly"];
        let word = ORDINALS.iter().find(|w| lower.starts_with(**w))?;
        lower[word.len()..].strip_prefix([',', ':', ' '])?
    };
    let rest = rest.trim_start_matches([',', ' ', ':']);
    let rest = rest.strip_prefix("carefully ").unwrap_or(rest);
    let word: String = rest.chars().take_while(|c| c.is_alphabetic() || *c == '-').collect();
    (!word.is_empty()).then_some(word)
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::{check, fix};

    const NAME: &str = "chain-of-thought-for-reasoning-model";

    #[test]
    fn openai_reasoning_model_gets_a_warning_and_a_removal() {
        let text = "---\nmodel: o3\n---\nFind the bug in `parse`. Think step by step and show your work. Reply with a patch.\n";
        expect![[r#"
            4:26 warning[chain-of-thought-for-reasoning-model]: "Think step by step" asks `o3` to reason step by step, but it already reasons on its own
              | Find the bug in `parse`. Think step by step and show your work. Reply with a patch.
              |                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = help: delete it and state the goal, constraints and output format; raise the reasoning effort instead if needed
              = fix (Unsafe): Remove the chain-of-thought sentence
        "#]]
        .assert_eq(&check(NAME, "a.prompt.md", text));
        expect![[r#"
            ---
            model: o3
            ---
            Find the bug in `parse`. Reply with a patch.
        "#]]
        .assert_eq(&fix(NAME, "a.prompt.md", text));
    }

    #[test]
    fn a_sentence_on_its_own_line_goes_with_its_line() {
        let text = "---\nmodel: o4-mini\n---\nPlan the migration.\n- Let’s think step-by-step.\nOutput a checklist.\n";
        expect![[r#"
            ---
            model: o4-mini
            ---
            Plan the migration.
            Output a checklist.
        "#]]
        .assert_eq(&fix(NAME, "a.prompt.md", text));
    }

    #[test]
    fn general_models_unknown_models_and_inherit_are_silent() {
        for model in ["gpt-4o", "claude-3-5-sonnet-latest", "llama3.1", "acme-9000", "inherit"] {
            let text = format!("---\nmodel: {model}\n---\nThink step by step and solve 2x+3=7.\n");
            assert_eq!(check(NAME, "a.prompt.md", &text), "", "{model}");
        }
    }

    #[test]
    fn hybrids_follow_their_reasoning_switch() {
        let on = "---\nmodel:\n  configuration:\n    name: claude-sonnet-4-5\n  parameters:\n    thinking:\n      type: enabled\n      budget_tokens: 2048\n---\nuser:\nExplain your reasoning step by step.\n";
        expect![[r#"
            11:1 info[chain-of-thought-for-reasoning-model]: "Explain your reasoning" asks `claude-sonnet-4-5` to reason step by step, but it already reasons on its own
              | Explain your reasoning step by step.
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = help: delete it and state the goal, constraints and output format; raise the reasoning effort instead if needed
              = fix (Unsafe): Remove the chain-of-thought sentence
        "#]]
        .assert_eq(&check(NAME, "a.prompty", on));
        let off = on.replace("enabled", "disabled").replace("2048", "0");
        assert_eq!(check(NAME, "a.prompty", &off), "");
        let qwen_off = "---\nmodel: qwen3:32b\n---\nThink step by step. /no_think\n";
        assert_eq!(check(NAME, "a.prompt.md", qwen_off), "");
    }

    #[test]
    fn gpt5_minimal_effort_is_exempt() {
        let text = "---\nmodel: openai/gpt-5\nconfig:\n  reasoning_effort: minimal\n---\nThink step by step.\n";
        assert_eq!(check(NAME, "a.prompt", text), "");
        assert_ne!(check(NAME, "a.prompt", &text.replace("minimal", "high")), "");
    }

    #[test]
    fn the_boxed_directive_is_exempt_only_where_the_vendor_recommends_it() {
        let directive = "Please reason step by step, and put your final answer within \\boxed{}.\n{{problem}}\n";
        for model in ["deepseek-reasoner", "deepseek-r1:14b", "qwq-32b"] {
            let text = format!("---\nmodel: {model}\n---\n{directive}");
            assert_eq!(check(NAME, "a.prompt.md", &text), "", "{model}");
        }
        let o3 = format!("---\nmodel: o3\n---\n{directive}");
        expect![[r#"
            4:1 warning[chain-of-thought-for-reasoning-model]: "reason step by step" asks `o3` to reason step by step, but it already reasons on its own
              | Please reason step by step, and put your final answer within \boxed{}.
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = help: delete it and state the goal, constraints and output format; raise the reasoning effort instead if needed
              = fix (Unsafe): Remove the chain-of-thought sentence
        "#]]
        .assert_eq(&check(NAME, "a.prompt.md", &o3));
        // Other chain-of-thought phrases on R1 are still reported, at info.
        let r1 = "---\nmodel: deepseek-r1\n---\nLet's think step by step.\n";
        assert!(check(NAME, "a.prompt.md", r1).starts_with("4:1 info"));
    }

    #[test]
    fn code_fences_placeholders_and_words_inside_words_are_ignored() {
        let text = "---\nmodel: o3\n---\nReview this prompt template:\n```\nThink step by step.\n```\n{{think step by step}}\nRethink step by stepping stones.\n";
        assert_eq!(check(NAME, "a.prompt.md", text), "");
    }

    #[test]
    fn other_languages() {
        let text = "---\nmodel: o3-mini\n---\n请一步一步地思考，然后回答。\nPiensa paso a paso antes de responder.\nRéfléchis étape par étape.\nDenke Schritt für Schritt.\n";
        expect![[r#"
            4:1 warning[chain-of-thought-for-reasoning-model]: "一步一步地思考" asks `o3-mini` to reason step by step, but it already reasons on its own
              | 请一步一步地思考，然后回答。
              | ^^^^^^^^^^^^^^
              = help: delete it and state the goal, constraints and output format; raise the reasoning effort instead if needed
              = fix (Unsafe): Remove the chain-of-thought sentence
            5:1 warning[chain-of-thought-for-reasoning-model]: "Piensa paso a paso" asks `o3-mini` to reason step by step, but it already reasons on its own
              | Piensa paso a paso antes de responder.
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = help: delete it and state the goal, constraints and output format; raise the reasoning effort instead if needed
              = fix (Unsafe): Remove the chain-of-thought sentence
            6:1 warning[chain-of-thought-for-reasoning-model]: "Réfléchis étape par étape" asks `o3-mini` to reason step by step, but it already reasons on its own
              | Réfléchis étape par étape.
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^
              = help: delete it and state the goal, constraints and output format; raise the reasoning effort instead if needed
              = fix (Unsafe): Remove the chain-of-thought sentence
            7:1 warning[chain-of-thought-for-reasoning-model]: "Denke Schritt für Schritt" asks `o3-mini` to reason step by step, but it already reasons on its own
              | Denke Schritt für Schritt.
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^
              = help: delete it and state the goal, constraints and output format; raise the reasoning effort instead if needed
              = fix (Unsafe): Remove the chain-of-thought sentence
        "#]]
        .assert_eq(&check(NAME, "a.prompt.md", text));
    }

    #[test]
    fn how_to_think_procedures_but_not_task_steps() {
        let thinking = "---\nmodel: o3\n---\nSolve the scheduling puzzle below.\nFirst, think about which constraints interact. Second, consider each assignment in turn. Finally, give the schedule as a table.\n";
        expect![[r#"
            5:1 info[chain-of-thought-for-reasoning-model]: a numbered how-to-think procedure for `o3`, which plans its own reasoning
              | First, think about which constraints interact. Second, consider each assignment in turn. Finally, give the schedule as a table.
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = help: replace the thinking steps with the goal and a high-level "think it through thoroughly"; keep steps that describe the task or the output
        "#]]
        .assert_eq(&check(NAME, "a.prompt.md", thinking));
        let numbered =
            "---\nmodel: o3\n---\nStep 1: Analyze the problem.\nStep 2: Identify the unknowns.\nStep 3: Answer.\n";
        assert!(check(NAME, "a.prompt.md", numbered).starts_with("4:1 info"));
        let task = "---\nmodel: o3\n---\n1. Read the failing test.\n2. Identify the faulty line.\n3. Write a patch and a regression test.\n";
        assert_eq!(check(NAME, "a.prompt.md", task), "");
    }

    #[test]
    fn assistant_turns_are_not_instructions() {
        let text = "---\nmodel: openai/o3\n---\n{{role \"model\"}}\nThink step by step: 17 * 23 = 391.\n{{role \"user\"}}\nWhat is 17 * 23?\n";
        assert_eq!(check(NAME, "a.prompt", text), "");
    }
}
