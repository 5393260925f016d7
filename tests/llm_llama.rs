//! `llm::chat` against a real llama.cpp server (SmolLM2-135M): its OpenAI `/v1/chat/completions`
//! and Anthropic `/v1/messages` endpoints, streaming and not. The model's answer is nonsense, so
//! the tests check structure: non-empty text, a finish reason, a token count, streamed pieces
//! that add up to the answer.

#![allow(clippy::unwrap_used)]

mod support;

use modelfit::llm::{Answer, ChatRequest, Endpoint, Message, ProviderKind, StreamEvent, chat};
use support::llama::LlamaServer;

fn request(stream: bool) -> ChatRequest {
    ChatRequest {
        messages: vec![Message::system("You are terse."), Message::user("Say hello.")],
        max_output_tokens: Some(6),
        temperature: Some(0.0),
        stream,
    }
}

async fn ask(endpoint: &Endpoint, stream: bool) -> (Answer, Vec<StreamEvent>) {
    let mut events = Vec::new();
    let answer = chat(endpoint, &request(stream), &mut |e| events.push(e))
        .await
        .unwrap_or_else(|e| panic!("{} (stream: {stream}) failed: {e}", endpoint.kind));
    (answer, events)
}

fn check(answer: &Answer, events: &[StreamEvent], stream: bool) {
    assert!(!answer.text.trim().is_empty(), "empty answer: {answer:?}");
    assert!(answer.finish_reason.is_some(), "no finish reason: {answer:?}");
    assert!(answer.output_tokens.is_some_and(|n| (1..=6).contains(&n)), "token count: {answer:?}");
    assert!(!answer.model.is_empty());
    assert_eq!(answer.reasoning, None, "SmolLM2 does not reason");
    let texts: Vec<&str> = events
        .iter()
        .map(|e| match e {
            StreamEvent::Text(t) => t.as_str(),
            other => panic!("unexpected event {other:?}"),
        })
        .collect();
    assert_eq!(texts.concat(), answer.text, "the streamed pieces add up to the answer");
    if stream {
        assert!(texts.len() > 1, "a streamed answer arrives in pieces: {texts:?}");
    } else {
        assert_eq!(texts.len(), 1, "a whole answer is reported once");
    }
}

/// Every request of a kind, streaming and not, against the server shared by this binary (held
/// for the whole test: a plain test that runs its own runtime, so no lock is held across an
/// `.await` of the test harness's runtime).
fn both_ways(kind: ProviderKind) {
    let server = LlamaServer::turn();
    let endpoint = Endpoint::new(kind, server.base_url(), "smollm2-135m");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    for stream in [false, true] {
        let (answer, events) = runtime.block_on(ask(&endpoint, stream));
        check(&answer, &events, stream);
    }
}

#[test]
fn llama_cpp_openai_chat_endpoint_streaming_and_not() {
    both_ways(ProviderKind::OpenAiChat);
}

#[test]
fn llama_cpp_anthropic_messages_endpoint_streaming_and_not() {
    both_ways(ProviderKind::Anthropic);
}
