//! The built-in catalog table, from `shared/research/reasoning-models.md` section B.

use super::{Dialect, ModelInfo, ModelKind, Provider};

pub(super) fn entries() -> Vec<ModelInfo> {
    let entry = |id: &str, kind, provider, dialect| ModelInfo {
        id: id.to_owned(),
        kind,
        provider,
        dialect,
        context_window: None,
        max_output: None,
        rejects: Vec::new(),
        rejects_system_message: false,
        user_defined: false,
    };
    vec![
        entry("o3-mini", ModelKind::Inference, Provider::OpenAi, Dialect::OpenAiChat),
        entry("gpt-4.1", ModelKind::General, Provider::OpenAi, Dialect::OpenAiChat),
    ]
}
