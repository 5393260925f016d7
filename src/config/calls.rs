//! The model-call part of the configuration: which model and provider serve each role, the
//! `[providers]` table, and the user's `[trust]` rules.
//!
//! ```toml
//! [roles.general]                 # the short form `[roles] general = "gpt-4.1"` stays valid
//! model = "gpt-4.1"
//! provider = "openai"             # a [providers] name or a built-in one
//! drafts = 3                      # how many drafts "Draft, then verify" asks for
//! [roles.inference]
//! model = "o4-mini"
//! [providers.local]
//! kind = "openai"                 # openai | openai-responses | anthropic | gemini
//! base_url = "http://127.0.0.1:8080/v1"
//! api_key_env = "LOCAL_API_KEY"   # the key itself is never written in a config file
//! ```
//!
//! The threat the trust rule answers: a repository's own `modelfit.toml` is written by whoever
//! wrote the repository. If it could set `base_url` for a provider whose key is in your
//! environment, opening the repository and asking for a draft would send your key to their
//! server. So a project-level (or editor-settings) `base_url` is used only when no key goes with
//! it, or when the user's own config file allows it:
//!
//! ```toml
//! # ~/.config/modelfit/config.toml
//! [trust]
//! project-base-url = true                           # any project base_url
//! base-urls = ["https://llm.internal.example/v1"]  # or only these
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::llm::ProviderKind;

/// The default number of drafts "Draft, then verify" asks for.
pub const DEFAULT_DRAFTS: u32 = 3;

/// Model calls: roles, providers and trust.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModelCalls {
    pub general: RoleCall,
    pub inference: RoleCall,
    /// `[providers.NAME]` entries.
    pub providers: BTreeMap<String, ProviderConfig>,
    /// `[trust]`: read from the user config file only.
    pub trust: Trust,
}

/// `[roles.general]` or `[roles.inference]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleCall {
    pub model: Option<String>,
    pub provider: Option<String>,
    pub drafts: Option<u32>,
}

impl RoleCall {
    /// How many drafts to ask for.
    pub fn drafts(&self) -> u32 {
        self.drafts.unwrap_or(DEFAULT_DRAFTS)
    }
}

/// `[providers.NAME]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderConfig {
    pub kind: Option<ProviderKind>,
    pub base_url: Option<String>,
    pub api_key_env: Option<String>,
    /// Where `base_url` was written, which decides whether it is trusted with a key.
    pub base_url_source: Source,
    /// The `base_url` the user's own config set, kept when a project overrides it: the fallback
    /// if the project's is not trusted.
    pub user_base_url: Option<String>,
}

/// Where a setting comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Source {
    /// The user's own config file: trusted.
    User(PathBuf),
    /// A `modelfit.toml` in a project (the path, when read from disk): not trusted with keys.
    #[default]
    Project,
    ProjectFile(PathBuf),
    /// LSP settings: may come from a workspace's settings file, so treated like a project.
    Editor,
}

impl Source {
    pub fn is_user(&self) -> bool {
        matches!(self, Self::User(_))
    }

    /// Where the setting was written, for messages.
    pub fn describe(&self) -> String {
        match self {
            Self::User(path) => format!("the user config {}", path.display()),
            Self::Project => "the project's modelfit.toml".to_owned(),
            Self::ProjectFile(path) => path.display().to_string(),
            Self::Editor => "the editor's settings".to_owned(),
        }
    }
}

/// `[trust]` in the user config.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trust {
    /// `project-base-url = true`: any project-level `base_url` may receive keys.
    pub project_base_url: bool,
    /// `base-urls = [...]`: these project-level base URLs may receive keys.
    pub base_urls: Vec<String>,
}

impl Trust {
    /// Whether a project-level `base_url` may receive a key.
    pub fn allows(&self, base_url: &str) -> bool {
        let wanted = base_url.trim_end_matches('/');
        self.project_base_url || self.base_urls.iter().any(|u| u.trim_end_matches('/') == wanted)
    }
}

impl ModelCalls {
    /// Layers `overlay` over `self`, key by key. Trust only ever grows: it is read from the user
    /// config alone, so no project can take it away or add to it.
    #[must_use]
    pub fn merge(mut self, overlay: ModelCalls) -> ModelCalls {
        self.general = merge_role(self.general, overlay.general);
        self.inference = merge_role(self.inference, overlay.inference);
        for (name, o) in overlay.providers {
            let entry = self.providers.entry(name).or_default();
            entry.kind = o.kind.or(entry.kind);
            entry.api_key_env = o.api_key_env.or(entry.api_key_env.take());
            if o.user_base_url.is_some() {
                entry.user_base_url = o.user_base_url;
            }
            if o.base_url.is_some() {
                entry.base_url = o.base_url;
                entry.base_url_source = o.base_url_source;
            }
        }
        self.trust.project_base_url |= overlay.trust.project_base_url;
        self.trust.base_urls.extend(overlay.trust.base_urls);
        self
    }

    /// Marks every provider setting as written in `source`.
    pub(crate) fn set_source(&mut self, source: &Source) {
        for provider in self.providers.values_mut() {
            provider.base_url_source = source.clone();
            provider.user_base_url = if source.is_user() { provider.base_url.clone() } else { None };
        }
    }
}

fn merge_role(base: RoleCall, overlay: RoleCall) -> RoleCall {
    RoleCall {
        model: overlay.model.or(base.model),
        provider: overlay.provider.or(base.provider),
        drafts: overlay.drafts.or(base.drafts),
    }
}

/// The user config file: `$MODELFIT_CONFIG_HOME/config.toml`, else
/// `$XDG_CONFIG_HOME/modelfit/config.toml`, else `~/.config/modelfit/config.toml`.
pub fn user_config_path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let set = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(home) = set("MODELFIT_CONFIG_HOME") {
        return Some(home.join("config.toml"));
    }
    if let Some(xdg) = set("XDG_CONFIG_HOME") {
        return Some(xdg.join("modelfit").join("config.toml"));
    }
    set("HOME").map(|home| home.join(".config").join("modelfit").join("config.toml"))
}

/// Reads the user config at `path`: like a project file, but trusted, and `[trust]` applies.
pub fn load_user(path: &Path) -> std::io::Result<super::LoadedConfig> {
    let text = std::fs::read_to_string(path)?;
    let (config, problems) = super::parse_user(&text, path);
    Ok(super::LoadedConfig { path: path.to_path_buf(), text, config, problems })
}

/// The user config from its standard place, when there is one.
pub fn load_user_config(env: &dyn Fn(&str) -> Option<String>) -> std::io::Result<Option<super::LoadedConfig>> {
    match user_config_path(env) {
        Some(path) if path.is_file() => load_user(&path).map(Some),
        _ => Ok(None),
    }
}
