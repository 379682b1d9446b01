//! Membership groups with dates: UN Member States, States Parties to the Rome
//! Statute, the five UN regional groups, EU member States, and the groups on
//! whose behalf one State most often speaks or sponsors at the UN (the Group
//! of 77 and China, the Non-Aligned Movement, the OIC, the League of Arab
//! States, AOSIS, ASEAN, ECOWAS, ECCAS).
//!
//! Each group is a table in `data/groups/` naming its sources, one row per
//! membership interval `[from, until)` with a certainty flag, and the names
//! documents print the group under (`# printed:`). A State is a member on day
//! D when `from <= D` and (no `until` or `D < until`). The tables are read
//! strictly ([`load`]): an unknown code, a bad date, overlapping intervals or
//! a missing `# source:` is an error naming the file and line. This module
//! answers "who was a member on D" and "which group does this text name";
//! counting signatories against that is the record's business.
//!
//! ```
//! use chrono::NaiveDate;
//! use whosigned::gazetteer::groups;
//!
//! // Who was a member on a day: the EU on the day of a statement.
//! let eu = groups::by_id("eu").expect("a bundled group");
//! let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
//! let members = eu.members_on(day("2024-06-14"));
//! assert_eq!(members.len(), 27);
//! assert!(members.contains(&"AUT"));
//! // The United Kingdom was a member until 2020-02-01.
//! assert!(!members.contains(&"GBR"));
//! assert!(eu.members_on(day("2019-06-14")).contains(&"GBR"));
//!
//! // Which group a footnote names.
//! let note = "* On behalf of the States Members of the United Nations \
//!             that are members of the Group of 77 and China.";
//! let g77 = groups::by_printed_name(note).expect("a group is named");
//! assert_eq!(g77.id, "g77");
//! // Records name it as the group a State acts for, but are not counted
//! // against it.
//! assert!(!g77.counted);
//! assert!(groups::by_printed_name("the Republic of Korea").is_none());
//! ```

use crate::gazetteer::fold::fold;
use crate::gazetteer::table::{Problem, Table, TableError, TableErrors};
use chrono::NaiveDate;
use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A table of `data/groups/`: its path and its text, compiled in.
macro_rules! group_table {
    ($file:literal) => {
        (
            concat!("data/groups/", $file),
            include_str!(concat!("../../data/groups/", $file)),
        )
    };
}

/// Every group table, in the order of [`all`]. A test checks that every
/// file in `data/groups/` is here.
pub const TABLES: &[(&str, &str)] = &[
    group_table!("un.tsv"),
    group_table!("rome-statute.tsv"),
    group_table!("un-regional-group-african.tsv"),
    group_table!("un-regional-group-asia-pacific.tsv"),
    group_table!("un-regional-group-eastern-european.tsv"),
    group_table!("un-regional-group-latin-american-caribbean.tsv"),
    group_table!("un-regional-group-western-european-others.tsv"),
    group_table!("eu.tsv"),
    group_table!("g77.tsv"),
    group_table!("nam.tsv"),
    group_table!("oic.tsv"),
    group_table!("arab-league.tsv"),
    group_table!("aosis.tsv"),
    group_table!("asean.tsv"),
    group_table!("ecowas.tsv"),
    group_table!("eccas.tsv"),
];

/// The column line of every group table.
const COLUMNS: [&str; 5] = ["iso3", "from", "until", "certainty", "note"];

/// The `# key: value` lines a group table has before its column line;
/// `counted` is optional (default yes).
const META_KEYS: [&str; 6] = ["id", "name", "printed", "counted", "source", "note"];
const REQUIRED_META: [&str; 5] = ["id", "name", "printed", "source", "note"];

/// The group of all UN Members. Its printed names ("States Members of the
/// United Nations") mostly qualify another group's ("... that are members of
/// the Group of 77 and China"), so it is named only when no other group is.
const UNIVERSE: &str = "un";

/// One interval of a State's membership of a group: a row of the group's
/// table. The State is a member from `from` up to, not including, `until`.
#[derive(Debug, Clone)]
pub struct Membership {
    /// The member's ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// The first day of membership.
    pub from: NaiveDate,
    /// The first day the State was no longer a member; `None` while it still
    /// is.
    pub until: Option<NaiveDate>,
    /// False where the data says a date is unsure.
    pub sure: bool,
    /// The row's note, for readers: what is unsure, or what the dates stand
    /// for (a founder's treaty, a succession); often empty.
    pub note: String,
}

/// A membership group (UN Member States, States Parties to the Rome
/// Statute, a UN regional group, the EU, a group such as the G77 that one
/// State speaks for) with its members over time: one table of
/// `data/groups/`.
#[derive(Debug, Clone)]
pub struct Group {
    /// The group's id, from the table's `# id:` line (`un`,
    /// `un-regional-group:african`, `g77`): `groups[].id` and
    /// `on_behalf_of.group` in records.
    pub id: String,
    /// The group's full name, from the table's `# name:` line ("Member
    /// States of the United Nations").
    pub name: String,
    /// The names documents print the group under, as written in the table's
    /// `# printed:` line ("Group of 77 and China", "Groupe des 77", "G-77").
    pub printed: Vec<String>,
    /// Whether records count signatories against this group (the table's
    /// `# counted:` line; default yes). The caucuses (G77, NAM...) are kept
    /// to name the group a sponsor acts for; counting every record against
    /// them too made records half again as long and a batch a tenth slower.
    pub counted: bool,
    /// Where the membership data comes from, from the table's `# source:`
    /// line.
    pub source: String,
    /// Every membership interval, sorted by code, then by first day.
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

/// Reads one group table; problems go to `errors`. `known` says whether a
/// code is an entity's (in `data/entities.tsv`).
fn parse(
    file: &str,
    text: &str,
    known: &dyn Fn(&str) -> bool,
    errors: &mut Vec<TableError>,
) -> Group {
    let table = Table::new(file, text);
    let mut g = Group {
        id: String::new(),
        name: String::new(),
        printed: Vec::new(),
        counted: true,
        source: String::new(),
        memberships: Vec::new(),
    };
    // The `# key: value` lines, before the column line.
    let mut meta: HashMap<&str, usize> = HashMap::new();
    let mut columns_seen = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if !line.starts_with('#') {
            columns_seen |= !line.trim().is_empty();
            continue;
        }
        if columns_seen {
            errors.push(table.error(n, Problem::LateComment));
            continue;
        }
        let Some((key, value)) = line
            .strip_prefix("# ")
            .and_then(|rest| rest.split_once(": "))
            .filter(|(k, _)| META_KEYS.contains(k))
        else {
            continue; // a comment
        };
        if meta.insert(key, n).is_some() {
            errors.push(table.error(n, Problem::MetaTwice(key.to_string())));
        }
        let value = value.trim();
        match key {
            "id" => g.id = value.to_string(),
            "name" => g.name = value.to_string(),
            "printed" => g.printed = printed_names(&table, n, value, known, errors),
            "source" => g.source = value.to_string(),
            "counted" => match value.split_whitespace().next() {
                Some("yes") => g.counted = true,
                Some("no") => g.counted = false,
                _ => errors.push(table.error(n, Problem::Counted(value.to_string()))),
            },
            _ => {} // note: for readers
        }
    }
    for key in REQUIRED_META {
        if !meta.contains_key(key) {
            errors.push(table.error(1, Problem::MissingMeta(key)));
        }
    }
    let expected = format!("{}.tsv", g.id.replace(':', "-"));
    if !g.id.is_empty() && !file.ends_with(&format!("/{expected}")) {
        errors.push(table.error(
            meta.get("id").copied().unwrap_or(1),
            Problem::IdNotFileName {
                id: g.id.clone(),
                expected,
            },
        ));
    }
    let date = |n: usize, s: &str, errors: &mut Vec<TableError>| {
        let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        if d.is_none() {
            errors.push(table.error(n, Problem::BadDate(s.to_string())));
        }
        d
    };
    // Per State, its intervals with their lines, to find overlaps.
    let mut lines: Vec<usize> = Vec::new();
    for (n, r) in table.rows(&COLUMNS, errors) {
        let [iso3, from, until, certainty, note] = [r[0], r[1], r[2], r[3], r[4]];
        if !known(iso3) {
            errors.push(table.error(n, Problem::UnknownCode(iso3.to_string())));
        }
        let from = date(n, from, errors);
        let until = if until.is_empty() {
            Some(None)
        } else {
            date(n, until, errors).map(Some)
        };
        let sure = match certainty {
            "sure" => true,
            "unsure" => false,
            _ => {
                errors.push(table.error(
                    n,
                    Problem::UnknownValue {
                        column: "certainty".into(),
                        value: certainty.into(),
                        allowed: "sure, unsure".into(),
                    },
                ));
                true
            }
        };
        if !sure && note.is_empty() {
            errors.push(table.error(n, Problem::UnsureWithoutNote));
        }
        let (Some(from), Some(until)) = (from, until) else {
            continue;
        };
        if until.is_some_and(|u| u <= from) {
            errors.push(table.error(
                n,
                Problem::DateOrder {
                    from: from.to_string(),
                    until: r[2].to_string(),
                },
            ));
            continue;
        }
        g.memberships.push(Membership {
            iso3: iso3.to_string(),
            from,
            until,
            sure,
            note: note.to_string(),
        });
        lines.push(n);
    }
    // Sorted by code, then start: `members_on` relies on it.
    let mut order: Vec<usize> = (0..g.memberships.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&g.memberships[a], &g.memberships[b]);
        x.iso3.cmp(&y.iso3).then(x.from.cmp(&y.from))
    });
    for w in order.windows(2) {
        let (a, b) = (&g.memberships[w[0]], &g.memberships[w[1]]);
        if a.iso3 == b.iso3 && a.until.is_none_or(|u| b.from < u) {
            errors.push(table.error(
                lines[w[1]],
                Problem::Overlap {
                    iso3: b.iso3.clone(),
                    other: lines[w[0]],
                },
            ));
        }
    }
    g.memberships = order
        .into_iter()
        .map(|i| g.memberships[i].clone())
        .collect();
    g
}

/// The names of a `# printed:` line, separated by `|`, checked: none empty,
/// no two folding alike, none a single word that is an entity's code ("NAM"
/// is Namibia's, and the last word of "Viet Nam").
fn printed_names(
    table: &Table,
    n: usize,
    value: &str,
    known: &dyn Fn(&str) -> bool,
    errors: &mut Vec<TableError>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in value.split('|').map(str::trim) {
        let folded = fold(name);
        if folded.is_empty() {
            errors.push(table.error(n, Problem::EmptyPrintedName(name.to_string())));
        } else if let Some(other) = out.iter().find(|o| fold(o) == folded) {
            errors.push(table.error(
                n,
                Problem::Duplicate {
                    what: format!("printed name {name:?} (folds like {other:?})"),
                    first: n,
                },
            ));
        } else {
            if !folded.contains(' ') && known(&folded.to_uppercase()) {
                errors.push(table.error(n, Problem::PrintedNameIsCode(name.to_string())));
            }
            out.push(name.to_string());
        }
    }
    out
}

/// Reads group tables strictly: every table's own checks (its `# key:`
/// lines, codes, dates, certainty and overlapping intervals), then across tables no id twice and no printed name folding like another
/// group's (a footnote naming it could not be told apart). `known` says
/// whether a code is an entity's.
pub fn load(
    tables: &[(&str, &str)],
    known: &dyn Fn(&str) -> bool,
) -> Result<Vec<Group>, TableErrors> {
    let mut errors = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut ids: HashMap<String, &str> = HashMap::new();
    let mut printed: HashMap<String, (String, String)> = HashMap::new();
    for &(file, text) in tables {
        let g = parse(file, text, known, &mut errors);
        let table = Table::new(file, text);
        if let Some(other) = ids.insert(g.id.clone(), file) {
            errors.push(table.error(
                1,
                Problem::Duplicate {
                    what: format!("id {:?} (also in {other})", g.id),
                    first: 1,
                },
            ));
        }
        let printed_line = text
            .lines()
            .position(|l| l.starts_with("# printed: "))
            .map_or(1, |i| i + 1);
        for name in &g.printed {
            let folded = fold(name);
            match printed.get(&folded) {
                Some((group, other)) if *group != g.id => errors.push(table.error(
                    printed_line,
                    Problem::PrintedNameClash {
                        name: name.clone(),
                        other: other.clone(),
                        group: group.clone(),
                    },
                )),
                Some(_) => {}
                None => {
                    printed.insert(folded, (g.id.clone(), name.clone()));
                }
            }
        }
        groups.push(g);
    }
    if errors.is_empty() {
        Ok(groups)
    } else {
        Err(TableErrors(errors))
    }
}

/// Every group, in a fixed order (UN, Rome Statute, regional groups, EU, then
/// G77, NAM, OIC, Arab League, AOSIS, ASEAN, ECOWAS, ECCAS). The tables are
/// checked by `cargo test` (see [`load`]), so a panic here means a build
/// that skipped its tests.
pub fn all() -> &'static [Group] {
    static G: OnceLock<Vec<Group>> = OnceLock::new();
    G.get_or_init(|| {
        let codes = crate::gazetteer::bundled_entity_codes();
        load(TABLES, &|c| codes.contains(c))
            .unwrap_or_else(|e| panic!("the tables in data/groups/ are wrong:\n{e}"))
    })
}

/// The group whose id is `id` (`un`, `eu`, `g77`, see [`all`]), if there is
/// one.
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

    fn known(c: &str) -> bool {
        ["AUT", "BEL", "NAM", "VNM"].contains(&c)
    }

    const HEAD: &str = "# id: test\n# name: Test group\n# printed: Test Group | Groupe test\n# source: made up\n# note: for tests\niso3\tfrom\tuntil\tcertainty\tnote\n";

    fn errors(text: &str) -> Vec<String> {
        match load(&[("data/groups/test.tsv", text)], &known) {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn the_bundled_tables_load_without_an_error() {
        let gaz = crate::gazetteer::Gazetteer::get();
        if let Err(e) = load(TABLES, &|c| gaz.by_iso3(c).is_some()) {
            panic!("{e}");
        }
    }

    #[test]
    fn every_table_in_data_groups_is_compiled_in() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/groups");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("data/groups")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|f| f.ends_with(".tsv"))
            .map(|f| format!("data/groups/{f}"))
            .collect();
        files.sort();
        let mut compiled: Vec<String> = TABLES.iter().map(|(f, _)| f.to_string()).collect();
        compiled.sort();
        assert_eq!(files, compiled);
    }

    #[test]
    fn a_good_table_loads() {
        assert_eq!(
            errors(&format!("{HEAD}AUT\t1995-01-01\t\tsure\t\n")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn an_unknown_code_a_bad_date_or_certainty_is_an_error_with_its_line() {
        let rows = "XYZ\t1995-01-01\t\tsure\t\n\
                    AUT\t1995-13-01\t\tsure\t\n\
                    BEL\t1958-01-01\t1957-01-01\tsure\t\n\
                    VNM\t1977-09-20\t\tmaybe\t\n\
                    NAM\t1990-04-23\t\tunsure\t\n";
        assert_eq!(
            errors(&format!("{HEAD}{rows}")),
            [
                "data/groups/test.tsv:7: unknown code \"XYZ\" (not in data/entities.tsv)",
                "data/groups/test.tsv:8: bad date \"1995-13-01\" (want YYYY-MM-DD)",
                "data/groups/test.tsv:9: from 1958-01-01 is not before until 1957-01-01",
                "data/groups/test.tsv:10: unknown certainty \"maybe\" (one of: sure, unsure)",
                "data/groups/test.tsv:11: an 'unsure' row needs a note saying what is unsure",
            ]
        );
    }

    #[test]
    fn overlapping_intervals_of_one_state_are_an_error() {
        let rows = "AUT\t1995-01-01\t2000-01-01\tsure\t\nAUT\t1999-01-01\t\tsure\t\n";
        assert_eq!(
            errors(&format!("{HEAD}{rows}")),
            ["data/groups/test.tsv:8: AUT: interval overlaps the one at line 7"]
        );
    }

    #[test]
    fn the_head_lines_are_checked() {
        let text = "# id: other\n# name: x\n# printed: NAM\n# counted: maybe\niso3\tfrom\tuntil\tcertainty\tnote\n# late\n";
        assert_eq!(
            errors(text),
            [
                "data/groups/test.tsv:3: printed name \"NAM\" is one word that is also an entity's code (it would match inside names such as 'Viet Nam')",
                "data/groups/test.tsv:4: '# counted:' must start with yes or no, not \"maybe\"",
                "data/groups/test.tsv:6: comment after the column line",
                "data/groups/test.tsv:1: missing '# source:' line",
                "data/groups/test.tsv:1: missing '# note:' line",
                "data/groups/test.tsv:1: id \"other\" does not match the file name (expected other.tsv)",
            ]
        );
    }

    #[test]
    fn a_printed_name_of_two_groups_is_an_error() {
        let other = HEAD
            .replace("id: test", "id: other")
            .replace("Groupe test", "TEST GROUP");
        let e = load(
            &[
                ("data/groups/test.tsv", HEAD),
                ("data/groups/other.tsv", &other),
            ],
            &known,
        )
        .err()
        .unwrap();
        assert_eq!(
            e.0.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "data/groups/other.tsv:3: printed name \"TEST GROUP\" (folds like \"Test Group\") also at line 3",
                "data/groups/other.tsv:3: printed name \"Test Group\" folds like \"Test Group\" of group test",
            ]
        );
    }

    /// Members on the two reference days, per group (`None`: not checked).
    #[test]
    fn member_counts_on_the_reference_days() {
        let expected: [(&str, usize, Option<usize>); 11] = [
            ("un", 193, Some(193)),
            ("eu", 27, Some(27)),
            ("rome-statute", 124, None),
            ("g77", 134, Some(134)),
            ("nam", 120, Some(120)),
            // Syria's suspension (2012-08-16 to 2025-03-07) is a gap.
            ("oic", 56, Some(57)),
            ("arab-league", 22, Some(22)),
            ("aosis", 39, Some(39)),
            // Timor-Leste in from 2025-10-26.
            ("asean", 10, Some(11)),
            // Burkina Faso, Mali, Niger out from 2025-01-29.
            ("ecowas", 15, Some(12)),
            // Rwanda out from 2025-06-07.
            ("eccas", 11, Some(10)),
        ];
        for (id, on_2024, on_2026) in expected {
            assert_eq!(count(id, "2024-06-14"), on_2024, "{id} on 2024-06-14");
            if let Some(n) = on_2026 {
                assert_eq!(count(id, "2026-11-29"), n, "{id} on 2026-11-29");
            }
        }
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

    /// On each reference day every UN Member but the United States is in
    /// exactly one regional group, and every member of one is a UN Member.
    #[test]
    fn the_regional_groups_cover_every_member_but_the_united_states() {
        for d in ["2024-06-14", "2026-11-29"] {
            regional_groups_cover_the_members_on(day(d));
        }
    }

    fn regional_groups_cover_the_members_on(d: NaiveDate) {
        let mut all_regional: Vec<&str> = all()
            .iter()
            .filter(|g| g.id.starts_with("un-regional-group:"))
            .flat_map(|g| g.members_on(d))
            .collect();
        all_regional.sort_unstable();
        let mut un = by_id("un").unwrap().members_on(d);
        un.retain(|c| *c != "USA");
        assert_eq!(all_regional, un, "on {d}");
    }
}
