//! `floating-model-alias`: a name that can silently start meaning another model.

use super::{Context, Diagnostic, FixAvailability, Rule, RuleMeta, Severity};

pub struct FloatingModelAlias;

static META: RuleMeta = RuleMeta {
    code: "MF003",
    name: "floating-model-alias",
    default_severity: Severity::Info,
    fix: FixAvailability::None,
    summary: "The model name is an alias that changes meaning over time or across vendors",
    docs: r#"## What it does
Reports model names that do not pin one model: `-latest` aliases (`chatgpt-4o-latest`,
`claude-3-5-sonnet-latest`), bare family names (`gpt-4`, `claude`, `gemini-pro`, `gemini-flash`),
rolling names (`qwen-max`, `qwen-plus`, `qwen-turbo`), product names that cover several models
(`ERNIE Bot`/文心一言, Tongyi Qianwen/通义千问, iFlytek Spark/讯飞星火), and host-chosen models
(`Auto`). DeepSeek's `deepseek-chat` and `deepseek-reasoner` also moved between models, but
DeepSeek offers no pinned name, so they are not reported.

## Why is this bad?
The model behind such a name changes without a change to the prompt file. Two models behind one
name can even be of different kinds: one general-purpose, one a reasoning model that rejects
`temperature` and wants a different style of prompt. A prompt tuned and checked for one of them
can silently regress, and modelfit's model-fit checks only judge the model the alias points to
today.

## Example
```yaml
---
model: chatgpt-4o-latest
---
```

## Fix
Pin a dated snapshot or an explicit version (`gpt-4o-2024-11-20`, `claude-sonnet-4-5-20250929`,
`gemini-2.5-flash`). If following the newest model is intended, silence the rule for the file with
`<!-- modelfit-ignore: floating-model-alias -->`.

## Sources
- OpenAI model snapshots and aliases: https://platform.openai.com/docs/models
- Anthropic model aliases ("-latest" points to the newest snapshot): https://docs.claude.com/en/docs/about-claude/models/overview
- Gemini model version names (stable, preview, latest): https://ai.google.dev/gemini-api/docs/models
"#,
};

impl Rule for FloatingModelAlias {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for unit in &cx.extraction.units {
            for model in &unit.models {
                let resolution = cx.catalog.resolve(&model.name);
                let Some(why) = resolution.floating else { continue };
                out.push(
                    Diagnostic::new(&META, model.range, format!("`{}` is a floating alias: {why}", model.name))
                        .with_help("pin a dated snapshot or an explicit version so the prompt keeps the model it was written for"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::analysis::rules::test_support::check;

    #[test]
    fn latest_auto_and_bare_family_names() {
        let text = "---\nmodel: chatgpt-4o-latest\n---\nBody\n";
        expect![[r#"
            2:8 info[floating-model-alias]: `chatgpt-4o-latest` is a floating alias: a `-latest` alias moves to a new snapshot without notice
              | model: chatgpt-4o-latest
              |        ^^^^^^^^^^^^^^^^^
              = help: pin a dated snapshot or an explicit version so the prompt keeps the model it was written for
        "#]].assert_eq(&check("floating-model-alias", "x.prompt.md", text));
        let text = "---\nmodel: Auto (copilot)\n---\nBody\n";
        expect![[r#"
            2:8 info[floating-model-alias]: `Auto (copilot)` is a floating alias: `Auto` lets the host pick any model, general or inference, per request
              | model: Auto (copilot)
              |        ^^^^^^^^^^^^^^
              = help: pin a dated snapshot or an explicit version so the prompt keeps the model it was written for
        "#]].assert_eq(&check("floating-model-alias", "x.prompt.md", text));
        let text = "---\nmodel: googleai/gemini-pro\n---\nBody\n";
        expect![[r#"
            2:8 info[floating-model-alias]: `googleai/gemini-pro` is a floating alias: a bare family name: the host decides which model of the family (general or inference) answers
              | model: googleai/gemini-pro
              |        ^^^^^^^^^^^^^^^^^^^
              = help: pin a dated snapshot or an explicit version so the prompt keeps the model it was written for
        "#]].assert_eq(&check("floating-model-alias", "x.prompt", text));
    }

    #[test]
    fn pinned_names_are_quiet() {
        for name in ["gpt-4o-2024-11-20", "claude-sonnet-4-5-20250929", "gemini-2.5-flash", "o3-mini", "GPT-4.1"] {
            let text = format!("---\nmodel: {name}\n---\nBody\n");
            assert_eq!(check("floating-model-alias", "x.prompt.md", &text), "", "{name}");
        }
    }
}
