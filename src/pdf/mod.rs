//! PDF stage: bytes in, positioned glyphs per page out.
//!
//! Two engines produce the same [`Extraction`]: our own walk over each page's
//! content stream on top of lopdf ([`walker`], the primary: fast and bounded by
//! [`Limits`]) and pdf-extract's positioned-character output ([`fallback`], tried
//! when the first fails or yields garbage). This stage knows nothing of lines,
//! words or States; it does not isolate the process either (see `worker`).

pub mod fallback;
pub mod ocr;
pub mod walker;

use serde::Serialize;

/// One glyph as painted: its text and where it sits on the page.
///
/// Coordinates are PDF user space of the page (origin bottom-left, y up),
/// after the text and graphics matrices are applied. `y` is the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The character painted, as decoded from the font; what an engine
    /// could not decode comes out as U+FFFD or a private-use code point.
    pub ch: char,
    /// Where the glyph starts (its origin, the left end of its advance), in
    /// page units.
    pub x: f32,
    /// The glyph's baseline, in page units.
    pub y: f32,
    /// Advance width in page units (0 when unknown).
    pub width: f32,
    /// Effective font size in page units (the glyph's height, roughly).
    pub size: f32,
}

/// Whether `c` is a letter of a right-to-left script (Hebrew, Arabic and
/// its supplements and presentation forms): such letters are painted right
/// to left, so the order of their glyphs on the page is the reverse of the
/// text's.
pub fn is_rtl(c: char) -> bool {
    // Asked of every glyph: most are below the first range, one comparison.
    c >= '\u{0590}'
        && matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && c.is_alphabetic()
}

/// One page as an engine (or OCR) read it: its size and its glyphs.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Width of the page as shown (after `/Rotate`), in page units; 0 when
    /// the page's dictionary could not be read.
    pub width: f32,
    /// Height of the page as shown (after `/Rotate`), in page units; 0 when
    /// the page's dictionary could not be read.
    pub height: f32,
    /// Glyphs in content-stream order.
    pub glyphs: Vec<Glyph>,
    /// The page's text is an OCR layer: invisible, over a scanned image
    /// (see `walker::content::Paint::is_ocr_layer`). Such text has OCR's
    /// misreadings whatever program made it.
    pub ocr_layer: bool,
}

/// Document information, from the Info dictionary (XMP is not read); the
/// record's `metadata`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Metadata {
    /// `/Title`.
    pub title: Option<String>,
    /// `/Producer`: the program that wrote the PDF.
    pub producer: Option<String>,
    /// `/Creator`: the program the document was made in.
    pub creator: Option<String>,
    /// As written in the file (`D:20240614120000+02'00'`) normalised to RFC 3339 when it parses.
    pub creation_date: Option<String>,
    /// The document's language as its catalogue says (`/Lang`, BCP 47:
    /// "fr-FR"); used to choose OCR languages, not written in the record.
    #[serde(skip)]
    pub language: Option<String>,
}

/// What read a document's text, as records name it (`engine`,
/// `page_engines`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Engine {
    /// Our own content-stream reader over lopdf's objects.
    #[serde(rename = "lopdf")]
    Lopdf,
    /// The pdf-extract crate, when ours failed or gave garbage.
    #[serde(rename = "pdf-extract")]
    PdfExtract,
    /// OCR: pdftoppm and tesseract.
    #[serde(rename = "tesseract")]
    Tesseract,
    /// Some pages from their text layer, the others by OCR (a document
    /// only: `page_engines` then says which is which).
    #[serde(rename = "lopdf+tesseract")]
    LopdfTesseract,
}

/// What an engine read from a whole file: its pages of glyphs and its
/// metadata.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// Pages in the document, which may be more than `pages` holds (a file
    /// is read only up to [`Limits::max_pages`]).
    pub page_count: u32,
    /// The pages read, first page first.
    pub pages: Vec<Page>,
    /// From the Info dictionary; empty from pdf-extract, which reads none.
    pub metadata: Metadata,
}

impl Extraction {
    /// Glyphs on all pages together, white space included.
    pub fn glyph_count(&self) -> usize {
        self.pages.iter().map(|p| p.glyphs.len()).sum()
    }
}

/// Bounds on what one file may cost. Exceeding one is `PdfError::TooLarge`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Decompressed bytes of one stream.
    pub max_stream_bytes: usize,
    /// Decompressed bytes of all content streams of the file together.
    pub max_total_bytes: usize,
    /// Indirect objects in the file.
    pub max_objects: usize,
    /// Content-stream operators on one page (form XObjects included).
    pub max_operators_per_page: usize,
    /// Nesting depth of form XObjects.
    pub max_form_depth: usize,
    /// Glyphs of the whole file.
    pub max_glyphs: usize,
    /// Pages of the whole file (larger files are read up to this page).
    pub max_pages: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_stream_bytes: 64 << 20,
            max_total_bytes: 256 << 20,
            max_objects: 2_000_000,
            max_operators_per_page: 1_000_000,
            max_form_depth: 12,
            max_glyphs: 20_000_000,
            max_pages: 5_000,
        }
    }
}

/// Why a file gave no glyphs. Kinds match the record's `error.kind`.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum PdfError {
    /// No `%PDF-` header in the first KiB, and no lenient reading found a
    /// PDF: why, in words.
    #[error("not a PDF: {0}")]
    NotPdf(String),
    /// A password is needed to open the file (one with an empty user
    /// password is decrypted): why it could not be decrypted.
    #[error("encrypted: {0}")]
    Encrypted(String),
    /// The file could not be parsed, even after cross-reference repair, or
    /// no page of it could be read: what failed.
    #[error("damaged: {0}")]
    Damaged(String),
    /// The file went over one of the [`Limits`]: a sentence naming the limit
    /// (`max_objects`, `max_stream_bytes`...).
    #[error("too large: {0}")]
    TooLarge(String),
}

impl PdfError {
    /// The record's `error.kind` for this error: `not_pdf`, `encrypted`,
    /// `damaged` or `too_large`.
    pub fn kind(&self) -> &'static str {
        match self {
            PdfError::NotPdf(_) => "not_pdf",
            PdfError::Encrypted(_) => "encrypted",
            PdfError::Damaged(_) => "damaged",
            PdfError::TooLarge(_) => "too_large",
        }
    }
}

/// True when the bytes start like a PDF (the header may follow some junk, as
/// readers allow within the first KiB).
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}
