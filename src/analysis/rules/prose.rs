//! Prose helpers shared by the prompt-text rules: what is not instruction text (code fences,
//! placeholders), word bounds, sentences, and the edit that removes a sentence cleanly.

use super::Edit;
use crate::analysis::extract::Segment;
use crate::analysis::text::TextRange;

/// The parts of a segment that are not instructions: fenced code blocks (three backticks or tildes, to the
/// closing fence or the segment's end) and template placeholders. Ranges index the whole text, sorted and disjoint.
pub fn masked(text: &str, segment: &Segment) -> Vec<TextRange> {
    let mut out = segment.placeholders.clone();
    let mut open: Option<(usize, &str)> = None;
    let mut at = segment.range.start;
    for line in text[segment.range.as_range()].split_inclusive('\n') {
        let trimmed = line.trim_start();
        let fence = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f));
        match (open, fence) {
            (None, Some(f)) => open = Some((at, f)),
            (Some((start, f)), Some(g)) if f == g => {
                out.push(TextRange::new(start, at + line.len()));
                open = None;
            }
            _ => {}
        }
        at += line.len();
    }
    if let Some((start, _)) = open {
        out.push(TextRange::new(start, segment.range.end));
    }
    // Sorted and merged (a placeholder inside a fence is one masked stretch), so `is_masked` can
    // binary-search: a long prompt has thousands of placeholders and sentences.
    out.sort_unstable();
    let mut merged: Vec<TextRange> = Vec::with_capacity(out.len());
    for range in out {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// Whether `at` lies in one of `masked` (as returned by [`masked`]: sorted and disjoint).
pub fn is_masked(masked: &[TextRange], at: usize) -> bool {
    let after = masked.partition_point(|m| m.start <= at);
    after > 0 && masked[after - 1].contains(at)
}

/// Whether `range` starts and ends at word bounds (always true next to non-Latin script).
pub fn at_word_bounds(text: &str, range: TextRange) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let first = text[range.as_range()].chars().next();
    let last = text[range.as_range()].chars().next_back();
    let joins = |a: Option<char>, b: Option<char>| matches!((a, b), (Some(a), Some(b)) if a.is_alphanumeric() && b.is_alphanumeric() && (a.is_ascii() || b.is_ascii() || is_latin(a) && is_latin(b)));
    !joins(before, first) && !joins(last, after)
}

fn is_latin(c: char) -> bool {
    c.is_alphabetic() && (c as u32) < 0x0250
}

/// Where a sentence ends: after `.`, `!`, `?` followed by a space or line end (not after a number
/// such as the `1.` of a list), after `。！？`, or at a line end.
fn is_terminator(bytes: &str, i: usize, c: char) -> bool {
    match c {
        '。' | '！' | '？' => true,
        '.' | '!' | '?' => {
            let next = bytes[i + c.len_utf8()..].chars().next();
            let prev = bytes[..i].chars().next_back();
            next.is_none_or(char::is_whitespace) && !prev.is_some_and(|p| p.is_ascii_digit() && c == '.')
        }
        _ => false,
    }
}

/// The sentences of `range`, trimmed, in order.
pub fn sentences(text: &str, range: TextRange) -> Vec<TextRange> {
    let mut out = Vec::new();
    let mut start = range.start;
    let mut push = |s: usize, e: usize| {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if lead + trail < piece.len() {
            out.push(TextRange::new(s + lead, e - trail));
        }
    };
    // Bytes, not chars: every terminator is ASCII or a three-byte CJK mark, and this runs over
    // whole segments on every keystroke.
    let bytes = text.as_bytes();
    for at in range.start..range.end {
        match bytes[at] {
            b'\n' => {
                push(start, at);
                start = at + 1;
            }
            c @ (b'.' | b'!' | b'?') if at >= start && is_terminator(text, at, char::from(c)) => {
                push(start, at + 1);
                start = at + 1;
            }
            // Lead bytes of the three-byte marks `。` (E3 80 82), `！` (EF BC 81), `？` (EF BC 9F).
            0xE3 | 0xEF if at >= start => {
                if let Some(c @ ('。' | '！' | '？')) = text[at..].chars().next() {
                    push(start, at + c.len_utf8());
                    start = at + c.len_utf8();
                }
            }
            _ => {}
        }
    }
    push(start, range.end);
    out
}

/// The sentence of `bounds` that contains `at` (or `at` itself when no sentence does).
pub fn sentence_around(text: &str, bounds: TextRange, at: TextRange) -> TextRange {
    let line_start = text[bounds.start..at.start].rfind('\n').map_or(bounds.start, |i| bounds.start + i + 1);
    let line_end = text[at.end..bounds.end].find('\n').map_or(bounds.end, |i| at.end + i);
    sentences(text, TextRange::new(line_start, line_end))
        .into_iter()
        .find(|s| s.start <= at.start && at.end <= s.end)
        .unwrap_or(at)
}

/// An edit deleting `sentence`: the whole line when nothing else (but a list marker) is on it,
/// otherwise the sentence and one neighbouring space, so no double spaces remain.
pub fn removal(text: &str, sentence: TextRange) -> Edit {
    let line_start = text[..sentence.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[sentence.end..].find('\n').map_or(text.len(), |i| sentence.end + i);
    let prefix = &text[line_start..sentence.start];
    let suffix = &text[sentence.end..line_end];
    let only_marker = prefix
        .trim()
        .trim_start_matches(['-', '*', '+'])
        .trim_end_matches(['.', ')'])
        .chars()
        .all(|c| c.is_ascii_digit());
    let range = if only_marker && suffix.trim().is_empty() {
        TextRange::new(line_start, (line_end + 1).min(text.len()))
    } else if suffix.starts_with([' ', '\t']) {
        TextRange::new(sentence.start, sentence.end + 1)
    } else if prefix.ends_with([' ', '\t']) {
        TextRange::new(sentence.start - 1, sentence.end)
    } else {
        sentence
    };
    Edit { range, new_text: String::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_at_latin_and_cjk_marks_and_line_ends_but_not_inside_numbers() {
        let text = "一。二！ Three is 4.5 ok? Five.\nsix ？seven";
        let got: Vec<&str> =
            sentences(text, TextRange::new(0, text.len())).iter().map(|r| &text[r.as_range()]).collect();
        assert_eq!(got, ["一。", "二！", "Three is 4.5 ok?", "Five.", "six ？", "seven"]);
    }

    #[test]
    fn masked_ranges_are_merged_and_searchable() {
        let text = "a {{x}}\n```\n{{y}} code\n```\nb {{z}}";
        let segment = Segment {
            role: crate::analysis::extract::Role::User,
            range: TextRange::new(0, text.len()),
            marker: None,
            placeholders: crate::analysis::extract::placeholders::ranges(text, TextRange::new(0, text.len())),
        };
        let m = masked(text, &segment);
        assert_eq!(m.len(), 3, "{m:?}");
        assert!(is_masked(&m, text.find("{{x}}").unwrap()));
        assert!(is_masked(&m, text.find("code").unwrap()));
        assert!(!is_masked(&m, text.find("b {{z}}").unwrap()));
        assert!(is_masked(&m, text.find("{{z}}").unwrap()));
    }
}
