//! [`AnswerBuilder`]: collects an answer from decoded pieces, keeps reasoning apart from the
//! text, and reports each piece to the caller as it comes.

use super::think::{Piece, ThinkSplitter};
use super::{Answer, StreamEvent};

pub(crate) struct AnswerBuilder<'a> {
    text: String,
    reasoning: String,
    think: ThinkSplitter,
    pieces: Vec<Piece>,
    pub model: Option<String>,
    pub finish_reason: Option<String>,
    pub output_tokens: Option<u32>,
    on_event: &'a mut (dyn FnMut(StreamEvent) + Send),
}

impl<'a> AnswerBuilder<'a> {
    pub fn new(on_event: &'a mut (dyn FnMut(StreamEvent) + Send)) -> Self {
        Self {
            text: String::new(),
            reasoning: String::new(),
            think: ThinkSplitter::new(),
            pieces: Vec::new(),
            model: None,
            finish_reason: None,
            output_tokens: None,
            on_event,
        }
    }

    /// Answer text as the server labels it; a leading `<think>` block in it is still reasoning.
    pub fn text(&mut self, delta: &str) {
        if delta.is_empty() {
            return;
        }
        if self.think.passes_through() {
            // What `push` and `route` would do, without a piece in between: nearly every delta.
            self.text.push_str(delta);
            (self.on_event)(StreamEvent::Text(delta.to_owned()));
            return;
        }
        self.think.push(delta, &mut self.pieces);
        self.route();
    }

    /// Text the server labels as reasoning.
    pub fn reasoning(&mut self, delta: &str) {
        if delta.is_empty() {
            return;
        }
        self.reasoning.push_str(delta);
        (self.on_event)(StreamEvent::Reasoning(delta.to_owned()));
    }

    fn route(&mut self) {
        for piece in self.pieces.drain(..) {
            match piece {
                Piece::Answer(text) => {
                    self.text.push_str(&text);
                    (self.on_event)(StreamEvent::Text(text));
                }
                Piece::Reasoning(text) => {
                    self.reasoning.push_str(&text);
                    (self.on_event)(StreamEvent::Reasoning(text));
                }
            }
        }
    }

    pub fn finish(mut self, requested_model: &str) -> Answer {
        self.think.finish(&mut self.pieces);
        self.route();
        Answer {
            text: self.text,
            reasoning: (!self.reasoning.is_empty()).then_some(self.reasoning),
            model: self.model.filter(|m| !m.is_empty()).unwrap_or_else(|| requested_model.to_owned()),
            finish_reason: self.finish_reason,
            output_tokens: self.output_tokens,
        }
    }
}

/// Why a decoder could not make sense of what the server sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// Not the expected format (invalid JSON, missing fields).
    Malformed(String),
    /// The server reported an error in its own format.
    Provider(String),
}

/// A dialect's stream decoder: one SSE event at a time.
pub(crate) trait StreamDecoder: Send {
    /// Handles one event. Returns `true` once the answer is complete (`[DONE]`, `message_stop`).
    fn event(
        &mut self,
        event: super::sse::SseEventRef<'_>,
        answer: &mut AnswerBuilder<'_>,
    ) -> Result<bool, DecodeError>;

    /// Whether the stream may end here without a final marker (Gemini has none: its last chunk
    /// carries a `finishReason`).
    fn may_end(&self, answer: &AnswerBuilder<'_>) -> bool {
        answer.finish_reason.is_some()
    }
}

/// Parses a JSON text, naming what failed.
pub(crate) fn json(text: &str) -> Result<serde_json::Value, DecodeError> {
    serde_json::from_str(text).map_err(|e| {
        let shown: String = text.chars().take(120).collect();
        DecodeError::Malformed(format!("invalid JSON ({e}) in `{shown}`"))
    })
}

/// The `error.message` (or `error` string, or `message`) of an error body, when it has one.
pub(crate) fn error_message(value: &serde_json::Value) -> Option<String> {
    let error = value.get("error")?;
    let message = match error {
        serde_json::Value::Null => return None,
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Object(o) => {
            o.get("message").and_then(|m| m.as_str()).map_or_else(|| error.to_string(), str::to_owned)
        }
        other => other.to_string(),
    };
    Some(message)
}

/// A `u32` field.
pub(crate) fn u32_at(value: &serde_json::Value, pointer: &str) -> Option<u32> {
    value.pointer(pointer).and_then(serde_json::Value::as_u64).and_then(|n| u32::try_from(n).ok())
}

/// A string field.
pub(crate) fn str_at<'v>(value: &'v serde_json::Value, pointer: &str) -> Option<&'v str> {
    value.pointer(pointer).and_then(serde_json::Value::as_str)
}
