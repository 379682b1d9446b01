//! Command-line front. One subcommand per file, its usage text beside its
//! flags; this file holds only the dispatch and what all commands share.

mod compare;
mod extract;
mod map;
mod r#match;
mod merge;
mod report;
mod states;
mod table;
mod verify;

use anyhow::Context;
use clap::{Parser, Subcommand};
use whosigned::record::Record;

/// Which States signed a declaration PDF: reads joint statements,
/// communiqués and open letters and writes normalised JSON records.
#[derive(Parser)]
#[command(name = "whosigned", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Extract(extract::Args),
    Merge(merge::Args),
    Verify(verify::Args),
    Match(r#match::Args),
    Table(table::Args),
    Compare(compare::Args),
    Map(map::Args),
    Report(report::Args),
    States(states::Args),
    /// Print the text of a PDF in reading order, as the list finder sees it.
    Text {
        /// The PDF.
        pdf: std::path::PathBuf,
        /// Instead of the text, print every candidate list (a run of State
        /// names joined only by list material) with its evidence and the
        /// rule that took or rejected it.
        #[arg(long, conflicts_with = "layout")]
        explain: bool,
        /// Instead of the text, print every laid-out line with its page,
        /// baseline, left and right edge and size (points from the bottom
        /// left) and how many cells its printed row was split into.
        #[arg(long)]
        layout: bool,
    },
    /// Internal: serve files to a parent `extract` over stdin/stdout.
    #[command(name = "__worker", hide = true)]
    Worker(whosigned::worker::WorkerArgs),
}

// Exit statuses, the same numbers for every command; `whosigned extract --help`
// lists them with what they mean there.
/// All good.
pub const EXIT_OK: i32 = 0;
/// Some inputs failed (error records) or differ (`verify`, `compare`).
pub const EXIT_SOME_FAILED: i32 = 1;
/// Bad usage, or a failure of the run itself: every error a command returns.
pub const EXIT_USAGE: i32 = 2;
/// Interrupted by Ctrl-C (128 + SIGINT, as a shell reports a process that
/// SIGINT ended).
pub const EXIT_INTERRUPTED: i32 = 130;

/// A reader that stopped early (`| head`) is not a failure.
pub(crate) fn broken_pipe_ok(r: anyhow::Result<i32>) -> anyhow::Result<i32> {
    use std::io::ErrorKind::BrokenPipe;
    let broken = |e: &anyhow::Error| {
        e.chain().any(|c| {
            c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == BrokenPipe)
                || c.downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
                    == Some(BrokenPipe)
        })
    };
    match r {
        Err(e) if broken(&e) => Ok(EXIT_OK),
        other => other,
    }
}

/// `whosigned text`: the text, or the candidate lists, of one PDF.
fn text(pdf: &std::path::Path, explain: bool, layout: bool) -> anyhow::Result<i32> {
    use anyhow::Context;
    use std::io::Write;
    let bytes = std::fs::read(pdf).with_context(|| format!("cannot read {}", pdf.display()))?;
    let opts = whosigned::Options::default();
    let out = if explain {
        whosigned::explain_lists(&bytes, &opts)?
    } else if layout {
        whosigned::document_layout(&bytes, &opts)?
    } else {
        whosigned::document_text(&bytes, &opts)?
    };
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", out.trim_end())?;
    stdout.flush()?;
    Ok(EXIT_OK)
}

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    // A reader that stopped early (`| head`) ends every command quietly.
    let result = broken_pipe_ok(match cli.command {
        Command::Extract(a) => extract::run(a),
        Command::Merge(a) => merge::run(a),
        Command::Verify(a) => verify::run(a),
        Command::Match(a) => r#match::run(a),
        Command::Table(a) => table::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Map(a) => map::run(a),
        Command::Report(a) => report::run(a),
        Command::States(a) => states::run(a),
        Command::Worker(a) => whosigned::worker::serve_with(a)
            .map(|()| EXIT_OK)
            .map_err(anyhow::Error::msg),
        Command::Text {
            pdf,
            explain,
            layout,
        } => text(&pdf, explain, layout),
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("whosigned: {e:#}");
            EXIT_USAGE
        }
    }
}

/// The record of one PDF, read in this process with the default options
/// (for `compare`, `map` and `report`, which take a PDF where they take a
/// record); an error when there is no such file.
pub(crate) fn read_pdf(path: &std::path::Path) -> anyhow::Result<Record> {
    if !path.is_file() {
        anyhow::bail!("{}: no such file", path.display());
    }
    Ok(whosigned::process_file(
        path,
        &path.display().to_string(),
        &whosigned::Options::default(),
    ))
}

/// The records in one file, in order: JSON Lines, a JSON array (`--format
/// json`) or one pretty-printed record (`--out-dir`); `-` is stdin. Errors
/// name the file and line.
pub(crate) fn read_records(path: &std::path::Path) -> anyhow::Result<Vec<Record>> {
    let name = path.display();
    let text = if path == std::path::Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .context("reading records from stdin")?;
        s
    } else {
        std::fs::read_to_string(path).with_context(|| format!("reading {name}"))?
    };
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        return serde_json::from_str::<Vec<Record>>(&text)
            .with_context(|| format!("{name}: not a JSON array of records"));
    }
    // One pretty-printed record (`extract --out-dir`) spans many lines.
    if trimmed.lines().next().is_some_and(|l| l.trim_end() == "{") {
        return serde_json::from_str::<Record>(&text)
            .map(|r| vec![r])
            .with_context(|| format!("{name}: not a record"));
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r = serde_json::from_str::<Record>(line)
            .with_context(|| format!("{name}:{}: not a record", i + 1))?;
        out.push(r);
    }
    Ok(out)
}

/// The gazetteer with a user's aliases (`--names FILE`), or `None` for the
/// bundled one; see [`whosigned::gazetteer::Gazetteer::with_names_file`].
fn gazetteer_with(
    names: Option<&std::path::Path>,
) -> anyhow::Result<Option<std::sync::Arc<whosigned::gazetteer::Gazetteer>>> {
    let Some(path) = names else {
        return Ok(None);
    };
    let g = whosigned::gazetteer::Gazetteer::with_names_file(path).map_err(anyhow::Error::msg)?;
    Ok(Some(std::sync::Arc::new(g)))
}
