//! The record: what whosigned says about one input file (schema v1).
//!
//! One record per input, whatever happened to it. The field order is fixed by
//! the struct order and every list has a defined order, so the same input
//! bytes give a byte-identical record. `docs/record.md` documents each field
//! and `schema/record.v1.json` is the JSON Schema that the tests hold every
//! fixture's output to. This module is the record's data; the pipeline
//! ([`crate::pipeline`]) fills it and `sink` writes it.

use crate::gazetteer::EntityKind;
use crate::pdf::Engine;
use crate::pdf::Metadata;
use crate::segment::behalf::OnBehalf;
use crate::segment::decision::Role;
use crate::segment::document::Document;
use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Signatories were found.
    Ok,
    /// The text was read but holds no signatory list.
    NoSignatories,
    /// No text layer: a scan, or a drawing of text. Run OCR first.
    NeedsOcr,
    /// The file could not be read; see `error`.
    Error,
}

/// Machine-readable error kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    NotPdf,
    Encrypted,
    Damaged,
    TooLarge,
    Timeout,
    Crashed,
    Unreadable,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorInfo {
    pub kind: ErrorKind,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Source {
    /// The path as given on the command line (or found under a given folder),
    /// as text: a name that is not UTF-8 has U+FFFD in place of its bad bytes.
    pub path: String,
    /// The path's exact bytes in lowercase hex, present only when they are
    /// not UTF-8, so that two such names stay apart and can be traced back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_bytes: Option<String>,
    pub sha256: Option<String>,
    pub bytes: Option<u64>,
    pub pages: Option<u32>,
}

impl Source {
    /// The source of the file at `path`, shown as `display`.
    pub fn named(display: &str, path: &std::path::Path) -> Source {
        let bytes = path.as_os_str().as_encoded_bytes();
        Source {
            path: display.to_string(),
            path_bytes: std::str::from_utf8(bytes)
                .is_err()
                .then(|| hex::encode(bytes)),
            ..Default::default()
        }
    }

    /// The path's exact bytes: `path_bytes` decoded, else `path`.
    pub fn exact_path(&self) -> std::borrow::Cow<'_, [u8]> {
        match self.path_bytes.as_deref().and_then(|h| hex::decode(h).ok()) {
            Some(b) => b.into(),
            None => self.path.as_bytes().into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signatory {
    pub iso3: String,
    pub iso2: String,
    /// Canonical English short name (UN terminology).
    pub name: String,
    /// The name as printed in the document (white space collapsed).
    pub as_printed: String,
    pub page: u32,
    pub kind: EntityKind,
    /// The name printed is one the State used before ("Swaziland", "Zaire",
    /// "Union of Soviet Socialist Republics"): `iso3` is the State that bears
    /// or continues it now (see `data/aliases.tsv`). Absent when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub former_name: bool,
    /// `signatory`, `sponsor` (of a UN draft) or `joined_later`.
    #[serde(default = "default_role")]
    pub role: Role,
    /// The group this State acts for ("on behalf of the Group of 77 and
    /// China"); its members are not signatories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<OnBehalf>,
    /// On a page read by OCR: tesseract's confidence (0-100) in the words of
    /// this name, their mean weighted by length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<f64>,
}

fn default_role() -> Role {
    Role::Signatory
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnmatchedKind {
    /// Could mean several States; `candidates` lists them.
    Ambiguous,
    /// A territory, city or region, not a State.
    NotAState,
    /// A place's name that is also used for one State ("Macedonia": the
    /// Greek region, or North Macedonia before 2019); `candidates` names
    /// that State. Never guessed.
    PlaceOrState,
    /// Looks like a name in the list but is in no table.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unmatched {
    pub as_printed: String,
    pub page: u32,
    pub reason: UnmatchedKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub iso3: String,
    pub name: String,
    pub as_printed: String,
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub schema_version: u32,
    pub source: Source,
    /// From the PDF's Info dictionary.
    pub metadata: Metadata,
    /// Which engine produced the text, when any did.
    pub engine: Option<Engine>,
    /// One engine per page, first page first, when the pages were read by
    /// different engines (some by OCR; `engine` is then `lopdf+tesseract`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_engines: Option<Vec<Engine>>,
    pub status: Status,
    pub error: Option<ErrorInfo>,
    /// The statement's date as printed in it, when it gives one.
    pub date: Option<PrintedDate>,
    /// The document's kind and UN symbol (absent when it could not be read).
    #[serde(default)]
    pub document: Option<Document>,
    pub signatories: Vec<Signatory>,
    pub unmatched: Vec<Unmatched>,
    pub mentions: Vec<Mention>,
    /// Support counted against each membership group (records with status `ok`).
    pub groups: Vec<GroupCount>,
    /// Present when OCR read some pages, or was needed and could not run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<OcrReport>,
}

/// What OCR did for a document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OcrReport {
    /// Tesseract's languages (`eng+fra+spa`), when it ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<String>,
    /// The pages read by OCR, each with its mean word confidence (0-100).
    pub pages: Vec<OcrPageReport>,
    /// Why pages that needed OCR were not read (tools missing, a timeout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrPageReport {
    pub page: u32,
    pub confidence: f64,
}

/// A confidence rounded to one decimal, so that records stay short and
/// compare as written.
pub fn rounded_confidence(c: f32) -> f64 {
    (f64::from(c) * 10.0).round() / 10.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintedDate {
    /// ISO 8601 calendar date.
    pub value: String,
    pub as_printed: String,
}

/// Where the day that group membership is taken on came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AsOfSource {
    /// `--as-of DATE`.
    CommandLine,
    /// The date printed in the statement.
    Document,
    /// Neither: the day of the run (so the record depends on the day it was made).
    Today,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupCount {
    pub id: String,
    pub as_of: String,
    pub as_of_source: AsOfSource,
    /// How many States were members on `as_of`.
    pub members: usize,
    /// How many of them signed.
    pub signed: usize,
    /// Members that did not sign, by code.
    pub not_signed: Vec<String>,
    /// Signatories that were not members on `as_of`, by code.
    pub signed_non_members: Vec<String>,
}

impl Record {
    /// A record of `source` with `status` and nothing found yet: no
    /// metadata, engine, date, signatories, mentions or groups.
    pub fn empty(source: Source, status: Status) -> Record {
        Record {
            schema_version: SCHEMA_VERSION,
            source,
            metadata: Metadata::default(),
            engine: None,
            page_engines: None,
            status,
            error: None,
            date: None,
            document: None,
            signatories: Vec::new(),
            unmatched: Vec::new(),
            mentions: Vec::new(),
            groups: Vec::new(),
            ocr: None,
        }
    }

    /// A record for an input that could not be processed.
    pub fn error(source: Source, kind: ErrorKind, message: impl Into<String>) -> Record {
        Record {
            error: Some(ErrorInfo {
                kind,
                message: message.into(),
            }),
            ..Record::empty(source, Status::Error)
        }
    }

    pub fn is_error(&self) -> bool {
        self.status == Status::Error
    }
}

/// The name a unit enum value has in records ("no_signatories",
/// "joined_later", "draft_resolution"), for writers that show it outside
/// JSON (CSV cells): one spelling, serde's.
pub fn wire_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
