//! Shards: which part of a batch one task of a job array reads.
//!
//! A batch is split into N parts, one per task of an array (`--shard K/N`,
//! or `--shard auto`, which reads K and N from the scheduler's variables:
//! [`SCHEDULERS`]). Every task walks all the inputs in the same order and
//! gives each input to exactly one part by the same rule, so the tasks
//! agree without talking to each other; this module holds that rule
//! ([`Balancer`]) and the reading of the schedulers' variables
//! ([`ShardSpec::resolve`]). It reads no file contents: the rule weighs an
//! input by its size as the file system reports it.
//!
//! The rule: inputs are taken in blocks of [`BLOCK`] (in input order, after
//! repeats are dropped); each block is cut into contiguous runs, one per
//! shard, so that the shards' total weights (bytes plus [`PER_FILE_WEIGHT`]
//! per file) come out as even as the block allows, the lightest shards
//! taking more. A shard's inputs are thus runs of neighbouring files, in
//! input order, which a merge puts back together from a few numbers per
//! block, and the parts are balanced by count and by size. What it depends
//! on is the inputs' order and sizes, not where they are mounted: the same
//! folder under `/scratch/a` on one node and `../a` on another splits the
//! same way. The price is that a file added or grown while the array runs
//! moves the split after it; `whosigned merge` then finds inputs in no part
//! or in two, and says so.

use std::str::FromStr;

/// Which part of a batch this run takes: `K/N`, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// K: which part this run takes, from 1 to `count`.
    pub index: u64,
    /// N: how many parts the batch is split into.
    pub count: u64,
}

/// The most parts a batch is split into. Slurm's largest array is about 4
/// million tasks, but past this each task of a million-file batch would
/// read ten files, fewer than its start-up is worth; and a shard's block
/// ([`Balancer::block_len`]) holds at least one input per part in memory.
pub const MAX_SHARDS: u64 = 100_000;

impl Shard {
    fn new(index: u64, count: u64) -> Result<Shard, String> {
        if count == 0 || index == 0 || index > count {
            return Err(format!(
                "shard {index}/{count} is out of range: K must be 1..=N"
            ));
        }
        if count > MAX_SHARDS {
            return Err(format!(
                "{count} shards is more than {MAX_SHARDS}, the most whosigned splits a batch into"
            ));
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

fn number(what: &str, s: &str) -> Result<u64, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("bad shard {what} {s:?}"))
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let (k, n) = s.split_once('/').ok_or("expected K/N, e.g. 1/4")?;
        Shard::new(number("index", k)?, number("count", n)?)
    }
}

/// `--shard` as given: a fixed `K/N`, or `auto` (K and N from the
/// scheduler's environment) with N optionally given as `auto/N`, which
/// Kubernetes and PBS need (they do not say how many tasks there are).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardSpec {
    /// `K/N`.
    Fixed(Shard),
    /// `auto` or `auto/N`.
    Auto {
        /// N from the command line, if given.
        count: Option<u64>,
    },
}

impl FromStr for ShardSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<ShardSpec, String> {
        let s = s.trim();
        if s == "auto" {
            return Ok(ShardSpec::Auto { count: None });
        }
        if let Some(n) = s.strip_prefix("auto/") {
            let count = number("count", n)?;
            Shard::new(1, count)?;
            return Ok(ShardSpec::Auto { count: Some(count) });
        }
        s.parse().map(ShardSpec::Fixed).map_err(|e| {
            format!("{e} (--shard takes K/N, e.g. 2/8; auto; or auto/N for Kubernetes and PBS)")
        })
    }
}

/// Where a scheduler's array puts a task's index and the array's size.
#[derive(Debug)]
pub struct Scheduler {
    /// Its name, for messages.
    pub name: &'static str,
    /// The variable with this task's index.
    pub index: &'static str,
    /// The first task's index: a variable, or the scheduler's fixed base.
    pub first: Base,
    /// The variable with the stride between indices (absent: 1).
    pub step: Option<&'static str>,
    /// The variable with the last task's index, if the scheduler sets one.
    pub last: Option<&'static str>,
    /// The variable with the number of tasks, if the scheduler sets one.
    pub count: Option<&'static str>,
}

/// The index of an array's first task.
#[derive(Debug)]
pub enum Base {
    /// Set per array in this variable (the user chose the range).
    Var(&'static str),
    /// Fixed by the scheduler: 0 or 1.
    Fixed(u64),
}

/// The schedulers `--shard auto` knows, in one table. An index variable
/// set to `undefined` (what SGE sets outside an array) counts as unset.
pub const SCHEDULERS: &[Scheduler] = &[
    // `--array=1-N` (any range, with a step: `0-30:10`).
    Scheduler {
        name: "Slurm",
        index: "SLURM_ARRAY_TASK_ID",
        first: Base::Var("SLURM_ARRAY_TASK_MIN"),
        step: Some("SLURM_ARRAY_TASK_STEP"),
        last: Some("SLURM_ARRAY_TASK_MAX"),
        count: Some("SLURM_ARRAY_TASK_COUNT"),
    },
    // `qsub -t 1-N` (Son of Grid Engine, Univa/Altair Grid Engine).
    Scheduler {
        name: "Grid Engine",
        index: "SGE_TASK_ID",
        first: Base::Var("SGE_TASK_FIRST"),
        step: Some("SGE_TASK_STEPSIZE"),
        last: Some("SGE_TASK_LAST"),
        count: None,
    },
    // `qsub -J 1-N` (PBS Pro, OpenPBS): the size is not in the task's
    // environment, so it is given as `--shard auto/N`; the range must start at 1.
    Scheduler {
        name: "PBS",
        index: "PBS_ARRAY_INDEX",
        first: Base::Fixed(1),
        step: None,
        last: None,
        count: None,
    },
    // An Indexed Job (`completionMode: Indexed`): indices 0..completions-1;
    // the size is given as `--shard auto/N` (N = `completions`).
    Scheduler {
        name: "Kubernetes",
        index: "JOB_COMPLETION_INDEX",
        first: Base::Fixed(0),
        step: None,
        last: None,
        count: None,
    },
    // An array job (`arrayProperties.size`): indices 0..size-1.
    Scheduler {
        name: "AWS Batch",
        index: "AWS_BATCH_JOB_ARRAY_INDEX",
        first: Base::Fixed(0),
        step: None,
        last: None,
        count: Some("AWS_BATCH_JOB_ARRAY_SIZE"),
    },
];

impl ShardSpec {
    /// The shard this task takes, and the scheduler it came from (`None`
    /// for `K/N`). `env` looks a variable up (`std::env::var(name).ok()`
    /// in the program; a table in tests).
    pub fn resolve(
        &self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<(Shard, Option<&'static str>), String> {
        let given = match *self {
            ShardSpec::Fixed(s) => return Ok((s, None)),
            ShardSpec::Auto { count } => count,
        };
        let set = |name: &str| env(name).filter(|v| !v.trim().is_empty() && v != "undefined");
        let found: Vec<&Scheduler> = SCHEDULERS
            .iter()
            .filter(|s| set(s.index).is_some())
            .collect();
        let sched = match found.as_slice() {
            [one] => *one,
            [] => {
                let names: Vec<String> = SCHEDULERS
                    .iter()
                    .map(|s| format!("{} ({})", s.name, s.index))
                    .collect();
                return Err(format!(
                    "--shard auto: this is not a task of a job array: none of {} is set; \
                     give --shard K/N instead",
                    names.join(", ")
                ));
            }
            several => {
                let names: Vec<&str> = several.iter().map(|s| s.index).collect();
                return Err(format!(
                    "--shard auto: the variables of several schedulers are set ({}): give --shard K/N",
                    names.join(", ")
                ));
            }
        };
        let var = |name: &str| -> Result<Option<u64>, String> {
            set(name)
                .map(|v| {
                    v.trim()
                        .parse::<u64>()
                        .map_err(|_| format!("--shard auto: {name} is {v:?}, not a number"))
                })
                .transpose()
        };
        let index = var(sched.index)?.unwrap_or_default();
        let first = match sched.first {
            Base::Fixed(b) => b,
            Base::Var(name) => var(name)?.unwrap_or(1),
        };
        // An array is numbered from 0 or 1. One that starts later is almost
        // always a task resubmitted alone (`--array=7`), whose variables
        // describe an array of one: it would take the whole batch.
        if first > 1 {
            return Err(format!(
                "--shard auto: this array starts at {first}, not at 0 or 1: a task \
                 resubmitted alone cannot tell which part it is; give --shard {}/N",
                var(sched.index)?.unwrap_or_default()
            ));
        }
        let step = match sched.step {
            Some(name) => var(name)?.unwrap_or(1).max(1),
            None => 1,
        };
        let array = match sched.first {
            Base::Fixed(b) => format!("{} is {b}-based", sched.name),
            Base::Var(name) => format!("{name} is {first}"),
        };
        if index < first || (index - first) % step != 0 {
            return Err(format!(
                "--shard auto: {} is {index}, which is not in the array ({array}, step {step}); \
                 submit the array as a range from its first index",
                sched.index
            ));
        }
        let k = (index - first) / step + 1;
        let from_last = match sched.last {
            Some(name) => var(name)?.map(|last| last.saturating_sub(first) / step + 1),
            None => None,
        };
        let from_count = match sched.count {
            Some(name) => var(name)?,
            None => None,
        };
        let counts = [
            (from_count, sched.count.unwrap_or_default()),
            (from_last, sched.last.unwrap_or_default()),
            (given, "--shard auto/N"),
        ];
        let mut n: Option<(u64, &str)> = None;
        for (c, source) in counts {
            let Some(c) = c else { continue };
            match n {
                None => n = Some((c, source)),
                Some((m, other)) if m != c => {
                    return Err(format!(
                        "--shard auto: {other} says {m} tasks but {source} says {c}: \
                         is the array a list of indices (1,4,9) rather than a range?"
                    ))
                }
                Some(_) => {}
            }
        }
        let Some((count, _)) = n else {
            return Err(format!(
                "--shard auto: {} does not say how many tasks the array has: give it as --shard auto/N",
                sched.name
            ));
        };
        if k > count {
            return Err(format!(
                "--shard auto: {} is {index}, task {k} of an array of {count} ({array}): \
                 submit the array as a range from its first index",
                sched.index
            ));
        }
        Shard::new(k, count)
            .map(|s| (s, Some(sched.name)))
            .map_err(|e| format!("--shard auto: {e}"))
    }
}

/// Inputs a task weighs at a time, at least: a block is held in memory (its
/// paths and sizes) before any of its files is read, so it is small; and
/// since the split carries each shard's load from block to block, a larger
/// block would not balance better.
pub const BLOCK: usize = 1024;

/// What every file weighs on top of its bytes. Reading time follows the
/// bytes of a text PDF closely (BENCHMARKS.md, seventh session: 2.1 ms for a
/// 26 KB fixture, 17 ms for a 212 KB UN document, about 0.08 ms a KB and
/// under 0.1 ms a file), so bytes alone would balance time; but bytes say
/// little of a scan (OCR takes about a second a page whatever the image
/// weighs), and a part should not end up with most of the files either.
/// A typical statement's size (the fixtures' median is 28 KB) makes count
/// and size weigh alike on a batch of statements, while a few large
/// reports still go to shards with fewer files.
pub const PER_FILE_WEIGHT: u64 = 32 * 1024;

/// The weight of an input of `bytes` bytes (0 when its size is unknown).
pub fn weight(bytes: u64) -> u64 {
    bytes.saturating_add(PER_FILE_WEIGHT)
}

/// Splits blocks of inputs among the shards, carrying each shard's total
/// weight from block to block (see the module's documentation). Every task
/// runs one over the same blocks and gets the same answer.
#[derive(Debug, Clone)]
pub struct Balancer {
    loads: Vec<u128>,
}

impl Balancer {
    /// A split into `count` shards (at most [`MAX_SHARDS`]).
    pub fn new(count: u64) -> Balancer {
        let n = count.clamp(1, MAX_SHARDS) as usize;
        Balancer { loads: vec![0; n] }
    }

    /// How many inputs to weigh at a time: [`BLOCK`], or one per shard when
    /// there are more shards, so that each block can reach every shard.
    pub fn block_len(&self) -> usize {
        BLOCK.max(self.loads.len())
    }

    /// The total weight given to each shard so far (0-based).
    pub fn loads(&self) -> &[u128] {
        &self.loads
    }

    /// How much of a block of `total` weight each shard should take so that
    /// the loads come out level: the lightest shards are filled up to one
    /// level, the others take nothing. Sums to `total`.
    fn quotas(&self, total: u128) -> Vec<u128> {
        let n = self.loads.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&k| (self.loads[k], k));
        let (mut filled, mut sum, mut level) = (0usize, 0u128, 0u128);
        for m in 1..=n {
            sum += self.loads[order[m - 1]];
            level = (total + sum) / m as u128;
            filled = m;
            if m == n || level <= self.loads[order[m]] {
                break;
            }
        }
        // The level is rounded down: the rest goes one unit each to the
        // first shards filled.
        let mut rest = (total + sum).saturating_sub(level * filled as u128);
        let mut quotas = vec![0u128; n];
        for &k in &order[..filled] {
            quotas[k] = level.saturating_sub(self.loads[k]);
            if rest > 0 {
                quotas[k] += 1;
                rest -= 1;
            }
        }
        quotas
    }

    /// Gives each input of a block, by its weight (in input order), to a
    /// shard (0-based): the quotas are laid end to end in shard order and
    /// an input goes to the shard whose stretch holds its middle. So each
    /// shard takes one contiguous run of the block, and each input one
    /// shard.
    pub fn assign(&mut self, weights: &[u64]) -> Vec<usize> {
        let total: u128 = weights.iter().map(|&w| u128::from(w.max(1))).sum();
        let mut out = Vec::with_capacity(weights.len());
        if weights.is_empty() {
            return out;
        }
        let quotas = self.quotas(total);
        let (mut shard, mut end, mut before) = (0usize, quotas[0], 0u128);
        for &w in weights {
            let w = u128::from(w.max(1));
            // Doubled, so that the middle of an odd weight is a whole number.
            let middle = 2 * before + w;
            while shard + 1 < quotas.len() && 2 * end <= middle {
                shard += 1;
                end += quotas[shard];
            }
            out.push(shard);
            self.loads[shard] += w;
            before += w;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    fn auto(count: Option<u64>, vars: &[(&str, &str)]) -> Result<(u64, u64, &'static str), String> {
        ShardSpec::Auto { count }
            .resolve(env(vars))
            .map(|(s, from)| (s.index, s.count, from.unwrap_or("")))
    }

    #[test]
    fn the_spec_reads_k_of_n_auto_and_auto_with_a_count() {
        assert_eq!(
            "2/8".parse::<ShardSpec>(),
            Ok(ShardSpec::Fixed(Shard { index: 2, count: 8 }))
        );
        assert_eq!("auto".parse(), Ok(ShardSpec::Auto { count: None }));
        assert_eq!("auto/16".parse(), Ok(ShardSpec::Auto { count: Some(16) }));
        for bad in ["0/3", "4/3", "auto/0", "auto/x", "2", "1/100001"] {
            assert!(bad.parse::<ShardSpec>().is_err(), "{bad}");
        }
    }

    #[test]
    fn slurm_arrays_are_numbered_from_their_min_with_their_step() {
        let slurm = |id: &str, min: &str, max: &str, step: &str, count: &str| {
            auto(
                None,
                &[
                    ("SLURM_ARRAY_TASK_ID", id),
                    ("SLURM_ARRAY_TASK_MIN", min),
                    ("SLURM_ARRAY_TASK_MAX", max),
                    ("SLURM_ARRAY_TASK_STEP", step),
                    ("SLURM_ARRAY_TASK_COUNT", count),
                ],
            )
        };
        assert_eq!(slurm("1", "1", "4", "1", "4"), Ok((1, 4, "Slurm")));
        assert_eq!(slurm("0", "0", "3", "1", "4"), Ok((1, 4, "Slurm")));
        assert_eq!(slurm("30", "0", "30", "10", "4"), Ok((4, 4, "Slurm")));
        // A task resubmitted alone is an array of one that starts late.
        let alone = slurm("7", "7", "7", "1", "1").unwrap_err();
        assert!(alone.contains("give --shard 7/N"), "{alone}");
        // A list of indices is not a range: the count and the last index disagree.
        let list = slurm("4", "1", "9", "1", "3").unwrap_err();
        assert!(list.contains("list of indices"), "{list}");
    }

    #[test]
    fn grid_engine_counts_from_first_last_and_step_and_ignores_undefined() {
        let sge = |id: &str| {
            auto(
                None,
                &[
                    ("SGE_TASK_ID", id),
                    ("SGE_TASK_FIRST", "1"),
                    ("SGE_TASK_LAST", "9"),
                    ("SGE_TASK_STEPSIZE", "2"),
                ],
            )
        };
        assert_eq!(sge("7"), Ok((4, 5, "Grid Engine")));
        assert!(sge("2").is_err());
        // Outside an array SGE sets the index to "undefined".
        assert!(sge("undefined")
            .unwrap_err()
            .contains("not a task of a job array"));
    }

    #[test]
    fn pbs_and_kubernetes_take_the_count_from_the_command_line() {
        let pbs = [("PBS_ARRAY_INDEX", "3")];
        assert_eq!(auto(Some(4), &pbs), Ok((3, 4, "PBS")));
        assert!(auto(None, &pbs).unwrap_err().contains("--shard auto/N"));
        let k8s = [("JOB_COMPLETION_INDEX", "0")];
        assert_eq!(auto(Some(4), &k8s), Ok((1, 4, "Kubernetes")));
        let past = auto(Some(4), &[("JOB_COMPLETION_INDEX", "4")]).unwrap_err();
        assert!(past.contains("task 5 of an array of 4"), "{past}");
    }

    #[test]
    fn aws_batch_is_zero_based_with_its_size() {
        let aws = [
            ("AWS_BATCH_JOB_ARRAY_INDEX", "9"),
            ("AWS_BATCH_JOB_ARRAY_SIZE", "10"),
        ];
        assert_eq!(auto(None, &aws), Ok((10, 10, "AWS Batch")));
        let disagree = auto(Some(8), &aws).unwrap_err();
        assert!(
            disagree.contains("says 10 tasks but --shard auto/N says 8"),
            "{disagree}"
        );
    }

    #[test]
    fn auto_without_a_scheduler_or_with_two_is_a_clear_error() {
        let none = auto(None, &[]).unwrap_err();
        assert!(none.contains("SLURM_ARRAY_TASK_ID"), "{none}");
        assert!(none.contains("give --shard K/N"), "{none}");
        let two = auto(
            Some(2),
            &[("PBS_ARRAY_INDEX", "1"), ("JOB_COMPLETION_INDEX", "0")],
        )
        .unwrap_err();
        assert!(two.contains("several schedulers"), "{two}");
        let garbled = auto(Some(2), &[("PBS_ARRAY_INDEX", "one")]).unwrap_err();
        assert!(garbled.contains("not a number"), "{garbled}");
    }

    /// The variables `sched` sets for task `t` (from 0) of an array of `n`
    /// numbered from its base (1 where the user chooses), and the N to give
    /// on the command line when it sets none.
    fn task_env(sched: &Scheduler, n: u64, t: u64) -> (Vec<(&'static str, String)>, Option<u64>) {
        let first = match sched.first {
            Base::Fixed(b) => b,
            Base::Var(_) => 1,
        };
        let mut vars = vec![(sched.index, (first + t).to_string())];
        if let Base::Var(v) = sched.first {
            vars.push((v, first.to_string()));
        }
        if let Some(v) = sched.last {
            vars.push((v, (first + n - 1).to_string()));
        }
        if let Some(v) = sched.count {
            vars.push((v, n.to_string()));
        }
        let given = (sched.count.is_none() && sched.last.is_none()).then_some(n);
        (vars, given)
    }

    fn resolve_task(sched: &Scheduler, n: u64, t: u64) -> Shard {
        let (vars, given) = task_env(sched, n, t);
        let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (shard, from) = ShardSpec::Auto { count: given }
            .resolve(env(&vars))
            .unwrap();
        assert_eq!(from, Some(sched.name));
        shard
    }

    /// Every task of each scheduler's array, resolved from its variables,
    /// takes a different shard and together they take all N.
    #[test]
    fn the_tasks_of_each_schedulers_array_cover_every_shard_once() {
        let n = 5u64;
        for sched in SCHEDULERS {
            let mut got: Vec<u64> = (0..n)
                .map(|t| {
                    let s = resolve_task(sched, n, t);
                    assert_eq!(s.count, n, "{}", sched.name);
                    s.index
                })
                .collect();
            got.sort_unstable();
            assert_eq!(got, (1..=n).collect::<Vec<_>>(), "{}", sched.name);
        }
    }

    /// What the issue asks: under each scheduler's variables, the tasks of
    /// an array read every input of a folder exactly once between them.
    #[test]
    fn the_tasks_of_each_schedulers_array_read_every_input_once() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..40 {
            let body = vec![b'%'; 500 * (i % 9 + 1)];
            std::fs::write(dir.path().join(format!("s{i:02}.pdf")), body).unwrap();
        }
        let all: Vec<_> = crate::inputs::stream(vec![dir.path().into()], None, None)
            .map(|i| i.path)
            .collect();
        assert_eq!(all.len(), 40);
        for sched in SCHEDULERS {
            let mut read: Vec<_> = (0..4)
                .flat_map(|t| {
                    let shard = resolve_task(sched, 4, t);
                    crate::inputs::stream(vec![dir.path().into()], None, Some(shard))
                        .map(|i| i.path)
                        .collect::<Vec<_>>()
                })
                .collect();
            read.sort();
            assert_eq!(read, all, "{}", sched.name);
        }
    }

    #[test]
    fn each_block_is_cut_into_one_contiguous_run_per_shard() {
        let mut b = Balancer::new(3);
        let got = b.assign(&[10; 9]);
        assert_eq!(got, [0, 0, 0, 1, 1, 1, 2, 2, 2]);
        assert_eq!(b.loads(), [30, 30, 30]);
    }

    #[test]
    fn a_heavy_file_is_balanced_by_fewer_files_in_its_shard() {
        let mut b = Balancer::new(2);
        // The first block: one file as heavy as the other four together.
        let got = b.assign(&[40, 10, 10, 10, 10]);
        assert_eq!(got, [0, 1, 1, 1, 1]);
        // The next block evens what the first could not.
        let mut b = Balancer::new(2);
        b.assign(&[100, 10]);
        assert_eq!(b.assign(&[10; 9]), [1, 1, 1, 1, 1, 1, 1, 1, 1]);
        assert_eq!(b.loads(), [100, 100]);
    }

    /// Splits 20 blocks of inputs with sizes drawn from a fixed sequence
    /// (5 to 65 KB, and 3 MB reports one time in `report_odds` when it is
    /// not 0) over 7 shards; the loads, the counts and the largest weight.
    fn simulate(report_odds: u64) -> (Vec<u128>, Vec<u64>, u64) {
        let mut b = Balancer::new(7);
        let mut counts = vec![0u64; 7];
        let (mut x, mut largest) = (12345u64, 0);
        for _ in 0..20 {
            let weights: Vec<u64> = (0..BLOCK)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let report = report_odds > 0 && (x >> 33) % report_odds == 0;
                    let bytes = if report {
                        3_000_000
                    } else {
                        5_000 + (x >> 40) % 60_000
                    };
                    largest = largest.max(weight(bytes));
                    weight(bytes)
                })
                .collect();
            for s in b.assign(&weights) {
                counts[s] += 1;
            }
        }
        (b.loads().to_vec(), counts, largest)
    }

    fn spread<T: Ord + Copy + std::ops::Sub<Output = T>>(v: &[T]) -> T {
        *v.iter().max().unwrap() - *v.iter().min().unwrap()
    }

    /// Statements of like sizes: the shards' loads end within one file of
    /// each other, and their counts within 2 %.
    #[test]
    fn a_batch_of_statements_is_level_by_size_and_count() {
        let (loads, counts, largest) = simulate(0);
        assert!(spread(&loads) <= u128::from(largest), "{loads:?}");
        assert!(spread(&counts) * 50 <= counts[0], "{counts:?}");
    }

    /// With large reports among them (one file in 16, a hundred times a
    /// statement), loads still end within one file of each other: a shard
    /// that drew more reports took fewer statements.
    #[test]
    fn large_files_are_balanced_by_size_over_many_blocks() {
        let (loads, counts, largest) = simulate(16);
        assert!(spread(&loads) <= u128::from(largest), "{loads:?}");
        assert!(spread(&counts) > 0);
    }

    #[test]
    fn more_shards_than_inputs_leaves_some_empty_and_each_input_in_one() {
        let mut b = Balancer::new(10);
        let got = b.assign(&[5, 5, 5]);
        assert_eq!(got, [1, 3, 7]);
        // The next input goes to a shard that has none yet.
        let next = b.assign(&[5])[0];
        assert!(!got.contains(&next));
        assert_eq!(b.loads()[next], 5);
        assert_eq!(Balancer::new(200_000).block_len(), MAX_SHARDS as usize);
    }
}
