//! CMaps: how a string's bytes split into character codes (codespace ranges),
//! which CID each code selects (`cidrange`/`cidchar`, for a Type0 font's
//! `/Encoding`), and which text each code stands for (`bfrange`/`bfchar`, for
//! `/ToUnicode`). One parser reads both kinds, embedded as streams; the
//! predefined CMaps that are only named (`Identity-H`, `UniJIS-UCS2-H`,
//! `90ms-RKSJ-H`…) are known here by their codespaces alone, since the CID
//! tables behind them are not shipped.

use super::glyphnames;
use super::lexer::{Lexer, Token};
use std::collections::HashMap;

/// Entries kept from one CMap at most (the stream's size bounds it too).
const MAX_ENTRIES: usize = 1 << 20;

/// One codespace range: codes of `len` bytes whose every byte lies between
/// the corresponding bytes of `low` and `high`.
#[derive(Debug, Clone, PartialEq)]
struct CodespaceRange {
    len: usize,
    low: [u8; 4],
    high: [u8; 4],
}

/// Every two-byte code: the codespace of `Identity-H`.
const FULL_TWO_BYTE: CodespaceRange = CodespaceRange {
    len: 2,
    low: [0; 4],
    high: [0xff, 0xff, 0, 0],
};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Codespace {
    ranges: Vec<CodespaceRange>,
}

impl Codespace {
    fn push(&mut self, low: &[u8], high: &[u8]) {
        let len = low.len();
        if len == 0 || len > 4 || high.len() != len {
            return;
        }
        let mut range = CodespaceRange {
            len,
            low: [0; 4],
            high: [0; 4],
        };
        range.low[..len].copy_from_slice(low);
        range.high[..len].copy_from_slice(high);
        self.ranges.push(range);
    }

    fn from_ranges(ranges: &[(&[u8], &[u8])]) -> Codespace {
        let mut codespace = Codespace::default();
        for (low, high) in ranges {
            codespace.push(low, high);
        }
        codespace
    }

    /// Two-byte codes throughout (`Identity-H`).
    pub fn two_byte() -> Codespace {
        Codespace::from_ranges(&[(b"\x00\x00", b"\xff\xff")])
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Splits the next code off `bytes` (which must not be empty): the code and
    /// its length in bytes. Bytes that match no range are taken as a code of
    /// the shortest length the codespace knows, so progress is always made.
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        // Identity-H, the codespace of nearly every composite font, in one step.
        if let ([range], [high, low, ..]) = (self.ranges.as_slice(), bytes) {
            if *range == FULL_TWO_BYTE {
                return (u32::from(*high) << 8 | u32::from(*low), 2);
            }
        }
        for len in 1..=4usize {
            let Some(candidate) = bytes.get(..len) else {
                break;
            };
            let matches = self.ranges.iter().any(|r| {
                r.len == len
                    && candidate
                        .iter()
                        .enumerate()
                        .all(|(i, &b)| r.low[i] <= b && b <= r.high[i])
            });
            if matches {
                return (code_value(candidate), len);
            }
        }
        let shortest = self.ranges.iter().map(|r| r.len).min().unwrap_or(1);
        let len = shortest.clamp(1, bytes.len().max(1));
        (code_value(bytes.get(..len).unwrap_or(bytes)), len)
    }
}

fn code_value(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b))
}

/// What a `bfrange` maps its codes to.
#[derive(Debug, Clone, PartialEq)]
enum RangeTarget {
    /// UTF-16 of the first code; later codes increment the last unit.
    Start(Vec<u16>),
    /// One text per code.
    Each(Vec<Box<str>>),
}

#[derive(Debug, Clone, PartialEq)]
struct BfRange {
    len: u8,
    low: u32,
    high: u32,
    target: RangeTarget,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct CidRange {
    len: u8,
    low: u32,
    high: u32,
    cid: u32,
}

/// A parsed CMap stream.
#[derive(Debug, Default)]
pub struct CMap {
    pub codespace: Codespace,
    /// Looked up once per glyph shown, so hashed with foldhash rather than
    /// SipHash (which alone was 2 % of the time on real documents).
    bf_single: HashMap<(u8, u32), Box<str>, foldhash::fast::FixedState>,
    /// Sorted by `low`.
    bf_ranges: Vec<BfRange>,
    /// Sorted by `low`.
    cid_ranges: Vec<CidRange>,
    /// The CMap this one builds on (`/Name usecmap`).
    pub use_cmap: Option<Vec<u8>>,
    /// 1 for vertical writing.
    pub wmode: u8,
}

/// An operand collected inside a `begin…`/`end…` block.
enum Item {
    Bytes(Vec<u8>),
    Number(f32),
    Name(Vec<u8>),
    Array(Vec<Vec<u8>>),
}

#[derive(Clone, Copy, PartialEq)]
enum Block {
    None,
    Codespace,
    BfChar,
    BfRange,
    CidChar,
    CidRange,
    Other,
}

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lexer = Lexer::new(data);
        let mut block = Block::None;
        let mut items: Vec<Item> = Vec::new();
        let mut array: Option<Vec<Vec<u8>>> = None;
        let mut last_name: Option<Vec<u8>> = None;
        let mut entries = 0usize;
        while let Some(token) = lexer.next_token() {
            match token {
                Token::Keyword(word) => {
                    let next = match word {
                        b"begincodespacerange" => Some(Block::Codespace),
                        b"beginbfchar" => Some(Block::BfChar),
                        b"beginbfrange" => Some(Block::BfRange),
                        b"begincidchar" => Some(Block::CidChar),
                        b"begincidrange" => Some(Block::CidRange),
                        b"beginnotdefchar" | b"beginnotdefrange" => Some(Block::Other),
                        _ if word.starts_with(b"end") && block != Block::None => {
                            if entries < MAX_ENTRIES {
                                entries += items.len();
                                cmap.take_block(block, &items);
                            }
                            Some(Block::None)
                        }
                        b"usecmap" => {
                            cmap.use_cmap = last_name.take();
                            None
                        }
                        _ => None,
                    };
                    if let Some(next) = next {
                        block = next;
                        items.clear();
                        array = None;
                    }
                }
                Token::Name(name) => {
                    if block == Block::None {
                        last_name = Some(name.into_owned());
                    } else {
                        items.push(Item::Name(name.into_owned()));
                    }
                }
                Token::Number(n) => {
                    if block == Block::None {
                        if last_name.as_deref() == Some(b"WMode") {
                            cmap.wmode = u8::from(n == 1.0);
                        }
                    } else {
                        items.push(Item::Number(n));
                    }
                }
                Token::Str(bytes) if block != Block::None => match array.as_mut() {
                    Some(array) => array.push(bytes.into_owned()),
                    None => items.push(Item::Bytes(bytes.into_owned())),
                },
                Token::ArrayStart if block != Block::None => array = Some(Vec::new()),
                Token::ArrayEnd => {
                    if let Some(done) = array.take() {
                        items.push(Item::Array(done));
                    }
                }
                _ => {}
            }
        }
        cmap.bf_ranges.sort_by_key(|r| r.low);
        cmap.cid_ranges.sort_by_key(|r| r.low);
        cmap
    }

    fn take_block(&mut self, block: Block, items: &[Item]) {
        match block {
            Block::Codespace => {
                for pair in items.chunks_exact(2) {
                    if let [Item::Bytes(low), Item::Bytes(high)] = pair {
                        self.codespace.push(low, high);
                    }
                }
            }
            Block::BfChar => {
                for pair in items.chunks_exact(2) {
                    let [Item::Bytes(src), dst] = pair else {
                        continue;
                    };
                    let Some((code, len)) = code_of(src) else {
                        continue;
                    };
                    let text = match dst {
                        Item::Bytes(dst) => utf16_text(dst),
                        Item::Name(name) => glyphnames::to_unicode(name).unwrap_or_default(),
                        _ => continue,
                    };
                    self.bf_single.insert((len, code), text.into_boxed_str());
                }
            }
            Block::BfRange => {
                for triple in items.chunks_exact(3) {
                    let [Item::Bytes(low), Item::Bytes(high), dst] = triple else {
                        continue;
                    };
                    let (Some((low, len)), Some((high, _))) = (code_of(low), code_of(high)) else {
                        continue;
                    };
                    if high < low {
                        continue;
                    }
                    let target = match dst {
                        Item::Bytes(dst) => RangeTarget::Start(utf16_units(dst)),
                        Item::Array(texts) => RangeTarget::Each(
                            texts
                                .iter()
                                .map(|t| utf16_text(t).into_boxed_str())
                                .collect(),
                        ),
                        _ => continue,
                    };
                    self.bf_ranges.push(BfRange {
                        len,
                        low,
                        high,
                        target,
                    });
                }
            }
            Block::CidChar => {
                for pair in items.chunks_exact(2) {
                    if let [Item::Bytes(src), Item::Number(cid)] = pair {
                        if let Some((code, len)) = code_of(src) {
                            let cid = cid.max(0.0) as u32;
                            self.cid_ranges.push(CidRange {
                                len,
                                low: code,
                                high: code,
                                cid,
                            });
                        }
                    }
                }
            }
            Block::CidRange => {
                for triple in items.chunks_exact(3) {
                    if let [Item::Bytes(low), Item::Bytes(high), Item::Number(cid)] = triple {
                        if let (Some((low, len)), Some((high, _))) = (code_of(low), code_of(high)) {
                            if low <= high {
                                self.cid_ranges.push(CidRange {
                                    len,
                                    low,
                                    high,
                                    cid: cid.max(0.0) as u32,
                                });
                            }
                        }
                    }
                }
            }
            Block::None | Block::Other => {}
        }
    }

    /// Whether any `bfchar`/`bfrange` entry was read.
    pub fn has_text(&self) -> bool {
        !self.bf_single.is_empty() || !self.bf_ranges.is_empty()
    }

    /// Appends the text of a code of `len` bytes to `out`; false when unmapped.
    pub fn text_into(&self, code: u32, len: u8, out: &mut String) -> bool {
        if let Some(text) = self.bf_single.get(&(len, code)) {
            out.push_str(text);
            return true;
        }
        let end = self.bf_ranges.partition_point(|r| r.low <= code);
        // Ranges rarely overlap; look back a few in case they do.
        for range in self.bf_ranges[..end].iter().rev().take(8) {
            if range.len != len || code > range.high {
                continue;
            }
            let offset = code - range.low;
            match &range.target {
                RangeTarget::Start(units) => {
                    // The last unit moves by the code's offset (no copy: this runs per glyph).
                    let last = units.len().saturating_sub(1);
                    let shifted = units.iter().enumerate().map(|(i, &unit)| {
                        if i == last {
                            unit.wrapping_add(offset as u16)
                        } else {
                            unit
                        }
                    });
                    out.extend(char::decode_utf16(shifted).map(|c| c.unwrap_or('\u{FFFD}')));
                }
                RangeTarget::Each(texts) => match texts.get(offset as usize) {
                    Some(text) => out.push_str(text),
                    None => return false,
                },
            }
            return true;
        }
        false
    }

    /// The CID a code selects, if the CMap maps it.
    pub fn cid(&self, code: u32, len: u8) -> Option<u32> {
        let end = self.cid_ranges.partition_point(|r| r.low <= code);
        self.cid_ranges[..end]
            .iter()
            .rev()
            .take(8)
            .find(|r| r.len == len && code <= r.high)
            .map(|r| r.cid.saturating_add(code - r.low))
    }
}

fn code_of(bytes: &[u8]) -> Option<(u32, u8)> {
    (1..=4)
        .contains(&bytes.len())
        .then(|| (code_value(bytes), bytes.len() as u8))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    if bytes.len() == 1 {
        // Some producers write one byte; take it as the code unit.
        return vec![u16::from(bytes[0])];
    }
    bytes
        .chunks_exact(2)
        .map(|p| u16::from_be_bytes([p[0], p[1]]))
        .collect()
}

fn utf16_text(bytes: &[u8]) -> String {
    String::from_utf16_lossy(&utf16_units(bytes))
}

/// What the codes of a predefined CMap mean, as far as this crate knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PredefinedKind {
    /// Code = CID (`Identity-H`/`-V`).
    Identity,
    /// Codes are UTF-16BE (`Uni…-UCS2-…`, `Uni…-UTF16-…`).
    Utf16,
    /// Codes are UTF-8 / UTF-32 (`Uni…-UTF8-…`, `Uni…-UTF32-…`).
    Utf8,
    Utf32,
    /// A legacy CJK encoding: the code's bytes are text in it (CIDs unknown).
    Legacy(LegacyEncoding),
    /// Codes split right, but neither CID nor text is known.
    Opaque,
}

/// The character sets behind the predefined CJK CMaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyEncoding {
    ShiftJis,
    EucJp,
    /// JIS X 0208 row/cell codes (`H`, `V`): EUC-JP without the high bits.
    Jis,
    Gbk,
    Big5,
    EucKr,
}

impl LegacyEncoding {
    /// Appends the text of a code's bytes; false when they are no character.
    pub fn decode_into(self, bytes: &[u8], out: &mut String) -> bool {
        let (encoding, jis) = match self {
            LegacyEncoding::ShiftJis => (encoding_rs::SHIFT_JIS, false),
            LegacyEncoding::EucJp => (encoding_rs::EUC_JP, false),
            LegacyEncoding::Jis => (encoding_rs::EUC_JP, true),
            LegacyEncoding::Gbk => (encoding_rs::GB18030, false),
            LegacyEncoding::Big5 => (encoding_rs::BIG5, false),
            LegacyEncoding::EucKr => (encoding_rs::EUC_KR, false),
        };
        let mut buffer = [0u8; 4];
        let bytes = match bytes.get(..bytes.len().min(4)) {
            Some(b) if jis && b.len() == 2 => {
                buffer[0] = b[0] | 0x80;
                buffer[1] = b[1] | 0x80;
                &buffer[..2]
            }
            Some(b) => b,
            None => return false,
        };
        match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
            Some(text) if !text.is_empty() => {
                out.push_str(&text);
                true
            }
            _ => false,
        }
    }
}

/// The codespace and meaning of a predefined CMap by name, and whether it
/// writes vertically. Names not known here are taken as two-byte opaque codes.
pub fn predefined(name: &[u8]) -> (Codespace, PredefinedKind, bool) {
    let vertical = name.ends_with(b"-V") || name == b"V";
    let name_str = String::from_utf8_lossy(name);
    let n = name_str.as_ref();
    let one = (&b"\x00"[..], &b"\x80"[..]);
    let (codespace, kind) = if n.starts_with("Identity") {
        (Codespace::two_byte(), PredefinedKind::Identity)
    } else if n.starts_with("Uni") && n.contains("UCS2") {
        (Codespace::two_byte(), PredefinedKind::Utf16)
    } else if n.starts_with("Uni") && n.contains("UTF16") {
        (
            Codespace::from_ranges(&[
                (b"\x00\x00", b"\xd7\xff"),
                (b"\xe0\x00", b"\xff\xff"),
                (b"\xd8\x00\xdc\x00", b"\xdb\xff\xdf\xff"),
            ]),
            PredefinedKind::Utf16,
        )
    } else if n.starts_with("Uni") && n.contains("UTF8") {
        (
            Codespace::from_ranges(&[
                (b"\x00", b"\x7f"),
                (b"\xc2\x80", b"\xdf\xbf"),
                (b"\xe0\x80\x80", b"\xef\xbf\xbf"),
                (b"\xf0\x80\x80\x80", b"\xf4\xbf\xbf\xbf"),
            ]),
            PredefinedKind::Utf8,
        )
    } else if n.starts_with("Uni") && n.contains("UTF32") {
        (
            Codespace::from_ranges(&[(b"\x00\x00\x00\x00", b"\x00\x10\xff\xff")]),
            PredefinedKind::Utf32,
        )
    } else if n.contains("RKSJ") {
        (
            Codespace::from_ranges(&[
                one,
                (b"\xa0", b"\xdf"),
                (b"\x81\x40", b"\x9f\xfc"),
                (b"\xe0\x40", b"\xfc\xfc"),
            ]),
            PredefinedKind::Legacy(LegacyEncoding::ShiftJis),
        )
    } else if n == "H" || n == "V" {
        (
            Codespace::from_ranges(&[(b"\x21\x21", b"\x7e\x7e")]),
            PredefinedKind::Legacy(LegacyEncoding::Jis),
        )
    } else if n.starts_with("GBK") {
        (
            Codespace::from_ranges(&[one, (b"\x81\x40", b"\xfe\xfe")]),
            PredefinedKind::Legacy(LegacyEncoding::Gbk),
        )
    } else if n.starts_with("KSCms-UHC") {
        (
            Codespace::from_ranges(&[one, (b"\x81\x41", b"\xfe\xfe")]),
            PredefinedKind::Legacy(LegacyEncoding::EucKr),
        )
    } else if n.starts_with("KSC-Johab") {
        (
            Codespace::from_ranges(&[one, (b"\x84\x41", b"\xf9\xfe")]),
            PredefinedKind::Opaque,
        )
    } else if n.contains("B5") || n.starts_with("ETen") || n.starts_with("HKscs") {
        (
            Codespace::from_ranges(&[one, (b"\xa1\x40", b"\xfe\xfe")]),
            PredefinedKind::Legacy(LegacyEncoding::Big5),
        )
    } else if n.contains("EUC") {
        let encoding = if n.starts_with("GB") {
            LegacyEncoding::Gbk
        } else if n.starts_with("KSC") {
            LegacyEncoding::EucKr
        } else {
            LegacyEncoding::EucJp
        };
        (
            Codespace::from_ranges(&[one, (b"\x8e\xa0", b"\x8e\xdf"), (b"\xa1\xa1", b"\xfe\xfe")]),
            PredefinedKind::Legacy(encoding),
        )
    } else {
        (Codespace::two_byte(), PredefinedKind::Opaque)
    };
    (codespace, kind, vertical)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TO_UNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0011> <00660069> endbfchar
3 beginbfrange <0024> <0026> <0041>
<0030> <0032> [<0043> <00F4> <0074>]
<0040> <0041> <D835DC00> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    fn text(cmap: &CMap, code: u32, len: u8) -> Option<String> {
        let mut out = String::new();
        cmap.text_into(code, len, &mut out).then_some(out)
    }

    #[test]
    fn bfchar_and_bfrange() {
        let cmap = CMap::parse(TO_UNICODE);
        assert_eq!(text(&cmap, 0x03, 2).as_deref(), Some(" "));
        assert_eq!(text(&cmap, 0x11, 2).as_deref(), Some("fi"));
        assert_eq!(text(&cmap, 0x24, 2).as_deref(), Some("A"));
        assert_eq!(text(&cmap, 0x26, 2).as_deref(), Some("C"));
        assert_eq!(text(&cmap, 0x27, 2), None);
        assert_eq!(text(&cmap, 0x24, 1), None);
    }

    #[test]
    fn bfrange_array_form() {
        let cmap = CMap::parse(TO_UNICODE);
        assert_eq!(text(&cmap, 0x30, 2).as_deref(), Some("C"));
        assert_eq!(text(&cmap, 0x31, 2).as_deref(), Some("ô"));
        assert_eq!(text(&cmap, 0x32, 2).as_deref(), Some("t"));
    }

    #[test]
    fn bfrange_increments_surrogate_pairs_in_the_low_unit() {
        let cmap = CMap::parse(TO_UNICODE);
        assert_eq!(text(&cmap, 0x41, 2).as_deref(), Some("\u{1D401}"));
    }

    #[test]
    fn codespace_splits_mixed_length_codes() {
        let cmap = CMap::parse(
            b"2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange
              1 begincidrange <8140> <817E> 633 endcidrange 1 begincidchar <41> 34 endcidchar",
        );
        let bytes = b"A\x81\x41B";
        assert_eq!(cmap.codespace.next_code(bytes), (0x41, 1));
        assert_eq!(cmap.codespace.next_code(&bytes[1..]), (0x8141, 2));
        assert_eq!(cmap.cid(0x8141, 2), Some(634));
        assert_eq!(cmap.cid(0x41, 1), Some(34));
        assert_eq!(cmap.cid(0x42, 1), None);
    }

    #[test]
    fn unmatched_bytes_still_make_progress() {
        let codespace = Codespace::two_byte();
        assert_eq!(codespace.next_code(b"\x01"), (1, 1));
        let cmap = CMap::parse(b"1 begincodespacerange <8140> <9FFC> endcodespacerange");
        assert_eq!(cmap.codespace.next_code(b"\x20\x20"), (0x2020, 2));
    }

    #[test]
    fn identity_and_unicode_predefined_cmaps() {
        let (codespace, kind, vertical) = predefined(b"Identity-V");
        assert_eq!((kind, vertical), (PredefinedKind::Identity, true));
        assert_eq!(codespace.next_code(b"\x00\x41\x00"), (0x41, 2));
        let (codespace, kind, _) = predefined(b"UniJIS-UTF16-H");
        assert_eq!(kind, PredefinedKind::Utf16);
        assert_eq!(codespace.next_code(b"\xd8\x35\xdc\x00"), (0xD835DC00, 4));
        let (codespace, _, _) = predefined(b"90ms-RKSJ-H");
        assert_eq!(codespace.next_code(b"\x82\xa0"), (0x82a0, 2));
        assert_eq!(codespace.next_code(b"\xb1"), (0xb1, 1));
    }

    #[test]
    fn legacy_cjk_codes_decode_to_text() {
        let mut out = String::new();
        let (_, kind, _) = predefined(b"90ms-RKSJ-H");
        let PredefinedKind::Legacy(sjis) = kind else {
            panic!("{kind:?}")
        };
        assert!(sjis.decode_into(b"\x93\xfa", &mut out));
        let (_, kind, vertical) = predefined(b"V");
        assert!(vertical);
        let PredefinedKind::Legacy(jis) = kind else {
            panic!("{kind:?}")
        };
        assert!(jis.decode_into(b"\x24\x22", &mut out));
        let (_, kind, _) = predefined(b"GBK-EUC-H");
        let PredefinedKind::Legacy(gbk) = kind else {
            panic!("{kind:?}")
        };
        assert!(gbk.decode_into(b"\xd6\xd0", &mut out));
        assert_eq!(out, "日あ中");
        assert!(!jis.decode_into(b"\x7f\x7f", &mut out));
    }

    #[test]
    fn usecmap_and_wmode() {
        let cmap = CMap::parse(b"/WMode 1 def /90ms-RKSJ-H usecmap");
        assert_eq!(cmap.use_cmap.as_deref(), Some(&b"90ms-RKSJ-H"[..]));
        assert_eq!(cmap.wmode, 1);
    }
}
