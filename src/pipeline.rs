//! The pipeline for one file: read the PDF (engines, then OCR), lay out,
//! make the text, find the lists, and assemble the record. The stages do
//! not call each other; this module calls them in turn, and the record
//! ([`crate::record`]) is only data.

use crate::gazetteer::Gazetteer;
use crate::pdf::{self, Engine, Extraction, Limits, PdfError};
use crate::record::{AsOfSource, GroupCount, Mention, Signatory, Unmatched, UnmatchedKind};
use crate::record::{ErrorKind, Record, Source, Status};
use crate::segment::{Segmentation, UnmatchedReason};
use crate::text::Text;
use crate::{gazetteer, layout, record, segment, text};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::path::Path;

/// Per-file settings. The defaults are safe to run inside a program of
/// yours: nothing that can abort the process (pdf-extract) runs unless
/// `fallback` is set, and the clock is read only for a statement without a
/// date.
///
/// ```
/// use std::path::Path;
/// use whosigned::{process_file, Options};
///
/// let opts = Options::default();
/// assert!(!opts.fallback && opts.today.is_none());
/// let pdf = Path::new("fixtures/en_one_per_line_libreoffice.pdf");
/// let record = process_file(pdf, "statement.pdf", &opts);
/// let signed: Vec<&str> = record.signatories.iter().map(|s| s.iso3.as_str()).collect();
/// assert_eq!(&signed[..3], ["ALB", "AND", "AUT"]);
/// ```
#[derive(Debug, Clone)]
pub struct Options {
    /// Bounds on what reading one file may cost (streams, objects, glyphs,
    /// pages); going over one gives a `too_large` record.
    pub limits: Limits,
    /// Files larger than this are not read (`too_large`).
    pub max_bytes: u64,
    /// Try pdf-extract when our engine fails or yields garbage. It can abort
    /// the process on hostile files, so it is off unless asked for: the
    /// CLI turns it on only inside its worker processes.
    pub fallback: bool,
    /// The day group membership is taken on, overriding the statement's date.
    pub as_of: Option<chrono::NaiveDate>,
    /// The day taken for statements without a date; `None`: the clock's
    /// day, read only when such a statement needs it. A batch fixes it once
    /// so that its records agree.
    pub today: Option<chrono::NaiveDate>,
    /// Whether and how pages without text are read by OCR.
    pub ocr: pdf::ocr::OcrSettings,
    /// Whether a record's group counts are made with it ([`count_groups`]).
    /// A worker process leaves them to the pool, which counts them as the
    /// records come back: they are half of a record's JSON, which the
    /// worker wrote and the pool read for nothing.
    pub count_groups: bool,
    /// The names to match; `None`: the bundled tables
    /// ([`gazetteer::Gazetteer::get`]). Built with a user's own aliases by
    /// [`gazetteer::Gazetteer::from_tables`] (`extract --names FILE`).
    pub gazetteer: Option<std::sync::Arc<gazetteer::Gazetteer>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limits: Limits::default(),
            max_bytes: 100 * 1024 * 1024,
            fallback: false,
            as_of: None,
            today: None,
            ocr: pdf::ocr::OcrSettings::default(),
            gazetteer: None,
            count_groups: true,
        }
    }
}

fn error_kind(e: &PdfError) -> ErrorKind {
    match e {
        PdfError::NotPdf(_) => ErrorKind::NotPdf,
        PdfError::Encrypted(_) => ErrorKind::Encrypted,
        PdfError::Damaged(_) => ErrorKind::Damaged,
        PdfError::TooLarge(_) => ErrorKind::TooLarge,
    }
}

/// Builds the tables every file read with `opts` needs (gazetteer, cues,
/// and the groups when [`Options::count_groups`]) now instead of on the
/// first file, so that a worker process finds out before it takes a file
/// whether they fit under its memory cap. A pool's worker leaves the group
/// counts to its parent, and reading the group tables was 6 % of its start.
pub fn load_tables(opts: &Options) {
    gazetteer::Gazetteer::get();
    segment::cues::Cues::get();
    if opts.count_groups {
        gazetteer::groups::all();
    }
}

/// Reads and processes one file. Never panics on bad input; every outcome is
/// a record.
pub fn process_file(path: &Path, display: &str, opts: &Options) -> Record {
    process_file_noting(path, display, opts, &mut |_| {})
}

/// [`process_file`], calling `ocr_pages(n)` before it starts to OCR `n`
/// pages (a worker tells its parent, which allows the time for them).
pub fn process_file_noting(
    path: &Path,
    display: &str,
    opts: &Options,
    ocr_pages: &mut dyn FnMut(u32),
) -> Record {
    let source = Source::named(display, path);
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return Record::error(source, ErrorKind::Unreadable, "is a folder"),
        Ok(m) if m.len() > opts.max_bytes => {
            let mut source = source;
            source.bytes = Some(m.len());
            let msg = format!(
                "{} bytes is over the --max-bytes limit of {}",
                m.len(),
                opts.max_bytes
            );
            return Record::error(source, ErrorKind::TooLarge, msg);
        }
        Ok(_) => {}
        Err(e) => return Record::error(source, ErrorKind::Unreadable, e.to_string()),
    }
    match std::fs::read(path) {
        Ok(bytes) => process_source(source, &bytes, opts, ocr_pages),
        Err(e) => Record::error(source, ErrorKind::Unreadable, e.to_string()),
    }
}

/// A document laid out page by page as an engine reads it: each page's glyphs
/// become lines and are dropped, so memory follows the text, not the glyphs.
#[derive(Default)]
struct Laid {
    page_count: u32,
    metadata: pdf::Metadata,
    /// Page height and lines, per page.
    pages: Vec<(f32, Vec<layout::Line>)>,
    /// Glyphs other than whitespace.
    visible: usize,
    /// The same, page by page.
    visible_per_page: Vec<usize>,
    /// Of those, replacement characters, private-use code points and
    /// controls: text the engine could not decode.
    undecoded: usize,
    /// Per page: whether its text is an OCR layer ([`pdf::Page::ocr_layer`]).
    ocr_layer: Vec<bool>,
}

impl Laid {
    fn add(&mut self, page: pdf::Page) {
        let before = self.visible;
        for g in page.glyphs.iter().filter(|g| !g.ch.is_whitespace()) {
            self.visible += 1;
            if g.ch == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&g.ch) || g.ch.is_control()
            {
                self.undecoded += 1;
            }
        }
        self.visible_per_page.push(self.visible - before);
        self.ocr_layer.push(page.ocr_layer);
        self.pages.push((page.height, layout::page_lines(&page)));
    }

    fn from_extraction(x: Extraction) -> Laid {
        let mut laid = Laid {
            page_count: x.page_count,
            metadata: x.metadata,
            ..Laid::default()
        };
        for p in x.pages {
            laid.add(p);
        }
        laid
    }

    /// Mostly decoded text, and some of it.
    fn is_good(&self) -> bool {
        self.visible > 0 && (self.undecoded as f32) < 0.1 * self.visible as f32
    }

    fn lines(self) -> layout::Joined {
        layout::join_pages(self.pages)
    }
}

/// Our own engine.
fn walk(bytes: &[u8], opts: &Options) -> Result<Laid, PdfError> {
    let mut laid = Laid::default();
    let (page_count, metadata) =
        pdf::walker::extract_pages(bytes, &opts.limits, &mut |p| laid.add(p))?;
    laid.page_count = page_count;
    laid.metadata = metadata;
    Ok(laid)
}

/// Runs the engines in turn: ours, then pdf-extract when ours fails or gives
/// garbage or nothing. Returns the best reading and the engine's name.
fn extract(bytes: &[u8], opts: &Options) -> Result<(Laid, Engine), PdfError> {
    let first = walk(bytes, opts);
    if !pdf::looks_like_pdf(bytes) {
        // Headerless: only our own engine's lenient reading.
        return first.map(|x| (x, Engine::Lopdf));
    }
    match first {
        Ok(x) if x.is_good() || !opts.fallback => Ok((x, Engine::Lopdf)),
        Err(e @ (PdfError::Encrypted(_) | PdfError::TooLarge(_) | PdfError::NotPdf(_))) => Err(e),
        other => {
            // pdf-extract panics on some files it cannot read (unsupported
            // CMaps, failed assertions); that is a failed engine, not a failed file.
            let second =
                std::panic::catch_unwind(|| pdf::fallback::extract(bytes, opts.limits.max_glyphs))
                    .unwrap_or_else(|_| {
                        Err(PdfError::Damaged("pdf-extract gave up on this file".into()))
                    })
                    .map(Laid::from_extraction);
            match (other, second) {
                (_, Ok(y)) if y.is_good() => {
                    Ok((with_metadata(y, bytes, opts), Engine::PdfExtract))
                }
                (Ok(x), _) => Ok((x, Engine::Lopdf)),
                (Err(_), Ok(y)) if y.visible == 0 && y.page_count > 0 => {
                    Ok((with_metadata(y, bytes, opts), Engine::PdfExtract))
                }
                (Err(e), _) => Err(e),
            }
        }
    }
}

/// What OCR read in a document.
#[derive(Default)]
struct Ocred {
    languages: Option<String>,
    /// Page number and what tesseract read there.
    pages: Vec<(u32, pdf::ocr::OcrPage)>,
    message: Option<String>,
}

impl Ocred {
    fn report(&self) -> Option<record::OcrReport> {
        if self.pages.is_empty() && self.message.is_none() {
            return None;
        }
        Some(record::OcrReport {
            languages: self.languages.clone(),
            pages: self
                .pages
                .iter()
                .map(|(n, p)| record::OcrPageReport {
                    page: *n,
                    confidence: record::rounded_confidence(p.confidence()),
                })
                .collect(),
            message: self.message.clone(),
        })
    }

    /// Each signatory on an OCR page gets the confidence of the words its
    /// name was read from: the page's words whose letters all fall inside
    /// the printed name (by folded text), weighted by length.
    fn rate(&self, signatories: &mut [record::Signatory]) {
        // Each page's words folded once, not once per name on the page.
        let folded: Vec<(u32, Vec<(String, f32)>)> = self
            .pages
            .iter()
            .map(|(n, p)| {
                let words = p.words.iter();
                let words = words.map(|w| (gazetteer::fold::fold(&w.text), w.confidence));
                (*n, words.collect())
            })
            .collect();
        for s in signatories {
            let Some((_, words)) = folded.iter().find(|(n, _)| *n == s.page) else {
                continue;
            };
            let name = gazetteer::fold::fold(&s.as_printed);
            let (sum, n) = words
                .iter()
                .filter(|(t, _)| t.chars().count() > 1 && name.contains(t.as_str()))
                .fold((0.0f32, 0usize), |(s, n), (t, c)| {
                    let len = t.chars().count();
                    (s + c * len as f32, n + len)
                });
            if n > 0 {
                s.ocr_confidence = Some(record::rounded_confidence(sum / n as f32));
            }
        }
    }
}

/// Reads by OCR the pages that need it (`--ocr auto`: those without any
/// text, and with `layers` those whose text is an OCR layer too, or every
/// page when the producer says the layer is OCR; `always`: all), replacing
/// their lines in `x`.
fn ocr(
    x: &mut Laid,
    bytes: &[u8],
    s: &pdf::ocr::OcrSettings,
    layers: bool,
    ocr_pages: &mut dyn FnMut(u32),
) -> Ocred {
    use pdf::ocr::OcrMode;
    let mut out = Ocred::default();
    let any_layer = x.ocr_layer.contains(&true);
    let wanted: Vec<usize> = match s.mode {
        OcrMode::Never => Vec::new(),
        OcrMode::Always => (0..x.visible_per_page.len()).collect(),
        OcrMode::Auto => (0..x.visible_per_page.len())
            .filter(|&i| {
                x.visible_per_page[i] == 0
                    || (layers && (!any_layer || x.ocr_layer.get(i) == Some(&true)))
            })
            .collect(),
    };
    if wanted.is_empty() {
        return out;
    }
    if let Some(why) = pdf::ocr::missing_tools() {
        out.message = Some(why.to_string());
        return out;
    }
    // The tools read a file: the bytes go to a private temporary one.
    let file = match tempfile::NamedTempFile::new().and_then(|mut f| {
        std::io::Write::write_all(&mut f, bytes)?;
        Ok(f)
    }) {
        Ok(f) => f,
        Err(e) => {
            out.message = Some(format!("could not write a temporary copy for OCR: {e}"));
            return out;
        }
    };
    let languages = pdf::ocr::languages_for(s, x.metadata.language.as_deref());
    out.languages = Some(languages.clone());
    let s = &pdf::ocr::OcrSettings {
        languages: Some(languages),
        ..s.clone()
    };
    ocr_pages(wanted.len() as u32);
    for i in wanted {
        let number = i as u32 + 1;
        match pdf::ocr::recognise(file.path(), number, s) {
            Ok(p) => {
                let visible = p.page.glyphs.len();
                x.visible = x.visible - x.visible_per_page[i] + visible;
                x.visible_per_page[i] = visible;
                x.pages[i] = (p.page.height, layout::page_lines(&p.page));
                out.pages.push((number, p));
            }
            Err(e) => {
                // One page that cannot be read stops OCR of the rest: the
                // same fault (a missing language, a slow machine) would
                // repeat on every page.
                out.message = Some(e.to_string());
                break;
            }
        }
    }
    out
}

/// pdf-extract gives no metadata; take it from our own parse when that works.
fn with_metadata(mut x: Laid, bytes: &[u8], opts: &Options) -> Laid {
    if let Ok(m) = pdf::walker::metadata(bytes, &opts.limits) {
        x.metadata = m;
    }
    x
}

/// Processes one PDF held in memory.
pub fn process_bytes(display: &str, bytes: &[u8], opts: &Options) -> Record {
    let source = Source {
        path: display.to_string(),
        ..Default::default()
    };
    process_source(source, bytes, opts, &mut |_| {})
}

/// Processes one PDF held in memory, read from `source`.
///
/// An existing OCR layer is read first, as it is. When what it gives is in
/// doubt ([`reread_layer`]) and `--ocr auto` may OCR, its pages are read
/// again by our OCR, and that reading is the record: tesseract's own layer
/// over a 100-dpi image lost the cue or the names of 4 of 6 generated
/// scans, all 6 of which our OCR of the same pages read exactly, while a
/// good layer costs nothing more.
fn process_source(
    mut source: Source,
    bytes: &[u8],
    opts: &Options,
    ocr_pages: &mut dyn FnMut(u32),
) -> Record {
    source.sha256 = Some(hex::encode(Sha256::digest(bytes)));
    source.bytes = Some(bytes.len() as u64);
    let (record, from_layer) = record_of(source.clone(), bytes, opts, false, ocr_pages);
    if reread_layer(&record, from_layer, opts) {
        let (again, _) = record_of(source, bytes, opts, true, ocr_pages);
        if again.ocr.as_ref().is_some_and(|o| !o.pages.is_empty()) {
            return again;
        }
    }
    record
}

/// Whether the OCR layer that `record` was read from (`from_layer`) is
/// read again by OCR: under `--ocr auto`, with the tools installed, when
/// what it gave is in doubt: no list was found in it, or a list it holds
/// has items that no name matched (a misread cue, a misread name). A layer
/// made well gives neither.
fn reread_layer(record: &Record, from_layer: bool, opts: &Options) -> bool {
    from_layer
        && opts.ocr.mode == pdf::ocr::OcrMode::Auto
        && (record.status == Status::NoSignatories || !record.unmatched.is_empty())
        && pdf::ocr::missing_tools().is_none()
}

/// What `extract` reads of a PDF: its text, and its OCR layer read again
/// when [`reread_layer`] says so.
fn read_as_extract(bytes: &[u8], opts: &Options) -> Result<Read, PdfError> {
    let source = Source::default();
    let (record, from_layer) = record_of(source, bytes, opts, false, &mut |_| {});
    read_pdf(
        bytes,
        opts,
        reread_layer(&record, from_layer, opts),
        &mut |_| {},
    )
}

/// The record of `bytes`, OCR'ing existing OCR layers too when `layers`;
/// and whether its text was an existing OCR layer.
fn record_of(
    source: Source,
    bytes: &[u8],
    opts: &Options,
    layers: bool,
    ocr_pages: &mut dyn FnMut(u32),
) -> (Record, bool) {
    let Read {
        laid: mut x,
        engine,
        page_engines,
        ocred: read,
        noisy,
        from_layer,
    } = match read_pdf(bytes, opts, layers, ocr_pages) {
        Ok(v) => v,
        Err(e) => return (Record::error(source, error_kind(&e), e.to_string()), false),
    };
    let mut record = Record {
        metadata: std::mem::take(&mut x.metadata),
        engine: Some(engine),
        page_engines,
        ..Record::empty(
            Source {
                pages: Some(x.page_count),
                ..source
            },
            Status::NoSignatories,
        )
    };
    if x.visible == 0 {
        record.status = Status::NeedsOcr;
        record.ocr = read.report();
        return (record, from_layer);
    }
    let g = opts
        .gazetteer
        .as_deref()
        .unwrap_or_else(|| gazetteer::Gazetteer::get());
    let text = document_text_of(x, noisy, g);
    let seg = segment::segment(&text, g);
    findings(&mut record, &text, &seg, g);
    read.rate(&mut record.signatories);
    record.ocr = read.report();
    let printed = segment::date::statement_date(&text);
    record.date = printed.as_ref().map(|d| record::PrintedDate {
        value: d.value.to_string(),
        as_printed: text.content[d.start..d.end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    });
    if opts.count_groups {
        count_groups(&mut record, opts.as_of, opts.today);
    }
    (record, from_layer)
}

/// Counts an `ok` record's signatories against the groups ([`group_counts`])
/// on `as_of`, else on the statement's date (`record.date`), else on
/// `today` (`None`: the clock's day).
pub fn count_groups(record: &mut Record, as_of: Option<NaiveDate>, today: Option<NaiveDate>) {
    if record.status != Status::Ok {
        return;
    }
    let printed = record.date.as_ref().and_then(|d| d.value.parse().ok());
    let (as_of, source) = match (as_of, printed) {
        (Some(d), _) => (d, record::AsOfSource::CommandLine),
        (None, Some(d)) => (d, record::AsOfSource::Document),
        (None, None) => (
            today.unwrap_or_else(|| chrono::Local::now().date_naive()),
            record::AsOfSource::Today,
        ),
    };
    record.groups = group_counts(&record.signatories, as_of, source);
}

/// A document as the engines and OCR read it.
struct Read {
    /// The document laid out.
    laid: Laid,
    /// What read it, for the record.
    engine: Engine,
    /// What read each page, when not all pages were read alike.
    page_engines: Option<Vec<Engine>>,
    /// What OCR did.
    ocred: Ocred,
    /// Whether any of its text was made by OCR (ours, or a layer that an
    /// OCR producer wrote), so that names are matched tolerantly.
    noisy: bool,
    /// Whether its text is an existing OCR layer, not read by us.
    from_layer: bool,
}

/// The engines, then OCR of the pages that need it.
fn read_pdf(
    bytes: &[u8],
    opts: &Options,
    layers: bool,
    ocr_pages: &mut dyn FnMut(u32),
) -> Result<Read, PdfError> {
    let (mut laid, text_engine) = extract(bytes, opts)?;
    let ocred = ocr(&mut laid, bytes, &opts.ocr, layers, ocr_pages);
    let (engine, page_engines) = match ocred.pages.len() {
        0 => (text_engine, None),
        n if n == laid.visible_per_page.len() => (Engine::Tesseract, None),
        _ => {
            let per_page = (1..=laid.visible_per_page.len() as u32)
                .map(|p| {
                    if ocred.pages.iter().any(|(n, _)| *n == p) {
                        Engine::Tesseract
                    } else {
                        text_engine
                    }
                })
                .collect();
            (Engine::LopdfTesseract, Some(per_page))
        }
    };
    let m = &laid.metadata;
    // OCR text: pages we read by OCR, a layer invisible over a scan, or a
    // layer from a program known to OCR.
    let layer = laid.ocr_layer.contains(&true)
        || text::made_by_ocr(m.producer.as_deref(), m.creator.as_deref());
    let noisy = !ocred.pages.is_empty() || layer;
    Ok(Read {
        from_layer: layer && ocred.pages.is_empty(),
        laid,
        engine,
        page_engines,
        ocred,
        noisy,
    })
}

/// The text stage over a laid-out document, with its running headers kept
/// apart. OCR text (`noisy`) is matched tolerantly, a clean layer exactly.
fn document_text_of(x: Laid, noisy: bool, g: &gazetteer::Gazetteer) -> text::Text {
    let mut joined = x.lines();
    if noisy {
        text::drop_specks_at_word_breaks(&mut joined.lines);
    }
    let mut text = text::text_with(&joined.lines, &|w| g.is_printed_word(w));
    text.running = joined.running;
    text.noisy = noisy;
    text
}

/// The reconstructed text of a PDF, line by line, as the segmenter sees it
/// (for `whosigned text`, to see why a list was or was not found).
pub fn document_text(bytes: &[u8], opts: &Options) -> Result<String, PdfError> {
    let r = read_as_extract(bytes, opts)?;
    Ok(document_text_of(r.laid, r.noisy, gazetteer::Gazetteer::get()).content)
}

/// The laid-out lines of a PDF with where each stands (for `whosigned text
/// --layout`, to see how rows were split into cells and read): page,
/// baseline, left and right edge (points from the bottom left), size, the
/// cells of its printed row, and the text.
pub fn document_layout(bytes: &[u8], opts: &Options) -> Result<String, PdfError> {
    use std::fmt::Write;
    let r = read_as_extract(bytes, opts)?;
    let mut out = String::new();
    for l in r.laid.lines().lines {
        let _ = writeln!(
            out,
            "p{} y={:.1} x={:.1}-{:.1} size={:.1} cells={}\t{}",
            l.page, l.y, l.x0, l.x1, l.size, l.row_cells, l.text
        );
    }
    Ok(out)
}

/// Every candidate list in a PDF with its evidence and the rule that took
/// or rejected it (for `whosigned text --explain`).
pub fn explain_lists(bytes: &[u8], opts: &Options) -> Result<String, PdfError> {
    let r = read_as_extract(bytes, opts)?;
    let g = gazetteer::Gazetteer::get();
    let text = document_text_of(r.laid, r.noisy, g);
    let seg = segment::segment(&text, g);
    Ok(segment::explain(&text, &seg))
}

/// Counts the record's signatories against every counted group (see
/// [`crate::gazetteer::groups::Group::counted`]) on `as_of`.
pub fn group_counts(
    signatories: &[Signatory],
    as_of: NaiveDate,
    source: AsOfSource,
) -> Vec<GroupCount> {
    let signed = signed_codes(signatories);
    crate::gazetteer::groups::all()
        .iter()
        .filter(|g| g.counted)
        .map(|g| count_signed(g, &signed, as_of, source))
        .collect()
}

/// Counts signatories against one group on `as_of`: how many of its
/// members signed, which did not, and which signatories are not members.
pub fn group_count(
    group: &crate::gazetteer::groups::Group,
    signatories: &[Signatory],
    as_of: NaiveDate,
    source: AsOfSource,
) -> GroupCount {
    count_signed(group, &signed_codes(signatories), as_of, source)
}

/// The signatories' codes, sorted, each once.
fn signed_codes(signatories: &[Signatory]) -> Vec<&str> {
    let mut signed: Vec<&str> = signatories.iter().map(|s| s.iso3.as_str()).collect();
    signed.sort_unstable();
    signed.dedup();
    signed
}

/// [`group_count`] of the codes [`signed_codes`] gives. Both lists are
/// sorted, so one walk through the two sorts each code: sorting and
/// searching them for each of the sixteen groups was 3 % of a run's time
/// over short statements.
fn count_signed(
    group: &crate::gazetteer::groups::Group,
    signed: &[&str],
    as_of: NaiveDate,
    source: AsOfSource,
) -> GroupCount {
    let members = group.members_on(as_of);
    // Sized for the most each can hold, not grown as codes are pushed (the
    // pool's parent: 236 M -> 232 M instructions over 400 records).
    let mut not_signed = Vec::with_capacity(members.len());
    let mut non_members = Vec::with_capacity(signed.len());
    let mut yes = 0;
    let (mut m, mut s) = (members.iter().peekable(), signed.iter().peekable());
    loop {
        match (m.peek(), s.peek()) {
            (Some(a), Some(b)) if a == b => {
                yes += 1;
                m.next();
                s.next();
            }
            (Some(a), Some(b)) if a < b => not_signed.extend(m.next().map(|c| c.to_string())),
            (Some(_), None) => not_signed.extend(m.next().map(|c| c.to_string())),
            (_, Some(_)) => non_members.extend(s.next().map(|c| c.to_string())),
            (None, None) => break,
        }
    }
    GroupCount {
        id: group.id.clone(),
        as_of: as_of.to_string(),
        as_of_source: source,
        members: members.len(),
        signed: yes,
        not_signed,
        signed_non_members: non_members,
    }
}

fn printed(text: &Text, m_start: usize, m_end: usize) -> String {
    use gazetteer::fold::is_ideograph;
    let mut out = String::new();
    for piece in text.content[m_start..m_end].split_whitespace() {
        // Chinese writes no spaces: a name wrapped at a line end
        // ("俄罗斯" / "联邦") is printed whole.
        let ideographs_meet = out.chars().next_back().is_some_and(is_ideograph)
            && piece.chars().next().is_some_and(is_ideograph);
        if !out.is_empty() && !ideographs_meet {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

/// Fills a record's findings from a segmentation.
pub fn findings(record: &mut Record, text: &Text, seg: &Segmentation, g: &Gazetteer) {
    record.document = Some(seg.document.clone());
    record.signatories = seg
        .signatories
        .iter()
        .filter_map(|f| {
            let m = &f.name;
            let e = g.entity_of(m.target)?;
            Some(Signatory {
                iso3: e.iso3.clone(),
                iso2: e.iso2.clone(),
                name: e.name.clone(),
                as_printed: printed(text, m.start, m.end),
                page: text.page_at(m.start),
                kind: e.kind,
                former_name: m.former_name,
                role: f.role,
                on_behalf_of: f.on_behalf.clone(),
                ocr_confidence: None,
            })
        })
        .collect();
    record.unmatched = seg
        .unmatched
        .iter()
        .map(|u| {
            let (reason, candidates) = match u.reason {
                UnmatchedReason::Ambiguous(a) => {
                    (UnmatchedKind::Ambiguous, g.ambiguity(a).candidates.clone())
                }
                UnmatchedReason::NotAState(_) => (UnmatchedKind::NotAState, Vec::new()),
                UnmatchedReason::PlaceOrState(p) => (
                    UnmatchedKind::PlaceOrState,
                    vec![g.place_or_state(p).iso3.clone()],
                ),
                UnmatchedReason::Unknown => (UnmatchedKind::Unknown, Vec::new()),
            };
            Unmatched {
                as_printed: printed(text, u.start, u.end),
                page: text.page_at(u.start),
                reason,
                candidates,
            }
        })
        .collect();
    record.mentions = seg
        .mentions
        .iter()
        .filter_map(|m| {
            let e = g.entity_of(m.target)?;
            Some(Mention {
                iso3: e.iso3.clone(),
                name: e.name.clone(),
                as_printed: printed(text, m.start, m.end),
                page: text.page_at(m.start),
            })
        })
        .collect();
    record.status = if record.signatories.is_empty() {
        Status::NoSignatories
    } else {
        Status::Ok
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::{segment, tests::doc};

    fn record_of(lines: &[&str]) -> Record {
        let g = Gazetteer::get();
        let t = doc(lines);
        let mut r = Record::error(Source::default(), ErrorKind::Internal, "");
        r.error = None;
        findings(&mut r, &t, &segment(&t, g), g);
        r
    }

    #[test]
    fn a_group_count_names_members_that_did_not_sign_and_signatories_not_members() {
        let eu = crate::gazetteer::groups::all()
            .iter()
            .find(|g| g.id == "eu")
            .expect("the EU table");
        let signatory = |iso3: &str| {
            let mut s = record_of(&["Signatories:", "France"]).signatories[0].clone();
            s.iso3 = iso3.to_string();
            s
        };
        let day = NaiveDate::from_ymd_opt(2024, 1, 1).expect("a day");
        let signed: Vec<Signatory> = ["USA", "FRA", "AUT", "FRA", "ZWE", "CAN"]
            .iter()
            .map(|c| signatory(c))
            .collect();
        let count = group_count(eu, &signed, day, AsOfSource::CommandLine);
        let members = eu.members_on(day);
        assert_eq!((count.members, count.signed), (27, 2));
        let not: Vec<&str> = members
            .iter()
            .copied()
            .filter(|m| !["AUT", "FRA"].contains(m))
            .collect();
        assert_eq!(count.not_signed, not);
        assert_eq!(count.signed_non_members, ["CAN", "USA", "ZWE"]);
        // On 1 January 2020 the United Kingdom was a member; no one signed.
        let before = NaiveDate::from_ymd_opt(2020, 1, 1).expect("a day");
        let count = group_count(eu, &[], before, AsOfSource::CommandLine);
        assert_eq!((count.members, count.signed), (28, 0));
        assert!(count.not_signed.iter().any(|c| c == "GBR"));
        assert!(count.signed_non_members.is_empty());
    }

    #[test]
    fn a_chinese_name_wrapped_at_a_line_end_is_printed_whole() {
        let r = record_of(&["以下国家签署了本声明：法国、危地马拉以及俄罗斯", "联邦。"]);
        let got: Vec<(&str, &str)> = r
            .signatories
            .iter()
            .map(|s| (s.iso3.as_str(), s.as_printed.as_str()))
            .collect();
        assert_eq!(
            got,
            [("FRA", "法国"), ("GTM", "危地马拉"), ("RUS", "俄罗斯联邦")]
        );
        let r = record_of(&["Signatories:", "Bosnia and", "Herzegovina"]);
        assert_eq!(r.signatories[0].as_printed, "Bosnia and Herzegovina");
    }

    #[test]
    fn a_former_name_signs_as_its_state_flagged_and_a_current_name_is_unchanged() {
        let r = record_of(&[
            "Signatories:",
            "Swaziland",
            "Austria",
            "Union of Soviet Socialist Republics",
        ]);
        let got: Vec<(&str, bool)> = r
            .signatories
            .iter()
            .map(|s| (s.iso3.as_str(), s.former_name))
            .collect();
        assert_eq!(got, [("SWZ", true), ("AUT", false), ("RUS", true)]);
        let json = serde_json::to_value(&r.signatories).expect("json");
        assert_eq!(json[0]["former_name"], true);
        assert!(json[1].get("former_name").is_none(), "{}", json[1]);
    }

    #[test]
    fn a_record_with_a_former_name_follows_the_schema() {
        let r = record_of(&["Signatories:", "Zaire", "Burma"]);
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../schema/record.v1.json")).expect("schema");
        let validator = jsonschema::validator_for(&schema).expect("schema compiles");
        let value = serde_json::to_value(&r).expect("json");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(value["signatories"][0]["former_name"], true);
    }
}
