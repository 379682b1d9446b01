//! The gazetteer's answers as JSON values, one shape for `match --jsonl`,
//! `states --json` and the Python package. Offsets are in characters.

use super::groups;
use super::{Entity, EntityKind, Gazetteer, Target};
use chrono::NaiveDate;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The character offset of byte `byte` of `text`.
fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// What one text names, for `--jsonl`.
#[derive(Default)]
pub struct Found {
    /// `{iso3, name, as_printed, start, end}`, `former_name` when true.
    pub matches: Vec<Value>,
    /// Names that could mean several States: `{as_printed, candidates, start, end}`.
    pub ambiguous: Vec<Value>,
    /// Places' names that one State also uses, in the same shape.
    pub place_or_state: Vec<Value>,
}

/// The `matches`, `ambiguous` and `place_or_state` arrays for one text.
pub fn matches_json(g: &Gazetteer, text: &str) -> Found {
    let mut found = Found::default();
    for m in g.find(text) {
        let printed = &text[m.start..m.end];
        let (start, end) = (char_offset(text, m.start), char_offset(text, m.end));
        match m.target {
            Target::Entity(e) => {
                let e = g.entity(e);
                let mut v = json!({"iso3": e.iso3, "name": e.name, "as_printed": printed, "start": start, "end": end});
                if m.former_name {
                    v["former_name"] = Value::Bool(true);
                }
                found.matches.push(v);
            }
            Target::Ambiguous(a) => {
                let a = g.ambiguity(a);
                found.ambiguous.push(json!({"as_printed": printed, "candidates": a.candidates, "start": start, "end": end}));
            }
            Target::PlaceOrState(p) => {
                let p = g.place_or_state(p);
                found.place_or_state.push(json!({"as_printed": printed, "candidates": [p.iso3], "start": start, "end": end}));
            }
            Target::NonState(_) => {}
        }
    }
    found
}

/// An entity's kind as records and `states` spell it.
pub fn kind_name(k: EntityKind) -> &'static str {
    match k {
        EntityKind::State => "state",
        EntityKind::ObserverState => "observer_state",
        EntityKind::Organization => "organization",
    }
}

/// Each group's id and members on one day.
pub type Memberships = Vec<(&'static str, BTreeSet<&'static str>)>;

/// Every group's members on `day`.
pub fn memberships(day: NaiveDate) -> Memberships {
    groups::all()
        .iter()
        .map(|g| (g.id.as_str(), g.members_on(day).into_iter().collect()))
        .collect()
}

/// One entity as `states --json` gives it: codes, kind, names in English,
/// French and Spanish, and the groups (of `m`) it belongs to.
pub fn entity_json(e: &Entity, m: &Memberships) -> Value {
    let member_of: Vec<&str> = m
        .iter()
        .filter(|(_, members)| members.contains(e.iso3.as_str()))
        .map(|(id, _)| *id)
        .collect();
    json!({
        "iso3": e.iso3,
        "iso2": e.iso2,
        "kind": kind_name(e.kind),
        "name": e.name,
        "formal": e.formal,
        "fr_short": e.fr_short,
        "es_short": e.es_short,
        "groups": member_of,
    })
}

/// The entities the bundled gazetteer knows, by code, or only the members
/// of group `group` on `day`, each as [`entity_json`]. An unknown group is
/// an error naming the valid ids.
pub fn states_json(group: Option<&str>, day: NaiveDate) -> Result<Vec<Value>, String> {
    let g = Gazetteer::get();
    let mut entities: Vec<&Entity> = g.entities().iter().collect();
    if let Some(id) = group {
        let Some(group) = groups::by_id(id) else {
            let ids: Vec<&str> = groups::all().iter().map(|g| g.id.as_str()).collect();
            return Err(format!(
                "unknown group {id:?}; valid ids: {}",
                ids.join(", ")
            ));
        };
        let members: BTreeSet<&str> = group.members_on(day).into_iter().collect();
        entities.retain(|e| members.contains(e.iso3.as_str()));
    }
    entities.sort_by(|x, y| x.iso3.cmp(&y.iso3));
    let m = memberships(day);
    Ok(entities.iter().map(|e| entity_json(e, &m)).collect())
}
