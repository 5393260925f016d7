//! The OpenAI Responses API, `POST {base}/responses` (`kind = "openai-responses"`): system
//! messages become `instructions`, the cap is `max_output_tokens`, and reasoning arrives as
//! reasoning summaries when the account has them.

use serde_json::{Map, Value, json};

use super::answer::{AnswerBuilder, DecodeError, StreamDecoder, error_message, str_at, u32_at};
use super::params::Plan;
use super::sse::SseEventRef;
use super::{ChatRequest, Endpoint, HttpRequest, Secret};

pub(crate) fn build(endpoint: &Endpoint, request: &ChatRequest, plan: &Plan) -> HttpRequest {
    let mut body = Map::new();
    body.insert("model".into(), json!(endpoint.model));
    let (system, turns) = request.system_and_turns();
    if let Some(system) = system {
        body.insert("instructions".into(), json!(system));
    }
    body.insert("input".into(), Value::Array(turns));
    if let Some(t) = plan.temperature {
        body.insert("temperature".into(), json!(t));
    }
    if let Some((_, n)) = plan.max_tokens {
        body.insert("max_output_tokens".into(), json!(n));
    }
    if request.stream {
        body.insert("stream".into(), json!(true));
    }
    // Nothing is stored server-side: the call is one-shot.
    body.insert("store".into(), json!(false));
    HttpRequest {
        url: endpoint.url("responses"),
        headers: Vec::new(),
        auth: endpoint.api_key.as_ref().map(|k| ("authorization", Secret::new(format!("Bearer {}", k.expose())))),
        body: Value::Object(body),
    }
}

pub(crate) fn parse(value: &Value, answer: &mut AnswerBuilder<'_>) -> Result<(), DecodeError> {
    if let Some(message) = error_message(value) {
        return Err(DecodeError::Provider(message));
    }
    let output = value
        .get("output")
        .and_then(Value::as_array)
        .ok_or_else(|| DecodeError::Malformed("no `output` in the response".into()))?;
    for item in output {
        match str_at(item, "/type") {
            Some("reasoning") => {
                for part in item.get("summary").and_then(Value::as_array).into_iter().flatten() {
                    answer.reasoning(str_at(part, "/text").unwrap_or_default());
                }
            }
            Some("message") => {
                for part in item.get("content").and_then(Value::as_array).into_iter().flatten() {
                    if str_at(part, "/type") == Some("output_text") {
                        answer.text(str_at(part, "/text").unwrap_or_default());
                    }
                }
            }
            _ => {}
        }
    }
    finish(value, answer);
    Ok(())
}

/// Status, model and usage of a whole response object.
fn finish(response: &Value, answer: &mut AnswerBuilder<'_>) {
    answer.finish_reason =
        str_at(response, "/incomplete_details/reason").or_else(|| str_at(response, "/status")).map(str::to_owned);
    answer.model = str_at(response, "/model").map(str::to_owned).or(answer.model.take());
    if let Some(tokens) = u32_at(response, "/usage/output_tokens") {
        answer.output_tokens = Some(tokens);
    }
}

#[derive(Default)]
pub(crate) struct Decoder;

impl StreamDecoder for Decoder {
    fn event(&mut self, event: SseEventRef<'_>, answer: &mut AnswerBuilder<'_>) -> Result<bool, DecodeError> {
        let data = event.data();
        let value = super::answer::json(&data)?;
        let kind = str_at(&value, "/type").or(event.event).unwrap_or_default();
        match kind {
            "response.created" => answer.model = str_at(&value, "/response/model").map(str::to_owned),
            "response.output_text.delta" => answer.text(str_at(&value, "/delta").unwrap_or_default()),
            "response.reasoning_summary_text.delta" | "response.reasoning_text.delta" => {
                answer.reasoning(str_at(&value, "/delta").unwrap_or_default());
            }
            "response.completed" | "response.incomplete" => {
                if let Some(response) = value.get("response") {
                    finish(response, answer);
                }
                return Ok(true);
            }
            "response.failed" => {
                let message = str_at(&value, "/response/error/message").unwrap_or("the response failed").to_owned();
                return Err(DecodeError::Provider(message));
            }
            "error" => {
                let message = str_at(&value, "/message").map(str::to_owned).or_else(|| error_message(&value));
                return Err(DecodeError::Provider(message.unwrap_or_else(|| data.clone().into_owned())));
            }
            _ => {}
        }
        Ok(false)
    }
}
