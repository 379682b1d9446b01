//! The fixture suite: `whosigned verify fixtures` must pass, every expected
//! record must follow the JSON Schema, and every expected record must agree
//! with the fixture's truth file (written from the same data as the PDF).

use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn expected_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .expect("fixtures/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    v.sort();
    v
}

#[test]
fn verify_passes_on_the_fixtures() {
    let out = Command::new(env!("CARGO_BIN_EXE_whosigned"))
        // Without OCR, so that the result is the same on a machine without
        // tesseract: the scans have their own test (tests/ocr.rs).
        .args(["verify", "fixtures", "--ocr", "never"])
        .current_dir(root())
        .output()
        .expect("run whosigned");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "verify failed:\n{stdout}\n{stderr}");
    assert!(expected_files().len() >= 16, "at least 16 fixtures");
}

#[test]
fn every_expected_record_follows_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/record.v1.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for f in expected_files() {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&v)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {}", f.display(), errors.join("; "));
    }
}

/// Every fixture PDF at the top of `fixtures/` (subfolders are other sets).
fn fixture_pdfs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .expect("fixtures/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|c| {
            c.as_str()
                .or(c["iso3"].as_str())
                .expect("a code")
                .to_string()
        })
        .collect()
}

/// What one fixture's record says that its truth file contradicts, if
/// anything (see "What tests/fixtures.rs compares" in fixtures/README.md).
fn disagreements(got: &Value, truth: &Value) -> Vec<String> {
    let g = whosigned::gazetteer::Gazetteer::get();
    let mut out = Vec::new();
    // Values compared as JSON, whatever their Rust type.
    let mut differ = |what: &str, have: Value, want: Value| {
        if have != want {
            out.push(format!("{what}: record {have}, truth {want}"));
        }
    };
    differ("status", got["status"].clone(), truth["status"].clone());
    // In reading order: column by column, tables row by row.
    differ(
        "signatories",
        json!(codes(&got["signatories"])),
        json!(codes(&truth["signatories"])),
    );
    let ocr = truth["status"] == "needs_ocr";
    // A scan has no text: its date and mentions are in the image only.
    let date = if ocr {
        Value::Null
    } else {
        truth["date"].clone()
    };
    differ("date", got["date"]["value"].clone(), date);
    let have = codes(&got["mentions"]);
    let body = codes(&truth["mentions"]);
    let notes = truth.get("footnote_mentions").map_or_else(Vec::new, codes);
    // Records name only the gazetteer's entities, not territories (ASM).
    let known = |c: &String| g.by_iso3(c).is_some();
    let mut want: Vec<String> = if ocr {
        Vec::new()
    } else {
        body.iter()
            .chain(&notes)
            .filter(|c| known(c))
            .cloned()
            .collect()
    };
    want.sort();
    want.dedup();
    let mut have_set = have.clone();
    have_set.sort();
    differ("mentions (as a set)", json!(have_set), json!(want));
    // Those named only outside footnotes, in the truth's order.
    let body_only = |list: &[String]| -> Vec<String> {
        list.iter()
            .filter(|c| known(c) && !notes.contains(c) && body.contains(c))
            .cloned()
            .collect()
    };
    differ(
        "mentions outside footnotes (in order)",
        json!(body_only(&have)),
        json!(if ocr { Vec::new() } else { body_only(&body) }),
    );
    // Truth files that name a document kind also give roles, the symbol
    // and the on-behalf-of groups.
    if let Some(kind) = truth.get("document_kind") {
        differ(
            "document.kind",
            got["document"]["kind"].clone(),
            kind.clone(),
        );
        differ(
            "document.symbol",
            got["document"]["symbol"].clone(),
            truth["symbol"].clone(),
        );
        let roles = truth["roles"].as_object().expect("roles");
        for s in got["signatories"].as_array().expect("signatories") {
            let iso3 = s["iso3"].as_str().expect("iso3");
            let want = roles
                .get(iso3)
                .and_then(|r| r.as_str())
                .unwrap_or("signatory");
            differ(&format!("role of {iso3}"), s["role"].clone(), json!(want));
        }
        let mut behalf: Vec<(String, String)> = got["signatories"]
            .as_array()
            .expect("signatories")
            .iter()
            .filter(|s| !s["on_behalf_of"].is_null())
            .map(|s| {
                let p = s["on_behalf_of"]["as_printed"]
                    .as_str()
                    .expect("as_printed");
                (s["iso3"].as_str().expect("iso3").to_string(), p.to_string())
            })
            .collect();
        let mut want_behalf: Vec<(String, String)> = truth["on_behalf_of"]
            .as_array()
            .expect("on_behalf_of")
            .iter()
            .map(|b| {
                let s = b["sponsor"].as_str().expect("sponsor").to_string();
                (s, b["as_printed"].as_str().expect("as_printed").to_string())
            })
            .collect();
        behalf.sort();
        want_behalf.sort();
        differ("on_behalf_of", json!(behalf), json!(want_behalf));
    }
    out
}

/// Every fixture PDF has a truth file and an expected record, and the
/// record agrees with the truth: signatories in order, status, date,
/// mentions, and for UN document shapes kind, symbol, roles and groups.
#[test]
fn expected_records_agree_with_the_truth_files() {
    let pdfs = fixture_pdfs();
    assert!(pdfs.len() >= 16, "at least 16 fixtures");
    let mut failures = Vec::new();
    for pdf in &pdfs {
        let case = pdf.file_stem().expect("a name").to_string_lossy();
        let truth_file = root().join(format!("fixtures/src/{case}.truth.json"));
        let expected_file = root().join(format!("fixtures/{case}.expected.json"));
        let (Ok(truth), Ok(got)) = (std::fs::read(&truth_file), std::fs::read(&expected_file))
        else {
            failures.push(format!(
                "{case}: needs {} and {}",
                truth_file.display(),
                expected_file.display()
            ));
            continue;
        };
        let truth: Value = serde_json::from_slice(&truth).expect("truth JSON");
        let got: Value = serde_json::from_slice(&got).expect("expected JSON");
        for d in disagreements(&got, &truth) {
            failures.push(format!("{case}: {d}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn records_are_byte_identical_across_runs() {
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_whosigned"))
            .args([
                "extract",
                "fixtures",
                "--ocr",
                "never",
                "--as-of",
                "2024-06-14",
            ])
            .current_dir(root())
            .output()
            .expect("run whosigned")
            .stdout
    };
    let (a, b) = (run(), run());
    assert!(!a.is_empty());
    assert_eq!(a, b);
}
