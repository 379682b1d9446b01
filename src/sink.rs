//! Sink stage: writing records. The pipeline hands each finished record to a
//! [`Sink`]; sinks know nothing of how records were made.
//!
//! - [`JsonLines`]: one compact JSON object per line (the default).
//! - [`JsonArray`]: one JSON array of records.
//! - [`PerFileJson`]: `DIR/<file stem>.json` per input, each written to a
//!   temporary name and renamed, so no reader ever sees half a file.
//! - [`Csv`]: one row per document × signatory.
//!
//! [`OutputFile`] gives the same all-or-nothing guarantee to `-o FILE`:
//! records stream into `FILE.partial`, flushed per record, which is renamed to
//! `FILE` when the run ends; `--resume` reads a `.partial` left by a killed run.
//!
//! The rename makes an output whole or absent for every reader and against
//! a killed run; it is not synced to the disk first, so a crash of the
//! system itself may leave the last records unwritten, as it may any
//! program's recent writes. `--resume` reads them again: it skips a record
//! it cannot read. Syncing cost every run a fixed 12 ms (3 % of the
//! benchmark's 400 short statements, sixteenth session) and `--out-dir`
//! one sync per PDF.
//! A shard's run (`--shard`) also writes a [`manifest`] beside `FILE` once
//! it is in place.

pub mod manifest;

use crate::record::{wire_name, Record, Status};
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// An output format: where finished records go. Call [`Sink::write`] for
/// each record, in the order they should appear, then [`Sink::finish`] once.
pub trait Sink {
    /// Writes one record, after those written before it.
    fn write(&mut self, record: &Record) -> io::Result<()>;
    /// Writes whatever closes the output (a closing bracket, a rename).
    fn finish(&mut self) -> io::Result<()>;
}

/// Counts for the one-line summary at the end of a run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Records counted: one per input read.
    pub files: usize,
    /// Records with status `ok` (signatories found).
    pub ok: usize,
    /// Records with status `no_signatories` (text read, no signatory list).
    pub no_signatories: usize,
    /// Records with status `needs_ocr` (no text layer, not read by OCR).
    pub needs_ocr: usize,
    /// Records with status `error`.
    pub errors: usize,
    /// Signatories in all the records together.
    pub signatories: usize,
    /// Inputs dropped because they named a file given before.
    pub repeats: usize,
}

impl Summary {
    /// Counts one record: its status and its signatories.
    pub fn add(&mut self, r: &Record) {
        self.files += 1;
        self.signatories += r.signatories.len();
        match r.status {
            Status::Ok => self.ok += 1,
            Status::NoSignatories => self.no_signatories += 1,
            Status::NeedsOcr => self.needs_ocr += 1,
            Status::Error => self.errors += 1,
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} files: {} ok, {} without signatories, {} need OCR, {} errors; {} signatories",
            self.files, self.ok, self.no_signatories, self.needs_ocr, self.errors, self.signatories
        )?;
        match self.repeats {
            0 => Ok(()),
            1 => write!(f, "; 1 input named a file given before and was read once"),
            n => write!(
                f,
                "; {n} inputs named files given before and were read once"
            ),
        }
    }
}

/// A file that exists under its final name only once complete.
///
/// An existing path that is not a regular file (`/dev/null`, a named pipe,
/// a terminal) is written to directly: renaming a finished file onto it
/// would replace the device with a regular file.
pub struct OutputFile {
    path: PathBuf,
    /// Where the records go until the run ends; `None` when writing directly.
    partial: Option<PathBuf>,
    out: Option<BufWriter<File>>,
}

impl OutputFile {
    /// Where the records for `path` are written until the run ends: `path`
    /// with `.partial` appended (`out.jsonl.partial`).
    pub fn partial_path(path: &Path) -> PathBuf {
        let mut p = path.as_os_str().to_owned();
        p.push(".partial");
        PathBuf::from(p)
    }

    /// Starts writing `path`: creates `FILE.partial` (emptying any left
    /// there), which [`OutputFile::commit`] renames to `path`. An existing
    /// `path` that is not a regular file (a device, a pipe) is opened and
    /// written directly.
    pub fn create(path: &Path) -> io::Result<OutputFile> {
        let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
        let partial = (!special).then(|| Self::partial_path(path));
        let out = match &partial {
            Some(p) => File::create(p)?,
            None => std::fs::OpenOptions::new().write(true).open(path)?,
        };
        Ok(OutputFile {
            path: path.to_path_buf(),
            partial,
            out: Some(BufWriter::new(out)),
        })
    }
}

/// `e` with the file it happened on, so that a full disk or a read-only
/// folder is reported against the output and not the input being written.
fn on_file(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

impl OutputFile {
    /// The file being written now (`FILE.partial`, or FILE itself).
    fn written(&self) -> &Path {
        self.partial.as_deref().unwrap_or(&self.path)
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = match self.out.as_mut() {
            Some(o) => o.write(buf),
            None => Err(io::Error::other("output already finished")),
        };
        r.map_err(|e| on_file(self.written(), e))
    }
    fn flush(&mut self) -> io::Result<()> {
        let r = self.out.as_mut().map_or(Ok(()), |o| o.flush());
        r.map_err(|e| on_file(self.written(), e))
    }
}

impl OutputFile {
    /// Flushes and renames the partial file into place (not synced: see
    /// the module's documentation).
    pub fn commit(&mut self) -> io::Result<()> {
        if let Some(mut o) = self.out.take() {
            o.flush()?;
            if let Some(partial) = &self.partial {
                drop(o);
                std::fs::rename(partial, &self.path)?;
            }
        }
        Ok(())
    }
}

/// Where a stream sink writes, and how it is closed.
pub enum Target {
    /// Standard output, flushed when the sink finishes.
    Stdout(io::Stdout),
    /// A file that appears under its name only when the sink finishes (see
    /// [`OutputFile`]).
    File(OutputFile),
}

impl Target {
    /// Standard output when `path` is `None` or `-`, else the file at
    /// `path` ([`OutputFile::create`]).
    pub fn open(path: Option<&Path>) -> io::Result<Target> {
        match path {
            None => Ok(Target::Stdout(io::stdout())),
            Some(p) if p == Path::new("-") => Ok(Target::Stdout(io::stdout())),
            Some(p) => Ok(Target::File(OutputFile::create(p)?)),
        }
    }
    /// Flushes standard output, or commits the file ([`OutputFile::commit`]).
    pub fn finish(&mut self) -> io::Result<()> {
        match self {
            Target::Stdout(s) => s.flush(),
            Target::File(f) => f.commit(),
        }
    }
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::Stdout(s) => s.write(buf),
            Target::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::Stdout(s) => s.flush(),
            Target::File(f) => f.flush(),
        }
    }
}

/// One compact JSON object per line (JSON Lines), flushed per record so
/// that a killed run keeps the records before the one in hand: the default
/// output.
///
/// ```
/// use whosigned::sink::{JsonLines, Sink, Target};
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("records.jsonl");
/// let mut sink = JsonLines::new(Target::open(Some(&path))?);
/// let pdf = std::path::Path::new("fixtures/en_semicolon_groff.pdf");
/// sink.write(&whosigned::process_file(pdf, "statement.pdf", &Default::default()))?;
/// // Every input gets a record, one that is not a PDF too.
/// sink.write(&whosigned::process_bytes("notes.txt", b"not a PDF", &Default::default()))?;
///
/// // Until the sink finishes, the records are in `records.jsonl.partial`.
/// assert!(!path.exists());
/// sink.finish()?;
/// let text = std::fs::read_to_string(&path)?;
/// let lines: Vec<&str> = text.lines().collect();
/// assert_eq!(lines.len(), 2);
/// assert!(lines[0].contains(r#""status":"ok""#));
/// assert!(lines[1].contains(r#""error":{"kind":"not_pdf""#));
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct JsonLines {
    out: Target,
    /// The record in hand, serialised whole before it is written: serde
    /// writes a record in hundreds of small pieces, each of which went
    /// through `Target`, `OutputFile` and its `BufWriter` (a third of the
    /// parent's instructions in a batch, BENCHMARKS.md).
    line: Vec<u8>,
}

impl JsonLines {
    /// Writes records to `out`.
    pub fn new(out: Target) -> JsonLines {
        JsonLines {
            out,
            line: Vec::new(),
        }
    }
}

impl Sink for JsonLines {
    fn write(&mut self, r: &Record) -> io::Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, r)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)?;
        // Flushed per record: a killed run loses at most the record in hand.
        self.out.flush()
    }
    fn finish(&mut self) -> io::Result<()> {
        self.out.finish()
    }
}

/// One JSON array of pretty-printed records. Its closing bracket is written
/// by [`Sink::finish`] (which writes `[]` when there were no records), so
/// the output is valid JSON only once finished.
pub struct JsonArray {
    out: Target,
    first: bool,
}

impl JsonArray {
    /// Writes the array to `out`.
    pub fn new(out: Target) -> JsonArray {
        JsonArray { out, first: true }
    }
}

impl Sink for JsonArray {
    fn write(&mut self, r: &Record) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"[\n" } else { b",\n" })?;
        self.first = false;
        serde_json::to_writer_pretty(&mut self.out, r)?;
        Ok(())
    }
    fn finish(&mut self) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"[]\n" } else { b"\n]\n" })?;
        self.out.finish()
    }
}

/// One pretty JSON file per record.
pub struct PerFileJson {
    dir: PathBuf,
    used: HashSet<String>,
}

impl PerFileJson {
    /// Writes one file per record into `dir`, creating it (and its parents)
    /// when missing.
    pub fn new(dir: &Path) -> io::Result<PerFileJson> {
        std::fs::create_dir_all(dir)?;
        Ok(PerFileJson {
            dir: dir.to_path_buf(),
            used: HashSet::new(),
        })
    }

    /// `<stem>.json`, or `<stem>-<hash of path>.json` when two inputs share a stem.
    pub fn file_name(&mut self, record: &Record) -> String {
        let stem = Path::new(&record.source.path).file_stem().map_or_else(
            || "record".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        let mut name = format!("{stem}.json");
        if !self.used.insert(name.clone()) {
            use sha2::{Digest, Sha256};
            let h = hex::encode(Sha256::digest(record.source.exact_path()));
            name = format!("{stem}-{}.json", &h[..8]);
            self.used.insert(name.clone());
        }
        name
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// with the mode a plain create would give (not synced: see the module's
/// documentation).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // A temporary file is made 0600; asking for 0666 at creation gives what
    // a plain create gives under the user's umask (usually 0644).
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The record as pretty-printed JSON with a final newline: the content of
/// each file that [`PerFileJson`] writes.
pub fn to_pretty_json(r: &Record) -> io::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(r)?;
    bytes.push(b'\n');
    Ok(bytes)
}

impl Sink for PerFileJson {
    fn write(&mut self, r: &Record) -> io::Result<()> {
        let name = self.file_name(r);
        let path = self.dir.join(name);
        write_atomically(&path, &to_pretty_json(r)?).map_err(|e| on_file(&path, e))
    }
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// One row per document × signatory; a document without signatories gets one
/// row with the signatory columns empty, so that every input is in the table.
pub struct Csv {
    out: Option<csv::Writer<Target>>,
}

/// The CSV columns. The last four came with roles and document kinds; they
/// follow the first seven so that readers by position keep working.
pub const CSV_HEADER: [&str; 11] = [
    "path",
    "sha256",
    "status",
    "iso3",
    "name",
    "as_printed",
    "page",
    "role",
    "on_behalf_of",
    "document_kind",
    "symbol",
];

impl Csv {
    /// Writes CSV to `out`, starting with the [`CSV_HEADER`] line.
    pub fn new(out: Target) -> io::Result<Csv> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(CSV_HEADER)?;
        Ok(Csv { out: Some(w) })
    }
}

/// The CSV rows of one record, in [`CSV_HEADER`]'s order.
pub fn csv_rows(r: &Record) -> Vec<[String; 11]> {
    let sha = r.source.sha256.clone().unwrap_or_default();
    let status = wire_name(&r.status);
    let kind = r
        .document
        .as_ref()
        .map_or(String::new(), |d| wire_name(&d.kind));
    let symbol = r
        .document
        .as_ref()
        .and_then(|d| d.symbol.clone())
        .unwrap_or_default();
    let document =
        |iso3: &str, name: &str, printed: &str, page: String, role: &str, behalf: &str| {
            [
                r.source.path.clone(),
                sha.clone(),
                status.clone(),
                iso3.to_string(),
                name.to_string(),
                printed.to_string(),
                page,
                role.to_string(),
                behalf.to_string(),
                kind.clone(),
                symbol.clone(),
            ]
        };
    if r.signatories.is_empty() {
        return vec![document("", "", "", String::new(), "", "")];
    }
    r.signatories
        .iter()
        .map(|s| {
            let role = wire_name(&s.role);
            let behalf = s
                .on_behalf_of
                .as_ref()
                .map_or("", |b| b.as_printed.as_str());
            document(
                &s.iso3,
                &s.name,
                &s.as_printed,
                s.page.to_string(),
                &role,
                behalf,
            )
        })
        .collect()
}

impl Sink for Csv {
    fn write(&mut self, r: &Record) -> io::Result<()> {
        let out = self
            .out
            .as_mut()
            .ok_or_else(|| io::Error::other("output already finished"))?;
        for row in csv_rows(r) {
            out.write_record(&row)?;
        }
        out.flush()
    }
    fn finish(&mut self) -> io::Result<()> {
        match self.out.take() {
            Some(w) => w
                .into_inner()
                .map_err(|e| io::Error::other(e.to_string()))?
                .finish(),
            None => Ok(()),
        }
    }
}
