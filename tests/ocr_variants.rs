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

/// A one-page PDF in Helvetica, one line of text per string, with `producer`
/// in its Info dictionary.
fn pdf(producer: &str, lines: &[&str]) -> Vec<u8> {
    use lopdf::{dictionary, Document, Object, Stream};
    let mut content = String::from("BT /F1 12 Tf 72 720 Td 14 TL\n");
    for l in lines {
        content.push_str(&format!("({l}) Tj T*\n"));
    }
    content.push_str("ET");
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let contents = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" };
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => contents,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let info = doc.add_object(dictionary! { "Producer" => Object::string_literal(producer) });
    doc.trailer.set("Info", info);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save test PDF");
    out
}

#[test]
fn a_text_layer_made_by_an_ocr_program_is_read_tolerantly_and_another_exactly() {
    let lines = [
        "Joint statement",
        "The following States have endorsed this statement:",
        "Luxembo urg",
        "Be1gium",
        "Niger",
        "Austria",
    ];
    let signed = |producer: &str| -> Vec<String> {
        let opts = whosigned::Options {
            fallback: false,
            ..Default::default()
        };
        whosigned::process_bytes("statement.pdf", &pdf(producer, &lines), &opts)
            .signatories
            .into_iter()
            .map(|s| s.iso3)
            .collect()
    };
    assert_eq!(signed("ABBYY FineReader 15"), ["LUX", "BEL", "NER", "AUT"]);
    assert_eq!(signed("LibreOffice 7.4"), ["NER", "AUT"]);
}
