//! Anthropic Messages, `POST {base}/messages`, including extended thinking: thinking blocks (and
//! `thinking_delta`s) go to the reasoning, never into the text. llama.cpp serves the same
//! dialect at `/v1/messages`.

use serde_json::{Map, Value, json};

use super::answer::{AnswerBuilder, DecodeError, StreamDecoder, error_message, str_at, u32_at};
use super::params::Plan;
use super::sse::SseEvent;
use super::{ChatRequest, Endpoint, HttpRequest, MessageRole};

/// The API version this module speaks.
const VERSION: &str = "2023-06-01";

pub(crate) fn build(endpoint: &Endpoint, request: &ChatRequest, plan: &Plan) -> HttpRequest {
    let mut body = Map::new();
    body.insert("model".into(), json!(endpoint.model));
    if let Some((_, n)) = plan.max_tokens {
        body.insert("max_tokens".into(), json!(n));
    }
    let system: Vec<&str> =
        request.messages.iter().filter(|m| m.role == MessageRole::System).map(|m| m.content.as_str()).collect();
    if !system.is_empty() {
        body.insert("system".into(), json!(system.join("\n\n")));
    }
    let messages: Vec<Value> = request
        .messages
        .iter()
        .filter_map(|m| match m.role {
            MessageRole::System => None,
            MessageRole::User => Some(json!({ "role": "user", "content": m.content })),
            MessageRole::Assistant => Some(json!({ "role": "assistant", "content": m.content })),
        })
        .collect();
    body.insert("messages".into(), Value::Array(messages));
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
pub(crate) struct Decoder;

impl StreamDecoder for Decoder {
    fn event(&mut self, event: &SseEvent, answer: &mut AnswerBuilder<'_>) -> Result<bool, DecodeError> {
        let value = super::answer::json(&event.data)?;
        let kind = str_at(&value, "/type").or(event.event.as_deref()).unwrap_or_default();
        match kind {
            "message_start" => answer.model = str_at(&value, "/message/model").map(str::to_owned),
            "content_block_start" => {
                if let Some(block) = value.get("content_block") {
                    block_start(block, answer);
                }
            }
            "content_block_delta" => match str_at(&value, "/delta/type") {
                Some("text_delta") => answer.text(str_at(&value, "/delta/text").unwrap_or_default()),
                Some("thinking_delta") => answer.reasoning(str_at(&value, "/delta/thinking").unwrap_or_default()),
                _ => {}
            },
            "message_delta" => {
                if let Some(reason) = str_at(&value, "/delta/stop_reason") {
                    answer.finish_reason = Some(reason.to_owned());
                }
                if let Some(tokens) = u32_at(&value, "/usage/output_tokens") {
                    answer.output_tokens = Some(tokens);
                }
            }
            "message_stop" => return Ok(true),
            "error" => {
                let message = error_message(&value).unwrap_or_else(|| event.data.clone());
                return Err(DecodeError::Provider(message));
            }
            // `ping`, `content_block_stop`, and event types added later.
            _ => {}
        }
        Ok(false)
    }
}
