//! TODO(helper): prompty
use super::Extraction;
pub fn extract(_text: &str) -> Extraction {
    Extraction::default()
}
