//! The fixture suite: `whosigned verify fixtures` must pass, every expected
//! record must follow the JSON Schema, and every expected record must agree
//! with the fixture's truth file (written from the same data as the PDF).

use std::path::{Path, PathBuf};
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
        .args(["verify", "fixtures"])
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

fn truth_path(expected: &Path) -> PathBuf {
    let name = expected
        .file_name()
        .unwrap()
        .to_string_lossy()
        .replace(".expected.json", ".truth.json");
    root().join("fixtures/src").join(name)
}

#[test]
fn expected_records_agree_with_the_truth_files() {
    let mut checked = 0;
    for f in expected_files() {
        let t = truth_path(&f);
        let Ok(truth) = std::fs::read(&t) else {
            continue;
        };
        let truth: serde_json::Value = serde_json::from_slice(&truth).unwrap();
        let got: serde_json::Value = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
        let mut want: Vec<String> = truth["signatories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect();
        let mut have: Vec<String> = got["signatories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["iso3"].as_str().unwrap().to_string())
            .collect();
        want.sort();
        have.sort();
        assert_eq!(have, want, "{}", f.display());
        assert_eq!(got["status"], truth["status"], "{}", f.display());
        // Truth files that name a document kind also give roles, the symbol
        // and the on-behalf-of groups.
        if let Some(kind) = truth.get("document_kind") {
            assert_eq!(&got["document"]["kind"], kind, "{}", f.display());
            assert_eq!(
                got["document"]["symbol"],
                truth["symbol"],
                "{}",
                f.display()
            );
            let roles = truth["roles"].as_object().expect("roles");
            for s in got["signatories"].as_array().unwrap() {
                let iso3 = s["iso3"].as_str().unwrap();
                let want = roles
                    .get(iso3)
                    .and_then(|r| r.as_str())
                    .unwrap_or("signatory");
                assert_eq!(s["role"], want, "{} {iso3}", f.display());
            }
            let mut behalf: Vec<(String, String)> = got["signatories"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| !s["on_behalf_of"].is_null())
                .map(|s| {
                    let p = s["on_behalf_of"]["as_printed"].as_str().unwrap();
                    (s["iso3"].as_str().unwrap().to_string(), p.to_string())
                })
                .collect();
            let mut want_behalf: Vec<(String, String)> = truth["on_behalf_of"]
                .as_array()
                .expect("on_behalf_of")
                .iter()
                .map(|b| {
                    let s = b["sponsor"].as_str().unwrap().to_string();
                    (s, b["as_printed"].as_str().unwrap().to_string())
                })
                .collect();
            behalf.sort();
            want_behalf.sort();
            assert_eq!(behalf, want_behalf, "{}", f.display());
        }
        checked += 1;
    }
    assert!(checked >= 16, "only {checked} fixtures have truth files");
}

#[test]
fn records_are_byte_identical_across_runs() {
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_whosigned"))
            .args(["extract", "fixtures", "--as-of", "2024-06-14"])
            .current_dir(root())
            .output()
            .expect("run whosigned")
            .stdout
    };
    let (a, b) = (run(), run());
    assert!(!a.is_empty());
    assert_eq!(a, b);
}
