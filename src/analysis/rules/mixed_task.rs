//! `mixed-task`: one prompt asks for both open-ended writing and a logic-heavy task.

use super::{Context, Diagnostic, FixAvailability, Rule, RuleMeta, Severity};
use crate::analysis::classify::{Cue, Preference, Profile, Task};
use crate::analysis::text::TextRange;

pub struct MixedTask;

static META: RuleMeta = RuleMeta {
    code: "MF006",
    name: "mixed-task",
    default_severity: Severity::Hint,
    fix: FixAvailability::None,
    summary: "One prompt mixes creative or writing work with a logic-heavy task",
    docs: r#"## What it does
Reports a prompt whose task profile has two substantial parts of different kinds: a creative,
dialogue, writing or summary part *and* a math, logic, code, debugging or planning part ("write a
blog post about our new pricing, then work out the break-even point"). The finding points at the
first cue of the secondary task. It does not depend on the model.

## Why is this bad?
No single model kind is best at both halves. A general model writes the prose well but is more
likely to get the calculation or the proof wrong; an inference model gets the logic right but is
slower, dearer and often flatter at writing. One prompt doing both also makes each half harder to
test.

## Example
```markdown
---
model: gpt-4.1
---
Write a friendly newsletter paragraph announcing our new plans, then calculate how many customers
we need at $12 a month to cover $30,000 of monthly costs and prove the number is minimal.
```

## Fix
Split the work and combine the two kinds: draft with a general model, then verify (or solve) with
an inference model — or solve first with the inference model and hand its result to the general
model to write up. In VS Code, a Copilot agent can do this with a `handoffs:` entry. If the mix is
intentional and one model must do both, suppress this hint.

## Sources
- OpenAI, reasoning best practices (reasoning models as planners, GPT models as workhorses): https://platform.openai.com/docs/guides/reasoning-best-practices
- Anthropic, let Claude think ("Not all tasks require in-depth thinking"): https://platform.claude.com/docs/en/build-with-claude/prompt-engineering/chain-of-thought
- Sprague et al., *To CoT or not to CoT?* (reasoning helps math and symbolic tasks, not writing): https://arxiv.org/abs/2409.12183
"#,
};

impl Rule for MixedTask {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (i, unit) in cx.extraction.units.iter().enumerate() {
            let profile = cx.profile(i);
            let Some(secondary) = mixed_secondary(profile) else { continue };
            // Point at the first cue of the secondary task: the place where the prompt turns to
            // the other kind of work. `mixed_secondary` guarantees there is one.
            let Some(cue) = profile.evidence.iter().find(|c| is_request(c, secondary)) else {
                continue;
            };
            let Some(segment) = unit.segments.get(cue.segment) else { continue };
            let start = segment.range.start;
            let range = TextRange::new(start + cue.range.start, start + cue.range.end);
            let (writing, logic) = if profile.task.kind() == Preference::General {
                (profile.task, secondary)
            } else {
                (secondary, profile.task)
            };
            let message = format!(
                "prompt mixes {} ({}) with {} ({}); no single model kind is best at both",
                writing,
                super::model_task_mismatch::cue_list(cx, unit, profile, writing, 2).join(", "),
                logic,
                super::model_task_mismatch::cue_list(cx, unit, profile, logic, 2).join(", "),
            );
            out.push(Diagnostic::new(&META, range, message).with_help(format!(
                "split it: {} with a general model and {} with an inference model, then combine the results",
                verb(writing),
                verb(logic)
            )));
        }
    }
}

/// The weight a cue needs to count as a request rather than a passing mention: an instruction verb
/// or a task noun ("calculate", "prove", "poem") weighs 2 or more; incidental words such as
/// "percentage" or a money amount in a report to summarise weigh about 1.
const STRONG_CUE: f32 = 2.0;

/// Structural cues that describe pasted material (a quoted snippet, a report's figures) rather
/// than a request: a story that quotes a line of code does not ask for code.
const MATERIAL: &[&str] =
    &["code block", "code-like lines", "stack trace", "error message", "numbers", "percentage", "money amount"];

fn is_request(cue: &Cue, task: Task) -> bool {
    cue.task == task && cue.weight >= STRONG_CUE && !MATERIAL.contains(&cue.text)
}

/// The secondary task when it and the main task want different kinds of model and both are
/// really asked for.
fn mixed_secondary(profile: &Profile) -> Option<Task> {
    let secondary = profile.secondary?;
    let kinds = (profile.task.kind(), secondary.kind());
    let mixed =
        matches!(kinds, (Preference::General, Preference::Inference) | (Preference::Inference, Preference::General));
    let requests = |t: Task| profile.evidence.iter().filter(|c| is_request(c, t)).count();
    // The secondary part needs two request cues: a single noun ("a line of code" in a story) is
    // a mention, "calculate … and prove …" is a task.
    (mixed && requests(profile.task) >= 1 && requests(secondary) >= 2).then_some(secondary)
}

/// What a model of the right kind would do with this part.
fn verb(task: Task) -> &'static str {
    match task {
        Task::Creative | Task::Writing | Task::Dialogue => "draft the text",
        Task::Summarize => "write the summary",
        Task::Math | Task::Logic => "solve and verify the reasoning",
        Task::Code | Task::Debug => "write and check the code",
        Task::Plan => "work out the plan",
        Task::Qa => "answer",
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::analysis::rules::test_support::check;

    const RULE: &str = "mixed-task";

    #[test]
    fn writing_plus_calculation_is_a_hint_at_the_logic_part() {
        let text = "---\nmodel: gpt-4.1\n---\nWrite a friendly newsletter paragraph announcing our new plans. Then calculate how many customers we need at $12 a month to cover $30,000 of monthly costs, solve for the break-even point and prove the number is minimal.\n";
        expect![[r#"
            4:1 hint[mixed-task]: prompt mixes writing ('Write a', 'newsletter') with math ('calculate', 'prove'); no single model kind is best at both
              | Write a friendly newsletter paragraph announcing our new plans. Then calculate how many customers we need at $12 a month to cover $30,000 of monthly costs, solve for the break-even point and prove the number is minimal.
              | ^^^^^^^
              = help: split it: draft the text with a general model and solve and verify the reasoning with an inference model, then combine the results
        "#]].assert_eq(&check(RULE, "newsletter.prompt.md", text));
    }

    #[test]
    fn a_poem_then_a_proof() {
        let text = "---\nmodel: o3\n---\nWrite a rhyming poem about autumn leaves with vivid imagery. Then prove that the square root of 2 is irrational and solve 3x + 7 = 22.\n";
        expect![[r#"
            4:67 hint[mixed-task]: prompt mixes creative ('rhyming', 'poem') with math ('prove', 'square root'); no single model kind is best at both
              | Write a rhyming poem about autumn leaves with vivid imagery. Then prove that the square root of 2 is irrational and solve 3x + 7 = 22.
              |                                                                   ^^^^^
              = help: split it: draft the text with a general model and solve and verify the reasoning with an inference model, then combine the results
        "#]].assert_eq(&check(RULE, "poem-proof.prompt.md", text));
    }

    #[test]
    fn single_kind_prompts_are_quiet() {
        for body in [
            "Write a playful rhyming poem about the beauty of prime numbers for a school newsletter.",
            "Summarize this quarterly report in three bullet points: revenue grew 12% to $4.2M, costs fell 3%, and headcount rose from 41 to 48.",
            "Solve for x: 3x + 7 = 22. Then find how many integers n satisfy n^2 < 50 and prove your answer.",
            "What is the capital of Australia?",
            "Write a short bedtime story for kids about a robot who dreams. Give the robot a favourite line of code, like this:\n\n```python\nprint(\"hello, moon\")\n```\n",
        ] {
            let text = format!("---\nmodel: gpt-4.1\n---\n{body}\n");
            assert_eq!(check(RULE, "a.prompt.md", &text), "", "{body}");
        }
    }

    #[test]
    fn spanish_and_chinese_mixes_are_missed_for_now() {
        // A known gap: the lexicon has few Spanish and Chinese creative cues (`poema`, one `诗`),
        // so the writing half is not seen. Kept as a test so an improvement shows up here.
        let es = "---\nmodel: gpt-4o\n---\nEscribe un poema corto sobre el mar. Después, resuelve la ecuación 2x + 3 = 11 y demuestra que la solución es única.\n";
        expect![""].assert_eq(&check(RULE, "es.prompt.md", es));
        let zh =
            "---\nmodel: qwen-max\n---\n写一首关于秋天的诗。然后证明根号2是无理数，并计算 3x + 7 = 22 中 x 的值。\n";
        expect![""].assert_eq(&check(RULE, "zh.prompt.md", zh));
    }
}
