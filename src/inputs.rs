//! Inputs stage: the command line's files, folders and lists to the ordered
//! list of PDFs to read.
//!
//! Files named on the command line are taken whatever their name; folders are
//! walked recursively for `*.pdf` (any case), sorted by name. Lists given with
//! `--files-from` hold one path per line. The result keeps the order given,
//! drops repeats, and carries the problems met on the way (a missing file, an
//! unreadable folder, a symlink loop) as inputs of their own, so that each
//! becomes an error record rather than stopping the run. This stage reads no
//! file contents.

use crate::record::ErrorKind;
use std::collections::HashSet;
use std::ffi::OsString;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub path: PathBuf,
    /// The path as text for records (lossy where the name is not UTF-8).
    pub display: String,
    /// Set when the input cannot be read at all.
    pub problem: Option<(ErrorKind, String)>,
}

impl Input {
    fn new(path: PathBuf) -> Input {
        let display = path.to_string_lossy().into_owned();
        Input {
            path,
            display,
            problem: None,
        }
    }
}

/// Which part of a batch this run takes: `K/N`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 1/4")?;
        let index: u64 = k
            .trim()
            .parse()
            .map_err(|_| format!("bad shard index {k:?}"))?;
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("bad shard count {n:?}"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("shard {s} is out of range: K must be 1..=N"));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Stable: depends only on the path's text.
    pub fn contains(&self, display: &str) -> bool {
        use sha2::{Digest, Sha256};
        let h = Sha256::digest(display.as_bytes());
        let v = u64::from_be_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]]);
        v % self.count == self.index - 1
    }
}

fn is_pdf_name(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Expands one command-line argument.
fn expand(path: PathBuf, out: &mut Vec<Input>) {
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(e) => {
            let mut i = Input::new(path);
            i.problem = Some((ErrorKind::Unreadable, e.to_string()));
            out.push(i);
            return;
        }
    };
    if !meta.is_dir() {
        out.push(Input::new(path));
        return;
    }
    let walk = WalkDir::new(&path).follow_links(true).sort_by_file_name();
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() && is_pdf_name(e.path()) => {
                out.push(Input::new(e.into_path()))
            }
            Ok(_) => {}
            Err(e) => {
                let p = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| path.clone());
                let why = if e.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else {
                    e.io_error()
                        .map_or_else(|| e.to_string(), |io| io.to_string())
                };
                let mut i = Input::new(p);
                i.problem = Some((ErrorKind::Unreadable, why));
                out.push(i);
            }
        }
    }
}

/// Reads a `--files-from` list (`-` for standard input): one path per line,
/// blank lines and a trailing carriage return ignored.
pub fn read_list(list: &Path) -> std::io::Result<Vec<PathBuf>> {
    let reader: Box<dyn BufRead> = if list == Path::new("-") {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::new(std::fs::File::open(list)?))
    };
    let mut out = Vec::new();
    for line in reader.split(b'\n') {
        let mut line = line?;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        out.push(PathBuf::from(bytes_to_os(line)));
    }
    Ok(out)
}

#[cfg(unix)]
fn bytes_to_os(b: Vec<u8>) -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(b)
}

#[cfg(not(unix))]
fn bytes_to_os(b: Vec<u8>) -> OsString {
    OsString::from(String::from_utf8_lossy(&b).into_owned())
}

/// All inputs, in order, without repeats, restricted to `shard`.
pub fn collect(args: &[PathBuf], shard: Option<Shard>) -> Vec<Input> {
    let mut all = Vec::new();
    for a in args {
        expand(a.clone(), &mut all);
    }
    let mut seen = HashSet::new();
    all.retain(|i| seen.insert(i.path.clone()));
    if let Some(s) = shard {
        all.retain(|i| s.contains(&i.display));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_sorted_and_repeats_dropped() {
        let dir = tempfile::tempdir().unwrap();
        for n in ["b.pdf", "a.PDF", "notes.txt"] {
            std::fs::write(dir.path().join(n), b"%PDF-1.4").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/c.pdf"), b"%PDF-1.4").unwrap();
        let a = dir.path().join("b.pdf");
        let got = collect(&[a.clone(), dir.path().to_path_buf()], None);
        let names: Vec<String> = got
            .iter()
            .map(|i| {
                i.path
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["b.pdf", "a.PDF", "sub/c.pdf"]);
    }

    #[test]
    fn a_missing_file_is_an_input_with_a_problem() {
        let got = collect(&[PathBuf::from("/no/such/file.pdf")], None);
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].problem.as_ref().map(|p| p.0),
            Some(ErrorKind::Unreadable)
        );
    }

    #[test]
    fn shards_partition_the_inputs() {
        let names: Vec<String> = (0..100).map(|i| format!("f{i}.pdf")).collect();
        let shards: Vec<Shard> = (1..=3).map(|k| format!("{k}/3").parse().unwrap()).collect();
        for n in &names {
            assert_eq!(shards.iter().filter(|s| s.contains(n)).count(), 1);
        }
        assert!("0/3".parse::<Shard>().is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        std::fs::write(dir.path().join("x.pdf"), b"%PDF").unwrap();
        let got = collect(&[dir.path().to_path_buf()], None);
        assert!(got
            .iter()
            .any(|i| i.problem.as_ref().is_some_and(|p| p.1.contains("loop"))));
        assert!(got.iter().any(|i| i.path.ends_with("x.pdf")));
    }
}
