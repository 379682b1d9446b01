//! `whosigned match`: find State names in plain text.
//!
//! ```text
//! whosigned match "Papua New Guinea and the Niger"     # one line per name, tab-separated
//! echo '"Côte d’Ivoire"' | whosigned match --jsonl     # JSON in, JSON out, per line
//! ```
//! Each line is `ISO3<TAB>name<TAB>as printed`, with a fourth column
//! `former name` when the name is one the State used before ("Swaziland").
//! Names that could mean several States ("Korea") are printed as
//! `?<TAB>(ambiguous: KOR PRK)<TAB>Korea`, and a place's name that is also
//! used for one State as `?<TAB>(place or State: MKD)<TAB>Macedonia`: never
//! guessed, and never called ambiguous with one candidate.
//!
//! With `--jsonl` each input line is a JSON string or an object with a
//! `text` field (other fields are passed through); a line that is not JSON is
//! taken as plain text. Each output line is the object with `matches` added:
//! `[{iso3, name, as_printed, start, end}]`, offsets in characters, with
//! `"former_name": true` on a former name. Names that could mean several
//! States are listed under `ambiguous`, places' names that are also used for
//! one State under `place_or_state`, each `{as_printed, candidates, start,
//! end}`; either key only when it has any.
//!
//! The text is first normalised as `extract` normalises a document (NFKC,
//! soft hyphens, white space, "Luxem-" + "bourg" at a line end), so that a
//! name is found here exactly when it would be found in a PDF; `as_printed`
//! and the offsets refer to that normalised text, which `--jsonl` adds as
//! `normalised` when it differs from `text`.

use super::EXIT_OK;
use anyhow::Result;
use serde_json::{Map, Value};
use std::io::{BufRead, Read, Write};
use whosigned::gazetteer::json::matches_json;
use whosigned::gazetteer::{Gazetteer, Target};

/// Find State names in text (an argument, or stdin).
#[derive(clap::Args)]
pub struct Args {
    /// The text; read from stdin when absent.
    pub text: Option<String>,
    /// Read JSON lines from stdin and write one JSON object per line.
    #[arg(long)]
    pub jsonl: bool,
    /// Extra name variants, in the format of data/aliases.tsv.
    #[arg(long, value_name = "FILE")]
    pub names: Option<std::path::PathBuf>,
}

/// The text as `extract` would see it.
fn normalise(g: &Gazetteer, text: &str) -> String {
    whosigned::text::normalise_text(text, &|w| g.is_printed_word(w))
}

pub fn run(a: Args) -> Result<i32> {
    let mine = super::gazetteer_with(a.names.as_deref())?;
    let g = mine.as_deref().unwrap_or_else(|| Gazetteer::get());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if a.jsonl {
        for line in std::io::stdin().lock().lines() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let mut obj = match serde_json::from_str::<Value>(&line) {
                Ok(Value::String(s)) => {
                    let mut m = Map::new();
                    m.insert("text".into(), Value::String(s));
                    m
                }
                Ok(Value::Object(m)) => m,
                _ => {
                    let mut m = Map::new();
                    m.insert("text".into(), Value::String(line.clone()));
                    m
                }
            };
            let text = obj
                .get("text")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let normalised = normalise(g, &text);
            let found = matches_json(g, &normalised);
            if normalised != text {
                obj.insert("normalised".into(), Value::String(normalised));
            }
            obj.insert("matches".into(), Value::Array(found.matches));
            for (key, list) in [
                ("ambiguous", found.ambiguous),
                ("place_or_state", found.place_or_state),
            ] {
                if !list.is_empty() {
                    obj.insert(key.into(), Value::Array(list));
                }
            }
            serde_json::to_writer(&mut out, &obj)?;
            out.write_all(b"\n")?;
        }
    } else {
        let text = match a.text {
            Some(t) => t,
            None => {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s)?;
                s
            }
        };
        let text = normalise(g, &text);
        for m in g.find(&text) {
            let printed = text[m.start..m.end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            match m.target {
                Target::Entity(e) => {
                    let e = g.entity(e);
                    let former = if m.former_name { "\tformer name" } else { "" };
                    writeln!(out, "{}\t{}\t{}{former}", e.iso3, e.name, printed)?;
                }
                Target::Ambiguous(a) => {
                    writeln!(
                        out,
                        "?\t(ambiguous: {})\t{}",
                        g.ambiguity(a).candidates.join(" "),
                        printed
                    )?;
                }
                Target::PlaceOrState(p) => {
                    writeln!(
                        out,
                        "?\t(place or State: {})\t{}",
                        g.place_or_state(p).iso3,
                        printed
                    )?;
                }
                Target::NonState(_) => {}
            }
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}
