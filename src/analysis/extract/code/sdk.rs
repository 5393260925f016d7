//! The model SDKs modelfit knows, in every language: which call is a request ([`Api`]), and how
//! its arguments become a [`PromptUnit`] — the model, the messages with their roles, and every
//! other argument as a request parameter whose ranges a fix can delete or rename.
//!
//! Language modules hand over a dotted callee and the arguments as [`Entry`]s whose keys are
//! written as in the source (`max_tokens`, `maxTokens`, `MaxTokens`); keys are compared here
//! without case, `_` or `-`, so one table serves Python, JavaScript, Go and Rust spellings.

use tree_sitter::Node;

use super::{Entry, Str, Syntax, Value};
use crate::analysis::extract::{ModelRef, Origin, Param, ParamKind, ParamValue, PromptUnit, Role, Segment};
use crate::analysis::text::TextRange;

/// The request shapes modelfit understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Api {
    /// OpenAI Chat Completions (`chat.completions.create`), also Azure, compatible clients,
    /// LiteLLM `completion`, Go `CreateChatCompletion` / `Chat.Completions.New`, Rust
    /// `CreateChatCompletionRequestArgs`.
    Chat,
    /// OpenAI Responses (`responses.create`): `instructions` and `input`.
    Responses,
    /// Anthropic Messages (`messages.create`): `system` and `messages`.
    Messages,
    /// Legacy completions (`completions.create`): `prompt`.
    Completions,
    /// Google Gen AI `generate_content` / `generateContent`: `contents`, and a `config` holding
    /// `system_instruction` and the generation parameters.
    Gemini,
    /// The older Google SDK's `GenerativeModel("gemini-…", system_instruction=…, generation_config=…)`.
    GeminiModel,
    /// A LangChain chat model (`ChatOpenAI(model=…)`, `init_chat_model("o3-mini")`); `openai`
    /// when it sends OpenAI requests, which spell the output cap `max_completion_tokens`.
    LangChain { openai: bool },
    /// The Vercel AI SDK (`generateText({ model: openai("o3-mini"), system, prompt })`).
    Vercel,
}

impl Api {
    /// Recognises the API from a dotted callee (`client.chat.completions.create`,
    /// `client.Chat.Completions.New`, `ChatOpenAI`).
    pub fn from_callee(callee: &str) -> Option<Self> {
        let method = callee.rsplit('.').next()?;
        // LiteLLM: `completion(model=..., messages=...)` speaks Chat Completions to every provider.
        if matches!(callee, "completion" | "acompletion" | "litellm.completion" | "litellm.acompletion") {
            return Some(Self::Chat);
        }
        // ... and `text_completion` / `responses` speak the legacy Completions and the Responses API.
        if matches!(
            callee,
            "text_completion" | "atext_completion" | "litellm.text_completion" | "litellm.atext_completion"
        ) {
            return Some(Self::Completions);
        }
        if matches!(callee, "litellm.responses" | "litellm.aresponses") {
            return Some(Self::Responses);
        }
        match method {
            "ChatOpenAI" | "AzureChatOpenAI" => return Some(Self::LangChain { openai: true }),
            "ChatAnthropic"
            | "ChatGoogleGenerativeAI"
            | "ChatVertexAI"
            | "ChatMistralAI"
            | "ChatGroq"
            | "ChatDeepSeek"
            | "ChatXAI"
            | "ChatOllama"
            | "ChatBedrockConverse"
            | "init_chat_model"
            | "initChatModel" => return Some(Self::LangChain { openai: false }),
            "GenerativeModel" | "getGenerativeModel" => return Some(Self::GeminiModel),
            "generate_content" | "generateContent" | "generate_content_stream" | "generateContentStream" => {
                return Some(Self::Gemini);
            }
            // The AI SDK's functions are imported bare (`import { generateText } from "ai"`).
            "generateText" | "streamText" | "generateObject" | "streamObject" if !callee.contains('.') => {
                return Some(Self::Vercel);
            }
            // Go: sashabaranov/go-openai; Rust: async-openai request builders (the language
            // module names the builder type).
            "CreateChatCompletion" | "CreateChatCompletionStream" | "CreateChatCompletionRequestArgs" => {
                return Some(Self::Chat);
            }
            "CreateCompletion" | "CreateCompletionStream" | "CreateCompletionRequestArgs" => {
                return Some(Self::Completions);
            }
            "CreateResponseArgs" => return Some(Self::Responses),
            _ => {}
        }
        // Python and JS spell the path in lower case, the official Go SDKs capitalise it
        // (`client.Chat.Completions.New`); one comparison serves both.
        let go = matches!(method, "New" | "NewStreaming");
        if !go && !matches!(method, "create" | "parse" | "stream") {
            return None;
        }
        let lower = callee.to_ascii_lowercase();
        let method = lower.rsplit('.').next()?;
        let receiver = &lower[..lower.len() - method.len()];
        if receiver.ends_with("chat.completions.") || receiver.ends_with("chatcompletion.") {
            Some(Self::Chat)
        } else if receiver.ends_with("responses.") {
            Some(Self::Responses)
        } else if receiver.ends_with("messages.") {
            Some(Self::Messages)
        } else if receiver.ends_with("completions.") && method != "parse" && method != "stream" {
            Some(Self::Completions)
        } else {
            None
        }
    }

    /// The kind of a parameter at `path` in this SDK, where the SDK renames it on the way to the API.
    fn param_kind(self, path: &str) -> ParamKind {
        match (self, ParamKind::from_path(path)) {
            // The AI SDK turns `maxTokens` / `maxOutputTokens` into whatever the provider takes
            // (`max_completion_tokens` for OpenAI reasoning models).
            (Self::Vercel, ParamKind::MaxTokens) => ParamKind::MaxOutputTokens,
            // langchain-openai sends `max_tokens` as `max_completion_tokens`.
            (Self::LangChain { openai: true }, ParamKind::MaxTokens) => ParamKind::MaxCompletionTokens,
            (_, kind) => kind,
        }
    }
}

/// Whether a dotted callee may be an SDK request; a cheap test before the arguments are looked at.
pub(crate) fn is_request_method(callee: &str) -> bool {
    Api::from_callee(callee).is_some()
}

/// A key without case, `_` or `-`: `max_tokens`, `maxTokens` and `MaxTokens` compare equal.
fn normalise(key: &str) -> String {
    key.chars().filter(|c| *c != '_' && *c != '-').map(|c| c.to_ascii_lowercase()).collect()
}

/// Keys that name the model in some SDK (`model`, LangChain's `model_name`, Go's `Model`).
fn is_model_key(key: &str) -> bool {
    matches!(key, "model" | "modelname")
}

/// The prompt unit of a call to `callee` with `entries` (positional arguments keyed `#0`, `#1`…;
/// the receiver of a method call, when it matters, keyed `#receiver`).
pub(crate) fn sdk_unit<'t>(
    syntax: &impl Syntax<'t>,
    callee: &str,
    call: TextRange,
    entries: &[Entry<'t>],
) -> Option<PromptUnit> {
    let api = Api::from_callee(callee)?;
    let keys: Vec<String> = entries.iter().map(|e| normalise(&e.key)).collect();
    // `messages.create` is a common method name; insist on the shape of a model request. A
    // constructor (LangChain, `GenerativeModel`) needs its model.
    let shaped = match api {
        Api::LangChain { .. } | Api::GeminiModel => keys.iter().any(|k| is_model_key(k) || k == "#0"),
        Api::Gemini => keys.iter().any(|k| matches!(k.as_str(), "model" | "contents" | "#0")),
        _ => keys.iter().any(|k| matches!(k.as_str(), "model" | "messages" | "input" | "prompt")),
    };
    if !shaped {
        return None;
    }
    let mut unit = PromptUnit { range: call, origin: Origin::Call, ..PromptUnit::default() };
    for (entry, key) in entries.iter().zip(&keys) {
        match (api, key.as_str()) {
            (_, "model" | "modelname") | (Api::LangChain { .. } | Api::GeminiModel, "#0") => {
                unit.models.extend(model_ref(syntax, entry.value));
            }
            (Api::Gemini, "#receiver") => unit.models.extend(receiver_model(syntax, entry.value)),
            (_, "#receiver" | "modelprovider") => {}
            (Api::Chat | Api::Messages | Api::Vercel, "messages") | (Api::Responses, "input") => {
                messages(syntax, entry.value, Role::User, &mut unit.segments);
            }
            (Api::Gemini, "contents" | "#0") => messages(syntax, entry.value, Role::User, &mut unit.segments),
            (Api::Messages | Api::Vercel, "system")
            | (Api::Responses, "instructions")
            | (Api::GeminiModel | Api::Gemini, "systeminstruction") => {
                content(syntax, entry.value, Role::System, &mut unit.segments);
            }
            (Api::Completions | Api::Vercel, "prompt") => content(syntax, entry.value, Role::User, &mut unit.segments),
            // Parameters wrapped in a config object are parameters of the request all the same;
            // their paths are written relative to it, as the SDK's documentation lists them.
            (Api::Gemini, "config")
            | (Api::GeminiModel, "generationconfig")
            | (Api::LangChain { .. }, "modelkwargs") => {
                let Some(inner) = as_dict(syntax.value(entry.value)) else {
                    params(syntax, api, entry, "", &mut unit.params);
                    continue;
                };
                for e in &inner {
                    if normalise(&e.key) == "systeminstruction" {
                        content(syntax, e.value, Role::System, &mut unit.segments);
                    } else {
                        params(syntax, api, e, "", &mut unit.params);
                    }
                }
            }
            (_, k) if k.starts_with('#') => {}
            _ => params(syntax, api, entry, "", &mut unit.params),
        }
    }
    Some(unit)
}

/// The model a value names: a string (`"o3-mini"`, LangChain's `"openai:o3-mini"`), a name bound
/// to one, or a provider call (`openai("o3-mini")`, `openai.chat("o3-mini")` in the AI SDK).
fn model_ref<'t>(syntax: &impl Syntax<'t>, node: Node<'t>) -> Option<ModelRef> {
    let s = match syntax.value(node) {
        Value::Str(s) => s,
        Value::Call { args, .. } => match args.iter().find(|a| a.key == "#0").map(|a| syntax.value(a.value)) {
            Some(Value::Str(s)) => s,
            _ => return None,
        },
        _ => return None,
    };
    if !s.is_static() || s.value.trim().is_empty() {
        return None;
    }
    // `init_chat_model("openai:o3-mini")` names the provider before the model.
    let providers =
        ["openai:", "anthropic:", "google_genai:", "google_vertexai:", "azure_openai:", "deepseek:", "xai:"];
    if let Some(prefix) = providers.iter().find(|p| s.value.starts_with(**p))
        && s.value.len() > prefix.len()
    {
        let name = s.value[prefix.len()..].to_owned();
        let range = s.source_range(prefix.len()..s.value.len());
        return Some(ModelRef { name, range, named: false });
    }
    Some(ModelRef { name: s.value.clone(), range: s.content_range(), named: s.named })
}

/// The model of `model.generate_content(...)` when `model` is bound to `GenerativeModel("gemini-…")`.
fn receiver_model<'t>(syntax: &impl Syntax<'t>, node: Node<'t>) -> Option<ModelRef> {
    let Value::Call { callee, args } = syntax.value(node) else { return None };
    if Api::from_callee(&callee) != Some(Api::GeminiModel) {
        return None;
    }
    let arg = args.iter().find(|a| a.key == "#0" || is_model_key(&normalise(&a.key)))?;
    // JS `genAI.getGenerativeModel({ model: "gemini-…" })` passes an object.
    if let Value::Dict(entries) = syntax.value(arg.value) {
        let model = entries.iter().find(|e| is_model_key(&normalise(&e.key)))?;
        return model_ref(syntax, model.value);
    }
    model_ref(syntax, arg.value)
}

/// The entries of a mapping-like value: a dictionary or object literal, or a call that builds one
/// (`dict(...)`, `types.GenerateContentConfig(...)`).
fn as_dict(value: Value<'_>) -> Option<Vec<Entry<'_>>> {
    match value {
        Value::Dict(entries) => Some(entries),
        Value::Call { callee, args }
            if callee == "dict" || callee.ends_with("Config") || callee.ends_with("Params") =>
        {
            Some(args.into_iter().filter(|a| !a.key.starts_with('#')).collect())
        }
        _ => None,
    }
}

/// Segments from a message list (`[{"role": "system", "content": "..."}]`, Go and Rust message
/// constructors, Gemini `contents`), or from a bare string spoken by `bare_role` (the Responses
/// API's `input="..."`, Gemini's `contents="..."`).
fn messages<'t>(syntax: &impl Syntax<'t>, node: Node<'t>, bare_role: Role, out: &mut Vec<Segment>) {
    match syntax.value(node) {
        Value::List(items) => {
            for item in items {
                match syntax.value(item) {
                    Value::Dict(entries) => {
                        let role = entries.iter().find(|e| normalise(&e.key) == "role").and_then(|e| {
                            match syntax.value(e.value) {
                                Value::Str(s) => role_of(&s.value),
                                _ => None,
                            }
                        });
                        // A Gemini content without a role is the user's.
                        let is_parts = entries.iter().any(|e| e.key == "parts");
                        let Some(role) = role.or(is_parts.then_some(Role::User)) else { continue };
                        // go-openai spells a message of several parts `MultiContent`.
                        let contents = entries
                            .iter()
                            .filter(|e| matches!(e.key.as_str(), "content" | "Content" | "parts" | "MultiContent"));
                        for e in contents {
                            content(syntax, e.value, role, out);
                        }
                    }
                    // Gemini's `types.Content(role="user", parts=[types.Part(text="…")])`.
                    Value::Call { callee, args } if callee.ends_with("Content") => {
                        let role = args.iter().find(|e| e.key == "role").and_then(|e| match syntax.value(e.value) {
                            Value::Str(s) => role_of(&s.value),
                            _ => None,
                        });
                        for e in args.iter().filter(|e| e.key == "parts") {
                            content(syntax, e.value, role.unwrap_or(Role::User), out);
                        }
                    }
                    Value::Call { callee, args } => {
                        let Some(role) = constructor_role(&callee) else { continue };
                        let text = args.iter().find(|a| a.key == "#0" || normalise(&a.key) == "content");
                        if let Some(arg) = text {
                            content(syntax, arg.value, role, out);
                        }
                    }
                    Value::Str(s) => push_segments(&s, bare_role, out),
                    _ => {}
                }
            }
        }
        Value::Messages(items) => {
            for (ty, node) in items {
                if let Some(role) = constructor_role(&ty) {
                    content(syntax, node, role, out);
                }
            }
        }
        Value::Str(s) => push_segments(&s, bare_role, out),
        _ => {}
    }
}

fn role_of(name: &str) -> Option<Role> {
    match name {
        "system" | "developer" => Some(Role::System),
        "user" => Some(Role::User),
        "assistant" | "model" => Some(Role::Assistant),
        _ => None,
    }
}

/// The role of a message built by a function or type: openai-go `openai.SystemMessage("…")`,
/// async-openai `ChatCompletionRequestUserMessageArgs`, LangChain `HumanMessage(content=…)`.
pub(crate) fn constructor_role(callee: &str) -> Option<Role> {
    let name = callee.rsplit(['.', ':']).next().unwrap_or(callee);
    let name = name.strip_prefix("ChatCompletionRequest").unwrap_or(name);
    let name = name.strip_prefix("New").unwrap_or(name);
    let name = name.strip_suffix("Args").unwrap_or(name);
    match name {
        "SystemMessage" | "DeveloperMessage" => Some(Role::System),
        "UserMessage" | "HumanMessage" | "UserMessageParam" => Some(Role::User),
        "AssistantMessage" | "AIMessage" => Some(Role::Assistant),
        _ => None,
    }
}

/// Segments from a message's content: a string, or a list of parts with a `text` each.
fn content<'t>(syntax: &impl Syntax<'t>, node: Node<'t>, role: Role, out: &mut Vec<Segment>) {
    match syntax.value(node) {
        Value::Str(s) => push_segments(&s, role, out),
        Value::Call { callee, args } if callee.ends_with("TextBlock") => {
            if let Some(text) = args.iter().find(|a| a.key == "#0") {
                content(syntax, text.value, role, out);
            }
        }
        Value::List(parts) => {
            for part in parts {
                match syntax.value(part) {
                    Value::Dict(entries) => {
                        // `{"type": "text", "text": …}`; Go's `anthropic.TextBlockParam{Text: …}`.
                        for e in entries.iter().filter(|e| matches!(e.key.as_str(), "text" | "Text")) {
                            if let Value::Str(s) = syntax.value(e.value) {
                                push_segments(&s, role, out);
                            }
                        }
                    }
                    Value::Str(s) => push_segments(&s, role, out),
                    // `types.Part(text="…")`, `types.Part.from_text(text="…")`.
                    Value::Call { callee, args } => {
                        // Go's `anthropic.NewTextBlock("…")` takes the text first.
                        let first = callee.ends_with("TextBlock");
                        for e in args.iter().filter(|e| e.key == "text" || (first && e.key == "#0")) {
                            if let Value::Str(s) = syntax.value(e.value) {
                                push_segments(&s, role, out);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// One segment per literal of the string, so every range is text the author wrote.
fn push_segments(s: &Str, role: Role, out: &mut Vec<Segment>) {
    for part in &s.parts {
        let placeholders =
            s.placeholders.iter().copied().filter(|p| part.start <= p.start && p.end <= part.end).collect();
        out.push(Segment { role, range: *part, marker: None, placeholders });
    }
}

/// Whether a variable name says it holds a prompt: `SYSTEM_PROMPT`, `*_PROMPT`,
/// `*_INSTRUCTIONS`, `*_TEMPLATE`, in any case (`reviewPrompt`, `system_instructions`).
pub(crate) fn is_prompt_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["prompt", "instructions", "template"].iter().any(|suffix| {
        lower.len() > suffix.len()
            && lower.ends_with(suffix)
            && name[..name.len() - suffix.len()].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// A prompt constant (`SYSTEM_PROMPT = """..."""`) as a unit without a model: only the
/// rules that need no model can speak about it, and hover shows its profile.
pub(crate) fn constant_unit(name: &str, assignment: TextRange, value: &Value<'_>) -> Option<PromptUnit> {
    let Value::Str(s) = value else { return None };
    if s.value.trim().is_empty() {
        return None;
    }
    let upper = name.to_ascii_uppercase();
    let role = if upper.contains("SYSTEM") || upper.ends_with("INSTRUCTIONS") { Role::System } else { Role::User };
    let mut segments = Vec::new();
    push_segments(s, role, &mut segments);
    Some(PromptUnit { range: assignment, segments, origin: Origin::Constant, ..PromptUnit::default() })
}

/// A request parameter (and, for a dictionary value, its entries as dotted parameters).
fn params<'t>(syntax: &impl Syntax<'t>, api: Api, entry: &Entry<'t>, prefix: &str, out: &mut Vec<Param>) {
    let path = format!("{prefix}{}", entry.key);
    let value = syntax.value(entry.value);
    let param_value = match &value {
        Value::Str(s) if s.is_static() => ParamValue::String(s.value.clone()),
        Value::Number(n) => ParamValue::Number(*n),
        Value::Bool(b) => ParamValue::Bool(*b),
        Value::Null => ParamValue::Null,
        // Unknown values and containers cannot be judged: no number, no string, so the rules
        // that depend on the value stay silent.
        Value::Str(_) | Value::Dict(_) | Value::List(_) | Value::Call { .. } | Value::Messages(_) | Value::Unknown => {
            ParamValue::Composite
        }
    };
    out.push(Param {
        kind: api.param_kind(&path),
        key_range: entry.key_range,
        value: param_value,
        value_range: TextRange::new(entry.value.start_byte(), entry.value.end_byte()),
        entry_range: entry.removal,
        path: path.clone(),
    });
    if let Some(inner) = as_dict(value) {
        for e in &inner {
            params(syntax, api, e, &format!("{path}."), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callees_name_their_api() {
        assert_eq!(Api::from_callee("client.chat.completions.create"), Some(Api::Chat));
        assert_eq!(Api::from_callee("openai.beta.chat.completions.parse"), Some(Api::Chat));
        assert_eq!(Api::from_callee("self.client.responses.create"), Some(Api::Responses));
        assert_eq!(Api::from_callee("anthropic.messages.stream"), Some(Api::Messages));
        assert_eq!(Api::from_callee("client.completions.create"), Some(Api::Completions));
        assert_eq!(Api::from_callee("client.models.list"), None);
        assert_eq!(Api::from_callee("create"), None);
        assert_eq!(Api::from_callee("litellm.completion"), Some(Api::Chat));
        assert_eq!(Api::from_callee("acompletion"), Some(Api::Chat));
        assert_eq!(Api::from_callee("self.completion"), None);
        assert_eq!(Api::from_callee("client.Chat.Completions.New"), Some(Api::Chat));
        assert_eq!(Api::from_callee("client.Chat.Completions.NewStreaming"), Some(Api::Chat));
        assert_eq!(Api::from_callee("client.Responses.New"), Some(Api::Responses));
        assert_eq!(Api::from_callee("client.Messages.New"), Some(Api::Messages));
        assert_eq!(Api::from_callee("client.messages.new"), None);
        assert_eq!(Api::from_callee("client.CreateChatCompletion"), Some(Api::Chat));
        assert_eq!(Api::from_callee("ChatOpenAI"), Some(Api::LangChain { openai: true }));
        assert_eq!(Api::from_callee("langchain.chat_models.init_chat_model"), Some(Api::LangChain { openai: false }));
        assert_eq!(Api::from_callee("genai.GenerativeModel"), Some(Api::GeminiModel));
        assert_eq!(Api::from_callee("genAI.getGenerativeModel"), Some(Api::GeminiModel));
        assert_eq!(Api::from_callee("client.models.generate_content"), Some(Api::Gemini));
        assert_eq!(Api::from_callee("ai.models.generateContent"), Some(Api::Gemini));
        assert_eq!(Api::from_callee("streamText"), Some(Api::Vercel));
        assert_eq!(Api::from_callee("self.generateText"), None);
        assert_eq!(Api::from_callee("litellm.text_completion"), Some(Api::Completions));
        assert_eq!(Api::from_callee("litellm.responses"), Some(Api::Responses));
    }

    #[test]
    fn message_constructors_name_their_role() {
        assert_eq!(constructor_role("openai.SystemMessage"), Some(Role::System));
        assert_eq!(constructor_role("ChatCompletionRequestUserMessageArgs"), Some(Role::User));
        assert_eq!(constructor_role("anthropic.NewAssistantMessage"), Some(Role::Assistant));
        assert_eq!(constructor_role("HumanMessage"), Some(Role::User));
        assert_eq!(constructor_role("openai.Float"), None);
    }
}
