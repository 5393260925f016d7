//! The shape of a stream's text events, remembered so that the events after it are read without
//! parsing them again.
//!
//! Nearly every event of a streamed answer repeats the one before it with only the text changed
//! (`{"id":"c",…,"delta":{"content":" tok"},"finish_reason":null}]}`, then `" the"`, …). Once a
//! decoder has fully parsed such an event and found that its one effect was a piece of text taken
//! from one JSON string, it remembers the event name and the bytes before and after that string.
//! A later event with the same name that starts and ends with exactly those bytes, and whose
//! middle is one valid JSON string ending exactly where the remembered tail begins, decodes as the
//! remembered one did with its own text in place: a JSON parser reads the same head in the same
//! way, a string's value steers nothing after it, and it then reads the same tail in the same
//! state. Anything else (another shape, a string that ends early, an escape serde would refuse)
//! misses, and the event is parsed in full. The decoders' effects besides the text (the model
//! name, set once) do not change what such an event does, which the decoders' tests check by
//! decoding streams with and without the shape.

use std::borrow::Cow;

use super::answer::AnswerBuilder;
use super::json_str::string_at;

/// What the text of a shape is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum TextKind {
    #[default]
    Answer,
    Reasoning,
}

impl TextKind {
    pub fn pass(self, answer: &mut AnswerBuilder<'_>, text: &str) {
        match self {
            Self::Answer => answer.text(text),
            Self::Reasoning => answer.reasoning(text),
        }
    }
}

/// The remembered shape; its buffers are reused when another shape is learnt.
#[derive(Debug, Default)]
pub(crate) struct Shape {
    known: bool,
    /// The SSE event name, when `named`.
    name: String,
    named: bool,
    /// The data up to and including the text's opening quote.
    head: String,
    /// The data after the text's closing quote: all of it, or up to and including the opening
    /// quote of the padding when `padded`.
    tail: String,
    /// A string after the text whose value changes nothing and differs in every event (OpenAI's
    /// `obfuscation`, which pads events to random lengths against side channels): any valid
    /// string is accepted there. `rest` is the data after its closing quote.
    padded: bool,
    rest: String,
    kind: TextKind,
}

impl Shape {
    /// The text of an event, when it has the remembered shape. The data need not be decoded:
    /// the fixed parts are compared as bytes with the decoded ones they were learnt from, and
    /// the strings between them are checked and decoded on their own.
    pub fn read<'d>(&self, name: Option<&str>, bytes: &'d [u8]) -> Option<(TextKind, Cow<'d, str>)> {
        if !self.known || name != self.named.then_some(self.name.as_str()) || !bytes.starts_with(self.head.as_bytes()) {
            return None;
        }
        let (text, mut at) = string_at(bytes, self.head.len())?;
        let tail = self.tail.as_bytes();
        if bytes.get(at..at + tail.len()) != Some(tail) {
            return None;
        }
        at += tail.len();
        if self.padded {
            at = string_at(bytes, at)?.1;
        }
        (bytes.get(at..) == Some(self.rest.as_bytes())).then_some((self.kind, text))
    }

    /// Remembers the shape of `data` (an event named `name`), given that decoding it in full had
    /// one effect: passing on `text` as `kind`, where `text` is the value of a string in `data`
    /// borrowed without escapes; and that the value of the string `padding` (likewise), if any,
    /// changes nothing. A text that is not such a string leaves the shape unknown; a padding
    /// that is not, or comes before the text, is kept as it is.
    pub fn learn(&mut self, name: Option<&str>, data: &str, text: &str, kind: TextKind, padding: Option<&str>) {
        self.known = false;
        let Some(start) = whole_string(data, text) else { return };
        let after_text = start + text.len() + 1;
        let padding = padding.and_then(|p| Some((whole_string(data, p)?, p.len()))).filter(|&(at, _)| at > after_text);
        let (tail_end, rest_start) = padding.map_or((data.len(), data.len()), |(at, len)| (at, at + len + 1));
        self.head.clear();
        self.head.push_str(&data[..start]);
        self.tail.clear();
        self.tail.push_str(&data[after_text..tail_end]);
        self.rest.clear();
        self.rest.push_str(&data[rest_start..]);
        self.padded = padding.is_some();
        self.name.clear();
        self.name.push_str(name.unwrap_or_default());
        self.named = name.is_some();
        self.kind = kind;
        self.known = true;
    }
}

/// Where `value` starts in `data`, when it is a slice of `data` that is the whole value of a
/// string without escapes.
fn whole_string(data: &str, value: &str) -> Option<usize> {
    let start = value.as_ptr().addr().checked_sub(data.as_ptr().addr())?;
    if start == 0 || start + value.len() >= data.len() || data.as_bytes()[start - 1] != b'"' {
        return None;
    }
    match string_at(data.as_bytes(), start)? {
        (Cow::Borrowed(read), after) if read.len() == value.len() && after == start + value.len() + 1 => Some(start),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Shape, TextKind};

    fn learnt(name: Option<&str>, data: &str, text: &str) -> Shape {
        let mut shape = Shape::default();
        let at = data.find(text).expect("text in data");
        shape.learn(name, data, &data[at..at + text.len()], TextKind::Answer, None);
        shape
    }

    fn read(shape: &Shape, name: Option<&str>, data: &str) -> Option<String> {
        shape.read(name, data.as_bytes()).map(|(_, text)| text.into_owned())
    }

    const EVENT: &str = r#"{"choices":[{"delta":{"content":" tok"},"finish_reason":null}]}"#;

    #[test]
    fn the_same_shape_gives_its_text() {
        let shape = learnt(None, EVENT, " tok");
        let other = EVENT.replace(" tok", r#"a \"q\" \u00e9\n naïve"#);
        assert_eq!(read(&shape, None, &other), Some("a \"q\" é\n naïve".to_owned()));
        assert_eq!(read(&shape, None, &EVENT.replace(" tok", "")), Some(String::new()));
    }

    #[test]
    fn anything_else_misses() {
        let shape = learnt(None, EVENT, " tok");
        for data in [
            // The string ends early and the rest is other JSON that happens to end the same way.
            r#"{"choices":[{"delta":{"content":"a"},"x":{"y":"b"},"finish_reason":null}]}"#,
            r#"{"choices":[{"delta":{"content":"a","role":"b"},"finish_reason":null}]}"#,
            r#"{"choices":[{"delta":{"content":"a"},"finish_reason":"stop"}]}"#,
            r#"{"choices":[{"delta":{"reasoning":"a"},"finish_reason":null}]}"#,
            r#"{"choices":[{"delta":{"content":"\ud83d"},"finish_reason":null}]}"#,
            "{\"choices\":[{\"delta\":{\"content\":\"a\tb\"},\"finish_reason\":null}]}",
            r#"{"choices":[{"delta":{"content":"a\"},"finish_reason":null}]}"#,
            r#"{"choices":[{"delta":{"content":"},"finish_reason":null}]}"#,
            r#"{"choices":[{"delta":{"content":"#,
            "",
        ] {
            assert_eq!(read(&shape, None, data), None, "{data}");
        }
        assert_eq!(read(&shape, Some("message"), EVENT), None, "another event name");
        assert_eq!(read(&learnt(Some("delta"), EVENT, " tok"), None, EVENT), None, "another event name");
    }

    #[test]
    fn only_a_string_of_the_data_is_learnt() {
        let elsewhere = String::from(" tok");
        let mut shape = Shape::default();
        shape.learn(None, EVENT, &elsewhere, TextKind::Answer, None);
        assert_eq!(read(&shape, None, EVENT), None, "a text not in the data");
        let escaped = r#"{"delta":{"content":"a\nb"}}"#;
        let shape = learnt(None, escaped, "a");
        assert_eq!(read(&shape, None, escaped), None, "a text that is not the whole string");
        let key = learnt(None, EVENT, "content");
        assert_eq!(read(&key, None, EVENT), Some("content".to_owned()), "a key is a string too");
    }

    use proptest::prelude::*;

    use super::super::answer::{AnswerBuilder, DecodeError, StreamDecoder};
    use super::super::sse::SseEventRef;
    use super::super::{Answer, StreamEvent, anthropic, openai_chat};

    type Outcome = (Vec<StreamEvent>, Result<Answer, DecodeError>);

    /// Decodes the events with one decoder (which learns shapes), or with a fresh one per event
    /// (which never reads an event by its shape).
    fn decode(
        fresh: &dyn Fn() -> Box<dyn StreamDecoder>,
        learning: bool,
        events: &[(Option<&str>, Vec<u8>)],
    ) -> Outcome {
        let mut seen = Vec::new();
        let mut on_event = |e: StreamEvent| seen.push(e);
        let mut answer = AnswerBuilder::new(&mut on_event);
        let mut decoder = fresh();
        let mut failed = None;
        for (name, data) in events {
            if !learning {
                decoder = fresh();
            }
            match decoder.event(SseEventRef { event: *name, raw_data: data }, &mut answer) {
                Ok(true) => break,
                Ok(false) => {}
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        let answer = answer.finish("requested");
        (seen, failed.map_or(Ok(answer), Err))
    }

    /// A string literal: usually valid JSON, sometimes the raw text between quotes (which may
    /// be invalid, or end the string early); `¤` stands for a byte that is not UTF-8.
    fn literal() -> impl Strategy<Value = String> {
        let text = "[a-z \"\\\\é🌍\n\t<>/{}:,]{0,8}";
        prop_oneof![
            4 => text.prop_map(|t| serde_json::to_string(&t).expect("a string")),
            1 => text.prop_map(|t| format!("\"{t}\"")),
            1 => Just(r#""\ud83d""#.to_owned()),
            1 => Just(r#""a¤b""#.to_owned()),
            1 => Just(r#""\ud83d\ude00 \u00e9""#.to_owned()),
        ]
    }

    const OPENAI: [&str; 10] = [
        r#"{"id":"c","object":"chat.completion.chunk","model":"gpt-4.1","choices":[{"index":0,"delta":{"content":TEXT},"finish_reason":null}]}"#,
        r#"{"id":"c","object":"chat.completion.chunk","model":"gpt-4.1","choices":[{"index":0,"delta":{"reasoning_content":TEXT},"finish_reason":null}]}"#,
        r#"{"choices":[{"index":0,"delta":{"content":TEXT},"finish_reason":"stop"}]}"#,
        r#"{"choices":[{"delta":{"content":TEXT,"role":"assistant"}}],"usage":null}"#,
        r#"{"choices":[{"delta":{"reasoning":TEXT}}],"usage":{"completion_tokens":3}}"#,
        r#"{"model":TEXT,"choices":[{"delta":{"content":" x"}}]}"#,
        r#"{"choices":[{"delta":{"content":TEXT}}],"model":"m2","service_tier":"default"}"#,
        r#"{"error":{"message":TEXT}}"#,
        r#"{"id":"c","object":"chat.completion.chunk","model":"gpt-4.1","choices":[{"index":0,"delta":{"content":TEXT},"finish_reason":null}],"obfuscation":PAD}"#,
        r#"{"obfuscation":PAD,"choices":[{"index":0,"delta":{"content":TEXT},"finish_reason":null}]}"#,
    ];

    const ANTHROPIC: [(Option<&str>, &str); 6] = [
        (
            Some("content_block_delta"),
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":TEXT}}"#,
        ),
        (
            Some("content_block_delta"),
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":TEXT}}"#,
        ),
        (None, r#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":TEXT}}"#),
        (Some("content_block_delta"), r#"{"index":0,"delta":{"type":"text_delta","text":TEXT}}"#),
        (Some("message_start"), r#"{"type":"message_start","message":{"model":TEXT}}"#),
        (Some("error"), r#"{"type":"error","error":{"message":TEXT}}"#),
    ];

    fn events<'a>(
        shapes: &[(Option<&'a str>, &str)],
        picks: &[(prop::sample::Index, String, String)],
    ) -> Vec<(Option<&'a str>, Vec<u8>)> {
        picks
            .iter()
            .map(|(i, text, pad)| {
                let (name, shape) = shapes[i.index(shapes.len())];
                let mut bytes = Vec::new();
                for (i, part) in shape.replace("TEXT", text).replace("PAD", pad).split('¤').enumerate() {
                    if i > 0 {
                        bytes.push(0xFF);
                    }
                    bytes.extend_from_slice(part.as_bytes());
                }
                (name, bytes)
            })
            .collect()
    }

    proptest! {
        #[test]
        fn openai_streams_decode_the_same_with_and_without_shapes(
            picks in prop::collection::vec((any::<prop::sample::Index>(), literal(), literal()), 0..12),
            mostly_first in any::<bool>(),
        ) {
            let shapes: Vec<(Option<&str>, &str)> = if mostly_first {
                std::iter::repeat_n([(None, OPENAI[0]), (None, OPENAI[8])], 3)
                    .flatten()
                    .chain(OPENAI.iter().map(|s| (None, *s)))
                    .collect()
            } else {
                OPENAI.iter().map(|s| (None, *s)).collect()
            };
            let events = events(&shapes, &picks);
            let fresh = || Box::new(openai_chat::Decoder::default()) as Box<dyn StreamDecoder>;
            prop_assert_eq!(decode(&fresh, true, &events), decode(&fresh, false, &events));
        }

        #[test]
        fn anthropic_streams_decode_the_same_with_and_without_shapes(
            picks in prop::collection::vec((any::<prop::sample::Index>(), literal(), literal()), 0..12),
        ) {
            let events = events(&ANTHROPIC, &picks);
            let fresh = || Box::new(anthropic::Decoder::default()) as Box<dyn StreamDecoder>;
            prop_assert_eq!(decode(&fresh, true, &events), decode(&fresh, false, &events));
        }
    }

    #[test]
    fn the_decoders_learn_the_shape_of_a_text_event() {
        let mut on_event = |_: StreamEvent| {};
        let mut answer = AnswerBuilder::new(&mut on_event);
        let data = |shape: &str, text: &str| shape.replace("TEXT", text);
        let mut openai = openai_chat::Decoder::default();
        let first = data(OPENAI[0], r#"" tok""#);
        openai.event(SseEventRef { event: None, raw_data: first.as_bytes() }, &mut answer).expect("decoded");
        assert_eq!(read(&openai.shape, None, &data(OPENAI[0], r#"" the""#)), Some(" the".to_owned()));
        // OpenAI's padding differs in every event.
        let padded = |text: &str, pad: &str| data(OPENAI[8], text).replace("PAD", pad);
        let first = padded(r#"" tok""#, r#""aZ3""#);
        openai.event(SseEventRef { event: None, raw_data: first.as_bytes() }, &mut answer).expect("decoded");
        assert_eq!(read(&openai.shape, None, &padded(r#"" the""#, r#""Qx7_-p""#)), Some(" the".to_owned()));
        assert_eq!(read(&openai.shape, None, &padded(r#"" the""#, r#""\q""#)), None, "an invalid padding");
        assert_eq!(read(&openai.shape, None, &padded(r#"" the""#, "null")), None, "no padding string");
        let mut anthropic = anthropic::Decoder::default();
        let (name, shape) = ANTHROPIC[0];
        let first = data(shape, r#"" tok""#);
        anthropic.event(SseEventRef { event: name, raw_data: first.as_bytes() }, &mut answer).expect("decoded");
        assert_eq!(read(&anthropic.shape, name, &data(shape, r#"" the""#)), Some(" the".to_owned()));
    }
}
