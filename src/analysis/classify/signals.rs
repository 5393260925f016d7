//! Structural signals: what the shape of the text says, independent of its words.
//!
//! Code fences and code-like lines say "code"; stack-trace frames and error lines say "debug";
//! arithmetic written out (`3 + 4 * 2 =`), money amounts and a cluster of numbers in a short text
//! say "math". Template placeholders (`{{var}}`, `${input:x}`, `{var}`) are found here too, so the
//! scorer can ignore whatever sits inside them. Everything is one pass over the bytes.

use super::Task;
use crate::analysis::text::TextRange;

/// One structural cue, with a fixed weight before role weighting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Signal {
    pub task: Task,
    pub range: TextRange,
    pub label: &'static str,
    pub weight: f32,
}

/// What the line pass found in one segment.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    pub signals: Vec<Signal>,
    /// Byte ranges of fenced code blocks (fence lines included).
    pub code_regions: Vec<TextRange>,
    /// Lines that look like source code, inside or outside fences.
    pub code_lines: usize,
    /// Numbers (not clock times) in the first part of the text, outside code and placeholders.
    pub numbers: usize,
}

impl Structure {
    pub fn in_code(&self, offset: usize) -> bool {
        self.code_regions.iter().any(|r| r.contains(offset))
    }
}

/// Finds template placeholders: `{{ … }}`, `${ … }` and `{identifier}`.
pub fn placeholders(text: &str) -> Vec<TextRange> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = memchr_brace(&bytes[i..]) {
        let at = i + rel;
        let close = if bytes.get(at + 1) == Some(&b'{') {
            // `{{ … }}`: Mustache, Handlebars, Jinja, dotprompt.
            find(&bytes[at + 2..], b"}}", 200).map(|e| at + 2 + e + 2)
        } else if at > 0 && bytes[at - 1] == b'$' {
            // `${ … }`: VS Code prompt-file inputs and JS template strings.
            find(&bytes[at + 1..], b"}", 100).map(|e| at + 1 + e + 1)
        } else {
            // `{identifier}`: Python format strings and many prompt tools. Prose in braces
            // (`{like this}`) is not a placeholder.
            let body_len = bytes[at + 1..]
                .iter()
                .take(41)
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
                .count();
            (body_len > 0 && body_len <= 40 && bytes.get(at + 1 + body_len) == Some(&b'}'))
                .then_some(at + 1 + body_len + 1)
        };
        match close {
            Some(end) => {
                let start = if at > 0 && bytes[at - 1] == b'$' { at - 1 } else { at };
                out.push(TextRange::new(start, end));
                i = end;
            }
            None => i = at + 1,
        }
        if i >= bytes.len() {
            break;
        }
    }
    out
}

fn memchr_brace(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'{')
}

/// Position of `needle` (one or two bytes) in the first `limit` bytes of `hay`.
fn find(hay: &[u8], needle: &[u8], limit: usize) -> Option<usize> {
    let hay = &hay[..hay.len().min(limit + needle.len())];
    let (&first, rest) = needle.split_first()?;
    let mut from = 0;
    while let Some(p) = hay[from..].iter().position(|&b| b == first) {
        let at = from + p;
        if hay[at + 1..].starts_with(rest) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// True when something other than whitespace lies outside the placeholders.
pub fn has_content(text: &str, placeholders: &[TextRange]) -> bool {
    let mut pos = 0;
    for p in placeholders.iter().chain(std::iter::once(&TextRange::empty(text.len()))) {
        if text.get(pos..p.start).is_some_and(|gap| gap.chars().any(|c| !c.is_whitespace())) {
            return true;
        }
        pos = p.end;
    }
    false
}

/// Starts of source lines (case-sensitive, so prose that happens to begin with "From" or
/// "Return" is not taken for code).
const CODE_STARTS: &[&str] = &[
    "def ",
    "class ",
    "import ",
    "from ",
    "#include",
    "function ",
    "fn ",
    "pub fn",
    "public ",
    "private ",
    "protected ",
    "static ",
    "return ",
    "return;",
    "for (",
    "for(",
    "while (",
    "while(",
    "if (",
    "if(",
    "elif ",
    "else:",
    "else {",
    "} else",
    "const ",
    "let ",
    "var ",
    "int ",
    "void ",
    "print(",
    "console.",
    "SELECT ",
    "#!/",
    "package ",
    "using ",
    "namespace ",
    "struct ",
    "impl ",
    "@Override",
    "}",
    "//",
    "/*",
    ">>> ",
];

fn is_code_line(trimmed: &str) -> bool {
    if trimmed.len() < 2 || trimmed.len() > 240 {
        return false;
    }
    let first = trimmed.as_bytes()[0];
    CODE_STARTS.iter().any(|s| s.as_bytes()[0] == first && trimmed.starts_with(s))
        || trimmed.ends_with('{')
        || (trimmed.ends_with(';') && trimmed.contains(['(', '=']))
        || trimmed.contains("();")
        || trimmed.contains(" => ")
}

/// Only the first this-many bytes are searched for a cluster of numbers: word problems are short,
/// and numbers deep in a pasted report are not a request to compute.
const NUMBER_WINDOW: usize = 1000;

/// Scans `text` for structural signals, skipping placeholders.
///
/// Numbers inside `context` (pasted material) are not counted: a passage full of dates and
/// figures is not a word problem.
pub fn scan(text: &str, placeholders: &[TextRange], context: Option<TextRange>) -> Structure {
    let mut st = Structure::default();
    let mut fence_start: Option<usize> = None;
    let mut first_code_line: Option<TextRange> = None;
    let mut trace: Option<TextRange> = None;
    let mut error_line: Option<TextRange> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        let lead = line.len() - line.trim_start().len();
        let range = TextRange::new(start + lead, start + lead + trimmed.len());
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            match fence_start.take() {
                Some(s) => st.code_regions.push(TextRange::new(s, offset)),
                None => fence_start = Some(start),
            }
            continue;
        }
        if is_code_line(trimmed) {
            st.code_lines += 1;
            first_code_line.get_or_insert(range);
        }
        if trace.is_none()
            && ((trimmed.starts_with("File \"") && trimmed.contains(", line "))
                || (trimmed.starts_with("at ") && trimmed.contains(['(', ':']) && trimmed.contains(".java:"))
                || trimmed.starts_with("Traceback (most recent call last)"))
        {
            trace = Some(range);
        }
        if error_line.is_none()
            && trimmed.len() < 400
            && (trimmed.contains("Error: ")
                || trimmed.contains("Exception: ")
                || trimmed.contains("Exception in thread")
                || trimmed.starts_with("error[E")
                || trimmed.starts_with("panicked at"))
        {
            error_line = Some(range);
        }
    }
    if let Some(s) = fence_start {
        // An unclosed fence runs to the end of the text.
        st.code_regions.push(TextRange::new(s, text.len()));
    }
    if let Some(first) = st.code_regions.first() {
        let fence_line_end = text[first.start..].find('\n').map_or(text.len(), |e| first.start + e);
        st.signals.push(Signal {
            task: Task::Code,
            range: TextRange::new(first.start, fence_line_end),
            label: "code block",
            weight: 2.5,
        });
    }
    if let Some(range) = first_code_line {
        let weight = (st.code_lines as f32 * 0.5).min(3.0);
        st.signals.push(Signal { task: Task::Code, range, label: "code-like lines", weight });
    }
    if let Some(range) = trace {
        st.signals.push(Signal { task: Task::Debug, range, label: "stack trace", weight: 3.0 });
    }
    if let Some(range) = error_line {
        st.signals.push(Signal { task: Task::Debug, range, label: "error message", weight: 2.0 });
    }
    if let Some(range) = syllogisms(text) {
        st.signals.push(Signal { task: Task::Logic, range, label: "quantified statements", weight: 3.0 });
    }
    if st.code_lines < 2 {
        let mut skip: Vec<TextRange> = st.code_regions.clone();
        skip.extend(context);
        st.numbers = numeric_signals(text, placeholders, &skip, &mut st.signals);
    }
    st
}

/// Texts longer than this are not taken for word problems.
const WORD_PROBLEM_MAX: usize = 600;

/// Texts longer than this are not searched for syllogisms (they are documents, not puzzles).
const SYLLOGISM_WINDOW: usize = 4000;

/// Finds two or more quantified statements ("all snakes are reptiles", "no cats are dogs", "some
/// A is B"): the shape of a syllogism. Returns the range of the first one.
fn syllogisms(text: &str) -> Option<TextRange> {
    if text.len() > SYLLOGISM_WINDOW {
        return None;
    }
    let bytes = text.as_bytes();
    let (mut count, mut first) = (0usize, None);
    let mut quantifier: Option<(usize, usize)> = None; // (word index, byte start)
    let (mut index, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let word = &text[start..i];
        let is = |w: &str| word.eq_ignore_ascii_case(w);
        if is("all") || is("no") || is("some") || is("every") || is("none") {
            quantifier = Some((index, start));
        } else if (is("are") || is("is"))
            && let Some((q, q_start)) = quantifier
            && (2..=3).contains(&(index - q))
        {
            count += 1;
            first.get_or_insert(TextRange::new(q_start, i));
            quantifier = None;
        }
        index += 1;
    }
    (count >= 2).then_some(first).flatten()
}

/// Arithmetic, money amounts and clusters of numbers, outside code and placeholders. Returns
/// how many numbers were seen.
fn numeric_signals(text: &str, placeholders: &[TextRange], code: &[TextRange], out: &mut Vec<Signal>) -> usize {
    let bytes = text.as_bytes();
    let skip = |i: usize| code.iter().chain(placeholders).any(|r| r.contains(i));
    let (mut ops, mut first_op) = (0usize, None);
    let (mut money, mut first_money) = (0usize, None);
    let (mut numbers, mut first_number) = (0usize, None);
    let (mut tex, mut first_tex) = (0usize, None);
    let (mut percent, mut first_percent) = (0usize, None);
    let mut quantities = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            // One number token: digits with inner separators (3,500 / 2.75).
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit()
                    || (matches!(bytes[i], b'.' | b',') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
            {
                i += 1;
            }
            // Clock times (9:30) are schedules, not quantities.
            let clock = (start > 0 && bytes[start - 1] == b':') || bytes.get(i) == Some(&b':');
            if start < NUMBER_WINDOW && !clock && !skip(start) {
                numbers += 1;
                first_number.get_or_insert(TextRange::new(start, i));
                let year = i - start == 4 && matches!(&bytes[start..start + 2], b"19" | b"20");
                quantities += usize::from(!year);
                if bytes.get(i) == Some(&b'%') {
                    percent += 1;
                    first_percent.get_or_insert(TextRange::new(start, i + 1));
                }
            }
            continue;
        }
        if b == b'$'
            && !skip(i)
            && let Some(end) = inline_tex(bytes, i)
        {
            tex += 1;
            first_tex.get_or_insert(TextRange::new(i, end));
            i = end;
            continue;
        }
        if matches!(b, b'$' | b'\xe2' | b'\xc2') && !skip(i) {
            // `$12`, `€12` (E2 82 AC) or `£12` (C2 A3).
            let width = match b {
                b'$' => 1,
                b'\xe2' if bytes.get(i + 1..i + 3) == Some(b"\x82\xac") => 3,
                b'\xc2' if bytes.get(i + 1) == Some(&b'\xa3') => 2,
                _ => 0,
            };
            if width > 0 && bytes.get(i + width).is_some_and(u8::is_ascii_digit) {
                money += 1;
                first_money.get_or_insert(TextRange::new(i, i + width + 1));
            }
        }
        if matches!(b, b'+' | b'-' | b'*' | b'/' | b'^' | b'=') && is_arithmetic(bytes, i) && !skip(i) {
            ops += 1;
            first_op.get_or_insert(TextRange::new(i, i + 1));
        }
        i += 1;
    }
    if let Some(range) = first_op {
        out.push(Signal { task: Task::Math, range, label: "arithmetic", weight: (ops as f32 * 1.2).min(4.8) });
    }
    if let Some(range) = first_tex {
        out.push(Signal { task: Task::Math, range, label: "TeX math", weight: (tex as f32 * 1.5).min(3.0) });
    }
    if let Some(range) = first_percent {
        out.push(Signal { task: Task::Math, range, label: "percentage", weight: (percent as f32 * 0.5).min(1.0) });
    }
    if let Some(range) = first_money {
        out.push(Signal { task: Task::Math, range, label: "money amount", weight: (money as f32).min(2.0) });
    }
    if numbers >= 3
        && let Some(range) = first_number
    {
        let weight = ((numbers.min(7) - 2) as f32 * 0.3).min(1.5);
        out.push(Signal { task: Task::Math, range, label: "numbers", weight });
    }
    // A short text that gives three or more quantities and asks a question is a word problem.
    if text.len() <= WORD_PROBLEM_MAX
        && quantities >= 3
        && text.contains(['?', '？'])
        && let Some(range) = first_number
    {
        out.push(Signal { task: Task::Math, range, label: "word problem", weight: 2.0 });
    }
    numbers
}

/// The end of an inline TeX formula starting at the `$` at `i` (`$x^2 + 1$`, `$\\frac{1}{2}$`):
/// a closing `$` on the same line within 80 bytes, with something mathematical inside. Money
/// (`$5`) and shell variables (`$HOME`) do not qualify.
fn inline_tex(bytes: &[u8], i: usize) -> Option<usize> {
    let body_start = i + 1;
    let first = *bytes.get(body_start)?;
    if first.is_ascii_digit() || matches!(first, b' ' | b'{' | b'$' | b'\n') {
        return None;
    }
    let window = &bytes[body_start..bytes.len().min(body_start + 80)];
    let close = window.iter().position(|&c| c == b'$' || c == b'\n')?;
    if window[close] != b'$' || close == 0 {
        return None;
    }
    let body = &window[..close];
    let mathy = body.iter().any(|c| matches!(c, b'^' | b'_' | b'\\' | b'=' | b'+' | b'<' | b'>'))
        || (body.len() <= 3 && body.iter().all(u8::is_ascii_alphanumeric));
    mathy.then_some(body_start + close + 1)
}

/// True when the operator at `i` sits between operands the way arithmetic is written:
/// `3 + 4`, `(2 * 5)`, `x^2`, `… ) =`. Ranges (`1-6`) and dates (`10/12`) are not arithmetic.
fn is_arithmetic(bytes: &[u8], i: usize) -> bool {
    let op = bytes[i];
    let space_before = i > 0 && bytes[i - 1] == b' ';
    let space_after = bytes.get(i + 1) == Some(&b' ');
    let prev = bytes[..i].iter().rev().find(|&&c| c != b' ').copied();
    let next = bytes[i + 1..].iter().find(|&&c| c != b' ').copied();
    // A number that is part of a clock time (`9:30 - 10:00`) makes a time range, not a sum.
    let before = bytes[..i].trim_ascii_end();
    let digits_before = before.iter().rev().take_while(|c| c.is_ascii_digit()).count();
    let clock_before = before.len() > digits_before && before[before.len() - digits_before - 1] == b':';
    let after = bytes[i + 1..].trim_ascii_start();
    let digits_after = after.iter().take_while(|c| c.is_ascii_digit()).count();
    let clock_after = after.get(digits_after) == Some(&b':');
    if clock_before || clock_after {
        return false;
    }
    let operand_before = prev.is_some_and(|c| c.is_ascii_digit() || c == b')');
    let operand_after = next.is_some_and(|c| c.is_ascii_digit() || c == b'(' || c == b'-');
    match op {
        b'^' => {
            prev.is_some_and(|c| c.is_ascii_alphanumeric() || c == b')') && next.is_some_and(|c| c.is_ascii_digit())
        }
        b'=' => operand_before && (operand_after || next.is_none_or(|c| matches!(c, b'?' | b'\n' | b'\r'))),
        b'-' | b'/' => space_before && space_after && operand_before && operand_after,
        _ => operand_before && operand_after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<&'static str> {
        let ph = placeholders(text);
        scan(text, &ph, None).signals.iter().map(|s| s.label).collect()
    }

    #[test]
    fn finds_placeholders_of_each_style() {
        let text = "Hi {{name}}, see ${input:topic} and {var} but not {like this}.";
        let ranges: Vec<&str> = placeholders(text).iter().map(|r| &text[r.as_range()]).collect();
        assert_eq!(ranges, vec!["{{name}}", "${input:topic}", "{var}"]);
        assert!(!has_content("  {{a}} ${b} {c}\n", &placeholders("  {{a}} ${b} {c}\n")));
        assert!(has_content("{{a}} x", &placeholders("{{a}} x")));
    }

    #[test]
    fn sees_code_traces_and_arithmetic() {
        assert_eq!(labels("Fix:\n```python\ndef f(x):\n    return x\n```\n"), vec!["code block", "code-like lines"]);
        let trace = "Traceback (most recent call last):\n  File \"a.py\", line 3, in <module>\nTypeError: bad\n";
        assert_eq!(labels(trace), vec!["stack trace", "error message"]);
        assert_eq!(labels("((-5 - 2 + 9 * -1) * (7 - 5)) ="), vec!["arithmetic", "numbers"]);
        assert_eq!(labels("She pays $8.00 for 2 bars"), vec!["money amount"]);
        assert_eq!(labels("Let $x$ satisfy $x^2 = 4$."), vec!["TeX math"]);
        assert!(labels("echo $HOME and $PATH").is_empty());
        assert_eq!(labels("All cats are mammals. Some mammals are black."), vec!["quantified statements"]);
        assert!(labels("All students are welcome.").is_empty());
        // Ranges, dates and hyphenated numbers are not arithmetic.
        assert!(labels("between day 1-6 on 10/12").iter().all(|l| *l != "arithmetic"));
    }
}
