//! `llm::chat` against a fault-injecting local server: the formats llama.cpp does not speak
//! (Gemini, Responses, reasoning fields, `<think>` blocks, thinking blocks) and the failures it
//! never has (split frames, 429, 5xx, stalls, resets, invalid JSON, refused keys). Each case ends
//! in the right answer or a clear error that never contains the key.

#![allow(clippy::unwrap_used)]

mod support;

use std::time::Duration;

use modelfit::llm::{
    Answer, ChatRequest, Endpoint, LlmError, Message, ProviderKind, RetryPolicy, Secret, StreamEvent, chat,
};
use support::fault_server::{End, FaultServer, Reply};

/// A key-shaped string; no error text may contain it.
const KEY: &str = "sk-test-0123456789abcdefSECRET";

fn endpoint(server: &FaultServer, kind: ProviderKind, model: &str) -> Endpoint {
    let mut e = Endpoint::new(kind, server.url("/v1"), model).with_key(Secret::new(KEY), "TEST_API_KEY");
    // Fast retries and timeouts keep the suite quick; the logic is the same.
    e.retry = RetryPolicy { max_attempts: 3, base_delay: Duration::from_millis(20), max_delay: Duration::from_secs(2) };
    e.timeouts.idle = Duration::from_secs(5);
    e.timeouts.response = Duration::from_secs(5);
    e
}

fn request(stream: bool) -> ChatRequest {
    ChatRequest {
        messages: vec![Message::system("Be brief."), Message::user("Hi")],
        max_output_tokens: Some(100),
        temperature: Some(0.2),
        stream,
    }
}

async fn run(endpoint: &Endpoint, stream: bool) -> (Result<Answer, LlmError>, Vec<StreamEvent>) {
    let mut events = Vec::new();
    let result = chat(endpoint, &request(stream), &mut |e| events.push(e)).await;
    if let Err(e) = &result {
        let text = format!("{e} {e:?}");
        assert!(!text.contains(KEY), "the key leaked into an error: {text}");
    }
    (result, events)
}

fn texts(events: &[StreamEvent]) -> (String, String) {
    let mut text = String::new();
    let mut reasoning = String::new();
    for e in events {
        match e {
            StreamEvent::Text(t) => text.push_str(t),
            StreamEvent::Reasoning(r) => reasoning.push_str(r),
            StreamEvent::Retrying { .. } => {}
        }
    }
    (text, reasoning)
}

fn openai_chunk(delta: &serde_json::Value) -> String {
    format!(
        "data: {}\n\n",
        serde_json::json!({ "model": "m", "choices": [{ "index": 0, "delta": delta, "finish_reason": null }] })
    )
}

const OPENAI_END: &str = "data: {\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"completion_tokens\":7}}\n\ndata: [DONE]\n\n";

#[tokio::test]
async fn gemini_stream_keeps_thoughts_apart_and_the_key_in_a_header() {
    let body = [
        r#"data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Let me think.","thought":true}]}}],"modelVersion":"gemini-2.5-flash"}"#,
        r#"data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Hello"}]}}]}"#,
        r#"data: {"candidates":[{"content":{"role":"model","parts":[{"text":" there"}]},"finishReason":"STOP"}],"usageMetadata":{"candidatesTokenCount":2}}"#,
    ]
    .map(|l| format!("{l}\r\n\r\n"))
    .concat();
    let server = FaultServer::start(vec![Reply::sse(&body, 7, End::Complete)]).await;
    let mut ep = endpoint(&server, ProviderKind::Gemini, "gemini-2.5-flash");
    ep.base_url = server.url("/v1beta");
    let (answer, events) = run(&ep, true).await;
    let answer = answer.unwrap();
    assert_eq!(answer.text, "Hello there");
    assert_eq!(answer.reasoning.as_deref(), Some("Let me think."));
    assert_eq!(answer.finish_reason.as_deref(), Some("STOP"));
    assert_eq!(answer.output_tokens, Some(2));
    assert_eq!(texts(&events), ("Hello there".to_owned(), "Let me think.".to_owned()));
    let req = &server.requests()[0];
    assert_eq!(req.target, "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    assert_eq!(req.header("x-goog-api-key"), Some(KEY));
    assert!(!req.target.contains(KEY));
    let body = req.json();
    assert_eq!(body["systemInstruction"]["parts"][0]["text"], "Be brief.");
    assert_eq!(body["generationConfig"]["thinkingConfig"]["includeThoughts"], true);
}

#[tokio::test]
async fn gemini_whole_answer() {
    let body = r#"{"candidates":[{"content":{"parts":[{"text":"plan","thought":true},{"text":"Done."}]},"finishReason":"MAX_TOKENS"}],"usageMetadata":{"candidatesTokenCount":3},"modelVersion":"gemini-2.5-pro"}"#;
    let server = FaultServer::start(vec![Reply::json(200, body)]).await;
    let (answer, _) = run(&endpoint(&server, ProviderKind::Gemini, "gemini-2.5-pro"), false).await;
    let answer = answer.unwrap();
    assert_eq!((answer.text.as_str(), answer.reasoning.as_deref()), ("Done.", Some("plan")));
    assert_eq!(answer.model, "gemini-2.5-pro");
    assert_eq!(server.requests()[0].target, "/v1/models/gemini-2.5-pro:generateContent");
}

#[tokio::test]
async fn reasoning_content_deltas_are_reasoning() {
    let body = [
        openai_chunk(&serde_json::json!({ "role": "assistant", "reasoning_content": "First, " })),
        openai_chunk(&serde_json::json!({ "reasoning_content": "think." })),
        openai_chunk(&serde_json::json!({ "content": "Answer" })),
    ]
    .concat()
        + OPENAI_END;
    let server = FaultServer::start(vec![Reply::sse(&body, 1000, End::Complete)]).await;
    let (answer, events) = run(&endpoint(&server, ProviderKind::OpenAiChat, "deepseek-reasoner"), true).await;
    let answer = answer.unwrap();
    assert_eq!(answer.text, "Answer");
    assert_eq!(answer.reasoning.as_deref(), Some("First, think."));
    assert_eq!(answer.output_tokens, Some(7));
    assert_eq!(texts(&events), ("Answer".to_owned(), "First, think.".to_owned()));
}

#[tokio::test]
async fn think_block_split_across_deltas_and_frames_is_reasoning() {
    let deltas = ["<thi", "nk>Plan: be", " short.</th", "ink>\n\n", "Hé", "llo 🌍"];
    let body =
        deltas.iter().map(|d| openai_chunk(&serde_json::json!({ "content": d }))).collect::<String>() + OPENAI_END;
    // Three bytes at a time: frames, `\n\n` and the UTF-8 sequences are all cut.
    let server = FaultServer::start(vec![Reply::sse(&body, 3, End::Complete)]).await;
    let (answer, events) = run(&endpoint(&server, ProviderKind::OpenAiChat, "qwen3:8b"), true).await;
    let answer = answer.unwrap();
    assert_eq!(answer.text, "Héllo 🌍");
    assert_eq!(answer.reasoning.as_deref(), Some("Plan: be short."));
    assert_eq!(answer.finish_reason.as_deref(), Some("stop"));
    assert_eq!(texts(&events), ("Héllo 🌍".to_owned(), "Plan: be short.".to_owned()));
}

#[tokio::test]
async fn comments_keep_alives_and_crlf_are_tolerated() {
    let body = format!(
        ": keep-alive\r\n\r\n{}: ping\r\n\r\n{}",
        openai_chunk(&serde_json::json!({ "content": "ok" })).replace('\n', "\r\n"),
        OPENAI_END
    );
    let server = FaultServer::start(vec![Reply::sse(&body, 5, End::Complete)]).await;
    let (answer, _) = run(&endpoint(&server, ProviderKind::OpenAiChat, "gpt-4.1"), true).await;
    assert_eq!(answer.unwrap().text, "ok");
}

#[tokio::test]
async fn anthropic_thinking_blocks_are_reasoning() {
    let events = [
        (
            "message_start",
            r#"{"type":"message_start","message":{"model":"claude-sonnet-4-5","usage":{"output_tokens":0}}}"#,
        ),
        (
            "content_block_start",
            r#"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}"#,
        ),
        (
            "content_block_delta",
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hmm."}}"#,
        ),
        (
            "content_block_delta",
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"abc"}}"#,
        ),
        ("content_block_stop", r#"{"type":"content_block_stop","index":0}"#),
        ("ping", r#"{"type":"ping"}"#),
        (
            "content_block_start",
            r#"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#,
        ),
        (
            "content_block_delta",
            r#"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Yes."}}"#,
        ),
        (
            "message_delta",
            r#"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":12}}"#,
        ),
        ("message_stop", r#"{"type":"message_stop"}"#),
    ];
    let body = events.map(|(e, d)| format!("event: {e}\ndata: {d}\n\n")).concat();
    let server = FaultServer::start(vec![Reply::sse(&body, 11, End::Complete)]).await;
    let mut ep = endpoint(&server, ProviderKind::Anthropic, "claude-sonnet-4-5");
    ep.thinking_budget = Some(2048);
    let (answer, _) = run(&ep, true).await;
    let answer = answer.unwrap();
    assert_eq!((answer.text.as_str(), answer.reasoning.as_deref()), ("Yes.", Some("Hmm.")));
    assert_eq!((answer.finish_reason.as_deref(), answer.output_tokens), (Some("end_turn"), Some(12)));
    let req = &server.requests()[0];
    assert_eq!(req.target, "/v1/messages");
    assert_eq!(req.header("x-api-key"), Some(KEY));
    assert_eq!(req.header("anthropic-version"), Some("2023-06-01"));
    let body = req.json();
    // Thinking: no temperature other than 1, and max_tokens above the budget.
    assert_eq!(body.get("temperature"), None);
    assert_eq!(body["thinking"]["budget_tokens"], 2048);
    assert!(body["max_tokens"].as_u64().unwrap() > 2048);
}

#[tokio::test]
async fn openai_responses_stream() {
    let events = [
        r#"{"type":"response.created","response":{"model":"o3-pro"}}"#,
        r#"{"type":"response.reasoning_summary_text.delta","delta":"Considering."}"#,
        r#"{"type":"response.output_text.delta","delta":"Fine"}"#,
        r#"{"type":"response.output_text.delta","delta":"."}"#,
        r#"{"type":"response.completed","response":{"model":"o3-pro","status":"completed","usage":{"output_tokens":40}}}"#,
    ];
    let body = events.map(|d| format!("event: x\ndata: {d}\n\n")).concat();
    let server = FaultServer::start(vec![Reply::sse(&body, 9, End::Complete)]).await;
    let (answer, _) = run(&endpoint(&server, ProviderKind::OpenAiResponses, "o3-pro"), true).await;
    let answer = answer.unwrap();
    assert_eq!((answer.text.as_str(), answer.reasoning.as_deref()), ("Fine.", Some("Considering.")));
    assert_eq!((answer.finish_reason.as_deref(), answer.output_tokens), (Some("completed"), Some(40)));
    let body = server.requests()[0].json();
    assert_eq!(body["instructions"], "Be brief.");
    assert_eq!(body["max_output_tokens"], 100);
    assert_eq!(body.get("temperature"), None, "o3-pro rejects temperature");
}

#[tokio::test]
async fn rate_limit_with_retry_after_then_success() {
    let ok = r#"{"model":"gpt-4.1","choices":[{"message":{"content":"ok"},"finish_reason":"stop"}]}"#;
    let server = FaultServer::start(vec![
        Reply::json(429, r#"{"error":{"message":"slow down"}}"#).with_header("Retry-After", "1"),
        Reply::json(200, ok),
    ])
    .await;
    let started = std::time::Instant::now();
    let (answer, events) = run(&endpoint(&server, ProviderKind::OpenAiChat, "gpt-4.1"), false).await;
    assert_eq!(answer.unwrap().text, "ok");
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After was honoured");
    assert!(
        matches!(&events[0], StreamEvent::Retrying { attempt: 1, after, .. } if *after == Duration::from_secs(1)),
        "{events:?}"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn retry_after_as_an_http_date() {
    let when = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(1));
    let ok = r#"{"choices":[{"message":{"content":"ok"},"finish_reason":"stop"}]}"#;
    let server =
        FaultServer::start(vec![Reply::json(503, "busy").with_header("Retry-After", &when), Reply::json(200, ok)])
            .await;
    let (answer, events) = run(&endpoint(&server, ProviderKind::OpenAiChat, "gpt-4.1"), false).await;
    assert_eq!(answer.unwrap().text, "ok");
    assert!(
        matches!(&events[0], StreamEvent::Retrying { after, .. } if *after <= Duration::from_secs(1)),
        "{events:?}"
    );
}

#[tokio::test]
async fn server_error_then_success() {
    let server = FaultServer::start(vec![
        Reply::json(500, r#"{"error":{"message":"boom"}}"#),
        Reply::sse(&(openai_chunk(&serde_json::json!({ "content": "fine" })) + OPENAI_END), 1000, End::Complete),
    ])
    .await;
    let (answer, events) = run(&endpoint(&server, ProviderKind::OpenAiChat, "gpt-4.1"), true).await;
    assert_eq!(answer.unwrap().text, "fine");
    assert!(
        matches!(&events[0], StreamEvent::Retrying { reason, .. } if reason.contains("500") && reason.contains("boom"))
    );
}

#[tokio::test]
async fn persistent_server_error_is_bounded() {
    let server = FaultServer::start(vec![Reply::json(502, "bad gateway")]).await;
    let (answer, events) = run(&endpoint(&server, ProviderKind::OpenAiChat, "gpt-4.1"), true).await;
    let err = answer.unwrap_err();
    assert!(matches!(err, LlmError::Server { status: 502, attempts: 3, .. }), "{err:?}");
    assert_eq!(server.requests().len(), 3);
    assert_eq!(events.len(), 2, "two retries announced");
    assert!(err.to_string().contains("try again later"), "{err}");
}

#[tokio::test]
async fn retry_after_beyond_the_limit_fails_at_once() {
    let server = FaultServer::start(vec![Reply::json(429, "{}").with_header("Retry-After", "3600")]).await;
    let (answer, _) = run(&endpoint(&server, ProviderKind::OpenAiChat, "gpt-4.1"), false).await;
    let err = answer.unwrap_err();
    assert!(matches!(err, LlmError::RateLimited { attempts: 1, .. }), "{err:?}");
    assert!(err.to_string().contains("retry after 3600 s"), "{err}");
}

#[tokio::test]
async fn stall_ends_in_the_idle_timeout() {
    let body = openai_chunk(&serde_json::json!({ "content": "partial" }));
    let server = FaultServer::start(vec![Reply::sse(&body, 1000, End::Stall)]).await;
    let mut ep = endpoint(&server, ProviderKind::OpenAiChat, "gpt-4.1");
    ep.timeouts.idle = Duration::from_millis(300);
    let started = std::time::Instant::now();
    let (answer, events) = run(&ep, true).await;
    let err = answer.unwrap_err();
    assert!(matches!(err, LlmError::Timeout { .. }), "{err:?}");
    assert!(err.to_string().contains("stalled"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(texts(&events).0, "partial");
}

#[tokio::test]
async fn reset_mid_stream_is_a_broken_answer() {
    let body = openai_chunk(&serde_json::json!({ "content": "partial" }));
    let server = FaultServer::start(vec![Reply::sse(&body, 1000, End::Reset)]).await;
    let (answer, _) = run(&endpoint(&server, ProviderKind::OpenAiChat, "gpt-4.1"), true).await;
    let err = answer.unwrap_err();
    assert!(matches!(err, LlmError::Broken { .. }), "{err:?}");
    assert!(err.to_string().contains("broke off"), "{err}");
}

#[tokio::test]
async fn stream_that_ends_without_finishing_is_broken() {
    let body = openai_chunk(&serde_json::json!({ "content": "partial" }));
    let server = FaultServer::start(vec![Reply::sse(&body, 1000, End::Complete)]).await;
    let (answer, _) = run(&endpoint(&server, ProviderKind::OpenAiChat, "gpt-4.1"), true).await;
    assert!(matches!(answer.unwrap_err(), LlmError::Broken { .. }));
}

#[tokio::test]
async fn invalid_json_in_the_stream_is_malformed() {
    let body = "data: {\"choices\": [oops\n\n";
    let server = FaultServer::start(vec![Reply::sse(body, 1000, End::Complete)]).await;
    let (answer, _) = run(&endpoint(&server, ProviderKind::OpenAiChat, "gpt-4.1"), true).await;
    let err = answer.unwrap_err();
    assert!(matches!(err, LlmError::Malformed { .. }), "{err:?}");
    assert!(err.to_string().contains("invalid JSON"), "{err}");
}

#[tokio::test]
async fn invalid_json_body_is_malformed() {
    let server = FaultServer::start(vec![Reply::json(200, "<html>proxy error</html>")]).await;
    let (answer, _) = run(&endpoint(&server, ProviderKind::Anthropic, "claude-sonnet-4-5"), false).await;
    assert!(matches!(answer.unwrap_err(), LlmError::Malformed { .. }));
}

#[tokio::test]
async fn error_events_in_streams_are_reported() {
    let openai = "data: {\"error\":{\"message\":\"context length exceeded\"}}\n\n";
    let anthropic = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n";
    for (kind, body, words) in [
        (ProviderKind::OpenAiChat, openai, "context length exceeded"),
        (ProviderKind::Anthropic, anthropic, "Overloaded"),
    ] {
        let server = FaultServer::start(vec![Reply::sse(body, 1000, End::Complete)]).await;
        let (answer, _) = run(&endpoint(&server, kind, "m"), true).await;
        let err = answer.unwrap_err();
        assert!(matches!(err, LlmError::Provider { .. }) && err.to_string().contains(words), "{err:?}");
    }
}

#[tokio::test]
async fn unauthorized_names_the_variable_and_never_the_key() {
    // Servers echo the key they were given; the message must not.
    let echo = format!(r#"{{"error":{{"message":"Incorrect API key provided: {KEY}"}}}}"#);
    for status in [401, 403] {
        let server = FaultServer::start(vec![Reply::json(status, &echo)]).await;
        let (answer, _) = run(&endpoint(&server, ProviderKind::OpenAiChat, "gpt-4.1"), true).await;
        let err = answer.unwrap_err();
        let text = err.to_string();
        assert!(matches!(err, LlmError::Unauthorized { .. }), "{err:?}");
        assert!(text.contains("TEST_API_KEY") && text.contains("Incorrect API key provided: ***"), "{text}");
        assert_eq!(server.requests().len(), 1, "a refused key is not retried");
    }
}

#[tokio::test]
async fn rejected_request_names_the_model() {
    let server = FaultServer::start(vec![Reply::json(404, r#"{"error":{"message":"model not found"}}"#)]).await;
    let (answer, _) = run(&endpoint(&server, ProviderKind::OpenAiChat, "gpt-9"), false).await;
    let text = answer.unwrap_err().to_string();
    assert!(text.contains("`gpt-9`") && text.contains("model not found"), "{text}");
}

#[tokio::test]
async fn connection_refused_is_a_clear_error_without_the_key() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    // The key is also put in the URL here, to check that nothing echoes URLs unscrubbed.
    let ep = Endpoint::new(ProviderKind::OpenAiChat, format!("http://127.0.0.1:{port}/v1?k={KEY}"), "gpt-4.1")
        .with_key(Secret::new(KEY), "TEST_API_KEY");
    let mut events = Vec::new();
    let err = chat(&ep, &request(false), &mut |e| events.push(e)).await.unwrap_err();
    let text = format!("{err} {err:?} {ep:?}");
    assert!(matches!(err, LlmError::Connect { .. }), "{err:?}");
    assert!(text.contains("check that the server is running"), "{text}");
    assert!(!text.contains(KEY), "{text}");
}

#[tokio::test]
async fn dropping_the_call_closes_the_connection() {
    let body = openai_chunk(&serde_json::json!({ "content": "partial" }));
    let server = FaultServer::start(vec![Reply::sse(&body, 1000, End::Stall)]).await;
    let ep = endpoint(&server, ProviderKind::OpenAiChat, "gpt-4.1");
    let (tx, rx) = tokio::sync::oneshot::channel();
    let mut tx = Some(tx);
    let req = request(true);
    let mut on_event = |e| {
        if matches!(e, StreamEvent::Text(_))
            && let Some(tx) = tx.take()
        {
            let _ = tx.send(());
        }
    };
    let call = chat(&ep, &req, &mut on_event);
    // Run the call until its first text arrives, then drop it.
    tokio::select! {
        _ = call => panic!("the stalled call cannot finish"),
        _ = rx => {}
    }
    tokio::time::timeout(Duration::from_secs(2), server.client_closed.notified())
        .await
        .expect("the server saw the connection close once the call was dropped");
}
