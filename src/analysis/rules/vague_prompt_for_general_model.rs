//! `vague-prompt-for-general-model`: a prompt for a general model that is too short to name a
//! deliverable, or that sizes its output with vague quantities ("a few sentences").

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::prose::{at_word_bounds, is_masked, masked};
use super::{Context, Diagnostic, FixAvailability, Rule, RuleMeta, Severity};
use crate::analysis::extract::{PromptUnit, Role};
use crate::analysis::fit::EffectiveKind;
use crate::analysis::format::PromptFormat;
use crate::analysis::text::TextRange;

pub struct VaguePromptForGeneralModel;

static META: RuleMeta = RuleMeta {
    code: "MF012",
    name: "vague-prompt-for-general-model",
    default_severity: Severity::Info,
    fix: FixAvailability::None,
    summary: "A prompt for a general model that names no deliverable or sizes it vaguely",
    docs: r#"## What it does
For prompts whose model does not reason (GPT-4o, GPT-4.1, Claude without thinking, Llama, Gemini
Flash-Lite …) it reports two kinds of vagueness:

- **A very short prompt without a deliverable**: fewer than 8 words of instruction (placeholders,
  code fences and template tags not counted) and no word naming what should come back (a list,
  an email, a summary, a table, JSON, a poem, code …). Copilot instruction, agent and chat-mode
  files are exempt: they add rules to a conversation whose request comes from the chat.
- **Vague quantities that size the output**: "a few sentences", "some examples", "several
  paragraphs", "many ideas", "fairly short", "short-ish", "not too long", and open-ended "etc."
  in the instructions.

## Why is this bad?
A general model does what it is told and fills every gap with a guess. "Write something about
dogs" or "keep it fairly short, a few sentences" leaves the length, the form and the audience to
chance, so answers vary from run to run. OpenAI's prompt-engineering advice is to "reduce fluffy
and imprecise descriptions" (better: "Use a 3 to 5 sentence paragraph") and to articulate the
desired output format; Anthropic's is to be clear and direct.

## Example
```markdown
---
model: gpt-4o
---
Write about our launch. Keep it fairly short, a few paragraphs, mention pricing, features, etc.
```

## Fix
Name the deliverable and size it with numbers: "Write a 3-paragraph announcement email (under 200
words) covering pricing, the two new features and the launch date."

## Sources
- OpenAI Help, Best practices for prompt engineering #4 and #6 ("Reduce 'fluffy' and imprecise descriptions"): https://help.openai.com/en/articles/6654000
- OpenAI, GPT-4.1 prompting guide: https://cookbook.openai.com/examples/gpt4-1_prompting_guide
- Anthropic, Be clear and direct: https://platform.claude.com/docs/en/build-with-claude/prompt-engineering/be-clear-and-direct
"#,
};

/// Below this many instruction words a prompt must name its deliverable.
const SHORT_PROMPT_WORDS: usize = 8;

/// Word stems that name what should come back.
const DELIVERABLES: &[&str] = &[
    "list",
    "email",
    "e-mail",
    "summar",
    "table",
    "json",
    "yaml",
    "csv",
    "xml",
    "markdown",
    "poem",
    "haiku",
    "story",
    "essay",
    "letter",
    "report",
    "outline",
    "bullet",
    "paragraph",
    "sentence",
    "word",
    "headline",
    "title",
    "tweet",
    "post",
    "caption",
    "slogan",
    "tagline",
    "code",
    "function",
    "script",
    "test",
    "regex",
    "sql",
    "query",
    "translat",
    "rewrite",
    "rephrase",
    "classif",
    "extract",
    "answer",
    "explain",
    "describe",
    "compare",
    "review",
    "fix",
    "draft",
    "reply",
    "response",
    "message",
    "description",
    "name",
    "joke",
    "song",
    "lyrics",
    "recipe",
    "plan",
    "schedule",
    "diagram",
    "列出",
    "列表",
    "总结",
    "摘要",
    "翻译",
    "表格",
    "邮件",
    "诗",
    "纪要",
    "resum",
    "lista",
    "correo",
    "poema",
    "tabla",
    "chart",
    "page",
    "article",
    "blog",
    "speech",
    "script",
    "dialogue",
    "yes",
    "score",
    "rating",
    "label",
];

/// Vague sizes, each followed by what to say instead.
const VAGUE: &[&str] = &[
    "fairly short",
    "fairly long",
    "short-ish",
    "shortish",
    "not too long",
    "not too short",
    "a bit shorter",
    "a bit longer",
    "somewhat short",
    "reasonably short",
    "etc.",
    "and so on",
];

const QUANTIFIERS: &[&str] = &["a few", "some", "several", "many", "a couple of", "a handful of", "a number of"];

/// Countable parts of an output that a vague quantifier may size.
const UNITS: &[&str] = &[
    "sentences",
    "paragraphs",
    "words",
    "bullet points",
    "bullets",
    "examples",
    "ideas",
    "lines",
    "items",
    "options",
    "suggestions",
    "points",
    "questions",
    "names",
    "titles",
    "tips",
    "reasons",
    "pages",
    "variations",
    "alternatives",
    "headlines",
    "slogans",
    "taglines",
    "paragraphs",
    "sections",
    "test cases",
];

static PHRASES: LazyLock<(AhoCorasick, usize)> = LazyLock::new(|| {
    let mut patterns: Vec<String> = VAGUE.iter().map(|s| (*s).to_owned()).collect();
    let plain = patterns.len();
    for q in QUANTIFIERS {
        for u in UNITS {
            patterns.push(format!("{q} {u}"));
            patterns.push(format!("{q} more {u}"));
        }
    }
    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns)
        .expect("valid patterns");
    (ac, plain)
});

impl Rule for VaguePromptForGeneralModel {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for unit in &cx.extraction.units {
            let Some(fit) = cx.fit(unit) else { continue };
            if fit.kind != EffectiveKind::General {
                continue;
            }
            let model = &unit.models[fit.index].name;
            let request_in_file =
                matches!(cx.format, PromptFormat::CopilotPrompt | PromptFormat::Dotprompt | PromptFormat::Prompty)
                    || cx.format.is_code();
            if request_in_file && let Some(range) = short_without_deliverable(cx.text, unit) {
                out.push(
                    Diagnostic::new(&META, range, format!("this prompt for `{model}` is very short and names no deliverable"))
                        .with_help("say what should come back and how big: \"a 5-item bullet list\", \"a 150-word email\", \"a JSON object with …\""),
                );
            }
            vague_quantities(cx.text, unit, model, out);
        }
    }
}

/// The instruction text of a short prompt that names no deliverable (`None` when it is long
/// enough, names one, or has no instruction at all).
fn short_without_deliverable(text: &str, unit: &PromptUnit) -> Option<TextRange> {
    let mut words = 0;
    let mut span: Option<TextRange> = None;
    for segment in unit.segments.iter().filter(|s| s.role != Role::Assistant) {
        let masked = masked(text, segment);
        let mut at = segment.range.start;
        for word in text[segment.range.as_range()].split_inclusive(char::is_whitespace) {
            let start = at;
            at += word.len();
            let w = word.trim();
            if w.is_empty() || is_masked(&masked, start) || !w.chars().any(char::is_alphanumeric) {
                continue;
            }
            // Chinese and Japanese do not separate words: count about two characters a word.
            let cjk = w.chars().filter(|c| ('\u{3040}'..='\u{9fff}').contains(c)).count();
            words += (cjk / 2).max(1);
            if words >= SHORT_PROMPT_WORDS {
                return None;
            }
            let lower = w.to_lowercase();
            if DELIVERABLES.iter().any(|d| lower.contains(d)) {
                return None;
            }
            let range = TextRange::new(start, start + w.len());
            span = Some(span.map_or(range, |s| s.cover(range)));
        }
    }
    span
}

fn vague_quantities(text: &str, unit: &PromptUnit, model: &str, out: &mut Vec<Diagnostic>) {
    let (matcher, plain) = &*PHRASES;
    for segment in unit.segments.iter().filter(|s| s.role != Role::Assistant) {
        let masked = masked(text, segment);
        for m in matcher.find_iter(&text[segment.range.as_range()]) {
            let range = TextRange::new(m.start(), m.end()).shifted(segment.range.start);
            if is_masked(&masked, range.start)
                || !at_word_bounds(
                    text,
                    TextRange::new(range.start, range.end - usize::from(text[..range.end].ends_with('.'))),
                )
            {
                continue;
            }
            let phrase = &text[range.as_range()];
            let (message, help) = if phrase.eq_ignore_ascii_case("etc.") || phrase.eq_ignore_ascii_case("and so on") {
                (
                    format!("open-ended \"{phrase}\" leaves `{model}` to guess what else to cover"),
                    "list every item the answer must cover".to_owned(),
                )
            } else if m.pattern().as_usize() < *plain {
                (
                    format!("vague length \"{phrase}\" for `{model}`"),
                    "give a number: \"3 to 5 sentences\", \"under 150 words\"".to_owned(),
                )
            } else {
                (
                    format!("vague quantity \"{phrase}\" for `{model}`"),
                    "say how many: \"3 examples\", \"5 bullet points\"".to_owned(),
                )
            };
            out.push(Diagnostic::new(&META, range, message).with_help(help));
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::check;

    const NAME: &str = "vague-prompt-for-general-model";

    #[test]
    fn short_prompt_without_a_deliverable() {
        let text = "---\nmodel: gpt-4o\n---\nTell me about dogs.\n";
        expect![[r#"
            4:1 info[vague-prompt-for-general-model]: this prompt for `gpt-4o` is very short and names no deliverable
              | Tell me about dogs.
              | ^^^^^^^^^^^^^^^^^^^
              = help: say what should come back and how big: "a 5-item bullet list", "a 150-word email", "a JSON object with …"
        "#]]
        .assert_eq(&check(NAME, "a.prompt.md", text));
    }

    #[test]
    fn short_prompts_with_a_deliverable_or_only_placeholders_are_fine() {
        for body in
            ["Summarize {{text}}", "Write a haiku about rain.", "{{input}}", "Translate to French: {{text}}", ""]
        {
            let text = format!("---\nmodel: gpt-4o\n---\n{body}\n");
            assert_eq!(check(NAME, "a.prompt.md", &text), "", "{body}");
        }
    }

    #[test]
    fn short_prompts_in_chinese_and_spanish() {
        for body in [
            "请把下面的会议记录整理成会议纪要：列出决定和待办事项。",
            "写一首关于秋天的诗",
            "Resume el texto: {{texto}}",
        ] {
            let text = format!("---\nmodel: gpt-4o\n---\n{body}\n");
            assert_eq!(check(NAME, "a.prompt.md", &text), "", "{body}");
        }
        for body in ["帮我看看这个", "Ayúdame con esto."] {
            let text = format!("---\nmodel: gpt-4o\n---\n{body}\n");
            assert!(check(NAME, "a.prompt.md", &text).starts_with("4:1 info"), "{body}");
        }
    }

    #[test]
    fn copilot_rule_files_are_not_requests() {
        for path in ["a.instructions.md", "a.agent.md", "a.chatmode.md"] {
            assert_eq!(check(NAME, path, "---\nmodel: gpt-4.1\n---\nUse tabs.\n"), "", "{path}");
        }
    }

    #[test]
    fn vague_quantities() {
        let text = "---\nmodel: claude-3-5-haiku-latest\n---\nWrite a launch announcement. Keep it fairly short, a few paragraphs, and give some examples of pricing, features, etc.\n";
        expect![[r#"
            4:38 info[vague-prompt-for-general-model]: vague length "fairly short" for `claude-3-5-haiku-latest`
              | Write a launch announcement. Keep it fairly short, a few paragraphs, and give some examples of pricing, features, etc.
              |                                      ^^^^^^^^^^^^
              = help: give a number: "3 to 5 sentences", "under 150 words"
            4:52 info[vague-prompt-for-general-model]: vague quantity "a few paragraphs" for `claude-3-5-haiku-latest`
              | Write a launch announcement. Keep it fairly short, a few paragraphs, and give some examples of pricing, features, etc.
              |                                                    ^^^^^^^^^^^^^^^^
              = help: say how many: "3 examples", "5 bullet points"
            4:79 info[vague-prompt-for-general-model]: vague quantity "some examples" for `claude-3-5-haiku-latest`
              | Write a launch announcement. Keep it fairly short, a few paragraphs, and give some examples of pricing, features, etc.
              |                                                                               ^^^^^^^^^^^^^
              = help: say how many: "3 examples", "5 bullet points"
            4:115 info[vague-prompt-for-general-model]: open-ended "etc." leaves `claude-3-5-haiku-latest` to guess what else to cover
              | Write a launch announcement. Keep it fairly short, a few paragraphs, and give some examples of pricing, features, etc.
              |                                                                                                                   ^^^^
              = help: list every item the answer must cover
        "#]]
        .assert_eq(&check(NAME, "a.prompt.md", text));
    }

    #[test]
    fn reasoning_models_code_and_ordinary_words_are_silent() {
        let vague = "Write some examples, etc.";
        assert_eq!(check(NAME, "a.prompt.md", &format!("---\nmodel: o3\n---\n{vague}\n")), "");
        assert_eq!(check(NAME, "a.prompt.md", &format!("---\nmodel: acme\n---\n{vague}\n")), "");
        let ok = "---\nmodel: gpt-4o\n---\nRewrite the paragraph below for some users who are new to Rust, in 3 sentences.\n```\nlet many = a_few_things(); // etc.\n```\n";
        assert_eq!(check(NAME, "a.prompt.md", ok), "");
    }
}
