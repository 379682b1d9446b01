//! The text of CIDs in Adobe's CJK character collections, for CID fonts
//! that have no `/ToUnicode`: a font whose CIDSystemInfo says Adobe-GB1,
//! Adobe-CNS1, Adobe-Japan1 or Adobe-Korea1 numbers its glyphs as that
//! collection does, so its CIDs have the text Adobe's `Adobe-*-UCS2` CMaps
//! give them (what pdf.js and poppler do). The tables are built by
//! `data/build_cid_to_unicode.py` into `data/cid_to_unicode/` (196 KB
//! compressed, 287 KB once read) and unpacked on first use, one collection
//! at a time. Nothing here knows fonts; `font` asks.

use std::io::Read;
use std::sync::OnceLock;

/// One of Adobe's four CJK character collections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    Gb1,
    Cns1,
    Japan1,
    Korea1,
}

/// A collection's CIDs' text: `text[offsets[cid]..offsets[cid + 1]]`.
struct Table {
    text: String,
    offsets: Vec<u32>,
}

impl Collection {
    /// The collection a CIDSystemInfo names (`Registry`, `Ordering`).
    pub fn from_system_info(registry: &[u8], ordering: &[u8]) -> Option<Collection> {
        if registry != b"Adobe" {
            return None;
        }
        Some(match ordering {
            b"GB1" => Collection::Gb1,
            b"CNS1" => Collection::Cns1,
            b"Japan1" => Collection::Japan1,
            b"Korea1" => Collection::Korea1,
            _ => return None,
        })
    }

    /// Appends the text of `cid`; false when the collection gives it none.
    pub fn text_into(self, cid: u32, out: &mut String) -> bool {
        let table = self.table();
        let range = usize::try_from(cid).ok().and_then(|c| {
            Some(*table.offsets.get(c)? as usize..*table.offsets.get(c + 1)? as usize)
        });
        match range.and_then(|r| table.text.get(r)) {
            Some(text) if !text.is_empty() => {
                out.push_str(text);
                true
            }
            _ => false,
        }
    }

    fn table(self) -> &'static Table {
        static TABLES: [OnceLock<Table>; 4] = [const { OnceLock::new() }; 4];
        let (i, packed): (usize, &[u8]) = match self {
            Collection::Gb1 => (
                0,
                include_bytes!("../../../data/cid_to_unicode/Adobe-GB1.bin"),
            ),
            Collection::Cns1 => (
                1,
                include_bytes!("../../../data/cid_to_unicode/Adobe-CNS1.bin"),
            ),
            Collection::Japan1 => (
                2,
                include_bytes!("../../../data/cid_to_unicode/Adobe-Japan1.bin"),
            ),
            Collection::Korea1 => (
                3,
                include_bytes!("../../../data/cid_to_unicode/Adobe-Korea1.bin"),
            ),
        };
        TABLES[i].get_or_init(|| unpack(packed))
    }
}

/// Reads a table as `data/build_cid_to_unicode.py` writes it. The tables are
/// compiled in and checked by the tests, so a table that does not read is
/// a broken build: what it read so far is kept.
fn unpack(packed: &[u8]) -> Table {
    let mut raw = Vec::new();
    let _ = flate2::read::ZlibDecoder::new(packed).read_to_end(&mut raw);
    let mut text = String::with_capacity(raw.len());
    let mut offsets = vec![0u32];
    let mut rest = raw.as_slice();
    while let Some((&n, tail)) = rest.split_first() {
        let Some(units) = tail.get(..2 * usize::from(n)) else {
            break;
        };
        let units = units
            .chunks_exact(2)
            .map(|p| u16::from_be_bytes([p[0], p[1]]));
        text.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')));
        offsets.push(text.len() as u32);
        rest = &tail[2 * usize::from(n)..];
    }
    Table { text, offsets }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(c: Collection, cid: u32) -> Option<String> {
        let mut out = String::new();
        c.text_into(cid, &mut out).then_some(out)
    }

    #[test]
    fn each_collection_gives_the_text_adobe_gives_its_cids() {
        // CID 1 is the space in every collection; then one ideograph each,
        // as in Adobe's Adobe-*-UCS2 CMaps.
        for c in [
            Collection::Gb1,
            Collection::Cns1,
            Collection::Japan1,
            Collection::Korea1,
        ] {
            assert_eq!(text(c, 1).as_deref(), Some(" "), "{c:?}");
            assert!(c.table().offsets.len() > 18_000, "{c:?}");
        }
        assert_eq!(text(Collection::Gb1, 4559).as_deref(), Some("中"));
        assert_eq!(text(Collection::Japan1, 3284).as_deref(), Some("日"));
        assert_eq!(text(Collection::Cns1, 13).as_deref(), Some(","));
        assert_eq!(text(Collection::Gb1, 1_000_000), None);
    }

    #[test]
    fn only_adobes_four_cjk_collections_are_known() {
        assert_eq!(
            Collection::from_system_info(b"Adobe", b"GB1"),
            Some(Collection::Gb1)
        );
        assert_eq!(Collection::from_system_info(b"Adobe", b"Identity"), None);
        assert_eq!(Collection::from_system_info(b"Foo", b"Japan1"), None);
    }
}
