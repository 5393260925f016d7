//! Token counts with a real BPE tokenizer (tiktoken's `o200k_base` and `cl100k_base`, embedded in
//! the `tiktoken-rs` crate: no file or network access).
//!
//! OpenAI models are counted with their own encoding and the count is exact. Other families use
//! tokenizers of their own that are not public or not embedded here; they are counted with
//! `o200k_base` and the count is marked approximate (shown as "≈").

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use tiktoken_rs::{CoreBPE, cl100k_base_singleton, o200k_base_singleton};

use crate::analysis::catalog::{ModelInfo, Provider};

/// A BPE vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    O200kBase,
    Cl100kBase,
}

impl Encoding {
    fn bpe(self) -> &'static CoreBPE {
        match self {
            Self::O200kBase => o200k_base_singleton(),
            Self::Cl100kBase => cl100k_base_singleton(),
        }
    }
}

/// How to count a model's tokens, and whether the count is exact for it.
pub fn encoding_for(model: Option<&ModelInfo>) -> (Encoding, bool) {
    let Some(info) = model else { return (Encoding::O200kBase, false) };
    if info.provider != Provider::OpenAi {
        return (Encoding::O200kBase, false);
    }
    // GPT-4 (not 4o/4.1), GPT-3.5 and their Azure spellings use the older vocabulary.
    let id = info.id.as_str();
    let older = id == "gpt-4" || id.starts_with("gpt-4-") || id.starts_with("gpt-3.5") || id.starts_with("gpt-35");
    (if older { Encoding::Cl100kBase } else { Encoding::O200kBase }, true)
}

/// A token count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct TokenCount {
    pub tokens: usize,
    pub encoding: Encoding,
    /// False when the model's own tokenizer differs: show the count with "≈".
    pub exact: bool,
    /// True when counting stopped early at the limit asked for: the text has more tokens.
    pub capped: bool,
}

impl TokenCount {
    /// `1,234`, `≈ 1,234`, or `> 1,234` when capped.
    pub fn display(&self) -> String {
        let n = thousands(self.tokens);
        match (self.capped, self.exact) {
            (true, _) => format!("> {n}"),
            (false, true) => n,
            (false, false) => format!("≈ {n}"),
        }
    }
}

/// Counts the tokens of `text` for `model`, stopping once the count passes `limit`.
///
/// The text is counted a line at a time, and each line's count is remembered: the editor
/// re-analyses the whole file on every keystroke, but only one line changed, so only that line is
/// encoded again. A line boundary followed by a non-blank character is always a boundary of BPE
/// pre-tokenisation, so the sum of the lines equals the count of the whole text.
pub fn count(text: &str, model: Option<&ModelInfo>, limit: usize) -> TokenCount {
    let (encoding, exact) = encoding_for(model);
    let mut tokens = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let cut = line_end(rest);
        tokens += count_line(encoding, &rest[..cut]);
        rest = &rest[cut..];
        if tokens > limit && !rest.is_empty() {
            return TokenCount { tokens, encoding, exact, capped: true };
        }
    }
    TokenCount { tokens, encoding, exact, capped: false }
}

/// A lower bound on the token count of `text` under any of our encodings, without a vocabulary:
/// the number of whitespace-separated words. BPE pre-tokenisation never joins two words across
/// whitespace into one piece, and every piece is at least one token.
pub fn lower_bound(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The end of the first line of `text` whose successor starts with a non-blank character (blank
/// lines and indented continuations stay with the line before them), or the end of the text.
fn line_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr_newline(&bytes[from..]) {
        let after = from + i + 1;
        match bytes.get(after) {
            None => return after,
            Some(b) if !b.is_ascii_whitespace() => return after,
            Some(_) => from = after,
        }
    }
    text.len()
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// Remembered line counts, per encoding. Bounded: past the limit it starts over.
static LINE_COUNTS: LazyLock<Mutex<HashMap<(Encoding, String), usize>>> = LazyLock::new(Mutex::default);
const LINE_CACHE_LIMIT: usize = 50_000;

fn count_line(encoding: Encoding, line: &str) -> usize {
    // Short lines are cheaper to encode than to remember.
    if line.len() < 16 {
        return encoding.bpe().encode_ordinary(line).len();
    }
    let key = (encoding, line.to_owned());
    if let Some(n) = LINE_COUNTS.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
        return *n;
    }
    let n = encoding.bpe().encode_ordinary(line).len();
    let mut cache = LINE_COUNTS.lock().unwrap_or_else(PoisonError::into_inner);
    if cache.len() >= LINE_CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(key, n);
    n
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::catalog::{Catalog, Target};

    fn info(name: &str) -> &'static ModelInfo {
        match Catalog::builtin().resolve(name).target {
            Target::Model(info) => info,
            _ => panic!("{name} is in the catalog"),
        }
    }

    #[test]
    fn counts_with_the_model_family_encoding() {
        let hello = "Hello, world!";
        let o3 = count(hello, Some(info("o3-mini")), usize::MAX);
        assert_eq!((o3.tokens, o3.encoding, o3.exact), (4, Encoding::O200kBase, true));
        assert_eq!(count(hello, Some(info("gpt-4")), usize::MAX).encoding, Encoding::Cl100kBase);
        let claude = count(hello, Some(info("claude-sonnet-4-5")), usize::MAX);
        assert!(!claude.exact);
        assert_eq!(claude.display(), "≈ 4");
    }

    #[test]
    fn chunked_counting_matches_one_pass_and_stops_at_the_limit() {
        let text =
            "Solve the equation x^2 - 5x + 6 = 0 and explain each step. 中文 😀\n\n  - indented, with `code`.\n\r\n"
                .repeat(300);
        let whole = o200k_base_singleton().encode_ordinary(&text).len();
        let chunked = count(&text, Some(info("o3")), usize::MAX);
        assert_eq!(chunked.tokens, whole);
        assert!(!chunked.capped);
        let capped = count(&text, Some(info("o3")), 1000);
        assert!(capped.capped && capped.tokens > 1000 && capped.tokens < whole);
        assert!(capped.display().starts_with("> "));
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert!(lower_bound(&text) <= whole);
        // Markdown with tables, fences, indented code and punctuation-led lines.
        for doc in [
            include_str!("../../README.md"),
            include_str!("../../ARCHITECTURE.md"),
            include_str!("../../docs/rules.md"),
        ] {
            for encoding in [Encoding::O200kBase, Encoding::Cl100kBase] {
                let info = if encoding == Encoding::O200kBase { info("o3") } else { info("gpt-4") };
                let exact = encoding.bpe().encode_ordinary(doc).len();
                assert_eq!(count(doc, Some(info), usize::MAX).tokens, exact);
                assert!(lower_bound(doc) <= exact);
            }
        }
    }
}
