//! Inputs stage: the command line's files, folders and lists to the stream of
//! PDFs to read.
//!
//! Files named on the command line are taken whatever their name; folders are
//! walked recursively for `*.pdf` (any case), sorted by name. Lists given with
//! `--files-from` hold one path per line. The stream keeps the order given,
//! drops repeats (the same file under another spelling, `a.pdf`, `./a.pdf`,
//! `/abs/a.pdf`, a symbolic link, is a repeat: inputs are told apart by their
//! canonical path; hard links are separate names, each with its record),
//! refuses the run's own output as an input ([`Outputs`]), and carries the problems met on the way (a missing file, an
//! unreadable folder, a symlink loop, a list that cannot be read further) as
//! inputs of their own, so that each becomes an error record rather than
//! stopping the run. This stage reads no file contents.
//!
//! Inputs are produced lazily, so a batch of a million paths never holds a
//! million paths: what stays in memory is one 8-byte key per input (to drop
//! repeats) and the entries of the folder being walked (walking sorted needs
//! one folder's names at a time).
//!
//! With a shard (`--shard K/N`, one task of a job array), every task walks
//! all the inputs and keeps its part of each block of them ([`shard`]: by
//! size and count, in input order, the same on every node); each input
//! carries its place in the whole batch ([`Input::ordinal`]), from which
//! `whosigned merge` puts the parts back in order.

pub mod shard;

pub use shard::{Shard, ShardSpec};

use crate::record::ErrorKind;
use std::collections::{HashSet, VecDeque};
use std::ffi::OsString;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use walkdir::WalkDir;

/// One input of a batch: a file to read, or a problem met while finding the
/// files, which becomes an error record of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// The path as given on the command line, in a list, or found under a
    /// folder (not made absolute).
    pub path: PathBuf,
    /// The path as text for records (lossy where the name is not UTF-8; the
    /// record keeps the exact bytes beside it, see `Source::path_bytes`).
    pub display: String,
    /// Set when the input cannot be read at all.
    pub problem: Option<(ErrorKind, String)>,
    /// Set when the input is a file this run writes ([`Outputs`]): the run
    /// must stop before it reads or replaces anything.
    pub is_output: bool,
    /// Its place in the whole batch, from 0, after repeats are dropped and
    /// before the shard is taken: the same in every shard's run, which is
    /// how the parts of a sharded batch are put back in order.
    pub ordinal: u64,
}

impl Input {
    fn new(path: PathBuf) -> Input {
        let display = path.to_string_lossy().into_owned();
        Input {
            path,
            display,
            problem: None,
            is_output: false,
            ordinal: 0,
        }
    }
}

/// Which file a path names, whatever its spelling: an 8-byte key of its
/// device and inode (on systems without inodes, of its canonical path).
pub fn identity(path: &Path) -> Option<u64> {
    identity_of(path, &std::fs::metadata(path).ok()?)
}

#[cfg(unix)]
fn identity_of(_path: &Path, m: &std::fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&m.dev().to_le_bytes());
    b[8..].copy_from_slice(&m.ino().to_le_bytes());
    Some(path_key(&b))
}

#[cfg(not(unix))]
fn identity_of(path: &Path, _m: &std::fs::Metadata) -> Option<u64> {
    let c = std::fs::canonicalize(path).ok()?;
    Some(path_key(c.as_os_str().as_encoded_bytes()))
}

/// The files a run will write, so that none of its inputs is one of them:
/// `extract -o a.pdf a.pdf` would otherwise replace the PDF with records.
#[derive(Debug, Clone, Default)]
pub struct Outputs {
    /// Identities of output files that exist already.
    files: Vec<u64>,
    /// Identity of `--out-dir`: any `*.json` in it may be replaced by a
    /// record (`<stem>.json`), so none may be an input.
    json_dir: Option<u64>,
}

impl Outputs {
    /// Guards the output file `path` (if it exists; one that does not cannot
    /// be an input).
    pub fn file(mut self, path: &Path) -> Outputs {
        self.files.extend(identity(path));
        self
    }
    /// Guards the `*.json` files of the folder `dir` (if it exists).
    pub fn json_dir(mut self, dir: &Path) -> Outputs {
        self.json_dir = identity(dir);
        self
    }
    /// True when there is nothing to guard: no output file exists yet and
    /// there is no `--out-dir`.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.json_dir.is_none()
    }
    /// Whether `path`, whose identity is `id`, is one of the outputs.
    fn contains(&self, path: &Path, id: u64) -> bool {
        self.files.contains(&id)
            || self.json_dir.is_some_and(|d| {
                path.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"))
                    && path
                        .parent()
                        .map(|p| {
                            if p.as_os_str().is_empty() {
                                Path::new(".")
                            } else {
                                p
                            }
                        })
                        .and_then(identity)
                        == Some(d)
            })
    }
}

fn is_pdf_name(p: &Path) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// A `--files-from` list: one path per line, blank lines and a trailing
/// carriage return ignored.
pub type List = Box<dyn BufRead + Send>;

/// Opens a `--files-from` list (`-` for standard input).
pub fn open_list(list: &Path) -> std::io::Result<List> {
    Ok(if list == Path::new("-") {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        Box::new(std::io::BufReader::new(std::fs::File::open(list)?))
    })
}

/// The inputs of a batch, in order, without repeats, restricted to a shard.
///
/// With a shard, inputs are weighed (by their size) a block at a time and
/// split as [`shard`] describes: the stream yields this shard's inputs of a
/// block once the whole block has been found.
pub struct Inputs {
    args: std::vec::IntoIter<PathBuf>,
    list: Option<(PathBuf, List)>,
    walk: Option<(PathBuf, walkdir::IntoIter)>,
    shard: Option<(Shard, shard::Balancer)>,
    /// This shard's inputs of the block being handed out.
    ready: VecDeque<Input>,
    /// Inputs of the whole batch so far (after repeats), shared so that it
    /// can be read once the stream has been handed on.
    total: Arc<AtomicU64>,
    /// Keys ([`path_key`]) of the canonical paths given so far; of the path
    /// as given for an input that cannot be opened.
    seen: HashSet<u64>,
    outputs: Outputs,
    repeats: Arc<AtomicUsize>,
}

/// Streams `args` and then the paths of `list` (named `list_name` in error
/// records), expanding folders as they come.
pub fn stream(args: Vec<PathBuf>, list: Option<(PathBuf, List)>, shard: Option<Shard>) -> Inputs {
    Inputs {
        args: args.into_iter(),
        list,
        walk: None,
        shard: shard.map(|s| (s, shard::Balancer::new(s.count))),
        ready: VecDeque::new(),
        total: Arc::default(),
        seen: HashSet::new(),
        outputs: Outputs::default(),
        repeats: Arc::default(),
    }
}

/// An 8-byte key for a path's bytes, to tell paths apart without keeping
/// them (a collision between two of a million paths has odds of about 3 in
/// 10^8).
pub fn path_key(bytes: &[u8]) -> u64 {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(bytes);
    u64::from_le_bytes([h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]])
}

fn unreadable(path: PathBuf, why: String) -> Input {
    let mut i = Input::new(path);
    i.problem = Some((ErrorKind::Unreadable, why));
    i
}

impl Inputs {
    /// Marks inputs that are one of `outputs` ([`Input::is_output`]).
    pub fn guarding(mut self, outputs: Outputs) -> Inputs {
        self.outputs = outputs;
        self
    }

    /// A counter of the inputs dropped as repeats of an earlier one, which
    /// stays readable after the stream has been handed on.
    pub fn repeats(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.repeats)
    }

    /// A counter of the inputs of the whole batch found so far (all shards,
    /// after repeats): once the stream is spent, the batch's size.
    pub fn total(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.total)
    }

    /// The next path given (an argument or a list line), before expansion.
    fn next_given(&mut self) -> Option<Result<PathBuf, Input>> {
        if let Some(p) = self.args.next() {
            return Some(Ok(p));
        }
        let (name, list) = self.list.as_mut()?;
        loop {
            let mut line = Vec::new();
            match list.read_until(b'\n', &mut line) {
                Ok(0) => {
                    self.list = None;
                    return None;
                }
                Ok(_) => {
                    while matches!(line.last(), Some(b'\n' | b'\r')) {
                        line.pop();
                    }
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Ok(PathBuf::from(bytes_to_os(line))));
                }
                Err(e) => {
                    let name = name.clone();
                    self.list = None;
                    return Some(Err(unreadable(name, format!("reading the list: {e}"))));
                }
            }
        }
    }

    /// The next input before repeats and shards are dropped.
    fn next_raw(&mut self) -> Option<Input> {
        loop {
            if let Some((root, walk)) = self.walk.as_mut() {
                match walk.next() {
                    None => self.walk = None,
                    Some(Ok(e)) if e.file_type().is_file() && is_pdf_name(e.path()) => {
                        return Some(Input::new(e.into_path()))
                    }
                    Some(Ok(_)) => {}
                    Some(Err(e)) => {
                        let p = e.path().map_or_else(|| root.clone(), Path::to_path_buf);
                        let why = if e.loop_ancestor().is_some() {
                            "symbolic link loop".to_string()
                        } else {
                            e.io_error()
                                .map_or_else(|| e.to_string(), |io| io.to_string())
                        };
                        return Some(unreadable(p, why));
                    }
                }
                continue;
            }
            let path = match self.next_given()? {
                Ok(p) => p,
                Err(problem) => return Some(problem),
            };
            match std::fs::metadata(&path) {
                Err(e) => return Some(unreadable(path, e.to_string())),
                Ok(m) if m.is_dir() => {
                    let walk = WalkDir::new(&path).follow_links(true).sort_by_file_name();
                    self.walk = Some((path, walk.into_iter()));
                }
                Ok(_) => return Some(Input::new(path)),
            }
        }
    }
}

impl Inputs {
    /// The next input of the whole batch: repeats dropped, outputs marked,
    /// numbered ([`Input::ordinal`]).
    fn next_unique(&mut self) -> Option<Input> {
        loop {
            let mut i = self.next_raw()?;
            if i.problem.is_none() && !self.outputs.is_empty() {
                i.is_output =
                    identity(&i.path).is_some_and(|id| self.outputs.contains(&i.path, id));
            }
            let canonical = std::fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone());
            if !self
                .seen
                .insert(path_key(canonical.as_os_str().as_encoded_bytes()))
            {
                self.repeats.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            i.ordinal = self.total.fetch_add(1, Ordering::Relaxed);
            return Some(i);
        }
    }
}

impl Iterator for Inputs {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        loop {
            if let Some(i) = self.ready.pop_front() {
                return Some(i);
            }
            let Some((mine, balancer)) = self.shard.as_ref() else {
                return self.next_unique();
            };
            let (mine, len) = (mine.index - 1, balancer.block_len());
            let mut block = Vec::with_capacity(len.min(shard::BLOCK));
            while block.len() < len {
                match self.next_unique() {
                    Some(i) => block.push(i),
                    None => break,
                }
            }
            if block.is_empty() {
                return None;
            }
            // An input that cannot be read weighs as an empty file: every
            // task sees the same problem on a shared file system.
            let weights: Vec<u64> = block
                .iter()
                .map(|i| shard::weight(std::fs::metadata(&i.path).map_or(0, |m| m.len())))
                .collect();
            let owners = self.shard.as_mut()?.1.assign(&weights);
            // An output among the inputs is handed on whatever its shard, so
            // that the run stops before it is written over.
            self.ready.extend(
                block
                    .into_iter()
                    .zip(owners)
                    .filter(|(i, owner)| *owner as u64 == mine || i.is_output)
                    .map(|(i, _)| i),
            );
        }
    }
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
        let got = stream(vec![a.clone(), dir.path().to_path_buf()], None, None).collect::<Vec<_>>();
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
    fn lists_are_read_line_by_line_without_blanks_or_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
        for p in [&a, &b] {
            std::fs::write(p, b"%PDF-1.4").unwrap();
        }
        let text = format!("{}\r\n\n  \n{}\n{}", a.display(), b.display(), a.display());
        let list: List = Box::new(std::io::Cursor::new(text.into_bytes()));
        let got: Vec<PathBuf> = stream(vec![b.clone()], Some(("list".into(), list)), None)
            .map(|i| i.path)
            .collect();
        assert_eq!(got, [b, a]);
    }

    #[test]
    fn one_file_under_several_spellings_is_read_once_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.pdf");
        std::fs::write(&a, b"%PDF-1.4").unwrap();
        let dotted = dir.path().join(".").join("sub/../a.pdf");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        // A hard link is another name of its own: the user filed it there.
        let linked = dir.path().join("sub/b.pdf");
        std::fs::hard_link(&a, &linked).unwrap();
        let s = stream(
            vec![a.clone(), dotted, dir.path().to_path_buf()],
            None,
            None,
        );
        let repeats = s.repeats();
        let got: Vec<PathBuf> = s.map(|i| i.path).collect();
        assert_eq!(got, [a, linked]);
        assert_eq!(repeats.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn an_output_among_the_inputs_is_marked_whatever_its_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
        for p in [&a, &b] {
            std::fs::write(p, b"%PDF-1.4").unwrap();
        }
        let marked = |outputs: Outputs, inputs: Vec<PathBuf>| -> Vec<bool> {
            stream(inputs, None, None)
                .guarding(outputs)
                .map(|i| i.is_output)
                .collect()
        };
        let spelled = dir.path().join("sub/../b.pdf");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        assert_eq!(
            marked(Outputs::default().file(&spelled), vec![dir.path().into()]),
            [false, true]
        );
        // A file that does not exist yet cannot be an input.
        let none = Outputs::default().file(&dir.path().join("new.pdf"));
        assert!(none.is_empty());
        // Records in --out-dir are `<stem>.json`: a JSON input there is one.
        let json = dir.path().join("a.json");
        std::fs::write(&json, b"{}").unwrap();
        let out_dir = Outputs::default().json_dir(dir.path());
        assert_eq!(marked(out_dir, vec![a.clone(), json]), [false, true]);
    }

    #[test]
    fn a_missing_file_is_an_input_with_a_problem() {
        let got = stream(vec![PathBuf::from("/no/such/file.pdf")], None, None).collect::<Vec<_>>();
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].problem.as_ref().map(|p| p.0),
            Some(ErrorKind::Unreadable)
        );
    }

    /// Names of the inputs of shard `k/n` of `args`, relative to `root`.
    fn shard_names(args: Vec<PathBuf>, root: &Path, k: u64, n: u64) -> Vec<(u64, String)> {
        stream(args, None, Some(Shard { index: k, count: n }))
            .map(|i| {
                let rel = i.path.strip_prefix(root).unwrap_or(&i.path);
                (i.ordinal, rel.display().to_string())
            })
            .collect()
    }

    #[test]
    fn shards_partition_the_inputs_in_input_order() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..50 {
            // Sizes from 1 to 50 KB, so that weights differ.
            std::fs::write(
                dir.path().join(format!("f{i:02}.pdf")),
                vec![b'%'; 1000 * (i + 1)],
            )
            .unwrap();
        }
        let all = shard_names(vec![dir.path().into()], dir.path(), 1, 1);
        assert_eq!(all.len(), 50);
        let mut seen: Vec<(u64, String)> = Vec::new();
        for k in 1..=3 {
            let part = shard_names(vec![dir.path().into()], dir.path(), k, 3);
            assert!(!part.is_empty());
            // Each part is in input order.
            assert!(part.windows(2).all(|w| w[0].0 < w[1].0), "{part:?}");
            seen.extend(part);
        }
        seen.sort();
        assert_eq!(seen, all);
    }

    /// The split depends on the inputs' order and sizes, not on how their
    /// folder is spelled or mounted: two nodes that see the same folder
    /// under different paths give each file the same shard.
    #[cfg(unix)]
    #[test]
    fn a_folder_under_another_path_is_split_the_same_way() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("pdfs");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        for i in 0..30 {
            let name = if i % 3 == 0 {
                format!("sub/s{i}.pdf")
            } else {
                format!("f{i}.pdf")
            };
            std::fs::write(root.join(name), vec![b'%'; 700 * (i % 7 + 1)]).unwrap();
        }
        let mount = dir.path().join("mounted-elsewhere");
        std::os::unix::fs::symlink(&root, &mount).unwrap();
        for k in 1..=4 {
            assert_eq!(
                shard_names(vec![root.clone()], &root, k, 4),
                shard_names(vec![mount.clone()], &mount, k, 4)
            );
        }
    }

    #[test]
    fn the_batch_is_counted_whatever_the_shard() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            std::fs::write(dir.path().join(format!("{i}.pdf")), b"%PDF").unwrap();
        }
        let s = stream(
            vec![dir.path().into()],
            None,
            Some(Shard { index: 2, count: 2 }),
        );
        let total = s.total();
        let mine = s.count();
        assert!(mine < 5);
        assert_eq!(total.load(Ordering::Relaxed), 5);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
        std::fs::write(dir.path().join("x.pdf"), b"%PDF").unwrap();
        let got = stream(vec![dir.path().to_path_buf()], None, None).collect::<Vec<_>>();
        assert!(got
            .iter()
            .any(|i| i.problem.as_ref().is_some_and(|p| p.1.contains("loop"))));
        assert!(got.iter().any(|i| i.path.ends_with("x.pdf")));
    }
}
