//! Model calls: one [`chat`] function over four wire dialects (OpenAI Chat Completions and every
//! server that speaks it, the OpenAI Responses API, Anthropic Messages, Gemini generateContent),
//! streaming or not, with retries, timeouts and keys that never leak.
//!
//! The flow of one call: [`resolve_role`] picks the [`Endpoint`] (provider, base URL, model, key)
//! for a role from the configuration and the environment; [`chat`] builds the request body the
//! model's API accepts ([`params`] applies the catalog's rejected parameters), sends it through
//! [`transport`] (retries on 429/5xx, timeouts), and decodes the answer: a JSON body, or an SSE
//! stream parsed by [`sse`] and decoded per dialect. Reasoning (`reasoning_content`, `<think>`
//! blocks, Anthropic thinking blocks, Gemini thought parts) is kept apart from the answer text.
//!
//! Cancellation is dropping the future: the response body is dropped with it, which closes the
//! HTTP connection at once (hyper never returns a half-read connection to its pool).

mod answer;
mod anthropic;
mod endpoint;
mod error;
mod gemini;
mod json_str;
mod openai_chat;
mod openai_responses;
mod params;
mod resolve;
mod secret;
mod shape;
pub mod sse;
mod think;
mod transport;

pub use endpoint::{Endpoint, ProviderKind, RetryPolicy, Timeouts};
pub use error::LlmError;
pub use resolve::{BuiltinProvider, RoleKind, resolve_role};
pub use secret::Secret;

use std::time::Duration;

/// Who speaks a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageRole {
    System,
    User,
    Assistant,
}

/// One message of the conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub role: MessageRole,
    pub content: String,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Self {
        Self { role: MessageRole::System, content: content.into() }
    }

    pub fn user(content: impl Into<String>) -> Self {
        Self { role: MessageRole::User, content: content.into() }
    }

    pub fn assistant(content: impl Into<String>) -> Self {
        Self { role: MessageRole::Assistant, content: content.into() }
    }
}

/// What to ask. Parameters the model's API rejects are left out or renamed when the request is
/// built (see the catalog), so callers can always state what they want.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChatRequest {
    pub messages: Vec<Message>,
    /// The cap on output tokens (reasoning included where the API counts it so).
    pub max_output_tokens: Option<u32>,
    pub temperature: Option<f32>,
    /// Stream the answer over SSE; [`StreamEvent`]s arrive as it is generated.
    pub stream: bool,
}

impl ChatRequest {
    /// The system messages joined (for APIs that take the system prompt apart: Anthropic's
    /// `system`, the Responses API's `instructions`) and the other turns as `{role, content}`.
    pub(crate) fn system_and_turns(&self) -> (Option<String>, Vec<serde_json::Value>) {
        let system: Vec<&str> =
            self.messages.iter().filter(|m| m.role == MessageRole::System).map(|m| m.content.as_str()).collect();
        let turns = self
            .messages
            .iter()
            .filter_map(|m| match m.role {
                MessageRole::System => None,
                MessageRole::User => Some(serde_json::json!({ "role": "user", "content": m.content })),
                MessageRole::Assistant => Some(serde_json::json!({ "role": "assistant", "content": m.content })),
            })
            .collect();
        ((!system.is_empty()).then(|| system.join("\n\n")), turns)
    }
}

/// What [`chat`] reports while it works.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    /// A piece of the answer text.
    Text(String),
    /// A piece of the model's reasoning; never part of the answer.
    Reasoning(String),
    /// The server asked to wait (429) or failed (5xx); the call is retried after `after`.
    Retrying { attempt: u32, after: Duration, reason: String },
}

/// The finished answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answer {
    /// The answer text, without any reasoning.
    pub text: String,
    /// The reasoning the model showed, if any.
    pub reasoning: Option<String>,
    /// The model that answered, as the server names it (falls back to the requested id).
    pub model: String,
    /// Why generation stopped, in the provider's words (`stop`, `length`, `end_turn`, `STOP`).
    pub finish_reason: Option<String>,
    pub output_tokens: Option<u32>,
}

/// Sends `request` to `endpoint` and returns the answer. Every piece of text and reasoning is
/// passed to `on_event` as soon as it is known (once, with the whole text, when not streaming),
/// and so is every retry.
pub async fn chat(
    endpoint: &Endpoint,
    request: &ChatRequest,
    on_event: &mut (dyn FnMut(StreamEvent) + Send),
) -> Result<Answer, LlmError> {
    let http = build_request(endpoint, request);
    transport::execute(endpoint, &http, request.stream, on_event).await
}

/// The HTTP request [`chat`] sends: exposed so tests and benchmarks can check the exact body.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    pub url: String,
    /// Headers other than the key and the content type.
    pub headers: Vec<(&'static str, String)>,
    /// The header that carries the key, and its value with the key in it (redacted in `Debug`).
    pub auth: Option<(&'static str, Secret)>,
    pub body: serde_json::Value,
}

/// Builds the HTTP request for `request` in the endpoint's dialect.
pub fn build_request(endpoint: &Endpoint, request: &ChatRequest) -> HttpRequest {
    let plan = params::plan(endpoint, request);
    match endpoint.kind {
        ProviderKind::OpenAiChat => openai_chat::build(endpoint, request, &plan),
        ProviderKind::OpenAiResponses => openai_responses::build(endpoint, request, &plan),
        ProviderKind::Anthropic => anthropic::build(endpoint, request, &plan),
        ProviderKind::Gemini => gemini::build(endpoint, request, &plan),
    }
}

/// Parses a recorded SSE body into an answer, as [`chat`] does for a live stream. For benchmarks
/// and tests of the decoders without a network.
pub fn decode_stream(
    endpoint: &Endpoint,
    chunks: &[&[u8]],
    on_event: &mut (dyn FnMut(StreamEvent) + Send),
) -> Result<Answer, LlmError> {
    let mut decoder = transport::StreamState::new(endpoint, on_event);
    for chunk in chunks {
        if decoder.feed(chunk)? {
            break;
        }
    }
    decoder.finish()
}

#[cfg(test)]
mod tests;
