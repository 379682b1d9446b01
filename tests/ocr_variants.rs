//! The OCR variant table: every row of `tests/data/ocr_variants.tsv` read
//! tolerantly, as OCR text is, gives the codes a reader of the page sees,
//! traps included; read exactly, as a clean text layer is, it gives what the
//! exact matcher always gave. Prints how many rows each way gets right.

mod common;

use common::say;
use whosigned::gazetteer::table::Table;
use whosigned::gazetteer::{Gazetteer, NameMatch};

/// One row: line, text, codes with tolerance, codes without.
type Row = (usize, String, Vec<String>, Vec<String>);

fn variant_table() -> Vec<Row> {
    let file = "tests/data/ocr_variants.tsv";
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/ocr_variants.tsv"
    ))
    .expect("tests/data/ocr_variants.tsv");
    assert!(
        text.starts_with("text\tnoisy\tclean\tnote\n"),
        "{file}: the header must be the first line"
    );
    let mut errors = Vec::new();
    let rows = Table::new(file, &text).rows(&["text", "noisy", "clean", "note"], &mut errors);
    assert!(
        errors.is_empty(),
        "{}",
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    let codes = |s: &str| -> Vec<String> { s.split_whitespace().map(String::from).collect() };
    rows.into_iter()
        .map(|(n, r)| (n, r[0].to_string(), codes(r[1]), codes(r[2])))
        .collect()
}

fn codes(g: &Gazetteer, found: Vec<NameMatch>) -> Vec<String> {
    found
        .into_iter()
        .filter_map(|m| Some(g.entity_of(m.target)?.iso3.clone()))
        .collect()
}

#[test]
fn every_ocr_variant_reads_as_expected_with_and_without_tolerance() {
    let g = Gazetteer::get();
    let rows = variant_table();
    let (mut right_tolerant, mut right_exact) = (0, 0);
    let mut failures = Vec::new();
    for (n, text, noisy, clean) in &rows {
        for c in noisy.iter().chain(clean) {
            if g.by_iso3(c).is_none() {
                failures.push(format!("line {n}: unknown code {c}"));
            }
        }
        let tolerant = codes(g, g.find_tolerant(text));
        let exact = codes(g, g.find(text));
        right_tolerant += usize::from(&tolerant == noisy);
        right_exact += usize::from(&exact == noisy);
        if &tolerant != noisy {
            failures.push(format!(
                "line {n}: {text:?} read tolerantly: expected {noisy:?}, got {tolerant:?}"
            ));
        }
        if &exact != clean {
            failures.push(format!(
                "line {n}: {text:?} read exactly: expected {clean:?}, got {exact:?}"
            ));
        }
    }
    say(&format!(
        "OCR variants: {right_tolerant}/{} right with tolerance, {right_exact}/{} without",
        rows.len(),
        rows.len()
    ));
    assert!(rows.len() >= 100, "the table should hold at least 100 rows");
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}
