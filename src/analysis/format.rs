//! Which prompt format a file is in, decided by its name.

use std::fmt;

/// A host format that modelfit knows how to extract prompt units from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PromptFormat {
    /// VS Code / GitHub Copilot `*.prompt.md`.
    CopilotPrompt,
    /// VS Code / GitHub Copilot `*.instructions.md`.
    CopilotInstructions,
    /// VS Code / GitHub Copilot `*.agent.md`.
    CopilotAgent,
    /// The legacy name of agents, `*.chatmode.md`.
    CopilotChatmode,
    /// Google dotprompt `*.prompt`.
    Dotprompt,
    /// Microsoft Prompty `*.prompty`.
    Prompty,
    /// Python source (`*.py`): prompts in SDK calls.
    Python,
    /// JavaScript source (`*.js`, `*.mjs`, `*.cjs`, `*.jsx`).
    Javascript,
    /// TypeScript source (`*.ts`, `*.mts`, `*.cts`).
    Typescript,
    /// TypeScript with JSX (`*.tsx`).
    Tsx,
    /// Go source (`*.go`).
    Go,
    /// Rust source (`*.rs`).
    Rust,
}

impl PromptFormat {
    pub const ALL: [PromptFormat; 12] = [
        Self::CopilotPrompt,
        Self::CopilotInstructions,
        Self::CopilotAgent,
        Self::CopilotChatmode,
        Self::Dotprompt,
        Self::Prompty,
        Self::Python,
        Self::Javascript,
        Self::Typescript,
        Self::Tsx,
        Self::Go,
        Self::Rust,
    ];

    /// Recognises a format from a file name (not a path); `None` for anything else.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        let by_suffix = [
            (".prompt.md", Self::CopilotPrompt),
            (".instructions.md", Self::CopilotInstructions),
            (".agent.md", Self::CopilotAgent),
            (".chatmode.md", Self::CopilotChatmode),
            (".prompty", Self::Prompty),
            (".prompt", Self::Dotprompt),
            (".py", Self::Python),
            (".js", Self::Javascript),
            (".mjs", Self::Javascript),
            (".cjs", Self::Javascript),
            (".jsx", Self::Javascript),
            (".ts", Self::Typescript),
            (".mts", Self::Typescript),
            (".cts", Self::Typescript),
            (".tsx", Self::Tsx),
            (".go", Self::Go),
            (".rs", Self::Rust),
        ];
        by_suffix
            .into_iter()
            .find(|(suffix, _)| lower.len() > suffix.len() && lower.ends_with(suffix))
            .map(|(_, format)| format)
    }

    /// Recognises a format from a path or URI by looking at its last segment.
    pub fn from_path(path: &str) -> Option<Self> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        Self::from_file_name(name)
    }

    /// The stable name used in configuration (`[formats]`) and JSON output.
    pub const fn name(self) -> &'static str {
        match self {
            Self::CopilotPrompt => "copilot-prompt",
            Self::CopilotInstructions => "copilot-instructions",
            Self::CopilotAgent => "copilot-agent",
            Self::CopilotChatmode => "copilot-chatmode",
            Self::Dotprompt => "dotprompt",
            Self::Prompty => "prompty",
            Self::Python => "python",
            Self::Javascript => "javascript",
            Self::Typescript => "typescript",
            Self::Tsx => "tsx",
            Self::Go => "go",
            Self::Rust => "rust",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Copilot files are Markdown with a YAML header; their model is chosen by Copilot.
    pub const fn is_copilot(self) -> bool {
        matches!(self, Self::CopilotPrompt | Self::CopilotInstructions | Self::CopilotAgent | Self::CopilotChatmode)
    }

    /// Source code, where prompts live in SDK calls rather than fill the file.
    pub const fn is_code(self) -> bool {
        matches!(self, Self::Python | Self::Javascript | Self::Typescript | Self::Tsx | Self::Go | Self::Rust)
    }

    /// The line comment of the format, for suppression comments written into it.
    pub const fn line_comment(self) -> Option<&'static str> {
        match self {
            Self::Python => Some("#"),
            Self::Javascript | Self::Typescript | Self::Tsx | Self::Go | Self::Rust => Some("//"),
            _ => None,
        }
    }
}

impl fmt::Display for PromptFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::PromptFormat;

    #[test]
    fn recognises_file_names() {
        assert_eq!(PromptFormat::from_path("a/b/review.prompt.md"), Some(PromptFormat::CopilotPrompt));
        assert_eq!(PromptFormat::from_path("x.Instructions.md"), Some(PromptFormat::CopilotInstructions));
        assert_eq!(PromptFormat::from_path("c:\\p\\x.agent.md"), Some(PromptFormat::CopilotAgent));
        assert_eq!(PromptFormat::from_path("old.chatmode.md"), Some(PromptFormat::CopilotChatmode));
        assert_eq!(PromptFormat::from_path("greet.prompt"), Some(PromptFormat::Dotprompt));
        assert_eq!(PromptFormat::from_path("chat.prompty"), Some(PromptFormat::Prompty));
        assert_eq!(PromptFormat::from_path("README.md"), None);
        assert_eq!(PromptFormat::from_path(".prompt"), None);
        assert_eq!(PromptFormat::from_path("notes.prompt.txt"), None);
        assert_eq!(PromptFormat::from_path("app/main.py"), Some(PromptFormat::Python));
        assert_eq!(PromptFormat::from_path("a.mjs"), Some(PromptFormat::Javascript));
        assert_eq!(PromptFormat::from_path("a.jsx"), Some(PromptFormat::Javascript));
        assert_eq!(PromptFormat::from_path("a.cts"), Some(PromptFormat::Typescript));
        assert_eq!(PromptFormat::from_path("App.tsx"), Some(PromptFormat::Tsx));
        assert_eq!(PromptFormat::from_path(".py"), None);
        assert_eq!(PromptFormat::from_path("cmd/app/main.go"), Some(PromptFormat::Go));
        assert_eq!(PromptFormat::from_path("src/main.rs"), Some(PromptFormat::Rust));
        for format in PromptFormat::ALL {
            assert_eq!(PromptFormat::from_name(format.name()), Some(format));
        }
    }
}
