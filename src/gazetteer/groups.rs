//! Membership groups with dates: UN Member States, States Parties to the Rome
//! Statute, the five UN regional groups, EU member States, and the groups on
//! whose behalf one State most often speaks or sponsors at the UN (the Group
//! of 77 and China, the Non-Aligned Movement, the OIC, the League of Arab
//! States, AOSIS, ASEAN, ECOWAS, ECCAS).
//!
//! Each group is a table in `data/groups/` naming its sources, one row per
//! membership interval `[from, until)` with a certainty flag, and the names
//! documents print the group under (`# printed:`). A State is a member on day
//! D when `from <= D` and (no `until` or `D < until`). This module answers
//! "who was a member on D" and "which group does this text name"; counting
//! signatories against that is the record's business.

use crate::gazetteer::fold::fold;
use chrono::NaiveDate;
use std::cmp::Reverse;
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
    include_str!("../../data/groups/g77.tsv"),
    include_str!("../../data/groups/nam.tsv"),
    include_str!("../../data/groups/oic.tsv"),
    include_str!("../../data/groups/arab-league.tsv"),
    include_str!("../../data/groups/aosis.tsv"),
    include_str!("../../data/groups/asean.tsv"),
    include_str!("../../data/groups/ecowas.tsv"),
    include_str!("../../data/groups/eccas.tsv"),
];

/// The group of all UN Members. Its printed names ("States Members of the
/// United Nations") mostly qualify another group's ("... that are members of
/// the Group of 77 and China"), so it is named only when no other group is.
const UNIVERSE: &str = "un";

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
    /// The names documents print the group under, as written in the table's
    /// `# printed:` line ("Group of 77 and China", "Groupe des 77", "G-77").
    pub printed: Vec<String>,
    /// Whether records count signatories against this group (the table's
    /// `# counted:` line; default yes). The caucuses (G77, NAM...) are kept
    /// to name the group a sponsor acts for; counting every record against
    /// them too made records half again as long and a batch a tenth slower.
    pub counted: bool,
    pub source: String,
    pub memberships: Vec<Membership>,
}

impl Group {
    /// Members on `day`, sorted by code.
    pub fn members_on(&self, day: NaiveDate) -> Vec<&str> {
        // Memberships are sorted by code when the table is read, so this
        // needs no sort per record (it was a tenth of a statement's time
        // once every record counted sixteen groups).
        let mut v: Vec<&str> = self
            .memberships
            .iter()
            .filter(|m| m.from <= day && m.until.is_none_or(|u| day < u))
            .map(|m| m.iso3.as_str())
            .collect();
        v.dedup();
        v
    }
}

fn parse(table: &str) -> Group {
    let mut g = Group {
        id: String::new(),
        name: String::new(),
        printed: Vec::new(),
        counted: true,
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
                    "printed" => {
                        g.printed = v
                            .split('|')
                            .map(str::trim)
                            .filter(|n| !n.is_empty())
                            .map(str::to_string)
                            .collect();
                    }
                    "source" => g.source = v.trim().to_string(),
                    "counted" => g.counted = !v.trim_start().starts_with("no"),
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
    g.memberships
        .sort_by(|a, b| a.iso3.cmp(&b.iso3).then(a.from.cmp(&b.from)));
    g
}

/// Every group, in a fixed order (UN, Rome Statute, regional groups, EU, then
/// G77, NAM, OIC, Arab League, AOSIS, ASEAN, ECOWAS, ECCAS).
pub fn all() -> &'static [Group] {
    static G: OnceLock<Vec<Group>> = OnceLock::new();
    G.get_or_init(|| TABLES.iter().map(|t| parse(t)).collect())
}

pub fn by_id(id: &str) -> Option<&'static Group> {
    all().iter().find(|g| g.id == id)
}

/// Every printed name folded, with its group: `(" folded name ", group)`,
/// padded with a space each side so that a plain substring search over a
/// padded folded text is word-bounded.
fn printed_index() -> &'static [(String, &'static Group)] {
    static I: OnceLock<Vec<(String, &'static Group)>> = OnceLock::new();
    I.get_or_init(|| {
        all()
            .iter()
            .flat_map(|g| g.printed.iter().map(move |n| (fold(n), g)))
            .filter(|(f, _)| !f.is_empty())
            .map(|(f, g)| (format!(" {f} "), g))
            .collect()
    })
}

/// The group that `text` names by one of its printed names (`# printed:` in
/// `data/groups/`), e.g. `g77` for "* On behalf of the States Members of the
/// United Nations that are members of the Group of 77 and China.", or `None`
/// when no printed name occurs in it.
///
/// Names are compared as [`fold`] compares them: case, accents and
/// punctuation folded away ("Mouvement des pays non alignés" matches
/// "MOUVEMENT DES PAYS NON-ALIGNES"), whole words only ("ASEAN" does not match
/// inside "ASEANS"). When several names occur, the longest (folded) wins, so
/// "Group of 77 and China" beats "Group of 77"; at equal length the one
/// printed first wins. The UN's own names ("States Members of the United
/// Nations") count only when no other group's name occurs, since in a
/// footnote they usually qualify that other group.
pub fn by_printed_name(text: &str) -> Option<&'static Group> {
    // Not the UN first, then the longer name, then the earlier one.
    type Rank = (bool, usize, Reverse<usize>);
    let hay = format!(" {} ", fold(text));
    let mut best: Option<(Rank, &'static Group)> = None;
    for &(ref name, g) in printed_index() {
        if let Some(at) = hay.find(name.as_str()) {
            let rank = (g.id != UNIVERSE, name.len(), Reverse(at));
            if best.is_none_or(|(r, _)| rank > r) {
                best = Some((rank, g));
            }
        }
    }
    best.map(|(_, g)| g)
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
                !g.source.is_empty() && !g.memberships.is_empty() && !g.printed.is_empty(),
                "{}",
                g.id
            );
        }
    }

    #[test]
    fn every_member_is_a_known_entity() {
        let gaz = crate::gazetteer::Gazetteer::get();
        for g in all() {
            for m in &g.memberships {
                assert!(gaz.by_iso3(&m.iso3).is_some(), "{}: {}", g.id, m.iso3);
            }
        }
    }

    fn count(id: &str, d: &str) -> usize {
        by_id(id).unwrap().members_on(day(d)).len()
    }

    fn member(id: &str, d: &str, iso3: &str) -> bool {
        by_id(id).unwrap().members_on(day(d)).contains(&iso3)
    }

    #[test]
    fn caucus_counts_on_known_days() {
        assert_eq!(count("g77", "2024-06-14"), 134);
        assert!(
            member("g77", "2024-06-14", "CHN"),
            "the Group of 77 and China"
        );
        assert!(!member("g77", "2024-06-14", "MEX"));
        assert_eq!(count("nam", "2024-06-14"), 120);
        assert!(!member("nam", "2024-06-14", "SSD"));
        assert_eq!(count("aosis", "2024-06-14"), 39);
        assert!(member("aosis", "2024-06-14", "COK") && member("aosis", "2024-06-14", "NIU"));
        assert_eq!(count("asean", "2024-06-14"), 10);
        assert_eq!(count("asean", "2025-11-01"), 11);
        assert!(!member("asean", "2025-10-25", "TLS"));
        assert!(member("asean", "2025-10-26", "TLS"));
    }

    #[test]
    fn withdrawals_and_suspensions_of_caucus_members() {
        // ECOWAS: Burkina Faso, Mali and Niger out from 2025-01-29.
        assert_eq!(count("ecowas", "2024-06-14"), 15);
        assert_eq!(count("ecowas", "2025-01-28"), 15);
        assert_eq!(count("ecowas", "2025-01-29"), 12);
        assert!(!member("ecowas", "2025-06-01", "MLI"));
        // League of Arab States: Syria suspended 2011-11-16 to 2023-05-07.
        assert_eq!(count("arab-league", "2024-06-14"), 22);
        assert!(member("arab-league", "2011-11-15", "SYR"));
        assert!(!member("arab-league", "2015-01-01", "SYR"));
        assert_eq!(count("arab-league", "2015-01-01"), 21);
        assert!(member("arab-league", "2023-05-07", "SYR"));
        assert!(member("arab-league", "2015-01-01", "PSE"));
        // OIC: 57 members, Syria suspended 2012-08-16 to 2025-03-07.
        assert_eq!(count("oic", "2024-06-14"), 56);
        assert_eq!(count("oic", "2025-03-07"), 57);
        assert!(member("oic", "2024-06-14", "PSE"));
        // ECCAS: Rwanda out 2007-2015 and again from 2025-06-07.
        assert_eq!(count("eccas", "2024-06-14"), 11);
        assert!(!member("eccas", "2010-01-01", "RWA"));
        assert!(member("eccas", "2016-01-01", "RWA"));
        assert!(!member("eccas", "2025-06-07", "RWA"));
    }

    fn named(text: &str) -> Option<&'static str> {
        by_printed_name(text).map(|g| g.id.as_str())
    }

    #[test]
    fn footnotes_name_their_group() {
        assert_eq!(
            named("* On behalf of the States Members of the United Nations that are members of the Group of 77 and China."),
            Some("g77")
        );
        assert_eq!(
            named("On behalf of the Movement of Non-Aligned Countries"),
            Some("nam")
        );
        assert_eq!(
            named("on behalf of the States that are members of the Group of African States"),
            Some("un-regional-group:african")
        );
        assert_eq!(
            named("¹ Au nom des États Membres de l'Organisation des Nations Unies qui sont membres du Groupe des 77 et de la Chine."),
            Some("g77")
        );
        assert_eq!(
            named("* En nombre de los Estados Miembros de las Naciones Unidas que son miembros del Movimiento de Países No Alineados."),
            Some("nam")
        );
        assert_eq!(
            named("On behalf of the States Members of the United Nations that are members of the Arab Group"),
            Some("arab-league")
        );
        assert_eq!(
            named("ORGANISATION DE LA COOPERATION ISLAMIQUE"),
            Some("oic")
        );
        assert_eq!(named("on behalf of ECOWAS"), Some("ecowas"));
        assert_eq!(
            named("on behalf of the Economic Community of West African States"),
            Some("ecowas")
        );
        assert_eq!(
            named("on behalf of the European Union and its member States"),
            Some("eu")
        );
    }

    #[test]
    fn the_longest_name_wins_and_the_un_comes_last() {
        // "Group of 77 and China" and "Group of 77" are both g77; the UN's
        // own name counts only alone.
        assert_eq!(named("on behalf of the Group of 77"), Some("g77"));
        assert_eq!(
            named("All States Members of the United Nations are invited."),
            Some("un")
        );
    }

    #[test]
    fn a_text_without_a_group_name_gives_none() {
        assert_eq!(
            named("The following States have endorsed this statement: Austria, Viet Nam, Namibia."),
            None
        );
        assert_eq!(named("the ASEANS"), None, "whole words only");
        assert_eq!(named(""), None);
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
