//! `whosigned states`: list the gazetteer and the membership groups.
//!
//! ```text
//! whosigned states [--group ID] [--as-of DATE] [--lang LANG] [--json]
//! whosigned states --groups [--as-of DATE] [--json]
//! ```
//! Without flags: one line per entity, `ISO3<TAB>ISO2<TAB>kind<TAB>name`,
//! sorted by code; `kind` is `state`, `observer_state` or `organization`.
//! `--lang` (`en`, `fr`, `es`, `ar`, `zh`, `ru`; default `en`) prints `name`
//! as the UN's short name in that language (UNTERM's, "Российская
//! Федерация", "Allemagne (l')"); with `--json` it adds `lang`, `short` and
//! `formal`, the names in that language.
//! `--group ID` keeps the members of that group on `--as-of` (default: the
//! day of the run) and first writes a count to stderr, e.g.
//! `rome-statute on 2024-06-14: 124 members`. `--json` prints a JSON array of
//! `{iso3, iso2, kind, name, formal, fr_short, es_short, groups}`, `groups`
//! being the ids of the groups the entity belongs to on `--as-of`.
//!
//! `--groups` lists the groups instead: `id<TAB>members on as-of<TAB>name<TAB>source`
//! (with `--json`: `[{id, name, source, as_of, count, members}]`, `members`
//! the codes). Group ids: `un`, `rome-statute`, `un-regional-group:african`,
//! `un-regional-group:asia-pacific`, `un-regional-group:eastern-european`,
//! `un-regional-group:latin-american-caribbean`,
//! `un-regional-group:western-european-others`, `eu`.
//!
//! Exit status 0; 2 for an unknown group id (the message lists the valid ones).

use super::EXIT_OK;
use anyhow::{bail, Result};
use chrono::NaiveDate;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::io::Write;
use whosigned::gazetteer::json::{entity_json, kind_name, memberships};
use whosigned::gazetteer::{groups, Entity, Gazetteer, Lang};

/// List the States and other entities the gazetteer knows, or the groups.
#[derive(clap::Args)]
pub struct Args {
    /// Only the members of group ID on --as-of (see --groups for the ids).
    #[arg(long, value_name = "ID")]
    pub group: Option<String>,
    /// List the membership groups instead of the entities.
    #[arg(long, conflicts_with = "group")]
    pub groups: bool,
    /// Take group membership on this day, YYYY-MM-DD. Default: today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Print a JSON array instead of tab-separated lines.
    #[arg(long)]
    pub json: bool,
    /// The language of the names: en, fr, es, ar, zh or ru (the UN's six).
    #[arg(long, value_name = "LANG", default_value = "en", value_parser = parse_lang, conflicts_with = "groups")]
    pub lang: Lang,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse()
}

fn list_groups(out: &mut impl Write, day: NaiveDate, as_json: bool) -> Result<()> {
    if as_json {
        let v: Vec<Value> = groups::all()
            .iter()
            .map(|g| {
                let members = g.members_on(day);
                json!({
                    "id": g.id,
                    "name": g.name,
                    "source": g.source,
                    "as_of": day.to_string(),
                    "count": members.len(),
                    "members": members,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
    } else {
        for g in groups::all() {
            let n = g.members_on(day).len();
            writeln!(out, "{}\t{n}\t{}\t{}", g.id, g.name, g.source)?;
        }
    }
    Ok(())
}

pub fn run(a: Args) -> Result<i32> {
    let day = a.as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if a.groups {
        list_groups(&mut out, day, a.json)?;
        out.flush()?;
        return Ok(EXIT_OK);
    }
    let g = Gazetteer::get();
    let mut entities: Vec<&Entity> = g.entities().iter().collect();
    if let Some(id) = &a.group {
        let Some(group) = groups::by_id(id) else {
            let ids: Vec<&str> = groups::all().iter().map(|g| g.id.as_str()).collect();
            bail!("unknown group {id:?}; valid ids: {}", ids.join(", "));
        };
        let members: BTreeSet<&str> = group.members_on(day).into_iter().collect();
        eprintln!("{} on {day}: {} members", group.id, members.len());
        entities.retain(|e| members.contains(e.iso3.as_str()));
        let missing: Vec<&str> = members
            .iter()
            .copied()
            .filter(|c| g.by_iso3(c).is_none())
            .collect();
        if !missing.is_empty() {
            eprintln!(
                "whosigned: members not in the gazetteer (not listed): {}",
                missing.join(" ")
            );
        }
    }
    entities.sort_by(|x, y| x.iso3.cmp(&y.iso3));
    if a.json {
        let m = memberships(day);
        let v: Vec<Value> = entities
            .iter()
            .map(|e| {
                let mut v = entity_json(e, &m);
                if a.lang != Lang::En {
                    v["lang"] = json!(format!("{:?}", a.lang).to_lowercase());
                    v["short"] = json!(e.short_name(a.lang));
                    v["formal"] = json!(e.formal_name(a.lang));
                }
                v
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
    } else {
        for e in entities {
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                e.iso3,
                e.iso2,
                kind_name(e.kind),
                e.short_name(a.lang)
            )?;
        }
    }
    out.flush()?;
    Ok(EXIT_OK)
}
