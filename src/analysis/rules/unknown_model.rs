//! `unknown-model`: a model name modelfit's catalog does not know.

use super::{Context, Diagnostic, Edit, Fix, FixAvailability, Rule, RuleMeta, Severity};
use crate::analysis::catalog::Target;

pub struct UnknownModel;

static META: RuleMeta = RuleMeta {
    code: "MF002",
    name: "unknown-model",
    default_severity: Severity::Info,
    fix: FixAvailability::Sometimes,
    summary: "The model name is not in the catalog; model-fit checks cannot run",
    docs: r#"## What it does
Reports a model name that matches no entry of modelfit's catalog after normalisation (display
names, gateway prefixes, Ollama tags and dated snapshots are all understood), and suggests the
closest known names.

## Why is this bad?
Often the name is a typo (`gpt-4.1-mnii`) that the API will reject at run time. When it is a real
model modelfit does not know yet, every check that depends on the model's kind (general or
inference) and on the parameters its API rejects stays silent for this prompt.

## Example
```yaml
---
model: gpt-4o-mnii
---
```

## Fix
Correct the name (a quick fix offers the closest catalog entry), or teach modelfit about the
model in `modelfit.toml`:

```toml
[models."acme-reasoner"]
kind = "inference"
```

## Sources
- Model catalog: shared/research/reasoning-models.md, section B (vendor model pages cited there)
- VS Code reports unknown models in prompt files too: https://code.visualstudio.com/docs/copilot/customization/prompt-files
"#,
};

impl Rule for UnknownModel {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for unit in &cx.extraction.units {
            for model in &unit.models {
                let resolution = cx.catalog.resolve(&model.name);
                let Target::Unknown = resolution.target else { continue };
                let suggestions = cx.catalog.suggest(&resolution.normalized);
                let mut d = Diagnostic::new(
                    &META,
                    model.range,
                    format!("Unknown model `{}`: model-fit checks are skipped for it", model.name),
                );
                if let Some(best) = suggestions.first() {
                    let list = suggestions.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
                    d = d.with_help(format!("did you mean {list}? Or declare it under `[models]` in modelfit.toml"));
                    d = d.with_fix(Fix::unsafe_(
                        format!("Replace with `{best}`"),
                        vec![Edit { range: model.range, new_text: model.replacement(best) }],
                    ));
                } else {
                    d = d.with_help(
                        "declare it in modelfit.toml: `[models.\"name\"] kind = \"general\"` or `\"inference\"`",
                    );
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::analysis::rules::test_support::{check, fix};

    #[test]
    fn typo_gets_a_suggestion_and_a_fix() {
        let text = "---\nmodel: gpt-4o-mnii\n---\nSummarise the file.\n";
        expect![[r#"
            2:8 info[unknown-model]: Unknown model `gpt-4o-mnii`: model-fit checks are skipped for it
              | model: gpt-4o-mnii
              |        ^^^^^^^^^^^
              = help: did you mean `gpt-4o-mini`, `gpt-4.1-mini`, `gpt-5-mini`? Or declare it under `[models]` in modelfit.toml
              = fix (Unsafe): Replace with `gpt-4o-mini`
        "#]].assert_eq(&check("unknown-model", "x.prompt.md", text));
        expect![[r#"
            ---
            model: gpt-4o-mini
            ---
            Summarise the file.
        "#]]
        .assert_eq(&fix("unknown-model", "x.prompt.md", text));
    }

    #[test]
    fn known_names_in_every_spelling_are_quiet() {
        for name in ["GPT-4.1", "'Claude Sonnet 4 (copilot)'", "openai/o3-mini", "deepseek-r1:14b", "inherit", ""] {
            let text = format!("---\nmodel: {name}\n---\nBody\n");
            assert_eq!(check("unknown-model", "x.agent.md", &text), "", "{name}");
        }
    }

    #[test]
    fn each_unknown_entry_of_a_list_is_reported() {
        let text = "---\nmodel: [\"GPT-9 Ultra\", \"Claude Sonnet 4.5 (copilot)\"]\n---\nBody\n";
        expect![[r#"
            2:10 info[unknown-model]: Unknown model `GPT-9 Ultra`: model-fit checks are skipped for it
              | model: ["GPT-9 Ultra", "Claude Sonnet 4.5 (copilot)"]
              |          ^^^^^^^^^^^
              = help: declare it in modelfit.toml: `[models."name"] kind = "general"` or `"inference"`
        "#]]
        .assert_eq(&check("unknown-model", "x.agent.md", text));
    }
}
