//! `reasoning-task-without-guidance`: a math or logic task for a general model, with nothing in
//! the prompt that makes the model work through it.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::prose::{is_masked, masked, sentence_around};
use super::{Context, Diagnostic, Edit, Fix, FixAvailability, Rule, RuleMeta, Severity};
use crate::analysis::classify::{Preference, Task};
use crate::analysis::extract::{PromptUnit, Role, Segment};
use crate::analysis::fit::EffectiveKind;
use crate::analysis::text::TextRange;

pub struct ReasoningTaskWithoutGuidance;

static META: RuleMeta = RuleMeta {
    code: "MF013",
    name: "reasoning-task-without-guidance",
    default_severity: Severity::Info,
    fix: FixAvailability::Always,
    summary: "A math or logic task for a general model without step-by-step guidance",
    docs: r#"## What it does
Reports a prompt that the classifier reads as a math or logic task (at the configured
confidence threshold) when its model does not reason (GPT-4o, GPT-4.1, Claude without thinking,
Llama, a hybrid with reasoning off …) and nothing in the prompt asks for worked reasoning: no
"step by step", "show your work", "explain your reasoning", "think", no numbered steps or
"first … then …", no `<thinking>` or scratchpad section (in English, Chinese, Spanish, French or
German).

This is the alternative to switching models: `model-task-mismatch` suggests an inference model
for the same prompt; either answer resolves both findings' concern.

## Why is this bad?
General models answer in one pass. Without being asked to work through a multi-step problem they
often jump to an answer: "Let's think step by step" took text-davinci-002 from 17.7% to 78.7% on
MultiArith (Kojima et al.), and OpenAI reports that inducing explicit planning raised GPT-4.1's
pass rate. Anthropic's advice is to let Claude think for "complex math, multi-step analysis", and
to have it output that thinking: without it no thinking occurs. The gains are concentrated on
math and symbolic reasoning (Sprague et al.), which is why only those tasks are reported.

## Example
```markdown
---
model: gpt-4o
---
A train leaves at 3pm at 60 km/h; a second leaves at 4pm at 90 km/h. When does the second catch up?
```

## Fix
Ask for the working before the answer. The quick fix appends "Work through the problem step by
step, then give the final answer on its own line." to the last user message (unsafe: it changes
the shape of the answer, and contradicts an "answer only" instruction if there is one). Or switch
to an inference model, or turn reasoning on for a hybrid model.

## Sources
- Kojima et al., Large Language Models are Zero-Shot Reasoners (arXiv 2205.11916): https://arxiv.org/abs/2205.11916
- Wei et al., Chain-of-Thought Prompting Elicits Reasoning in Large Language Models (arXiv 2201.11903): https://arxiv.org/abs/2201.11903
- OpenAI, GPT-4.1 prompting guide ("GPT-4.1 is not a reasoning model … inducing explicit planning"): https://cookbook.openai.com/examples/gpt4-1_prompting_guide
- Anthropic, Let Claude think (chain of thought): https://platform.claude.com/docs/en/build-with-claude/prompt-engineering/chain-of-thought
- Sprague et al., To CoT or not to CoT? (arXiv 2409.12183): https://arxiv.org/abs/2409.12183
"#,
};

/// The instruction the quick fix appends.
const GUIDANCE: &str = "Work through the problem step by step, then give the final answer on its own line.";
const GUIDANCE_ZH: &str = "请一步一步地推理，最后单独一行给出最终答案。";

/// Words that already ask for worked reasoning.
const ASKS_FOR_REASONING: &[&str] = &[
    "step by step",
    "step-by-step",
    "show your work",
    "show your working",
    "show the steps",
    "show all steps",
    "show each step",
    "show your steps",
    "explain your reasoning",
    "explain your answer",
    "explain how you",
    "your reasoning",
    "reason through",
    "think",
    "<thinking>",
    "scratchpad",
    "chain of thought",
    "work it out",
    "work through",
    "paso a paso",
    "razonamiento",
    "étape par étape",
    "raisonnement",
    "schritt für schritt",
    "一步",
    "逐步",
    "步骤",
    "推理过程",
    "思考",
];

static MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder().ascii_case_insensitive(true).build(ASKS_FOR_REASONING).expect("valid patterns")
});

impl Rule for ReasoningTaskWithoutGuidance {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (index, unit) in cx.extraction.units.iter().enumerate() {
            let Some(fit) = cx.fit(unit) else { continue };
            if fit.kind != EffectiveKind::General {
                continue;
            }
            let profile = cx.profile(index);
            if !matches!(profile.task, Task::Math | Task::Logic)
                || profile.prediction(cx.options.confidence_threshold) != Preference::Inference
                || has_guidance(cx.text, unit)
            {
                continue;
            }
            let Some(target) =
                unit.segments.iter().rev().find(|s| s.role == Role::User).or_else(|| unit.segments.last())
            else {
                continue;
            };
            let range = profile
                .evidence
                .iter()
                .find(|c| c.task == profile.task)
                .and_then(|c| {
                    unit.segments
                        .get(c.segment)
                        .map(|s| sentence_around(cx.text, s.range, c.range.shifted(s.range.start)))
                })
                .unwrap_or_else(|| first_words(cx.text, target.range));
            let model = &unit.models[fit.index].name;
            let switch = if fit.info.kind == crate::analysis::catalog::ModelKind::Hybrid {
                "or turn on reasoning"
            } else {
                "or switch to an inference model"
            };
            out.push(
                Diagnostic::new(
                    &META,
                    range,
                    format!(
                        "a {} task for `{model}`, a general model, with no step-by-step guidance ({})",
                        profile.task,
                        profile.explain()
                    ),
                )
                .with_help(format!("ask for the working before the answer, {switch}"))
                .with_fix(Fix::unsafe_(
                    "Ask for step-by-step working",
                    vec![append_guidance(cx.text, target, cx.format.is_code())],
                )),
            );
        }
    }
}

/// Whether the prompt already asks for worked reasoning: a phrase, or numbered / sequenced steps.
fn has_guidance(text: &str, unit: &PromptUnit) -> bool {
    unit.segments.iter().filter(|s| s.role != Role::Assistant).any(|segment| {
        let masked = masked(text, segment);
        let body = &text[segment.range.as_range()];
        if MATCHER.find_iter(body).any(|m| !is_masked(&masked, segment.range.start + m.start())) {
            return true;
        }
        let numbered = body
            .lines()
            .filter(|l| {
                let l = l.trim_start().to_ascii_lowercase();
                let l = l.strip_prefix("step ").unwrap_or(&l);
                let digits = l.len() - l.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                digits > 0 && l[digits..].starts_with(['.', ')', ':'])
            })
            .count();
        let lower = body.to_ascii_lowercase();
        let sequenced = lower.find("first").is_some_and(|f| lower[f..].contains("then"));
        numbered >= 2 || sequenced
    })
}

/// An insertion of the guidance sentence on a new line after the last text of `segment`; inside a
/// string literal of source code, after a space (a raw line break would end a one-line string).
fn append_guidance(text: &str, segment: &Segment, in_code: bool) -> Edit {
    let body = &text[segment.range.as_range()];
    let end = segment.range.start + body.trim_end().len();
    let chinese = body.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count() * 3 > body.chars().count();
    let line = if chinese { GUIDANCE_ZH } else { GUIDANCE };
    let sep = if in_code {
        " "
    } else if text[..end].contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    Edit { range: TextRange::empty(end), new_text: format!("{sep}{line}") }
}

fn first_words(text: &str, range: TextRange) -> TextRange {
    let body = &text[range.as_range()];
    let start = range.start + (body.len() - body.trim_start().len());
    let end = text[start..range.end].find('\n').map_or(range.end, |i| start + i);
    TextRange::new(start, end)
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::{check, fix};

    const NAME: &str = "reasoning-task-without-guidance";

    const TRAIN: &str = "A train leaves at 3pm at 60 km/h; a second train leaves the same station at 4pm at 90 km/h. How many hours after 3pm does the second train catch up? Calculate the answer.\n";

    #[test]
    fn math_on_a_general_model_without_guidance() {
        let text = format!("---\nmodel: gpt-4o\n---\n{TRAIN}");
        let found = check(NAME, "a.prompt.md", &text);
        assert!(found.contains("info[reasoning-task-without-guidance]: a math task for `gpt-4o`"), "{found}");
        assert!(found.contains("or switch to an inference model"), "{found}");
        expect![[r#"
            ---
            model: gpt-4o
            ---
            A train leaves at 3pm at 60 km/h; a second train leaves the same station at 4pm at 90 km/h. How many hours after 3pm does the second train catch up? Calculate the answer.
            Work through the problem step by step, then give the final answer on its own line.
        "#]]
        .assert_eq(&fix(NAME, "a.prompt.md", &text));
    }

    #[test]
    fn guidance_already_there() {
        for extra in [
            "Think step by step.",
            "Show your work.",
            "First compute the head start, then the closing speed.",
            "1. Find the head start.\n2. Divide by the closing speed.",
            "Piensa paso a paso.",
        ] {
            let text = format!("---\nmodel: gpt-4o\n---\n{TRAIN}{extra}\n");
            assert_eq!(check(NAME, "a.prompt.md", &text), "", "{extra}");
        }
    }

    #[test]
    fn reasoning_models_unknown_models_and_other_tasks_are_silent() {
        for model in ["o3", "acme-9000", "inherit"] {
            let text = format!("---\nmodel: {model}\n---\n{TRAIN}");
            assert_eq!(check(NAME, "a.prompt.md", &text), "", "{model}");
        }
        let poem = "---\nmodel: gpt-4o\n---\nWrite a short poem about the beauty of mathematics and prime numbers, in four rhyming stanzas.\n";
        assert_eq!(check(NAME, "a.prompt.md", poem), "");
    }

    #[test]
    fn hybrids_with_reasoning_off_are_general() {
        let text = format!(
            "---\nmodel: googleai/gemini-2.5-flash\nconfig:\n  thinkingConfig:\n    thinkingBudget: 0\n---\n{TRAIN}"
        );
        let found = check(NAME, "a.prompt", &text);
        assert!(found.contains("or turn on reasoning"), "{found}");
        let on = text.replace("thinkingBudget: 0", "thinkingBudget: 1024");
        assert_eq!(check(NAME, "a.prompt", &on), "");
    }

    #[test]
    fn the_fix_goes_to_the_last_user_turn_and_speaks_its_language() {
        let text = "---\nmodel: deepseek-chat\n---\n{{role \"system\"}}\nYou are a tutor.\n{{role \"user\"}}\n一个数的三倍加上五等于二十，求这个数是多少？请计算。\n\n";
        expect![[r#"
            ---
            model: deepseek-chat
            ---
            {{role "system"}}
            You are a tutor.
            {{role "user"}}
            一个数的三倍加上五等于二十，求这个数是多少？请计算。
            请一步一步地推理，最后单独一行给出最终答案。

        "#]]
        .assert_eq(&fix(NAME, "a.prompt", text));
    }

    #[test]
    fn spanish_math() {
        let text = "---\nmodel: llama3.1\n---\nResuelve la ecuación 3x + 5 = 20 y calcula el valor de x.\n";
        let found = check(NAME, "a.prompt.md", text);
        assert!(found.contains("a math task"), "{found}");
    }
}
