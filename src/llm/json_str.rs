//! JSON string literals read exactly as `serde_json` reads them, or refused: the fast paths of the
//! stream decoders use this, and leave anything it refuses to serde.

use std::borrow::Cow;

/// The string whose opening quote is just before `bytes[from]`: its value (borrowed when it has no
/// escapes) and the index just past its closing quote. `None` for anything serde would refuse (a
/// control character, an invalid escape, a lone surrogate, invalid UTF-8) and for a string that
/// never ends. Bytes, so that a caller may check only the string of a text it has not decoded.
pub(crate) fn string_at(bytes: &[u8], from: usize) -> Option<(Cow<'_, str>, usize)> {
    let mut from = from;
    let mut owned: Option<String> = None;
    loop {
        let stop = special(bytes, from)?;
        let run = std::str::from_utf8(bytes.get(from..stop)?).ok()?;
        match bytes[stop] {
            b'"' => {
                let value = match owned {
                    None => Cow::Borrowed(run),
                    Some(mut s) => {
                        s.push_str(run);
                        Cow::Owned(s)
                    }
                };
                return Some((value, stop + 1));
            }
            b'\\' => {
                let s = owned.get_or_insert_with(String::new);
                s.push_str(run);
                let (c, len) = unescape(&bytes[stop..])?;
                s.push(c);
                from = stop + len;
            }
            _ => return None, // A control character: JSON requires it escaped.
        }
    }
}

/// The first byte from `from` on that ends a run of plain string content: the closing quote, a
/// backslash, or a control character (invalid unescaped). A table lookup per byte: the strings of
/// a chunk are a few bytes long, too short for a vectorised search to pay for its setup.
pub(crate) fn special(bytes: &[u8], from: usize) -> Option<usize> {
    const SPECIAL: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = true;
            b += 1;
        }
        table[b'"' as usize] = true;
        table[b'\\' as usize] = true;
        table
    };
    bytes.get(from..)?.iter().position(|&b| SPECIAL[usize::from(b)]).map(|i| from + i)
}

/// The character of the escape at the start of `b` (which starts with `\`) and the escape's
/// length; `None` for an invalid escape or a lone surrogate (serde refuses both).
fn unescape(b: &[u8]) -> Option<(char, usize)> {
    let c = match *b.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let high = hex4(b.get(2..6)?)?;
            if !(0xD800..0xE000).contains(&high) {
                return Some((char::from_u32(high)?, 6));
            }
            if high >= 0xDC00 || b.get(6..8)? != b"\\u" {
                return None;
            }
            let low = hex4(b.get(8..12)?)?;
            if !(0xDC00..0xE000).contains(&low) {
                return None;
            }
            return Some((char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?, 12));
        }
        _ => return None,
    };
    Some((c, 2))
}

fn hex4(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0_u32, |n, &d| Some(n * 16 + char::from(d).to_digit(16)?))
}

/// For `#[serde(default, deserialize_with = "…")]` on an `Option<Cow<str>>` field: serde borrows
/// a `Cow` only when it is the field's own type, so an `Option` of one would always allocate.
pub(crate) fn borrowed<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Text<'a>(#[serde(borrow)] Cow<'a, str>);
    let text: Option<Text<'de>> = serde::Deserialize::deserialize(deserializer)?;
    Ok(text.map(|t| t.0))
}

#[cfg(test)]
mod tests {
    use super::string_at;

    /// What serde makes of the literal, in the same form.
    fn serde(literal: &str) -> Option<String> {
        serde_json::from_str::<String>(literal).ok()
    }

    fn fast(literal: &str) -> Option<String> {
        let (value, end) = string_at(literal.as_bytes(), 1)?;
        (end == literal.len()).then(|| value.into_owned())
    }

    #[test]
    fn agrees_with_serde_on_what_it_accepts() {
        for literal in [
            r#""""#,
            r#"" tok""#,
            r#""naïve 🌍""#,
            r#""\"q\" \\ \/ \b\f\n\r\t""#,
            r#""\u0041\u00e9\uD83D\uDE00\u0000""#,
            r#""\uffff""#,
        ] {
            assert_eq!(fast(literal), serde(literal), "{literal}");
            assert!(fast(literal).is_some(), "{literal}");
        }
    }

    #[test]
    fn refuses_what_serde_refuses() {
        for literal in [
            "\"a\tb\"",
            "\"a\nb\"",
            r#""\x""#,
            r#""\u12""#,
            r#""\u12g4""#,
            r#""\ud83d""#,
            r#""\ud83d\u0041""#,
            r#""\ude00""#,
            r#""\ud83dx""#,
            r#""open"#,
            r#""\"#,
        ] {
            assert_eq!(fast(literal), None, "{literal}");
            assert_eq!(serde(literal), None, "{literal}");
        }
    }

    #[test]
    fn borrows_without_escapes() {
        assert!(matches!(string_at(br#""abc" rest"#, 1), Some((std::borrow::Cow::Borrowed("abc"), 5))));
    }

    #[test]
    fn refuses_invalid_utf8() {
        assert_eq!(string_at(b"\"a\xFFb\"", 1), None);
        assert_eq!(string_at(b"\"\\n\xC3\"", 1), None);
    }
}
