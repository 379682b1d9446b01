//! OCR for pages without a text layer: `pdftoppm` (poppler-utils) rasterises
//! the page, `tesseract` recognises it and gives every word with its box and
//! confidence (`tsv` output), and the words become positioned glyphs for the
//! layout stage, like the glyphs of a text layer. Not through a searchable
//! PDF: its invisible text comes back in an order of its own.
//!
//! Both tools run as child processes of the worker that reads the file, with
//! a deadline, and die with it (a worker killed for `--timeout` takes its
//! OCR along). Tesseract runs on one thread (`OMP_THREAD_LIMIT=1`): the
//! batch is already parallel across workers.

mod degraded;
mod deskew;
mod missed;

use super::{Glyph, Page};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// When to OCR a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OcrMode {
    /// Pages without any text, when the tools are installed.
    #[default]
    Auto,
    /// Every page, ignoring any text layer.
    Always,
    /// No page: a document without text stays `needs_ocr`.
    Never,
}

impl std::str::FromStr for OcrMode {
    type Err = String;

    /// The mode from its name in records and on command lines (`auto`,
    /// `always`, `never`): what a worker process and the Python package are
    /// given.
    fn from_str(s: &str) -> Result<OcrMode, String> {
        match s {
            "auto" => Ok(OcrMode::Auto),
            "always" => Ok(OcrMode::Always),
            "never" => Ok(OcrMode::Never),
            _ => Err(format!(
                "ocr must be \"auto\", \"always\" or \"never\", not {s:?}"
            )),
        }
    }
}

/// How pages are read by OCR (`--ocr`, `--ocr-lang`, `--ocr-timeout`).
#[derive(Debug, Clone, PartialEq)]
pub struct OcrSettings {
    /// Which pages are read by OCR.
    pub mode: OcrMode,
    /// Tesseract languages (`eng+fra`); `None`: [`DEFAULT_LANGUAGES`] that
    /// are installed.
    pub languages: Option<String>,
    /// Time allowed for one page, rasterising and recognising together.
    pub page_budget: Duration,
}

impl Default for OcrSettings {
    fn default() -> Self {
        OcrSettings {
            mode: OcrMode::Auto,
            languages: None,
            page_budget: PAGE_BUDGET,
        }
    }
}

/// Resolution of the page images. Tesseract is trained on text about 20-30
/// pixels high; at 300 dpi a 10-point name is about 40 pixels, and 200 dpi
/// lost the small print of signature blocks in our scans.
pub const DPI: u32 = 300;

/// Default time for one page. At 300 dpi a dense A4 page takes 2-6 s on
/// one core; 60 s leaves room for a loaded machine while stopping a stuck
/// tool.
pub const PAGE_BUDGET: Duration = Duration::from_secs(60);

/// The languages statements come in, in the order tesseract should prefer
/// them; only the installed ones are used.
pub const DEFAULT_LANGUAGES: [&str; 3] = ["eng", "fra", "spa"];

/// Words below this confidence (tesseract's 0-100) are noise from
/// signatures, stamps and specks, unless they read like a word
/// ([`LOW_CONFIDENCE_WORD_LETTERS`]): a scribble read as "~~." is not
/// text. 10 keeps real words on degraded typewritten pages (we saw names
/// at 20-40).
pub const MIN_WORD_CONFIDENCE: f32 = 10.0;

/// A word below [`MIN_WORD_CONFIDENCE`] is still kept when it has at least
/// this many letters and they are most of it: tesseract gives a name with
/// an unusual apostrophe ("l'Afrique", 6 %) or a rare accent as little
/// confidence as a scribble, and dropping it loses a State from its list.
/// Specks and strokes read as text are short or mostly marks ("~~.", "|",
/// "il").
pub const LOW_CONFIDENCE_WORD_LETTERS: usize = 4;

/// True when a word at `confidence` is text rather than a mark.
fn is_word(text: &str, confidence: f32) -> bool {
    if confidence >= MIN_WORD_CONFIDENCE {
        return true;
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    letters >= LOW_CONFIDENCE_WORD_LETTERS && 2 * letters > text.chars().count()
}

/// One recognised word, in page units (points, origin bottom-left).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The word as tesseract read it.
    pub text: String,
    /// Tesseract's confidence in the word, 0-100.
    pub confidence: f32,
    /// Left edge of the word's box.
    pub x: f32,
    /// Baseline (bottom of the box).
    pub y: f32,
    /// Width of the word's box.
    pub width: f32,
    /// The font size of the word's line (its em, from the line's tallest
    /// word), not the height of the word's own box.
    pub height: f32,
}

/// A page as OCR read it.
#[derive(Debug, Clone, Default)]
pub struct OcrPage {
    /// The words as glyphs for the layout stage, each word's letters
    /// sharing its box evenly and followed by a space of no width.
    pub page: Page,
    /// The words tesseract read, line by line, less the strokes of
    /// signatures and stray marks.
    pub words: Vec<Word>,
}

impl OcrPage {
    /// Mean word confidence, weighted by word length (0-100).
    pub fn confidence(&self) -> f32 {
        let (sum, n) = self.words.iter().fold((0.0, 0usize), |(s, n), w| {
            let len = w.text.chars().count();
            (s + w.confidence * len as f32, n + len)
        });
        if n == 0 {
            0.0
        } else {
            sum / n as f32
        }
    }
}

/// Why a page could not be read by OCR; its message goes to the record's
/// `ocr.message`.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    /// `pdftoppm` or `tesseract` is not on PATH: what to install, as a
    /// sentence ([`missing_tools`]).
    #[error("{0}")]
    Missing(String),
    /// A tool was still running when the page's time
    /// ([`OcrSettings::page_budget`]) ran out, and was killed.
    #[error("{tool} took more than {secs} s on page {page}")]
    Timeout {
        /// `pdftoppm`, `pdfimages` or `tesseract`.
        tool: &'static str,
        /// The 1-based page being read.
        page: u32,
        /// The time allowed for the page, in whole seconds.
        secs: u64,
    },
    /// A tool could not be started or exited with an error.
    #[error("{tool} failed on page {page}: {why}")]
    Failed {
        /// `pdftoppm`, `pdfimages` or `tesseract`.
        tool: &'static str,
        /// The 1-based page being read.
        page: u32,
        /// The error starting it, or its exit status and the last line it
        /// wrote to stderr.
        why: String,
    },
}

/// What is missing to OCR, as a sentence for the record, or `None` when
/// both tools are on PATH.
pub fn missing_tools() -> Option<&'static str> {
    static MISSING: OnceLock<Option<&'static str>> = OnceLock::new();
    *MISSING.get_or_init(|| {
        match (on_path("pdftoppm"), on_path("tesseract")) {
            (true, true) => None,
            (false, true) => Some("pdftoppm is not on PATH: install poppler-utils to OCR pages without text"),
            (true, false) => Some("tesseract is not on PATH: install tesseract-ocr (and tesseract-ocr-fra, -spa) to OCR pages without text"),
            (false, false) => Some("tesseract and pdftoppm are not on PATH: install tesseract-ocr and poppler-utils to OCR pages without text"),
        }
    })
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            let p = dir.join(tool);
            std::fs::metadata(&p).is_ok_and(|m| {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    m.is_file() && m.permissions().mode() & 0o111 != 0
                }
                #[cfg(not(unix))]
                {
                    m.is_file()
                }
            })
        })
    })
}

/// Tesseract's language packs on this machine (`tesseract --list-langs`),
/// asked once.
fn installed() -> &'static [String] {
    static INSTALLED: OnceLock<Vec<String>> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let listed = Command::new("tesseract")
            .arg("--list-langs")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        // The first line is a heading ("List of available languages ...").
        listed
            .lines()
            .skip(1)
            .map(|l| l.trim().to_string())
            .collect()
    })
}

/// The languages for a document when `--ocr-lang` is not given: the
/// document's own language (its catalogue's `/Lang`, through
/// `data/ocr_languages.tsv`) first when its pack is installed, then the
/// installed [`DEFAULT_LANGUAGES`]; `eng` when none is.
pub fn languages_for(s: &OcrSettings, document: Option<&str>) -> String {
    match &s.languages {
        Some(l) => l.clone(),
        None => default_languages(document, installed()),
    }
}

fn default_languages(document: Option<&str>, installed: &[String]) -> String {
    let have = |l: &str| installed.iter().any(|i| i == l);
    let own = document
        .and_then(|d| d.split(['-', '_']).next())
        .map(str::to_ascii_lowercase)
        .and_then(|d| language_packs().iter().find(|(l, _)| *l == d))
        .map(|(_, pack)| pack.as_str())
        .filter(|p| have(p));
    let mut langs: Vec<&str> = own.into_iter().collect();
    for l in DEFAULT_LANGUAGES {
        if have(l) && !langs.contains(&l) {
            langs.push(l);
        }
    }
    if langs.is_empty() {
        "eng".into()
    } else {
        langs.join("+")
    }
}

const LANGUAGES_FILE: &str = "data/ocr_languages.tsv";
const LANGUAGES: &str = include_str!("../../data/ocr_languages.tsv");

/// `data/ocr_languages.tsv`: (language, pack).
fn language_packs() -> &'static [(String, String)] {
    static P: OnceLock<Vec<(String, String)>> = OnceLock::new();
    P.get_or_init(|| {
        load_language_packs(LANGUAGES).unwrap_or_else(|e| panic!("{LANGUAGES_FILE} is wrong:\n{e}"))
    })
}

/// Reads the table strictly: an empty cell or a language twice is an
/// error naming its line.
fn load_language_packs(
    text: &str,
) -> Result<Vec<(String, String)>, crate::gazetteer::table::TableErrors> {
    use crate::gazetteer::table::{Keys, Table, TableErrors};
    const HEADER: [&str; 2] = ["language", "pack"];
    let table = Table::new(LANGUAGES_FILE, text);
    let mut errors = Vec::new();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut keys = Keys::default();
    for row in table.rows(&HEADER, &mut errors) {
        if let Some(e) = table.empty_cell(&row, &HEADER, &HEADER) {
            errors.push(e);
        } else if keys.first(
            &table,
            row.0,
            row.1[0],
            || format!("language {:?}", row.1[0]),
            &mut errors,
        ) {
            out.push((row.1[0].to_string(), row.1[1].to_string()));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(TableErrors(errors))
    }
}

/// Rasterises and recognises page `number` (1-based) of the PDF at `pdf`.
///
/// A page read badly ([`degraded::is_degraded`]) whose scan is of a lower
/// resolution than [`DPI`] is read a second time at the scan's own
/// resolution, and the reading with more evidence of text
/// ([`degraded::better`]) is kept.
pub fn recognise(pdf: &Path, number: u32, s: &OcrSettings) -> Result<OcrPage, OcrError> {
    if let Some(why) = missing_tools() {
        return Err(OcrError::Missing(why.into()));
    }
    let deadline = Instant::now() + s.page_budget;
    let first = read_at(pdf, number, DPI, s, deadline)?;
    if !degraded::is_degraded(&first) {
        return Ok(first);
    }
    let Some(native) = degraded::native_dpi(pdf, number, s, deadline) else {
        return Ok(first);
    };
    // A second reading that fails or runs out of the page's time leaves
    // the first, which is a reading.
    Ok(match read_at(pdf, number, native, s, deadline) {
        Ok(second) => degraded::better(first, second),
        Err(_) => first,
    })
}

/// Page `number` rasterised at `dpi`, turned level, recognised, and its
/// missed lines read again ([`missed`]).
fn read_at(
    pdf: &Path,
    number: u32,
    dpi: u32,
    s: &OcrSettings,
    deadline: Instant,
) -> Result<OcrPage, OcrError> {
    let n = number.to_string();
    let resolution = dpi.to_string();
    let mut raster = Command::new("pdftoppm");
    raster
        .args(["-r", &resolution, "-gray", "-f", &n, "-l", &n])
        .arg(pdf);
    let pgm = run(&mut raster, &[], deadline, "pdftoppm", number, s)?;
    let image = deskew::decode(&pgm).map(|raw| deskew::level_image(&raw, dpi).unwrap_or(raw));
    let languages = languages_for(s, None);
    let read = |input: &[u8], layout: &[&str]| {
        let mut cmd = Command::new("tesseract");
        cmd.args(["stdin", "stdout", "-l", &languages, "--dpi", &resolution])
            .args(layout)
            .arg("tsv")
            .env("OMP_THREAD_LIMIT", "1");
        run(&mut cmd, input, deadline, "tesseract", number, s)
            .map(|tsv| String::from_utf8_lossy(&tsv).into_owned())
    };
    let Some(image) = image else {
        return Ok(parse_tsv(&read(&pgm, &[])?, number, dpi));
    };
    let mut tsv = read(&deskew::encode(&image).unwrap_or(pgm), &[])?;
    // The lines tesseract's block finder passed over, and the words it
    // surely misread, read again as one block, and the short items of
    // their columns as another.
    let (mut kept, boxes) = missed::read_words(&tsv);
    let cuts = missed::unread(&image, dpi, &boxes);
    let mut nth = 0;
    for (part, cut) in &cuts {
        if let Some(cut) = deskew::encode(cut) {
            let more = read(&cut, &["--psm", "6"])?;
            missed::append_tsv(&mut kept, *part, &more, nth);
            nth += 1;
        }
    }
    if nth > 0 {
        tsv = kept;
    }
    Ok(parse_tsv(&tsv, number, dpi))
}

/// Runs `cmd` with `input` on stdin until `deadline`; its stdout.
fn run(
    cmd: &mut Command,
    input: &[u8],
    deadline: Instant,
    tool: &'static str,
    page: u32,
    s: &OcrSettings,
) -> Result<Vec<u8>, OcrError> {
    let failed = |why: String| OcrError::Failed { tool, page, why };
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    die_with_parent(cmd);
    let mut child = cmd.spawn().map_err(|e| failed(e.to_string()))?;
    let mut stdin = child.stdin.take();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        if let Some(w) = stdin.as_mut() {
            let _ = w.write_all(&input);
        }
    });
    let mut out = child
        .stdout
        .take()
        .ok_or_else(|| failed("no stdout".into()))?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let mut err = child
        .stderr
        .take()
        .ok_or_else(|| failed("no stderr".into()))?;
    let err_reader = std::thread::spawn(move || {
        let mut buf = String::new();
        let _ = err.read_to_string(&mut buf);
        buf
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break st,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(OcrError::Timeout {
                    tool,
                    page,
                    secs: s.page_budget.as_secs(),
                });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(failed(e.to_string())),
        }
    };
    let _ = writer.join();
    let stdout = reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    if !status.success() {
        let last = stderr.lines().last().unwrap_or("").trim().to_string();
        return Err(failed(format!("{status}: {last}")));
    }
    Ok(stdout)
}

/// On Linux, the tool is killed when the thread that started it ends: a
/// worker killed for `--timeout` leaves no tesseract behind.
fn die_with_parent(cmd: &mut Command) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: prctl is async-signal-safe and touches no memory of ours.
        unsafe {
            cmd.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = cmd;
}

/// Tesseract's TSV (one row per block, paragraph, line and word; words are
/// level 5) to a page of glyphs. Pixel coordinates at `dpi` become points.
///
/// Scans are skewed: at 3° a line rises 90 pixels across an A4 page, so a
/// word's own box would put the two ends of one line, and the two columns
/// of one row, on different rows of the layout. The words are turned back
/// by the page's skew (`skew`), and the words of one tesseract line share
/// one baseline and size (the median of theirs: a "p" or a capital must not
/// move a word to a row of its own). Each word's letters share its box
/// evenly, which is all the layout stage needs (it joins letters by their
/// gaps).
///
/// The layout measures gaps in ems, so the size must be the font's em, not
/// a word's box: "is" is an x-height high, "The" a cap height, and at 0.7
/// em the spaces of a typewriter line look like column gutters. A word
/// with an ascender and a descender ("delegations") spans
/// `TALL_WORD_EM` of an em, so a line's em is its tallest word, short of
/// noise, over that (`line_em`).
pub fn parse_tsv(tsv: &str, number: u32, dpi: u32) -> OcrPage {
    let pt = 72.0 / dpi as f32;
    let mut page = OcrPage {
        page: Page {
            number,
            ..Page::default()
        },
        words: Vec::new(),
    };
    // Words in pixels, y down, with the tesseract line they belong to.
    let mut boxes: Vec<PixelWord> = Vec::new();
    let (mut width, mut height) = (0.0f32, 0.0f32);
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 {
            continue;
        }
        let num = |i: usize| f[i].trim().parse::<f32>().unwrap_or(0.0);
        match f[0] {
            // Level 1 is the page: its box is the image.
            "1" => (width, height) = (num(8), num(9)),
            "5" => {
                let text = f[11].trim();
                let confidence = num(10);
                if text.is_empty() || !is_word(text, confidence) {
                    continue;
                }
                boxes.push(PixelWord {
                    line: line_of(&f),
                    text: text.to_string(),
                    confidence,
                    left: num(6),
                    bottom: num(7) + num(9),
                    width: num(8),
                    height: num(9),
                });
            }
            _ => {}
        }
    }
    drop_signatures(&mut boxes);
    drop_isolated_marks(&mut boxes);
    end_before_next_word(&mut boxes);
    page.page.width = width * pt;
    page.page.height = height * pt;
    let slope = skew(&boxes);
    let (cos, sin) = {
        let a = slope.atan();
        (a.cos(), a.sin())
    };
    let (cx, cy) = (width / 2.0, height / 2.0);
    for w in &mut boxes {
        let (x, y) = (w.left - cx, w.bottom - cy);
        w.left = cx + cos * x + sin * y;
        w.bottom = cy - sin * x + cos * y;
    }
    for line in boxes.chunk_by(|a, b| a.line == b.line) {
        let text = measured(line);
        let bottom = median(text.clone().map(|w| w.bottom));
        let size = line_em(text.map(|w| w.height));
        for w in line {
            page.words.push(Word {
                text: w.text.clone(),
                confidence: w.confidence,
                x: w.left * pt,
                y: (height - bottom) * pt,
                width: w.width * pt,
                height: size * pt,
            });
        }
    }
    for w in &page.words {
        let n = w.text.chars().count().max(1) as f32;
        let advance = w.width / n;
        for (i, ch) in w.text.chars().enumerate() {
            page.page.glyphs.push(Glyph {
                ch,
                x: w.x + i as f32 * advance,
                y: w.y,
                width: advance,
                // A word's box runs from ascender to descender, about the
                // font size for mixed-case text.
                size: w.height,
            });
        }
        // Tesseract knows where its words end; the layout would guess from
        // the gap, and on a line whose em a tall word inflated it glued
        // "los Estados Unidos de" into one word. A space of no width always
        // breaks a word there.
        page.page.glyphs.push(Glyph {
            ch: ' ',
            x: w.x + w.width,
            y: w.y,
            width: 0.0,
            size: w.height,
        });
    }
    page
}

/// Words at or above this confidence are surely text; their heights tell
/// how high the page's text is. Tesseract gives the strokes of a
/// handwritten signature 10-80 (we saw "RANGS" 21, "ZAR" 59, "A!" 78).
const SURE_WORD_CONFIDENCE: f32 = 80.0;

/// A word less sure than [`SURE_WORD_CONFIDENCE`] and more than this many
/// times as high as the page's sure words is a signature read as letters:
/// signatures are written two to three lines high (we saw 2-3.3 times);
/// a typed heading is set at most about 1.6 times the body and read surely.
const SIGNATURE_HEIGHT_OF_TEXT: f32 = 1.8;

/// ... or whose letters are on average wider than this many times that
/// height: a signature is drawn wide ("DADAS", 70 pixels a letter on text
/// 33 high), while a typed letter is about 0.7 of a word's height.
const SIGNATURE_LETTER_WIDTH_OF_TEXT: f32 = 1.5;

/// A word that is a word of a State's name (the gazetteer's) with at
/// least this many letters is printed, not a signature, however tall or
/// unsure, as long as its letters are not drawn wide
/// ([`SIGNATURE_LETTER_WIDTH_OF_TEXT`]): a speck of dust or a stroke
/// above or below a name makes its box one or two lines high
/// ("Thailand", 53 pixels on 30-pixel text, read at 77; "Emirates." 91
/// pixels, at 64), and dropping it lost the State, but leaves its letters
/// as wide as they were. Signatures are read as names' words too ("LAOS",
/// "Zara"), but 70-110 pixels a letter on 31-pixel text; and shorter
/// words ("de", "of", "la") are easily made of strokes.
const SIGNATURE_NAME_WORD_LETTERS: usize = 4;

/// Whether `text` is a word of a State's name of at least
/// [`SIGNATURE_NAME_WORD_LETTERS`] letters ([`is_of_names`]).
fn is_name_word(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).count() >= SIGNATURE_NAME_WORD_LETTERS
        && is_of_names(text)
}

/// Whether a word as OCR read it is made of words of States' names (the
/// gazetteer's): each of its parts with a letter, between hyphens,
/// apostrophes and other marks, is one. Names join their words with
/// hyphens ("États-Unis", "Papouasie-Nouvelle-Guinée") and elisions
/// ("d'Amérique"), and tesseract reads each as one word; its misread
/// elisions ("4'Amérique" for "d'Amérique") leave the name's word whole.
/// Asked of the whole word, the gazetteer knew none of them, and a
/// speck that made "États-Unis" tall had it taken for a signature.
pub(crate) fn is_of_names(text: &str) -> bool {
    let g = crate::gazetteer::Gazetteer::get();
    let mut parts = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| p.chars().any(char::is_alphabetic))
        .peekable();
    parts.peek().is_some() && parts.all(|p| g.is_printed_word(p))
}

/// A word less sure than [`SURE_WORD_CONFIDENCE`] whose letters are on
/// average at most this many times as wide as the page's text is high is
/// typed, not a signature, however tall its box, when it has at least
/// [`TYPED_WORD_LETTERS`] letters. A speck of dust above or below a
/// printed word makes its box two or three lines high and its reading
/// unsure, but leaves its letters as narrow as typed letters are (0.4-0.9
/// of the text's height: "Papouasie-Nouvelle-Guinée" 0.62, "États-Unis"
/// 0.56 on a generated scan, both lost with their States), while the
/// strokes of signatures read as letters are drawn wide: of 1,438 words
/// taken for signatures on our generated scans, those read as letters
/// ("AATININ", "IAXDADA", "LENA") were 1.0-3.4 wide; at 0.9 or less
/// nearly all were printed words ("Ambassadeur", "obligations").
const TYPED_LETTER_WIDTH_OF_TEXT: f32 = 0.9;

/// See [`TYPED_LETTER_WIDTH_OF_TEXT`]: shorter words ("de", "or", "Li")
/// are as easily read out of strokes.
const TYPED_WORD_LETTERS: usize = 4;

/// See [`TYPED_LETTER_WIDTH_OF_TEXT`]: a word more than this many times as
/// high as the page's text is a stroke or a stamp, however narrow its
/// letters. A speck joins a printed word's box to a line or two more: of
/// the 329 unsure, tall words of narrow letters in our generated scans'
/// readings, the printed ones ("Declaration", "GongoKinshasa",
/// "encourage") were at most 4.3 times the text's height, and the four
/// above 7 strokes ("BARES", 282 pixels on 50-pixel text, "PEBLEUNY"): kept,
/// "BARES" stood over two lines of a list, which the layout then read as
/// one row, their letters interleaved.
const TYPED_WORD_MAX_HEIGHT_OF_TEXT: f32 = 5.0;

/// Whether a word `width` by `height` pixels is typed by its letters'
/// width ([`TYPED_LETTER_WIDTH_OF_TEXT`]) on a page whose text is `text`
/// pixels high, and not taller than a speck makes a typed word
/// ([`TYPED_WORD_MAX_HEIGHT_OF_TEXT`]).
fn has_typed_letters(word: &str, width: f32, height: f32, text: f32) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= TYPED_WORD_LETTERS
        && width / word.chars().count() as f32 <= TYPED_LETTER_WIDTH_OF_TEXT * text
        && height <= TYPED_WORD_MAX_HEIGHT_OF_TEXT * text
}

/// Drops the words that are the strokes of handwritten signatures
/// ([`SIGNATURE_HEIGHT_OF_TEXT`], [`SIGNATURE_LETTER_WIDTH_OF_TEXT`]): read
/// as letters ("SARAAA") they fall between the printed lines of a
/// signature block and break a name in two. Words of States' names
/// ([`is_name_word`]) and words of typed letters ([`has_typed_letters`])
/// are dropped only for being wide.
fn drop_signatures(words: &mut Vec<PixelWord>) {
    let text = median(
        words
            .iter()
            .filter(|w| w.confidence >= SURE_WORD_CONFIDENCE)
            .map(|w| w.height),
    );
    if text <= 0.0 {
        return;
    }
    words.retain(|w| {
        let letters = w.text.chars().count().max(1) as f32;
        w.confidence >= SURE_WORD_CONFIDENCE
            || (w.width / letters <= SIGNATURE_LETTER_WIDTH_OF_TEXT * text
                && (w.height <= SIGNATURE_HEIGHT_OF_TEXT * text
                    || is_name_word(&w.text)
                    || has_typed_letters(&w.text, w.width, w.height, text)))
    });
}

/// A word of marks only (no letter or digit) standing more than this many
/// times its line's median word height from the words either side of it,
/// or alone on its line, is a speck or a stroke read as "." or "©": beside
/// a sentence it makes the sentence a row of two cells, and the layout
/// reads the table below as columns of that row. Marks that belong to the
/// text ("&", a dash) stand a space from their words.
const ISOLATED_MARK_GAP: f32 = 3.0;

/// Drops the words that are only marks and stand apart
/// ([`ISOLATED_MARK_GAP`]).
fn drop_isolated_marks(words: &mut Vec<PixelWord>) {
    let mut keep = vec![true; words.len()];
    let mut first = 0;
    for line in words.chunk_by(|a, b| a.line == b.line) {
        let height = median(line.iter().map(|w| w.height));
        for (i, w) in line.iter().enumerate() {
            if w.has_text() {
                continue;
            }
            let far = ISOLATED_MARK_GAP * height;
            let before = i
                .checked_sub(1)
                .is_none_or(|j| w.left - (line[j].left + line[j].width) > far);
            let after = line
                .get(i + 1)
                .is_none_or(|n| n.left - (w.left + w.width) > far);
            keep[first + i] = !(before && after);
        }
        first += line.len();
    }
    let mut k = keep.into_iter();
    words.retain(|_| k.next().unwrap_or(true));
}

/// How far before the next word of its line a word's box is cut back, in
/// pixels: one pixel, so that the word's last letter and the space after
/// it fall left of the next word's first letter when the layout sorts a
/// row's glyphs by position.
const WORD_END_GAP_PX: f32 = 1.0;

/// Cuts a word's box back to end where the next word of its line begins
/// ([`WORD_END_GAP_PX`]). Tesseract sometimes gives a word a box reaching
/// over its neighbours ("Federación" 291 pixels wide over "de Rusia,"; 551
/// of 69,905 word pairs in our scans), and the word's letters, spread over
/// that box, were then interleaved with theirs: "Fededre Rauscia,i". A
/// line's words come in reading order, so the next word's left edge is
/// where this one's text has ended.
fn end_before_next_word(words: &mut [PixelWord]) {
    for i in 1..words.len() {
        let (head, tail) = words.split_at_mut(i);
        let (w, next) = (&mut head[i - 1], &tail[0]);
        let end = next.left - WORD_END_GAP_PX;
        if w.line == next.line && next.left > w.left && w.left + w.width > end {
            w.width = (end - w.left).max(WORD_END_GAP_PX);
        }
    }
}

/// The words of a line that measure its baseline and size: all but the
/// specks ([`SPECK_OF_TEXT`]). Specks read as marks ("©", "+", a
/// box of 2 pixels) sit anywhere on a line and may outnumber its words:
/// two of them beside "Czechia" made its baseline the one of the line
/// above ("Thailand") and its size 0.9 points, and the layout wove the
/// two names into one ("TChzaeiclhainad").
fn measured(line: &[PixelWord]) -> impl Iterator<Item = &PixelWord> + Clone {
    let text = median(line.iter().filter(|w| w.has_text()).map(|w| w.height));
    line.iter()
        .filter(move |w| w.has_text() || text == 0.0 || w.height >= SPECK_OF_TEXT * text)
}

/// A word of marks alone less high than this share of its line's words
/// with letters is a speck, not a mark of the line's type (a rule "|",
/// a bracket, a dash of full height stay): 2 pixels against 23 here, while
/// a full stop of 10-point type is about a fifth of its line's height
/// and of no weight in the median.
const SPECK_OF_TEXT: f32 = 0.5;

/// A recognised word in the image's pixels (y down).
struct PixelWord {
    /// Tesseract's block, paragraph and line numbers.
    line: [u32; 3],
    text: String,
    confidence: f32,
    left: f32,
    bottom: f32,
    width: f32,
    height: f32,
}

impl PixelWord {
    /// Whether the word has a letter or a digit, not marks alone.
    fn has_text(&self) -> bool {
        self.text.chars().any(char::is_alphanumeric)
    }
}

/// A TSV row's block, paragraph and line numbers (0 where one does not
/// parse).
fn line_of(f: &[&str]) -> [u32; 3] {
    [f[2], f[3], f[4]].map(|x| x.trim().parse().unwrap_or(0))
}

/// The page's skew as a slope (pixels down per pixel right): one least-
/// squares fit of word bottoms against word centres, pooled over all lines
/// (each line about its own mean), so that long lines weigh most and a
/// descender or a capital in one word moves it little.
fn skew(words: &[PixelWord]) -> f32 {
    let (mut sxy, mut sxx) = (0.0f64, 0.0f64);
    for line in words.chunk_by(|a, b| a.line == b.line) {
        let n = line.len() as f64;
        if line.len() < 2 {
            continue;
        }
        let centre = |w: &PixelWord| f64::from(w.left + w.width / 2.0);
        let mx = line.iter().map(centre).sum::<f64>() / n;
        let my = line.iter().map(|w| f64::from(w.bottom)).sum::<f64>() / n;
        for w in line {
            let (dx, dy) = (centre(w) - mx, f64::from(w.bottom) - my);
            sxy += dx * dy;
            sxx += dx * dx;
        }
    }
    if sxx == 0.0 {
        0.0
    } else {
        (sxy / sxx) as f32
    }
}

/// A word box taller than this many times the median of its line is not
/// text of that line (a rule, a bracket, a stroke of a signature that
/// tesseract read as "|"): a full-height word is 1.3-1.5 times an
/// x-height or cap-height word, so 1.6 keeps every real word.
const LINE_EM_MAX_OF_MEDIAN: f32 = 1.6;

/// The height of a word with an ascender and a descender, in ems: 0.8 in
/// Courier and other typewriter faces, 0.9 in Times. The lower figure, so
/// that the wide spaces of typed and justified lines (about 0.9 of the
/// tallest word) stay below the layout's column gutter.
const TALL_WORD_EM: f32 = 0.8;

/// The em of a line from its word heights: the tallest word not taller than
/// [`LINE_EM_MAX_OF_MEDIAN`] times the median, over [`TALL_WORD_EM`].
fn line_em(heights: impl Iterator<Item = f32> + Clone) -> f32 {
    let cap = LINE_EM_MAX_OF_MEDIAN * median(heights.clone());
    heights.filter(|&h| h <= cap).fold(0.0, f32::max) / TALL_WORD_EM
}

/// The median of some numbers (the upper one of an even count; 0 for none).
fn median(v: impl Iterator<Item = f32>) -> f32 {
    let mut v: Vec<f32> = v.collect();
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t
5\t1\t1\t1\t1\t1\t300\t600\t200\t50\t96.5\tAustria,
5\t1\t1\t1\t1\t2\t520\t600\t200\t50\t91.0\tBelgium
5\t1\t1\t1\t1\t3\t740\t600\t100\t50\t3.0\t~~.
5\t1\t1\t1\t1\t4\t860\t600\t100\t50\t3.0\til
";

    #[test]
    fn words_become_glyphs_in_points_with_y_up() {
        let p = parse_tsv(TSV, 1, DPI);
        assert_eq!(p.page.width, 2550.0 * 72.0 / 300.0);
        assert_eq!(
            p.words.len(),
            2,
            "the scribbles at confidence 3 are dropped"
        );
        let w = &p.words[0];
        assert_eq!(w.x, 300.0 * 0.24);
        assert!((w.y - (3300.0 - 650.0) * 0.24).abs() < 1e-3);
        let text: String = p.page.glyphs.iter().map(|g| g.ch).collect();
        assert_eq!(
            text, "Austria, Belgium ",
            "a space of no width after each word"
        );
        assert!((p.confidence() - (96.5 * 8.0 + 91.0 * 7.0) / 15.0).abs() < 1e-3);
    }

    /// "Federación" as tesseract boxed it on a scan: reaching over "de" and
    /// "Rusia,".
    const WIDE: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t
5\t1\t4\t1\t3\t4\t343\t543\t291\t23\t96.4\tFederación
5\t1\t4\t1\t3\t5\t455\t543\t30\t23\t95.0\tde
5\t1\t4\t1\t3\t6\t488\t531\t62\t35\t95.1\tRusia,
5\t1\t4\t1\t4\t1\t300\t600\t90\t23\t95.0\tIraq,
";

    #[test]
    fn a_word_box_reaching_over_the_next_word_ends_where_it_begins() {
        let p = parse_tsv(WIDE, 1, DPI);
        let w = &p.words[0];
        assert!((w.x + w.width - 454.0 * 0.24).abs() < 1e-3, "{w:?}");
        let mut glyphs = p.page.glyphs.clone();
        glyphs.truncate(glyphs.len() - "Iraq, ".len());
        glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
        let text: String = glyphs.iter().map(|g| g.ch).collect();
        assert_eq!(text, "Federación de Rusia, ", "not interleaved");
        assert_eq!(
            p.words[2].width,
            62.0 * 0.24,
            "the last word of a line keeps its box"
        );
    }

    #[test]
    fn an_ocr_mode_reads_back_from_its_wire_name() {
        for mode in [OcrMode::Auto, OcrMode::Always, OcrMode::Never] {
            assert_eq!(crate::record::wire_name(&mode).parse(), Ok(mode));
        }
        assert!("sometimes".parse::<OcrMode>().is_err());
    }

    #[test]
    fn a_word_read_with_little_confidence_is_kept_when_it_is_letters() {
        assert!(is_word("l'Afrique", 6.4), "8 letters of 9");
        assert!(!is_word("~~.", 3.0));
        assert!(!is_word("il", 3.0), "too short to tell from a stroke");
        assert!(!is_word("|~|/-a", 3.0), "mostly marks");
        assert!(is_word("il", MIN_WORD_CONFIDENCE));
    }

    /// A signature block as tesseract reads it: printed lines 33 pixels
    /// high, and between them signature strokes read as words, tall or
    /// wide and unsure.
    #[test]
    fn signature_strokes_read_as_words_are_dropped() {
        let word = |text: &str, width: f32, height: f32, confidence: f32| PixelWord {
            line: [1, 1, 1],
            text: text.into(),
            confidence,
            left: 0.0,
            bottom: 0.0,
            width,
            height,
        };
        let mut words = vec![
            word("People's", 190.0, 41.0, 96.0),
            word("Socialist", 200.0, 33.0, 95.0),
            word("SARAAA", 480.0, 99.0, 21.0),
            word("DADAS", 350.0, 39.0, 17.0),
            word("Albania", 160.0, 33.0, 40.0),
            word("Joint", 150.0, 70.0, 93.0),
            // Names whose boxes a speck made tall, read unsurely: printed.
            word("Thailand", 170.0, 80.0, 77.0),
            word("Emirates.", 260.0, 136.0, 64.0),
            // A stroke read as a short word of a name is still a stroke,
            // and a signature read as a name is drawn wide.
            word("de", 200.0, 99.0, 30.0),
            word("LAOS", 426.0, 75.0, 33.0),
            // Printed words a speck made tall: letters as narrow as typed
            // ones (22 pixels on text 41 high), or the hyphened words of a
            // name with letters wider than typed (40 pixels).
            word("Ambassadeur", 242.0, 75.0, 55.0),
            word("Guinée-Bissau", 520.0, 80.0, 50.0),
            // Strokes read as letters, not narrow enough for typed ones,
            // and a short word of narrow strokes.
            word("VYAVVA", 240.0, 80.0, 42.0),
            // Narrow letters, but seven times the text's height: a stroke.
            word("BARES", 95.0, 282.0, 28.0),
            word("Li", 30.0, 99.0, 27.0),
        ];
        drop_signatures(&mut words);
        let kept: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            kept,
            [
                "People's",
                "Socialist",
                "Albania",
                "Joint",
                "Thailand",
                "Emirates.",
                "Ambassadeur",
                "Guinée-Bissau"
            ]
        );
    }

    #[test]
    fn a_word_of_names_may_join_them_with_hyphens_and_elisions() {
        assert!(is_of_names("États-Unis"));
        assert!(is_of_names("Papouasie-Nouvelle-Guinée,"));
        assert!(is_of_names("4'Amérique"), "a misread elision");
        assert!(is_of_names("Belgium"));
        assert!(!is_of_names("Ambassadeur"));
        assert!(!is_of_names("Tomé-et-Priricipe"), "a misread part");
        assert!(!is_of_names("4-5"), "no letter");
    }

    #[test]
    fn a_mark_standing_apart_is_a_speck() {
        let word = |text: &str, left: f32, line: u32| PixelWord {
            line: [1, 1, line],
            text: text.into(),
            confidence: 90.0,
            left,
            bottom: 0.0,
            width: 30.0,
            height: 33.0,
        };
        let mut words = vec![
            word("States:", 1200.0, 1),
            word(".", 1897.0, 1),
            word("Vincent", 300.0, 2),
            word("&", 345.0, 2),
            word("Grenadines", 390.0, 2),
            word("©", 800.0, 3),
        ];
        drop_isolated_marks(&mut words);
        let kept: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(kept, ["States:", "Vincent", "&", "Grenadines"]);
    }

    /// A line rising 5 pixels in 100 (about 3°), as on a skewed scan.
    const SKEWED: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t
5\t1\t1\t1\t1\t1\t200\t1000\t300\t48\t95\tBangladesh,
5\t1\t1\t1\t1\t2\t600\t980\t200\t34\t95\tChad,
5\t1\t1\t1\t1\t3\t1000\t960\t300\t40\t95\tEthiopia,
5\t1\t1\t1\t1\t4\t1400\t930\t20\t130\t90\t|
5\t1\t1\t1\t2\t1\t205\t1100\t200\t40\t95\tGambia,
5\t1\t1\t1\t2\t2\t605\t1080\t200\t34\t95\tMali
";

    #[test]
    fn a_skewed_line_is_turned_back_onto_one_baseline() {
        let p = parse_tsv(SKEWED, 1, DPI);
        assert_eq!(p.words.len(), 6);
        let y: Vec<f32> = p.words.iter().map(|w| w.y).collect();
        assert!(
            y[..4].iter().all(|&v| v == y[0]),
            "one line, one baseline: {y:?}"
        );
        assert!(y[4..].iter().all(|&v| v == y[4]));
        assert!(y[0] > y[4], "the first line stays above the second");
        assert_eq!(skew(&[]), 0.0, "no words, no skew");
        // The pooled fit sees the rise of 5 in 100 through the descender of
        // "Bangladesh," and the capital of "Chad,".
        let rows: Vec<PixelWord> = SKEWED
            .lines()
            .filter(|l| l.starts_with("5\t"))
            .map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let n = |i: usize| f[i].parse::<f32>().unwrap();
                PixelWord {
                    line: line_of(&f),
                    text: f[11].into(),
                    confidence: n(10),
                    left: n(6),
                    bottom: n(7) + n(9),
                    width: n(8),
                    height: n(9),
                }
            })
            .filter(|w| w.text != "|")
            .collect();
        let s = skew(&rows);
        assert!((s + 0.05).abs() < 0.01, "skew {s}");
    }

    #[test]
    fn the_documents_language_comes_first_when_its_pack_is_installed() {
        let have: Vec<String> = ["eng", "fra", "spa", "osd"].map(String::from).into();
        assert_eq!(default_languages(None, &have), "eng+fra+spa");
        assert_eq!(default_languages(Some("fr-FR"), &have), "fra+eng+spa");
        assert_eq!(default_languages(Some("ES"), &have), "spa+eng+fra");
        // Russian is known but its pack is not installed; Dutch is not known.
        assert_eq!(default_languages(Some("ru-RU"), &have), "eng+fra+spa");
        assert_eq!(default_languages(Some("nl"), &have), "eng+fra+spa");
        assert_eq!(default_languages(Some("fr"), &[]), "eng");
    }

    #[test]
    fn the_language_table_loads_and_refuses_a_language_twice() {
        assert!(language_packs()
            .iter()
            .any(|(l, p)| l == "fr" && p == "fra"));
        let bad = "language\tpack\nfr\tfra\nfr\tfrm\n";
        let e = load_language_packs(bad).unwrap_err().to_string();
        assert!(e.contains("ocr_languages.tsv:3"), "{e}");
    }

    /// Two list items at 200 dpi as tesseract read them, specks of the
    /// scan read as marks on the second line's row, nearer the first
    /// line's baseline than the second's, and far right a column's rule.
    const SPECKS: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t1654\t2338\t-1\t
5\t1\t6\t1\t8\t1\t183\t933\t115\t53\t90\tThailand
5\t1\t6\t1\t9\t1\t165\t984\t2\t2\t24\t\u{a9}
5\t1\t6\t1\t9\t2\t191\t987\t98\t23\t91\tCzechia
5\t1\t6\t1\t9\t3\t346\t983\t2\t2\t39\t+
5\t1\t6\t1\t9\t4\t898\t982\t1\t36\t88\t|
";

    #[test]
    fn specks_read_as_marks_do_not_set_their_lines_baseline_or_size() {
        let p = parse_tsv(SPECKS, 1, 200);
        let at = |t: &str| p.words.iter().find(|w| w.text == t).unwrap();
        let (thailand, czechia) = (at("Thailand"), at("Czechia"));
        let pt = 72.0 / 200.0;
        // Its own baseline, 24 pixels (8.6 points) below the line above.
        assert!(
            thailand.y - czechia.y > 5.0,
            "two rows: {} {}",
            thailand.y,
            czechia.y
        );
        assert!(
            (czechia.height - 23.0 / TALL_WORD_EM * pt).abs() < 1e-3,
            "the name's size: {}",
            czechia.height
        );
        assert_eq!(at("+").y, czechia.y, "the marks share the line's");
        // A rule of full height beside a name is not a speck: it is measured.
        let rule = SPECKS.replace("\t2\t2\t39\t+", "\t2\t30\t39\t|");
        let p = parse_tsv(&rule, 1, 200);
        let czechia = p.words.iter().find(|w| w.text == "Czechia").unwrap();
        assert!(
            czechia.height > 23.0 / TALL_WORD_EM * pt,
            "{}",
            czechia.height
        );
    }

    #[test]
    fn a_line_is_as_high_as_its_tallest_word_short_of_noise() {
        // "is" (an x-height), "delegations" (ascender and descender), and a
        // stroke of a signature read as "|".
        let em = line_em([34.0, 48.0, 130.0].into_iter());
        assert_eq!(em, 60.0, "48 pixels is 0.8 em");
    }
}
