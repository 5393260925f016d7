//! modelfit's own overhead in a draft (issue 5's budget: ≤ 1 ms): building the request for a 5 KB
//! document, parsing a 2,000-token answer streamed one token per SSE event (counting tokens the way
//! the progress reporter does), and constructing the anchored edit. The network is not measured.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use modelfit::analysis::assist::anchor::{AnchoredEdit, EditKind, insertion_text};
use modelfit::analysis::assist::prompts::{self, DraftPlacement, Spot};
use modelfit::analysis::assist::secrets;
use modelfit::analysis::text::TextRange;
use modelfit::llm::{self, ChatRequest, Endpoint, Message, MessageRole, ProviderKind, StreamEvent};

// The binary's allocator (see src/main.rs), so the figures are the ones users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn document() -> (String, TextRange) {
    let mut text = String::new();
    while text.len() < 2_500 {
        text.push_str("def handler(event):\n    return process(event['body'])  # keeps the API small\n");
    }
    let start = text.len();
    text.push_str("# AI: add retries with exponential backoff around process()\n");
    let end = text.len();
    while text.len() < 5_000 {
        text.push_str("def other(x):\n    return x * 2\n");
    }
    (text, TextRange::new(start, end))
}

/// 2,000 SSE events of one token each, as an OpenAI-compatible server streams them.
fn stream() -> Vec<Vec<u8>> {
    let mut chunks = Vec::with_capacity(2_001);
    for i in 0..2_000 {
        let token = if i % 12 == 11 { "\n" } else { " tok" };
        let event = serde_json::json!({
            "id": "c", "object": "chat.completion.chunk", "model": "gpt-4.1",
            "choices": [{ "index": 0, "delta": { "content": token }, "finish_reason": null }]
        });
        chunks.push(format!("data: {event}\n\n").into_bytes());
    }
    chunks.push(b"data: [DONE]\n\n".to_vec());
    chunks
}

fn bench(c: &mut Criterion) {
    let (text, selection) = document();
    let chunks = stream();
    let slices: Vec<&[u8]> = chunks.iter().map(Vec::as_slice).collect();
    let endpoint = Endpoint::new(ProviderKind::OpenAiChat, "http://127.0.0.1:1/v1", "gpt-4.1");
    c.bench_function("assist/draft overhead: 5 KB document, 2,000-token streamed answer", |b| {
        b.iter(|| {
            let spot = Spot {
                file_name: "handler.py",
                before: &text[..selection.start],
                selection: &text[selection.as_range()],
                after: &text[selection.end..],
            };
            let found = secrets::scan(&text);
            let messages = prompts::draft(&spot, None, DraftPlacement::Insert);
            let request = ChatRequest {
                messages: messages
                    .into_iter()
                    .map(|m| Message {
                        role: match m.speaker {
                            prompts::Speaker::System => MessageRole::System,
                            prompts::Speaker::User => MessageRole::User,
                        },
                        content: m.content,
                    })
                    .collect(),
                max_output_tokens: Some(4096),
                temperature: None,
                stream: true,
            };
            let http = llm::build_request(&endpoint, &request);
            let body = serde_json::to_vec(&http.body).expect("serialisable");
            let mut tokens = 0usize;
            let mut on_event = |e: StreamEvent| {
                if let StreamEvent::Text(_) = e {
                    tokens += 1;
                }
            };
            let answer = llm::decode_stream(&endpoint, &slices, &mut on_event).expect("valid stream");
            let draft = prompts::clean_draft(&answer.text);
            let insert = insertion_text(&text[selection.as_range()], &draft, "\n");
            let edit = AnchoredEdit::new(&text, selection, EditKind::InsertAfter, insert);
            let placed = edit.place(&text).expect("placed");
            black_box((found, body.len(), tokens, placed));
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
