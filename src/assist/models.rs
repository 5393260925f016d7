//! Which models do the work for a file: the roles of its configuration (the project's
//! `modelfit.toml` and the editor settings over the user's own config file), resolved to endpoints
//! by `crate::llm`, with the process environment for keys.

use std::path::Path;

use super::Models;
use crate::config::{Config, ConfigCache};
use crate::llm::{self, RoleKind};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The configuration model calls are made under: the user's config file (trusted: it alone may
/// allow a project `base_url` to carry a key) with the project's settings on top.
fn with_user(project: &Config) -> Config {
    match crate::config::load_user_config(&env) {
        Ok(Some(user)) => user.config.merge(project.clone()),
        Ok(None) => project.clone(),
        Err(e) => {
            tracing::warn!("cannot read the user configuration: {e}");
            project.clone()
        }
    }
}

/// The endpoints for the general and inference roles under `config`.
pub fn from_config(config: &Config) -> Result<Models, String> {
    let config = with_user(config);
    let general = llm::resolve_role(&config, RoleKind::General, &env).map_err(|e| e.to_string())?;
    let inference = llm::resolve_role(&config, RoleKind::Inference, &env).map_err(|e| e.to_string())?;
    for note in general.notes.iter().chain(&inference.notes) {
        tracing::warn!("{note}");
    }
    Ok(Models { general, inference, drafts: config.calls.general.drafts() as usize })
}

/// The endpoints for a file on disk, from the `modelfit.toml` above it.
pub fn for_file(path: &Path) -> Result<Models, String> {
    let project = match ConfigCache::default().for_file(path) {
        Ok(Some(loaded)) => {
            for p in &loaded.problems {
                eprintln!("modelfit: {}: {}", loaded.path.display(), p.message);
            }
            loaded.config.clone()
        }
        Ok(None) => Config::default(),
        Err(e) => return Err(format!("cannot read the configuration for {}: {e}", path.display())),
    };
    from_config(&project)
}

/// The model names for code action titles; cheap and never failing (a role that cannot be
/// resolved shows its configured name, or the role).
pub fn names(config: &Config) -> (String, String) {
    let config = with_user(config);
    let name = |role: RoleKind, fallback: &str| {
        llm::resolve_role(&config, role, &env).map_or_else(|_| fallback.to_owned(), |e| e.model)
    };
    (name(RoleKind::General, "general model"), name(RoleKind::Inference, "inference model"))
}
