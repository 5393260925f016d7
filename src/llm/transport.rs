//! Sending a request and reading its answer: retries of 429 and 5xx with bounded backoff that
//! honours `Retry-After`, the connect, idle and response timeouts, status codes mapped to
//! errors that say what to do, and the stream fed through the SSE parser into the dialect's
//! decoder. Transport errors are described from their source chain without the URL, and every
//! text is scrubbed of the key.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use reqwest::header::{CONTENT_TYPE, HeaderMap, RETRY_AFTER};

use super::answer::{AnswerBuilder, DecodeError, StreamDecoder, error_message};
use super::sse::{SseEventRef, SseParser};
use super::{Answer, Endpoint, HttpRequest, LlmError, ProviderKind, StreamEvent};
use super::{anthropic, gemini, openai_chat, openai_responses};

/// Clients by connect timeout: a client holds the TLS configuration and connection pool, which
/// are worth sharing between calls.
static CLIENTS: LazyLock<Mutex<HashMap<Duration, reqwest::Client>>> = LazyLock::new(Mutex::default);

fn client(connect_timeout: Duration) -> Result<reqwest::Client, LlmError> {
    let mut clients = CLIENTS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(c) = clients.get(&connect_timeout) {
        return Ok(c.clone());
    }
    let built = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .user_agent(concat!("modelfit/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| LlmError::Config(format!("could not set up the HTTP client: {}", describe(&e))))?;
    clients.insert(connect_timeout, built.clone());
    Ok(built)
}

/// Sends `http` with retries and decodes the answer.
pub(crate) async fn execute(
    endpoint: &Endpoint,
    http: &HttpRequest,
    stream: bool,
    on_event: &mut (dyn FnMut(StreamEvent) + Send),
) -> Result<Answer, LlmError> {
    let response = send_with_retries(endpoint, http, stream, on_event).await?;
    // A server that ignored `stream` (or answers an error) sends one JSON body instead.
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"));
    if stream && !is_json {
        read_stream(endpoint, response, on_event).await
    } else {
        let limit = if stream { endpoint.timeouts.idle } else { endpoint.timeouts.response };
        let body = read_body(endpoint, response, limit).await?;
        parse_whole(endpoint, &body, on_event)
    }
}

async fn send_with_retries(
    endpoint: &Endpoint,
    http: &HttpRequest,
    stream: bool,
    on_event: &mut (dyn FnMut(StreamEvent) + Send),
) -> Result<reqwest::Response, LlmError> {
    let client = client(endpoint.timeouts.connect)?;
    let policy = endpoint.retry;
    let max_attempts = policy.max_attempts.max(1);
    let body =
        serde_json::to_vec(&http.body).map_err(|e| LlmError::Config(format!("could not encode the request: {e}")))?;
    let mut attempt = 1;
    loop {
        let mut builder = client.post(&http.url).header(CONTENT_TYPE, "application/json").body(body.clone());
        for (name, value) in &http.headers {
            builder = builder.header(*name, value);
        }
        if let Some((name, value)) = &http.auth {
            let mut value = reqwest::header::HeaderValue::from_str(value.expose()).map_err(|_| {
                LlmError::Config(format!(
                    "the API key in {} contains characters that cannot go into an HTTP header; check its value",
                    endpoint.api_key_env.as_deref().unwrap_or("the environment")
                ))
            })?;
            value.set_sensitive(true);
            builder = builder.header(*name, value);
        }
        // Headers of a streamed answer come at once; a whole answer may take minutes.
        let wait = if stream { endpoint.timeouts.idle } else { endpoint.timeouts.response };
        let response = match tokio::time::timeout(wait + endpoint.timeouts.connect, builder.send()).await {
            Err(_) => {
                return Err(LlmError::Timeout {
                    provider: endpoint.provider.clone(),
                    phase: "before answering",
                    after: wait,
                });
            }
            Ok(Err(e)) => return Err(transport_error(endpoint, &e)),
            Ok(Ok(r)) => r,
        };
        let status = response.status().as_u16();
        if response.status().is_success() {
            return Ok(response);
        }
        let retry_after = retry_after(response.headers());
        let retryable = status == 429 || (500..=599).contains(&status);
        if retryable && attempt < max_attempts {
            let backoff = policy.base_delay.saturating_mul(1 << (attempt - 1).min(16)).min(policy.max_delay);
            let delay = retry_after.unwrap_or(backoff);
            if delay <= policy.max_delay {
                let detail = status_detail(endpoint, response, endpoint.timeouts.idle).await;
                let reason = if status == 429 {
                    "rate limited (HTTP 429)".to_owned()
                } else {
                    format!("HTTP {status}: {detail}")
                };
                on_event(StreamEvent::Retrying { attempt, after: delay, reason });
                tokio::time::sleep(delay).await;
                attempt += 1;
                continue;
            }
        }
        let provider = endpoint.provider.clone();
        if status == 429 {
            return Err(LlmError::RateLimited { provider, attempts: attempt, retry_after });
        }
        let detail = status_detail(endpoint, response, endpoint.timeouts.idle).await;
        return Err(match status {
            401 | 403 => LlmError::Unauthorized {
                provider,
                status,
                env_var: endpoint.api_key_env.clone(),
                model: endpoint.model.clone(),
                detail,
            },
            500..=599 => LlmError::Server { provider, status, attempts: attempt, detail },
            _ => LlmError::Rejected { provider, model: endpoint.model.clone(), status, detail },
        });
    }
}

/// `Retry-After` in seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let seconds = value.parse::<f64>().ok().filter(|s| s.is_finite() && *s >= 0.0);
    if let Some(seconds) = seconds {
        return Some(Duration::from_secs_f64(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// The error message in an error response's body, or the start of the body.
async fn status_detail(endpoint: &Endpoint, response: reqwest::Response, limit: Duration) -> String {
    let reason = response.status().canonical_reason().unwrap_or("error").to_owned();
    let body = match tokio::time::timeout(limit, response.bytes()).await {
        Ok(Ok(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
        _ => String::new(),
    };
    let message = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| error_message(&v).or_else(|| v.get("message").and_then(|m| m.as_str()).map(str::to_owned)))
        .unwrap_or_else(|| body.trim().to_owned());
    let message = if message.is_empty() { reason } else { message };
    endpoint.scrub(&openai_chat::short(&message))
}

async fn read_body(endpoint: &Endpoint, mut response: reqwest::Response, limit: Duration) -> Result<Vec<u8>, LlmError> {
    let read = async {
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            body.extend_from_slice(&chunk);
        }
        Ok::<_, reqwest::Error>(body)
    };
    match tokio::time::timeout(limit, read).await {
        Err(_) => Err(LlmError::Timeout {
            provider: endpoint.provider.clone(),
            phase: "while sending the answer",
            after: limit,
        }),
        Ok(Err(e)) => Err(broken(endpoint, &e)),
        Ok(Ok(body)) => Ok(body),
    }
}

fn parse_whole(
    endpoint: &Endpoint,
    body: &[u8],
    on_event: &mut (dyn FnMut(StreamEvent) + Send),
) -> Result<Answer, LlmError> {
    let text = String::from_utf8_lossy(body);
    let mut answer = AnswerBuilder::new(on_event);
    let parsed = super::answer::json(&text).and_then(|value| match endpoint.kind {
        ProviderKind::OpenAiChat => openai_chat::parse(&value, &mut answer),
        ProviderKind::OpenAiResponses => openai_responses::parse(&value, &mut answer),
        ProviderKind::Anthropic => anthropic::parse(&value, &mut answer),
        ProviderKind::Gemini => gemini::parse(&value, &mut answer),
    });
    parsed.map_err(|e| decode_error(endpoint, e))?;
    Ok(answer.finish(&endpoint.model))
}

async fn read_stream(
    endpoint: &Endpoint,
    mut response: reqwest::Response,
    on_event: &mut (dyn FnMut(StreamEvent) + Send),
) -> Result<Answer, LlmError> {
    let mut state = StreamState::new(endpoint, on_event);
    let idle = endpoint.timeouts.idle;
    loop {
        match tokio::time::timeout(idle, response.chunk()).await {
            Err(_) => {
                return Err(LlmError::Timeout {
                    provider: endpoint.provider.clone(),
                    phase: "in the middle of the answer",
                    after: idle,
                });
            }
            Ok(Err(e)) => return Err(broken(endpoint, &e)),
            Ok(Ok(None)) => break,
            Ok(Ok(Some(chunk))) => {
                if state.feed(&chunk)? {
                    // Complete: dropping the response closes the connection; nothing more is read.
                    break;
                }
            }
        }
    }
    state.finish()
}

/// A stream being decoded: SSE parser, dialect decoder and the answer so far.
pub(crate) struct StreamState<'a> {
    endpoint: &'a Endpoint,
    parser: SseParser,
    decoder: Box<dyn StreamDecoder>,
    answer: AnswerBuilder<'a>,
    done: bool,
}

impl<'a> StreamState<'a> {
    pub fn new(endpoint: &'a Endpoint, on_event: &'a mut (dyn FnMut(StreamEvent) + Send)) -> Self {
        let decoder: Box<dyn StreamDecoder> = match endpoint.kind {
            ProviderKind::OpenAiChat => Box::new(openai_chat::Decoder::default()),
            ProviderKind::OpenAiResponses => Box::new(openai_responses::Decoder),
            ProviderKind::Anthropic => Box::new(anthropic::Decoder::default()),
            ProviderKind::Gemini => Box::new(gemini::Decoder),
        };
        Self { endpoint, parser: SseParser::new(), decoder, answer: AnswerBuilder::new(on_event), done: false }
    }

    /// Feeds one chunk; `true` once the answer is complete.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<bool, LlmError> {
        self.decode(|parser, on_event| parser.feed_with(chunk, on_event))
    }

    /// Runs `parse` (a step of the SSE parser) with the decoder taking each event it completes.
    fn decode(
        &mut self,
        parse: impl FnOnce(&mut SseParser, &mut dyn FnMut(SseEventRef<'_>)),
    ) -> Result<bool, LlmError> {
        let Self { parser, decoder, answer, done, .. } = self;
        let mut failed = None;
        // Events after the end or an error are parsed but not decoded: the stream is over.
        parse(parser, &mut |event| {
            if !*done && failed.is_none() {
                match decoder.event(event, answer) {
                    Ok(end) => *done = end,
                    Err(e) => failed = Some(e),
                }
            }
        });
        match failed {
            Some(e) => Err(decode_error(self.endpoint, e)),
            None => Ok(self.done),
        }
    }

    /// The stream ended: the answer, or an error when it ended too early.
    pub fn finish(mut self) -> Result<Answer, LlmError> {
        if !self.done {
            self.decode(|parser, on_event| parser.finish_with(on_event))?;
        }
        if !self.done && !self.decoder.may_end(&self.answer) {
            return Err(LlmError::Broken {
                provider: self.endpoint.provider.clone(),
                detail: "the stream ended before the answer was complete".to_owned(),
            });
        }
        Ok(self.answer.finish(&self.endpoint.model))
    }
}

fn decode_error(endpoint: &Endpoint, error: DecodeError) -> LlmError {
    let provider = endpoint.provider.clone();
    match error {
        DecodeError::Malformed(detail) => LlmError::Malformed { provider, detail: endpoint.scrub(&detail) },
        DecodeError::Provider(detail) => LlmError::Provider { provider, detail: endpoint.scrub(&detail) },
    }
}

/// A failure to send: connection refused, connect timeout, TLS.
fn transport_error(endpoint: &Endpoint, error: &reqwest::Error) -> LlmError {
    let provider = endpoint.provider.clone();
    let base_url = endpoint.scrub(&endpoint.base_url);
    if error.is_timeout() {
        return LlmError::ConnectTimeout { provider, base_url, after: endpoint.timeouts.connect };
    }
    if error.is_connect() {
        return LlmError::Connect { provider, base_url, detail: endpoint.scrub(&describe(error)) };
    }
    if error.is_builder() {
        return LlmError::Config(format!(
            "the URL built from `base_url` = {base_url} for {provider} is not valid ({}); fix `base_url` in modelfit.toml",
            endpoint.scrub(&describe(error))
        ));
    }
    broken(endpoint, error)
}

/// The connection broke while reading.
fn broken(endpoint: &Endpoint, error: &reqwest::Error) -> LlmError {
    LlmError::Broken { provider: endpoint.provider.clone(), detail: endpoint.scrub(&describe(error)) }
}

/// The error and its causes, without the URL reqwest would print.
fn describe(error: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(error);
    while let Some(e) = source {
        let text = e.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = e.source();
    }
    if parts.is_empty() {
        // reqwest's own text names the URL, so only its kind is told.
        parts.push(kind_text(error).to_owned());
    }
    parts.join(": ")
}

fn kind_text(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "connection failed"
    } else if error.is_body() || error.is_decode() {
        "the response body could not be read"
    } else if error.is_request() {
        "the request could not be sent"
    } else {
        "HTTP error"
    }
}
