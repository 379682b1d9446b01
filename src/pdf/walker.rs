//! The primary engine: a walk over each page's content stream with lopdf.
//! (Being written; see the helper's branch `walker`.)

use super::{Extraction, Limits, PdfError};

pub fn extract(_bytes: &[u8], _limits: &Limits) -> Result<Extraction, PdfError> {
    Err(PdfError::Damaged("lopdf engine not built yet".into()))
}

/// Document information only (title, producer, dates).
pub fn metadata(_bytes: &[u8], _limits: &Limits) -> Result<super::Metadata, PdfError> {
    Err(PdfError::Damaged("lopdf engine not built yet".into()))
}
