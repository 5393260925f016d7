//! Which kind of model a prompt unit effectively runs on.
//!
//! General and inference models are what they are. A hybrid model (Claude 3.7 and 4.x, Gemini
//! 2.5 Flash, gpt-5.1 and later, Qwen3) reasons only when the request turns reasoning on: Claude
//! `thinking`, OpenAI `reasoning_effort`, Gemini `thinkingBudget`/`thinkingLevel`, Qwen
//! `enable_thinking` or a `/think` switch in the prompt text. Model-fit rules judge a hybrid model
//! by that switch, and by the model's default when the request says nothing.

use crate::analysis::catalog::{ModelInfo, ModelKind};
use crate::analysis::extract::{ParamKind, ParamValue, PromptUnit};

/// The two kinds a prompt can be judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EffectiveKind {
    General,
    Inference,
}

impl EffectiveKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::General => "general",
            Self::Inference => "inference",
        }
    }
}

/// The model a unit runs on, and how it runs.
#[derive(Debug, Clone, Copy)]
pub struct UnitModel<'a> {
    /// Index of the chosen name in the unit's model references.
    pub index: usize,
    pub info: &'a ModelInfo,
    pub kind: EffectiveKind,
    /// What the request says about reasoning: `Some(true)` on, `Some(false)` off, `None` silent.
    pub reasoning: Option<bool>,
}

impl<'a> UnitModel<'a> {
    pub fn new(index: usize, info: &'a ModelInfo, unit: &PromptUnit, text: &str) -> Self {
        let reasoning = reasoning_requested(unit, text);
        let reasons = match info.kind {
            ModelKind::General => false,
            ModelKind::Inference => true,
            ModelKind::Hybrid => reasoning.unwrap_or(info.reasons_by_default),
        };
        let kind = if reasons { EffectiveKind::Inference } else { EffectiveKind::General };
        Self { index, info, kind, reasoning }
    }
}

/// Whether the request turns reasoning on (`Some(true)`), off (`Some(false)`), or does not say.
/// The last word wins when several switches are present.
pub fn reasoning_requested(unit: &PromptUnit, text: &str) -> Option<bool> {
    let mut said = None;
    for p in &unit.params {
        let this = match (p.kind, &p.value) {
            (ParamKind::Thinking, ParamValue::String(s)) => match s.to_ascii_lowercase().as_str() {
                "enabled" | "adaptive" => Some(true),
                "disabled" => Some(false),
                _ => None,
            },
            (ParamKind::Thinking, ParamValue::Bool(b)) => Some(*b),
            // -1 is Gemini's "dynamic": it reasons as much as it sees fit.
            (ParamKind::ThinkingBudget, ParamValue::Number(n)) => Some(*n != 0.0),
            (ParamKind::ThinkingLevel, ParamValue::String(_)) => Some(true),
            (ParamKind::ReasoningEffort, ParamValue::String(s)) => Some(!s.eq_ignore_ascii_case("none")),
            _ => None,
        };
        said = this.or(said);
    }
    // Qwen3's soft switches in the prompt itself: `/think` and `/no_think`, the last one wins.
    for segment in &unit.segments {
        let body = &text[segment.range.as_range()];
        let think = body.rfind("/think");
        let no_think = body.rfind("/no_think");
        match (think, no_think) {
            (Some(t), Some(n)) => said = Some(t > n),
            (Some(_), None) => said = Some(true),
            (None, Some(_)) => said = Some(false),
            (None, None) => {}
        }
    }
    said
}

/// Extended thinking in the Anthropic sense: `thinking.type` enabled or adaptive (or
/// `enable_thinking: true`), or a positive budget. Rejections that apply "while thinking" use this.
pub fn thinking_enabled(unit: &PromptUnit) -> bool {
    unit.params.iter().any(|p| match (p.kind, &p.value) {
        (ParamKind::Thinking, ParamValue::String(s)) => matches!(s.as_str(), "enabled" | "adaptive"),
        (ParamKind::Thinking, ParamValue::Bool(b)) => *b,
        (ParamKind::ThinkingBudget, ParamValue::Number(n)) => *n > 0.0,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::catalog::{Catalog, Target};
    use crate::analysis::extract::extract;
    use crate::analysis::format::PromptFormat;

    fn kind_of(path: &str, text: &str) -> EffectiveKind {
        let e = extract(PromptFormat::from_path(path).expect("prompt path"), text);
        let unit = &e.units[0];
        let Target::Model(info) = Catalog::builtin().resolve(&unit.models[0].name).target else { panic!("known") };
        UnitModel::new(0, info, unit, text).kind
    }

    #[test]
    fn hybrids_follow_their_switches_and_defaults() {
        let claude = "---\nmodel:\n  configuration:\n    name: claude-sonnet-4-5\n  parameters:\n    thinking:\n      type: enabled\n      budget_tokens: 2048\n---\nuser:\nHi\n";
        assert_eq!(kind_of("a.prompty", claude), EffectiveKind::Inference);
        assert_eq!(
            kind_of("a.prompty", &claude.replace("enabled", "disabled").replace("2048", "0")),
            EffectiveKind::General
        );
        assert_eq!(kind_of("a.prompt.md", "---\nmodel: Claude Sonnet 4 (copilot)\n---\nHi\n"), EffectiveKind::General);
        assert_eq!(kind_of("a.prompt", "---\nmodel: googleai/gemini-2.5-flash\n---\nHi\n"), EffectiveKind::Inference);
        let off = "---\nmodel: googleai/gemini-2.5-flash\nconfig:\n  thinkingConfig:\n    thinkingBudget: 0\n---\nHi\n";
        assert_eq!(kind_of("a.prompt", off), EffectiveKind::General);
        assert_eq!(kind_of("a.prompt.md", "---\nmodel: qwen3:32b\n---\nSolve it /think\n"), EffectiveKind::Inference);
        assert_eq!(
            kind_of("a.prompt.md", "---\nmodel: qwen3:32b\n---\n/think no, /no_think\n"),
            EffectiveKind::General
        );
        assert_eq!(kind_of("a.prompt.md", "---\nmodel: o3-mini\n---\nHi\n"), EffectiveKind::Inference);
        assert_eq!(kind_of("a.prompt.md", "---\nmodel: gpt-4.1\n---\nHi\n"), EffectiveKind::General);
    }
}
