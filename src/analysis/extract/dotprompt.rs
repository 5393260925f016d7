//! TODO(helper): dotprompt
use super::Extraction;
pub fn extract(_text: &str) -> Extraction {
    Extraction::default()
}
