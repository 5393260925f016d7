//! A source file kept parsed between analyses, so that a keystroke re-parses only what changed.
//!
//! The editor's changes reach [`SourceState::edit`] as they are applied to the text (byte offsets
//! and positions measured on the text *before* the change); the next
//! [`SourceState::analyze`] hands the edited tree to tree-sitter, which reuses every subtree the
//! edits did not touch. The result is the same as [`super::analyze`] on the new text: only the
//! time differs (a test below checks this after random edits).
//!
//! Prompt files have no tree to keep; for them this is exactly [`super::analyze`].

use tree_sitter::{InputEdit, Point, Tree};

use super::extract::{self, Extraction, code};
use super::format::PromptFormat;
use super::settings::Settings;
use super::{Analysis, analyze_extracted};

/// A position as tree-sitter counts it: `row` is the number of `\n` before it, `column` the
/// bytes since the last one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SourcePoint {
    pub row: usize,
    pub column: usize,
}

impl SourcePoint {
    /// The position of byte `at` of `text` (clamped to the text).
    pub fn of(text: &str, at: usize) -> Self {
        let before = &text.as_bytes()[..at.min(text.len())];
        let row = before.split(|b| *b == b'\n').count() - 1;
        let column = before.iter().rev().position(|b| *b == b'\n').unwrap_or(before.len());
        Self { row, column }
    }

    /// The position reached by writing `inserted` at this one.
    #[must_use]
    pub fn after(self, inserted: &str) -> Self {
        match inserted.rfind('\n') {
            Some(last) => Self { row: self.row + inserted.matches('\n').count(), column: inserted.len() - last - 1 },
            None => Self { row: self.row, column: self.column + inserted.len() },
        }
    }

    fn to_tree_sitter(self) -> Point {
        Point { row: self.row, column: self.column }
    }
}

/// One replacement in a text, described before it is applied: bytes `start_byte..old_end_byte`
/// become the bytes `start_byte..new_end_byte` of the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceEdit {
    pub start_byte: usize,
    pub old_end_byte: usize,
    pub new_end_byte: usize,
    pub start: SourcePoint,
    pub old_end: SourcePoint,
    pub new_end: SourcePoint,
}

impl SourceEdit {
    /// The edit that replaces `range` of `text` by `inserted` (measured on `text`, before it).
    pub fn replace(text: &str, range: std::ops::Range<usize>, inserted: &str) -> Self {
        let start = SourcePoint::of(text, range.start);
        Self {
            start_byte: range.start,
            old_end_byte: range.end,
            new_end_byte: range.start + inserted.len(),
            start,
            old_end: SourcePoint::of(text, range.end),
            new_end: start.after(inserted),
        }
    }

    fn to_tree_sitter(self) -> InputEdit {
        InputEdit {
            start_byte: self.start_byte,
            old_end_byte: self.old_end_byte,
            new_end_byte: self.new_end_byte,
            start_position: self.start.to_tree_sitter(),
            old_end_position: self.old_end.to_tree_sitter(),
            new_end_position: self.new_end.to_tree_sitter(),
        }
    }
}

/// The syntax tree of the last analysed text of one document, with the edits made since.
///
/// Cloning is cheap (tree-sitter trees share their nodes), so a snapshot can carry one to
/// another thread and hand the re-parsed tree back.
#[derive(Debug, Clone, Default)]
pub struct SourceState {
    /// The tree and the format it was parsed as; `None` until a source file with possible
    /// prompts is analysed, and after a full replacement of the text.
    tree: Option<(PromptFormat, Tree)>,
}

impl SourceState {
    /// Records an edit of the text (call it for every change, in order, before analysing).
    pub fn edit(&mut self, edit: &SourceEdit) {
        if let Some((_, tree)) = &mut self.tree {
            tree.edit(&edit.to_tree_sitter());
        }
    }

    /// Forgets the tree: the next analysis parses from scratch (after a change that replaced
    /// the whole text, where there is nothing to reuse).
    pub fn reset(&mut self) {
        self.tree = None;
    }

    /// Whether a tree is kept (for tests and logs).
    pub fn has_tree(&self) -> bool {
        self.tree.is_some()
    }

    /// The extraction of `text` (the text after every recorded edit) read as `format`,
    /// re-parsing incrementally; the kept tree becomes the tree of `text`.
    pub fn extract(&mut self, format: PromptFormat, text: &str) -> Extraction {
        let old = self.tree.take().filter(|(parsed_as, _)| *parsed_as == format).map(|(_, tree)| tree);
        let Some((language, dialect)) = code::grammar(format) else { return extract::extract(format, text) };
        // Same shortcut as a full extraction: a file without SDK words is not parsed at all.
        if !code::may_hold_prompts(text) {
            return Extraction::default();
        }
        let Some(tree) = code::parse_incremental(&language, text, old.as_ref()) else {
            return Extraction::default();
        };
        let extraction = code::extract_tree(dialect, &tree, text);
        self.tree = Some((format, tree));
        extraction
    }

    /// [`super::analyze`] of `text`, re-parsing incrementally.
    pub fn analyze(&mut self, format: PromptFormat, text: &str, settings: &Settings) -> Analysis {
        let extraction = self.extract(format, text);
        analyze_extracted(format, text, settings, extraction)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::analysis::analyze;

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
    ];

    /// The extraction of `text` walking every scope (none skipped for want of hints).
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
            let inserted = PIECES[piece % PIECES.len()];
            state.edit(&SourceEdit::replace(&text, start..end, inserted));
            text.replace_range(start..end, inserted);
            // Analyse after most edits, but also let several edits pile up between analyses.
            if step % 3 != 1 {
                let incremental = state.analyze(format, &text, &settings);
                assert_eq!(
                    rendered(&incremental),
                    rendered(&analyze(format, &text, &settings)),
                    "{format} after {step}:\n{text}"
                );
                assert_eq!(
                    format!("{:?}", incremental.extraction),
                    format!("{:?}", unpruned(format, &text)),
                    "skipping scopes changed the extraction of {format} after {step}:\n{text}"
                );
            }
        }
        assert_eq!(rendered(&state.analyze(format, &text, &settings)), rendered(&analyze(format, &text, &settings)));
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
            "from openai import OpenAI\nclient = OpenAI()\nSYSTEM = \"\"\"You review code.\"\"\"\nclient.chat.completions.create(model=\"o3-mini\", messages=[{\"role\": \"system\", \"content\": SYSTEM}])\n",
        );
        let mut state = SourceState::default();
        state.analyze(PromptFormat::Python, &text, &settings);
        assert!(state.has_tree());
        let at = text.find("code.").expect("in the prompt") + 4;
        for (i, c) in " Think step by step, explain your reasoning.".char_indices() {
            let piece = c.to_string();
            state.edit(&SourceEdit::replace(&text, at + i..at + i, &piece));
            text.insert_str(at + i, &piece);
            let incremental = state.analyze(PromptFormat::Python, &text, &settings);
            assert_eq!(rendered(&incremental), rendered(&analyze(PromptFormat::Python, &text, &settings)));
        }
        let last = state.analyze(PromptFormat::Python, &text, &settings);
        assert!(last.diagnostics.iter().any(|d| d.rule.name == "chain-of-thought-for-reasoning-model"), "{last:?}");
    }

    #[test]
    fn points_count_newlines_and_bytes() {
        let text = "ab\nc中\r\nd";
        assert_eq!(SourcePoint::of(text, 0), SourcePoint { row: 0, column: 0 });
        assert_eq!(SourcePoint::of(text, 3), SourcePoint { row: 1, column: 0 });
        assert_eq!(SourcePoint::of(text, 7), SourcePoint { row: 1, column: 4 });
        assert_eq!(SourcePoint::of(text, 9), SourcePoint { row: 2, column: 0 });
        assert_eq!(SourcePoint::of(text, 99), SourcePoint { row: 2, column: 1 });
        assert_eq!(SourcePoint { row: 1, column: 2 }.after("x\nyz"), SourcePoint { row: 2, column: 2 });
        assert_eq!(SourcePoint { row: 1, column: 2 }.after("é"), SourcePoint { row: 1, column: 4 });
    }

    #[test]
    fn skipping_scopes_without_hints_changes_no_extraction() {
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
    fn prompt_files_and_files_without_sdk_words_keep_no_tree() {
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
}
