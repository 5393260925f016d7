//! Top-level chunks of a source file, found by a hand-written byte lexer instead of tree-sitter.
//!
//! A prompt lives inside one top-level statement, so the language server can parse each chunk
//! alone (tree-sitter's included ranges) and keep the results of the chunks a keystroke did not
//! touch. That only works if a chunk never cuts through a construct: a boundary is placed only at
//! a line that starts at column 0 while the lexer is outside every bracket, string, comment,
//! template literal and regular expression. Whenever the lexer cannot trust its state (a closing
//! bracket without an opening one, nesting deeper than it follows) it stops splitting: the rest of
//! the file joins the current chunk. Fewer, larger chunks are always correct; a wrong boundary is
//! not.
//!
//! The lexers work on bytes: every byte that matters to Python, JavaScript or Go syntax is ASCII,
//! and multi-byte UTF-8 only occurs inside identifiers, strings and comments, where it is skipped.
//! Rust is not split (its raw strings, lifetimes and nested comments would need a lexer of their
//! own): a Rust file is one chunk.

/// One top-level piece of a source file: whole lines, from the start of a top-level statement
/// up to the start of the next chunk (its trailing blank and comment lines included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunk {
    /// Byte range in the text; chunks tile the text (first starts at 0, each starts where the previous ends, last ends at `text.len()`).
    pub start: usize,
    pub end: usize,
    /// The 0-based line (count of '\n' before `start`).
    pub start_row: usize,
    /// Exactly one top-level function or class definition (with its decorators and export/async/default/declare/abstract prefixes), plus trailing blank/comment lines.
    pub definition: bool,
}

/// Nesting of strings inside f-string fields or template literals inside `${}` deeper than this
/// is not followed: the lexer gives up splitting instead of recursing without bound.
const MAX_NESTING: usize = 32;

/// The byte-order mark some editors write at the start of a file.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// Collects chunk starts and turns them into tiling [`Chunk`]s.
#[derive(Default)]
struct Starts {
    /// (line start, definition) of every chunk; the first one is moved to `origin`.
    starts: Vec<(usize, bool)>,
    /// Where the lexer began: 0, or the chunk a re-scan of an edited text resumes at.
    origin: usize,
}

impl Starts {
    /// No start yet; the first one goes to where the lexer begins: `resume`, or the text's start.
    fn from(resume: Option<usize>) -> Self {
        Self { starts: Vec::new(), origin: resume.unwrap_or(0) }
    }

    fn push(&mut self, at: usize, definition: bool) {
        let at = if self.starts.is_empty() { self.origin } else { at };
        self.starts.push((at, definition));
    }

    fn demote_last(&mut self) {
        if let Some(last) = self.starts.last_mut() {
            last.1 = false;
        }
    }

    fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    fn into_chunks(self, text: &[u8]) -> Vec<Chunk> {
        let mut starts = self.starts;
        if starts.is_empty() && !text.is_empty() {
            // Only comments and blank lines.
            starts.push((0, false));
        }
        let mut chunks = Vec::with_capacity(starts.len());
        let mut row = 0;
        let mut counted_to = 0;
        for (n, &(start, definition)) in starts.iter().enumerate() {
            let end = starts.get(n + 1).map_or(text.len(), |next| next.0);
            row += count_newlines(&text[counted_to..start]);
            counted_to = start;
            chunks.push(Chunk { start, end, start_row: row, definition });
        }
        chunks
    }
}

fn count_newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// Bytes of identifiers (and of numbers): a table, as the lexer asks for every byte of them.
static IDENT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80;
        b += 1;
    }
    table
};

fn is_ident(b: u8) -> bool {
    IDENT[usize::from(b)]
}

/// The identifier-like word starting at `at` (empty if none).
fn word_at(text: &[u8], at: usize) -> &[u8] {
    let end = text[at..].iter().position(|&b| !is_ident(b)).map_or(text.len(), |n| at + n);
    &text[at..end]
}

/// Whether `text[at..]` starts with `word` followed by one of the bytes `after`.
fn keyword_at(text: &[u8], at: usize, word: &[u8], after: &[u8]) -> bool {
    text[at..].starts_with(word) && text.get(at + word.len()).is_some_and(|b| after.contains(b))
}

/// The index after the spaces and tabs from `at`.
fn skip_blanks(text: &[u8], mut at: usize) -> usize {
    while text.get(at).is_some_and(|&b| b == b' ' || b == b'\t') {
        at += 1;
    }
    at
}

/// The index of the next `\n` at or after `at`, or the end of the text.
fn line_end(text: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |n| at + n)
}

/// Whether a line whose first byte is `b` holds no statement start at column 0.
fn starts_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c')
}

// ---------------------------------------------------------------------------------------------
// Python

/// Splits Python source into top-level chunks: each function or class definition (decorators
/// included) alone, and the module-level statements between them grouped.
pub fn python(text: &str) -> Vec<Chunk> {
    fresh::<Python>(text)
}

/// [`python`] of `text`, made from `old`, the chunks of a text that shares its first `prefix`
/// and last `suffix` bytes with `text` and is `old_len` long: the chunks before the change are
/// kept, the lexer resumes at a chunk before it, and it stops at the first chunk start after the
/// change where the old text had one too. The result is exactly [`python`]'s: once a chunk is
/// pushed, what the lexer does next depends on nothing but the text from that line on.
pub fn python_edited(text: &str, old: &[Chunk], prefix: usize, suffix: usize, old_len: usize) -> Vec<Chunk> {
    edited::<Python>(text, old, (prefix, suffix, old_len))
}

/// [`javascript`] of `text`, made from the chunks of the text before an edit as
/// [`python_edited`] does: a JavaScript chunk start too leaves the lexer in a state that only
/// that line decides (the mode and kind it sets; the previous token is only read again after the
/// line's first token replaced it).
pub fn javascript_edited(text: &str, old: &[Chunk], prefix: usize, suffix: usize, old_len: usize) -> Vec<Chunk> {
    edited::<Js>(text, old, (prefix, suffix, old_len))
}

/// The chunks of `b` from `old` (see [`python_edited`]): `lex` runs a lexer resumed at a chunk
/// start (`None`: the text's start) that may stop where the old chunks hold again, and returns
/// its starts and where it stopped.
fn rescan<'a>(
    b: &'a [u8],
    old: &'a [Chunk],
    (prefix, suffix, old_len): (usize, usize, usize),
    lex: impl FnOnce(Option<usize>, Stop<'a>) -> (Starts, Option<usize>),
) -> Vec<Chunk> {
    // The chunk whose first line surely lies before the change: the one before the chunk holding
    // it (that chunk's own first line may be the one edited). At the start of the text, a scan
    // from there, which may still stop early.
    let holding = old.partition_point(|c| c.start < prefix);
    let resume = holding.saturating_sub(2);
    let from = old.get(resume).copied().unwrap_or(Chunk { start: 0, end: 0, start_row: 0, definition: false });
    let stop = Stop { from: b.len() - suffix, old_len, new_len: b.len(), old_starts: old };
    let (mut starts, stopped) = lex((resume > 0).then_some(from.start), stop);
    if starts.is_empty() && !b.is_empty() {
        // Only comments and blank lines (a resumed scan always has its first chunk).
        starts.starts.push((0, false));
    }
    let mut chunks: Vec<Chunk> = old[..resume].to_vec();
    let resumed_end = stopped.unwrap_or(b.len());
    starts.starts.push((resumed_end, false));
    let mut row = from.start_row;
    for pair in starts.starts.windows(2) {
        let ((start, definition), (end, _)) = (pair[0], pair[1]);
        chunks.push(Chunk { start, end, start_row: row, definition });
        row += count_newlines(&b[start..end]);
    }
    if let Some(at) = stopped {
        let old_at = at + old_len - b.len();
        let j = old.partition_point(|c| c.start < old_at);
        // The rows of the old chunks after the stop move as that chunk's row did.
        let old_row = old[j].start_row;
        chunks.extend(old[j..].iter().map(|c| Chunk {
            start: c.start + b.len() - old_len,
            end: c.end + b.len() - old_len,
            start_row: c.start_row - old_row + row,
            definition: c.definition,
        }));
    }
    chunks
}

/// What the lexers share: one is made at the text's start or at a chunk start of an edited text
/// (`resume`, with where it may `stop`), lexes, and leaves its chunk starts.
trait Lexer<'a> {
    fn new(b: &'a [u8], resume: Option<usize>, stop: Option<Stop<'a>>) -> Self;
    /// Whether the text ended outside every bracket, string and comment (or the lexer stopped
    /// where the old chunks hold again).
    fn scan(&mut self) -> bool;
    fn into_parts(self) -> (Starts, Rescan<'a>);

    /// Lexes the whole text; when the lexer gives up (or ends inside a bracket), the rest of the
    /// text joins the current chunk, which is then no lone definition any more. Returns the
    /// starts and where a re-scan stopped.
    fn run(mut self) -> (Starts, Option<usize>)
    where
        Self: Sized,
    {
        let ended_outside = self.scan();
        let (mut starts, rescan) = self.into_parts();
        if !ended_outside && rescan.stopped.is_none() {
            starts.demote_last();
        }
        (starts, rescan.stopped)
    }
}

/// The chunks of `text` by lexer `L`.
fn fresh<'a, L: Lexer<'a>>(text: &'a str) -> Vec<Chunk> {
    let b = text.as_bytes();
    let (starts, _) = L::new(b, None, None).run();
    starts.into_chunks(b)
}

/// The chunks of `text` by lexer `L`, made from `old` (see [`python_edited`]).
fn edited<'a, L: Lexer<'a>>(text: &'a str, old: &'a [Chunk], change: (usize, usize, usize)) -> Vec<Chunk> {
    let b = text.as_bytes();
    rescan(b, old, change, |resume, stop| L::new(b, resume, Some(stop)).run())
}

/// A table of the bytes in `set`, for a lexer to skip the others in a tight loop.
const fn byte_set(set: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut n = 0;
    while n < set.len() {
        table[set[n] as usize] = true;
        n += 1;
    }
    table
}

/// A lexer's re-scan of an edited text: where it resumed, where it may stop, where it did.
struct Rescan<'a> {
    /// The chunk start it resumes at (none: the text's start).
    resume: Option<usize>,
    stop: Option<Stop<'a>>,
    /// Where it stopped: a chunk start the old text had too.
    stopped: Option<usize>,
}

impl Rescan<'_> {
    /// The first byte to lex: the resumed chunk's, or the text's after a byte-order mark.
    fn first_byte(&self, b: &[u8]) -> usize {
        match self.resume {
            Some(at) => at,
            None if b.starts_with(BOM) => BOM.len(),
            None => 0,
        }
    }

    /// After `starts` got a chunk start at `at`: whether the lexer stops there (the start is
    /// then taken back, the old chunks go on from it).
    fn stops_at(&mut self, starts: &mut Starts, at: usize) -> bool {
        // Never at the first chunk, which starts at the text's start whatever its line.
        if starts.starts.len() > 1 && self.stop.as_ref().is_some_and(|stop| stop.had_start(at)) {
            // From here on the old chunks hold: the same text, from the same state.
            starts.starts.pop();
            self.stopped = Some(at);
        }
        self.stopped.is_some()
    }
}

/// Where a resumed lexer may stop: at a chunk start at or after `from` (the common suffix of the
/// two texts) where the old text had one.
struct Stop<'a> {
    from: usize,
    old_len: usize,
    new_len: usize,
    old_starts: &'a [Chunk],
}

impl Stop<'_> {
    fn had_start(&self, at: usize) -> bool {
        at >= self.from && {
            let old_at = at + self.old_len - self.new_len;
            self.old_starts.binary_search_by_key(&old_at, |c| c.start).is_ok()
        }
    }
}

/// The bytes the Python lexer acts on; it skips runs of the others in a tight loop.
static PYTHON_SYNTAX: [bool; 256] = byte_set(b"#'\"([{)]}\\\n\r:");

struct Python<'a> {
    b: &'a [u8],
    starts: Starts,
    /// A decorator line started the current chunk and its `def`/`class` line has not come yet.
    decorated: bool,
    /// Whether the last statement started was a definition (`None` before the first one).
    last_definition: Option<bool>,
    /// The indentation of the current definition's body, once its first line was seen.
    body_indent: Option<usize>,
    /// The index of the last byte of code (not blank, not comment) on the last line that ended
    /// outside brackets (0 before any).
    tail: usize,
    /// The lexer no longer trusts where tree-sitter's statements start: no more chunks.
    lost: bool,
    /// A `def` or `class` line was seen and its header's colon not yet.
    header_open: bool,
    /// Where a re-scan of an edited text resumes and stops.
    rescan: Rescan<'a>,
}

impl<'a> Lexer<'a> for Python<'a> {
    fn new(b: &'a [u8], resume: Option<usize>, stop: Option<Stop<'a>>) -> Self {
        Python {
            b,
            starts: Starts::from(resume),
            decorated: false,
            last_definition: None,
            body_indent: None,
            tail: 0,
            lost: false,
            header_open: false,
            rescan: Rescan { resume, stop, stopped: None },
        }
    }

    fn scan(&mut self) -> bool {
        self.lex()
    }

    fn into_parts(self) -> (Starts, Rescan<'a>) {
        (self.starts, self.rescan)
    }
}

impl Python<'_> {
    fn lex(&mut self) -> bool {
        let b = self.b;
        let mut i = self.rescan.first_byte(b);
        let mut depth = 0usize;
        // Where the current line begins, and its comment if it has one.
        let mut line_begin = i;
        let mut comment = None;
        self.line_start(i);
        while i < b.len() {
            match b[i] {
                b'#' => {
                    comment = Some(i);
                    i = line_end(b, i);
                }
                b'\'' | b'"' => {
                    i = python_string(b, i, python_prefix(b, i), 0);
                }
                b':' => {
                    if depth == 0 {
                        self.header_open = false;
                    }
                    i += 1;
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    if depth == 0 {
                        // Unbalanced: nothing after this can be trusted.
                        return false;
                    }
                    depth -= 1;
                    i += 1;
                }
                b'\\' => {
                    // A backslash before the line end joins the next line to this one.
                    i += match (b.get(i + 1), b.get(i + 2)) {
                        (Some(b'\n'), _) => 2,
                        (Some(b'\r'), Some(b'\n')) => 3,
                        _ => 1,
                    };
                }
                b'\r' => {
                    if depth == 0 && b.get(i + 1) != Some(&b'\n') && python_code_after(b, i + 1) {
                        // tree-sitter-python ends a line at a lone `\r`; chunks start only after a
                        // `\n` (where tree-sitter's rows do), so the statement after it stays in the
                        // current chunk, which is then no lone definition.
                        if self.starts.is_empty() {
                            self.starts.push(i, false);
                        } else {
                            self.starts.demote_last();
                        }
                        self.last_definition = Some(false);
                    }
                    i += 1;
                }
                b'\n' => {
                    if depth == 0 {
                        let code = &b[line_begin..comment.unwrap_or(i)];
                        if let Some(last) = code.iter().rposition(|c| !matches!(c, b' ' | b'\t' | b'\r' | b'\x0c')) {
                            self.tail = line_begin + last;
                        }
                    }
                    i += 1;
                    line_begin = i;
                    comment = None;
                    if depth == 0 {
                        self.line_start(i);
                        if self.rescan.stopped.is_some() {
                            return true;
                        }
                    }
                }
                _ => {
                    i += 1;
                    while i < b.len() && !PYTHON_SYNTAX[usize::from(b[i])] {
                        i += 1;
                    }
                }
            }
        }
        // A bracket still open: the lexer lost track somewhere.
        depth == 0
    }

    /// A line starting at `at` outside any bracket, string or continuation.
    fn line_start(&mut self, at: usize) {
        let b = self.b;
        let Some(&first) = b.get(at) else { return };
        if self.lost {
            return;
        }
        if self.rescan.resume == Some(at) && self.starts.is_empty() {
            // A re-scan's first line: a chunk started here, so the lexer was in the state a
            // chunk start leaves (no decorator or header pending): only this line's kind counts.
            let definition = first == b'@' || python_definition_at(b, at);
            self.decorated = first == b'@';
            self.header_open = definition && first != b'@';
            self.body_indent = None;
            self.starts.push(at, definition);
            self.last_definition = Some(definition);
            return;
        }
        if starts_blank(first) || first == b'#' {
            if let Some(indent) = python_indented_code(b, at) {
                self.indented(at, indent);
            }
            return;
        }
        self.body_indent = None;
        if b")]}:,=/%&|^<>!;".contains(&first) || python_line_goes_on(b, self.tail) {
            // tree-sitter-python reads a newline where no statement may end as a space: the
            // statement goes on (Python itself would refuse most of these).
            return;
        }
        if self.header_open {
            // `def f(a)` then `-> int:`: tree-sitter reads on until the header's colon.
            return;
        }
        if self.last_definition == Some(true) && self.body_indent.is_none() && b.get(self.tail) == Some(&b':') {
            // A definition without a body: tree-sitter accepts it, but its indentation
            // tracking then goes its own way; stop splitting.
            self.lost = true;
            self.starts.demote_last();
            return;
        }
        let continues = |word: &[u8]| keyword_at(b, at, word, b": \t(*\\");
        if continues(b"else") || continues(b"elif") || continues(b"except") || continues(b"finally") {
            return;
        }
        let definition = if first == b'@' {
            if self.decorated {
                return;
            }
            self.decorated = true;
            true
        } else if python_definition_at(b, at) {
            self.header_open = true;
            if std::mem::take(&mut self.decorated) {
                return;
            }
            true
        } else {
            self.decorated = false;
            false
        };
        if definition || self.last_definition != Some(false) {
            self.starts.push(at, definition);
            if self.rescan.stops_at(&mut self.starts, at) {
                return;
            }
        }
        self.last_definition = Some(definition);
    }

    /// An indented line of code at `at` outside brackets, strings and continuations.
    fn indented(&mut self, at: usize, indent: usize) {
        if self.starts.is_empty() {
            // Code before the first column-0 statement (an indentation error, but it must not
            // make the first chunk look like a lone definition).
            self.starts.push(at, false);
            self.last_definition = Some(false);
        } else if self.last_definition == Some(true) {
            match self.body_indent {
                // The body follows a header that ends with its colon.
                None if self.b.get(self.tail) == Some(&b':') => self.body_indent = Some(indent),
                // `def f(): return 1` then an indented line: tree-sitter takes that line as a
                // top-level statement.
                None => {
                    self.starts.demote_last();
                    self.last_definition = Some(false);
                }
                // Less indented than the body yet not at column 0: tree-sitter ends the
                // definition there and takes the line as a top-level statement.
                Some(body) if indent < body => {
                    self.starts.demote_last();
                    self.last_definition = Some(false);
                }
                Some(_) => {}
            }
        }
    }
}

/// Whether code (not blanks, not a comment) follows `at` before the next `\n`.
fn python_code_after(b: &[u8], at: usize) -> bool {
    let end = line_end(b, at);
    b[at..end].iter().find(|&&c| !matches!(c, b' ' | b'\t' | b'\r' | b'\x0c')).is_some_and(|&c| c != b'#')
}

/// If the line at `at` holds code after an indentation (not only a comment): its width, counted
/// as tree-sitter-python does (a tab is 8, a form feed starts again from 0).
fn python_indented_code(b: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    let mut indent = 0;
    loop {
        match b.get(i) {
            Some(b' ') => indent += 1,
            Some(b'\t') => indent += 8,
            Some(b'\x0c') => indent = 0,
            _ => break,
        }
        i += 1;
    }
    (i > at && b.get(i).is_some_and(|&c| !matches!(c, b'#' | b'\r' | b'\n' | b'\\'))).then_some(indent)
}

/// Whether the code line whose last byte is at `tail` cannot end a statement there: it ends with
/// an operator, a comma or a keyword that needs more. (Not a colon: tree-sitter takes
/// `def x():` followed by a column-0 line as a definition with an empty body.)
fn python_line_goes_on(b: &[u8], tail: usize) -> bool {
    let Some(&last) = b.get(tail) else { return false };
    if b"+-*/%&|^<>=,.~@".contains(&last) {
        return true;
    }
    if !is_ident(last) {
        return false;
    }
    let start = b[..=tail].iter().rposition(|&c| !is_ident(c)).map_or(0, |n| n + 1);
    matches!(
        &b[start..=tail],
        b"def"
            | b"class"
            | b"lambda"
            | b"and"
            | b"or"
            | b"not"
            | b"in"
            | b"is"
            | b"import"
            | b"from"
            | b"as"
            | b"if"
            | b"elif"
            | b"while"
            | b"for"
            | b"with"
            | b"assert"
            | b"del"
            | b"global"
            | b"nonlocal"
            | b"async"
            | b"await"
    )
}

/// Whether a `def`, `async def` or `class` statement starts at `at`.
fn python_definition_at(b: &[u8], at: usize) -> bool {
    const AFTER: &[u8] = b" \t\\";
    if keyword_at(b, at, b"def", AFTER) || keyword_at(b, at, b"class", AFTER) {
        return true;
    }
    keyword_at(b, at, b"async", AFTER) && keyword_at(b, skip_blanks(b, at + 5), b"def", AFTER)
}

/// The prefix of the string whose quote is at `quote`: whether it has interpolations (`f`, `t`)
/// and whether it is raw (`r`).
#[derive(Clone, Copy, Default)]
struct Prefix {
    fstring: bool,
    raw: bool,
}

fn python_prefix(b: &[u8], quote: usize) -> Prefix {
    let mut start = quote;
    while start > 0 && is_ident(b[start - 1]) && quote - start <= 2 {
        start -= 1;
    }
    let prefix = &b[start..quote];
    if prefix.is_empty()
        || prefix.len() > 2
        || (start > 0 && is_ident(b[start - 1]))
        || !prefix.iter().all(|c| b"rRbBuUfFtT".contains(c))
    {
        return Prefix::default();
    }
    Prefix { fstring: prefix.iter().any(|c| b"fFtT".contains(c)), raw: prefix.iter().any(|c| b"rR".contains(c)) }
}

/// The index after the string whose opening quote is at `at`; for a single-quoted string that
/// reaches the end of its line, the index of that `\n`; the end of the text if it never ends.
///
/// Like tree-sitter-python, a line end right after the opening quote, an escape sequence or an
/// f-string field is string content (Python refuses it, tree-sitter reads on); elsewhere it ends
/// a single-quoted string.
fn python_string(b: &[u8], at: usize, prefix: Prefix, nesting: usize) -> usize {
    if nesting > MAX_NESTING {
        return b.len();
    }
    let quote = b[at];
    let triple = b.get(at + 1) == Some(&quote) && b.get(at + 2) == Some(&quote);
    let mut i = at + if triple { 3 } else { 1 };
    // Content since the start of the string or the last escape or field, as tree-sitter counts.
    let mut content = false;
    while i < b.len() {
        // Plain strings, the most common, jump to the next byte that matters.
        if !prefix.fstring {
            let next = if triple {
                memchr::memchr2(quote, b'\\', &b[i..])
            } else {
                memchr::memchr3(quote, b'\\', b'\n', &b[i..])
            };
            match next {
                Some(0) => {}
                Some(n) => {
                    i += n;
                    content = true;
                }
                None => return b.len(),
            }
        }
        let c = b[i];
        if c == b'\\' {
            // Escapes the next byte, a line end included (`\r\n` as one).
            i += if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') { 3 } else { 2 };
            content = prefix.raw;
        } else if c == quote {
            if !triple {
                return i + 1;
            }
            if b.get(i + 1) == Some(&quote) && b.get(i + 2) == Some(&quote) {
                return i + 3;
            }
            i += 1;
        } else if c == b'\n' && !triple && content {
            return i;
        } else if prefix.fstring && (c == b'{' || c == b'}') {
            if b.get(i + 1) == Some(&c) {
                i += 2;
            } else if c == b'{' {
                match python_field(b, i + 1, triple, nesting + 1) {
                    Ok(after) => i = after,
                    Err(line_end) => return line_end,
                }
            } else {
                i += 1;
            }
            content = false;
        } else {
            i += 1;
            content = true;
        }
    }
    b.len()
}

/// The index after the `}` closing an f-string replacement field whose code starts at `at`; in a
/// single-quoted f-string a line end ends the field and the string (its index is the error).
fn python_field(b: &[u8], at: usize, multiline: bool, nesting: usize) -> Result<usize, usize> {
    if nesting > MAX_NESTING {
        return Ok(b.len());
    }
    let mut depth = 0usize;
    let mut i = at;
    while i < b.len() {
        match b[i] {
            b'\n' if !multiline => return Err(i),
            b'\'' | b'"' => i = python_string(b, i, python_prefix(b, i), nesting + 1),
            b'(' | b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b')' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'}' if depth == 0 => return Ok(i + 1),
            b'}' => {
                depth -= 1;
                i += 1;
            }
            b':' if depth == 0 => return python_format_spec(b, i + 1, multiline, nesting),
            _ => i += 1,
        }
    }
    Ok(b.len())
}

/// The index after the `}` ending a format spec (`{x:>{width}}`) that starts at `at`, or (as an
/// error) the index of the line end that ends it in a single-quoted f-string.
fn python_format_spec(b: &[u8], at: usize, multiline: bool, nesting: usize) -> Result<usize, usize> {
    let mut i = at;
    while i < b.len() {
        match b[i] {
            b'\n' if !multiline => return Err(i),
            b'}' => return Ok(i + 1),
            b'{' => i = python_field(b, i + 1, multiline, nesting + 1)?,
            _ => i += 1,
        }
    }
    Ok(b.len())
}

// ---------------------------------------------------------------------------------------------
// JavaScript, TypeScript, TSX

/// JavaScript, TypeScript and TSX (JSX/TSX tags may appear inside functions; see below).
///
/// Each `function`, `function*` or `class` declaration at the top level (with its decorators and
/// `export`/`default`/`declare`/`abstract`/`async` prefixes) is a chunk of its own; the statements
/// between them are grouped. JSX text is not lexed as JSX: a quote in it (`<p>Don't</p>`) opens a
/// string that ends with its line, `</` and `/>` never open a regular expression, and JSX only
/// occurs inside brackets, where no boundary is placed anyway.
pub fn javascript(text: &str) -> Vec<Chunk> {
    fresh::<Js>(text)
}

/// The previous significant token, as far as regular expressions and statement continuation care.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Token {
    Start,
    /// A punctuation byte (the last byte of a multi-byte operator).
    Punct(u8),
    Arrow,
    /// `++` or `--`.
    Step,
    /// An identifier or keyword: its byte range.
    Word(usize, usize),
    /// A number, string, template or regular expression.
    Literal,
    /// `)` or `]`.
    Close,
}

/// Where the lexer is relative to the current chunk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// In a run of non-definition statements (or before the first statement).
    Statements,
    /// In a definition that has not ended yet.
    Definition {
        /// Only decorators so far: the `class` line still belongs to this chunk.
        decorators: bool,
        /// A `{` opened at the top level: its `}` ends the definition. Without a body
        /// (`declare function f(): void`, an overload signature) the definition ends with a `;`
        /// or before the next line that cannot continue it.
        body: bool,
    },
    /// After the end of a definition: the next statement starts a new chunk.
    Ended,
}

struct Js<'a> {
    b: &'a [u8],
    starts: Starts,
    prev: Token,
    mode: Mode,
    /// Depth of `()[]{}` (a `${` counts as one).
    depth: usize,
    /// The depth right after each open `${` of the template literals the lexer is inside.
    interpolations: Vec<usize>,
    /// The current definition is an anonymous `export default function`/`class`.
    anonymous: bool,
    /// Where a re-scan of an edited text resumes and stops.
    rescan: Rescan<'a>,
}

/// First bytes of a line that would continue an expression ended on the line before.
const JS_CONTINUING_LINE: &[u8] = b"([`.,?:+-*/%<>=&|^";
const JS_REGEX_AFTER_PUNCT: &[u8] = b"(,=:[!&|?{};+-*%<>~^";
const JS_REGEX_AFTER_WORD: &[&[u8]] = &[
    b"return",
    b"typeof",
    b"instanceof",
    b"in",
    b"of",
    b"new",
    b"delete",
    b"void",
    b"throw",
    b"case",
    b"do",
    b"else",
    b"yield",
    b"await",
];
// `<` too: a return type `Promise<` may go on at column 0 before the body.
const JS_CONTINUING_PUNCT: &[u8] = b"=+-*/%&|^!~?:,.<";
const JS_CONTINUING_WORD: &[&[u8]] = &[
    b"return",
    b"new",
    b"typeof",
    b"await",
    b"yield",
    b"extends",
    b"in",
    b"of",
    b"instanceof",
    b"default",
    // A prefix or keyword alone on its line still belongs to the declaration on the next one.
    b"function",
    b"class",
    b"export",
    b"declare",
    b"abstract",
    b"async",
];

impl<'a> Lexer<'a> for Js<'a> {
    fn new(b: &'a [u8], resume: Option<usize>, stop: Option<Stop<'a>>) -> Self {
        Js {
            b,
            starts: Starts::from(resume),
            prev: Token::Start,
            mode: Mode::Statements,
            depth: 0,
            interpolations: Vec::new(),
            anonymous: false,
            rescan: Rescan { resume, stop, stopped: None },
        }
    }

    fn scan(&mut self) -> bool {
        self.lex()
    }

    fn into_parts(self) -> (Starts, Rescan<'a>) {
        (self.starts, self.rescan)
    }
}

impl Js<'_> {
    fn lex(&mut self) -> bool {
        let b = self.b;
        let mut i = self.rescan.first_byte(b);
        if self.rescan.resume.is_none() && b[i..].starts_with(b"#!") {
            i = line_end(b, i);
        }
        self.line_start(i);
        while i < b.len() {
            let c = b[i];
            if self.mode == Mode::Ended && !matches!(c, b'\n' | b' ' | b'\t' | b'\r' | b';' | b'/') {
                self.code_after_definition();
            }
            if self.starts.is_empty()
                && !matches!(c, b'\n' | b' ' | b'\t' | b'\r')
                && !(c == b'/' && matches!(b.get(i + 1), Some(b'/' | b'*')))
            {
                // Code before any line started a statement: after a block comment that ends on
                // its line (`*/ x();`). It is a statement of the first chunk, which is therefore
                // no lone definition.
                self.start_statement(i, None);
            }
            match c {
                b'\n' => {
                    i += 1;
                    if self.depth == 0 {
                        self.line_start(i);
                        if self.rescan.stopped.is_some() {
                            return true;
                        }
                    }
                }
                b' ' | b'\t' | b'\r' => {
                    i += 1;
                    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r') {
                        i += 1;
                    }
                }
                b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'$' | b'#' | 0x80..=0xff => {
                    let start = i;
                    i += 1;
                    while i < b.len() && is_ident(b[i]) {
                        i += 1;
                    }
                    self.prev = Token::Word(start, i);
                }
                b'0'..=b'9' => {
                    while i < b.len() && (is_ident(b[i]) || b[i] == b'.') {
                        i += 1;
                    }
                    self.prev = Token::Literal;
                }
                b'\'' | b'"' => {
                    i = js_string(b, i);
                    self.prev = Token::Literal;
                }
                b'`' => match self.template(i + 1) {
                    Some(next) => i = next,
                    None => return false,
                },
                b'/' => match b.get(i + 1) {
                    Some(b'/') => i = js_line_end(b, i),
                    Some(b'*') => match block_comment_end(b, i + 2) {
                        Some(end) => i = end + 2,
                        None => return false,
                    },
                    next => {
                        if self.mode == Mode::Ended {
                            self.code_after_definition();
                        }
                        let jsx_tag = next == Some(&b'>') || self.prev == Token::Punct(b'<');
                        if self.regex_allowed() && !jsx_tag {
                            i = js_regex(b, i);
                            self.prev = Token::Literal;
                        } else {
                            i += 1;
                            self.prev = Token::Punct(b'/');
                        }
                    }
                },
                b'(' | b'[' | b'{' => {
                    // A `{` where a type goes (`): { id: number } {`, `extends B<{ x: 1 }> {`,
                    // `A & { b: 1 }`) is an object type in the header, not the body.
                    let in_type = matches!(self.prev, Token::Punct(b':' | b'|' | b'&' | b'<' | b',' | b'='));
                    if c == b'{'
                        && self.depth == 0
                        && !in_type
                        && let Mode::Definition { decorators: false, ref mut body, .. } = self.mode
                    {
                        *body = true;
                    }
                    self.depth += 1;
                    self.prev = Token::Punct(c);
                    i += 1;
                }
                b'}' if self.interpolations.last() == Some(&self.depth) => {
                    self.interpolations.pop();
                    self.depth -= 1;
                    match self.template(i + 1) {
                        Some(next) => i = next,
                        None => return false,
                    }
                }
                b')' | b']' | b'}' => {
                    if self.depth == 0 || self.interpolations.last() == Some(&self.depth) {
                        // Unbalanced: nothing after this can be trusted.
                        return false;
                    }
                    self.depth -= 1;
                    self.prev = if c == b'}' { Token::Punct(c) } else { Token::Close };
                    if c == b'}'
                        && self.depth == 0
                        && let Mode::Definition { body: true, .. } = self.mode
                    {
                        self.mode = Mode::Ended;
                    }
                    i += 1;
                }
                b';' => {
                    if self.depth == 0 && matches!(self.mode, Mode::Definition { decorators: false, body: false, .. }) {
                        self.mode = Mode::Ended;
                    }
                    self.prev = Token::Punct(c);
                    i += 1;
                }
                b'=' if b.get(i + 1) == Some(&b'>') => {
                    self.prev = Token::Arrow;
                    i += 2;
                }
                b'+' | b'-' if b.get(i + 1) == Some(&c) => {
                    self.prev = Token::Step;
                    i += 2;
                }
                _ => {
                    self.prev = Token::Punct(c);
                    i += 1;
                }
            }
        }
        // A bracket still open: the lexer lost track somewhere.
        self.depth == 0
    }

    /// Scans template text from `at` (after a backtick or an interpolation's `}`): returns the
    /// index after the closing backtick, or after a `${` (the interpolation is then entered), or
    /// `None` when the template never ends.
    fn template(&mut self, at: usize) -> Option<usize> {
        let b = self.b;
        let mut i = at;
        while let Some(n) = b.get(i..).and_then(|rest| memchr::memchr3(b'`', b'\\', b'$', rest)) {
            i += n;
            match b[i] {
                b'\\' => i += 2,
                b'`' => {
                    self.prev = Token::Literal;
                    return Some(i + 1);
                }
                b'$' if b.get(i + 1) == Some(&b'{') => {
                    if self.interpolations.len() >= MAX_NESTING {
                        return None;
                    }
                    self.depth += 1;
                    self.interpolations.push(self.depth);
                    self.prev = Token::Punct(b'{');
                    return Some(i + 2);
                }
                _ => i += 1,
            }
        }
        None
    }

    fn word(&self, start: usize, end: usize) -> &[u8] {
        &self.b[start..end]
    }

    fn regex_allowed(&self) -> bool {
        match self.prev {
            Token::Start | Token::Arrow => true,
            Token::Punct(c) => JS_REGEX_AFTER_PUNCT.contains(&c),
            Token::Word(start, end) => JS_REGEX_AFTER_WORD.contains(&self.word(start, end)),
            Token::Step | Token::Literal | Token::Close => false,
        }
    }

    /// Whether the previous token lets the statement go on into the next line.
    fn continues(&self) -> bool {
        match self.prev {
            Token::Punct(c) => JS_CONTINUING_PUNCT.contains(&c),
            Token::Word(start, end) => JS_CONTINUING_WORD.contains(&self.word(start, end)),
            Token::Arrow => true,
            Token::Start | Token::Step | Token::Literal | Token::Close => false,
        }
    }

    /// A line starting at `at` at depth 0 (outside any template interpolation too).
    fn line_start(&mut self, at: usize) {
        let b = self.b;
        let code = skip_blanks(b, at);
        if self.rescan.resume == Some(at) && self.starts.is_empty() {
            // A re-scan's first line: a chunk started here, as a definition or not by this line.
            let definition = if code > at { None } else { js_definition_at(b, at) };
            self.start_statement(at, definition);
            return;
        }
        let Some(&first) = b.get(code) else { return };
        if starts_blank(first) || (first == b'/' && matches!(b.get(code + 1), Some(b'/' | b'*'))) {
            return;
        }
        let continues = self.continues();
        if code > at {
            // An indented line is a new statement only right after a definition ended (or
            // before the first statement): it must not join the definition's chunk.
            if self.starts.is_empty() || (self.mode == Mode::Ended && !continues) {
                self.start_statement(at, None);
            }
            return;
        }
        let definition = js_definition_at(b, at);
        match self.mode {
            Mode::Definition { decorators: true, .. } => match definition {
                Some(_) if first == b'@' => {}
                // `@dec` then `(1)`: the decorator goes on.
                None if JS_CONTINUING_LINE.contains(&first) => {}
                Some(anonymous) => {
                    self.mode = Mode::Definition { decorators: false, body: false };
                    self.anonymous = anonymous;
                }
                // TypeScript takes decorators before any `export` (`@dec export const x = 1`):
                // they belong to that statement, which is not a definition.
                None => self.code_after_definition(),
            },
            // A `;` of its own after a declaration: tree-sitter parsing the chunk alone would
            // stretch the declaration over its trailing comments up to the end of the chunk.
            Mode::Ended if first == b';' => {}
            Mode::Ended if JS_CONTINUING_LINE.contains(&first) && (self.anonymous || first != b'(') => {
                // `export default function () {}` is an expression: `(1)` calls it. tree-sitter
                // also reads `function f() {}` then `* 2` as one expression (only a `(` line
                // is known to start a new statement after a named declaration).
                self.code_after_definition();
            }
            Mode::Definition { body: false, .. } if !continues && !js_body_goes_on(b, at) => {
                if JS_CONTINUING_LINE.contains(&first) {
                    // `declare function d(): void` then `(1)`: whether tree-sitter ends the
                    // declaration with its line depends on the grammar's state; join them.
                    self.code_after_definition();
                } else {
                    self.start_statement(at, definition);
                }
            }
            Mode::Definition { .. } => {}
            Mode::Statements | Mode::Ended if continues && !self.starts.is_empty() => {}
            Mode::Statements | Mode::Ended => self.start_statement(at, definition),
        }
    }

    /// Code follows the end of a definition on the same line (`function f() {} f();`): the chunk
    /// cannot be split there, so it is no longer a lone definition.
    fn code_after_definition(&mut self) {
        self.starts.demote_last();
        self.mode = Mode::Statements;
    }

    /// A statement that cannot continue the previous one starts at `at`.
    fn start_statement(&mut self, at: usize, definition: Option<bool>) {
        if let Some(anonymous) = definition {
            let decorators = self.b[at] == b'@';
            self.starts.push(at, true);
            self.mode = Mode::Definition { decorators, body: false };
            self.anonymous = anonymous;
        } else if self.mode != Mode::Statements || self.starts.is_empty() {
            self.starts.push(at, false);
            self.mode = Mode::Statements;
        } else {
            return;
        }
        self.rescan.stops_at(&mut self.starts, at);
    }
}

/// If a definition (or a decorator) starts at `at`: whether it is an anonymous
/// `export default function`/`class`, an expression that a following line may continue.
fn js_definition_at(b: &[u8], at: usize) -> Option<bool> {
    if b[at] == b'@' {
        return Some(false);
    }
    let mut i = at;
    let mut default = false;
    loop {
        let word = word_at(b, i);
        let after = b.get(i + word.len()).copied();
        let blank_after = matches!(after, Some(b' ' | b'\t'));
        match word {
            b"export" | b"default" | b"abstract" | b"async" | b"declare" if blank_after => {
                default |= word == b"default";
                i = skip_blanks(b, i + word.len());
            }
            b"function" if blank_after || matches!(after, Some(b'*' | b'(')) => {
                let mut name = skip_blanks(b, i + word.len());
                if b.get(name) == Some(&b'*') {
                    name = skip_blanks(b, name + 1);
                }
                return Some(default && word_at(b, name).is_empty());
            }
            b"class" if blank_after || after == Some(b'{') => {
                let name = word_at(b, skip_blanks(b, i + word.len()));
                return Some(default && matches!(name, b"" | b"extends" | b"implements"));
            }
            _ => return None,
        }
    }
}

/// Whether a column-0 line at `at` still belongs to the header of a definition without a body
/// so far: its `{` on a line of its own, an `extends`/`implements` clause.
fn js_body_goes_on(b: &[u8], at: usize) -> bool {
    b[at] == b'{' || matches!(word_at(b, at), b"extends" | b"implements")
}

/// The index of the line terminator (`\n`, `\r`, U+2028, U+2029) ending a `//` comment at `at`.
fn js_line_end(b: &[u8], at: usize) -> usize {
    let mut i = at;
    while let Some(n) = memchr::memchr3(b'\n', b'\r', 0xe2, &b[i..]) {
        i += n;
        if b[i] != 0xe2 || is_js_separator(b, i) {
            return i;
        }
        i += 1;
    }
    b.len()
}

/// Whether U+2028 or U+2029, JavaScript line terminators, start at `at`.
fn is_js_separator(b: &[u8], at: usize) -> bool {
    b.get(at..at + 3).is_some_and(|s| s == "\u{2028}".as_bytes() || s == "\u{2029}".as_bytes())
}

/// The index after the `'` or `"` string at `at`, or of the `\n` ending it unterminated.
fn js_string(b: &[u8], at: usize) -> usize {
    let quote = b[at];
    let mut i = at + 1;
    while let Some(n) = b.get(i..).and_then(|rest| memchr::memchr3(quote, b'\\', b'\n', rest)) {
        i += n;
        match b[i] {
            b'\\' => i += if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') { 3 } else { 2 },
            b'\n' => return i,
            _ => return i + 1,
        }
    }
    b.len()
}

/// The index after the regular expression literal (flags excluded) at `at`, or of the `\n` ending
/// it unterminated.
fn js_regex(b: &[u8], at: usize) -> usize {
    let mut class = false;
    let mut i = at + 1;
    while i < b.len() {
        match b[i] {
            b'\\' if !matches!(b.get(i + 1), Some(b'\n' | b'\r')) => i += 2,
            b'\n' | b'\r' => return i,
            b'[' => {
                class = true;
                i += 1;
            }
            b']' => {
                class = false;
                i += 1;
            }
            b'/' if !class => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// The index of the `*/` closing a block comment whose text starts at `at`.
fn block_comment_end(b: &[u8], at: usize) -> Option<usize> {
    memchr::memmem::find(&b[at..], b"*/").map(|n| at + n)
}

// ---------------------------------------------------------------------------------------------
// Go

/// Splits Go source into top-level chunks: each function or method declaration alone, and the
/// other declarations between them (package clause, imports, constants, variables, types)
/// grouped.
pub fn go(text: &str) -> Vec<Chunk> {
    fresh::<Go>(text)
}

/// [`go`] of `text`, made from the chunks of the text before an edit as [`python_edited`] does:
/// a Go chunk start is a declaration keyword at column 0 outside every bracket, string and
/// comment, and the state it leaves (depth 0, whether it is a function) is its line's alone.
pub fn go_edited(text: &str, old: &[Chunk], prefix: usize, suffix: usize, old_len: usize) -> Vec<Chunk> {
    edited::<Go>(text, old, (prefix, suffix, old_len))
}

/// The bytes the Go lexer acts on; it skips runs of the others.
static GO_SYNTAX: [bool; 256] = byte_set(b"/\"'`([{)]};\n");

struct Go<'a> {
    b: &'a [u8],
    starts: Starts,
    /// Whether the current chunk began with a function declaration (`None` before the first).
    in_function: Option<bool>,
    rescan: Rescan<'a>,
}

impl<'a> Lexer<'a> for Go<'a> {
    fn new(b: &'a [u8], resume: Option<usize>, stop: Option<Stop<'a>>) -> Self {
        Go { b, starts: Starts::from(resume), in_function: None, rescan: Rescan { resume, stop, stopped: None } }
    }

    fn scan(&mut self) -> bool {
        self.lex()
    }

    fn into_parts(self) -> (Starts, Rescan<'a>) {
        (self.starts, self.rescan)
    }
}

impl Go<'_> {
    fn lex(&mut self) -> bool {
        let b = self.b;
        let mut i = self.rescan.first_byte(b);
        let mut depth = 0usize;
        let mut line_start = true;
        while i < b.len() {
            if line_start && depth == 0 && self.line_start(i) {
                return true;
            }
            line_start = false;
            let c = b[i];
            if !GO_SYNTAX[usize::from(c)] {
                i += 1;
                continue;
            }
            match c {
                b'\n' => {
                    line_start = true;
                    i += 1;
                }
                b'/' if b.get(i + 1) == Some(&b'/') => i = line_end(b, i),
                b'/' if b.get(i + 1) == Some(&b'*') => match block_comment_end(b, i + 2) {
                    Some(end) => i = end + 2,
                    None => return false,
                },
                // Interpreted strings and runes end on their line; a raw string may span lines.
                b'"' | b'\'' => match go_quoted(b, i) {
                    Some(end) => i = end,
                    None => return false,
                },
                b'`' => match memchr::memchr(b'`', &b[i + 1..]) {
                    Some(n) => i += n + 2,
                    None => return false,
                },
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    // A closing bracket without an opening one: the lexer no longer knows where
                    // tree-sitter's declarations start.
                    let Some(d) = depth.checked_sub(1) else { return false };
                    depth = d;
                    i += 1;
                }
                // Top-level declarations share a line only after a `;`: a function's chunk
                // holding one is no lone function (what follows must be read too).
                b';' => {
                    if depth == 0 && self.in_function == Some(true) {
                        self.starts.demote_last();
                        self.in_function = Some(false);
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
        depth == 0
    }

    /// At the start of a line outside every construct: starts a chunk at a declaration keyword
    /// (a function alone; other declarations join a run of them). Returns whether the lexer stops
    /// there (a re-scan reached a chunk start the old text had too).
    fn line_start(&mut self, at: usize) -> bool {
        let b = self.b;
        let Some(&first) = b.get(at) else { return false };
        if starts_blank(first) || first == b'/' {
            // Blank lines, indented lines and comments stay with the chunk before them.
            return false;
        }
        let word = word_at(b, at);
        let function = match word {
            b"func" => true,
            b"package" | b"import" | b"const" | b"var" | b"type" => false,
            _ => {
                // Anything else at column 0 (not Go, or a label): the current chunk is no lone
                // function any more.
                if self.in_function == Some(true) {
                    self.starts.demote_last();
                    self.in_function = Some(false);
                }
                return false;
            }
        };
        if !function && self.in_function == Some(false) {
            return false;
        }
        self.starts.push(at, function);
        self.in_function = Some(function);
        self.rescan.stops_at(&mut self.starts, at)
    }
}

/// The end (after the closing quote) of the interpreted string or rune literal at `at`, or `None`
/// when its line ends first.
fn go_quoted(b: &[u8], at: usize) -> Option<usize> {
    let quote = b[at];
    let mut i = at + 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => i += 2,
            b'\n' => return None,
            c if c == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use tree_sitter::{Language, Node, Parser, Point, Range};

    macro_rules! fixture {
        ($path:literal) => {
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/code/", $path))
        };
    }

    const PYTHON_FIXTURES: &[&str] = &[
        fixture!("python/ai_comments.py"),
        fixture!("python/assistants.py"),
        fixture!("python/prompts.py"),
        fixture!("python/support_app.py"),
        fixture!("python/tricky_strings.py"),
    ];
    const JAVASCRIPT_FIXTURES: &[&str] =
        &[fixture!("javascript/ai_comments.js"), fixture!("javascript/summarize.mjs"), fixture!("javascript/utils.js")];
    const TYPESCRIPT_FIXTURES: &[&str] = &[
        fixture!("typescript/ai_comments.ts"),
        fixture!("typescript/review.ts"),
        fixture!("typescript/vercel_agent.ts"),
    ];
    const GO_FIXTURES: &[&str] =
        &[fixture!("go/ai_comments.go"), fixture!("go/support_bot.go"), fixture!("go/tricky_strings.go")];

    #[derive(Clone, Copy, Debug)]
    enum Lang {
        Python,
        Javascript,
        Typescript,
        Tsx,
        Go,
    }

    impl Lang {
        fn language(self) -> Language {
            match self {
                Lang::Python => tree_sitter_python::LANGUAGE.into(),
                Lang::Javascript => tree_sitter_javascript::LANGUAGE.into(),
                Lang::Typescript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
                Lang::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
                Lang::Go => tree_sitter_go::LANGUAGE.into(),
            }
        }

        fn chunks(self, text: &str) -> Vec<Chunk> {
            match self {
                Lang::Python => python(text),
                Lang::Javascript | Lang::Typescript | Lang::Tsx => javascript(text),
                Lang::Go => go(text),
            }
        }

        fn fixtures(self) -> &'static [&'static str] {
            match self {
                Lang::Python => PYTHON_FIXTURES,
                Lang::Javascript => JAVASCRIPT_FIXTURES,
                Lang::Typescript | Lang::Tsx => TYPESCRIPT_FIXTURES,
                Lang::Go => GO_FIXTURES,
            }
        }

        /// Whether a top-level node is one function or class definition.
        fn is_definition(self, node: Node) -> bool {
            let kind = node.kind();
            match self {
                Lang::Python => matches!(kind, "function_definition" | "class_definition" | "decorated_definition"),
                Lang::Go => matches!(kind, "function_declaration" | "method_declaration"),
                Lang::Javascript | Lang::Typescript | Lang::Tsx => match kind {
                    "function_declaration"
                    | "generator_function_declaration"
                    | "class_declaration"
                    | "abstract_class_declaration"
                    // `declare function f(): void;` and overload signatures.
                    | "function_signature" => true,
                    // `export default function () {}`: an anonymous function is an expression.
                    "function_expression" | "generator_function" | "class" => {
                        node.parent().is_some_and(|p| p.kind() == "export_statement")
                    }
                    "export_statement" | "ambient_declaration" => {
                        let mut cursor = node.walk();
                        let inner: Vec<Node> =
                            node.named_children(&mut cursor).filter(|c| !matches!(c.kind(), "comment" | "decorator")).collect();
                        inner.len() == 1 && self.is_definition(inner[0])
                    }
                    _ => false,
                },
            }
        }
    }

    fn assert_tiles(text: &str, chunks: &[Chunk]) {
        if text.is_empty() {
            assert!(chunks.is_empty(), "{chunks:?}");
            return;
        }
        assert_eq!(chunks.first().map(|c| c.start), Some(0), "{chunks:?}");
        assert_eq!(chunks.last().map(|c| c.end), Some(text.len()), "{chunks:?}");
        for pair in chunks.windows(2) {
            assert_eq!(pair[0].end, pair[1].start, "{chunks:?}");
        }
        for chunk in chunks {
            assert!(chunk.start < chunk.end, "empty chunk {chunk:?}");
            assert!(chunk.start == 0 || text.as_bytes()[chunk.start - 1] == b'\n', "{chunk:?} is not at a line start");
            assert_eq!(chunk.start_row, count_newlines(&text.as_bytes()[..chunk.start]), "{chunk:?}");
        }
    }

    /// The top-level children of a tree: kind and byte range.
    fn children(node: Node) -> Vec<(String, usize, usize)> {
        let mut cursor = node.walk();
        node.children(&mut cursor).map(|c| (c.kind().to_owned(), c.start_byte(), c.end_byte())).collect()
    }

    fn point(text: &str, at: usize) -> Point {
        let before = &text.as_bytes()[..at];
        let row = count_newlines(before);
        let column = before.iter().rposition(|&b| b == b'\n').map_or(at, |n| at - n - 1);
        Point { row, column }
    }

    /// Chunks `text` and checks them against tree-sitter's parse (when it has no error).
    fn check(lang: Lang, text: &str) -> Vec<Chunk> {
        let chunks = lang.chunks(text);
        assert_tiles(text, &chunks);
        let mut parser = Parser::new();
        parser.set_language(&lang.language()).unwrap();
        let tree = parser.parse(text, None).unwrap();
        let root = tree.root_node();
        if root.has_error() {
            return chunks;
        }
        // Whether a top-level node starting at `at` belongs to chunk `c`; tree-sitter-go ends a
        // text without a final newline with an empty terminator node, which the last chunk holds.
        let holds = |c: &Chunk, at: usize| c.start <= at && (at < c.end || at == text.len() && c.end == at);
        let mut cursor = root.walk();
        let top: Vec<Node> = root.children(&mut cursor).collect();
        for node in &top {
            let chunk = chunks.iter().find(|c| holds(c, node.start_byte()));
            let chunk = chunk.unwrap_or_else(|| panic!("{} outside every chunk {chunks:?}\n{text}", node.kind()));
            assert!(
                node.end_byte() <= chunk.end,
                "{lang:?}: {} {:?} crosses the end of {chunk:?}:\n{}\n---\n{text}",
                node.kind(),
                node.byte_range(),
                &text[chunk.start..chunk.end]
            );
        }
        for chunk in &chunks {
            let inside: Vec<&Node> = top.iter().filter(|n| holds(chunk, n.start_byte())).collect();
            if chunk.definition {
                // A `;` after a declaration (`export class A {};`) is an empty statement of its own;
                // tree-sitter-python's extras are comments and a lone `\` line continuation.
                let named: Vec<&&Node> = inside
                    .iter()
                    .filter(|n| {
                        n.is_named() && !matches!(n.kind(), "comment" | "empty_statement" | "line_continuation")
                    })
                    .collect();
                assert!(
                    named.len() == 1 && lang.is_definition(**named[0]),
                    "{lang:?}: definition chunk {chunk:?} holds {:?}:\n{}\n---\n{text}",
                    named.iter().map(|n| n.kind()).collect::<Vec<_>>(),
                    &text[chunk.start..chunk.end]
                );
            }
            let range = Range {
                start_byte: chunk.start,
                end_byte: chunk.end,
                start_point: point(text, chunk.start),
                end_point: point(text, chunk.end),
            };
            let mut alone = Parser::new();
            alone.set_language(&lang.language()).unwrap();
            alone.set_included_ranges(&[range]).unwrap();
            let alone = alone.parse(text, None).unwrap();
            let expected: Vec<(String, usize, usize)> =
                inside.iter().map(|c| (c.kind().to_owned(), c.start_byte(), c.end_byte())).collect();
            assert_eq!(
                children(alone.root_node()),
                expected,
                "{lang:?}: chunk {chunk:?} parsed alone differs:\n{}\n---\n{text}",
                &text[chunk.start..chunk.end]
            );
        }
        chunks
    }

    /// Each chunk as `def:` or `stmts:` and its first line, after checking them against
    /// tree-sitter's parse of the text, which must have no error.
    fn outline(lang: Lang, text: &str) -> Vec<String> {
        assert_clean_parse(lang, text);
        check(lang, text)
            .iter()
            .map(|c| {
                let line = text[c.start..c.end].lines().next().unwrap_or("");
                format!("{} {}", if c.definition { "def:" } else { "stmts:" }, line.trim_end())
            })
            .collect()
    }

    fn assert_clean_parse(lang: Lang, text: &str) {
        let mut parser = Parser::new();
        parser.set_language(&lang.language()).unwrap();
        assert!(!parser.parse(text, None).unwrap().root_node().has_error(), "{lang:?} does not parse:\n{text}");
    }

    #[test]
    fn empty_text_has_no_chunk() {
        assert!(python("").is_empty());
        assert!(javascript("").is_empty());
        assert_eq!(python("# only a comment\n"), vec![Chunk { start: 0, end: 17, start_row: 0, definition: false }]);
    }

    #[test]
    fn python_groups_statements_and_isolates_definitions() {
        let text =
            "# header\nimport os\nX = 1\n\ndef f():\n    return 1\n\n# about g\n\nclass G:\n    pass\nY = 2\nZ = 3\n";
        assert_clean_parse(Lang::Python, text);
        assert_eq!(outline(Lang::Python, text), ["stmts: # header", "def: def f():", "def: class G:", "stmts: Y = 2"]);
        let chunks = python(text);
        assert_eq!(&text[chunks[1].start..chunks[1].end], "def f():\n    return 1\n\n# about g\n\n");
        assert_eq!(chunks[2].start_row, 9);
    }

    #[test]
    fn python_triple_quoted_strings_hide_column_zero_lines() {
        let text = "A = \"\"\"\ndef x():\nclass Y:\n\"\"\"\nB = rb'''\ndef z(): pass\n'''\ndef f():\n    s = f\"\"\"{A}\ndef no():\n\"\"\"\n";
        assert_eq!(outline(Lang::Python, text), ["stmts: A = \"\"\"", "def: def f():"]);
    }

    #[test]
    fn python_prefixed_and_nested_f_strings() {
        let text =
            "A = Rb\"x\" + F'{\"}\"}' + f\"{x:>{w}}\" + f'{d[\"k\"]}'\ndef f(): pass\nif\"def\": pass\ndef g(): pass\n";
        assert_eq!(
            outline(Lang::Python, text),
            [
                "stmts: A = Rb\"x\" + F'{\"}\"}' + f\"{x:>{w}}\" + f'{d[\"k\"]}'",
                "def: def f(): pass",
                "stmts: if\"def\": pass",
                "def: def g(): pass"
            ]
        );
    }

    #[test]
    fn python_backslash_continuations_and_brackets_hold_column_zero_lines() {
        let text = "x = 1 + \\\ndef_value\ny = [\ndef,\n]\ncall(\nclass_=1)\ndef f(): pass\n";
        // `def,` inside brackets would not parse; only the chunking is checked for it.
        let chunks = python(text);
        assert_tiles(text, &chunks);
        assert_eq!(chunks.len(), 2, "{chunks:?}");
        assert!(chunks[1].definition && text[chunks[1].start..].starts_with("def f()"));
        let text = "x = 1 + \\\r\n2\r\nitems = [\r\nclass_name,\r\n]\r\ndef f(): pass\r\n";
        assert_eq!(outline(Lang::Python, text), ["stmts: x = 1 + \\", "def: def f(): pass"]);
    }

    #[test]
    fn python_compound_statements_continue_at_column_zero() {
        let text = "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\ntry:\n    pass\nexcept(ValueError):\n    pass\nexcept Exception:\n    pass\nfinally:\n    pass\ndef f(): pass\nfor x in y:\n    pass\nelse :\n    pass\n";
        assert_eq!(outline(Lang::Python, text), ["stmts: if a:", "def: def f(): pass", "stmts: for x in y:"]);
    }

    #[test]
    fn python_decorators_start_their_definition() {
        let text = "import functools\n@functools.cache\n# why cached\n\n@other(\n    1,\n)\ndef f():\n    pass\n@dataclass\nclass C:\n    x: int\n\nasync def g():\n    pass\n";
        assert_eq!(
            outline(Lang::Python, text),
            ["stmts: import functools", "def: @functools.cache", "def: @dataclass", "def: async def g():"]
        );
    }

    #[test]
    fn python_comments_after_a_body_stay_with_it() {
        let text = "def f():\n    pass\n    # indented comment\n# column-0 comment\n\n    # indented again\n\nx = 1\n";
        assert_eq!(outline(Lang::Python, text), ["def: def f():", "stmts: x = 1"]);
        let text = "def f():\n    pass\n# between body lines\n    return 2\nx = 1\n";
        assert_eq!(outline(Lang::Python, text), ["def: def f():", "stmts: x = 1"]);
    }

    #[test]
    fn python_dedent_to_an_unknown_level_ends_the_definition() {
        // tree-sitter takes `return x` as a top-level statement (Python itself refuses it).
        let text = "def f():\n        x = 1\n    return x\ny = 2\ndef g():\n    if x:\n        pass\n    return 1\n";
        assert_eq!(outline(Lang::Python, text), ["stmts: def f():", "def: def g():"]);
        let text = "def f(): x = 1\n    return x\ndef g():  # comment\n    return 1\n";
        assert_eq!(outline(Lang::Python, text), ["stmts: def f(): x = 1", "def: def g():  # comment"]);
    }

    #[test]
    fn python_statements_go_on_where_tree_sitter_reads_no_newline() {
        // Python refuses these; tree-sitter-python reads the newline as a space.
        let text = "def f() -> str\n:\n    return 1\nx = 1 +\n2\ndef g(a,\nb): pass\n";
        assert_eq!(outline(Lang::Python, text), ["def: def f() -> str", "stmts: x = 1 +", "def: def g(a,"]);
        assert_eq!(
            outline(Lang::Python, "def f(a)\n-> int:\n    return a\nx = 1\n"),
            ["def: def f(a)", "stmts: x = 1"]
        );
        // A definition without a body: tree-sitter accepts it but then tracks indentation its
        // own way, so the lexer stops splitting.
        assert_eq!(
            outline(Lang::Python, "x = 1\ndef x():\ndef y(): pass\ndef z(): pass\n"),
            ["stmts: x = 1", "stmts: def x():"]
        );
        assert_eq!(
            outline(Lang::Python, "def f(): pass\nx = not_a_keyword\ndef g(): pass\n"),
            ["def: def f(): pass", "stmts: x = not_a_keyword", "def: def g(): pass"]
        );
    }

    #[test]
    fn python_without_trailing_newline_and_with_crlf() {
        assert_eq!(outline(Lang::Python, "x = 1\ndef f(): pass"), ["stmts: x = 1", "def: def f(): pass"]);
        assert_eq!(
            outline(Lang::Python, "x = 1\r\n\r\ndef f():\r\n    pass\r\ny = 2"),
            ["stmts: x = 1", "def: def f():", "stmts: y = 2"]
        );
    }

    #[test]
    fn python_unterminated_constructs_swallow_the_rest() {
        for text in ["x = \"\"\"\ndef f(): pass\n", "x = (\ndef f(): pass\n", "x = f'''{\ndef f(): pass\n'''\n"] {
            let chunks = check(Lang::Python, text);
            assert_eq!(chunks.len(), 1, "{text}: {chunks:?}");
        }
        // Like tree-sitter, a line end right after the opening quote or an escape is content.
        for text in [
            "x = r[\"\nkey\"]\ndef f(): pass\n",
            "x = \"\\t\nkey\"\ndef f(): pass\n",
            "x = f\"{1}\nkey\"\ndef f(): pass\n",
        ] {
            assert_eq!(outline(Lang::Python, text)[1], "def: def f(): pass", "{text:?}");
        }
        assert_eq!(python("x = \"\ndef f(): pass\n").len(), 1);
        // A single-quoted string, and a field of a single-quoted f-string, end with their line.
        assert_eq!(python("x = 'abc\ndef f(): pass\n").len(), 2);
        assert_eq!(python("x = f'{\ndef f(): pass\n").len(), 2);
        // Indented code before the first column-0 statement keeps the first chunk from being a
        // definition.
        assert!(!python("  x = 1\ndef f(): pass\n")[0].definition);
        // A closing bracket without an opening one: nothing after it is trusted.
        assert_eq!(python("x = 1)\ndef f(): pass\n").len(), 1);
        // Nor is a definition with a bracket still open at the end.
        assert!(!python("def f():\n    return (1\n")[0].definition);
    }

    #[test]
    fn javascript_groups_statements_and_isolates_definitions() {
        let text = "import x from \"x\";\nconst a = 1;\n\nfunction f() {\n  return 1;\n}\n// about C\n\nclass C {}\nlet b = 2;\nexport default class D extends C {\n}\nexport async function g() {}\nfunction* h() {}\nexport function k(): void {}\n";
        assert_clean_parse(Lang::Typescript, text);
        assert_eq!(
            outline(Lang::Typescript, text),
            [
                "stmts: import x from \"x\";",
                "def: function f() {",
                "def: class C {}",
                "stmts: let b = 2;",
                "def: export default class D extends C {",
                "def: export async function g() {}",
                "def: function* h() {}",
                "def: export function k(): void {}",
            ]
        );
        // Code after a definition on its last line cannot be split off: the chunk is no longer
        // a definition.
        assert_eq!(
            outline(Lang::Javascript, "function f() {} f();\nclass A {};\nfunction g() {}\n"),
            ["stmts: function f() {} f();", "def: class A {};", "def: function g() {}"]
        );
        assert_eq!(
            outline(Lang::Javascript, "function f() {}/re/.test(x)\nfunction g() {}\n"),
            ["stmts: function f() {}/re/.test(x)", "def: function g() {}"]
        );
        assert_eq!(outline(Lang::Javascript, "class B {} // c\n;\nx();\n"), ["def: class B {} // c", "stmts: x();"]);
        // Indented code after a definition is not part of it.
        assert_eq!(
            outline(Lang::Javascript, "function f() {}\n  x();\nfunction g() {}\n"),
            ["def: function f() {}", "stmts:   x();", "def: function g() {}"]
        );
        assert_eq!(outline(Lang::Javascript, "  x();\nfunction g() {}\n"), ["stmts:   x();", "def: function g() {}"]);
    }

    #[test]
    fn javascript_templates_hide_column_zero_definitions() {
        let text = "const t = `\nfunction no() {}\nclass No {}\n${ `nested ${ \"}\" + `\nfunction deeper() {}\n` } }` }\n`;\nfunction f() {}\n";
        assert_eq!(outline(Lang::Javascript, text), ["stmts: const t = `", "def: function f() {}"]);
    }

    #[test]
    fn javascript_regexes_and_division() {
        let text = "const r = /\"[}]/g;\nconst s = /[/]/.test(x) ? a / b / c : `x`;\nlet d = (a) / 2 / (b);\nconst q = x.split(/'/);\nfunction f() { return /}/; }\nclass C {}\n";
        assert_eq!(
            outline(Lang::Javascript, text),
            ["stmts: const r = /\"[}]/g;", "def: function f() { return /}/; }", "def: class C {}"]
        );
    }

    #[test]
    fn javascript_block_comments_hide_column_zero_definitions() {
        let text = "x();\n/*\nfunction no() {}\n*/\nfunction f() {}\n/* trailing\n*/\n// also trailing\ny();\n";
        assert_eq!(outline(Lang::Javascript, text), ["stmts: x();", "def: function f() {}", "stmts: y();"]);
    }

    #[test]
    fn typescript_decorators_declarations_and_types() {
        let text = "@Component({\n  selector: \"x\",\n})\n// a comment\n@Other\nexport class A {}\ndeclare function d(): void;\ndeclare function e(): void\ninterface I {\n  f(): void;\n}\ntype T = { a: string };\nenum E { A }\nexport abstract class B {}\nexport function o(a: string): void;\nexport function o(a: any) {}\n";
        assert_eq!(
            outline(Lang::Typescript, text),
            [
                "def: @Component({",
                "def: declare function d(): void;",
                "def: declare function e(): void",
                "stmts: interface I {",
                "def: export abstract class B {}",
                "def: export function o(a: string): void;",
                "def: export function o(a: any) {}",
            ]
        );
        // A body-less declaration followed by a line that might continue it: joined.
        assert_eq!(
            outline(Lang::Typescript, "declare function d(): void\n\n(1)\nclass A {}\n"),
            ["stmts: declare function d(): void", "def: class A {}"]
        );
        // Decorators before something else than a class belong to that statement.
        assert_eq!(
            outline(Lang::Typescript, "@dec\nexport const x = 1;\nclass A {}\n"),
            ["stmts: @dec", "def: class A {}"]
        );
        assert_eq!(outline(Lang::Typescript, "@dec\n(1)\nexport class A {}\nx();\n"), ["def: @dec", "stmts: x();"]);
    }

    #[test]
    fn javascript_code_after_a_block_comment_is_a_statement() {
        assert_eq!(
            outline(Lang::Javascript, "/**\n * doc\n */ const x = 1;\nexport function f() {}\n"),
            ["stmts: /**", "def: export function f() {}"]
        );
    }

    #[test]
    fn typescript_object_types_in_a_header_are_not_the_body() {
        let text = "const x = 1;\nexport function a(line: string): { id: number } {\n  return { id: 1 };\n}\nexport function b(): Promise<{ id: number }> {\n  return p;\n}\nexport class C<T = {}> extends B<{ x: 1 }> implements D {\n  x = 1;\n}\nfunction e(): A & { b: 1 } | null {\n  return null;\n}\nconst y = 2;\n";
        assert_eq!(
            outline(Lang::Typescript, text),
            [
                "stmts: const x = 1;",
                "def: export function a(line: string): { id: number } {",
                "def: export function b(): Promise<{ id: number }> {",
                "def: export class C<T = {}> extends B<{ x: 1 }> implements D {",
                "def: function e(): A & { b: 1 } | null {",
                "stmts: const y = 2;",
            ]
        );
    }

    #[test]
    fn javascript_anonymous_default_exports_are_expressions() {
        // `export default function () {}` is an expression that the next line may call.
        assert_eq!(
            outline(Lang::Javascript, "export default function () {}\n(1)\nfunction f() {}\n"),
            ["stmts: export default function () {}", "def: function f() {}"]
        );
        assert_eq!(outline(Lang::Javascript, "export default class {}\n[1]\n"), ["stmts: export default class {}"]);
        // tree-sitter reads a named declaration followed by an operator as an expression.
        assert_eq!(
            outline(Lang::Javascript, "function f() {}\n* 2\nfunction g() {}\n"),
            ["stmts: function f() {}", "def: function g() {}"]
        );
        // A named declaration is a statement: the next line starts a new one.
        assert_eq!(
            outline(Lang::Javascript, "async function main() {}\n(async () => { await main(); })();\n"),
            ["def: async function main() {}", "stmts: (async () => { await main(); })();"]
        );
        assert_eq!(
            outline(Lang::Javascript, "export default function* g() {}\nx();\n"),
            ["def: export default function* g() {}", "stmts: x();"]
        );
    }

    #[test]
    fn javascript_line_comments_end_at_any_line_terminator() {
        for text in ["// c\r{\nfunction f() {}\n}\n", "// c\u{2028}{\nfunction f() {}\n}\n"] {
            assert_clean_parse(Lang::Javascript, text);
            assert_eq!(check(Lang::Javascript, text).len(), 1, "{text:?}");
        }
    }

    #[test]
    fn javascript_continued_expressions_are_not_split() {
        let text = "const f =\nfunction () {};\nconst C = class extends\nclass {} {};\nexport default\nfunction g() {}\nfunction h() {}\n";
        let split = "export async function \n\nname(a: string)\n: string {}\nlet x = 1;\n";
        // The `:` line might continue the header or not: no split, and no lone definition.
        assert_eq!(outline(Lang::Typescript, split), ["stmts: export async function"]);
        assert_eq!(outline(Lang::Javascript, text), ["stmts: const f =", "def: function h() {}"]);
    }

    #[test]
    fn tsx_text_with_apostrophes_inside_a_function() {
        let text = "export function App(): JSX.Element {\n  return (\n    <div>\n      <p>Don't {name}</p>\n      <br />\n      <Item x={1} />\n    </div>\n  );\n}\nconst y = 1;\nfunction g() {}\n";
        assert_clean_parse(Lang::Tsx, text);
        assert_eq!(
            outline(Lang::Tsx, text),
            ["def: export function App(): JSX.Element {", "stmts: const y = 1;", "def: function g() {}"]
        );
    }

    #[test]
    fn javascript_unterminated_constructs_swallow_the_rest() {
        for text in [
            "x = `\nfunction f() {}\n",
            "/*\nfunction f() {}\n",
            "x = (\nfunction f() {}\n",
            "x = `${\nfunction f() {}\n",
        ] {
            assert_eq!(check(Lang::Javascript, text).len(), 1, "{text}");
        }
        assert_eq!(javascript("x = 1)\nfunction f() {}\n").len(), 1);
        assert_eq!(javascript("x = 'abc\nfunction f() {}\n").len(), 2);
    }

    #[test]
    fn go_groups_declarations_and_isolates_functions() {
        let text = "// Package p.\npackage p\n\nimport (\n\t\"fmt\"\n)\n\nconst A = 1\nvar b = `x`\n\n// f says hi.\nfunc f() {\n\tfmt.Println(\"}\")\n}\n\nfunc (s *S) m() int { return 1 }\ntype S struct{}\n";
        assert_eq!(
            outline(Lang::Go, text),
            [
                "stmts: // Package p.",
                "def: func f() {",
                "def: func (s *S) m() int { return 1 }",
                "stmts: type S struct{}"
            ]
        );
    }

    #[test]
    fn go_strings_and_comments_hide_column_zero_lines() {
        let text = "package p\n\nvar s = `\nfunc hidden() {}\n`\n\n/*\nfunc alsoHidden() {}\n*/\nfunc f() { r := '\\''; _ = r }\n";
        assert_eq!(outline(Lang::Go, text), ["stmts: package p", "def: func f() { r := '\\''; _ = r }"]);
    }

    #[test]
    fn go_declarations_after_a_semicolon_join_the_function() {
        let text = "package p\nfunc f() {}; var model = \"o3-mini\"\nfunc g() {}\n";
        assert_eq!(
            outline(Lang::Go, text),
            ["stmts: package p", "stmts: func f() {}; var model = \"o3-mini\"", "def: func g() {}"]
        );
    }

    #[test]
    fn go_unterminated_constructs_swallow_the_rest() {
        for text in [
            "package p\nvar s = `open\nfunc f() {}\n",
            "package p\nfunc f() {\nfunc g() {}\n",
            "package p\n/* open\nfunc f() {}\n",
        ] {
            let chunks = go(text);
            assert_tiles(text, &chunks);
            assert!(chunks.iter().all(|c| !c.definition), "{chunks:?}");
        }
        // A closing bracket at the top level: no more boundaries after it.
        let chunks = go("package p\n}\nfunc f() {}\n");
        assert_eq!(chunks.len(), 1, "{chunks:?}");
    }

    #[test]
    fn fixtures_follow_the_tree() {
        for lang in [Lang::Python, Lang::Javascript, Lang::Typescript, Lang::Go] {
            let mut definitions = 0;
            for text in lang.fixtures() {
                assert_clean_parse(lang, text);
                definitions += check(lang, text).iter().filter(|c| c.definition).count();
            }
            assert!(definitions >= 3, "{lang:?}: only {definitions} definitions in the fixtures");
        }
    }

    /// Lines that move boundaries when inserted anywhere (those that break the syntax are
    /// filtered out by tree-sitter's error check): definitions and string, comment or template
    /// delimiters, so that definitions end up inside strings and the other way round.
    const PYTHON_LINES: &[&str] = &[
        "def x():\n",
        "    return 1\n",
        "class Y:\n",
        "@decorator\n",
        "async def z():\n",
        "x = 1\n",
        "# comment\n",
        "\"\"\"\n",
        "'''\n",
        "s = f\"\"\"{\n",
        "else:\n",
    ];
    const JAVASCRIPT_LINES: &[&str] = &[
        "function f() {}\n",
        "function g() {\n",
        "}\n",
        "export class Z {}\n",
        "export default class {}\n",
        "@dec\n",
        "const a = `\n",
        "`\n",
        "${\n",
        "/*\n",
        "*/\n",
        "// comment\n",
        "const r = /[/]`'\"/;\n",
        "(1)\n",
        "declare function d(): void\n",
        "<p>Don't</p>\n",
    ];
    const GO_LINES: &[&str] = &[
        "func f() {}\n",
        "func g() {\n",
        "}\n",
        "func (s *S) m() int { return 1 }\n",
        "var x = 1\n",
        "const (\n",
        ")\n",
        "type T struct{}\n",
        "s := `\n",
        "`\n",
        "/*\n",
        "*/\n",
        "// comment\n",
        "r := '\\''\n",
        "func h() {}; var y = 2\n",
        "x := \"a\\\"b\"\n",
    ];

    /// Concatenates fixtures, deletes, duplicates or inserts lines and inserts one character.
    fn variant(lang: Lang, order: &[usize], lines: &[(f64, u8, usize)], insert: Option<(f64, char)>) -> String {
        let fixtures = lang.fixtures();
        let joined: String = order.iter().map(|&n| fixtures[n % fixtures.len()]).collect::<Vec<_>>().join("\n");
        let mut lines_of: Vec<&str> = joined.split_inclusive('\n').collect();
        for &(at, op, line) in lines {
            let n = ((at * lines_of.len() as f64) as usize).min(lines_of.len().saturating_sub(1));
            match op {
                0 if !lines_of.is_empty() => {
                    lines_of.remove(n);
                }
                1 if !lines_of.is_empty() => {
                    let line = lines_of[n];
                    lines_of.insert(n, line);
                }
                _ => {
                    let pool = match lang {
                        Lang::Python => PYTHON_LINES,
                        Lang::Go => GO_LINES,
                        _ => JAVASCRIPT_LINES,
                    };
                    lines_of.insert(n, pool[line % pool.len()]);
                }
            }
        }
        let mut text: String = lines_of.concat();
        if let Some((at, c)) = insert {
            let mut at = ((at * text.len() as f64) as usize).min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert(at, c);
        }
        text
    }

    const INTERESTING: &[char] = &[
        '\n', '\r', ' ', '\t', '\'', '"', '`', '{', '}', '(', ')', '[', ']', '/', '*', '\\', '#', '@', '$', ':', ';',
        '=', 'f', 'é', '😀',
    ];

    fn lang_strategy() -> impl Strategy<Value = Lang> {
        prop_oneof![Just(Lang::Python), Just(Lang::Javascript), Just(Lang::Typescript), Just(Lang::Tsx), Just(Lang::Go)]
    }

    type Scan = fn(&str) -> Vec<Chunk>;
    type Edited = fn(&str, &[Chunk], usize, usize, usize) -> Vec<Chunk>;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn variants_of_the_fixtures_follow_the_tree(
            lang in lang_strategy(),
            order in proptest::collection::vec(0..8usize, 1..4),
            lines in proptest::collection::vec((0.0..1.0f64, 0..4u8, 0..16usize), 0..8),
            insert in proptest::option::of((0.0..1.0f64, prop_oneof![proptest::sample::select(INTERESTING), any::<char>()])),
        ) {
            check(lang, &variant(lang, &order, &lines, insert));
        }

        /// Chunks made from the last text's after an edit are the chunks of the new text (edits
        /// anywhere, the text's start included).
        #[test]
        fn chunks_after_an_edit_equal_a_fresh_scan(
            lang in lang_strategy(),
            order in proptest::collection::vec(0..8usize, 1..5),
            lines in proptest::collection::vec((0.0..1.0f64, 0..4u8, 0..16usize), 0..4),
            edits in proptest::collection::vec((0.0..1.0f64, 0..6usize, prop_oneof![
                3 => proptest::sample::select(&[
                    "x", " ", "\n", "\"", "'", "\"\"\"", "(", ")", ":", "\\", "#", "@d\n", "def f():\n    pass\n",
                    "class A:\n", "else:\n", "    ", "\r\n", "f\"{", "}", "=", "+\n", "\nX = 1\n", "# c\n",
                    "`", "${", "/*", "*/", "//", "/x/", "{", "\nfunction g() {\n}\n", "\nexport class C {}\n",
                    "\nconst y = 2;\n", "@dec\n", "(1)\n", ";\n", "\nfunc g() {\n}\n", "\nvar v = 1\n", "\ntype T int\n",
                ][..]).prop_map(str::to_owned),
                1 => any::<char>().prop_map(String::from),
            ]), 1..6),
        ) {
            let mut text = variant(lang, &order, &lines, None);
            let (scan, edited): (Scan, Edited) = match lang {
                Lang::Python => (python, python_edited),
                Lang::Go => (go, go_edited),
                _ => (javascript, javascript_edited),
            };
            let mut chunks = scan(&text);
            for (at, deleted, inserted) in edits {
                // A fifth of the edits at the very start, where the first chunk absorbs them.
                let mut start = if at < 0.2 { 0 } else { ((text.len() as f64) * at) as usize };
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + deleted).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let old = text.clone();
                text.replace_range(start..end, &inserted);
                let prefix = old.bytes().zip(text.bytes()).take_while(|(a, b)| a == b).count();
                let room = old.len().min(text.len()) - prefix;
                let suffix = old.bytes().rev().zip(text.bytes().rev()).take(room).take_while(|(a, b)| a == b).count();
                chunks = edited(&text, &chunks, prefix, suffix, old.len());
                prop_assert_eq!(&chunks, &scan(&text), "after replacing {}..{} by {:?}:\n{}", start, end, inserted, text);
            }
        }

        #[test]
        fn any_text_tiles_without_panicking(
            pieces in proptest::collection::vec(prop_oneof![
                3 => proptest::sample::select(&[
                    "def f():", "class A:", "function f() {}", "class B {}", "@d", "export ", "async ", "else:",
                    "\"\"\"", "'''", "f\"", "r'", "${", "/*", "*/", "//", "</p>", "/>", "\n", "\r\n", "    ",
                    "func f() {", "}", "var x = 1", "type T struct{", "`", ";", "package p",
                ][..]).prop_map(str::to_owned),
                3 => proptest::sample::select(INTERESTING).prop_map(String::from),
                1 => any::<char>().prop_map(String::from),
            ], 0..60),
        ) {
            let text = pieces.concat();
            for lang in [Lang::Python, Lang::Javascript, Lang::Typescript, Lang::Go] {
                check(lang, &text);
            }
        }
    }

    /// Run with `cargo test --release --lib chunks::tests::throughput -- --ignored --nocapture`.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn throughput() {
        for (name, fixtures, split) in [
            ("python", PYTHON_FIXTURES, python as fn(&str) -> Vec<Chunk>),
            ("javascript", &[JAVASCRIPT_FIXTURES, TYPESCRIPT_FIXTURES].concat()[..], javascript),
        ] {
            let mut text = String::new();
            while text.len() < 300_000 {
                for fixture in fixtures {
                    text.push_str(fixture);
                    text.push('\n');
                }
            }
            let rounds = 200;
            let started = std::time::Instant::now();
            let mut chunks = 0;
            for _ in 0..rounds {
                chunks += std::hint::black_box(split(std::hint::black_box(&text))).len();
            }
            let seconds = started.elapsed().as_secs_f64();
            eprintln!(
                "{name}: {:.0} MB/s over {} KB ({} chunks)",
                (text.len() * rounds) as f64 / seconds / 1e6,
                text.len() / 1000,
                chunks / rounds
            );
        }
    }
}
