//! Hostile inputs (`tests/hostile/`, rebuilt by `tests/hostile/make.py`)
//! and odd paths, run through the real binary as one batch: every input gets
//! exactly one record, in input order, with the status and error kind that
//! `tests/hostile/expected.tsv` gives, and no input crashes, hangs or loses
//! the batch. Then the guarantees around the output file: worker processes by
//! default, `-o FILE` appearing only once complete (also when interrupted),
//! and `--resume` re-reading only changed files.

mod common;

use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A run that takes longer than this is a hang (the slowest hostile file is
/// cut at the 10 s --timeout; the whole batch needs well under a minute).
const HANG: Duration = Duration::from_secs(60);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn hostile() -> PathBuf {
    root().join("tests/hostile")
}

fn fixture(name: &str) -> PathBuf {
    hostile().join(name)
}

struct Expected {
    file: String,
    status: String,
    /// `None` where the status is not an error (`-` in the file).
    kind: Option<String>,
    why: String,
}

fn expected_tsv() -> Vec<Expected> {
    let text =
        std::fs::read_to_string(fixture("expected.tsv")).expect("tests/hostile/expected.tsv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("file\tstatus\tkind\twhy"),
        "expected.tsv header"
    );
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "expected.tsv row with 4 columns: {l:?}");
            Expected {
                file: f[0].to_string(),
                status: f[1].to_string(),
                kind: (f[2] != "-").then(|| f[2].to_string()),
                why: f[3].to_string(),
            }
        })
        .collect()
}

fn hostile_pdfs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(hostile())
        .expect("tests/hostile/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    v.sort();
    v
}

struct Run {
    status: ExitStatus,
    stdout: Vec<u8>,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn records(&self) -> Vec<Value> {
        String::from_utf8(self.stdout.clone())
            .expect("records are UTF-8")
            .lines()
            .map(|l| {
                serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON record ({e}): {l}"))
            })
            .collect()
    }
}

fn whosigned() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_whosigned"));
    c.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn drain(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        buf
    })
}

/// Runs to the end, or kills the run and fails the test once it takes `HANG`.
fn run(cmd: &mut Command) -> Run {
    let start = Instant::now();
    let mut child = cmd.spawn().expect("start whosigned");
    let out = drain(child.stdout.take().unwrap());
    let err = drain(child.stderr.take().unwrap());
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            let _ = child.wait();
            let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
            panic!("whosigned still running after {HANG:?}: a hang\nstderr:\n{stderr}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        status,
        stdout: out.join().unwrap(),
        stderr: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
        elapsed: start.elapsed(),
    }
}

fn states(r: &Value) -> Vec<String> {
    let mut v: Vec<String> = r["signatories"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s["iso3"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Every good document here is the same statement: these three States.
const STATES: [&str; 3] = ["AUT", "BEL", "CHL"];

fn kind_of(r: &Value) -> Option<&str> {
    r["error"]["kind"].as_str()
}

/// One record we expect: the path as the record prints it, and its outcome.
struct Want {
    label: String,
    path: String,
    status: String,
    kind: Option<String>,
    why: String,
}

impl Want {
    fn new(label: &str, path: &Path, status: &str, kind: Option<&str>, why: &str) -> Want {
        Want {
            label: label.to_string(),
            path: path.to_string_lossy().into_owned(),
            status: status.to_string(),
            kind: kind.map(str::to_string),
            why: why.to_string(),
        }
    }
}

struct Batch {
    want: Vec<Want>,
    run: Run,
    records: Vec<Value>,
}

/// The one big batch, run once and shared by the tests that read it.
fn batch() -> &'static Batch {
    static BATCH: OnceLock<Batch> = OnceLock::new();
    BATCH.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let mut args: Vec<PathBuf> = Vec::new();
        let mut want: Vec<Want> = Vec::new();

        for e in expected_tsv() {
            let p = fixture(&e.file);
            want.push(Want::new(&e.file, &p, &e.status, e.kind.as_deref(), &e.why));
            args.push(p);
        }

        let good = fixture("control-statement.pdf");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let p = tmp.path().join(std::ffi::OsStr::from_bytes(b"state\xffment.pdf"));
            std::fs::copy(&good, &p).unwrap();
            want.push(Want::new("non-UTF-8 file name", &p, "ok", None, "a good file under a name with byte 0xFF"));
            args.push(p);

            use std::os::unix::fs::PermissionsExt;
            let p = tmp.path().join("unreadable.pdf");
            std::fs::copy(&good, &p).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
            if std::fs::File::open(&p).is_ok() {
                common::say("SKIPPED part of a hostile test: the unreadable-file input, as chmod 000 does not stop this user (root) from reading");
            } else {
                want.push(Want::new("chmod 000", &p, "error", Some("unreadable"), "permission denied"));
                args.push(p);
            }
        }

        let p = tmp.path().join("no-such-file.pdf");
        want.push(Want::new("missing path", &p, "error", Some("unreadable"), "the path does not exist"));
        args.push(p);

        #[cfg(unix)]
        {
            let dir = tmp.path().join("loop");
            std::fs::create_dir(&dir).unwrap();
            std::fs::copy(&good, dir.join("a.pdf")).unwrap();
            std::os::unix::fs::symlink(&dir, dir.join("self")).unwrap();
            want.push(Want::new("folder with a loop: its PDF", &dir.join("a.pdf"), "ok", None, "a good file"));
            want.push(Want::new(
                "folder with a loop: the loop",
                &dir.join("self"),
                "error",
                Some("unreadable"),
                "symbolic link loop",
            ));
            args.push(dir);
        }

        // Without OCR: these files test isolation and error kinds, and the
        // image-only one must say needs_ocr whatever this machine has
        // installed (OCR has tests of its own, tests/ocr.rs).
        let run = run(whosigned()
            .args(["extract", "--quiet", "--ocr", "never", "--timeout", "10"])
            .args(&args));
        let records = run.records();
        eprintln!("hostile batch: {} inputs in {:.1?}; stderr: {}", args.len(), run.elapsed, run.stderr.trim());
        Batch { want, run, records }
    })
}

#[test]
fn expected_tsv_names_every_hostile_fixture() {
    let listed: Vec<String> = {
        let mut v: Vec<String> = expected_tsv().into_iter().map(|e| e.file).collect();
        v.sort();
        v
    };
    let present: Vec<String> = hostile_pdfs()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        listed, present,
        "tests/hostile/*.pdf and expected.tsv disagree (rerun make.py?)"
    );
    for e in expected_tsv() {
        assert!(
            ["ok", "no_signatories", "needs_ocr", "error"].contains(&e.status.as_str()),
            "{}",
            e.file
        );
        assert_eq!(
            e.status == "error",
            e.kind.is_some(),
            "{}: an error, and only an error, has a kind",
            e.file
        );
        assert!(!e.why.is_empty(), "{}: say why", e.file);
    }
}

#[test]
fn the_batch_gives_one_record_per_input_in_order() {
    let b = batch();
    let paths: Vec<&str> = b
        .records
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap_or("?"))
        .collect();
    let want: Vec<&str> = b.want.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(
        paths, want,
        "one record per input, in input order\nstderr: {}",
        b.run.stderr
    );
    assert_eq!(
        b.run.status.code(),
        Some(1),
        "exit status 1: some inputs are errors\nstderr: {}",
        b.run.stderr
    );
    assert!(b.run.elapsed < HANG, "the batch took {:?}", b.run.elapsed);

    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/record.v1.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for (w, r) in b.want.iter().zip(&b.records) {
        let errors: Vec<String> = validator
            .iter_errors(r)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(
            errors.is_empty(),
            "{}: record breaks the schema: {}",
            w.label,
            errors.join("; ")
        );
        if r["status"] == "error" {
            assert!(
                r["error"]["message"].is_string(),
                "{}: an error record says why",
                w.label
            );
        }
    }
}

#[test]
fn each_record_has_the_expected_status_and_kind() {
    let b = batch();
    let mut wrong = Vec::new();
    for (w, r) in b.want.iter().zip(&b.records) {
        let (status, kind) = (r["status"].as_str().unwrap_or("?"), kind_of(r));
        if status != w.status || kind != w.kind.as_deref() {
            wrong.push(format!(
                "{}: expected {} {}, got {} {} ({})\n    why expected: {}",
                w.label,
                w.status,
                w.kind.as_deref().unwrap_or("-"),
                status,
                kind.unwrap_or("-"),
                r["error"]["message"].as_str().unwrap_or(""),
                w.why,
            ));
        } else if status == "ok" && states(r) != STATES {
            wrong.push(format!(
                "{}: ok, but with States {:?} instead of {STATES:?}",
                w.label,
                states(r)
            ));
        } else if status != "error" && r["source"]["pages"] != 1 {
            // Every readable document here has one page; a page reached twice
            // (a page-tree loop) is still one page, read once.
            wrong.push(format!(
                "{}: {status}, but with {} pages instead of 1",
                w.label, r["source"]["pages"]
            ));
        }
    }
    assert!(
        b.records.len() == b.want.len(),
        "{} records for {} inputs",
        b.records.len(),
        b.want.len()
    );
    assert!(
        wrong.is_empty(),
        "{} of {} records differ from expected:\n{}",
        wrong.len(),
        b.want.len(),
        wrong.join("\n")
    );
}

/// Worker processes are the default: a form XObject that draws itself (on
/// which pdf-extract overflows its stack and aborts the process) must not take
/// the batch down, and the good file after it still gets its record.
#[test]
fn worker_processes_are_the_default_so_a_self_drawing_form_cannot_end_the_batch() {
    let form = fixture("self-drawing-form.pdf");
    let good = fixture("control-statement.pdf");
    let r = run(whosigned()
        .args(["extract", "--quiet", "--timeout", "10"])
        .arg(&form)
        .arg(&good));
    assert!(
        matches!(r.status.code(), Some(0) | Some(1)),
        "the batch itself died ({}): is --in-process the default?\nstderr: {}",
        r.status,
        r.stderr
    );
    let records = r.records();
    assert_eq!(
        records.len(),
        2,
        "one record per input\nstderr: {}",
        r.stderr
    );
    assert_eq!(
        records[0]["source"]["path"].as_str(),
        Some(&*form.to_string_lossy())
    );
    eprintln!(
        "self-drawing form alone: {} {}",
        records[0]["status"], records[0]["error"]
    );
    assert_eq!(
        records[1]["status"], "ok",
        "the file after the hostile one: {}",
        records[1]
    );
    assert_eq!(states(&records[1]), STATES);
}

/// The same, shown without relying on a file that crashes today's engine: the
/// memory cap is set on the worker process, so by default a 1 MiB cap leaves
/// no worker able to start (the run fails), where `--in-process` (no worker,
/// no cap) reads the file.
#[test]
fn the_memory_cap_applies_to_a_worker_process_by_default() {
    let good = fixture("control-statement.pdf");
    let r = run(whosigned()
        .args(["extract", "--quiet", "--timeout", "10", "--max-memory", "1"])
        .arg(&good));
    assert_eq!(
        r.status.code(),
        Some(2),
        "read under a 1 MiB cap: not in a capped worker?\nstderr: {}",
        r.stderr
    );
    let r = run(whosigned()
        .args(["extract", "--quiet", "--in-process", "--max-memory", "1"])
        .arg(&good));
    assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
    assert_eq!(r.records()[0]["status"], "ok");
}

/// A `--max-memory` that no worker can start under is the setting's fault,
/// not the files': the run ends with status 2 and a message naming the flag,
/// and no file gets a record (an error record would blame the file, and
/// `--resume` would keep it). Under 10 MiB a worker cannot even start its
/// reading thread; under 100 MiB it can, but its tables do not fit (which
/// it finds out before it says it is ready, not on the first file).
#[test]
fn a_memory_cap_no_worker_starts_under_fails_the_run_not_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    let files = folder_of_copies(&tmp.path().join("in"), 3);
    for mib in ["10", "100"] {
        let out = tmp.path().join(format!("out-{mib}.jsonl"));
        let r = run(whosigned()
            .args(["extract", "--quiet", "-j", "2", "--max-memory", mib, "-o"])
            .arg(&out)
            .args(&files));
        assert_eq!(r.status.code(), Some(2), "{mib} MiB; stderr: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("--max-memory {mib} MiB")),
            "the message names the setting: {}",
            r.stderr
        );
        assert!(!out.exists(), "a failed run left {}", out.display());
        let written = lines(&partial(&out));
        assert_eq!(written, Vec::<String>::new(), "{mib} MiB: records written");
    }
}

/// A cap workers start under but a file does not fit in is the file's
/// matter: `too_large`, and the batch goes on. (The flate bomb inflates
/// toward its 64 MiB stream limit, more than a 256 MiB worker has left.)
#[test]
fn a_file_over_a_workable_memory_cap_is_too_large_and_the_batch_goes_on() {
    let r = run(whosigned()
        .args(["extract", "--quiet", "-j", "1", "--max-memory", "256"])
        .arg(fixture("flate-bomb-1gib.pdf"))
        .arg(fixture("control-statement.pdf")));
    assert_eq!(r.status.code(), Some(1), "stderr: {}", r.stderr);
    let records = r.records();
    assert_eq!(records.len(), 2, "stderr: {}", r.stderr);
    assert_eq!(kind_of(&records[0]), Some("too_large"), "{}", records[0]);
    assert_eq!(records[1]["status"], "ok", "{}", records[1]);
}

/// `--in-process` reads on threads with large stacks; when they cannot
/// start (here: an address-space limit below one stack), the run fails with
/// status 2 and says so, instead of ending "successfully" with no records.
#[cfg(unix)]
#[test]
fn in_process_threads_that_cannot_start_fail_the_run() {
    use std::os::unix::process::CommandExt;
    let mut cmd = whosigned();
    cmd.args(["extract", "--quiet", "--in-process", "-j", "1"])
        .arg(fixture("control-statement.pdf"));
    // 128 MiB: enough for the process, less than one 256 MiB reading stack.
    let limit = 128 << 20;
    // SAFETY: setrlimit(2) is async-signal-safe and gets a valid struct.
    unsafe {
        cmd.pre_exec(move || {
            let lim = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &lim) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    let r = run(&mut cmd);
    assert_eq!(r.status.code(), Some(2), "stderr: {}", r.stderr);
    assert!(r.stderr.contains("--in-process"), "stderr: {}", r.stderr);
    assert_eq!(r.records().len(), 0);
}

/// A folder of `n` copies of the good statement (distinct names, sorted).
fn folder_of_copies(dir: &Path, n: usize) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    (0..n)
        .map(|i| {
            let p = dir.join(format!("copy-{i:03}.pdf"));
            std::fs::copy(fixture("control-statement.pdf"), &p).unwrap();
            p
        })
        .collect()
}

fn partial(out: &Path) -> PathBuf {
    let mut p = out.as_os_str().to_owned();
    p.push(".partial");
    PathBuf::from(p)
}

fn lines(p: &Path) -> Vec<String> {
    std::fs::read_to_string(p)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// `-o FILE`: FILE is never there half-written. While the run goes on it is
/// absent (records go to FILE.partial); once it is there it is complete, and
/// no FILE.partial is left behind.
#[test]
fn the_output_file_appears_only_when_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = folder_of_copies(&tmp.path().join("in"), 12);
    let out = tmp.path().join("out.jsonl");
    let start = Instant::now();
    let mut child = whosigned()
        .args(["extract", "--quiet", "--timeout", "10", "-j", "1", "-o"])
        .arg(&out)
        .arg(tmp.path().join("in"))
        .spawn()
        .unwrap();
    let (mut seen_partial, mut seen_incomplete) = (false, None);
    let status = loop {
        // Look at the files before asking whether the run ended, so that
        // everything seen was seen while it ran (or just as it ended).
        seen_partial |= partial(&out).exists();
        if out.exists() {
            let n = lines(&out).len();
            if n != inputs.len() {
                seen_incomplete = Some(n);
            }
        }
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            panic!("extract -o still running after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert_eq!(status.code(), Some(0));
    assert_eq!(
        seen_incomplete, None,
        "out.jsonl was seen with fewer records than inputs"
    );
    if !seen_partial {
        eprintln!("note: the run ended before out.jsonl.partial was seen");
    }
    let got: Vec<String> = lines(&out)
        .iter()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["source"]["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let want: Vec<String> = inputs
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(got, want);
    assert!(!partial(&out).exists(), "out.jsonl.partial left behind");
}

/// Ctrl-C (SIGINT) during `-o FILE`: FILE does not appear, FILE.partial keeps
/// the finished records, and `--resume` completes the same output a clean run
/// gives.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_output_file_and_resume_completes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    let inputs = folder_of_copies(&dir, 40);
    let clean = tmp.path().join("clean.jsonl");
    let r = run(whosigned()
        .args(["extract", "--quiet", "-j", "1", "-o"])
        .arg(&clean)
        .arg(&dir));
    assert_eq!(r.status.code(), Some(0), "{}", r.stderr);

    let out = tmp.path().join("out.jsonl");
    let start = Instant::now();
    let mut child = whosigned()
        .args(["extract", "--quiet", "-j", "1", "-o"])
        .arg(&out)
        .arg(&dir)
        .spawn()
        .unwrap();
    // Wait for the first record: by then the Ctrl-C handler is installed.
    let mut interrupted = false;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if !interrupted && !lines(&partial(&out)).is_empty() {
            // SAFETY: kill(2) with the pid of our own child and a valid signal.
            let rc = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
            assert_eq!(rc, 0);
            interrupted = true;
        }
        if start.elapsed() > HANG {
            let _ = child.kill();
            panic!("interrupted run still going after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    if status.code() == Some(130) {
        assert!(!out.exists(), "an interrupted run must not leave out.jsonl");
        let done = lines(&partial(&out));
        assert!(
            done.len() < inputs.len(),
            "interrupted, yet all {} records were written",
            done.len()
        );
        let clean_lines = lines(&clean);
        for (i, l) in done.iter().enumerate() {
            assert_eq!(
                l, &clean_lines[i],
                "partial record {i} differs from a clean run's"
            );
        }
        eprintln!(
            "interrupted after {} of {} records",
            done.len(),
            inputs.len()
        );
    } else {
        // The run beat the signal: then it must have finished cleanly.
        eprintln!("note: the run ended before SIGINT took effect ({status}): {stderr}");
        assert_eq!(status.code(), Some(0), "{stderr}");
    }

    let r = run(whosigned()
        .args(["extract", "--quiet", "-j", "1", "--resume", "-o"])
        .arg(&out)
        .arg(&dir));
    assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
    assert!(
        !partial(&out).exists(),
        "out.jsonl.partial left behind after --resume"
    );
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(&clean).unwrap(),
        "resumed output != clean output"
    );
}

/// `--resume` keeps the records of unchanged inputs (same path, same sha256)
/// without reading them again and reads changed inputs anew. To tell "kept"
/// from "read again" without timing, the kept record is marked in the old
/// output: a re-read would lose the mark.
#[test]
fn resume_rereads_only_changed_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    let (a, b, c) = (dir.join("a.pdf"), dir.join("b.pdf"), dir.join("c.pdf"));
    std::fs::copy(fixture("control-statement.pdf"), &a).unwrap();
    std::fs::copy(fixture("control-statement.pdf"), &b).unwrap();
    std::fs::copy(fixture("rc4-no-user-password.pdf"), &c).unwrap();
    let out = tmp.path().join("out.jsonl");
    let extract = |resume: bool| {
        let mut cmd = whosigned();
        cmd.args([
            "extract",
            "--quiet",
            "--ocr",
            "never",
            "--timeout",
            "10",
            "-o",
        ])
        .arg(&out)
        .arg(&dir);
        if resume {
            cmd.arg("--resume");
        }
        let r = run(&mut cmd);
        assert!(matches!(r.status.code(), Some(0) | Some(1)), "{}", r.stderr);
        assert!(!partial(&out).exists(), "out.jsonl.partial left behind");
        std::fs::read(&out).unwrap()
    };

    let first = extract(false);
    let second = extract(true);
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second),
        "--resume over unchanged inputs must write the same bytes"
    );

    // Mark a's old record, and change b's bytes (c stays as it was).
    let mut old: Vec<Value> = lines(&out)
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(old.len(), 3);
    old[0]["metadata"]["title"] = Value::String("kept by --resume".into());
    let marked: String = old
        .iter()
        .map(|r| serde_json::to_string(r).unwrap() + "\n")
        .collect();
    std::fs::write(&out, marked).unwrap();
    std::fs::copy(fixture("no-text-layer.pdf"), &b).unwrap();

    let third = extract(true);
    let new: Vec<Value> = String::from_utf8(third)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let paths: Vec<&str> = new
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap())
        .collect();
    let want: Vec<String> = [&a, &b, &c]
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert_eq!(paths, want, "one record per input, in order");
    assert_eq!(
        new[0]["metadata"]["title"], "kept by --resume",
        "unchanged a.pdf was read again"
    );
    assert_eq!(new[0]["status"], "ok");
    assert_ne!(
        new[1]["source"]["sha256"], old[1]["source"]["sha256"],
        "changed b.pdf kept its old record"
    );
    assert_eq!(new[1]["status"], "needs_ocr", "changed b.pdf: {}", new[1]);
    assert_eq!(new[2], old[2], "unchanged c.pdf's record changed");
}

/// Inputs are streamed, not gathered first: with `--files-from -`, the record
/// of the first path comes out while the list is still open. (A batch of a
/// million paths therefore never holds a million paths.)
#[test]
fn records_come_out_before_the_list_of_inputs_ends() {
    use std::io::{BufRead, BufReader, Write};
    let dir = tempfile::tempdir().unwrap();
    let files = folder_of_copies(dir.path(), 2);
    let mut child = whosigned()
        .args(["extract", "--quiet", "-j", "1", "--files-from", "-"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("start whosigned");
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{}", files[0].display()).unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    let first = rx.recv_timeout(HANG);
    // Only now is the list finished.
    writeln!(stdin, "{}", files[1].display()).unwrap();
    drop(stdin);
    let second = rx.recv_timeout(HANG);
    let _ = child.wait();
    let first: Value =
        serde_json::from_str(&first.expect("no record while the list was open")).unwrap();
    assert_eq!(first["source"]["path"], files[0].to_string_lossy().as_ref());
    let second: Value =
        serde_json::from_str(&second.expect("no record for the second path")).unwrap();
    assert_eq!(
        second["source"]["path"],
        files[1].to_string_lossy().as_ref()
    );
}

/// `--resume` with `--out-dir`: the earlier per-file records are the ones
/// kept, a changed input gets a new one, and nothing is lost when the earlier
/// record and the new one are in the same folder.
#[test]
fn resume_with_out_dir_keeps_unchanged_records() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    let (a, b) = (dir.join("a.pdf"), dir.join("b.pdf"));
    std::fs::copy(fixture("control-statement.pdf"), &a).unwrap();
    std::fs::copy(fixture("control-statement.pdf"), &b).unwrap();
    let out = tmp.path().join("records");
    let extract = |resume: bool| {
        let mut cmd = whosigned();
        cmd.args(["extract", "--quiet", "--ocr", "never", "--out-dir"])
            .arg(&out)
            .arg(&dir);
        if resume {
            cmd.arg("--resume");
        }
        let r = run(&mut cmd);
        assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
    };
    let read = |name: &str| -> Value {
        serde_json::from_slice(&std::fs::read(out.join(name)).unwrap()).unwrap()
    };
    extract(false);
    let mut a_old = read("a.json");
    a_old["metadata"]["title"] = Value::String("kept by --resume".into());
    std::fs::write(
        out.join("a.json"),
        serde_json::to_vec_pretty(&a_old).unwrap(),
    )
    .unwrap();
    std::fs::copy(fixture("no-text-layer.pdf"), &b).unwrap();
    extract(true);
    assert_eq!(read("a.json")["metadata"]["title"], "kept by --resume");
    assert_eq!(
        read("b.json")["status"],
        "needs_ocr",
        "changed b.pdf kept its old record"
    );
}

/// `-o` onto something that is not a regular file (`/dev/null`, a named
/// pipe) writes to it directly: renaming a finished `.partial` onto it would
/// replace the device or pipe with a regular file (as root, `/dev/null` for
/// the whole machine).
#[cfg(unix)]
#[test]
fn output_to_a_named_pipe_writes_through_and_leaves_the_pipe() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("records.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        common::say("SKIPPED: mkfifo is not available");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let files = folder_of_copies(&dir.path().join("in"), 2);
    let r = run(whosigned()
        .args(["extract", "--quiet", "-j", "1", "-o"])
        .arg(&fifo)
        .args(&files));
    assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
    // Checked before joining the reader: had the pipe been replaced, the
    // reader would wait on it for ever.
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the named pipe was replaced");
    assert!(
        !partial(&fifo).exists(),
        "a .partial was written beside the pipe"
    );
    let got = reader.join().unwrap();
    assert_eq!(got.lines().count(), 2, "records through the pipe: {got:?}");
}

/// An output that is one of the inputs, whatever its spelling, is refused
/// with exit 2 before anything is read, and the input is left as it was:
/// `-o` onto the PDF itself, `-o` onto a PDF of a folder given, and a JSON
/// input inside `--out-dir`.
#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("s");
    let files = folder_of_copies(&s, 2);
    let pdf = std::fs::read(&files[0]).unwrap();
    let other_spelling = s.join(".").join("copy-001.pdf");
    let json = s.join("copy-000.json");
    std::fs::write(&json, b"{}").unwrap();
    let cases: Vec<(Vec<&std::ffi::OsStr>, &Path)> = vec![
        (
            vec!["-o".as_ref(), files[0].as_os_str(), files[0].as_os_str()],
            &files[0],
        ),
        (
            vec!["-o".as_ref(), other_spelling.as_os_str(), s.as_os_str()],
            &files[1],
        ),
        (
            vec!["--out-dir".as_ref(), s.as_os_str(), json.as_os_str()],
            &json,
        ),
    ];
    for (args, input) in cases {
        let before = std::fs::read(input).unwrap();
        let r = run(whosigned().args(["extract", "--quiet"]).args(&args));
        assert_eq!(r.status.code(), Some(2), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("also an output"), "{}", r.stderr);
        assert_eq!(std::fs::read(input).unwrap(), before, "{args:?}");
    }
    assert_eq!(std::fs::read(&files[0]).unwrap(), pdf);
    // The same holds for a list read as it streams (stdin cannot be read twice).
    let mut child = whosigned()
        .args(["extract", "--quiet", "--files-from", "-", "-o"])
        .arg(&files[1])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(
            stdin,
            "{}\n{}",
            files[0].display(),
            other_spelling.display()
        )
        .unwrap();
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&files[1]).unwrap(), pdf);
}

/// `a.pdf`, `./a.pdf`, `/abs/a.pdf` and a symbolic link to it are one file:
/// one record, and the summary says that repeats were dropped.
#[test]
fn one_file_under_several_spellings_gives_one_record() {
    let dir = tempfile::tempdir().unwrap();
    let files = folder_of_copies(dir.path(), 1);
    let link = dir.path().join("link.pdf");
    std::os::unix::fs::symlink(&files[0], &link).unwrap();
    let r = run(whosigned()
        .current_dir(dir.path())
        .args(["extract", "--quiet", "copy-000.pdf", "./copy-000.pdf"])
        .arg(&files[0])
        .arg(&link));
    assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
    let records = String::from_utf8(r.stdout).unwrap();
    assert_eq!(records.lines().count(), 1, "{records}");
    assert!(
        r.stderr.contains("3 inputs named files given before"),
        "{}",
        r.stderr
    );
}

/// Names that are not UTF-8 keep their exact bytes in `source.path_bytes`,
/// so two of them stay apart (in records, in `--out-dir` file names, and for
/// `--resume`, which keeps both records).
#[test]
fn names_that_are_not_utf8_are_kept_exactly() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<PathBuf> = [b"n\xff.pdf", b"n\xfe.pdf"]
        .iter()
        .map(|n| dir.path().join(std::ffi::OsStr::from_bytes(*n)))
        .collect();
    for n in &names {
        if std::fs::copy(fixture("control-statement.pdf"), n).is_err() {
            common::say("SKIPPED: this file system refuses names that are not UTF-8");
            return;
        }
    }
    let out = dir.path().join("out.jsonl");
    let extract = |resume: bool| {
        let mut cmd = whosigned();
        cmd.args(["extract", "--quiet", "-o"])
            .arg(&out)
            .args(&names);
        if resume {
            cmd.arg("--resume");
        }
        let r = run(&mut cmd);
        assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
        lines(&out)
    };
    let first = extract(false);
    let exact: Vec<Vec<u8>> = first
        .iter()
        .map(|l| {
            let r: Value = serde_json::from_str(l).unwrap();
            hex::decode(r["source"]["path_bytes"].as_str().expect("path_bytes")).unwrap()
        })
        .collect();
    let want: Vec<Vec<u8>> = names
        .iter()
        .map(|n| n.as_os_str().as_bytes().to_vec())
        .collect();
    assert_eq!(exact, want);
    assert_eq!(extract(true), first, "--resume must keep both records");

    let records = dir.path().join("records");
    let r = run(whosigned()
        .args(["extract", "--quiet", "--out-dir"])
        .arg(&records)
        .args(&names));
    assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(&records).unwrap().count(), 2);
}

/// A write error (here a full disk: `/dev/full`) stops the batch at once,
/// exit 2, naming the output and the system's reason, instead of reading
/// every input first.
#[test]
fn a_write_error_stops_the_batch_and_names_the_output() {
    if !Path::new("/dev/full").exists() {
        common::say("SKIPPED: no /dev/full on this system");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    const FILES: usize = 200;
    folder_of_copies(dir.path(), FILES);
    let r = run(whosigned()
        .args(["extract", "--quiet", "-j", "1", "-o", "/dev/full"])
        .arg(dir.path()));
    assert_eq!(r.status.code(), Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("/dev/full"), "{}", r.stderr);
    assert!(r.stderr.contains("No space left"), "{}", r.stderr);
    let read: usize = r
        .stderr
        .split("stopped after ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of files read: {}", r.stderr));
    assert!(
        read < FILES / 2,
        "read {read} of {FILES} files after the error"
    );
}

/// Ctrl-C at a terminal signals the whole process group, workers included.
/// A file a worker was reading when it was interrupted is not a failed file:
/// it gets no record (so `--resume` reads it), the records finished before
/// it are kept, the run ends with 130, and `--resume` completes the same
/// output a clean run gives. To have a file certainly in flight without
/// timing, the third input is a named pipe: a worker opening it waits until
/// the signal.
#[cfg(unix)]
#[test]
fn ctrl_c_to_the_process_group_leaves_the_file_in_flight_for_resume() {
    use std::os::unix::process::CommandExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    let names = ["a.pdf", "b.pdf", "c.pdf", "d.pdf"];
    let inputs: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
    for p in [&inputs[0], &inputs[1], &inputs[3]] {
        std::fs::copy(fixture("control-statement.pdf"), p).unwrap();
    }
    let fifo = std::ffi::CString::new(inputs[2].to_str().unwrap()).unwrap();
    // SAFETY: mkfifo(3) with a NUL-terminated path and a valid mode.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0, "mkfifo");

    let out = tmp.path().join("out.jsonl");
    let start = Instant::now();
    let mut child = whosigned()
        .args(["extract", "--quiet", "-j", "2", "-o"])
        .arg(&out)
        .args(&inputs)
        .process_group(0)
        .spawn()
        .unwrap();
    let pgid = child.id() as libc::pid_t;
    let stderr = drain(child.stderr.take().unwrap());
    // The first two records are out only once the handler is installed and
    // the pipe's reader is started (its worker has nothing else to do).
    let mut interrupted = false;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if !interrupted && lines(&partial(&out)).len() >= 2 {
            // SAFETY: kill(2) on the process group of our own child.
            assert_eq!(unsafe { libc::kill(-pgid, libc::SIGINT) }, 0);
            interrupted = true;
        }
        if start.elapsed() > HANG {
            // SAFETY: as above; also ends workers still waiting on the pipe.
            unsafe { libc::kill(-pgid, libc::SIGKILL) };
            let _ = child.wait();
            panic!("extract still running after {HANG:?} (interrupted: {interrupted})");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = String::from_utf8_lossy(&stderr.join().unwrap()).into_owned();
    assert_eq!(status.code(), Some(130), "{status}; stderr: {stderr}");
    assert!(!out.exists(), "an interrupted run must not leave out.jsonl");
    let done: Vec<Value> = lines(&partial(&out))
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let paths: Vec<&str> = done
        .iter()
        .map(|r| r["source"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [inputs[0].to_str().unwrap(), inputs[1].to_str().unwrap()],
        "the records finished before the interrupted file, and only those"
    );
    for r in &done {
        assert_eq!(r["status"], "ok", "an interrupted run wrote {r}");
    }
    assert!(stderr.contains(" 0 errors"), "summary: {stderr}");

    // The pipe becomes a file like the others; --resume reads it and d.pdf.
    std::fs::remove_file(&inputs[2]).unwrap();
    std::fs::copy(fixture("control-statement.pdf"), &inputs[2]).unwrap();
    let r = run(whosigned()
        .args(["extract", "--quiet", "-j", "2", "--resume", "-o"])
        .arg(&out)
        .args(&inputs));
    assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
    let clean = tmp.path().join("clean.jsonl");
    let r = run(whosigned()
        .args(["extract", "--quiet", "-j", "2", "-o"])
        .arg(&clean)
        .args(&inputs));
    assert_eq!(r.status.code(), Some(0), "{}", r.stderr);
    assert_eq!(
        String::from_utf8(std::fs::read(&out).unwrap()).unwrap(),
        String::from_utf8(std::fs::read(&clean).unwrap()).unwrap(),
        "resumed output != clean output"
    );
}
