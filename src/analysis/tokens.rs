//! Token counts with a real BPE tokenizer (tiktoken's `o200k_base` and `cl100k_base`, embedded in
//! the `tiktoken-rs` crate: no file or network access).
//!
//! OpenAI models are counted with their own encoding and the count is exact. Other families use
//! tokenizers of their own that are not public or not embedded here; they are counted with
//! `o200k_base` and the count is marked approximate (shown as "≈").

use tiktoken_rs::{CoreBPE, cl100k_base_singleton, o200k_base_singleton};

use crate::analysis::catalog::{ModelInfo, Provider};

/// A BPE vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
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

/// Counts the tokens of `text` for `model`, stopping once the count passes `limit` (the text is
/// counted a line-bounded chunk at a time, so a 1 MB prompt costs little when only "is it over
/// 1,000?" matters).
pub fn count(text: &str, model: Option<&ModelInfo>, limit: usize) -> TokenCount {
    let (encoding, exact) = encoding_for(model);
    let bpe = encoding.bpe();
    let mut tokens = 0;
    let mut rest = text;
    while !rest.is_empty() {
        let cut = chunk_end(rest);
        tokens += bpe.encode_ordinary(&rest[..cut]).len();
        rest = &rest[cut..];
        if tokens > limit && !rest.is_empty() {
            return TokenCount { tokens, encoding, exact, capped: true };
        }
    }
    TokenCount { tokens, encoding, exact, capped: false }
}

/// About 4 KB, ending after a newline where there is one, else at a char boundary. Splitting at
/// line ends changes the count by at most a token per chunk in rare cases (BPE merges never cross
/// the pre-tokeniser's whitespace splits, and a newline ends a pre-token).
fn chunk_end(text: &str) -> usize {
    const CHUNK: usize = 4096;
    if text.len() <= CHUNK {
        return text.len();
    }
    let mut end = CHUNK;
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text[..end].rfind('\n').map_or(end, |i| i + 1)
}

fn thousands(n: usize) -> String {
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
        let text = "Solve the equation x^2 - 5x + 6 = 0 and explain each step. 中文 😀\n".repeat(400);
        let whole = o200k_base_singleton().encode_ordinary(&text).len();
        let chunked = count(&text, Some(info("o3")), usize::MAX);
        assert_eq!(chunked.tokens, whole);
        assert!(!chunked.capped);
        let capped = count(&text, Some(info("o3")), 1000);
        assert!(capped.capped && capped.tokens > 1000 && capped.tokens < whole);
        assert!(capped.display().starts_with("> "));
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
