//! Canonical request parameters, whatever the format calls them.
//!
//! Prompty passes `model.parameters` to the API as written (`max_tokens`), dotprompt goes through
//! Genkit's names (`maxOutputTokens`, `topK`), Gemini speaks camelCase. Rules reason about the
//! canonical [`ParamKind`]; the [`Param`](super::Param) keeps what was written for fixes.

use serde::Serialize;

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
