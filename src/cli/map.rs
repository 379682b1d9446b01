//! `whosigned map`: a world map of who signed, from records or PDFs.
//!
//! ```text
//! whosigned map RECORDS|PDF... [-o map.svg|map.png|-] [--format svg|png]
//!               [--group ID] [--as-of DATE]
//! ```
//! Each input is a PDF (`*.pdf`, read here, in this process, as `compare`
//! reads one) or a records file as `extract` writes it (JSON Lines, a JSON
//! array or one record). What the map shows depends on how many records
//! there are, in input order:
//!
//! - one: signed / a member of `--group` (default `un`) that did not sign /
//!   not a member, on `--as-of` (default: the statement's date, else the day
//!   its record counted its groups on), with "X of Y … signed";
//! - two: `compare`'s categories from the first to the second: joined,
//!   left, in both, in neither;
//! - three or more: how many of them each State signed (all, more than
//!   half, half or fewer, none); unreadable records are left out.
//!
//! Every State of the gazetteer is drawn (small ones with a dot), with a
//! legend with counts, the title and date, and the credit of the shapes
//! (Natural Earth via world-atlas). `--format png` (or an `-o` ending in
//! `.png`) writes a PNG, in builds with the `png` feature (the default).
//! The output is the same bytes for the same records. Exit status 0; 1 when
//! a statement the map is about (one or two records) could not be read (an
//! `error` or `needs_ocr` record: there is no list to draw); 2 on bad usage.

use super::{EXIT_OK, EXIT_SOME_FAILED};
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};
use whosigned::gazetteer::groups;
use whosigned::picture::map::{self, Colouring};
use whosigned::record::{Record, Status};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// SVG (text; scales to any size).
    Svg,
    /// PNG, 2000 pixels wide.
    Png,
}

/// What `map` and `report` share: the inputs and what the map shows.
#[derive(clap::Args)]
pub struct Picture {
    /// Records files (JSON Lines, a JSON array, one record) or PDFs (*.pdf).
    #[arg(required = true, value_name = "RECORDS|PDF")]
    pub inputs: Vec<PathBuf>,
    /// For one statement: colour the members of this group that did not
    /// sign (`un`, `rome-statute`, `eu`...; `whosigned states --groups`
    /// lists them).
    #[arg(long, value_name = "ID", default_value = "un")]
    pub group: String,
    /// For one statement: take the group's members on this day,
    /// YYYY-MM-DD. Default: the statement's date, else the day its record
    /// was counted on.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Write to FILE ("-" for stdout, the default). FILE appears only once
    /// complete.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Draw a world map of who signed (SVG or PNG).
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub picture: Picture,
    /// Output format; default: from -o's extension (.png), else SVG.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

fn is_pdf(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
}

/// The records of the inputs, in order: PDFs read in this process (on all
/// cores), records files read as they are.
pub(crate) fn load(inputs: &[PathBuf]) -> Result<Vec<Record>> {
    use rayon::prelude::*;
    let parts: Vec<Result<Vec<Record>>> = inputs
        .par_iter()
        .map(|p| {
            if is_pdf(p) {
                Ok(vec![super::read_pdf(p)?])
            } else {
                super::read_records(p)
            }
        })
        .collect();
    let mut out = Vec::new();
    for p in parts {
        out.extend(p?);
    }
    if out.is_empty() {
        bail!("no records in the inputs");
    }
    Ok(out)
}

/// Why a record has no list to draw, or None when it has one.
fn unreadable(r: &Record) -> Option<String> {
    match r.status {
        Status::Ok | Status::NoSignatories => None,
        _ => Some(format!(
            "{}: {}: no signatories to draw",
            r.source.path,
            whosigned::record::wire_name(&r.status)
        )),
    }
}

/// The map's colouring for the records (see the module's doc), or the exit
/// status when a statement it is about could not be read.
pub(crate) fn colouring(records: &[Record], p: &Picture) -> Result<Result<Colouring, i32>> {
    let Some(group) = groups::by_id(&p.group) else {
        let ids: Vec<&str> = groups::all().iter().map(|g| g.id.as_str()).collect();
        bail!("no group {:?}; the groups are: {}", p.group, ids.join(", "));
    };
    if records.len() <= 2 {
        let bad: Vec<String> = records.iter().filter_map(unreadable).collect();
        if !bad.is_empty() {
            for b in bad {
                eprintln!("whosigned: {b}");
            }
            return Ok(Err(EXIT_SOME_FAILED));
        }
    } else {
        let n = records.iter().filter(|r| unreadable(r).is_some()).count();
        if n > 0 {
            eprintln!(
                "whosigned: {n} of {} documents could not be read (error or needs_ocr): the map counts the others",
                records.len()
            );
        }
    }
    Ok(Ok(match records {
        [one] => {
            let Some(day) = p.as_of.or_else(|| map::default_as_of(one)) else {
                bail!(
                    "{}: the record gives no date to take the group on: give --as-of DATE",
                    one.source.path
                );
            };
            Colouring::signed(one, group, day)
        }
        [a, b] => Colouring::compare(a, b),
        many => Colouring::share(many),
    }))
}

/// Writes `bytes` to FILE (atomically) or stdout.
pub(crate) fn write_output(output: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match output.filter(|p| *p != Path::new("-")) {
        Some(p) => whosigned::sink::write_atomically(p, bytes)
            .with_context(|| format!("writing {}", p.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

fn format_of(a: &Args) -> Format {
    a.format.unwrap_or_else(|| {
        let png = a
            .picture
            .output
            .as_deref()
            .and_then(|p| p.extension())
            .and_then(|x| x.to_str())
            .is_some_and(|x| x.eq_ignore_ascii_case("png"));
        if png {
            Format::Png
        } else {
            Format::Svg
        }
    })
}

#[cfg(feature = "png")]
fn png(svg: &str) -> Result<Vec<u8>> {
    whosigned::picture::png::render(svg).map_err(anyhow::Error::msg)
}

#[cfg(not(feature = "png"))]
fn png(_svg: &str) -> Result<Vec<u8>> {
    bail!("this whosigned was built without the `png` feature: write SVG, or rebuild with --features png")
}

pub fn run(a: Args) -> Result<i32> {
    let format = format_of(&a);
    let records = load(&a.picture.inputs)?;
    let c = match colouring(&records, &a.picture)? {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let svg = map::svg(&c);
    let bytes = match format {
        Format::Svg => svg.into_bytes(),
        Format::Png => png(&svg)?,
    };
    write_output(a.picture.output.as_deref(), &bytes)?;
    Ok(EXIT_OK)
}
