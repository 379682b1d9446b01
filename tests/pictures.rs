//! `whosigned map` and `report` through the real binary: the map's
//! structure and classes against a snapshot and against the fixture's truth
//! file, the two-statement map against `compare`, the committed examples in
//! `docs/`, and the report rendered by a real browser (headless Chromium:
//! a screenshot that is not blank and shows the map, and no console error).
//!
//! Snapshots are rewritten with `WHOSIGNED_BLESS=1 cargo test --release
//! --test pictures`; a changed snapshot is then a diff to review.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The statement the map tests draw, against the Rome Statute.
const STATEMENT: &str = "fixtures/en_prose_oxford_chromium.pdf";
/// The fixtures the batch report is made of (text PDFs in three languages,
/// a statement and a UN draft).
const BATCH: [&str; 4] = [
    "fixtures/en_prose_oxford_chromium.pdf",
    "fixtures/en_un_draft_libreoffice.pdf",
    "fixtures/fr_prose_et_libreoffice.pdf",
    "fixtures/es_prose_y_chromium.pdf",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs whosigned in the repository's root; (status, stdout, stderr).
fn run(args: &[&str]) -> (i32, Vec<u8>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_whosigned"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run whosigned");
    (
        o.status.code().unwrap_or(-1),
        o.stdout,
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn ok(args: &[&str]) -> Vec<u8> {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "whosigned {args:?}: {err}");
    out
}

/// Every `<g data-iso3="X" class="Y">` of a map: code -> class.
fn classes(svg: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for piece in svg.split("<g data-iso3=\"").skip(1) {
        let (code, rest) = piece.split_once('"').unwrap();
        let class = rest
            .strip_prefix(" class=\"")
            .and_then(|r| r.split_once('"'))
            .unwrap()
            .0;
        assert!(
            out.insert(code.to_string(), class.to_string()).is_none(),
            "{code} drawn twice"
        );
    }
    out
}

/// Compares `got` with the snapshot file, or rewrites it under
/// WHOSIGNED_BLESS=1.
fn snapshot(path: &str, got: &[u8]) {
    let p = root().join(path);
    if std::env::var("WHOSIGNED_BLESS").as_deref() == Ok("1") {
        std::fs::write(&p, got).unwrap();
        return;
    }
    let want = std::fs::read(&p).unwrap_or_default();
    assert!(
        want == got,
        "{path} differs from what whosigned writes now; review, then rerun with WHOSIGNED_BLESS=1"
    );
}

/// Codes of the drawn entities: data/entities.tsv less the organisations.
fn drawn_entities() -> Vec<String> {
    let t = std::fs::read_to_string(root().join("data/entities.tsv")).unwrap();
    t.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("iso3\t"))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f.len() > 3 && f[3] != "organization")
        .map(|f| f[0].to_string())
        .collect()
}

#[test]
fn the_map_draws_every_state_once_with_one_path() {
    let svg = String::from_utf8(ok(&["map", STATEMENT, "--group", "rome-statute"])).unwrap();
    let got = classes(&svg);
    let want = drawn_entities();
    assert_eq!(got.keys().cloned().collect::<Vec<_>>(), {
        let mut w = want.clone();
        w.sort();
        w
    });
    for code in &want {
        let at = svg.find(&format!("<g data-iso3=\"{code}\"")).unwrap();
        let group = &svg[at..at + svg[at..].find("</g>").unwrap()];
        assert_eq!(group.matches("<path ").count(), 1, "{code}");
    }
    assert!(svg.contains("Natural Earth via world-atlas"));
}

#[test]
fn the_map_of_a_statement_colours_its_signatories_as_its_truth_file_says() {
    let svg = String::from_utf8(ok(&["map", STATEMENT, "--group", "rome-statute"])).unwrap();
    let got = classes(&svg);
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join(STATEMENT.replace(".pdf", ".expected.json"))).unwrap(),
    )
    .unwrap();
    let signed: Vec<&str> = truth["signatories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["iso3"].as_str().unwrap())
        .collect();
    for (code, class) in &got {
        let want = if signed.contains(&code.as_str()) {
            "c-signed"
        } else if class == "c-signed" {
            panic!("{code} is drawn as signed but is not in the truth file");
        } else {
            continue;
        };
        assert_eq!(class, want, "{code}");
    }
    // Germany is a State Party that is not in this statement; the United
    // States is not a party.
    assert_eq!(got["DEU"], "c-not-signed");
    assert_eq!(got["USA"], "c-not-member");
    // The whole assignment, as reviewed.
    let text: String = got.iter().map(|(c, k)| format!("{c}\t{k}\n")).collect();
    snapshot(
        "tests/data/map_en_prose_oxford_chromium.rome-statute.tsv",
        text.as_bytes(),
    );
}

#[test]
fn the_map_from_a_record_is_the_map_from_its_pdf_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("r.jsonl");
    let r = records.to_str().unwrap();
    ok(&["extract", STATEMENT, "--ocr", "never", "-o", r]);
    let from_pdf = ok(&["map", STATEMENT]);
    let from_record = ok(&["map", r]);
    assert_eq!(from_pdf, from_record);
    assert_eq!(from_pdf, ok(&["map", STATEMENT]), "not deterministic");
}

#[test]
fn two_records_are_coloured_as_compare_lists_them() {
    let [a, b] = [BATCH[0], BATCH[3]];
    let svg = String::from_utf8(ok(&["map", a, b])).unwrap();
    let got = classes(&svg);
    let cmp: serde_json::Value = serde_json::from_slice(&ok(&["compare", a, b, "--json"])).unwrap();
    let mut n = 0;
    for (key, class) in [
        ("joined", "c-joined"),
        ("left", "c-left"),
        ("both", "c-both"),
    ] {
        for s in cmp[key].as_array().unwrap() {
            let code = s["iso3"].as_str().unwrap();
            if let Some(k) = got.get(code) {
                assert_eq!(k, class, "{code}");
                n += 1;
            }
        }
    }
    assert!(n > 10);
    assert_eq!(
        got.values().filter(|k| *k != "c-neither").count(),
        n,
        "a State coloured that compare does not list"
    );
}

#[test]
fn an_unreadable_statement_has_no_map_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let not_pdf = dir.path().join("x.pdf");
    std::fs::write(&not_pdf, "<html>not a PDF</html>").unwrap();
    let (code, out, err) = run(&["map", not_pdf.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("error: no signatories to draw"), "{err}");
    let (code, _, err) = run(&["map", STATEMENT, "--group", "nato"]);
    assert_eq!(code, 2);
    assert!(err.contains("no group \"nato\""), "{err}");
}

#[cfg(feature = "png")]
#[test]
fn a_png_map_is_written_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.png");
    ok(&["map", STATEMENT, "-o", out.to_str().unwrap()]);
    let img = image::open(&out).unwrap();
    assert_eq!(img.width(), 2000);
}

/// The examples that README.md shows, made from the fixtures: rewritten
/// under WHOSIGNED_BLESS=1, else they must be what whosigned makes now.
#[test]
fn the_examples_in_docs_are_up_to_date() {
    let map = ok(&["map", STATEMENT, "--group", "rome-statute"]);
    snapshot("docs/example-map.svg", &map);
    // Links are relative to the report's folder, so the example is
    // written in docs/ (under a name of this run's, then removed).
    let name = format!("docs/.example-report.{}.html", std::process::id());
    let mut args = vec!["report", "-o", &name];
    args.extend(BATCH);
    assert!(ok(&args).is_empty());
    let written = root().join(&name);
    let bytes = std::fs::read(&written).unwrap();
    std::fs::remove_file(&written).unwrap();
    assert!(String::from_utf8_lossy(&bytes)
        .contains("href=\"../fixtures/en_prose_oxford_chromium.pdf\""));
    snapshot("docs/example-report.html", &bytes);
}

/// The first of these on PATH.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Where the browser test leaves its screenshot (printed in its output).
fn screenshot_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target.join("report-screenshot.png")
}

#[test]
fn the_report_renders_in_a_browser_with_its_map_and_no_console_error() {
    let Some(browser) = chromium() else {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI: chromium is not installed; .ci/run installs it"
        );
        common::say("SKIPPED the browser test: chromium is not installed (apt-get install chromium; .ci/run does)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let mut args = vec!["report", "-o", page.to_str().unwrap()];
    args.extend(BATCH);
    ok(&args);
    let url = format!("file://{}", page.display());
    let shot = screenshot_path();
    let _ = std::fs::remove_file(&shot);
    // A profile of its own, so that a browser the user has open is not
    // disturbed; no sandbox, which root (CI containers) cannot have.
    let browse = |extra: &[&str]| {
        let profile = dir.path().join("profile");
        Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(["--enable-logging=stderr", "--v=0"])
            .args(extra)
            .arg(&url)
            .output()
            .expect("run chromium")
    };
    let o = browse(&[
        &format!("--screenshot={}", shot.display()),
        "--window-size=1280,2000",
    ]);
    let log = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "chromium failed: {log}");
    common::say(&format!(
        "browser test: screenshot of the report at {}",
        shot.display()
    ));
    // The page logs nothing; a script error is logged as a console message.
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:#?}");

    let img = image::open(&shot).expect("the screenshot").to_rgb8();
    assert_eq!(img.width(), 1280);
    let mut colours = std::collections::HashSet::new();
    let mut map_pixels = 0usize;
    // The batch's map colours: signed some, most, all (Blues), and the sea.
    let map_colours: [[u8; 3]; 4] = [
        [0x9e, 0xca, 0xe1],
        [0x42, 0x92, 0xc6],
        [0x08, 0x51, 0x9c],
        [0xf4, 0xf8, 0xfb],
    ];
    for p in img.pixels() {
        colours.insert(p.0);
        if map_colours.contains(&p.0) {
            map_pixels += 1;
        }
    }
    assert!(
        colours.len() > 50,
        "the screenshot is blank ({} colours)",
        colours.len()
    );
    let share = map_pixels as f64 / (img.width() * img.height()) as f64;
    assert!(
        share > 0.05,
        "the map is missing: {:.3} of the pixels in its colours",
        share
    );

    // The DOM after scripts ran: the map's States and the matrix are there.
    let o = browse(&["--dump-dom"]);
    let dom = String::from_utf8_lossy(&o.stdout);
    assert!(dom.matches("<g data-iso3=").count() >= 190);
    assert!(dom.contains("id=\"matrix\""));
}
