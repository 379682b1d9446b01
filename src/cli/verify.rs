//! `whosigned verify`: check extraction against expected records.
//!
//! ```text
//! whosigned verify DIR [--bless]
//! ```
//! For every `X.pdf` under DIR with `X.expected.json` beside it, extract and
//! compare: States added or missing, then any other field that changed. Exit 1
//! on any difference. `--bless` writes the current output as the expected
//! file instead (for every PDF under DIR), so that a changed expectation is a
//! reviewed diff in version control. Paths in records are relative to DIR, so
//! the expected files do not depend on where the check runs.

use super::{EXIT_OK, EXIT_SOME_FAILED};
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
}

fn expected_path(pdf: &Path) -> PathBuf {
    pdf.with_extension("expected.json")
}

/// Differences between two records, one line each, readable.
pub fn diff(expected: &Record, got: &Record) -> Vec<String> {
    let mut out = Vec::new();
    let codes = |r: &Record| {
        r.signatories
            .iter()
            .map(|s| (s.iso3.clone(), s.name.clone()))
            .collect::<Vec<_>>()
    };
    let (e, g) = (codes(expected), codes(got));
    for (iso3, name) in &e {
        if !g.iter().any(|(c, _)| c == iso3) {
            out.push(format!("- missing signatory {iso3} {name}"));
        }
    }
    for (iso3, name) in &g {
        if !e.iter().any(|(c, _)| c == iso3) {
            out.push(format!("+ extra signatory {iso3} {name}"));
        }
    }
    let (ev, gv) = match (serde_json::to_value(expected), serde_json::to_value(got)) {
        (Ok(a), Ok(b)) => (a, b),
        _ => return out,
    };
    value_diff("", &ev, &gv, &mut out);
    out
}

fn value_diff(at: &str, e: &Value, g: &Value, out: &mut Vec<String>) {
    if out.len() > 40 || e == g {
        return;
    }
    match (e, g) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.dedup();
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
        options: Options::default(),
        exe: std::env::current_exe().context("finding this program to start workers")?,
    };
    let stop = AtomicBool::new(false);
    let mut records = Vec::new();
    let jobs = inputs
        .into_iter()
        .map(|(path, display)| Job::Read { path, display });
    worker::run(jobs, &cfg, &stop, |r| records.push(r));
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
            for line in d {
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
