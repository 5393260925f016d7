//! `modelfit/unitStatus`, a custom request for editor status bars: the profile of the prompt unit
//! under the cursor in one small object (task, model, whether it fits), so a client can show it
//! without parsing hover markdown or inlay-hint labels.
//!
//! Request params: `{ "textDocument": { "uri": … }, "position": { "line": …, "character": … } }`.
//! Result: `null` when the document is not open or no unit with text is at the cursor, else
//! `{ "label", "task", "preferred", "model", "modelKind", "fits", "tokens", "confidence" }`, where
//! `fits` is `true`, `false`, or `null` when either kind would do or the model is unknown.

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{Position, TextDocumentIdentifier};

use super::inlay_hint::label;
use super::profiled;
use crate::server::convert::position_to_offset;
use crate::server::state::{Snapshot, State};

/// The request's method name.
pub const METHOD: &str = "modelfit/unitStatus";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitStatusParams {
    pub text_document: TextDocumentIdentifier,
    pub position: Position,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitStatus {
    /// The inlay hint's text: `≈ 1,234 tokens · task: math · fits: inference`.
    pub label: String,
    pub task: String,
    /// The model kind the task wants: `general`, `inference` or `either`.
    pub preferred: String,
    pub model: Option<String>,
    /// The kind the model runs as, when it is known.
    pub model_kind: Option<String>,
    pub fits: Option<bool>,
    /// Instruction tokens, as displayed (`≈ 1,234`).
    pub tokens: String,
    pub confidence: f32,
}

/// The status of the unit at `position`: the unit whose range holds the cursor, or, in a prompt
/// file (a single unit), that unit wherever the cursor is. In source code the cursor must be in
/// the call or the constant: a status bar naming a prompt elsewhere in the file would mislead.
pub async fn unit_status(state: &State, snapshot: Snapshot, position: Position) -> Option<UnitStatus> {
    let offset = position_to_offset(&snapshot.rope, position, snapshot.encoding);
    let code = snapshot.format.is_code();
    let (_, analyzed) = profiled(state, snapshot).await?;
    let units = &analyzed.analysis.extraction.units;
    let index = units
        .iter()
        .position(|u| u.range.start <= offset && offset <= u.range.end)
        .or_else(|| (!code && units.len() == 1).then_some(0))?;
    let p = analyzed.units().get(index).filter(|p| p.has_text)?;
    Some(UnitStatus {
        label: label(p),
        task: p.profile.task.to_string(),
        preferred: p.prediction.name().to_owned(),
        model: p.model.clone(),
        model_kind: p.model_kind.map(|k| k.as_str().to_owned()),
        fits: p.fits(),
        tokens: p.tokens.display(),
        confidence: p.profile.confidence,
    })
}
