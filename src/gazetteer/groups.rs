//! Membership groups with dates: UN Member States, States Parties to the Rome
//! Statute, the five UN regional groups, EU member States.
//!
//! Each group is a table in `data/groups/` naming its sources, one row per
//! membership interval `[from, until)` with a certainty flag. A State is a
//! member on day D when `from <= D` and (no `until` or `D < until`). This
//! module answers "who was a member on D"; counting signatories against that
//! is the record's business.

use chrono::NaiveDate;
use std::sync::OnceLock;

const TABLES: &[&str] = &[
    include_str!("../../data/groups/un.tsv"),
    include_str!("../../data/groups/rome-statute.tsv"),
    include_str!("../../data/groups/un-regional-group-african.tsv"),
    include_str!("../../data/groups/un-regional-group-asia-pacific.tsv"),
    include_str!("../../data/groups/un-regional-group-eastern-european.tsv"),
    include_str!("../../data/groups/un-regional-group-latin-american-caribbean.tsv"),
    include_str!("../../data/groups/un-regional-group-western-european-others.tsv"),
    include_str!("../../data/groups/eu.tsv"),
];

#[derive(Debug, Clone)]
pub struct Membership {
    pub iso3: String,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    /// False where the data says a date is unsure.
    pub sure: bool,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub source: String,
    pub memberships: Vec<Membership>,
}

impl Group {
    /// Members on `day`, sorted by code.
    pub fn members_on(&self, day: NaiveDate) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .memberships
            .iter()
            .filter(|m| m.from <= day && m.until.is_none_or(|u| day < u))
            .map(|m| m.iso3.as_str())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

fn parse(table: &str) -> Group {
    let mut g = Group {
        id: String::new(),
        name: String::new(),
        source: String::new(),
        memberships: Vec::new(),
    };
    let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    for line in table.lines() {
        if let Some(rest) = line.strip_prefix("# ") {
            if let Some((k, v)) = rest.split_once(": ") {
                match k {
                    "id" => g.id = v.trim().to_string(),
                    "name" => g.name = v.trim().to_string(),
                    "source" => g.source = v.trim().to_string(),
                    _ => {}
                }
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(iso3), Some(Some(from))) = (cols.first(), cols.get(1).map(|s| date(s))) else {
            continue; // header or blank
        };
        g.memberships.push(Membership {
            iso3: iso3.trim().to_string(),
            from,
            until: cols.get(2).and_then(|s| date(s)),
            sure: cols.get(3).is_none_or(|c| c.trim() != "unsure"),
            note: cols.get(4).map_or(String::new(), |s| s.trim().to_string()),
        });
    }
    g
}

/// Every group, in a fixed order (UN, Rome Statute, regional groups, EU).
pub fn all() -> &'static [Group] {
    static G: OnceLock<Vec<Group>> = OnceLock::new();
    G.get_or_init(|| TABLES.iter().map(|t| parse(t)).collect())
}

pub fn by_id(id: &str) -> Option<&'static Group> {
    all().iter().find(|g| g.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn every_group_has_an_id_a_source_and_members() {
        let ids: Vec<&str> = all().iter().map(|g| g.id.as_str()).collect();
        assert_eq!(ids[..2], ["un", "rome-statute"]);
        assert!(ids.contains(&"eu") && ids.contains(&"un-regional-group:african"));
        for g in all() {
            assert!(
                !g.source.is_empty() && !g.memberships.is_empty(),
                "{}",
                g.id
            );
        }
    }

    #[test]
    fn counts_on_known_days() {
        assert_eq!(
            by_id("un").unwrap().members_on(day("2024-06-14")).len(),
            193
        );
        assert_eq!(
            by_id("rome-statute")
                .unwrap()
                .members_on(day("2024-06-14"))
                .len(),
            124
        );
        assert_eq!(by_id("eu").unwrap().members_on(day("2024-06-14")).len(), 27);
        assert_eq!(by_id("eu").unwrap().members_on(day("2019-06-14")).len(), 28);
    }

    #[test]
    fn withdrawals_end_membership() {
        let rome = by_id("rome-statute").unwrap();
        assert!(rome.members_on(day("2017-10-26")).contains(&"BDI"));
        assert!(!rome.members_on(day("2017-10-27")).contains(&"BDI"));
        assert!(!rome.members_on(day("2019-03-17")).contains(&"PHL"));
        assert!(!rome.members_on(day("2024-01-31")).contains(&"ARM"));
        assert!(rome.members_on(day("2024-02-01")).contains(&"ARM"));
    }

    #[test]
    fn the_regional_groups_cover_every_member_but_the_united_states() {
        let d = day("2026-11-29");
        let mut all_regional: Vec<&str> = all()
            .iter()
            .filter(|g| g.id.starts_with("un-regional-group:"))
            .flat_map(|g| g.members_on(d))
            .collect();
        all_regional.sort_unstable();
        let mut un = by_id("un").unwrap().members_on(d);
        un.retain(|c| *c != "USA");
        assert_eq!(all_regional, un);
    }
}
