//! [`Endpoint`]: everything one model call needs to know about where it goes.

use std::fmt;
use std::time::Duration;

use super::secret::Secret;
use crate::analysis::catalog::{Catalog, ModelInfo, Target};

/// The wire dialect of a provider, as written in `[providers.NAME] kind = "..."`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProviderKind {
    /// `openai`: Chat Completions, spoken by OpenAI, DeepSeek, `OpenRouter`, Ollama, vLLM, llama.cpp,
    /// LM Studio and most other servers.
    OpenAiChat,
    /// `openai-responses`: the OpenAI Responses API.
    OpenAiResponses,
    /// `anthropic`: Anthropic Messages.
    Anthropic,
    /// `gemini`: Gemini generateContent.
    Gemini,
}

impl ProviderKind {
    pub const ALL: [Self; 4] = [Self::OpenAiChat, Self::OpenAiResponses, Self::Anthropic, Self::Gemini];

    /// The name used in configuration.
    pub const fn name(self) -> &'static str {
        match self {
            Self::OpenAiChat => "openai",
            Self::OpenAiResponses => "openai-responses",
            Self::Anthropic => "anthropic",
            Self::Gemini => "gemini",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How long to wait. A stalled server must end in an error, never a hang.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To open the TCP (and TLS) connection.
    pub connect: Duration,
    /// Between two pieces of a streamed answer, and for the response headers of a streamed call.
    pub idle: Duration,
    /// For the whole answer of a call that does not stream (a reasoning model may think for
    /// minutes before it says anything).
    pub response: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self { connect: Duration::from_secs(10), idle: Duration::from_secs(60), response: Duration::from_secs(300) }
    }
}

/// Retries of 429 and 5xx answers: bounded exponential backoff, honouring `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The wait before the second attempt; it doubles for each further one.
    pub base_delay: Duration,
    /// No wait is longer, whatever `Retry-After` asks: a longer one ends the call with an error
    /// that says when to try again.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_attempts: 3, base_delay: Duration::from_millis(500), max_delay: Duration::from_secs(30) }
    }
}

/// Where a call goes: dialect, server, model, key, and the limits of the call.
#[derive(Clone)]
pub struct Endpoint {
    pub kind: ProviderKind,
    /// The provider's name, for messages (`openai`, or the `[providers.NAME]` name).
    pub provider: String,
    /// The API root, e.g. `https://api.openai.com/v1` (no trailing slash needed).
    pub base_url: String,
    pub model: String,
    pub api_key: Option<Secret>,
    /// The environment variable the key came from, named in messages about a missing or bad key.
    pub api_key_env: Option<String>,
    /// The catalog entry of the model (user overrides applied), when it has one: it decides which
    /// parameters the request may carry.
    pub model_info: Option<ModelInfo>,
    /// Extended thinking budget in tokens (Anthropic `thinking.budget_tokens`, Gemini
    /// `thinkingBudget`); `None` leaves thinking at the model's default.
    pub thinking_budget: Option<u32>,
    pub timeouts: Timeouts,
    pub retry: RetryPolicy,
    /// Things the user should know about how this endpoint was chosen (an ignored untrusted
    /// `base_url`, say), for the caller to show or log.
    pub notes: Vec<String>,
}

impl Endpoint {
    /// An endpoint with default limits and the built-in catalog entry of `model`.
    pub fn new(kind: ProviderKind, base_url: impl Into<String>, model: impl Into<String>) -> Self {
        let model = model.into();
        let model_info = lookup(Catalog::builtin(), &model);
        Self {
            kind,
            provider: kind.name().to_owned(),
            base_url: base_url.into(),
            model,
            api_key: None,
            api_key_env: None,
            model_info,
            thinking_budget: None,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            notes: Vec::new(),
        }
    }

    #[must_use]
    pub fn with_key(mut self, key: Secret, env_var: impl Into<String>) -> Self {
        self.api_key = Some(key);
        self.api_key_env = Some(env_var.into());
        self
    }

    /// `base_url` joined with `path`, with exactly one `/` between them.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base_url.trim_end_matches('/'), path.trim_start_matches('/'))
    }

    /// Replaces the key in `text` by `***`.
    pub(crate) fn scrub(&self, text: &str) -> String {
        match &self.api_key {
            Some(key) => key.scrub(text),
            None => text.to_owned(),
        }
    }
}

/// The catalog entry `model` resolves to in `catalog`.
pub(crate) fn lookup(catalog: &Catalog, model: &str) -> Option<ModelInfo> {
    match catalog.resolve(model).target {
        Target::Model(info) => Some(info.clone()),
        Target::NoModel | Target::Unknown => None,
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written by hand so the catalog entry does not flood logs; the key is a `Secret`.
        f.debug_struct("Endpoint")
            .field("kind", &self.kind)
            .field("provider", &self.provider)
            .field("base_url", &self.scrub(&self.base_url))
            .field("model", &self.model)
            .field("api_key", &self.api_key)
            .field("api_key_env", &self.api_key_env)
            .field("thinking_budget", &self.thinking_budget)
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}
