//! `whosigned verify`: check extraction against expected records.
//!
//! ```text
//! whosigned verify DIR [--bless] [-j N] [--as-of DATE]
//! ```
//! For every `X.pdf` under DIR with `X.expected.json` beside it, extract and
//! compare: States added or missing, then any other field that changed. Exit 1
//! on any difference. `--bless` writes the current output as the expected
//! file instead (for every PDF under DIR), so that a changed expectation is a
//! reviewed diff in version control. Paths in records are relative to DIR, so
//! the expected files do not depend on where the check runs. A statement
//! without a date counts group membership on the day of the run; so that its
//! expected file does not fail on a later day, that day is taken from the
//! expected files (the `as_of` of a group count whose source is `today`), or
//! from `--as-of`.

use super::{EXIT_INTERRUPTED, EXIT_OK, EXIT_SOME_FAILED};
use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;
use whosigned::record::Record;
use whosigned::worker::{self, Job, PoolConfig};
use whosigned::Options;

/// Compare extraction with X.expected.json files (or --bless them).
#[derive(clap::Args)]
pub struct Args {
    /// Folder of X.pdf files with X.expected.json beside them.
    pub dir: PathBuf,
    /// Write the expected files from the current output instead of comparing.
    #[arg(long)]
    pub bless: bool,
    /// Files read at once.
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// The day that stands for "today" in statements without a date
    /// (YYYY-MM-DD). Default: the day the expected files were blessed on,
    /// read from them, else today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// OCR of pages without text, as for `extract` (`never`: check what a
    /// machine without tesseract gives).
    #[arg(long, value_enum, default_value = "auto")]
    pub ocr: super::extract::Ocr,
}

/// The day the expected files under `inputs` were made on, as their
/// undated statements' group counts say (`as_of_source: today`).
fn blessed_on(pdfs: &[PathBuf]) -> Option<chrono::NaiveDate> {
    pdfs.iter().find_map(|pdf| {
        let bytes = std::fs::read(expected_path(pdf)).ok()?;
        let r: Record = serde_json::from_slice(&bytes).ok()?;
        let g = r
            .groups
            .iter()
            .find(|g| g.as_of_source == whosigned::record::AsOfSource::Today)?;
        g.as_of.parse().ok()
    })
}

fn expected_path(pdf: &Path) -> PathBuf {
    pdf.with_extension("expected.json")
}

/// Differences between two records, one line each, readable.
pub fn diff(expected: &Record, got: &Record) -> Vec<String> {
    let mut out = Vec::new();
    // Signatories are a set keyed by code: one State added or removed is
    // one line, not a change in every later position.
    let find = |r: &'_ Record, iso3: &str| r.signatories.iter().position(|s| s.iso3 == iso3);
    for s in &expected.signatories {
        if find(got, &s.iso3).is_none() {
            out.push(format!("- missing signatory {} {}", s.iso3, s.name));
        }
    }
    for s in &got.signatories {
        if find(expected, &s.iso3).is_none() {
            out.push(format!("+ extra signatory {} {}", s.iso3, s.name));
        }
    }
    let common = |a: &Record, b: &Record| -> Vec<String> {
        a.signatories
            .iter()
            .filter(|s| find(b, &s.iso3).is_some())
            .map(|s| s.iso3.clone())
            .collect()
    };
    let (e_order, g_order) = (common(expected, got), common(got, expected));
    if e_order != g_order {
        out.push(format!(
            "~ signatory order: expected {}, got {}",
            e_order.join(" "),
            g_order.join(" ")
        ));
    }
    for s in &expected.signatories {
        if let Some(i) = find(got, &s.iso3) {
            if let (Ok(e), Ok(g)) = (
                serde_json::to_value(s),
                serde_json::to_value(&got.signatories[i]),
            ) {
                value_diff(&format!("signatories[{}]", s.iso3), &e, &g, &mut out);
            }
        }
    }
    let rest = |r: &Record| {
        let mut v = serde_json::to_value(r).ok()?;
        v.as_object_mut()?.remove("signatories");
        Some(v)
    };
    if let (Some(e), Some(g)) = (rest(expected), rest(got)) {
        value_diff("", &e, &g, &mut out);
    }
    out
}

/// Every difference between two JSON values, once each, by path.
fn value_diff(at: &str, e: &Value, g: &Value, out: &mut Vec<String>) {
    if e == g {
        return;
    }
    match (e, g) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let null = Value::Null;
                value_diff(
                    &format!("{at}.{k}"),
                    a.get(k).unwrap_or(&null),
                    b.get(k).unwrap_or(&null),
                    out,
                );
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                value_diff(&format!("{at}[{i}]"), x, y, out);
            }
        }
        _ => out.push(format!(
            "~ {}: expected {}, got {}",
            at.trim_start_matches('.'),
            e,
            g
        )),
    }
}

/// At most this many lines of differences are printed per file; the rest
/// are counted, so that one broken file does not bury the others.
const MAX_DIFF_LINES: usize = 40;

/// The lines to print for one file's differences: at most
/// [`MAX_DIFF_LINES`], then how many were left out.
fn shortened(d: &[String]) -> Vec<String> {
    let mut out: Vec<String> = d.iter().take(MAX_DIFF_LINES).cloned().collect();
    if d.len() > MAX_DIFF_LINES {
        out.push(format!(
            "… and {} more differences",
            d.len() - MAX_DIFF_LINES
        ));
    }
    out
}

pub fn run(a: Args) -> Result<i32> {
    if !a.dir.is_dir() {
        bail!("{} is not a folder", a.dir.display());
    }
    let mut inputs = Vec::new();
    for e in walkdir::WalkDir::new(&a.dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let p = e.path();
        if !e.file_type().is_file() || !p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
        {
            continue;
        }
        if !a.bless && !expected_path(p).exists() {
            continue;
        }
        let rel = p
            .strip_prefix(&a.dir)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned();
        inputs.push((p.to_path_buf(), rel));
    }
    if inputs.is_empty() {
        bail!(
            "no X.pdf with X.expected.json beside it under {}",
            a.dir.display()
        );
    }
    let paths: Vec<PathBuf> = inputs.iter().map(|(path, _)| path.clone()).collect();
    let cfg = PoolConfig {
        workers: a
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        timeout: Duration::from_secs(30),
        max_memory: 1 << 30,
        options: Options {
            today: Some(
                a.as_of
                    .or_else(|| blessed_on(&paths))
                    .unwrap_or_else(|| chrono::Local::now().date_naive()),
            ),
            // Files are read in workers, where pdf-extract may run.
            fallback: true,
            ocr: a
                .ocr
                .settings(None, whosigned::pdf::ocr::PAGE_BUDGET.as_secs_f64()),
            ..Options::default()
        },
        // Fixtures are checked against the bundled names only.
        names: None,
        exe: std::env::current_exe().context("finding this program to start workers")?,
        exe_args: Vec::new(),
    };
    let stop = AtomicBool::new(false);
    let mut records = Vec::new();
    let jobs = inputs
        .into_iter()
        .map(|(path, display)| Job::Read { path, display });
    worker::run(jobs, &cfg, &stop, |r| records.push(r))?;
    if stop.load(std::sync::atomic::Ordering::SeqCst) {
        eprintln!("interrupted: Ctrl-C reached a worker before every file was read");
        return Ok(EXIT_INTERRUPTED);
    }
    let (mut differ, mut same) = (0, 0);
    for (pdf, got) in paths.iter().zip(&records) {
        let exp_path = expected_path(pdf);
        if a.bless {
            whosigned::sink::write_atomically(&exp_path, &whosigned::sink::to_pretty_json(got)?)?;
            continue;
        }
        let expected: Record = serde_json::from_slice(&std::fs::read(&exp_path)?)
            .with_context(|| format!("reading {}", exp_path.display()))?;
        let d = diff(&expected, got);
        if d.is_empty() {
            same += 1;
        } else {
            differ += 1;
            println!("{}:", got.source.path);
            for line in shortened(&d) {
                println!("  {line}");
            }
        }
    }
    if a.bless {
        eprintln!("wrote {} expected files", records.len());
        return Ok(EXIT_OK);
    }
    eprintln!("{same} passed, {differ} failed");
    Ok(if differ > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_record() -> Record {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/en_semicolon_groff.expected.json"
        );
        serde_json::from_slice(&std::fs::read(path).expect("fixture")).expect("record")
    }

    #[test]
    fn one_state_removed_is_one_line_not_a_shift() {
        let expected = fixture_record();
        let mut got = expected.clone();
        let gone = got.signatories.remove(0);
        let d = diff(&expected, &got);
        assert_eq!(
            d[0],
            format!("- missing signatory {} {}", gone.iso3, gone.name)
        );
        assert!(
            d.iter().all(|l| !l.starts_with("~ signatories[")),
            "later signatories did not change: {d:#?}"
        );
    }

    #[test]
    fn each_changed_field_is_printed_once() {
        let expected = fixture_record();
        let mut got = expected.clone();
        got.mentions.clear();
        let d = diff(&expected, &got);
        assert_eq!(
            d.iter().filter(|l| l.starts_with("~ mentions")).count(),
            1,
            "{d:#?}"
        );
    }

    #[test]
    fn a_long_diff_says_how_much_it_left_out() {
        let d: Vec<String> = (0..45).map(|i| format!("line {i}")).collect();
        let s = shortened(&d);
        assert_eq!(s.len(), MAX_DIFF_LINES + 1);
        assert_eq!(s[MAX_DIFF_LINES], "… and 5 more differences");
        assert_eq!(shortened(&d[..3]).len(), 3);
    }

    #[test]
    fn the_day_of_blessing_is_read_from_an_undated_statements_expected_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pdf = dir.path().join("x.pdf");
        let mut r = fixture_record();
        r.date = None;
        let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).expect("day");
        r.groups = whosigned::pipeline::group_counts(
            &r.signatories,
            day,
            whosigned::record::AsOfSource::Today,
        );
        std::fs::write(expected_path(&pdf), serde_json::to_vec(&r).expect("json")).expect("write");
        assert_eq!(blessed_on(std::slice::from_ref(&pdf)), Some(day));
        // A dated statement says nothing about the day of blessing.
        r.groups = whosigned::pipeline::group_counts(
            &r.signatories,
            day,
            whosigned::record::AsOfSource::Document,
        );
        std::fs::write(expected_path(&pdf), serde_json::to_vec(&r).expect("json")).expect("write");
        assert_eq!(blessed_on(&[pdf]), None);
    }

    #[test]
    fn a_changed_order_is_said_once() {
        let expected = fixture_record();
        let mut got = expected.clone();
        got.signatories.swap(0, 1);
        let d = diff(&expected, &got);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].starts_with("~ signatory order: expected "), "{d:#?}");
    }
}
