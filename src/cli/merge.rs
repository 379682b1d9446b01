//! `whosigned merge`: the parts of a job array back into one file.
//!
//! ```text
//! whosigned merge PART... [-o FILE|-] [--inputs PATH... | --files-from LIST] [--resume]
//! ```
//! Each PART is the `-o FILE` of one `extract --shard` task (JSON Lines),
//! with the `FILE.manifest.json` its task wrote when it ended normally
//! (`whosigned::sink::manifest`). The merged file is, byte for byte, what
//! one `extract` over all the inputs writes: the same records in input order.
//!
//! Without the inputs, the manifests alone say where each record goes, and
//! a part that is missing, given twice, from an array of another size or
//! over other inputs, or cut short (no manifest, or a file that is not what
//! its task wrote) stops the merge with a message naming it. Given the
//! inputs (`--inputs`, `--files-from`, as `extract` was given them), merge
//! walks them and takes each input's record from the part that holds it,
//! so that every input must be in exactly one part; it names those that are
//! not. `--resume` lists instead the inputs that no finished part holds, for
//! `extract --files-from`. CSV and JSON-array parts are refused (their
//! records are not one per line); `--out-dir` tasks can share one folder
//! and need no merge.

use super::EXIT_OK;
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use whosigned::inputs;
use whosigned::record::Source;
use whosigned::sink::manifest::{self, Manifest, ManifestError};
use whosigned::sink::Target;

/// Merge the parts of a sharded run (`extract --shard`) into one JSON Lines
/// file, in input order: the same bytes as one `extract` over all inputs.
#[derive(clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// The parts: the -o FILE of each `extract --shard` task (JSON Lines),
    /// each with the FILE.manifest.json its task wrote when it finished.
    #[arg(required = true, value_name = "PART")]
    pub parts: Vec<PathBuf>,
    /// Write to FILE ("-" for stdout, the default); it appears under its
    /// name only once complete. With --resume, where the list goes.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The inputs the array's tasks were given (folders or files, spelled
    /// as they were given to extract): every input must then be in exactly
    /// one part, and those that are not are named.
    #[arg(long = "inputs", value_name = "PATH", num_args = 1..)]
    pub inputs: Vec<PathBuf>,
    /// More input paths, one per line ("-" for stdin), as extract's
    /// --files-from.
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Do not merge: list the inputs that no finished part holds (those of
    /// tasks that failed or were cut short), one per line, for
    /// `extract --files-from`. Needs the inputs.
    #[arg(long)]
    pub resume: bool,
}

const AFTER_HELP: &str = "A part is finished when its task ended normally: extract --shard -o FILE
then writes FILE.manifest.json. Merge stops (exit 2), naming the part or the
inputs, when a part is missing, given twice, from an array of another size,
or cut short, and, given the inputs, when an input is in no part or in two.

To finish a failed array, re-run its failed tasks (extract --shard K/N
--resume -o FILE goes on from FILE.partial), or list what is left:
  whosigned merge parts/*.jsonl --inputs pdfs/ --resume -o todo.txt
  whosigned extract --files-from todo.txt --shard 1/1 -o parts/rest.jsonl
  whosigned merge parts/*.jsonl --inputs pdfs/ -o records.jsonl";

/// A part and its manifest.
struct Part {
    path: PathBuf,
    manifest: Manifest,
}

/// Why a part cannot be used: it did not finish, or it changed since.
fn unfinished_reason(part: &Path, m: &Result<Manifest, ManifestError>) -> Option<String> {
    match m {
        Err(ManifestError::Missing(path)) => Some(format!(
            "{} has no manifest ({}): its task did not finish (failed, cut short or \
             still running), or it is not the output of extract --shard -o",
            part.display(),
            path.display()
        )),
        Err(e @ ManifestError::Unreadable(..)) => Some(format!("{}: {e}", part.display())),
        Ok(m) => match manifest::digest(part) {
            Err(e) => Some(format!("{}: {e}", part.display())),
            Ok((bytes, sha)) if bytes != m.bytes || sha != m.sha256 => Some(format!(
                "{} is not what its task wrote ({bytes} bytes now, {} when it finished): \
                 cut short or written over since",
                part.display(),
                m.bytes
            )),
            Ok(_) => None,
        },
    }
}

/// Reads every part's manifest; returns the finished parts and, for the
/// others, why they are not.
fn load(parts: &[PathBuf]) -> Result<(Vec<Part>, Vec<String>)> {
    let mut seen: HashMap<u64, &Path> = HashMap::new();
    let (mut finished, mut unfinished) = (Vec::new(), Vec::new());
    for path in parts {
        if let Some(id) = inputs::identity(path) {
            if let Some(first) = seen.insert(id, path) {
                bail!(
                    "{} and {} are the same file, given twice",
                    first.display(),
                    path.display()
                );
            }
        }
        let m = Manifest::read_beside(path);
        if let Some(why) = unfinished_reason(path, &m) {
            unfinished.push(why);
            continue;
        }
        let manifest = m.map_err(anyhow::Error::msg)?;
        if manifest.format != "jsonl" {
            bail!(
                "{} is a {} part: merge reads JSON Lines parts (extract's default \
                 --format jsonl); CSV and JSON-array parts are not merged",
                path.display(),
                manifest.format
            );
        }
        finished.push(Part {
            path: path.clone(),
            manifest,
        });
    }
    Ok((finished, unfinished))
}

/// Raises the limit of open files to what the parts need: merge reads all
/// of them side by side (one per task; arrays of a thousand tasks exceed
/// the usual soft limit of 1,024).
fn open_files_for(parts: usize) -> Result<()> {
    // Standard streams, the output, the inputs' walk and a few spare.
    const SPARE: u64 = 16;
    let need = parts as u64 + SPARE;
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) != 0 || lim.rlim_cur >= need {
            return Ok(());
        }
        if lim.rlim_max >= need {
            lim.rlim_cur = need;
            if libc::setrlimit(libc::RLIMIT_NOFILE, &lim) == 0 {
                return Ok(());
            }
        }
    }
    bail!(
        "{parts} parts need {need} open files, over this system's limit of {} (ulimit -n)",
        lim.rlim_max
    )
}

/// A part read one record at a time.
struct Reader<'a> {
    part: &'a Path,
    lines: BufReader<std::fs::File>,
    line_no: u64,
}

impl<'a> Reader<'a> {
    fn open(part: &'a Path) -> Result<Reader<'a>> {
        let f = std::fs::File::open(part).with_context(|| format!("reading {}", part.display()))?;
        Ok(Reader {
            part,
            lines: BufReader::new(f),
            line_no: 0,
        })
    }

    /// The next record's line, with its newline.
    fn next_line(&mut self) -> Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let n = self
            .lines
            .read_until(b'\n', &mut line)
            .with_context(|| format!("reading {}", self.part.display()))?;
        if n == 0 {
            return Ok(None);
        }
        self.line_no += 1;
        if line.last() != Some(&b'\n') {
            line.push(b'\n');
        }
        Ok(Some(line))
    }
}

/// The merged output: removed (its `.partial`) unless committed.
struct Output {
    target: Target,
    partial: Option<PathBuf>,
}

impl Output {
    fn open(path: Option<&Path>) -> Result<Output> {
        let target = Target::open(path)
            .with_context(|| format!("opening {}", path.unwrap_or("-".as_ref()).display()))?;
        let partial = match &target {
            Target::File(_) => path.map(whosigned::sink::OutputFile::partial_path),
            Target::Stdout(_) => None,
        };
        Ok(Output { target, partial })
    }
    fn write(&mut self, line: &[u8]) -> Result<()> {
        self.target
            .write_all(line)
            .context("writing the merged records")
    }
    fn commit(mut self) -> Result<()> {
        self.target.finish().context("finishing the output")?;
        self.partial = None;
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Some(p) = &self.partial {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Numbers as ranges, for messages: `3, 5-7`.
fn ranges(mut n: Vec<u64>) -> String {
    n.sort_unstable();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < n.len() {
        let mut j = i;
        while j + 1 < n.len() && n[j + 1] == n[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            n[i].to_string()
        } else {
            format!("{}-{}", n[i], n[j])
        });
        i = j + 1;
    }
    out.join(", ")
}

/// Checks that the parts are the whole of one array, from their manifests
/// alone: one N, one batch, each shard once, every input in one part.
/// Returns every run `(first place, how many, part)` in the batch's order.
fn check_array(parts: &[Part]) -> Result<Vec<(u64, u64, usize)>> {
    let Some(first) = parts.first() else {
        bail!("no finished part to merge");
    };
    let (n, total) = (first.manifest.shard.count, first.manifest.inputs_total);
    let mut by_index: BTreeMap<u64, &Path> = BTreeMap::new();
    for p in parts {
        let m = &p.manifest;
        if m.shard.count != n {
            bail!(
                "{} is shard {} but {} is shard {}: parts of arrays of different sizes",
                first.path.display(),
                first.manifest.shard,
                p.path.display(),
                m.shard
            );
        }
        if m.inputs_total != total {
            bail!(
                "{} comes from a batch of {total} inputs but {} from one of {}: \
                 parts of runs over different inputs",
                first.path.display(),
                p.path.display(),
                m.inputs_total
            );
        }
        if let Some(other) = by_index.insert(m.shard.index, &p.path) {
            bail!(
                "shard {} is given twice: {} and {}",
                m.shard,
                other.display(),
                p.path.display()
            );
        }
    }
    let missing: Vec<u64> = (1..=n).filter(|k| !by_index.contains_key(k)).collect();
    if !missing.is_empty() {
        bail!(
            "shard {} of {n} missing: every part is needed; re-run those tasks \
             (extract --shard K/{n} --resume), or give --inputs with --resume to list their inputs",
            ranges(missing)
        );
    }
    let mut runs: Vec<(u64, u64, usize)> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        runs.extend(p.manifest.runs.iter().map(|r| (r[0], r[1], i)));
    }
    runs.sort_unstable();
    let mut next = 0u64;
    for &(start, len, i) in &runs {
        if start < next {
            bail!(
                "input {start} of the batch is in two parts ({}): the tasks split the \
                 inputs differently (were files added or changed while the array ran?)",
                parts[i].path.display()
            );
        }
        if start > next {
            bail!(
                "inputs {next}-{} of the batch are in no part: the tasks split the \
                 inputs differently (were files added or changed while the array ran?)",
                start - 1
            );
        }
        next = start + len;
    }
    if next != total {
        bail!(
            "inputs {next}-{} of the batch are in no part",
            total.saturating_sub(1)
        );
    }
    Ok(runs)
}

/// Merges by the manifests alone.
fn merge_by_manifests(parts: &[Part], output: Option<&Path>) -> Result<u64> {
    let runs = check_array(parts)?;
    open_files_for(parts.len())?;
    let mut readers = parts
        .iter()
        .map(|p| Reader::open(&p.path))
        .collect::<Result<Vec<_>>>()?;
    let mut out = Output::open(output)?;
    let mut written = 0;
    for (_, len, i) in runs {
        for _ in 0..len {
            let r = &mut readers[i];
            let Some(line) = r.next_line()? else {
                bail!(
                    "{} ends after {} records, before all the inputs its manifest lists",
                    r.part.display(),
                    r.line_no
                );
            };
            out.write(&line)?;
            written += 1;
        }
    }
    for r in &mut readers {
        if r.next_line()?.is_some() {
            bail!(
                "{} has more records than its manifest lists",
                r.part.display()
            );
        }
    }
    out.commit()?;
    Ok(written)
}

/// What merge needs of a record: its input's path.
#[derive(serde::Deserialize)]
struct Head {
    source: Source,
}

/// A part's next record, keyed by its input's exact path.
fn head(r: &mut Reader) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
    let Some(line) = r.next_line()? else {
        return Ok(None);
    };
    let h: Head = serde_json::from_slice(&line).with_context(|| {
        format!(
            "{} line {}: not a whosigned record",
            r.part.display(),
            r.line_no
        )
    })?;
    Ok(Some((h.source.exact_path().into_owned(), line)))
}

/// At most this many names are listed in a message; the rest are counted.
const NAMED: usize = 20;

/// Merges by walking the inputs: each input's record comes from the part
/// whose next record it is. Parts are each in input order, so every part
/// that holds an input has it next when the walk reaches it.
fn merge_by_inputs(a: &Args, parts: &[Part]) -> Result<u64> {
    open_files_for(parts.len())?;
    let mut readers = parts
        .iter()
        .map(|p| Reader::open(&p.path))
        .collect::<Result<Vec<_>>>()?;
    // Each part's next record, by its path.
    let mut heads: HashMap<Vec<u8>, Vec<(usize, Vec<u8>)>> = HashMap::new();
    for (i, r) in readers.iter_mut().enumerate() {
        if let Some((key, line)) = head(r)? {
            heads.entry(key).or_default().push((i, line));
        }
    }
    let mut out = Output::open(a.output.as_deref())?;
    let (mut missing, mut missing_names) = (0u64, Vec::new());
    let mut twice: Vec<String> = Vec::new();
    let mut written = 0;
    for input in inputs_of(a)? {
        let key = input.path.as_os_str().as_encoded_bytes();
        let Some(holders) = heads.remove(key) else {
            missing += 1;
            if a.resume {
                out.write(key)?;
                out.write(b"\n")?;
            } else if missing_names.len() < NAMED {
                missing_names.push(input.display);
            }
            continue;
        };
        if holders.len() > 1 && twice.len() < NAMED {
            let names: Vec<String> = holders
                .iter()
                .map(|(i, _)| parts[*i].path.display().to_string())
                .collect();
            twice.push(format!("{} (in {})", input.display, names.join(" and ")));
        }
        if !a.resume {
            out.write(&holders[0].1)?;
            written += 1;
        }
        for (i, _) in holders {
            if let Some((key, line)) = head(&mut readers[i])? {
                heads.entry(key).or_default().push((i, line));
            }
        }
    }
    if !twice.is_empty() {
        bail!("inputs in two parts: {}", twice.join(", "));
    }
    if let Some((key, holders)) = heads.into_iter().next() {
        let r = &readers[holders[0].0];
        bail!(
            "{} line {}: the record of {} is not among the inputs, or out of their \
             order: give merge the inputs extract was given, spelled the same way",
            r.part.display(),
            r.line_no,
            String::from_utf8_lossy(&key)
        );
    }
    if missing > 0 && !a.resume {
        let more = missing - missing_names.len() as u64;
        bail!(
            "{missing} inputs are in no finished part: {}{}; re-run their tasks with \
             --resume, or list them all with merge --resume",
            missing_names.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
    }
    out.commit()?;
    Ok(if a.resume { missing } else { written })
}

/// The inputs as extract walks them, without a shard.
fn inputs_of(a: &Args) -> Result<inputs::Inputs> {
    let list = match &a.files_from {
        Some(name) => Some((
            name.clone(),
            inputs::open_list(name).with_context(|| format!("reading {}", name.display()))?,
        )),
        None => None,
    };
    Ok(inputs::stream(a.inputs.clone(), list, None))
}

pub fn run(a: Args) -> Result<i32> {
    let given_inputs = !a.inputs.is_empty() || a.files_from.is_some();
    if a.resume && !given_inputs {
        bail!("--resume lists the inputs left to read, so it needs them: --inputs PATH... or --files-from FILE");
    }
    if let Some(out) = a.output.as_deref().filter(|o| *o != Path::new("-")) {
        let id = inputs::identity(out);
        if id.is_some() && a.parts.iter().any(|p| inputs::identity(p) == id) {
            bail!(
                "the output {} is one of the parts: choose another output",
                out.display()
            );
        }
    }
    let (parts, unfinished) = load(&a.parts)?;
    if !unfinished.is_empty() && !a.resume {
        bail!(
            "{} of {} parts did not finish:\n  {}",
            unfinished.len(),
            a.parts.len(),
            unfinished.join("\n  ")
        );
    }
    for why in &unfinished {
        eprintln!("whosigned: not used: {why}");
    }
    if given_inputs {
        let n = merge_by_inputs(&a, &parts)?;
        if a.resume {
            eprintln!("{n} inputs are in no finished part");
        } else {
            eprintln!("{n} records merged from {} parts", parts.len());
        }
    } else {
        let n = merge_by_manifests(&parts, a.output.as_deref())?;
        eprintln!("{n} records merged from {} parts", parts.len());
    }
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_listed_as_ranges() {
        assert_eq!(ranges(vec![7, 3, 5, 6]), "3, 5-7");
    }

    /// Part `k` of 2 of a batch of 10, holding the inputs `runs`.
    fn part(k: u64, runs: &[[u64; 2]]) -> Part {
        Part {
            path: PathBuf::from(format!("part-{k}.jsonl")),
            manifest: Manifest {
                manifest: manifest::KIND.into(),
                version: manifest::VERSION,
                tool_version: String::new(),
                shard: inputs::Shard { index: k, count: 2 },
                format: "jsonl".into(),
                inputs_total: 10,
                inputs: runs.iter().map(|r| r[1]).sum(),
                runs: runs.to_vec(),
                output: String::new(),
                bytes: 0,
                sha256: String::new(),
            },
        }
    }

    #[test]
    fn the_parts_runs_are_read_in_the_batchs_order() {
        let parts = [part(1, &[[0, 3], [6, 2]]), part(2, &[[3, 3], [8, 2]])];
        let runs = check_array(&parts).unwrap();
        assert_eq!(runs, [(0, 3, 0), (3, 3, 1), (6, 2, 0), (8, 2, 1)]);
    }

    /// Tasks that split the batch differently (a file changed size while
    /// the array ran) leave inputs in no part, or in two.
    #[test]
    fn a_gap_or_an_overlap_between_parts_is_refused() {
        let gap = check_array(&[part(1, &[[0, 4]]), part(2, &[[5, 5]])]).unwrap_err();
        assert!(
            gap.to_string()
                .contains("inputs 4-4 of the batch are in no part"),
            "{gap}"
        );
        let overlap = check_array(&[part(1, &[[0, 6]]), part(2, &[[5, 5]])]).unwrap_err();
        assert!(
            overlap
                .to_string()
                .contains("input 5 of the batch is in two parts"),
            "{overlap}"
        );
        let short = check_array(&[part(1, &[[0, 5]]), part(2, &[[5, 4]])]).unwrap_err();
        assert!(
            short
                .to_string()
                .contains("inputs 9-9 of the batch are in no part"),
            "{short}"
        );
    }
}
