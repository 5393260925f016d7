//! The single list of rules. Adding a rule means adding one line here.

use super::{
    Rule, chain_of_thought_for_reasoning_model, few_shot_for_reasoning_model, floating_model_alias,
    invalid_front_matter, mixed_task, model_task_mismatch, overlong_reasoning_prompt, persona_for_reasoning_model,
    reasoning_task_without_guidance, rejected_parameter, system_prompt_for_reasoning_model, unknown_model,
    vague_prompt_for_general_model,
};

static RULES: &[&dyn Rule] = &[
    &invalid_front_matter::InvalidFrontMatter,
    &unknown_model::UnknownModel,
    &floating_model_alias::FloatingModelAlias,
    &rejected_parameter::RejectedParameter,
    &model_task_mismatch::ModelTaskMismatch,
    &mixed_task::MixedTask,
    &overlong_reasoning_prompt::OverlongReasoningPrompt,
    &chain_of_thought_for_reasoning_model::ChainOfThoughtForReasoningModel,
    &few_shot_for_reasoning_model::FewShotForReasoningModel,
    &system_prompt_for_reasoning_model::SystemPromptForReasoningModel,
    &persona_for_reasoning_model::PersonaForReasoningModel,
    &vague_prompt_for_general_model::VaguePromptForGeneralModel,
    &reasoning_task_without_guidance::ReasoningTaskWithoutGuidance,
];

/// Every rule, in code order.
pub fn all() -> &'static [&'static dyn Rule] {
    RULES
}

/// Finds a rule by its kebab-case name or its code (case-insensitive for codes).
pub fn by_name(name_or_code: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.meta().name == name_or_code || r.meta().code.eq_ignore_ascii_case(name_or_code))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::all;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for rule in all() {
            let m = rule.meta();
            assert!(codes.insert(m.code), "duplicate code {}", m.code);
            assert!(names.insert(m.name), "duplicate name {}", m.name);
            assert!(m.code.starts_with("MF") && m.code.len() == 5, "bad code {}", m.code);
            assert!(m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "bad name {}", m.name);
        }
    }

    #[test]
    fn rules_are_listed_in_code_order() {
        let codes: Vec<_> = all().iter().map(|r| r.meta().code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn every_rule_documents_every_section() {
        for rule in all() {
            let m = rule.meta();
            for section in ["## What it does", "## Why is this bad?", "## Example", "## Fix", "## Sources"] {
                assert!(m.docs.contains(section), "{} lacks `{section}`", m.name);
            }
            assert!(!m.summary.is_empty() && !m.summary.ends_with('.'), "{}: summary is one phrase", m.name);
        }
    }
}
