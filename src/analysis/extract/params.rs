//! Canonical request parameters, whatever the format calls them.
//!
//! Prompty passes `model.parameters` to the API as written (`max_tokens`), dotprompt goes through
//! Genkit's names (`maxOutputTokens`, `topK`), Gemini speaks camelCase. Rules reason about the
//! canonical [`ParamKind`]; the [`Param`](super::Param) keeps what was written for fixes.

use serde::Serialize;

use super::Param;
use super::yaml::{Entry, Mapping, NodeKind, ScalarStyle};
use crate::analysis::text::TextRange;

/// A request parameter modelfit knows the meaning of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    Temperature,
    TopP,
    TopK,
    /// `max_tokens` (Chat Completions' legacy cap, Anthropic's cap).
    MaxTokens,
    MaxCompletionTokens,
    /// `max_output_tokens` / `maxOutputTokens` (Responses API, Gemini, Genkit).
    MaxOutputTokens,
    PresencePenalty,
    FrequencyPenalty,
    Logprobs,
    TopLogprobs,
    LogitBias,
    /// `stop` / `stopSequences` / `stop_sequences`.
    Stop,
    ReasoningEffort,
    /// Anthropic `thinking.type` (`enabled`, `adaptive`, `disabled`) or Qwen `enable_thinking`.
    Thinking,
    /// Anthropic `thinking.budget_tokens`, Gemini `thinkingConfig.thinkingBudget`.
    ThinkingBudget,
    /// Gemini 3 `thinkingConfig.thinkingLevel`.
    ThinkingLevel,
    ParallelToolCalls,
    /// Anything else; kept so rules can still point at it.
    Other,
}

impl ParamKind {
    /// Classifies a dotted parameter path (`thinking.budget_tokens`, `thinkingConfig.thinkingBudget`).
    // The parent-qualified arms come first on purpose; merging them with the bare ones would hide that.
    #[allow(clippy::match_same_arms)]
    pub fn from_path(path: &str) -> Self {
        let mut parts = path.rsplit('.');
        let leaf = parts.next().unwrap_or(path);
        let parent = parts.next();
        let leaf = normalise_key(leaf);
        match (parent.map(normalise_key).as_deref(), leaf.as_str()) {
            (Some("thinking"), "type") => Self::Thinking,
            (Some("thinking" | "thinkingconfig"), "budgettokens" | "thinkingbudget") => Self::ThinkingBudget,
            (Some("thinkingconfig"), "thinkinglevel") => Self::ThinkingLevel,
            (Some("reasoning"), "effort") => Self::ReasoningEffort,
            (_, "temperature") => Self::Temperature,
            (_, "topp") => Self::TopP,
            (_, "topk") => Self::TopK,
            (_, "maxtokens") => Self::MaxTokens,
            (_, "maxcompletiontokens") => Self::MaxCompletionTokens,
            (_, "maxoutputtokens") => Self::MaxOutputTokens,
            (_, "presencepenalty") => Self::PresencePenalty,
            (_, "frequencypenalty") => Self::FrequencyPenalty,
            (_, "logprobs") => Self::Logprobs,
            (_, "toplogprobs") => Self::TopLogprobs,
            (_, "logitbias") => Self::LogitBias,
            (_, "stop" | "stopsequences") => Self::Stop,
            (_, "reasoningeffort") => Self::ReasoningEffort,
            (_, "enablethinking") => Self::Thinking,
            (_, "thinkingbudget" | "budgettokens") => Self::ThinkingBudget,
            (_, "thinkinglevel") => Self::ThinkingLevel,
            (_, "paralleltoolcalls") => Self::ParallelToolCalls,
            _ => Self::Other,
        }
    }

    /// The name the OpenAI-style APIs use, for messages and renames.
    pub const fn api_name(self) -> &'static str {
        match self {
            Self::Temperature => "temperature",
            Self::TopP => "top_p",
            Self::TopK => "top_k",
            Self::MaxTokens => "max_tokens",
            Self::MaxCompletionTokens => "max_completion_tokens",
            Self::MaxOutputTokens => "max_output_tokens",
            Self::PresencePenalty => "presence_penalty",
            Self::FrequencyPenalty => "frequency_penalty",
            Self::Logprobs => "logprobs",
            Self::TopLogprobs => "top_logprobs",
            Self::LogitBias => "logit_bias",
            Self::Stop => "stop",
            Self::ReasoningEffort => "reasoning_effort",
            Self::Thinking => "thinking",
            Self::ThinkingBudget => "budget_tokens",
            Self::ThinkingLevel => "thinking_level",
            Self::ParallelToolCalls => "parallel_tool_calls",
            Self::Other => "parameter",
        }
    }
}

/// Lower-cases and drops `_` and `-` so `max_tokens`, `maxTokens` and `max-tokens` compare equal.
fn normalise_key(key: &str) -> String {
    key.chars().filter(|c| *c != '_' && *c != '-').map(|c| c.to_ascii_lowercase()).collect()
}

/// A parameter value, as far as rules need to know it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    Number(f64),
    Bool(bool),
    String(String),
    Null,
    /// A list or a mapping; its content is described by nested params where relevant.
    Composite,
}

impl ParamValue {
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Self::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }
}

/// Turns the entries of a parameter mapping (`config`, `model.parameters`) into [`Param`]s with
/// dotted paths relative to it. A nested mapping yields a [`ParamValue::Composite`] param for
/// itself (its entry range covers the whole block) followed by params for its entries.
pub fn collect(text: &str, root: &Mapping) -> Vec<Param> {
    let mut out = Vec::new();
    walk(text, root, "", &mut out);
    out
}

fn walk(text: &str, mapping: &Mapping, prefix: &str, out: &mut Vec<Param>) {
    for (index, entry) in mapping.entries.iter().enumerate() {
        let Some(key) = entry.key_str() else { continue };
        let path = format!("{prefix}{key}");
        let value = match &entry.value.kind {
            NodeKind::Scalar(s) if s.style == ScalarStyle::Plain => plain_value(&s.text),
            NodeKind::Scalar(s) => ParamValue::String(s.text.clone()),
            NodeKind::Null => ParamValue::Null,
            NodeKind::Mapping(_) | NodeKind::Sequence(_) | NodeKind::Alias => ParamValue::Composite,
        };
        out.push(Param {
            kind: ParamKind::from_path(&path),
            key_range: entry.key.range,
            value,
            value_range: entry.value.range,
            entry_range: entry_range(text, mapping, index),
            path: path.clone(),
        });
        if let NodeKind::Mapping(inner) = &entry.value.kind {
            walk(text, inner, &format!("{path}."), out);
        }
    }
}

/// A plain YAML scalar under the core schema: booleans, numbers (decimal, `0x`, `0o`, `.inf`),
/// null; anything else is a string (a template variable, a word).
fn plain_value(text: &str) -> ParamValue {
    match text {
        "true" | "True" | "TRUE" => return ParamValue::Bool(true),
        "false" | "False" | "FALSE" => return ParamValue::Bool(false),
        "~" | "null" | "Null" | "NULL" | "" => return ParamValue::Null,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return ParamValue::Number(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return ParamValue::Number(f64::NEG_INFINITY),
        _ => {}
    }
    let radix = |prefix: &str, radix: u32| text.strip_prefix(prefix).and_then(|d| i64::from_str_radix(d, radix).ok());
    if let Some(n) = radix("0x", 16).or_else(|| radix("0o", 8)) {
        return ParamValue::Number(n as f64);
    }
    // Rust also reads `inf` and `NaN`, which YAML spells differently: require a digit.
    let numeric = text.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && text.bytes().any(|b| b.is_ascii_digit());
    match text.parse::<f64>() {
        Ok(n) if numeric => ParamValue::Number(n),
        _ => ParamValue::String(text.to_owned()),
    }
}

/// The bytes to delete to remove entry `index` of `mapping` and leave valid YAML.
///
/// In a block mapping: the entry's whole lines, from the start of the key's line (when only
/// indentation precedes the key) through the terminator of the line where its value ends, so a
/// nested mapping goes with its block and a trailing comment goes with its line. In a flow
/// mapping (`{a: 1, b: 2}`): the entry and the `, ` after it, or for the last entry the `, `
/// before it; a lone entry leaves `{}`.
pub fn entry_range(text: &str, mapping: &Mapping, index: usize) -> TextRange {
    let entry = &mapping.entries[index];
    let (start, end) = (entry.key.range.start, entry.value.range.end.max(entry.key.range.end));
    if mapping.flow {
        let key_start = |e: &Entry| key_start(text, e.key.range.start);
        if let Some(next) = mapping.entries.get(index + 1) {
            return TextRange::new(key_start(entry), key_start(next));
        }
        if let Some(prev) = index.checked_sub(1).and_then(|i| mapping.entries.get(i)) {
            return TextRange::new(prev.value.range.end.max(prev.key.range.end), quoted_end(text, end));
        }
        return TextRange::new(key_start(entry), quoted_end(text, end));
    }
    let bytes = text.as_bytes();
    let start = key_start(text, start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let start = if text[line_start..start].bytes().all(|b| b == b' ' || b == b'\t') { line_start } else { start };
    // A block scalar's range may already end after its last line break.
    let end = if end > start && bytes[end - 1] == b'\n' {
        end
    } else {
        text[end..].find('\n').map_or(text.len(), |i| end + i + 1)
    };
    TextRange::new(start, end)
}

/// Widens a quoted key's start to its opening quote.
fn key_start(text: &str, start: usize) -> usize {
    match start.checked_sub(1).map(|i| text.as_bytes()[i]) {
        Some(b'"' | b'\'') => start - 1,
        _ => start,
    }
}

/// Widens a quoted value's end to its closing quote.
fn quoted_end(text: &str, end: usize) -> usize {
    match text.as_bytes().get(end) {
        Some(b'"' | b'\'') => end + 1,
        _ => end,
    }
}

#[cfg(test)]
mod tests {
    use super::ParamKind;

    #[test]
    fn classifies_paths_across_spellings() {
        assert_eq!(ParamKind::from_path("temperature"), ParamKind::Temperature);
        assert_eq!(ParamKind::from_path("maxOutputTokens"), ParamKind::MaxOutputTokens);
        assert_eq!(ParamKind::from_path("max_tokens"), ParamKind::MaxTokens);
        assert_eq!(ParamKind::from_path("thinking.type"), ParamKind::Thinking);
        assert_eq!(ParamKind::from_path("thinking.budget_tokens"), ParamKind::ThinkingBudget);
        assert_eq!(ParamKind::from_path("thinkingConfig.thinkingBudget"), ParamKind::ThinkingBudget);
        assert_eq!(ParamKind::from_path("reasoning.effort"), ParamKind::ReasoningEffort);
        assert_eq!(ParamKind::from_path("stopSequences"), ParamKind::Stop);
        assert_eq!(ParamKind::from_path("seed"), ParamKind::Other);
    }
}
