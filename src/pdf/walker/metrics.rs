//! Built-in metrics of the standard 14 fonts, for simple fonts that give no
//! `/Widths` (older producers, groff's `Times-Roman`), and the mapping from a
//! font's `/BaseFont` to the standard font it stands for or resembles.
//!
//! Widths come from `standard14_widths.txt` (Adobe's Core14 AFM files). A font
//! that is none of the 14 and has no widths borrows those of the nearest one by
//! name, which keeps word gaps roughly right.

use std::collections::HashMap;
use std::sync::OnceLock;

static WIDTHS: &str = include_str!("standard14_widths.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standard14 {
    Courier,
    CourierBold,
    CourierOblique,
    CourierBoldOblique,
    Helvetica,
    HelveticaBold,
    HelveticaOblique,
    HelveticaBoldOblique,
    TimesRoman,
    TimesBold,
    TimesItalic,
    TimesBoldItalic,
    Symbol,
    ZapfDingbats,
}

impl Standard14 {
    fn afm_name(self) -> &'static str {
        match self {
            Standard14::Courier => "Courier",
            Standard14::CourierBold => "Courier-Bold",
            Standard14::CourierOblique => "Courier-Oblique",
            Standard14::CourierBoldOblique => "Courier-BoldOblique",
            Standard14::Helvetica => "Helvetica",
            Standard14::HelveticaBold => "Helvetica-Bold",
            Standard14::HelveticaOblique => "Helvetica-Oblique",
            Standard14::HelveticaBoldOblique => "Helvetica-BoldOblique",
            Standard14::TimesRoman => "Times-Roman",
            Standard14::TimesBold => "Times-Bold",
            Standard14::TimesItalic => "Times-Italic",
            Standard14::TimesBoldItalic => "Times-BoldItalic",
            Standard14::Symbol => "Symbol",
            Standard14::ZapfDingbats => "ZapfDingbats",
        }
    }

    /// The standard font a `/BaseFont` names, by the usual aliases (`Arial,Bold`,
    /// `TimesNewRomanPSMT`, subset prefixes), or the closest family by name for
    /// other fonts. `exact` tells whether it really is one of the 14.
    pub fn for_base_font(base_font: &[u8]) -> (Standard14, bool) {
        let name = String::from_utf8_lossy(base_font);
        // Drop a subset prefix "ABCDEF+".
        let name = match name.split_once('+') {
            Some((prefix, rest))
                if prefix.len() == 6 && prefix.bytes().all(|b| b.is_ascii_uppercase()) =>
            {
                rest
            }
            _ => &name,
        };
        let lower: String = name
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | ',' | '_'))
            .flat_map(char::to_lowercase)
            .collect();
        let bold = lower.contains("bold") || lower.contains("black") || lower.contains("heavy");
        let italic = lower.contains("italic") || lower.contains("oblique");
        let pick = |regular, b, i, bi| match (bold, italic) {
            (false, false) => regular,
            (true, false) => b,
            (false, true) => i,
            (true, true) => bi,
        };
        let exact_names = [
            "courier",
            "courierbold",
            "courieroblique",
            "courierboldoblique",
            "helvetica",
            "helveticabold",
            "helveticaoblique",
            "helveticaboldoblique",
            "timesroman",
            "timesbold",
            "timesitalic",
            "timesbolditalic",
            "symbol",
            "zapfdingbats",
        ];
        let exact_aliases = [
            "arial",
            "arialmt",
            "arialbold",
            "arialboldmt",
            "arialitalic",
            "arialitalicmt",
            "arialbolditalic",
            "arialbolditalicmt",
            "timesnewroman",
            "timesnewromanps",
            "timesnewromanpsmt",
            "timesnewromanbold",
            "timesnewromanpsboldmt",
            "timesnewromanitalic",
            "timesnewromanpsitalicmt",
            "timesnewromanbolditalic",
            "timesnewromanpsbolditalicmt",
            "couriernew",
            "couriernewpsmt",
            "couriernewbold",
            "couriernewpsboldmt",
            "couriernewitalic",
            "couriernewpsitalicmt",
        ];
        let exact =
            exact_names.contains(&lower.as_str()) || exact_aliases.contains(&lower.as_str());
        let font = if lower.contains("zapfdingbats") || lower.contains("dingbats") {
            Standard14::ZapfDingbats
        } else if lower == "symbol" || lower.starts_with("symbolmt") {
            Standard14::Symbol
        } else if lower.contains("courier")
            || lower.contains("mono")
            || lower.contains("typewriter")
        {
            pick(
                Standard14::Courier,
                Standard14::CourierBold,
                Standard14::CourierOblique,
                Standard14::CourierBoldOblique,
            )
        } else if lower.contains("times")
            || lower.contains("roman")
            || lower.contains("serif") && !lower.contains("sans")
            || lower.contains("georgia")
            || lower.contains("garamond")
            || lower.contains("cambria")
            || lower.contains("book")
        {
            pick(
                Standard14::TimesRoman,
                Standard14::TimesBold,
                Standard14::TimesItalic,
                Standard14::TimesBoldItalic,
            )
        } else {
            pick(
                Standard14::Helvetica,
                Standard14::HelveticaBold,
                Standard14::HelveticaOblique,
                Standard14::HelveticaBoldOblique,
            )
        };
        (font, exact)
    }

    /// Advance width of a glyph in 1/1000 em, `None` when the font lacks it.
    pub fn width(self, glyph_name: &str) -> Option<f32> {
        if matches!(
            self,
            Standard14::Courier
                | Standard14::CourierBold
                | Standard14::CourierOblique
                | Standard14::CourierBoldOblique
        ) {
            return Some(600.0);
        }
        tables().get(self.afm_name())?.get(glyph_name).copied()
    }
}

/// Per font, its glyphs' widths. Hashed with foldhash: a font without
/// widths of its own looks up all 256 of its codes' names.
type WidthTables = HashMap<&'static str, HashMap<&'static str, f32, Fast>, Fast>;
type Fast = foldhash::fast::FixedState;

fn tables() -> &'static WidthTables {
    static TABLES: OnceLock<WidthTables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut tables = WidthTables::default();
        let mut current: Option<&'static str> = None;
        for line in WIDTHS.lines().filter(|l| !l.starts_with('#')) {
            if let Some(font) = line.strip_prefix("= ") {
                current = Some(font.trim());
                continue;
            }
            let (Some(font), Some((name, width))) = (current, line.split_once(' ')) else {
                continue;
            };
            if let Ok(width) = width.trim().parse::<f32>() {
                tables.entry(font).or_default().insert(name, width);
            }
        }
        tables
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helvetica_and_times_widths() {
        assert_eq!(Standard14::Helvetica.width("space"), Some(278.0));
        assert_eq!(Standard14::Helvetica.width("A"), Some(667.0));
        assert_eq!(Standard14::TimesRoman.width("space"), Some(250.0));
        assert_eq!(Standard14::TimesBold.width("W"), Some(1000.0));
        assert_eq!(Standard14::CourierBold.width("anything"), Some(600.0));
        assert_eq!(Standard14::TimesRoman.width("nosuchglyph"), None);
    }

    #[test]
    fn base_font_aliases() {
        assert_eq!(
            Standard14::for_base_font(b"Times-Roman"),
            (Standard14::TimesRoman, true)
        );
        assert_eq!(
            Standard14::for_base_font(b"Arial,Bold"),
            (Standard14::HelveticaBold, true)
        );
        assert_eq!(
            Standard14::for_base_font(b"ABCDEF+TimesNewRomanPS-ItalicMT"),
            (Standard14::TimesItalic, true)
        );
        assert_eq!(
            Standard14::for_base_font(b"Verdana"),
            (Standard14::Helvetica, false)
        );
        assert_eq!(
            Standard14::for_base_font(b"Symbol"),
            (Standard14::Symbol, true)
        );
    }
}
