//! The tolerant reader behind [`super::parse`] and [`super::Config::from_json`].
//!
//! Both TOML and JSON settings go through the same typed walk over the known sections. Each leaf is
//! deserialized with serde into its typed value; every unknown key and every bad value becomes a
//! [`ConfigProblem`] at its position (nil-style: collect, never fail), and the valid rest applies.

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::calls::{ProviderConfig, RoleCall, Source};
use super::{AnalysisOptions, Config, ConfigProblem, FormatGlob, GlobList, Roles};
use crate::analysis::catalog::{self, Catalog, ModelKind, ModelOverride, Provider};
use crate::analysis::format::PromptFormat;
use crate::analysis::rules::{Severity, registry};
use crate::analysis::settings::RuleLevel;
use crate::analysis::text::TextRange;
use crate::llm::ProviderKind;

pub(super) const TOP_LEVEL_KEYS: [&str; 9] =
    ["rules", "include", "exclude", "models", "formats", "roles", "analysis", "providers", "trust"];
pub(super) const ROLE_TABLE_KEYS: [&str; 3] = ["model", "provider", "drafts"];
pub(super) const PROVIDER_KEYS: [&str; 3] = ["kind", "base_url", "api_key_env"];
pub(super) const TRUST_KEYS: [&str; 2] = ["project-base-url", "base-urls"];
pub(super) const ANALYSIS_KEYS: [&str; 2] = ["confidence-threshold", "reasoning-prompt-tokens"];
pub(super) const MODEL_KEYS: [&str; 5] = ["kind", "provider", "context_window", "max_output", "like"];
pub(super) const ROLE_KEYS: [&str; 2] = ["general", "inference"];
const LEVELS: &str = "\"error\", \"warning\", \"info\", \"hint\" or \"off\"";
const KNOWN_PROVIDERS: &str =
    "openai, anthropic, google, deepseek, alibaba, meta, mistral, xai, baidu, iflytek or other";

/// A parsed settings tree the walk can read: TOML with spans, or JSON without.
trait Node: Sized {
    fn span(&self) -> TextRange;
    fn type_name(&self) -> &'static str;
    /// The entries of a table (key, key span, value), or `None` when this is not a table.
    fn entries(&self) -> Option<Vec<(String, TextRange, &Self)>>;
    fn decode<T: DeserializeOwned>(&self) -> Result<T, String>;
}

impl Node for Spanned<DeValue<'_>> {
    fn span(&self) -> TextRange {
        self.span().into()
    }

    fn type_name(&self) -> &'static str {
        self.get_ref().type_str()
    }

    fn entries(&self) -> Option<Vec<(String, TextRange, &Self)>> {
        let table = self.get_ref().as_table()?;
        let mut entries: Vec<_> =
            table.iter().map(|(k, v)| (k.get_ref().to_string(), TextRange::from(k.span()), v)).collect();
        // Document order: `[formats]` globs are tried in the order written.
        entries.sort_by_key(|(_, range, _)| range.start);
        Some(entries)
    }

    fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
        T::deserialize(ValueDeserializer::from(self.clone())).map_err(|e| e.message().trim().to_owned())
    }
}

impl Node for serde_json::Value {
    fn span(&self) -> TextRange {
        TextRange::default()
    }

    fn type_name(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "boolean",
            Self::Number(_) => "number",
            Self::String(_) => "string",
            Self::Array(_) => "array",
            Self::Object(_) => "object",
        }
    }

    fn entries(&self) -> Option<Vec<(String, TextRange, &Self)>> {
        let object = self.as_object()?;
        Some(object.iter().map(|(k, v)| (k.clone(), TextRange::default(), v)).collect())
    }

    fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
        T::deserialize(self).map_err(|e| e.to_string())
    }
}

/// Parses `modelfit.toml` text. A syntax error yields one problem and the default config.
pub(super) fn parse_toml(text: &str) -> (Config, Vec<ConfigProblem>) {
    parse_toml_as(text, false)
}

/// Parses the user config file, where `[trust]` applies.
pub(super) fn parse_user_toml(text: &str) -> (Config, Vec<ConfigProblem>) {
    parse_toml_as(text, true)
}

fn parse_toml_as(text: &str, user: bool) -> (Config, Vec<ConfigProblem>) {
    match DeTable::parse(text) {
        Ok(root) => {
            let span = root.span();
            let root = Spanned::new(span, DeValue::Table(root.into_inner()));
            let mut walker = Walker { problems: Vec::new(), json: false, user };
            let config = walker.root(&root);
            (config, walker.problems)
        }
        Err(err) => {
            let range = err.span().map_or_else(TextRange::default, TextRange::from);
            let message =
                format!("invalid TOML: {}; the whole file is ignored until this is fixed", err.message().trim());
            (Config::default(), vec![ConfigProblem { range, message, severity: Severity::Error }])
        }
    }
}

/// Reads LSP settings of the same shape as the TOML; problems carry the key path in their text.
pub(super) fn parse_json(value: &serde_json::Value) -> (Config, Vec<String>) {
    let mut walker = Walker { problems: Vec::new(), json: true, user: false };
    let mut config = walker.root(value);
    config.calls.set_source(&Source::Editor);
    (config, walker.problems.into_iter().map(|p| p.message).collect())
}

struct Walker {
    problems: Vec<ConfigProblem>,
    /// JSON has no spans, so messages name the key path instead.
    json: bool,
    /// The user's own config file: `[trust]` is honoured there only.
    user: bool,
}

impl Walker {
    fn report(&mut self, range: TextRange, path: &str, severity: Severity, message: String) {
        let message = if self.json && !path.is_empty() { format!("`{path}`: {message}") } else { message };
        self.problems.push(ConfigProblem { range, message, severity });
    }

    fn unknown_key(&mut self, range: TextRange, path: &str, key: &str, valid: &[&str], what: &str) {
        let hint =
            did_you_mean(key, valid.iter().copied()).map(|s| format!("did you mean `{s}`? ")).unwrap_or_default();
        let message = format!("unknown key `{key}` {what}; {hint}valid keys are {}", list(valid));
        self.report(range, &join(path, key), Severity::Warning, message);
    }

    /// The entries of a table, or a problem saying a table was expected.
    fn table<'n, N: Node>(&mut self, node: &'n N, path: &str, example: &str) -> Vec<(String, TextRange, &'n N)> {
        node.entries().unwrap_or_else(|| {
            let message = format!("`{path}` must be a table, found {}; for example {example}", node.type_name());
            self.report(node.span(), path, Severity::Error, message);
            Vec::new()
        })
    }

    fn root<N: Node>(&mut self, root: &N) -> Config {
        let mut config = Config::default();
        for (key, key_range, value) in self.table(root, "", "`[rules]`") {
            match key.as_str() {
                "rules" => self.rules(value, &mut config),
                "include" => config.include = self.globs(value, "include"),
                "exclude" => config.exclude = self.globs(value, "exclude"),
                "models" => self.models(value, &mut config),
                "formats" => self.formats(value, &mut config),
                "roles" => self.roles(value, &mut config),
                "providers" => self.providers(value, &mut config),
                "trust" => self.trust(value, key_range, &mut config),
                "analysis" => config.analysis = self.analysis(value),
                _ => self.unknown_key(key_range, "", &key, &TOP_LEVEL_KEYS, "at the top level"),
            }
        }
        config
    }

    fn rules<N: Node>(&mut self, node: &N, config: &mut Config) {
        for (key, key_range, value) in self.table(node, "rules", "`[rules]` with `unknown-model = \"off\"`") {
            let path = join("rules", &key);
            let Some(rule) = registry::by_name(&key) else {
                let candidates = registry::all().iter().flat_map(|r| [r.meta().name, r.meta().code]);
                let hint = did_you_mean(&key, candidates).map(|s| format!("did you mean `{s}`? ")).unwrap_or_default();
                let names: Vec<&str> = registry::all().iter().map(|r| r.meta().name).collect();
                let message = format!(
                    "unknown rule `{key}`; {hint}known rules are {} (or their codes; run `modelfit rules`)",
                    list(&names)
                );
                self.report(key_range, &path, Severity::Warning, message);
                continue;
            };
            let level = match value.decode::<String>() {
                Ok(text) => parse_level(&text),
                Err(_) => Err(format!("expected a string, found {}", value.type_name())),
            };
            match level {
                Ok(level) => {
                    config.rules.insert(rule.meta().name.to_owned(), level);
                }
                Err(why) => {
                    let message = format!("bad level for rule `{key}`: {why}; use {LEVELS}");
                    self.report(value.span(), &path, Severity::Error, message);
                }
            }
        }
    }

    fn globs<N: Node>(&mut self, node: &N, key: &str) -> Option<GlobList> {
        let Ok(patterns) = node.decode::<Vec<String>>() else {
            let message = format!(
                "`{key}` must be a list of glob strings, found {}; for example {key} = [\"prompts/**\"]",
                node.type_name()
            );
            self.report(node.span(), key, Severity::Error, message);
            return None;
        };
        let mut valid = Vec::new();
        for pattern in patterns {
            match GlobList::compile_one(&pattern) {
                Ok(_) => valid.push(pattern),
                Err(err) => {
                    let message = format!("invalid glob `{pattern}` in `{key}`: {err}; this pattern is ignored");
                    self.report(node.span(), key, Severity::Error, message);
                }
            }
        }
        Some(GlobList::new(valid))
    }

    fn models<N: Node>(&mut self, node: &N, config: &mut Config) {
        let example = "`[models.\"my-model\"]` with `kind = \"inference\"`";
        for (name, _, entry) in self.table(node, "models", example) {
            let base = join("models", &name);
            let mut model = ModelOverride { name: name.clone(), ..ModelOverride::default() };
            for (key, key_range, value) in self.table(entry, &base, "`kind = \"inference\"`") {
                let path = join(&base, &key);
                match key.as_str() {
                    "kind" => model.kind = self.model_kind(value, &path),
                    "provider" => model.provider = self.provider(value, &path),
                    "context_window" | "max_output" => {
                        let tokens = match value.decode::<u32>() {
                            Ok(0) => Err("zero tokens".to_owned()),
                            Ok(n) => Ok(n),
                            Err(why) => Err(why),
                        };
                        match tokens {
                            Ok(n) if key == "context_window" => model.context_window = Some(n),
                            Ok(n) => model.max_output = Some(n),
                            Err(why) => {
                                let message = format!("`{key}` must be a positive whole number of tokens ({why})");
                                self.report(value.span(), &path, Severity::Error, message);
                            }
                        }
                    }
                    "like" => model.like = self.like(value, &path),
                    _ => self.unknown_key(key_range, &base, &key, &MODEL_KEYS, &format!("in model `{name}`")),
                }
            }
            config.models.insert(name, model);
        }
    }

    fn string<N: Node>(&mut self, node: &N, path: &str, what: &str) -> Option<String> {
        let decoded = node.decode::<String>().ok();
        if decoded.is_none() {
            let message = format!("{what} must be a string, found {}", node.type_name());
            self.report(node.span(), path, Severity::Error, message);
        }
        decoded
    }

    fn model_kind<N: Node>(&mut self, node: &N, path: &str) -> Option<ModelKind> {
        let text = self.string(node, path, "`kind`")?;
        let kind =
            [ModelKind::General, ModelKind::Inference, ModelKind::Hybrid].into_iter().find(|k| k.as_str() == text);
        if kind.is_none() {
            let message = format!("unknown model kind `{text}`; use \"general\", \"inference\" or \"hybrid\"");
            self.report(node.span(), path, Severity::Error, message);
        }
        kind
    }

    fn provider<N: Node>(&mut self, node: &N, path: &str) -> Option<Provider> {
        let text = self.string(node, path, "`provider`")?;
        let provider = Provider::from_name(&text);
        if provider == Provider::Other && !text.eq_ignore_ascii_case("other") {
            let message = format!(
                "unknown provider `{text}`; the model is kept with an unknown provider. Known: {KNOWN_PROVIDERS}"
            );
            self.report(node.span(), path, Severity::Warning, message);
        }
        Some(provider)
    }

    fn like<N: Node>(&mut self, node: &N, path: &str) -> Option<String> {
        let like = self.string(node, path, "`like`")?;
        let builtin = Catalog::builtin();
        let normalized = catalog::normalize(&like);
        if builtin.lookup(&normalized).is_none() {
            let hint =
                builtin.suggest(&normalized).first().map(|s| format!("did you mean `{s}`? ")).unwrap_or_default();
            let message = format!(
                "`like = \"{like}\"` names no built-in model, so nothing is copied; {hint}use a model id from the built-in catalog"
            );
            self.report(node.span(), path, Severity::Warning, message);
        }
        Some(like)
    }

    fn formats<N: Node>(&mut self, node: &N, config: &mut Config) {
        let names: Vec<&str> = PromptFormat::ALL.iter().map(|f| f.name()).collect();
        let example = "`\"prompts/**/*.md\" = \"copilot-prompt\"`";
        for (pattern, key_range, value) in self.table(node, "formats", example) {
            let path = join("formats", &pattern);
            let Some(name) = self.string(value, &path, "a format name") else { continue };
            let Some(format) = PromptFormat::from_name(&name) else {
                let hint = did_you_mean(&name, names.iter().copied())
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                let message = format!("unknown format `{name}`; {hint}formats are {}", list(&names));
                self.report(value.span(), &path, Severity::Error, message);
                continue;
            };
            match FormatGlob::new(pattern.clone(), format) {
                Ok(entry) => config.formats.push(entry),
                Err(err) => {
                    let message = format!("invalid glob `{pattern}`: {err}; this entry is ignored");
                    self.report(key_range, &path, Severity::Error, message);
                }
            }
        }
    }

    fn roles<N: Node>(&mut self, node: &N, config: &mut Config) {
        let mut roles = Roles::default();
        for (key, key_range, value) in self.table(node, "roles", "`[roles]` with `general = \"gpt-4.1\"`") {
            let path = join("roles", &key);
            let (target, call) = match key.as_str() {
                "general" => (&mut roles.general, &mut config.calls.general),
                "inference" => (&mut roles.inference, &mut config.calls.inference),
                _ => {
                    self.unknown_key(key_range, "roles", &key, &ROLE_KEYS, "in `[roles]`");
                    continue;
                }
            };
            if value.entries().is_some() {
                *call = self.role_call(value, &path);
                target.clone_from(&call.model);
            } else {
                let what = format!("`{key}` (a model name, or a table with `model`, `provider`, `drafts`)");
                *target = self.string(value, &path, &what);
                call.model.clone_from(target);
            }
        }
        config.roles = roles;
    }

    /// `[roles.general]` as a table: `model`, `provider`, `drafts`.
    fn role_call<N: Node>(&mut self, node: &N, base: &str) -> RoleCall {
        let mut call = RoleCall::default();
        for (key, key_range, value) in self.table(node, base, "`model = \"gpt-4.1\"`") {
            let path = join(base, &key);
            match key.as_str() {
                "model" => call.model = self.string(value, &path, "`model`"),
                "provider" => call.provider = self.string(value, &path, "`provider`"),
                "drafts" => match value.decode::<u32>() {
                    Ok(n @ 1..=10) => call.drafts = Some(n),
                    found => {
                        let found = found.map_or_else(|_| value.type_name().to_owned(), |n| n.to_string());
                        let message = format!(
                            "`drafts` must be a whole number from 1 to 10, found {found}; for example 3 (the default)"
                        );
                        self.report(value.span(), &path, Severity::Error, message);
                    }
                },
                _ => self.unknown_key(key_range, base, &key, &ROLE_TABLE_KEYS, &format!("in `[{base}]`")),
            }
        }
        call
    }

    fn providers<N: Node>(&mut self, node: &N, config: &mut Config) {
        let example = "`[providers.local]` with `kind = \"openai\"` and `base_url = \"http://127.0.0.1:8080/v1\"`";
        for (name, _, entry) in self.table(node, "providers", example) {
            let base = join("providers", &name);
            let mut provider = ProviderConfig::default();
            for (key, key_range, value) in self.table(entry, &base, "`kind = \"openai\"`") {
                let path = join(&base, &key);
                match key.as_str() {
                    "kind" => {
                        let Some(text) = self.string(value, &path, "`kind`") else { continue };
                        provider.kind = ProviderKind::from_name(&text);
                        if provider.kind.is_none() {
                            let names: Vec<&str> = ProviderKind::ALL.iter().map(|k| k.name()).collect();
                            let hint = did_you_mean(&text, names.iter().copied())
                                .map(|s| format!("did you mean `{s}`? "))
                                .unwrap_or_default();
                            let message = format!(
                                "unknown provider kind `{text}`; {hint}kinds are {} (`openai` is Chat Completions, which most servers speak)",
                                list(&names)
                            );
                            self.report(value.span(), &path, Severity::Error, message);
                        }
                    }
                    "base_url" => {
                        let Some(url) = self.string(value, &path, "`base_url`") else { continue };
                        if url.starts_with("http://") || url.starts_with("https://") {
                            provider.base_url = Some(url);
                        } else {
                            let message = format!(
                                "`base_url` must start with http:// or https://, found `{url}`; for example \"http://127.0.0.1:8080/v1\""
                            );
                            self.report(value.span(), &path, Severity::Error, message);
                        }
                    }
                    "api_key_env" => {
                        let Some(var) = self.string(value, &path, "`api_key_env`") else { continue };
                        if looks_like_a_key(&var) {
                            // Never echo it: it may be the key itself.
                            let message = "`api_key_env` names an environment variable (like \"OPENAI_API_KEY\"); this looks like a key itself. Remove it from this file, rotate the key if the file was shared, and set the variable instead".to_owned();
                            self.report(value.span(), &path, Severity::Error, message);
                        } else {
                            provider.api_key_env = Some(var);
                        }
                    }
                    "api_key" => {
                        let message = "keys are never read from config files; set an environment variable and name it with `api_key_env = \"MY_KEY\"`".to_owned();
                        self.report(key_range, &path, Severity::Error, message);
                    }
                    _ => self.unknown_key(key_range, &base, &key, &PROVIDER_KEYS, &format!("in provider `{name}`")),
                }
            }
            config.calls.providers.insert(name, provider);
        }
    }

    fn trust<N: Node>(&mut self, node: &N, key_range: TextRange, config: &mut Config) {
        if !self.user {
            let message = "`[trust]` is ignored here: only your user config file (~/.config/modelfit/config.toml, or $MODELFIT_CONFIG_HOME/config.toml) can decide which servers receive your keys".to_owned();
            self.report(key_range, "trust", Severity::Warning, message);
            return;
        }
        for (key, key_range, value) in
            self.table(node, "trust", "`[trust]` with `base-urls = [\"https://llm.example/v1\"]`")
        {
            let path = join("trust", &key);
            match key.as_str() {
                "project-base-url" => {
                    if let Ok(b) = value.decode::<bool>() {
                        config.calls.trust.project_base_url = b;
                    } else {
                        let message = format!("`project-base-url` must be true or false, found {}", value.type_name());
                        self.report(value.span(), &path, Severity::Error, message);
                    }
                }
                "base-urls" => match value.decode::<Vec<String>>() {
                    Ok(urls) => config.calls.trust.base_urls = urls,
                    Err(_why) => {
                        let message = format!(
                            "`base-urls` must be a list of URLs, found {}; for example [\"https://llm.example/v1\"]",
                            value.type_name()
                        );
                        self.report(value.span(), &path, Severity::Error, message);
                    }
                },
                _ => self.unknown_key(key_range, "trust", &key, &TRUST_KEYS, "in `[trust]`"),
            }
        }
    }

    fn analysis<N: Node>(&mut self, node: &N) -> AnalysisOptions {
        let mut options = AnalysisOptions::default();
        let example = "`[analysis]` with `confidence-threshold = 0.3`";
        for (key, key_range, value) in self.table(node, "analysis", example) {
            let path = join("analysis", &key);
            match key.as_str() {
                "confidence-threshold" => match value.decode::<f64>() {
                    #[allow(clippy::cast_possible_truncation)] // In 0..=1, so f32 holds it closely enough.
                    Ok(t) if (0.0..=1.0).contains(&t) => options.confidence_threshold = Some(t as f32),
                    found => {
                        let found = found.map_or_else(|_| value.type_name().to_owned(), |t| t.to_string());
                        let message = format!(
                            "`confidence-threshold` must be a number from 0 to 1, found {found}; for example 0.3 (the default)"
                        );
                        self.report(value.span(), &path, Severity::Error, message);
                    }
                },
                "reasoning-prompt-tokens" => match value.decode::<usize>() {
                    Ok(n) if n > 0 => options.reasoning_prompt_tokens = Some(n),
                    found => {
                        let found = found.map_or_else(|_| value.type_name().to_owned(), |n| n.to_string());
                        let message = format!(
                            "`reasoning-prompt-tokens` must be a positive whole number, found {found}; for example 1000 (the default)"
                        );
                        self.report(value.span(), &path, Severity::Error, message);
                    }
                },
                _ => self.unknown_key(key_range, "analysis", &key, &ANALYSIS_KEYS, "in `[analysis]`"),
            }
        }
        options
    }
}

/// An environment variable name is short and made of letters, digits and `_`; a key is long
/// and has other characters or prefixes (`sk-`, `AIza`).
fn looks_like_a_key(value: &str) -> bool {
    let name_like = !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    !name_like || value.len() > 64 || value.starts_with("sk-") || value.starts_with("AIza")
}

/// `off` or a severity.
fn parse_level(text: &str) -> Result<RuleLevel, String> {
    if text == "off" {
        return Ok(RuleLevel::Off);
    }
    text.parse::<Severity>().map(RuleLevel::On).map_err(|_| format!("`{text}` is not a level"))
}

/// The candidate closest to `input`, when it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&input, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn list(items: &[&str]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}
