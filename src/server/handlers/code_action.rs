//! Code actions: the quick fix carried in each diagnostic's `data`, and "Suppress `<rule>` on this
//! line", which inserts a comment the suppression parser (`analysis::suppression`) recognises.
//!
//! Listing actions is cheap: no analysis runs here. A fix computed for an older version than the
//! document's current one is not offered (its ranges may no longer point at the same text).

use std::collections::HashMap;

use ropey::Rope;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic as LspDiagnostic, DocumentChanges,
    NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier, Position, Range, TextDocumentEdit, TextEdit, Uri,
    WorkspaceEdit,
};

use super::diagnostics::{DiagnosticData, SOURCE};
use crate::analysis::format::PromptFormat;
use crate::server::state::State;

pub fn code_actions(state: &State, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let mut actions = rule_actions(state, params);
    actions.extend(super::assist::quick_fixes(state, params));
    actions.extend(super::assist::code_actions(state, params));
    actions
}

/// Quick fixes and suppressions for modelfit's own diagnostics.
fn rule_actions(state: &State, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let uri = &params.text_document.uri;
    let (rope, version, format) = {
        let docs = state.documents();
        let Some(doc) = docs.get(uri) else { return Vec::new() };
        let Some(format) = doc.format else { return Vec::new() };
        (doc.rope.clone(), doc.version, format)
    };
    let document_changes = state.negotiated().document_changes;
    let edit = |edits: Vec<TextEdit>| workspace_edit(uri, version, edits, document_changes);

    let mut actions = Vec::new();
    let mut suppressed: Vec<(String, u32)> = Vec::new();
    for diagnostic in &params.context.diagnostics {
        if diagnostic.source.as_deref() != Some(SOURCE) {
            continue;
        }
        let data: Option<DiagnosticData> =
            diagnostic.data.as_ref().and_then(|d| serde_json::from_value(d.clone()).ok());
        let rule = match (&data, &diagnostic.code) {
            (Some(data), _) => data.rule.clone(),
            (None, Some(NumberOrString::String(code))) => code.clone(),
            _ => continue,
        };
        if let Some(data) = &data
            && data.version == version
            && let Some(fix) = &data.fix
            && fix.applicability != "display-only"
        {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit(fix.edits.clone())),
                is_preferred: Some(fix.applicability == "safe"),
                ..CodeAction::default()
            }));
        }
        let line = diagnostic.range.start.line;
        if suppressed.iter().any(|(r, l)| *r == rule && *l == line) {
            continue;
        }
        if let Some(text_edit) = suppress_edit(&rope, format, line, &rule) {
            suppressed.push((rule.clone(), line));
            actions.push(suppress_action(&rule, diagnostic, edit(vec![text_edit])));
        }
    }
    actions
}

fn suppress_action(rule: &str, diagnostic: &LspDiagnostic, edit: WorkspaceEdit) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title: format!("Suppress `{rule}` on this line"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(edit),
        is_preferred: Some(false),
        ..CodeAction::default()
    })
}

/// A versioned edit when the client supports `documentChanges`, a plain one otherwise.
pub fn workspace_edit(uri: &Uri, version: i32, edits: Vec<TextEdit>, document_changes: bool) -> WorkspaceEdit {
    if document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri: uri.clone(), version: Some(version) },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }
    }
}

/// The line index of the closing `---` of a leading YAML front matter, if the text has one.
pub fn front_matter_end(rope: &Rope) -> Option<usize> {
    let is_fence = |line: usize| rope.get_line(line).is_some_and(|l| l.to_string().trim_end() == "---");
    if !is_fence(0) {
        return None;
    }
    (1..rope.len_lines()).find(|&l| is_fence(l))
}

/// The line to insert above `line` that silences `rule` there, in the comment syntax of the spot.
/// `None` where no comment can go (the opening `---` of the front matter).
pub fn suppress_edit(rope: &Rope, format: PromptFormat, line: u32, rule: &str) -> Option<TextEdit> {
    let line_no = line as usize;
    let content = rope.get_line(line_no)?.to_string();
    // Source code has no front matter: its own line comment goes anywhere.
    let fm_end = if format.is_code() { None } else { front_matter_end(rope) };
    let in_front_matter = fm_end.is_some_and(|end| line_no > 0 && line_no < end);
    if fm_end.is_some() && line_no == 0 {
        return None;
    }
    let comment = if let Some(opener) = format.line_comment() {
        format!("{opener} modelfit-ignore: {rule}")
    } else if in_front_matter {
        format!("# modelfit-ignore: {rule}")
    } else if format == PromptFormat::Dotprompt {
        format!("{{{{! modelfit-ignore: {rule} }}}}")
    } else {
        format!("<!-- modelfit-ignore: {rule} -->")
    };
    let indent: String = content.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    // Reuse the line's own terminator so a CRLF file stays CRLF.
    let eol = if content.ends_with("\r\n") {
        "\r\n"
    } else if content.ends_with('\r') {
        "\r"
    } else {
        "\n"
    };
    let at = Position::new(line, 0);
    Some(TextEdit::new(Range::new(at, at), format!("{indent}{comment}{eol}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_syntax_follows_the_spot() {
        let md = Rope::from_str("---\nmodel: x\n---\nbody\n");
        let e = suppress_edit(&md, PromptFormat::CopilotPrompt, 1, "unknown-model").expect("edit");
        assert_eq!(e.new_text, "# modelfit-ignore: unknown-model\n");
        let e = suppress_edit(&md, PromptFormat::CopilotPrompt, 3, "r").expect("edit");
        assert_eq!(e.new_text, "<!-- modelfit-ignore: r -->\n");
        let e = suppress_edit(&md, PromptFormat::Dotprompt, 3, "r").expect("edit");
        assert_eq!(e.new_text, "{{! modelfit-ignore: r }}\n");
        assert!(suppress_edit(&md, PromptFormat::CopilotPrompt, 0, "r").is_none());
    }

    #[test]
    fn source_code_gets_its_line_comment() {
        let py = Rope::from_str("---\nx = client.chat.completions.create(\n    temperature=0.2,\n)\n");
        let e = suppress_edit(&py, PromptFormat::Python, 2, "rejected-parameter").expect("edit");
        assert_eq!(e.new_text, "    # modelfit-ignore: rejected-parameter\n");
        let ts = Rope::from_str("await client.chat.completions.create({\n  temperature: 0.2,\n});\n");
        let e = suppress_edit(&ts, PromptFormat::Typescript, 1, "r").expect("edit");
        assert_eq!(e.new_text, "  // modelfit-ignore: r\n");
        let e = suppress_edit(&ts, PromptFormat::Tsx, 0, "r").expect("edit");
        assert_eq!(e.new_text, "// modelfit-ignore: r\n");
    }

    #[test]
    fn indentation_and_crlf_are_kept() {
        let rope = Rope::from_str("---\r\nmodel:\r\n  name: x\r\n---\r\n");
        let e = suppress_edit(&rope, PromptFormat::Prompty, 2, "r").expect("edit");
        assert_eq!(e.new_text, "  # modelfit-ignore: r\r\n");
        assert_eq!(e.range.start, Position::new(2, 0));
    }
}
