//! The task classifier: what is this prompt asking for, and which kind of model fits it?
//!
//! General-purpose models do best at creative work, role-play dialogue, prose writing and
//! summaries; inference (reasoning) models do best at math, logic, code, debugging and planning.
//! [`classify`] reads the role-tagged text of a prompt and returns a [`Profile`]: the task, an
//! optional secondary task, the preferred model kind, a confidence and the evidence (which words
//! and structures decided it), so a diagnostic can explain itself.
//!
//! The classifier is a transparent, hand-weighted cue model, not a trained one: one Aho-Corasick
//! pass over a lexicon of cues a human would agree with ([`cues`]), one line pass for structure
//! such as code fences, stack traces and arithmetic ([`signals`]), and a scoring step that weighs
//! each cue by where it sits ([`score`]). It is deterministic, allocation-light and never fails.

pub mod cues;
pub mod eval;
pub mod score;
pub mod signals;

use crate::analysis::extract::Role;
use crate::analysis::text::TextRange;

/// The confidence below which [`Profile::prediction`] answers [`Preference::Either`] by default.
///
/// Chosen from a sweep on the development set and the hand-written sets in `training/` (see
/// `training/README.md`): it is the lowest value that keeps false alarms on qa prompts at or
/// under 5% on the development set. It trades some missed mismatches for few false alarms,
/// because a linter that cries wolf gets switched off.
pub const DEFAULT_THRESHOLD: f32 = 0.3;

/// What a prompt asks the model to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Task {
    Creative,
    Dialogue,
    Writing,
    Summarize,
    Qa,
    Math,
    Logic,
    Code,
    Debug,
    Plan,
}

impl Task {
    /// Every task, in a stable order (the index order used by score arrays).
    pub const ALL: [Task; 10] = [
        Task::Creative,
        Task::Dialogue,
        Task::Writing,
        Task::Summarize,
        Task::Qa,
        Task::Math,
        Task::Logic,
        Task::Code,
        Task::Debug,
        Task::Plan,
    ];

    pub const fn index(self) -> usize {
        self as usize
    }

    pub const fn name(self) -> &'static str {
        match self {
            Task::Creative => "creative",
            Task::Dialogue => "dialogue",
            Task::Writing => "writing",
            Task::Summarize => "summarize",
            Task::Qa => "qa",
            Task::Math => "math",
            Task::Logic => "logic",
            Task::Code => "code",
            Task::Debug => "debug",
            Task::Plan => "plan",
        }
    }

    /// Parses a lowercase task name as used in the data files.
    pub fn from_name(name: &str) -> Option<Task> {
        Task::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The model kind that serves this task best.
    pub const fn kind(self) -> Preference {
        match self {
            Task::Creative | Task::Dialogue | Task::Writing | Task::Summarize => Preference::General,
            Task::Math | Task::Logic | Task::Code | Task::Debug | Task::Plan => Preference::Inference,
            Task::Qa => Preference::Either,
        }
    }
}

impl std::fmt::Display for Task {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Which kind of model a prompt should go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preference {
    General,
    Inference,
    Either,
}

impl Preference {
    pub const fn name(self) -> &'static str {
        match self {
            Preference::General => "general",
            Preference::Inference => "inference",
            Preference::Either => "either",
        }
    }

    pub fn from_name(name: &str) -> Option<Preference> {
        [Preference::General, Preference::Inference, Preference::Either].into_iter().find(|p| p.name() == name)
    }
}

/// One piece of evidence: a cue that was found and counted.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Cue {
    /// The task this cue speaks for.
    pub task: Task,
    /// Index of the segment in the input slice (always 0 for [`classify_text`]).
    pub segment: usize,
    /// Byte range of the cue **relative to the start of its segment's text**. Add the segment's
    /// own offset (e.g. `Segment::range.start`) to point into the file.
    pub range: TextRange,
    /// A readable name of the cue: the lexicon entry (`"how many"`) or a structure
    /// (`"code fence"`, `"arithmetic"`).
    pub text: &'static str,
    /// How much this cue added to its task's score, after position and role weighting.
    pub weight: f32,
}

/// What the classifier concluded about a prompt.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Profile {
    pub task: Task,
    /// A second task with substantial support, when the prompt mixes two ("write a poem, then
    /// prove that …").
    pub secondary: Option<Task>,
    /// The model kind that fits `task` (`Either` for qa).
    pub preferred: Preference,
    /// How sure the classifier is that the preferred kind is right, in `0.0..=1.0`.
    pub confidence: f32,
    /// The cues that supported `task` and `secondary`, in text order.
    pub evidence: Vec<Cue>,
}

impl Profile {
    /// The profile of a prompt that gives nothing to judge.
    pub fn unknown() -> Self {
        Profile {
            task: Task::Qa,
            secondary: None,
            preferred: Preference::Either,
            confidence: 0.0,
            evidence: Vec::new(),
        }
    }

    /// The preferred kind if the classifier is at least `threshold` confident, else `Either`.
    pub fn prediction(&self, threshold: f32) -> Preference {
        if self.confidence < threshold || self.task == Task::Qa { Preference::Either } else { self.preferred }
    }

    /// A one-line explanation for diagnostics: `task: math (cues: 'solve', 'how many', arithmetic)`,
    /// with `; also: creative (…)` when there is a secondary task.
    pub fn explain(&self) -> String {
        let part = |task: Task| {
            let cues: Vec<String> = self.cue_names(task).iter().take(4).map(|c| format!("'{c}'")).collect();
            if cues.is_empty() {
                task.name().to_owned()
            } else {
                format!("{} (cues: {})", task.name(), cues.join(", "))
            }
        };
        let mut out = format!("task: {}", part(self.task));
        if let Some(second) = self.secondary {
            out.push_str("; also: ");
            out.push_str(&part(second));
        }
        out
    }

    /// Cue names for one task, for messages such as "task: math (cues: 'solve', 'how many')".
    pub fn cue_names(&self, task: Task) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for cue in self.evidence.iter().filter(|c| c.task == task) {
            if !names.contains(&cue.text) {
                names.push(cue.text);
            }
        }
        names
    }
}

/// Classifies a prompt given as role-tagged parts (system, user, assistant), in order.
pub fn classify(segments: &[(Role, &str)]) -> Profile {
    score::classify(segments)
}

/// Classifies a prompt that is a single user message.
pub fn classify_text(text: &str) -> Profile {
    classify(&[(Role::User, text)])
}

#[cfg(test)]
mod tests;
