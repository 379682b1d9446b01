//! The worker pool through its library API, with a stand-in for the worker
//! program: a script that misbehaves as told and then runs the real worker.
//! This reaches what the command line cannot stage on purpose, such as a
//! worker that fails to start once.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;
use whosigned::record::{ErrorKind, Status};
use whosigned::worker::{self, Job, PoolConfig, PoolError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/hostile")
        .join(name)
}

/// A worker program at `dir/worker.sh`: `prelude` (shell), then the real
/// worker with the arguments the pool gave.
fn worker_script(dir: &Path, prelude: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("worker.sh");
    let text = format!(
        "#!/bin/sh\n{prelude}\nexec '{}' \"$@\"\n",
        env!("CARGO_BIN_EXE_whosigned")
    );
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn config(exe: PathBuf) -> PoolConfig {
    PoolConfig {
        workers: 1,
        timeout: Duration::from_secs(30),
        max_memory: 1 << 30,
        options: whosigned::Options::default(),
        names: None,
        exe,
        exe_args: Vec::new(),
    }
}

fn read(paths: &[PathBuf]) -> impl Iterator<Item = Job> + Send + '_ {
    paths.iter().map(|p| Job::Read {
        path: p.clone(),
        display: p.to_string_lossy().into_owned(),
    })
}

/// One failed start is not the end of the run: the pool starts another
/// worker, and the file gets its record from it.
#[test]
fn a_worker_that_fails_to_start_once_is_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    // The first start (the one that makes the marker folder) exits at once.
    let marker = tmp.path().join("started-once");
    let exe = worker_script(
        tmp.path(),
        &format!("mkdir '{}' 2>/dev/null && exit 3", marker.display()),
    );
    let files = [fixture("control-statement.pdf")];
    let stop = AtomicBool::new(false);
    let mut records = Vec::new();
    let ran = worker::run(read(&files), &config(exe), &stop, |r| records.push(r));
    assert!(marker.exists(), "the failing start did not happen");
    assert!(ran.is_ok(), "{:?}", ran.err());
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].status, Status::Ok, "{:?}", records[0].error);
}

/// A worker's reply is the file's record only if the worker wrote the whole
/// line: a line its death cut short gives the file the record of a crash,
/// with the worker's exit status, not that of an unreadable reply.
#[test]
fn a_reply_cut_short_by_the_worker_s_death_is_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let exe = worker_script(
        tmp.path(),
        "echo 'whosigned worker ready'; read request; printf '{\"id\":0,\"record\":{'; exit 9",
    );
    let files = [fixture("control-statement.pdf")];
    let stop = AtomicBool::new(false);
    let mut records = Vec::new();
    let ran = worker::run(read(&files), &config(exe), &stop, |r| records.push(r));
    assert!(ran.is_ok(), "{:?}", ran.err());
    assert_eq!(records.len(), 1);
    let e = records[0].error.as_ref().expect("an error record");
    assert_eq!(e.kind, ErrorKind::Crashed, "{}", e.message);
    assert!(e.message.contains("exit status: 9"), "{}", e.message);
}

/// A whole line that is not the file's record (another file's, or none
/// that reads as a record) makes the file's record an internal error.
#[test]
fn a_whole_reply_that_is_not_the_file_s_record_is_an_internal_error() {
    for reply in [r#"{"id":5,"record":{}}"#, r#"{"id":0,"record":"none"}"#] {
        let tmp = tempfile::tempdir().unwrap();
        let exe = worker_script(
            tmp.path(),
            &format!("echo 'whosigned worker ready'; read request; echo '{reply}'; exit 0"),
        );
        let files = [fixture("control-statement.pdf")];
        let stop = AtomicBool::new(false);
        let mut records = Vec::new();
        let ran = worker::run(read(&files), &config(exe), &stop, |r| records.push(r));
        assert!(ran.is_ok(), "{:?}", ran.err());
        assert_eq!(records.len(), 1, "{reply}");
        let e = records[0].error.as_ref().expect("an error record");
        assert_eq!(e.kind, ErrorKind::Internal, "{reply}: {}", e.message);
        assert_eq!(e.message, "the worker sent an unreadable reply", "{reply}");
    }
}

/// A worker that never starts fails the run, with what it said, and no file
/// gets a record.
#[test]
fn a_worker_that_never_starts_fails_the_run_without_records() {
    let tmp = tempfile::tempdir().unwrap();
    let exe = worker_script(tmp.path(), "echo 'no room' >&2; exit 3");
    let files = [fixture("control-statement.pdf")];
    let stop = AtomicBool::new(false);
    let mut records = Vec::new();
    let ran = worker::run(read(&files), &config(exe), &stop, |r| records.push(r));
    match ran {
        Err(PoolError::NoStart { why, mib }) => {
            assert_eq!(why, "exit status: 3: no room");
            assert_eq!(mib, 1024);
        }
        other => panic!("expected NoStart, got {other:?}"),
    }
    assert_eq!(records.len(), 0);
}

/// Files that have arrived are read while the list of inputs waits for
/// more (a list still being written, `--files-from -`): the pool reads the
/// list on a thread of its own, so that neither a worker slot (drawing
/// ahead to choose what to start) nor the output (making room in the
/// window) waits on it. Both slots are busy here, and the list ends only
/// once both records are out.
#[test]
fn records_come_out_while_the_list_of_inputs_waits() {
    use std::sync::atomic::Ordering;
    let files = [
        fixture("control-statement.pdf"),
        fixture("control-statement.pdf"),
    ];
    let (out_tx, out_rx) = std::sync::mpsc::channel::<()>();
    let out_while_open = AtomicBool::new(false);
    let flag = &out_while_open;
    let list = read(&files).chain(std::iter::from_fn(move || {
        let both = (0..2).all(|_| out_rx.recv_timeout(Duration::from_secs(60)).is_ok());
        flag.store(both, Ordering::SeqCst);
        None
    }));
    let cfg = PoolConfig {
        workers: 2,
        ..config(PathBuf::from(env!("CARGO_BIN_EXE_whosigned")))
    };
    let stop = AtomicBool::new(false);
    let mut records = Vec::new();
    let ran = worker::run(list, &cfg, &stop, |r| {
        records.push(r);
        let _ = out_tx.send(());
    });
    assert!(ran.is_ok(), "{:?}", ran.err());
    assert_eq!(records.len(), 2);
    assert!(
        out_while_open.load(Ordering::SeqCst),
        "the records came out only once the list had ended"
    );
}

/// Group counts are made by the pool as the records come back (workers
/// leave them out of their replies): a record from the pool is written as
/// the record read in this process is, group counts and all, whether the statement's
/// date, `--as-of` or the day of the run says when membership is taken.
#[test]
fn records_from_the_pool_are_the_records_read_here_group_counts_included() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let files = [
        fixtures.join("en_one_per_line_libreoffice.pdf"),
        fixtures.join("ar_one_per_line_chromium.pdf"),
        fixtures.join("en_press_release_no_list_chromium.pdf"),
    ];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2);
    let as_of = chrono::NaiveDate::from_ymd_opt(2019, 6, 1);
    for (today, as_of) in [(today, None), (today, as_of), (None, None)] {
        let options = whosigned::Options {
            today,
            as_of,
            ..whosigned::Options::default()
        };
        let cfg = PoolConfig {
            workers: 2,
            options: options.clone(),
            ..config(PathBuf::from(env!("CARGO_BIN_EXE_whosigned")))
        };
        let stop = AtomicBool::new(false);
        let mut pooled = Vec::new();
        let ran = worker::run(read(&files), &cfg, &stop, |r| pooled.push(r));
        assert!(ran.is_ok(), "{:?}", ran.err());
        assert_eq!(pooled.len(), files.len());
        for (file, from_pool) in files.iter().zip(&pooled) {
            let here = whosigned::process_file(file, &file.to_string_lossy(), &options);
            // As written: the metadata's language, which records do not
            // carry, stays in the worker.
            let json = |r: &whosigned::record::Record| serde_json::to_string(r).unwrap();
            assert_eq!(json(from_pool), json(&here), "{}", file.display());
            let counted = from_pool.status == Status::Ok;
            assert_eq!(!from_pool.groups.is_empty(), counted, "{}", file.display());
        }
    }
}
