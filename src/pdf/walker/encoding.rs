//! The standard single-byte encodings of simple fonts (ISO 32000-1 Annex D) as
//! glyph names per code, from `encodings.txt` beside this file.

use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseEncoding {
    Standard,
    MacRoman,
    WinAnsi,
    MacExpert,
    /// The built-in encoding of the Symbol font.
    Symbol,
    /// The built-in encoding of the ZapfDingbats font.
    ZapfDingbats,
    PdfDoc,
}

pub type GlyphNames = [Option<&'static str>; 256];

static ENCODINGS: &str = include_str!("encodings.txt");

impl BaseEncoding {
    /// The encoding an `/Encoding` or `/BaseEncoding` name stands for.
    pub fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        Some(match name {
            b"StandardEncoding" => BaseEncoding::Standard,
            b"MacRomanEncoding" => BaseEncoding::MacRoman,
            b"WinAnsiEncoding" => BaseEncoding::WinAnsi,
            b"MacExpertEncoding" => BaseEncoding::MacExpert,
            b"PDFDocEncoding" => BaseEncoding::PdfDoc,
            b"SymbolEncoding" => BaseEncoding::Symbol,
            b"ZapfDingbatsEncoding" => BaseEncoding::ZapfDingbats,
            _ => return None,
        })
    }

    fn column(self) -> usize {
        match self {
            BaseEncoding::Standard => 0,
            BaseEncoding::MacRoman => 1,
            BaseEncoding::WinAnsi => 2,
            BaseEncoding::MacExpert => 3,
            BaseEncoding::Symbol => 4,
            BaseEncoding::ZapfDingbats => 5,
            BaseEncoding::PdfDoc => 6,
        }
    }

    /// Glyph name of each code.
    pub fn glyph_names(self) -> &'static GlyphNames {
        static TABLES: OnceLock<[GlyphNames; 7]> = OnceLock::new();
        let tables = TABLES.get_or_init(|| {
            let mut tables = [[None; 256]; 7];
            for line in ENCODINGS.lines().filter(|l| !l.starts_with('#')) {
                let mut fields = line.split_whitespace();
                let Some(code) = fields
                    .next()
                    .and_then(|c| c.parse::<usize>().ok())
                    .filter(|&c| c < 256)
                else {
                    continue;
                };
                for (table, name) in tables.iter_mut().zip(fields) {
                    table[code] = (name != "-").then_some(name);
                }
            }
            tables
        });
        &tables[self.column()]
    }
}

/// Decodes PDFDocEncoding bytes (text strings outside fonts). Control bytes
/// the encoding leaves undefined pass through as the same code points.
pub fn decode_pdf_doc(bytes: &[u8]) -> String {
    let names = BaseEncoding::PdfDoc.glyph_names();
    bytes
        .iter()
        .map(|&b| {
            names[usize::from(b)]
                .and_then(|name| super::glyphnames::to_unicode(name.as_bytes()))
                .unwrap_or_else(|| {
                    if b < 0x80 {
                        char::from(b).to_string()
                    } else {
                        '\u{FFFD}'.to_string()
                    }
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn win_ansi_and_standard_differ_where_they_should() {
        let win = BaseEncoding::WinAnsi.glyph_names();
        let std = BaseEncoding::Standard.glyph_names();
        assert_eq!(win[0xE9], Some("eacute"));
        assert_eq!(win[0x93], Some("quotedblleft"));
        assert_eq!(win[0x27], Some("quotesingle"));
        assert_eq!(std[0x27], Some("quoteright"));
        assert_eq!(std[0xAE], Some("fi"));
        assert_eq!(std[0xE9], Some("Oslash"));
    }

    #[test]
    fn mac_roman_and_symbol() {
        assert_eq!(BaseEncoding::MacRoman.glyph_names()[0x8E], Some("eacute"));
        assert_eq!(BaseEncoding::Symbol.glyph_names()[0x61], Some("alpha"));
    }

    #[test]
    fn pdf_doc_text() {
        assert_eq!(
            decode_pdf_doc(b"C\xF4te \x93x\x94"),
            "Côte \u{FB01}x\u{FB02}"
        );
        assert_eq!(decode_pdf_doc(b"\xA0"), "€");
    }
}
