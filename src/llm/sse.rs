//! An incremental parser for server-sent events (the WHATWG `text/event-stream` format), fed the
//! body chunk by chunk as it arrives from the network.
//!
//! Chunks are cut wherever the transport pleases: inside a line, between `\r` and `\n`, inside a
//! UTF-8 sequence. The parser therefore splits lines on bytes (line ends are ASCII and never occur
//! inside a multi-byte sequence) and decodes a line only once it is complete. Lines end with
//! `\r\n`, `\n` or a lone `\r`; lines starting with `:` are comments (keep-alives); `data:` lines
//! accumulate with `\n` between them; a blank line dispatches the event. One leniency beyond the
//! standard: an event still open when the stream ends is dispatched by [`SseParser::finish`],
//! because some servers omit the final blank line after `data: [DONE]`.
//!
//! Events are handed to a callback, borrowed: a model streams thousands of them, nearly all a
//! single `data:` line inside one chunk, and those are passed straight from the chunk without a
//! copy. Only an event split across chunks, or with several `data:` lines, is gathered in the
//! parser's buffer (which is reused, so a stream allocates it once).

use std::borrow::Cow;
use std::ops::Range;

/// One dispatched event, borrowed from the chunk or from the parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SseEventRef<'a> {
    /// The `event:` name, `None` for the default (`message`).
    pub event: Option<&'a str>,
    /// The `data:` lines joined with `\n`, not yet decoded: a decoder that recognises an event
    /// by bytes it has seen decoded before need not decode them again. [`data`](Self::data)
    /// decodes.
    pub raw_data: &'a [u8],
}

impl<'a> SseEventRef<'a> {
    /// The data as text, invalid UTF-8 replaced (the standard's decoding).
    pub fn data(&self) -> Cow<'a, str> {
        decode(self.raw_data)
    }

    pub fn to_owned(self) -> SseEvent {
        SseEvent { event: self.event.map(str::to_owned), data: self.data().into_owned() }
    }
}

/// One dispatched event, owned (for callers that collect them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    /// The `event:` name, `None` for the default (`message`).
    pub event: Option<String>,
    /// The `data:` lines joined with `\n`.
    pub data: String,
}

/// The parser state between chunks.
#[derive(Debug, Default)]
pub struct SseParser {
    /// The incomplete last line of the previous chunks.
    partial: Vec<u8>,
    /// The data of the open event gathered so far, unless it is still in the chunk being parsed.
    data: String,
    has_data: bool,
    /// The `event:` name of the open event, when `has_event`.
    event: String,
    has_event: bool,
    /// The previous chunk ended with `\r`: a `\n` starting this one belongs to that line end.
    skip_lf: bool,
    /// The byte-order mark is only looked for at the very start.
    started: bool,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses one chunk of the body, pushing every event it completes onto `out`.
    pub fn feed(&mut self, chunk: &[u8], out: &mut Vec<SseEvent>) {
        self.feed_with(chunk, &mut |event| out.push(event.to_owned()));
    }

    /// Parses one chunk of the body, handing every event it completes to `on_event`.
    pub fn feed_with(&mut self, mut chunk: &[u8], on_event: &mut (impl FnMut(SseEventRef<'_>) + ?Sized)) {
        if chunk.is_empty() {
            return; // It must not clear `skip_lf`.
        }
        if !self.started {
            // The BOM may itself be split; wait until three bytes (or a line end) are known.
            if self.partial.len() + chunk.len() < 3 && !chunk.iter().any(|b| matches!(b, b'\r' | b'\n')) {
                self.partial.extend_from_slice(chunk);
                return;
            }
            self.started = true;
            let mut head = std::mem::take(&mut self.partial);
            head.extend_from_slice(chunk);
            let body = head.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(&head);
            let body = body.to_vec();
            self.feed_started(&body, on_event);
            return;
        }
        if self.skip_lf {
            self.skip_lf = false;
            if let Some(rest) = chunk.strip_prefix(b"\n") {
                chunk = rest;
            }
        }
        self.feed_started(chunk, on_event);
    }

    fn feed_started(&mut self, chunk: &[u8], on_event: &mut (impl FnMut(SseEventRef<'_>) + ?Sized)) {
        // The value of the open event's only `data:` line so far, while it is still in `chunk`.
        let mut held: Option<Range<usize>> = None;
        let mut at = 0;
        loop {
            let end = match chunk.get(at) {
                // A blank line, as after every event's data, needs no search.
                Some(b'\r' | b'\n') => at,
                Some(_) => match memchr::memchr2(b'\r', b'\n', &chunk[at..]) {
                    Some(found) => at + found,
                    None => break,
                },
                None => break,
            };
            if self.partial.is_empty() {
                self.line(chunk, at..end, &mut held, on_event);
            } else {
                // The line began in an earlier chunk (so nothing of this one is held yet).
                let mut line = std::mem::take(&mut self.partial);
                line.extend_from_slice(&chunk[at..end]);
                let mut held_in_line = None;
                self.line(&line, 0..line.len(), &mut held_in_line, on_event);
                if let Some(value) = held_in_line {
                    self.data.push_str(&decode(&line[value]));
                }
                // Keep the allocation for the next partial line.
                line.clear();
                self.partial = line;
            }
            at = end + 1;
            if chunk[end] == b'\r' {
                match chunk.get(at) {
                    Some(b'\n') => at += 1,
                    Some(_) => {}
                    None => self.skip_lf = true,
                }
            }
        }
        if let Some(value) = held {
            // The event goes on in the next chunk: its data so far must outlive this one.
            self.data.push_str(&decode(&chunk[value]));
        }
        self.partial.extend_from_slice(&chunk[at..]);
    }

    /// Ends the stream: a last line without its line end is processed, and an event still open
    /// is dispatched.
    pub fn finish(&mut self, out: &mut Vec<SseEvent>) {
        self.finish_with(&mut |event| out.push(event.to_owned()));
    }

    /// [`finish`](Self::finish), handing the last event to `on_event`.
    pub fn finish_with(&mut self, on_event: &mut (impl FnMut(SseEventRef<'_>) + ?Sized)) {
        let line = std::mem::take(&mut self.partial);
        let line = if self.started { line.as_slice() } else { line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&line) };
        let mut held = None;
        if !line.is_empty() {
            self.line(line, 0..line.len(), &mut held, on_event);
        }
        self.dispatch(line, &mut held, on_event);
    }

    /// One complete line, `buffer[line]`, without its terminator. The open event's first `data:`
    /// line stays in `buffer` as `held`: the caller copies it out if `buffer` goes first.
    fn line(
        &mut self,
        buffer: &[u8],
        line: Range<usize>,
        held: &mut Option<Range<usize>>,
        on_event: &mut (impl FnMut(SseEventRef<'_>) + ?Sized),
    ) {
        let bytes = &buffer[line.clone()];
        if bytes.is_empty() {
            self.dispatch(buffer, held, on_event);
            return;
        }
        if bytes[0] == b':' {
            return; // A comment: servers send these as keep-alives.
        }
        // Field names are short: a plain search beats a vectorised one.
        let (field, value) = match bytes.iter().position(|&b| b == b':') {
            Some(colon) => {
                let skip = usize::from(bytes.get(colon + 1) == Some(&b' '));
                (&bytes[..colon], line.start + colon + 1 + skip..line.end)
            }
            None => (bytes, line.end..line.end),
        };
        match field {
            b"data" => {
                if !self.has_data && held.is_none() {
                    // The usual event: kept where it is until its blank line, or the chunk's end.
                    *held = Some(value);
                } else {
                    if let Some(first) = held.take() {
                        self.data.push_str(&decode(&buffer[first]));
                    }
                    if self.has_data {
                        self.data.push('\n');
                    }
                    self.data.push_str(&decode(&buffer[value]));
                }
                self.has_data = true;
            }
            b"event" => {
                self.event.clear();
                self.event.push_str(&decode(&buffer[value]));
                self.has_event = true;
            }
            // `id` and `retry` steer reconnection, which a one-shot model call never does.
            _ => {}
        }
    }

    fn dispatch(
        &mut self,
        buffer: &[u8],
        held: &mut Option<Range<usize>>,
        on_event: &mut (impl FnMut(SseEventRef<'_>) + ?Sized),
    ) {
        let has_event = std::mem::take(&mut self.has_event);
        if !std::mem::take(&mut self.has_data) {
            return;
        }
        let event = has_event.then_some(self.event.as_str());
        let raw_data = match held.take() {
            Some(value) => &buffer[value],
            None => self.data.as_bytes(),
        };
        on_event(SseEventRef { event, raw_data });
        self.data.clear();
    }
}

/// UTF-8 text, with invalid sequences replaced (the standard's decoding); the fast validator
/// first, since nearly every line is valid.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{SseEvent, SseParser};

    fn parse_chunks(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut parser = SseParser::new();
        let mut out = Vec::new();
        for chunk in chunks {
            parser.feed(chunk, &mut out);
        }
        parser.finish(&mut out);
        out
    }

    fn parse(text: &str) -> Vec<SseEvent> {
        parse_chunks(&[text.as_bytes()])
    }

    fn data(d: &str) -> SseEvent {
        SseEvent { event: None, data: d.to_owned() }
    }

    fn named(e: &str, d: &str) -> SseEvent {
        SseEvent { event: Some(e.to_owned()), data: d.to_owned() }
    }

    #[test]
    fn data_lines_and_blank_line_dispatch() {
        assert_eq!(parse("data: a\n\ndata: b\n\n"), vec![data("a"), data("b")]);
    }

    #[test]
    fn every_line_end_style_works() {
        assert_eq!(parse("data: a\r\n\r\ndata: b\r\rdata: c\n\n"), vec![data("a"), data("b"), data("c")]);
    }

    #[test]
    fn multi_line_data_joins_with_newline() {
        assert_eq!(parse("data: one\ndata: two\ndata:\ndata:three\n\n"), vec![data("one\ntwo\n\nthree")]);
    }

    #[test]
    fn only_one_leading_space_is_removed() {
        assert_eq!(parse("data:  two spaces\n\n"), vec![data(" two spaces")]);
    }

    #[test]
    fn comments_and_keep_alives_are_skipped() {
        assert_eq!(parse(": ping\n\n:\ndata: x\n: inside\n\n"), vec![data("x")]);
    }

    #[test]
    fn event_names_apply_to_their_event_only() {
        let text = "event: message_start\ndata: {}\n\ndata: plain\n\nevent: ping\n\n";
        assert_eq!(parse(text), vec![named("message_start", "{}"), data("plain")]);
    }

    #[test]
    fn id_retry_and_unknown_fields_are_ignored() {
        assert_eq!(parse("id: 7\nretry: 100\nfoo: bar\ndata: x\n\n"), vec![data("x")]);
    }

    #[test]
    fn field_without_colon_is_a_field_with_empty_value() {
        assert_eq!(parse("data\n\n"), vec![data("")]);
    }

    #[test]
    fn done_marker_is_an_ordinary_event() {
        assert_eq!(parse("data: {\"a\":1}\n\ndata: [DONE]\n\n"), vec![data("{\"a\":1}"), data("[DONE]")]);
    }

    #[test]
    fn last_event_without_blank_line_is_dispatched_at_the_end() {
        assert_eq!(parse("data: a\n\ndata: [DONE]"), vec![data("a"), data("[DONE]")]);
    }

    #[test]
    fn byte_order_mark_is_dropped_even_when_split() {
        let text = "\u{FEFF}data: a\n\n".as_bytes();
        assert_eq!(parse_chunks(&[&text[..1], &text[1..2], &text[2..]]), vec![data("a")]);
    }

    #[test]
    fn crlf_split_between_chunks_is_one_line_end() {
        assert_eq!(parse_chunks(&[b"data: a\r", b"\n\r", b"\ndata: b\r\n\r\n"]), vec![data("a"), data("b")]);
    }

    #[test]
    fn empty_chunk_between_cr_and_lf_changes_nothing() {
        assert_eq!(
            parse_chunks(&[b"data: a\r", b"", b"\ndata: b\n\n"]),
            vec![SseEvent { event: None, data: "a\nb".into() }]
        );
    }

    #[test]
    fn utf8_sequence_split_across_chunks_survives() {
        let text = "data: héllo 🌍\n\n".as_bytes();
        let emoji = text.iter().position(|&b| b == 0xF0).expect("emoji present");
        let chunks = [&text[..=emoji], &text[emoji + 1..emoji + 3], &text[emoji + 3..]];
        assert_eq!(parse_chunks(&chunks), vec![data("héllo 🌍")]);
    }

    #[test]
    fn invalid_utf8_becomes_replacement_characters() {
        assert_eq!(parse_chunks(&[b"data: a\xFFb\n\n"]), vec![data("a\u{FFFD}b")]);
    }

    /// A stream mixing every feature the parser handles.
    fn sample_stream() -> impl Strategy<Value = String> {
        let line_end = prop_oneof![Just("\n"), Just("\r\n"), Just("\r")];
        let field = prop_oneof![
            "[a-zé🌍{}\":, ]{0,12}".prop_map(|v| format!("data: {v}")),
            "[a-z_]{1,10}".prop_map(|v| format!("event: {v}")),
            Just(": keep-alive".to_owned()),
            Just("data: [DONE]".to_owned()),
            Just(String::new()),
        ];
        prop::collection::vec((field, line_end), 0..30)
            .prop_map(|lines| lines.into_iter().flat_map(|(l, e)| [l, e.to_owned()]).collect::<String>())
    }

    proptest! {
        #[test]
        fn splitting_anywhere_gives_the_same_events(
            stream in sample_stream(),
            cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
        ) {
            let bytes = stream.as_bytes();
            let whole = parse_chunks(&[bytes]);
            let mut points: Vec<usize> = cuts.iter().map(|c| c.index(bytes.len() + 1)).collect();
            points.sort_unstable();
            let mut chunks = Vec::new();
            let mut start = 0;
            for p in points {
                chunks.push(&bytes[start..p]);
                start = p;
            }
            chunks.push(&bytes[start..]);
            prop_assert_eq!(parse_chunks(&chunks), whole);
        }

        #[test]
        fn byte_by_byte_gives_the_same_events(stream in sample_stream()) {
            let bytes = stream.as_bytes();
            let single: Vec<&[u8]> = bytes.chunks(1).collect();
            prop_assert_eq!(parse_chunks(&single), parse_chunks(&[bytes]));
        }
    }
}
