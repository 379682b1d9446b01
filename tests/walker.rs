//! The primary engine over the shared corpus of malformed PDFs: every file must
//! come back (glyphs or an error kind) without a panic, and quickly.

mod common;

use std::time::{Duration, Instant};
use whosigned::pdf::{walker, Limits};

const MALFORMED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/malformed");

/// Tighter than the defaults so that a hostile file stays cheap in a test run.
fn test_limits() -> Limits {
    Limits {
        max_stream_bytes: 16 << 20,
        max_total_bytes: 64 << 20,
        max_operators_per_page: 1_000_000,
        ..Limits::default()
    }
}

#[test]
fn every_malformed_pdf_returns_without_panicking() {
    let Ok(entries) = std::fs::read_dir(MALFORMED) else {
        common::say(&format!("SKIPPED: {MALFORMED} is absent"));
        return;
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    paths.sort();
    let limits = test_limits();
    let mut slow = Vec::new();
    let (mut ok, mut failed) = (0, 0);
    for path in &paths {
        let bytes = std::fs::read(path).expect("read corpus file");
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| walker::extract(&bytes, &limits));
        let elapsed = started.elapsed();
        match outcome {
            Ok(Ok(_)) => ok += 1,
            Ok(Err(_)) => failed += 1,
            Err(_) => panic!("{} panicked", path.display()),
        }
        if elapsed > Duration::from_secs(5) {
            slow.push(format!("{} took {elapsed:?}", path.display()));
        }
    }
    eprintln!("{} files: {ok} read, {failed} errors", paths.len());
    assert!(slow.is_empty(), "slow files:\n{}", slow.join("\n"));
}

/// What some corpus files must give: an error kind, or text that must be among
/// the glyphs (with or without its spaces, since a gap is not always painted).
#[test]
fn known_outcomes_in_the_malformed_corpus() {
    let cases: &[(&str, Result<&str, &str>)] = &[
        // RC4 with the empty user password: lopdf decrypts it.
        ("qpdf__enc-R2_V1.pdf", Ok("Potato 0")),
        ("qpdf__enc-R2_V1_U_view_O_view.pdf", Err("encrypted")),
        // Only the attachments are encrypted (AuthEvent EFOpen).
        ("pdfjs__auth-event-ef-open.pdf", Ok("Example")),
        // `Tc` inside a TJ array, and a content stream without /Length.
        ("pdfjs__operator-in-TJ-array.pdf", Ok("Clientèles,")),
        ("pdfjs__bomb_giant.pdf", Ok("GIANT JBIG2 BOMB")),
        ("qpdf__pages-loop.pdf", Ok("Potato")),
        ("pdfjs__Pages-tree-refs.pdf", Ok("Testcase:")),
        ("qpdf__notpdf_json_0ef0e46bb51b.pdf", Err("not_pdf")),
        // Type0 with the predefined JIS CMap `V` and no ToUnicode.
        ("pdfminer__simple3.pdf", Ok("あいうえおあいうえお")),
        // Identity-H, no ToUnicode, no font program: CIDs of Adobe-Japan1,
        // read through that collection's table.
        ("pdfjs__noembed-identity.pdf", Ok("ABCあいうえお123")),
        ("pdfjs__Type3WordSpacing.pdf", Ok(" ab ba abba")),
    ];
    if std::fs::metadata(MALFORMED).is_err() {
        common::say(&format!("SKIPPED: {MALFORMED} is absent"));
        return;
    }
    for (file, expected) in cases {
        let bytes = std::fs::read(format!("{MALFORMED}/{file}")).expect("corpus file");
        let outcome = walker::extract(&bytes, &test_limits());
        match (expected, outcome) {
            (Ok(needle), Ok(extraction)) => {
                let text: String = extraction
                    .pages
                    .iter()
                    .flat_map(|p| p.glyphs.iter().map(|g| g.ch))
                    .collect();
                assert!(
                    text.contains(&needle.replace(' ', "")) || text.contains(needle),
                    "{file}: {needle:?} not in {text:?}"
                );
            }
            (Err(kind), Err(err)) => assert_eq!(err.kind(), *kind, "{file}: {err}"),
            (expected, Ok(_)) => panic!("{file}: expected {expected:?}, got glyphs"),
            (expected, Err(err)) => panic!("{file}: expected {expected:?}, got {err}"),
        }
    }
}

/// A searchable scan (tesseract's text layer: invisible text over the page
/// image) is an OCR layer by how it is painted, whoever made it; a page
/// typeset by LibreOffice is not. The scanned fixture has its producer
/// ("Tesseract") in its Info dictionary; `made_by_ocr` would know it from
/// that, so this checks the painting alone.
#[test]
fn invisible_text_over_an_image_is_an_ocr_layer() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = |name: &str| {
        let bytes = std::fs::read(root.join(name)).expect("fixture");
        walker::extract(&bytes, &Limits::default())
            .expect("readable")
            .pages
    };
    let scan = pages("fixtures/scans/fr_scan_numbered_tesseract.pdf");
    assert!(!scan.is_empty() && scan.iter().all(|p| p.ocr_layer));
    let typeset = pages("fixtures/en_one_per_line_libreoffice.pdf");
    assert!(typeset.iter().all(|p| !p.ocr_layer));
}
