//! Microsoft Prompty `*.prompty` files, in both header generations.
//!
//! The model is `model.configuration.name` (type `openai`), else `model.configuration.azure_deployment`
//! (type `azure_openai`), else `model.id` (Prompty 2), else a plain `model: gpt-4o`. Parameters come from
//! `model.parameters` (v1) and `model.options` (v2), as paths relative to that mapping; Prompty
//! passes them to the API as written. A `${env:NAME}` model name is left alone: only the runtime
//! knows its value.
//!
//! The body is split on role lines, as Prompty's chat parser does: a line holding only a role
//! name and a colon (`system:`, `User :`, `# assistant:`), case-insensitive. The marker is the
//! role word through the colon. Text before the first role line is a system message (the parser
//! inserts `system` when the template does not start with a role). `developer` counts as system;
//! `tool` and `function` results count as user input.

use super::{Extraction, Problem, PromptUnit, Role, RoleMarker, Segment, front_matter, params, split_segments};
use crate::analysis::text::TextRange;

pub fn extract(text: &str) -> Extraction {
    let fm = front_matter::read(text);
    let mut problems = fm.problems;
    let mut models = Vec::new();
    let mut params = Vec::new();
    if let Some(model) = fm.root.as_ref().and_then(|r| r.get("model")) {
        if let Some(mapping) = model.as_mapping() {
            let configuration = mapping.get("configuration");
            if let Some(c) = configuration.filter(|c| c.as_mapping().is_none() && !c.is_null()) {
                problems.push(not_a_mapping("model.configuration", c));
            }
            let name = configuration
                .and_then(|c| c.get("name").or_else(|| c.get("azure_deployment")))
                .or_else(|| mapping.get("id"));
            if let Some(name) = name {
                models = front_matter::model_refs(name, false, &mut problems);
            }
            for key in ["parameters", "options"] {
                let Some(node) = mapping.get(key) else { continue };
                match node.as_mapping() {
                    Some(m) => params.extend(params::collect(text, m)),
                    None if node.is_null() => {}
                    None => problems.push(not_a_mapping(&format!("model.{key}"), node)),
                }
            }
        } else {
            models = front_matter::model_refs(model, false, &mut problems);
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

fn not_a_mapping(what: &str, node: &super::yaml::Node) -> Problem {
    Problem {
        range: node.range,
        message: format!("`{what}` must be a mapping, not {}", node.type_name()),
        help: Some(format!(
            "write one setting per line below `{}:`, indented",
            what.rsplit('.').next().unwrap_or(what)
        )),
    }
}

/// Splits `body` at role lines; text before any role line is the system prompt.
fn segments(text: &str, body: TextRange) -> Vec<Segment> {
    split_segments(text, body, Role::System, &role_lines(text, body))
}

fn role_lines(text: &str, body: TextRange) -> Vec<RoleMarker> {
    let mut out = Vec::new();
    let mut at = body.start;
    while at < body.end {
        let end = text[at..body.end].find('\n').map_or(body.end, |i| at + i + 1);
        // Role lines are short; skip the work for the long lines of prose.
        if end - at <= 40
            && let Some((marker, role)) = role_marker(&text[at..end])
        {
            out.push(RoleMarker { role, marker: marker.shifted(at), cut: at, content: end });
        }
        at = end;
    }
    out
}

/// `  # System :  ` → the range of `System :` in the line, and the role.
fn role_marker(line: &str) -> Option<(TextRange, Role)> {
    let content = line.trim_end_matches(['\n', '\r']).trim_end_matches([' ', '\t']);
    let start = content.len() - content.trim_start_matches([' ', '\t']).len();
    let mut word_start = start;
    if content[start..].starts_with('#') {
        let after = &content[start + 1..];
        word_start = start + 1 + (after.len() - after.trim_start_matches([' ', '\t']).len());
    }
    let word_and_colon = content.get(word_start..)?.strip_suffix(':')?;
    let word = word_and_colon.trim_end_matches([' ', '\t']);
    let role = match word.to_ascii_lowercase().as_str() {
        "system" | "developer" => Role::System,
        "user" | "tool" | "function" => Role::User,
        "assistant" => Role::Assistant,
        _ => return None,
    };
    Some((TextRange::new(word_start, content.len()), role))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::extract::{ParamKind, ParamValue};

    fn slice(text: &str, r: TextRange) -> &str {
        &text[r.as_range()]
    }

    const O3: &str = "---\nname: t\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: o3-mini\n  parameters:\n    temperature: 0.2\n    max_tokens: 2000\n---\nsystem:\nYou are terse.\n\nuser:\n{{question}}\n";

    #[test]
    fn v1_configuration_name_and_parameters() {
        let e = extract(O3);
        assert!(e.problems.is_empty());
        let unit = &e.units[0];
        assert_eq!(unit.models[0].name, "o3-mini");
        assert_eq!(slice(O3, unit.models[0].range), "o3-mini");
        let got: Vec<_> = unit.params.iter().map(|p| (p.path.as_str(), p.kind, slice(O3, p.entry_range))).collect();
        assert_eq!(
            got,
            [
                ("temperature", ParamKind::Temperature, "    temperature: 0.2\n"),
                ("max_tokens", ParamKind::MaxTokens, "    max_tokens: 2000\n"),
            ]
        );
        assert_eq!(slice(O3, unit.params[1].key_range), "max_tokens");
        assert_eq!(unit.params[1].value, ParamValue::Number(2000.0));
    }

    #[test]
    fn role_lines_and_their_markers() {
        let e = extract(O3);
        let segs: Vec<_> = e.units[0]
            .segments
            .iter()
            .map(|s| (s.role, s.marker.map(|m| slice(O3, m)), slice(O3, s.range), s.placeholders.len()))
            .collect();
        assert_eq!(
            segs,
            [
                (Role::System, Some("system:"), "You are terse.\n\n", 0),
                (Role::User, Some("user:"), "{{question}}\n", 1),
            ]
        );
    }

    #[test]
    fn nested_thinking_parameters() {
        let text = "---\nmodel:\n  api: chat\n  configuration:\n    type: anthropic\n    name: claude-sonnet-4-20250514\n  parameters:\n    temperature: 0.3\n    top_k: 40\n    thinking:\n      type: enabled\n      budget_tokens: 512\n---\nuser:\nProve it.\n";
        let e = extract(text);
        let got: Vec<_> = e.units[0].params.iter().map(|p| (p.path.as_str(), p.kind, p.value.clone())).collect();
        assert_eq!(
            got,
            [
                ("temperature", ParamKind::Temperature, ParamValue::Number(0.3)),
                ("top_k", ParamKind::TopK, ParamValue::Number(40.0)),
                ("thinking", ParamKind::Other, ParamValue::Composite),
                ("thinking.type", ParamKind::Thinking, ParamValue::String("enabled".to_owned())),
                ("thinking.budget_tokens", ParamKind::ThinkingBudget, ParamValue::Number(512.0)),
            ]
        );
        let thinking = &e.units[0].params[2];
        assert_eq!(slice(text, thinking.entry_range), "    thinking:\n      type: enabled\n      budget_tokens: 512\n");
        assert_eq!(e.units[0].segments.len(), 1, "no blank system segment before `user:`");
    }

    #[test]
    fn v2_id_options_and_shorthand() {
        let text = "---\nname: v2\nmodel:\n  id: gpt-4o\n  provider: openai\n  connection:\n    kind: key\n  options:\n    temperature: 0.7\n---\nHello {{name}}\n";
        let e = extract(text);
        assert_eq!(e.units[0].models[0].name, "gpt-4o");
        assert_eq!(e.units[0].params[0].path, "temperature");
        let seg = &e.units[0].segments[0];
        assert_eq!((seg.role, seg.marker), (Role::System, None), "text before any role line is system");
        let e = extract("---\nmodel: 'gpt-4o-mini'\n---\nuser:\nHi\n");
        assert_eq!(e.units[0].models[0].name, "gpt-4o-mini");
    }

    #[test]
    fn azure_deployment_and_env_references() {
        let text = "---\nmodel:\n  configuration:\n    type: azure_openai\n    azure_deployment: gpt-35-turbo\n---\n";
        assert_eq!(extract(text).units[0].models[0].name, "gpt-35-turbo");
        let text = "---\nmodel:\n  configuration:\n    azure_deployment: ${env:AZURE_OPENAI_DEPLOYMENT}\n---\n";
        assert!(extract(text).units[0].models.is_empty());
    }

    #[test]
    fn role_line_variants_crlf_and_multibyte() {
        let text = "---\r\nmodel: gpt-4o\r\n---\r\n前置き 🤖\r\n  # System :  \r\nルール\r\nUSER:\r\nsystem: not a role line\r\nassistant:";
        let e = extract(text);
        let segs: Vec<_> = e.units[0]
            .segments
            .iter()
            .map(|s| (s.role, s.marker.map(|m| slice(text, m)), slice(text, s.range)))
            .collect();
        assert_eq!(
            segs,
            [
                (Role::System, None, "前置き 🤖\r\n"),
                (Role::System, Some("System :"), "ルール\r\n"),
                (Role::User, Some("USER:"), "system: not a role line\r\n"),
                (Role::Assistant, Some("assistant:"), ""),
            ]
        );
    }

    #[test]
    fn wrong_types_are_problems() {
        let text = "---\nmodel:\n  configuration: openai\n  parameters: [temperature]\n---\nuser:\nHi\n";
        let e = extract(text);
        let messages: Vec<&str> = e.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`model.configuration` must be a mapping, not a scalar",
                "`model.parameters` must be a mapping, not a list"
            ]
        );
        assert_eq!(slice(text, e.problems[1].range), "[temperature]");
        let e = extract("---\nmodel: [a]\n---\n");
        assert_eq!(e.problems[0].message, "`model` must be a string, not a list");
    }

    #[test]
    fn broken_header_keeps_the_body() {
        let text = "---\nmodel:\n  configuration:\n    name: \"o3\n---\nsystem:\nBe terse.\n";
        let e = extract(text);
        assert!(!e.problems.is_empty());
        assert_eq!(e.units[0].segments[0].role, Role::System);
        assert_eq!(slice(text, e.units[0].segments[0].marker.expect("marker")), "system:");
    }
}
