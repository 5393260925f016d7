//! TODO(helper): prompt_md
use super::Extraction;
use crate::analysis::format::PromptFormat;
pub fn extract(_format: PromptFormat, _text: &str) -> Extraction {
    Extraction::default()
}
