//! The built-in catalog table, from `shared/research/reasoning-models.md` section B (models)
//! and section A.1 (the parameters each API rejects, rows `CFG-*`).
//!
//! Windows are filled in only where the research gives an exact number; approximate figures
//! ("128K", "32K in / 8K out") and unverified ones are left `None` rather than guessed. Ids are
//! written already normalised (a test checks `normalize(id) == id`); dated snapshots, sizes and
//! tags resolve to them by boundary prefix (`o3-mini-2025-01-31` → `o3-mini`).

use super::{Condition, Dialect, ModelInfo, ModelKind, Provider, Rejection, RejectionFix};
use crate::analysis::extract::ParamKind;
use crate::analysis::rules::Severity;

use Condition::{
    Always, ReasoningEffortNot, StringIs, StringNot, ThinkingAndValueBelow, ThinkingAndValueNot, ValueEquals, ValueNot,
    ValueNotBelowParam, With,
};
use Dialect::{AnthropicMessages, GeminiGenerateContent, OpenAiChat, OpenAiResponses};
use ModelKind::{General, Hybrid, Inference};
use ParamKind::{
    FrequencyPenalty, LogitBias, Logprobs, MaxCompletionTokens, MaxOutputTokens, MaxTokens, PresencePenalty,
    ReasoningEffort, Stop, Temperature, Thinking, ThinkingBudget, ThinkingLevel, TopK, TopLogprobs, TopP,
};
use RejectionFix::{Manual, Remove, Rename};

const AZURE_REASONING: &str = "https://learn.microsoft.com/azure/ai-services/openai/how-to/reasoning";
const OPENAI_REASONING: &str = "https://platform.openai.com/docs/guides/reasoning";
const OPENAI_CHAT_PARAMS: &str =
    "https://github.com/openai/openai-python/blob/main/src/openai/types/chat/completion_create_params.py";
const OPENAI_EFFORT: &str =
    "https://github.com/openai/openai-python/blob/main/src/openai/types/shared/reasoning_effort.py";
const OPENAI_GPT52_TEMPERATURE: &str = "https://github.com/OpenHands/software-agent-sdk/issues/1837";
const OPENAI_GPT51_SAMPLING: &str = "https://github.com/vercel/ai/issues/10932";
const ANTHROPIC_THINKING: &str = "https://platform.claude.com/docs/en/build-with-claude/extended-thinking";
const ANTHROPIC_THINKING_TIPS: &str =
    "https://platform.claude.com/docs/en/build-with-claude/prompt-engineering/extended-thinking-tips";
const ANTHROPIC_TEMPERATURE_AND_TOP_P: &str = "https://github.com/browseros-ai/BrowserOS/issues/208";
const ANTHROPIC_MIGRATION: &str = "https://platform.claude.com/docs/en/about-claude/models/migration-guide";
const GEMINI_THINKING: &str = "https://ai.google.dev/gemini-api/docs/thinking";
const GEMINI_API: &str = "https://ai.google.dev/api/generate-content";
const GEMINI_3: &str = "https://ai.google.dev/gemini-api/docs/gemini-3";
const DEEPSEEK_REASONER: &str = "https://api-docs.deepseek.com/guides/reasoning_model";
const XAI_REASONING: &str = "https://docs.x.ai/docs/guides/reasoning";

const fn rejection(
    param: ParamKind,
    when: Condition,
    severity: Severity,
    fix: RejectionFix,
    reason: &'static str,
    source: &'static str,
) -> Rejection {
    Rejection { param, when, severity, fix, reason, source }
}

const fn error(
    param: ParamKind,
    when: Condition,
    fix: RejectionFix,
    reason: &'static str,
    source: &'static str,
) -> Rejection {
    rejection(param, when, Severity::Error, fix, reason, source)
}

const fn warning(
    param: ParamKind,
    when: Condition,
    fix: RejectionFix,
    reason: &'static str,
    source: &'static str,
) -> Rejection {
    rejection(param, when, Severity::Warning, fix, reason, source)
}

// ---- OpenAI ----------------------------------------------------------------------------------

const UNSUPPORTED_WITH_REASONING: &str =
    "\"currently unsupported with reasoning models\" (Azure OpenAI); control depth with `reasoning_effort` instead";

/// CFG-OAI-1: sampling parameters on o-series and GPT-5 reasoning models.
fn openai_sampling() -> Vec<Rejection> {
    let mut out = vec![error(
        Temperature,
        ValueNot(1.0),
        Remove,
        "\"Only the default (1) value is supported.\" (OpenAI `unsupported_value`)",
        OPENAI_REASONING,
    )];
    out.extend(
        [TopP, PresencePenalty, FrequencyPenalty, Logprobs, TopLogprobs]
            .map(|p| error(p, Always, Remove, UNSUPPORTED_WITH_REASONING, AZURE_REASONING)),
    );
    out.push(warning(
        LogitBias,
        Always,
        Remove,
        "listed as unsupported with reasoning models by Azure OpenAI, reported to be accepted by OpenAI: it may have no effect",
        AZURE_REASONING,
    ));
    out
}

/// CFG-OAI-1b: gpt-5.1 and later accept sampling parameters only while `reasoning_effort` is
/// `none` (their default).
fn openai_sampling_unless_effort_none() -> Vec<Rejection> {
    let mut out = vec![error(
        Temperature,
        ReasoningEffortNot("none"),
        Remove,
        "\"Unsupported parameter: 'temperature' is not supported with this model.\" (accepted only with `reasoning_effort: none`)",
        OPENAI_GPT52_TEMPERATURE,
    )];
    out.extend([TopP, Logprobs, TopLogprobs, PresencePenalty, FrequencyPenalty].map(|p| {
        error(
            p,
            ReasoningEffortNot("none"),
            Remove,
            "sampling parameters are accepted by gpt-5.1 and later only when `reasoning_effort` is `none`",
            OPENAI_GPT51_SAMPLING,
        )
    }));
    out
}

/// CFG-OAI-2: `max_tokens` on reasoning models, renamed for the model's API.
fn openai_max_tokens(dialect: Dialect) -> Rejection {
    match dialect {
        OpenAiResponses => error(
            MaxTokens,
            Always,
            Rename(MaxOutputTokens),
            "this model is served by the Responses API, which caps output with `max_output_tokens` (reasoning tokens included)",
            AZURE_REASONING,
        ),
        _ => error(
            MaxTokens,
            Always,
            Rename(MaxCompletionTokens),
            "\"Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.\"",
            OPENAI_CHAT_PARAMS,
        ),
    }
}

/// CFG-OAI-4: `reasoning_effort` on models that do not reason.
fn openai_no_reasoning_effort() -> Rejection {
    error(
        ReasoningEffort,
        Always,
        Remove,
        "\"Unsupported parameter: 'reasoning.effort' is not supported with this model\": `reasoning_effort` is for gpt-5 and o-series reasoning models only",
        OPENAI_EFFORT,
    )
}

/// CFG-OAI-5: effort `none` before gpt-5.1.
fn openai_no_effort_none() -> Rejection {
    error(
        ReasoningEffort,
        StringIs("none"),
        Manual,
        "\"All models before gpt-5.1 default to medium reasoning effort, and do not support none.\"",
        OPENAI_EFFORT,
    )
}

/// CFG-OAI-5: effort `xhigh` before gpt-5.1-codex-max.
fn openai_no_effort_xhigh() -> Rejection {
    error(
        ReasoningEffort,
        StringIs("xhigh"),
        Manual,
        "\"xhigh is supported for all models after gpt-5.1-codex-max\"",
        OPENAI_EFFORT,
    )
}

/// CFG-OAI-6: `stop` on o3 and o4-mini.
fn openai_no_stop() -> Rejection {
    error(Stop, Always, Remove, "\"Not supported with latest reasoning models o3 and o4-mini.\"", OPENAI_CHAT_PARAMS)
}

/// Everything an o-series or GPT-5 reasoning model rejects, before the per-model extras.
fn openai_reasoning(dialect: Dialect) -> Vec<Rejection> {
    let mut out = openai_sampling();
    out.push(openai_max_tokens(dialect));
    out.push(openai_no_effort_none());
    out.push(openai_no_effort_xhigh());
    out
}

/// gpt-5.1 and later: hybrid, sampling allowed at effort `none`, `max_tokens` still rejected.
fn openai_hybrid(dialect: Dialect, xhigh: bool) -> Vec<Rejection> {
    let mut out = openai_sampling_unless_effort_none();
    out.push(openai_max_tokens(dialect));
    if !xhigh {
        out.push(openai_no_effort_xhigh());
    }
    out
}

// ---- Anthropic -------------------------------------------------------------------------------

/// CFG-ANT-1 and CFG-ANT-2: what extended thinking forbids.
fn claude_thinking() -> Vec<Rejection> {
    vec![
        error(
            Temperature,
            ThinkingAndValueNot(1.0),
            Remove,
            "\"temperature may only be set to 1 when thinking is enabled\"",
            ANTHROPIC_THINKING,
        ),
        error(
            TopK,
            Condition::Thinking,
            Remove,
            "\"Thinking isn't compatible with temperature or top_k modifications\"",
            ANTHROPIC_THINKING,
        ),
        error(
            TopP,
            ThinkingAndValueBelow(0.95),
            Manual,
            "\"When thinking is enabled, you can set top_p to values between 1 and 0.95.\"",
            ANTHROPIC_THINKING,
        ),
        error(
            ThinkingBudget,
            ThinkingAndValueBelow(1024.0),
            Manual,
            "\"Thinking tokens have a minimum budget of 1024 tokens.\"",
            ANTHROPIC_THINKING_TIPS,
        ),
        error(
            ThinkingBudget,
            ValueNotBelowParam(MaxTokens),
            Manual,
            "\"budget_tokens must be set to a value less than max_tokens\" (except with interleaved thinking and tools)",
            ANTHROPIC_THINKING,
        ),
    ]
}

/// CFG-ANT-5: Claude 4.5 and later, and Opus 4.1, refuse `temperature` together with `top_p`.
fn claude_temperature_with_top_p() -> Rejection {
    error(
        Temperature,
        With(TopP),
        Manual,
        "\"temperature and top_p cannot both be specified for this model. Please use only one.\"",
        ANTHROPIC_TEMPERATURE_AND_TOP_P,
    )
}

fn claude_4_5_and_later() -> Vec<Rejection> {
    let mut out = claude_thinking();
    out.push(claude_temperature_with_top_p());
    out
}

/// Opus 4.6: manual thinking budgets still work but are deprecated.
fn claude_opus_4_6() -> Vec<Rejection> {
    let mut out = claude_4_5_and_later();
    out.push(warning(
        ThinkingBudget,
        Always,
        Manual,
        "`budget_tokens` is deprecated on Claude Opus 4.6: use `thinking: {type: \"adaptive\"}` with `output_config.effort`",
        ANTHROPIC_THINKING,
    ));
    out
}

/// CFG-ANT-6: Opus 4.7 takes no sampling parameters and only adaptive thinking.
fn claude_opus_4_7() -> Vec<Rejection> {
    const ADAPTIVE_ONLY: &str = r#""thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort""#;
    let mut out =
        vec![error(Temperature, Always, Remove, "\"`temperature` is deprecated for this model\"", ANTHROPIC_MIGRATION)];
    out.extend([TopP, TopK].map(|p| {
        error(
            p,
            Always,
            Remove,
            "sampling parameters are rejected (HTTP 400) from Claude Opus 4.7 on",
            ANTHROPIC_MIGRATION,
        )
    }));
    out.push(error(Thinking, StringIs("enabled"), Manual, ADAPTIVE_ONLY, ANTHROPIC_MIGRATION));
    out.push(error(ThinkingBudget, Always, Remove, ADAPTIVE_ONLY, ANTHROPIC_MIGRATION));
    out
}

// ---- Google ----------------------------------------------------------------------------------

/// CFG-GEM-2: thinking settings on models without thinking.
fn gemini_no_thinking() -> Vec<Rejection> {
    [ThinkingBudget, ThinkingLevel]
        .map(|p| {
            error(
                p,
                Always,
                Remove,
                "\"An error will be returned if this field is set for models that don't support thinking.\"",
                GEMINI_API,
            )
        })
        .to_vec()
}

/// CFG-GEM-1: gemini-2.5-pro cannot turn thinking off.
fn gemini_pro_thinking_on() -> Rejection {
    error(
        ThinkingBudget,
        ValueEquals(0.0),
        Manual,
        "2.5 Pro takes a thinking budget of 128 to 32768, or -1 for dynamic: it \"cannot disable thinking\"",
        GEMINI_THINKING,
    )
}

/// CFG-GEM-3: Gemini 3 takes `thinkingLevel` or `thinkingBudget`, not both.
fn gemini_3() -> Vec<Rejection> {
    vec![error(
        ThinkingBudget,
        With(ThinkingLevel),
        Remove,
        "Gemini 3 rejects `thinkingLevel` and `thinkingBudget` in the same request (400 error); use `thinkingLevel`",
        GEMINI_3,
    )]
}

// ---- DeepSeek --------------------------------------------------------------------------------

/// CFG-DS-1 and CFG-DS-2.
fn deepseek_reasoner() -> Vec<Rejection> {
    let mut out: Vec<Rejection> = [Logprobs, TopLogprobs]
        .map(|p| {
            error(p, Always, Remove, "\"Setting logprobs, top_logprobs will trigger an error.\"", DEEPSEEK_REASONER)
        })
        .to_vec();
    out.extend([Temperature, TopP, PresencePenalty, FrequencyPenalty].map(|p| {
        warning(
            p,
            Always,
            Remove,
            "\"setting temperature, top_p, presence_penalty, frequency_penalty will not trigger an error but will also have no effect\"",
            DEEPSEEK_REASONER,
        )
    }));
    out
}

// ---- xAI -------------------------------------------------------------------------------------

/// CFG-XAI-1: penalties and `stop` on reasoning models.
fn grok_reasoning() -> Vec<Rejection> {
    [PresencePenalty, FrequencyPenalty, Stop]
        .map(|p| {
            error(
                p,
                Always,
                Remove,
                "\"presencePenalty, frequencyPenalty and stop parameters are not supported by reasoning models. Adding them in the request would result in an error.\"",
                XAI_REASONING,
            )
        })
        .to_vec()
}

/// CFG-XAI-2: `reasoning_effort` everywhere but grok-3-mini.
fn grok_no_reasoning_effort() -> Rejection {
    error(
        ReasoningEffort,
        Always,
        Remove,
        "\"Specifying reasoning_effort parameter will get an error response. Only grok-3-mini supports reasoning_effort.\"",
        XAI_REASONING,
    )
}

fn grok_reasoning_no_effort() -> Vec<Rejection> {
    let mut out = grok_reasoning();
    out.push(grok_no_reasoning_effort());
    out
}

// ---- The table -------------------------------------------------------------------------------

fn model(id: &str, kind: ModelKind, provider: Provider, dialect: Dialect) -> ModelInfo {
    ModelInfo {
        id: id.to_owned(),
        kind,
        provider,
        dialect,
        context_window: None,
        max_output: None,
        rejects: Vec::new(),
        rejects_system_message: false,
        reasons_by_default: false,
        user_defined: false,
    }
}

/// Chained setters, so each table row reads as one expression.
trait Row {
    fn window(self, context: u32, output: u32) -> Self;
    fn context(self, context: u32) -> Self;
    fn rejects(self, rejects: impl IntoIterator<Item = Rejection>) -> Self;
    fn no_system_message(self) -> Self;
    fn reasons_by_default(self) -> Self;
}

impl Row for ModelInfo {
    fn window(mut self, context: u32, output: u32) -> Self {
        self.context_window = Some(context);
        self.max_output = Some(output);
        self
    }

    fn context(mut self, context: u32) -> Self {
        self.context_window = Some(context);
        self
    }

    fn rejects(mut self, rejects: impl IntoIterator<Item = Rejection>) -> Self {
        self.rejects.extend(rejects);
        self
    }

    fn no_system_message(mut self) -> Self {
        self.rejects_system_message = true;
        self
    }

    fn reasons_by_default(mut self) -> Self {
        self.reasons_by_default = true;
        self
    }
}

pub(super) fn entries() -> Vec<ModelInfo> {
    let mut all = openai();
    all.extend(anthropic());
    all.extend(google());
    all.extend(deepseek());
    all.extend(open_weights_and_mistral());
    all.extend(xai());
    all.extend(chinese());
    all
}

fn openai() -> Vec<ModelInfo> {
    let oai = |id, kind, dialect| model(id, kind, Provider::OpenAi, dialect);
    let reasoning = |id, dialect| oai(id, Inference, dialect).rejects(openai_reasoning(dialect));
    // `o1-preview` and `o1-mini` predate developer messages and reasoning effort.
    let legacy_o1 = |id| {
        oai(id, Inference, OpenAiChat)
            .rejects(openai_sampling())
            .rejects([openai_max_tokens(OpenAiChat), openai_no_reasoning_effort()])
            .no_system_message()
    };
    let general = |id, dialect| oai(id, General, dialect).rejects([openai_no_reasoning_effort()]);
    vec![
        legacy_o1("o1-preview").window(128_000, 32_768),
        legacy_o1("o1-mini").window(128_000, 65_536),
        reasoning("o1", OpenAiChat).window(200_000, 100_000),
        reasoning("o1-pro", OpenAiResponses),
        reasoning("o3-mini", OpenAiChat).window(200_000, 100_000),
        reasoning("o3", OpenAiChat).window(200_000, 100_000).rejects([openai_no_stop()]),
        reasoning("o3-pro", OpenAiResponses).window(200_000, 100_000),
        reasoning("o4-mini", OpenAiChat).window(200_000, 100_000).rejects([openai_no_stop()]),
        reasoning("codex-mini", OpenAiResponses).window(200_000, 100_000),
        reasoning("gpt-5", OpenAiChat).window(400_000, 128_000),
        reasoning("gpt-5-mini", OpenAiChat).window(400_000, 128_000),
        reasoning("gpt-5-nano", OpenAiChat).window(400_000, 128_000),
        // gpt-5-pro only supports `high`, so the generic `none`/`xhigh` checks are subsumed.
        oai("gpt-5-pro", Inference, OpenAiResponses).window(400_000, 128_000).rejects(openai_sampling()).rejects([
            openai_max_tokens(OpenAiResponses),
            error(
                ReasoningEffort,
                StringNot("high"),
                Manual,
                "\"The gpt-5-pro model defaults to (and only supports) high reasoning effort.\"",
                OPENAI_EFFORT,
            ),
        ]),
        reasoning("gpt-5-codex", OpenAiResponses).rejects([error(
            ReasoningEffort,
            StringIs("minimal"),
            Manual,
            "\"gpt-5-codex does not support reasoning_effort minimal\"",
            AZURE_REASONING,
        )]),
        general("gpt-5-chat", OpenAiChat),
        oai("gpt-5.1", Hybrid, OpenAiChat).window(400_000, 128_000).rejects(openai_hybrid(OpenAiChat, false)),
        oai("gpt-5.1-codex", Hybrid, OpenAiResponses)
            .window(400_000, 128_000)
            .rejects(openai_hybrid(OpenAiResponses, false)),
        oai("gpt-5.1-codex-max", Hybrid, OpenAiResponses)
            .window(400_000, 128_000)
            .rejects(openai_hybrid(OpenAiResponses, true)),
        general("gpt-5.1-chat", OpenAiChat).window(128_000, 16_384),
        oai("gpt-5.2", Hybrid, OpenAiChat).window(400_000, 128_000).rejects(openai_hybrid(OpenAiChat, true)),
        oai("gpt-5.2-codex", Hybrid, OpenAiResponses)
            .window(400_000, 128_000)
            .rejects(openai_hybrid(OpenAiResponses, true)),
        // By analogy with gpt-5.1-chat: the chat variant does not reason.
        general("gpt-5.2-chat", OpenAiChat),
        general("chatgpt-4o", OpenAiChat),
        general("gpt-4o", OpenAiChat).window(128_000, 16_384),
        general("gpt-4o-mini", OpenAiChat).window(128_000, 16_384),
        general("gpt-4.1", OpenAiChat).window(1_047_576, 32_768),
        general("gpt-4.1-mini", OpenAiChat).window(1_047_576, 32_768),
        general("gpt-4.1-nano", OpenAiChat).window(1_047_576, 32_768),
        general("gpt-4", OpenAiChat),
        general("gpt-4-turbo", OpenAiChat),
        general("gpt-3.5-turbo", OpenAiChat),
    ]
}

fn anthropic() -> Vec<ModelInfo> {
    let claude = |id, kind| model(id, kind, Provider::Anthropic, AnthropicMessages);
    let hybrid = |id| claude(id, Hybrid).rejects(claude_thinking());
    let hybrid_4_5 = |id| claude(id, Hybrid).rejects(claude_4_5_and_later());
    vec![
        claude("claude-instant", General),
        claude("claude-2", General),
        claude("claude-3-opus", General),
        claude("claude-3-sonnet", General),
        claude("claude-3-haiku", General),
        claude("claude-3-5-sonnet", General).window(200_000, 8_192),
        claude("claude-3-5-haiku", General).window(200_000, 8_192),
        hybrid("claude-3-7-sonnet").window(200_000, 64_000),
        hybrid("claude-sonnet-4").window(200_000, 64_000),
        hybrid_4_5("claude-sonnet-4-5").window(200_000, 64_000),
        hybrid_4_5("claude-sonnet-4-6").window(200_000, 64_000),
        hybrid_4_5("claude-haiku-4-5").window(200_000, 64_000),
        hybrid("claude-opus-4").window(200_000, 32_000),
        hybrid_4_5("claude-opus-4-1").window(200_000, 32_000),
        hybrid_4_5("claude-opus-4-5").window(200_000, 64_000),
        claude("claude-opus-4-6", Hybrid).window(200_000, 128_000).rejects(claude_opus_4_6()),
        claude("claude-opus-4-7", Inference).rejects(claude_opus_4_7()),
    ]
}

fn google() -> Vec<ModelInfo> {
    let gemini = |id, kind| model(id, kind, Provider::Google, GeminiGenerateContent);
    let no_thinking = |id| gemini(id, General).rejects(gemini_no_thinking());
    vec![
        no_thinking("gemini-1.5-pro"),
        no_thinking("gemini-1.5-flash"),
        no_thinking("gemini-2.0-flash").window(1_048_576, 8_192),
        no_thinking("gemini-2.0-flash-lite").window(1_048_576, 8_192),
        // Experimental; "32K in / 8K out" on Vertex, not an exact figure.
        gemini("gemini-2.0-flash-thinking-exp", Inference),
        gemini("gemini-2.5-pro", Inference).window(1_048_576, 65_536).rejects([gemini_pro_thinking_on()]),
        // "Dynamic thinking" is the default on 2.5 Flash; Flash-Lite is off unless a budget is set.
        gemini("gemini-2.5-flash", Hybrid).window(1_048_576, 65_536).reasons_by_default(),
        gemini("gemini-2.5-flash-lite", Hybrid).window(1_048_576, 65_536),
        // Gemini 3 Pro's levels are `low` and `high`: it always thinks. Flash adds `minimal`,
        // which comes close to switching thinking off, so it is treated as hybrid.
        gemini("gemini-3-pro", Inference).rejects(gemini_3()),
        gemini("gemini-3-flash", Hybrid).rejects(gemini_3()).reasons_by_default(),
    ]
}

fn deepseek() -> Vec<ModelInfo> {
    let ds = |id, kind| model(id, kind, Provider::DeepSeek, OpenAiChat);
    vec![
        ds("deepseek-chat", General),
        ds("deepseek-v3", General),
        ds("deepseek-reasoner", Inference).rejects(deepseek_reasoner()),
        // Open weights served by many hosts: the hosted API's rules do not apply.
        ds("deepseek-r1", Inference),
        ds("deepseek-r1-distill", Inference),
    ]
}

fn open_weights_and_mistral() -> Vec<ModelInfo> {
    let llama = |id| model(id, General, Provider::Meta, OpenAiChat);
    let mistral = |id, kind| model(id, kind, Provider::Mistral, OpenAiChat);
    vec![
        llama("llama3"),
        llama("llama3.1"),
        llama("llama3.2"),
        llama("llama3.3"),
        llama("llama4"),
        mistral("mistral-large", General),
        mistral("mistral-medium", General),
        mistral("mistral-small", General),
        mistral("mistral-nemo", General),
        mistral("mistral-7b", General),
        mistral("open-mistral", General),
        mistral("open-mixtral", General),
        mistral("mixtral", General),
        mistral("codestral", General),
        mistral("ministral", General),
        mistral("magistral-small", Inference),
        mistral("magistral-medium", Inference),
    ]
}

fn xai() -> Vec<ModelInfo> {
    let grok = |id, kind| model(id, kind, Provider::XAi, OpenAiChat);
    vec![
        grok("grok-3", General).rejects([grok_no_reasoning_effort()]),
        grok("grok-3-mini", Inference).rejects(grok_reasoning()),
        grok("grok-4", Inference).rejects(grok_reasoning_no_effort()),
        grok("grok-4-fast-reasoning", Inference).rejects(grok_reasoning_no_effort()),
        grok("grok-4-fast-non-reasoning", General).rejects([grok_no_reasoning_effort()]),
        grok("grok-4-1-fast-reasoning", Inference).rejects(grok_reasoning_no_effort()),
        grok("grok-4-1-fast-non-reasoning", General).rejects([grok_no_reasoning_effort()]),
    ]
}

fn chinese() -> Vec<ModelInfo> {
    let ernie = |id, kind| model(id, kind, Provider::Baidu, OpenAiChat);
    let qwen = |id, kind| model(id, kind, Provider::Alibaba, OpenAiChat);
    let spark = |id, kind| model(id, kind, Provider::IFlytek, OpenAiChat);
    vec![
        ernie("ernie-bot", General),
        ernie("ernie-3.5", General),
        ernie("ernie-4.0", General),
        ernie("ernie-4.5", General),
        ernie("ernie-speed", General),
        ernie("ernie-lite", General),
        ernie("ernie-x1", Inference),
        ernie("ernie-x1-turbo", Inference),
        ernie("ernie-x1.1", Inference),
        qwen("qwen-max", General),
        qwen("qwen-turbo", General),
        // `enable_thinking` switches qwen-plus between modes.
        qwen("qwen-plus", Hybrid),
        qwen("qwen2.5", General),
        // Qwen3 dense models: `enable_thinking`, `/think`, `/no_think`.
        qwen("qwen3", Hybrid).context(32_768),
        qwen("qwen3-coder", General),
        // The 2507 updates split Qwen3 into separate non-thinking and thinking-only models
        // (Hugging Face `Qwen/Qwen3-*-Instruct-2507`, `Qwen/Qwen3-*-Thinking-2507`).
        qwen("qwen3-235b-a22b-instruct-2507", General),
        qwen("qwen3-235b-a22b-thinking-2507", Inference),
        qwen("qwen3-30b-a3b-instruct-2507", General),
        qwen("qwen3-30b-a3b-thinking-2507", Inference),
        qwen("qwen3-4b-instruct-2507", General),
        qwen("qwen3-4b-thinking-2507", Inference),
        qwen("qwq", Inference),
        qwen("qwq-32b", Inference).context(131_072),
        qwen("qwq-plus", Inference),
        spark("spark-lite", General),
        spark("spark-pro", General),
        spark("spark-max", General),
        spark("spark-4.0-ultra", General),
        spark("spark-x1", Inference),
    ]
}
