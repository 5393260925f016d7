//! Reading a verification answer: findings as JSON `[{line, severity, message, suggestion}]`.
//!
//! Models wrap JSON in code fences, add prose before and after, write numbers as strings, invent
//! severities and point at lines that do not exist. The parser takes what it can: the first JSON
//! value in the answer (fenced or not), an array of findings or an object holding one, and reports
//! each entry it cannot use as a problem in words. It never panics. Lines are mapped from the sent
//! text (1-based) to document lines (0-based) by adding where the sent text starts.

use serde_json::Value;

/// How serious a verification finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingSeverity {
    Error,
    Warning,
    Info,
}

/// One problem the inference model found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// 0-based line in the document.
    pub line: usize,
    pub severity: FindingSeverity,
    pub message: String,
    /// The corrected text of the whole line, when the model offered one that differs from it.
    pub suggestion: Option<String>,
}

/// What came out of an answer: the usable findings, and why the others were left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub findings: Vec<Finding>,
    pub problems: Vec<String>,
}

/// Parses `answer`, a reply to a verification of `sent` (the text sent, whose first line is
/// document line `first_line`, 0-based).
pub fn parse(answer: &str, sent: &str, first_line: usize) -> Result<Parsed, String> {
    let Some(value) = first_json(answer) else {
        if says_nothing_found(answer) {
            return Ok(Parsed::default());
        }
        return Err(format!("the inference model did not answer with JSON findings; it said: {}", excerpt(answer)));
    };
    let items = match value {
        Value::Array(items) => items,
        Value::Object(ref map) => match ["findings", "issues", "problems", "errors"].iter().find_map(|k| map.get(*k)) {
            Some(Value::Array(items)) => items.clone(),
            _ if map.contains_key("message") || map.contains_key("line") => vec![value],
            _ => return Err("the inference model answered with a JSON object that holds no findings".to_owned()),
        },
        other => {
            return Err(format!(
                "the inference model answered with JSON that is not a list of findings: {}",
                excerpt(&other.to_string())
            ));
        }
    };
    let lines: Vec<&str> = sent.lines().collect();
    let mut parsed = Parsed::default();
    for (i, item) in items.iter().enumerate() {
        match finding(item, &lines, first_line) {
            Ok(f) => parsed.findings.push(f),
            Err(why) => parsed.problems.push(format!("finding {} left out: {why}", i + 1)),
        }
    }
    parsed.findings.sort_by_key(|f| f.line);
    Ok(parsed)
}

fn finding(item: &Value, lines: &[&str], first_line: usize) -> Result<Finding, String> {
    let Value::Object(map) = item else { return Err("it is not an object".to_owned()) };
    let message = ["message", "issue", "problem", "description"]
        .iter()
        .find_map(|k| map.get(*k).and_then(Value::as_str))
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .ok_or("it has no message")?
        .to_owned();
    let line = match map.get("line") {
        Some(Value::Number(n)) => n.as_u64().or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Some(Value::String(s)) => s.trim().split(['-', ',', ' ', ':']).next().and_then(|s| s.trim().parse().ok()),
        _ => None,
    }
    .ok_or_else(|| format!("it has no line number (\"{message}\")"))?;
    let count = lines.len().max(1);
    let index = usize::try_from(line).unwrap_or(usize::MAX);
    if index == 0 || index > count {
        return Err(format!("line {line} is outside the {count} lines sent (\"{message}\")"));
    }
    let severity = match map.get("severity").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
        Some("error" | "critical" | "high" | "major" | "bug") => FindingSeverity::Error,
        Some("info" | "information" | "low" | "minor" | "note" | "hint" | "suggestion" | "style") => {
            FindingSeverity::Info
        }
        _ => FindingSeverity::Warning,
    };
    let current = lines.get(index - 1).copied().unwrap_or("");
    let suggestion = map
        .get("suggestion")
        .and_then(Value::as_str)
        .map(|s| s.strip_prefix(&format!("{index}| ")).unwrap_or(s).trim_end_matches(['\n', '\r']).to_owned())
        .filter(|s| !s.trim().is_empty() && s != current);
    Ok(Finding { line: first_line + index - 1, severity, message, suggestion })
}

/// "No issues found." and the like, for models that ignore the `[]` instruction.
fn says_nothing_found(answer: &str) -> bool {
    let lower = answer.trim().to_ascii_lowercase();
    lower.is_empty()
        || ["no issues", "no problems", "no errors", "nothing wrong", "looks correct", "no findings"]
            .iter()
            .any(|p| lower.starts_with(p))
}

/// The first JSON object or array in `text`: inside a fenced (```` ``` ````) block if there is one, else the
/// first `[` or `{` that starts a complete value (whatever follows it).
pub fn first_json(text: &str) -> Option<Value> {
    let fenced = text.find("```").and_then(|open| {
        let after = &text[open + 3..];
        let body = &after[after.find('\n')? + 1..];
        body.find("```").map(|close| &body[..close])
    });
    for candidate in fenced.into_iter().chain(std::iter::once(text)) {
        for (i, _) in candidate.match_indices(['[', '{']) {
            let mut stream = serde_json::Deserializer::from_str(&candidate[i..]).into_iter::<Value>();
            if let Some(Ok(value @ (Value::Array(_) | Value::Object(_)))) = stream.next() {
                return Some(value);
            }
        }
    }
    None
}

/// The start of a model's answer for an error message, on one line.
pub fn excerpt(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return "(nothing)".to_owned();
    }
    let mut cut: String = flat.chars().take(120).collect();
    if cut.len() < flat.len() {
        cut.push('…');
    }
    format!("\"{cut}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENT: &str = "a = 1\nb = a + 1\nprint(c)\n";

    #[test]
    fn plain_array_maps_lines_to_the_document() {
        let answer = r#"[{"line": 3, "severity": "error", "message": "c is undefined", "suggestion": "print(b)"}]"#;
        let parsed = parse(answer, SENT, 10).expect("parses");
        assert_eq!(
            parsed.findings,
            vec![Finding {
                line: 12,
                severity: FindingSeverity::Error,
                message: "c is undefined".into(),
                suggestion: Some("print(b)".into())
            }]
        );
        assert!(parsed.problems.is_empty());
    }

    #[test]
    fn fences_prose_and_wrong_types_are_tolerated() {
        let answer = "Here are the findings:\n```json\n[{\"line\": \"2\", \"severity\": \"HIGH\", \"message\": \"off by one\", \"suggestion\": null},\n {\"line\": 1.0, \"issue\": \"style\", \"severity\": \"nit\", \"suggestion\": \"a = 1\"}]\n```\nHope this helps!";
        let parsed = parse(answer, SENT, 0).expect("parses");
        assert_eq!(parsed.findings.len(), 2);
        assert_eq!(parsed.findings[0].line, 0);
        assert_eq!(parsed.findings[0].severity, FindingSeverity::Warning);
        // A suggestion equal to the line is no suggestion.
        assert_eq!(parsed.findings[0].suggestion, None);
        assert_eq!(parsed.findings[1].severity, FindingSeverity::Error);
        let wrapped = parse(r#"{"findings": [{"line": 1, "message": "x"}]} trailing"#, SENT, 0).expect("parses");
        assert_eq!(wrapped.findings.len(), 1);
    }

    #[test]
    fn unusable_entries_are_reported_not_dropped_silently() {
        let answer = r#"[{"line": 9, "message": "far away"}, {"line": 1}, 7, {"message": "no line"}, {"line": 0, "message": "zero"}]"#;
        let parsed = parse(answer, SENT, 0).expect("parses");
        assert!(parsed.findings.is_empty());
        assert_eq!(
            parsed.problems,
            vec![
                "finding 1 left out: line 9 is outside the 3 lines sent (\"far away\")",
                "finding 2 left out: it has no message",
                "finding 3 left out: it is not an object",
                "finding 4 left out: it has no line number (\"no line\")",
                "finding 5 left out: line 0 is outside the 3 lines sent (\"zero\")",
            ]
        );
    }

    #[test]
    fn non_json_answers_are_clear_errors_or_empty() {
        assert_eq!(parse("No issues found.", SENT, 0), Ok(Parsed::default()));
        assert_eq!(parse("[]", SENT, 0), Ok(Parsed::default()));
        let err = parse("The code looks mostly fine but line 2 is odd", SENT, 0).unwrap_err();
        assert!(err.starts_with("the inference model did not answer with JSON findings; it said: \"The code"), "{err}");
        assert!(parse("\"just a string\"", SENT, 0).is_err());
        assert!(parse("{\"verdict\": \"ok\"}", SENT, 0).unwrap_err().contains("holds no findings"));
    }

    #[test]
    fn garbage_never_panics() {
        for answer in [
            "[",
            "{",
            "```json\n[",
            "[{\"line\": -1, \"message\": \"x\"}]",
            "[{\"line\": 1e40, \"message\": \"x\"}]",
            "\u{0}",
            "[{\"line\":\"\",\"message\":\"x\"}]",
        ] {
            let _ = parse(answer, SENT, 0);
            let _ = parse(answer, "", usize::MAX / 2);
        }
    }
}
