//! OCR through the real binary: pages without text are read by tesseract
//! when it is installed, the record says so, and without it (hidden from
//! PATH here) the record stays `needs_ocr` and says what to install.
//! `.ci/run` installs tesseract, so in CI none of these skip.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The statement page as a 100 dpi greyscale image, no text layer.
fn image_only() -> PathBuf {
    root().join("tests/hostile/no-text-layer.pdf")
}

fn tools_installed() -> bool {
    ["tesseract", "pdftoppm"].iter().all(|t| {
        Command::new(t)
            .arg("-v")
            .output()
            .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
    })
}

/// `extract --in-process` of one file with extra flags and PATH; the record.
fn record(pdf: &Path, flags: &[&str], path_env: Option<&Path>) -> Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_whosigned"));
    cmd.args(["extract", "--quiet"]).args(flags).arg(pdf);
    if let Some(p) = path_env {
        cmd.env("PATH", p);
    }
    let o = cmd.output().expect("run whosigned");
    assert!(
        matches!(o.status.code(), Some(0) | Some(1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("one JSON record")
}

#[test]
fn without_tesseract_an_image_only_page_needs_ocr_and_says_what_to_install() {
    let empty = tempfile::tempdir().unwrap();
    let r = record(&image_only(), &[], Some(empty.path()));
    assert_eq!(r["status"], "needs_ocr", "{r}");
    let msg = r["ocr"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("install tesseract-ocr"), "{r}");
    assert_eq!(r["ocr"]["pages"], Value::Array(vec![]));
}

#[test]
fn ocr_never_leaves_an_image_only_page_unread() {
    let r = record(&image_only(), &["--ocr", "never"], None);
    assert_eq!(r["status"], "needs_ocr", "{r}");
    assert!(r.get("ocr").is_none(), "{r}");
}

#[test]
fn with_tesseract_an_image_only_page_is_read_into_the_pipeline() {
    if !tools_installed() {
        common::say("SKIPPED: tesseract or pdftoppm is not installed (.ci/run installs them)");
        return;
    }
    let r = record(&image_only(), &[], None);
    assert_eq!(r["engine"], "tesseract", "{r}");
    assert_eq!(r["ocr"]["pages"][0]["page"], 1, "{r}");
    let confidence = r["ocr"]["pages"][0]["confidence"].as_f64().unwrap();
    assert!(confidence > 50.0, "{r}");
    // The statement's date and States come from the recognised words.
    assert_eq!(r["date"]["value"], "2024-06-14", "{r}");
    let named: Vec<String> = ["signatories", "mentions"]
        .iter()
        .flat_map(|k| r[k].as_array().cloned().unwrap_or_default())
        .filter_map(|s| s["iso3"].as_str().map(str::to_string))
        .collect();
    for state in ["BEL", "CHL"] {
        assert!(named.iter().any(|n| n == state), "{state} not read: {r}");
    }
}

/// A document whose first page has a text layer and whose second is an
/// image (joined by poppler's `pdfunite`): the record names the engine of
/// each page, and a document read alike throughout has no such list.
#[test]
fn pages_read_by_different_engines_are_listed_one_by_one() {
    if !tools_installed() {
        common::say("SKIPPED: tesseract or pdftoppm is not installed (.ci/run installs them)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mixed = dir.path().join("mixed.pdf");
    let text_page = root().join("fixtures/en_one_per_line_libreoffice.pdf");
    let ok = Command::new("pdfunite")
        .arg(&text_page)
        .arg(image_only())
        .arg(&mixed)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        common::say("SKIPPED: pdfunite (poppler-utils) could not join the pages");
        return;
    }
    let r = record(&mixed, &[], None);
    assert_eq!(r["engine"], "lopdf+tesseract", "{r}");
    let pages = r["source"]["pages"].as_u64().unwrap() as usize;
    let mut want = vec!["lopdf"; pages - 1];
    want.push("tesseract");
    assert_eq!(r["page_engines"], serde_json::json!(want), "{r}");
    let whole = record(&image_only(), &[], None);
    assert!(whole.get("page_engines").is_none(), "{whole}");
}

/// The OCR budget is per page and on top of `--timeout`: a page over it is
/// stopped, and the record says which tool ran out of time.
#[test]
fn a_page_over_its_ocr_budget_is_stopped_and_named() {
    if !tools_installed() {
        common::say("SKIPPED: tesseract or pdftoppm is not installed (.ci/run installs them)");
        return;
    }
    let r = record(&image_only(), &["--ocr-timeout", "0.001"], None);
    assert_eq!(r["status"], "needs_ocr", "{r}");
    let msg = r["ocr"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("took more than"), "{r}");
}

/// An existing OCR layer whose list leaves doubt (items no name matched)
/// is read again by our OCR under `--ocr auto`; a layer read cleanly is
/// kept, and `--ocr never` keeps any layer.
#[test]
fn a_doubtful_ocr_layer_is_read_again_and_a_good_one_kept() {
    if !tools_installed() {
        common::say("SKIPPED: tesseract or pdftoppm is not installed (.ci/run installs them)");
        return;
    }
    // tesseract's own layer over a 150-dpi page: misread names.
    let bad = root().join("fixtures/scans/fr_scan_numbered_tesseract.pdf");
    let layer = record(&bad, &["--ocr", "never"], None);
    assert_eq!(layer["engine"], "lopdf", "{layer}");
    assert!(
        !layer["unmatched"].as_array().unwrap().is_empty(),
        "{layer}"
    );
    let again = record(&bad, &[], None);
    assert_eq!(again["engine"], "tesseract", "{again}");
    assert!(
        again["signatories"].as_array().unwrap().len()
            > layer["signatories"].as_array().unwrap().len(),
        "{again}"
    );
    // A clean page wrapped by tesseract at 300 dpi: its layer is kept.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page");
    let clean = root().join("fixtures/en_one_per_line_libreoffice.pdf");
    let made = Command::new("pdftoppm")
        .args([
            "-r",
            "300",
            "-gray",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            "-singlefile",
        ])
        .arg(&clean)
        .arg(&page)
        .status()
        .is_ok_and(|s| s.success())
        && Command::new("tesseract")
            .arg(page.with_extension("png"))
            .arg(&page)
            .args(["-l", "eng", "pdf"])
            .output()
            .is_ok_and(|o| o.status.success());
    assert!(
        made,
        "could not make a searchable scan with pdftoppm and tesseract"
    );
    let good = record(&page.with_extension("pdf"), &[], None);
    assert_eq!(good["status"], "ok", "{good}");
    assert_eq!(good["engine"], "lopdf", "a good layer is kept: {good}");
}

/// Scans that OCR must read exactly (the same set of States as the truth
/// file) out of those in `fixtures/scans/` and `en_scanned_ghostscript`. It
/// only goes up: raise it when a change reads more of them.
const SCANS_EXACT_FLOOR: usize = 4;

/// The scanned fixtures through OCR, against their truth files
/// (`fixtures/src/<case>.truth.json`: `signatories`, or for the older scan
/// `printed_signatories`). Prints the figure it measured.
#[test]
fn scanned_fixtures_give_their_signatories_with_ocr() {
    if !tools_installed() {
        common::say("SKIPPED: tesseract or pdftoppm is not installed (.ci/run installs them)");
        return;
    }
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures/scans"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    pdfs.push(root().join("fixtures/en_scanned_ghostscript.pdf"));
    pdfs.sort();
    let o = Command::new(env!("CARGO_BIN_EXE_whosigned"))
        .args(["extract", "--quiet", "-j", "2"])
        .args(&pdfs)
        .output()
        .expect("run whosigned");
    let records: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), pdfs.len());
    let mut exact = 0;
    let mut report = Vec::new();
    for (pdf, r) in pdfs.iter().zip(&records) {
        let case = pdf.file_stem().unwrap().to_string_lossy().into_owned();
        let truth: Value = serde_json::from_slice(
            &std::fs::read(root().join(format!("fixtures/src/{case}.truth.json"))).unwrap(),
        )
        .unwrap();
        let want = truth
            .get("printed_signatories")
            .unwrap_or(&truth["signatories"]);
        let codes = |v: &Value| -> Vec<String> {
            let mut c: Vec<String> = v
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.get("iso3").unwrap_or(s).as_str().unwrap().to_string())
                .collect();
            c.sort();
            c
        };
        let (got, want) = (codes(&r["signatories"]), codes(want));
        if got == want {
            exact += 1;
        } else {
            report.push(format!("{case}: got {got:?}, want {want:?}"));
        }
    }
    common::say(&format!(
        "OCR: {exact} of {} scanned fixtures give their exact set of States",
        pdfs.len()
    ));
    assert!(
        exact >= SCANS_EXACT_FLOOR,
        "{exact} exact, below {SCANS_EXACT_FLOOR}:\n{}",
        report.join("\n")
    );
}
