//! Inline suppressions.
//!
//! In any comment syntax a prompt file can hold (`<!-- -->`, YAML `#`, Handlebars `{{! }}`, `//`):
//! - `modelfit-ignore: rule-a, MF002` on a line of its own silences those rules on the next
//!   non-blank line; written after content, it silences them on its own line;
//! - `modelfit-ignore-file: rule-a` silences them in the whole file;
//! - no rule list, or `all`, means every rule.
//!
//! The front-matter key `modelfit-ignore: [rule-a]` also silences rules for the whole file.

use crate::analysis::extract::Extraction;
use crate::analysis::rules::Diagnostic;
use crate::analysis::text::LineIndex;

const MARKER: &str = "modelfit-ignore";
const COMMENT_OPENERS: [&str; 4] = ["<!--", "#", "{{!", "//"];

#[derive(Debug, Default)]
pub struct Suppressions {
    /// (line, rules) pairs; an empty rule list means all rules.
    lines: Vec<(usize, Vec<String>)>,
    file: Vec<String>,
    file_all: bool,
}

impl Suppressions {
    pub fn collect(text: &str, lines: &LineIndex, extraction: &Extraction) -> Self {
        let mut this = Self::default();
        for ignore in &extraction.file_ignores {
            this.add_file_rules(parse_rule_list(&ignore.value));
        }
        // Only the lines that hold the marker are read: most files have none, and a large one may
        // have a few among thousands of lines.
        let mut last_line = None;
        for at in memchr::memmem::find_iter(text.as_bytes(), MARKER) {
            let line_no = lines.line_col(at).line;
            if last_line.replace(line_no) == Some(line_no) {
                continue;
            }
            let Some(range) = lines.line_content_range(text, line_no) else { break };
            let Some((before, directive)) = find_directive(&text[range.as_range()]) else { continue };
            if let Some(rest) = directive.strip_prefix("-file") {
                this.add_file_rules(parse_rule_list(rest.trim_start_matches(':')));
                continue;
            }
            // `modelfit-ignore: rules` or a bare `modelfit-ignore`; anything else is another word.
            let rest = match directive.strip_prefix(':') {
                Some(rest) => rest,
                None if directive.trim().is_empty() => "",
                None => continue,
            };
            let rules = parse_rule_list(rest);
            if !before.trim().is_empty() {
                this.lines.push((line_no, rules));
                continue;
            }
            // A directive on a line of its own covers the next line that is not blank.
            let next = (line_no + 1..lines.line_count())
                .find(|&l| lines.line_content_range(text, l).is_some_and(|r| !text[r.as_range()].trim().is_empty()));
            if let Some(next) = next {
                this.lines.push((next, rules));
            }
        }
        this
    }

    fn add_file_rules(&mut self, rules: Vec<String>) {
        if rules.is_empty() {
            self.file_all = true;
        }
        self.file.extend(rules);
    }

    pub fn suppresses(&self, d: &Diagnostic, lines: &LineIndex) -> bool {
        let matches = |rules: &[String]| {
            rules.is_empty() || rules.iter().any(|r| r == d.rule.name || r.eq_ignore_ascii_case(d.rule.code))
        };
        if self.file_all || (!self.file.is_empty() && matches(&self.file)) {
            return true;
        }
        let line = lines.line_col(d.range.start).line;
        self.lines.iter().any(|(l, rules)| *l == line && matches(rules))
    }
}

/// Finds `modelfit-ignore` inside a comment on `line`; returns the text before the comment opener
/// and the text after the marker (with the comment closer removed).
fn find_directive(line: &str) -> Option<(&str, &str)> {
    let at = line.find(MARKER)?;
    let head = &line[..at];
    let opener = COMMENT_OPENERS.iter().filter_map(|o| head.rfind(o).map(|i| (i, *o))).max_by_key(|(i, _)| *i)?;
    let before = &line[..opener.0];
    let mut rest = &line[at + MARKER.len()..];
    for closer in ["-->", "}}", "*/"] {
        if let Some(i) = rest.find(closer) {
            rest = &rest[..i];
        }
    }
    Some((before, rest))
}

/// `a, b c` → `["a", "b", "c"]`; `all` or nothing → `[]` (meaning every rule).
fn parse_rule_list(list: &str) -> Vec<String> {
    let rules: Vec<String> = list
        .split(|c: char| c == ',' || c.is_whitespace() || c == '[' || c == ']' || c == '"' || c == '\'')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if rules.iter().any(|r| r == "all") { Vec::new() } else { rules }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::rules::registry;
    use crate::analysis::text::TextRange;

    fn diag_at(name: &str, offset: usize) -> Diagnostic {
        let rule = registry::by_name(name).expect("rule exists").meta();
        Diagnostic::new(rule, TextRange::empty(offset), "m")
    }

    #[test]
    fn comment_on_its_own_line_covers_the_next_non_blank_line() {
        let text = "<!-- modelfit-ignore: unknown-model -->\n\nmodel: x\nmodel: y\n";
        let lines = LineIndex::new(text);
        let s = Suppressions::collect(text, &lines, &Extraction::default());
        let third_line = text.find("model: x").expect("present");
        let fourth_line = text.find("model: y").expect("present");
        assert!(s.suppresses(&diag_at("unknown-model", third_line), &lines));
        assert!(!s.suppresses(&diag_at("unknown-model", fourth_line), &lines));
        assert!(!s.suppresses(&diag_at("floating-model-alias", third_line), &lines));
    }

    #[test]
    fn trailing_comment_covers_its_own_line_and_codes_work() {
        let text = "model: gpt-4 # modelfit-ignore: MF003\nother\n";
        let lines = LineIndex::new(text);
        let s = Suppressions::collect(text, &lines, &Extraction::default());
        assert!(s.suppresses(&diag_at("floating-model-alias", 7), &lines));
    }

    #[test]
    fn file_level_and_all() {
        let text = "{{! modelfit-ignore-file }}\nbody\n";
        let lines = LineIndex::new(text);
        let s = Suppressions::collect(text, &lines, &Extraction::default());
        assert!(s.suppresses(&diag_at("rejected-parameter", 30), &lines));
    }

    #[test]
    fn marker_outside_a_comment_is_prose() {
        let text = "Explain what modelfit-ignore: all does.\nline\n";
        let lines = LineIndex::new(text);
        let s = Suppressions::collect(text, &lines, &Extraction::default());
        assert!(!s.suppresses(&diag_at("unknown-model", 41), &lines));
    }
}
