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
    if let Some(data) = inflate_alone(stream, limit) {
        return data.map(Cow::Owned);
    }
    match stream.decompressed_content_with_limit(limit) {
        Ok(data) => Ok(Cow::Owned(data)),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(StreamError::TooLarge)
        }
        Err(_) => Err(StreamError::Unreadable),
    }
}

/// The bytes lopdf's flate2 read decoder is given at a time (its buffer,
/// 32 KiB): [`Inflating`] hands the inflater the same windows, so that a
/// broken stream stops, and keeps what it made, where it did through lopdf.
const INFLATE_WINDOW: usize = 32 * 1024;

thread_local! {
    /// One inflater per thread, reset for each stream. Making one zeroes and
    /// copies its 43 KB state, and flate2's reader zeroes a 32 KB buffer:
    /// together more than half of lopdf's instructions for a stream, and
    /// 4.6 % of a run over generated statements, whose fonts and pages are
    /// each a stream of a few kilobytes (BENCHMARKS.md, fifteenth session).
    static INFLATER: std::cell::RefCell<flate2::Decompress> =
        std::cell::RefCell::new(flate2::Decompress::new(true));
}

/// A stream whose one filter is `/FlateDecode`, without `/DecodeParms`,
/// decoded as `Stream::decompressed_content_with_limit` decodes it (flate2
/// through `read_to_end` capped at `limit + 1` bytes, then raw deflate if
/// zlib gave nothing), but by this thread's inflater. `None` for any other
/// stream: lopdf decodes those.
fn inflate_alone(stream: &Stream, limit: usize) -> Option<Result<Vec<u8>, StreamError>> {
    use std::io::Read;
    let only_flate = matches!(stream.filters().ok()?.as_slice(), [b"FlateDecode"]);
    if !only_flate || stream.dict.has(b"DecodeParms") {
        return None;
    }
    let input = stream.content.as_slice();
    let cap = limit.saturating_add(1);
    let mut out = Vec::with_capacity(input.len().saturating_mul(2).min(cap));
    if !input.is_empty() {
        let zlib = INFLATER.with(|d| {
            let mut d = d.borrow_mut();
            d.reset(true);
            Inflating::new(&mut d, input)
                .take(cap as u64)
                .read_to_end(&mut out)
        });
        if zlib.is_err() && out.is_empty() && input.len() > 2 {
            let raw = flate2::read::DeflateDecoder::new(&input[2..]);
            let _ = raw.take(cap as u64).read_to_end(&mut out);
        }
    }
    Some(if out.len() > limit {
        Err(StreamError::TooLarge)
    } else {
        Ok(out)
    })
}

/// A zlib stream read through a reused inflater, as flate2's read decoder
/// reads it (`zio::read` over a buffered reader of [`INFLATE_WINDOW`]
/// bytes), without its buffer's copy.
struct Inflating<'a> {
    inflater: &'a mut flate2::Decompress,
    input: &'a [u8],
    /// Bytes of `input` consumed, and the end of the window they are in.
    pos: usize,
    window_end: usize,
}

impl<'a> Inflating<'a> {
    fn new(inflater: &'a mut flate2::Decompress, input: &'a [u8]) -> Self {
        Inflating {
            inflater,
            input,
            pos: 0,
            window_end: 0,
        }
    }
}

impl std::io::Read for Inflating<'_> {
    fn read(&mut self, dst: &mut [u8]) -> std::io::Result<usize> {
        use flate2::{FlushDecompress, Status};
        use std::io::{Error, ErrorKind};
        loop {
            if self.pos == self.window_end {
                self.window_end = (self.pos + INFLATE_WINDOW).min(self.input.len());
            }
            let window = &self.input[self.pos..self.window_end];
            let eof = window.is_empty();
            let flush = if eof {
                FlushDecompress::Finish
            } else {
                FlushDecompress::None
            };
            let (in_before, out_before) = (self.inflater.total_in(), self.inflater.total_out());
            let ret = self.inflater.decompress(window, dst, flush);
            let read = (self.inflater.total_out() - out_before) as usize;
            self.pos += (self.inflater.total_in() - in_before) as usize;
            match ret {
                Ok(Status::Ok | Status::BufError) if read == 0 && !eof && !dst.is_empty() => {
                    continue
                }
                Ok(Status::Ok | Status::BufError) if read == 0 && eof && !dst.is_empty() => {
                    return Err(Error::new(
                        ErrorKind::UnexpectedEof,
                        "incomplete deflate stream",
                    ))
                }
                Ok(_) => return Ok(read),
                Err(_) => {
                    return Err(Error::new(
                        ErrorKind::InvalidInput,
                        "corrupt deflate stream",
                    ))
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::ZlibEncoder, Compression};
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).expect("in memory");
        e.finish().expect("in memory")
    }

    fn flate_stream(content: Vec<u8>) -> Stream {
        let mut dict = Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        Stream::new(dict, content)
    }

    /// What lopdf itself decodes, as `stream_data` reported it before
    /// `inflate_alone`.
    fn by_lopdf(stream: &Stream, limit: usize) -> Result<Vec<u8>, StreamError> {
        match stream.decompressed_content_with_limit(limit) {
            Ok(data) => Ok(data),
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => Err(StreamError::TooLarge),
            Err(_) => Err(StreamError::Unreadable),
        }
    }

    /// Text that compresses into several blocks and long back-references,
    /// over more than one input window.
    fn sample(n: usize) -> Vec<u8> {
        let mut s = Vec::new();
        let mut x: u32 = 12345;
        while s.len() < n {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let word =
                ["Tf ", "BT ", "(Republic of Korea) Tj ", "0 -14 Td "][(x >> 16) as usize % 4];
            s.extend_from_slice(word.as_bytes());
            s.extend_from_slice(format!("{} ", x % 997).as_bytes());
        }
        s
    }

    #[test]
    fn the_reused_inflater_decodes_as_lopdf_does_whole_broken_or_too_large() {
        let big = sample(400_000);
        let packed = zlib(&big);
        assert!(packed.len() > 2 * INFLATE_WINDOW, "more than one window");
        let mut cases: Vec<Vec<u8>> = vec![packed.clone(), zlib(b""), Vec::new(), vec![0x78]];
        // Cut short, and bytes flipped: in the header, mid-stream, at the
        // adler32 sum, and near window boundaries.
        for cut in [
            1,
            2,
            5,
            100,
            INFLATE_WINDOW,
            INFLATE_WINDOW + 7,
            packed.len() - 3,
        ] {
            cases.push(packed[..cut].to_vec());
        }
        for at in [
            0,
            1,
            2,
            50,
            4_000,
            INFLATE_WINDOW - 1,
            INFLATE_WINDOW + 11,
            packed.len() - 2,
        ] {
            let mut broken = packed.clone();
            broken[at] ^= 0x5a;
            cases.push(broken);
        }
        // Raw deflate behind a two-byte header lopdf skips.
        let raw = {
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), Compression::fast());
            e.write_all(&big[..5_000]).expect("in memory");
            e.finish().expect("in memory")
        };
        cases.push([&b"xx"[..], &raw].concat());
        for (i, content) in cases.into_iter().enumerate() {
            let stream = flate_stream(content);
            for limit in [usize::MAX / 4, big.len(), 10_000, 0] {
                // Twice: a stream after one decoded in full reads the same.
                let mine = inflate_alone(&stream, limit).expect("flate alone");
                let again = inflate_alone(&stream, limit).expect("flate alone");
                let theirs = by_lopdf(&stream, limit);
                fn size(r: &Result<Vec<u8>, StreamError>) -> Result<usize, &StreamError> {
                    r.as_ref().map(Vec::len)
                }
                assert!(
                    mine == theirs,
                    "case {i}, limit {limit}: {:?} bytes, lopdf {:?}",
                    size(&mine),
                    size(&theirs)
                );
                assert!(
                    again == theirs,
                    "case {i}, limit {limit}, again: {:?} bytes",
                    size(&again)
                );
            }
        }
    }

    #[test]
    fn other_filters_and_parameters_are_left_to_lopdf() {
        let mut stream = flate_stream(zlib(b"BT ET"));
        stream
            .dict
            .set("DecodeParms", Object::Dictionary(Dictionary::new()));
        assert!(inflate_alone(&stream, 1 << 20).is_none());
        let mut two = flate_stream(zlib(b"BT ET"));
        two.dict.set(
            "Filter",
            Object::Array(vec![
                Object::Name(b"ASCIIHexDecode".to_vec()),
                Object::Name(b"FlateDecode".to_vec()),
            ]),
        );
        assert!(inflate_alone(&two, 1 << 20).is_none());
        let plain = flate_stream(zlib(b"BT ET"));
        assert_eq!(stream_data(&plain, 1 << 20).as_deref(), Ok(&b"BT ET"[..]));
    }
}
