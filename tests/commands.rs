//! The small commands through the real binary: `match` (names in plain
//! text) and `text` (a PDF's text, or its candidate lists), and how every
//! command ends when its reader goes away.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_whosigned"))
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Runs `whosigned args` with `input` on stdin; (status, stdout, stderr).
fn run(args: &[&str], input: &str) -> (Option<i32>, String, String) {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let o = child.wait_with_output().expect("wait");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn match_normalises_text_as_extract_does() {
    let (code, out, err) = run(&["match"], "Luxem-\nbourg, Bel\u{00AD}gium\n");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "LUX\tLuxembourg\tLuxembourg\nBEL\tBelgium\tBelgium\n");
}

#[test]
fn match_jsonl_gives_offsets_into_the_normalised_text() {
    let (code, out, err) = run(&["match", "--jsonl"], "\"Luxem-\\nbourg\"\n");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "{\"text\":\"Luxem-\\nbourg\",\"normalised\":\"Luxembourg\",\"matches\":[{\"iso3\":\"LUX\",\"name\":\"Luxembourg\",\"as_printed\":\"Luxembourg\",\"start\":0,\"end\":10}]}\n"
    );
}

#[test]
fn a_parenthesised_name_is_printed_with_its_closing_parenthesis() {
    let (_, out, _) = run(
        &["match"],
        "Bolivia (Plurinational State of):* draft resolution",
    );
    assert_eq!(
        out,
        "BOL\tBolivia (Plurinational State of)\tBolivia (Plurinational State of)\n"
    );
}

/// "Ambiguous" means two States or more: a place's name that is also used
/// for one State is reported as such, with that State, never guessed.
#[test]
fn match_never_calls_a_name_with_one_state_ambiguous() {
    let (code, out, err) = run(&["match", "Macedonia, Holland and Korea"], "");
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "?\t(place or State: MKD)\tMacedonia\n\
         ?\t(place or State: NLD)\tHolland\n\
         ?\t(ambiguous: KOR PRK)\tKorea\n"
    );
    let (_, out, _) = run(&["match", "--jsonl"], "\"Macedonia\"\n");
    assert_eq!(
        out,
        "{\"text\":\"Macedonia\",\"matches\":[],\"place_or_state\":[{\"as_printed\":\"Macedonia\",\"candidates\":[\"MKD\"],\"start\":0,\"end\":9}]}\n"
    );
}

/// A former name of one State is that State, flagged as a former name.
#[test]
fn match_flags_a_former_name() {
    let (_, out, _) = run(&["match", "Swaziland and Eswatini"], "");
    assert_eq!(
        out,
        "SWZ\tEswatini\tSwaziland\tformer name\nSWZ\tEswatini\tEswatini\n"
    );
    let (_, out, _) = run(&["match", "--jsonl"], "\"Swaziland\"\n");
    assert_eq!(
        out,
        "{\"text\":\"Swaziland\",\"matches\":[{\"iso3\":\"SWZ\",\"name\":\"Eswatini\",\"as_printed\":\"Swaziland\",\"start\":0,\"end\":9,\"former_name\":true}]}\n"
    );
}

#[test]
fn text_explain_shows_the_rule_that_took_the_sponsor_block() {
    let o = bin()
        .args(["text", "--explain", &fixture("en_un_draft_libreoffice.pdf")])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with("document: DraftResolution, symbol A/C.3/81/L.12\n"),
        "{out}"
    );
    assert!(
        out.contains("[ACCEPT as Sponsor by SponsorTail] page 1"),
        "{out}"
    );
    assert!(out.contains("[reject by OutrankedBySponsorBlock]"), "{out}");
}

#[test]
fn text_layout_shows_where_each_line_stands() {
    let o = bin()
        .args(["text", "--layout", &fixture("en_un_draft_libreoffice.pdf")])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    let first = out.lines().next().unwrap_or("");
    let (place, text) = first.split_once('\t').expect("a tab before the text");
    let fields: Vec<&str> = place.split(' ').collect();
    assert_eq!(fields.len(), 5, "{first}");
    assert_eq!(fields[0], "p1", "{first}");
    for (field, key) in fields[1..].iter().zip(["y=", "x=", "size=", "cells="]) {
        assert!(field.starts_with(key), "{first}");
    }
    assert!(!text.is_empty(), "{first}");
}

/// Every command that writes to stdout ends quietly, with status 0, when its
/// reader has gone (`| head`): no "Broken pipe" error, no panic.
#[test]
fn every_command_ends_quietly_when_its_reader_goes() {
    let pdf = fixture("en_long_annex_ghostscript.pdf");
    let folder = fixture("");
    let cases: [&[&str]; 6] = [
        &["text", &pdf],
        &["text", "--explain", &pdf],
        &["extract", "--in-process", &folder],
        &["extract", &folder],
        &["states", "--json"],
        &["match", "Austria, Belgium and Chile"],
    ];
    for args in cases {
        let mut child = bin()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        // Close the reading end before the command has written anything.
        drop(child.stdout.take());
        let o = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn extract_refuses_zero_jobs() {
    let o = bin()
        .args([
            "extract",
            "-j",
            "0",
            &fixture("en_un_draft_libreoffice.pdf"),
        ])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("invalid value '0' for '--jobs <N>'"), "{err}");
}

/// `extract --help` ends with every exit status the command can give.
#[test]
fn extract_help_lists_its_exit_statuses() {
    let (code, out, err) = run(&["extract", "--help"], "");
    assert_eq!(code, Some(0), "{err}");
    let statuses = out
        .split_once("Exit status:\n")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("no exit statuses in --help:\n{out}"));
    let codes: Vec<&str> = statuses
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.split_whitespace().next())
        .filter(|w| w.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    assert_eq!(codes, ["0", "1", "2", "130"], "{statuses}");
    assert!(statuses.contains("--max-memory"), "{statuses}");
}

#[test]
fn extract_warns_when_there_is_no_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = bin()
        .args(["extract", &dir.path().to_string_lossy()])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("whosigned: warning: no PDF files among the inputs\n0 files:"),
        "{err}"
    );
}

#[test]
fn table_refuses_the_same_records_file_twice_or_as_its_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let records = dir.path().join("r.jsonl");
    let o = bin()
        .args([
            "extract",
            "--in-process",
            &fixture("en_un_draft_libreoffice.pdf"),
        ])
        .args(["-o", &records.to_string_lossy()])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0));
    let other_spelling = dir.path().join(".").join("r.jsonl");
    let o = bin()
        .args([
            "table",
            &records.to_string_lossy(),
            &other_spelling.to_string_lossy(),
        ])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("is given twice: each records file may be given once"),
        "{err}"
    );
    // Nor may the table be written over one of its records files.
    let before = std::fs::read(&records).expect("records");
    let o = bin()
        .args(["table", &records.to_string_lossy(), "-o"])
        .arg(&other_spelling)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is both a records file and the output"));
    assert_eq!(std::fs::read(&records).expect("records"), before);
}

/// The mode of `path`'s permissions, after running `whosigned args` under
/// `umask`.
#[cfg(unix)]
fn mode_after(umask: &str, args: &[&str], path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let script = format!(
        "umask {umask}; exec '{}' {}",
        env!("CARGO_BIN_EXE_whosigned"),
        quoted.join(" ")
    );
    let o = Command::new("sh")
        .args(["-c", &script])
        .output()
        .expect("run sh");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::metadata(path)
        .expect("written")
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[test]
fn files_written_atomically_get_the_mode_of_a_plain_create() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = fixture("en_un_draft_libreoffice.pdf");
    let out = dir.path().join("out");
    let record = out.join("en_un_draft_libreoffice.json");
    let out_s = out.to_string_lossy().into_owned();
    let args = ["extract", "--in-process", "--out-dir", &out_s, &pdf];
    assert_eq!(mode_after("022", &args, &record), 0o644);
    std::fs::remove_file(&record).expect("remove");
    assert_eq!(mode_after("077", &args, &record), 0o600);

    let records = dir.path().join("r.jsonl");
    let r = records.to_string_lossy().into_owned();
    mode_after(
        "022",
        &["extract", "--in-process", &pdf, "-o", &r],
        &records,
    );
    let matrix = dir.path().join("m.csv");
    let m = matrix.to_string_lossy().into_owned();
    assert_eq!(mode_after("022", &["table", &r, "-o", &m], &matrix), 0o644);
}

/// `--names FILE` adds name variants at run time, in worker processes and
/// in-process alike, and a wrong row stops the run before any file with
/// the file's name and line. "Geneva" is made a name of Switzerland here
/// only to have a word of the fixture that no table knows.
#[test]
fn extract_and_match_take_extra_names_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("names.tsv");
    std::fs::write(&good, "iso3\tlang\ttype\talias\nCHE\ten\tcommon\tGeneva\n").unwrap();
    let good = good.to_string_lossy().into_owned();
    let pdf = fixture("en_one_per_line_libreoffice.pdf");
    let mentions = |extra: &[&str]| {
        let (code, out, err) = run(&[&["extract", "--quiet"], extra, &[&pdf]].concat(), "");
        assert_eq!(code, Some(0), "{err}");
        let r: serde_json::Value = serde_json::from_str(&out).unwrap();
        let iso3 = |m: &serde_json::Value| m["iso3"].as_str().unwrap_or_default().to_string();
        r["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(iso3)
            .collect::<Vec<_>>()
    };
    assert!(!mentions(&[]).contains(&"CHE".to_string()));
    assert!(mentions(&["--names", &good]).contains(&"CHE".to_string()));
    assert!(mentions(&["--names", &good, "--in-process"]).contains(&"CHE".to_string()));
    let (_, out, _) = run(&["match", "--names", &good, "Done at Geneva"], "");
    assert!(out.starts_with("CHE\t"), "{out}");

    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "iso3\tlang\ttype\talias\nXYZ\ten\tcommon\tNowhere\n").unwrap();
    let bad = bad.to_string_lossy().into_owned();
    let (code, out, err) = run(&["extract", "--names", &bad, &pdf], "");
    assert_eq!(code, Some(2));
    assert!(out.is_empty(), "no record: {out}");
    assert!(err.contains("bad.tsv:2: unknown code \"XYZ\""), "{err}");
}

#[test]
fn states_prints_names_in_each_of_the_six_languages() {
    let line = |lang: &str| {
        let (code, out, err) = run(&["states", "--lang", lang], "");
        assert_eq!(code, Some(0), "{err}");
        out.lines()
            .find(|l| l.starts_with("RUS\t"))
            .expect("a line for RUS")
            .to_string()
    };
    assert_eq!(line("en"), "RUS\tRU\tstate\tRussian Federation");
    assert_eq!(line("fr"), "RUS\tRU\tstate\tFédération de Russie (la)");
    assert_eq!(line("ru"), "RUS\tRU\tstate\tРоссийская Федерация");
    assert_eq!(line("zh"), "RUS\tRU\tstate\t俄罗斯联邦");
    assert_eq!(line("ar"), "RUS\tRU\tstate\tالاتحاد الروسي");
    let (code, _, err) = run(&["states", "--lang", "de"], "");
    assert_eq!(code, Some(2));
    assert!(err.contains("en, fr, es, ar, zh, ru"), "{err}");
}

#[test]
fn states_json_in_another_language_gives_its_short_and_formal_names() {
    let (code, out, err) = run(&["states", "--json", "--lang", "zh"], "");
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let kor = v
        .as_array()
        .expect("array")
        .iter()
        .find(|e| e["iso3"] == "KOR")
        .expect("KOR");
    assert_eq!(kor["lang"], "zh");
    assert_eq!(kor["short"], "大韩民国");
    assert_eq!(kor["formal"], "大韩民国");
}

#[test]
fn match_finds_names_in_arabic_chinese_and_russian() {
    let (code, out, err) = run(
        &["match"],
        "Заявление поддержали Австрия, Бельгия и Россия\nباسم فرنسا وألمانيا\n韩国、朝鲜和刚果民主共和国\n",
    );
    assert_eq!(code, Some(0), "{err}");
    let codes: Vec<&str> = out.lines().filter_map(|l| l.split('\t').next()).collect();
    assert_eq!(
        codes,
        ["AUT", "BEL", "RUS", "FRA", "DEU", "KOR", "PRK", "COD"]
    );
}
