//! The settings schema: every key of `modelfit.toml` that an editor may also send as LSP settings,
//! with its JSON type and a description. The VS Code extension's `contributes.configuration` is
//! generated from it (`tests/vscode_schema.rs` fails when `editors/vscode/package.json` drifts;
//! `UPDATE_EXPECT=1` rewrites it), and the tests below check it against what the parser accepts,
//! so a key added to one and not the other is caught.
//!
//! Each server setting becomes a VS Code setting `modelfit.<key>`; VS Code nests dotted names, so
//! `workspace.getConfiguration("modelfit")` yields exactly the JSON shape the server reads.

use serde_json::{Value, json};

use crate::analysis::catalog::ModelKind;
use crate::analysis::format::PromptFormat;
use crate::analysis::rules::registry;
use crate::llm::ProviderKind;

/// The levels a rule can be set to.
const LEVELS: [&str; 5] = ["error", "warning", "info", "hint", "off"];

/// One setting the server reads.
#[derive(Debug, Clone)]
pub struct Setting {
    /// The dotted key path, as in TOML (`analysis.confidence-threshold`).
    pub key: &'static str,
    /// The JSON schema of the value (without its description).
    pub schema: Value,
    pub description: String,
    /// A valid value, used by the tests to prove the parser accepts the key.
    pub example: Value,
}

/// Every setting the server reads, in the order an editor should list them.
pub fn settings() -> Vec<Setting> {
    let globs = json!({ "type": "array", "items": { "type": "string" } });
    let model_kinds: Vec<&str> =
        [ModelKind::General, ModelKind::Inference, ModelKind::Hybrid].map(ModelKind::as_str).into();
    let formats: Vec<&str> = PromptFormat::ALL.iter().map(|f| f.name()).collect();
    let provider_kinds: Vec<&str> = ProviderKind::ALL.iter().map(|k| k.name()).collect();
    vec![
        Setting {
            key: "roles.general.model",
            schema: json!({ "type": ["string", "null"], "default": null }),
            description: "The general-purpose model: drafts are written with it, and a model-fit quick fix switches to it (e.g. `gpt-4.1`). Empty: modelfit.toml, else a model of the prompt's provider.".into(),
            example: json!("gpt-4.1"),
        },
        Setting {
            key: "roles.general.provider",
            schema: json!({ "type": ["string", "null"], "default": null }),
            description: "Who serves the general model: a `modelfit.providers` name or a built-in one (openai, anthropic, gemini, deepseek, ollama). Empty: the provider whose API key is set.".into(),
            example: json!("openai"),
        },
        Setting {
            key: "roles.general.drafts",
            schema: json!({ "type": ["integer", "null"], "default": null, "minimum": 1, "maximum": 10 }),
            description: "How many drafts \"Draft then verify\" asks the general model for (1 to 10). Empty: 3.".into(),
            example: json!(2),
        },
        Setting {
            key: "roles.inference.model",
            schema: json!({ "type": ["string", "null"], "default": null }),
            description: "The reasoning (inference) model: drafts are verified with it, and a model-fit quick fix switches to it (e.g. `o3-mini`). Empty: modelfit.toml, else a model of the prompt's provider.".into(),
            example: json!("o3-mini"),
        },
        Setting {
            key: "roles.inference.provider",
            schema: json!({ "type": ["string", "null"], "default": null }),
            description: "Who serves the inference model: a `modelfit.providers` name or a built-in one (openai, anthropic, gemini, deepseek, ollama). Empty: the provider whose API key is set.".into(),
            example: json!("openai"),
        },
        Setting {
            key: "analysis.confidence-threshold",
            schema: json!({ "type": ["number", "null"], "default": null, "minimum": 0, "maximum": 1 }),
            description: "Classifier confidence (0 to 1) a model-fit rule needs before it speaks. Empty: modelfit.toml or the built-in 0.3.".into(),
            example: json!(0.4),
        },
        Setting {
            key: "analysis.reasoning-prompt-tokens",
            schema: json!({ "type": ["integer", "null"], "default": null, "minimum": 1 }),
            description: "Instruction tokens above which a prompt is long for a reasoning model. Empty: modelfit.toml or the built-in 1000.".into(),
            example: json!(1500),
        },
        Setting {
            key: "rules",
            schema: rules_schema(),
            description: "Rule levels by rule name or code: \"error\", \"warning\", \"info\", \"hint\" or \"off\". They win over modelfit.toml.".into(),
            example: json!({ registry::all()[0].meta().name: "off", registry::all()[1].meta().code: "warning" }),
        },
        Setting {
            key: "include",
            schema: globs.clone(),
            description: "When set, only files matching one of these globs are checked (relative to the workspace's modelfit.toml).".into(),
            example: json!(["prompts/**"]),
        },
        Setting {
            key: "exclude",
            schema: globs,
            description: "Files matching one of these globs are not checked.".into(),
            example: json!(["prompts/archive/**"]),
        },
        Setting {
            key: "formats",
            schema: json!({ "type": "object", "additionalProperties": { "enum": formats } }),
            description: "Extra file patterns mapped to a prompt format, tried before the built-in file-name suffixes.".into(),
            example: json!({ "prompts/**/*.md": "copilot-prompt" }),
        },
        Setting {
            key: "models",
            schema: json!({
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "kind": { "enum": model_kinds, "description": "How the model works." },
                        "provider": { "type": "string", "description": "Who serves it: openai, anthropic, google, deepseek, ..." },
                        "context_window": { "type": "integer", "minimum": 1, "description": "Context window in tokens." },
                        "max_output": { "type": "integer", "minimum": 1, "description": "Maximum output tokens." },
                        "like": { "type": "string", "description": "A built-in model to copy everything else from." }
                    }
                }
            }),
            description: "Teach modelfit a model, or change a built-in one, keyed by model name.".into(),
            example: json!({ "acme-reasoner": { "kind": "inference", "provider": "openai", "context_window": 200_000, "max_output": 32_000, "like": "o3-mini" } }),
        },
        Setting {
            key: "providers",
            schema: json!({
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "kind": { "enum": provider_kinds, "description": "The API it speaks: `openai` is Chat Completions, which most servers speak." },
                        "base_url": { "type": "string", "description": "The API's base URL, e.g. `http://127.0.0.1:8080/v1`." },
                        "api_key_env": { "type": "string", "description": "The environment variable holding the key (never the key itself)." }
                    }
                }
            }),
            description: "Model servers by name, for `modelfit.roles.*.provider`. Keys are never settings: name their environment variable. A `base_url` from workspace settings receives a key only if your user config trusts it.".into(),
            example: json!({ "local": { "kind": "openai", "base_url": "http://127.0.0.1:8080/v1", "api_key_env": "LOCAL_API_KEY" } }),
        },
    ]
}

/// `rules`: one property per rule name, so editors complete and describe them; codes also work.
fn rules_schema() -> Value {
    let properties: serde_json::Map<String, Value> = registry::all()
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            let description =
                format!("{} {}: {} (default: {}).", meta.code, meta.name, meta.summary, meta.default_severity);
            (meta.name.to_owned(), json!({ "enum": LEVELS, "description": description }))
        })
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": { "enum": LEVELS }
    })
}

/// Settings that only the VS Code extension reads; it never sends them to the server.
pub const VSCODE_CLIENT_KEYS: [&str; 3] = ["path", "trace.server", "statusBar.enabled"];

/// The `contributes.configuration` object of the VS Code extension's package.json.
pub fn vscode_configuration() -> Value {
    let mut properties = serde_json::Map::new();
    let client = [
        (
            "path",
            json!({ "type": "string", "default": "", "scope": "machine-overridable",
                    "markdownDescription": "Path to the `modelfit` binary. Empty: `modelfit` on your `PATH`. Install it with `cargo install --path .` in a modelfit checkout." }),
        ),
        (
            "trace.server",
            json!({ "enum": ["off", "messages", "verbose"], "default": "off",
                    "description": "Log the messages between VS Code and the modelfit language server (View: modelfit: Show Log)." }),
        ),
        (
            "statusBar.enabled",
            json!({ "type": "boolean", "default": true,
                    "description": "Show the current prompt's task and whether its model fits in the status bar." }),
        ),
    ];
    for (key, schema) in client {
        properties.insert(format!("modelfit.{key}"), schema);
    }
    for setting in settings() {
        let mut schema = setting.schema;
        schema["markdownDescription"] = Value::String(setting.description);
        properties.insert(format!("modelfit.{}", setting.key), schema);
    }
    json!({ "title": "modelfit", "properties": properties })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{VSCODE_CLIENT_KEYS, settings, vscode_configuration};
    use crate::config::Config;
    use crate::config::parse::{ANALYSIS_KEYS, MODEL_KEYS, PROVIDER_KEYS, ROLE_KEYS, ROLE_TABLE_KEYS, TOP_LEVEL_KEYS};

    /// Builds `{"a": {"b": value}}` from `a.b`.
    fn nested(key: &str, value: Value) -> Value {
        key.rsplit('.').fold(value, |inner, part| json!({ part: inner }))
    }

    #[test]
    fn every_schema_key_is_accepted_by_the_parser_and_changes_the_config() {
        for setting in settings() {
            let (config, problems) = Config::from_json(&nested(setting.key, setting.example.clone()));
            assert_eq!(problems, Vec::<String>::new(), "{}", setting.key);
            assert_ne!(config, Config::default(), "`{}` = {} had no effect", setting.key, setting.example);
        }
    }

    #[test]
    fn every_key_the_parser_accepts_is_in_the_schema() {
        let keys: Vec<&str> = settings().iter().map(|s| s.key).collect();
        let top: Vec<&str> = keys.iter().map(|k| k.split('.').next().unwrap_or(k)).collect();
        // `[trust]` is read from the user's own config file only; a setting could come from a
        // workspace's settings file, so it has no place in the editor's settings.
        for key in TOP_LEVEL_KEYS.into_iter().filter(|k| *k != "trust") {
            assert!(top.contains(&key), "`{key}` is read by the parser but missing from config/schema.rs");
        }
        let roles = ROLE_KEYS.iter().flat_map(|r| ROLE_TABLE_KEYS.iter().map(move |k| format!("{r}.{k}")));
        let wanted =
            |section: &str, keys: Vec<String>| keys.into_iter().map(|k| format!("{section}.{k}")).collect::<Vec<_>>();
        let mut expected = wanted("analysis", ANALYSIS_KEYS.iter().map(ToString::to_string).collect());
        expected.extend(wanted("roles", roles.collect()));
        // Only the general role's drafts count: verification runs once.
        expected.retain(|k| k != "roles.inference.drafts");
        for full in expected {
            assert!(keys.contains(&full.as_str()), "`{full}` is missing from config/schema.rs");
        }
        for (section, section_keys) in [("models", &MODEL_KEYS[..]), ("providers", &PROVIDER_KEYS[..])] {
            let schema = &settings().into_iter().find(|s| s.key == section).expect("section").schema;
            let described = &schema["additionalProperties"]["properties"];
            for key in section_keys {
                assert!(described.get(key).is_some(), "`{section}.*.{key}` is missing from config/schema.rs");
            }
        }
    }

    #[test]
    fn trust_in_editor_settings_is_refused() {
        let (_, problems) = Config::from_json(&json!({ "trust": { "project-base-url": true } }));
        assert_eq!(problems.len(), 1, "{problems:?}");
    }

    #[test]
    fn client_only_keys_are_not_server_keys() {
        let config = vscode_configuration();
        for key in VSCODE_CLIENT_KEYS {
            assert!(config["properties"].get(format!("modelfit.{key}")).is_some(), "{key}");
            assert!(!settings().iter().any(|s| s.key == key), "{key} is both a client and a server key");
        }
    }
}
