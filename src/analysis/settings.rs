//! The resolved settings the analysis runs under: rule levels and the model catalog.
//!
//! Parsing `modelfit.toml` and finding it on disk happen outside the core (`crate::config`); this
//! is the plain result.

use std::collections::HashMap;
use std::sync::Arc;

use crate::analysis::catalog::{Catalog, ModelOverride};
use crate::analysis::rules::{RuleMeta, Severity};

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

/// Tunables of the model-fit rules, from `modelfit.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleOptions {
    /// The classifier confidence a model-fit rule needs before it speaks
    /// (`[analysis] confidence-threshold`).
    pub confidence_threshold: f32,
    /// Instruction tokens above which a prompt is too long for a reasoning model
    /// (`[analysis] reasoning-prompt-tokens`).
    pub reasoning_prompt_tokens: usize,
    /// The models to switch to (`[roles] general = "…"`, `inference = "…"`); `None` picks a
    /// default from the same provider.
    pub general_model: Option<String>,
    pub inference_model: Option<String>,
}

impl Default for RuleOptions {
    fn default() -> Self {
        Self {
            confidence_threshold: crate::analysis::classify::DEFAULT_THRESHOLD,
            reasoning_prompt_tokens: 1000,
            general_model: None,
            inference_model: None,
        }
    }
}

/// Settings for one analysis. Cheap to clone (the catalog is shared).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Keyed by rule name (`unknown-model`); codes are mapped to names when the config is read.
    levels: HashMap<String, RuleLevel>,
    catalog: Option<Arc<Catalog>>,
    pub options: RuleOptions,
}

impl Settings {
    /// Whether `other` judges every prompt the same way (same levels, same catalog, same options).
    pub fn same_as(&self, other: &Settings) -> bool {
        let same_catalog = match (&self.catalog, &other.catalog) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_catalog && self.levels == other.levels && self.options == other.options
    }

    pub fn new(levels: HashMap<String, RuleLevel>, overrides: &[ModelOverride]) -> Self {
        let catalog = (!overrides.is_empty()).then(|| Arc::new(Catalog::with_overrides(overrides)));
        Self { levels, catalog, options: RuleOptions::default() }
    }

    pub fn catalog(&self) -> &Catalog {
        self.catalog.as_deref().unwrap_or_else(|| Catalog::builtin())
    }

    /// The severity findings of `rule` get, or `None` when the rule is off.
    pub fn severity_of(&self, rule: &RuleMeta) -> Option<Severity> {
        match self.levels.get(rule.name) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::On(severity)) => Some(*severity),
            None => Some(rule.default_severity),
        }
    }
}
