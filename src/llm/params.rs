//! Which sampling and length parameters a request may carry, decided by the model's catalog
//! entry: a parameter the API rejects is left out, renamed, or (for thinking budgets) raised to
//! the smallest value the API accepts. Callers state what they want; this makes it legal.

use super::{ChatRequest, Endpoint, ProviderKind};
use crate::analysis::catalog::{ModelKind, RejectionFix};
use crate::analysis::extract::{Param, ParamKind, ParamValue};
use crate::analysis::text::TextRange;

/// Anthropic requires `max_tokens`; this is used when the caller gives none.
pub(crate) const ANTHROPIC_DEFAULT_MAX_TOKENS: u32 = 4096;
/// Anthropic's smallest thinking budget.
const MIN_THINKING_BUDGET: u32 = 1024;

/// The parameters to send, in dialect-neutral form.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plan {
    /// As `f64` with the digits the caller wrote: `0.2f32` goes out as `0.2`, not
    /// `0.20000000298023224`.
    pub temperature: Option<f64>,
    /// The output cap and the parameter that carries it (`MaxTokens`, `MaxCompletionTokens` or
    /// `MaxOutputTokens`).
    pub max_tokens: Option<(ParamKind, u32)>,
    pub thinking_budget: Option<u32>,
    /// The model thinks (an inference model, or a hybrid one asked to): Gemini is then asked to
    /// include its thoughts.
    pub reasons: bool,
    /// The API refuses `system` messages (o1-mini): fold them into the first user message.
    pub no_system_message: bool,
}

pub(crate) fn plan(endpoint: &Endpoint, request: &ChatRequest) -> Plan {
    let info = endpoint.model_info.as_ref();
    let anthropic = endpoint.kind == ProviderKind::Anthropic;
    let thinking_budget = endpoint.thinking_budget;
    let thinking = thinking_budget.is_some();
    let max_tokens = match (request.max_output_tokens, anthropic) {
        (Some(n), _) => Some(n),
        // Anthropic requires a cap; stay within the model's own maximum.
        (None, true) => Some(
            info.and_then(|i| i.max_output)
                .map_or(ANTHROPIC_DEFAULT_MAX_TOKENS, |m| m.min(ANTHROPIC_DEFAULT_MAX_TOKENS)),
        ),
        (None, false) => None,
    };
    let default_max_kind = match endpoint.kind {
        ProviderKind::OpenAiResponses | ProviderKind::Gemini => ParamKind::MaxOutputTokens,
        ProviderKind::OpenAiChat | ProviderKind::Anthropic => ParamKind::MaxTokens,
    };

    let mut params: Vec<Param> = Vec::new();
    if let Some(t) = request.temperature {
        params.push(param(ParamKind::Temperature, ParamValue::Number(f64::from(t))));
    }
    if let Some(n) = max_tokens {
        // Rules are written against the generic `max_tokens`; the dialect's own name is given below.
        params.push(param(ParamKind::MaxTokens, ParamValue::Number(f64::from(n))));
    }
    if let Some(b) = thinking_budget {
        params.push(param(ParamKind::Thinking, ParamValue::String("enabled".to_owned())));
        params.push(param(ParamKind::ThinkingBudget, ParamValue::Number(f64::from(b))));
    }

    let mut plan = Plan {
        temperature: request.temperature.map(|t| t.to_string().parse().unwrap_or(f64::from(t))),
        max_tokens: max_tokens.map(|n| (default_max_kind, n)),
        thinking_budget,
        reasons: thinking
            || info.is_some_and(|i| {
                i.kind == ModelKind::Inference || (i.kind == ModelKind::Hybrid && i.reasons_by_default)
            }),
        no_system_message: info.is_some_and(|i| i.rejects_system_message),
    };
    let Some(info) = info else {
        plan.reasons = thinking;
        return plan;
    };
    for rejection in &info.rejects {
        let Some(p) = params.iter().find(|p| p.kind == rejection.param) else { continue };
        if !rejection.when.holds(&p.value, thinking, &params) {
            continue;
        }
        match (rejection.param, rejection.fix) {
            (ParamKind::Temperature, _) => plan.temperature = None,
            (ParamKind::MaxTokens, RejectionFix::Rename(to)) => {
                plan.max_tokens = plan.max_tokens.map(|(_, n)| (to, n));
            }
            (ParamKind::MaxTokens, _) => plan.max_tokens = None,
            (ParamKind::ThinkingBudget, RejectionFix::Remove) => plan.thinking_budget = None,
            (ParamKind::ThinkingBudget, _) => {
                // Raise the budget to the minimum, and the cap above the budget.
                let budget = plan.thinking_budget.unwrap_or(MIN_THINKING_BUDGET).max(MIN_THINKING_BUDGET);
                plan.thinking_budget = Some(budget);
                if let Some((kind, n)) = plan.max_tokens
                    && n <= budget
                {
                    plan.max_tokens = Some((kind, budget + n));
                }
            }
            // Thinking `enabled` on a model that only takes adaptive thinking, and parameters this
            // crate never sends (top_p, stop, ...): nothing to change.
            _ => {}
        }
    }
    // Asked to think and allowed to, or a model that thinks anyway.
    plan.reasons = plan.thinking_budget.is_some()
        || info.kind == ModelKind::Inference
        || (info.kind == ModelKind::Hybrid && info.reasons_by_default);
    // Anthropic counts thinking inside `max_tokens`, which must exceed the budget.
    if anthropic
        && let (Some(budget), Some((kind, n))) = (plan.thinking_budget, plan.max_tokens)
        && n <= budget
    {
        plan.max_tokens = Some((kind, budget + n));
    }
    plan
}

fn param(kind: ParamKind, value: ParamValue) -> Param {
    Param {
        path: kind.api_name().to_owned(),
        kind,
        key_range: TextRange::default(),
        value,
        value_range: TextRange::default(),
        entry_range: TextRange::default(),
    }
}
