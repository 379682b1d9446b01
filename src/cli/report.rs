//! `whosigned report`: one self-contained HTML page about records or PDFs.
//!
//! ```text
//! whosigned report RECORDS|PDF... [-o report.html|-] [--group ID] [--as-of DATE]
//! ```
//! Inputs and the map are as for `whosigned map` (one statement: signed /
//! members of `--group` that did not sign / not members; two: joined /
//! left; more: how many each State signed). The page holds the map with its
//! text alternative; for two records or more, the State × document matrix
//! (sortable, with a search box); then per document a link to its PDF, its
//! signatories as printed with pages and roles, its group counts ("X of Y")
//! with who did not sign, and the names left for review. It loads nothing
//! from elsewhere (no script, style or font files), works offline and
//! prints. Links to the PDFs are relative to the report's folder (the
//! records' paths are taken as relative to the current folder), so the
//! page works where it is written. The same records give the same bytes.
//! Exit statuses as for `map`.

use super::map::{colouring, load, write_output, Picture};
use super::EXIT_OK;
use anyhow::Result;
use std::path::{Component, Path, PathBuf};
use whosigned::picture::report;

/// Write a one-page HTML report: the map, the lists, the matrix.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub picture: Picture,
}

/// `path` with `.` and `..` resolved without asking the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A path as a URL path: bytes outside the unreserved set and `/`
/// percent-encoded.
fn url_path(p: &Path) -> String {
    let mut s = String::new();
    for b in p.to_string_lossy().as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                s.push(*b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}

/// The link from a report in `report_dir` to the PDF at `pdf` (a record's
/// path: absolute, or relative to `cwd`).
fn href(pdf: &str, report_dir: &Path, cwd: &Path) -> String {
    let pdf = Path::new(pdf);
    if pdf.is_absolute() {
        return format!("file://{}", url_path(pdf));
    }
    let target = lexical(&cwd.join(pdf));
    let from = lexical(&cwd.join(report_dir));
    let (t, f): (Vec<_>, Vec<_>) = (target.components().collect(), from.components().collect());
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut rel = PathBuf::new();
    for _ in common..f.len() {
        rel.push("..");
    }
    for c in &t[common..] {
        rel.push(c);
    }
    url_path(&rel)
}

pub fn run(a: Args) -> Result<i32> {
    let records = load(&a.picture.inputs)?;
    let c = match colouring(&records, &a.picture)? {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let cwd = std::env::current_dir()?;
    let dir = a
        .picture
        .output
        .as_deref()
        .filter(|p| *p != Path::new("-"))
        .and_then(Path::parent)
        .unwrap_or(Path::new(""));
    let hrefs: Vec<String> = records
        .iter()
        .map(|r| href(&r.source.path, dir, &cwd))
        .collect();
    let page = report::html(&records, &c, &hrefs);
    write_output(a.picture.output.as_deref(), page.as_bytes())?;
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_to_the_report() {
        let cwd = Path::new("/work/repo");
        assert_eq!(
            href("fixtures/a b.pdf", Path::new("docs"), cwd),
            "../fixtures/a%20b.pdf"
        );
        assert_eq!(href("./a.pdf", Path::new(""), cwd), "a.pdf");
        assert_eq!(href("a.pdf", Path::new("../out"), cwd), "../repo/a.pdf");
        assert_eq!(
            href("/data/x.pdf", Path::new("docs"), cwd),
            "file:///data/x.pdf"
        );
    }
}
