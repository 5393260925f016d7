//! `few-shot-for-reasoning-model`: worked examples in a prompt for a reasoning model whose vendor
//! advises zero-shot.

use super::prose::{is_masked, masked};
use super::{Context, Diagnostic, FixAvailability, Rule, RuleMeta, Severity};
use crate::analysis::catalog::{ModelInfo, Provider};
use crate::analysis::extract::{PromptUnit, Role};
use crate::analysis::fit::EffectiveKind;
use crate::analysis::text::TextRange;

pub struct FewShotForReasoningModel;

static META: RuleMeta = RuleMeta {
    code: "MF009",
    name: "few-shot-for-reasoning-model",
    default_severity: Severity::Warning,
    fix: FixAvailability::None,
    summary: "Few-shot examples in a prompt for a reasoning model whose vendor advises zero-shot",
    docs: r#"## What it does
Finds worked examples in a prompt for a reasoning model: `Example 1:` / `Examples:` lines and
`## Example` headings, `<example>` tags, `Input:` / `Output:` and `Q:` / `A:` pairs with a filled-in
answer, and assistant turns written before the last user turn (multi-shot conversations in
Prompty and dotprompt). Code fences and placeholders are ignored, and an `Input: {{text}}` /
`Output:` pair whose answer is left open is the prompt's own template, not an example.

The vendors disagree, so the rule is model-aware:

- DeepSeek-R1 family (`deepseek-reasoner`, `deepseek-r1`, the R1 distills): **warning**.
- OpenAI reasoning models (o-series, GPT-5): **info**.
- Anthropic Claude and Google Gemini with thinking, and other vendors: silent (Anthropic and
  Google endorse examples for their thinking models).

The configured severity replaces the warning; the OpenAI info findings keep their level.

## Why is this bad?
DeepSeek's R1 paper reports that "few-shot prompting consistently degrades its performance" and
recommends a zero-shot prompt that describes the problem and the output format. OpenAI advises
trying zero-shot first with reasoning models and, when examples are kept, making them match the
instructions exactly: discrepancies "may produce poor results". Medprompt's authors found that
few-shot prompting hinders o1.

## Example
```yaml
---
model: deepseek-reasoner
---
Example 1:
Input: 12 apples, 3 friends
Output: 4 each
Now solve: {{problem}}
```

## Fix
Remove the examples and describe the expected output format precisely (zero-shot). For OpenAI
models, keep examples only if zero-shot falls short, and make sure they follow every instruction.
There is no automatic fix: which examples matter is the author's call.

## Sources
- DeepSeek-AI, DeepSeek-R1 (arXiv 2501.12948), Limitations, prompting engineering: https://arxiv.org/abs/2501.12948
- OpenAI, Reasoning best practices ("Try zero shot first, then few shot if needed"): https://platform.openai.com/docs/guides/reasoning-best-practices
- Nori et al., From Medprompt to o1 (arXiv 2411.03590): https://arxiv.org/abs/2411.03590
- Anthropic, Extended thinking tips, multishot prompting (why Claude is exempt): https://platform.claude.com/docs/en/build-with-claude/prompt-engineering/extended-thinking-tips
"#,
};

impl Rule for FewShotForReasoningModel {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for unit in &cx.extraction.units {
            let Some(fit) = cx.fit(unit) else { continue };
            if fit.kind != EffectiveKind::Inference {
                continue;
            }
            let Some(severity) = severity_for(fit.info) else { continue };
            let Some((range, what)) = first_example(cx.text, unit) else { continue };
            let model = &unit.models[fit.index].name;
            let (message, help) = if severity == Severity::Warning {
                (
                    format!("{what} in a prompt for `{model}`: few-shot prompting degrades DeepSeek-R1"),
                    "remove the examples and describe the problem and the output format directly (zero-shot)",
                )
            } else {
                (
                    format!("{what} in a prompt for `{model}`: OpenAI reasoning models usually do better zero-shot"),
                    "try zero-shot with an explicit output format first; keep examples only if they match the instructions exactly",
                )
            };
            out.push(Diagnostic::new(&META, range, message).with_severity(severity).with_help(help));
        }
    }
}

/// The vendor's stance on examples: DeepSeek-R1 warns, OpenAI advises, the others endorse.
fn severity_for(info: &ModelInfo) -> Option<Severity> {
    match info.provider {
        Provider::DeepSeek => Some(Severity::Warning),
        Provider::OpenAi => Some(Severity::Info),
        _ => None,
    }
}

/// The first example in the unit: its range and a short description.
fn first_example(text: &str, unit: &PromptUnit) -> Option<(TextRange, &'static str)> {
    let mut found: Option<(TextRange, &'static str)> = None;
    let mut keep = |range: TextRange, what: &'static str| {
        if found.is_none_or(|(r, _)| range.start < r.start) {
            found = Some((range, what));
        }
    };
    // Assistant turns before the last user turn are demonstrations.
    let last_user = unit.segments.iter().rposition(|s| s.role == Role::User);
    if let Some(last_user) = last_user
        && let Some(shot) = unit.segments[..last_user].iter().find(|s| s.role == Role::Assistant)
    {
        keep(shot.marker.unwrap_or(shot.range), "an assistant turn written as an example");
    }
    for segment in unit.segments.iter().filter(|s| s.role != Role::Assistant) {
        let masked = masked(text, segment);
        let lines = lines_of(text, segment.range);
        for (i, &line) in lines.iter().enumerate() {
            if is_masked(&masked, line.start) {
                continue;
            }
            let content = &text[line.as_range()];
            let trimmed = content.trim_start();
            let at = line.start + (content.len() - trimmed.len());
            let lower = trimmed.to_ascii_lowercase();
            if let Some(len) = example_label(&lower) {
                keep(TextRange::new(at, at + len), "an example");
            } else if let Some(pos) = lower.find("<example") {
                let end = lower[pos..].find('>').map_or(lower.len(), |e| pos + e + 1);
                keep(TextRange::new(at + pos, at + end), "an `<example>` block");
            } else if let Some(label) = ["input:", "q:", "question:", "user:"].iter().find(|l| lower.starts_with(**l))
                && answered(text, segment, &lines[i + 1..], label)
            {
                keep(TextRange::new(at, at + label.len()), "an input/output example pair");
            }
        }
    }
    found
}

/// The length of an example label at the start of a lowercased line: `example:`, `example 1:`,
/// `examples:`, `**example 2**:`, or a heading `## Example`.
fn example_label(lower: &str) -> Option<usize> {
    let heading = lower.trim_start_matches('#');
    let hashes = lower.len() - heading.len();
    let body = heading.trim_start_matches([' ', '*', '_']);
    let rest = body.strip_prefix("example")?;
    let rest = rest.strip_prefix('s').unwrap_or(rest);
    let rest = rest.trim_start_matches(' ');
    let number = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let after = number.trim_start_matches(['*', '_']);
    let label_end = lower.len() - after.len();
    if after.starts_with(':') {
        Some(label_end + 1)
    } else if hashes > 0 && after.trim().is_empty() {
        Some(label_end)
    } else {
        None
    }
}

/// Whether an `Input:`/`Q:` line is followed by its answer line with a written answer.
fn answered(text: &str, segment: &crate::analysis::extract::Segment, rest: &[TextRange], label: &str) -> bool {
    let answer_label = match label {
        "input:" => &["output:", "answer:"][..],
        "user:" => &["assistant:", "ai:"][..],
        _ => &["a:", "answer:"][..],
    };
    for &line in rest.iter().take(6) {
        let content = text[line.as_range()].trim_start();
        let lower = content.to_ascii_lowercase();
        if let Some(l) = answer_label.iter().find(|l| lower.starts_with(**l)) {
            let start = line.end - content.len() + l.len();
            return has_words(text, TextRange::new(start, line.end), &segment.placeholders);
        }
    }
    false
}

/// Whether `range` has text beyond placeholders and punctuation.
fn has_words(text: &str, range: TextRange, placeholders: &[TextRange]) -> bool {
    let mut at = range.start;
    for c in text[range.as_range()].chars() {
        if c.is_alphanumeric() && !placeholders.iter().any(|p| p.contains(at)) {
            return true;
        }
        at += c.len_utf8();
    }
    false
}

/// The lines of `range`, without their terminators.
fn lines_of(text: &str, range: TextRange) -> Vec<TextRange> {
    let mut out = Vec::new();
    let mut at = range.start;
    for line in text[range.as_range()].split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        out.push(TextRange::new(at, at + content.len()));
        at += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check;

    const NAME: &str = "few-shot-for-reasoning-model";

    const SHOTS: &str = "Classify the sentiment of the review.\nExample 1:\nInput: The food was cold.\nOutput: negative\nNow classify: {{review}}\n";

    #[test]
    fn deepseek_r1_gets_a_warning() {
        let text = format!("---\nmodel: deepseek-reasoner\n---\n{SHOTS}");
        expect![[r#"
            5:1 warning[few-shot-for-reasoning-model]: an example in a prompt for `deepseek-reasoner`: few-shot prompting degrades DeepSeek-R1
              | Example 1:
              | ^^^^^^^^^^
              = help: remove the examples and describe the problem and the output format directly (zero-shot)
        "#]]
        .assert_eq(&check(NAME, "a.prompt.md", &text));
        let distill = format!("---\nmodel: deepseek-r1:14b\n---\n{SHOTS}");
        assert!(check(NAME, "a.prompt.md", &distill).starts_with("5:1 warning"));
    }

    #[test]
    fn openai_reasoning_models_get_info() {
        let text = format!("---\nmodel: o3-mini\n---\n{SHOTS}");
        expect![[r#"
            5:1 info[few-shot-for-reasoning-model]: an example in a prompt for `o3-mini`: OpenAI reasoning models usually do better zero-shot
              | Example 1:
              | ^^^^^^^^^^
              = help: try zero-shot with an explicit output format first; keep examples only if they match the instructions exactly
        "#]]
        .assert_eq(&check(NAME, "a.prompt.md", &text));
    }

    #[test]
    fn claude_gemini_general_and_unknown_models_are_silent() {
        let claude = format!(
            "---\nmodel:\n  configuration:\n    name: claude-sonnet-4-5\n  parameters:\n    thinking:\n      type: enabled\n      budget_tokens: 2048\n---\nuser:\n{SHOTS}"
        );
        assert_eq!(check(NAME, "a.prompty", &claude), "");
        for model in ["googleai/gemini-2.5-pro", "openai/gpt-4o", "acme-9000"] {
            let text = format!("---\nmodel: {model}\n---\n{SHOTS}");
            assert_eq!(check(NAME, "a.prompt", &text), "", "{model}");
        }
        // deepseek-chat does not reason unless thinking is turned on.
        assert_eq!(check(NAME, "a.prompt.md", &format!("---\nmodel: deepseek-chat\n---\n{SHOTS}")), "");
    }

    #[test]
    fn example_shapes() {
        let cases = [
            ("## Examples\nfoo\n", "an example"),
            ("<examples><example>2+2 → 4</example></examples>\n", "an `<example>` block"),
            ("Q: What is 2+2?\nA: 4\nQ: {{question}}\nA:\n", "an input/output example pair"),
            ("Input: cat\nOutput: animal\n", "an input/output example pair"),
        ];
        for (body, what) in cases {
            let text = format!("---\nmodel: deepseek-r1\n---\n{body}");
            let found = check(NAME, "a.prompt.md", &text);
            assert!(found.contains(what), "{body:?}: {found}");
        }
    }

    #[test]
    fn templates_fences_and_prose_are_not_examples() {
        for body in [
            "Translate this.\nInput: {{text}}\nOutput:\n",
            "For example: be concise.\n",
            "Check the sample below.\n```\nExample 1:\nInput: a\nOutput: b\n```\n",
            "Give one example of a prime number.\n",
        ] {
            let text = format!("---\nmodel: deepseek-r1\n---\n{body}");
            assert_eq!(check(NAME, "a.prompt.md", &text), "", "{body:?}");
        }
    }

    #[test]
    fn assistant_turns_before_the_last_user_turn_are_shots() {
        let text = "---\nmodel: openai/o4-mini\n---\n{{role \"user\"}}\n2 + 2?\n{{role \"model\"}}\n4\n{{role \"user\"}}\n{{question}}\n";
        expect![[r#"
            6:1 info[few-shot-for-reasoning-model]: an assistant turn written as an example in a prompt for `openai/o4-mini`: OpenAI reasoning models usually do better zero-shot
              | {{role "model"}}
              | ^^^^^^^^^^^^^^^^
              = help: try zero-shot with an explicit output format first; keep examples only if they match the instructions exactly
        "#]]
        .assert_eq(&check(NAME, "a.prompt", text));
        // A closing assistant turn (a prefill) is not a demonstration.
        let prefill = "---\nmodel: openai/o4-mini\n---\n{{role \"user\"}}\n{{question}}\n{{role \"model\"}}\nAnswer:\n";
        assert_eq!(check(NAME, "a.prompt", prefill), "");
    }
}
