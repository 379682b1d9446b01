//! The name table: every alias, trap and ambiguity in `tests/data/name_variants.tsv`
//! must give exactly the expected codes, in order; and every name the
//! gazetteer's tables write has a row here.

use whosigned::gazetteer::fold;
use whosigned::gazetteer::table::Table;
use whosigned::gazetteer::Gazetteer;

fn codes(g: &Gazetteer, text: &str) -> Vec<String> {
    g.find(text)
        .into_iter()
        .filter_map(|m| Some(g.entity_of(m.target)?.iso3.clone()))
        .collect()
}

/// The rows of the name table, read strictly: (line, text, expected codes).
fn name_table() -> Vec<(usize, String, Vec<String>)> {
    let file = "tests/data/name_variants.tsv";
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/name_variants.tsv"
    ))
    .expect("tests/data/name_variants.tsv");
    // The header stays the first line (the note under it says so).
    assert!(
        text.starts_with("text\texpected\tnote\n"),
        "{file}: the header must be the first line"
    );
    let mut errors = Vec::new();
    let rows = Table::new(file, &text).rows(&["text", "expected", "note"], &mut errors);
    assert!(
        errors.is_empty(),
        "{}",
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    rows.into_iter()
        .map(|(n, r)| {
            let expected = if r[1].is_empty() {
                Vec::new()
            } else {
                r[1].split(' ').map(String::from).collect()
            };
            (n, r[0].to_string(), expected)
        })
        .collect()
}

/// Folded tokens, wrapped as the matcher wraps them, so that a substring
/// test is word-bounded.
fn wrapped(text: &str) -> String {
    fold::tokens(text)
        .iter()
        .map(|t| format!("|{}|", t.folded))
        .collect()
}

#[test]
fn every_row_of_the_name_table_matches_as_expected() {
    let g = Gazetteer::get();
    let rows = name_table();
    let mut failures = Vec::new();
    for (n, text, expected) in &rows {
        for c in expected {
            if g.by_iso3(c).is_none() {
                failures.push(format!("line {n}: unknown expected code {c}"));
            }
        }
        let got = codes(g, text);
        if &got != expected {
            failures.push(format!(
                "line {n}: {text:?}: expected {expected:?}, got {got:?}"
            ));
        }
    }
    assert!(
        rows.len() >= 700,
        "the table should hold at least 700 rows, has {}",
        rows.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// Every alias, ambiguous name, non-State and place-or-State has a row
/// that contains it (an abbreviation as printed, others folded), and every
/// entity's English, French and Spanish short name is a row of its own.
#[test]
fn every_name_in_the_tables_has_a_row() {
    let g = Gazetteer::get();
    let rows = name_table();
    let texts: Vec<(&str, String)> = rows
        .iter()
        .map(|(_, t, _)| (t.as_str(), wrapped(t)))
        .collect();
    let mut missing = Vec::new();
    for n in g.table_names() {
        if n.file == "data/entities.tsv" {
            continue;
        }
        let covered = if n.exact_case {
            texts.iter().any(|(t, _)| t.contains(n.name.as_str()))
        } else {
            let key = wrapped(&n.name);
            texts.iter().any(|(_, w)| w.contains(&key))
        };
        if !covered {
            missing.push(format!("{}:{}: {:?}", n.file, n.line, n.name));
        }
    }
    for e in g.entities() {
        for name in [
            &e.name,
            &e.fr_short,
            &e.es_short,
            &e.ar_short,
            &e.zh_short,
            &e.ru_short,
        ] {
            if !texts.iter().any(|(t, _)| t == name) {
                missing.push(format!("data/entities.tsv {}: {name:?}", e.iso3));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "names without a row in tests/data/name_variants.tsv:\n{}",
        missing.join("\n")
    );
}

/// Capitals and other places whose names hold their State's name, in
/// English, French and Spanish, with that State: the place alone names no
/// State, and beside the State's own name only the State is found.
const PLACES_NAMED_AFTER_THEIR_STATE: &[(&str, &str)] = &[
    ("Guatemala City", "GTM"),
    ("Ciudad de Guatemala", "GTM"),
    ("Ville de Guatemala", "GTM"),
    ("Antigua Guatemala", "GTM"),
    ("Kuwait City", "KWT"),
    ("Ciudad de Kuwait", "KWT"),
    ("Ville de Koweït", "KWT"),
    ("Mexico City", "MEX"),
    ("Ciudad de México", "MEX"),
    ("Ville de Mexico", "MEX"),
    ("Panama City", "PAN"),
    ("Ciudad de Panamá", "PAN"),
    ("Ville de Panama", "PAN"),
    ("Djibouti city", "DJI"),
    ("Djibouti-Ville", "DJI"),
    ("Ville de Djibouti", "DJI"),
    ("Ciudad de Yibuti", "DJI"),
    ("Luxembourg City", "LUX"),
    ("Luxembourg-Ville", "LUX"),
    ("Ciudad de Luxemburgo", "LUX"),
    ("Singapore City", "SGP"),
    ("Ville de Singapour", "SGP"),
    ("Ciudad de Singapur", "SGP"),
    ("Belize City", "BLZ"),
    ("Ciudad de Belice", "BLZ"),
    ("City of San Marino", "SMR"),
    ("Ville de Saint-Marin", "SMR"),
    ("Ciudad de San Marino", "SMR"),
    ("Andorra la Vella", "AND"),
    ("Andorre-la-Vieille", "AND"),
    ("Andorra la Vieja", "AND"),
    ("Monaco-Ville", "MCO"),
    ("Port of Spain", "TTO"),
    ("Port-of-Spain", "TTO"),
];

#[test]
fn a_place_named_after_its_state_is_not_the_state() {
    let g = Gazetteer::get();
    let mut wrong = Vec::new();
    for &(place, iso3) in PLACES_NAMED_AFTER_THEIR_STATE {
        let state = &g.by_iso3(iso3).expect("a known code").name;
        let alone = codes(g, place);
        let beside = codes(g, &format!("{place}, {state}"));
        if !alone.is_empty() || beside != [iso3] {
            wrong.push(format!(
                "{place:?}: alone {alone:?}, beside {state:?} {beside:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_entity_code_is_unique_and_well_formed() {
    let g = Gazetteer::get();
    let mut seen = std::collections::HashSet::new();
    for e in g.entities() {
        assert!(
            e.iso3.len() == 3 && e.iso3.chars().all(|c| c.is_ascii_uppercase()),
            "{}",
            e.iso3
        );
        assert!(
            e.iso2.len() == 2 && e.iso2.chars().all(|c| c.is_ascii_uppercase()),
            "{}",
            e.iso2
        );
        assert!(seen.insert(e.iso3.clone()), "duplicate {}", e.iso3);
        assert!(
            !e.name.is_empty() && !e.fr_short.is_empty() && !e.es_short.is_empty(),
            "{}",
            e.iso3
        );
        // The UN's six languages: every entity has its short and formal
        // names in Arabic, Chinese and Russian too.
        for name in [
            &e.ar_short,
            &e.ar_formal,
            &e.zh_short,
            &e.zh_formal,
            &e.ru_short,
            &e.ru_formal,
        ] {
            assert!(
                !name.is_empty(),
                "{}: a missing Arabic, Chinese or Russian name",
                e.iso3
            );
        }
    }
    assert_eq!(
        g.entities().len(),
        199,
        "193 UN members + VAT, PSE, XKX, COK, NIU, EUU"
    );
    let count = |k| g.entities().iter().filter(|e| e.kind == k).count();
    use whosigned::gazetteer::EntityKind::*;
    assert_eq!(
        (count(State), count(ObserverState), count(Organization)),
        (196, 2, 1)
    );
}

#[test]
fn lower_case_us_is_a_pronoun_not_a_state() {
    let g = Gazetteer::get();
    assert!(codes(g, "Join us in condemning").is_empty());
    assert_eq!(codes(g, "the US and the U.K."), ["USA", "GBR"]);
}
