//! Putting a model's edit into a document that may have changed while the model was working.
//!
//! An edit is computed against the text of version N: it replaces, or inserts after, the anchored
//! text (the selection as it was). When the document is at version N+k, the anchored text is looked
//! for in the new text: at its old place first, then anywhere. With several matches, the one with the
//! same rank among them as in the old text wins if the count did not change (text inserted above
//! shifts every match alike); otherwise the one nearest the old place, and a tie is refused. If the anchored text is gone or changed, nothing is
//! written: the user's work always beats the model's.

use crate::analysis::text::TextRange;

/// An edit tied to the text it was computed for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchoredEdit {
    /// Where the anchored text was in the version the edit was computed for.
    pub range: TextRange,
    /// The anchored text itself (the selection as it was sent).
    pub anchor: String,
    pub kind: EditKind,
    /// The new text.
    pub text: String,
    /// How many times the anchored text occurred in the old version, and which one it was.
    pub occurrences: usize,
    pub rank: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditKind {
    /// `text` replaces the anchored text.
    Replace,
    /// `text` goes right after the anchored text.
    InsertAfter,
}

/// Why an edit could not be placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorError {
    /// The anchored text is no longer in the document.
    Changed,
    /// The anchored text occurs several times, equally near its old place.
    Ambiguous(usize),
}

impl std::fmt::Display for AnchorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Changed => f.write_str("the text changed while the model was working; nothing was overwritten"),
            Self::Ambiguous(n) => write!(
                f,
                "the text changed while the model was working and the selection now occurs {n} times; nothing was overwritten"
            ),
        }
    }
}

/// A replacement of `range` by `text` in the current document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub range: TextRange,
    pub text: String,
}

impl AnchoredEdit {
    /// An edit of `range` in `original` (the text the model saw).
    pub fn new(original: &str, range: TextRange, kind: EditKind, text: String) -> Self {
        let anchor = original.get(range.as_range()).unwrap_or("").to_owned();
        let starts = occurrences(&anchor, original);
        let rank = starts.iter().position(|&s| s == range.start).unwrap_or(0);
        Self { range, occurrences: starts.len(), rank, anchor, kind, text }
    }

    /// Where the edit goes in `current` (the document now), or why it cannot go anywhere.
    pub fn place(&self, current: &str) -> Result<Placed, AnchorError> {
        let start = self.find_anchor(current)?;
        let end = start + self.anchor.len();
        Ok(match self.kind {
            EditKind::Replace => Placed { range: TextRange::new(start, end), text: self.text.clone() },
            EditKind::InsertAfter => Placed { range: TextRange::empty(end), text: self.text.clone() },
        })
    }
}

/// Applies a placed edit to `text`.
pub fn apply(text: &str, placed: &Placed) -> String {
    let mut out = String::with_capacity(text.len() + placed.text.len());
    out.push_str(&text[..placed.range.start]);
    out.push_str(&placed.text);
    out.push_str(&text[placed.range.end..]);
    out
}

fn occurrences(anchor: &str, text: &str) -> Vec<usize> {
    if anchor.is_empty() {
        return Vec::new();
    }
    // Overlapping matches count too (`aa` in `aaa`), so ranks stay comparable.
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(anchor) {
        out.push(from + i);
        from += i + text[from + i..].chars().next().map_or(1, char::len_utf8);
    }
    out
}

impl AnchoredEdit {
    /// The start of the anchored text in `current`.
    fn find_anchor(&self, current: &str) -> Result<usize, AnchorError> {
        let (anchor, old_start) = (self.anchor.as_str(), self.range.start);
        if current.get(old_start..old_start + anchor.len()) == Some(anchor) {
            return Ok(old_start);
        }
        if anchor.is_empty() {
            // Nothing to recognise the place by: only the exact old spot would do, and it moved.
            return Err(AnchorError::Changed);
        }
        let matches = occurrences(anchor, current);
        if matches.len() == self.occurrences && self.rank < matches.len() {
            return Ok(matches[self.rank]);
        }
        let distance = |i: usize| i.abs_diff(old_start);
        let nearest = matches.iter().copied().min_by_key(|&i| distance(i)).ok_or(AnchorError::Changed)?;
        let ties = matches.iter().filter(|&&i| distance(i) == distance(nearest)).count();
        if ties > 1 {
            return Err(AnchorError::Ambiguous(matches.len()));
        }
        Ok(nearest)
    }
}

/// The text to insert after `anchor` so that `draft` starts on a line of its own and the line
/// after it stays separate: the separator is the document's own line ending.
pub fn insertion_text(anchor: &str, draft: &str, eol: &str) -> String {
    let mut out = String::new();
    if !anchor.is_empty() && !anchor.ends_with('\n') && !anchor.ends_with('\r') {
        out.push_str(eol);
    }
    out.push_str(draft.trim_end_matches(['\n', '\r']));
    out.push_str(eol);
    out
}

/// The line ending a document uses (its first one; `\n` when it has none).
pub fn line_ending(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text.as_bytes()[i] == b'\r' => "\r",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(doc: &str, anchor: &str, kind: EditKind, text: &str) -> AnchoredEdit {
        let start = doc.find(anchor).expect("anchor in doc");
        AnchoredEdit::new(doc, TextRange::new(start, start + anchor.len()), kind, text.into())
    }

    #[test]
    fn unchanged_document_takes_the_edit_in_place() {
        let doc = "one\n# AI: greet\nthree\n";
        let e = edit(doc, "# AI: greet\n", EditKind::InsertAfter, "print('hi')\n");
        let placed = e.place(doc).expect("placed");
        assert_eq!(apply(doc, &placed), "one\n# AI: greet\nprint('hi')\nthree\n");
        let r = edit(doc, "# AI: greet\n", EditKind::Replace, "print('hi')\n");
        assert_eq!(apply(doc, &r.place(doc).expect("placed")), "one\nprint('hi')\nthree\n");
    }

    #[test]
    fn edits_above_the_anchor_are_followed() {
        let doc = "one\n# AI: greet\nthree\n";
        let e = edit(doc, "# AI: greet\n", EditKind::Replace, "X\n");
        let now = "zero\nzero and a half\none\n# AI: greet\nthree\nfour\n";
        assert_eq!(apply(now, &e.place(now).expect("placed")), "zero\nzero and a half\none\nX\nthree\nfour\n");
    }

    #[test]
    fn a_changed_anchor_is_refused_and_says_so() {
        let doc = "one\n# AI: greet\nthree\n";
        let e = edit(doc, "# AI: greet\n", EditKind::Replace, "X\n");
        let err = e.place("one\n# AI: greet everyone\nthree\n").unwrap_err();
        assert_eq!(err, AnchorError::Changed);
        assert_eq!(err.to_string(), "the text changed while the model was working; nothing was overwritten");
    }

    #[test]
    fn several_matches_pick_the_nearest_and_refuse_a_tie() {
        let doc = "x\nTODO\ny\nTODO\nz\n";
        let second = doc.rfind("TODO").expect("second");
        let e = AnchoredEdit::new(doc, TextRange::new(second, second + 4), EditKind::Replace, "done".into());
        // Same count: the same (second) one, although the first is nearer by offset.
        let now = "inserted above\nand more\nx\nTODO\ny\nTODO\nz\n";
        assert_eq!(apply(now, &e.place(now).expect("placed")), "inserted above\nand more\nx\nTODO\ny\ndone\nz\n");
        // A third one appeared: the nearest wins.
        let now = "x\nTODO\ny\nTODO\nz\nTODO\n";
        let moved = "x\nTODO\ny\n-TODO\nz\nTODO\n";
        assert_eq!(apply(now, &e.place(now).expect("placed")), "x\nTODO\ny\ndone\nz\nTODO\n");
        assert_eq!(apply(moved, &e.place(moved).expect("placed")), "x\nTODO\ny\n-done\nz\nTODO\n");
        let tie = AnchoredEdit::new("..ab.", TextRange::new(2, 4), EditKind::Replace, "-".into());
        assert_eq!(tie.place("ab..ab"), Err(AnchorError::Ambiguous(2)));
    }

    #[test]
    fn empty_anchor_only_holds_in_place() {
        let e = AnchoredEdit::new("abcdef", TextRange::empty(3), EditKind::InsertAfter, "!".into());
        assert_eq!(e.place("abcdef").expect("placed").range, TextRange::empty(3));
        assert_eq!(e.place("ab"), Err(AnchorError::Changed));
    }

    #[test]
    fn insertion_keeps_lines_apart_with_the_documents_line_ending() {
        assert_eq!(insertion_text("# AI: x", "y = 1\n\n", "\r\n"), "\r\ny = 1\r\n");
        assert_eq!(insertion_text("# AI: x\n", "y = 1", "\n"), "y = 1\n");
        assert_eq!(line_ending("a\r\nb"), "\r\n");
        assert_eq!(line_ending("a\rb"), "\r");
        assert_eq!(line_ending("ab"), "\n");
    }
}
