//! whosigned reads declaration PDFs — joint statements, communiqués, open
//! letters signed by lists of States — and says which States signed.
//!
//! The pipeline, one module per stage (see docs/architecture.md):
//! [`inputs`] → [`pdf`] → [`layout`] → [`text`] → [`segment`] → [`gazetteer`]
//! → [`record`] → [`sink`]; [`picture`] draws records as a map and a
//! report. [`pipeline`] calls the stages in turn for one
//! file ([`process_file`], in this process); [`worker`] runs it in isolated
//! worker processes for batches.
//!
//! ```no_run
//! let record = whosigned::process_file(std::path::Path::new("statement.pdf"), "statement.pdf", &Default::default());
//! for s in &record.signatories {
//!     println!("{} {}", s.iso3, s.name);
//! }
//! ```

#![warn(missing_docs)]

pub mod gazetteer;
pub mod inputs;
pub mod layout;
pub mod pdf;
pub mod picture;
pub mod pipeline;
pub mod record;
pub mod segment;
pub mod sink;
pub mod text;
pub mod worker;

pub use pipeline::{
    document_layout, document_text, explain_lists, load_tables, process_bytes, process_file,
    process_file_noting, Options,
};
