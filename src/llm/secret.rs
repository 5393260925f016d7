//! [`Secret`]: an API key that cannot leak through `Debug`, `Display` or an error message by
//! accident. The only way to the text is [`Secret::expose`], used where the key goes into a
//! request header and where error text is scrubbed of it.

use std::fmt;

/// An API key. Its `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key itself, for the request header. Never format it into a message.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the key replaced by `***`: a last line of defence for
    /// text that comes from elsewhere (a server's error body that echoes the key, a transport
    /// error that quotes a URL).
    pub fn scrub(&self, text: &str) -> String {
        // A very short "key" would blank out ordinary words; real keys are long.
        if self.0.len() < 8 { text.to_owned() } else { text.replace(&self.0, "***") }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_and_display_hide_the_key() {
        let key = Secret::new("sk-test-0123456789abcdef");
        assert_eq!(format!("{key:?}"), "Secret(***)");
        assert_eq!(format!("{key}"), "***");
        assert_eq!(key.expose(), "sk-test-0123456789abcdef");
    }

    #[test]
    fn scrub_removes_every_occurrence() {
        let key = Secret::new("sk-test-0123456789abcdef");
        let text = "bad key sk-test-0123456789abcdef (sk-test-0123456789abcdef)";
        assert_eq!(key.scrub(text), "bad key *** (***)");
    }
}
