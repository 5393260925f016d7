//! Evaluation of the classifier against labelled prompts: the numbers that say whether a mismatch
//! warning can be trusted.
//!
//! For each item the classifier predicts a kind P (general, inference or either) at a threshold.
//! *Mismatch precision* is the share of committed predictions (P ≠ either) that are right, where
//! a committed prediction on a qa item is always wrong (qa fits either kind, so a warning there is
//! a false alarm). *Mismatch recall* is the share of general and inference items whose kind was
//! predicted. Timing is the caller's business, so this stays pure; the caller fills in
//! `prompts_per_s`.

use super::{Preference, Task, classify_text};

/// One labelled prompt (the fields of a line of `prompts-dev.jsonl` that matter here; other
/// fields are ignored when deserialising).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Item {
    pub text: String,
    pub task: Task,
    pub kind: Preference,
}

/// The headline figures, in the shape `modelfit eval --json` prints.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Report {
    pub mismatch_precision: f64,
    pub mismatch_recall: f64,
    pub recall_general: f64,
    pub recall_inference: f64,
    pub either_flagged: f64,
    pub task_acc: f64,
    /// Measured by the caller around [`evaluate`]; zero until it is set.
    pub prompts_per_s: f64,
    pub n: usize,
    pub threshold: f32,
}

/// Figures plus the task confusion matrix (`confusion[true][predicted]`, in [`Task::ALL`] order).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Evaluation {
    pub report: Report,
    pub confusion: [[usize; 10]; 10],
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 { 0.0 } else { num as f64 / den as f64 }
}

/// Classifies every item and computes the figures at `threshold`.
pub fn evaluate(items: &[Item], threshold: f32) -> Evaluation {
    let mut confusion = [[0usize; 10]; 10];
    let (mut committed, mut committed_right) = (0, 0);
    let (mut general, mut general_right) = (0, 0);
    let (mut inference, mut inference_right) = (0, 0);
    let (mut qa, mut qa_flagged) = (0, 0);
    let mut task_right = 0;
    for item in items {
        let profile = classify_text(&item.text);
        let p = profile.prediction(threshold);
        confusion[item.task.index()][profile.task.index()] += 1;
        task_right += usize::from(profile.task == item.task);
        if p != Preference::Either {
            committed += 1;
            committed_right += usize::from(p == item.kind);
        }
        match item.kind {
            Preference::General => {
                general += 1;
                general_right += usize::from(p == Preference::General);
            }
            Preference::Inference => {
                inference += 1;
                inference_right += usize::from(p == Preference::Inference);
            }
            Preference::Either => {
                qa += 1;
                qa_flagged += usize::from(p != Preference::Either);
            }
        }
    }
    let report = Report {
        mismatch_precision: ratio(committed_right, committed),
        mismatch_recall: ratio(general_right + inference_right, general + inference),
        recall_general: ratio(general_right, general),
        recall_inference: ratio(inference_right, inference),
        either_flagged: ratio(qa_flagged, qa),
        task_acc: ratio(task_right, items.len()),
        prompts_per_s: 0.0,
        n: items.len(),
        threshold,
    };
    Evaluation { report, confusion }
}

/// The confusion matrix as a fixed-width table, rows = true task, columns = predicted task.
pub fn confusion_table(confusion: &[[usize; 10]; 10]) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("true\\pred ");
    for t in Task::ALL {
        let _ = write!(out, "{:>6}", &t.name()[..t.name().len().min(6)]);
    }
    out.push('\n');
    for t in Task::ALL {
        let _ = write!(out, "{:<10}", t.name());
        for n in confusion[t.index()] {
            let _ = write!(out, "{n:>6}");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str, task: Task) -> Item {
        Item { text: text.to_owned(), task, kind: task.kind() }
    }

    #[test]
    fn metrics_count_qa_commitments_as_false_alarms() {
        let items = vec![
            item("Write a haiku about the autumn rain and falling leaves.", Task::Creative),
            item("Solve the equation 3x + 5 = 20. How many solutions are there?", Task::Math),
            // A qa item the classifier commits on is a false alarm.
            item("Write a poem about the moon.", Task::Qa),
            item("Who was the first emperor of Rome?", Task::Qa),
        ];
        let e = evaluate(&items, 0.3);
        let r = &e.report;
        assert_eq!(r.n, 4);
        assert!((r.mismatch_precision - 2.0 / 3.0).abs() < 1e-9, "{r:?}");
        assert!((r.mismatch_recall - 1.0).abs() < 1e-9);
        assert!((r.either_flagged - 0.5).abs() < 1e-9);
        assert!((r.task_acc - 0.75).abs() < 1e-9);
        assert_eq!(e.confusion[Task::Qa.index()][Task::Creative.index()], 1);
        assert!(confusion_table(&e.confusion).starts_with("true\\pred"));
    }

    #[test]
    fn empty_input_gives_zero_figures() {
        let r = evaluate(&[], 0.3).report;
        assert_eq!(r.n, 0);
        assert!(r.mismatch_precision.abs() < f64::EPSILON);
    }
}
