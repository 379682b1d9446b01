//! The Slurm recipe (`examples/slurm/`) on a real Slurm: a one-node
//! cluster started here (munged, slurmctld and slurmd in the foreground,
//! with their configuration, state and sockets in a temporary folder),
//! `submit.sh` submitting a 4-task array over the fixtures and the merge
//! job that depends on it, and the merged records compared with one
//! `extract` over the same fixtures. The daemons this test starts are
//! stopped by their pids when it ends, failed or not.
//!
//! `.ci/run` installs slurm-wlm and munge, so under `CI=true` this test
//! fails without them; elsewhere it says SKIPPED. It also skips, saying so,
//! when it cannot bind the daemons' ports.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the cluster may take to come up (a node idle in `sinfo`).
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the array and its merge may take: the fixtures take a few
/// seconds a task; a much longer wait means a job is stuck, not slow.
const JOBS_TIMEOUT: Duration = Duration::from_secs(300);

const TOOLS: [&str; 6] = [
    "munged",
    "slurmctld",
    "slurmd",
    "sbatch",
    "sinfo",
    "scontrol",
];

fn installed(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
        || ["/usr/sbin", "/sbin"]
            .iter()
            .any(|d| Path::new(d).join(tool).is_file())
}

/// Where a tool is: on PATH, or in /usr/sbin (daemons, off a user's PATH).
fn tool(name: &str) -> PathBuf {
    ["/usr/sbin", "/sbin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

/// The daemons this test started, stopped by pid when dropped.
struct Cluster {
    dir: tempfile::TempDir,
    conf: PathBuf,
    node: String,
    daemons: Vec<(&'static str, Child)>,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // The last started first: slurmd, slurmctld, then munged.
        for (_, child) in self.daemons.iter_mut().rev() {
            let pid = child.id() as libc::pid_t;
            // SAFETY: kill only sends a signal, to a child of this process.
            unsafe {
                libc::kill(pid, libc::SIGTERM);
            }
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Cluster {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Every log the daemons wrote, for a failure's message.
    fn logs(&self) -> String {
        let mut out = String::new();
        for name in [
            "munged.log",
            "slurmctld.log",
            "slurmd.log",
            "slurmctld.out",
            "slurmd.out",
        ] {
            if let Ok(text) = std::fs::read_to_string(self.path(name)) {
                let tail: Vec<&str> = text.lines().rev().take(30).collect();
                out.push_str(&format!("--- {name} (last lines)\n"));
                for l in tail.into_iter().rev() {
                    out.push_str(l);
                    out.push('\n');
                }
            }
        }
        out
    }

    fn start(&mut self, name: &'static str, cmd: &mut Command) {
        let out = std::fs::File::create(self.path(&format!("{name}.out"))).unwrap();
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {name}: {e}"));
        self.daemons.push((name, child));
    }

    /// A daemon that has exited, with its status.
    fn exited(&mut self) -> Option<String> {
        self.daemons.iter_mut().find_map(|(name, c)| {
            c.try_wait()
                .ok()
                .flatten()
                .map(|s| format!("{name} exited ({s})"))
        })
    }

    fn client(&self, program: &str) -> Command {
        let mut c = Command::new(tool(program));
        c.env("SLURM_CONF", &self.conf);
        c
    }
}

/// Two ports that nothing listens on now, or `None` when this machine
/// lets the test bind none.
fn free_ports() -> Option<(u16, u16)> {
    let a = std::net::TcpListener::bind("127.0.0.1:0").ok()?;
    let b = std::net::TcpListener::bind("127.0.0.1:0").ok()?;
    Some((a.local_addr().ok()?.port(), b.local_addr().ok()?.port()))
}

fn short_hostname() -> String {
    let o = Command::new("hostname").arg("-s").output().unwrap();
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn user_name() -> String {
    let o = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

fn slurm_conf(dir: &Path, node: &str, user: &str, ports: (u16, u16)) -> String {
    let d = dir.display();
    format!(
        "ClusterName=whosigned-test
SlurmctldHost={node}(127.0.0.1)
SlurmctldPort={ctld}
SlurmdPort={slurmd}
SlurmUser={user}
SlurmdUser={user}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={d}/munge.socket
StateSaveLocation={d}/state
SlurmdSpoolDir={d}/spool
SlurmctldPidFile={d}/slurmctld.pid
SlurmdPidFile={d}/slurmd.pid
SlurmctldLogFile={d}/slurmctld.log
SlurmdLogFile={d}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SchedulerParameters=kill_invalid_depend
NodeName={node} NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=test Nodes={node} Default=YES MaxTime=INFINITE State=UP
",
        ctld = ports.0,
        slurmd = ports.1,
    )
}

/// Starts munged, slurmctld and slurmd; `None` (with a message) when the
/// ports cannot be bound.
fn start_cluster() -> Option<Cluster> {
    let Some(ports) = free_ports() else {
        common::say("SKIPPED the Slurm test: it cannot bind a port on 127.0.0.1");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    for sub in ["state", "spool"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
    }
    let node = short_hostname();
    let conf = dir.path().join("slurm.conf");
    std::fs::write(&conf, slurm_conf(dir.path(), &node, &user_name(), ports)).unwrap();
    // munge's key: random bytes, readable by this user only.
    let key = dir.path().join("munge.key");
    let mut bytes = vec![0u8; 1024];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .unwrap();
    std::fs::write(&key, &bytes).unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut cluster = Cluster {
        conf: conf.clone(),
        node: node.clone(),
        daemons: Vec::new(),
        dir,
    };
    let socket = cluster.path("munge.socket");
    let mut munged = Command::new(tool("munged"));
    munged
        .arg("--foreground")
        .arg("--force")
        .arg(format!("--key-file={}", key.display()))
        .arg(format!("--socket={}", socket.display()))
        .arg(format!(
            "--pid-file={}",
            cluster.path("munged.pid").display()
        ))
        .arg(format!(
            "--log-file={}",
            cluster.path("munged.log").display()
        ))
        .arg(format!(
            "--seed-file={}",
            cluster.path("munged.seed").display()
        ));
    cluster.start("munged", &mut munged);
    wait_for(&mut cluster, "munged's socket", |c| {
        c.path("munge.socket").exists()
    });
    let mut ctld = Command::new(tool("slurmctld"));
    ctld.arg("-D").arg("-f").arg(&conf);
    cluster.start("slurmctld", &mut ctld);
    let mut slurmd = Command::new(tool("slurmd"));
    slurmd.arg("-D").arg("-f").arg(&conf).arg("-N").arg(&node);
    cluster.start("slurmd", &mut slurmd);
    let bound = wait_for(&mut cluster, "the node to be idle in sinfo", |c| {
        c.client("sinfo")
            .args(["-h", "-o", "%T", "-n", &c.node])
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "idle")
    });
    if !bound {
        common::say("SKIPPED the Slurm test: a daemon could not bind its port");
        return None;
    }
    Some(cluster)
}

/// Waits until `ready`; false when a daemon stopped because its port was
/// taken meanwhile (a race with another program), panics on anything else.
fn wait_for(cluster: &mut Cluster, what: &str, ready: impl Fn(&Cluster) -> bool) -> bool {
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if ready(cluster) {
            return true;
        }
        if let Some(why) = cluster.exited() {
            let logs = cluster.logs();
            if logs.contains("Address already in use") {
                return false;
            }
            panic!("waiting for {what}: {why}\n{logs}");
        }
        if Instant::now() > deadline {
            panic!("waiting for {what}: timed out\n{}", cluster.logs());
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// What a finished job's tasks can end as (`scontrol show job`'s
/// JobState); anything else is still to come.
const ENDED: [&str; 9] = [
    "COMPLETED",
    "FAILED",
    "CANCELLED",
    "TIMEOUT",
    "NODE_FAIL",
    "OUT_OF_MEMORY",
    "BOOT_FAIL",
    "DEADLINE",
    "PREEMPTED",
];

/// The states of a job's tasks (one for a plain job, one per task of an
/// array), as the controller knows them.
fn job_states(cluster: &Cluster, id: &str) -> Vec<String> {
    let o = cluster
        .client("scontrol")
        .args(["-o", "show", "job", id])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .filter_map(|w| w.strip_prefix("JobState="))
        .map(str::to_string)
        .collect()
}

/// Waits until every task of job `id` has ended and returns their states.
/// The test polls rather than `sbatch --wait`, whose polls back off to half
/// a minute apart. Fails, with the logs, after [`JOBS_TIMEOUT`].
fn wait_for_job(cluster: &Cluster, id: &str) -> Vec<String> {
    let deadline = Instant::now() + JOBS_TIMEOUT;
    loop {
        let states = job_states(cluster, id);
        if !states.is_empty() && states.iter().all(|s| ENDED.contains(&s.as_str())) {
            return states;
        }
        if Instant::now() > deadline {
            panic!(
                "job {id} did not end in {JOBS_TIMEOUT:?} ({states:?})\n{}",
                cluster.logs()
            );
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// Submits `script` with `args` from `work`, as `sbatch --parsable`; the
/// job's id.
fn sbatch(
    cluster: &Cluster,
    work: &Path,
    args: &[&str],
    script: &Path,
    env: &[(&str, &str)],
) -> String {
    let mut c = cluster.client("sbatch");
    c.arg("--parsable").args(args).arg(script).current_dir(work);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    assert!(
        o.status.success(),
        "sbatch: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8_lossy(&o.stdout);
    out.trim().split(';').next().unwrap_or_default().to_string()
}

#[test]
fn the_slurm_recipe_merges_an_array_to_one_runs_records() {
    if let Some(missing) = TOOLS.iter().find(|t| !installed(t)) {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI: {missing} is not installed; .ci/run installs slurm-wlm and munge"
        );
        common::say(&format!(
            "SKIPPED the Slurm test: {missing} is not installed (apt-get install slurm-wlm munge; .ci/run does)"
        ));
        return;
    }
    let started = Instant::now();
    let Some(cluster) = start_cluster() else {
        return;
    };
    let up = started.elapsed();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("fixtures");
    let work = cluster.path("work");
    std::fs::create_dir(&work).unwrap();
    // The recipe as a user runs it: submit.sh submits the array and the
    // merge, which waits for the array (afterok), and says their ids.
    let examples = root.join("examples/slurm");
    let env: Vec<(&str, &str)> = vec![
        ("INPUTS", fixtures.to_str().unwrap()),
        ("WHOSIGNED", env!("CARGO_BIN_EXE_whosigned")),
        ("WHOSIGNED_ARGS", "--ocr never"),
    ];
    let mut submit = cluster.client("bash");
    submit
        .arg(examples.join("submit.sh"))
        .current_dir(&work)
        .envs(env.iter().copied())
        .env("N", "4");
    for s in whosigned::inputs::shard::SCHEDULERS {
        submit.env_remove(s.index);
    }
    let o = submit.output().unwrap();
    let said = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "submit.sh: {said}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // "array job 1 (4 tasks), merge job 2"
    let ids: Vec<&str> = said
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .collect();
    let (array, merge) = match ids.as_slice() {
        [array, _, merge] => (array.to_string(), merge.to_string()),
        _ => panic!("submit.sh said {said:?}"),
    };
    let job_logs = || {
        let mut out = String::new();
        for e in std::fs::read_dir(&work).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "out") {
                out.push_str(&format!("--- {}\n", e.path().display()));
                out.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
        out
    };
    let merged_state = wait_for_job(&cluster, &merge);
    let jobs = started.elapsed() - up;
    let array_states = job_states(&cluster, &array);
    assert!(
        array_states == ["COMPLETED"; 4] && merged_state == ["COMPLETED"],
        "the array's tasks: {array_states:?}, the merge: {merged_state:?}\n{}\n{}",
        job_logs(),
        cluster.logs()
    );
    // Four tasks, each with its part and manifest.
    for k in 1..=4 {
        let part = work.join(format!("parts/part-{k}.jsonl"));
        assert!(
            whosigned::sink::manifest::manifest_path(&part).is_file(),
            "part {k} has no manifest\n{}",
            job_logs()
        );
    }
    let single = work.join("single.jsonl");
    let o = Command::new(env!("CARGO_BIN_EXE_whosigned"))
        .args(["extract", "--quiet", "--ocr", "never", "-o"])
        .arg(&single)
        .arg(&fixtures)
        .output()
        .unwrap();
    assert!(matches!(o.status.code(), Some(0 | 1)));
    let merged = std::fs::read(work.join("records.jsonl"))
        .unwrap_or_else(|e| panic!("records.jsonl: {e}\n{}", job_logs()));
    assert_eq!(
        merged,
        std::fs::read(&single).unwrap(),
        "the merged records differ from one run's"
    );

    // Task 2 failed: its part is gone. Resubmitted alone, `--shard auto`
    // refuses to guess (the array now starts at 2); with the first array's
    // size it takes its part again, and the merge gives the same records.
    let part2 = work.join("parts/part-2.jsonl");
    std::fs::remove_file(&part2).unwrap();
    std::fs::remove_file(whosigned::sink::manifest::manifest_path(&part2)).unwrap();
    std::fs::remove_file(work.join("records.jsonl")).unwrap();
    let extract = examples.join("extract.sbatch");
    let alone = sbatch(&cluster, &work, &["--array=2"], &extract, &env);
    assert_eq!(
        wait_for_job(&cluster, &alone),
        ["FAILED"],
        "a task resubmitted alone must not guess its shard"
    );
    assert!(job_logs().contains("give --shard 2/N"), "{}", job_logs());
    let mut sized = env.clone();
    sized.push(("ARRAY_SIZE", "4"));
    let again = sbatch(&cluster, &work, &["--array=2"], &extract, &sized);
    assert_eq!(
        wait_for_job(&cluster, &again),
        ["COMPLETED"],
        "{}",
        job_logs()
    );
    let merge = sbatch(&cluster, &work, &[], &examples.join("merge.sbatch"), &env);
    assert_eq!(
        wait_for_job(&cluster, &merge),
        ["COMPLETED"],
        "{}",
        job_logs()
    );
    assert_eq!(
        std::fs::read(work.join("records.jsonl")).unwrap(),
        std::fs::read(&single).unwrap(),
        "the records merged after the resubmitted task differ from one run's"
    );
    common::say(&format!(
        "the Slurm test ran a 4-task array and its merge on a one-node cluster: \
         {:.1} s in all, {:.1} s of it starting the cluster, {:.1} s the array and its merge",
        started.elapsed().as_secs_f64(),
        up.as_secs_f64(),
        jobs.as_secs_f64()
    ));
}
