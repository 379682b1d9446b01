//! `whosigned extract`: PDFs in, one record per PDF out.
//!
//! ```text
//! whosigned extract INPUT... [-o FILE|-] [--out-dir DIR] [--format jsonl|json|csv]
//!                   [-j N] [--files-from FILE] [--timeout S] [--max-memory MIB]
//!                   [--max-bytes N] [--resume] [--shard K/N] [--in-process]
//! ```
//! INPUT is a PDF or a folder (searched recursively for `*.pdf`). Records are
//! written in input order as soon as each is ready. Exit status 0 when every
//! input gave a record without error, 1 when some gave error records.

use super::{EXIT_OK, EXIT_SOME_FAILED};
use anyhow::{bail, Context, Result};
use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use whosigned::inputs::{self, Input, Shard};
use whosigned::record::Record;
use whosigned::sink::{self, Sink, Summary};
use whosigned::worker::{self, PoolConfig};
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
pub struct Args {
    /// PDF files and folders (folders are searched recursively for *.pdf).
    pub inputs: Vec<PathBuf>,
    /// Read more input paths from FILE, one per line ("-" for stdin).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Write to FILE ("-" for stdout, the default). The file appears under its
    /// name only when the run ends; until then it is FILE.partial.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write one DIR/<file stem>.json per PDF instead of one stream.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub out_dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// Files read at once (worker processes); default: the number of cores.
    #[arg(short = 'j', long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Give up on a file after this many seconds (its record says `timeout`).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub timeout: f64,
    /// Memory cap (address space) of each worker process, MiB; a file over it
    /// is `too_large`. Keep it at 256 or more: the worker's stack and tables
    /// need about 100 MiB of it.
    #[arg(long, value_name = "MIB", default_value_t = 1024)]
    pub max_memory: u64,
    /// Do not read files larger than this many bytes (`too_large`).
    #[arg(long, value_name = "BYTES", default_value_t = 100 * 1024 * 1024)]
    pub max_bytes: u64,
    /// Skip inputs whose record (same path and sha256) is already in the output
    /// (-o FILE, its .partial, or --out-dir).
    #[arg(long)]
    pub resume: bool,
    /// Take only part K of N of the inputs (stable across runs), e.g. 2/8.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Read files in this process with threads instead of worker processes:
    /// a little faster, but a hostile file can crash or hang the whole run.
    #[arg(long)]
    pub in_process: bool,
    /// Count group membership on this day (YYYY-MM-DD) instead of the date
    /// printed in each statement (or, failing that, today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// No progress bar even on a terminal.
    #[arg(long)]
    pub quiet: bool,
}

/// Arguments of the hidden worker mode.
#[derive(clap::Args)]
pub struct WorkerArgs {
    #[arg(long)]
    max_memory_bytes: u64,
    #[arg(long)]
    max_bytes: u64,
    #[arg(long, action = clap::ArgAction::Set)]
    fallback: bool,
    #[arg(long)]
    today: chrono::NaiveDate,
    #[arg(long)]
    as_of: Option<chrono::NaiveDate>,
}

pub fn worker(a: WorkerArgs) -> Result<i32> {
    let opts = Options {
        max_bytes: a.max_bytes,
        fallback: a.fallback,
        today: a.today,
        as_of: a.as_of,
        ..Options::default()
    };
    worker::serve(opts, a.max_memory_bytes)?;
    Ok(EXIT_OK)
}

/// Records already written by an earlier run, by path.
fn previous_records(a: &Args) -> Result<HashMap<String, Record>> {
    let mut found = HashMap::new();
    if let Some(dir) = &a.out_dir {
        if dir.is_dir() {
            for e in std::fs::read_dir(dir)?.flatten() {
                if e.path().extension().is_some_and(|x| x == "json") {
                    if let Ok(r) = serde_json::from_slice::<Record>(&std::fs::read(e.path())?) {
                        found.insert(r.source.path.clone(), r);
                    }
                }
            }
        }
        return Ok(found);
    }
    let Some(out) = a.output.as_ref().filter(|p| p.as_os_str() != "-") else {
        bail!("--resume needs -o FILE or --out-dir DIR: there is no earlier output on stdout to resume");
    };
    if a.format != Format::Jsonl {
        bail!("--resume reads earlier records back, which needs --format jsonl or --out-dir");
    }
    for p in [out.clone(), sink::OutputFile::partial_path(out)] {
        if let Ok(text) = std::fs::read_to_string(&p) {
            // A killed run may leave half a line at the end: skip what does not parse.
            for line in text.lines() {
                if let Ok(r) = serde_json::from_str::<Record>(line) {
                    found.insert(r.source.path.clone(), r);
                }
            }
        }
    }
    Ok(found)
}

fn sha256_of(path: &std::path::Path) -> Option<String> {
    use sha2::{Digest, Sha256};
    let mut f = std::fs::File::open(path).ok()?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h).ok()?;
    Some(hex::encode(h.finalize()))
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
    let mut paths = a.inputs.clone();
    if let Some(list) = &a.files_from {
        paths.extend(
            inputs::read_list(list).with_context(|| format!("reading {}", list.display()))?,
        );
    }
    if paths.is_empty() {
        bail!("no inputs: give PDF files or folders, or --files-from FILE");
    }
    if !a.timeout.is_finite() || a.timeout <= 0.0 {
        bail!("--timeout must be a positive number of seconds");
    }
    let all: Vec<Input> = inputs::collect(&paths, a.shard);
    drop(paths);
    let total = all.len();
    let previous = if a.resume {
        previous_records(&a)?
    } else {
        HashMap::new()
    };

    // Inputs whose earlier record still holds are written back as they were.
    // Only those records are kept in memory; without --resume nothing is.
    let mut reuse: BTreeMap<usize, Record> = BTreeMap::new();
    let todo: Vec<Input> = if previous.is_empty() {
        all
    } else {
        let mut todo = Vec::new();
        for (k, i) in all.into_iter().enumerate() {
            let old = previous.get(&i.display).filter(|r| {
                i.problem.is_none()
                    && r.source.sha256.is_some()
                    && r.source.sha256 == sha256_of(&i.path)
            });
            match old {
                Some(r) => {
                    reuse.insert(k, r.clone());
                }
                None => todo.push(i),
            }
        }
        todo
    };
    drop(previous);

    let mut sink = make_sink(&a)?;
    let jobs = a
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let progress = (!a.quiet && std::io::stderr().is_terminal()).then(|| {
        let pb = indicatif::ProgressBar::new(total as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} files, {per_sec}, eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        pb
    });
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        // A second Ctrl-C falls through to the default (kill) after the flag is set.
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
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
                write_error = Some(e);
            }
        }
    };
    // Interleave reused and fresh records so output stays in input order:
    // `next` is the input position of the next record to write.
    let mut next = 0usize;
    let mut fresh_iter_emit = |r: Record, summary: &mut Summary| {
        while let Some(old) = reuse.remove(&next) {
            emit(old, summary);
            next += 1;
        }
        emit(r, summary);
        next += 1;
    };

    let opts = Options {
        max_bytes: a.max_bytes,
        as_of: a.as_of,
        ..Options::default()
    };
    if a.in_process {
        run_in_process(todo, &opts, jobs, &stop, |r| {
            fresh_iter_emit(r, &mut summary)
        });
    } else {
        let exe = std::env::current_exe().context("finding this program to start workers")?;
        let cfg = PoolConfig {
            workers: jobs,
            timeout: Duration::from_secs_f64(a.timeout),
            max_memory: a.max_memory.saturating_mul(1 << 20),
            options: opts,
            exe,
        };
        worker::run(todo, &cfg, &stop, |r| fresh_iter_emit(r, &mut summary));
    }
    // Trailing reused records.
    if !stop.load(Ordering::SeqCst) {
        for (_, r) in std::mem::take(&mut reuse) {
            emit(r, &mut summary);
        }
    }
    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    if let Some(e) = write_error {
        return Err(e).context("writing records");
    }
    if stop.load(Ordering::SeqCst) {
        eprintln!("interrupted: {summary} (run again with --resume to finish)");
        // Leave FILE.partial for --resume; do not rename an incomplete run into place.
        return Ok(130);
    }
    sink.finish().context("finishing output")?;
    eprintln!("{summary}");
    Ok(if summary.errors > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    })
}

/// Threads instead of processes, in input order, at most `4 * jobs` in flight.
fn run_in_process(
    todo: Vec<Input>,
    opts: &Options,
    jobs: usize,
    stop: &AtomicBool,
    mut emit: impl FnMut(Record),
) {
    use rayon::prelude::*;
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(256 << 20)
        .build()
    {
        Ok(p) => p,
        Err(_) => return,
    };
    for chunk in todo.chunks(4 * jobs) {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let records: Vec<Record> = pool.install(|| {
            chunk
                .par_iter()
                .map(|i| match &i.problem {
                    Some((kind, why)) => Record::error(
                        whosigned::record::Source {
                            path: i.display.clone(),
                            ..Default::default()
                        },
                        *kind,
                        why.clone(),
                    ),
                    None => worker::process_guarded(&i.path, &i.display, opts),
                })
                .collect()
        });
        for r in records {
            emit(r);
        }
    }
}
