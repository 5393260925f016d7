//! `modelfit.toml`: the configuration schema, its tolerant parser (bad keys and values become
//! problems at their positions, the valid rest still applies), and discovery on disk.
//!
//! INTERFACE (implemented by the config helper; signatures are relied on by `cli` and `server`):
//! - `pub fn parse(text: &str) -> (Config, Vec<ConfigProblem>)` — pure.
//! - `Config::settings(&self) -> Settings`, `Config::format_for(&self, path: &Path) -> Option<PromptFormat>`,
//!   `Config::is_excluded(&self, path: &Path) -> bool`, `Config::merge(self, overlay: Config) -> Config`.
//! - `Config::from_json(value: &serde_json::Value) -> (Config, Vec<String>)` for LSP settings.
//! - `pub fn discover(start: &Path) -> Option<PathBuf>`, `pub fn load(path: &Path) -> std::io::Result<LoadedConfig>`.
