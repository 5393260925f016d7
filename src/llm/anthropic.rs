//! Anthropic Messages, `POST {base}/messages`, including extended thinking: thinking blocks (and
//! `thinking_delta`s) go to the reasoning, never into the text. llama.cpp serves the same
//! dialect at `/v1/messages`.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::answer::{AnswerBuilder, DecodeError, StreamDecoder, error_message, str_at, u32_at};
use super::json_str::borrowed;
use super::params::Plan;
use super::shape::{Shape, TextKind};
use super::sse::SseEventRef;
use super::{ChatRequest, Endpoint, HttpRequest};

/// The API version this module speaks.
const VERSION: &str = "2023-06-01";

pub(crate) fn build(endpoint: &Endpoint, request: &ChatRequest, plan: &Plan) -> HttpRequest {
    let mut body = Map::new();
    body.insert("model".into(), json!(endpoint.model));
    if let Some((_, n)) = plan.max_tokens {
        body.insert("max_tokens".into(), json!(n));
    }
    let (system, turns) = request.system_and_turns();
    if let Some(system) = system {
        body.insert("system".into(), json!(system));
    }
    body.insert("messages".into(), Value::Array(turns));
    if let Some(t) = plan.temperature {
        body.insert("temperature".into(), json!(t));
    }
    if let Some(budget) = plan.thinking_budget {
        body.insert("thinking".into(), json!({ "type": "enabled", "budget_tokens": budget }));
    }
    if request.stream {
        body.insert("stream".into(), json!(true));
    }
    HttpRequest {
        url: endpoint.url("messages"),
        headers: vec![("anthropic-version", VERSION.to_owned())],
        auth: endpoint.api_key.as_ref().map(|k| ("x-api-key", k.clone())),
        body: Value::Object(body),
    }
}

pub(crate) fn parse(value: &Value, answer: &mut AnswerBuilder<'_>) -> Result<(), DecodeError> {
    if let Some(message) = error_message(value) {
        return Err(DecodeError::Provider(message));
    }
    let content = value
        .get("content")
        .and_then(Value::as_array)
        .ok_or_else(|| DecodeError::Malformed("no `content` in the response".into()))?;
    for block in content {
        block_start(block, answer);
    }
    answer.finish_reason = str_at(value, "/stop_reason").map(str::to_owned);
    answer.model = str_at(value, "/model").map(str::to_owned);
    answer.output_tokens = u32_at(value, "/usage/output_tokens");
    Ok(())
}

/// A whole content block, or the start of a streamed one (which may already carry text).
fn block_start(block: &Value, answer: &mut AnswerBuilder<'_>) {
    match str_at(block, "/type") {
        Some("text") => answer.text(str_at(block, "/text").unwrap_or_default()),
        Some("thinking") => answer.reasoning(str_at(block, "/thinking").unwrap_or_default()),
        // `redacted_thinking` is encrypted; tool blocks are not asked for.
        _ => {}
    }
}

#[derive(Default)]
pub(crate) struct Decoder {
    /// The shape of the last text event (`pub(super)` for its tests).
    pub(super) shape: Shape,
}

impl StreamDecoder for Decoder {
    fn event(&mut self, event: SseEventRef<'_>, answer: &mut AnswerBuilder<'_>) -> Result<bool, DecodeError> {
        // Nearly every event is a text delta shaped like the one before.
        if let Some((kind, text)) = self.shape.read(event.event, event.raw_data) {
            kind.pass(answer, &text);
            return Ok(false);
        }
        let data = event.data();
        // Typed and borrowing, as in `openai_chat`: one of these per token.
        let parsed: Event<'_> = match serde_json::from_str(&data) {
            Ok(parsed) => parsed,
            Err(e) => {
                super::answer::json(&data)?;
                return Err(DecodeError::Malformed(format!(
                    "an unexpected event ({e}): `{}`",
                    super::openai_chat::short(&data)
                )));
            }
        };
        let kind = parsed.kind.as_deref().or(event.event).unwrap_or_default();
        match kind {
            "content_block_delta" => {
                if let Some(delta) = parsed.delta {
                    let (kind, text) = match delta.kind.as_deref() {
                        Some("text_delta") => (TextKind::Answer, delta.text),
                        Some("thinking_delta") => (TextKind::Reasoning, delta.thinking),
                        _ => return Ok(false),
                    };
                    kind.pass(answer, text.as_deref().unwrap_or_default());
                    // Nothing else in the event has an effect, so its shape may be remembered.
                    if let Some(Cow::Borrowed(text)) = text {
                        self.shape.learn(event.event, &data, text, kind, None);
                    }
                }
            }
            "message_start" => {
                answer.model = parsed.message.and_then(|m| m.get("model").and_then(Value::as_str).map(str::to_owned));
            }
            "content_block_start" => {
                if let Some(block) = parsed.content_block {
                    block_start(&block, answer);
                }
            }
            "message_delta" => {
                if let Some(reason) = parsed.delta.and_then(|d| d.stop_reason) {
                    answer.finish_reason = Some(reason.into_owned());
                }
                if let Some(tokens) = parsed.usage.and_then(|u| u.output_tokens) {
                    answer.output_tokens = Some(tokens);
                }
            }
            "message_stop" => return Ok(true),
            "error" => {
                let message = parsed.error.map_or_else(
                    || data.clone().into_owned(),
                    |error| error_message(&serde_json::json!({ "error": error })).unwrap_or_default(),
                );
                return Err(DecodeError::Provider(message));
            }
            // `ping`, `content_block_stop`, and event types added later.
            _ => {}
        }
        Ok(false)
    }
}

/// One streamed event; unknown fields are skipped without being built.
#[derive(Deserialize)]
struct Event<'a> {
    #[serde(rename = "type", borrow, default, deserialize_with = "borrowed")]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    delta: Option<Delta<'a>>,
    content_block: Option<Value>,
    message: Option<Value>,
    usage: Option<Usage>,
    error: Option<Value>,
}

#[derive(Deserialize)]
struct Delta<'a> {
    #[serde(rename = "type", borrow, default, deserialize_with = "borrowed")]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    text: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    thinking: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    stop_reason: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Clone, Copy)]
struct Usage {
    output_tokens: Option<u32>,
}
