//! Normalising what people write into catalog ids.

/// Lower-cases, trims quotes and host decorations, strips gateway prefixes.
pub fn normalize(written: &str) -> String {
    let mut s = written.trim().trim_matches(['"', '\'']).trim().to_lowercase();
    // Copilot display names carry a vendor suffix: `Claude Sonnet 4 (copilot)`.
    while let Some(open) = s.rfind(" (") {
        if s.ends_with(')') {
            s.truncate(open);
        } else {
            break;
        }
    }
    s = s.trim().replace(' ', "-");
    if let Some(rest) = s.rsplit('/').next() {
        s = rest.to_owned();
    }
    s
}

/// True for names that mean "no particular model": the host decides.
pub fn means_no_model(normalized: &str) -> bool {
    matches!(normalized, "" | "inherit" | "default" | "auto")
}

/// Why a name is a floating alias, or `None` when it is pinned enough.
pub fn floating_reason(normalized: &str) -> Option<&'static str> {
    if normalized == "auto" {
        return Some("`Auto` lets the host pick any model, general or inference, per request");
    }
    if normalized.ends_with("-latest") {
        return Some("a `-latest` alias moves to a new snapshot without notice");
    }
    None
}
