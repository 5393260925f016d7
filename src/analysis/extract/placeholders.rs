//! Template placeholders in prompt bodies: Handlebars / Mustache / Jinja tags and VS Code variables.
//!
//! Recognised: `{{ expr }}`, `{{{ raw }}}`, `{{! comment }}`, `{{!-- comment --}}`, `{{#block}}` /
//! `{{/block}}`, Jinja `{% statement %}` and `{# comment #}`, and VS Code `${name}` variables
//! (`${input:name}`, `${input:name:hint}`, `${selection}`, `${file}`). A `\{{` is a literal brace.
//! An opener without its closer is text, not a placeholder.
//!
//! The scan looks only at `{` and `$` bytes and remembers where each closer next occurs, so it is
//! linear even on adversarial input such as ten thousand unclosed `{{`.

use crate::analysis::text::TextRange;

/// What a placeholder does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceholderKind {
    /// `{{name}}`, `{{{name}}}`: a value inserted into the text.
    Expression,
    /// `{{#if}}`, `{{/if}}`, `{{else}}`, `{% for %}`: template control flow.
    Block,
    /// `{{! … }}`, `{{!-- … --}}`, `{# … #}`: removed when rendered.
    Comment,
    /// VS Code `${input:name}`, `${selection}`, `${file}`…
    Variable,
}

/// One placeholder and its bytes, delimiters included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    pub kind: PlaceholderKind,
    pub range: TextRange,
}

/// VS Code variables end on their line and are short; a longer run is not one.
const MAX_VARIABLE_LEN: usize = 256;

/// Finds the placeholders inside `range` of `text`, in order; ranges index the whole text.
pub fn find(text: &str, range: TextRange) -> Vec<Placeholder> {
    let bytes = text.as_bytes();
    let end = range.end.min(bytes.len());
    let mut closers = Closers::default();
    let mut out = Vec::new();
    let mut i = range.start;
    while i < end {
        let Some(step) = bytes[i..end].iter().position(|&b| b == b'{' || b == b'$') else { break };
        i += step;
        let escaped = i > range.start && bytes[i - 1] == b'\\';
        let found = if escaped { None } else { placeholder_at(bytes, i, end, &mut closers) };
        match found {
            Some(p) => {
                i = p.range.end;
                out.push(p);
            }
            None => i += 1,
        }
    }
    out
}

/// Only the ranges, as [`Segment::placeholders`](super::Segment) keeps them.
pub fn ranges(text: &str, range: TextRange) -> Vec<TextRange> {
    find(text, range).into_iter().map(|p| p.range).collect()
}

fn placeholder_at(bytes: &[u8], i: usize, end: usize, closers: &mut Closers) -> Option<Placeholder> {
    let rest = &bytes[i..end];
    let (kind, closer) = if rest.starts_with(b"${") {
        return variable_at(bytes, i, end);
    } else if rest.starts_with(b"{{{") {
        (PlaceholderKind::Expression, Closer::Triple)
    } else if rest.starts_with(b"{{!--") {
        (PlaceholderKind::Comment, Closer::LongComment)
    } else if rest.starts_with(b"{{!") {
        (PlaceholderKind::Comment, Closer::Double)
    } else if rest.starts_with(b"{{") {
        let inner = rest[2..].iter().copied().find(|b| !matches!(b, b' ' | b'~'));
        let block = matches!(inner, Some(b'#' | b'/' | b'^' | b'>')) || rest[2..].starts_with(b"else");
        (if block { PlaceholderKind::Block } else { PlaceholderKind::Expression }, Closer::Double)
    } else if rest.starts_with(b"{%") {
        (PlaceholderKind::Block, Closer::Percent)
    } else if rest.starts_with(b"{#") {
        (PlaceholderKind::Comment, Closer::Hash)
    } else {
        return None;
    };
    let open_len = match closer {
        Closer::Triple => 3,
        _ => 2,
    };
    let close_at = closers.next(bytes, closer, i + open_len, end)?;
    Some(Placeholder { kind, range: TextRange::new(i, close_at + closer.text().len()) })
}

/// `${` + a name starting with a letter or `_`, up to `}` on the same line.
fn variable_at(bytes: &[u8], i: usize, end: usize) -> Option<Placeholder> {
    let first = *bytes.get(i + 2)?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let limit = end.min(i + MAX_VARIABLE_LEN);
    let len = bytes[i + 2..limit].iter().position(|&b| b == b'}' || b == b'\n' || b == b'{')?;
    let close = i + 2 + len;
    (bytes[close] == b'}').then(|| Placeholder { kind: PlaceholderKind::Variable, range: TextRange::new(i, close + 1) })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closer {
    Double,
    Triple,
    LongComment,
    Percent,
    Hash,
}

impl Closer {
    const fn text(self) -> &'static [u8] {
        match self {
            Self::Double => b"}}",
            Self::Triple => b"}}}",
            Self::LongComment => b"--}}",
            Self::Percent => b"%}",
            Self::Hash => b"#}",
        }
    }

    const fn slot(self) -> usize {
        self as usize
    }
}

/// For each closer, the last position searched from and what was found there.
#[derive(Default)]
struct Closers {
    cache: [Option<(usize, Option<usize>)>; 5],
}

impl Closers {
    /// The first occurrence of `closer` at or after `from` (and ending before `end`).
    fn next(&mut self, bytes: &[u8], closer: Closer, from: usize, end: usize) -> Option<usize> {
        if let Some((searched_from, found)) = self.cache[closer.slot()]
            && searched_from <= from
        {
            match found {
                // Nothing from an earlier point means nothing from here either.
                None => return None,
                Some(at) if at >= from => return Some(at),
                Some(_) => {}
            }
        }
        let needle = closer.text();
        let found = bytes[from.min(end)..end].windows(needle.len()).position(|w| w == needle).map(|p| from + p);
        self.cache[closer.slot()] = Some((from, found));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> Vec<(PlaceholderKind, &str)> {
        find(text, TextRange::new(0, text.len())).into_iter().map(|p| (p.kind, &text[p.range.as_range()])).collect()
    }

    #[test]
    fn handlebars_and_jinja() {
        use PlaceholderKind::*;
        let text = "Hi {{ name }}! {{{raw}}} {{! note }} {{!-- a }} b --}}\n{{#if x}}y{{else}}z{{/if}} {% for a in b %}{# c #}";
        assert_eq!(
            render(text),
            [
                (Expression, "{{ name }}"),
                (Expression, "{{{raw}}}"),
                (Comment, "{{! note }}"),
                (Comment, "{{!-- a }} b --}}"),
                (Block, "{{#if x}}"),
                (Block, "{{else}}"),
                (Block, "{{/if}}"),
                (Block, "{% for a in b %}"),
                (Comment, "{# c #}"),
            ]
        );
    }

    #[test]
    fn vscode_variables() {
        use PlaceholderKind::Variable;
        let text =
            "Review ${selection} in ${file} for ${input:focus} (${input:style:terse or chatty}). $5 {x} ${ no} ${a\n}";
        assert_eq!(
            render(text),
            [
                (Variable, "${selection}"),
                (Variable, "${file}"),
                (Variable, "${input:focus}"),
                (Variable, "${input:style:terse or chatty}"),
            ]
        );
    }

    #[test]
    fn unclosed_and_escaped_are_text() {
        assert!(render("a {{ b\nc { d } $ {").is_empty());
        assert!(render("\\{{literal}}").is_empty());
        assert_eq!(render("{{ a {{b}}"), [(PlaceholderKind::Expression, "{{ a {{b}}")]);
    }

    #[test]
    fn ranges_stay_inside_the_requested_range_and_are_bytes() {
        let text = "名前 🤖 {{x}} | {{y}}";
        let bar = text.find('|').expect("bar");
        let got = ranges(text, TextRange::new(0, bar));
        assert_eq!(got.len(), 1);
        assert_eq!(&text[got[0].as_range()], "{{x}}");
        let got = ranges(text, TextRange::new(bar, text.len()));
        assert_eq!(&text[got[0].as_range()], "{{y}}");
        assert!(ranges(text, TextRange::new(0, text.len() - 1)).len() == 1);
    }

    #[test]
    fn linear_on_many_unclosed_openers() {
        // 1.3 MB of openers that never close: a scan that restarts at every opener would take
        // minutes here. Speed itself is measured by the benchmarks, not asserted.
        let text = "{{ {% {# ${a ".repeat(100_000);
        assert!(render(&text).is_empty());
    }
}
