//! The exact request each dialect sends, per model: the catalog decides which parameters go out
//! (no `temperature` for o3, `max_completion_tokens` for o-series, thinking rules for Claude,
//! thinking settings only for Gemini models that think).

use expect_test::{Expect, expect};

use super::{ChatRequest, Endpoint, Message, ProviderKind, Secret, build_request};

fn request(temperature: Option<f32>, max: Option<u32>, stream: bool) -> ChatRequest {
    ChatRequest {
        messages: vec![
            Message::system("Be brief."),
            Message::user("Hi"),
            Message::assistant("Hello."),
            Message::user("Go on"),
        ],
        max_output_tokens: max,
        temperature,
        stream,
    }
}

/// The URL, the key header's name, other headers, and the body.
fn render(endpoint: &Endpoint, request: &ChatRequest) -> String {
    let http = build_request(endpoint, request);
    let mut out = format!("POST {}\n", http.url);
    if let Some((name, value)) = &http.auth {
        assert!(value.expose().contains("KEY-0123456789"), "the key goes into {name}");
        out.extend([name, ": <key>\n"]);
    }
    for (name, value) in &http.headers {
        out.extend([name, ": ", value.as_str(), "\n"]);
    }
    out.push_str(&serde_json::to_string_pretty(&http.body).unwrap_or_default());
    out
}

fn check(kind: ProviderKind, model: &str, request: &ChatRequest, expect: &Expect) {
    let endpoint = Endpoint::new(kind, "https://api.example/v1/", model).with_key(Secret::new("KEY-0123456789"), "K");
    expect.assert_eq(&render(&endpoint, request));
}

#[test]
fn general_openai_model_takes_everything() {
    check(
        ProviderKind::OpenAiChat,
        "gpt-4.1",
        &request(Some(0.2), Some(500), true),
        &expect![[r#"
            POST https://api.example/v1/chat/completions
            authorization: <key>
            {
              "max_tokens": 500,
              "messages": [
                {
                  "content": "Be brief.",
                  "role": "system"
                },
                {
                  "content": "Hi",
                  "role": "user"
                },
                {
                  "content": "Hello.",
                  "role": "assistant"
                },
                {
                  "content": "Go on",
                  "role": "user"
                }
              ],
              "model": "gpt-4.1",
              "stream": true,
              "stream_options": {
                "include_usage": true
              },
              "temperature": 0.2
            }"#]],
    );
}

#[test]
fn o3_gets_no_temperature_and_max_completion_tokens() {
    check(
        ProviderKind::OpenAiChat,
        "o3-2025-04-16",
        &ChatRequest { messages: vec![Message::user("Hi")], ..request(Some(0.2), Some(500), false) },
        &expect![[r#"
            POST https://api.example/v1/chat/completions
            authorization: <key>
            {
              "max_completion_tokens": 500,
              "messages": [
                {
                  "content": "Hi",
                  "role": "user"
                }
              ],
              "model": "o3-2025-04-16"
            }"#]],
    );
}

#[test]
fn o3_keeps_the_default_temperature() {
    let endpoint = Endpoint::new(ProviderKind::OpenAiChat, "http://x/v1", "o3");
    let body = build_request(&endpoint, &request(Some(1.0), None, false)).body;
    assert_eq!(body["temperature"], 1.0);
}

#[test]
fn o1_mini_gets_its_system_message_inside_the_user_message() {
    check(
        ProviderKind::OpenAiChat,
        "o1-mini",
        &ChatRequest {
            messages: vec![Message::system("Be brief."), Message::user("Hi")],
            ..request(None, None, false)
        },
        &expect![[r#"
            POST https://api.example/v1/chat/completions
            authorization: <key>
            {
              "messages": [
                {
                  "content": "Be brief.\n\nHi",
                  "role": "user"
                }
              ],
              "model": "o1-mini"
            }"#]],
    );
}

#[test]
fn deepseek_reasoner_gets_no_temperature_it_would_ignore() {
    let endpoint = Endpoint::new(ProviderKind::OpenAiChat, "http://x/v1", "deepseek-reasoner");
    let body = build_request(&endpoint, &request(Some(0.3), Some(100), false)).body;
    assert_eq!(body.get("temperature"), None);
    assert_eq!(body["max_tokens"], 100);
}

#[test]
fn unknown_local_model_is_sent_as_asked() {
    let endpoint = Endpoint::new(ProviderKind::OpenAiChat, "http://127.0.0.1:11434/v1", "llama3.2:3b");
    let http = build_request(&endpoint, &request(Some(0.5), Some(64), false));
    assert_eq!(http.auth.map(|(name, _)| name), None, "no key, no header");
    assert_eq!((http.body["temperature"].as_f64(), http.body["max_tokens"].as_u64()), (Some(0.5), Some(64)));
}

#[test]
fn responses_api_uses_instructions_and_max_output_tokens() {
    check(
        ProviderKind::OpenAiResponses,
        "o3-pro",
        &request(Some(0.2), Some(800), true),
        &expect![[r#"
            POST https://api.example/v1/responses
            authorization: <key>
            {
              "input": [
                {
                  "content": "Hi",
                  "role": "user"
                },
                {
                  "content": "Hello.",
                  "role": "assistant"
                },
                {
                  "content": "Go on",
                  "role": "user"
                }
              ],
              "instructions": "Be brief.",
              "max_output_tokens": 800,
              "model": "o3-pro",
              "store": false,
              "stream": true
            }"#]],
    );
}

#[test]
fn anthropic_gets_a_default_max_tokens_and_a_system_field() {
    check(
        ProviderKind::Anthropic,
        "claude-sonnet-4-5",
        &request(Some(0.2), None, true),
        &expect![[r#"
            POST https://api.example/v1/messages
            x-api-key: <key>
            anthropic-version: 2023-06-01
            {
              "max_tokens": 4096,
              "messages": [
                {
                  "content": "Hi",
                  "role": "user"
                },
                {
                  "content": "Hello.",
                  "role": "assistant"
                },
                {
                  "content": "Go on",
                  "role": "user"
                }
              ],
              "model": "claude-sonnet-4-5",
              "stream": true,
              "system": "Be brief.",
              "temperature": 0.2
            }"#]],
    );
}

#[test]
fn anthropic_thinking_drops_temperature_and_lifts_budget_and_cap() {
    let mut endpoint = Endpoint::new(ProviderKind::Anthropic, "http://x/v1", "claude-sonnet-4-5");
    endpoint.thinking_budget = Some(500);
    let body = build_request(&endpoint, &request(Some(0.2), Some(1000), false)).body;
    expect![[r#"{"max_tokens":2024,"thinking":{"budget_tokens":1024,"type":"enabled"}}"#]].assert_eq(
        &serde_json::json!({ "max_tokens": body["max_tokens"], "thinking": body["thinking"], "temperature": body.get("temperature") })
            .to_string()
            .replace(",\"temperature\":null", ""),
    );
    // Temperature 1 is the one value thinking allows.
    let body = build_request(&endpoint, &request(Some(1.0), Some(1000), false)).body;
    assert_eq!(body["temperature"], 1.0);
}

#[test]
fn claude_opus_4_7_gets_no_sampling_and_no_budget() {
    let mut endpoint = Endpoint::new(ProviderKind::Anthropic, "http://x/v1", "claude-opus-4-7");
    endpoint.thinking_budget = Some(2048);
    let body = build_request(&endpoint, &request(Some(0.2), Some(1000), false)).body;
    assert_eq!((body.get("temperature"), body.get("thinking")), (None, None));
}

#[test]
fn gemini_thinking_model_is_asked_for_its_thoughts() {
    check(
        ProviderKind::Gemini,
        "gemini-2.5-flash",
        &request(Some(0.2), Some(300), true),
        &expect![[r#"
            POST https://api.example/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse
            x-goog-api-key: <key>
            {
              "contents": [
                {
                  "parts": [
                    {
                      "text": "Hi"
                    }
                  ],
                  "role": "user"
                },
                {
                  "parts": [
                    {
                      "text": "Hello."
                    }
                  ],
                  "role": "model"
                },
                {
                  "parts": [
                    {
                      "text": "Go on"
                    }
                  ],
                  "role": "user"
                }
              ],
              "generationConfig": {
                "maxOutputTokens": 300,
                "temperature": 0.2,
                "thinkingConfig": {
                  "includeThoughts": true
                }
              },
              "systemInstruction": {
                "parts": [
                  {
                    "text": "Be brief."
                  }
                ]
              }
            }"#]],
    );
}

#[test]
fn gemini_model_without_thinking_gets_no_thinking_config() {
    let mut endpoint = Endpoint::new(ProviderKind::Gemini, "http://x/v1beta", "models/gemini-2.0-flash");
    endpoint.thinking_budget = Some(1024);
    let http = build_request(&endpoint, &request(None, Some(10), false));
    assert_eq!(http.url, "http://x/v1beta/models/gemini-2.0-flash:generateContent");
    assert_eq!(http.body["generationConfig"], serde_json::json!({ "maxOutputTokens": 10 }));
}

#[test]
fn debug_output_never_shows_the_key() {
    let endpoint = Endpoint::new(ProviderKind::OpenAiChat, "http://x/v1", "gpt-4.1")
        .with_key(Secret::new("sk-live-abcdefgh12345678"), "OPENAI_API_KEY");
    let http = build_request(&endpoint, &request(None, None, false));
    let shown = format!("{endpoint:?} {http:?}");
    assert!(!shown.contains("sk-live-abcdefgh12345678"), "{shown}");
    assert!(shown.contains("OPENAI_API_KEY"));
}
