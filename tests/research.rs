//! The research commands over records written here: `table` (State ×
//! document matrix), `compare` (who joined, who left) and `states` (the
//! gazetteer and its groups), each through the real binary.

mod common;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use whosigned::gazetteer::Gazetteer;
use whosigned::record::{
    ErrorKind, PrintedDate, Record, Signatory, Source, Status, SCHEMA_VERSION,
};

fn whosigned(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosigned"))
        .args(args)
        .output()
        .expect("run whosigned")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

fn signatory(iso3: &str) -> Signatory {
    let e = Gazetteer::get()
        .by_iso3(iso3)
        .unwrap_or_else(|| panic!("{iso3} is not in data/entities.tsv"));
    Signatory {
        iso3: e.iso3.clone(),
        iso2: e.iso2.clone(),
        name: e.name.clone(),
        as_printed: e.name.clone(),
        page: 1,
        kind: e.kind,
        former_name: false,
        role: whosigned::segment::decision::Role::Signatory,
        on_behalf_of: None,
        ocr_confidence: None,
    }
}

/// A record as `extract` would write it for a statement signed by `codes`.
fn record(path: &str, date: &str, codes: &[&str]) -> Record {
    Record {
        schema_version: SCHEMA_VERSION,
        source: Source {
            path: path.to_string(),
            ..Default::default()
        },
        metadata: whosigned::pdf::Metadata::default(),
        engine: Some(whosigned::pdf::Engine::Lopdf),
        page_engines: None,
        status: if codes.is_empty() {
            Status::NoSignatories
        } else {
            Status::Ok
        },
        error: None,
        date: Some(PrintedDate {
            value: date.to_string(),
            as_printed: date.to_string(),
        }),
        document: None,
        signatories: codes.iter().map(|c| signatory(c)).collect(),
        unmatched: Vec::new(),
        mentions: Vec::new(),
        groups: Vec::new(),
        ocr: None,
    }
}

fn statement_2023() -> Record {
    record("statement-2023.pdf", "2023-06-14", &["AUT", "BEL", "FRA"])
}

/// Signatories deliberately out of order: outputs must sort them.
fn statement_2024() -> Record {
    record(
        "statement-2024.pdf",
        "2024-06-14",
        &["PHL", "DEU", "CHE", "BEL", "AUT"],
    )
}

fn write_jsonl(dir: &Path, name: &str, records: &[Record]) -> PathBuf {
    let mut text = String::new();
    for r in records {
        text.push_str(&serde_json::to_string(r).unwrap());
        text.push('\n');
    }
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

// ---- table ----

#[test]
fn table_has_one_row_per_state_that_signed_with_memberships_on_as_of() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_jsonl(
        dir.path(),
        "records.jsonl",
        &[statement_2023(), statement_2024()],
    );
    let o = whosigned(&["table", s(&f), "--as-of", "2024-06-14"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "iso3,name,un,rome-statute,un-regional-group,eu,statement-2023.pdf,statement-2024.pdf\n\
         AUT,Austria,1,1,western-european-others,1,1,1\n\
         BEL,Belgium,1,1,western-european-others,1,1,1\n\
         CHE,Switzerland,1,1,western-european-others,0,0,1\n\
         DEU,Germany,1,1,western-european-others,1,0,1\n\
         FRA,France,1,1,western-european-others,1,1,0\n\
         PHL,Philippines,1,0,asia-pacific,0,0,1\n"
    );
}

#[test]
fn table_takes_membership_on_the_as_of_day() {
    // The Philippines were a party to the Rome Statute until 2019-03-17.
    let dir = tempfile::tempdir().unwrap();
    let f = write_jsonl(dir.path(), "records.jsonl", &[statement_2024()]);
    let o = whosigned(&["table", s(&f), "--as-of", "2019-03-16"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let phl = stdout(&o)
        .lines()
        .find(|l| l.starts_with("PHL,"))
        .map(str::to_string);
    assert_eq!(phl.as_deref(), Some("PHL,Philippines,1,1,asia-pacific,0,1"));
}

#[test]
fn table_leaves_cells_empty_for_records_that_could_not_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let broken = Record::error(
        Source {
            path: "broken.pdf".to_string(),
            ..Default::default()
        },
        ErrorKind::Damaged,
        "no xref",
    );
    let mut scanned = record("scanned.pdf", "2024-01-01", &[]);
    scanned.status = Status::NeedsOcr;
    let f = write_jsonl(
        dir.path(),
        "records.jsonl",
        &[statement_2023(), broken, scanned],
    );
    let o = whosigned(&["table", s(&f), "--as-of", "2024-06-14"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "iso3,name,un,rome-statute,un-regional-group,eu,statement-2023.pdf,broken.pdf,scanned.pdf\n\
         AUT,Austria,1,1,western-european-others,1,1,,\n\
         BEL,Belgium,1,1,western-european-others,1,1,,\n\
         FRA,France,1,1,western-european-others,1,1,,\n"
    );
    assert_eq!(
        stderr(&o),
        "whosigned: 2 of 3 documents could not be read (error or needs_ocr): their columns are empty\n"
    );
}

#[test]
fn table_gives_zeros_for_a_record_without_signatories() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_jsonl(
        dir.path(),
        "records.jsonl",
        &[
            record("press-release.pdf", "2024-01-01", &[]),
            record("letter.pdf", "2024-01-01", &["FRA"]),
        ],
    );
    let o = whosigned(&["table", s(&f), "--as-of", "2024-06-14"]);
    assert_eq!(
        stdout(&o),
        "iso3,name,un,rome-statute,un-regional-group,eu,press-release.pdf,letter.pdf\n\
         FRA,France,1,1,western-european-others,1,0,1\n"
    );
}

#[test]
fn table_suffixes_a_repeated_path() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_jsonl(
        dir.path(),
        "a.jsonl",
        &[record("statement.pdf", "2023-06-14", &["AUT"])],
    );
    let b = write_jsonl(
        dir.path(),
        "b.jsonl",
        &[
            record("statement.pdf", "2024-06-14", &["BEL"]),
            record("statement.pdf", "2025-06-14", &["AUT", "BEL"]),
        ],
    );
    let o = whosigned(&["table", s(&a), s(&b), "--as-of", "2024-06-14"]);
    assert_eq!(
        stdout(&o),
        "iso3,name,un,rome-statute,un-regional-group,eu,statement.pdf,statement.pdf (2),statement.pdf (3)\n\
         AUT,Austria,1,1,western-european-others,1,1,0,1\n\
         BEL,Belgium,1,1,western-european-others,1,0,1,1\n"
    );
}

#[test]
fn table_names_the_file_and_line_that_is_not_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("records.jsonl");
    let good = serde_json::to_string(&statement_2023()).unwrap();
    std::fs::write(&f, format!("{good}\n{{\"schema_version\": 1}}\n")).unwrap();
    let o = whosigned(&["table", s(&f)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let want = format!("whosigned: {}:2: not a record: ", f.display());
    assert!(stderr(&o).starts_with(&want), "{}", stderr(&o));
}

#[test]
fn table_with_output_file_writes_it_whole_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_jsonl(dir.path(), "records.jsonl", &[statement_2023()]);
    let out = dir.path().join("matrix.csv");
    let o = whosigned(&["table", s(&f), "-o", s(&out), "--as-of", "2024-06-14"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "iso3,name,un,rome-statute,un-regional-group,eu,statement-2023.pdf\n\
         AUT,Austria,1,1,western-european-others,1,1\n\
         BEL,Belgium,1,1,western-european-others,1,1\n\
         FRA,France,1,1,western-european-others,1,1\n"
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["matrix.csv", "records.jsonl"]);
}

#[test]
fn table_all_states_has_a_row_for_every_entity() {
    let dir = tempfile::tempdir().unwrap();
    let f = write_jsonl(dir.path(), "records.jsonl", &[statement_2023()]);
    let o = whosigned(&["table", s(&f), "--all-states", "--as-of", "2024-06-14"]);
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + Gazetteer::get().entities().len());
    assert_eq!(lines[1], "AFG,Afghanistan,1,1,asia-pacific,0,0");
    let mut codes: Vec<&str> = lines[1..].iter().map(|l| &l[..3]).collect();
    let unsorted = codes.clone();
    codes.sort_unstable();
    assert_eq!(codes, unsorted);
}

// ---- compare ----

fn compare_files(dir: &Path) -> (PathBuf, PathBuf) {
    (
        write_jsonl(dir, "a.jsonl", &[statement_2023()]),
        write_jsonl(dir, "b.jsonl", &[statement_2024()]),
    )
}

#[test]
fn compare_prints_joined_left_and_both_sorted_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = compare_files(dir.path());
    let o = whosigned(&["compare", s(&a), s(&b)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "A: statement-2023.pdf (3 signatories, 2023-06-14)\n\
         B: statement-2024.pdf (5 signatories, 2024-06-14)\n\
         joined (3): DEU Germany, PHL Philippines, CHE Switzerland\n\
         left (1): FRA France\n\
         both (2): AUT Austria, BEL Belgium\n"
    );
}

#[test]
fn compare_json_gives_both_sides_and_the_three_lists() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = compare_files(dir.path());
    let o = whosigned(&["compare", s(&a), s(&b), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v,
        json!({
            "a": {"path": "statement-2023.pdf", "signatories": 3, "date": "2023-06-14"},
            "b": {"path": "statement-2024.pdf", "signatories": 5, "date": "2024-06-14"},
            "joined": [
                {"iso3": "DEU", "name": "Germany"},
                {"iso3": "PHL", "name": "Philippines"},
                {"iso3": "CHE", "name": "Switzerland"}
            ],
            "left": [{"iso3": "FRA", "name": "France"}],
            "both": [
                {"iso3": "AUT", "name": "Austria"},
                {"iso3": "BEL", "name": "Belgium"}
            ]
        })
    );
}

#[test]
fn compare_reads_a_pretty_printed_json_record() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("statement-2023.json");
    std::fs::write(&a, serde_json::to_string_pretty(&statement_2023()).unwrap()).unwrap();
    let mut undated = record("undated.pdf", "", &["FRA"]);
    undated.date = None;
    let b = write_jsonl(dir.path(), "b.jsonl", &[undated]);
    let o = whosigned(&["compare", s(&a), s(&b)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "A: statement-2023.pdf (3 signatories, 2023-06-14)\n\
         B: undated.pdf (1 signatory, no date)\n\
         joined (0):\n\
         left (2): AUT Austria, BEL Belgium\n\
         both (1): FRA France\n"
    );
}

#[test]
fn compare_refuses_a_records_file_with_two_records() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_jsonl(
        dir.path(),
        "both.jsonl",
        &[statement_2023(), statement_2024()],
    );
    let o = whosigned(&["compare", s(&a), s(&a)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "whosigned: {} holds 2 records; compare takes one record per side\n",
            a.display()
        )
    );
}

#[test]
fn compare_exits_1_when_a_side_has_no_list_to_compare() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = compare_files(dir.path());
    let b = dir.path().join("not-a.pdf");
    std::fs::write(&b, "plain text, not a PDF").unwrap();
    let o = whosigned(&["compare", s(&a), s(&b)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(
        err.starts_with(&format!("whosigned: B: {}: error: ", b.display()))
            && err.ends_with(": no signatories to compare\n"),
        "{err}"
    );
}

#[test]
fn compare_extracts_a_pdf_in_process() {
    let pdf = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/en_one_per_line_libreoffice.pdf"
    ));
    if !pdf.is_file() {
        common::say(&format!("SKIPPED: {} is absent", pdf.display()));
        return;
    }
    let o = whosigned(&["compare", s(pdf), s(pdf), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["a"], v["b"]);
    assert_eq!(v["a"]["path"], json!(s(pdf)));
    assert_eq!(v["joined"], json!([]));
    assert_eq!(v["left"], json!([]));
    let both = v["both"].as_array().unwrap();
    assert!(!both.is_empty());
    assert_eq!(v["a"]["signatories"], json!(both.len()));
}

// ---- states ----

#[test]
fn states_lists_every_entity_sorted_by_code() {
    let o = whosigned(&["states"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), Gazetteer::get().entities().len());
    assert_eq!(lines[0], "AFG\tAF\tstate\tAfghanistan");
    assert!(lines.contains(&"VAT\tVA\tobserver_state\tHoly See"));
    let codes: Vec<&str> = lines.iter().map(|l| &l[..3]).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted);
}

#[test]
fn states_group_rome_statute_on_2024_06_14_has_124_members() {
    let o = whosigned(&["states", "--group", "rome-statute", "--as-of", "2024-06-14"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "rome-statute on 2024-06-14: 124 members\n");
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 124);
    assert!(lines.contains(&"ARM\tAM\tstate\tArmenia"));
    assert!(!lines.iter().any(|l| l.starts_with("PHL\t")));
    assert!(!lines.iter().any(|l| l.starts_with("BDI\t")));
}

#[test]
fn states_group_eu_on_2019_06_14_includes_the_united_kingdom() {
    let o = whosigned(&["states", "--group", "eu", "--as-of", "2019-06-14"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "eu on 2019-06-14: 28 members\n");
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 28);
    assert!(lines.contains(&"GBR\tGB\tstate\tUnited Kingdom of Great Britain and Northern Ireland"));
}

#[test]
fn states_unknown_group_exits_2_listing_the_valid_ids() {
    let o = whosigned(&["states", "--group", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert_eq!(
        stderr(&o),
        "whosigned: unknown group \"nope\"; valid ids: un, rome-statute, \
         un-regional-group:african, un-regional-group:asia-pacific, \
         un-regional-group:eastern-european, un-regional-group:latin-american-caribbean, \
         un-regional-group:western-european-others, eu, g77, nam, oic, arab-league, aosis, \
         asean, ecowas, eccas\n"
    );
}

#[test]
fn states_json_gives_names_and_the_groups_on_as_of() {
    let o = whosigned(&["states", "--json", "--as-of", "2019-06-14"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let all = v.as_array().unwrap();
    assert_eq!(all.len(), Gazetteer::get().entities().len());
    let gbr = all.iter().find(|e| e["iso3"] == "GBR").unwrap();
    assert_eq!(
        *gbr,
        json!({
            "iso3": "GBR",
            "iso2": "GB",
            "kind": "state",
            "name": "United Kingdom of Great Britain and Northern Ireland",
            "formal": "the United Kingdom of Great Britain and Northern Ireland",
            "fr_short": "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord (le)",
            "es_short": "Reino Unido de Gran Bretaña e Irlanda del Norte (el)",
            "groups": ["un", "rome-statute", "un-regional-group:western-european-others", "eu"]
        })
    );
}

#[test]
fn states_groups_lists_each_group_with_its_count_on_as_of() {
    let o = whosigned(&["states", "--groups", "--as-of", "2024-06-14"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let id_count: Vec<(&str, &str)> = text
        .lines()
        .map(|l| {
            let mut f = l.split('\t');
            (f.next().unwrap(), f.next().unwrap())
        })
        .collect();
    assert_eq!(
        id_count,
        [
            ("un", "193"),
            ("rome-statute", "124"),
            ("un-regional-group:african", "54"),
            ("un-regional-group:asia-pacific", "54"),
            ("un-regional-group:eastern-european", "23"),
            ("un-regional-group:latin-american-caribbean", "33"),
            ("un-regional-group:western-european-others", "28"),
            ("eu", "27"),
            ("g77", "134"),
            ("nam", "120"),
            ("oic", "56"),
            ("arab-league", "22"),
            ("aosis", "39"),
            ("asean", "10"),
            ("ecowas", "15"),
            ("eccas", "11"),
        ]
    );
    assert!(text
        .lines()
        .all(|l| l.split('\t').count() == 4 && !l.ends_with('\t')));
}

// ---- roles, document kinds and on-behalf-of groups in CSV and table ----

/// A UN draft fixture: 33 sponsors, Egypt for the Group of African States.
fn un_draft() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/en_un_draft_libreoffice.pdf")
}

#[test]
fn csv_rows_carry_role_group_kind_and_symbol() {
    let pdf = un_draft();
    let o = whosigned(&["extract", "--format", "csv", "--in-process", s(&pdf)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("path,sha256,status,iso3,name,as_printed,page,role,on_behalf_of,document_kind,symbol")
    );
    let egypt = lines
        .clone()
        .find(|l| l.contains(",EGY,"))
        .expect("a row for Egypt");
    assert!(
        egypt.ends_with(
            ",EGY,Egypt,Egypt,1,sponsor,Group of African States,draft_resolution,A/C.3/81/L.12"
        ),
        "{egypt}"
    );
    assert_eq!(
        lines
            .filter(|l| l.contains(",sponsor,,draft_resolution,"))
            .count(),
        32
    );
}

#[test]
fn table_with_roles_names_each_role() {
    let dir = tempfile::tempdir().unwrap();
    let mut later = statement_2024();
    for s in later.signatories.iter_mut().filter(|s| s.iso3 == "AUT") {
        s.role = whosigned::segment::decision::Role::JoinedLater;
    }
    let f = write_jsonl(dir.path(), "records.jsonl", &[statement_2023(), later]);
    let o = whosigned(&["table", s(&f), "--as-of", "2024-06-14", "--roles"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let row = |code: &str| {
        out.lines()
            .find(|l| l.starts_with(code))
            .unwrap_or_else(|| panic!("no row {code}: {out}"))
            .to_string()
    };
    assert_eq!(
        row("AUT"),
        "AUT,Austria,1,1,western-european-others,1,signatory,joined_later"
    );
    assert_eq!(
        row("FRA"),
        "FRA,France,1,1,western-european-others,1,signatory,0"
    );
}
