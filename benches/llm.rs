//! modelfit's own overhead in a model call: building the request and parsing a 2,000-token
//! answer streamed one token per SSE event, from bytes in memory (no network), in the OpenAI
//! Chat Completions and Anthropic Messages formats. Target: at most 1 ms per answer.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use modelfit::llm::{ChatRequest, Endpoint, Message, ProviderKind, StreamEvent, build_request, decode_stream};

// The binary's allocator (see src/main.rs), so the figures are the ones users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TOKENS: usize = 2000;

fn token(i: usize) -> String {
    // Words of varied length, with a non-ASCII one now and then.
    match i % 7 {
        0 => " the".to_owned(),
        3 => " naïve".to_owned(),
        5 => format!(" item{i}"),
        _ => " word".to_owned(),
    }
}

/// One SSE event per token, each as its own chunk, the way a server flushes them.
fn openai_stream() -> Vec<Vec<u8>> {
    let mut chunks: Vec<Vec<u8>> = (0..TOKENS)
        .map(|i| {
            let event = serde_json::json!({
                "id": "chatcmpl-1", "object": "chat.completion.chunk", "model": "gpt-4.1",
                "choices": [{ "index": 0, "delta": { "content": token(i) }, "finish_reason": null }]
            });
            format!("data: {event}\n\n").into_bytes()
        })
        .collect();
    chunks.push(b"data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"completion_tokens\":2000}}\n\ndata: [DONE]\n\n".to_vec());
    chunks
}

/// As OpenAI itself streams: more bookkeeping fields, and an `obfuscation` string of random
/// length in every event (padding against side channels that measure sizes).
fn openai_padded_stream() -> Vec<Vec<u8>> {
    let mut chunks: Vec<Vec<u8>> = (0..TOKENS)
        .map(|i| {
            let padding: String =
                "aZ3kQ9xW2mP7rT5yL8nB4vC6".chars().cycle().skip(i % 11).take(2 + i * 7 % 13).collect();
            let event = serde_json::json!({
                "id": "chatcmpl-Bx7", "object": "chat.completion.chunk", "created": 1_764_400_000,
                "model": "gpt-4.1-2025-04-14", "service_tier": "default", "system_fingerprint": "fp_b3f1157249",
                "choices": [{ "index": 0, "delta": { "content": token(i) }, "logprobs": null, "finish_reason": null }],
                "obfuscation": padding
            });
            format!("data: {event}\n\n").into_bytes()
        })
        .collect();
    chunks.push(b"data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"completion_tokens\":2000}}\n\ndata: [DONE]\n\n".to_vec());
    chunks
}

fn anthropic_stream() -> Vec<Vec<u8>> {
    let mut chunks = vec![
        b"event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-4-5\"}}\n\n".to_vec(),
        b"event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n".to_vec(),
    ];
    chunks.extend((0..TOKENS).map(|i| {
        let event = serde_json::json!({
            "type": "content_block_delta", "index": 0, "delta": { "type": "text_delta", "text": token(i) }
        });
        format!("event: content_block_delta\ndata: {event}\n\n").into_bytes()
    }));
    chunks.push(b"event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2000}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n".to_vec());
    chunks
}

fn request() -> ChatRequest {
    ChatRequest {
        messages: vec![
            Message::system("You draft prompts. Answer with the prompt only."),
            Message::user("Draft a prompt that summarises a meeting transcript into action items.\n".repeat(20)),
        ],
        max_output_tokens: Some(4096),
        temperature: Some(0.3),
        stream: true,
    }
}

fn call(c: &mut Criterion, name: &str, kind: ProviderKind, model: &str, chunks: &[Vec<u8>]) {
    let endpoint = Endpoint::new(kind, "https://api.example/v1", model);
    let request = request();
    let chunks: Vec<&[u8]> = chunks.iter().map(Vec::as_slice).collect();
    c.bench_function(name, |b| {
        b.iter(|| {
            let http = build_request(&endpoint, black_box(&request));
            let body = serde_json::to_vec(&http.body).unwrap_or_default();
            let mut pieces = 0usize;
            let answer = decode_stream(&endpoint, black_box(&chunks), &mut |e| {
                if let StreamEvent::Text(_) = e {
                    pieces += 1;
                }
            });
            assert_eq!(answer.map(|a| a.output_tokens), Ok(Some(2000)));
            black_box((body, pieces))
        });
    });
}

fn benches(c: &mut Criterion) {
    call(c, "llm/openai_chat_2000_tokens", ProviderKind::OpenAiChat, "gpt-4.1", &openai_stream());
    call(c, "llm/anthropic_2000_tokens", ProviderKind::Anthropic, "claude-sonnet-4-5", &anthropic_stream());
    call(c, "llm/openai_chat_padded_2000_tokens", ProviderKind::OpenAiChat, "gpt-4.1", &openai_padded_stream());
}

criterion_group!(llm, benches);
criterion_main!(llm);
