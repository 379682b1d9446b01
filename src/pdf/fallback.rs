//! The second engine: pdf-extract's positioned-character output.
//!
//! pdf-extract knows more font formats than our walker (it reads Type 1 and CFF
//! programs for their built-in encodings) but it has no resource limits and can
//! abort the process on hostile files, so it only ever runs inside a worker
//! process (see `worker`). It brings its own lopdf version, re-exported as
//! `pdf_extract::Document`.

use super::{Extraction, Glyph, Metadata, Page, PdfError};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

struct Collector {
    pages: Vec<Page>,
    page_height: f64,
    page_offset: (f64, f64),
    max_glyphs: usize,
    glyphs: usize,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_height = media_box.ury - media_box.lly;
        self.page_offset = (media_box.llx, media_box.lly);
        self.pages.push(Page {
            number: page_num,
            width: (media_box.urx - media_box.llx) as f32,
            height: self.page_height as f32,
            glyphs: Vec::new(),
            // pdf-extract does not say how text is painted.
            ocr_layer: false,
        });
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let Some(page) = self.pages.last_mut() else {
            return Ok(());
        };
        self.glyphs += 1;
        if self.glyphs > self.max_glyphs {
            return Err(OutputError::FormatError(std::fmt::Error));
        }
        // pdf-extract passes the text rendering matrix; its scale is the font size.
        let scale = (trm.m11 * trm.m11 + trm.m12 * trm.m12).sqrt();
        let size = if font_size.abs() > 0.0 {
            (font_size * scale).abs()
        } else {
            scale.abs()
        };
        let advance = width * font_size * scale;
        let n = text.chars().count().max(1) as f64;
        for (i, ch) in text.chars().enumerate() {
            page.glyphs.push(Glyph {
                ch,
                x: (trm.m31 - self.page_offset.0 + advance * i as f64 / n) as f32,
                y: (trm.m32 - self.page_offset.1) as f32,
                width: (advance / n) as f32,
                size: size as f32,
            });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Extracts positioned glyphs with pdf-extract. Run it only in a worker process.
pub fn extract(bytes: &[u8], max_glyphs: usize) -> Result<Extraction, PdfError> {
    let mut doc = pdf_extract::Document::load_mem(bytes)
        .map_err(|e| PdfError::Damaged(format!("pdf-extract could not parse: {e}")))?;
    if doc.is_encrypted() {
        doc.decrypt("")
            .map_err(|_| PdfError::Encrypted("a password is required".into()))?;
    }
    let page_count = doc.get_pages().len() as u32;
    let mut out = Collector {
        pages: Vec::new(),
        page_height: 0.0,
        page_offset: (0.0, 0.0),
        max_glyphs,
        glyphs: 0,
    };
    pdf_extract::output_doc(&doc, &mut out)
        .map_err(|e| PdfError::Damaged(format!("pdf-extract failed: {e}")))?;
    Ok(Extraction {
        page_count,
        pages: out.pages,
        metadata: Metadata::default(),
    })
}
