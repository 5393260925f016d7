//! `persona-for-reasoning-model`: role-play embellishment ("You are a world-class …") in a prompt
//! for a reasoning model.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::prose::{at_word_bounds, is_masked, masked, removal, sentence_around};
use super::{Context, Diagnostic, Fix, FixAvailability, Rule, RuleMeta, Severity};
use crate::analysis::extract::Role;
use crate::analysis::fit::EffectiveKind;
use crate::analysis::text::TextRange;

pub struct PersonaForReasoningModel;

static META: RuleMeta = RuleMeta {
    code: "MF011",
    name: "persona-for-reasoning-model",
    default_severity: Severity::Info,
    fix: FixAvailability::Sometimes,
    summary: "Role-play embellishment (\"You are a world-class expert…\") in a prompt for a reasoning model",
    docs: r#"## What it does
Finds persona embellishment in a prompt for a model that reasons (OpenAI o-series and GPT-5,
DeepSeek-R1, QwQ, Gemini 2.5 Pro, hybrid models with reasoning on): a sentence that opens with
"You are", "You're", "Act as", "As a", "Imagine you are" or "Pretend you are" and praises the
persona ("world-class", "expert", "seasoned", "renowned", "brilliant", "with 20 years of
experience", "senior", "award-winning" …), or that frames the prompt as make-believe ("Imagine
you are …", "Pretend to be …").

A plain statement of the job or the audience is not flagged: "You are a code reviewer for the
payments team." and "You are a patient math teacher for a ten-year-old." say what to do and for
whom. Code fences and placeholders are ignored.

## Why is this bad?
Reasoning models want short, direct, goal-focused prompts. Praise for an imagined expert adds
words without adding a goal, a constraint or a success criterion; the model's reasoning does the
work the persona was meant to summon. OpenAI's guidance for reasoning models is to keep prompts
simple and direct and to be specific about the end goal.

## Example
```markdown
---
model: o3
---
You are a world-class software architect with 20 years of experience. Review the design below
and list its three biggest risks.
```

## Fix
Delete the persona and say what you need: the goal, the constraints, the output format, and the
audience if it matters. The quick fix removes the sentence (unsafe: the sentence may also carry a
real instruction, such as the audience).

## Sources
- OpenAI, Reasoning best practices ("Keep prompts simple and direct"; "Be very specific about your end goal"): https://platform.openai.com/docs/guides/reasoning-best-practices
- DeepSeek-R1 (arXiv 2501.12948), prompting engineering ("directly describe the problem and specify the output format"): https://arxiv.org/abs/2501.12948
- Anthropic, Be clear and direct: https://platform.claude.com/docs/en/build-with-claude/prompt-engineering/be-clear-and-direct
"#,
};

/// How a persona sentence opens, and whether the opening alone is role-play.
const OPENERS: &[(&str, bool)] = &[
    ("you are a", false),
    ("you are an", false),
    ("you are the", false),
    ("you're a", false),
    ("you're an", false),
    ("you’re a", false),
    ("you’re an", false),
    ("act as a", false),
    ("act as an", false),
    ("acting as a", false),
    ("as a", false),
    ("as an", false),
    ("take on the role of", false),
    ("imagine you are", true),
    ("imagine that you are", true),
    ("imagine you're", true),
    ("imagine you’re", true),
    ("pretend you are", true),
    ("pretend you're", true),
    ("pretend to be", true),
    ("you will role-play", true),
    ("role-play as", true),
    ("roleplay as", true),
];

/// Words that praise a persona rather than state a job.
const PRAISE: &[&str] = &[
    "world-class",
    "world class",
    "expert",
    "seasoned",
    "renowned",
    "brilliant",
    "genius",
    "legendary",
    "top-tier",
    "top-notch",
    "highly skilled",
    "highly experienced",
    "experienced",
    "veteran",
    "elite",
    "the best",
    "years of experience",
    "award-winning",
    "phd",
    "nobel",
    "10x",
    "senior",
    "guru",
    "ninja",
    "rockstar",
    "rock star",
    "master",
    "leading",
    "distinguished",
    "exceptional",
    "extraordinary",
];

static OPENER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(OPENERS.iter().map(|(p, _)| p))
        .expect("valid patterns")
});

static PRAISED: LazyLock<AhoCorasick> =
    LazyLock::new(|| AhoCorasick::builder().ascii_case_insensitive(true).build(PRAISE).expect("valid patterns"));

impl Rule for PersonaForReasoningModel {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for unit in &cx.extraction.units {
            let Some(fit) = cx.fit(unit) else { continue };
            if fit.kind != EffectiveKind::Inference {
                continue;
            }
            let model = &unit.models[fit.index].name;
            for segment in unit.segments.iter().filter(|s| s.role != Role::Assistant) {
                let masked = masked(cx.text, segment);
                let body = &cx.text[segment.range.as_range()];
                let mut last: Option<TextRange> = None;
                for m in OPENER.find_iter(body) {
                    let opener = TextRange::new(m.start(), m.end()).shifted(segment.range.start);
                    if is_masked(&masked, opener.start) || !at_word_bounds(cx.text, opener) {
                        continue;
                    }
                    let sentence = sentence_around(cx.text, segment.range, opener);
                    // The opener must start its sentence (after a list marker at most).
                    let lead = &cx.text[sentence.start..opener.start];
                    if !lead.trim_matches(|c: char| !c.is_alphanumeric()).is_empty() || last == Some(sentence) {
                        continue;
                    }
                    let pretend = OPENERS[m.pattern().as_usize()].1;
                    let rest = &cx.text[opener.end..sentence.end];
                    let praise = PRAISED
                        .find_iter(rest)
                        .map(|p| TextRange::new(p.start(), p.end()).shifted(opener.end))
                        .find(|p| at_word_bounds(cx.text, *p));
                    if !pretend && praise.is_none() {
                        continue;
                    }
                    last = Some(sentence);
                    let what = match praise {
                        Some(p) => format!("persona praise (\"{}\")", &cx.text[p.as_range()]),
                        None => "role-play framing".to_owned(),
                    };
                    out.push(
                        Diagnostic::new(
                            &META,
                            sentence,
                            format!("{what} adds nothing for `{model}`, a reasoning model: state the goal directly"),
                        )
                        .with_help("remove the persona; say what you need, the constraints and the output format")
                        .with_fix(Fix::unsafe_("Remove the persona sentence", vec![removal(cx.text, sentence)])),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::{check, fix};

    const NAME: &str = "persona-for-reasoning-model";

    #[test]
    fn praise_is_flagged_and_removable() {
        let text = "---\nmodel: o3\n---\nYou are a world-class software architect with 20 years of experience. Review the design below and list its three biggest risks.\n";
        expect![[r#"
            4:1 info[persona-for-reasoning-model]: persona praise ("world-class") adds nothing for `o3`, a reasoning model: state the goal directly
              | You are a world-class software architect with 20 years of experience. Review the design below and list its three biggest risks.
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = help: remove the persona; say what you need, the constraints and the output format
              = fix (Unsafe): Remove the persona sentence
        "#]]
        .assert_eq(&check(NAME, "a.prompt.md", text));
        expect![[r#"
            ---
            model: o3
            ---
            Review the design below and list its three biggest risks.
        "#]]
        .assert_eq(&fix(NAME, "a.prompt.md", text));
    }

    #[test]
    fn openers_and_role_play() {
        for body in [
            "Act as a seasoned SRE. Find the cause of the outage.",
            "As an expert mathematician, prove the lemma.",
            "Imagine you are a detective. Who took the key?",
            "You're a 10x engineer. Fix the race.",
            "Pretend to be Euler and solve this.",
        ] {
            let text = format!("---\nmodel: deepseek-reasoner\n---\n{body}\n");
            assert!(check(NAME, "a.prompt.md", &text).starts_with("4:1 info"), "{body}");
        }
    }

    #[test]
    fn plain_roles_and_audiences_are_not_embellishment() {
        for body in [
            "You are a code reviewer for the payments team. List the bugs.",
            "You are a patient math teacher helping a ten-year-old. Explain fractions.",
            "As a result, list every failing test.",
            "Write as an expert would, then check your answer.",
            "```\nYou are a world-class assistant.\n```\nExplain this system prompt's flaws.",
        ] {
            let text = format!("---\nmodel: o4-mini\n---\n{body}\n");
            assert_eq!(check(NAME, "a.prompt.md", &text), "", "{body}");
        }
    }

    #[test]
    fn general_models_hybrids_off_and_unknown_models_are_silent() {
        let body = "You are an expert math teacher with 20 years of experience. Solve 3x = 12.";
        for model in ["gpt-4.1", "claude-sonnet-4-5", "acme-9000", "inherit"] {
            let text = format!("---\nmodel: {model}\n---\n{body}\n");
            assert_eq!(check(NAME, "a.prompt.md", &text), "", "{model}");
        }
        let gemini_on = format!("---\nmodel: googleai/gemini-2.5-flash\n---\n{body}\n");
        assert!(check(NAME, "a.prompt", &gemini_on).starts_with("4:1 info"));
    }
}
