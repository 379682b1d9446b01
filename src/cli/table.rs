//! `whosigned table`: records in, a State × document 0/1 matrix out (CSV).
//!
//! ```text
//! whosigned table RECORDS.jsonl... [-o matrix.csv|-] [--as-of DATE] [--all-states]
//! ```
//! Reads the records that `extract` wrote (JSON Lines, one record a line; a
//! JSON array or a single pretty-printed record, as `--format json` and
//! `--out-dir` write them, is read too; `-` is stdin) and writes one CSV row
//! per State, sorted by code, for R or pandas:
//!
//! ```text
//! iso3,name,un,rome-statute,un-regional-group,eu,a.pdf,b.pdf
//! AUT,Austria,1,1,western-european-others,1,1,1
//! PHL,Philippines,1,0,asia-pacific,0,0,1
//! ```
//! - Rows: every State that signed at least one of the documents (with
//!   `--all-states`, every entity of the gazetteer). A signatory code the
//!   gazetteer does not know (a record made by another version) still gets a
//!   row, named as the record names it.
//! - `un`, `rome-statute`, `eu`: 1 when a member on `--as-of`, else 0.
//!   `--as-of` defaults to the day of the run, so without it the same records
//!   can give a different table on another day. `un-regional-group`: the UN
//!   regional group on that day (`african`, `asia-pacific`, `eastern-european`,
//!   `latin-american-caribbean`, `western-european-others`), empty for none.
//! - One column per record, in input order, named by the record's
//!   `source.path` (a path seen before gets ` (2)`, ` (3)`...): 1 when the
//!   State is among its signatories, else 0. With `--roles` the cell names
//!   the State's role instead of 1 (`signatory`, `sponsor`, `joined_later`),
//!   so that States that joined a statement later can be told apart. A record with status `error` or
//!   `needs_ocr` has every cell of its column empty: unknown, not "did not
//!   sign".
//!
//! A line that is not a record stops the run with the file and line (exit 2).
//! `-o FILE` appears only when complete (written to a temporary file and
//! renamed). Exit status 0 otherwise.

use super::EXIT_OK;
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use whosigned::gazetteer::{groups, Gazetteer};
use whosigned::record::{Record, Status};

/// Write a State × document 0/1 matrix (CSV) from extracted records.
#[derive(clap::Args)]
pub struct Args {
    /// Record files written by `extract` (JSON Lines; "-" for stdin).
    #[arg(required = true, value_name = "RECORDS")]
    pub records: Vec<PathBuf>,
    /// Write the CSV to FILE ("-" for stdout, the default). FILE appears only
    /// once complete.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Take the membership columns (un, rome-statute, un-regional-group, eu)
    /// on this day, YYYY-MM-DD. Default: today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// One row for every entity of the gazetteer, not only those that signed.
    #[arg(long)]
    pub all_states: bool,
    /// Name each State's role in a cell (signatory, sponsor, joined_later)
    /// instead of 1.
    #[arg(long)]
    pub roles: bool,
}

const REGIONAL_PREFIX: &str = "un-regional-group:";

/// Column names for the documents: `source.path`, a repeated one suffixed.
fn column_names(records: &[Record]) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(records.len());
    for r in records {
        let base = &r.source.path;
        let mut name = base.clone();
        let mut n = 1;
        while seen.contains(&name) {
            n += 1;
            name = format!("{base} ({n})");
        }
        seen.insert(name.clone());
        out.push(name);
    }
    out
}

fn group_members(id: &str, day: NaiveDate) -> Result<BTreeSet<&'static str>> {
    let Some(g) = groups::by_id(id) else {
        bail!("the group table {id:?} is missing from this build");
    };
    Ok(g.members_on(day).into_iter().collect())
}

/// The whole table as CSV bytes.
fn table(records: &[Record], as_of: NaiveDate, all_states: bool, roles: bool) -> Result<Vec<u8>> {
    let g = Gazetteer::get();
    // iso3 -> name, for every row.
    let mut rows: BTreeMap<String, String> = BTreeMap::new();
    if all_states {
        for e in g.entities() {
            rows.insert(e.iso3.clone(), e.name.clone());
        }
    }
    for r in records {
        for s in &r.signatories {
            rows.entry(s.iso3.clone()).or_insert_with(|| {
                g.by_iso3(&s.iso3)
                    .map_or_else(|| s.name.clone(), |e| e.name.clone())
            });
        }
    }
    let un = group_members("un", as_of)?;
    let rome = group_members("rome-statute", as_of)?;
    let eu = group_members("eu", as_of)?;
    let regional: Vec<(&str, BTreeSet<&str>)> = groups::all()
        .iter()
        .filter_map(|grp| {
            let suffix = grp.id.strip_prefix(REGIONAL_PREFIX)?;
            Some((suffix, grp.members_on(as_of).into_iter().collect()))
        })
        .collect();
    // Per record: each signatory's cell ("1", or its role), or None when
    // the record could not be read.
    let signed: Vec<Option<HashMap<&str, String>>> = records
        .iter()
        .map(|r| match r.status {
            Status::Error | Status::NeedsOcr => None,
            Status::Ok | Status::NoSignatories => Some(
                r.signatories
                    .iter()
                    .map(|s| {
                        let cell = if roles {
                            whosigned::record::wire_name(&s.role)
                        } else {
                            "1".to_string()
                        };
                        (s.iso3.as_str(), cell)
                    })
                    .collect(),
            ),
        })
        .collect();

    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "iso3",
        "name",
        "un",
        "rome-statute",
        "un-regional-group",
        "eu",
    ]
    .map(String::from)
    .to_vec();
    header.extend(column_names(records));
    w.write_record(&header)?;
    let bit = |set: &BTreeSet<&str>, code: &str| if set.contains(code) { "1" } else { "0" };
    for (iso3, name) in &rows {
        let code = iso3.as_str();
        let region = regional
            .iter()
            .filter(|(_, m)| m.contains(code))
            .map(|(s, _)| *s)
            .collect::<Vec<_>>()
            .join(";");
        let mut row: Vec<&str> = vec![
            code,
            name,
            bit(&un, code),
            bit(&rome, code),
            &region,
            bit(&eu, code),
        ];
        for s in &signed {
            row.push(match s {
                None => "",
                Some(cells) => cells.get(code).map_or("0", String::as_str),
            });
        }
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{}", e.error()))
}

pub fn run(a: Args) -> Result<i32> {
    // The same records file twice would give each of its documents two
    // columns with one header: refuse it (by the file itself, not its
    // spelling).
    let output = a
        .output
        .as_deref()
        .filter(|p| *p != Path::new("-"))
        .and_then(whosigned::inputs::identity);
    let mut seen = HashSet::new();
    for p in &a.records {
        let Some(key) = whosigned::inputs::identity(p) else {
            continue; // reading it will say what is wrong
        };
        if Some(key) == output {
            bail!(
                "{} is both a records file and the output (-o), which would replace it: choose another output",
                p.display()
            );
        }
        if !seen.insert(key) {
            bail!(
                "{} is given twice: each records file may be given once",
                p.display()
            );
        }
    }
    let mut records = Vec::new();
    for p in &a.records {
        records.extend(super::read_records(p)?);
    }
    let unknown = records
        .iter()
        .filter(|r| matches!(r.status, Status::Error | Status::NeedsOcr))
        .count();
    if unknown > 0 {
        eprintln!(
            "whosigned: {unknown} of {} documents could not be read (error or needs_ocr): their columns are empty",
            records.len()
        );
    }
    let as_of = a.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let bytes = table(&records, as_of, a.all_states, a.roles)?;
    match a.output.as_deref().filter(|p| *p != Path::new("-")) {
        Some(p) => whosigned::sink::write_atomically(p, &bytes)
            .with_context(|| format!("writing {}", p.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(EXIT_OK)
}
