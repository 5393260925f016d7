//! Which endpoint serves a role: the role's model and provider from the configuration, the
//! provider's kind, base URL and key, and the trust rule for a `base_url` that would receive a
//! key (see `config::calls` for the threat it answers).
//!
//! With nothing configured, the first provider whose standard key is set serves the role with a
//! default model (OpenAI, Anthropic, Gemini, DeepSeek, in that order); a model named without a
//! provider goes to its catalog provider, or to a local Ollama server when the catalog does not
//! know it.

use super::endpoint::lookup;
use super::{Endpoint, LlmError, ProviderKind, Secret};
use crate::analysis::catalog::{Catalog, ModelKind, Provider};
use crate::config::{Config, RoleCall};

/// A kind of work, served by its own model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoleKind {
    /// Drafting and rewriting: a general-purpose model.
    General,
    /// Checking and choosing: a reasoning model.
    Inference,
}

impl RoleKind {
    pub const fn name(self) -> &'static str {
        match self {
            Self::General => "general",
            Self::Inference => "inference",
        }
    }
}

/// A provider modelfit knows without configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltinProvider {
    pub name: &'static str,
    pub kind: ProviderKind,
    pub base_url: &'static str,
    /// The standard environment variable of its key; `None` for local servers.
    pub key_env: Option<&'static str>,
    /// Default models for the general and inference roles.
    pub default_models: Option<(&'static str, &'static str)>,
}

impl BuiltinProvider {
    pub const ALL: [Self; 6] = [
        Self {
            name: "openai",
            kind: ProviderKind::OpenAiChat,
            base_url: "https://api.openai.com/v1",
            key_env: Some("OPENAI_API_KEY"),
            default_models: Some(("gpt-4.1", "o4-mini")),
        },
        Self {
            name: "anthropic",
            kind: ProviderKind::Anthropic,
            base_url: "https://api.anthropic.com/v1",
            key_env: Some("ANTHROPIC_API_KEY"),
            default_models: Some(("claude-sonnet-4-5", "claude-sonnet-4-5")),
        },
        Self {
            name: "gemini",
            kind: ProviderKind::Gemini,
            base_url: "https://generativelanguage.googleapis.com/v1beta",
            key_env: Some("GEMINI_API_KEY"),
            default_models: Some(("gemini-2.5-flash", "gemini-2.5-pro")),
        },
        Self {
            name: "deepseek",
            kind: ProviderKind::OpenAiChat,
            base_url: "https://api.deepseek.com/v1",
            key_env: Some("DEEPSEEK_API_KEY"),
            default_models: Some(("deepseek-chat", "deepseek-reasoner")),
        },
        Self {
            name: "openrouter",
            kind: ProviderKind::OpenAiChat,
            base_url: "https://openrouter.ai/api/v1",
            key_env: Some("OPENROUTER_API_KEY"),
            default_models: None,
        },
        Self {
            name: "ollama",
            kind: ProviderKind::OpenAiChat,
            base_url: "http://127.0.0.1:11434/v1",
            key_env: None,
            default_models: None,
        },
    ];

    pub fn by_name(name: &str) -> Option<Self> {
        let name = name.to_ascii_lowercase();
        let name = if name == "google" { "gemini" } else { name.as_str() };
        Self::ALL.into_iter().find(|p| p.name == name)
    }

    /// The provider that serves a catalog provider's models.
    fn for_catalog(provider: Provider) -> Option<Self> {
        match provider {
            Provider::OpenAi => Self::by_name("openai"),
            Provider::Anthropic => Self::by_name("anthropic"),
            Provider::Google => Self::by_name("gemini"),
            Provider::DeepSeek => Self::by_name("deepseek"),
            _ => None,
        }
    }
}

/// The thinking budget given to a hybrid Anthropic model serving the inference role.
const INFERENCE_THINKING_BUDGET: u32 = 4096;

/// Resolves the endpoint for `role` from `config` (project, user and editor settings merged)
/// and the environment, read through `env` so tests need not touch the process environment.
pub fn resolve_role(
    config: &Config,
    role: RoleKind,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Endpoint, LlmError> {
    let calls = &config.calls;
    let call: &RoleCall = match role {
        RoleKind::General => &calls.general,
        RoleKind::Inference => &calls.inference,
    };
    let key_of = |var: &str| env(var).filter(|v| !v.trim().is_empty());
    let model_written = call.model.clone().or_else(|| match role {
        RoleKind::General => config.roles.general.clone(),
        RoleKind::Inference => config.roles.inference.clone(),
    });
    let overrides: Vec<_> = config.models.values().cloned().collect();
    let catalog = Catalog::with_overrides(&overrides);

    // Which provider, and which model.
    let (provider_name, model) = match (&call.provider, model_written) {
        (Some(provider), Some(model)) => (provider.clone(), model),
        (Some(provider), None) => {
            let builtin = BuiltinProvider::by_name(provider).and_then(|b| b.default_models);
            let Some(models) = builtin else {
                return Err(LlmError::Config(format!(
                    "no model is configured for the {} role; set `model` in `[roles.{}]` of modelfit.toml",
                    role.name(),
                    role.name()
                )));
            };
            (provider.clone(), default_for(models, role).to_owned())
        }
        (None, Some(model)) => {
            let by_catalog = lookup(&catalog, &model).and_then(|info| BuiltinProvider::for_catalog(info.provider));
            (by_catalog.map_or("ollama", |b| b.name).to_owned(), model)
        }
        (None, None) => {
            let found = BuiltinProvider::ALL
                .into_iter()
                .find(|b| b.default_models.is_some() && b.key_env.is_some_and(|var| key_of(var).is_some()));
            let Some(builtin) = found else {
                return Err(LlmError::Config(format!(
                    "no model is configured for the {role} role and no API key is set: set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY or DEEPSEEK_API_KEY, or name a local model with `[roles.{role}] model = \"llama3.2\"` (served by Ollama at http://127.0.0.1:11434/v1)",
                    role = role.name()
                )));
            };
            let models = builtin.default_models.unwrap_or_default();
            (builtin.name.to_owned(), default_for(models, role).to_owned())
        }
    };

    let table = calls.providers.get(&provider_name);
    let builtin = BuiltinProvider::by_name(&provider_name);
    if table.is_none() && builtin.is_none() {
        let names: Vec<&str> = BuiltinProvider::ALL.iter().map(|b| b.name).collect();
        return Err(LlmError::Config(format!(
            "unknown provider `{provider_name}` for the {} role; define `[providers.{provider_name}]` with `kind` and `base_url` in modelfit.toml, or use one of {}",
            role.name(),
            names.join(", ")
        )));
    }
    let kind = table.and_then(|t| t.kind).or(builtin.map(|b| b.kind)).unwrap_or(ProviderKind::OpenAiChat);

    // The key: named by the table, else the built-in provider's standard variable.
    let key_env =
        table.and_then(|t| t.api_key_env.clone()).or_else(|| builtin.and_then(|b| b.key_env).map(str::to_owned));
    let key = match &key_env {
        Some(var) => match key_of(var) {
            Some(key) => Some(Secret::new(key.trim())),
            None => return Err(LlmError::MissingKey { provider: provider_name, env_var: var.clone() }),
        },
        None => None,
    };

    // The base URL, and whether it may receive the key.
    let mut notes = Vec::new();
    let base_url = match table.and_then(|t| t.base_url.as_ref().map(|u| (u, &t.base_url_source))) {
        Some((url, source)) if key.is_none() || source.is_user() || calls.trust.allows(url) => url.clone(),
        Some((url, source)) => {
            let var = key_env.as_deref().unwrap_or_default();
            let user_file = crate::config::user_config_path(env)
                .map_or_else(|| "your user config file".to_owned(), |p| p.display().to_string());
            let why = format!(
                "`base_url = \"{url}\"` for provider `{provider_name}` in {} is ignored because it would receive your key from {var}; if you trust it, add `[trust] base-urls = [\"{url}\"]` to {user_file}",
                source.describe()
            );
            match builtin {
                Some(b) => {
                    notes.push(format!("{why}. Using {} instead.", b.base_url));
                    b.base_url.to_owned()
                }
                None => return Err(LlmError::Config(why)),
            }
        }
        None => match builtin {
            Some(b) => b.base_url.to_owned(),
            None => {
                return Err(LlmError::Config(format!(
                    "provider `{provider_name}` has no `base_url`; set it in `[providers.{provider_name}]`"
                )));
            }
        },
    };

    let mut endpoint = Endpoint::new(kind, base_url, model);
    endpoint.provider = provider_name;
    endpoint.model_info = lookup(&catalog, &endpoint.model);
    endpoint.api_key = key;
    endpoint.api_key_env = key_env;
    endpoint.notes = notes;
    // A hybrid Claude model reasons only when asked to; the inference role is there to reason.
    if role == RoleKind::Inference
        && kind == ProviderKind::Anthropic
        && endpoint.model_info.as_ref().is_some_and(|i| i.kind == ModelKind::Hybrid)
    {
        endpoint.thinking_budget = Some(INFERENCE_THINKING_BUDGET);
    }
    Ok(endpoint)
}

fn default_for(models: (&'static str, &'static str), role: RoleKind) -> &'static str {
    match role {
        RoleKind::General => models.0,
        RoleKind::Inference => models.1,
    }
}
