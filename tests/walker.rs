//! The primary engine over the shared corpus of malformed PDFs: every file must
//! come back (glyphs or an error kind) without a panic, and quickly.

use std::time::{Duration, Instant};
use whosigned::pdf::{walker, Limits};

const MALFORMED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/malformed");

/// Tighter than the defaults so that a hostile file stays cheap in a test run.
fn test_limits() -> Limits {
    Limits {
        max_stream_bytes: 16 << 20,
        max_total_bytes: 64 << 20,
        max_operators_per_page: 1_000_000,
        ..Limits::default()
    }
}

#[test]
fn every_malformed_pdf_returns_without_panicking() {
    let Ok(entries) = std::fs::read_dir(MALFORMED) else {
        eprintln!("skipping: {MALFORMED} is absent");
        return;
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    paths.sort();
    let limits = test_limits();
    let mut slow = Vec::new();
    let (mut ok, mut failed) = (0, 0);
    for path in &paths {
        let bytes = std::fs::read(path).expect("read corpus file");
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| walker::extract(&bytes, &limits));
        let elapsed = started.elapsed();
        match outcome {
            Ok(Ok(_)) => ok += 1,
            Ok(Err(_)) => failed += 1,
            Err(_) => panic!("{} panicked", path.display()),
        }
        if elapsed > Duration::from_secs(5) {
            slow.push(format!("{} took {elapsed:?}", path.display()));
        }
    }
    eprintln!("{} files: {ok} read, {failed} errors", paths.len());
    assert!(slow.is_empty(), "slow files:\n{}", slow.join("\n"));
}
