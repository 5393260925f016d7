//! Splits `<think>…</think>` reasoning off the start of a model's text, incrementally.
//!
//! Open reasoning models served through OpenAI-compatible servers (DeepSeek R1 distills on
//! Ollama, Qwen3 on llama.cpp without a reasoning parser) write their reasoning into the answer
//! text between `<think>` tags. Only a block at the very start of the answer (after whitespace)
//! counts: a `<think>` later in the text is the answer talking about tags, not reasoning. Tags may
//! be split across stream deltas, so text that could still be the start of a tag is held back
//! until the next delta decides it.

const OPEN: &str = "<think>";
const CLOSE: &str = "</think>";

/// One piece of routed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Answer(String),
    Reasoning(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum State {
    /// Nothing but whitespace seen yet: a `<think>` may still come.
    #[default]
    Start,
    Thinking,
    /// Just past `</think>`: whitespace before the answer is dropped.
    AfterThink,
    /// Past the reasoning (or there was none): everything is answer.
    Answer,
}

#[derive(Debug, Default)]
pub struct ThinkSplitter {
    state: State,
    /// Text held back because it may be the start of a tag.
    pending: String,
}

impl ThinkSplitter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Past the reasoning (or there was none) with nothing held back: every further delta is
    /// answer text as it is, so a caller may skip [`push`](Self::push).
    pub fn passes_through(&self) -> bool {
        self.state == State::Answer && self.pending.is_empty()
    }

    /// Routes one delta; pieces are pushed in order.
    pub fn push(&mut self, delta: &str, out: &mut Vec<Piece>) {
        if self.state == State::Answer && self.pending.is_empty() {
            if !delta.is_empty() {
                out.push(Piece::Answer(delta.to_owned()));
            }
            return;
        }
        self.pending.push_str(delta);
        loop {
            match self.state {
                State::Start => {
                    let trimmed = self.pending.trim_start();
                    if trimmed.starts_with(OPEN) {
                        let skip = self.pending.len() - trimmed.len() + OPEN.len();
                        self.pending.drain(..skip);
                        self.state = State::Thinking;
                    } else if trimmed.is_empty() || OPEN.starts_with(trimmed) {
                        return; // Still undecided.
                    } else {
                        self.state = State::Answer;
                        out.push(Piece::Answer(std::mem::take(&mut self.pending)));
                        return;
                    }
                }
                State::Thinking => {
                    if let Some(at) = self.pending.find(CLOSE) {
                        let reasoning: String = self.pending.drain(..at).collect();
                        self.pending.drain(..CLOSE.len());
                        if !reasoning.is_empty() {
                            out.push(Piece::Reasoning(reasoning));
                        }
                        // The answer conventionally starts on a fresh line after the block.
                        self.state = State::AfterThink;
                        continue;
                    }
                    // Emit all but a tail that could be the beginning of `</think>`.
                    let keep = longest_suffix_prefix(&self.pending, CLOSE);
                    let emit = self.pending.len() - keep;
                    if emit > 0 {
                        out.push(Piece::Reasoning(self.pending.drain(..emit).collect()));
                    }
                    return;
                }
                State::AfterThink => {
                    let rest = self.pending.trim_start();
                    if !rest.is_empty() {
                        out.push(Piece::Answer(rest.to_owned()));
                        self.state = State::Answer;
                    }
                    self.pending.clear();
                    return;
                }
                State::Answer => {
                    if !self.pending.is_empty() {
                        out.push(Piece::Answer(std::mem::take(&mut self.pending)));
                    }
                    return;
                }
            }
        }
    }

    /// Ends the text: whatever is held back is flushed. An unclosed block stays reasoning (the
    /// model ran out of tokens while thinking); undecided leading text is answer.
    pub fn finish(&mut self, out: &mut Vec<Piece>) {
        let rest = std::mem::take(&mut self.pending);
        match self.state {
            State::Thinking if !rest.is_empty() => out.push(Piece::Reasoning(rest)),
            State::Start if !rest.trim().is_empty() => out.push(Piece::Answer(rest)),
            _ => {}
        }
        self.state = State::Answer;
    }
}

/// The length of the longest suffix of `text` that is a proper prefix of `tag`, at a char boundary.
fn longest_suffix_prefix(text: &str, tag: &str) -> usize {
    (1..tag.len().min(text.len() + 1))
        .rev()
        .find(|&n| text.is_char_boundary(text.len() - n) && tag.starts_with(&text[text.len() - n..]))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Piece, ThinkSplitter};

    /// Feeds the deltas, then merges adjacent pieces of one kind: (reasoning, answer).
    fn split(deltas: &[&str]) -> (String, String) {
        let mut splitter = ThinkSplitter::new();
        let mut out = Vec::new();
        for d in deltas {
            splitter.push(d, &mut out);
        }
        splitter.finish(&mut out);
        let mut reasoning = String::new();
        let mut answer = String::new();
        for piece in out {
            match piece {
                Piece::Reasoning(r) => reasoning.push_str(&r),
                Piece::Answer(a) => answer.push_str(&a),
            }
        }
        (reasoning, answer)
    }

    #[test]
    fn block_at_the_start_is_reasoning() {
        assert_eq!(split(&["<think>plan</think>\n\nAnswer."]), ("plan".into(), "Answer.".into()));
    }

    #[test]
    fn tags_split_across_deltas() {
        let deltas = ["  <th", "ink>pl", "an</th", "ink", ">", "\n", "Ans", "wer."];
        assert_eq!(split(&deltas), ("plan".into(), "Answer.".into()));
    }

    #[test]
    fn no_block_means_all_answer() {
        assert_eq!(split(&["Hello", " world"]), (String::new(), "Hello world".into()));
    }

    #[test]
    fn a_tag_later_in_the_text_is_answer() {
        assert_eq!(
            split(&["Use <think> tags", " like </think> this"]),
            (String::new(), "Use <think> tags like </think> this".into())
        );
    }

    #[test]
    fn text_starting_like_a_tag_but_not_one_is_answer() {
        assert_eq!(split(&["<th", "is is html"]), (String::new(), "<this is html".into()));
        assert_eq!(split(&["<thi"]), (String::new(), "<thi".into()));
    }

    #[test]
    fn unclosed_block_stays_reasoning() {
        assert_eq!(
            split(&["<think>still thinking", " when tokens ran out"]),
            ("still thinking when tokens ran out".into(), String::new())
        );
    }

    #[test]
    fn less_than_sign_in_reasoning_is_kept() {
        assert_eq!(split(&["<think>a <", "b </", "x</think>ok"]), ("a <b </x".into(), "ok".into()));
    }

    proptest! {
        #[test]
        fn any_split_gives_the_same_result(
            reasoning in "[a-z <>/é]{0,20}",
            answer in "[a-z <>é][a-z <>/é]{0,20}",
            with_block in any::<bool>(),
            cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..8),
        ) {
            prop_assume!(!reasoning.contains("</think>"));
            let text = if with_block { format!("<think>{reasoning}</think>{answer}") } else { answer.clone() };
            let mut points: Vec<usize> = cuts.iter().map(|c| c.index(text.len() + 1)).filter(|&p| text.is_char_boundary(p)).collect();
            points.sort_unstable();
            let mut deltas = Vec::new();
            let mut start = 0;
            for p in points {
                deltas.push(&text[start..p]);
                start = p;
            }
            deltas.push(&text[start..]);
            prop_assert_eq!(split(&deltas), split(&[&text]));
        }
    }
}
