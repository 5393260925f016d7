//! The requests modelfit sends, written for the kind of model that receives them.
//!
//! - The **general model** drafts. It gets a clear, structured request (research/reasoning-models.md,
//!   "general-purpose models follow explicit instructions"): a role, the instruction, the document
//!   around the spot as context, and an exact output contract (the text to insert, nothing else).
//! - The **inference model** verifies and judges. It gets a short, direct, goal-focused request in a
//!   single user message: no "think step by step", no persona, no examples (OpenAI, Anthropic and
//!   DeepSeek all advise that reasoning models do better with the goal and the output format only;
//!   DeepSeek-R1 also asks for no system prompt).
//!
//! Everything here is text in, text out; the workflow in `crate::assist` sends it.

use std::fmt::Write as _;

/// Who speaks a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    System,
    User,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptMessage {
    pub speaker: Speaker,
    pub content: String,
}

impl PromptMessage {
    fn system(content: String) -> Self {
        Self { speaker: Speaker::System, content }
    }
    fn user(content: String) -> Self {
        Self { speaker: Speaker::User, content }
    }
}

/// Where the work happens: the document split around the selection.
#[derive(Debug, Clone, Copy)]
pub struct Spot<'a> {
    /// File name shown to the model (no directories: they say nothing and may say too much).
    pub file_name: &'a str,
    pub before: &'a str,
    pub selection: &'a str,
    pub after: &'a str,
}

/// Where a draft goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftPlacement {
    /// Below the selection, which stays.
    Insert,
    /// Instead of the selection.
    Replace,
}

/// How much of the document around the selection goes along as context (bytes, cut at lines).
pub const CONTEXT_BEFORE: usize = 6_000;
pub const CONTEXT_AFTER: usize = 3_000;

const SELECTION_OPEN: &str = "<<<SELECTION>>>";
const SELECTION_CLOSE: &str = "<<<END SELECTION>>>";

/// The last `limit` bytes of `text`, starting at a line start.
pub fn tail_lines(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut from = text.len() - limit;
    while !text.is_char_boundary(from) {
        from += 1;
    }
    match text[from..].find('\n') {
        Some(nl) => &text[from + nl + 1..],
        None => &text[from..],
    }
}

/// The first `limit` bytes of `text`, ending at a line end.
pub fn head_lines(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut to = limit;
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    match text[..to].rfind('\n') {
        Some(nl) => &text[..=nl],
        None => &text[..to],
    }
}

fn document_block(spot: &Spot<'_>) -> String {
    let mut out = String::new();
    let before = tail_lines(spot.before, CONTEXT_BEFORE);
    let after = head_lines(spot.after, CONTEXT_AFTER);
    let _ = write!(
        out,
        "File: {}\n```\n{before}{SELECTION_OPEN}{}{SELECTION_CLOSE}{after}",
        spot.file_name, spot.selection
    );
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("```\n");
    out
}

/// A drafting request for the general model.
///
/// Without `instruction`, the selection *is* the instruction (an AI comment, a note such as "write
/// a retry loop with backoff"). With one, the selection is the material the instruction works on.
pub fn draft(spot: &Spot<'_>, instruction: Option<&str>, placement: DraftPlacement) -> Vec<PromptMessage> {
    let system = "You are a precise writing and programming assistant working inside the user's editor. \
                  You write exactly the text that is asked for, in the language, style, indentation and \
                  conventions of the surrounding document. You answer with that text only: no explanation, \
                  no preamble, no Markdown code fences around it.";
    let mut user = String::new();
    user.push_str("## Task\n");
    match instruction.map(str::trim).filter(|i| !i.is_empty()) {
        Some(instruction) => {
            let _ = writeln!(user, "{instruction}\n");
            user.push_str("Apply it to the text between the selection markers in the document below.\n");
        }
        None => {
            user.push_str(
                "The text between the selection markers in the document below is the instruction \
                 (a request, a note or a comment addressed to you). Carry it out.\n",
            );
        }
    }
    user.push_str("\n## Document\n");
    user.push_str(&document_block(spot));
    user.push_str("\n## Output\n");
    user.push_str(match placement {
        DraftPlacement::Insert => {
            "Write only the new text that goes directly after the selection. Do not repeat the selection \
             or anything else already in the document.\n"
        }
        DraftPlacement::Replace => {
            "Write only the text that replaces the selection, complete, ready to stand in its place. Do \
             not repeat the document around it.\n"
        }
    });
    vec![PromptMessage::system(system.to_owned()), PromptMessage::user(user)]
}

/// `text` with each line prefixed by its 1-based number, so findings can point at lines.
pub fn number_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.lines().enumerate() {
        let _ = writeln!(out, "{}| {line}", i + 1);
    }
    out
}

/// The JSON contract of a verification answer, shared by `verify` and the findings parser.
pub const FINDINGS_FORMAT: &str = "Answer with a JSON array only, no other text: \
[{\"line\": <line number>, \"severity\": \"error\" | \"warning\" | \"info\", \"message\": \"<the problem, one sentence>\", \
\"suggestion\": \"<the corrected full text of that line, or null>\"}]. \
Answer [] if you find no problem.";

/// A verification request for the inference model: goal, text, output format. Nothing else.
pub fn verify(file_name: &str, text: &str, goal: Option<&str>) -> Vec<PromptMessage> {
    let mut user = String::new();
    let _ = writeln!(
        user,
        "Find the real errors in this text from {file_name}: bugs, wrong facts, logic errors, contradictions, \
         and anything that fails its purpose. Ignore matters of taste."
    );
    if let Some(goal) = goal.map(str::trim).filter(|g| !g.is_empty()) {
        let _ = writeln!(user, "Its purpose: {goal}");
    }
    let _ = write!(user, "\n{}\n{FINDINGS_FORMAT}\n", number_lines(text));
    vec![PromptMessage::user(user)]
}

/// The judging request of "Draft, then verify": the inference model picks the best draft.
pub fn pick(spot: &Spot<'_>, instruction: Option<&str>, drafts: &[String]) -> Vec<PromptMessage> {
    let mut user = String::new();
    let goal = instruction.map(str::trim).filter(|i| !i.is_empty()).unwrap_or(spot.selection.trim());
    let _ = writeln!(user, "Goal: {goal}\n");
    let _ = writeln!(user, "Context: {}\n", spot.file_name);
    user.push_str(&document_block(spot));
    let _ = writeln!(user, "\nCandidates for the text at the selection ({}):", drafts.len());
    for (i, d) in drafts.iter().enumerate() {
        let _ = writeln!(user, "\n### Candidate {}\n{}", i + 1, d.trim_end());
    }
    user.push_str(
        "\nPick the candidate that best achieves the goal and is correct. \
         Answer with JSON only: {\"choice\": <candidate number>, \"reason\": \"<one or two sentences>\"}\n",
    );
    vec![PromptMessage::user(user)]
}

/// The correction step of "Draft, verify, polish": the general model fixes what verification found.
pub fn correct(spot: &Spot<'_>, draft: &str, problems: &[String]) -> Vec<PromptMessage> {
    let system = "You are a precise editor. You fix exactly the problems you are given and change nothing \
                  else. You answer with the corrected text only, without code fences or explanation.";
    let mut user = String::from("## Text to correct\n```\n");
    user.push_str(draft.trim_end());
    user.push_str("\n```\n\n## Problems found by a reviewer\n");
    for p in problems {
        let _ = writeln!(user, "- {p}");
    }
    let _ = write!(user, "\n## Where the text goes\n{}", document_block(spot));
    user.push_str("\n## Output\nThe corrected text only.\n");
    vec![PromptMessage::system(system.to_owned()), PromptMessage::user(user)]
}

/// The final style pass of "Draft, verify, polish".
pub fn polish(spot: &Spot<'_>, draft: &str) -> Vec<PromptMessage> {
    let system = "You are a careful copy editor. You improve clarity, consistency and style to match the \
                  surrounding document, without changing meaning or behaviour. You answer with the final \
                  text only, without code fences or explanation.";
    let mut user = String::from("## Text to polish\n```\n");
    user.push_str(draft.trim_end());
    let _ = write!(user, "\n```\n\n## Where the text goes\n{}", document_block(spot));
    user.push_str("\n## Output\nThe polished text only.\n");
    vec![PromptMessage::system(system.to_owned()), PromptMessage::user(user)]
}

/// The draft text of an answer: one surrounding Markdown code fence removed (models add them
/// despite being asked not to), and the selection markers, should the model echo them.
pub fn clean_draft(answer: &str) -> String {
    let trimmed = answer.trim_matches(|c| c == '\n' || c == '\r');
    let inner = strip_fence(trimmed).unwrap_or(trimmed);
    inner.replace(SELECTION_OPEN, "").replace(SELECTION_CLOSE, "")
}

/// The body of a text that is one fenced block (```` ```lang\n...\n``` ````), possibly with prose
/// around it; `None` when there is no complete fence.
fn strip_fence(text: &str) -> Option<&str> {
    let open = text.find("```")?;
    let after_open = &text[open + 3..];
    let body_start = after_open.find('\n')? + 1;
    let body = &after_open[body_start..];
    let close = body.rfind("```")?;
    let inner = &body[..close];
    // Only a fence around the whole answer (or with prose before it) is unwrapped: a fence inside
    // a Markdown draft that is meant to be there stays.
    let prose_before = text[..open].trim();
    let prose_after = body[close + 3..].trim();
    if prose_after.is_empty() && (prose_before.is_empty() || prose_before.ends_with(':')) {
        Some(inner.strip_suffix('\n').map_or(inner, |s| s.strip_suffix('\r').unwrap_or(s)))
    } else {
        None
    }
}

/// The inference model's choice among `count` drafts: (0-based index, reason).
pub fn parse_pick(answer: &str, count: usize) -> Result<(usize, String), String> {
    let value = super::findings::first_json(answer).ok_or_else(|| {
        format!(
            "the inference model did not answer with a choice in JSON (it said: {})",
            super::findings::excerpt(answer)
        )
    })?;
    let choice = match value.get("choice") {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(serde_json::Value::String(s)) => s.trim().trim_start_matches(['#', ' ']).parse().ok(),
        _ => None,
    }
    .ok_or_else(|| "the inference model's answer has no `choice` number".to_owned())?;
    let index = usize::try_from(choice).unwrap_or(usize::MAX);
    if index == 0 || index > count {
        return Err(format!("the inference model chose candidate {choice}, but there were only {count}"));
    }
    let reason = value.get("reason").and_then(serde_json::Value::as_str).unwrap_or("no reason given").trim().to_owned();
    Ok((index - 1, reason))
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    fn spot() -> Spot<'static> {
        Spot {
            file_name: "retry.py",
            before: "import time\n\n",
            selection: "# AI: retry with backoff\n",
            after: "\nmain()\n",
        }
    }

    #[test]
    fn draft_request_is_structured_and_states_the_output_contract() {
        let messages = draft(&spot(), None, DraftPlacement::Insert);
        assert_eq!(messages[0].speaker, Speaker::System);
        expect![[r#"
            ## Task
            The text between the selection markers in the document below is the instruction (a request, a note or a comment addressed to you). Carry it out.

            ## Document
            File: retry.py
            ```
            import time

            <<<SELECTION>>># AI: retry with backoff
            <<<END SELECTION>>>
            main()
            ```

            ## Output
            Write only the new text that goes directly after the selection. Do not repeat the selection or anything else already in the document.
        "#]]
        .assert_eq(&messages[1].content);
        let replace = draft(&spot(), Some("Make it async"), DraftPlacement::Replace);
        assert!(replace[1].content.starts_with("## Task\nMake it async\n\nApply it to the text"));
        assert!(replace[1].content.contains("replaces the selection"));
    }

    #[test]
    fn verify_request_is_one_short_user_message_without_scaffolding() {
        let messages = verify("notes.md", "2 + 2 = 5\nok\n", Some("arithmetic facts"));
        assert_eq!(messages.len(), 1);
        assert_eq!(messages[0].speaker, Speaker::User);
        let text = &messages[0].content;
        assert!(text.contains("1| 2 + 2 = 5\n2| ok\n"));
        assert!(text.contains("Its purpose: arithmetic facts"));
        assert!(text.contains("\"suggestion\""));
        let lower = text.to_lowercase();
        for scaffolding in ["step by step", "think", "you are", "reasoning"] {
            assert!(!lower.contains(scaffolding), "verify request contains `{scaffolding}`");
        }
        assert!(text.len() < 800, "the verify request stays short: {}", text.len());
    }

    #[test]
    fn context_is_cut_at_line_boundaries() {
        let long = "line\n".repeat(5_000);
        let tail = tail_lines(&long, 100);
        assert!(tail.len() <= 100 && tail.starts_with("line\n"));
        let head = head_lines(&long, 100);
        assert!(head.len() <= 100 && head.ends_with("line\n"));
        assert_eq!(tail_lines("ab", 100), "ab");
        assert_eq!(tail_lines("éééé", 3), "é");
    }

    #[test]
    fn fences_around_the_answer_are_removed_but_inner_ones_stay() {
        assert_eq!(clean_draft("```python\nfor i in range(3):\n    pass\n```\n"), "for i in range(3):\n    pass");
        assert_eq!(clean_draft("Here it is:\n```\nx = 1\n```"), "x = 1");
        assert_eq!(clean_draft("plain text\n"), "plain text");
        let markdown = "Intro\n```sh\nls\n```\nOutro";
        assert_eq!(clean_draft(markdown), markdown);
        assert_eq!(clean_draft("```\nunclosed"), "```\nunclosed");
    }

    #[test]
    fn picks_are_parsed_tolerantly() {
        assert_eq!(parse_pick("{\"choice\": 2, \"reason\": \"shorter\"}", 3), Ok((1, "shorter".to_owned())));
        assert_eq!(parse_pick("I pick:\n```json\n{\"choice\": \"1\"}\n```", 3), Ok((0, "no reason given".to_owned())));
        assert!(parse_pick("{\"choice\": 4}", 3).unwrap_err().contains("only 3"));
        assert!(parse_pick("the second one", 3).unwrap_err().contains("did not answer"));
        assert!(parse_pick("{\"pick\": 1}", 3).unwrap_err().contains("no `choice`"));
    }
}
