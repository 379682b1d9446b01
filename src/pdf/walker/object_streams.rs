//! Object streams read only when the pages need them.
//!
//! lopdf parses every object of a file when it loads it, those packed in
//! object streams (`/Type /ObjStm`) included. Word's PDFs pack their
//! structure tree there: some 160 `StructElem` dictionaries a document,
//! which no page's text needs, and parsing them was a twentieth of the time
//! on real documents (BENCHMARKS.md, issue 16). So [`load`] has lopdf keep
//! each object stream as a plain stream ([`defer`]), then unpacks only the
//! streams that hold an object reached from the trailer, the structure tree
//! aside, and leaves the others packed.
//!
//! The document it gives is the one lopdf's full load gives, but for the
//! objects no page can reach. Where that cannot be promised, [`load`] says
//! so (`None`) and the caller loads the file in full: an encrypted file, an
//! object stream lopdf's full load would reject or that could be a
//! decompression bomb, an object lopdf could take from any object stream
//! (one the cross-reference table does not place in one), a page tree that
//! did not load (lopdf's full load then rebuilds the table), a file that
//! could go over `max_objects`.

use lopdf::xref::XrefEntry;
use lopdf::{Document, LoadOptions, Object, ObjectId, ObjectStream};
use std::collections::HashSet;

/// The `/Type` an object stream is given while lopdf loads the file, so
/// that lopdf keeps it whole; [`load`] puts `/ObjStm` back.
const DEFERRED: &[u8] = b"WhosignedDeferredObjStm";

/// Most bytes one byte of a Deflate stream can inflate to (RFC 1951: a
/// 258-byte match costs at best two bits), so that a packed stream left
/// unread is known to be no decompression bomb, which lopdf's full load
/// would have reported as too large.
const MAX_DEFLATE_RATIO: usize = 1032;

/// Keys of the catalog not followed when looking for the objects a page
/// may need: the logical structure (tagged PDF), which text extraction
/// does not read.
const UNREAD_CATALOG_KEYS: &[&[u8]] = &[b"StructTreeRoot"];

/// lopdf's load filter: keeps an object stream whole instead of unpacking it.
fn defer(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(stream) = object {
        // An empty one is left to lopdf, which reads its data from /Length.
        if stream.dict.has_type(b"ObjStm") && !stream.content.is_empty() {
            stream.dict.set("Type", Object::Name(DEFERRED.to_vec()));
        }
    }
    // lopdf keeps the object it passed (changed in place); the value
    // returned only says to keep it.
    Some((id, Object::Null))
}

/// Loads `bytes` (a file with a `%PDF-` header) with the object streams no
/// page reaches left packed, or `None` when only lopdf's full load can give
/// the right document (see the module's documentation). `options` are the
/// full load's.
pub fn load(bytes: &[u8], options: LoadOptions, max_objects: usize) -> Option<Document> {
    let limit = options.max_decompressed_size?;
    let options = LoadOptions {
        filter: Some(defer),
        ..options
    };
    let mut doc = Document::load_mem_with_options(bytes, options).ok()?;
    if doc.trailer.has(b"Encrypt") {
        // lopdf decrypts without the filter, but skips its repairs with it.
        return None;
    }
    let mut packed: Vec<u32> = doc
        .objects
        .iter()
        .filter(|(id, o)| id.1 == 0 && is_deferred(o))
        .map(|(id, _)| id.0)
        .collect();
    // A stream that might inflate beyond the limit is unpacked now, to fail
    // as the full load does.
    for &container in &packed {
        let bounded =
            matches!(doc.objects.get(&(container, 0)), Some(Object::Stream(s)) if within(s, limit));
        if !bounded {
            unpack(&mut doc, container, limit)?;
        }
    }
    reach(&mut doc, limit)?;
    packed.retain(|&c| doc.objects.get(&(c, 0)).is_some_and(is_deferred));
    let mut upper_count = doc.objects.len();
    for &container in &packed {
        if let Some(Object::Stream(stream)) = doc.objects.get_mut(&(container, 0)) {
            upper_count += stream
                .dict
                .get(b"N")
                .and_then(Object::as_i64)
                .ok()
                .and_then(|n| usize::try_from(n).ok())?;
            stream.dict.set("Type", Object::Name(b"ObjStm".to_vec()));
        }
    }
    (upper_count <= max_objects && page_tree_loaded(&doc) && doc.page_iter().next().is_some())
        .then_some(doc)
}

fn is_deferred(object: &Object) -> bool {
    matches!(object, Object::Stream(s) if s.dict.has_type(DEFERRED))
}

/// Whether a stream's data is known to decode to at most `limit` bytes
/// without decoding it: data stored as is, or inflated by Deflate alone
/// ([`MAX_DEFLATE_RATIO`]); other filters are not bounded here.
fn within(stream: &lopdf::Stream, limit: usize) -> bool {
    match stream.filters().as_deref() {
        // No /Filter (an error) or an empty list: the data as it is.
        Err(_) | Ok([]) => stream.content.len() <= limit,
        Ok([b"FlateDecode"]) => stream.content.len().saturating_mul(MAX_DEFLATE_RATIO) <= limit,
        Ok(_) => false,
    }
}

/// The catalog leads to the root of a page tree with `/Kids`: lopdf's full
/// load rebuilds the cross-reference table when it does not.
fn page_tree_loaded(doc: &Document) -> bool {
    doc.catalog()
        .and_then(|catalog| catalog.get(b"Pages"))
        .and_then(Object::as_reference)
        .and_then(|root| doc.get_dictionary(root))
        .and_then(|root| root.get_deref(b"Kids", doc))
        .and_then(Object::as_array)
        .is_ok()
}

/// Unpacks every packed stream that holds an object reachable from the
/// trailer (the catalog's [`UNREAD_CATALOG_KEYS`] aside); `None` when an
/// object is missing that lopdf's full load might have found.
fn reach(doc: &mut Document, limit: usize) -> Option<()> {
    let root = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut todo: Vec<ObjectId> = Vec::new();
    for (_, value) in doc.trailer.iter() {
        references(value, &mut todo);
    }
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        if !doc.objects.contains_key(&id) {
            match doc.reference_table.get(id.0) {
                Some(XrefEntry::Compressed { container, .. }) => {
                    let container = *container;
                    if doc.objects.get(&(container, 0)).is_some_and(is_deferred) {
                        unpack(doc, container, limit)?;
                    }
                }
                // A reference to nothing, which the full load might take
                // from any object stream that holds it.
                _ => return None,
            }
        }
        let Some(object) = doc.objects.get(&id) else {
            continue;
        };
        match object {
            Object::Dictionary(dict) if Some(id) == root => {
                for (key, value) in dict.iter() {
                    if !UNREAD_CATALOG_KEYS.contains(&key.as_slice()) {
                        references(value, &mut todo);
                    }
                }
            }
            other => references(other, &mut todo),
        }
    }
    Some(())
}

/// Pushes the references inside `object` (not following them).
fn references(object: &Object, out: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|o| references(o, out)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, o)| references(o, out)),
        Object::Stream(stream) => stream.dict.iter().for_each(|(_, o)| references(o, out)),
        _ => {}
    }
}

/// Unpacks one packed stream into the document as lopdf's full load does:
/// an object joins when the cross-reference table places it in this stream
/// and no object of its number was loaded; a stream that does not parse is
/// dropped. `None` when the full load could treat an object differently
/// (one the table does not place in a stream) or would fail (too large).
fn unpack(doc: &mut Document, container: u32, limit: usize) -> Option<()> {
    let Some(Object::Stream(stream)) = doc.objects.get_mut(&(container, 0)) else {
        return Some(());
    };
    stream.dict.set("Type", Object::Name(b"ObjStm".to_vec()));
    let parsed = match ObjectStream::new_with_limit(stream, Some(limit)) {
        Ok(parsed) => parsed,
        Err(lopdf::Error::Decompress(_)) => return None,
        Err(_) => {
            doc.objects.remove(&(container, 0));
            return Some(());
        }
    };
    for (id, object) in parsed.objects {
        match doc.reference_table.get(id.0) {
            Some(XrefEntry::Compressed { container: c, .. }) if *c == container => {
                doc.objects.entry(id).or_insert(object);
            }
            Some(XrefEntry::Compressed { .. }) => {}
            _ if doc.objects.contains_key(&id) => {}
            _ => return None,
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::walker::tests::{helvetica, TestPdf};
    use crate::pdf::Limits;
    use lopdf::{dictionary, SaveOptions, Stream};

    /// A one-page tagged PDF written by lopdf with its objects packed four
    /// to an object stream: the page tree first, the structure tree (eight
    /// `StructElem`s) after it, in streams of its own. `extra` goes into
    /// the catalog.
    fn tagged_pdf(extra: lopdf::Dictionary) -> Vec<u8> {
        let mut pdf = TestPdf::new();
        let page = pdf.page(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET", helvetica());
        let mut doc = pdf.document();
        let tree_id = doc.new_object_id();
        let elements: Vec<Object> = (0..8)
            .map(|i| {
                doc.add_object(dictionary! {
                    "Type" => "StructElem", "S" => "P", "P" => tree_id, "Pg" => page, "K" => i,
                })
                .into()
            })
            .collect();
        doc.objects.insert(
            tree_id,
            Object::Dictionary(dictionary! { "Type" => "StructTreeRoot", "K" => elements }),
        );
        let catalog = doc.catalog_mut().expect("catalog");
        catalog.set("StructTreeRoot", tree_id);
        catalog.extend(&extra);
        let options = SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .max_objects_per_stream(4)
            .build();
        let mut out = Vec::new();
        doc.save_with_options(&mut out, options)
            .expect("save test PDF");
        out
    }

    fn options(limit: usize) -> LoadOptions {
        LoadOptions {
            max_decompressed_size: Some(limit),
            ..LoadOptions::default()
        }
    }

    fn struct_elems(doc: &Document) -> usize {
        doc.objects
            .values()
            .filter(|o| matches!(o, Object::Dictionary(d) if d.has_type(b"StructElem")))
            .count()
    }

    #[test]
    fn the_structure_tree_stays_packed_and_the_pages_are_unpacked() {
        let bytes = tagged_pdf(dictionary! {});
        let full = Document::load_mem(&bytes).expect("full load");
        assert_eq!(struct_elems(&full), 8);
        let doc = load(&bytes, options(64 << 20), 1000).expect("read on demand");
        assert_eq!(struct_elems(&doc), 0);
        // The page tree, which lives in object streams too, is all there.
        for id in full.page_iter() {
            assert_eq!(doc.get_object(id).ok(), full.get_object(id).ok());
        }
        let text: String = crate::pdf::walker::extract(&bytes, &Limits::default())
            .expect("extract")
            .pages[0]
            .glyphs
            .iter()
            .map(|g| g.ch)
            .collect();
        assert_eq!(text, "Hello");
    }

    #[test]
    fn a_reference_the_table_does_not_place_needs_the_full_load() {
        let bytes = tagged_pdf(dictionary! { "Lost" => Object::Reference((999, 0)) });
        assert!(load(&bytes, options(64 << 20), 1000).is_none());
    }

    #[test]
    fn only_streams_known_to_stay_within_the_limit_are_left_packed() {
        let stream = |filter: Option<&str>| {
            let dict = match filter {
                Some(f) => dictionary! { "Filter" => f },
                None => dictionary! {},
            };
            Stream::new(dict, vec![0; 10])
        };
        assert!(within(&stream(None), 10));
        assert!(!within(&stream(None), 9));
        assert!(within(&stream(Some("FlateDecode")), 10 * MAX_DEFLATE_RATIO));
        assert!(!within(
            &stream(Some("FlateDecode")),
            10 * MAX_DEFLATE_RATIO - 1
        ));
        assert!(!within(&stream(Some("LZWDecode")), usize::MAX));
    }

    #[test]
    fn a_packed_stream_over_the_limit_needs_the_full_load() {
        let bytes = tagged_pdf(dictionary! {});
        // lopdf's writer stores object streams unfiltered, 200-250 bytes each.
        assert!(load(&bytes, options(1000), 1000).is_some());
        assert!(load(&bytes, options(100), 1000).is_none());
    }

    #[test]
    fn a_file_that_may_hold_too_many_objects_needs_the_full_load() {
        let bytes = tagged_pdf(dictionary! {});
        let full = Document::load_mem(&bytes).expect("full load");
        assert!(load(&bytes, options(64 << 20), full.objects.len()).is_some());
        // The packed streams left unread might hold more than the limit allows.
        assert!(load(&bytes, options(64 << 20), full.objects.len() - 8).is_none());
    }
}
