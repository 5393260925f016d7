//! A strict scanner for the chunk nearly every streamed event is: one choice whose `delta` holds a
//! piece of text, with the usual bookkeeping fields around it.
//!
//! serde spends about 3,700 instructions on such a 130-byte event (field names matched as strings,
//! skipped fields parsed, a visitor per level), more than the rest of modelfit's work on it; this
//! scanner walks the bytes once. It only ever accepts valid JSON of the shape it knows, and then
//! produces exactly what serde would; anything else (a `usage` object, an error, an unknown field,
//! a duplicate field, a number with a fraction, a lone surrogate, invalid JSON) returns `None`, and
//! the event goes to serde as before. The test below checks the agreement on many shapes.

use std::borrow::Cow;

use super::{Choice, Choices, Chunk, Delta};
use crate::llm::json_str::{special, string_at};

/// The chunk, or `None` when serde must decide.
#[cfg(test)]
pub(super) fn chunk(data: &str) -> Option<Chunk<'_>> {
    chunk_and_padding(data).map(|(chunk, _)| chunk)
}

/// The chunk and the value of its `obfuscation` padding, if it has one; `None` when serde must
/// decide.
pub(super) fn chunk_and_padding(data: &str) -> Option<(Chunk<'_>, Option<&str>)> {
    let mut s = Scanner { text: data, at: 0 };
    let mut model = None;
    let mut padding = None;
    let mut choices = Choices::Absent;
    let mut seen = Seen::default();
    s.object(|s, key| {
        match key {
            "id" | "object" | "system_fingerprint" | "service_tier" => {
                seen.once(match key {
                    "id" => 0,
                    "object" => 1,
                    "system_fingerprint" => 2,
                    _ => 8,
                })?;
                s.plain_string_or_null()?;
            }
            "obfuscation" => {
                seen.once(3)?;
                padding = s.plain_string_or_null()?;
            }
            "created" => {
                seen.once(4)?;
                s.integer()?;
            }
            "model" => {
                seen.once(5)?;
                model = s.plain_string_or_null()?.map(Cow::Borrowed);
            }
            "choices" => {
                seen.once(6)?;
                choices = Choices::First(Some(s.single_choice()?));
            }
            "usage" => {
                seen.once(7)?;
                s.null()?;
            }
            _ => return None,
        }
        Some(())
    })?;
    s.ws();
    (s.at == s.text.len()).then_some((Chunk { model, choices, usage: None, error: None }, padding))
}

/// Fields already met in one object, one bit each: serde refuses a duplicate field, so the
/// scanner leaves any duplicate to serde.
#[derive(Default)]
struct Seen(u32);

impl Seen {
    fn once(&mut self, field: u32) -> Option<()> {
        let bit = 1 << field;
        if self.0 & bit != 0 {
            return None;
        }
        self.0 |= bit;
        Some(())
    }
}

struct Scanner<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.ws();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    fn literal(&mut self, word: &str) -> bool {
        self.ws();
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            true
        } else {
            false
        }
    }

    fn null(&mut self) -> Option<()> {
        self.literal("null").then_some(())
    }

    /// `{ "key": value, ... }`, calling `field` with the scanner positioned before each value.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        self.ws();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Some(());
        }
        loop {
            self.ws();
            let key = self.plain_string()?;
            self.eat(b':')?;
            field(self, key)?;
            self.ws();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A string without escapes, borrowed.
    fn plain_string(&mut self) -> Option<&'a str> {
        self.ws();
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.at + 1;
        let end = special(self.text.as_bytes(), start)?;
        if self.text.as_bytes()[end] != b'"' {
            return None;
        }
        self.at = end + 1;
        Some(&self.text[start..end])
    }

    // The outer `None` is "not the known shape", the inner one a JSON `null`.
    #[allow(clippy::option_option)]
    fn plain_string_or_null(&mut self) -> Option<Option<&'a str>> {
        if self.literal("null") { Some(None) } else { self.plain_string().map(Some) }
    }

    /// A string, borrowed when it has no escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.ws();
        if self.peek()? != b'"' {
            return None;
        }
        let (value, end) = string_at(self.text.as_bytes(), self.at + 1)?;
        self.at = end;
        Some(value)
    }

    #[allow(clippy::option_option)]
    fn string_or_null(&mut self) -> Option<Option<Cow<'a, str>>> {
        if self.literal("null") { Some(None) } else { self.string().map(Some) }
    }

    /// An integer (`-?(0|[1-9][0-9]*)`); a fraction or an exponent is left to serde.
    fn integer(&mut self) -> Option<()> {
        self.ws();
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => {
                while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    self.at += 1;
                }
            }
            _ => return None,
        }
        (!matches!(self.peek(), Some(b'.' | b'e' | b'E' | b'0'..=b'9'))).then_some(())
    }

    /// `[ choice ]`: exactly one choice (several, or none, are left to serde).
    fn single_choice(&mut self) -> Option<Choice<'a>> {
        self.eat(b'[')?;
        let mut delta = None;
        let mut finish_reason = None;
        let mut seen = Seen::default();
        self.object(|s, key| match key {
            "index" => {
                seen.once(0)?;
                s.integer()
            }
            "logprobs" => {
                seen.once(1)?;
                s.null()
            }
            "finish_reason" => {
                seen.once(2)?;
                finish_reason = s.plain_string_or_null()?.map(Cow::Borrowed);
                Some(())
            }
            "delta" => {
                seen.once(3)?;
                delta = if s.literal("null") { None } else { Some(s.delta()?) };
                Some(())
            }
            _ => None,
        })?;
        self.eat(b']')?;
        Some(Choice { delta, finish_reason })
    }

    fn delta(&mut self) -> Option<Delta<'a>> {
        let mut delta = Delta { content: None, reasoning_content: None, reasoning: None };
        let mut seen = Seen::default();
        self.object(|s, key| {
            match key {
                "role" => {
                    seen.once(0)?;
                    s.plain_string_or_null()?;
                }
                "content" => {
                    seen.once(1)?;
                    delta.content = s.string_or_null()?;
                }
                "reasoning_content" => {
                    seen.once(2)?;
                    delta.reasoning_content = s.string_or_null()?;
                }
                "reasoning" => {
                    seen.once(3)?;
                    delta.reasoning = s.string_or_null()?;
                }
                _ => return None,
            }
            Some(())
        })?;
        Some(delta)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Chunk;

    /// What serde makes of `data`, in a comparable form.
    fn serde(data: &str) -> Option<String> {
        serde_json::from_str::<Chunk<'_>>(data).ok().map(|c| describe(&c))
    }

    fn describe(c: &Chunk<'_>) -> String {
        format!("{c:?}")
    }

    fn agree(data: &str) -> bool {
        let fast = super::chunk(data).map(|c| describe(&c));
        if let Some(fast) = &fast {
            assert_eq!(Some(fast.clone()), serde(data), "the scanner and serde disagree on {data}");
        }
        fast.is_some()
    }

    #[test]
    fn the_common_chunks_take_the_fast_path_and_agree_with_serde() {
        for data in [
            r#"{"id":"c","object":"chat.completion.chunk","model":"gpt-4.1","choices":[{"index":0,"delta":{"content":" tok"},"finish_reason":null}]}"#,
            r#"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1732860000,"model":"smollm2","system_fingerprint":"b1","choices":[{"index":0,"delta":{"role":"assistant","content":null},"logprobs":null,"finish_reason":null}]}"#,
            r#"{"choices":[{"index":0,"delta":{"content":"line\nnext \"q\" \\ \/ \t \u00e9 \ud83d\ude00 naïve"},"finish_reason":null}],"usage":null}"#,
            r#"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
            r#"{"choices":[{"index":0,"delta":{"reasoning_content":"hm"}}]}"#,
            r#"{"choices":[{"delta":{"reasoning":"hm","content":""},"index":-0}]}"#,
            r#" { "model" : null , "choices" : [ { "delta" : null } ] } "#,
            r#"{"model":"m","choices":[{"delta":{"content":"\u0041\b\f\r"}}],"obfuscation":"x"}"#,
            r#"{"id":"chatcmpl-B","object":"chat.completion.chunk","created":1764400000,"model":"gpt-4.1-2025-04-14","service_tier":"default","system_fingerprint":"fp_1","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}],"obfuscation":"aZ3"}"#,
        ] {
            assert!(agree(data), "not on the fast path: {data}");
        }
    }

    #[test]
    fn everything_else_is_left_to_serde() {
        for data in [
            r#"{"choices":[{"delta":{"content":"a"}}],"usage":{"completion_tokens":3}}"#,
            r#"{"error":{"message":"overloaded"}}"#,
            r#"{"choices":[]}"#,
            r#"{"choices":[{"delta":{"content":"a"}},{"delta":{"content":"b"}}]}"#,
            r#"{"choices":[{"delta":{"content":"a","content":"b"}}]}"#,
            r#"{"model":"a","model":"b","choices":[]}"#,
            r#"{"choices":[{"index":0.5,"delta":{"content":"a"}}]}"#,
            r#"{"choices":[{"index":01,"delta":{"content":"a"}}]}"#,
            r#"{"choices":[{"delta":{"content":"\ud83d"}}]}"#,
            r#"{"choices":[{"delta":{"content":"\ude00"}}]}"#,
            r#"{"choices":[{"delta":{"content":"\x"}}]}"#,
            "{\"choices\":[{\"delta\":{\"content\":\"a\tb\"}}]}",
            r#"{"choices":[{"delta":{"content":"a"}}]} x"#,
            r#"{"choices":[{"delta":{"content":"a"}}],}"#,
            r#"{"choices":[{"delta":{"content":"a"},"extra":1}]}"#,
            r#"{"model":"\u0041","choices":[]}"#,
            r#"{"choices":[{"delta":{"content":"a"}}]"#,
            "",
            "[DONE]",
        ] {
            assert!(!agree(data), "should be left to serde: {data}");
        }
    }
}
