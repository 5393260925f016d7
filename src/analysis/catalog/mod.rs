//! The model catalog: what each model is (general, inference or hybrid), who serves it, how big
//! its windows are and which request parameters its API rejects; and the normaliser that maps what
//! people write (`Claude Sonnet 4 (copilot)`, `openrouter/deepseek/deepseek-r1`, `qwq:32b`) onto it.
//!
//! Data comes from `shared/research/reasoning-models.md` section B; `builtin.rs` holds the table.

mod builtin;
mod normalize;

pub use normalize::normalize;

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use serde::Serialize;

use crate::analysis::extract::{Param, ParamKind, ParamValue};
use crate::analysis::rules::Severity;

/// What kind of model a name denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModelKind {
    /// A general-purpose chat model: writing, dialogue, creative work, summaries.
    General,
    /// A reasoning model that always thinks before answering.
    Inference,
    /// Thinking is switched on or off by a request parameter.
    Hybrid,
}

impl ModelKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::General => "general",
            Self::Inference => "inference",
            Self::Hybrid => "hybrid",
        }
    }
}

/// Who trains or serves the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Provider {
    OpenAi,
    Anthropic,
    Google,
    DeepSeek,
    Alibaba,
    Meta,
    Mistral,
    XAi,
    Baidu,
    IFlytek,
    /// A model added in configuration without a known provider.
    Other,
}

impl Provider {
    pub const fn display_name(self) -> &'static str {
        match self {
            Self::OpenAi => "OpenAI",
            Self::Anthropic => "Anthropic",
            Self::Google => "Google",
            Self::DeepSeek => "DeepSeek",
            Self::Alibaba => "Alibaba Qwen",
            Self::Meta => "Meta",
            Self::Mistral => "Mistral",
            Self::XAi => "xAI",
            Self::Baidu => "Baidu ERNIE",
            Self::IFlytek => "iFlytek Spark",
            Self::Other => "unknown provider",
        }
    }

    pub fn from_name(name: &str) -> Self {
        match name.to_ascii_lowercase().as_str() {
            "openai" | "azure" => Self::OpenAi,
            "anthropic" => Self::Anthropic,
            "google" | "gemini" | "googleai" | "vertexai" => Self::Google,
            "deepseek" => Self::DeepSeek,
            "alibaba" | "qwen" | "dashscope" => Self::Alibaba,
            "meta" | "llama" => Self::Meta,
            "mistral" => Self::Mistral,
            "xai" | "grok" => Self::XAi,
            "baidu" | "ernie" => Self::Baidu,
            "iflytek" | "spark" => Self::IFlytek,
            _ => Self::Other,
        }
    }
}

/// The wire format of the model's API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Dialect {
    /// `OpenAI` Chat Completions (and compatible servers).
    OpenAiChat,
    /// `OpenAI` Responses API only.
    OpenAiResponses,
    AnthropicMessages,
    GeminiGenerateContent,
}

impl Dialect {
    pub const fn display_name(self) -> &'static str {
        match self {
            Self::OpenAiChat => "OpenAI Chat Completions (or compatible)",
            Self::OpenAiResponses => "OpenAI Responses",
            Self::AnthropicMessages => "Anthropic Messages",
            Self::GeminiGenerateContent => "Gemini generateContent",
        }
    }
}

/// When a parameter is rejected.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "when", content = "value")]
pub enum Condition {
    /// Whenever the parameter is present.
    Always,
    /// When its numeric value differs from the given one (`temperature` ≠ 1).
    ValueNot(f64),
    /// When its numeric value is below the given one (`budget_tokens` < 1024).
    ValueBelow(f64),
    /// When its numeric value equals the given one (`thinkingBudget: 0`).
    ValueEquals(f64),
    /// When extended thinking is enabled in the same request.
    Thinking,
    /// When the other parameter is also present (`temperature` together with `top_p`).
    With(ParamKind),
    /// When extended thinking is enabled and the numeric value differs from the given one
    /// (Claude: `temperature` may only be 1 while thinking).
    ThinkingAndValueNot(f64),
    /// When extended thinking is enabled and the numeric value is below the given one
    /// (Claude: `top_p` below 0.95, `budget_tokens` below 1024, while thinking).
    ThinkingAndValueBelow(f64),
    /// When the value is this string, compared ignoring ASCII case (`reasoning_effort: none` on
    /// models before gpt-5.1, `thinking.type: enabled` on Claude Opus 4.7).
    StringIs(&'static str),
    /// When the value is a string other than this one (`reasoning_effort` other than `high` on
    /// gpt-5-pro). A non-string value (a template variable) never fires.
    StringNot(&'static str),
    /// When the same request sets `reasoning_effort` to a string other than this one: the
    /// sampling parameters of gpt-5.1 and later are accepted only while effort is `none` (the
    /// default there), so `reasoning_effort` absent does not fire.
    ReasoningEffortNot(&'static str),
    /// When the numeric value is at least the numeric value of the other parameter in the same
    /// request (Claude: `budget_tokens` must be below `max_tokens`). Silent when either is not a
    /// number or the other is absent.
    ValueNotBelowParam(ParamKind),
}

impl Condition {
    /// The condition in words, for hovers and `explain` (`when ≠ 1 while thinking`).
    pub fn describe(self) -> String {
        match self {
            Self::Always => "always".to_owned(),
            Self::ValueNot(v) => format!("when ≠ {v}"),
            Self::ValueBelow(v) => format!("when < {v}"),
            Self::ValueEquals(v) => format!("when = {v}"),
            Self::Thinking => "when thinking is enabled".to_owned(),
            Self::With(p) => format!("together with `{}`", p.api_name()),
            Self::ThinkingAndValueNot(v) => format!("when ≠ {v} while thinking"),
            Self::ThinkingAndValueBelow(v) => format!("when < {v} while thinking"),
            Self::StringIs(s) => format!("when `{s}`"),
            Self::StringNot(s) => format!("when not `{s}`"),
            Self::ReasoningEffortNot(s) => format!("unless `reasoning_effort` is `{s}`"),
            Self::ValueNotBelowParam(p) => format!("when not below `{}`", p.api_name()),
        }
    }

    /// Whether a rejection with this condition applies to a parameter with `value`, in a request
    /// made of `request` (which includes the parameter itself), with extended thinking `thinking`.
    /// A value that cannot be judged (a template variable where a number is needed) never fires.
    pub fn holds(self, value: &ParamValue, thinking: bool, request: &[Param]) -> bool {
        let number = value.as_f64();
        let differs = |v: f64| number.is_some_and(|x| (x - v).abs() > f64::EPSILON);
        match self {
            Self::Always => true,
            Self::ValueNot(v) => differs(v),
            Self::ValueBelow(v) => number.is_some_and(|x| x < v),
            Self::ValueEquals(v) => number.is_some_and(|x| (x - v).abs() <= f64::EPSILON),
            Self::Thinking => thinking,
            Self::With(other) => request.iter().any(|p| p.kind == other),
            Self::ThinkingAndValueNot(v) => thinking && differs(v),
            Self::ThinkingAndValueBelow(v) => thinking && number.is_some_and(|x| x < v),
            Self::StringIs(s) => value.as_str().is_some_and(|x| x.trim().eq_ignore_ascii_case(s)),
            Self::StringNot(s) => value.as_str().is_some_and(|x| !x.trim().eq_ignore_ascii_case(s)),
            Self::ValueNotBelowParam(other) => number.is_some_and(|x| {
                request.iter().filter(|p| p.kind == other).filter_map(|p| p.value.as_f64()).any(|limit| x >= limit)
            }),
            Self::ReasoningEffortNot(s) => request.iter().any(|p| {
                p.kind == ParamKind::ReasoningEffort
                    && p.value.as_str().is_some_and(|x| !x.trim().eq_ignore_ascii_case(s))
            }),
        }
    }
}

/// What to do about a rejected parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "fix", content = "to")]
pub enum RejectionFix {
    Remove,
    Rename(ParamKind),
    /// Nothing automatic; the message says what to change.
    Manual,
}

/// A parameter the model's API refuses (or silently ignores, at warning severity).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejection {
    pub param: ParamKind,
    pub when: Condition,
    pub severity: Severity,
    pub fix: RejectionFix,
    /// Why, in the vendor's words where possible.
    pub reason: &'static str,
    /// Where the vendor says so.
    pub source: &'static str,
}

/// One catalog entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelInfo {
    /// The canonical id (`o3-mini`, `claude-sonnet-4-5`).
    pub id: String,
    pub kind: ModelKind,
    pub provider: Provider,
    pub dialect: Dialect,
    pub context_window: Option<u32>,
    pub max_output: Option<u32>,
    pub rejects: Vec<Rejection>,
    /// True when the API refuses a `system` message (o1-mini, o1-preview).
    pub rejects_system_message: bool,
    /// For hybrid models: whether they reason when the request says nothing about it (Gemini 2.5
    /// Flash thinks dynamically by default; Claude and Qwen3 over the API do not).
    pub reasons_by_default: bool,
    /// Added or changed by the user's `modelfit.toml`.
    pub user_defined: bool,
}

/// A user's `[models."name"]` entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelOverride {
    pub name: String,
    pub kind: Option<ModelKind>,
    pub provider: Option<Provider>,
    pub context_window: Option<u32>,
    pub max_output: Option<u32>,
    /// Copy everything else from this catalog entry (`like = "o3-mini"`).
    pub like: Option<String>,
}

/// What a written model name resolves to.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution<'a> {
    /// The name after normalisation (`claude-sonnet-4-5-20250929`).
    pub normalized: String,
    pub target: Target<'a>,
    /// Why the name is a floating alias, when it is one.
    pub floating: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Target<'a> {
    /// `inherit`, empty, or otherwise "whatever the host picks": model-kind rules stay silent.
    NoModel,
    Model(&'a ModelInfo),
    /// Not in the catalog. Suggestions are computed on demand ([`Catalog::suggest`]): they cost
    /// far more than a lookup and only the `unknown-model` rule needs them.
    Unknown,
}

/// The catalog: the built-in entries plus the user's overrides.
#[derive(Debug)]
pub struct Catalog {
    entries: Vec<ModelInfo>,
    /// Did-you-mean answers by normalised name. The editor re-analyses a file on every keystroke
    /// and a misspelt model name stays misspelt meanwhile; scoring it against every entry each
    /// time would cost more than the rest of the analysis.
    suggestions: Mutex<HashMap<String, Vec<String>>>,
}

impl Clone for Catalog {
    fn clone(&self) -> Self {
        Self::new(self.entries.clone())
    }
}

/// Past this many remembered names the suggestion cache starts over.
const SUGGESTION_CACHE_LIMIT: usize = 256;

static BUILTIN: LazyLock<Catalog> = LazyLock::new(|| Catalog::new(builtin::entries()));

impl Catalog {
    fn new(entries: Vec<ModelInfo>) -> Self {
        Self { entries, suggestions: Mutex::default() }
    }

    /// The built-in catalog, built once per process.
    pub fn builtin() -> &'static Catalog {
        &BUILTIN
    }

    /// The built-in catalog with the user's entries added or replacing built-in ones.
    pub fn with_overrides(overrides: &[ModelOverride]) -> Catalog {
        let mut catalog = Self::builtin().clone();
        for o in overrides {
            catalog.apply_override(o);
        }
        catalog
    }

    fn apply_override(&mut self, o: &ModelOverride) {
        let id = normalize(&o.name);
        let base = o
            .like
            .as_deref()
            .and_then(|like| self.lookup(&normalize(like)).cloned())
            .or_else(|| self.entries.iter().find(|e| e.id == id).cloned());
        let mut info = base.unwrap_or_else(|| ModelInfo {
            id: id.clone(),
            kind: ModelKind::General,
            provider: Provider::Other,
            dialect: Dialect::OpenAiChat,
            context_window: None,
            max_output: None,
            rejects: Vec::new(),
            rejects_system_message: false,
            reasons_by_default: false,
            user_defined: true,
        });
        info.id.clone_from(&id);
        info.user_defined = true;
        if let Some(kind) = o.kind {
            info.kind = kind;
        }
        if let Some(provider) = o.provider {
            info.provider = provider;
        }
        if o.context_window.is_some() {
            info.context_window = o.context_window;
        }
        if o.max_output.is_some() {
            info.max_output = o.max_output;
        }
        self.entries.retain(|e| e.id != id);
        // User entries go first so they win over built-in prefixes of the same length.
        self.entries.insert(0, info);
    }

    pub fn entries(&self) -> &[ModelInfo] {
        &self.entries
    }

    /// Looks up a normalised id: the entry whose id is the longest prefix of `normalized` ending
    /// at a boundary (`-`, `:`, `@`, `/`, end), so `o3-mini-2025-01-31` finds `o3-mini` and
    /// `gpt-4o` never matches `gpt-4`. A name with characters no id has (`gpt-4.1 | 'gpt-5'`)
    /// matches nothing, and neither does a misspelt variant of a known model: `gpt-4o-mnii` is
    /// not `gpt-4o` with a suffix but a typo of `gpt-4o-mini` (see [`Self::misspells_a_variant`]).
    pub fn lookup(&self, normalized: &str) -> Option<&ModelInfo> {
        if !normalize::is_well_formed(normalized) {
            return None;
        }
        let found = self
            .entries
            .iter()
            .filter(|e| {
                normalized.starts_with(e.id.as_str())
                    && normalized[e.id.len()..].chars().next().is_none_or(|c| matches!(c, '-' | ':' | '@' | '/'))
            })
            .max_by_key(|e| e.id.len())?;
        let rest = &normalized[found.id.len()..];
        if rest.starts_with('-') && self.misspells_a_variant(&found.id, rest) {
            return None;
        }
        Some(found)
    }

    /// True when `rest`, the part of a name after the catalog id `id`, is within two edits of
    /// the suffix of a longer catalog id that extends `id` (`-mnii` against `-mini` of
    /// `gpt-4o-mini`). Numeric parts (dates, versions, sizes) never count as typos, so
    /// `claude-sonnet-4-0` stays `claude-sonnet-4` although `claude-sonnet-4-5` exists.
    fn misspells_a_variant(&self, id: &str, rest: &str) -> bool {
        self.entries.iter().filter_map(|e| e.id.strip_prefix(id).filter(|s| s.starts_with('-'))).any(|variant| {
            let written = leading_parts(rest, variant.matches('-').count());
            if written == variant || !written.chars().any(char::is_alphabetic) {
                return false;
            }
            let distance = strsim::osa_distance(written, variant);
            distance <= 2 && distance * 3 <= variant.len()
        })
    }

    /// Resolves one written name.
    pub fn resolve(&self, written: &str) -> Resolution<'_> {
        let normalized = normalize(written);
        let floating = normalize::floating_reason(&normalized);
        if normalize::means_no_model(&normalized) {
            return Resolution { normalized, target: Target::NoModel, floating };
        }
        let target = match self.lookup(&normalized) {
            Some(info) => Target::Model(info),
            None if floating.is_some() => Target::NoModel,
            None => Target::Unknown,
        };
        Resolution { normalized, target, floating }
    }

    /// Resolves a list of names the way Copilot does: the first one that resolves wins.
    /// Returns the index of the chosen name with its resolution; `None` for an empty list.
    pub fn resolve_first<'s>(&'s self, written: &[&str]) -> Option<(usize, Resolution<'s>)> {
        let all: Vec<Resolution<'s>> = written.iter().map(|w| self.resolve(w)).collect();
        let chosen = all.iter().position(|r| matches!(r.target, Target::Model(_))).unwrap_or(0);
        all.into_iter().enumerate().nth(chosen)
    }

    /// Up to three catalog ids close to `normalized`, best first. Compares without the date,
    /// tag or odd tail (see [`normalize::suggestion_key`]), so `gpt-4o-mnii-2024-07-18` still
    /// finds `gpt-4o-mini`, and `gpt-4.1 | 'gpt-5'` suggests `gpt-4.1`.
    pub fn suggest(&self, normalized: &str) -> Vec<String> {
        if let Some(known) = self.suggestion_cache().get(normalized) {
            return known.clone();
        }
        let found = self.score_suggestions(normalized);
        let mut cache = self.suggestion_cache();
        if cache.len() >= SUGGESTION_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(normalized.to_owned(), found.clone());
        found
    }

    fn suggestion_cache(&self) -> std::sync::MutexGuard<'_, HashMap<String, Vec<String>>> {
        // A panic elsewhere cannot leave the map half-written: it only holds finished answers.
        self.suggestions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn score_suggestions(&self, normalized: &str) -> Vec<String> {
        let key = normalize::suggestion_key(normalized);
        if key.is_empty() {
            return Vec::new();
        }
        // Jaro-Winkler rewards a shared beginning (the family); the edit distance keeps short
        // ids from matching everything that starts alike. Their mean ranks typos well.
        let mut scored: Vec<(f64, &str)> = self
            .entries
            .iter()
            .map(|e| {
                let score = f64::midpoint(strsim::jaro_winkler(key, &e.id), normalized_osa(key, &e.id));
                (score, e.id.as_str())
            })
            .filter(|(score, _)| *score >= 0.7)
            .collect();
        // Ties go to the greater id, which is usually the newer version (`gpt-5.2-codex` over
        // `gpt-5.1-codex` for `gpt-5.3-codex`).
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| b.1.cmp(a.1)));
        scored.dedup_by(|a, b| a.1 == b.1);
        scored.into_iter().take(3).map(|(_, id)| id.to_owned()).collect()
    }
}

/// `1 - distance / longer length`, with the optimal-string-alignment distance (typos as single
/// edits, transpositions included); unlike strsim's Damerau-Levenshtein it needs no hash map.
fn normalized_osa(a: &str, b: &str) -> f64 {
    let longer = a.chars().count().max(b.chars().count());
    if longer == 0 {
        return 1.0;
    }
    1.0 - strsim::osa_distance(a, b) as f64 / longer as f64
}

/// The first `n` `-`-led parts of `rest` (which starts with `-`), stopping at a tag (`:`, `@`).
fn leading_parts(rest: &str, n: usize) -> &str {
    let mut dashes = 0;
    for (i, c) in rest.char_indices() {
        if matches!(c, ':' | '@' | '/') {
            return &rest[..i];
        }
        if c == '-' {
            dashes += 1;
            if dashes > n {
                return &rest[..i];
            }
        }
    }
    rest
}

#[cfg(test)]
mod tests;
