//! Aggregation: cue weights → task scores → a [`Profile`] with a confidence.
//!
//! Where a cue sits matters as much as what it is. The first sentence of a part usually states
//! the request, so its cues count double; the middle of a long part is usually pasted material
//! (an article to summarise, a document to answer from), so its cues count half; the end of a
//! long part often repeats the request ("Summarise the above"), so it counts a little more. User
//! text counts fully, system text less (a persona sets the scene, the user states the task), and
//! assistant turns little. A cue repeated in one part counts less each time, so one word used
//! twenty times cannot outvote the request. A short first paragraph followed by a long block is an
//! instruction plus pasted material, and the block's cues and numbers count little.
//!
//! A few rules read cues in context, each for a reason a person would give:
//! - an artifact noun ("poem", "essay") counts fully only after a request verb ("write", "give
//!   me"), and not when the verb sits inside a question ("how to write a poem?");
//! - after a requested artifact, a summary request or a role to play, the rest of the sentence is
//!   its *topic* ("a poem about prime numbers", "act as a math teacher"), and other tasks' cues
//!   there count about a third, until a sentence end or "then";
//! - a quantity question ("how many") counts fully only when the text gives numbers;
//! - a defect cue next to code takes the code evidence for debugging (code to fix, not to write).
//!
//! The confidence is about the *kind* of model: how strong the winning task's evidence is, times
//! its margin over the best task of the other kind (or over plain question-answering, which fits
//! either kind).

use super::cues::{self, MATCHER};
use super::signals;
use super::{Cue, Preference, Profile, Task};
use crate::analysis::extract::Role;
use crate::analysis::text::TextRange;

/// Score every prompt starts with for qa: with no other cue, a prompt is a plain question.
const QA_PRIOR: f32 = 0.8;
/// Weight of a question mark (once per prompt) for qa.
const QUESTION_WEIGHT: f32 = 0.6;
/// Score at which the evidence counts as fairly strong (strength = 1 - e^-1 ≈ 0.63).
const STRENGTH_SCALE: f32 = 4.0;
/// The first sentence of a part is considered to end at the latest here.
const HEAD_MAX: usize = 250;
/// Parts longer than this have a "middle" that is treated as pasted material.
const LONG_PART: usize = 2000;
/// How far (in bytes) after a request verb an artifact noun still counts as requested.
const REQUEST_REACH: usize = 60;
/// How far (in bytes) the topic zone after a requested artifact reaches at most.
const TOPIC_REACH: usize = 200;
/// Weight factor of another task's cue inside an artifact's topic zone.
const TOPIC_WEIGHT: f32 = 0.35;
/// Weight factor of an artifact noun with no request verb before it.
const UNREQUESTED_ARTIFACT: f32 = 0.4;
/// A first paragraph at most this long can be an instruction in front of pasted material.
const CONTEXT_INSTRUCTION_MAX: usize = 400;
/// Pasted material is at least this long.
const CONTEXT_MIN: usize = 300;
/// Weight factor of a cue inside pasted material.
const CONTEXT_WEIGHT: f32 = 0.3;
/// Most evidence items kept in a profile.
const MAX_EVIDENCE: usize = 12;

fn role_weight(role: Role) -> f32 {
    match role {
        Role::User => 1.0,
        Role::System => 0.6,
        Role::Assistant => 0.3,
    }
}

/// End of the first sentence: the first `.`/`!`/`?`/newline (or CJK stop) after a few words.
fn head_end(text: &str) -> usize {
    let start = text.len() - text.trim_start().len();
    let limit = (start + HEAD_MAX).min(text.len());
    for (i, c) in text[start..].char_indices() {
        let at = start + i;
        if at >= limit {
            break;
        }
        let stop = match c {
            '\n' | '!' | '?' | '。' | '？' | '！' => true,
            '.' => text[at + 1..].starts_with(char::is_whitespace) || at + 1 == text.len(),
            _ => false,
        };
        if stop && at - start >= 12 {
            return at + c.len_utf8();
        }
    }
    limit
}

/// Finds pasted material: a short first paragraph (the instruction) followed by a much longer
/// block (an article, a passage, notes), as in "Summarize this:\n\n<article>". The block runs to
/// the end, or to a short last paragraph that restates the request ("Answer in one sentence.").
/// A block that starts with a code fence is not treated as context: code is itself a signal.
fn pasted_context(text: &str) -> Option<TextRange> {
    let split = text.find("\n\n").or_else(|| text.find("\n\r\n"))?;
    let first = text[..split].trim();
    let rest = &text[split..];
    let rest_trimmed = rest.trim_start();
    if first.len() < 8 || first.len() > CONTEXT_INSTRUCTION_MAX || rest_trimmed.starts_with("```") {
        return None;
    }
    if rest.len() < CONTEXT_MIN.max(2 * first.len()) {
        return None;
    }
    let end = match text.rfind("\n\n") {
        Some(last) if last > split && text.len() - last < CONTEXT_INSTRUCTION_MAX => last,
        _ => text.len(),
    };
    Some(TextRange::new(split, end))
}

/// True when `gap` crosses a sentence end. A period counts only before whitespace, so decimals
/// ("$4.5"), versions and abbreviations inside a sentence do not end it.
fn ends_sentence(gap: &str) -> bool {
    gap.contains(['!', '?', '\n', ';', '。', '！', '？']) || gap.contains(". ")
}

fn position_weight(offset: usize, head: usize, len: usize, context: Option<TextRange>) -> f32 {
    if offset < head {
        2.0
    } else if context.is_some_and(|c| c.contains(offset)) {
        CONTEXT_WEIGHT
    } else if offset < 600 {
        1.2
    } else if len > LONG_PART && offset + 400 < len {
        0.5
    } else if len > 1000 && offset + 400 >= len {
        1.2
    } else {
        1.0
    }
}

/// Scores and candidate evidence collected over all parts.
struct Tally {
    scores: [f32; 10],
    cues: Vec<Cue>,
}

impl Tally {
    fn add(&mut self, task: Task, segment: usize, range: TextRange, text: &'static str, weight: f32) {
        if weight <= 0.0 {
            return;
        }
        self.scores[task.index()] += weight;
        self.cues.push(Cue { task, segment, range, text, weight });
    }
}

/// See [`super::classify`].
pub fn classify(segments: &[(Role, &str)]) -> Profile {
    let mut tally = Tally { scores: [0.0; 10], cues: Vec::new() };
    let mut seen = vec![0u8; cues::LEXICON.len()];
    let mut any_content = false;
    let mut question: Option<(usize, TextRange, f32)> = None;
    let mut strong_debug = false;
    let mut has_code = false;
    for (si, &(role, text)) in segments.iter().enumerate() {
        let holes = signals::placeholders(text);
        if !signals::has_content(text, &holes) {
            continue;
        }
        any_content = true;
        let context = pasted_context(text);
        let structure = signals::scan(text, &holes, context);
        has_code |= !structure.code_regions.is_empty() || structure.code_lines >= 2;
        let head = head_end(text);
        let role_w = role_weight(role);
        seen.fill(0);
        let mut hole = 0;
        let mut last_verb: Option<usize> = None;
        let mut last_question: Option<usize> = None;
        let mut number_words = 0usize;
        // After a requested artifact ("write a poem", "summarize", "write a function"), the rest
        // of the sentence is its topic: "a poem about prime numbers" is not a math problem.
        let mut topic: Option<(usize, Task)> = None;
        cues::for_each_hit(text, |hit| {
            // Hits and placeholders both come in text order, so one cursor finds the overlap.
            while holes.get(hole).is_some_and(|h| h.end <= hit.start) {
                hole += 1;
            }
            if holes.get(hole).is_some_and(|h| h.start < hit.end) {
                return;
            }
            let entry = MATCHER.entries[hit.entry];
            let requested = last_verb.is_some_and(|v| hit.start <= v + REQUEST_REACH);
            // A verb inside a question ("how to write a poem?", "tell me how many essays …") asks
            // about the thing, it does not request it.
            let asking =
                last_question.is_some_and(|q| hit.start <= q + REQUEST_REACH && !ends_sentence(&text[q..hit.start]));
            if entry.verb && !asking {
                last_verb = Some(hit.end);
            }
            if entry.quantity || entry.task == Some(Task::Qa) {
                last_question = Some(hit.end);
                last_verb = None;
            }
            if entry.numeral {
                number_words += 1;
            }
            if entry.breaker {
                topic = None;
            }
            let Some(task) = entry.task else { return };
            if task == Task::Debug && entry.weight >= 3.5 {
                strong_debug = true;
            }
            let repeat = seen[hit.entry];
            seen[hit.entry] = repeat.saturating_add(1);
            let damping = match repeat {
                0 => 1.0,
                1 => 0.5,
                2 => 0.25,
                _ => return,
            };
            let mut w = entry.weight * damping * role_w * position_weight(hit.start, head, text.len(), context);
            if let Some((from, artifact_task)) = topic {
                let gap = text.get(from..hit.start).unwrap_or("");
                if gap.len() > TOPIC_REACH || ends_sentence(gap) {
                    topic = None;
                } else if task != artifact_task
                    && !entry.artifact
                    && task != Task::Summarize
                    && !(artifact_task == Task::Dialogue && task == Task::Code)
                {
                    // A role to play sets a topic too ("act as a math teacher"), except that a
                    // program to simulate ("act as a Linux terminal") is a code task.
                    w *= TOPIC_WEIGHT;
                }
            }
            let opens_topic = (entry.artifact && requested)
                || (entry.weight >= 4.0 && matches!(task, Task::Summarize | Task::Code))
                || (entry.weight >= 3.5 && task == Task::Dialogue);
            if opens_topic {
                topic = Some((hit.end, task));
            }
            // "A song" counts fully in "write me a song", much less in "at the start of a song".
            // An artifact word that is itself a request verb ("Draft a reply") needs no verb.
            if entry.artifact && !requested && !entry.verb {
                w *= UNREQUESTED_ARTIFACT;
            }
            // "How many" is arithmetic only when there are numbers to work with.
            if entry.quantity && structure.numbers + number_words < 2 {
                w *= 0.4;
            }
            // Prose words inside a code block are identifiers and comments, not the request.
            if structure.in_code(hit.start) && !matches!(task, Task::Code | Task::Debug) {
                w *= 0.3;
            }
            // A system persona sets the scene; alone it should not make a prompt role-play.
            if role == Role::System && task == Task::Dialogue {
                w *= 0.5;
            }
            tally.add(task, si, TextRange::new(hit.start, hit.end), entry.name, w);
        });
        for s in &structure.signals {
            if matches!(s.label, "stack trace" | "error message") {
                strong_debug = true;
            }
            tally.add(s.task, si, s.range, s.label, s.weight * role_w);
        }
        if question.is_none()
            && let Some(q) = text.find(['?', '？'])
            && !structure.in_code(q)
        {
            question = Some((si, TextRange::new(q, q + text[q..].chars().next().map_or(1, char::len_utf8)), role_w));
        }
    }
    if !any_content {
        return Profile::unknown();
    }
    if let Some((si, range, role_w)) = question {
        tally.add(Task::Qa, si, range, "question", QUESTION_WEIGHT * role_w);
    }
    tally.scores[Task::Qa.index()] += QA_PRIOR;
    // A defect cue next to code makes the code part of a debugging request: the code is the
    // thing to fix, not the thing to write. An unambiguous cue ("bug", a stack trace) takes all
    // of the code evidence; a softer one ("error", "fix it") takes part of it.
    let debug = tally.scores[Task::Debug.index()];
    let code = tally.scores[Task::Code.index()];
    // Without code in the prompt, soft defect words ("fails", "error") may just be part of
    // general instructions, so they take less.
    let soft = if has_code { 1.0 } else { 0.5 };
    let share = if strong_debug {
        1.0
    } else if debug >= 1.5 {
        soft * (debug / 3.0).min(1.0)
    } else {
        0.0
    };
    tally.scores[Task::Debug.index()] += share * code;
    decide(tally)
}

fn decide(tally: Tally) -> Profile {
    let scores = tally.scores;
    let top = Task::ALL.into_iter().max_by(|a, b| scores[a.index()].total_cmp(&scores[b.index()]).then(b.cmp(a)));
    let task = top.unwrap_or(Task::Qa);
    let s1 = scores[task.index()];
    let kind = task.kind();
    // The best competitor that would change the answer: another kind, or plain qa.
    let rival = Task::ALL
        .into_iter()
        .filter(|t| *t != task && (t.kind() != kind || kind == Preference::Either))
        .map(|t| scores[t.index()])
        .fold(0.0f32, f32::max);
    let strength = 1.0 - (-s1 / STRENGTH_SCALE).exp();
    let margin = if s1 > 0.0 { ((s1 - rival) / s1).max(0.0) } else { 0.0 };
    let confidence = (strength * margin).clamp(0.0, 1.0);
    let secondary = Task::ALL
        .into_iter()
        .filter(|t| *t != task && *t != Task::Qa)
        .max_by(|a, b| scores[a.index()].total_cmp(&scores[b.index()]).then(b.cmp(a)))
        .filter(|t| scores[t.index()] >= 2.5 && scores[t.index()] >= 0.4 * s1);
    let mut evidence: Vec<Cue> =
        tally.cues.into_iter().filter(|c| c.task == task || Some(c.task) == secondary).collect();
    evidence.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    evidence.truncate(MAX_EVIDENCE);
    evidence.sort_by_key(|c| (c.segment, c.range.start));
    Profile { task, secondary, preferred: kind, confidence, evidence }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_ends_at_the_first_stop() {
        let text = "Write a poem about cats. Then explain it.";
        assert_eq!(&text[..head_end(text)], "Write a poem about cats.");
        assert_eq!(head_end("Hi. Fine."), "Hi. Fine.".len());
        let long = "a".repeat(1000);
        assert_eq!(head_end(&long), HEAD_MAX);
    }

    #[test]
    fn middle_of_a_long_part_counts_less() {
        assert!(position_weight(1500, 50, 5000, None) < position_weight(1500, 50, 1600, None));
        assert!(position_weight(10, 50, 5000, None) > position_weight(100, 50, 5000, None));
    }

    #[test]
    fn pasted_material_is_found() {
        let article = "The council met on Tuesday. ".repeat(30);
        let text = format!("Summarize this article.\n\n{article}");
        let c = pasted_context(&text).expect("context");
        assert_eq!(c.start, "Summarize this article.".len());
        assert_eq!(c.end, text.len());
        let text = format!("Read this.\n\n{article}\n\nHow many times did they meet?");
        let c = pasted_context(&text).expect("context");
        assert!(text[c.end..].contains("How many"));
        assert_eq!(pasted_context("Fix this:\n\n```\nfn main() {}\n```"), None);
        assert_eq!(pasted_context("One line only"), None);
    }
}
