//! The name table: every alias, trap and ambiguity in `tests/data/name_variants.tsv`
//! must give exactly the expected codes, in order.

use whosigned::gazetteer::Gazetteer;

fn codes(g: &Gazetteer, text: &str) -> Vec<String> {
    g.find(text)
        .into_iter()
        .filter_map(|m| Some(g.entity_of(m.target)?.iso3.clone()))
        .collect()
}

#[test]
fn every_row_of_the_name_table_matches_as_expected() {
    let table = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/name_variants.tsv"
    ))
    .expect("tests/data/name_variants.tsv");
    let g = Gazetteer::get();
    let mut rows = 0;
    let mut failures = Vec::new();
    for line in table.lines().skip(1) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let text = cols[0];
        let expected: Vec<String> = cols
            .get(1)
            .map_or(vec![], |c| c.split_whitespace().map(String::from).collect());
        rows += 1;
        let got = codes(g, text);
        if got != expected {
            failures.push(format!("{text:?}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(
        rows >= 600,
        "the table should hold at least 600 rows, has {rows}"
    );
    assert!(
        failures.is_empty(),
        "{} of {rows} rows differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
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
    }
    assert_eq!(
        g.entities().len(),
        199,
        "193 UN members + VAT, PSE, XKX, COK, NIU, EUU"
    );
}

#[test]
fn lower_case_us_is_a_pronoun_not_a_state() {
    let g = Gazetteer::get();
    assert!(codes(g, "Join us in condemning").is_empty());
    assert_eq!(codes(g, "the US and the U.K."), ["USA", "GBR"]);
}
