//! Secrets in a payload about to be sent to a model: the last look before text leaves the machine.
//!
//! What is found, and why this way:
//! - **Private keys**: a PEM `-----BEGIN ... PRIVATE KEY-----` line (RSA, EC, DSA, OPENSSH, PGP).
//! - **Vendor tokens** by their documented prefixes, which are designed to be scanned for: AWS access
//!   key ids (`AKIA`/`ASIA` + 16), GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`),
//!   Anthropic (`sk-ant-`), OpenAI (`sk-`, `sk-proj-`), Google (`AIza` + 35), Slack (`xox[abprs]-`),
//!   Stripe live keys (`sk_live_`, `rk_live_`) and JWTs (`eyJ...` header, payload, signature).
//! - **Secret-named assignments** (`.env`, shell, YAML, code): `DB_PASSWORD=...`, `api_key: "..."`,
//!   `token = '...'` whose name *ends* in a secret word (so `max_tokens` and `token_type` are not
//!   secrets) and whose value is a literal, not a placeholder (`xxx`, `your-key-here`, `<token>`,
//!   `${VAR}`, `changeme`) nor a reference (`os.environ[...]`, `process.env.X`, `getenv(...)`).
//! - **High-entropy strings**: runs of 24+ base64/base64url characters mixing upper case, lower case
//!   and digits whose Shannon entropy is close to that of random text. Pure hex is left alone on
//!   purpose: 32/40/64-digit hex strings are almost always checksums, commit ids or UUIDs, and a guard
//!   that cries wolf at every lockfile gets switched off. Subresource-integrity hashes
//!   (`sha512-...`, as in package-lock.json) are skipped for the same reason.
//!
//! A finding names the line and the kind and shows only a masked prefix, never the secret itself.

use std::fmt;

use crate::analysis::text::TextRange;

/// What kind of secret was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretKind {
    PrivateKey,
    AwsAccessKey,
    GitHubToken,
    AnthropicKey,
    OpenAiKey,
    GoogleApiKey,
    SlackToken,
    StripeKey,
    Jwt,
    SecretAssignment,
    HighEntropy,
}

impl SecretKind {
    pub const fn describe(self) -> &'static str {
        match self {
            Self::PrivateKey => "a private key",
            Self::AwsAccessKey => "an AWS access key id",
            Self::GitHubToken => "a GitHub token",
            Self::AnthropicKey => "an Anthropic API key",
            Self::OpenAiKey => "an OpenAI API key",
            Self::GoogleApiKey => "a Google API key",
            Self::SlackToken => "a Slack token",
            Self::StripeKey => "a Stripe live key",
            Self::Jwt => "a JSON Web Token",
            Self::SecretAssignment => "a secret-named variable with a value",
            Self::HighEntropy => "a random-looking string (possibly a key or token)",
        }
    }
}

/// One secret in the payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretFinding {
    pub kind: SecretKind,
    /// 0-based line in the scanned text.
    pub line: usize,
    /// Bytes of the secret in the scanned text.
    pub range: TextRange,
    /// The first characters and the length, e.g. `sk-p… (51 characters)`.
    pub masked: String,
}

impl SecretFinding {
    /// A sentence naming the line, 1-based from `first_line` (the payload's first line in the
    /// document, 1-based).
    pub fn message(&self, first_line: usize) -> String {
        format!("line {}: {} ({})", first_line + self.line, self.kind.describe(), self.masked)
    }
}

impl fmt::Display for SecretFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(1))
    }
}

/// Every secret found in `text`, in order; at most one finding per stretch of bytes.
pub fn scan(text: &str) -> Vec<SecretFinding> {
    let mut findings = Vec::new();
    let mut line_start = 0;
    for (line_no, line) in text.split_inclusive('\n').enumerate() {
        scan_line(line.trim_end_matches(['\n', '\r']), line_no, line_start, &mut findings);
        line_start += line.len();
    }
    findings
}

fn scan_line(line: &str, line_no: usize, offset: usize, out: &mut Vec<SecretFinding>) {
    let push = |kind, start: usize, end: usize, out: &mut Vec<SecretFinding>| {
        let range = TextRange::new(offset + start, offset + end);
        if out.iter().any(|f| f.range.intersects(range)) {
            return;
        }
        out.push(SecretFinding { kind, line: line_no, range, masked: mask(&line[start..end]) });
    };
    if let Some(at) = pem_header(line)
        && line[at..].contains("PRIVATE KEY")
    {
        push(SecretKind::PrivateKey, at, line.len(), out);
        return;
    }
    for (start, word) in words(line) {
        if let Some(kind) = vendor_token(word) {
            push(kind, start, start + word.len(), out);
        }
    }
    if let Some((start, end)) = secret_assignment(line) {
        push(SecretKind::SecretAssignment, start, end, out);
    }
    for (start, word) in words(line) {
        if looks_random(line, start, word) {
            push(SecretKind::HighEntropy, start, start + word.len(), out);
        }
    }
}

/// Where `-----BEGIN ` starts. Most lines have no `-` at all, and a byte search says so far more
/// cheaply than setting up a substring search for every line.
fn pem_header(line: &str) -> Option<usize> {
    let first = memchr::memchr(b'-', line.as_bytes())?;
    memchr::memmem::find(&line.as_bytes()[first..], b"-----BEGIN ").map(|at| first + at)
}

/// The shortest token any check can match: a Slack token (`xoxb-` and 10 more). Shorter words are
/// skipped before the checks, which is most words of most text.
const SHORTEST_TOKEN: usize = 15;

/// Runs of characters that can make up a token (base64/base64url, plus `.` for JWTs), at least
/// [`SHORTEST_TOKEN`] bytes long. Scanned as bytes: every token character is ASCII, and the bytes
/// of a multi-byte character are never ASCII, so the cuts fall on character boundaries.
fn words(line: &str) -> impl Iterator<Item = (usize, &str)> {
    // A table: every byte of the text is tested, some twice.
    const TOKEN: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'+' | b'/' | b'=' | b'.');
            b += 1;
        }
        table
    };
    let is_token = |b: u8| TOKEN[usize::from(b)];
    let bytes = line.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            while at < bytes.len() && !is_token(bytes[at]) {
                at += 1;
            }
            if at == bytes.len() {
                return None;
            }
            let start = at;
            while at < bytes.len() && is_token(bytes[at]) {
                at += 1;
            }
            // Trimming only shortens: most runs are too short before it, and are skipped at once.
            if at - start < SHORTEST_TOKEN {
                continue;
            }
            let run = &line[start..at];
            // Sentence punctuation around a token is not part of it.
            let word = run.trim_end_matches(['.', '=', '-']);
            let word = word.trim_start_matches(['.', '-', '/']);
            let start = start + (run.len() - run.trim_start_matches(['.', '-', '/']).len());
            if word.len() >= SHORTEST_TOKEN {
                return Some((start, word));
            }
        }
    })
}

fn tail_of(word: &str, prefix: &str, min: usize, allowed: impl Fn(u8) -> bool) -> bool {
    word.strip_prefix(prefix).is_some_and(|rest| rest.len() >= min && rest.bytes().all(allowed))
}

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn url_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// A token recognised by the prefix its vendor gives it.
fn vendor_token(word: &str) -> Option<SecretKind> {
    let aws = ["AKIA", "ASIA"]
        .iter()
        .any(|p| word.len() == 20 && tail_of(word, p, 16, |b| b.is_ascii_uppercase() || b.is_ascii_digit()));
    if aws {
        return Some(SecretKind::AwsAccessKey);
    }
    if ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"].iter().any(|p| tail_of(word, p, 30, alnum))
        || tail_of(word, "github_pat_", 22, url_safe)
    {
        return Some(SecretKind::GitHubToken);
    }
    if tail_of(word, "sk-ant-", 20, url_safe) {
        return Some(SecretKind::AnthropicKey);
    }
    // `sk-` followed by a long random tail; words like `sk-learn` are too short or too plain.
    if tail_of(word, "sk-", 20, url_safe) && has_digit_and_letter(&word[3..]) {
        return Some(SecretKind::OpenAiKey);
    }
    if word.len() == 39 && tail_of(word, "AIza", 35, url_safe) {
        return Some(SecretKind::GoogleApiKey);
    }
    if ["xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"].iter().any(|p| tail_of(word, p, 10, url_safe)) {
        return Some(SecretKind::SlackToken);
    }
    if ["sk_live_", "rk_live_"].iter().any(|p| tail_of(word, p, 16, alnum)) {
        return Some(SecretKind::StripeKey);
    }
    if is_jwt(word) {
        return Some(SecretKind::Jwt);
    }
    None
}

fn has_digit_and_letter(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit()) && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// `header.payload.signature`, base64url, where header and payload are JSON objects (`eyJ` is
/// the encoding of `{"`).
fn is_jwt(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() == 3
        && parts[0].starts_with("eyJ")
        && parts[1].starts_with("eyJ")
        && parts.iter().all(|p| p.len() >= 10 && p.bytes().all(url_safe))
}

/// Words that name a secret when they end a variable name.
const SECRET_WORDS: [&str; 8] = ["PASSWORD", "PASSWD", "PWD", "SECRET", "TOKEN", "APIKEY", "CREDENTIALS", "PASSPHRASE"];
/// `KEY` is a secret only after one of these (`API_KEY`, `SECRET_KEY`; not `SORT_KEY`).
const KEY_QUALIFIERS: [&str; 7] = ["API", "ACCESS", "PRIVATE", "SECRET", "AUTH", "CLIENT", "SIGNING"];

/// The byte range of the value in `NAME = value` / `NAME: value` / `"name": "value"` when NAME ends
/// in a secret word and the value is a literal that is not a placeholder.
fn secret_assignment(line: &str) -> Option<(usize, usize)> {
    let sep = line.bytes().position(|b| b == b'=' || b == b':')?;
    // `==`, `!=`, `<=`, `>=` and `::` are comparisons and paths, not assignments.
    let after = line[sep + 1..].chars().next();
    if after == Some('=') || after == Some(':') || line[..sep].ends_with(['!', '<', '>', '=', ':']) {
        return None;
    }
    let name = line[..sep].trim().trim_start_matches("export ").trim().trim_matches(['"', '\'']);
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.') {
        return None;
    }
    if !is_secret_name(name) {
        return None;
    }
    let raw = &line[sep + 1..];
    let trimmed = raw.trim_start();
    let value_start = sep + 1 + (raw.len() - trimmed.len());
    let (value, start) = if let Some(q @ ('"' | '\'' | '`')) = trimmed.chars().next() {
        let body = &trimmed[1..];
        let end = body.find(q)?;
        (&body[..end], value_start + 1)
    } else {
        {
            let end = trimmed.find([' ', '\t', '#', ',', ';']).unwrap_or(trimmed.len());
            let value = &trimmed[..end];
            // An unquoted value in code is usually an expression (`token = response.token`).
            if value.contains(['(', '[', '{']) || is_identifier_path(value) {
                return None;
            }
            (value, value_start)
        }
    };
    (value.len() >= 6 && !is_placeholder(value)).then_some((start, start + value.len()))
}

/// Splits `dbPassword`, `DB_PASSWORD`, `db.password` into upper-case words and checks the last.
fn is_secret_name(name: &str) -> bool {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_uppercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    let Some(last) = words.last() else { return false };
    if SECRET_WORDS.contains(&last.as_str()) {
        return true;
    }
    last == "KEY" && words.len() >= 2 && KEY_QUALIFIERS.contains(&words[words.len() - 2].as_str())
}

/// `response.token`, `settings.API_KEY`, `None`, `true`: names, not literal secrets.
fn is_identifier_path(value: &str) -> bool {
    let plain = value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
    plain
        && value.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && !value.bytes().any(|b| b.is_ascii_digit())
        && (value.contains('.')
            || value.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            || matches!(value, "None" | "True" | "False" | "NULL"))
}

/// Words that give a value away as a stand-in.
const WORDS: [&str; 14] = [
    "xxx",
    "your",
    "example",
    "changeme",
    "change_me",
    "placeholder",
    "dummy",
    "redacted",
    "replace",
    "todo",
    "fixme",
    "...",
    "secret_here",
    "insert",
];

/// Values that stand in for a secret rather than being one.
fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let first = value.chars().next().unwrap_or(' ');
    if value.chars().all(|c| c == first) {
        return true; // xxxxxx, ******, 000000
    }
    if value.starts_with(['$', '%', '<']) {
        return true; // ${VAR}, $VAR, %VAR%, <your token>
    }
    if value.starts_with("{{")
        || value.contains("process.env")
        || value.contains("os.environ")
        || value.contains("getenv")
    {
        return true;
    }
    WORDS.iter().any(|w| lower.contains(w))
        || matches!(lower.as_str(), "password" | "secret" | "token" | "none" | "null")
}

/// A token that looks like random key material: base64-ish, long, mixed classes, high entropy.
fn looks_random(line: &str, start: usize, word: &str) -> bool {
    if word.len() < 24 || word.contains('.') {
        return false;
    }
    let b = word.as_bytes();
    let upper = b.iter().any(u8::is_ascii_uppercase);
    let lower = b.iter().any(u8::is_ascii_lowercase);
    let digit = b.iter().any(u8::is_ascii_digit);
    if !(upper && lower && digit) {
        return false; // pure hex, UUIDs, words, paths
    }
    // Subresource-integrity hashes in lockfiles: `sha512-<base64>`.
    let before = &line[..start];
    if ["sha1-", "sha256-", "sha384-", "sha512-"].iter().any(|p| word.starts_with(p) || before.ends_with(p)) {
        return false;
    }
    // A path or an identifier split by separators is made of words, not noise.
    if word.split(['/', '_', '-']).filter(|p| !p.is_empty()).count() > 3 {
        return false;
    }
    let threshold = if word.len() < 40 { 4.0 } else { 4.4 };
    shannon_entropy(word) >= threshold
}

/// Bits per character of the string's own character distribution.
pub fn shannon_entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    for b in s.bytes() {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// The first four characters and the length: enough to recognise it, useless to an attacker.
fn mask(secret: &str) -> String {
    let shown: String = secret.chars().take(4).collect();
    format!("{shown}… ({} characters)", secret.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(usize, SecretKind)> {
        scan(text).into_iter().map(|f| (f.line, f.kind)).collect()
    }

    #[test]
    fn vendor_tokens_are_found_by_prefix() {
        let text = "\
aws = AKIAIOSFODNN7EXAMPLE
gh: ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789
pat github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv
openai sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z
claude sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z
google AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q
slack xoxb-123456789012-abcdefABCDEF
stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc
jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U
";
        let found = kinds(text);
        assert_eq!(
            found,
            vec![
                (0, SecretKind::AwsAccessKey),
                (1, SecretKind::GitHubToken),
                (2, SecretKind::GitHubToken),
                (3, SecretKind::OpenAiKey),
                (4, SecretKind::AnthropicKey),
                (5, SecretKind::GoogleApiKey),
                (6, SecretKind::SlackToken),
                (7, SecretKind::StripeKey),
                (8, SecretKind::Jwt),
            ]
        );
    }

    #[test]
    fn a_private_key_block_is_found_and_the_message_masks_it() {
        let text = "config:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n";
        let found = scan(text);
        assert_eq!(found[0].kind, SecretKind::PrivateKey);
        assert_eq!(found[0].message(10), "line 11: a private key (----… (35 characters))");
        let key = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";
        let found = scan(&format!("use {key} here"));
        assert!(!found[0].message(1).contains(key));
        assert!(found[0].message(1).contains("sk-p…"));
    }

    #[test]
    fn secret_named_assignments_with_literal_values() {
        let text = "\
DB_PASSWORD=hunter22
export API_KEY=\"q8Jz-local-only\"
apiKey: 'abc123def'
clientSecret = \"s3cr3t-value\"
";
        assert_eq!(kinds(text).iter().map(|k| k.0).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
        assert!(kinds(text).iter().all(|k| k.1 == SecretKind::SecretAssignment));
    }

    #[test]
    fn placeholders_references_and_lookalike_names_are_not_secrets() {
        let text = "\
API_KEY=your-key-here
OPENAI_API_KEY=${OPENAI_API_KEY}
password = \"xxxxxxxx\"
token = os.environ[\"TOKEN\"]
api_key = process.env.API_KEY
token = response.token
max_tokens = 4096
token_type = \"bearer-token-type\"
sort_key = \"created_at_desc\"
if password == other_password:
SECRET_KEY=<generate one>
PASSWORD=changeme123
";
        assert_eq!(kinds(text), vec![]);
    }

    #[test]
    fn random_strings_are_flagged_but_hashes_uuids_and_words_are_not() {
        let random = "value: Zt4q8Jv2LmX9pR1sWb6nYc3kHf7dGa0e\n";
        assert_eq!(kinds(random), vec![(0, SecretKind::HighEntropy)]);
        let quiet = "\
commit 9fceb02d0ae598e95dc970b74767f19372d61af8
sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
id 123e4567-e89b-12d3-a456-426614174000
\"integrity\": \"sha512-Zt4q8Jv2LmX9pR1sWb6nYc3kHf7dGa0eZt4q8Jv2LmX9pR1sWb6nYc3kHf7dGa0e==\"
src/analysis/rules/model_task_mismatch.rs
ThisIsAVeryLongCamelCaseIdentifierName
The quick brown fox jumps over the lazy dog, 1234 times.
";
        assert_eq!(kinds(quiet), vec![]);
    }

    #[test]
    fn entropy_of_simple_strings() {
        assert!(shannon_entropy("aaaa").abs() < 1e-9);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
    }

    #[test]
    fn odd_input_never_panics() {
        for text in ["", "=", ":", "\"", "PASSWORD=\"", "é=ü", "AKIA", "sk-", "eyJ.eyJ.", "-----BEGIN ", "a\r\nb\rc"]
        {
            let _ = scan(text);
        }
    }
}
