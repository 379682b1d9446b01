//! Lenient reading of values out of lopdf objects: follow references (a bounded
//! number of hops), accept integers where reals are expected, and decode
//! streams under the size limits. Every accessor answers `None` rather than
//! failing, since a broken entry should cost one feature, not the page.

use lopdf::{Dictionary, Document, Object, Stream};
use std::borrow::Cow;

/// References followed before giving up (a chain of references to references).
const MAX_HOPS: usize = 16;

pub fn resolve<'a>(doc: &'a Document, mut object: &'a Object) -> Option<&'a Object> {
    for _ in 0..MAX_HOPS {
        match object {
            Object::Reference(id) => object = doc.get_object(*id).ok()?,
            other => return Some(other),
        }
    }
    None
}

pub fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(doc, dict.get(key).ok()?)
}

pub fn as_dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    match resolve(doc, object)? {
        Object::Dictionary(dict) => Some(dict),
        Object::Stream(stream) => Some(&stream.dict),
        _ => None,
    }
}

pub fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    as_dict(doc, dict.get(key).ok()?)
}

pub fn get_stream<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Stream> {
    match get(doc, dict, key)? {
        Object::Stream(stream) => Some(stream),
        _ => None,
    }
}

pub fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(name) => Some(name),
        _ => None,
    }
}

pub fn get_array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, dict, key)? {
        Object::Array(array) => Some(array),
        _ => None,
    }
}

pub fn number(doc: &Document, object: &Object) -> Option<f64> {
    match resolve(doc, object)? {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(f64::from(*r)),
        _ => None,
    }
}

pub fn get_number(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    number(doc, dict.get(key).ok()?)
}

/// Numbers of an array (non-numbers dropped).
pub fn numbers(doc: &Document, array: &[Object]) -> Vec<f64> {
    array.iter().filter_map(|o| number(doc, o)).collect()
}

/// Why a stream gave no data.
#[derive(Debug, PartialEq)]
pub enum StreamError {
    /// It decodes to more than the limit allows.
    TooLarge,
    /// Its filters are unknown or its data is broken.
    Unreadable,
}

/// The decoded bytes of a stream, at most `limit` of them.
pub fn stream_data(stream: &Stream, limit: usize) -> Result<Cow<'_, [u8]>, StreamError> {
    let filtered = stream.filters().map(|f| !f.is_empty()).unwrap_or(false);
    if !filtered {
        if stream.content.len() > limit {
            return Err(StreamError::TooLarge);
        }
        return Ok(Cow::Borrowed(&stream.content));
    }
    match stream.decompressed_content_with_limit(limit) {
        Ok(data) => Ok(Cow::Owned(data)),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(StreamError::TooLarge)
        }
        Err(_) => Err(StreamError::Unreadable),
    }
}

/// A stream with no `/Length` that lopdf left empty: its data, read from the
/// file up to `endstream` (at most `limit` bytes), as a stream to decode.
pub fn recover_unsized_stream(stream: &Stream, file: &[u8], limit: usize) -> Option<Stream> {
    if !stream.content.is_empty() || stream.dict.has(b"Length") {
        return None;
    }
    let start = stream.start_position?;
    let rest = file.get(start..)?;
    let rest = rest.get(..rest.len().min(limit.saturating_add(16)))?;
    let end = rest.windows(9).position(|w| w == b"endstream")?;
    let mut data = rest.get(..end)?;
    for eol in [&b"\r\n"[..], b"\n", b"\r"] {
        if let Some(trimmed) = data.strip_suffix(eol) {
            data = trimmed;
            break;
        }
    }
    Some(Stream::new(stream.dict.clone(), data.to_vec()))
}
