//! A source file kept analysed between keystrokes, so that an edit costs what it touched.
//!
//! A source file is read as top-level chunks (see `extract::code::parsed`). After a change the
//! new text is split again (a byte scan); every chunk that lies in the text the change left alone
//! (before it, or after it and moved with it) keeps its syntax tree, its units and the rules'
//! findings on them, moved to their new place. The others are parsed, walked and checked again,
//! and so is every unchanged chunk that mentions a module-level name whose value changed (the
//! prompt constant being edited, a model name): units read their own chunk and the names bound
//! at module level, nothing else. What is unchanged is found by comparing the texts, not from
//! the editor's change events, so a confused client can make the analysis slower, never wrong.
//!
//! The result is the same as [`super::analyze`] on the new text: only the time differs (a test
//! below checks this after random edits).
//!
//! Prompt files have no chunks to keep; for them this is exactly [`super::analyze`].

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use memchr::memmem::Finder;
use tree_sitter::{InputEdit, Point, Tree};

use super::classify::Profile;
use super::extract::code::chunks::Chunk;
use super::extract::code::{self, Dialect, Root, parsed};
use super::extract::{Extraction, PromptUnit};
use super::format::PromptFormat;
use super::rules::Diagnostic;
use super::settings::Settings;
use super::text::{LineIndex, TextRange};
use super::{Analysis, analyze, findings, finish};

/// The chunks of the last analysed text of one document, with what was found in them.
///
/// Cloning is cheap (the chunks are shared), so a snapshot can carry the state to another thread
/// and hand the new one back.
#[derive(Debug, Clone, Default)]
pub struct SourceState {
    kept: Option<Arc<Kept>>,
}

#[derive(Debug, Clone)]
struct Kept {
    format: PromptFormat,
    settings: Settings,
    /// The text these chunks are of, to find what the next one kept of it, and its lines.
    text: String,
    lines: LineIndex,
    chunks: Vec<KeptChunk>,
}

#[derive(Debug, Clone)]
struct KeptChunk {
    chunk: Chunk,
    /// `None` for a definition without hints, which is never parsed.
    tree: Option<PlacedTree>,
    /// The names this chunk binds at module level, each with a digest of its value's text: the
    /// units of other chunks may read them.
    binds: Vec<(String, u64)>,
    /// The units whose range starts in this chunk, and the rules' findings on them (before
    /// suppressions, which depend on the whole file).
    units: Vec<PromptUnit>,
    findings: Vec<Diagnostic>,
    profiles: Option<Vec<Profile>>,
}

impl KeptChunk {
    fn empty(chunk: Chunk) -> Self {
        Self { chunk, tree: None, binds: Vec::new(), units: Vec::new(), findings: Vec::new(), profiles: None }
    }
}

/// A chunk's syntax tree and the place it was parsed at: moved to the chunk's new place only when
/// a walk reads it (most unchanged chunks are never read again).
#[derive(Debug, Clone)]
struct PlacedTree {
    tree: Tree,
    at: Chunk,
}

impl PlacedTree {
    /// Moves the nodes to where the same text now lies.
    fn move_to(&mut self, to: Chunk) {
        if self.at.start != to.start {
            self.tree.edit(&InputEdit {
                start_byte: 0,
                old_end_byte: self.at.start,
                new_end_byte: to.start,
                start_position: Point { row: 0, column: 0 },
                old_end_position: Point { row: self.at.start_row, column: 0 },
                new_end_position: Point { row: to.start_row, column: 0 },
            });
        }
        self.at = to;
    }
}

impl SourceState {
    /// Forgets everything: the next analysis reads the text from scratch.
    pub fn reset(&mut self) {
        self.kept = None;
    }

    /// Whether chunks are kept (for tests and logs).
    pub fn has_tree(&self) -> bool {
        self.kept.is_some()
    }

    /// [`super::analyze`] of `text`, reusing what the last analysis found in unchanged chunks.
    pub fn analyze(&mut self, format: PromptFormat, text: &str, settings: &Settings) -> Analysis {
        let grammar = code::grammar(format).filter(|_| code::may_hold_prompts(text));
        let Some((dialect, mut parser)) =
            grammar.and_then(|(language, dialect)| Some((dialect, parsed::ChunkParser::new(&language)?)))
        else {
            self.kept = None;
            return analyze(format, text, settings);
        };
        // The previous state is taken over (copied only if a snapshot still shares it).
        let previous = self
            .kept
            .take()
            .filter(|k| k.format == format && k.settings.same_as(settings))
            .map(|kept| Arc::try_unwrap(kept).unwrap_or_else(|shared| (*shared).clone()));
        let previous = previous.map(|p| {
            let diff = Diff::between(&p.text, text);
            (p, diff)
        });
        let lines = match &previous {
            Some((previous, diff)) => previous.lines.edited(&previous.text, text, diff.prefix, diff.suffix),
            None => LineIndex::new(text),
        };
        let kept = Kept::build(format, dialect, text, settings, lines, &mut parser, previous);
        let mut units = Vec::new();
        let mut diagnostics = Vec::new();
        let mut profiles = Some(Vec::new());
        for chunk in &kept.chunks {
            units.extend(chunk.units.iter().cloned());
            diagnostics.extend(chunk.findings.iter().cloned());
            match (&mut profiles, &chunk.profiles) {
                (Some(all), Some(these)) => all.extend(these.iter().cloned()),
                (_, None) if chunk.units.is_empty() => {}
                _ => profiles = None,
            }
        }
        let extraction = Extraction { units, ..Extraction::default() };
        let analysis = finish(format, text, &kept.lines, extraction, diagnostics, profiles.filter(|p| !p.is_empty()));
        self.kept = Some(Arc::new(kept));
        analysis
    }
}

impl Kept {
    fn build(
        format: PromptFormat,
        dialect: Dialect,
        text: &str,
        settings: &Settings,
        lines: LineIndex,
        parser: &mut parsed::ChunkParser,
        previous: Option<(Kept, Diff)>,
    ) -> Self {
        let chunks = match &previous {
            Some((previous, diff)) => {
                let old: Vec<Chunk> = previous.chunks.iter().map(|c| c.chunk).collect();
                parsed::chunks_after_edit(dialect, text, &old, (diff.prefix, diff.suffix, previous.text.len()))
            }
            None => parsed::chunks_of(dialect, text),
        };
        let matched = match &previous {
            Some((previous, diff)) => previous.match_chunks(text, &chunks, diff),
            None => vec![None; chunks.len()],
        };
        // A language read as one chunk (no chunker) re-parses its one tree incrementally.
        let mut whole_file_tree = match &previous {
            Some((previous, diff)) if chunks.len() == 1 && previous.chunks.len() == 1 => {
                previous.chunks[0].tree.as_ref().map(|placed| diff.edited(&previous.text, text, placed.tree.clone()))
            }
            _ => None,
        };
        let moves = Moves::new(previous.as_ref().map(|(p, _)| p), &chunks, &matched);
        let had_previous = previous.is_some();
        let mut old_chunks: Vec<Option<KeptChunk>> =
            previous.map(|(p, _)| p.chunks.into_iter().map(Some).collect()).unwrap_or_default();
        // What an unchanged chunk had (taken from the previous analysis); a changed one is parsed.
        let mut kept: Vec<KeptChunk> = Vec::with_capacity(chunks.len());
        for (i, chunk) in chunks.iter().enumerate() {
            if let Some(mut old) = matched[i].and_then(|j| old_chunks[j].take()) {
                old.chunk = *chunk;
                kept.push(old);
                continue;
            }
            let end = parsed::end_point(text, &chunks, i);
            let tree = parsed::worth_parsing(text, chunk)
                .then(|| {
                    let old = whole_file_tree.take();
                    let tree = parser.parse(text, chunk, end, old.as_ref())?;
                    // Reusing an old tree, tree-sitter may recover from a syntax error otherwise
                    // than a fresh parse does (and find a call that `modelfit check` does not):
                    // broken code is parsed afresh, so the editor and the command line agree.
                    if old.is_some() && tree.root_node().has_error() {
                        parser.parse(text, chunk, end, None)
                    } else {
                        Some(tree)
                    }
                })
                .flatten()
                .map(|tree| PlacedTree { tree, at: *chunk });
            // The names a changed chunk binds decide which others to read again; without a
            // previous analysis every chunk is read below anyway.
            let binds = match &tree {
                Some(placed) if had_previous => module_binds(dialect, text, placed.tree.root_node()),
                _ => Vec::new(),
            };
            kept.push(KeptChunk { tree, binds, ..KeptChunk::empty(*chunk) });
        }
        let mut fresh: Vec<bool> = matched.iter().map(Option::is_none).collect();
        if had_previous {
            // Unchanged chunks bind what they bound: only the others can change a name's values.
            let gone = old_chunks.iter().flatten().flat_map(|c| &c.binds);
            let new = kept.iter().zip(&fresh).filter(|(_, f)| **f).flat_map(|(c, _)| &c.binds);
            let changed = changed_names(gone, new);
            mark_readers(text, &kept, changed, &mut fresh);
            for (chunk, fresh) in kept.iter_mut().zip(&mut fresh) {
                if !*fresh && !moves.relocate(&mut chunk.units, &mut chunk.findings) {
                    *fresh = true;
                }
            }
        }
        if fresh.iter().any(|f| *f) {
            read_again(&mut kept, &fresh, format, dialect, text, settings, &lines);
        }
        Kept { format, settings: settings.clone(), text: text.to_owned(), lines, chunks: kept }
    }

    /// For each of `chunks` (of `text`), the index of the chunk of this analysis with the same
    /// text at the same place: in the common prefix of the two texts, or moved with the common
    /// suffix.
    fn match_chunks(&self, text: &str, chunks: &[Chunk], diff: &Diff) -> Vec<Option<usize>> {
        let (old, new) = (self.text.as_bytes(), text.as_bytes());
        let (prefix, suffix) = (diff.prefix, diff.suffix);
        // The previous chunks are in order: find one by its start.
        let at = |start: usize, end: usize| {
            let j = self.chunks.binary_search_by_key(&start, |c| c.chunk.start).ok()?;
            (self.chunks[j].chunk.end == end).then_some(j)
        };
        chunks
            .iter()
            .map(|c| {
                let found = if c.end <= prefix {
                    at(c.start, c.end)
                } else if c.start >= new.len() - suffix {
                    at(c.start + old.len() - new.len(), c.end + old.len() - new.len())
                } else {
                    None
                };
                found.filter(|&j| self.chunks[j].chunk.definition == c.definition)
            })
            .collect()
    }
}

/// Marks `fresh` the chunks to read again besides the changed ones: those that mention a
/// `changed` module-level name, and then those that mention a name bound by one of these (its
/// value may read a changed one), until no more are found.
fn mark_readers(text: &str, kept: &[KeptChunk], mut changed: Vec<String>, fresh: &mut [bool]) {
    let mut grew = !changed.is_empty();
    while grew {
        grew = false;
        let finders: Vec<Finder<'static>> = changed.iter().map(|n| Finder::new(n).into_owned()).collect();
        for (i, chunk) in kept.iter().enumerate() {
            // A chunk without a tree holds no unit and binds nothing: nothing to read again.
            if chunk.tree.is_none()
                || (fresh[i] && chunk.binds.is_empty())
                || !mentions(&text[chunk.chunk.start..chunk.chunk.end], &finders)
            {
                continue;
            }
            fresh[i] = true;
            for (name, _) in &chunk.binds {
                if !changed.contains(name) {
                    changed.push(name.clone());
                    grew = true;
                }
            }
        }
    }
}

/// Walks the `fresh` chunks (with the others that bind names they may look up), and gives each
/// its units, the rules' findings on them and the names it binds.
fn read_again(
    kept: &mut [KeptChunk],
    fresh: &[bool],
    format: PromptFormat,
    dialect: Dialect,
    text: &str,
    settings: &Settings,
    lines: &LineIndex,
) {
    let walked = with_their_names(text, kept, fresh);
    for (chunk, _) in kept.iter_mut().zip(&walked).filter(|(_, w)| **w) {
        if let Some(placed) = &mut chunk.tree {
            placed.move_to(chunk.chunk);
        }
    }
    let roots: Vec<Root<'_>> = kept
        .iter()
        .enumerate()
        .filter(|(i, _)| walked[*i])
        .filter_map(|(i, c)| c.tree.as_ref().map(|t| Root { node: t.tree.root_node(), collect: fresh[i] }))
        .collect();
    let (found, module_level) = parsed::units_in(dialect, &roots, text, true);
    let module_level: Vec<(usize, (String, u64))> = module_level
        .into_iter()
        .map(|(value, name)| (value.start, (name.to_owned(), digest(&text[value.as_range()]))))
        .collect();
    let mut found = found.into_iter().peekable();
    let mut module_level = module_level.into_iter().peekable();
    let count = kept.len();
    for (i, chunk) in kept.iter_mut().enumerate() {
        // Units and bindings belong to the chunk they start in (the last takes any rest).
        let last = i + 1 == count;
        let mut units = Vec::new();
        while let Some(unit) = found.next_if(|u| last || u.range.start < chunk.chunk.end) {
            units.push(unit);
        }
        let mut binds = Vec::new();
        while let Some((_, bind)) = module_level.next_if(|(at, _)| last || *at < chunk.chunk.end) {
            binds.push(bind);
        }
        if !fresh[i] {
            continue;
        }
        chunk.binds = binds;
        let extraction = Extraction { units, ..Extraction::default() };
        let (findings, profiles) = findings(format, text, lines, settings, &extraction);
        chunk.units = extraction.units;
        chunk.findings = findings;
        chunk.profiles = profiles;
    }
}

/// The names the chunk of `root` binds at module level, with a digest of each value's text.
fn module_binds(dialect: Dialect, text: &str, root: tree_sitter::Node<'_>) -> Vec<(String, u64)> {
    let (_, module_level) = parsed::units_in(dialect, &[Root { node: root, collect: false }], text, true);
    module_level.into_iter().map(|(value, name)| (name.to_owned(), digest(&text[value.as_range()]))).collect()
}

/// The module-level names whose values differ between the bindings of the chunks that are gone
/// and those of the chunks that replace them: bound anew, no more, to other texts, or another
/// number of times (a name bound twice has no single value).
fn changed_names<'a>(
    gone: impl Iterator<Item = &'a (String, u64)>,
    new: impl Iterator<Item = &'a (String, u64)>,
) -> Vec<String> {
    let mut values: HashMap<&str, (Vec<u64>, Vec<u64>)> = HashMap::new();
    for (name, value) in gone {
        values.entry(name.as_str()).or_default().0.push(*value);
    }
    for (name, value) in new {
        values.entry(name.as_str()).or_default().1.push(*value);
    }
    values.into_iter().filter(|(_, (before, after))| before != after).map(|(name, _)| name.to_owned()).collect()
}

/// The chunks a walk must read besides the `fresh` ones: those that bind a module-level name
/// that a read chunk mentions, for as long as that finds more. A lookup from a fresh chunk can
/// only reach names written in it, or in the values of the names it reads.
fn with_their_names<'a>(text: &'a str, kept: &[KeptChunk], fresh: &[bool]) -> Vec<bool> {
    let mut walked = fresh.to_vec();
    if walked.iter().all(|w| *w) {
        return walked;
    }
    let mut words: HashSet<&'a str> = HashSet::new();
    let add_words = |i: usize, words: &mut HashSet<&'a str>| {
        let chunk = &kept[i].chunk;
        words.extend(text[chunk.start..chunk.end].split(|c: char| !is_word(c)).filter(|w| !w.is_empty()));
    };
    for i in (0..kept.len()).filter(|&i| fresh[i]) {
        add_words(i, &mut words);
    }
    let mut grew = true;
    while grew {
        grew = false;
        for (i, chunk) in kept.iter().enumerate() {
            if !walked[i] && chunk.binds.iter().any(|(name, _)| words.contains(name.as_str())) {
                walked[i] = true;
                add_words(i, &mut words);
                grew = true;
            }
        }
    }
    walked
}

/// Whether `c` may be part of an identifier.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Whether `text` holds one of the `names` (searched for) as a whole word, in code, a string or a
/// comment alike.
fn mentions(text: &str, names: &[Finder<'_>]) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80;
    let bytes = text.as_bytes();
    names.iter().any(|name| {
        name.find_iter(bytes).any(|at| {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(at + name.needle().len()).copied();
            !before.is_some_and(word) && !after.is_some_and(word)
        })
    })
}

/// What changed between two texts: everything but a common prefix and a common suffix.
struct Diff {
    prefix: usize,
    suffix: usize,
}

impl Diff {
    fn between(old: &str, new: &str) -> Self {
        let (old, new) = (old.as_bytes(), new.as_bytes());
        let prefix = common_prefix(old, new);
        let room = old.len().min(new.len()) - prefix;
        let suffix = common_suffix(&old[old.len() - room..], &new[new.len() - room..]);
        Self { prefix, suffix }
    }

    /// `tree` (of `old`) with the change recorded on it, for tree-sitter to re-parse only what it
    /// touched.
    fn edited(&self, old: &str, new: &str, mut tree: Tree) -> Tree {
        let point = |text: &str, at: usize| {
            let before = &text.as_bytes()[..at];
            let row = memchr::memchr_iter(b'\n', before).count();
            let column = memchr::memrchr(b'\n', before).map_or(at, |last| at - last - 1);
            Point { row, column }
        };
        let (old_end, new_end) = (old.len() - self.suffix, new.len() - self.suffix);
        tree.edit(&InputEdit {
            start_byte: self.prefix,
            old_end_byte: old_end,
            new_end_byte: new_end,
            start_position: point(new, self.prefix),
            old_end_position: point(old, old_end),
            new_end_position: point(new, new_end),
        });
        tree
    }
}

/// How many bytes `a` and `b` share at the start.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let mut at = 0;
    // Whole blocks compare at memcmp speed; the first differing block byte by byte.
    while at + BLOCK <= n && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + a[at..n].iter().zip(&b[at..n]).take_while(|(x, y)| x == y).count()
}

/// How many bytes `a` and `b` share at the end.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut len = 0;
    while len + BLOCK <= n && a[n - len - BLOCK..n - len] == b[n - len - BLOCK..n - len] {
        len += BLOCK;
    }
    len + a[..n - len].iter().rev().zip(b[..n - len].iter().rev()).take_while(|(x, y)| x == y).count()
}

/// A digest of a value's text.
fn digest(text: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Where the text of each unchanged chunk of the previous analysis went.
struct Moves {
    /// `(old start, old end, new start)` of every matched chunk, by old start.
    spans: Vec<(usize, usize, usize)>,
}

impl Moves {
    fn new(previous: Option<&Kept>, chunks: &[Chunk], matched: &[Option<usize>]) -> Self {
        let mut spans: Vec<(usize, usize, usize)> = match previous {
            Some(previous) => chunks
                .iter()
                .zip(matched)
                .filter_map(|(c, j)| j.map(|j| (previous.chunks[j].chunk.start, previous.chunks[j].chunk.end, c.start)))
                .collect(),
            None => Vec::new(),
        };
        spans.sort_unstable();
        Self { spans }
    }

    /// Where `range` of the previous text is now: `None` if it lay (even partly) in text that
    /// changed.
    fn map(&self, range: TextRange) -> Option<TextRange> {
        let i = self.spans.partition_point(|(start, _, _)| *start <= range.start).checked_sub(1)?;
        let (start, end, to) = self.spans[i];
        (range.end <= end).then(|| TextRange::new(range.start - start + to, range.end - start + to))
    }

    /// Moves `units` and their `findings` to the new text; false if any of their ranges lay in
    /// changed text (they are then to be read again).
    fn relocate(&self, units: &mut [PromptUnit], findings: &mut [Diagnostic]) -> bool {
        let mut ok = true;
        let mut map = |r: &mut TextRange| match self.map(*r) {
            Some(new) => *r = new,
            None => ok = false,
        };
        for unit in units {
            unit.for_each_range(&mut map);
        }
        for finding in findings {
            finding.for_each_range(&mut map);
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::analysis::extract;

    /// Everything an analysis reports, in a comparable form.
    fn rendered(analysis: &Analysis) -> String {
        format!("{:?}\n{:?}", analysis.extraction, analysis.diagnostics)
    }

    const PY: &str = include_str!("../../fixtures/code/python/support_app.py");
    const TRICKY: &str = include_str!("../../fixtures/code/python/tricky_strings.py");
    const TS: &str = include_str!("../../fixtures/code/typescript/review.ts");
    const JS: &str = include_str!("../../fixtures/code/javascript/summarize.mjs");
    const GO: &str = include_str!("../../fixtures/code/go/support_bot.go");
    const GO_TRICKY: &str = include_str!("../../fixtures/code/go/tricky_strings.go");
    const RS: &str = include_str!("../../fixtures/code/rust/summarizer.rs");
    const RS_TRICKY: &str = include_str!("../../fixtures/code/rust/tricky_strings.rs");
    const PY_COMMENTS: &str = include_str!("../../fixtures/code/python/ai_comments.py");
    const TS_COMMENTS: &str = include_str!("../../fixtures/code/typescript/ai_comments.ts");
    const GO_COMMENTS: &str = include_str!("../../fixtures/code/go/ai_comments.go");
    const RS_COMMENTS: &str = include_str!("../../fixtures/code/rust/ai_comments.rs");

    /// Pieces an edit may insert: string delimiters and escapes (edits inside and across
    /// strings), brackets, newlines, multi-byte and astral characters, and SDK words.
    const PIECES: &[&str] = &[
        "a",
        " ",
        "\n",
        "\"",
        "'",
        "\"\"\"",
        "`",
        "${x}",
        "{",
        "}",
        "(",
        ")",
        "\\",
        "\\n",
        "é",
        "中",
        "🤖",
        ",",
        "temperature=0.2, ",
        "max_tokens: 5, ",
        "o3-mini",
        "gpt-4.1",
        "Think step by step. ",
        "\r\n",
        "#",
        "//",
        "/*",
        "*/",
        "r#\"",
        "\"#",
        "# AI: ",
        "// AI! ",
        "AI? ",
        "modelfit: draft ",
        "\ndef helper(x):\n    return x\n",
        "\nfunction helper(x) {\n  return x;\n}\n",
        "\nMODEL = \"o1\"\n",
        "\nfunc helper(x int) int {\n\treturn x\n}\n",
        "\nvar Model = \"o1\"\n",
        "\nconst SystemPrompt = `Think step by step.`\n",
        ";",
    ];

    /// The extraction of `text` from one whole-file parse, walking every scope (none skipped
    /// for want of hints, no chunk left unparsed).
    fn unpruned(format: PromptFormat, text: &str) -> Extraction {
        let Some((language, dialect)) = code::grammar(format) else { return extract::extract(format, text) };
        if !code::may_hold_prompts(text) {
            return Extraction::default();
        }
        let tree = code::parse(&language, text).expect("the grammar loads");
        code::extract_tree_pruned(dialect, &tree, text, false)
    }

    /// Applies `edits` (start fraction, deleted length, piece index) one by one to `text`, keeping a
    /// state in step, and checks after each that the incremental analysis equals a full one.
    fn check_edits(format: PromptFormat, text: &str, edits: &[(f64, usize, usize)]) {
        let settings = Settings::default();
        let mut text = text.to_owned();
        let mut state = SourceState::default();
        assert_eq!(rendered(&state.analyze(format, &text, &settings)), rendered(&analyze(format, &text, &settings)));
        for (step, &(at, deleted, piece)) in edits.iter().enumerate() {
            let mut start = ((text.len() as f64) * at) as usize;
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + deleted).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(start..end, PIECES[piece % PIECES.len()]);
            // Analyse after most edits, but also let several edits pile up between analyses.
            if step % 3 != 1 {
                let incremental = state.analyze(format, &text, &settings);
                assert_eq!(
                    rendered(&incremental),
                    rendered(&analyze(format, &text, &settings)),
                    "{format} after {step}:\n{text}"
                );
                if !has_error(format, &text) {
                    assert_eq!(
                        format!("{:?}", incremental.extraction),
                        format!("{:?}", unpruned(format, &text)),
                        "parsing chunks changed the extraction of {format} after {step}:\n{text}"
                    );
                }
            }
        }
        assert_eq!(rendered(&state.analyze(format, &text, &settings)), rendered(&analyze(format, &text, &settings)));
    }

    /// Whether a whole-file parse of `text` has a syntax error (where tree-sitter's recovery
    /// may differ between the whole file and its chunks).
    fn has_error(format: PromptFormat, text: &str) -> bool {
        let Some((language, _)) = code::grammar(format) else { return false };
        code::parse(&language, text).is_none_or(|t| t.root_node().has_error())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        #[test]
        fn incremental_analysis_equals_a_full_one(
            file in 0..12usize,
            edits in proptest::collection::vec((0.0..1.0f64, prop_oneof![3 => Just(0usize), 2 => 0..4usize, 1 => 0..400usize], 0..64usize), 1..12),
        ) {
            let (format, text) = [
                (PromptFormat::Python, PY),
                (PromptFormat::Python, TRICKY),
                (PromptFormat::Typescript, TS),
                (PromptFormat::Javascript, JS),
                (PromptFormat::Go, GO),
                (PromptFormat::Go, GO_TRICKY),
                (PromptFormat::Rust, RS),
                (PromptFormat::Rust, RS_TRICKY),
                (PromptFormat::Python, PY_COMMENTS),
                (PromptFormat::Typescript, TS_COMMENTS),
                (PromptFormat::Go, GO_COMMENTS),
                (PromptFormat::Rust, RS_COMMENTS),
            ][file];
            check_edits(format, text, &edits);
        }
    }

    #[test]
    fn typing_inside_a_system_prompt_moves_the_findings() {
        let settings = Settings::default();
        let mut text = String::from(
            "from openai import OpenAI\nclient = OpenAI()\nSYSTEM = \"\"\"You review code.\"\"\"\n\ndef review(diff):\n    return client.chat.completions.create(model=\"o3-mini\", messages=[{\"role\": \"system\", \"content\": SYSTEM}, {\"role\": \"user\", \"content\": \"Be brief.\"}])\n\ndef other():\n    return client.chat.completions.create(model=\"o3-mini\", messages=[{\"role\": \"user\", \"content\": \"Think step by step.\"}])\n",
        );
        let mut state = SourceState::default();
        state.analyze(PromptFormat::Python, &text, &settings);
        assert!(state.has_tree());
        let at = text.find("Be brief.").expect("in the prompt") + 2;
        for (i, c) in " Think step by step, explain your reasoning.".char_indices() {
            text.insert(at + i, c);
            let incremental = state.analyze(PromptFormat::Python, &text, &settings);
            assert_eq!(rendered(&incremental), rendered(&analyze(PromptFormat::Python, &text, &settings)));
        }
        let last = state.analyze(PromptFormat::Python, &text, &settings);
        let cot = last.diagnostics.iter().filter(|d| d.rule.name == "chain-of-thought-for-reasoning-model").count();
        assert_eq!(cot, 2, "{last:?}");
        // The module-level constant that `review` sends: its call is read again, `other` is not.
        let at = text.find("code.\"\"\"").expect("in the constant") + 5;
        for (i, c) in " Let's think step by step.".char_indices() {
            text.insert(at + i, c);
            let incremental = state.analyze(PromptFormat::Python, &text, &settings);
            assert_eq!(rendered(&incremental), rendered(&analyze(PromptFormat::Python, &text, &settings)));
        }
        let last = state.analyze(PromptFormat::Python, &text, &settings);
        let cot: Vec<&str> = last
            .diagnostics
            .iter()
            .filter(|d| d.rule.name == "chain-of-thought-for-reasoning-model")
            .map(|d| &text[d.range.as_range()])
            .collect();
        assert!(cot.iter().any(|t| t.contains("Let's think step by step")), "{cot:?}");
    }

    #[test]
    fn skipping_chunks_and_scopes_without_hints_changes_no_extraction() {
        let crafted_py = "from openai import OpenAI\nclient = OpenAI()\n\ndef helper(x):\n    y = x + 1\n    # tidy this up\n# make helper faster AI!\n\nclass Cache:\n    def get(self, k):\n        return k\n\ndef ask(q):\n    text = q\n    return client.chat.completions.create(model=\"o3-mini\", messages=[{\"role\": \"user\", \"content\": text}])\n";
        let crafted_ts = "import OpenAI from \"openai\";\nconst client = new OpenAI();\nfunction helper(x: number) {\n  return x + 1;\n  // tidy this up\n}\n// make helper faster AI!\nclass Cache {\n  get(k: string) { return k; }\n}\nexport async function ask(q: string) {\n  return client.chat.completions.create({ model: \"o3-mini\", messages: [{ role: \"user\", content: q }] });\n}\n";
        let files = [
            (PromptFormat::Python, PY),
            (PromptFormat::Python, TRICKY),
            (PromptFormat::Python, PY_COMMENTS),
            (PromptFormat::Python, include_str!("../../fixtures/code/python/prompts.py")),
            (PromptFormat::Python, include_str!("../../fixtures/code/python/assistants.py")),
            (PromptFormat::Python, crafted_py),
            (PromptFormat::Typescript, TS),
            (PromptFormat::Typescript, TS_COMMENTS),
            (PromptFormat::Typescript, include_str!("../../fixtures/code/typescript/vercel_agent.ts")),
            (PromptFormat::Typescript, crafted_ts),
            (PromptFormat::Javascript, JS),
            (PromptFormat::Javascript, include_str!("../../fixtures/code/javascript/ai_comments.js")),
            (PromptFormat::Javascript, include_str!("../../fixtures/code/javascript/utils.js")),
        ];
        for (format, text) in files {
            let pruned = extract::extract(format, text);
            assert_eq!(format!("{pruned:?}"), format!("{:?}", unpruned(format, text)), "{format}:\n{text}");
        }
        let crafted = extract::extract(PromptFormat::Python, crafted_py);
        assert_eq!(crafted.units.len(), 2, "the AI! comment (with the line inside helper) and the call: {crafted:?}");
    }

    #[test]
    fn prompt_files_and_files_without_sdk_words_keep_no_chunks() {
        let settings = Settings::default();
        let mut state = SourceState::default();
        state.analyze(PromptFormat::Python, "def f(x):\n    return x\n", &settings);
        assert!(!state.has_tree());
        state.analyze(PromptFormat::Python, PY, &settings);
        assert!(state.has_tree());
        let prompty = "---\nmodel:\n  configuration:\n    name: o3-mini\n---\nsystem:\nThink step by step.\n";
        let a = state.analyze(PromptFormat::Prompty, prompty, &settings);
        assert_eq!(rendered(&a), rendered(&analyze(PromptFormat::Prompty, prompty, &settings)));
        assert!(!state.has_tree());
    }

    #[test]
    fn new_settings_are_not_served_old_findings() {
        let mut state = SourceState::default();
        let a = state.analyze(PromptFormat::Python, PY, &Settings::default());
        assert!(!a.diagnostics.is_empty());
        let off = Settings::new(
            a.diagnostics.iter().map(|d| (d.rule.name.to_owned(), crate::analysis::settings::RuleLevel::Off)).collect(),
            &[],
        );
        let b = state.analyze(PromptFormat::Python, PY, &off);
        assert_eq!(rendered(&b), rendered(&analyze(PromptFormat::Python, PY, &off)));
        assert!(b.diagnostics.is_empty(), "{:?}", b.diagnostics);
    }
}
