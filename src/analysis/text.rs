//! Byte ranges over `&str` and the line index that turns them into lines and columns.
//!
//! The analysis core speaks only in byte offsets. Conversions to editor positions (UTF-16 or UTF-8
//! code units) live in `server::convert`; this index serves the command line and the rules that
//! need to reason about whole lines (deleting a YAML entry, suppression comments).

use std::ops::Range;

/// A half-open byte range `start..end` into the analysed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub const fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Self { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Self { start: at, end: at }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub const fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// True when the two ranges share at least one byte, or when an empty range sits inside.
    pub const fn intersects(self, other: TextRange) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Moves the range right by `offset` bytes (used when a sub-parser saw a slice of the file).
    #[must_use]
    pub const fn shifted(self, offset: usize) -> Self {
        Self { start: self.start + offset, end: self.end + offset }
    }

    #[must_use]
    pub fn cover(self, other: TextRange) -> Self {
        Self { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    pub fn as_range(self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for TextRange {
    fn from(r: Range<usize>) -> Self {
        Self::new(r.start, r.end)
    }
}

/// Line starts of a text, for offset → (line, column) lookups in `O(log lines)`.
///
/// A line ends after `\n`, after `\r\n`, or after a lone `\r`, the same three terminators the
/// LSP specification recognises, so line numbers agree with every editor.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

/// A zero-based line and a zero-based column counted in bytes from the line start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0);
        // memchr skips the bytes between terminators many at a time: this runs on every keystroke
        // over the whole document, which most often has no `\r` at all.
        if memchr::memchr(b'\r', bytes).is_none() {
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
            return Self { starts, len: text.len() };
        }
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            match bytes[i] {
                // The `\n` of a `\r\n` ends the line; the `\r` before it does not.
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {}
                _ => starts.push(i + 1),
            }
        }
        Self { starts, len: text.len() }
    }

    /// The index of `new`, made from this index of `old`, where the two texts share their first
    /// `prefix` and their last `suffix` bytes: only the lines between are searched again (a
    /// keystroke in a large file).
    #[must_use]
    pub fn edited(&self, old: &str, new: &str, prefix: usize, suffix: usize) -> Self {
        let (old, new) = (old.as_bytes(), new.as_bytes());
        debug_assert!(prefix + suffix <= old.len().min(new.len()));
        // Whether a line starts at `at`: it depends on the bytes at `at - 1` and `at` only.
        let starts_at = |at: usize| match new[at - 1] {
            b'\n' => true,
            b'\r' => new.get(at) != Some(&b'\n'),
            _ => false,
        };
        let lo = prefix.max(1);
        let hi = new.len() - suffix;
        let kept = self.starts.partition_point(|&s| s < lo);
        let moved = self.starts.partition_point(|&s| s <= old.len() - suffix);
        let mut starts = Vec::with_capacity(self.starts.len() + 8);
        starts.extend_from_slice(&self.starts[..kept]);
        starts.extend((lo..=hi).filter(|&at| starts_at(at)));
        starts.extend(self.starts[moved..].iter().map(|&s| s + new.len() - old.len()));
        Self { starts, len: new.len() }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The line and byte column of `offset`; offsets past the end clamp to the end.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.len);
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        LineCol { line, col: offset - self.starts[line] }
    }

    /// Byte offset of the start of `line`, or `None` past the last line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// The byte range of `line` including its terminator.
    pub fn line_range(&self, line: usize) -> Option<TextRange> {
        let start = *self.starts.get(line)?;
        let end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        Some(TextRange::new(start, end))
    }

    /// The byte range of `line` without its terminator.
    pub fn line_content_range(&self, text: &str, line: usize) -> Option<TextRange> {
        let full = self.line_range(line)?;
        let content = text.get(full.as_range())?;
        let trimmed = content.trim_end_matches(['\n', '\r']);
        Some(TextRange::new(full.start, full.start + trimmed.len()))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// An index updated for an edit is the index of the edited text, whatever the line ends
        /// around the edit (a `\r` before a `\n` typed after it, a `\r\n` split in two).
        #[test]
        fn an_edited_index_equals_a_new_one(
            old in "[a\r\n]{0,40}",
            at in 0.0..1.0f64,
            deleted in 0usize..5,
            inserted in "[b\r\n]{0,6}",
        ) {
            let start = ((old.len() as f64) * at) as usize;
            let end = (start + deleted).min(old.len());
            let new = format!("{}{inserted}{}", &old[..start], &old[end..]);
            let prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
            let room = old.len().min(new.len()) - prefix;
            let suffix = old.bytes().rev().zip(new.bytes().rev()).take(room).take_while(|(a, b)| a == b).count();
            let edited = LineIndex::new(&old).edited(&old, &new, prefix, suffix);
            prop_assert_eq!(edited.starts, LineIndex::new(&new).starts);
        }
    }

    #[test]
    fn line_index_handles_all_terminators() {
        let text = "a\nb\r\nc\rd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(0), LineCol { line: 0, col: 0 });
        assert_eq!(idx.line_col(2), LineCol { line: 1, col: 0 });
        assert_eq!(idx.line_col(5), LineCol { line: 2, col: 0 });
        assert_eq!(idx.line_col(7), LineCol { line: 3, col: 0 });
        assert_eq!(idx.line_col(100), LineCol { line: 3, col: 1 });
        assert_eq!(idx.line_content_range(text, 1), Some(TextRange::new(2, 3)));
        assert_eq!(idx.line_range(1), Some(TextRange::new(2, 5)));
    }

    #[test]
    fn ranges_intersect_and_cover() {
        let a = TextRange::new(2, 5);
        assert!(a.intersects(TextRange::new(5, 7)));
        assert!(!a.intersects(TextRange::new(6, 7)));
        assert_eq!(a.cover(TextRange::new(0, 3)), TextRange::new(0, 5));
        assert_eq!(a.shifted(10), TextRange::new(12, 15));
    }
}
