//! VS Code / GitHub Copilot prompt files: `*.prompt.md`, `*.instructions.md`, `*.agent.md` and
//! the legacy `*.chatmode.md`.
//!
//! One unit per file. The header's `model` is a string or a list of strings (Copilot uses the
//! first available one); Copilot takes no sampling parameters, so no other key becomes a param.
//! The body is one segment: a prompt file is what the user sends, while instructions, agents and
//! chat modes are system-level instructions added to every request.

use super::{Extraction, PromptUnit, Role, Segment, front_matter, placeholders};
use crate::analysis::format::PromptFormat;
use crate::analysis::text::TextRange;

pub fn extract(format: PromptFormat, text: &str) -> Extraction {
    let fm = front_matter::read(text);
    let mut problems = fm.problems;
    let models = match fm.root.as_ref().and_then(|r| r.get("model")) {
        Some(model) => front_matter::model_refs(model, true, &mut problems),
        None => Vec::new(),
    };
    let role = if format == PromptFormat::CopilotPrompt { Role::User } else { Role::System };
    let segment = Segment { role, range: fm.body, marker: None, placeholders: placeholders::ranges(text, fm.body) };
    Extraction {
        units: vec![PromptUnit {
            range: TextRange::new(0, text.len()),
            models,
            params: Vec::new(),
            segments: vec![segment],
            origin: super::Origin::File,
        }],
        file_ignores: front_matter::file_ignores(fm.root.as_ref()),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, e: &Extraction) -> Vec<(String, String)> {
        e.units[0].models.iter().map(|m| (m.name.clone(), text[m.range.as_range()].to_owned())).collect()
    }

    #[test]
    fn prompt_file_with_one_model_and_variables() {
        let text = "---\nagent: agent\nmodel: GPT-4.1\ntools: ['search', 'edit']\ndescription: Review\n---\nReview ${selection} for {{focus}}.\n";
        let e = extract(PromptFormat::CopilotPrompt, text);
        assert!(e.problems.is_empty());
        assert_eq!(names(text, &e), [("GPT-4.1".to_owned(), "GPT-4.1".to_owned())]);
        let unit = &e.units[0];
        assert!(unit.params.is_empty());
        assert_eq!(unit.range, TextRange::new(0, text.len()));
        let seg = &unit.segments[0];
        assert_eq!(seg.role, Role::User);
        assert_eq!(&text[seg.range.as_range()], "Review ${selection} for {{focus}}.\n");
        let ph: Vec<&str> = seg.placeholders.iter().map(|r| &text[r.as_range()]).collect();
        assert_eq!(ph, ["${selection}", "{{focus}}"]);
    }

    #[test]
    fn model_list_in_order_with_ranges_inside_quotes() {
        let text = "---\r\nmodel: [\"GPT-5 (copilot)\", 'Claude Sonnet 4.5', o3]\r\n---\r\nBody\r\n";
        let e = extract(PromptFormat::CopilotAgent, text);
        let got = names(text, &e);
        let want = ["GPT-5 (copilot)", "Claude Sonnet 4.5", "o3"];
        assert_eq!(got.iter().map(|(n, s)| (n.as_str(), s.as_str())).collect::<Vec<_>>(), want.map(|w| (w, w)));
        assert_eq!(e.units[0].segments[0].role, Role::System);
        assert_eq!(&text[e.units[0].segments[0].range.as_range()], "Body\r\n");
    }

    #[test]
    fn block_list_after_multibyte_text() {
        let text = "---\ndescription: レビュー 🤖\nmodel:\n  - 'gpt-4.1'\n  - Claude Sonnet 4\n---\n本文\n";
        let e = extract(PromptFormat::CopilotChatmode, text);
        assert_eq!(names(text, &e)[0], ("gpt-4.1".to_owned(), "gpt-4.1".to_owned()));
        assert_eq!(names(text, &e)[1], ("Claude Sonnet 4".to_owned(), "Claude Sonnet 4".to_owned()));
        assert_eq!(&text[e.units[0].segments[0].range.as_range()], "本文\n");
    }

    #[test]
    fn empty_model_yields_nothing_and_wrong_types_are_problems() {
        for text in ["---\nmodel:\n---\nBody\n", "---\nmodel: ''\n---\nBody\n", "---\nmodel: null\n---\n"] {
            let e = extract(PromptFormat::CopilotAgent, text);
            assert!(e.units[0].models.is_empty() && e.problems.is_empty(), "{text:?}");
        }
        let text = "---\nmodel:\n  name: gpt-4.1\n---\nBody\n";
        let e = extract(PromptFormat::CopilotAgent, text);
        assert_eq!(e.problems.len(), 1);
        assert_eq!(e.problems[0].message, "`model` must be a string or a list of strings, not a mapping");
        assert_eq!(&text[e.problems[0].range.as_range()], "name: gpt-4.1");
        let text = "---\nmodel: [gpt-4.1, [x], 3]\n---\n";
        let e = extract(PromptFormat::CopilotPrompt, text);
        assert_eq!(e.problems.len(), 1);
        assert_eq!(names(text, &e).len(), 2, "`3` is a plain scalar and kept as a name");
    }

    #[test]
    fn broken_header_still_yields_the_body() {
        let text = "---\nmodel: gpt-4.1\ntools: [search, fetch\n---\nDo the thing.\n";
        let e = extract(PromptFormat::CopilotPrompt, text);
        assert_eq!(e.problems.len(), 1);
        assert!(e.problems[0].message.starts_with("YAML syntax error"));
        assert_eq!(&text[e.units[0].segments[0].range.as_range()], "Do the thing.\n");
        assert_eq!(names(text, &e).len(), 1, "the model before the error is kept");
    }

    #[test]
    fn file_ignores_come_from_the_header() {
        let text = "---\nmodel: gpt-4\nmodelfit-ignore: [floating-model-alias]\n---\nBody\n";
        let e = extract(PromptFormat::CopilotPrompt, text);
        assert_eq!(e.file_ignores.len(), 1);
        assert_eq!(e.file_ignores[0].value, "floating-model-alias");
        assert_eq!(&text[e.file_ignores[0].range.as_range()], "floating-model-alias");
    }

    #[test]
    fn no_header_at_all() {
        let text = "\u{feff}Just instructions.\n";
        let e = extract(PromptFormat::CopilotInstructions, text);
        assert!(e.units[0].models.is_empty());
        assert_eq!(&text[e.units[0].segments[0].range.as_range()], "Just instructions.\n");
    }
}
