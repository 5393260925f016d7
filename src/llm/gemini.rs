//! Gemini generateContent, `POST {base}/models/{model}:generateContent`, streamed through
//! `:streamGenerateContent?alt=sse`. The key goes in the `x-goog-api-key` header, never in the
//! URL (where transport errors and logs would show it). Parts marked `thought: true` are
//! reasoning. A stream has no end marker: its last chunk carries the `finishReason`.

use serde_json::{Map, Value, json};

use super::answer::{AnswerBuilder, DecodeError, StreamDecoder, error_message, str_at, u32_at};
use super::params::Plan;
use super::sse::SseEventRef;
use super::{ChatRequest, Endpoint, HttpRequest, MessageRole};

pub(crate) fn build(endpoint: &Endpoint, request: &ChatRequest, plan: &Plan) -> HttpRequest {
    let model = endpoint.model.strip_prefix("models/").unwrap_or(&endpoint.model);
    let path = if request.stream {
        format!("models/{model}:streamGenerateContent?alt=sse")
    } else {
        format!("models/{model}:generateContent")
    };
    let mut body = Map::new();
    let contents: Vec<Value> = request
        .messages
        .iter()
        .filter_map(|m| match m.role {
            MessageRole::System => None,
            MessageRole::User => Some(json!({ "role": "user", "parts": [{ "text": m.content }] })),
            MessageRole::Assistant => Some(json!({ "role": "model", "parts": [{ "text": m.content }] })),
        })
        .collect();
    body.insert("contents".into(), Value::Array(contents));
    let system: Vec<Value> = request
        .messages
        .iter()
        .filter(|m| m.role == MessageRole::System)
        .map(|m| json!({ "text": m.content }))
        .collect();
    if !system.is_empty() {
        body.insert("systemInstruction".into(), json!({ "parts": system }));
    }
    let mut config = Map::new();
    if let Some(t) = plan.temperature {
        config.insert("temperature".into(), json!(t));
    }
    if let Some((_, n)) = plan.max_tokens {
        config.insert("maxOutputTokens".into(), json!(n));
    }
    if plan.reasons {
        let mut thinking = Map::new();
        thinking.insert("includeThoughts".into(), json!(true));
        if let Some(budget) = plan.thinking_budget {
            thinking.insert("thinkingBudget".into(), json!(budget));
        }
        config.insert("thinkingConfig".into(), Value::Object(thinking));
    }
    if !config.is_empty() {
        body.insert("generationConfig".into(), Value::Object(config));
    }
    HttpRequest {
        url: endpoint.url(&path),
        headers: Vec::new(),
        auth: endpoint.api_key.as_ref().map(|k| ("x-goog-api-key", k.clone())),
        body: Value::Object(body),
    }
}

/// A whole response, or one chunk of a stream (each is a complete `GenerateContentResponse`).
pub(crate) fn parse(value: &Value, answer: &mut AnswerBuilder<'_>) -> Result<(), DecodeError> {
    if let Some(message) = error_message(value) {
        return Err(DecodeError::Provider(message));
    }
    let Some(candidate) = value.pointer("/candidates/0") else {
        if let Some(reason) = str_at(value, "/promptFeedback/blockReason") {
            return Err(DecodeError::Provider(format!("the prompt was blocked ({reason})")));
        }
        if value.get("usageMetadata").is_some() {
            return Ok(()); // A chunk with only token counts.
        }
        return Err(DecodeError::Malformed("no `candidates` in the response".into()));
    };
    if let Some(parts) = candidate.pointer("/content/parts").and_then(Value::as_array) {
        for part in parts {
            let Some(text) = part.get("text").and_then(Value::as_str) else { continue };
            if part.get("thought").and_then(Value::as_bool) == Some(true) {
                answer.reasoning(text);
            } else {
                answer.text(text);
            }
        }
    }
    if let Some(reason) = str_at(candidate, "/finishReason") {
        answer.finish_reason = Some(reason.to_owned());
    }
    if let Some(model) = str_at(value, "/modelVersion") {
        answer.model = Some(model.to_owned());
    }
    if let Some(tokens) = u32_at(value, "/usageMetadata/candidatesTokenCount") {
        answer.output_tokens = Some(tokens);
    }
    Ok(())
}

#[derive(Default)]
pub(crate) struct Decoder;

impl StreamDecoder for Decoder {
    fn event(&mut self, event: SseEventRef<'_>, answer: &mut AnswerBuilder<'_>) -> Result<bool, DecodeError> {
        let data = event.data();
        if data.trim().is_empty() {
            return Ok(false);
        }
        parse(&super::answer::json(&data)?, answer)?;
        Ok(false)
    }
}
