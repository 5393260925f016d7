//! `overlong-reasoning-prompt`: long instructions for a model that reasons by itself.

use super::{Context, Diagnostic, FixAvailability, Rule, RuleMeta, Severity};
use crate::analysis::extract::{PromptUnit, Role};
use crate::analysis::fit::EffectiveKind;
use crate::analysis::text::TextRange;
use crate::analysis::tokens;

pub struct OverlongReasoningPrompt;

static META: RuleMeta = RuleMeta {
    code: "MF007",
    name: "overlong-reasoning-prompt",
    default_severity: Severity::Warning,
    fix: FixAvailability::None,
    summary: "Instructions for an inference model longer than the configured token limit",
    docs: r#"## What it does
Counts the instruction tokens of a prompt that runs on an inference model (or a hybrid model with
reasoning on) and warns when they exceed `[analysis] reasoning-prompt-tokens` in modelfit.toml
(default 1,000). Instructions are the system and user text *without* pasted context, which is
not counted:

- fenced blocks (```` ``` ```` or `~~~`), closed or running to the end of the text;
- blocks between a pair of `"""` lines, or between a pair of bare `###` lines;
- XML-style blocks such as `<document>…</document>`, `<context>…</context>`, `<data>…</data>`
  (any tag opening a line and closed later), except tags that usually hold instructions:
  `<instructions>`, `<rules>`, `<task>`, `<guidelines>`, `<constraints>`, `<output_format>` and
  the like;
- template placeholders (`{{input}}`, `${input:code}`), whose text is filled in at run time.

Assistant turns (few-shot answers) are not counted either. Counts are exact for OpenAI models and
approximate (`≈`, `o200k_base`) for others. The finding sits on the first line of instructions.
Lines of `---` are not treated as delimiters: they are as often section breaks inside instructions.

## Why is this bad?
Reasoning models work out *how* to solve a problem themselves and do best with short, direct
prompts that state the goal, the constraints and the output format. Long procedural
instructions, written for general models, over-constrain the model's own reasoning, and each
extra rule is one more thing it may weigh wrongly; they also cost input tokens on every call.

## Example
A 2,500-token agent file for `o3` that spells out how to investigate a bug step by step, lists
every coding convention, and repeats the output format three times.

## Fix
Cut the instructions to the goal, the hard constraints and the output format; drop how-to-think
procedures and repetitions. Move reference material (style guides, schemas, documents) into
delimited context blocks — those are not counted — or into tools and files the model can read.
If the length is deliberate, raise `reasoning-prompt-tokens` or suppress the finding.

## Sources
- OpenAI, reasoning best practices ("Keep prompts simple and direct", "Use delimiters for clarity"): https://platform.openai.com/docs/guides/reasoning-best-practices
- OpenAI, reasoning guide (limit additional context in RAG): https://platform.openai.com/docs/guides/reasoning
- Anthropic, extended thinking tips ("high level instructions … rather than step-by-step prescriptive guidance"): https://platform.claude.com/docs/en/build-with-claude/prompt-engineering/extended-thinking-tips
- Gemini thinking, best practices (start with a general prompt): https://ai.google.dev/gemini-api/docs/thinking
- DeepSeek-R1 usage recommendations ("directly describe the problem"): https://github.com/deepseek-ai/DeepSeek-R1
"#,
};

impl Rule for OverlongReasoningPrompt {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let threshold = cx.options.reasoning_prompt_tokens;
        for unit in &cx.extraction.units {
            let Some(fit) = cx.fit(unit) else { continue };
            if fit.kind != EffectiveKind::Inference {
                continue;
            }
            let text = instruction_text(cx.text, unit);
            // A token is at least one byte: short texts need no tokenizer at all.
            if text.len() <= threshold {
                continue;
            }
            // Every whitespace-separated word is at least one token: a text with more words than
            // the limit is over it without loading a BPE vocabulary (o200k costs ~50 MB of
            // memory, which `modelfit check` on a tree should not pay for a plain verdict).
            let words = tokens::lower_bound(&text);
            let shown = if words > threshold {
                format!("at least {}", tokens::thousands(words))
            } else {
                // Counting stops a little past twice the threshold: exact where the number
                // matters, cheap for huge files.
                let count = tokens::count(&text, Some(fit.info), threshold.saturating_mul(2));
                if count.tokens <= threshold {
                    continue;
                }
                count.display()
            };
            let Some(range) = first_instruction_line(cx.text, unit) else { continue };
            let model = &unit.models[fit.index].name;
            let message = format!(
                "instructions are {shown} tokens (limit {}) for reasoning model `{model}`; reasoning models do best with short, direct prompts",
                tokens::thousands(threshold),
            );
            out.push(Diagnostic::new(&META, range, message).with_help(
                "keep the goal, the constraints and the output format; drop how-to-think steps, or move reference material into a fenced or tagged context block",
            ));
        }
    }
}

/// The unit's instruction text: system and user segments without pasted context blocks and
/// without template placeholders.
fn instruction_text(text: &str, unit: &PromptUnit) -> String {
    let mut out = String::new();
    for segment in unit.segments.iter().filter(|s| s.role != Role::Assistant) {
        let mut cut = context_blocks(text, segment.range);
        cut.extend(segment.placeholders.iter().copied());
        cut.sort_by_key(|r| r.start);
        let mut at = segment.range.start;
        for r in cut {
            if r.start > at {
                out.push_str(&text[at..r.start]);
            }
            at = at.max(r.end);
        }
        if at < segment.range.end {
            out.push_str(&text[at..segment.range.end]);
        }
        out.push('\n');
    }
    out
}

/// Tags that usually wrap instructions rather than pasted material: their content counts.
const INSTRUCTION_TAGS: &[&str] = &[
    "instructions",
    "instruction",
    "rules",
    "task",
    "goal",
    "guidelines",
    "constraints",
    "requirements",
    "output_format",
    "output-format",
    "format",
    "role",
    "persona",
    "system",
    "steps",
];

/// Byte ranges (absolute) of the delimited context blocks inside `range`, delimiters included.
fn context_blocks(text: &str, range: TextRange) -> Vec<TextRange> {
    let body = &text[range.as_range()];
    let mut blocks = Vec::new();
    // Closers searched for in vain: a later search for the same one would fail too, so each is
    // searched for at most once and the scan stays linear on files full of unclosed `<tag>`s.
    let mut never: Vec<Closer<'_>> = Vec::new();
    let mut lines = line_starts(body);
    while let Some((start, line)) = lines.next() {
        let Some(closer) = opener(line) else { continue };
        if never.contains(&closer) {
            continue;
        }
        // Find the closing line; the block runs to its end. An unclosed fence runs to the end of
        // the text (Markdown does the same); an unclosed tag or quote block is ordinary text.
        let mut end = None;
        if let Closer::Inline = closer {
            end = Some(start + line.len());
        } else {
            while let Some(&(s, l)) = lines.peek() {
                lines.next();
                if closes(&closer, l) {
                    end = Some(s + l.len());
                    break;
                }
            }
            if end.is_none() && matches!(closer, Closer::Fence(..)) {
                end = Some(body.len());
            }
        }
        if let Some(end) = end {
            blocks.push(TextRange::new(range.start + start, range.start + end));
        } else {
            // Not a block after all: rescan the following lines for other openers.
            never.push(closer);
            lines = line_starts_from(body, start + line.len()).peekable();
        }
    }
    blocks
}

/// How a context block ends.
#[derive(PartialEq, Eq)]
enum Closer<'a> {
    /// A fence line of the same character, at least as long.
    Fence(u8, usize),
    /// A line holding `"""`.
    TripleQuote,
    /// A bare `###` line.
    Hashes,
    /// A line holding `</name>`.
    Tag(&'a str),
    /// The opening line holds the whole block (`<doc>…</doc>`, `"""…"""`).
    Inline,
}

fn opener(line: &str) -> Option<Closer<'_>> {
    let t = line.trim();
    let indent = line.len() - line.trim_start().len();
    for fence in [b'`', b'~'] {
        let n = t.bytes().take_while(|&b| b == fence).count();
        if n >= 3 && indent <= 3 {
            return Some(Closer::Fence(fence, n));
        }
    }
    if let Some(rest) = t.strip_prefix("\"\"\"") {
        return Some(if rest.contains("\"\"\"") { Closer::Inline } else { Closer::TripleQuote });
    }
    if t == "###" {
        return Some(Closer::Hashes);
    }
    let inner = t.strip_prefix('<')?;
    let name_len = inner.bytes().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b':')).count();
    let name = &inner[..name_len];
    let after = inner[name_len..].chars().next()?;
    if name.is_empty() || !name.as_bytes()[0].is_ascii_alphabetic() || !matches!(after, '>' | ' ') {
        return None;
    }
    if INSTRUCTION_TAGS.iter().any(|i| name.eq_ignore_ascii_case(i)) {
        return None;
    }
    if contains_close_tag(&inner[name_len..], name) {
        return Some(Closer::Inline);
    }
    Some(Closer::Tag(name))
}

fn closes(closer: &Closer<'_>, line: &str) -> bool {
    let t = line.trim();
    match *closer {
        Closer::Fence(c, n) => t.bytes().take_while(|&b| b == c).count() >= n && t.bytes().all(|b| b == c),
        Closer::TripleQuote => t.contains("\"\"\""),
        Closer::Hashes => t == "###",
        Closer::Tag(name) => contains_close_tag(t, name),
        Closer::Inline => true,
    }
}

fn contains_close_tag(s: &str, name: &str) -> bool {
    let mut rest = s;
    while let Some(i) = rest.find("</") {
        let tail = &rest[i + 2..];
        if tail.len() > name.len()
            && tail.as_bytes()[name.len()] == b'>'
            && tail[..name.len()].eq_ignore_ascii_case(name)
        {
            return true;
        }
        rest = tail;
    }
    false
}

/// The lines of `body` (terminators included) with their start offsets.
fn line_starts(body: &str) -> std::iter::Peekable<LineIter<'_>> {
    line_starts_from(body, 0).peekable()
}

fn line_starts_from(body: &str, from: usize) -> LineIter<'_> {
    LineIter { body, at: from }
}

struct LineIter<'a> {
    body: &'a str,
    at: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.body.len() {
            return None;
        }
        let start = self.at;
        let end = self.body[start..].find('\n').map_or(self.body.len(), |i| start + i + 1);
        self.at = end;
        Some((start, &self.body[start..end]))
    }
}

/// The first non-blank line of the unit's instructions, trimmed.
fn first_instruction_line(text: &str, unit: &PromptUnit) -> Option<TextRange> {
    for segment in unit.segments.iter().filter(|s| s.role != Role::Assistant) {
        let body = &text[segment.range.as_range()];
        for (start, line) in line_starts_from(body, 0) {
            let trimmed = line.trim_end();
            let lead = trimmed.len() - trimmed.trim_start().len();
            if !trimmed.trim_start().is_empty() {
                let s = segment.range.start + start + lead;
                return Some(TextRange::new(s, segment.range.start + start + trimmed.len()));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use expect_test::expect;

    use super::*;
    use crate::analysis::extract::extract;
    use crate::analysis::format::PromptFormat;
    use crate::analysis::rules::test_support::check;

    const RULE: &str = "overlong-reasoning-prompt";

    /// About 30 distinct tokens per sentence, numbered so no two sentences are alike.
    fn instructions(sentences: usize) -> String {
        let mut out = String::new();
        for i in 0..sentences {
            let _ = writeln!(
                out,
                "Rule {i}: when the input mentions item {i}, check its owner, its date and its status before you answer."
            );
        }
        out
    }

    fn stripped(path: &str, text: &str) -> String {
        let e = extract(PromptFormat::from_path(path).expect("prompt path"), text);
        instruction_text(text, &e.units[0])
    }

    #[test]
    fn long_agent_instructions_on_o3_are_reported_with_the_count() {
        let text = format!("---\nname: triage\nmodel: o3\n---\n\n{}", instructions(60));
        expect![[r#"
            6:1 warning[overlong-reasoning-prompt]: instructions are at least 1,140 tokens (limit 1,000) for reasoning model `o3`; reasoning models do best with short, direct prompts
              | Rule 0: when the input mentions item 0, check its owner, its date and its status before you answer.
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = help: keep the goal, the constraints and the output format; drop how-to-think steps, or move reference material into a fenced or tagged context block
        "#]].assert_eq(&check(RULE, "triage.agent.md", &text));
    }

    #[test]
    fn the_same_instructions_on_a_general_model_are_quiet() {
        let text = format!("---\nmodel: gpt-4.1\n---\n{}", instructions(60));
        assert_eq!(check(RULE, "a.agent.md", &text), "");
        let short = format!("---\nmodel: o3\n---\n{}", instructions(5));
        assert_eq!(check(RULE, "a.agent.md", &short), "");
        let unknown = format!("---\nmodel: inherit\n---\n{}", instructions(60));
        assert_eq!(check(RULE, "a.agent.md", &unknown), "");
    }

    #[test]
    fn pasted_context_is_not_counted() {
        let pasted = instructions(80);
        for (open, close) in
            [("```text", "```"), ("~~~~", "~~~~"), ("<document>", "</document>"), ("\"\"\"", "\"\"\""), ("###", "###")]
        {
            let text = format!(
                "---\nmodel: o3-mini\n---\nSummarise the findings below in five bullets.\n\n{open}\n{pasted}{close}\n\nKeep it short.\n"
            );
            assert_eq!(check(RULE, "a.prompt.md", &text), "", "{open}");
            assert_eq!(
                stripped("a.prompt.md", &text),
                "Summarise the findings below in five bullets.\n\n\nKeep it short.\n\n",
                "{open}"
            );
        }
    }

    #[test]
    fn instruction_tags_count_and_unclosed_blocks_are_text() {
        let text = "<instructions>\nBe brief.\n</instructions>\n<context source=\"a\">\npasted\n</context>\n<br>\nstill counted\n\"\"\"\nunclosed quote\n";
        let t = format!("---\nmodel: o3\n---\n{text}");
        expect![[r#"
            <instructions>
            Be brief.
            </instructions>
            <br>
            still counted
            """
            unclosed quote

        "#]]
        .assert_eq(&stripped("a.prompt.md", &t));
        let fence = "---\nmodel: o3\n---\nDo it.\n```\nunclosed fence runs to the end\n";
        assert_eq!(stripped("a.prompt.md", fence), "Do it.\n\n");
        let inline = "---\nmodel: o3\n---\nA <doc>x</doc> inline stays.\n<doc>whole line goes</doc>\nEnd.\n";
        assert_eq!(stripped("a.prompt.md", inline), "A <doc>x</doc> inline stays.\nEnd.\n\n");
    }

    #[test]
    fn placeholders_and_assistant_turns_are_not_counted() {
        let text = "---\nmodel:\n  configuration:\n    name: deepseek-reasoner\n---\nsystem:\nAnswer about {{topic}}.\nuser:\n${input:question}\nassistant:\nA long example answer.\n";
        assert_eq!(stripped("a.prompty", text), "Answer about .\n\n\n\n");
    }

    #[test]
    fn hybrids_count_only_with_reasoning_on() {
        let body = instructions(60);
        let on = format!("---\nmodel: googleai/gemini-2.5-flash\n---\n{body}");
        expect![[r#"
            4:1 warning[overlong-reasoning-prompt]: instructions are at least 1,140 tokens (limit 1,000) for reasoning model `googleai/gemini-2.5-flash`; reasoning models do best with short, direct prompts
              | Rule 0: when the input mentions item 0, check its owner, its date and its status before you answer.
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = help: keep the goal, the constraints and the output format; drop how-to-think steps, or move reference material into a fenced or tagged context block
        "#]].assert_eq(&check(RULE, "a.prompt", &on));
        let off = format!(
            "---\nmodel: googleai/gemini-2.5-flash\nconfig:\n  thinkingConfig:\n    thinkingBudget: 0\n---\n{body}"
        );
        assert_eq!(check(RULE, "a.prompt", &off), "");
    }

    #[test]
    fn chinese_instructions_are_counted_in_tokens_not_bytes() {
        // 600 CJK characters are 1,800 bytes but well under 1,000 tokens.
        let zh = "请检查代码中的错误并给出修复建议。".repeat(35);
        let text = format!("---\nmodel: deepseek-reasoner\n---\n{zh}\n");
        assert_eq!(check(RULE, "zh.prompt.md", &text), "");
    }
}
