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

/// The version of the record schema, written in every record's
/// `schema_version`; bumped on any incompatible change to the record.
pub const SCHEMA_VERSION: u32 = 1;

/// What came of one file: the record's `status`.
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

/// Machine-readable error kinds: the record's `error.kind`, written in
/// snake_case (`not_pdf`, `too_large`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// No `%PDF-` header in the first KiB (an HTML page, a JPEG, an empty
    /// file).
    NotPdf,
    /// A password is needed to open it (files with an empty user password
    /// are decrypted and read).
    Encrypted,
    /// The file could not be parsed, even after cross-reference repair.
    Damaged,
    /// Over `--max-bytes`, a decompression or operator limit, or the
    /// worker's `--max-memory`.
    TooLarge,
    /// No result within `--timeout` seconds.
    Timeout,
    /// The reader died on this file (stack overflow, abort); the batch went
    /// on.
    Crashed,
    /// Permissions, a vanished file, a folder or a symlink loop.
    Unreadable,
    /// A bug in whosigned, caught.
    Internal,
}

/// Why a file could not be read: the record's `error`, present when
/// `status` is `error`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorInfo {
    /// What kind of failure it was; the table in `docs/record.md` says what
    /// to do about each.
    pub kind: ErrorKind,
    /// What went wrong, in words for a person ("not a PDF: no %PDF- header
    /// in the first KiB", the system's message for a file that cannot be
    /// opened).
    pub message: String,
}

/// The input file a record is about: the record's `source`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Source {
    /// The path as given on the command line (or found under a given folder),
    /// as text: a name that is not UTF-8 has U+FFFD in place of its bad bytes.
    pub path: String,
    /// The path's exact bytes in lowercase hex, present only when they are
    /// not UTF-8, so that two such names stay apart and can be traced back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_bytes: Option<String>,
    /// SHA-256 of the file's bytes, in lowercase hex; `None` when the file
    /// could not be read.
    pub sha256: Option<String>,
    /// The file's size in bytes; `None` when it is not known (the file could
    /// not be read).
    pub bytes: Option<u64>,
    /// The PDF's page count; `None` when the PDF could not be opened.
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

/// A State (or organisation) in the signatory block(s): one entry of the
/// record's `signatories`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signatory {
    /// ISO 3166-1 alpha-3 code; Kosovo is `XKX`, the European Union `EUU`.
    pub iso3: String,
    /// ISO 3166-1 alpha-2 code; Kosovo is `XK`, the European Union `EU`.
    pub iso2: String,
    /// Canonical English short name (UN terminology).
    pub name: String,
    /// The name as printed in the document (white space collapsed).
    pub as_printed: String,
    /// 1-based page where the name starts.
    pub page: u32,
    /// `state` (a UN member or a non-member State such as Kosovo, Cook
    /// Islands, Niue), `observer_state` (Holy See, State of Palestine) or
    /// `organization` (European Union).
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

/// Why an item of a signatory block is not a signatory: an unmatched item's
/// `reason`.
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

/// An item of the signatory block that is not a known State, kept for
/// review: one entry of the record's `unmatched`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unmatched {
    /// The item as printed in the document (white space collapsed).
    pub as_printed: String,
    /// 1-based page where the item starts.
    pub page: u32,
    /// Why it is not a signatory.
    pub reason: UnmatchedKind,
    /// The ISO 3166-1 alpha-3 codes it could stand for: two or more for
    /// `ambiguous` ("Korea"), the one State for `place_or_state`; never
    /// guessed between. Empty, and absent from the JSON, for the other
    /// reasons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
}

/// A State named outside the signatory block that is not a signatory (in
/// body text, titles, footnotes, tables): one entry of the record's
/// `mentions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// ISO 3166-1 alpha-3 code of the State named.
    pub iso3: String,
    /// Canonical English short name (UN terminology).
    pub name: String,
    /// The name as printed in the document (white space collapsed).
    pub as_printed: String,
    /// 1-based page where the name starts.
    pub page: u32,
}

/// What whosigned says about one input file: the JSON record of schema
/// version 1, one per input whatever happened to it. Fields serialise in
/// this order; absent values are `null` or `[]`, except the few marked
/// absent when empty.
///
/// ```
/// use std::path::Path;
/// use whosigned::record::{Record, Status};
///
/// let pdf = Path::new("fixtures/en_prose_oxford_chromium.pdf");
/// let record = whosigned::process_file(pdf, "statement.pdf", &Default::default());
/// assert_eq!(record.status, Status::Ok);
/// assert_eq!(record.source.pages, Some(1));
/// assert_eq!(record.date.as_ref().map(|d| d.value.as_str()), Some("2024-06-14"));
/// assert_eq!(record.signatories[0].iso3, "ALB");
///
/// // A record is plain serde data: written, read back and written again,
/// // it gives the same JSON.
/// let json = serde_json::to_string(&record).unwrap();
/// assert!(json.starts_with(r#"{"schema_version":1,"source":{"path":"statement.pdf""#));
/// let back: Record = serde_json::from_str(&json).unwrap();
/// assert_eq!(serde_json::to_string(&back).unwrap(), json);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Always [`SCHEMA_VERSION`]; bumped on any incompatible change.
    pub schema_version: u32,
    /// The input file: its path as given, hash, size and page count.
    pub source: Source,
    /// From the PDF's Info dictionary.
    pub metadata: Metadata,
    /// Which engine produced the text, when any did.
    pub engine: Option<Engine>,
    /// One engine per page, first page first, when the pages were read by
    /// different engines (some by OCR; `engine` is then `lopdf+tesseract`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_engines: Option<Vec<Engine>>,
    /// What came of the file: signatories found, none found, no text
    /// layer, or an error.
    pub status: Status,
    /// Why the file could not be read, when `status` is `error`; `None`
    /// otherwise.
    pub error: Option<ErrorInfo>,
    /// The statement's date as printed in it, when it gives one.
    pub date: Option<PrintedDate>,
    /// The document's kind and UN symbol (absent when it could not be read).
    #[serde(default)]
    pub document: Option<Document>,
    /// The States (and organisations) in the signatory block(s), in reading
    /// order (column by column in multi-column lists, row by row in tables
    /// of signature cells), each once.
    pub signatories: Vec<Signatory>,
    /// Items of the signatory block that are not a known State, for review.
    pub unmatched: Vec<Unmatched>,
    /// States named outside the signatory block that are not signatories,
    /// once each, in reading order.
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

/// A page read by OCR: one entry of the record's `ocr.pages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrPageReport {
    /// 1-based page number.
    pub page: u32,
    /// Tesseract's mean word confidence on the page, 0-100, to one decimal.
    pub confidence: f64,
}

/// A confidence rounded to one decimal, so that records stay short and
/// compare as written.
pub fn rounded_confidence(c: f32) -> f64 {
    (f64::from(c) * 10.0).round() / 10.0
}

/// The date of the act a document records, as printed: the record's `date`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintedDate {
    /// ISO 8601 calendar date.
    pub value: String,
    /// The date as printed ("14 June 2024"), white space collapsed.
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

/// Support counted against one membership group: one entry of the record's
/// `groups`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupCount {
    /// The group's id (`un`, `rome-statute`, `eu`...), as in `data/groups/`.
    pub id: String,
    /// The day membership is taken on, `YYYY-MM-DD`.
    pub as_of: String,
    /// Where `as_of` came from: `--as-of`, the document's date, or the day
    /// of the run.
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

    /// True when the file could not be processed (`status` is `error`).
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

/// Who joined and who left between an earlier and a later record, by
/// signatory code, each list sorted by code: `whosigned compare`'s
/// categories, which maps colour too.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Changes {
    /// In the later record, not the earlier.
    pub joined: Vec<String>,
    /// In the earlier record, not the later.
    pub left: Vec<String>,
    /// In both.
    pub both: Vec<String>,
}

impl Changes {
    /// The changes from `earlier` to `later`.
    pub fn between(earlier: &Record, later: &Record) -> Changes {
        use std::collections::BTreeSet;
        let codes = |r: &Record| -> BTreeSet<String> {
            r.signatories.iter().map(|s| s.iso3.clone()).collect()
        };
        let (a, b) = (codes(earlier), codes(later));
        Changes {
            joined: b.difference(&a).cloned().collect(),
            left: a.difference(&b).cloned().collect(),
            both: a.intersection(&b).cloned().collect(),
        }
    }
}
