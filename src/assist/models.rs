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

/// The model calls configuration for `project`: the user's config file under it (trusted: it alone
/// may allow a project `base_url` to carry a key), the project's settings on top.
fn calls(project: &Config) -> crate::config::calls::ModelCalls {
    match crate::config::calls::load_user_config(&env) {
        Ok(Some(user)) => user.config.calls.merge(project.calls.clone()),
        Ok(None) => project.calls.clone(),
        Err(e) => {
            tracing::warn!("cannot read the user configuration: {e}");
            project.calls.clone()
        }
    }
}

/// The endpoints for the general and inference roles under `config`.
pub fn from_config(config: &Config) -> Result<Models, String> {
    let calls = calls(config);
    let general = llm::resolve_role(&calls, RoleKind::General, &env).map_err(|e| e.to_string())?;
    let inference = llm::resolve_role(&calls, RoleKind::Inference, &env).map_err(|e| e.to_string())?;
    for note in general.notes.iter().chain(&inference.notes) {
        tracing::warn!("{note}");
    }
    Ok(Models { general, inference, drafts: calls.general.drafts() as usize })
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
    let calls = calls(config);
    let name = |role: RoleKind, configured: &Option<String>, fallback: &str| {
        configured.clone().or_else(|| llm::resolve_role(&calls, role, &env).ok().map(|e| e.model)).unwrap_or_else(|| fallback.to_owned())
    };
    (
        name(RoleKind::General, &calls.general.model, "general model"),
        name(RoleKind::Inference, &calls.inference.model, "inference model"),
    )
}
