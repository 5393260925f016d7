//! A source file parsed chunk by chunk.
//!
//! Tree-sitter costs about a thousand instructions per byte, and most of a large source file is
//! code that cannot hold a prompt. [`chunks`] splits the file into its top-level statements
//! without parsing; a chunk that is one function or class definition without any of the scope
//! hints is never parsed (nothing in it could be a unit, and the names it binds are its own), and
//! every other chunk is parsed alone, as a tree of its own over the same text. The walk then reads
//! the trees in order with one module scope, so the units are those of a whole-file parse (tests
//! compare the two).
//!
//! Chunks are also what [`super::super::super::source::SourceState`] keeps between keystrokes:
//! a chunk whose text did not change keeps its tree and its units.

use tree_sitter::{Language, Parser, Point, Range, Tree};

use super::chunks::{self, Chunk};
use super::{Dialect, Root, ScopeHints, go, python, rust, typescript};
use crate::analysis::extract::{Extraction, PromptUnit};
use crate::analysis::text::TextRange;

/// The top-level chunks of `text` in `dialect`: definitions and runs of other statements for
/// Python, JavaScript/TypeScript and Go, the whole file as one chunk for Rust.
pub fn chunks_of(dialect: Dialect, text: &str) -> Vec<Chunk> {
    match dialect {
        Dialect::Python { .. } => chunks::python(text),
        Dialect::Js => chunks::javascript(text),
        Dialect::Go { .. } => chunks::go(text),
        Dialect::Rust { .. } if text.is_empty() => Vec::new(),
        Dialect::Rust { .. } => vec![Chunk { start: 0, end: text.len(), start_row: 0, definition: false }],
    }
}

/// [`chunks_of`] `text`, made from `old`, the chunks of a text `old_len` long that shares its
/// first `prefix` and last `suffix` bytes with `text`: only the lines around the change are
/// scanned again (the same chunks, found with less work).
pub fn chunks_after_edit(
    dialect: Dialect,
    text: &str,
    old: &[Chunk],
    (prefix, suffix, old_len): (usize, usize, usize),
) -> Vec<Chunk> {
    match dialect {
        Dialect::Python { .. } => chunks::python_edited(text, old, prefix, suffix, old_len),
        Dialect::Js => chunks::javascript_edited(text, old, prefix, suffix, old_len),
        Dialect::Go { .. } => chunks::go_edited(text, old, prefix, suffix, old_len),
        Dialect::Rust { .. } => chunks_of(dialect, text),
    }
}

/// Whether `chunk` of `text` must be parsed: anything but a definition without a scope hint.
pub fn worth_parsing(text: &str, chunk: &Chunk) -> bool {
    !chunk.definition || ScopeHints::any_in(&text[chunk.start..chunk.end])
}

/// Parses chunks of one text, one at a time, each as a tree of its own.
pub struct ChunkParser {
    parser: Parser,
}

impl ChunkParser {
    /// `None` only if the grammar cannot be loaded.
    pub fn new(language: &Language) -> Option<Self> {
        let mut parser = Parser::new();
        parser.set_language(language).ok()?;
        Some(Self { parser })
    }

    /// The tree of `chunk` of `text` alone, its nodes placed at their offsets in `text`. `end` is
    /// where the chunk ends ([`end_point`]). `old` is an earlier tree of the chunk with the edits
    /// since recorded on it (`Tree::edit`), whose unchanged parts tree-sitter reuses.
    pub fn parse(&mut self, text: &str, chunk: &Chunk, end: Point, old: Option<&Tree>) -> Option<Tree> {
        let range = Range {
            start_byte: chunk.start,
            end_byte: chunk.end,
            start_point: Point { row: chunk.start_row, column: 0 },
            end_point: end,
        };
        self.parser.set_included_ranges(&[range]).ok()?;
        self.parser.parse(text, old)
    }
}

/// Where chunk `index` of `chunks` (the chunks of `text`) ends: the start of the next chunk, or
/// the end of the text.
pub fn end_point(text: &str, chunks: &[Chunk], index: usize) -> Point {
    if let Some(next) = chunks.get(index + 1) {
        return Point { row: next.start_row, column: 0 };
    }
    let chunk = &chunks[index];
    let tail = &text.as_bytes()[chunk.start..chunk.end];
    let newlines = memchr::memchr_iter(b'\n', tail).count();
    let column = memchr::memrchr(b'\n', tail).map_or(tail.len(), |last| tail.len() - last - 1);
    Point { row: chunk.start_row + newlines, column }
}

/// The units of `roots` (trees of chunks of `text`, in document order), sorted by position, and
/// the names bound at module level as `(value range, name)`.
pub(crate) fn units_in<'t>(
    dialect: Dialect,
    roots: &[Root<'t>],
    text: &'t str,
    prune: bool,
) -> (Vec<PromptUnit>, Vec<(TextRange, &'t str)>) {
    let (mut units, bindings) = match dialect {
        Dialect::Python { .. } => python::units(roots, text, prune),
        Dialect::Js => typescript::units(roots, text, prune),
        Dialect::Go { .. } => go::units(roots, text, prune),
        Dialect::Rust { .. } => rust::units(roots, text, prune),
    };
    units.sort_by_key(|u| u.range.start);
    (units, bindings.module_level())
}

/// The extraction of a whole source file, parsing only the chunks worth parsing.
pub fn extract(language: &Language, dialect: Dialect, text: &str) -> Extraction {
    let Some(mut parser) = ChunkParser::new(language) else { return Extraction::default() };
    let chunks = chunks_of(dialect, text);
    let trees: Vec<Tree> = (0..chunks.len())
        .filter(|&i| worth_parsing(text, &chunks[i]))
        .filter_map(|i| parser.parse(text, &chunks[i], end_point(text, &chunks, i), None))
        .collect();
    let roots: Vec<Root<'_>> = trees.iter().map(|tree| Root { node: tree.root_node(), collect: true }).collect();
    Extraction { units: units_in(dialect, &roots, text, true).0, ..Extraction::default() }
}
