//! Fonts as the text walk needs them: how a shown string splits into codes,
//! which text each code stands for and how far it advances.
//!
//! Text comes from `/ToUnicode` first, then the font's encoding: `/Encoding`
//! (a standard name, or `/BaseEncoding` plus `/Differences` glyph names), the
//! built-in encoding of an embedded Type 1 program, the standard fonts' own
//! encodings. Codes that none of them explain become U+FFFD so that callers can
//! tell garbage. Widths come from `/Widths` (simple fonts), `/W` and `/DW`
//! (CID fonts) or the standard 14 metrics. Glyph programs are never run: a
//! Type 3 font's CharProcs are not executed, only its widths and FontMatrix
//! are read.

use super::cmap::{predefined, CMap, Codespace, PredefinedKind};
use super::collection::Collection;
use super::encoding::BaseEncoding;
use super::glyphnames;
use super::metrics::Standard14;
use super::objects::{self, get, get_array, get_dict, get_name, get_number, get_stream};
use super::type1::{builtin_encoding, BuiltinEncoding};
use lopdf::{Dictionary, Document, Object};
use std::cell::RefCell;

/// Text of a code no table explains.
pub const UNMAPPED: &str = "\u{FFFD}";

/// A font loaded for the walk.
#[derive(Debug)]
pub struct Font {
    kind: FontKind,
    /// Multiplies the font size to get the glyphs' em size (1 except for Type 3
    /// fonts, whose FontMatrix sets their scale).
    pub size_factor: f32,
}

#[derive(Debug)]
enum FontKind {
    Simple(SimpleFont),
    Composite(Box<CompositeFont>),
}

#[derive(Debug)]
struct SimpleFont {
    /// Text of each code; `None` when unmapped.
    text: Box<[Option<Box<str>>; 256]>,
    /// Horizontal advance of each code in text space per unit of font size.
    widths: Box<[f32; 256]>,
}

#[derive(Debug)]
enum CidSource {
    /// The code is the CID.
    Identity,
    /// An embedded CMap's `cidrange`/`cidchar` entries.
    Embedded(CMap),
    /// Unknown (a predefined CMap whose table is not shipped).
    Unknown,
}

/// Codes below this (one-byte codes, and two-byte codes up to it) keep
/// their text and width once decoded. Word shows every glyph of a CID font
/// as its own string, and the CMap and width lookups per glyph were 5 % of
/// the time on real documents; subset fonts number their glyphs from 0, so
/// their codes stay far below this. The table grows only as high as the
/// codes shown (4 bytes a code at most), like a simple font's own tables.
const DECODED_CODES: u32 = 4096;

/// The codes of a composite font decoded so far: what
/// [`CompositeFont::text_into`] and [`CompositeFont::width`] gave for them,
/// which depends on the code alone.
#[derive(Debug, Default)]
struct DecodedCodes {
    /// Per slot ([`DecodedCodes::slot`]) the index of its entry plus one; 0
    /// while the code has not been shown.
    slots: Vec<u32>,
    /// Each decoded code's text (a range of `texts`) and width.
    entries: Vec<(u32, u32, f32)>,
    texts: String,
}

impl DecodedCodes {
    /// Where a code of `len` bytes is kept, if it is kept: one-byte codes
    /// first, then two-byte codes below [`DECODED_CODES`].
    fn slot(code: u32, len: usize) -> Option<usize> {
        match len {
            1 => Some(code as usize),
            2 if code < DECODED_CODES => Some(256 + code as usize),
            _ => None,
        }
    }
}

#[derive(Debug)]
struct CompositeFont {
    codespace: Codespace,
    cids: CidSource,
    /// Fallback text when `/ToUnicode` is missing or silent.
    predefined_text: PredefinedKind,
    /// The Adobe character collection the CIDs are numbered in, whose
    /// table gives the text of a CID that `/ToUnicode` does not.
    collection: Option<Collection>,
    to_unicode: Option<CMap>,
    /// `(first CID, last CID, width)` sorted by first CID; widths per unit of font size.
    widths: Vec<(u32, u32, f32)>,
    default_width: f32,
    vertical: bool,
    decoded: RefCell<DecodedCodes>,
}

/// One code of a shown string.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Code {
    /// Horizontal advance (or, in vertical writing, the glyph's width) per unit of font size.
    pub width: f32,
    /// Vertical advance per unit of font size in vertical writing (negative: downwards); 0 otherwise.
    pub vertical_advance: f32,
    /// A one-byte code 32, to which word spacing applies.
    pub is_word_space: bool,
}

impl Font {
    /// Loads a font dictionary. `limit` bounds each decoded font stream; a
    /// stream over it fails the load so the caller can report the file too large.
    pub fn load(doc: &Document, dict: &Dictionary, limit: usize) -> Result<Font, FontTooLarge> {
        match get_name(doc, dict, b"Subtype") {
            Some(b"Type0") => load_composite(doc, dict, limit),
            _ => load_simple(doc, dict, limit),
        }
    }

    /// A font for text shown with no usable font selected: Helvetica widths, Latin text.
    pub fn fallback() -> Font {
        let names = BaseEncoding::Standard.glyph_names();
        let mut text: Box<[Option<Box<str>>; 256]> = Box::new(std::array::from_fn(|_| None));
        let mut widths = Box::new([0.5f32; 256]);
        for code in 0..256 {
            if let Some(name) = names[code] {
                text[code] = glyphnames::to_unicode(name.as_bytes()).map(String::into_boxed_str);
                widths[code] = Standard14::Helvetica.width(name).unwrap_or(500.0) / 1000.0;
            }
        }
        Font {
            kind: FontKind::Simple(SimpleFont { text, widths }),
            size_factor: 1.0,
        }
    }

    pub fn is_vertical(&self) -> bool {
        matches!(&self.kind, FontKind::Composite(c) if c.vertical)
    }

    /// Calls `each` with the text and metrics of every code in `bytes`, in order.
    /// `scratch` is a reusable buffer.
    pub fn for_each_code(
        &self,
        bytes: &[u8],
        scratch: &mut String,
        mut each: impl FnMut(&str, Code),
    ) {
        match &self.kind {
            FontKind::Simple(font) => {
                for &b in bytes {
                    let text = font.text[usize::from(b)].as_deref().unwrap_or(UNMAPPED);
                    each(
                        text,
                        Code {
                            width: font.widths[usize::from(b)],
                            vertical_advance: 0.0,
                            is_word_space: b == 32,
                        },
                    );
                }
            }
            FontKind::Composite(font) => {
                let vertical_advance = if font.vertical { -1.0 } else { 0.0 };
                // Not shared with anything `each` reaches: held for the whole string.
                let mut decoded = font.decoded.borrow_mut();
                let decoded = &mut *decoded;
                let mut rest = bytes;
                while !rest.is_empty() {
                    let (code, len) = font.codespace.next_code(rest);
                    rest = rest.get(len..).unwrap_or_default();
                    let is_word_space = len == 1 && code == 32;
                    let Some(slot) = DecodedCodes::slot(code, len) else {
                        scratch.clear();
                        font.text_into(code, len as u8, scratch);
                        let width = font.width(code, len as u8);
                        each(
                            scratch,
                            Code {
                                width,
                                vertical_advance,
                                is_word_space,
                            },
                        );
                        continue;
                    };
                    if decoded.slots.len() <= slot {
                        decoded.slots.resize(slot + 1, 0);
                    }
                    let entry = match decoded.slots[slot] {
                        0 => {
                            let start = decoded.texts.len();
                            font.text_into(code, len as u8, &mut decoded.texts);
                            let end = decoded.texts.len();
                            let width = font.width(code, len as u8);
                            decoded.entries.push((start as u32, end as u32, width));
                            decoded.slots[slot] = decoded.entries.len() as u32;
                            decoded.entries.len() - 1
                        }
                        n => n as usize - 1,
                    };
                    let (start, end, width) = decoded.entries[entry];
                    each(
                        &decoded.texts[start as usize..end as usize],
                        Code {
                            width,
                            vertical_advance,
                            is_word_space,
                        },
                    );
                }
            }
        }
    }
}

/// A font stream decodes to more than the per-stream limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FontTooLarge;

fn stream_bytes<'a>(
    stream: &'a lopdf::Stream,
    limit: usize,
) -> Result<Option<std::borrow::Cow<'a, [u8]>>, FontTooLarge> {
    match objects::stream_data(stream, limit) {
        Ok(data) => Ok(Some(data)),
        Err(objects::StreamError::TooLarge) => Err(FontTooLarge),
        Err(objects::StreamError::Unreadable) => Ok(None),
    }
}

fn load_to_unicode(
    doc: &Document,
    dict: &Dictionary,
    limit: usize,
) -> Result<Option<CMap>, FontTooLarge> {
    let Some(stream) = get_stream(doc, dict, b"ToUnicode") else {
        return Ok(None);
    };
    let Some(data) = stream_bytes(stream, limit)? else {
        return Ok(None);
    };
    let cmap = CMap::parse(&data);
    Ok(cmap.has_text().then_some(cmap))
}

fn load_simple(doc: &Document, dict: &Dictionary, limit: usize) -> Result<Font, FontTooLarge> {
    let subtype = get_name(doc, dict, b"Subtype").unwrap_or(b"Type1");
    let is_type3 = subtype == b"Type3";
    let base_font = get_name(doc, dict, b"BaseFont").unwrap_or(b"");
    let (standard, exact_standard) = Standard14::for_base_font(base_font);
    let descriptor = get_dict(doc, dict, b"FontDescriptor");
    let font_file = descriptor.and_then(|d| get_stream(doc, d, b"FontFile"));
    let embedded = descriptor
        .is_some_and(|d| d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3"));

    // The encoding the font has before /Encoding changes it.
    let mut names: [Option<Vec<u8>>; 256] = std::array::from_fn(|_| None);
    let set_base = |names: &mut [Option<Vec<u8>>; 256], base: BaseEncoding| {
        for (slot, name) in names.iter_mut().zip(base.glyph_names().iter()) {
            *slot = name.map(|n| n.as_bytes().to_vec());
        }
    };
    let mut builtin_from_program = false;
    if is_type3 {
        // Type 3 fonts have only what /Encoding says.
    } else if let Some(program) = font_file.filter(|_| builtin_encoding_matters(doc, dict)) {
        match stream_bytes(program, limit)?
            .as_deref()
            .and_then(builtin_encoding)
        {
            Some(BuiltinEncoding::Names(program_names)) => {
                names = *program_names;
                builtin_from_program = true;
            }
            _ => set_base(&mut names, BaseEncoding::Standard),
        }
    } else if exact_standard && standard == Standard14::Symbol && !embedded {
        set_base(&mut names, BaseEncoding::Symbol);
    } else if exact_standard && standard == Standard14::ZapfDingbats && !embedded {
        set_base(&mut names, BaseEncoding::ZapfDingbats);
    } else if subtype == b"TrueType" {
        set_base(&mut names, BaseEncoding::WinAnsi);
    } else {
        set_base(&mut names, BaseEncoding::Standard);
    }

    match get(doc, dict, b"Encoding") {
        Some(Object::Name(name)) => {
            if let Some(base) = BaseEncoding::from_name(name) {
                set_base(&mut names, base);
            }
        }
        Some(Object::Dictionary(encoding)) => {
            if let Some(base) =
                get_name(doc, encoding, b"BaseEncoding").and_then(BaseEncoding::from_name)
            {
                set_base(&mut names, base);
            } else if !builtin_from_program && !embedded && !is_type3 && subtype == b"TrueType" {
                // A non-embedded TrueType font's implicit base is StandardEncoding.
                set_base(&mut names, BaseEncoding::Standard);
            }
            if let Some(differences) = get_array(doc, encoding, b"Differences") {
                apply_differences(doc, differences, &mut names);
            }
        }
        _ => {}
    }

    // A code's text is its `/ToUnicode` entry, else its glyph name's. The
    // map is read first and the names looked up only for the codes it
    // leaves: most producers write a map that covers every code used, and
    // looking up all 256 names (a string each) was over a third of loading
    // a font (BENCHMARKS.md, sixteenth session).
    let cmap = load_to_unicode(doc, dict, limit)?;
    let mut buffer = String::new();
    let mut text: Box<[Option<Box<str>>; 256]> = Box::new(std::array::from_fn(|_| None));
    for (code, (slot, name)) in text.iter_mut().zip(names.iter()).enumerate() {
        if let Some(cmap) = &cmap {
            buffer.clear();
            let code = code as u32;
            if cmap.text_into(code, 1, &mut buffer) || cmap.text_into(code, 2, &mut buffer) {
                *slot = Some(buffer.as_str().into());
                continue;
            }
        }
        *slot = name
            .as_deref()
            .and_then(glyphnames::to_unicode)
            .map(String::into_boxed_str);
        if is_type3 && slot.is_none() && code == 32 {
            // An unnamed code 32 in a Type 3 font is its word space.
            *slot = Some(" ".into());
        } else if is_type3 && slot.is_none() && name.is_some() && (0x21..0x7f).contains(&code) {
            // Type 3 glyphs named freely (`/square`, `/a12`) are usually drawn for the
            // ASCII character of their code; poppler reads them so, and so do we.
            *slot = Some(char::from(code as u8).to_string().into_boxed_str());
        }
    }

    // Type 3 glyph space maps to text space by the FontMatrix; other fonts' by 1/1000.
    let font_matrix = if is_type3 {
        get_array(doc, dict, b"FontMatrix")
            .map(|a| objects::numbers(doc, a))
            .filter(|m| m.len() == 6)
    } else {
        None
    };
    let (width_scale, size_factor) = match &font_matrix {
        Some(m) => {
            // The em of a Type 3 font is its glyph space's height (FontBBox) through the FontMatrix.
            let bbox_height = get_array(doc, dict, b"FontBBox")
                .map(|b| objects::numbers(doc, b))
                .and_then(|b| Some((b.get(3)? - b.get(1)?).abs()))
                .filter(|h| *h > 0.0)
                .unwrap_or(1000.0);
            let size = (m[2] * m[2] + m[3] * m[3]).sqrt() * bbox_height;
            let size = if size.is_finite() && size > 0.0 {
                size.clamp(0.1, 10.0)
            } else {
                1.0
            };
            (m[0], size as f32)
        }
        None => (0.001f64, 1.0f32),
    };

    let missing_width = descriptor
        .and_then(|d| get_number(doc, d, b"MissingWidth"))
        .unwrap_or(0.0) as f32;
    let mut widths = Box::new([0f32; 256]);
    match get_array(doc, dict, b"Widths") {
        Some(array) => {
            let first = get_number(doc, dict, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
            widths.fill((f64::from(missing_width) * width_scale) as f32);
            for (i, width) in array.iter().enumerate() {
                let Some(slot) = first.checked_add(i).and_then(|code| widths.get_mut(code)) else {
                    break;
                };
                if let Some(w) = objects::number(doc, width) {
                    *slot = (w * width_scale) as f32;
                }
            }
        }
        None => {
            let fallback = if missing_width > 0.0 {
                missing_width
            } else {
                500.0
            };
            for (slot, name) in widths.iter_mut().zip(names.iter()) {
                let glyph_width = name
                    .as_deref()
                    .and_then(|n| std::str::from_utf8(n).ok())
                    .and_then(|n| standard.width(n));
                *slot = (f64::from(glyph_width.unwrap_or(fallback)) * width_scale) as f32;
            }
        }
    }

    Ok(Font {
        kind: FontKind::Simple(SimpleFont { text, widths }),
        size_factor,
    })
}

/// Whether a simple font's codes may fall through `/ToUnicode` and `/Encoding`
/// to the font program's built-in encoding: no `/ToUnicode`, and no
/// `/Encoding` or `/Differences` with no `/BaseEncoding` that leave some code
/// with a width unnamed. Reading the built-in encoding means decompressing the
/// whole font program, so skip it when it cannot matter.
fn builtin_encoding_matters(doc: &Document, dict: &Dictionary) -> bool {
    // A /ToUnicode is read first and covers what a producer that writes one uses.
    if dict.has(b"ToUnicode") && dict.has(b"Widths") {
        return false;
    }
    let encoding = match get(doc, dict, b"Encoding") {
        None => return true,
        Some(Object::Dictionary(encoding)) if !encoding.has(b"BaseEncoding") => encoding,
        Some(_) => return false,
    };
    let mut named = [false; 256];
    let mut code: Option<usize> = None;
    for item in get_array(doc, encoding, b"Differences").unwrap_or_default() {
        match objects::resolve(doc, item) {
            Some(Object::Integer(i)) => code = usize::try_from(*i).ok(),
            Some(Object::Name(_)) => {
                if let Some(c) = code {
                    if let Some(slot) = named.get_mut(c) {
                        *slot = true;
                    }
                    code = Some(c + 1);
                }
            }
            _ => {}
        }
    }
    let first = get_number(doc, dict, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
    match get_array(doc, dict, b"Widths") {
        Some(widths) => widths.iter().enumerate().any(|(i, w)| {
            objects::number(doc, w).is_some_and(|w| w != 0.0)
                && !named.get(first + i).copied().unwrap_or(true)
        }),
        None => true,
    }
}

fn apply_differences(doc: &Document, differences: &[Object], names: &mut [Option<Vec<u8>>; 256]) {
    let mut code: Option<usize> = None;
    for item in differences {
        match objects::resolve(doc, item) {
            Some(Object::Integer(i)) => code = usize::try_from(*i).ok(),
            Some(Object::Real(r)) if *r >= 0.0 => code = Some(*r as usize),
            Some(Object::Name(name)) => {
                if let Some(c) = code {
                    if let Some(slot) = names.get_mut(c) {
                        *slot = Some(name.clone());
                    }
                    code = Some(c + 1);
                }
            }
            _ => {}
        }
    }
}

fn load_composite(doc: &Document, dict: &Dictionary, limit: usize) -> Result<Font, FontTooLarge> {
    let (mut codespace, mut cids, mut predefined_text, mut vertical) = (
        Codespace::two_byte(),
        CidSource::Identity,
        PredefinedKind::Identity,
        false,
    );
    match get(doc, dict, b"Encoding") {
        Some(Object::Name(name)) => {
            let (space, kind, v) = predefined(name);
            codespace = space;
            predefined_text = kind;
            vertical = v;
            cids = if kind == PredefinedKind::Identity {
                CidSource::Identity
            } else {
                CidSource::Unknown
            };
        }
        Some(Object::Stream(stream)) => {
            if let Some(data) = stream_bytes(stream, limit)? {
                let cmap = CMap::parse(&data);
                let parent = cmap.use_cmap.as_deref().map(predefined);
                vertical = cmap.wmode == 1 || parent.as_ref().is_some_and(|p| p.2);
                predefined_text = PredefinedKind::Opaque;
                codespace = if !cmap.codespace.is_empty() {
                    cmap.codespace.clone()
                } else if let Some((space, _, _)) = &parent {
                    space.clone()
                } else {
                    Codespace::two_byte()
                };
                cids = CidSource::Embedded(cmap);
            }
        }
        _ => {}
    }

    let descendant = get_array(doc, dict, b"DescendantFonts")
        .and_then(|a| a.first())
        .and_then(|d| objects::as_dict(doc, d))
        .or_else(|| get_dict(doc, dict, b"DescendantFonts"));
    let mut widths = Vec::new();
    let mut default_width = 1.0;
    let collection = descendant
        .and_then(|d| get_dict(doc, d, b"CIDSystemInfo"))
        .and_then(|info| {
            let string = |key: &[u8]| match get(doc, info, key) {
                Some(Object::String(s, _)) => Some(s.as_slice()),
                _ => None,
            };
            Collection::from_system_info(string(b"Registry")?, string(b"Ordering")?)
        });
    if let Some(cid_font) = descendant {
        if let Some(dw) = get_number(doc, cid_font, b"DW") {
            default_width = (dw / 1000.0) as f32;
        }
        if let Some(w) = get_array(doc, cid_font, b"W") {
            widths = parse_cid_widths(doc, w);
        }
    }

    let to_unicode = load_to_unicode(doc, dict, limit)?;
    Ok(Font {
        kind: FontKind::Composite(Box::new(CompositeFont {
            codespace,
            cids,
            predefined_text,
            collection,
            to_unicode,
            widths,
            default_width,
            vertical,
            decoded: RefCell::default(),
        })),
        size_factor: 1.0,
    })
}

/// `/W`: `c [w1 w2 …]` gives consecutive CIDs from c; `c_first c_last w` a range.
fn parse_cid_widths(doc: &Document, array: &[Object]) -> Vec<(u32, u32, f32)> {
    const MAX_WIDTH_ENTRIES: usize = 1 << 20;
    let mut out = Vec::new();
    let mut i = 0;
    while i < array.len() && out.len() < MAX_WIDTH_ENTRIES {
        let Some(first) = array.get(i).and_then(|o| objects::number(doc, o)) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match array.get(i + 1).and_then(|o| objects::resolve(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, w) in list.iter().enumerate() {
                    if let Some(w) = objects::number(doc, w) {
                        let cid = first.saturating_add(k as u32);
                        out.push((cid, cid, (w / 1000.0) as f32));
                    }
                }
                i += 2;
            }
            Some(_) => {
                let last = array.get(i + 1).and_then(|o| objects::number(doc, o));
                let width = array.get(i + 2).and_then(|o| objects::number(doc, o));
                if let (Some(last), Some(width)) = (last, width) {
                    let last = last.max(0.0) as u32;
                    if last >= first {
                        out.push((first, last, (width / 1000.0) as f32));
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
    out.sort_by_key(|&(first, _, _)| first);
    out
}

impl CompositeFont {
    fn cid(&self, code: u32, len: u8) -> Option<u32> {
        match &self.cids {
            CidSource::Identity => Some(code),
            CidSource::Embedded(cmap) => cmap.cid(code, len),
            CidSource::Unknown => None,
        }
    }

    fn width(&self, code: u32, len: u8) -> f32 {
        let Some(cid) = self.cid(code, len) else {
            return self.default_width;
        };
        let end = self.widths.partition_point(|&(first, _, _)| first <= cid);
        self.widths[..end]
            .iter()
            .rev()
            .take(4)
            .find(|&&(_, last, _)| cid <= last)
            .map_or(self.default_width, |&(_, _, w)| w)
    }

    fn text_into(&self, code: u32, len: u8, out: &mut String) {
        if let Some(cmap) = &self.to_unicode {
            if cmap.text_into(code, len, out) {
                return;
            }
        }
        if let (Some(collection), Some(cid)) = (self.collection, self.cid(code, len)) {
            if collection.text_into(cid, out) {
                return;
            }
        }
        let decoded = match self.predefined_text {
            PredefinedKind::Utf16 => {
                let units: [u16; 2] = [(code >> 16) as u16, code as u16];
                let units = if len == 4 { &units[..] } else { &units[1..] };
                let before = out.len();
                out.extend(
                    char::decode_utf16(units.iter().copied()).map(|c| c.unwrap_or('\u{FFFD}')),
                );
                out.len() > before
            }
            PredefinedKind::Utf8 => {
                let bytes = code.to_be_bytes();
                let bytes = bytes.get(4 - usize::from(len).min(4)..).unwrap_or_default();
                match std::str::from_utf8(bytes) {
                    Ok(s) => {
                        out.push_str(s);
                        true
                    }
                    Err(_) => false,
                }
            }
            PredefinedKind::Utf32 => match char::from_u32(code) {
                Some(c) => {
                    out.push(c);
                    true
                }
                None => false,
            },
            PredefinedKind::Legacy(encoding) => {
                let bytes = code.to_be_bytes();
                let bytes = bytes.get(4 - usize::from(len).min(4)..).unwrap_or_default();
                encoding.decode_into(bytes, out)
            }
            PredefinedKind::Identity | PredefinedKind::Opaque => false,
        };
        if !decoded {
            out.push_str(UNMAPPED);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    fn codes(font: &Font, bytes: &[u8]) -> Vec<(String, f32)> {
        let mut out = Vec::new();
        let mut scratch = String::new();
        font.for_each_code(bytes, &mut scratch, |text, code| {
            out.push((text.to_string(), code.width))
        });
        out
    }

    fn text(font: &Font, bytes: &[u8]) -> String {
        codes(font, bytes).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn win_ansi_with_widths() {
        let doc = Document::with_version("1.5");
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Arial",
            "Encoding" => "WinAnsiEncoding", "FirstChar" => 32,
            "Widths" => vec![278.into(), 0.into(), 0.into()],
        };
        let font = Font::load(&doc, &dict, 1 << 20).unwrap();
        assert_eq!(text(&font, b"C\xf4te d\x92Ivoire"), "Côte d\u{2019}Ivoire");
        assert_eq!(codes(&font, b" ")[0].1, 0.278);
        // Outside /Widths: MissingWidth, 0 by default.
        assert_eq!(codes(&font, b"C")[0].1, 0.0);
    }

    #[test]
    fn differences_override_the_base_encoding() {
        let doc = Document::with_version("1.5");
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Roman",
            "Encoding" => dictionary! {
                "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![1.into(), "fi".into(), "uni00FC".into(), 65.into(), "Adieresis".into()],
            },
        };
        let font = Font::load(&doc, &dict, 1 << 20).unwrap();
        assert_eq!(text(&font, b"\x01\x02AB"), "\u{FB01}üÄB");
        // No /Widths: Times-Roman's own metrics.
        assert_eq!(codes(&font, b"B")[0].1, 0.667);
        assert_eq!(codes(&font, b" ")[0].1, 0.25);
    }

    #[test]
    fn standard_helvetica_without_widths() {
        let doc = Document::with_version("1.5");
        let dict =
            dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" };
        let font = Font::load(&doc, &dict, 1 << 20).unwrap();
        assert_eq!(codes(&font, b"A ")[0], ("A".to_string(), 0.667));
        assert_eq!(codes(&font, b"A ")[1], (" ".to_string(), 0.278));
        // StandardEncoding: 0x27 is a right quote.
        assert_eq!(text(&font, b"'"), "\u{2019}");
    }

    #[test]
    fn to_unicode_takes_precedence() {
        let mut doc = Document::with_version("1.5");
        let cmap = b"1 begincodespacerange <00> <FF> endcodespacerange\n1 beginbfchar <41> <0042> endbfchar".to_vec();
        let id = doc.add_object(Stream::new(dictionary! {}, cmap));
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding", "ToUnicode" => id,
        };
        let font = Font::load(&doc, &dict, 1 << 20).unwrap();
        assert_eq!(text(&font, b"AC"), "BC");
    }

    #[test]
    fn unmapped_codes_become_replacement_characters_but_type3_ascii_codes_read_as_ascii() {
        let doc = Document::with_version("1.5");
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type3",
            "FontMatrix" => vec![0.001.into(), 0.into(), 0.into(), 0.001.into(), 0.into(), 0.into()],
            "Encoding" => dictionary! { "Differences" => vec![65.into(), "g17".into(), "B".into(), 200.into(), "blob".into()] },
            "FirstChar" => 65, "Widths" => vec![500.into(), 600.into()],
        };
        let font = Font::load(&doc, &dict, 1 << 20).unwrap();
        assert_eq!(text(&font, b"\xc8"), UNMAPPED);
        assert_eq!(
            codes(&font, b"ABC"),
            vec![
                ("A".to_string(), 0.5),
                ("B".to_string(), 0.6),
                (UNMAPPED.to_string(), 0.0)
            ]
        );
        assert_eq!(font.size_factor, 1.0);
    }

    #[test]
    fn codes_shown_again_and_codes_past_the_kept_ones_read_as_the_first_time() {
        let mut doc = Document::with_version("1.5");
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfchar <0003> <0020> <2000> <0066 0069> endbfchar\n\
            1 beginbfrange <0FFE> <1001> <0041> endbfrange"
            .to_vec();
        let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap));
        let descendant = dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "DW" => 500,
            "W" => vec![0x0FFF.into(), 0x1000.into(), 800.into()],
        };
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![descendant.into()], "ToUnicode" => to_unicode,
        };
        let font = Font::load(&doc, &dict, 1 << 20).unwrap();
        // 0x0FFF is the last code kept, 0x1000 and 0x2000 are past them.
        assert!(DecodedCodes::slot(0x0FFF, 2).is_some());
        assert_eq!(DecodedCodes::slot(u32::from(0x1000u16), 2), None);
        let bytes = b"\x0f\xfe\x0f\xff\x10\x00\x20\x00\x00\x03";
        let expected = vec![
            ("A".to_string(), 0.5),
            ("B".to_string(), 0.8),
            ("C".to_string(), 0.8),
            ("fi".to_string(), 0.5),
            (" ".to_string(), 0.5),
        ];
        assert_eq!(codes(&font, bytes), expected);
        assert_eq!(codes(&font, bytes), expected);
    }

    #[test]
    fn identity_h_with_to_unicode_and_cid_widths() {
        let mut doc = Document::with_version("1.5");
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
            2 beginbfrange <0024> <0026> <0041> <0100> <0101> [<0054> <00FC>] endbfrange"
            .to_vec();
        let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap));
        let descendant = dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+Arial",
            "DW" => 500,
            "W" => vec![0x24.into(), vec![600.into(), 700.into()].into(), 0x100.into(), 0x101.into(), 900.into()],
        };
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+Arial",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![descendant.into()],
            "ToUnicode" => to_unicode,
        };
        let font = Font::load(&doc, &dict, 1 << 20).unwrap();
        assert_eq!(
            codes(&font, b"\x00\x24\x00\x25\x00\x26\x01\x00\x01\x01\x00\x07"),
            vec![
                ("A".to_string(), 0.6),
                ("B".to_string(), 0.7),
                ("C".to_string(), 0.5),
                ("T".to_string(), 0.9),
                ("ü".to_string(), 0.9),
                (UNMAPPED.to_string(), 0.5),
            ]
        );
    }

    #[test]
    fn ucs2_predefined_cmap_gives_text_without_to_unicode() {
        let doc = Document::with_version("1.5");
        let dict = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "KozMinPr6N-Regular",
            "Encoding" => "UniJIS-UCS2-H",
            "DescendantFonts" => vec![dictionary! { "Subtype" => "CIDFontType0" }.into()],
        };
        let font = Font::load(&doc, &dict, 1 << 20).unwrap();
        assert_eq!(text(&font, b"\x65\xe5\x67\x2c"), "日本");
        assert_eq!(codes(&font, b"\x65\xe5")[0].1, 1.0);
    }
}
