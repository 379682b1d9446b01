//! Glyph names to Unicode: the Adobe Glyph List (`glyphlist.txt` beside this
//! file) and the naming conventions of the AGL specification (`uniXXXX`,
//! `uXXXX[XX]`, `name.suffix`, `f_f_i` ligature names).
//!
//! Names that carry no meaning (`g123`, `cid456`, `.notdef`) map to nothing.

use std::collections::HashMap;
use std::sync::OnceLock;

static GLYPH_LIST: &str = include_str!("glyphlist.txt");

/// Glyph names to their text. Hashed with foldhash: every simple font a
/// document loads looks up the names of its 256 codes, and SipHash made
/// that a third of a font's loading (BENCHMARKS.md, issue 16).
type GlyphList = HashMap<&'static str, Box<str>, foldhash::fast::FixedState>;

fn table() -> &'static GlyphList {
    static TABLE: OnceLock<GlyphList> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = GlyphList::with_capacity_and_hasher(4600, Default::default());
        for line in GLYPH_LIST.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut fields = line.split(';');
            let (Some(name), Some(values)) = (fields.next(), fields.next()) else {
                continue;
            };
            let text: Option<String> = values
                .split_whitespace()
                .map(|hex| u32::from_str_radix(hex, 16).ok().and_then(char::from_u32))
                .collect();
            if let Some(text) = text.filter(|t| !t.is_empty()) {
                map.insert(name, text.into_boxed_str());
            }
        }
        map
    })
}

/// The text a glyph name stands for, or `None` when the name says nothing.
pub fn to_unicode(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    if let Some(text) = component(name) {
        return Some(text);
    }
    // "a.sc", "one.oldstyle": the part before the first period.
    let base = match name.find('.') {
        Some(0) | None => name,
        Some(dot) => &name[..dot],
    };
    if base.contains('_') {
        // "f_f_i": each component, all must be known.
        return base
            .split('_')
            .map(component)
            .collect::<Option<String>>()
            .filter(|s| !s.is_empty());
    }
    if base.len() < name.len() {
        return component(base);
    }
    None
}

fn component(name: &str) -> Option<String> {
    if let Some(text) = table().get(name) {
        return Some(text.to_string());
    }
    if let Some(hex) = name.strip_prefix("uni") {
        if !hex.is_empty() && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return (0..hex.len() / 4)
                .map(|i| hex.get(i * 4..i * 4 + 4).and_then(scalar))
                .collect();
        }
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return scalar(hex).map(String::from);
        }
    }
    None
}

fn scalar(hex: &str) -> Option<char> {
    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(name: &str) -> Option<String> {
        to_unicode(name.as_bytes())
    }

    #[test]
    fn adobe_glyph_list_names() {
        assert_eq!(u("A").as_deref(), Some("A"));
        assert_eq!(u("ocircumflex").as_deref(), Some("ô"));
        assert_eq!(u("udieresis").as_deref(), Some("ü"));
        assert_eq!(u("fi").as_deref(), Some("\u{FB01}"));
        assert_eq!(u("quoteright").as_deref(), Some("\u{2019}"));
    }

    #[test]
    fn uni_and_u_names() {
        assert_eq!(u("uni00E9").as_deref(), Some("é"));
        assert_eq!(u("uni00660069").as_deref(), Some("fi"));
        assert_eq!(u("u1F600").as_deref(), Some("\u{1F600}"));
        assert_eq!(u("uniD800"), None);
    }

    #[test]
    fn suffixes_and_ligature_names() {
        assert_eq!(u("a.sc").as_deref(), Some("a"));
        assert_eq!(u("f_i").as_deref(), Some("\u{FB01}"));
        assert_eq!(u("f_j").as_deref(), Some("fj"));
        assert_eq!(u("f_f_l.alt").as_deref(), Some("ffl"));
        assert_eq!(u("T_h").as_deref(), Some("Th"));
    }

    #[test]
    fn meaningless_names() {
        assert_eq!(u("g123"), None);
        assert_eq!(u(".notdef"), None);
        assert_eq!(u("cid00042"), None);
    }

    #[test]
    fn tex_names() {
        assert_eq!(u("dotlessj").as_deref(), Some("\u{237}"));
        assert_eq!(u("visualspace").as_deref(), Some("\u{2423}"));
    }
}
