//! `whosigned compare`: who joined and who left between two statements.
//!
//! ```text
//! whosigned compare A B [--json]
//! ```
//! A and B are each a PDF (read here, in this process) or a record file
//! (`.jsonl` holding exactly one record, or `.json`: one record as
//! `extract --out-dir` writes it). Prints the States in B but not A (joined),
//! in A but not B (left) and in both, each sorted by canonical name:
//!
//! ```text
//! A: statement-2023.pdf (41 signatories, 2023-06-14)
//! B: statement-2024.pdf (44 signatories, 2024-06-14)
//! joined (4): FRA France, ...
//! left (1): ...
//! both (40): ...
//! ```
//! The date is the one printed in the statement, `no date` when it gives
//! none. `--json` prints one object instead:
//! `{"a": {"path", "signatories", "date"}, "b": {...}, "joined": [{"iso3",
//! "name"}], "left": [...], "both": [...]}` (`date` null when none).
//!
//! Exit status 0 when both sides were compared, 1 when a side could not be
//! read (its record has status `error` or `needs_ocr`: there is no list to
//! compare), 2 on bad usage (a missing file, a record file that does not hold
//! exactly one record).

use super::{EXIT_OK, EXIT_SOME_FAILED};
use anyhow::{bail, Result};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use whosigned::gazetteer::{fold, Gazetteer};
use whosigned::record::{Changes, Record, Status};

/// Who joined and who left between two statements (PDFs or records).
#[derive(clap::Args)]
pub struct Args {
    /// The earlier statement: a PDF, or a .jsonl/.json file with its record.
    pub a: PathBuf,
    /// The later statement: a PDF, or a .jsonl/.json file with its record.
    pub b: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

fn is_record_file(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("jsonl") || x.eq_ignore_ascii_case("json"))
}

/// The one record in a record file.
fn read_record(path: &Path) -> Result<Record> {
    let mut records = super::read_records(path)?;
    if records.len() != 1 {
        bail!(
            "{} holds {} records; compare takes one record per side",
            path.display(),
            records.len()
        );
    }
    Ok(records.remove(0))
}

fn load(path: &Path) -> Result<Record> {
    if is_record_file(path) {
        return read_record(path);
    }
    super::read_pdf(path)
}

/// A record's signatories: code -> canonical name (the gazetteer's, or the
/// record's for a code this build does not know).
fn signed(r: &Record) -> BTreeMap<&str, String> {
    let g = Gazetteer::get();
    r.signatories
        .iter()
        .map(|s| {
            let name = g
                .by_iso3(&s.iso3)
                .map_or_else(|| s.name.clone(), |e| e.name.clone());
            (s.iso3.as_str(), name)
        })
        .collect()
}

/// Sorted by canonical name (accents and case folded), then code.
fn sorted(mut v: Vec<(&str, String)>) -> Vec<(&str, String)> {
    v.sort_by_cached_key(|(code, name)| (fold::fold(name), name.clone(), code.to_string()));
    v
}

/// The entries of `from` whose code passes `keep`, sorted.
fn pick<'a>(
    from: &BTreeMap<&'a str, String>,
    keep: impl Fn(&str) -> bool,
) -> Vec<(&'a str, String)> {
    sorted(
        from.iter()
            .filter(|(c, _)| keep(c))
            .map(|(c, n)| (*c, n.clone()))
            .collect(),
    )
}

fn side_json(r: &Record, count: usize) -> Value {
    json!({
        "path": r.source.path,
        "signatories": count,
        "date": r.date.as_ref().map(|d| d.value.clone()),
    })
}

fn list_json(v: &[(&str, String)]) -> Value {
    Value::Array(
        v.iter()
            .map(|(iso3, name)| json!({"iso3": iso3, "name": name}))
            .collect(),
    )
}

fn list_text(label: &str, v: &[(&str, String)]) -> String {
    let items: Vec<String> = v.iter().map(|(c, n)| format!("{c} {n}")).collect();
    if items.is_empty() {
        format!("{label} (0):")
    } else {
        format!("{label} ({}): {}", items.len(), items.join(", "))
    }
}

fn side_text(label: &str, r: &Record, count: usize) -> String {
    let date = r.date.as_ref().map_or("no date", |d| d.value.as_str());
    format!(
        "{label}: {} ({count} signator{}, {date})",
        r.source.path,
        if count == 1 { "y" } else { "ies" }
    )
}

/// Why a record has no list to compare, or None when it has one.
fn unreadable(r: &Record) -> Option<String> {
    let why = match r.status {
        Status::Error => r
            .error
            .as_ref()
            .map_or_else(|| "error".to_string(), |e| format!("error: {}", e.message)),
        Status::NeedsOcr => "needs OCR (no text layer)".to_string(),
        Status::Ok | Status::NoSignatories => return None,
    };
    Some(format!("{}: {why}", r.source.path))
}

pub fn run(a: Args) -> Result<i32> {
    let ra = load(&a.a)?;
    let rb = load(&a.b)?;
    let mut failed = false;
    for (label, r) in [("A", &ra), ("B", &rb)] {
        if let Some(why) = unreadable(r) {
            eprintln!("whosigned: {label}: {why}: no signatories to compare");
            failed = true;
        }
    }
    if failed {
        return Ok(EXIT_SOME_FAILED);
    }
    let (sa, sb) = (signed(&ra), signed(&rb));
    let changes = Changes::between(&ra, &rb);
    let in_list = |list: &[String], c: &str| list.binary_search_by(|x| x.as_str().cmp(c)).is_ok();
    let joined = pick(&sb, |c| in_list(&changes.joined, c));
    let left = pick(&sa, |c| in_list(&changes.left, c));
    let both = pick(&sb, |c| in_list(&changes.both, c));

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if a.json {
        let v = json!({
            "a": side_json(&ra, sa.len()),
            "b": side_json(&rb, sb.len()),
            "joined": list_json(&joined),
            "left": list_json(&left),
            "both": list_json(&both),
        });
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", side_text("A", &ra, sa.len()))?;
        writeln!(out, "{}", side_text("B", &rb, sb.len()))?;
        writeln!(out, "{}", list_text("joined", &joined))?;
        writeln!(out, "{}", list_text("left", &left))?;
        writeln!(out, "{}", list_text("both", &both))?;
    }
    out.flush()?;
    Ok(EXIT_OK)
}
