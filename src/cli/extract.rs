//! `whosigned extract`: PDFs in, one record per PDF out.
//!
//! ```text
//! whosigned extract INPUT... [-o FILE|-] [--out-dir DIR] [--format jsonl|json|csv]
//!                   [-j N] [--files-from FILE] [--timeout S] [--max-memory MIB]
//!                   [--max-bytes N] [--resume] [--shard K/N|auto|auto/N] [--in-process]
//! ```
//! INPUT is a PDF or a folder (searched recursively for `*.pdf`). Records are
//! written in input order as soon as each is ready. Exit statuses: see
//! `exit_statuses` below, which `--help` prints.

use super::{EXIT_INTERRUPTED, EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};
use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use whosigned::inputs::{self, Shard, ShardSpec};
use whosigned::pdf::ocr::{OcrMode, OcrSettings};
use whosigned::record::{Record, Source};
use whosigned::sink::manifest::{self, Manifest, Runs};
use whosigned::sink::{self, Sink, Summary};
use whosigned::worker::{self, Job, PoolConfig};
use whosigned::Options;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON record per line.
    Jsonl,
    /// A JSON array (or, with --out-dir, one JSON file per PDF).
    Json,
    /// One row per document × signatory.
    Csv,
}

/// Extract signatory records from PDFs.
#[derive(clap::Args)]
#[command(after_help = exit_statuses())]
pub struct Args {
    /// PDF files and folders (folders are searched recursively for *.pdf).
    pub inputs: Vec<PathBuf>,
    /// Read more input paths from FILE, one per line ("-" for stdin).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Write to FILE ("-" for stdout, the default). The file appears under its
    /// name only when the run ends; until then it is FILE.partial. FILE may
    /// not be one of the inputs (refused, exit 2).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write one DIR/<file stem>.json per PDF instead of one stream.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub out_dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// Files read at once (worker processes), 1 or more; default: the
    /// number of cores.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Give up on a file after this many seconds (its record says `timeout`).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub timeout: f64,
    /// Memory cap (address space) of each worker process, MiB; a file over it
    /// is `too_large`. Keep it at 256 or more: a worker takes about 170 MiB
    /// of it (stack, tables) before it reads a file, and a cap no worker can
    /// start under ends the run with status 2 instead of marking the files.
    #[arg(long, value_name = "MIB", default_value_t = 1024)]
    pub max_memory: u64,
    /// Do not read files larger than this many bytes (`too_large`).
    #[arg(long, value_name = "BYTES", default_value_t = 100 * 1024 * 1024)]
    pub max_bytes: u64,
    /// Skip inputs whose record (same path and sha256) is already in the output
    /// (-o FILE, its .partial, or --out-dir).
    #[arg(long)]
    pub resume: bool,
    /// Take only part K of N of the inputs, e.g. 2/8: one task of a job
    /// array. `auto` reads K and N from the scheduler (Slurm, Grid Engine,
    /// AWS Batch); `auto/N` gives N where the scheduler does not (PBS
    /// `-J 1-N`, Kubernetes Indexed Jobs). Every task splits the inputs the
    /// same way (in input order, by size and count), so each input lands in
    /// exactly one part. With -o FILE a task that ends normally writes
    /// FILE.manifest.json beside it, which `whosigned merge` reads.
    #[arg(long, value_name = "K/N|auto|auto/N")]
    pub shard: Option<ShardSpec>,
    /// Read files in this process with threads instead of worker processes:
    /// a little faster, but a hostile file can crash or hang the whole run.
    #[arg(long)]
    pub in_process: bool,
    /// Count group membership on this day (YYYY-MM-DD) instead of the date
    /// printed in each statement (or, failing that, today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// OCR: `auto` reads pages without any text with tesseract when it and
    /// pdftoppm are installed (otherwise the record is `needs_ocr` and says
    /// what to install); `always` reads every page so; `never` none.
    #[arg(long, value_enum, default_value = "auto")]
    pub ocr: Ocr,
    /// Tesseract languages, e.g. `eng+fra` (default: the document's own
    /// language from its catalogue's /Lang, then those of eng, fra, spa that
    /// are installed).
    #[arg(long, value_name = "LANGS")]
    pub ocr_lang: Option<String>,
    /// Seconds allowed per page of OCR, on top of --timeout, which is for
    /// reading text.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub ocr_timeout: f64,
    /// Extra name variants, in the format of data/aliases.tsv (iso3, lang,
    /// type, alias; tab-separated, with that header): matched as the
    /// bundled aliases are, and checked as strictly.
    #[arg(long, value_name = "FILE")]
    pub names: Option<PathBuf>,
    /// No progress bar even on a terminal.
    #[arg(long)]
    pub quiet: bool,
}

/// `--ocr`: when pages are read by OCR.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ocr {
    /// Pages without any text, when tesseract and pdftoppm are installed.
    Auto,
    /// Every page, ignoring its text layer.
    Always,
    /// None: pages without text leave the record `needs_ocr`.
    Never,
}

impl Ocr {
    pub fn settings(self, languages: Option<String>, page_seconds: f64) -> OcrSettings {
        OcrSettings {
            mode: match self {
                Ocr::Auto => OcrMode::Auto,
                Ocr::Always => OcrMode::Always,
                Ocr::Never => OcrMode::Never,
            },
            languages,
            page_budget: Duration::from_secs_f64(page_seconds),
        }
    }
}

/// What `extract --help` says of the exit statuses, numbered by the
/// constants the command returns.
fn exit_statuses() -> String {
    format!(
        "Exit status:
  {EXIT_OK:<3}  every input gave a record without error
  {EXIT_SOME_FAILED:<3}  some inputs gave error records
  {EXIT_USAGE:<3}  bad usage, or the run itself failed: an output or --files-from list
       it could not open or write, a --max-memory no worker can start
       under, reading threads that could not start
  {EXIT_INTERRUPTED:<3}  interrupted (Ctrl-C): the files being read get no record

When a run with -o FILE ends early (2, 130), FILE.partial keeps the records
finished so far, and --resume goes on from there."
    )
}

/// Records written by an earlier run, for `--resume`: copied once into an
/// unnamed temporary file (the output they came from is about to be
/// rewritten) and indexed by a hash of their path, so that memory holds about
/// 50 bytes per earlier record rather than the records.
struct Earlier {
    spool: std::fs::File,
    /// Hash of `source.path` -> (sha256 of the file then, offset, length).
    index: HashMap<u64, ([u8; 32], u64, usize)>,
}

fn sha256_of(path: &std::path::Path) -> Option<[u8; 32]> {
    use sha2::{Digest, Sha256};
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).ok()?;
    Some(h.finalize().into())
}

impl Earlier {
    fn load(a: &Args) -> Result<Earlier> {
        let mut earlier = Earlier {
            spool: tempfile::tempfile().context("creating a temporary file for --resume")?,
            index: HashMap::new(),
        };
        if let Some(dir) = &a.out_dir {
            if dir.is_dir() {
                for e in std::fs::read_dir(dir)?.flatten() {
                    if e.path().extension().is_some_and(|x| x == "json") {
                        if let Ok(r) = serde_json::from_slice::<Record>(&std::fs::read(e.path())?) {
                            earlier.add(&r)?;
                        }
                    }
                }
            }
            return Ok(earlier);
        }
        let Some(out) = a.output.as_ref().filter(|p| p.as_os_str() != "-") else {
            bail!("--resume needs -o FILE or --out-dir DIR: there is no earlier output on stdout to resume");
        };
        if a.format != Format::Jsonl {
            bail!("--resume reads earlier records back, which needs --format jsonl or --out-dir");
        }
        for p in [out.clone(), sink::OutputFile::partial_path(out)] {
            let Ok(f) = std::fs::File::open(&p) else {
                continue;
            };
            // A killed run may leave half a line at the end: skip what does not parse.
            for line in std::io::BufRead::split(std::io::BufReader::new(f), b'\n') {
                if let Ok(r) = serde_json::from_slice::<Record>(&line?) {
                    earlier.add(&r)?;
                }
            }
        }
        Ok(earlier)
    }

    fn add(&mut self, r: &Record) -> Result<()> {
        use std::io::{Seek, Write};
        let Some(sha) = r.source.sha256.as_deref().and_then(|h| hex::decode(h).ok()) else {
            return Ok(());
        };
        let Ok(sha) = <[u8; 32]>::try_from(sha) else {
            return Ok(());
        };
        let line = serde_json::to_vec(r)?;
        let at = self.spool.seek(std::io::SeekFrom::End(0))?;
        self.spool.write_all(&line)?;
        self.index.insert(
            inputs::path_key(&r.source.exact_path()),
            (sha, at, line.len()),
        );
        Ok(())
    }

    /// The earlier record of this input if the file is unchanged. Records
    /// are matched on the path's exact bytes, so two names that differ only
    /// in bytes that are not UTF-8 keep their own records.
    fn take(&mut self, path: &std::path::Path) -> Option<Record> {
        use std::io::{Read, Seek};
        let exact = path.as_os_str().as_encoded_bytes();
        let (sha, at, len) = self.index.remove(&inputs::path_key(exact))?;
        if sha256_of(path)? != sha {
            return None;
        }
        let mut buf = vec![0; len];
        self.spool.seek(std::io::SeekFrom::Start(at)).ok()?;
        self.spool.read_exact(&mut buf).ok()?;
        serde_json::from_slice::<Record>(&buf)
            .ok()
            .filter(|r| *r.source.exact_path() == *exact)
    }
}

fn make_sink(a: &Args) -> Result<Box<dyn Sink>> {
    if let Some(dir) = &a.out_dir {
        if a.format == Format::Csv {
            bail!("--out-dir writes one JSON file per PDF; use -o FILE for CSV");
        }
        return Ok(Box::new(
            sink::PerFileJson::new(dir).with_context(|| format!("creating {}", dir.display()))?,
        ));
    }
    let target = sink::Target::open(a.output.as_deref()).with_context(|| {
        format!(
            "opening {}",
            a.output.as_deref().unwrap_or("-".as_ref()).display()
        )
    })?;
    Ok(match a.format {
        Format::Jsonl => Box::new(sink::JsonLines::new(target)),
        Format::Json => Box::new(sink::JsonArray::new(target)),
        Format::Csv => Box::new(sink::Csv::new(target)?),
    })
}

pub fn run(a: Args) -> Result<i32> {
    let list = match &a.files_from {
        Some(name) => Some((
            name.clone(),
            inputs::open_list(name).with_context(|| format!("reading {}", name.display()))?,
        )),
        None => None,
    };
    if a.inputs.is_empty() && list.is_none() {
        bail!("no inputs: give PDF files or folders, or --files-from FILE");
    }
    if !a.timeout.is_finite() || a.timeout <= 0.0 {
        bail!("--timeout must be a positive number of seconds");
    }
    if !a.ocr_timeout.is_finite() || a.ocr_timeout <= 0.0 {
        bail!("--ocr-timeout must be a positive number of seconds");
    }
    let shard = match a.shard {
        Some(spec) => {
            let (shard, scheduler) = spec
                .resolve(|name| std::env::var(name).ok())
                .map_err(anyhow::Error::msg)?;
            if let Some(name) = scheduler {
                eprintln!("whosigned: shard {shard} (from {name})");
            }
            Some(shard)
        }
        None => None,
    };
    let outputs = outputs_of(&a);
    refuse_own_output(&a, &outputs)?;
    // A shard's part gets a manifest when the run ends normally; one left
    // from an earlier run goes first, so that a part without one is a part
    // whose task did not finish.
    let manifest_for = shard.zip(part_file(&a));
    if let Some((_, part)) = &manifest_for {
        let stale = manifest::manifest_path(part);
        match std::fs::remove_file(&stale) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(e).with_context(|| format!("removing {}", stale.display()));
            }
            _ => {}
        }
    }
    // Inputs whose earlier record still holds are written back as they were.
    let mut earlier = if a.resume {
        Some(Earlier::load(&a)?)
    } else {
        None
    };
    let stream = inputs::stream(a.inputs.clone(), list, shard).guarding(outputs);
    let repeats = stream.repeats();
    let batch_size = stream.total();
    // The places of this shard's inputs in the batch, for its manifest: one
    // per job, and every job gives one record, in order.
    let runs = Arc::new(std::sync::Mutex::new(Runs::default()));
    // An output met among the inputs only now (a list on stdin cannot be
    // checked beforehand) ends the batch before that file is read.
    let clobbered = Arc::new(std::sync::Mutex::new(None::<String>));
    let jobs = {
        let clobbered = Arc::clone(&clobbered);
        let runs = Arc::clone(&runs);
        stream.map_while(move |i| {
            if i.is_output {
                *clobbered.lock().unwrap_or_else(|p| p.into_inner()) = Some(i.display);
                return None;
            }
            runs.lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(i.ordinal);
            if let Some((kind, why)) = i.problem {
                let source = Source::named(&i.display, &i.path);
                return Some(Job::Done(Box::new(Record::error(source, kind, why))));
            }
            Some(match earlier.as_mut().and_then(|e| e.take(&i.path)) {
                Some(r) => Job::Done(Box::new(r)),
                None => Job::Read {
                    path: i.path,
                    display: i.display,
                },
            })
        })
    };

    let mut sink = make_sink(&a)?;
    // -j is at least 1 (clap refuses 0).
    let threads = a.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    // Inputs are streamed, so their number is not known at the start: count
    // up, and switch to a bar with an ETA once a second pass has counted them.
    let progress = (!a.quiet && std::io::stderr().is_terminal()).then(|| {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} files, {per_sec}, {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        count_in_background(&a, shard, pb.clone());
        pb
    });
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        // A second Ctrl-C ends the process at once. Presses are counted here,
        // not read off the flag, which the worker pool also sets when Ctrl-C
        // reaches a worker first.
        let mut pressed = false;
        let _ = ctrlc::set_handler(move || {
            if std::mem::replace(&mut pressed, true) {
                std::process::exit(EXIT_INTERRUPTED);
            }
            stop.store(true, Ordering::SeqCst);
        });
    }

    let mut summary = Summary::default();
    let mut write_error: Option<std::io::Error> = None;
    let mut emit = |r: Record, summary: &mut Summary| {
        summary.add(&r);
        if let Some(pb) = &progress {
            pb.inc(1);
        }
        if write_error.is_none() {
            if let Err(e) = sink.write(&r) {
                // Reading on cannot help: stop taking files (as Ctrl-C does)
                // and report the output, not the inputs.
                write_error = Some(e);
                stop.store(true, Ordering::SeqCst);
            }
        }
    };
    let opts = Options {
        max_bytes: a.max_bytes,
        as_of: a.as_of,
        ocr: a.ocr.settings(a.ocr_lang.clone(), a.ocr_timeout),
        gazetteer: super::gazetteer_with(a.names.as_deref())?,
        // pdf-extract can abort its process: only workers run it.
        fallback: !a.in_process,
        // One day for the whole batch, so that its records agree.
        today: Some(chrono::Local::now().date_naive()),
        ..Options::default()
    };
    let ran = if a.in_process {
        run_in_process(jobs, &opts, threads, &stop, |r| emit(r, &mut summary))
    } else {
        let exe = std::env::current_exe().context("finding this program to start workers")?;
        let cfg = PoolConfig {
            workers: threads,
            timeout: Duration::from_secs_f64(a.timeout),
            max_memory: a.max_memory.saturating_mul(1 << 20),
            options: opts,
            names: a.names.clone(),
            exe,
            exe_args: Vec::new(),
        };
        worker::run(jobs, &cfg, &stop, |r| emit(r, &mut summary)).map_err(Into::into)
    };
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    summary.repeats = repeats.load(Ordering::Relaxed);
    // A run that could not go on is no file's failure: exit 2, keeping
    // FILE.partial with the records finished so far for --resume.
    ran?;
    if let Some(e) = write_error {
        return Err(e).context(format!(
            "writing records; stopped after {} files were read, keeping what was \
             written (with -o, in FILE.partial: fix the output and run again with --resume)",
            summary.files
        ));
    }
    if let Some(input) = clobbered.lock().unwrap_or_else(|p| p.into_inner()).take() {
        bail!("{}", clobber_message(&input));
    }
    if stop.load(Ordering::SeqCst) {
        eprintln!("interrupted: {summary} (run again with --resume to finish)");
        // Leave FILE.partial for --resume; do not rename an incomplete run into place.
        return Ok(EXIT_INTERRUPTED);
    }
    sink.finish().context("finishing output")?;
    if let Some((shard, part)) = manifest_for {
        let runs = std::mem::take(&mut *runs.lock().unwrap_or_else(|p| p.into_inner()));
        Manifest::of_part(
            &part,
            shard,
            format_name(a.format),
            batch_size.load(Ordering::Relaxed),
            runs,
        )
        .and_then(|m| m.write_beside(&part))
        .with_context(|| format!("writing the manifest of {}", part.display()))?;
    }
    if summary.files == 0 {
        eprintln!("whosigned: warning: no PDF files among the inputs");
    }
    eprintln!("{summary}");
    Ok(if summary.errors > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

/// The files this run writes, which no input may be.
fn outputs_of(a: &Args) -> inputs::Outputs {
    let outputs = inputs::Outputs::default();
    match (&a.out_dir, &a.output) {
        (Some(dir), _) => outputs.json_dir(dir),
        (None, Some(out)) if out.as_os_str() != "-" => outputs
            .file(out)
            .file(&sink::OutputFile::partial_path(out))
            .file(&manifest::manifest_path(out)),
        _ => outputs,
    }
}

/// The one file this run writes records to, if it is a regular file (not
/// stdout, not --out-dir, not a device): what a shard's manifest describes.
fn part_file(a: &Args) -> Option<PathBuf> {
    let out = a.output.as_ref().filter(|p| p.as_os_str() != "-")?;
    let special = std::fs::metadata(out).is_ok_and(|m| !m.is_file());
    (a.out_dir.is_none() && !special).then(|| out.clone())
}

/// The name of a format as `--format` spells it.
fn format_name(f: Format) -> &'static str {
    match f {
        Format::Jsonl => "jsonl",
        Format::Json => "json",
        Format::Csv => "csv",
    }
}

fn clobber_message(input: &str) -> String {
    format!(
        "the input {input} is also an output of this run (-o or --out-dir), \
         which would replace it: choose another output; nothing was written over"
    )
}

/// Refuses, before any file is read, a run whose output is one of its inputs
/// (`extract a.pdf -o a.pdf`, `extract s -o s/b.pdf`), whatever the path's
/// spelling. This walks the inputs once more (names only) when an output
/// exists already; a list on stdin cannot be read twice and is checked as
/// it streams instead.
fn refuse_own_output(a: &Args, outputs: &inputs::Outputs) -> Result<()> {
    if outputs.is_empty() {
        return Ok(());
    }
    let list = match &a.files_from {
        Some(name) if name.as_os_str() != "-" => {
            inputs::open_list(name).ok().map(|l| (name.clone(), l))
        }
        _ => None,
    };
    let mut all = inputs::stream(a.inputs.clone(), list, None).guarding(outputs.clone());
    match all.find(|i| i.is_output) {
        Some(i) => bail!("{}", clobber_message(&i.display)),
        None => Ok(()),
    }
}

/// Counts the inputs on a thread of its own (walking the folders and reading
/// the list a second time) and gives the progress bar its length. A list on
/// standard input cannot be read twice: then the counter just counts up.
fn count_in_background(a: &Args, shard: Option<Shard>, pb: indicatif::ProgressBar) {
    let list = match &a.files_from {
        Some(name) if name.as_os_str() == "-" => return,
        Some(name) => match inputs::open_list(name) {
            Ok(l) => Some((name.clone(), l)),
            Err(_) => return,
        },
        None => None,
    };
    let args = a.inputs.clone();
    std::thread::spawn(move || {
        let n = inputs::stream(args, list, shard).count();
        pb.set_length(n as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} files, {per_sec}, eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    });
}

/// Threads instead of processes, in input order, at most `4 * threads` in
/// flight. Threads that cannot start are the run's failure, not an empty run.
fn run_in_process(
    mut jobs: impl Iterator<Item = Job>,
    opts: &Options,
    threads: usize,
    stop: &AtomicBool,
    mut emit: impl FnMut(Record),
) -> Result<()> {
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(256 << 20)
        .build()
        .context("starting the reading threads of --in-process")?;
    while !stop.load(Ordering::SeqCst) {
        let chunk: Vec<Job> = jobs.by_ref().take(4 * threads).collect();
        if chunk.is_empty() {
            break;
        }
        let records: Vec<Record> = pool.install(|| {
            chunk
                .into_par_iter()
                .map(|job| match job {
                    Job::Done(r) => *r,
                    Job::Read { path, display } => {
                        worker::process_guarded(&path, &display, opts, &mut |_| {})
                    }
                })
                .collect()
        });
        for r in records {
            emit(r);
        }
    }
    Ok(())
}
