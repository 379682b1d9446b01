//! Job arrays through the real binary: `extract --shard` parts of the
//! fixtures, merged by `whosigned merge`, equal one `extract` over them
//! byte for byte; `--shard auto` under a scheduler's variables; and every
//! way a part can be wrong (missing, given twice, from another array, cut
//! short) stops the merge with a message that names it. The GNU parallel
//! recipe in `examples/parallel/` runs here too; the Slurm one is
//! `tests/slurm.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_whosigned"));
    // A test run inside a job array must not see its scheduler's variables.
    for s in whosigned::inputs::shard::SCHEDULERS {
        c.env_remove(s.index);
    }
    c
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn run(c: &mut Command) -> Output {
    c.output().expect("run whosigned")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Extracts the fixtures (without OCR, so that the test does not depend on
/// tesseract and stays quick) with `more` flags into `out`.
fn extract(out: &Path, more: &[&str]) -> Output {
    let o = run(bin()
        .args(["extract", "--quiet", "--ocr", "never", "-j", "2", "-o"])
        .arg(out)
        .arg(fixtures())
        .args(more));
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    o
}

/// One single run and the three parts of a 3-task array over the
/// fixtures, made once for all the tests here (which copy the parts before
/// spoiling them).
struct Batch {
    dir: tempfile::TempDir,
}

impl Batch {
    fn single(&self) -> PathBuf {
        self.dir.path().join("single.jsonl")
    }
    fn part(&self, k: u64) -> PathBuf {
        self.dir.path().join(format!("parts/part-{k}.jsonl"))
    }
    fn parts(&self) -> Vec<PathBuf> {
        (1..=3).map(|k| self.part(k)).collect()
    }
}

fn batch() -> &'static Batch {
    static BATCH: OnceLock<Batch> = OnceLock::new();
    BATCH.get_or_init(|| {
        let b = Batch {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir(b.dir.path().join("parts")).unwrap();
        extract(&b.single(), &[]);
        for k in 1..=3 {
            extract(&b.part(k), &["--shard", &format!("{k}/3")]);
        }
        b
    })
}

/// Copies the batch's parts and their manifests into a fresh folder.
fn copy_parts(ks: &[u64]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let mut parts = Vec::new();
    for &k in ks {
        let from = batch().part(k);
        let to = dir.path().join(format!("part-{k}.jsonl"));
        std::fs::copy(&from, &to).unwrap();
        std::fs::copy(manifest_of(&from), manifest_of(&to)).unwrap();
        parts.push(to);
    }
    (dir, parts)
}

fn manifest_of(part: &Path) -> PathBuf {
    whosigned::sink::manifest::manifest_path(part)
}

fn merge(parts: &[PathBuf], out: &Path, more: &[&str]) -> Output {
    run(bin().arg("merge").args(parts).arg("-o").arg(out).args(more))
}

fn lines(p: &Path) -> usize {
    std::fs::read_to_string(p).unwrap().lines().count()
}

#[test]
fn each_part_has_a_manifest_and_together_they_hold_every_input_once() {
    let b = batch();
    let mut places = Vec::new();
    for k in 1..=3 {
        let m = whosigned::sink::manifest::Manifest::read_beside(&b.part(k)).unwrap();
        assert_eq!((m.shard.index, m.shard.count), (k, 3));
        assert_eq!(m.inputs as usize, lines(&b.part(k)));
        assert_eq!(m.inputs_total as usize, lines(&b.single()));
        assert_eq!(m.output, format!("part-{k}.jsonl"));
        for [first, n] in m.runs {
            places.extend(first..first + n);
        }
    }
    places.sort_unstable();
    assert_eq!(places, (0..lines(&b.single()) as u64).collect::<Vec<_>>());
}

#[test]
fn merged_parts_equal_one_run_byte_for_byte() {
    let b = batch();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("merged.jsonl");
    // Parts in any order on the command line.
    let mut parts = b.parts();
    parts.reverse();
    let o = merge(&parts, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(b.single()).unwrap()
    );
    // Given the inputs, merge walks them instead, to the same bytes.
    let out2 = dir.path().join("merged2.jsonl");
    let o = merge(&parts, &out2, &["--inputs", fixtures().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&out2).unwrap(),
        std::fs::read(b.single()).unwrap()
    );
}

#[test]
fn merge_refuses_a_missing_shard_and_names_its_inputs_given_them() {
    let (dir, parts) = copy_parts(&[1, 3]);
    let out = dir.path().join("merged.jsonl");
    let o = merge(&parts, &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("shard 2 of 3 missing"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists() && !dir.path().join("merged.jsonl.partial").exists());
    // With the inputs, the message names the inputs that are in no part.
    let o = merge(&parts, &out, &["--inputs", fixtures().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let first_of_part_2 = first_path(&batch().part(2));
    assert!(err.contains("inputs are in no finished part"), "{err}");
    assert!(err.contains(&first_of_part_2), "{err}");
    assert!(!out.exists());
}

fn first_path(part: &Path) -> String {
    let text = std::fs::read_to_string(part).unwrap();
    let v: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    v["source"]["path"].as_str().unwrap().to_string()
}

#[test]
fn merge_refuses_a_duplicated_shard() {
    let (dir, mut parts) = copy_parts(&[1, 2, 3]);
    let again = dir.path().join("part-2-again.jsonl");
    std::fs::copy(&parts[1], &again).unwrap();
    std::fs::copy(manifest_of(&parts[1]), manifest_of(&again)).unwrap();
    parts.push(again);
    let out = dir.path().join("merged.jsonl");
    let o = merge(&parts, &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("shard 2/3 is given twice"), "{err}");
    assert!(err.contains("part-2-again.jsonl"), "{err}");
    // Given the inputs, the same inputs are found in two parts.
    let o = merge(&parts, &out, &["--inputs", fixtures().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("inputs in two parts"), "{}", stderr(&o));
    // The very same file twice is refused before anything is read.
    let o = merge(&[parts[0].clone(), parts[0].clone()], &out, &[]);
    assert!(
        stderr(&o).contains("same file, given twice"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn merge_refuses_parts_of_an_array_of_another_size() {
    let b = batch();
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("part-1-of-2.jsonl");
    extract(&other, &["--shard", "1/2"]);
    let o = merge(
        &[b.part(2), b.part(3), other],
        &dir.path().join("m.jsonl"),
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("parts of arrays of different sizes"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn merge_refuses_a_part_cut_short_or_without_manifest() {
    let (dir, parts) = copy_parts(&[1, 2, 3]);
    let out = dir.path().join("merged.jsonl");
    // Cut short after its task finished: no longer what the manifest says.
    let text = std::fs::read(&parts[0]).unwrap();
    std::fs::write(&parts[0], &text[..text.len() / 2]).unwrap();
    let o = merge(&parts, &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("part-1.jsonl is not what its task wrote"),
        "{err}"
    );
    // A task that did not finish wrote no manifest.
    std::fs::write(&parts[0], &text).unwrap();
    std::fs::remove_file(manifest_of(&parts[1])).unwrap();
    let o = merge(&parts, &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("part-2.jsonl has no manifest"), "{err}");
    assert!(err.contains("its task did not finish"), "{err}");
}

/// A failed array is finished by re-running only what is left: merge
/// --resume lists the inputs of the part that did not finish, a run over
/// that list is one more part, and the merge over all equals one run.
#[test]
fn merge_resume_lists_what_is_left_and_the_rest_completes_the_batch() {
    let (dir, parts) = copy_parts(&[1, 2, 3]);
    std::fs::remove_file(manifest_of(&parts[2])).unwrap();
    let todo = dir.path().join("todo.txt");
    let inputs = fixtures();
    let o = merge(
        &parts,
        &todo,
        &["--inputs", inputs.to_str().unwrap(), "--resume"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("not used: "), "{}", stderr(&o));
    let listed = std::fs::read_to_string(&todo).unwrap();
    let part3: Vec<String> = std::fs::read_to_string(batch().part(3))
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["source"]["path"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(listed.lines().collect::<Vec<_>>(), part3);

    let rest = dir.path().join("rest.jsonl");
    let o = run(bin()
        .args(["extract", "--quiet", "--ocr", "never", "--shard", "1/1"])
        .arg("--files-from")
        .arg(&todo)
        .arg("-o")
        .arg(&rest));
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let out = dir.path().join("merged.jsonl");
    let all = [parts[0].clone(), parts[1].clone(), rest];
    let o = merge(&all, &out, &["--inputs", inputs.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(batch().single()).unwrap()
    );
}

/// A task's scheduler variables.
type TaskEnv = Vec<(&'static str, String)>;

/// `--shard auto` under each scheduler's variables, through the binary:
/// the tasks' parts hold every input once.
#[test]
fn shard_auto_under_each_schedulers_variables_covers_the_inputs_once() {
    let single = lines(&batch().single());
    let arrays: [(&str, Vec<TaskEnv>); 3] = [
        (
            "",
            (1..=2)
                .map(|k| {
                    vec![
                        ("SLURM_ARRAY_TASK_ID", k.to_string()),
                        ("SLURM_ARRAY_TASK_MIN", "1".into()),
                        ("SLURM_ARRAY_TASK_MAX", "2".into()),
                        ("SLURM_ARRAY_TASK_COUNT", "2".into()),
                    ]
                })
                .collect(),
        ),
        (
            "/2",
            (0..2)
                .map(|k| vec![("JOB_COMPLETION_INDEX", k.to_string())])
                .collect(),
        ),
        (
            "",
            (0..2)
                .map(|k| {
                    vec![
                        ("AWS_BATCH_JOB_ARRAY_INDEX", k.to_string()),
                        ("AWS_BATCH_JOB_ARRAY_SIZE", "2".into()),
                    ]
                })
                .collect(),
        ),
    ];
    for (suffix, tasks) in arrays {
        let dir = tempfile::tempdir().unwrap();
        let mut parts = Vec::new();
        for (t, vars) in tasks.iter().enumerate() {
            let part = dir.path().join(format!("p{t}.jsonl"));
            let mut c = bin();
            c.args(["extract", "--quiet", "--ocr", "never", "--shard"])
                .arg(format!("auto{suffix}"))
                .arg("-o")
                .arg(&part)
                .arg(fixtures());
            for (k, v) in vars {
                c.env(k, v);
            }
            let o = run(&mut c);
            assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
            assert!(
                stderr(&o).contains(&format!("shard {}/2 (from ", t + 1)),
                "{}",
                stderr(&o)
            );
            parts.push(part);
        }
        assert_eq!(parts.iter().map(|p| lines(p)).sum::<usize>(), single);
        let out = dir.path().join("m.jsonl");
        let o = merge(&parts, &out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(
            std::fs::read(&out).unwrap(),
            std::fs::read(batch().single()).unwrap()
        );
    }
}

#[test]
fn shard_auto_outside_an_array_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(bin()
        .args(["extract", "--shard", "auto", "-o"])
        .arg(dir.path().join("x.jsonl"))
        .arg(fixtures()));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not a task of a job array"),
        "{}",
        stderr(&o)
    );
}

/// The recipe in examples/parallel/ as a user runs it.
#[test]
fn the_gnu_parallel_recipe_equals_one_run() {
    let has_parallel = Command::new("parallel")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_parallel {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI: GNU parallel is missing (.ci/run installs it)"
        );
        common::say("SKIPPED the_gnu_parallel_recipe_equals_one_run: GNU parallel is not installed (.ci/run installs it)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/parallel/run.sh");
    let o = run(Command::new("bash")
        .arg(script)
        .current_dir(dir.path())
        .env("INPUTS", fixtures())
        .env("N", "3")
        .env("WHOSIGNED", env!("CARGO_BIN_EXE_whosigned"))
        .env("WHOSIGNED_ARGS", "--ocr never"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(dir.path().join("records.jsonl")).unwrap(),
        std::fs::read(batch().single()).unwrap()
    );
}

/// Merge reads JSON Lines: a CSV part is refused with a message saying so.
#[test]
fn merge_refuses_a_csv_part_saying_why() {
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("part-1.csv");
    extract(&part, &["--shard", "1/1", "--format", "csv"]);
    assert!(manifest_of(&part).is_file());
    let o = merge(&[part], &dir.path().join("m.jsonl"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("CSV and JSON-array parts are not merged"),
        "{}",
        stderr(&o)
    );
}
