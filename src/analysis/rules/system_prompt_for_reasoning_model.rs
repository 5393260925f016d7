//! `system-prompt-for-reasoning-model`: a system prompt for a reasoning model whose vendor says to
//! put every instruction in the user turn (DeepSeek-R1).

use super::{Context, Diagnostic, Edit, Fix, FixAvailability, Rule, RuleMeta, Severity};
use crate::analysis::catalog::ModelInfo;
use crate::analysis::extract::Role;
use crate::analysis::fit::EffectiveKind;
use crate::analysis::format::PromptFormat;
use crate::analysis::text::TextRange;

pub struct SystemPromptForReasoningModel;

static META: RuleMeta = RuleMeta {
    code: "MF010",
    name: "system-prompt-for-reasoning-model",
    default_severity: Severity::Warning,
    fix: FixAvailability::Sometimes,
    summary: "A system prompt for DeepSeek-R1, whose authors advise putting all instructions in the user turn",
    docs: r#"## What it does
Reports a system message (a Prompty `system:` section, a dotprompt `{{role "system"}}` block, or a
Prompty body without role lines, which Prompty sends as the system message) in a prompt for the
DeepSeek-R1 family:

- `deepseek-r1` weights and the `DeepSeek-R1-Distill-*` models: **warning**. The R1 README says
  "Avoid adding a system prompt; all instructions should be contained within the user prompt."
- `deepseek-reasoner` (the hosted API) and R1-0528 weights: **info**. DeepSeek-R1-0528's model
  card says "System prompt is supported now", and the hosted endpoint has since moved to newer
  weights; moving the instructions to the user turn is still the safe choice when the snapshot
  behind the endpoint is unknown.

Other vendors are silent: OpenAI converts a system message to a developer message for o1
(2024-12-17) and later; o1-mini and o1-preview reject it outright, which `rejected-parameter`
reports as an error. Anthropic and Google recommend system prompts for their thinking models.
Copilot prompt, agent and instruction files are skipped: the host decides where their text goes.

## Why is this bad?
DeepSeek-R1 was trained without system prompts; its authors observed that it is sensitive to
prompts and recommend a single user turn holding the problem and the output format.

## Example
```yaml
---
model:
  configuration:
    type: openai
    name: deepseek-r1
---
system:
You are a careful mathematician.
user:
{{problem}}
```

## Fix
Move the instructions into the user message. The quick fix turns the `system:` role line into
`user:` (unsafe: two user turns in a row are merged differently by different hosts; review the
result).

## Sources
- DeepSeek-R1 README, usage recommendations #2: https://github.com/deepseek-ai/DeepSeek-R1
- DeepSeek-R1-0528 model card ("System prompt is supported now"): https://huggingface.co/deepseek-ai/DeepSeek-R1-0528
- DeepSeek API, reasoning model guide: https://api-docs.deepseek.com/guides/reasoning_model
- OpenAI, Reasoning best practices (developer messages): https://platform.openai.com/docs/guides/reasoning-best-practices
"#,
};

impl Rule for SystemPromptForReasoningModel {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !matches!(cx.format, PromptFormat::Prompty | PromptFormat::Dotprompt) && !cx.format.is_code() {
            return;
        }
        for unit in &cx.extraction.units {
            let Some(fit) = cx.fit(unit) else { continue };
            let written = &unit.models[fit.index].name;
            let Some(severity) = severity_for(fit.info, written) else { continue };
            if fit.kind != EffectiveKind::Inference || fit.info.rejects_system_message {
                continue;
            }
            for segment in unit.segments.iter().filter(|s| s.role == Role::System) {
                let content = &cx.text[segment.range.as_range()];
                if content.trim().is_empty() {
                    continue;
                }
                let range = segment.marker.unwrap_or_else(|| first_line(cx.text, segment.range));
                let mut d = Diagnostic::new(
                    &META,
                    range,
                    format!(
                        "a system prompt for `{written}`: DeepSeek-R1 works best with all instructions in the user turn"
                    ),
                )
                .with_severity(severity)
                .with_help("move these instructions into the user message");
                if segment.marker.is_some_and(|m| cx.text[m.as_range()].trim() == "system:") {
                    d = d.with_fix(Fix::unsafe_(
                        "Turn the system message into a user message",
                        vec![Edit { range, new_text: "user:".to_owned() }],
                    ));
                }
                out.push(d);
            }
        }
    }
}

/// DeepSeek-R1 original weights and distills: warning; the hosted reasoner and R1-0528: info.
fn severity_for(info: &ModelInfo, written: &str) -> Option<Severity> {
    let id = info.id.as_str();
    if !(id.starts_with("deepseek-r1") || id == "deepseek-reasoner") {
        return None;
    }
    if id == "deepseek-reasoner" || written.contains("0528") { Some(Severity::Info) } else { Some(Severity::Warning) }
}

/// The first non-blank line of `range`, trimmed.
fn first_line(text: &str, range: TextRange) -> TextRange {
    let body = &text[range.as_range()];
    let lead = body.len() - body.trim_start().len();
    let start = range.start + lead;
    let end = text[start..range.end].find(['\n', '\r']).map_or(range.end, |i| start + i);
    TextRange::new(start, text[start..end].trim_end().len() + start)
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::super::test_support::{check, fix};

    const NAME: &str = "system-prompt-for-reasoning-model";

    fn prompty(model: &str, body: &str) -> String {
        format!("---\nmodel:\n  configuration:\n    type: openai\n    name: {model}\n---\n{body}")
    }

    #[test]
    fn r1_weights_get_a_warning_and_a_marker_fix() {
        let text = prompty("deepseek-r1", "system:\nYou are a careful mathematician.\nuser:\n{{problem}}\n");
        expect![[r#"
            7:1 warning[system-prompt-for-reasoning-model]: a system prompt for `deepseek-r1`: DeepSeek-R1 works best with all instructions in the user turn
              | system:
              | ^^^^^^^
              = help: move these instructions into the user message
              = fix (Unsafe): Turn the system message into a user message
        "#]]
        .assert_eq(&check(NAME, "a.prompty", &text));
        expect![[r#"
            ---
            model:
              configuration:
                type: openai
                name: deepseek-r1
            ---
            user:
            You are a careful mathematician.
            user:
            {{problem}}
        "#]]
        .assert_eq(&fix(NAME, "a.prompty", &text));
    }

    #[test]
    fn hosted_reasoner_and_0528_get_info() {
        let text = prompty("deepseek-reasoner", "system:\nBe brief.\nuser:\n{{q}}\n");
        assert!(check(NAME, "a.prompty", &text).starts_with("7:1 info"));
        let text = prompty("deepseek-ai/DeepSeek-R1-0528", "system:\nBe brief.\nuser:\n{{q}}\n");
        assert!(check(NAME, "a.prompty", &text).starts_with("7:1 info"), "{}", check(NAME, "a.prompty", &text));
    }

    #[test]
    fn a_prompty_body_without_roles_is_a_system_message() {
        let text = prompty("deepseek-r1:7b", "\nYou are a tutor.\n{{question}}\n");
        expect![[r#"
            8:1 warning[system-prompt-for-reasoning-model]: a system prompt for `deepseek-r1:7b`: DeepSeek-R1 works best with all instructions in the user turn
              | You are a tutor.
              | ^^^^^^^^^^^^^^^^
              = help: move these instructions into the user message
        "#]]
        .assert_eq(&check(NAME, "a.prompty", &text));
    }

    #[test]
    fn dotprompt_system_role() {
        let text =
            "---\nmodel: deepseek/deepseek-r1\n---\n{{role \"system\"}}\nAnswer in French.\n{{role \"user\"}}\n{{q}}\n";
        expect![[r#"
            4:1 warning[system-prompt-for-reasoning-model]: a system prompt for `deepseek/deepseek-r1`: DeepSeek-R1 works best with all instructions in the user turn
              | {{role "system"}}
              | ^^^^^^^^^^^^^^^^^
              = help: move these instructions into the user message
        "#]]
        .assert_eq(&check(NAME, "a.prompt", text));
    }

    #[test]
    fn other_vendors_copilot_files_and_user_only_prompts_are_silent() {
        for model in
            ["o3-mini", "o1", "o1-mini", "claude-opus-4-1", "gemini-2.5-pro", "deepseek-chat", "qwq-32b", "acme"]
        {
            let text = prompty(model, "system:\nBe brief.\nuser:\n{{q}}\n");
            assert_eq!(check(NAME, "a.prompty", &text), "", "{model}");
        }
        assert_eq!(check(NAME, "a.prompty", &prompty("deepseek-r1", "user:\nSolve {{q}}\n")), "");
        assert_eq!(check(NAME, "a.agent.md", "---\nmodel: deepseek-r1\n---\nYou review code.\n"), "");
    }
}
