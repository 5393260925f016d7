//! Google dotprompt `*.prompt` files (Genkit).
//!
//! The header's `model` is a string (`googleai/gemini-2.5-flash`); request parameters live under
//! `config` (`temperature`, `maxOutputTokens`, `thinkingConfig.thinkingBudget`…) and become params
//! with paths relative to `config`. The Handlebars body is split into messages by role markers,
//! `{{role "system"}}` or the rendered form `<<<dotprompt:role:system>>>`; `model` is the
//! assistant. Text before the first marker is a user message, as dotprompt renders it. A `tool`
//! role is counted as user input, since modelfit's roles have no tool speaker.

use super::{
    Extraction, Problem, PromptUnit, Role, RoleMarker, Segment, front_matter, params, placeholders, split_segments,
};
use crate::analysis::text::TextRange;

pub fn extract(text: &str) -> Extraction {
    let fm = front_matter::read(text);
    let mut problems = fm.problems;
    let mut models = Vec::new();
    let mut params = Vec::new();
    if let Some(root) = &fm.root {
        if let Some(model) = root.get("model") {
            models = front_matter::model_refs(model, false, &mut problems);
        }
        if let Some(config) = root.get("config") {
            match config.as_mapping() {
                Some(mapping) => params = params::collect(text, mapping),
                None if config.is_null() => {}
                None => problems.push(Problem {
                    range: config.range,
                    message: format!("`config` must be a mapping, not {}", config.type_name()),
                    help: Some("write one setting per line below `config:`, such as `  temperature: 0.7`".to_owned()),
                }),
            }
        }
    }
    Extraction {
        units: vec![PromptUnit {
            range: TextRange::new(0, text.len()),
            models,
            params,
            segments: segments(text, fm.body),
            origin: super::Origin::File,
        }],
        file_ignores: front_matter::file_ignores(fm.root.as_ref()),
        problems,
    }
}

/// Splits `body` at role markers; text before any marker is the user's.
fn segments(text: &str, body: TextRange) -> Vec<Segment> {
    split_segments(text, body, Role::User, &markers(text, body))
}

fn markers(text: &str, body: TextRange) -> Vec<RoleMarker> {
    // The rendered form, as Genkit writes it into history and as some authors write it by hand.
    const OPEN: &str = "<<<dotprompt:role:";
    let mut out: Vec<RoleMarker> = placeholders::find(text, body)
        .into_iter()
        .filter_map(|p| {
            let role = handlebars_role(&text[p.range.as_range()])?;
            Some(RoleMarker { role, marker: p.range, cut: p.range.start, content: p.range.end })
        })
        .collect();
    let mut at = body.start;
    while let Some(i) = text[at..body.end].find(OPEN) {
        let start = at + i;
        let name_start = start + OPEN.len();
        at = name_start;
        let Some(len) = text[name_start..body.end].find(">>>") else { break };
        if let Some(role) = role_named(&text[name_start..name_start + len]) {
            at = name_start + len + 3;
            out.push(RoleMarker { role, marker: TextRange::new(start, at), cut: start, content: at });
        }
    }
    out.sort_by_key(|m| m.cut);
    out
}

/// `{{role "system"}}`, `{{ role 'user' }}`, `{{~role "model"~}}` → the role.
fn handlebars_role(tag: &str) -> Option<Role> {
    let inner = tag.strip_prefix("{{")?.strip_suffix("}}")?;
    let inner = inner.trim_matches('~').trim();
    let arg = inner.strip_prefix("role")?;
    if !arg.starts_with(char::is_whitespace) {
        return None;
    }
    let arg = arg.trim();
    let quote = arg.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    role_named(arg.strip_prefix(quote)?.strip_suffix(quote)?)
}

fn role_named(name: &str) -> Option<Role> {
    match name.trim() {
        "system" => Some(Role::System),
        "user" | "tool" => Some(Role::User),
        "model" | "assistant" => Some(Role::Assistant),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::extract::{ParamKind, ParamValue};

    fn slice(text: &str, r: TextRange) -> &str {
        &text[r.as_range()]
    }

    const GEMINI: &str = "---\nmodel: googleai/gemini-2.5-pro\nconfig:\n  temperature: 0.4\n  thinkingConfig:\n    thinkingBudget: 0\n  stopSequences: [\"END\"]\ninput:\n  schema:\n    problem: string\n---\n{{role \"system\"}}\nYou are a tutor.\n{{role \"user\"}}\nSolve: {{problem}}\n";

    #[test]
    fn model_and_config_params() {
        let e = extract(GEMINI);
        assert!(e.problems.is_empty(), "{:?}", e.problems);
        let unit = &e.units[0];
        assert_eq!(unit.models[0].name, "googleai/gemini-2.5-pro");
        assert_eq!(slice(GEMINI, unit.models[0].range), "googleai/gemini-2.5-pro");
        let got: Vec<_> = unit.params.iter().map(|p| (p.path.as_str(), p.kind, p.value.clone())).collect();
        assert_eq!(
            got,
            [
                ("temperature", ParamKind::Temperature, ParamValue::Number(0.4)),
                ("thinkingConfig", ParamKind::Other, ParamValue::Composite),
                ("thinkingConfig.thinkingBudget", ParamKind::ThinkingBudget, ParamValue::Number(0.0)),
                ("stopSequences", ParamKind::Stop, ParamValue::Composite),
            ]
        );
        let budget = &unit.params[2];
        assert_eq!(slice(GEMINI, budget.key_range), "thinkingBudget");
        assert_eq!(slice(GEMINI, budget.value_range), "0");
        assert_eq!(slice(GEMINI, budget.entry_range), "    thinkingBudget: 0\n");
        assert_eq!(slice(GEMINI, unit.params[1].entry_range), "  thinkingConfig:\n    thinkingBudget: 0\n");
        assert_eq!(slice(GEMINI, unit.params[0].entry_range), "  temperature: 0.4\n");
    }

    #[test]
    fn deleting_any_entry_leaves_valid_yaml() {
        let e = extract(GEMINI);
        for p in &e.units[0].params {
            let mut edited = GEMINI.to_owned();
            edited.replace_range(p.entry_range.as_range(), "");
            let again = extract(&edited);
            assert!(again.problems.is_empty(), "removing {}: {:?}\n{edited}", p.path, again.problems);
            assert!(again.units[0].params.iter().all(|q| q.path != p.path), "{}", p.path);
        }
    }

    #[test]
    fn flow_mapping_entries_delete_with_their_comma() {
        let text =
            "---\nmodel: googleai/gemini-2.5-flash\nconfig: {temperature: 0.2, topK: 40, \"topP\": 0.9}\n---\nHi\n";
        let e = extract(text);
        let params = &e.units[0].params;
        let entries: Vec<&str> = params.iter().map(|p| slice(text, p.entry_range)).collect();
        assert_eq!(entries, ["temperature: 0.2, ", "topK: 40, ", ", \"topP\": 0.9"]);
        assert_eq!(slice(text, params[2].key_range), "topP");
        for p in params {
            let mut edited = text.to_owned();
            edited.replace_range(p.entry_range.as_range(), "");
            let again = extract(&edited);
            assert!(again.problems.is_empty(), "{edited}");
            assert_eq!(again.units[0].params.len(), 2, "{edited}");
        }
    }

    #[test]
    fn role_markers_split_the_body() {
        let e = extract(GEMINI);
        let segs = &e.units[0].segments;
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].role, Role::System);
        assert_eq!(slice(GEMINI, segs[0].marker.expect("marker")), "{{role \"system\"}}");
        assert_eq!(slice(GEMINI, segs[0].range), "\nYou are a tutor.\n");
        assert_eq!(segs[1].role, Role::User);
        let ph: Vec<&str> = segs[1].placeholders.iter().map(|r| slice(GEMINI, *r)).collect();
        assert_eq!(ph, ["{{problem}}"]);
    }

    #[test]
    fn leading_text_is_user_and_other_marker_spellings() {
        let text = "---\r\nmodel: x\r\n---\r\n前置き 🤖 {{a}}\r\n{{ role 'model' }}Sure.<<<dotprompt:role:system>>>Rules\r\n{{~role \"user\"~}}Go{{history}}";
        let e = extract(text);
        let segs: Vec<_> = e.units[0]
            .segments
            .iter()
            .map(|s| (s.role, s.marker.map(|m| slice(text, m)), slice(text, s.range)))
            .collect();
        assert_eq!(
            segs,
            [
                (Role::User, None, "前置き 🤖 {{a}}\r\n"),
                (Role::Assistant, Some("{{ role 'model' }}"), "Sure."),
                (Role::System, Some("<<<dotprompt:role:system>>>"), "Rules\r\n"),
                (Role::User, Some("{{~role \"user\"~}}"), "Go{{history}}"),
            ]
        );
    }

    #[test]
    fn wrong_types_are_problems() {
        let text = "---\nmodel: [a, b]\nconfig: 3\n---\nHi\n";
        let e = extract(text);
        let messages: Vec<&str> = e.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages, ["`model` must be a string, not a list", "`config` must be a mapping, not a scalar"]);
        assert_eq!(slice(text, e.problems[1].range), "3");
        assert_eq!(e.units[0].segments.len(), 1);
    }

    #[test]
    fn templated_model_is_not_a_reference() {
        let e = extract("---\nmodel: \"{{model}}\"\n---\nHi\n");
        assert!(e.units[0].models.is_empty());
    }
}
