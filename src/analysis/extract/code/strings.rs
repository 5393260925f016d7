//! String literals of source code, decoded, with a map from every decoded byte back to the source.
//!
//! A prompt in code is written with escapes (`\n`, `\"`, `\u00e9`), line continuations, raw and
//! triple-quoted strings, f-strings and template literals, and often split into several literals
//! joined by `+` or by Python's implicit concatenation. Rules need the text a model receives (a
//! model name is compared decoded) but report on the characters the author wrote, so a [`Str`]
//! keeps both: the decoded value and, piece by piece, where each decoded byte came from.

use std::ops::Range;

use crate::analysis::text::TextRange;

/// The escape rules of one kind of literal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// A Python string; `raw` for `r"…"`, `format` for f-strings (where `{{` and `}}` are braces).
    Python { raw: bool, format: bool },
    /// A JavaScript/TypeScript string or template literal.
    Js,
    /// A Go string: interpreted (`"…"`, with escapes) or `raw` (a back-quoted string, whose
    /// carriage returns the compiler drops).
    Go { raw: bool },
    /// A Rust string: `"…"` with escapes (`\u{…}`, a backslash-newline that also eats the next
    /// line's indentation) or `raw` (`r#"…"#`).
    Rust { raw: bool },
}

/// A decoded string (possibly several literals joined), with its offset map.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Str {
    /// The text as the program sees it; an interpolation is kept as written (`{name}`).
    pub value: String,
    pieces: Vec<Piece>,
    /// The content of each literal in the source, inside its quotes.
    pub parts: Vec<TextRange>,
    /// The interpolations (`{expr}`, `${expr}`), with their braces.
    pub placeholders: Vec<TextRange>,
    /// The value stands for a name (`openai.O3Mini`), not for a literal.
    pub named: bool,
}

/// A run of decoded bytes and the source bytes it came from: either copied verbatim (byte for
/// byte) or produced by one escape sequence.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Piece {
    decoded: usize,
    source: TextRange,
    verbatim: bool,
}

impl Str {
    /// Decodes the literal content `source[content]`, skipping nothing but honouring the
    /// interpolations at `holes` (sorted source ranges inside `content`), which are kept as written.
    pub fn decode(source: &str, content: TextRange, holes: &[TextRange], dialect: Dialect) -> Self {
        let mut out = Self { parts: vec![content], placeholders: holes.to_vec(), ..Self::default() };
        let bytes = source.as_bytes();
        // The only bytes that may start an escape; the text between them is copied as it stands,
        // found a word at a time (prompts are long and mostly plain).
        let next_special = |from: usize, to: usize| -> usize {
            let hay = &bytes[from..to];
            let found = match dialect {
                Dialect::Python { raw: true, .. } | Dialect::Rust { raw: true } => None,
                Dialect::Go { raw: true } => memchr::memchr(b'\r', hay),
                Dialect::Python { format: true, .. } => memchr::memchr3(b'\\', b'{', b'}', hay),
                _ => memchr::memchr(b'\\', hay),
            };
            found.map_or(to, |at| from + at)
        };
        let mut i = content.start;
        let mut run = i;
        let mut holes = holes.iter().peekable();
        while i < content.end {
            while holes.next_if(|h| h.start < i).is_some() {}
            if let Some(hole) = holes.peek().filter(|h| h.start == i) {
                // An interpolation is text the program fills in: copy it as it stands.
                i = hole.end.min(content.end);
                holes.next();
                continue;
            }
            let limit = holes.peek().map_or(content.end, |h| h.start.min(content.end));
            i = next_special(i, limit);
            if i >= limit {
                continue;
            }
            let b = bytes[i];
            let escape = match dialect {
                Dialect::Python { raw: true, .. } | Dialect::Rust { raw: true } => None,
                // A raw Go string's value has no carriage returns, whatever the file's line ends.
                Dialect::Go { raw: true } => (b == b'\r').then(|| (1, String::new())),
                Dialect::Python { format: true, .. } if (b == b'{' || b == b'}') && bytes.get(i + 1) == Some(&b) => {
                    Some((2, String::from(b as char)))
                }
                _ if b == b'\\' => Some(escape(source, i, content.end, dialect)),
                _ => None,
            };
            match escape {
                Some((len, text)) => {
                    out.push_verbatim(source, run, i);
                    out.pieces.push(Piece {
                        decoded: out.value.len(),
                        source: TextRange::new(i, i + len),
                        verbatim: false,
                    });
                    out.value.push_str(&text);
                    i += len;
                    run = i;
                }
                None => i += utf8_len(b),
            }
        }
        out.push_verbatim(source, run, content.end.min(i));
        out
    }

    /// A value the source spells as a name (`openai.O3Mini`, `ChatMessageRoleSystem`) rather than
    /// as a literal: every part of `value` maps back to the whole name at `source`.
    pub fn named(value: &str, source: TextRange) -> Self {
        Self {
            value: value.to_owned(),
            pieces: vec![Piece { decoded: 0, source, verbatim: false }],
            parts: vec![source],
            placeholders: Vec::new(),
            named: true,
        }
    }

    fn push_verbatim(&mut self, source: &str, start: usize, end: usize) {
        if start < end {
            self.pieces.push(Piece { decoded: self.value.len(), source: TextRange::new(start, end), verbatim: true });
            self.value.push_str(&source[start..end]);
        }
    }

    /// Appends `other` (the next literal of a concatenation).
    pub fn append(&mut self, other: Str) {
        let base = self.value.len();
        self.value.push_str(&other.value);
        self.pieces.extend(other.pieces.into_iter().map(|p| Piece { decoded: p.decoded + base, ..p }));
        self.parts.extend(other.parts);
        self.placeholders.extend(other.placeholders);
    }

    /// True when the value is known whole: no interpolation fills any of it in.
    pub fn is_static(&self) -> bool {
        self.placeholders.is_empty()
    }

    /// From the start of the first literal's content to the end of the last one's.
    pub fn content_range(&self) -> TextRange {
        match (self.parts.first(), self.parts.last()) {
            (Some(first), Some(last)) => first.cover(*last),
            _ => TextRange::default(),
        }
    }

    /// The source characters that produced the decoded bytes `decoded`. A range that starts or ends
    /// inside an escape takes the whole escape.
    pub fn source_range(&self, decoded: Range<usize>) -> TextRange {
        let start = self.map(decoded.start, true);
        let end = self.map(decoded.end, false).max(start);
        TextRange::new(start, end)
    }

    /// The source offset of decoded offset `at`: where the byte there starts (`as_start`), or
    /// where the byte before it ends.
    fn map(&self, at: usize, as_start: bool) -> usize {
        let index = if as_start {
            self.pieces.partition_point(|p| p.decoded <= at)
        } else {
            self.pieces.partition_point(|p| p.decoded < at)
        };
        let Some(piece) = index.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return self.content_range().start;
        };
        let offset = at - piece.decoded;
        if piece.verbatim {
            (piece.source.start + offset).min(piece.source.end)
        } else if offset == 0 && as_start {
            piece.source.start
        } else {
            piece.source.end
        }
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// The escape sequence at `source[at]` (a backslash): how many bytes it spans and what it means.
/// An unknown escape means itself (Python keeps the backslash, JavaScript drops it).
fn escape(source: &str, at: usize, end: usize, dialect: Dialect) -> (usize, String) {
    match dialect {
        Dialect::Go { .. } => return go_escape(source, at, end),
        Dialect::Rust { .. } => return rust_escape(source, at, end),
        Dialect::Python { .. } | Dialect::Js => {}
    }
    let rest = &source[at + 1..end];
    let Some(c) = rest.chars().next() else { return (1, "\\".to_owned()) };
    let hex = |digits: usize, skip: usize| -> Option<(usize, String)> {
        let h = rest.get(skip..skip + digits)?;
        let ch = char::from_u32(u32::from_str_radix(h, 16).ok()?)?;
        Some((1 + skip + digits, ch.to_string()))
    };
    let simple = |s: &str| (1 + c.len_utf8(), s.to_owned());
    let decoded = match c {
        // A line continuation: the backslash and the line break vanish.
        '\r' if rest[1..].starts_with('\n') => Some((3, String::new())),
        '\n' | '\r' => Some((2, String::new())),
        'n' => Some(simple("\n")),
        't' => Some(simple("\t")),
        'r' => Some(simple("\r")),
        'b' => Some(simple("\u{8}")),
        'f' => Some(simple("\u{c}")),
        'v' => Some(simple("\u{b}")),
        '\\' | '\'' | '"' => Some(simple(&c.to_string())),
        'x' => hex(2, 1),
        'u' if dialect == Dialect::Js && rest[1..].starts_with('{') => rest[2..].find('}').and_then(|close| {
            let ch = char::from_u32(u32::from_str_radix(&rest[2..2 + close], 16).ok()?)?;
            Some((4 + close, ch.to_string()))
        }),
        'u' => hex(4, 1),
        'U' if dialect != Dialect::Js => hex(8, 1),
        'a' if dialect != Dialect::Js => Some(simple("\u{7}")),
        '0' if dialect == Dialect::Js && !rest[1..].starts_with(|d: char| d.is_ascii_digit()) => Some(simple("\0")),
        '0'..='7' if dialect != Dialect::Js => {
            let digits = rest.bytes().take(3).take_while(|b| (b'0'..=b'7').contains(b)).count();
            let ch = u32::from_str_radix(&rest[..digits], 8).ok().and_then(char::from_u32);
            ch.map(|ch| (1 + digits, ch.to_string()))
        }
        'N' if dialect != Dialect::Js && rest[1..].starts_with('{') => {
            // `\N{EM DASH}`: without a Unicode name table, keep the name as written.
            rest.find('}').map(|close| (2 + close, format!("\\{}", &rest[..=close])))
        }
        _ => None,
    };
    decoded.unwrap_or_else(|| match dialect {
        Dialect::Js => (1 + c.len_utf8(), c.to_string()),
        _ => (1 + c.len_utf8(), format!("\\{c}")),
    })
}

/// The character written as `digits` hex digits right after `rest[..skip]`.
fn hex_escape(rest: &str, skip: usize, digits: usize) -> Option<(usize, String)> {
    let h = rest.get(skip..skip + digits)?;
    if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let ch = char::from_u32(u32::from_str_radix(h, 16).ok()?)?;
    Some((1 + skip + digits, ch.to_string()))
}

/// A Go escape: the C ones, `\NNN` (three octal digits), `\xNN`, `\uNNNN`, `\UNNNNNNNN`. Go has
/// no line continuation; anything else does not compile and is kept as written.
fn go_escape(source: &str, at: usize, end: usize) -> (usize, String) {
    let rest = &source[at + 1..end];
    let Some(c) = rest.chars().next() else { return (1, "\\".to_owned()) };
    let simple = |s: &str| Some((2, s.to_owned()));
    let decoded = match c {
        'a' => simple("\u{7}"),
        'b' => simple("\u{8}"),
        'f' => simple("\u{c}"),
        'n' => simple("\n"),
        'r' => simple("\r"),
        't' => simple("\t"),
        'v' => simple("\u{b}"),
        '\\' | '"' | '\'' => Some((2, c.to_string())),
        'x' => hex_escape(rest, 1, 2),
        'u' => hex_escape(rest, 1, 4),
        'U' => hex_escape(rest, 1, 8),
        '0'..='7' => rest
            .get(..3)
            .filter(|d| d.bytes().all(|b| (b'0'..=b'7').contains(&b)))
            .and_then(|d| u32::from_str_radix(d, 8).ok())
            .and_then(char::from_u32)
            .map(|ch| (4, ch.to_string())),
        _ => None,
    };
    decoded.unwrap_or_else(|| (1 + c.len_utf8(), format!("\\{c}")))
}

/// A Rust escape: `\n \r \t \\ \0 \' \"`, `\xNN`, `\u{N…}`, and a backslash before a line break,
/// which drops the break and the whitespace that starts the next line.
fn rust_escape(source: &str, at: usize, end: usize) -> (usize, String) {
    let rest = &source[at + 1..end];
    let Some(c) = rest.chars().next() else { return (1, "\\".to_owned()) };
    let simple = |s: &str| Some((2, s.to_owned()));
    let decoded = match c {
        '\n' | '\r' if c == '\n' || rest[1..].starts_with('\n') => {
            let skipped = rest.bytes().take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')).count();
            Some((1 + skipped, String::new()))
        }
        'n' => simple("\n"),
        'r' => simple("\r"),
        't' => simple("\t"),
        '0' => simple("\0"),
        '\\' | '"' | '\'' => Some((2, c.to_string())),
        'x' => hex_escape(rest, 1, 2),
        'u' if rest[1..].starts_with('{') => rest[2..].find('}').and_then(|close| {
            let digits: String = rest[2..2 + close].chars().filter(|c| *c != '_').collect();
            let ch = char::from_u32(u32::from_str_radix(&digits, 16).ok()?)?;
            Some((4 + close, ch.to_string()))
        }),
        _ => None,
    };
    decoded.unwrap_or_else(|| (1 + c.len_utf8(), format!("\\{c}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Decodes `src` (a whole literal body) and checks every decoded slice maps back to source
    /// text that decodes to it.
    fn decode(src: &str, dialect: Dialect) -> Str {
        Str::decode(src, TextRange::new(0, src.len()), &[], dialect)
    }

    const PY: Dialect = Dialect::Python { raw: false, format: false };

    #[test]
    fn escapes_decode_and_map_back_to_their_source() {
        let src = r#"Say \"hi\"\n\tthen \u00e9 \x41 \\ done"#;
        let s = decode(src, PY);
        assert_eq!(s.value, "Say \"hi\"\n\tthen é A \\ done");
        let at = |needle: &str| {
            let i = s.value.find(needle).expect("in value");
            &src[s.source_range(i..i + needle.len()).as_range()]
        };
        assert_eq!(at("hi"), "hi");
        assert_eq!(at("\"hi\""), r#"\"hi\""#);
        assert_eq!(at("then é"), r"then \u00e9");
        assert_eq!(at("é A"), r"\u00e9 \x41");
        assert_eq!(at("done"), "done");
        assert_eq!(at("\n"), r"\n");
    }

    #[test]
    fn ranges_that_cut_an_escape_take_all_of_it() {
        let src = r"ab\u00e9cd";
        let s = decode(src, PY);
        // `é` is two bytes decoded; half of it still maps to the whole escape.
        assert_eq!(s.source_range(2..3), TextRange::new(2, 8));
        assert_eq!(s.source_range(0..s.value.len()), TextRange::new(0, src.len()));
        assert_eq!(s.source_range(4..4), TextRange::new(8, 8));
    }

    #[test]
    fn raw_strings_keep_backslashes() {
        let s = decode(r"C:\new\table", Dialect::Python { raw: true, format: false });
        assert_eq!(s.value, r"C:\new\table");
        assert_eq!(s.source_range(3..6), TextRange::new(3, 6));
    }

    #[test]
    fn line_continuations_vanish() {
        let src = "one \\\ntwo \\\r\nthree";
        let s = decode(src, Dialect::Js);
        assert_eq!(s.value, "one two three");
        let i = s.value.find("three").expect("in value");
        assert_eq!(&src[s.source_range(i..i + 5).as_range()], "three");
        let t = s.value.find("two").expect("in value");
        assert_eq!(&src[s.source_range(t..t + 3).as_range()], "two");
    }

    #[test]
    fn unknown_escapes_differ_by_language() {
        assert_eq!(decode(r"\d", PY).value, r"\d");
        assert_eq!(decode(r"\d\u{1F600}\0", Dialect::Js).value, "d😀\0");
        assert_eq!(decode(r"\101\N{DASH}", PY).value, r"A\N{DASH}");
    }

    #[test]
    fn f_string_braces_and_interpolations() {
        let src = "Hi {name}, {{literal}} {x!r:>3}";
        let holes = [TextRange::new(3, 9), TextRange::new(23, 31)];
        let s = Str::decode(src, TextRange::new(0, src.len()), &holes, Dialect::Python { raw: false, format: true });
        assert_eq!(s.value, "Hi {name}, {literal} {x!r:>3}");
        assert!(!s.is_static());
        let i = s.value.find("literal").expect("in value");
        assert_eq!(&src[s.source_range(i - 1..i + 8).as_range()], "{{literal}}");
    }

    #[test]
    fn concatenations_map_each_part_to_its_literal() {
        let src = r#"x = "You are " "a \"bot\".""#;
        let mut s = Str::decode(src, TextRange::new(5, 13), &[], PY);
        s.append(Str::decode(src, TextRange::new(16, 26), &[], PY));
        assert_eq!(s.value, "You are a \"bot\".");
        assert_eq!(s.content_range(), TextRange::new(5, 26));
        let i = s.value.find("bot").expect("in value");
        assert_eq!(&src[s.source_range(i..i + 3).as_range()], "bot");
        // A range across the join ends inside the first literal and starts the second.
        let across = s.source_range(4..9);
        assert_eq!(&src[across.as_range()], r#"are " "a"#);
        // The end of the first part maps to its closing quote, not to the second part.
        assert_eq!(s.source_range(0..8), TextRange::new(5, 13));
    }

    /// Any content, however odd its escapes, decodes without panicking, and every decoded range
    /// maps to a range that slices the source.
    #[test]
    fn odd_escapes_never_break_the_map() {
        let tokens = [
            "\\",
            "\\é",
            "\\x4",
            "\\u{",
            "\\u{1F916}",
            "\\U0001F916",
            "\\N{",
            "\\777",
            "\\0",
            "\\\r",
            "\\\n \t",
            "\\u{1_F9_16}",
            "\\x4G",
            "\\01",
            "\r\n",
            "{{",
            "}",
            "a",
            "🤖",
        ];
        let dialects = [
            Dialect::Js,
            PY,
            Dialect::Python { raw: true, format: true },
            Dialect::Python { raw: false, format: true },
            Dialect::Go { raw: false },
            Dialect::Go { raw: true },
            Dialect::Rust { raw: false },
            Dialect::Rust { raw: true },
        ];
        for a in tokens {
            for b in tokens {
                for c in tokens {
                    let src = format!("{a}{b}{c}");
                    for dialect in dialects {
                        let s = decode(&src, dialect);
                        for (i, _) in s.value.char_indices().chain([(s.value.len(), ' ')]) {
                            let r = s.source_range(0..i);
                            assert!(src.get(r.as_range()).is_some(), "{src:?} {dialect:?} {i}");
                            let r = s.source_range(i..s.value.len());
                            assert!(src.get(r.as_range()).is_some(), "{src:?} {dialect:?} {i}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn astral_and_multibyte_text_is_verbatim() {
        let src = "名前 🤖 ok";
        let s = decode(src, Dialect::Js);
        assert_eq!(s.value, src);
        let i = s.value.find("ok").expect("in value");
        assert_eq!(s.source_range(i..i + 2), TextRange::new(i, i + 2));
    }
}
