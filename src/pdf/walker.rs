//! The primary engine: lopdf parses the file (xref repair, empty-password
//! decryption, bounded decompression), and our own interpreter walks each
//! page's content stream for positioned glyphs.
//!
//! This module loads the document, applies the file-level [`Limits`], reads the
//! page tree (boxes, rotation, inherited resources, annotation appearances) and
//! hands each page's content to `content::Interpreter`; then it joins accents
//! painted over letters (`accents`) and turns pages whose text runs sideways
//! (`orientation`). It does not group glyphs into words or lines; see the
//! layout stage.

mod accents;
mod cmap;
mod collection;
mod content;
mod encoding;
mod font;
mod glyphnames;
mod lexer;
mod matrix;
mod metadata;
mod metrics;
mod object_streams;
mod objects;
mod orientation;
mod type1;

use super::{looks_like_pdf, Extraction, Limits, Metadata, Page, PdfError};
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};
use matrix::Matrix;
use std::borrow::Cow;

/// Parents followed when looking up an inherited page attribute.
const MAX_PAGE_TREE_DEPTH: usize = 64;

/// Extracts positioned glyphs and metadata from PDF bytes.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<Extraction, PdfError> {
    let mut pages = Vec::new();
    let (page_count, metadata) = extract_pages(bytes, limits, &mut |p| pages.push(p))?;
    Ok(Extraction {
        page_count,
        pages,
        metadata,
    })
}

/// Like [`extract`], but hands each page to `on_page` as soon as it is read,
/// so that a caller can lay it out and drop its glyphs (a 200-page report has
/// more than a million). Returns the page count and the metadata.
pub fn extract_pages(
    bytes: &[u8],
    limits: &Limits,
    on_page: &mut dyn FnMut(Page),
) -> Result<(u32, Metadata), PdfError> {
    match read(bytes, limits, on_page) {
        // A headerless file is read leniently; if that fails it is not a PDF.
        Err(PdfError::Damaged(_)) if !looks_like_pdf(bytes) => {
            Err(PdfError::NotPdf("no %PDF- header in the first KiB".into()))
        }
        other => other,
    }
}

fn read(
    bytes: &[u8],
    limits: &Limits,
    on_page: &mut dyn FnMut(Page),
) -> Result<(u32, Metadata), PdfError> {
    let doc = load(bytes, limits)?;
    let metadata = metadata::read(&doc);
    // A page tree with a loop makes lopdf visit the same page again and again:
    // each page object is one page.
    let mut seen = std::collections::HashSet::new();
    let mut page_ids: Vec<ObjectId> = doc.page_iter().filter(|id| seen.insert(*id)).collect();
    if page_ids.is_empty() {
        // A broken catalog or page tree: take every page object in object
        // order, as poppler does when it reconstructs a damaged file.
        page_ids = doc
            .objects
            .iter()
            .filter(|(_, o)| {
                o.as_dict()
                    .ok()
                    .and_then(|d| d.get(b"Type").ok())
                    .and_then(|t| t.as_name().ok())
                    == Some(b"Page")
            })
            .map(|(id, _)| *id)
            .collect();
    }
    let header = bytes.windows(5).position(|w| w == b"%PDF-").unwrap_or(0);
    let mut interpreter =
        content::Interpreter::new(&doc, bytes.get(header..).unwrap_or_default(), limits);
    for (index, &page_id) in page_ids.iter().take(limits.max_pages).enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        on_page(read_page(&doc, &mut interpreter, page_id, number)?);
    }
    // Pages whose dictionary could not be parsed come back blank; when that is
    // every page, the file is damaged, not a scan.
    if !page_ids.is_empty() && page_ids.iter().all(|id| doc.get_dictionary(*id).is_err()) {
        return Err(PdfError::Damaged("no page object could be read".into()));
    }
    Ok((u32::try_from(page_ids.len()).unwrap_or(u32::MAX), metadata))
}

fn load(bytes: &[u8], limits: &Limits) -> Result<Document, PdfError> {
    // Readers accept a file without a header when its body parses as PDF
    // (fuzzed and hand-edited files); without both it is not a PDF.
    if !looks_like_pdf(bytes)
        && !bytes
            .windows(7)
            .take(4096)
            .any(|w| w == b" 0 obj\r" || w == b" 0 obj\n")
    {
        return Err(PdfError::NotPdf("no %PDF- header in the first KiB".into()));
    }
    let doc = parse(bytes, limits)?;
    let doc = if doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none() {
        if !only_attachments_encrypted(&doc) {
            return Err(PdfError::Encrypted(why_not_decrypted(&doc)));
        }
        // Strings and streams are in the clear (`/StmF /Identity`): read the file as
        // if it were not encrypted. lopdf insists on the password that only the
        // attachments need, so hide the trailer's /Encrypt from it.
        let unencrypted = parse(&hide_encrypt_entry(bytes), limits)?;
        if unencrypted.trailer.has(b"Encrypt") {
            return Err(PdfError::Encrypted(why_not_decrypted(&doc)));
        }
        unencrypted
    } else {
        doc
    };
    if doc.objects.len() > limits.max_objects {
        return Err(PdfError::TooLarge(format!(
            "{} objects, more than {} (max_objects)",
            doc.objects.len(),
            limits.max_objects
        )));
    }
    Ok(doc)
}

fn parse(bytes: &[u8], limits: &Limits) -> Result<Document, PdfError> {
    let options = LoadOptions {
        max_decompressed_size: Some(limits.max_stream_bytes),
        ..LoadOptions::default()
    };
    // lopdf wants a header; give a headerless body one and let it rebuild
    // the cross-reference table (the offsets moved).
    let with_header;
    let (bytes, options) = if looks_like_pdf(bytes) {
        if let Some(doc) = object_streams::load(bytes, options.clone(), limits.max_objects) {
            return Ok(doc);
        }
        (bytes, options)
    } else {
        with_header = [b"%PDF-1.4\n".as_slice(), bytes].concat();
        (
            with_header.as_slice(),
            LoadOptions {
                force_reconstruct: true,
                ..options
            },
        )
    };
    match Document::load_mem_with_options(bytes, options) {
        Ok(doc) => Ok(doc),
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            Err(PdfError::TooLarge(format!(
                "a stream decompresses to more than {} bytes (max_stream_bytes)",
                limits.max_stream_bytes
            )))
        }
        Err(lopdf::Error::InvalidPassword) => Err(PdfError::Encrypted(
            "a password is needed to open it".into(),
        )),
        Err(err @ lopdf::Error::Decryption(_)) => Err(PdfError::Encrypted(err.to_string())),
        Err(err) => Err(PdfError::Damaged(err.to_string())),
    }
}

/// Why lopdf left an encrypted document undecrypted (it tried the empty password).
fn why_not_decrypted(doc: &Document) -> String {
    match doc.authenticate_password("") {
        Err(lopdf::Error::Decryption(lopdf::encryption::DecryptionError::IncorrectPassword))
        | Ok(()) => "the empty user password does not open it".to_string(),
        Err(lopdf::Error::Decryption(err)) => {
            format!("cannot decrypt with the empty password: {err}")
        }
        Err(err) => format!("cannot decrypt with the empty password: {err}"),
    }
}

/// An encryption dictionary (crypt filters, V 4 or 5) whose streams and
/// strings use the Identity filter: only embedded files are encrypted
/// (`/AuthEvent /EFOpen`), the pages can be read without a password.
fn only_attachments_encrypted(doc: &Document) -> bool {
    let Ok(encrypt) = doc.get_encrypted() else {
        return false;
    };
    let version = objects::get_number(doc, encrypt, b"V").unwrap_or(0.0);
    let identity =
        |key: &[u8]| objects::get_name(doc, encrypt, key).is_none_or(|name| name == b"Identity");
    version >= 4.0 && identity(b"StmF") && identity(b"StrF")
}

/// The file with every `/Encrypt` key renamed (same length, so offsets hold).
fn hide_encrypt_entry(bytes: &[u8]) -> Vec<u8> {
    const KEY: &[u8] = b"/Encrypt";
    let mut out = bytes.to_vec();
    let mut i = 0;
    while let Some(found) = out
        .get(i..)
        .and_then(|rest| rest.windows(KEY.len()).position(|w| w == KEY))
    {
        let at = i + found;
        let next = out.get(at + KEY.len()).copied();
        // Not /EncryptMetadata: the key ends at a delimiter or whitespace.
        if next.is_none_or(|b| !b.is_ascii_alphanumeric()) {
            if let Some(last) = out.get_mut(at + KEY.len() - 1) {
                *last = b'X';
            }
        }
        i = at + KEY.len();
    }
    out
}

fn read_page<'d>(
    doc: &'d Document,
    interpreter: &mut content::Interpreter<'d>,
    page_id: ObjectId,
    number: u32,
) -> Result<Page, PdfError> {
    let Ok(page) = doc.get_dictionary(page_id) else {
        return Ok(Page {
            number,
            width: 0.0,
            height: 0.0,
            glyphs: Vec::new(),
            ocr_layer: false,
        });
    };
    let media_box = inherited(doc, page, b"MediaBox").and_then(|o| rectangle(doc, o));
    let crop_box = inherited(doc, page, b"CropBox").and_then(|o| rectangle(doc, o));
    let page_box = match (media_box, crop_box) {
        (Some(media), Some(crop)) => intersect(media, crop).unwrap_or(media),
        (Some(media), None) => media,
        (None, Some(crop)) => crop,
        (None, None) => [0.0, 0.0, 612.0, 792.0],
    };
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(|o| objects::number(doc, o))
        .map_or(0, |r| ((r as i64).rem_euclid(360) / 90 * 90) as u32);
    let (transform, width, height) = page_transform(page_box, rotate);
    let resources = inherited(doc, page, b"Resources").and_then(|o| objects::as_dict(doc, o));

    let stream_ids = doc.get_page_contents(page_id);
    let mut content: Cow<[u8]> = Cow::Borrowed(&[]);
    for id in stream_ids {
        let Ok(Object::Stream(stream)) = doc.get_object(id) else {
            continue;
        };
        let data = interpreter.content_data(stream)?;
        if content.is_empty() {
            content = data;
        } else {
            let joined = content.to_mut();
            joined.push(b'\n');
            joined.extend_from_slice(&data);
        }
    }
    let annotations = annotation_appearances(doc, page);
    let (mut glyphs, bearings, paint) =
        interpreter.run_page(number, &content, resources, transform, &annotations)?;
    let ocr_layer = paint.is_ocr_layer(glyphs.len());
    accents::combine(&mut glyphs);
    let (mut width, mut height) = (width as f32, height as f32);
    match bearings.dominant() {
        Some(orientation::Direction::Right) => {
            if let Some(slope) = bearings.skew() {
                orientation::level(&mut glyphs, slope, width, height);
            }
        }
        Some(direction) => {
            (width, height) = orientation::turn(&mut glyphs, direction, width, height);
        }
        None => {}
    }
    Ok(Page {
        number,
        width,
        height,
        glyphs,
        ocr_layer,
    })
}

/// Annotations drawn on a page, with what maps each appearance onto its
/// rectangle (ISO 32000-1, 12.5.5). Hidden ones are left out.
fn annotation_appearances(doc: &Document, page: &Dictionary) -> Vec<content::Annotation> {
    const HIDDEN: i64 = 2;
    const NO_VIEW: i64 = 32;
    let Some(annots) = objects::get_array(doc, page, b"Annots") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for annot in annots.iter().take(10_000) {
        let Some(annot) = objects::as_dict(doc, annot) else {
            continue;
        };
        let flags = objects::get_number(doc, annot, b"F").unwrap_or(0.0) as i64;
        if flags & (HIDDEN | NO_VIEW) != 0 {
            continue;
        }
        let Some(rect) = objects::get(doc, annot, b"Rect").and_then(|r| rectangle(doc, r)) else {
            continue;
        };
        let Some(normal) = objects::get_dict(doc, annot, b"AP").and_then(|ap| ap.get(b"N").ok())
        else {
            continue;
        };
        // /N is the appearance itself or, for fields with states, a dictionary of them by /AS.
        let appearance = match normal {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(Object::Stream(_)) => Some(*id),
                Ok(Object::Dictionary(states)) => state_appearance(doc, annot, states),
                _ => None,
            },
            Object::Dictionary(states) => state_appearance(doc, annot, states),
            _ => None,
        };
        let Some(appearance) = appearance else {
            continue;
        };
        let Ok(Object::Stream(form)) = doc.get_object(appearance) else {
            continue;
        };
        let matrix = objects::get_array(doc, &form.dict, b"Matrix")
            .and_then(|m| Matrix::from_slice(&objects::numbers(doc, m)))
            .unwrap_or(Matrix::IDENTITY);
        let Some(bbox) = objects::get(doc, &form.dict, b"BBox").and_then(|b| rectangle(doc, b))
        else {
            continue;
        };
        // The form's bounding box through its matrix, then scaled onto the rectangle.
        let corners = [
            (bbox[0], bbox[1]),
            (bbox[2], bbox[1]),
            (bbox[0], bbox[3]),
            (bbox[2], bbox[3]),
        ]
        .map(|(x, y)| matrix.apply(x, y));
        let (min_x, max_x) = corners.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(p.0), hi.max(p.0))
        });
        let (min_y, max_y) = corners.iter().fold((f64::MAX, f64::MIN), |(lo, hi), p| {
            (lo.min(p.1), hi.max(p.1))
        });
        if max_x - min_x <= 0.0 || max_y - min_y <= 0.0 {
            continue;
        }
        let scale = Matrix::new(
            (rect[2] - rect[0]) / (max_x - min_x),
            0.0,
            0.0,
            (rect[3] - rect[1]) / (max_y - min_y),
            0.0,
            0.0,
        );
        let placement = Matrix::translation(-min_x, -min_y)
            .then(&scale)
            .then(&Matrix::translation(rect[0], rect[1]));
        out.push(content::Annotation {
            appearance,
            placement,
        });
    }
    out
}

fn state_appearance(doc: &Document, annot: &Dictionary, states: &Dictionary) -> Option<ObjectId> {
    let state = objects::get_name(doc, annot, b"AS")?;
    match states.get(state).ok()? {
        Object::Reference(id) => Some(*id),
        _ => None,
    }
}

/// A page attribute, from the page or the nearest ancestor that has it.
fn inherited<'d>(doc: &'d Document, page: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
    let mut node = page;
    for _ in 0..MAX_PAGE_TREE_DEPTH {
        if let Ok(value) = node.get(key) {
            return objects::resolve(doc, value);
        }
        node = objects::get_dict(doc, node, b"Parent")?;
    }
    None
}

/// `[x0 y0 x1 y1]` normalised so that x0 < x1 and y0 < y1; `None` when degenerate.
fn rectangle(doc: &Document, object: &Object) -> Option<[f64; 4]> {
    let Object::Array(items) = object else {
        return None;
    };
    let values = objects::numbers(doc, items);
    let [x0, y0, x1, y1] = values.get(..4)? else {
        return None;
    };
    let rect = [x0.min(*x1), y0.min(*y1), x0.max(*x1), y0.max(*y1)];
    (rect[2] - rect[0] > 0.0 && rect[3] - rect[1] > 0.0).then_some(rect)
}

fn intersect(a: [f64; 4], b: [f64; 4]) -> Option<[f64; 4]> {
    let rect = [
        a[0].max(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].min(b[3]),
    ];
    (rect[2] > rect[0] && rect[3] > rect[1]).then_some(rect)
}

/// The matrix from user space to upright output coordinates (origin at the
/// box's lower-left corner after turning the page by `/Rotate` clockwise), and
/// the output page's width and height.
fn page_transform(page_box: [f64; 4], rotate: u32) -> (Matrix, f64, f64) {
    let [x0, y0, x1, y1] = page_box;
    let (w, h) = (x1 - x0, y1 - y0);
    let to_origin = Matrix::translation(-x0, -y0);
    let (turn, width, height) = match rotate {
        90 => (Matrix::new(0.0, -1.0, 1.0, 0.0, 0.0, w), h, w),
        180 => (Matrix::new(-1.0, 0.0, 0.0, -1.0, w, h), w, h),
        270 => (Matrix::new(0.0, 1.0, -1.0, 0.0, h, 0.0), h, w),
        _ => (Matrix::IDENTITY, w, h),
    };
    (to_origin.then(&turn), width, height)
}

#[cfg(test)]
mod tests;

/// Document information only (title, producer, dates), for when another
/// engine produced the glyphs.
pub fn metadata(bytes: &[u8], limits: &Limits) -> Result<super::Metadata, PdfError> {
    Ok(metadata::read(&load(bytes, limits)?))
}
