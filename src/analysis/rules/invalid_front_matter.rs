//! `invalid-front-matter`: the YAML header cannot be read.

use super::{Context, Diagnostic, FixAvailability, Rule, RuleMeta, Severity};

pub struct InvalidFrontMatter;

static META: RuleMeta = RuleMeta {
    code: "MF001",
    name: "invalid-front-matter",
    default_severity: Severity::Error,
    fix: FixAvailability::None,
    summary: "The YAML front matter is malformed or has values of the wrong type",
    docs: r"## What it does
Reports YAML syntax errors in a prompt file's front matter at their exact position, and values of
the wrong shape where the format expects a specific one (a `model` that is neither a string nor a
list of strings, `model.parameters` in a Prompty file that is not a mapping, an unterminated
front-matter block).

## Why is this bad?
The host tool (VS Code, Genkit, Prompty) fails to load the file, or worse, silently ignores the
header and sends it to the model as part of the prompt text. Model and parameter settings in a
broken header do not take effect, and every other modelfit check of the header is blind.

## Example
```yaml
---
model: gpt-4.1
tools: [search, fetch
---
```

## Fix
Correct the YAML at the reported position: close the bracket, quote a value that contains `: `,
indent nested keys consistently. modelfit still analyses the body of the file meanwhile.

## Sources
- YAML 1.2 specification: https://yaml.org/spec/1.2.2/
- VS Code prompt files (header format): https://code.visualstudio.com/docs/copilot/customization/prompt-files
- dotprompt front matter: https://google.github.io/dotprompt/reference/frontmatter/
- Prompty specification: https://github.com/microsoft/prompty
",
};

impl Rule for InvalidFrontMatter {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for problem in &cx.extraction.problems {
            let mut d = Diagnostic::new(&META, problem.range, problem.message.clone());
            if let Some(help) = &problem.help {
                d = d.with_help(help.clone());
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::analysis::rules::test_support::check;

    #[test]
    fn reports_yaml_syntax_error_at_its_position() {
        let text = "---\nmodel: gpt-4.1\ntools: [search, fetch\n---\nDo the thing.\n";
        expect![[r#"
            3:8 error[invalid-front-matter]: YAML syntax error: expected ',' or ']' (this `[` is never closed)
              | tools: [search, fetch
              |        ^
              = help: close the list with `]`, and separate its items with `,`
        "#]]
        .assert_eq(&check("invalid-front-matter", "x.prompt.md", text));
    }

    #[test]
    fn reports_wrong_model_type() {
        let text = "---\nmodel:\n  name: gpt-4.1\n---\nBody\n";
        expect![[r#"
            3:3 error[invalid-front-matter]: `model` must be a string or a list of strings, not a mapping
              |   name: gpt-4.1
              |   ^^^^^^^^^^^^^
              = help: write the model name, such as `model: gpt-4.1`
        "#]]
        .assert_eq(&check("invalid-front-matter", "x.agent.md", text));
    }

    #[test]
    fn reports_unterminated_header() {
        let text = "---\nmodel: gpt-4.1\nBody without a closing fence\n";
        expect![[r#"
            1:1 error[invalid-front-matter]: front matter is not closed: add a line with `---`
              | ---
              | ^^^
              = help: end the header with a line holding only `---`; until then the whole file is read as prompt text
        "#]]
        .assert_eq(&check("invalid-front-matter", "x.prompt.md", text));
    }

    #[test]
    fn valid_header_is_quiet() {
        let text = "---\nmodel: gpt-4.1\ntools: [search]\n---\nBody\n";
        expect![[r#""#]].assert_eq(&check("invalid-front-matter", "x.prompt.md", text));
    }
}
