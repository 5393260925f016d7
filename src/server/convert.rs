//! The one bridge between analysis byte offsets and LSP positions.
//!
//! The analysis core speaks byte offsets into the document text; LSP speaks lines and columns in
//! the negotiated encoding (UTF-8 or UTF-16 code units). Every conversion in the server goes
//! through this module, so the rules for odd input live in one place:
//! - lines end at `\n`, `\r\n` or a lone `\r` (ropey is built with `cr_lines` only, matching LSP);
//! - a column past the end of its line clamps to the line's end (before the terminator);
//! - a line past the last line clamps to the end of the document;
//! - a column inside a character (half a surrogate pair, the middle of a UTF-8 sequence) rounds
//!   down to the start of that character;
//! - a byte offset past the end clamps to the end, and one inside a character rounds down.

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

use crate::analysis::text::TextRange;

/// The position encoding agreed with the client in `initialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    /// The LSP default, used unless the client offers UTF-8.
    #[default]
    Utf16,
}

impl Encoding {
    /// Picks UTF-8 when the client offers it, otherwise UTF-16 (which every client must support).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Self {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Self::Utf8,
            _ => Self::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Self::Utf8 => PositionEncodingKind::UTF8,
            Self::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// The char index of the end of `line`'s content (before its terminator); `line` must exist.
fn line_content_end_char(rope: &Rope, line: usize) -> usize {
    let (Ok(start), Some(slice)) = (rope.try_line_to_char(line), rope.get_line(line)) else {
        return rope.len_chars();
    };
    let mut len = slice.len_chars();
    // A line holds at most one terminator: `\n`, `\r\n` or `\r`.
    if len > 0 && slice.char(len - 1) == '\n' {
        len -= 1;
    }
    if len > 0 && slice.char(len - 1) == '\r' {
        len -= 1;
    }
    start + len
}

/// Converts an LSP position to a char index of `rope`, clamping anything out of range.
pub fn position_to_char(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    let Ok(start) = rope.try_line_to_char(line) else { return rope.len_chars() };
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let end = line_content_end_char(rope, line);
    let col = pos.character as usize;
    match enc {
        Encoding::Utf16 => {
            let start_cu = rope.char_to_utf16_cu(start);
            let end_cu = rope.char_to_utf16_cu(end);
            let target = start_cu.saturating_add(col).min(end_cu);
            // Inside a surrogate pair ropey returns the char it belongs to: rounding down.
            rope.try_utf16_cu_to_char(target).unwrap_or(end)
        }
        Encoding::Utf8 => {
            let start_b = rope.char_to_byte(start);
            let end_b = rope.char_to_byte(end);
            let target = start_b.saturating_add(col).min(end_b);
            rope.try_byte_to_char(target).unwrap_or(end)
        }
    }
}

/// Converts an LSP position to a byte offset of `rope`'s text.
pub fn position_to_offset(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    rope.char_to_byte(position_to_char(rope, pos, enc))
}

/// Converts a byte offset of `rope`'s text to an LSP position.
pub fn offset_to_position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
    let offset = offset.min(rope.len_bytes());
    let ch = rope.try_byte_to_char(offset).unwrap_or_else(|_| rope.len_chars());
    let line = rope.try_char_to_line(ch).unwrap_or_else(|_| rope.len_lines().saturating_sub(1));
    let line_start = rope.try_line_to_char(line).unwrap_or(ch);
    let col = match enc {
        Encoding::Utf16 => rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(line_start),
        Encoding::Utf8 => rope.char_to_byte(ch) - rope.char_to_byte(line_start),
    };
    Position::new(u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(col).unwrap_or(u32::MAX))
}

/// Converts an analysis byte range to an LSP range.
pub fn to_lsp_range(rope: &Rope, range: TextRange, enc: Encoding) -> Range {
    Range::new(offset_to_position(rope, range.start, enc), offset_to_position(rope, range.end, enc))
}

/// Converts an LSP range to a byte range; a reversed range is put in order.
pub fn to_text_range(rope: &Rope, range: Range, enc: Encoding) -> TextRange {
    let a = position_to_offset(rope, range.start, enc);
    let b = position_to_offset(rope, range.end, enc);
    TextRange::new(a.min(b), a.max(b))
}

/// Converts an LSP range to a char range of `rope`, in order.
pub fn to_char_range(rope: &Rope, range: Range, enc: Encoding) -> std::ops::Range<usize> {
    let a = position_to_char(rope, range.start, enc);
    let b = position_to_char(rope, range.end, enc);
    a.min(b)..a.max(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn negotiation_prefers_utf8_only_when_offered() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[PositionEncodingKind::UTF16])), Encoding::Utf16);
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])), Encoding::Utf16);
    }

    #[test]
    fn astral_characters_count_two_utf16_units_and_four_bytes() {
        let rope = Rope::from_str("a😀b\n");
        let b = "a😀".len();
        assert_eq!(offset_to_position(&rope, b, Encoding::Utf16), pos(0, 3));
        assert_eq!(offset_to_position(&rope, b, Encoding::Utf8), pos(0, 5));
        assert_eq!(position_to_offset(&rope, pos(0, 3), Encoding::Utf16), b);
        assert_eq!(position_to_offset(&rope, pos(0, 5), Encoding::Utf8), b);
        // Half a surrogate pair or half a UTF-8 sequence rounds down to the character start.
        assert_eq!(position_to_offset(&rope, pos(0, 2), Encoding::Utf16), 1);
        assert_eq!(position_to_offset(&rope, pos(0, 3), Encoding::Utf8), 1);
        // A byte offset inside a character rounds down too.
        assert_eq!(offset_to_position(&rope, 2, Encoding::Utf16), pos(0, 1));
    }

    #[test]
    fn cjk_is_one_utf16_unit_and_three_bytes() {
        let rope = Rope::from_str("中文x");
        assert_eq!(offset_to_position(&rope, 6, Encoding::Utf16), pos(0, 2));
        assert_eq!(offset_to_position(&rope, 6, Encoding::Utf8), pos(0, 6));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a\r\nb\rc\nd";
        let rope = Rope::from_str(text);
        assert_eq!(rope.len_lines(), 4);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            assert_eq!(offset_to_position(&rope, 3, enc), pos(1, 0));
            assert_eq!(offset_to_position(&rope, 5, enc), pos(2, 0));
            assert_eq!(offset_to_position(&rope, 7, enc), pos(3, 0));
            // Column past the line's content clamps before `\r\n`, never between `\r` and `\n`.
            assert_eq!(position_to_offset(&rope, pos(0, 1), enc), 1);
            assert_eq!(position_to_offset(&rope, pos(0, 2), enc), 1);
            assert_eq!(position_to_offset(&rope, pos(0, 99), enc), 1);
            assert_eq!(position_to_offset(&rope, pos(1, 5), enc), 4);
        }
    }

    #[test]
    fn end_of_file_and_past_the_end_clamp() {
        let rope = Rope::from_str("ab\n");
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            // The empty last line after a final newline exists.
            assert_eq!(offset_to_position(&rope, 3, enc), pos(1, 0));
            assert_eq!(offset_to_position(&rope, 300, enc), pos(1, 0));
            assert_eq!(position_to_offset(&rope, pos(1, 0), enc), 3);
            assert_eq!(position_to_offset(&rope, pos(7, 7), enc), 3);
            assert_eq!(position_to_offset(&rope, pos(u32::MAX, u32::MAX), enc), 3);
            assert_eq!(position_to_offset(&rope, pos(0, u32::MAX), enc), 2);
        }
        let empty = Rope::new();
        assert_eq!(offset_to_position(&empty, 0, Encoding::Utf16), pos(0, 0));
        assert_eq!(position_to_offset(&empty, pos(3, 3), Encoding::Utf16), 0);
    }

    #[test]
    fn ranges_round_trip_and_reversed_ranges_are_ordered() {
        let text = "---\nmodel: 😀中\r\n---\n";
        let rope = Rope::from_str(text);
        let start = text.find('😀').expect("present");
        let r = TextRange::new(start, start + "😀中".len());
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let lsp = to_lsp_range(&rope, r, enc);
            assert_eq!(to_text_range(&rope, lsp, enc), r);
            assert_eq!(to_text_range(&rope, Range::new(lsp.end, lsp.start), enc), r);
        }
    }

    #[test]
    fn unicode_line_separators_are_not_lsp_line_breaks() {
        // U+2028 and NEL are ordinary characters for LSP; ropey must agree.
        let rope = Rope::from_str("a\u{2028}b\u{85}c\nd");
        assert_eq!(rope.len_lines(), 2);
        assert_eq!(offset_to_position(&rope, rope.len_bytes(), Encoding::Utf16), pos(1, 1));
    }
}
