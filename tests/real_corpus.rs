//! The list finder on real UN documents (`../shared/corpus/un/`: 64 PDFs as
//! published, with hand-made truth). Measured when this test was written:
//! 50/50 sponsor lists exact, 14/14 negatives without signatories, 15/15
//! on-behalf-of groups and 64/64 symbols (`bench/corpus/evaluate_real.py`
//! prints the same figures and what fails). The floors below are a little
//! under those figures, and above the 95 % that issue 9 asks for. Skipped,
//! with a message on the test output, only when the corpus is absent.

mod common;

use common::say;
use std::collections::BTreeSet;
use std::path::Path;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/un");
/// Sponsor lists (of 50) whose set must be exact.
const MIN_EXACT_LISTS: usize = 49;
/// Groups named as printed (of 15).
const MIN_ON_BEHALF: usize = 14;
/// Symbols read (of 64).
const MIN_SYMBOLS: usize = 62;

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[test]
fn real_un_documents_meet_the_accuracy_floor() {
    let dir = Path::new(CORPUS);
    if !dir.join("truth").is_dir() {
        say("SKIPPED real_un_documents_meet_the_accuracy_floor: ../shared/corpus/un is absent");
        return;
    }
    let opts = whosigned::Options {
        fallback: false,
        ..Default::default()
    };
    let mut truths: Vec<_> = std::fs::read_dir(dir.join("truth"))
        .expect("truth folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    truths.sort();
    let (mut lists, mut exact, mut negatives, mut clean) = (0, 0, 0, 0);
    let (mut behalf_n, mut behalf_ok, mut symbol_ok) = (0, 0, 0);
    let mut failures = Vec::new();
    for t in &truths {
        let truth: serde_json::Value =
            serde_json::from_slice(&std::fs::read(t).expect("truth")).expect("truth json");
        let file = truth["file"].as_str().expect("file");
        let record = whosigned::process_file(&dir.join("pdf").join(file), file, &opts);
        let got: BTreeSet<&str> = record.signatories.iter().map(|s| s.iso3.as_str()).collect();
        let want: BTreeSet<&str> = truth["expected_iso3"]
            .as_array()
            .expect("expected_iso3")
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        let ok = if truth["category"] == "negative" {
            negatives += 1;
            clean += usize::from(got.is_empty());
            got.is_empty()
        } else {
            lists += 1;
            exact += usize::from(got == want);
            got == want
        };
        if !ok {
            failures.push(format!(
                "{file}: missing {:?}, extra {:?}",
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>()
            ));
        }
        if let Some(group) = truth["on_behalf_of"].as_str() {
            behalf_n += 1;
            behalf_ok += usize::from(record.signatories.iter().any(|s| {
                s.on_behalf_of
                    .as_ref()
                    .is_some_and(|b| norm(&b.as_printed) == norm(group))
            }));
        }
        let symbol = record.document.as_ref().and_then(|d| d.symbol.as_deref());
        symbol_ok +=
            usize::from(symbol == truth["symbol"].as_str().map(|s| s.trim_end_matches('*')));
    }
    say(&format!(
        "real UN documents: {exact}/{lists} sponsor lists exact, {clean}/{negatives} negatives clean, \
         {behalf_ok}/{behalf_n} on-behalf-of groups, {symbol_ok}/{} symbols",
        truths.len()
    ));
    assert_eq!(truths.len(), 64, "the corpus has 64 documents");
    assert_eq!(
        clean, negatives,
        "negatives with signatories: {failures:#?}"
    );
    assert!(
        exact >= MIN_EXACT_LISTS,
        "{exact}/{lists} exact: {failures:#?}"
    );
    assert!(behalf_ok >= MIN_ON_BEHALF, "{behalf_ok}/{behalf_n} groups");
    assert!(symbol_ok >= MIN_SYMBOLS, "{symbol_ok} symbols");
}
