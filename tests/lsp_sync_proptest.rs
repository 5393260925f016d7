//! Property test of incremental text sync: random UTF-16 edits (astral characters, CJK, `\r\n`,
//! lone `\r`) applied by `server::documents` and by a reference model on `Vec<u16>` give the same
//! text.

#![allow(clippy::unwrap_used)]

use modelfit::server::convert::Encoding;
use modelfit::server::documents::{ChangeOutcome, Document};
use proptest::prelude::*;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

const PIECES: &[&str] =
    &["a", "b ", "中", "文", "😀", "𝄞", "\n", "\r\n", "\r", "---", "model: x", "\u{2028}", "\u{85}"];

fn text_of(pieces: &[usize]) -> String {
    pieces.iter().map(|&i| PIECES[i % PIECES.len()]).collect()
}

/// UTF-16 indices where an edit may start or end: not inside a surrogate pair and not between
/// `\r` and `\n` (no LSP position names that spot).
fn points(units: &[u16]) -> Vec<usize> {
    let cr = u16::from(b'\r');
    let lf = u16::from(b'\n');
    (0..=units.len())
        .filter(|&i| {
            let inside_pair = i < units.len() && (0xDC00..0xE000).contains(&units[i]);
            let inside_crlf = i > 0 && units[i - 1] == cr && units.get(i) == Some(&lf);
            !inside_pair && !inside_crlf
        })
        .collect()
}

/// The reference model's position of a UTF-16 index: lines end at `\n`, `\r\n` or lone `\r`.
fn position(units: &[u16], at: usize) -> Position {
    let (cr, lf) = (u16::from(b'\r'), u16::from(b'\n'));
    let (mut line, mut start, mut i) = (0, 0, 0);
    while i < at {
        if units[i] == lf || (units[i] == cr && units.get(i + 1) != Some(&lf)) {
            line += 1;
            start = i + 1;
        } else if units[i] == cr {
            i += 1;
            line += 1;
            start = i + 1;
        }
        i += 1;
    }
    Position::new(line, u32::try_from(at - start).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn documents_match_a_utf16_model(
        initial in prop::collection::vec(0..PIECES.len(), 0..30),
        edits in prop::collection::vec((any::<usize>(), 0..6_usize, prop::collection::vec(0..PIECES.len(), 0..4)), 1..40),
    ) {
        let initial = text_of(&initial);
        let mut model: Vec<u16> = initial.encode_utf16().collect();
        let mut doc = Document::new(&initial, 0, None);
        for (version, (seed, span, insert)) in (1..).zip(edits) {
            let pts = points(&model);
            let a = seed % pts.len();
            let (start, end) = (pts[a], pts[(a + span).min(pts.len() - 1)]);
            let insert = text_of(&insert);
            let change = TextDocumentContentChangeEvent {
                range: Some(Range::new(position(&model, start), position(&model, end))),
                range_length: None,
                text: insert.clone(),
            };
            model.splice(start..end, insert.encode_utf16());
            prop_assert_eq!(doc.change(version, vec![change], Encoding::Utf16), ChangeOutcome::Applied(version));
        }
        prop_assert_eq!(doc.text(), String::from_utf16(&model).unwrap());
    }
}
