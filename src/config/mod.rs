//! `modelfit.toml`: the configuration schema, its tolerant parser (bad keys and values become
//! problems at their positions, the valid rest still applies), and discovery on disk.
//!
//! ```toml
//! include = ["prompts/**", ".github/**"]      # only these files (relative to this file's folder)
//! exclude = ["**/drafts/**"]
//!
//! [rules]                                    # rule name or code → error|warning|info|hint|off
//! unknown-model = "off"
//! MF004 = "warning"
//!
//! [models."acme-reasoner"]                   # add or change catalog entries
//! kind = "inference"                         # general | inference | hybrid
//! provider = "openai"
//! context_window = 128000
//! max_output = 32000
//! like = "o3-mini"                           # copy everything else from this model
//!
//! [formats]                                  # extra file names → format (see `PromptFormat::name`)
//! "prompts/**/*.md" = "copilot-prompt"
//!
//! [roles]                                    # the models a model-fit quick fix switches to
//! general = "gpt-4.1"
//! inference = "o3-mini"
//!
//! [analysis]                                 # tunables of the model-fit rules
//! confidence-threshold = 0.3                 # classifier confidence needed to speak, 0..1
//! reasoning-prompt-tokens = 1000             # instruction tokens too many for a reasoning model
//! ```
//!
//! Globs follow gitignore conventions: a pattern without `/` matches at any depth, `*` stops at
//! `/`, `**` crosses folders. They are matched against paths relative to [`Config::root`].

mod calls;
mod parse;
pub mod schema;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};

use crate::analysis::catalog::ModelOverride;
use crate::analysis::format::PromptFormat;
use crate::analysis::rules::{Severity, registry};
use crate::analysis::settings::{RuleLevel, Settings};
use crate::analysis::text::TextRange;

pub use calls::{
    DEFAULT_DRAFTS, ModelCalls, ProviderConfig, RoleCall, Source, Trust, load_user, load_user_config, user_config_path,
    with_user_config,
};
pub(crate) use parse::did_you_mean;

/// The file name looked for by [`discover`].
pub const FILE_NAME: &str = "modelfit.toml";

/// The user's configuration. Every part is optional; the default checks with built-in settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Rule levels keyed by rule *name* (codes are mapped to names when read).
    pub rules: BTreeMap<String, RuleLevel>,
    /// When set, only files matching one of these globs are checked.
    pub include: Option<GlobList>,
    pub exclude: Option<GlobList>,
    /// `[models."name"]` entries keyed by the name as written.
    pub models: BTreeMap<String, ModelOverride>,
    /// Extra glob → format mappings, tried in order before the built-in file-name suffixes.
    pub formats: Vec<FormatGlob>,
    pub roles: Roles,
    /// Model calls: role models and providers, `[providers]`, `[trust]` (see [`ModelCalls`]).
    pub calls: ModelCalls,
    pub analysis: AnalysisOptions,
    /// The folder globs are relative to: the config file's folder. `None` matches paths as given.
    pub root: Option<PathBuf>,
}

/// `[roles]`: which model stands for each kind of work.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roles {
    pub general: Option<String>,
    pub inference: Option<String>,
}

/// `[analysis]`: tunables of the model-fit rules; `None` keeps the built-in default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnalysisOptions {
    /// `confidence-threshold`, in `0.0..=1.0`.
    pub confidence_threshold: Option<f32>,
    /// `reasoning-prompt-tokens`, at least 1.
    pub reasoning_prompt_tokens: Option<usize>,
}

/// A problem in the configuration, at a byte range of the TOML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub range: TextRange,
    /// Says what is wrong and what to write instead.
    pub message: String,
    pub severity: Severity,
}

/// A configuration file read from disk.
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub path: PathBuf,
    pub text: String,
    pub config: Config,
    pub problems: Vec<ConfigProblem>,
}

/// A list of globs compiled into one matcher.
#[derive(Debug, Clone)]
pub struct GlobList {
    patterns: Vec<String>,
    set: GlobSet,
}

impl PartialEq for GlobList {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns
    }
}

impl GlobList {
    /// Compiles `patterns`, dropping any that do not compile (the parser has reported them).
    pub fn new(patterns: Vec<String>) -> Self {
        let mut builder = GlobSetBuilder::new();
        let mut kept = Vec::new();
        for pattern in patterns {
            if let Ok(glob) = Self::compile_one(&pattern) {
                builder.add(glob);
                kept.push(pattern);
            }
        }
        let set = builder.build().unwrap_or_else(|_| GlobSet::empty());
        Self { patterns: kept, set }
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    pub fn is_match(&self, relative: &Path) -> bool {
        self.set.is_match(relative)
    }

    /// Gitignore-like: `*` stays within a folder, and a pattern without `/` matches at any depth.
    fn compile_one(pattern: &str) -> Result<Glob, globset::Error> {
        let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
        let anchored = if pattern.contains('/') { pattern.to_owned() } else { format!("**/{pattern}") };
        GlobBuilder::new(&anchored).literal_separator(true).build()
    }
}

/// One `[formats]` entry.
#[derive(Debug, Clone)]
pub struct FormatGlob {
    pub pattern: String,
    pub format: PromptFormat,
    matcher: GlobMatcher,
}

impl PartialEq for FormatGlob {
    fn eq(&self, other: &Self) -> bool {
        self.pattern == other.pattern && self.format == other.format
    }
}

impl FormatGlob {
    pub fn new(pattern: String, format: PromptFormat) -> Result<Self, globset::Error> {
        let matcher = GlobList::compile_one(&pattern)?.compile_matcher();
        Ok(Self { pattern, format, matcher })
    }
}

/// Parses `modelfit.toml` text. Pure and tolerant: problems are returned beside the config, and a
/// syntax error yields a single problem and the default config.
pub fn parse(text: &str) -> (Config, Vec<ConfigProblem>) {
    parse::parse_toml(text)
}

/// Parses the user config file's text: like [`parse`], but `[trust]` applies and every setting
/// counts as the user's own.
pub fn parse_user(text: &str, path: &Path) -> (Config, Vec<ConfigProblem>) {
    let (mut config, problems) = parse::parse_user_toml(text);
    config.calls.set_source(&Source::User(path.to_path_buf()));
    (config, problems)
}

impl Config {
    /// The analysis settings this configuration asks for.
    pub fn settings(&self) -> Settings {
        let levels: HashMap<String, RuleLevel> = self
            .rules
            .iter()
            .map(|(name, level)| {
                // Keys are names already when they came through the parser; map codes set by hand.
                let name = registry::by_name(name).map_or(name.as_str(), |r| r.meta().name);
                (name.to_owned(), *level)
            })
            .collect();
        let overrides: Vec<ModelOverride> = self.models.values().cloned().collect();
        let mut settings = Settings::new(levels, &overrides);
        let options = &mut settings.options;
        if let Some(threshold) = self.analysis.confidence_threshold {
            options.confidence_threshold = threshold;
        }
        if let Some(tokens) = self.analysis.reasoning_prompt_tokens {
            options.reasoning_prompt_tokens = tokens;
        }
        options.general_model.clone_from(&self.roles.general);
        options.inference_model.clone_from(&self.roles.inference);
        settings
    }

    /// The format of `path`: a `[formats]` glob first, then the built-in file-name suffixes.
    pub fn format_for(&self, path: &Path) -> Option<PromptFormat> {
        if !self.formats.is_empty()
            && let Some(relative) = self.relative(path)
            && let Some(entry) = self.formats.iter().find(|f| f.matcher.is_match(&relative))
        {
            return Some(entry.format);
        }
        PromptFormat::from_path(&path.to_string_lossy())
    }

    /// True when `include` is set and `path` matches none of it, or `path` matches `exclude`.
    /// Paths outside [`Config::root`] are never excluded.
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return false;
        }
        let Some(relative) = self.relative(path) else { return false };
        self.include.as_ref().is_some_and(|inc| !inc.is_match(&relative))
            || self.exclude.as_ref().is_some_and(|exc| exc.is_match(&relative))
    }

    /// Layers `overlay` over `self`: every key the overlay sets wins.
    #[must_use]
    pub fn merge(mut self, overlay: Config) -> Config {
        self.rules.extend(overlay.rules);
        for (name, o) in overlay.models {
            match self.models.get_mut(&name) {
                Some(base) => {
                    base.kind = o.kind.or(base.kind);
                    base.provider = o.provider.or(base.provider);
                    base.context_window = o.context_window.or(base.context_window);
                    base.max_output = o.max_output.or(base.max_output);
                    base.like = o.like.or(base.like.take());
                }
                None => {
                    self.models.insert(name, o);
                }
            }
        }
        let mut formats = overlay.formats;
        formats.extend(self.formats);
        Config {
            rules: self.rules,
            include: overlay.include.or(self.include),
            exclude: overlay.exclude.or(self.exclude),
            models: self.models,
            formats,
            roles: Roles {
                general: overlay.roles.general.or(self.roles.general),
                inference: overlay.roles.inference.or(self.roles.inference),
            },
            calls: self.calls.merge(overlay.calls),
            analysis: AnalysisOptions {
                confidence_threshold: overlay.analysis.confidence_threshold.or(self.analysis.confidence_threshold),
                reasoning_prompt_tokens: overlay
                    .analysis
                    .reasoning_prompt_tokens
                    .or(self.analysis.reasoning_prompt_tokens),
            },
            root: overlay.root.or(self.root),
        }
    }

    /// Reads LSP `initializationOptions` / `didChangeConfiguration` settings of the same shape as
    /// the TOML (`{"rules": {"unknown-model": "off"}, "models": {...}}`). Problems name their key.
    pub fn from_json(value: &serde_json::Value) -> (Config, Vec<String>) {
        parse::parse_json(value)
    }

    /// `path` relative to the root, without a leading `./`; `None` when it lies outside the root.
    fn relative(&self, path: &Path) -> Option<PathBuf> {
        match &self.root {
            Some(root) => {
                let absolute = std::path::absolute(path).ok()?;
                absolute.strip_prefix(root).ok().map(Path::to_path_buf)
            }
            None => Some(path.strip_prefix(".").unwrap_or(path).to_path_buf()),
        }
    }
}

/// Walks up from a file or folder to the first folder holding `modelfit.toml`.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).ok()?;
    let mut dir = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// Reads and parses a configuration file; globs in it are relative to its folder.
pub fn load(path: &Path) -> io::Result<LoadedConfig> {
    let text = std::fs::read_to_string(path)?;
    let (mut config, problems) = parse(&text);
    let absolute = std::path::absolute(path)?;
    config.calls.set_source(&Source::ProjectFile(absolute.clone()));
    config.root = absolute.parent().map(Path::to_path_buf);
    Ok(LoadedConfig { path: path.to_path_buf(), text, config, problems })
}

/// Finds and loads the configuration of many files, reading each `modelfit.toml` once.
#[derive(Debug, Default)]
pub struct ConfigCache {
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    loaded: HashMap<PathBuf, Arc<LoadedConfig>>,
    /// The folder of the last file asked about, as given, and what applies there: a walk hands
    /// out a folder's files one after another, and making a path absolute asks the kernel for
    /// the working directory each time.
    last_dir: Option<(PathBuf, Option<PathBuf>)>,
}

impl ConfigCache {
    /// The configuration that applies to `file`, or `None` when no `modelfit.toml` is above it.
    pub fn for_file(&mut self, file: &Path) -> io::Result<Option<Arc<LoadedConfig>>> {
        let given = file.parent().unwrap_or(Path::new(""));
        let found = match &self.last_dir {
            Some((last, found)) if last == given => found.clone(),
            _ => {
                let dir = std::path::absolute(file)?.parent().map(Path::to_path_buf).unwrap_or_default();
                let found = self.for_dir(&dir);
                self.last_dir = Some((given.to_path_buf(), found.clone()));
                found
            }
        };
        found.map(|path| self.load(&path)).transpose()
    }

    /// The `modelfit.toml` that applies in `dir`: its own, or its parent's. Each folder is looked
    /// at once, however many files and subfolders it has.
    fn for_dir(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.by_dir.get(dir) {
            return found.clone();
        }
        let candidate = dir.join(FILE_NAME);
        let found = if candidate.is_file() { Some(candidate) } else { dir.parent().and_then(|up| self.for_dir(up)) };
        self.by_dir.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// Loads `path` once.
    pub fn load(&mut self, path: &Path) -> io::Result<Arc<LoadedConfig>> {
        if let Some(loaded) = self.loaded.get(path) {
            return Ok(Arc::clone(loaded));
        }
        let loaded = Arc::new(load(path)?);
        self.loaded.insert(path.to_path_buf(), Arc::clone(&loaded));
        Ok(loaded)
    }

    /// Every configuration loaded so far.
    pub fn loaded(&self) -> impl Iterator<Item = &Arc<LoadedConfig>> {
        self.loaded.values()
    }
}
