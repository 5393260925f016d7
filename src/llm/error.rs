//! [`LlmError`]: why a model call failed, as a sentence that says what to do. Every text that
//! comes from outside (a server's error body, a transport error) is scrubbed of the key before it
//! is stored here, and URLs are never taken from transport errors.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    /// The provider needs a key and the environment has none.
    #[error(
        "{provider} needs an API key: set the environment variable {env_var} (the key is never read from modelfit.toml)"
    )]
    MissingKey { provider: String, env_var: String },

    /// 401 or 403.
    #[error(
        "{provider} refused the request with HTTP {status} ({detail}): {}",
        match env_var {
            Some(var) => format!("check that {var} holds a valid key with access to model `{model}`"),
            None => format!("this provider needs a key; set `api_key_env` for it in modelfit.toml and set that variable (model `{model}`)"),
        }
    )]
    Unauthorized { provider: String, status: u16, env_var: Option<String>, model: String, detail: String },

    /// 429 on every attempt, or a `Retry-After` longer than the policy allows.
    #[error("{provider} is rate limiting requests (HTTP 429 after {attempts} attempt(s)){}; wait and try again, or check your plan's limits", retry_after.map(|d| format!(", it asks to retry after {} s", d.as_secs())).unwrap_or_default())]
    RateLimited { provider: String, attempts: u32, retry_after: Option<Duration> },

    /// 5xx on every attempt.
    #[error(
        "{provider} failed with HTTP {status} after {attempts} attempt(s) ({detail}); the service may be down, try again later"
    )]
    Server { provider: String, status: u16, attempts: u32, detail: String },

    /// Another 4xx: the request itself was refused (unknown model, bad parameter).
    #[error(
        "{provider} rejected the request for model `{model}` with HTTP {status}: {detail}; check the model name and the `[roles]`/`[providers]` settings in modelfit.toml"
    )]
    Rejected { provider: String, model: String, status: u16, detail: String },

    /// The server could not be reached.
    #[error(
        "could not connect to {provider} at {base_url} ({detail}); check that the server is running and `base_url` is right"
    )]
    Connect { provider: String, base_url: String, detail: String },

    /// No connection within the connect timeout.
    #[error("could not connect to {provider} at {base_url} within {} s; check the network and `base_url`", after.as_secs_f32())]
    ConnectTimeout { provider: String, base_url: String, after: Duration },

    /// The server said nothing for too long.
    #[error("{provider} sent nothing for {} s {phase}; the server stalled, try again later", after.as_secs_f32())]
    Timeout { provider: String, phase: &'static str, after: Duration },

    /// The connection broke or the stream ended before the answer was complete.
    #[error("the answer from {provider} broke off: {detail}; nothing was applied, try again")]
    Broken { provider: String, detail: String },

    /// The server sent something that is not the expected format.
    #[error(
        "{provider} sent a malformed answer: {detail}; check that `kind` in `[providers]` matches the server's API"
    )]
    Malformed { provider: String, detail: String },

    /// The server reported an error inside a stream or a successful response.
    #[error("{provider} reported an error: {detail}")]
    Provider { provider: String, detail: String },

    /// The configuration cannot name an endpoint for the role.
    #[error("{0}")]
    Config(String),
}
