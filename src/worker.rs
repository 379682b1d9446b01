//! Isolation: each file is read in a worker process, so that no input can take
//! the batch down.
//!
//! pdf-extract can overflow the stack or abort on hostile files, a
//! decompression bomb can exhaust memory, and `catch_unwind` stops none of
//! that, nor a stuck thread. So the batch runs in a pool of worker processes
//! (this same binary, `whosigned __worker`), each reading one file at a time
//! on a thread with a large stack inside `catch_unwind`, under an address-space
//! cap. The parent gives each file a wall-clock budget: a worker that runs
//! over is killed, one that dies is replaced, and the file gets an error
//! record (`timeout`, `too_large`, `crashed`). Workers are reused across files
//! so the common case pays the start-up (building the gazetteer) once per
//! worker. Records come back to the caller in input order, with a bounded
//! number of files in flight.
//!
//! Two ends are not a file's doing and give no record. A worker that cannot
//! start (it dies before its ready line, typically under too small a
//! `--max-memory`) fails the run: [`PoolError`]. A worker ended by Ctrl-C
//! (SIGINT, which a terminal sends to the whole process group) interrupts
//! the run: the file it was reading is left for `--resume`.

use crate::record::{ErrorKind, Record, Source};
use crate::Options;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// How a batch is run.
#[derive(Debug, Clone)]
pub struct PoolConfig {
    /// Worker processes run at once (0 is taken as 1).
    pub workers: usize,
    /// Wall-clock time for one file (`--timeout`), OCR pages aside: each
    /// page the worker says it will OCR adds the OCR page budget. Also the
    /// time a new worker has to get ready.
    pub timeout: Duration,
    /// Address-space cap of each worker, bytes.
    pub max_memory: u64,
    /// The per-file settings each worker reads files with.
    pub options: Options,
    /// A user's aliases (`--names`), which each worker loads too.
    pub names: Option<PathBuf>,
    /// The binary to start as a worker (normally `current_exe`).
    pub exe: PathBuf,
    /// Arguments it takes before `__worker`: none for the `whosigned`
    /// binary, `-m whosigned._worker` for a Python interpreter.
    pub exe_args: Vec<std::ffi::OsString>,
}

/// Why a batch could not run: a failure of the run, which no file's record
/// should carry.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// The worker program could not be started at all.
    #[error("could not start a worker process ({exe}): {source}")]
    Spawn {
        /// The program that was to be started ([`PoolConfig::exe`]).
        exe: PathBuf,
        /// Why the system could not start it.
        source: std::io::Error,
    },
    /// Workers started but ended before they could read a file: nothing a
    /// file did, and most often a memory cap too small for the worker's own
    /// stack and tables.
    #[error(
        "worker processes end before they can read any file ({why}); \
         is --max-memory {mib} MiB too small? A worker takes about 170 MiB \
         before its first file: keep --max-memory at 256 or more"
    )]
    NoStart {
        /// How the last start failed: the worker's exit status and its last
        /// words on stderr, what it wrote instead of its ready line, or that
        /// it was not ready within `--timeout`.
        why: String,
        /// The address-space cap of each worker, MiB (`--max-memory`).
        mib: u64,
    },
}

/// The first line a worker writes, once its tables are built and it can read
/// files. A worker that ends before it has been seen failed to start, which
/// no file is to blame for.
const READY: &str = "whosigned worker ready";

/// Worker starts tried in a row, by one slot of the pool, before the run
/// fails: one failed start may be the system's passing trouble (no process
/// or memory to spare for a moment); three in a row are the configuration.
const START_ATTEMPTS: usize = 3;

#[derive(Serialize, Deserialize)]
struct Request {
    id: usize,
    /// The path's bytes, hex-encoded, so that non-UTF-8 names survive.
    path: String,
    display: String,
}

#[derive(Serialize, Deserialize)]
struct Reply {
    id: usize,
    record: Record,
}

#[cfg(unix)]
fn path_bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}
#[cfg(unix)]
fn bytes_path(b: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(b))
}
#[cfg(not(unix))]
fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().as_bytes().to_vec()
}
#[cfg(not(unix))]
fn bytes_path(b: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&b).into_owned())
}

/// Caps this process's address space (the worker calls it at start).
pub fn limit_memory(bytes: u64) {
    #[cfg(unix)]
    // SAFETY: setrlimit is given a valid, initialised rlimit struct.
    unsafe {
        let lim = libc::rlimit {
            rlim_cur: bytes as libc::rlim_t,
            rlim_max: bytes as libc::rlim_t,
        };
        libc::setrlimit(libc::RLIMIT_AS, &lim);
    }
    #[cfg(not(unix))]
    let _ = bytes;
}

/// Hands memory freed after a file back to the system, so that a worker that
/// has just read a 200-page report does not sit on its peak while it reads
/// small files (the batch's peak is the sum of the workers' at one moment).
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages to the kernel.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Processes one file in this thread, turning a panic into an error record.
pub fn process_guarded(
    path: &Path,
    display: &str,
    opts: &Options,
    ocr_pages: &mut dyn FnMut(u32),
) -> Record {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::process_file_noting(path, display, opts, ocr_pages)
    })) {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            Record::error(
                Source::named(display, path),
                ErrorKind::Internal,
                format!("internal error: {msg}"),
            )
        }
    }
}

/// The arguments a worker process is started with (after `__worker`),
/// as the pool writes them when it starts one: whatever program serves as the
/// worker (the `whosigned` binary, or a Python interpreter running
/// `whosigned._worker`) hands them to [`serve_with`].
#[derive(clap::Parser, Debug)]
#[command(name = "__worker")]
pub struct WorkerArgs {
    /// Address-space cap of the worker, bytes.
    #[arg(long)]
    pub max_memory_bytes: u64,
    /// [`Options::max_bytes`].
    #[arg(long)]
    pub max_bytes: u64,
    /// [`Options::fallback`].
    #[arg(long, action = clap::ArgAction::Set)]
    pub fallback: bool,
    /// [`Options::today`].
    #[arg(long)]
    pub today: Option<chrono::NaiveDate>,
    /// [`Options::as_of`].
    #[arg(long)]
    pub as_of: Option<chrono::NaiveDate>,
    /// `auto`, `always` or `never` ([`crate::pdf::ocr::OcrMode`]).
    #[arg(long)]
    pub ocr: String,
    /// Tesseract languages.
    #[arg(long)]
    pub ocr_lang: Option<String>,
    /// Seconds of OCR allowed per page.
    #[arg(long)]
    pub ocr_timeout: f64,
    /// A user's aliases ([`crate::gazetteer::Gazetteer::with_names_file`]).
    #[arg(long)]
    pub names: Option<PathBuf>,
}

/// Serves as a worker with the settings of `a` until stdin ends.
pub fn serve_with(a: WorkerArgs) -> Result<(), String> {
    use crate::pdf::ocr::OcrSettings;
    let mode = a.ocr.parse()?;
    let gazetteer = match &a.names {
        Some(p) => Some(std::sync::Arc::new(
            crate::gazetteer::Gazetteer::with_names_file(p)?,
        )),
        None => None,
    };
    let opts = Options {
        max_bytes: a.max_bytes,
        fallback: a.fallback,
        today: a.today,
        as_of: a.as_of,
        ocr: OcrSettings {
            mode,
            languages: a.ocr_lang,
            page_budget: Duration::from_secs_f64(a.ocr_timeout),
        },
        gazetteer,
        // The pool counts them ([`Held::record`]).
        count_groups: false,
        ..Options::default()
    };
    serve(opts, a.max_memory_bytes).map_err(|e| e.to_string())
}

/// The worker's main loop: requests on stdin, replies on stdout, until EOF.
pub fn serve(opts: Options, max_memory: u64) -> std::io::Result<()> {
    limit_memory(max_memory);
    // Panics are turned into records; keep their messages off stderr, which
    // the parent reads to tell an out-of-memory abort from a crash.
    std::panic::set_hook(Box::new(|_| {}));
    let handle =
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || -> std::io::Result<()> {
                crate::load_tables(&opts);
                let stdin = std::io::stdin();
                let mut out = std::io::BufWriter::new(std::io::stdout());
                writeln!(out, "{READY}")?;
                out.flush()?;
                for line in stdin.lock().lines() {
                    let line = line?;
                    let Ok(req) = serde_json::from_str::<Request>(&line) else {
                        continue;
                    };
                    let path = bytes_path(hex::decode(&req.path).unwrap_or_default());
                    // Lines of their own, flushed at once: the parent
                    // extends this file's time before the OCR starts.
                    let id = req.id;
                    let mut notice = |ocr_pages: u32| {
                        if let Ok(line) = serde_json::to_string(&OcrNotice { id, ocr_pages }) {
                            let mut o = std::io::stdout().lock();
                            let _ = writeln!(o, "{line}").and_then(|_| o.flush());
                        }
                    };
                    let record = process_guarded(&path, &req.display, &opts, &mut notice);
                    serde_json::to_writer(&mut out, &Reply { id: req.id, record })?;
                    out.write_all(b"\n")?;
                    out.flush()?;
                    release_free_memory();
                }
                Ok(())
            });
    let handle = handle.map_err(|e| {
        let mib = max_memory >> 20;
        std::io::Error::new(
            e.kind(),
            format!("starting the reading thread under a memory cap of {mib} MiB: {e}"),
        )
    })?;
    handle.join().unwrap_or(Ok(()))
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    replies: mpsc::Receiver<Option<String>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    /// The thread draining `stderr`: it ends when the worker has.
    stderr_reader: std::thread::JoinHandle<()>,
}

/// Why a worker did not start.
enum StartError {
    /// Ctrl-C ended it while it started.
    Interrupted,
    /// The program could not be run.
    Spawn(std::io::Error),
    /// It ran but ended, or said something else, before its ready line.
    Failed(String),
}

/// Why a worker gave no reply to a file.
enum NoReply {
    /// It ended by itself.
    Died,
    /// It is alive but of no use (no answer in time, an unreadable one): it
    /// is killed, and the file gets this error.
    Useless(ErrorKind, String),
}

/// How a worker that stopped answering ended.
enum End {
    /// By SIGINT: Ctrl-C at a terminal, which reaches the whole process
    /// group. What it was doing was interrupted, not failed.
    Interrupted,
    /// Otherwise: its exit status and all it kept of its stderr.
    Died { status: String, stderr: String },
}

impl End {
    /// What the worker said of its end on stderr, as ": line": an allocation
    /// that failed (what follows it is only the abort's noise), or else its
    /// last non-empty line.
    fn detail(stderr: &str) -> String {
        let mut lines = stderr.lines().map(str::trim);
        let said = lines
            .clone()
            .find(|l| l.contains(OUT_OF_MEMORY))
            .or_else(|| lines.rfind(|l| !l.is_empty()));
        said.map_or_else(String::new, |l| format!(": {l}"))
    }
}

/// What Rust's allocator prints before it aborts the process.
const OUT_OF_MEMORY: &str = "memory allocation";

#[cfg(unix)]
fn by_sigint(status: ExitStatus) -> bool {
    use std::os::unix::process::ExitStatusExt;
    status.signal() == Some(libc::SIGINT)
}
#[cfg(not(unix))]
fn by_sigint(_: ExitStatus) -> bool {
    false
}

/// Address space the binary's allocator (mimalloc, `src/main.rs`) reserves
/// at a time in a worker, read by mimalloc when the worker starts. Its
/// default, 1 GiB, is reserved at the first allocation and counts against
/// the worker's `--max-memory` cap (an address-space limit), which then has
/// no room for the reading thread's stack. 32 MiB keeps a worker's start-up
/// footprint below glibc's (whose thread arenas reserve 64 MiB each); with
/// no arena at all, mimalloc maps and unmaps memory for each file, which
/// cost 10 % of the time in system calls. Set here, where workers are
/// started, so that every parent (the binary, a program using the library,
/// the Python module) gives it; a value in the environment wins.
const WORKER_ARENA_RESERVE: &str = "32MiB";

impl Worker {
    /// Starts a worker and waits for its ready line, for as long as a file
    /// may take (`--timeout`).
    fn start(cfg: &PoolConfig) -> Result<Worker, StartError> {
        let o = &cfg.options;
        let mut cmd = Command::new(&cfg.exe);
        if std::env::var_os("MIMALLOC_ARENA_RESERVE").is_none() {
            cmd.env("MIMALLOC_ARENA_RESERVE", WORKER_ARENA_RESERVE);
        }
        let mut child = cmd
            .args(&cfg.exe_args)
            .arg("__worker")
            .arg("--max-memory-bytes")
            .arg(cfg.max_memory.to_string())
            .arg("--max-bytes")
            .arg(o.max_bytes.to_string())
            .arg(if o.fallback {
                "--fallback=true"
            } else {
                "--fallback=false"
            })
            .args(o.today.map(|d| format!("--today={d}")))
            .args(o.as_of.map(|d| format!("--as-of={d}")))
            .arg(format!("--ocr={}", crate::record::wire_name(&o.ocr.mode)))
            .args(o.ocr.languages.as_ref().map(|l| format!("--ocr-lang={l}")))
            .arg(format!("--ocr-timeout={}", o.ocr.page_budget.as_secs_f64()))
            .args(
                cfg.names
                    .iter()
                    .flat_map(|p| [std::ffi::OsStr::new("--names"), p.as_os_str()]),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(StartError::Spawn)?;
        let (Some(stdin), Some(stdout), Some(mut stderr_pipe)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(StartError::Spawn(std::io::Error::other(
                "no pipes to the worker",
            )));
        };
        let (tx, replies) = mpsc::channel();
        std::thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            loop {
                let mut line = String::new();
                if !matches!(stdout.read_line(&mut line), Ok(n) if n > 0) {
                    break;
                }
                // A line the worker did not end is one its death cut short:
                // no reply, and its end says what happened. A whole line is
                // one it wrote in full ([`await_reply`] takes it as a reply
                // on its first key).
                if line.pop() != Some('\n') {
                    break;
                }
                if tx.send(Some(line)).is_err() {
                    return;
                }
            }
            let _ = tx.send(None);
        });
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&stderr);
        let stderr_reader = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut s) = sink.lock() {
                    s.extend_from_slice(&buf[..n]);
                    let len = s.len();
                    if len > 64 * 1024 {
                        s.drain(..len - 16 * 1024);
                    }
                }
            }
        });
        let w = Worker {
            child,
            stdin,
            replies,
            stderr,
            stderr_reader,
        };
        let why = match w.replies.recv_timeout(cfg.timeout) {
            Ok(Some(line)) if line == READY => return Ok(w),
            Ok(Some(line)) => {
                let line: String = line.chars().take(80).collect();
                format!("it wrote {line:?} instead of its ready line")
            }
            Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(match w.end(true) {
                    End::Interrupted => StartError::Interrupted,
                    End::Died { status, stderr } => {
                        StartError::Failed(format!("{status}{}", End::detail(&stderr)))
                    }
                });
            }
            Err(mpsc::RecvTimeoutError::Timeout) => format!(
                "not ready within {} s (--timeout)",
                cfg.timeout.as_secs_f32()
            ),
        };
        match w.end(false) {
            End::Interrupted => Err(StartError::Interrupted),
            End::Died { .. } => Err(StartError::Failed(why)),
        }
    }

    /// Starts a worker, trying again after a failed start up to
    /// [`START_ATTEMPTS`] times in all.
    fn start_again(cfg: &PoolConfig) -> Result<Worker, StartError> {
        let mut tries = 1;
        loop {
            match Worker::start(cfg) {
                Err(StartError::Failed(_) | StartError::Spawn(_)) if tries < START_ATTEMPTS => {
                    tries += 1;
                }
                other => return other,
            }
        }
    }

    /// Lets the worker end by closing its input, and reaps it.
    fn finish(self) {
        drop(self.stdin);
        let mut child = self.child;
        let _ = child.wait();
    }

    /// Ends a worker that stopped answering: waits for it if it `died` by
    /// itself, kills it otherwise, and says how it ended. A worker that a
    /// SIGINT ended before the kill counts as interrupted either way.
    fn end(mut self, died: bool) -> End {
        if !died {
            let _ = self.child.kill();
        }
        let status = self.child.wait().ok();
        // Its stderr is complete once the reader has seen the pipe close.
        let _ = self.stderr_reader.join();
        if status.is_some_and(by_sigint) {
            return End::Interrupted;
        }
        let stderr = self
            .stderr
            .lock()
            .map(|s| String::from_utf8_lossy(&s).into_owned())
            .unwrap_or_default();
        End::Died {
            status: status.map_or_else(|| "unknown".into(), |s| s.to_string()),
            stderr,
        }
    }
}

/// The error record of a file whose worker died on it, from what the worker
/// last wrote on stderr.
fn death_record(source: Source, status: &str, stderr: &str) -> Record {
    if stderr.contains(OUT_OF_MEMORY) || stderr.contains("capacity overflow") {
        Record::error(
            source,
            ErrorKind::TooLarge,
            "the file needed more memory than --max-memory allows",
        )
    } else {
        let detail = End::detail(stderr);
        Record::error(
            source,
            ErrorKind::Crashed,
            format!("the reader crashed on this file ({status}){detail}"),
        )
    }
}

/// One unit of a batch.
pub enum Job {
    /// A file to read.
    Read {
        /// Where the file is, as the worker opens it.
        path: PathBuf,
        /// The path as text for the record's `source.path`.
        display: String,
    },
    /// A record known without reading (an input problem, a record kept by
    /// `--resume`): it only takes its place in the output order.
    Done(Box<Record>),
}

/// Shared state of a batch: the jobs drawn and not yet started, and the
/// ordering window.
struct Queue {
    /// Jobs drawn from the batch ([`feed`]) and not yet started, in input
    /// order; at most the window ahead of the output.
    ahead: Vec<Ahead>,
    /// Sequence number of the next job drawn.
    next: usize,
    /// The batch has no more jobs, or no more are drawn (the run stopped).
    drawn_all: bool,
    /// Records emitted so far.
    emitted: usize,
    /// Every worker slot has ended: nothing more is taken.
    closed: bool,
    /// Why the run cannot go on, once it cannot.
    failure: Option<PoolError>,
}

impl Queue {
    fn new() -> Queue {
        Queue {
            ahead: Vec::new(),
            next: 0,
            drawn_all: false,
            emitted: 0,
            closed: false,
            failure: None,
        }
    }
}

/// The error of a file whose worker replied with something that is not its
/// record.
const UNREADABLE_REPLY: &str = "the worker sent an unreadable reply";

/// A worker's reply line for file `seq`, taken ([`await_reply`]) but not yet
/// read: a slot reads it once the worker has its next file ([`manage`]).
/// Reading it first (its JSON, and counting its groups) kept the worker
/// waiting: one worker over 399 short statements took 0.44-0.45 s, and
/// 0.38 s with the reply read while it works (BENCHMARKS.md, sixteenth
/// session). Each slot reads its own replies, so the output's one thread
/// does no more than write however many workers there are.
struct Held {
    seq: usize,
    line: String,
    source: Source,
}

impl Held {
    /// The record: a reply that does not read as one is an internal
    /// error, like a line [`await_reply`] does not take.
    fn record(self, options: &Options) -> Record {
        match serde_json::from_str::<Reply>(&self.line) {
            Ok(mut reply) if reply.id == self.seq => {
                if options.count_groups {
                    crate::pipeline::count_groups(&mut reply.record, options.as_of, options.today);
                }
                reply.record
            }
            _ => Record::error(self.source, ErrorKind::Internal, UNREADABLE_REPLY),
        }
    }
}

/// Hands a held reply's record to the output, if there is one; false when
/// the output has gone.
fn pass_on(held: &mut Option<Held>, tx: &mpsc::Sender<(usize, Record)>, options: &Options) -> bool {
    match held.take() {
        Some(h) => tx.send((h.seq, h.record(options))).is_ok(),
        None => true,
    }
}

/// A job drawn from the batch and waiting for a worker.
struct Ahead {
    seq: usize,
    job: Job,
    /// What the job is guessed to cost: the file's size in bytes. A record
    /// known already costs nothing to pass on, and a file whose size cannot
    /// be read will end in an error record at once: both rank above every
    /// file, so that they never hold back the output.
    cost: u64,
}

impl Ahead {
    /// [`Ahead::cost`] of `job`. The inputs stage reads no sizes (bar a
    /// shard's): one `stat` here, on the feeder's thread, off the workers'.
    fn cost(job: &Job) -> u64 {
        match job {
            Job::Done(_) => u64::MAX,
            Job::Read { path, .. } => std::fs::metadata(path).map_or(u64::MAX, |m| m.len()),
        }
    }
}

/// A worker's note that it is about to OCR `pages` pages of file `id`: each
/// adds the OCR page budget to the file's time, since `--timeout` is sized
/// for reading text, and recognising a page takes seconds.
///
/// Its fields are only these: a reply (`{"id":..,"record":{..}}`), tried as
/// a notice first, fails at its second key instead of after its whole
/// record has been read through (a fifth of the parent's instructions).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OcrNotice {
    id: usize,
    ocr_pages: u32,
}

/// The reply line of file `i` (its record in JSON, read by
/// [`Held::record`]), waiting `--timeout` plus the OCR budget of the
/// pages the worker says it OCRs.
fn await_reply(w: &mut Worker, i: usize, cfg: &PoolConfig) -> Result<String, NoReply> {
    let mut deadline = std::time::Instant::now() + cfg.timeout;
    let mut ocr_pages = 0u32;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match w.replies.recv_timeout(left) {
            Ok(Some(line)) => {
                if let Ok(n) = serde_json::from_str::<OcrNotice>(&line) {
                    if n.id == i {
                        ocr_pages += n.ocr_pages;
                        deadline += cfg.options.ocr.page_budget * n.ocr_pages;
                        continue;
                    }
                }
                // A whole line that begins as file `i`'s reply is taken as
                // it; [`Held::record`] reads the rest once the worker has
                // its next file.
                return if line.starts_with(&format!("{{\"id\":{i},\"record\":")) {
                    Ok(line)
                } else {
                    Err(NoReply::Useless(
                        ErrorKind::Internal,
                        UNREADABLE_REPLY.into(),
                    ))
                };
            }
            Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => return Err(NoReply::Died),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let ocr = match ocr_pages {
                    0 => String::new(),
                    n => format!(
                        " and {} s for each of {n} pages of OCR (--ocr-timeout)",
                        cfg.options.ocr.page_budget.as_secs_f32()
                    ),
                };
                let msg = format!(
                    "no result within {} s (--timeout){ocr}",
                    cfg.timeout.as_secs_f32()
                );
                return Err(NoReply::Useless(ErrorKind::Timeout, msg));
            }
        }
    }
}

/// Runs `jobs` through a pool of worker processes and calls `emit` with each
/// record, in job order. Jobs are drawn from the iterator on a thread of its
/// own ([`feed`]), at most a window of [`WINDOW_PER_WORKER`] × workers ahead of the output, so
/// memory does not grow with the batch and a list still being written
/// (`--files-from -`) holds back no file that has arrived. Among the jobs
/// drawn, files are started in input order, but for a file much larger
/// than the first one waiting ([`LONG_FILE_RATIO`]).
///
/// `stop` ends the batch early (Ctrl-C): jobs not yet started get no record,
/// and neither do files whose worker Ctrl-C ended. Since a terminal's Ctrl-C
/// may reach a worker before the caller's handler has run, the pool sets
/// `stop` itself when it sees that; after `run` returns, `stop` says whether
/// the batch was interrupted. Either way the records finished before the
/// first job without one are emitted. A worker that cannot start ends the
/// run with [`PoolError`], after those records.
pub fn run<I>(
    jobs: I,
    cfg: &PoolConfig,
    stop: &AtomicBool,
    mut emit: impl FnMut(Record),
) -> Result<(), PoolError>
where
    I: Iterator<Item = Job> + Send,
{
    let n = cfg.workers.max(1);
    let window = WINDOW_PER_WORKER * n;
    let queue = (Mutex::new(Queue::new()), Condvar::new());
    let (tx, rx) = mpsc::channel::<(usize, Record)>();
    std::thread::scope(|scope| {
        let queue = &queue;
        scope.spawn(move || feed(jobs, queue, window, stop));
        for _ in 0..n {
            let tx = tx.clone();
            scope.spawn(move || manage(queue, &tx, cfg, stop));
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Record> = BTreeMap::new();
        let mut next = 0;
        let (lock, cv) = queue;
        for (i, r) in rx {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&next) {
                emit(r);
                next += 1;
                if let Ok(mut q) = lock.lock() {
                    q.emitted = next;
                }
                cv.notify_all();
            }
        }
        // Every slot has ended: the feeder draws no more.
        if let Ok(mut q) = lock.lock() {
            q.closed = true;
        }
        cv.notify_all();
        // After a stop, emit what finished, in order, up to the first gap.
        while let Some(r) = pending.remove(&next) {
            emit(r);
            next += 1;
        }
    });
    let failure = match queue.0.into_inner() {
        Ok(q) => q.failure,
        Err(poisoned) => poisoned.into_inner().failure,
    };
    failure.map_or(Ok(()), Err)
}

/// Draws the batch's jobs into the queue, on a thread of its own: reading a
/// list of inputs (`--files-from -`, still being written) or walking a
/// folder blocks this thread only, so the workers go on with the jobs that
/// have arrived, and [`take_job`] can choose among them. A job is drawn
/// only while it is within `window` of the output (the next job's number
/// below the records emitted + `window`), the bound on memory that drawing
/// as the workers freed up kept before.
fn feed<I: Iterator<Item = Job>>(
    jobs: I,
    queue: &(Mutex<Queue>, Condvar),
    window: usize,
    stop: &AtomicBool,
) {
    /// Marks the batch drawn however the feeder ends (a panic in the
    /// iterator included), so that no slot waits for jobs that will not come.
    struct Drawn<'a>(&'a (Mutex<Queue>, Condvar));
    impl Drop for Drawn<'_> {
        fn drop(&mut self) {
            let (lock, cv) = self.0;
            lock.lock().unwrap_or_else(|p| p.into_inner()).drawn_all = true;
            cv.notify_all();
        }
    }
    let _drawn = Drawn(queue);
    let (lock, cv) = queue;
    let mut jobs = jobs;
    loop {
        {
            let Ok(mut q) = lock.lock() else { return };
            loop {
                if stop.load(Ordering::Relaxed) || q.failure.is_some() || q.closed {
                    return;
                }
                if q.next < q.emitted + window {
                    break;
                }
                q = match cv.wait_timeout(q, Duration::from_millis(200)) {
                    Ok(w) => w.0,
                    Err(_) => return,
                };
            }
        }
        // Without the lock: this may wait on a list still being written.
        let Some(job) = jobs.next() else { return };
        let cost = Ahead::cost(&job);
        let Ok(mut q) = lock.lock() else { return };
        let seq = q.next;
        q.ahead.push(Ahead { seq, job, cost });
        q.next += 1;
        drop(q);
        cv.notify_all();
    }
}

/// The next job to start and its sequence number, waiting while none has
/// been drawn. It never draws jobs itself ([`feed`] does), so it never
/// waits on the list of inputs while jobs that have arrived could run.
///
/// Jobs are started in input order, but for a file [`LONG_FILE_RATIO`]
/// times the size of the first one waiting ([`next_of`]).
fn take_job(queue: &(Mutex<Queue>, Condvar), stop: &AtomicBool) -> Option<(usize, Job)> {
    let (lock, cv) = queue;
    let mut q = lock.lock().ok()?;
    loop {
        match next_job(&mut q, stop) {
            Next::Job(seq, job) => return Some((seq, job)),
            Next::End => return None,
            Next::Wait => q = cv.wait_timeout(q, Duration::from_millis(200)).ok()?.0,
        }
    }
}

/// [`take_job`] without waiting: [`Next::Wait`] when no job has been drawn
/// yet but more may come.
fn take_job_now(queue: &(Mutex<Queue>, Condvar), stop: &AtomicBool) -> Next {
    match queue.0.lock() {
        Ok(mut q) => next_job(&mut q, stop),
        Err(_) => Next::End,
    }
}

/// What a slot finds when it looks for a job.
enum Next {
    Job(usize, Job),
    /// None yet: the batch is still being drawn.
    Wait,
    /// None ever: the batch is done, stopped or failed.
    End,
}

fn next_job(q: &mut Queue, stop: &AtomicBool) -> Next {
    if stop.load(Ordering::Relaxed) || q.failure.is_some() {
        return Next::End;
    }
    if let Some(i) = next_of(&q.ahead) {
        let a = q.ahead.remove(i);
        return Next::Job(a.seq, a.job);
    }
    if q.drawn_all {
        Next::End
    } else {
        Next::Wait
    }
}

/// Files drawn ahead of the output per worker: the pool chooses among them
/// what to start next ([`next_of`]) and holds their records until the
/// output reaches them, so this many records per worker bound the memory.
/// The further it looks ahead, the earlier a long document is seen and
/// started. With 64, the benchmark's 272-page report (348th of 400 paths)
/// was seen only once 220 records were written, and the worker that read
/// it ended 5 % after the other: 2,741 M instructions against 2,603 M with
/// 128, where the even share is 2,597 M (`bench/schedule.py --windows`;
/// 256 and 512 gave 2,603 M too, sixteenth session).
const WINDOW_PER_WORKER: usize = 128;

/// A file at least this many times the size of the first file waiting is
/// started before it. A long document drawn late leaves the other workers
/// idle at the end while one reads it: the benchmark's 272-page report,
/// 348th of 400 paths and 34 % of the batch's instructions, made two
/// workers' run 22 % longer than an even share of the work (3,715 M
/// instructions against 3,052 M, `bench/schedule.py`, which replays the
/// pool over each file's instructions). Reading the whole window largest
/// first gains little (5 %, thirteenth session): the output waits for the
/// first unfinished file, so the small files left at the window's front
/// hold the window back. Started only when this much larger than the first
/// waiting, it gains 15 % (3,174 M; a ratio of 32 the same, 8: 3,240 M,
/// 4: 3,342 M, 2: 3,570 M).
const LONG_FILE_RATIO: u64 = 16;

/// Which of `ahead` (in input order) to start next: the largest file if it
/// is [`LONG_FILE_RATIO`] times the size of the first (the first drawn
/// among equals), else the first. A record known already, and a file
/// whose size cannot be read, count as largest of all ([`Ahead::cost`]),
/// so they are passed on at once.
fn next_of(ahead: &[Ahead]) -> Option<usize> {
    let first = ahead.first()?;
    let largest = (0..ahead.len()).max_by_key(|&i| (ahead[i].cost, std::cmp::Reverse(i)))?;
    Some(
        if ahead[largest].cost >= first.cost.saturating_mul(LONG_FILE_RATIO) {
            largest
        } else {
            0
        },
    )
}

/// Ends the run for every slot: the first failure is the one reported.
fn fail(queue: &(Mutex<Queue>, Condvar), e: PoolError) {
    let (lock, cv) = queue;
    if let Ok(mut q) = lock.lock() {
        q.failure.get_or_insert(e);
    }
    cv.notify_all();
}

fn manage(
    queue: &(Mutex<Queue>, Condvar),
    tx: &mpsc::Sender<(usize, Record)>,
    cfg: &PoolConfig,
    stop: &AtomicBool,
) {
    let mut worker: Option<Worker> = None;
    let mut served = 0usize;
    let mut held: Option<Held> = None;
    loop {
        // The next file at once if one is waiting. If none is, the held
        // reply is passed on first: the output, and with it the window,
        // may be waiting for it.
        let next = match take_job_now(queue, stop) {
            Next::Job(i, job) => Some((i, job)),
            Next::End => None,
            Next::Wait => {
                if !pass_on(&mut held, tx, &cfg.options) {
                    break;
                }
                take_job(queue, stop)
            }
        };
        let Some((i, job)) = next else { break };
        let (path, display) = match job {
            Job::Done(r) => {
                if tx.send((i, *r)).is_err() {
                    break;
                }
                continue;
            }
            Job::Read { path, display } => (path, display),
        };
        // A long-lived worker's heap only grows (fragmentation, the largest
        // file so far); replacing it now and then keeps memory flat in the
        // size of the batch at the cost of one start-up per RECYCLE files.
        if served >= RECYCLE {
            if let Some(w) = worker.take() {
                w.finish();
            }
            served = 0;
        }
        served += 1;
        let source = Source::named(&display, &path);
        // A worker's start takes a while: the held reply goes first.
        if worker.is_none() && !pass_on(&mut held, tx, &cfg.options) {
            break;
        }
        let w = match worker.as_mut() {
            Some(w) => w,
            None => match Worker::start_again(cfg) {
                Ok(w) => worker.insert(w),
                Err(StartError::Interrupted) => {
                    stop.store(true, Ordering::SeqCst);
                    break;
                }
                Err(StartError::Spawn(source)) => {
                    let exe = cfg.exe.clone();
                    fail(queue, PoolError::Spawn { exe, source });
                    break;
                }
                Err(StartError::Failed(why)) => {
                    let mib = cfg.max_memory >> 20;
                    fail(queue, PoolError::NoStart { why, mib });
                    break;
                }
            },
        };
        let req = Request {
            id: i,
            path: hex::encode(path_bytes(&path)),
            display,
        };
        let sent = serde_json::to_string(&req)
            .map_err(std::io::Error::other)
            .and_then(|line| writeln!(w.stdin, "{line}").and_then(|_| w.stdin.flush()));
        let answer = match sent {
            Err(_) => Err(NoReply::Died),
            Ok(()) => {
                // The worker reads file `i` while the slot reads the reply
                // before it.
                if !pass_on(&mut held, tx, &cfg.options) {
                    break;
                }
                await_reply(w, i, cfg)
            }
        };
        let record = match answer {
            Ok(line) => {
                held = Some(Held {
                    seq: i,
                    line,
                    source,
                });
                continue;
            }
            Err(no_reply) => {
                let Some(w) = worker.take() else { break };
                let end = w.end(matches!(no_reply, NoReply::Died));
                match (end, no_reply) {
                    // The file was interrupted, not failed: no record, and
                    // the run ends as interrupted (--resume reads it again).
                    (End::Interrupted, _) => {
                        stop.store(true, Ordering::SeqCst);
                        break;
                    }
                    // Once the run is stopping, a worker's end may be the
                    // stop's doing: leave the file to --resume as well.
                    _ if stop.load(Ordering::SeqCst) => break,
                    (_, NoReply::Useless(kind, msg)) => Record::error(source, kind, msg),
                    (End::Died { status, stderr }, NoReply::Died) => {
                        death_record(source, &status, &stderr)
                    }
                }
            }
        };
        if tx.send((i, record)).is_err() {
            break;
        }
    }
    pass_on(&mut held, tx, &cfg.options);
    if let Some(w) = worker {
        w.finish();
    }
}

/// Files one worker process reads before it is replaced.
const RECYCLE: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;

    type Shared = (Mutex<Queue>, Condvar);

    fn shared() -> Shared {
        (Mutex::new(Queue::new()), Condvar::new())
    }

    /// A job reading a file of `bytes` bytes made in `dir`.
    fn file(dir: &Path, name: &str, bytes: usize) -> Job {
        let path = dir.join(name);
        std::fs::write(&path, vec![b'x'; bytes]).expect("written");
        Job::Read {
            path,
            display: name.into(),
        }
    }

    fn known_record() -> Job {
        Job::Done(Box::new(Record::error(
            Source::named("gone.pdf", Path::new("gone.pdf")),
            ErrorKind::Unreadable,
            "gone",
        )))
    }

    #[test]
    fn a_file_sixteen_times_the_size_of_the_first_waiting_is_started_first() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let d = dir.path();
        let missing = Job::Read {
            path: d.join("missing.pdf"),
            display: "missing.pdf".into(),
        };
        let jobs = vec![
            file(d, "small.pdf", 10),
            file(d, "large.pdf", 160),
            file(d, "medium.pdf", 159),
            missing,
            file(d, "medium-too.pdf", 100),
            known_record(),
            file(d, "medium-three.pdf", 100),
        ];
        let queue = shared();
        let stop = AtomicBool::new(false);
        feed(jobs.into_iter(), &queue, 64, &stop);
        let order: Vec<usize> = std::iter::from_fn(|| take_job(&queue, &stop))
            .map(|(seq, _)| seq)
            .collect();
        // The file that cannot be read and the known record at once; the
        // file 16 times the size of the first waiting before it, not the one
        // just short of that; then input order.
        assert_eq!(order, [3, 5, 1, 0, 2, 4, 6]);
    }

    /// Two workers look far enough ahead to see, and start first, a long
    /// document two hundred files down a list of short ones: seen only when
    /// the output nears it, it is read while the other worker has nothing
    /// left to do.
    #[test]
    fn two_workers_see_a_long_file_two_hundred_files_ahead() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let d = dir.path();
        let mut jobs: Vec<Job> = (0..200).map(|i| file(d, &format!("{i}.pdf"), 10)).collect();
        jobs.push(file(d, "long.pdf", 1000));
        let window = WINDOW_PER_WORKER * 2;
        let queue = shared();
        let stop = AtomicBool::new(false);
        let first = std::thread::scope(|s| {
            s.spawn(|| feed(jobs.into_iter(), &queue, window, &stop));
            {
                // Drawn as far as the window lets it, nothing emitted yet.
                let (lock, cv) = &queue;
                let mut q = lock.lock().expect("queue");
                while !q.drawn_all && q.next < window {
                    q = cv.wait(q).expect("queue");
                }
            }
            let first = take_job(&queue, &stop).map(|(seq, _)| seq);
            // The feeder, waiting for the output if the window is full, ends.
            stop.store(true, Ordering::SeqCst);
            queue.1.notify_all();
            first
        });
        assert_eq!(first, Some(200));
    }

    /// The pool chooses among the jobs that have arrived while the list of
    /// inputs waits for more: neither choosing nor starting reads it.
    #[test]
    fn jobs_that_have_arrived_are_started_while_the_list_waits_for_more() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (small, large) = (
            file(dir.path(), "s.pdf", 10),
            file(dir.path(), "l.pdf", 1000),
        );
        let (asked_tx, asked) = mpsc::channel::<()>();
        let (more_tx, more) = mpsc::channel::<Option<Job>>();
        let mut arrived = vec![small, large].into_iter();
        let list = std::iter::from_fn(move || {
            arrived.next().or_else(|| {
                let _ = asked_tx.send(());
                more.recv().ok().flatten()
            })
        });
        let queue = shared();
        let stop = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| feed(list, &queue, 64, &stop));
            asked.recv().expect("the feeder asks for a third job");
            // Both taken while the feeder waits on the list.
            let first = take_job(&queue, &stop).map(|(seq, _)| seq);
            let second = take_job(&queue, &stop).map(|(seq, _)| seq);
            more_tx.send(None).expect("the list ends");
            assert_eq!((first, second), (Some(1), Some(0)));
            assert!(take_job(&queue, &stop).is_none());
        });
    }

    /// Jobs are drawn at most the window ahead of the records emitted, as
    /// when they were drawn as workers freed up: memory stays flat.
    #[test]
    fn no_job_is_drawn_beyond_the_window() {
        let queue = shared();
        let stop = AtomicBool::new(false);
        let window = 3;
        let beyond = AtomicBool::new(false);
        let drawn = std::sync::atomic::AtomicUsize::new(0);
        let jobs = std::iter::from_fn(|| {
            let n = drawn.fetch_add(1, Ordering::SeqCst);
            if n == 10 {
                return None;
            }
            let emitted = queue.0.lock().expect("queue").emitted;
            if n >= emitted + window {
                beyond.store(true, Ordering::SeqCst);
            }
            Some(known_record())
        });
        std::thread::scope(|s| {
            s.spawn(|| feed(jobs, &queue, window, &stop));
            // Nothing is emitted before the window is drawn full, and then
            // the feeder is given time to overdraw it if it would.
            {
                let (lock, cv) = &queue;
                let mut q = lock.lock().expect("queue");
                while q.next < window {
                    q = cv.wait(q).expect("queue");
                }
            }
            std::thread::sleep(Duration::from_millis(50));
            // The caller's part: take the jobs and emit their records in order.
            let mut taken = std::collections::BTreeSet::new();
            let mut emitted = 0;
            while let Some((seq, _)) = take_job(&queue, &stop) {
                taken.insert(seq);
                while taken.remove(&emitted) {
                    emitted += 1;
                }
                queue.0.lock().expect("queue").emitted = emitted;
                queue.1.notify_all();
            }
            assert_eq!(emitted, 10);
        });
        assert!(
            !beyond.load(Ordering::SeqCst),
            "a job was drawn beyond the window"
        );
    }

    #[test]
    fn a_reply_is_told_from_an_ocr_notice_at_its_second_key() {
        let record = Record::error(
            Source::named("a.pdf", Path::new("a.pdf")),
            ErrorKind::Unreadable,
            "x".repeat(1000),
        );
        let line = serde_json::to_string(&Reply { id: 7, record }).expect("serialised");
        let err = serde_json::from_str::<OcrNotice>(&line)
            .err()
            .expect("a reply is no notice");
        assert!(err.to_string().contains("unknown field `record`"), "{err}");
        assert!(err.column() < 20, "read up to column {}", err.column());
        let notice = serde_json::to_string(&OcrNotice {
            id: 7,
            ocr_pages: 2,
        })
        .expect("serialised");
        let back: OcrNotice = serde_json::from_str(&notice).expect("a notice");
        assert_eq!((back.id, back.ocr_pages), (7, 2));
    }
}
