//! Extraction: turn a prompt file into prompt units (model references, parameters and role-tagged
//! body segments, each with exact byte ranges), plus the problems met on the way.
//!
//! One module per host format. Extraction never fails: a file with a broken header still yields
//! its body, and every problem becomes a [`Problem`] that the `invalid-front-matter` rule reports.

pub mod code;
pub mod dotprompt;
pub mod front_matter;
pub mod params;
pub mod placeholders;
pub mod prompt_md;
pub mod prompty;
pub mod yaml;

pub use params::{ParamKind, ParamValue};

use crate::analysis::format::PromptFormat;
use crate::analysis::text::TextRange;

/// Everything extraction learnt about one file.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub units: Vec<PromptUnit>,
    /// Rule names suppressed for the whole file by a front-matter key (`modelfit-ignore`).
    pub file_ignores: Vec<Spanned<String>>,
    pub problems: Vec<Problem>,
}

/// One prompt as a model will receive it: which model, with which parameters, saying what.
#[derive(Debug, Clone, Default)]
pub struct PromptUnit {
    /// The whole unit (for a prompt file: the whole file).
    pub range: TextRange,
    /// The model reference(s) in the order written; a list means "first one that resolves".
    pub models: Vec<ModelRef>,
    pub params: Vec<Param>,
    pub segments: Vec<Segment>,
    /// Where the unit comes from: a whole prompt file, an SDK call, a prompt constant or an AI comment.
    pub origin: Origin,
}

impl PromptUnit {
    /// Calls `f` on every range the unit holds (to move the unit within an edited text).
    pub fn for_each_range(&mut self, f: &mut impl FnMut(&mut TextRange)) {
        f(&mut self.range);
        for model in &mut self.models {
            f(&mut model.range);
        }
        for param in &mut self.params {
            f(&mut param.key_range);
            f(&mut param.value_range);
            f(&mut param.entry_range);
        }
        for segment in &mut self.segments {
            f(&mut segment.range);
            if let Some(marker) = &mut segment.marker {
                f(marker);
            }
            segment.placeholders.iter_mut().for_each(&mut *f);
        }
    }
}

/// What kind of source a [`PromptUnit`] was found in. Rules and commands that only make sense for
/// one kind (a model call's parameters, a comment addressed to a model) look here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// A prompt file: the unit is the whole file (or its body).
    #[default]
    File,
    /// A model SDK call in source code (`client.chat.completions.create(...)`).
    Call,
    /// A string constant whose name says it holds a prompt (`SYSTEM_PROMPT = "..."`).
    Constant,
    /// A comment addressed to a model (`# AI: ...`, `// ... AI!`, `// modelfit: draft ...`).
    Comment(CommentIntent),
}

/// What an AI comment asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentIntent {
    /// Do this: an `AI:` prefix or Aider's `AI!` suffix.
    Instruction,
    /// Answer this: Aider's `AI?` suffix.
    Question,
    /// `modelfit: draft ...`: write a prompt from this description.
    Draft,
    /// `modelfit: verify ...`: check the prompt or code against this description.
    Verify,
}

/// A model name as the author wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelRef {
    /// The name without quotes, as written (`GPT-4.1`, `openai/o3-mini`).
    pub name: String,
    /// The characters of the name itself, inside any quotes.
    pub range: TextRange,
    /// Named by a constant (Go's `openai.O3Mini`) rather than written as text.
    pub named: bool,
}

impl ModelRef {
    /// What to write over [`ModelRef::range`] to name `model` instead: the bare name where the
    /// name is text (inside quotes, or a plain YAML scalar), a string literal where a constant
    /// stood.
    pub fn replacement(&self, model: &str) -> String {
        if self.named { format!("\"{model}\"") } else { model.to_owned() }
    }
}

/// A request parameter set in the prompt file (`temperature: 0.2`).
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Dotted path as written below the format's parameter root (`thinking.budget_tokens`).
    pub path: String,
    pub kind: ParamKind,
    pub key_range: TextRange,
    pub value: ParamValue,
    pub value_range: TextRange,
    /// The whole entry including its line terminator, so a fix can delete it cleanly.
    pub entry_range: TextRange,
}

/// Who speaks a part of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

/// A run of body text spoken by one role.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub role: Role,
    pub range: TextRange,
    /// Where the role marker itself sits (`system:` / `{{role "system"}}`), if written.
    pub marker: Option<TextRange>,
    /// Template placeholders inside the segment (`{{var}}`, `${input:x}`).
    pub placeholders: Vec<TextRange>,
}

/// A value with the range it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub range: TextRange,
}

/// A problem met while reading the file's structure.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub range: TextRange,
    pub message: String,
    /// What the author can do about it, when there is something specific to say.
    pub help: Option<String>,
}

/// A role marker in a body (`{{role "user"}}`, a `system:` line).
pub(crate) struct RoleMarker {
    pub role: Role,
    /// The marker itself, recorded on the segment.
    pub marker: TextRange,
    /// Where the previous segment stops (the marker's start, or its line's start).
    pub cut: usize,
    /// Where this segment's text starts (after the marker, or after its line).
    pub content: usize,
}

/// Splits `body` at `markers` (sorted by position). Text before the first marker is spoken by
/// `lead_role` and dropped when blank (unless there is no marker at all); each marker's segment
/// runs to the next marker.
pub(crate) fn split_segments(text: &str, body: TextRange, lead_role: Role, markers: &[RoleMarker]) -> Vec<Segment> {
    let segment = |role, range: TextRange, marker| Segment {
        role,
        range,
        marker,
        placeholders: placeholders::ranges(text, range),
    };
    let mut out = Vec::new();
    let lead = TextRange::new(body.start, markers.first().map_or(body.end, |m| m.cut));
    if markers.is_empty() || !text[lead.as_range()].trim().is_empty() {
        out.push(segment(lead_role, lead, None));
    }
    for (i, m) in markers.iter().enumerate() {
        let end = markers.get(i + 1).map_or(body.end, |next| next.cut);
        out.push(segment(m.role, TextRange::new(m.content, end), Some(m.marker)));
    }
    out
}

/// Extracts the prompt units of `text`, read as `format`.
pub fn extract(format: PromptFormat, text: &str) -> Extraction {
    let mut extraction = match format {
        PromptFormat::CopilotPrompt
        | PromptFormat::CopilotInstructions
        | PromptFormat::CopilotAgent
        | PromptFormat::CopilotChatmode => prompt_md::extract(format, text),
        PromptFormat::Dotprompt => dotprompt::extract(text),
        PromptFormat::Prompty => prompty::extract(text),
        PromptFormat::Python
        | PromptFormat::Javascript
        | PromptFormat::Typescript
        | PromptFormat::Tsx
        | PromptFormat::Go
        | PromptFormat::Rust => match code::grammar(format) {
            Some((language, dialect)) => code::extract(&language, dialect, text),
            None => Extraction::default(),
        },
    };
    // One problem per position. A YAML syntax error leaves a half-built node behind (an unclosed
    // `[` becomes a short list), and a shape check on that node points at the same character;
    // the syntax error, reported first, is the one that explains.
    let mut seen = std::collections::HashSet::new();
    extraction.problems.retain(|p| seen.insert(p.range.start));
    extraction
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_is_not_echoed_by_a_shape_problem_at_the_same_place() {
        let text = "---\nmodel:\n  configuration: [\n---\nuser:\nhi\n";
        let problems = extract(PromptFormat::Prompty, text).problems;
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.starts_with("YAML syntax error"), "{problems:?}");
    }

    /// Every range any extractor returns must slice the text: in bounds and on char boundaries.
    fn assert_ranges_slice(text: &str, e: &Extraction) {
        let ok = |r: TextRange| r.start <= r.end && text.get(r.as_range()).is_some();
        for unit in &e.units {
            assert!(ok(unit.range));
            for m in &unit.models {
                assert!(ok(m.range), "{text:?}: model {m:?}");
            }
            for p in &unit.params {
                for r in [p.key_range, p.value_range, p.entry_range] {
                    assert!(ok(r), "{text:?}: param {p:?}");
                }
            }
            for s in &unit.segments {
                assert!(ok(s.range) && s.marker.is_none_or(ok) && s.placeholders.iter().all(|r| ok(*r)), "{text:?}");
            }
        }
        assert!(e.problems.iter().all(|p| ok(p.range)), "{text:?}: {:?}", e.problems);
        assert!(e.file_ignores.iter().all(|i| ok(i.range)), "{text:?}");
    }

    #[test]
    fn every_format_survives_truncated_and_mangled_files() {
        let samples = [
            "---\r\nmodel:\r\n  configuration:\r\n    name: \"o3-mini\"\r\n  parameters:\r\n    temperature: 0.2\r\n    thinking: {type: enabled, budget_tokens: 1024}\r\n---\r\nsystem:\r\n名前 🤖 {{x}}\r\nuser:\r\n${input:q}\r\n",
            "\u{feff}---\nmodel: [\"GPT-5\", 'Claude 🤖']\nconfig:\n  thinkingConfig:\n    thinkingBudget: 0\nmodelfit-ignore: [a]\n...\n{{role \"system\"}}x<<<dotprompt:role:model>>>y\n",
        ];
        let junk = ["\t", "---\n", "\n", "\0", "{{", "]", "\"", ": ", "- ", "\r", "𝒳", "名", "&a ", "*", "\u{feff}"];
        for sample in samples {
            for (n, (i, _)) in sample.char_indices().enumerate() {
                let mangled = format!("{}{}{}", &sample[..i], junk[n % junk.len()], &sample[i..]);
                for text in [&sample[..i], mangled.as_str()] {
                    for format in PromptFormat::ALL {
                        assert_ranges_slice(text, &extract(format, text));
                    }
                }
            }
        }
    }
}
