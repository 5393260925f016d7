//! Rules: what a finding is, the rule trait, and one module per rule.
//!
//! Each rule file holds the rule's metadata, its documentation (the sections *What it does*,
//! *Why is this bad?*, *Example*, *Fix*, *Sources*) and its tests. `registry` is the single list.

pub mod registry;

mod chain_of_thought_for_reasoning_model;
mod few_shot_for_reasoning_model;
mod floating_model_alias;
mod invalid_front_matter;
mod mixed_task;
mod model_task_mismatch;
mod overlong_reasoning_prompt;
mod persona_for_reasoning_model;
mod prose;
mod reasoning_task_without_guidance;
mod rejected_parameter;
mod system_prompt_for_reasoning_model;
mod unknown_model;
mod vague_prompt_for_general_model;

#[cfg(test)]
pub(crate) mod test_support;

use std::fmt;
use std::str::FromStr;

use std::cell::OnceCell;

use crate::analysis::catalog::{Catalog, Resolution, Target};
use crate::analysis::classify::{self, Profile};
use crate::analysis::extract::{Extraction, PromptUnit, Role};
use crate::analysis::fit::UnitModel;
use crate::analysis::format::PromptFormat;
use crate::analysis::settings::RuleOptions;
use crate::analysis::text::{LineIndex, TextRange};

/// How serious a finding is. Ordered from most to least severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
            Self::Hint => "hint",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "error" => Ok(Self::Error),
            "warning" | "warn" => Ok(Self::Warning),
            "info" | "information" => Ok(Self::Info),
            "hint" => Ok(Self::Hint),
            other => Err(format!("unknown severity `{other}`: use error, warning, info, hint or off")),
        }
    }
}

/// Whether a rule can offer a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// How safe it is to apply a fix without looking (ruff's `Applicability`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Keeps the author's intent; may be applied in bulk.
    Safe,
    /// Changes meaning in a way the author should review.
    Unsafe,
    /// Shown for information; never applied automatically.
    DisplayOnly,
}

/// The static description of a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, `MF###`.
    pub code: &'static str,
    /// Stable kebab-case name used in configuration and suppressions.
    pub name: &'static str,
    pub default_severity: Severity,
    pub fix: FixAvailability,
    /// One line for `modelfit rules`.
    pub summary: &'static str,
    /// Markdown with the sections What it does / Why is this bad? / Example / Fix / Sources.
    pub docs: &'static str,
}

/// A text replacement in byte offsets of the analysed text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

/// A fix: a titled set of non-overlapping edits.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self { title: title.into(), applicability: Applicability::Safe, edits }
    }

    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self { title: title.into(), applicability: Applicability::Unsafe, edits }
    }

    /// Applies the edits to `text`. Edits must not overlap; they may come in any order.
    pub fn apply(&self, text: &str) -> String {
        let mut edits: Vec<&Edit> = self.edits.iter().collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        let mut out = text.to_owned();
        for edit in edits {
            out.replace_range(edit.range.as_range(), &edit.new_text);
        }
        out
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    /// A short line saying what to do ("help: ..."), also used as the fix's description.
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl PartialEq for RuleMeta {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl Diagnostic {
    /// Calls `f` on every range the finding holds: its own and its fix's edits.
    pub fn for_each_range(&mut self, f: &mut impl FnMut(&mut TextRange)) {
        f(&mut self.range);
        if let Some(fix) = &mut self.fix {
            fix.edits.iter_mut().for_each(|edit| f(&mut edit.range));
        }
    }

    /// A finding at the rule's default severity; configuration may change it later.
    pub fn new(rule: &'static RuleMeta, range: TextRange, message: impl Into<String>) -> Self {
        Self { rule, severity: rule.default_severity, range, message: message.into(), help: None, fix: None }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// What a rule sees.
pub struct Context<'a> {
    pub text: &'a str,
    pub format: PromptFormat,
    pub lines: &'a LineIndex,
    pub extraction: &'a Extraction,
    pub catalog: &'a Catalog,
    pub options: &'a RuleOptions,
    /// Each unit's task profile, computed on first use: rules that need it share one run.
    profiles: OnceCell<Vec<Profile>>,
    /// Each unit's model fit, computed on first use (a dozen rules ask for it).
    fits: OnceCell<Vec<Option<UnitModel<'a>>>>,
}

/// A lint rule. Rules are pure: they read the context and push findings.
pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

impl<'a> Context<'a> {
    pub fn new(
        text: &'a str,
        format: PromptFormat,
        lines: &'a LineIndex,
        extraction: &'a Extraction,
        catalog: &'a Catalog,
        options: &'a RuleOptions,
    ) -> Self {
        Self { text, format, lines, extraction, catalog, options, profiles: OnceCell::new(), fits: OnceCell::new() }
    }

    /// Starts from unit profiles an earlier context classified over the same text and extraction,
    /// so that a summary after the rules does not classify every unit again.
    #[must_use]
    pub fn with_profiles(self, profiles: Vec<Profile>) -> Self {
        if profiles.len() == self.extraction.units.len() {
            let _ = self.profiles.set(profiles);
        }
        self
    }

    /// The unit profiles classified so far (`None` when no rule asked for one).
    pub fn take_profiles(&mut self) -> Option<Vec<Profile>> {
        self.profiles.take()
    }

    /// The task profile of unit `index` (its role-tagged segments, classified). Cue ranges in it
    /// are relative to their segment: add `unit.segments[cue.segment].range.start`.
    pub fn profile(&self, index: usize) -> &Profile {
        let profiles = self.profiles.get_or_init(|| {
            self.extraction
                .units
                .iter()
                .map(|unit| {
                    let segments: Vec<(Role, &str)> =
                        unit.segments.iter().map(|s| (s.role, &self.text[s.range.as_range()])).collect();
                    classify::classify(&segments)
                })
                .collect()
        });
        &profiles[index]
    }

    /// The catalog model a unit runs on and whether it reasons; `None` when the unit names no
    /// model, or one modelfit does not know (model-fit rules then stay silent).
    pub fn fit(&self, unit: &PromptUnit) -> Option<UnitModel<'a>> {
        let fits = self.fits.get_or_init(|| self.extraction.units.iter().map(|u| self.compute_fit(u)).collect());
        match self.extraction.units.iter().position(|u| std::ptr::eq(u, unit)) {
            Some(i) => fits[i],
            None => self.compute_fit(unit),
        }
    }

    fn compute_fit(&self, unit: &PromptUnit) -> Option<UnitModel<'a>> {
        let names: Vec<&str> = unit.models.iter().map(|m| m.name.as_str()).collect();
        let (index, resolution) = self.catalog.resolve_first(&names)?;
        match resolution.target {
            Target::Model(info) => Some(UnitModel::new(index, info, unit, self.text)),
            Target::NoModel | Target::Unknown => None,
        }
    }

    /// The model a unit runs on: the first of its model references that resolves, with its index.
    pub fn unit_model(&self, unit: &PromptUnit) -> Option<(usize, Resolution<'_>)> {
        let names: Vec<&str> = unit.models.iter().map(|m| m.name.as_str()).collect();
        self.catalog.resolve_first(&names)
    }
}
