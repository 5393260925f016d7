//! `rejected-parameter`: a request parameter the model's API refuses.

use super::{Context, Diagnostic, Edit, Fix, FixAvailability, Rule, RuleMeta, Severity};
use crate::analysis::catalog::{ModelInfo, Rejection, RejectionFix, Target};
use crate::analysis::extract::{Param, ParamKind, Role};

pub struct RejectedParameter;

static META: RuleMeta = RuleMeta {
    code: "MF004",
    name: "rejected-parameter",
    default_severity: Severity::Error,
    fix: FixAvailability::Sometimes,
    summary: "A request parameter the model's API rejects (or silently ignores)",
    docs: r#"## What it does
Checks the request parameters set in the prompt file against what the model's API accepts, using
the catalog (`modelfit explain` on a model name in the editor's hover lists them):

- OpenAI o-series and GPT-5: `temperature` other than 1, `top_p`, `presence_penalty`,
  `frequency_penalty`, `logprobs`, `top_logprobs`; `max_tokens` instead of `max_completion_tokens`;
  `stop` on o3 and o4-mini; a system message on o1-mini and o1-preview; `reasoning_effort` on
  models that do not reason (GPT-4o, GPT-4.1), and effort values a model does not take (`none`
  before gpt-5.1, anything but `high` on gpt-5-pro). On gpt-5.1 and later, sampling parameters
  are accepted only while `reasoning_effort` is `none`.
- Anthropic Claude with extended thinking: `temperature` other than 1, `top_k`, `top_p` below
  0.95, `budget_tokens` below 1024 or not below `max_tokens`; `temperature` together with `top_p`
  on Claude 4.5 and later; any sampling parameter or a manual thinking budget on Opus 4.7.
- Gemini: `thinkingBudget: 0` on gemini-2.5-pro (thinking cannot be turned off), thinking settings
  on models without thinking.
- DeepSeek reasoner: `logprobs` (error); sampling parameters (warning: accepted but ignored).
- xAI reasoning models: `presence_penalty`, `frequency_penalty`, `stop`, and `reasoning_effort`
  where unsupported.

Errors are parameters the API answers with HTTP 400; warnings are parameters it silently ignores.

## Why is this bad?
The request fails at run time (`Unsupported parameter: 'max_tokens' is not supported with this
model. Use 'max_completion_tokens' instead.`), often only in production, after the prompt was
switched to a reasoning model. Silently ignored parameters give a false sense of control.

## Example
```yaml
---
model:
  api: chat
  configuration:
    type: openai
    name: o3-mini
  parameters:
    temperature: 0.2
    max_tokens: 2000
---
```

## Fix
Remove the parameter (reasoning depth is controlled with `reasoning_effort` or a thinking budget
instead), or rename it: `max_tokens` becomes `max_completion_tokens` for OpenAI reasoning models.
The quick fix does either.

## Sources
- OpenAI reasoning models, limitations: https://platform.openai.com/docs/guides/reasoning
- Azure OpenAI reasoning models, "Not Supported": https://learn.microsoft.com/azure/ai-services/openai/how-to/reasoning
- Anthropic extended thinking, feature compatibility: https://platform.claude.com/docs/en/build-with-claude/extended-thinking
- Gemini thinking budgets: https://ai.google.dev/gemini-api/docs/thinking
- DeepSeek reasoning model, unsupported parameters: https://api-docs.deepseek.com/guides/reasoning_model
- xAI reasoning: https://docs.x.ai/docs/guides/reasoning
"#,
};

impl Rule for RejectedParameter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for unit in &cx.extraction.units {
            let Some((index, resolution)) = cx.unit_model(unit) else { continue };
            let Target::Model(info) = resolution.target else { continue };
            let written = &unit.models[index].name;
            let thinking = crate::analysis::fit::thinking_enabled(unit);
            for rejection in &info.rejects {
                for param in unit.params.iter().filter(|p| p.kind == rejection.param) {
                    if rejection.when.holds(&param.value, thinking, &unit.params) {
                        out.push(param_finding(cx, written, info, rejection, param));
                    }
                }
            }
            if info.rejects_system_message {
                for segment in unit.segments.iter().filter(|s| s.role == Role::System) {
                    out.push(system_message_finding(
                        written,
                        segment.marker.unwrap_or(segment.range),
                        segment.marker.is_some(),
                    ));
                }
            }
        }
    }
}

fn param_finding(
    cx: &Context<'_>,
    written: &str,
    info: &ModelInfo,
    rejection: &Rejection,
    param: &Param,
) -> Diagnostic {
    let key = &cx.text[param.key_range.as_range()];
    let verb = if rejection.severity == Severity::Error { "is rejected by" } else { "is ignored by" };
    // Name the catalog entry too when the author's spelling differs (`googleai/gemini-2.5-pro`).
    let model = if written == info.id { format!("`{written}`") } else { format!("`{written}` ({})", info.id) };
    let message = format!("`{}` {verb} {model}: {}", param.path, rejection.reason);
    let range = param.key_range.cover(param.value_range);
    let d = Diagnostic::new(&META, range, message).with_severity(rejection.severity);
    match rejection.fix {
        RejectionFix::Remove => d.with_help(format!("remove `{key}`")).with_fix(Fix::safe(
            format!("Remove `{key}`"),
            vec![Edit { range: param.entry_range, new_text: String::new() }],
        )),
        RejectionFix::Rename(to) => {
            let new_key = spell_like(key, to);
            d.with_help(format!("use `{new_key}` instead")).with_fix(Fix::safe(
                format!("Rename `{key}` to `{new_key}`"),
                vec![Edit { range: param.key_range, new_text: new_key }],
            ))
        }
        RejectionFix::Manual => d,
    }
}

fn system_message_finding(written: &str, range: crate::analysis::text::TextRange, has_marker: bool) -> Diagnostic {
    let d = Diagnostic::new(&META, range, format!("`{written}` does not accept a system message"))
        .with_help("move these instructions into the user message, or use o1 (2024-12-17 or later), o3-mini or newer, which accept developer messages");
    if has_marker {
        // Only the role line changes; the instructions stay where they are, now spoken by the user.
        d.with_fix(Fix::unsafe_(
            "Turn the system message into a user message",
            vec![Edit { range, new_text: "user:".to_owned() }],
        ))
    } else {
        d
    }
}

/// Spells `to` the way `written` is spelled: `max_tokens` → `max_completion_tokens`,
/// `maxTokens` → `maxCompletionTokens`.
fn spell_like(written: &str, to: ParamKind) -> String {
    let snake = to.api_name();
    if written.contains('_') || !written.chars().any(|c| c.is_ascii_uppercase()) {
        return snake.to_owned();
    }
    let mut out = String::new();
    // Go struct fields are exported: `MaxTokens` becomes `MaxCompletionTokens`.
    let mut upper = written.starts_with(|c: char| c.is_ascii_uppercase());
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::spell_like;
    use crate::analysis::extract::ParamKind;
    use crate::analysis::rules::test_support::{check, fix};

    const PROMPTY_O3: &str = "---\nname: t\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: o3-mini\n  parameters:\n    temperature: 0.2\n    max_tokens: 2000\n---\nsystem:\nYou are terse.\n\nuser:\n{{question}}\n";

    #[test]
    fn sampling_and_max_tokens_on_o3_mini() {
        expect![[r#"
            9:5 error[rejected-parameter]: `temperature` is rejected by `o3-mini`: "Only the default (1) value is supported." (OpenAI `unsupported_value`)
              |     temperature: 0.2
              |     ^^^^^^^^^^^^^^^^
              = help: remove `temperature`
              = fix (Safe): Remove `temperature`
            10:5 error[rejected-parameter]: `max_tokens` is rejected by `o3-mini`: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."
              |     max_tokens: 2000
              |     ^^^^^^^^^^^^^^^^
              = help: use `max_completion_tokens` instead
              = fix (Safe): Rename `max_tokens` to `max_completion_tokens`
        "#]].assert_eq(&check("rejected-parameter", "x.prompty", PROMPTY_O3));
    }

    #[test]
    fn remove_fix_deletes_the_whole_entry() {
        expect![[r#"
            ---
            name: t
            model:
              api: chat
              configuration:
                type: openai
                name: o3-mini
              parameters:
                max_tokens: 2000
            ---
            system:
            You are terse.

            user:
            {{question}}
        "#]]
        .assert_eq(&fix("rejected-parameter", "x.prompty", PROMPTY_O3));
    }

    #[test]
    fn temperature_of_one_is_accepted() {
        let text =
            PROMPTY_O3.replace("temperature: 0.2", "temperature: 1").replace("max_tokens", "max_completion_tokens");
        assert_eq!(check("rejected-parameter", "x.prompty", &text), "");
    }

    #[test]
    fn general_model_accepts_everything() {
        let text = PROMPTY_O3.replace("o3-mini", "gpt-4.1");
        assert_eq!(check("rejected-parameter", "x.prompty", &text), "");
    }

    #[test]
    fn claude_thinking_with_temperature_and_small_budget() {
        let text = "---\nmodel:\n  api: chat\n  configuration:\n    type: anthropic\n    name: claude-sonnet-4-20250514\n  parameters:\n    temperature: 0.3\n    top_k: 40\n    thinking:\n      type: enabled\n      budget_tokens: 512\n---\nuser:\nProve it.\n";
        expect![[r#"
            8:5 error[rejected-parameter]: `temperature` is rejected by `claude-sonnet-4-20250514` (claude-sonnet-4): "temperature may only be set to 1 when thinking is enabled"
              |     temperature: 0.3
              |     ^^^^^^^^^^^^^^^^
              = help: remove `temperature`
              = fix (Safe): Remove `temperature`
            9:5 error[rejected-parameter]: `top_k` is rejected by `claude-sonnet-4-20250514` (claude-sonnet-4): "Thinking isn't compatible with temperature or top_k modifications"
              |     top_k: 40
              |     ^^^^^^^^^
              = help: remove `top_k`
              = fix (Safe): Remove `top_k`
            12:7 error[rejected-parameter]: `thinking.budget_tokens` is rejected by `claude-sonnet-4-20250514` (claude-sonnet-4): "Thinking tokens have a minimum budget of 1024 tokens."
              |       budget_tokens: 512
              |       ^^^^^^^^^^^^^^^^^^
        "#]].assert_eq(&check("rejected-parameter", "x.prompty", text));
        let off = text.replace("type: enabled", "type: disabled").replace("budget_tokens: 512", "budget_tokens: 0");
        expect![[r#""#]].assert_eq(&check("rejected-parameter", "x.prompty", &off));
    }

    #[test]
    fn gemini_pro_cannot_turn_thinking_off() {
        let text = "---\nmodel: googleai/gemini-2.5-pro\nconfig:\n  temperature: 0.4\n  thinkingConfig:\n    thinkingBudget: 0\n---\n{{role \"user\"}}\nSolve: {{problem}}\n";
        expect![[r#"
            6:5 error[rejected-parameter]: `thinkingConfig.thinkingBudget` is rejected by `googleai/gemini-2.5-pro` (gemini-2.5-pro): 2.5 Pro takes a thinking budget of 128 to 32768, or -1 for dynamic: it "cannot disable thinking"
              |     thinkingBudget: 0
              |     ^^^^^^^^^^^^^^^^^
        "#]].assert_eq(&check("rejected-parameter", "x.prompt", text));
    }

    #[test]
    fn system_message_on_o1_mini() {
        let text =
            "---\nmodel:\n  configuration:\n    type: openai\n    name: o1-mini\n---\nsystem:\nBe terse.\nuser:\nHi\n";
        expect![[r#"
            7:1 error[rejected-parameter]: `o1-mini` does not accept a system message
              | system:
              | ^^^^^^^
              = help: move these instructions into the user message, or use o1 (2024-12-17 or later), o3-mini or newer, which accept developer messages
              = fix (Unsafe): Turn the system message into a user message
        "#]].assert_eq(&check("rejected-parameter", "x.prompty", text));
        expect![[r#"
            ---
            model:
              configuration:
                type: openai
                name: o1-mini
            ---
            user:
            Be terse.
            user:
            Hi
        "#]]
        .assert_eq(&fix("rejected-parameter", "x.prompty", text));
    }

    #[test]
    fn renames_keep_the_author_spelling() {
        assert_eq!(spell_like("max_tokens", ParamKind::MaxCompletionTokens), "max_completion_tokens");
        assert_eq!(spell_like("maxTokens", ParamKind::MaxCompletionTokens), "maxCompletionTokens");
        assert_eq!(spell_like("MaxTokens", ParamKind::MaxCompletionTokens), "MaxCompletionTokens");
    }
}
