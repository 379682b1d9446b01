//! whosigned: which States signed a declaration PDF.
pub mod pdf;
