//! The batch over real broken and odd PDFs from public test suites
//! (`../shared/corpus/malformed/`): one record per file, in order, and the
//! batch itself never fails. Skipped with a message when the folder is absent.

mod common;

use std::path::PathBuf;
use std::process::Command;

fn corpus() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/malformed"
    ));
    p.is_dir().then_some(p)
}

fn pdfs(dir: &PathBuf) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    v.sort();
    v
}

/// The corpus, its PDFs in order, and the batch's output: run once for
/// every test here. `None` (with a message) when the corpus is absent.
struct Batch {
    files: Vec<PathBuf>,
    exit: Option<i32>,
    stderr: String,
    records: Vec<serde_json::Value>,
}

fn batch() -> Option<&'static Batch> {
    static BATCH: std::sync::OnceLock<Option<Batch>> = std::sync::OnceLock::new();
    let b = BATCH.get_or_init(|| {
        let dir = corpus()?;
        let out = Command::new(env!("CARGO_BIN_EXE_whosigned"))
            .args(["extract", "--quiet", "--timeout", "10"])
            .arg(&dir)
            .output()
            .expect("run whosigned");
        Some(Batch {
            files: pdfs(&dir),
            exit: out.status.code(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            records: String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(|l| serde_json::from_str(l).expect("each line is a JSON record"))
                .collect(),
        })
    });
    if b.is_none() {
        common::say("SKIPPED: ../shared/corpus/malformed is absent");
    }
    b.as_ref()
}

#[test]
fn every_malformed_file_gets_exactly_one_record() {
    let Some(b) = batch() else { return };
    assert!(
        b.exit == Some(0) || b.exit == Some(1),
        "batch exit {:?}: {}",
        b.exit,
        b.stderr
    );
    assert_eq!(b.records.len(), b.files.len());
    for (r, f) in b.records.iter().zip(&b.files) {
        assert_eq!(r["source"]["path"].as_str().unwrap(), f.to_string_lossy());
        if r["status"] == "error" {
            assert!(r["error"]["kind"].is_string() && r["error"]["message"].is_string());
        }
    }
}

#[test]
fn we_read_text_wherever_pdftotext_does() {
    let Some(b) = batch() else { return };
    if Command::new("pdftotext").arg("-v").output().is_err() {
        common::say("SKIPPED: pdftotext is not installed");
        return;
    }
    let (files, records) = (&b.files, &b.records);
    let mut theirs = 0;
    let mut missed = Vec::new();
    for (r, f) in records.iter().zip(files) {
        let Ok(p) = Command::new("timeout")
            .arg("10")
            .arg("pdftotext")
            .arg(f)
            .arg("-")
            .output()
        else {
            continue;
        };
        let text = String::from_utf8_lossy(&p.stdout);
        if !p.status.success() || text.chars().filter(|c| c.is_alphabetic()).count() < 20 {
            continue;
        }
        theirs += 1;
        let ours = r["status"] == "ok" || r["status"] == "no_signatories";
        if !ours {
            missed.push(format!("{}: {}", f.display(), r["error"]));
        }
    }
    eprintln!(
        "pdftotext read text from {theirs} files; we missed {}",
        missed.len()
    );
    assert!(
        missed.is_empty(),
        "files pdftotext reads but we do not:\n{}",
        missed.join("\n")
    );
}
