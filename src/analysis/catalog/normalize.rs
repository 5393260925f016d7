//! Normalising what people write into catalog ids.
//!
//! Names arrive in many spellings: Copilot display names (`Claude Sonnet 4.5 (copilot)`,
//! `GPT-5 mini`), gateway paths (`openrouter/anthropic/claude-3.5-sonnet`,
//! `fireworks_ai/accounts/fireworks/models/llama-v3p1-70b-instruct`), Hugging Face repos
//! (`meta-llama/Llama-3.1-8B-Instruct`), Bedrock ids (`us.anthropic.claude-3-7-sonnet-20250219-v1:0`),
//! Ollama tags (`llama3.1:8b`) and product names (`文心一言`). [`normalize`] maps them onto the
//! spelling the catalog uses; dated snapshots and size tags are left on, because
//! [`Catalog::lookup`](super::Catalog::lookup) matches ids as prefixes ending at a boundary.
//!
//! Everything here is hand-written string work: it runs on every keystroke, so no regex is
//! compiled and nothing is allocated beyond the returned string and a few small temporaries.

/// Quote characters people wrap names in (YAML quotes, Markdown backticks).
const QUOTES: [char; 3] = ['"', '\'', '`'];

/// Product and display names that do not contain an API id at all, mapped onto one.
/// The targets are family names that [`floating_reason`] flags.
const DISPLAY_NAMES: &[(&str, &str)] = &[
    ("文心一言", "ernie-bot"),
    ("wenxin-yiyan", "ernie-bot"),
    ("wenxinyiyan", "ernie-bot"),
    ("通义千问", "qwen"),
    ("通义", "qwen"),
    ("tongyi-qianwen", "qwen"),
    ("tongyiqianwen", "qwen"),
    ("讯飞星火", "spark"),
    ("星火", "spark"),
    ("iflytek-spark", "spark"),
];

/// iFlytek Spark's HTTP API names its models by "domain" rather than by product name.
const SPARK_DOMAINS: &[(&str, &str)] = &[
    ("lite", "spark-lite"),
    ("generalv3", "spark-pro"),
    ("pro-128k", "spark-pro-128k"),
    ("generalv3.5", "spark-max"),
    ("max-32k", "spark-max-32k"),
    ("4.0ultra", "spark-4.0-ultra"),
    ("x1", "spark-x1"),
];

/// AWS Bedrock geography prefixes of cross-region inference profiles (`us.anthropic.…`).
const BEDROCK_REGIONS: [&str; 8] = ["us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.", "ca."];

/// AWS Bedrock vendor prefixes (`anthropic.claude-…`, `meta.llama3-…`).
const BEDROCK_VENDORS: [&str; 8] =
    ["anthropic.", "meta.", "mistral.", "deepseek.", "amazon.", "cohere.", "ai21.", "qwen."];

/// Provider names written before a `:` (`anthropic:claude-3-5-sonnet-latest`).
const PROVIDER_COLON_PREFIXES: [&str; 20] = [
    "openai",
    "azure",
    "azure_openai",
    "anthropic",
    "google",
    "google-gla",
    "google-vertex",
    "google_genai",
    "google_vertexai",
    "gemini",
    "vertexai",
    "bedrock",
    "bedrock_converse",
    "groq",
    "mistral",
    "mistralai",
    "deepseek",
    "xai",
    "together",
    "fireworks",
];

/// How Mistral's API ids begin, to tell `mistral:mistral-large-latest` from Ollama's `mistral:7b`.
const MISTRAL_FAMILIES: [&str; 8] =
    ["mistral", "open-", "codestral", "ministral", "magistral", "pixtral", "devstral", "mixtral"];

const CLAUDE_FAMILIES: [&str; 3] = ["sonnet", "opus", "haiku"];

/// Maps a written model name onto the catalog's spelling: lower case, no quotes, no host
/// decorations (` (copilot)`, ` (Preview)`), no gateway or organisation prefix, Bedrock and
/// display spellings rewritten. Never fails; a name that is not a model name at all (`GPT-4.1 |
/// 'gpt-5'`) comes out with its odd characters intact, and [`is_well_formed`] rejects it.
pub fn normalize(written: &str) -> String {
    let mut s = written.trim().trim_matches(QUOTES).trim().to_lowercase();
    // A template placeholder (`{{model}}`, `${env:MODEL:https://…/x}`) is left alone for
    // [`means_no_model`]: its slashes and colons are not a gateway's.
    if is_template(&s) {
        return s;
    }
    strip_parenthesised_suffixes(&mut s);
    // Display names separate words with spaces: `GPT-5 mini`, `Gemini 2.5 Pro`.
    let mut s = s.split_whitespace().collect::<Vec<_>>().join("-");
    if let Some((_, id)) = DISPLAY_NAMES.iter().find(|(name, _)| *name == s) {
        return (*id).to_owned();
    }
    // `openai:gpt-4o` (PydanticAI, LangChain's `init_chat_model`). Ollama tags also use `:`,
    // so only known provider names are taken off.
    if let Some((provider, model)) = s.split_once(':')
        && PROVIDER_COLON_PREFIXES.contains(&provider)
        && !model.is_empty()
        // Ollama's `mistral:7b` is a model and a tag, not a provider and a model.
        && (provider != "mistral" || MISTRAL_FAMILIES.iter().any(|f| model.starts_with(f)))
    {
        s = model.to_owned();
    }
    // Gateways, Hugging Face organisations and Vertex resource paths all put the model last.
    if let Some(slash) = s.rfind('/') {
        s.drain(..=slash);
    }
    let s = strip_bedrock(&s);
    let s = digit_p_digit(&s);
    let s = openai_spelling(s);
    let s = claude_spelling(s);
    let s = llama_spelling(s);
    let s = grok_spelling(s);
    let s = mistral_spelling(s);
    match SPARK_DOMAINS.iter().find(|(domain, _)| *domain == s) {
        Some((_, id)) => (*id).to_owned(),
        None => s,
    }
}

/// True when the name could be a model id: letters, digits and the separators ids use. A value
/// like `GPT-4.1 | 'gpt-5'` is not, and must not resolve through its `gpt-4.1` prefix.
pub fn is_well_formed(normalized: &str) -> bool {
    normalized.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | ':' | '/' | '@' | '+'))
}

/// True for names that mean "no particular model": the host decides. Template placeholders
/// (`{{model}}`, `${env:MODEL}`) count too: their value is not known while editing.
pub fn means_no_model(normalized: &str) -> bool {
    matches!(normalized, "" | "inherit" | "default" | "auto") || is_template(normalized)
}

fn is_template(s: &str) -> bool {
    s.contains("{{") || s.contains("${") || s.contains("{%")
}

/// Why a name is a floating alias, or `None` when it is pinned enough.
///
/// Undated `OpenAI` ids such as `o3` or `gpt-4o` are aliases of a snapshot too, but every
/// snapshot behind one of them is the same kind of model, and Copilot only accepts the undated
/// names; flagging them would be noise. Only names whose model can change kind or family are
/// reported: host-chosen models, `-latest` aliases, bare family names and product names.
///
/// DeepSeek's `deepseek-chat` and `deepseek-reasoner` moved to newer models without a name change,
/// but DeepSeek offers no pinned name, so flagging them would be advice nobody can follow.
pub fn floating_reason(normalized: &str) -> Option<&'static str> {
    let reason = match normalized {
        "auto" => "`Auto` lets the host pick any model, general or inference, per request",
        "gpt-4" => {
            "`gpt-4` names a family rather than one model; hosts and gateways have mapped it to different GPT-4 snapshots and successors"
        }
        "claude" | "gemini" | "gemini-pro" | "gemini-flash" | "llama" | "mistral" | "grok" | "deepseek" => {
            "a bare family name: the host decides which model of the family (general or inference) answers"
        }
        "qwen-max" | "qwen-plus" | "qwen-turbo" => {
            "Alibaba's stable `qwen-max`/`qwen-plus`/`qwen-turbo` names are updated to new snapshots; pin a dated snapshot such as `qwen-max-2025-01-25`"
        }
        "ernie-bot" => "ERNIE Bot (文心一言) is a product name: Baidu serves different ERNIE versions behind it",
        "qwen" => "Tongyi Qianwen (通义千问) is a product name covering general, hybrid and reasoning Qwen models",
        "spark" => {
            "iFlytek Spark (讯飞星火) is a product name covering general models (Lite, Pro, Max, 4.0 Ultra) and the X1 reasoning model"
        }
        _ if normalized.ends_with("-latest") => "a `-latest` alias moves to a new snapshot without notice",
        _ => return None,
    };
    Some(reason)
}

/// The part of a name worth comparing for "did you mean": without a tag (`:14b`, `@2024…`), a
/// date suffix (`-2025-01-31`, `-20250514`), or anything after the first odd character.
pub fn suggestion_key(normalized: &str) -> &str {
    let end =
        normalized.find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))).unwrap_or(normalized.len());
    let mut key = normalized[..end].trim_end_matches('-');
    // `-2024-08-06`
    let b = key.as_bytes();
    let shape = b"-dddd-dd-dd";
    if b.len() > shape.len()
        && b[b.len() - shape.len()..]
            .iter()
            .zip(shape)
            .all(|(c, s)| if *s == b'd' { c.is_ascii_digit() } else { c == s })
    {
        key = &key[..key.len() - shape.len()];
    }
    // `-20250514`, `-0613`, `-2507`
    while let Some((head, last)) = key.rsplit_once('-') {
        if last.len() >= 4 && last.bytes().all(|c| c.is_ascii_digit()) {
            key = head;
        } else {
            break;
        }
    }
    key
}

/// Removes trailing `(…)` groups: `GPT-5.1-Codex (Preview) (copilot)` → `gpt-5.1-codex`.
fn strip_parenthesised_suffixes(s: &mut String) {
    while s.ends_with(')') {
        match s.rfind('(') {
            Some(open) if open > 0 => {
                s.truncate(open);
                s.truncate(s.trim_end().len());
            }
            _ => break,
        }
    }
}

/// `us.anthropic.claude-3-7-sonnet-20250219-v1:0` → `claude-3-7-sonnet-20250219`,
/// `meta.llama3-1-70b-instruct-v1:0` → `llama3-1-70b-instruct`, `us.deepseek.r1-v1:0` → `deepseek-r1`.
fn strip_bedrock(s: &str) -> String {
    let rest = BEDROCK_REGIONS.iter().find_map(|r| s.strip_prefix(r)).unwrap_or(s);
    let Some((vendor, model)) = BEDROCK_VENDORS.iter().find_map(|v| rest.strip_prefix(v).map(|m| (*v, m))) else {
        return s.to_owned();
    };
    let model = match model.rfind("-v") {
        Some(at)
            if model[at + 2..].starts_with(|c: char| c.is_ascii_digit())
                && model[at + 2..].chars().all(|c| c.is_ascii_alphanumeric() || c == ':') =>
        {
            &model[..at]
        }
        _ => model,
    };
    if vendor == "deepseek." && !model.starts_with("deepseek") { format!("deepseek-{model}") } else { model.to_owned() }
}

/// Fireworks writes versions with a `p` for the point: `llama-v3p1`, `qwen2p5`, `deepseek-v3p1`.
fn digit_p_digit(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        let between_digits =
            c == 'p' && i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit);
        out.push(if between_digits { '.' } else { c });
    }
    out
}

/// `gpt4o` → `gpt-4o`; Azure's `gpt-35-turbo` → `gpt-3.5-turbo`.
fn openai_spelling(mut s: String) -> String {
    if s.starts_with("gpt") && s[3..].starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(3, '-');
    }
    if let Some(rest) = s.strip_prefix("gpt-35")
        && (rest.is_empty() || rest.starts_with(['-', ':']))
    {
        return format!("gpt-3.5{rest}");
    }
    s
}

/// Claude names come in three orders: `claude-3-5-sonnet` (Claude 3), `claude-sonnet-4-5`
/// (Claude 4 and later), and display or gateway spellings that mix them up (`Claude Sonnet 3.7`,
/// `claude-3.5-sonnet`, `claude-4-opus`). This writes each the way Anthropic's API id does.
fn claude_spelling(s: String) -> String {
    if !s.starts_with("claude-") {
        return s;
    }
    let s = dots_between_digits_to_dashes(&s);
    let parts: Vec<&str> = s.split('-').collect();
    let single_digit = |i: usize| parts.get(i).copied().filter(|p| p.len() == 1 && p.as_bytes()[0].is_ascii_digit());
    let is_family = |p: Option<&&str>| p.is_some_and(|p| CLAUDE_FAMILIES.contains(p));
    // `claude-<major>[-<minor>]-<family>-…` for Claude 4 and later → `claude-<family>-<major>[-<minor>]-…`
    if let Some(major) = single_digit(1).filter(|m| *m >= "4") {
        let minor = single_digit(2);
        let family_at = if minor.is_some() { 3 } else { 2 };
        if is_family(parts.get(family_at)) {
            let mut out = vec!["claude", parts[family_at], major];
            out.extend(minor);
            out.extend(&parts[family_at + 1..]);
            return out.join("-");
        }
    }
    // `claude-<family>-3[-<minor>]-…` → `claude-3[-<minor>]-<family>-…`
    if is_family(parts.get(1)) && parts.get(2) == Some(&"3") {
        let minor = single_digit(3);
        let mut out = vec!["claude", "3"];
        out.extend(minor);
        out.push(parts[1]);
        out.extend(&parts[if minor.is_some() { 4 } else { 3 }..]);
        return out.join("-");
    }
    s
}

/// `llama-3.1-8b-instruct`, `llama3-1-70b` (Bedrock), `llama-v3p1` (Fireworks, after
/// [`digit_p_digit`]), `meta-llama-3-8b` → `llama3.1-8b-instruct`, `llama3.1-70b`, `llama3.1`,
/// `llama3-8b`: the Ollama spelling the catalog uses.
fn llama_spelling(s: String) -> String {
    let body = s.strip_prefix("meta-").unwrap_or(&s);
    let Some(rest) = body.strip_prefix("llama") else { return s };
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let rest = rest.strip_prefix('v').filter(|r| r.starts_with(|c: char| c.is_ascii_digit())).unwrap_or(rest);
    let b = rest.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_digit) || b.get(1).is_some_and(u8::is_ascii_digit) {
        return s;
    }
    let major = &rest[..1];
    // A minor version is one digit after `.` or `-` that ends there (`-70b` is a size, not a minor).
    let has_minor = matches!(b.get(1), Some(b'.' | b'-'))
        && b.get(2).is_some_and(u8::is_ascii_digit)
        && b.get(3).is_none_or(|c| matches!(c, b'-' | b':' | b'@' | b'.'));
    if has_minor {
        format!("llama{major}.{}{}", &rest[2..3], &rest[3..])
    } else {
        format!("llama{major}{}", &rest[1..])
    }
}

/// `grok-4.1-fast-reasoning` (display spelling) → `grok-4-1-fast-reasoning` (API id).
fn grok_spelling(s: String) -> String {
    if s.starts_with("grok-") { dots_between_digits_to_dashes(&s) } else { s }
}

/// Ollama writes `mistral-small3.1`, `mistral-large2`; the API writes `mistral-small-…`.
fn mistral_spelling(mut s: String) -> String {
    for size in ["mistral-small", "mistral-medium", "mistral-large", "magistral-small", "magistral-medium"] {
        if s.starts_with(size) && s[size.len()..].starts_with(|c: char| c.is_ascii_digit()) {
            s.insert(size.len(), '-');
            break;
        }
    }
    s
}

fn dots_between_digits_to_dashes(s: &str) -> String {
    let b = s.as_bytes();
    s.char_indices()
        .map(|(i, c)| {
            let between =
                c == '.' && i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit);
            if between { '-' } else { c }
        })
        .collect()
}
