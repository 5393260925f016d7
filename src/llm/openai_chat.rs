//! OpenAI Chat Completions, `POST {base}/chat/completions`: OpenAI itself and every server that
//! speaks its dialect (DeepSeek, `OpenRouter`, Ollama, vLLM, llama.cpp, LM Studio).
//!
//! Reasoning arrives as `reasoning_content` (DeepSeek, llama.cpp, vLLM) or `reasoning`
//! (`OpenRouter`, Ollama) beside `content`, or as a `<think>` block inside `content`.

mod fast;

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::answer::{AnswerBuilder, DecodeError, StreamDecoder, error_message, str_at, u32_at};
use super::json_str::borrowed;
use super::params::Plan;
use super::shape::{Shape, TextKind};
use super::sse::SseEventRef;
use super::{ChatRequest, Endpoint, HttpRequest, MessageRole, Secret};

pub(crate) fn build(endpoint: &Endpoint, request: &ChatRequest, plan: &Plan) -> HttpRequest {
    let mut body = Map::new();
    body.insert("model".into(), json!(endpoint.model));
    body.insert("messages".into(), Value::Array(messages(request, plan)));
    if let Some(t) = plan.temperature {
        body.insert("temperature".into(), json!(t));
    }
    if let Some((kind, n)) = plan.max_tokens {
        body.insert(kind.api_name().into(), json!(n));
    }
    if request.stream {
        body.insert("stream".into(), json!(true));
        // Without this the stream carries no token count.
        body.insert("stream_options".into(), json!({ "include_usage": true }));
    }
    HttpRequest {
        url: endpoint.url("chat/completions"),
        headers: Vec::new(),
        auth: endpoint.api_key.as_ref().map(|k| ("authorization", Secret::new(format!("Bearer {}", k.expose())))),
        body: Value::Object(body),
    }
}

/// The messages; where the model refuses `system` messages they go ahead of the first user message.
pub(crate) fn messages(request: &ChatRequest, plan: &Plan) -> Vec<Value> {
    let mut out = Vec::new();
    let mut held_system = Vec::new();
    for m in &request.messages {
        let role = match m.role {
            MessageRole::System if plan.no_system_message => {
                held_system.push(m.content.as_str());
                continue;
            }
            MessageRole::System => "system",
            MessageRole::User => "user",
            MessageRole::Assistant => "assistant",
        };
        let content = if role == "user" && !held_system.is_empty() {
            let mut joined = held_system.join("\n\n");
            held_system.clear();
            joined.push_str("\n\n");
            joined.push_str(&m.content);
            joined
        } else {
            m.content.clone()
        };
        out.push(json!({ "role": role, "content": content }));
    }
    if !held_system.is_empty() {
        out.push(json!({ "role": "user", "content": held_system.join("\n\n") }));
    }
    out
}

/// A whole (non-streamed) response.
pub(crate) fn parse(value: &Value, answer: &mut AnswerBuilder<'_>) -> Result<(), DecodeError> {
    if let Some(message) = error_message(value) {
        return Err(DecodeError::Provider(message));
    }
    let choice =
        value.pointer("/choices/0").ok_or_else(|| DecodeError::Malformed("no `choices` in the response".into()))?;
    let message =
        choice.get("message").ok_or_else(|| DecodeError::Malformed("no `message` in the first choice".into()))?;
    if let Some(r) = reasoning_of(message) {
        answer.reasoning(r);
    }
    if let Some(text) = message.get("content").and_then(Value::as_str) {
        answer.text(text);
    }
    answer.finish_reason = str_at(choice, "/finish_reason").map(str::to_owned);
    answer.model = str_at(value, "/model").map(str::to_owned);
    answer.output_tokens = u32_at(value, "/usage/completion_tokens");
    Ok(())
}

fn reasoning_of(message: &Value) -> Option<&str> {
    message
        .get("reasoning_content")
        .and_then(Value::as_str)
        .or_else(|| message.get("reasoning").and_then(Value::as_str))
}

#[derive(Default)]
pub(crate) struct Decoder {
    done: bool,
    /// The shape of the last text event (`pub(super)` for its tests).
    pub(super) shape: Shape,
}

impl StreamDecoder for Decoder {
    fn event(&mut self, event: SseEventRef<'_>, answer: &mut AnswerBuilder<'_>) -> Result<bool, DecodeError> {
        // Nearly every event is a text delta shaped like the one before. A shape is learnt from
        // trimmed data, so its head and tail neither start nor end with white space: an event
        // they match needs no trimming (nor is it `[DONE]`, which has no quote).
        if let Some((kind, text)) = self.shape.read(event.event, event.raw_data) {
            kind.pass(answer, &text);
            return Ok(false);
        }
        let data = event.data();
        let data = data.trim();
        if data == "[DONE]" {
            self.done = true;
            return Ok(true);
        }
        if data.is_empty() {
            return Ok(false);
        }
        // Typed and borrowing: a long answer is thousands of these, and a `Value` per event
        // would cost more than everything else in the call.
        // The common chunk is scanned directly; anything else goes through serde.
        let (parsed, padding) = match fast::chunk_and_padding(data) {
            Some((chunk, padding)) => (Ok(chunk), padding),
            None => (serde_json::from_str::<Chunk<'_>>(data), None),
        };
        let Ok(chunk) = parsed else {
            // Not the expected shape: an error object, or not JSON at all.
            let value = super::answer::json(data)?;
            let message = error_message(&value)
                .ok_or_else(|| DecodeError::Malformed(format!("an unexpected event: `{}`", short(data))))?;
            return Err(DecodeError::Provider(message));
        };
        if let Some(error) = &chunk.error {
            let message = error_message(&serde_json::json!({ "error": error })).unwrap_or_default();
            return Err(DecodeError::Provider(message));
        }
        if let Some((kind, text)) = sole_text(&chunk) {
            self.shape.learn(event.event, data, text, kind, padding);
        }
        if answer.model.is_none() {
            answer.model = chunk.model.map(Cow::into_owned);
        }
        if let Some(tokens) = chunk.usage.and_then(|u| u.completion_tokens) {
            answer.output_tokens = Some(tokens);
        }
        if matches!(chunk.choices, Choices::Absent) && chunk.usage.is_none() {
            return Err(DecodeError::Malformed(format!(
                "an event with neither `choices` nor `usage`: `{}`",
                short(data)
            )));
        }
        if let Choices::First(Some(choice)) = chunk.choices {
            if let Some(delta) = choice.delta {
                if let Some(r) = delta.reasoning_content.or(delta.reasoning) {
                    answer.reasoning(&r);
                }
                if let Some(text) = delta.content {
                    answer.text(&text);
                }
            }
            if let Some(reason) = choice.finish_reason {
                answer.finish_reason = Some(reason.into_owned());
            }
        }
        Ok(false)
    }
}

/// The text of a chunk whose one effect is a piece of text (or reasoning) borrowed from the
/// event: the shape [`Shape`] may remember. The model name is no other effect: it is only taken
/// while none is known, and an event of the same shape names the same model.
fn sole_text<'a>(chunk: &Chunk<'a>) -> Option<(TextKind, &'a str)> {
    let Chunk {
        choices: Choices::First(Some(Choice { delta: Some(delta), finish_reason: None })),
        usage: None,
        error: None,
        ..
    } = chunk
    else {
        return None;
    };
    match (&delta.content, &delta.reasoning_content, &delta.reasoning) {
        (Some(Cow::Borrowed(text)), None, None) => Some((TextKind::Answer, text)),
        (None, Some(Cow::Borrowed(text)), None) | (None, None, Some(Cow::Borrowed(text))) => {
            Some((TextKind::Reasoning, text))
        }
        _ => None,
    }
}

/// One streamed chunk; unknown fields are skipped without being built.
#[derive(Deserialize, Debug)]
struct Chunk<'a> {
    #[serde(borrow, default, deserialize_with = "borrowed")]
    model: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "first_choice")]
    choices: Choices<'a>,
    usage: Option<Usage>,
    error: Option<Value>,
}

/// The first element of the `choices` array, without building a `Vec`.
fn first_choice<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Choices<'de>, D::Error> {
    struct First;
    impl<'de> serde::de::Visitor<'de> for First {
        type Value = Option<Choice<'de>>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an array of choices")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let first = seq.next_element()?;
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(first)
        }
    }
    deserializer.deserialize_seq(First).map(Choices::First)
}

/// The `choices` field: absent, or present with its first choice (the rest are never built).
#[derive(Default, Debug)]
enum Choices<'a> {
    #[default]
    Absent,
    First(Option<Choice<'a>>),
}

#[derive(Deserialize, Debug)]
struct Choice<'a> {
    #[serde(borrow)]
    delta: Option<Delta<'a>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    finish_reason: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Debug)]
struct Delta<'a> {
    #[serde(borrow, default, deserialize_with = "borrowed")]
    content: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    reasoning_content: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "borrowed")]
    reasoning: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Clone, Copy, Debug)]
struct Usage {
    completion_tokens: Option<u32>,
}

pub(crate) fn short(text: &str) -> String {
    let mut s: String = text.chars().take(120).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    s
}
