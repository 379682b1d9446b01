//! R users read whosigned's CSV outputs: `read.csv` and readr's `read_csv`
//! take the signatories CSV and the `table` matrix without a warning
//! (UTF-8, quoting, column types), and the README's R snippet gives "X of Y
//! States Parties signed" from the matrix. `.ci/run` installs R and readr,
//! so in CI this does not skip.

mod common;

use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_whosigned"))
}

fn r_with_readr() -> bool {
    Command::new("Rscript")
        .args(["-e", "library(readr)"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn r_reads_the_csv_outputs_without_warnings_and_counts_states_parties() {
    if !r_with_readr() {
        common::say("SKIPPED: Rscript with readr is not installed (.ci/run installs them)");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let fixtures = root.join("fixtures").to_string_lossy().into_owned();
    for (format, file) in [("jsonl", "records.jsonl"), ("csv", "signatories.csv")] {
        let s = bin()
            .args([
                "extract",
                "--quiet",
                "--format",
                format,
                "-o",
                &out(file),
                &fixtures,
            ])
            .status()
            .unwrap();
        assert!(matches!(s.code(), Some(0 | 1)), "extract --format {format}");
    }
    let s = bin()
        .args(["table", &out("records.jsonl"), "-o", &out("matrix.csv")])
        .args(["--as-of", "2024-06-14", "--all-states"])
        .status()
        .unwrap();
    assert!(s.success(), "table");
    let o = Command::new("Rscript")
        .arg(root.join("tests/r/read_outputs.R"))
        .args([out("matrix.csv"), out("signatories.csv")])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "R failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // 124 States Parties on 2024-06-14; the statement delivered on behalf
    // of a group is signed by 25 of them.
    assert!(
        stdout.contains("en_delivered_on_behalf_chromium.pdf: 25 of 124 States Parties signed"),
        "{stdout}"
    );
}
