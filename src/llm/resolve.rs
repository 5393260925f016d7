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
            let fallback =
                table.and_then(|t| t.user_base_url.clone()).or_else(|| builtin.map(|b| b.base_url.to_owned()));
            match fallback {
                Some(url) => {
                    notes.push(format!("{why}. Using {url} instead."));
                    url
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::Path;

    use super::{RoleKind, resolve_role};
    use crate::config::{self, Config};
    use crate::llm::{Endpoint, LlmError, ProviderKind};

    const KEY: &str = "sk-test-key-0123456789";

    fn project(text: &str) -> Config {
        let (mut config, problems) = config::parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        config.calls.set_source(&config::Source::ProjectFile("/repo/modelfit.toml".into()));
        config
    }

    fn user(text: &str) -> Config {
        let (config, problems) = config::parse_user(text, Path::new("/home/me/.config/modelfit/config.toml"));
        assert!(problems.is_empty(), "{problems:?}");
        config
    }

    fn resolve(config: &Config, role: RoleKind, env: &[(&str, &str)]) -> Result<Endpoint, LlmError> {
        let mut vars: HashMap<String, String> = env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        vars.entry("HOME".into()).or_insert_with(|| "/home/me".into());
        let result = resolve_role(config, role, &|name| vars.get(name).cloned());
        let shown = match &result {
            Ok(e) => format!("{e:?} {:?}", e.notes),
            Err(e) => format!("{e} {e:?}"),
        };
        assert!(!shown.contains(KEY), "the key leaked: {shown}");
        result
    }

    #[test]
    fn nothing_configured_and_no_key_says_what_to_set() {
        let err = resolve(&Config::default(), RoleKind::General, &[]).unwrap_err().to_string();
        assert!(err.contains("OPENAI_API_KEY") && err.contains("127.0.0.1:11434"), "{err}");
    }

    #[test]
    fn the_first_standard_key_picks_provider_and_models() {
        let env = [("GEMINI_API_KEY", KEY), ("DEEPSEEK_API_KEY", KEY)];
        let general = resolve(&Config::default(), RoleKind::General, &env).unwrap();
        assert_eq!((general.provider.as_str(), general.model.as_str()), ("gemini", "gemini-2.5-flash"));
        assert_eq!(general.kind, ProviderKind::Gemini);
        assert_eq!(general.api_key.as_ref().map(crate::llm::Secret::expose), Some(KEY));
        let inference = resolve(&Config::default(), RoleKind::Inference, &env).unwrap();
        assert_eq!(inference.model, "gemini-2.5-pro");
    }

    #[test]
    fn claude_serving_the_inference_role_thinks() {
        let env = [("ANTHROPIC_API_KEY", KEY)];
        let general = resolve(&Config::default(), RoleKind::General, &env).unwrap();
        let inference = resolve(&Config::default(), RoleKind::Inference, &env).unwrap();
        assert_eq!((general.thinking_budget, inference.thinking_budget.is_some()), (None, true));
        assert_eq!(inference.base_url, "https://api.anthropic.com/v1");
    }

    #[test]
    fn a_model_goes_to_its_catalog_provider_and_needs_its_key() {
        let config = project("[roles]\ngeneral = \"gpt-4.1\"\ninference = \"o4-mini\"\n");
        let err = resolve(&config, RoleKind::Inference, &[]).unwrap_err();
        assert_eq!(err, LlmError::MissingKey { provider: "openai".into(), env_var: "OPENAI_API_KEY".into() });
        assert!(err.to_string().contains("set the environment variable OPENAI_API_KEY"));
        let endpoint = resolve(&config, RoleKind::Inference, &[("OPENAI_API_KEY", KEY)]).unwrap();
        assert_eq!((endpoint.base_url.as_str(), endpoint.model.as_str()), ("https://api.openai.com/v1", "o4-mini"));
    }

    #[test]
    fn an_unknown_model_without_provider_goes_to_local_ollama() {
        let config = project("[roles.general]\nmodel = \"llama3.2\"\ndrafts = 5\n");
        let endpoint = resolve(&config, RoleKind::General, &[("OPENAI_API_KEY", KEY)]).unwrap();
        assert_eq!(endpoint.base_url, "http://127.0.0.1:11434/v1");
        assert_eq!(endpoint.api_key, None);
        assert_eq!(config.calls.general.drafts(), 5);
        assert_eq!(config.calls.inference.drafts(), 3);
    }

    #[test]
    fn a_local_provider_without_key_may_be_set_by_the_project() {
        let config = project(
            "[roles.general]\nmodel = \"smol\"\nprovider = \"local\"\n[providers.local]\nkind = \"anthropic\"\nbase_url = \"http://127.0.0.1:8080/v1\"\n",
        );
        let endpoint = resolve(&config, RoleKind::General, &[]).unwrap();
        assert_eq!((endpoint.kind, endpoint.base_url.as_str()), (ProviderKind::Anthropic, "http://127.0.0.1:8080/v1"));
        assert!(endpoint.notes.is_empty());
    }

    const EVIL: &str =
        "[roles.general]\nmodel = \"gpt-4.1\"\n[providers.openai]\nbase_url = \"https://collector.example/v1\"\n";

    #[test]
    fn a_project_cannot_send_the_key_to_its_own_server() {
        let endpoint = resolve(&project(EVIL), RoleKind::General, &[("OPENAI_API_KEY", KEY)]).unwrap();
        assert_eq!(endpoint.base_url, "https://api.openai.com/v1");
        let note = endpoint.notes.join("\n");
        assert!(note.contains("/repo/modelfit.toml") && note.contains("collector.example"), "{note}");
        assert!(note.contains("[trust] base-urls") && note.contains("/home/me/.config/modelfit/config.toml"), "{note}");
    }

    #[test]
    fn editor_settings_are_not_trusted_either() {
        let (config, _) = Config::from_json(&serde_json::json!({
            "providers": { "openai": { "base_url": "https://collector.example/v1" } }
        }));
        let endpoint = resolve(&config, RoleKind::General, &[("OPENAI_API_KEY", KEY)]).unwrap();
        assert_eq!(endpoint.base_url, "https://api.openai.com/v1");
        assert!(endpoint.notes[0].contains("editor's settings"));
    }

    #[test]
    fn a_custom_provider_with_a_key_and_untrusted_url_is_refused() {
        let config = project(
            "[roles.general]\nmodel = \"m\"\nprovider = \"corp\"\n[providers.corp]\nbase_url = \"https://corp.example/v1\"\napi_key_env = \"CORP_KEY\"\n",
        );
        let err = resolve(&config, RoleKind::General, &[("CORP_KEY", KEY)]).unwrap_err().to_string();
        assert!(err.contains("would receive your key from CORP_KEY"), "{err}");
        // Trusted by the user: allowed.
        let trusted = user("[trust]\nbase-urls = [\"https://corp.example/v1/\"]\n").merge(config.clone());
        let endpoint = resolve(&trusted, RoleKind::General, &[("CORP_KEY", KEY)]).unwrap();
        assert_eq!(endpoint.base_url, "https://corp.example/v1");
        let all = user("[trust]\nproject-base-url = true\n").merge(config);
        assert!(resolve(&all, RoleKind::General, &[("CORP_KEY", KEY)]).is_ok());
    }

    #[test]
    fn the_users_own_base_url_is_trusted() {
        let config = user("[providers.openai]\nbase_url = \"https://proxy.example/v1\"\n")
            .merge(project("[roles]\ngeneral = \"gpt-4.1\"\n"));
        let endpoint = resolve(&config, RoleKind::General, &[("OPENAI_API_KEY", KEY)]).unwrap();
        assert_eq!(endpoint.base_url, "https://proxy.example/v1");
    }

    #[test]
    fn a_project_overriding_the_users_base_url_is_still_untrusted() {
        let config = user("[providers.openai]\nbase_url = \"https://proxy.example/v1\"\n").merge(project(EVIL));
        let endpoint = resolve(&config, RoleKind::General, &[("OPENAI_API_KEY", KEY)]).unwrap();
        assert_eq!(endpoint.base_url, "https://proxy.example/v1", "the user's own setting is the fallback");
    }

    #[test]
    fn unknown_provider_lists_the_known_ones() {
        let config = project("[roles.general]\nmodel = \"x\"\nprovider = \"acme\"\n");
        let err = resolve(&config, RoleKind::General, &[]).unwrap_err().to_string();
        assert!(err.contains("[providers.acme]") && err.contains("openai, anthropic"), "{err}");
    }
}
