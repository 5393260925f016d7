//! Open documents: a rope, the client's version and the prompt format, with incremental edits
//! applied strictly in version order.
//!
//! tower-lsp-server may poll notification handlers concurrently, so a `didChange` for version 5
//! can reach us before the one for version 4. A change whose predecessor has not arrived yet is
//! held back; when the predecessor comes, both are applied in order. Clients are only required
//! to *increase* versions, so a held change whose predecessor never comes is applied after
//! [`MAX_HELD`] later changes pile up or when the caller flushes (see [`Document::flush_held`]).
//! Some clients skip numbers as a matter of course (Neovim sends its buffer's change tick): once
//! a document's missing version has been given up on, its later gaps are applied at once, so such
//! a client waits for the hold timeout once per document, not on every keystroke.
//!
//! Each document also keeps the [`SourceState`] of its last analysis (a source file's chunks with
//! their trees and findings), which the next analysis matches against the new text by content:
//! it needs no record of the edits, so no edit can lead it astray.
//!
//! Verification findings are different: a finding is about one line, and a text search for it
//! would be ambiguous with duplicate lines. So they live here, beside the text, and every applied
//! change moves them exactly: a line whose start lies before the edit stays, one whose start lies
//! after it moves by the lines inserted or removed, and one whose start the edit replaced is gone.
//! Whether a finding's own line still holds its text is checked when it is published.

use std::collections::BTreeMap;
use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use super::convert::{self, Encoding};
use super::handlers::Analyzed;
use super::handlers::assist::VerifyMark;
use crate::analysis::format::PromptFormat;
use crate::analysis::source::SourceState;

/// How many out-of-order changes are held before giving up on the missing predecessor.
pub const MAX_HELD: usize = 32;

/// An open document.
#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// `None` for files that are not prompt files: they are tracked but never analysed.
    pub format: Option<PromptFormat>,
    /// What the last analysis found, chunk by chunk (source files only).
    pub source: SourceState,
    /// The version whose analysis left `source`.
    pub source_version: i32,
    /// The analysis of `source_version`, for every request about that version (the diagnostics,
    /// hover, inlay hints, the unit status).
    pub analysis: Option<Arc<Analyzed>>,
    /// Verification findings, moved with their lines by every change; `None` until a
    /// verification stored some (an empty list must still be published, to clear old ones).
    pub verify: Option<Vec<VerifyMark>>,
    held: BTreeMap<i32, Vec<TextDocumentContentChangeEvent>>,
    /// Set once a missing predecessor never came: this client skips version numbers.
    skips_versions: bool,
}

/// What happened to a `didChange`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeOutcome {
    /// The document advanced to this version (possibly applying held changes too).
    Applied(i32),
    /// Held back until its predecessor arrives.
    Held,
    /// A version at or below the current one: a duplicate or a stale message, dropped.
    Stale,
}

impl Document {
    pub fn new(text: &str, version: i32, format: Option<PromptFormat>) -> Self {
        Self {
            rope: Rope::from_str(text),
            version,
            format,
            source: SourceState::default(),
            source_version: i32::MIN,
            analysis: None,
            verify: None,
            held: BTreeMap::new(),
            skips_versions: false,
        }
    }

    /// The full text, for the analysis.
    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// Whether changes are waiting for a missing predecessor.
    pub fn has_held(&self) -> bool {
        !self.held.is_empty()
    }

    /// Records the changes of `version`, applying them (and any held successors) when it is the
    /// next version, holding them otherwise.
    pub fn change(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        enc: Encoding,
    ) -> ChangeOutcome {
        if version <= self.version || self.held.contains_key(&version) {
            return ChangeOutcome::Stale;
        }
        if self.skips_versions && self.held.is_empty() {
            self.apply(&changes, enc);
            self.version = version;
            return ChangeOutcome::Applied(version);
        }
        self.held.insert(version, changes);
        let before = self.version;
        self.apply_consecutive(enc);
        if self.held.len() > MAX_HELD {
            self.flush_held(enc);
        }
        if self.version == before { ChangeOutcome::Held } else { ChangeOutcome::Applied(self.version) }
    }

    /// Applies every held change in version order, even across gaps: the client evidently
    /// skipped a version number.
    pub fn flush_held(&mut self, enc: Encoding) {
        self.skips_versions |= !self.held.is_empty();
        for (version, changes) in std::mem::take(&mut self.held) {
            self.apply(&changes, enc);
            self.version = version;
        }
    }

    fn apply_consecutive(&mut self, enc: Encoding) {
        while let Some(changes) = self.version.checked_add(1).and_then(|next| self.held.remove(&next)) {
            self.apply(&changes, enc);
            self.version += 1;
        }
    }

    fn apply(&mut self, changes: &[TextDocumentContentChangeEvent], enc: Encoding) {
        for change in changes {
            // Where each finding's line starts, taken before the change moves the text.
            let starts: Vec<Option<usize>> =
                self.verify.iter().flatten().map(|m| self.rope.try_line_to_char(m.line() as usize).ok()).collect();
            let Some(edit) = apply_change(&mut self.rope, change, enc) else { continue };
            if let Some(marks) = &mut self.verify {
                follow_lines(marks, &starts, edit, &self.rope);
            }
        }
    }

    /// The text of `line` without its terminator (`\n`, `\r\n` or a lone `\r`); `None` past the end.
    pub fn line_text(&self, line: u32) -> Option<String> {
        let slice = self.rope.get_line(line as usize)?;
        let text = slice.to_string();
        let content = text.strip_suffix('\n').unwrap_or(&text);
        Some(content.strip_suffix('\r').unwrap_or(content).to_owned())
    }
}

/// What one applied change did, in chars: `start..old_end` of the old text became
/// `start..new_end` of the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CharEdit {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

impl CharEdit {
    /// Where char `at` of the old text is now; `None` if the edit replaced it. A char at the
    /// edit's start that the edit did not remove (a pure insertion) moves after the insertion.
    pub fn moved(self, at: usize) -> Option<usize> {
        if at < self.start {
            Some(at)
        } else if at >= self.old_end {
            Some(at - self.old_end + self.new_end)
        } else {
            None
        }
    }

    /// The smallest edit turning `old` into `new` (common prefix and suffix kept): what a full
    /// replacement from a client that sends whole texts amounts to.
    fn between(old: &Rope, new: &str) -> Self {
        let old_len = old.len_chars();
        let new_len = new.chars().count();
        let prefix = old.chars().zip(new.chars()).take_while(|(a, b)| a == b).count();
        let room = (old_len - prefix).min(new_len - prefix);
        let suffix =
            old.chars_at(old_len).reversed().zip(new.chars().rev()).take(room).take_while(|(a, b)| a == b).count();
        Self { start: prefix, old_end: old_len - suffix, new_end: new_len - suffix }
    }
}

/// Moves each finding to where its line starts after `edit` (`starts`: where each line started
/// before it, in the order of `marks`). A finding whose line start the edit replaced, or that no
/// longer starts a line (text was typed in front of it), is dropped.
fn follow_lines(marks: &mut Vec<VerifyMark>, starts: &[Option<usize>], edit: CharEdit, rope: &Rope) {
    let mut starts = starts.iter();
    marks.retain_mut(|mark| {
        let now = starts.next().copied().flatten().and_then(|start| edit.moved(start));
        let line =
            now.and_then(|at| rope.try_char_to_line(at).ok().filter(|&l| rope.try_line_to_char(l).ok() == Some(at)));
        match line.and_then(|l| u32::try_from(l).ok()) {
            Some(line) => {
                mark.move_to(line);
                true
            }
            None => false,
        }
    });
}

/// Applies one content change to `rope` and says what it changed (`None`: nothing, the change
/// could not be applied). Out-of-range positions clamp (see `convert`), so a confused client can
/// garble its own text but never crash the server.
pub fn apply_change(rope: &mut Rope, change: &TextDocumentContentChangeEvent, enc: Encoding) -> Option<CharEdit> {
    let Some(range) = change.range else {
        let edit = CharEdit::between(rope, &change.text);
        *rope = Rope::from_str(&change.text);
        return Some(edit);
    };
    let chars = convert::to_char_range(rope, range, enc);
    if let Err(e) = rope.try_remove(chars.clone()) {
        tracing::warn!("ignoring an edit that cannot be applied: {e}");
        return None;
    }
    let inserted = match rope.try_insert(chars.start, &change.text) {
        Ok(()) => change.text.chars().count(),
        Err(e) => {
            tracing::warn!("ignoring an insertion that cannot be applied: {e}");
            0
        }
    };
    Some(CharEdit { start: chars.start, old_end: chars.end, new_end: chars.start + inserted })
}

#[cfg(test)]
mod tests {
    use tower_lsp_server::ls_types::{Position, Range};

    use super::*;

    fn edit(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn incremental_edits_with_astral_chars() {
        let mut doc = Document::new("a😀b\r\nc", 1, None);
        assert_eq!(doc.change(2, vec![edit(0, 1, 0, 3, "中")], Encoding::Utf16), ChangeOutcome::Applied(2));
        assert_eq!(doc.text(), "a中b\r\nc");
        assert_eq!(
            doc.change(3, vec![edit(1, 0, 1, 1, "😀"), edit(0, 0, 0, 0, "x")], Encoding::Utf16),
            ChangeOutcome::Applied(3)
        );
        assert_eq!(doc.text(), "xa中b\r\n😀");
    }

    #[test]
    fn full_replacement() {
        let mut doc = Document::new("old", 1, None);
        let full = TextDocumentContentChangeEvent { range: None, range_length: None, text: "new".into() };
        doc.change(2, vec![full], Encoding::Utf8);
        assert_eq!(doc.text(), "new");
    }

    #[test]
    fn out_of_order_changes_are_applied_in_version_order() {
        let mut doc = Document::new("", 1, None);
        assert_eq!(doc.change(3, vec![edit(0, 1, 0, 1, "b")], Encoding::Utf16), ChangeOutcome::Held);
        assert_eq!(doc.change(4, vec![edit(0, 2, 0, 2, "c")], Encoding::Utf16), ChangeOutcome::Held);
        assert_eq!(doc.text(), "");
        assert_eq!(doc.change(2, vec![edit(0, 0, 0, 0, "a")], Encoding::Utf16), ChangeOutcome::Applied(4));
        assert_eq!(doc.text(), "abc");
        assert_eq!(doc.change(4, vec![edit(0, 0, 0, 0, "z")], Encoding::Utf16), ChangeOutcome::Stale);
        assert!(!doc.has_held());
    }

    #[test]
    fn gaps_in_versions_are_flushed() {
        let mut doc = Document::new("", 1, None);
        assert_eq!(doc.change(5, vec![edit(0, 0, 0, 0, "a")], Encoding::Utf16), ChangeOutcome::Held);
        doc.flush_held(Encoding::Utf16);
        assert_eq!((doc.text().as_str(), doc.version), ("a", 5));
        // The client skips numbers: from now on a gap is applied at once instead of held.
        assert_eq!(doc.change(7, vec![edit(0, 1, 0, 1, "b")], Encoding::Utf16), ChangeOutcome::Applied(7));
        assert_eq!(doc.change(6, vec![edit(0, 0, 0, 0, "z")], Encoding::Utf16), ChangeOutcome::Stale);
        assert_eq!((doc.text().as_str(), doc.version), ("ab", 7));
    }

    #[test]
    fn a_flush_with_nothing_held_does_not_stop_holding() {
        let mut doc = Document::new("", 1, None);
        doc.flush_held(Encoding::Utf16);
        assert_eq!(doc.change(3, vec![edit(0, 0, 0, 0, "b")], Encoding::Utf16), ChangeOutcome::Held);
    }

    #[test]
    fn past_the_end_edits_clamp() {
        let mut doc = Document::new("ab", 1, None);
        doc.change(2, vec![edit(9, 9, 12, 0, "!")], Encoding::Utf16);
        assert_eq!(doc.text(), "ab!");
    }
}
