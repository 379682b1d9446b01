//! `whosigned._native`: the library's entry points for Python. The Python
//! package (`whosigned/__init__.py`) wraps them; records cross as JSON text,
//! serialised exactly as `whosigned extract` writes them, so that a record
//! from Python and one from the command line are the same bytes.

use clap::Parser;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Duration;
use whosigned::gazetteer::{json, Gazetteer};
use whosigned::pdf::ocr::{OcrMode, OcrSettings, PAGE_BUDGET};
use whosigned::record::Record;
use whosigned::worker::{self, Job, PoolConfig, WorkerArgs};
use whosigned::Options;

fn date(s: Option<&str>) -> PyResult<Option<chrono::NaiveDate>> {
    s.map(|d| {
        d.parse()
            .map_err(|e| PyValueError::new_err(format!("as_of {d:?}: {e}")))
    })
    .transpose()
}

fn ocr_mode(s: &str) -> PyResult<OcrMode> {
    s.parse().map_err(PyValueError::new_err)
}

/// The options `whosigned extract` would use for one batch.
fn options(as_of: Option<&str>, ocr: &str) -> PyResult<Options> {
    Ok(Options {
        as_of: date(as_of)?,
        today: Some(chrono::Local::now().date_naive()),
        ocr: OcrSettings {
            mode: ocr_mode(ocr)?,
            languages: None,
            page_budget: PAGE_BUDGET,
        },
        ..Options::default()
    })
}

fn to_json(r: &Record) -> PyResult<String> {
    serde_json::to_string(r).map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// One PDF read in this process (no engine that can abort it runs); the
/// record as JSON.
#[pyfunction]
#[pyo3(signature = (path, as_of=None, ocr="auto"))]
fn extract_json(py: Python<'_>, path: PathBuf, as_of: Option<&str>, ocr: &str) -> PyResult<String> {
    let opts = options(as_of, ocr)?;
    let display = path.to_string_lossy().into_owned();
    let record = py.allow_threads(|| whosigned::process_file(&path, &display, &opts));
    to_json(&record)
}

/// Many PDFs read by `jobs` worker processes, each started as `exe
/// exe_args __worker ...` (the Python interpreter running
/// `whosigned._worker`); `emit(json)` is called with each record in input
/// order, and a false answer stops the run (no further file is taken).
/// The GIL is released while files are read.
#[pyfunction]
#[pyo3(signature = (paths, emit, exe, exe_args, as_of=None, ocr="auto", jobs=None, timeout=10.0, max_memory_mib=1024))]
#[allow(clippy::too_many_arguments)]
fn extract_many_json(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    emit: PyObject,
    exe: PathBuf,
    exe_args: Vec<String>,
    as_of: Option<&str>,
    ocr: &str,
    jobs: Option<usize>,
    timeout: f64,
    max_memory_mib: u64,
) -> PyResult<()> {
    let mut opts = options(as_of, ocr)?;
    // pdf-extract may abort its process: here that is a worker.
    opts.fallback = true;
    let workers = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let cfg = PoolConfig {
        workers,
        timeout: Duration::from_secs_f64(timeout),
        max_memory: max_memory_mib.saturating_mul(1 << 20),
        options: opts,
        names: None,
        exe,
        exe_args: exe_args.into_iter().map(Into::into).collect(),
    };
    let stop = AtomicBool::new(false);
    let jobs = paths.into_iter().map(|p| Job::Read {
        display: p.to_string_lossy().into_owned(),
        path: p,
    });
    let mut failure: Option<PyErr> = None;
    let ran = py.allow_threads(|| {
        worker::run(jobs, &cfg, &stop, |r| {
            if failure.is_some() {
                return;
            }
            let sent = to_json(&r)
                .and_then(|json| Python::with_gil(|py| emit.call1(py, (json,))?.is_truthy(py)));
            match sent {
                // The caller wants no more: take no more files.
                Ok(false) => stop.store(true, std::sync::atomic::Ordering::SeqCst),
                Ok(true) => {}
                Err(e) => {
                    failure = Some(e);
                    stop.store(true, std::sync::atomic::Ordering::SeqCst);
                }
            }
        })
    });
    if let Some(e) = failure {
        return Err(e);
    }
    ran.map_err(|e| PyRuntimeError::new_err(e.to_string()))
}

/// Serves as a worker process (`python -m whosigned._worker __worker ...`)
/// until stdin ends.
#[pyfunction]
fn serve_worker(py: Python<'_>, args: Vec<String>) -> PyResult<()> {
    let a = WorkerArgs::try_parse_from(args).map_err(|e| PyValueError::new_err(e.to_string()))?;
    py.allow_threads(|| worker::serve_with(a))
        .map_err(PyRuntimeError::new_err)
}

/// The State names in `text`, normalised as `extract` normalises a
/// document: `{"matches": [...], "ambiguous": [...], "place_or_state": [...]}`
/// as JSON, offsets in characters of the normalised text.
#[pyfunction]
fn match_json(text: &str) -> PyResult<String> {
    let g = Gazetteer::get();
    let normalised = whosigned::text::normalise_text(text, &|w| g.is_printed_word(w));
    let found = json::matches_json(g, &normalised);
    let v = serde_json::json!({
        "normalised": normalised,
        "matches": found.matches,
        "ambiguous": found.ambiguous,
        "place_or_state": found.place_or_state,
    });
    Ok(v.to_string())
}

/// The entities the gazetteer knows, or a group's members, on `as_of`
/// (default: today), as `whosigned states --json` gives them.
#[pyfunction]
#[pyo3(signature = (group=None, as_of=None))]
fn states_json(group: Option<&str>, as_of: Option<&str>) -> PyResult<String> {
    let day = date(as_of)?.unwrap_or_else(|| chrono::Local::now().date_naive());
    let v = json::states_json(group, day).map_err(PyValueError::new_err)?;
    Ok(serde_json::Value::Array(v).to_string())
}

/// The CSV rows of one record (as JSON), in `whosigned extract --format
/// csv`'s columns ([`whosigned::sink::CSV_HEADER`]).
#[pyfunction]
fn csv_rows(record_json: &str) -> PyResult<Vec<Vec<String>>> {
    let r: Record = serde_json::from_str(record_json)
        .map_err(|e| PyValueError::new_err(format!("not a whosigned record: {e}")))?;
    Ok(whosigned::sink::csv_rows(&r)
        .into_iter()
        .map(|row| row.to_vec())
        .collect())
}

/// The CSV columns.
#[pyfunction]
fn csv_header() -> Vec<&'static str> {
    whosigned::sink::CSV_HEADER.to_vec()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(extract_json, m)?)?;
    m.add_function(wrap_pyfunction!(extract_many_json, m)?)?;
    m.add_function(wrap_pyfunction!(serve_worker, m)?)?;
    m.add_function(wrap_pyfunction!(match_json, m)?)?;
    m.add_function(wrap_pyfunction!(states_json, m)?)?;
    m.add_function(wrap_pyfunction!(csv_rows, m)?)?;
    m.add_function(wrap_pyfunction!(csv_header, m)?)?;
    Ok(())
}
