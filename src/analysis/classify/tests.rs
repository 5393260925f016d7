//! The hard cases from the issue, plus one plain case per task and per language.

use super::*;

fn task_of(text: &str) -> Task {
    classify_text(text).task
}

fn pred(text: &str) -> Preference {
    classify_text(text).prediction(DEFAULT_THRESHOLD)
}

#[test]
fn plain_requests_get_their_task() {
    let cases = [
        ("Write a short story about a lighthouse keeper who finds a message in a bottle.", Task::Creative),
        ("I want you to act as a customer at a bakery. Stay in character and ask me questions.", Task::Dialogue),
        ("Write a cover letter for a junior accountant position at a logistics company.", Task::Writing),
        ("Summarize the following meeting notes in three bullet points.", Task::Summarize),
        ("Who was the first woman to win a Nobel Prize?", Task::Qa),
        ("A train travels 120 km in 1.5 hours. How many km does it travel in 4 hours?", Task::Math),
        ("Three friends each tell one lie and one truth. Who is the liar? Solve this logic puzzle.", Task::Logic),
        ("Write a Python function that returns the n-th Fibonacci number.", Task::Code),
        ("My code crashes with a TypeError. Find the bug and fix it.", Task::Debug),
        ("Plan a 5-day itinerary for Kyoto with a budget of 800 euros.", Task::Plan),
    ];
    for (text, want) in cases {
        let p = classify_text(text);
        assert_eq!(p.task, want, "{text}: {p:?}");
    }
}

#[test]
fn poem_about_mathematics_is_creative() {
    let p =
        classify_text("Write a poem about mathematics: the beauty of prime numbers and the equations of the stars.");
    assert_eq!(p.task, Task::Creative, "{p:?}");
    assert_ne!(p.prediction(DEFAULT_THRESHOLD), Preference::Inference);
}

#[test]
fn math_teacher_role_play_is_not_confident_math() {
    let text = "I want you to act as a math teacher. I will provide some mathematical equations or concepts, \
                and it will be your job to explain them in easy-to-understand terms.";
    let p = classify_text(text);
    assert!(p.task == Task::Dialogue || p.prediction(DEFAULT_THRESHOLD) == Preference::Either, "{p:?}");
    assert_ne!(p.prediction(DEFAULT_THRESHOLD), Preference::Inference, "{p:?}");
}

#[test]
fn code_quoted_in_a_creative_prompt_stays_creative() {
    let text = "Write a funny poem in the voice of this function, as if it were a tired old sailor:\n\n\
                ```python\ndef add(a, b):\n    return a + b\n```\n";
    let p = classify_text(text);
    assert_eq!(p.task, Task::Creative, "{p:?}");
}

#[test]
fn summary_with_numbers_is_summarize() {
    let text = "Summarize this report: revenue rose 12% to $4.5 million in 2023, costs fell 3%, \
                headcount grew from 120 to 150, and 7 of 9 regions beat their targets.";
    let p = classify_text(text);
    assert_eq!(p.task, Task::Summarize, "{p:?}");
    assert_eq!(p.prediction(DEFAULT_THRESHOLD), Preference::General, "{p:?}");
}

#[test]
fn chinese_spanish_french_german_cues() {
    assert_eq!(task_of("请写一首关于秋天的诗"), Task::Creative);
    assert_eq!(task_of("请总结下面这篇文章的要点"), Task::Summarize);
    assert_eq!(task_of("用Python写一个函数，计算列表的平均值，并给出代码"), Task::Code);
    assert_eq!(task_of("小明有5个苹果，又买了3个，他现在有多少个苹果？"), Task::Math);
    assert_eq!(task_of("Escribe un poema sobre el mar y la luna."), Task::Creative);
    assert_eq!(task_of("Resuelve la ecuación 2x + 3 = 11. ¿Cuántas soluciones tiene?"), Task::Math);
    assert_eq!(task_of("Actúa como un guía turístico en Madrid y conversa conmigo."), Task::Dialogue);
    assert_eq!(task_of("Écris un poème sur la pluie d'automne."), Task::Creative);
    assert_eq!(task_of("Résume cet article en trois phrases."), Task::Summarize);
    assert_eq!(task_of("Planifie un itinéraire de cinq jours en Provence."), Task::Plan);
    assert_eq!(task_of("Schreibe ein Gedicht über den Winter."), Task::Creative);
    assert_eq!(task_of("Berechne die Fläche eines Kreises mit Radius 3. Wie viele Quadratmeter sind das?"), Task::Math);
    assert_eq!(task_of("Mein Programm stürzt ab. Finde den Fehler im Code und behebe ihn."), Task::Debug);
}

#[test]
fn text_without_cues_in_another_language_is_quiet() {
    let p = classify_text("Расскажи мне что-нибудь интересное о сегодняшнем дне.");
    assert_eq!(p.prediction(DEFAULT_THRESHOLD), Preference::Either, "{p:?}");
}

#[test]
fn long_agent_instructions_are_quiet_or_plausible() {
    let rules = [
        "You are a coding agent working in this repository. Follow these rules.",
        "- Keep functions small and run the unit tests before committing.",
        "- Write clear commit messages and summarize your changes in the pull request description.",
        "- When a build fails, read the error output before changing code.",
        "- Ask the user before deleting files. Be concise and friendly in your replies.",
        "- Prefer the existing style; do not reformat unrelated code.",
        "- Plan larger changes first and explain the plan in a short note.",
        "- Document public APIs with examples.",
    ];
    let mut text = String::from("# Repository guidelines\n\n");
    for _ in 0..6 {
        for rule in rules {
            text.push_str(rule);
            text.push('\n');
        }
    }
    let p = classify_text(&text);
    let pred = p.prediction(DEFAULT_THRESHOLD);
    assert!(pred == Preference::Either || p.task == Task::Code, "{p:?}");
}

#[test]
fn mixed_creative_and_logic_sets_a_secondary_task() {
    let p = classify_text(
        "Write a short poem about autumn, then prove that the square root of 2 is irrational \
         using a proof by contradiction.",
    );
    assert!(matches!(p.task, Task::Creative | Task::Math), "{p:?}");
    assert!(p.secondary.is_some(), "{p:?}");
    assert_ne!(p.secondary, Some(p.task));
}

#[test]
fn empty_and_placeholder_only_text_is_unknown() {
    for text in ["", "   \n\t", "{{input}}", "${input:topic} {{ context }}\n{question}"] {
        let p = classify_text(text);
        assert_eq!(p.preferred, Preference::Either, "{text:?}");
        assert!(p.confidence.abs() < f32::EPSILON, "{text:?}");
        assert!(p.evidence.is_empty());
    }
}

#[test]
fn placeholders_do_not_count_as_cues() {
    let p = classify_text("Please help me with {{poem}} and ${input:story}");
    assert!(p.evidence.iter().all(|c| c.text != "poem" && c.text != "story"), "{p:?}");
}

#[test]
fn a_20_kb_single_line_is_handled() {
    let line = "the quick brown fox jumps over the lazy dog and ".repeat(420);
    assert!(line.len() > 20_000);
    let start = std::time::Instant::now();
    let p = classify_text(&line);
    assert!(start.elapsed().as_millis() < 200, "took {:?}", start.elapsed());
    assert_eq!(p.prediction(DEFAULT_THRESHOLD), Preference::Either);
    let numbers = "1 + 2 = 3, ".repeat(2000);
    let _ = classify_text(&numbers);
}

#[test]
fn system_persona_alone_does_not_decide() {
    let p = classify(&[
        (Role::System, "You are a friendly pirate assistant. Always talk like a pirate."),
        (Role::User, "Write a Python function that parses a CSV file and returns the rows as dicts."),
    ]);
    assert_eq!(p.task, Task::Code, "{p:?}");
    assert_eq!(p.prediction(DEFAULT_THRESHOLD), Preference::Inference);
}

#[test]
fn evidence_points_at_the_cues() {
    let text = "Solve for x: 3x + 4 = 19. How many solutions are there?";
    let p = classify_text(text);
    assert_eq!(p.task, Task::Math);
    let names = p.cue_names(Task::Math);
    assert!(names.contains(&"solve") && names.contains(&"how many"), "{names:?}");
    for cue in &p.evidence {
        assert!(text.get(cue.range.as_range()).is_some(), "{cue:?}");
    }
    assert_eq!(&text[p.evidence[0].range.as_range()], "Solve");
    assert!(p.explain().starts_with("task: math (cues: 'solve'"), "{}", p.explain());
}

#[test]
fn evidence_ranges_are_per_segment() {
    let segments = [(Role::System, "You are a helpful assistant."), (Role::User, "Please summarize this memo.")];
    let p = classify(&segments);
    assert_eq!(p.task, Task::Summarize);
    let cue = p.evidence.iter().find(|c| c.task == Task::Summarize).expect("a summarize cue");
    assert_eq!(cue.segment, 1);
    assert_eq!(&segments[1].1[cue.range.as_range()], "summarize");
}

#[test]
fn competition_math_and_issue_reports() {
    assert_eq!(task_of("Let $f(x) = x^2 + 3x$. Find $f(2)$. Express your answer as a common fraction."), Task::Math);
    let issue = "Calling parse() on an empty file raises ValueError.\n\nSteps to reproduce:\n1. create empty.txt\n\
                 2. run the parser\n\nExpected behavior: an empty result.";
    assert_eq!(task_of(issue), Task::Debug);
    assert_eq!(task_of("[WP] You wake up and everyone else has vanished."), Task::Creative);
}

#[test]
fn stack_traces_and_fences_point_to_debug() {
    let text = "Why does this fail?\n\n```\nTraceback (most recent call last):\n  File \"app.py\", line 12, in <module>\n    main()\nKeyError: 'user'\n```";
    assert_eq!(task_of(text), Task::Debug);
    assert_eq!(pred(text), Preference::Inference);
}

#[test]
fn explaining_code_is_a_question() {
    let p = classify_text("Explain what this code does:\n\n```python\nprint(sum(range(10)))\n```");
    assert_eq!(p.prediction(DEFAULT_THRESHOLD), Preference::Either, "{p:?}");
}
