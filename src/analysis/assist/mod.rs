//! The pure half of drafting and verifying with models: what is sent, what may not be sent, how an
//! answer is read and where its edit goes. The sending itself lives in `crate::assist`.
//!
//! - [`secrets`]: keys, tokens and secret-looking strings in a payload, masked in every message;
//! - [`prompts`]: the requests, shaped for the general or the inference model;
//! - [`findings`]: verification answers (JSON findings) read tolerantly, lines mapped to the document;
//! - [`anchor`]: an edit re-anchored on its original text when the document changed meanwhile.

pub mod anchor;
pub mod findings;
pub mod prompts;
pub mod secrets;
