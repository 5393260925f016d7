//! What modelfit concluded about each prompt unit, for people rather than rules: the task
//! profile with cue ranges in file offsets, the instruction tokens, the model's effective kind and
//! whether it fits. The JSON output of `check`, hover on the prompt body and inlay hints all show
//! this one summary, so they cannot disagree with each other or with the model-fit rules (the
//! profile and the model come from the same [`Context`] the rules use).

use crate::analysis::classify::{Preference, Profile, Task};
use crate::analysis::extract::{Extraction, Origin, PromptUnit, Role};
use crate::analysis::fit::EffectiveKind;
use crate::analysis::format::PromptFormat;
use crate::analysis::rules::Context;
use crate::analysis::settings::Settings;
use crate::analysis::text::{LineIndex, TextRange};
use crate::analysis::tokens::{self, TokenCount};

/// Token counting stops past this many: enough for any real prompt, bounded for a pasted log.
pub const TOKEN_CAP: usize = 200_000;

/// A cue with its range in the analysed text.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedCue {
    pub task: Task,
    pub text: &'static str,
    pub range: TextRange,
}

/// The summary of one prompt unit.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitProfile {
    /// Index of the unit in [`Extraction::units`].
    pub unit: usize,
    /// Where the unit comes from: a prompt file, an SDK call, a prompt constant or an AI comment.
    pub origin: Origin,
    /// The whole unit in the file.
    pub range: TextRange,
    /// The unit's model references and parameter entries: a model may be named by a constant
    /// defined outside the unit's range, and findings about it still belong to the unit.
    pub parts: Vec<TextRange>,
    /// The model name as written (the first that resolves, else the first written), if any.
    pub model: Option<String>,
    /// The kind the model runs as; `None` when no model is named or it is not in the catalog.
    pub model_kind: Option<EffectiveKind>,
    pub profile: Profile,
    /// The profile's cues, placed in the file.
    pub cues: Vec<PlacedCue>,
    /// Tokens of the instruction text: every segment not spoken by the assistant.
    pub tokens: TokenCount,
    /// The unit has non-blank body text (an empty prompt has nothing to profile).
    pub has_text: bool,
    /// The kind the classifier commits to at the configured threshold.
    pub prediction: Preference,
}

impl UnitProfile {
    /// `Some(true)` when the model's kind is the predicted one, `Some(false)` when it is the
    /// other, `None` when either kind fits or the model's kind is unknown.
    pub fn fits(&self) -> Option<bool> {
        let kind = self.model_kind?;
        match self.prediction {
            Preference::Either => None,
            Preference::General => Some(kind == EffectiveKind::General),
            Preference::Inference => Some(kind == EffectiveKind::Inference),
        }
    }
}

/// The unit a finding at `range` is about (an index into `units`): the smallest unit that holds
/// the range, else the smallest one whose model reference or parameter does; `None` for a finding
/// outside every unit.
pub fn unit_of(units: &[UnitProfile], range: TextRange) -> Option<usize> {
    let holds = |outer: TextRange| outer.start <= range.start && range.end <= outer.end;
    let smallest = |found: &dyn Fn(&UnitProfile) -> bool| {
        units.iter().enumerate().filter(|(_, u)| found(u)).min_by_key(|(_, u)| u.range.len()).map(|(i, _)| i)
    };
    smallest(&|u| holds(u.range)).or_else(|| smallest(&|u| u.parts.iter().any(|&p| holds(p))))
}

/// Summarises every unit of `extraction` (the extraction of `text` read as `format`).
pub fn unit_profiles(
    text: &str,
    format: PromptFormat,
    extraction: &Extraction,
    settings: &Settings,
) -> Vec<UnitProfile> {
    unit_profiles_reusing(text, format, extraction, settings, None)
}

/// [`unit_profiles`], starting from the task profiles an analysis of the same text already
/// classified (`Analysis::profiles`), if any.
pub fn unit_profiles_reusing(
    text: &str,
    format: PromptFormat,
    extraction: &Extraction,
    settings: &Settings,
    classified: Option<Vec<Profile>>,
) -> Vec<UnitProfile> {
    if extraction.units.is_empty() {
        return Vec::new();
    }
    let lines = LineIndex::new(text);
    let mut cx = Context::new(text, format, &lines, extraction, settings.catalog(), &settings.options);
    if let Some(classified) = classified {
        cx = cx.with_profiles(classified);
    }
    extraction
        .units
        .iter()
        .enumerate()
        .map(|(index, unit)| summarise(&cx, index, unit, settings.options.confidence_threshold))
        .collect()
}

fn summarise(cx: &Context<'_>, index: usize, unit: &PromptUnit, threshold: f32) -> UnitProfile {
    let profile = cx.profile(index).clone();
    let cues = profile
        .evidence
        .iter()
        .filter_map(|cue| {
            let base = unit.segments.get(cue.segment)?.range.start;
            Some(PlacedCue {
                task: cue.task,
                text: cue.text,
                range: TextRange::new(base + cue.range.start, base + cue.range.end),
            })
        })
        .collect();
    let fit = cx.fit(unit);
    let model = match (&fit, cx.unit_model(unit)) {
        (Some(fit), _) => unit.models.get(fit.index).map(|m| m.name.clone()),
        (None, Some((i, _))) => unit.models.get(i).map(|m| m.name.clone()),
        (None, None) => None,
    };
    let instruction: Vec<&str> =
        unit.segments.iter().filter(|s| s.role != Role::Assistant).map(|s| &cx.text[s.range.as_range()]).collect();
    let info = fit.as_ref().map(|f| f.info);
    let tokens = tokens::count(&instruction.join("\n"), info, TOKEN_CAP);
    let has_text = unit.segments.iter().any(|s| !cx.text[s.range.as_range()].trim().is_empty());
    let parts = unit.models.iter().map(|m| m.range).chain(unit.params.iter().map(|p| p.entry_range)).collect();
    UnitProfile {
        unit: index,
        origin: unit.origin,
        range: unit.range,
        parts,
        model,
        model_kind: fit.map(|f| f.kind),
        prediction: if has_text { profile.prediction(threshold) } else { Preference::Either },
        profile,
        cues,
        tokens,
        has_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::extract::extract;

    fn profiles(path: &str, text: &str) -> Vec<UnitProfile> {
        let format = PromptFormat::from_path(path).expect("prompt path");
        unit_profiles(text, format, &extract(format, text), &Settings::default())
    }

    #[test]
    fn a_math_prompt_on_a_general_model_does_not_fit() {
        let text = "---\nmodel: gpt-4.1\n---\nSolve for x: 3x + 5 = 20. How many solutions are there?\n";
        let [p] = profiles("a.prompt.md", text).try_into().expect("one unit");
        assert_eq!(p.model.as_deref(), Some("gpt-4.1"));
        assert_eq!(p.model_kind, Some(EffectiveKind::General));
        assert_eq!(p.profile.task, Task::Math);
        assert_eq!(p.prediction, Preference::Inference);
        assert_eq!(p.fits(), Some(false));
        assert!(p.tokens.exact && !p.tokens.capped && p.tokens.tokens > 5, "{:?}", p.tokens);
        // Cue ranges point into the file, not into the segment.
        let cue = p.cues.iter().find(|c| c.text == "solve").expect("a 'solve' cue");
        assert_eq!(text[cue.range.as_range()].to_lowercase(), "solve");
    }

    #[test]
    fn unknown_models_and_empty_bodies() {
        let [p] = profiles("a.prompt.md", "---\nmodel: acme-9000\n---\nWrite a poem about autumn leaves.\n")
            .try_into()
            .expect("one unit");
        assert_eq!((p.model.as_deref(), p.model_kind, p.fits()), (Some("acme-9000"), None, None));
        assert!(!p.tokens.exact);
        let [p] = profiles("a.prompt.md", "---\nmodel: o3\n---\n\n").try_into().expect("one unit");
        assert!(!p.has_text);
        assert_eq!(p.prediction, Preference::Either);
    }

    #[test]
    fn units_carry_their_origin_and_findings_find_their_unit() {
        let code = "import openai\n\nMODEL = \"gpt-4o\"\nSYSTEM_PROMPT = \"You are terse.\"\n\n# AI: add retries\nclient = openai.OpenAI()\nclient.chat.completions.create(\n    model=MODEL,\n    messages=[{\"role\": \"user\", \"content\": \"Solve 3x + 5 = 20.\"}],\n)\n";
        let units = profiles("app.py", code);
        let origins: Vec<Origin> = units.iter().map(|u| u.origin).collect();
        assert_eq!(
            origins,
            [Origin::Constant, Origin::Comment(crate::analysis::extract::CommentIntent::Instruction), Origin::Call]
        );
        let at = |needle: &str| {
            let start = code.find(needle).expect("present");
            TextRange::new(start, start + needle.len())
        };
        assert_eq!(unit_of(&units, at("You are terse.")), Some(0));
        assert_eq!(unit_of(&units, at("add retries")), Some(1));
        assert_eq!(unit_of(&units, at("Solve 3x")), Some(2));
        // The model is named by a constant defined above the call: a finding on it is the call's.
        assert_eq!(unit_of(&units, at("gpt-4o")), Some(2));
        assert_eq!(unit_of(&units, at("import openai")), None);
        let [file] = profiles("a.prompt.md", "---\nmodel: o3\n---\nHi\n").try_into().expect("one unit");
        assert_eq!(file.origin, Origin::File);
    }

    #[test]
    fn assistant_turns_are_not_instruction_tokens() {
        let with = "---\nname: x\n---\nuser:\nHi\nassistant:\nA long answer with many many words in it.\n";
        let without = "---\nname: x\n---\nuser:\nHi\n";
        let a = &profiles("a.prompty", with)[0];
        let b = &profiles("a.prompty", without)[0];
        assert_eq!(a.tokens.tokens, b.tokens.tokens);
        assert_eq!(a.model, None);
    }
}
