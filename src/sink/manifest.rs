//! Shard manifests: what a finished `extract --shard K/N -o FILE` wrote,
//! in `FILE.manifest.json` beside it, so that `whosigned merge` can put the
//! parts of a job array back together and refuse a part that is missing,
//! given twice, from another array, or cut short.
//!
//! A manifest is written (atomically, through [`super::write_atomically`])
//! only when the task ends normally, after `FILE` is in place, and removed
//! when a task starts: a part without one did not finish. It records the
//! shard, how many inputs the whole batch had and which of them (by place,
//! [`crate::inputs::Input::ordinal`]) this part holds, as runs, and the
//! size and SHA-256 of `FILE` as it was then. This module does not merge;
//! `whosigned merge` (`src/cli/merge.rs`) does.

use crate::inputs::Shard;
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};

/// What the `manifest` field of every manifest says, so that another JSON
/// file beside a part is not taken for one.
pub const KIND: &str = "whosigned shard manifest";

/// The manifest format this code writes and reads; a change that an older
/// `merge` would misread gets a new number.
pub const VERSION: u32 = 1;

/// One part's manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`KIND`].
    pub manifest: String,
    /// [`VERSION`] when written.
    pub version: u32,
    /// The version of whosigned that wrote the part.
    pub tool_version: String,
    /// Which part of how many this is.
    pub shard: Shard,
    /// The part's format: `jsonl`, `json` or `csv` (merge reads `jsonl`).
    pub format: String,
    /// Inputs in the whole batch, all shards together (after repeats).
    pub inputs_total: u64,
    /// Inputs of this shard: one record each in the part.
    pub inputs: u64,
    /// This shard's inputs by their place in the batch (from 0), as
    /// `[first, how many]` runs in order: the part's records are these
    /// inputs' records, in this order.
    pub runs: Vec<[u64; 2]>,
    /// The part's file name (without its folder).
    pub output: String,
    /// The part's size in bytes when its task finished.
    pub bytes: u64,
    /// The part's SHA-256 when its task finished, lowercase hex.
    pub sha256: String,
}

/// Where the manifest of the part `output` is: `output` with
/// `.manifest.json` appended (`part-1.jsonl.manifest.json`).
pub fn manifest_path(output: &Path) -> PathBuf {
    let mut p = output.as_os_str().to_owned();
    p.push(".manifest.json");
    PathBuf::from(p)
}

/// The places of a shard's inputs, gathered as runs as they come.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Runs(Vec<[u64; 2]>);

impl Runs {
    /// Adds the input at place `ordinal` (places come in increasing order).
    pub fn push(&mut self, ordinal: u64) {
        match self.0.last_mut() {
            Some([first, n]) if *first + *n == ordinal => *n += 1,
            _ => self.0.push([ordinal, 1]),
        }
    }
    /// How many inputs the runs hold.
    pub fn len(&self) -> u64 {
        self.0.iter().map(|r| r[1]).sum()
    }
    /// True when no input was added.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The size and SHA-256 (lowercase hex) of the file at `path`, read once.
pub fn digest(path: &Path) -> io::Result<(u64, String)> {
    use sha2::{Digest, Sha256};
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let bytes = io::copy(&mut f, &mut h)?;
    Ok((bytes, hex::encode(h.finalize())))
}

impl Manifest {
    /// The manifest of the finished part at `output`: hashes it.
    pub fn of_part(
        output: &Path,
        shard: Shard,
        format: &str,
        inputs_total: u64,
        runs: Runs,
    ) -> io::Result<Manifest> {
        let (bytes, sha256) = digest(output)?;
        Ok(Manifest {
            manifest: KIND.to_string(),
            version: VERSION,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            shard,
            format: format.to_string(),
            inputs_total,
            inputs: runs.len(),
            runs: runs.0,
            output: output
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            bytes,
            sha256,
        })
    }

    /// Writes the manifest beside its part ([`manifest_path`]), atomically.
    pub fn write_beside(&self, output: &Path) -> io::Result<()> {
        let mut text = serde_json::to_vec_pretty(self)?;
        text.push(b'\n');
        let path = manifest_path(output);
        super::write_atomically(&path, &text).map_err(|e| super::on_file(&path, e))
    }

    /// The manifest of the part `output`, or why there is none to use.
    pub fn read_beside(output: &Path) -> Result<Manifest, ManifestError> {
        let path = manifest_path(output);
        let text = match std::fs::read(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(ManifestError::Missing(path))
            }
            Err(e) => return Err(ManifestError::Unreadable(path, e.to_string())),
        };
        let value: serde_json::Value = serde_json::from_slice(&text)
            .map_err(|e| ManifestError::Unreadable(path.clone(), e.to_string()))?;
        if value.get("manifest").and_then(|v| v.as_str()) != Some(KIND) {
            return Err(ManifestError::Unreadable(
                path,
                format!("not a whosigned shard manifest (no \"manifest\": \"{KIND}\")"),
            ));
        }
        let version = value.get("version").and_then(|v| v.as_u64());
        if version != Some(u64::from(VERSION)) {
            return Err(ManifestError::Unreadable(
                path,
                format!(
                    "manifest version {version:?}, this whosigned reads version {VERSION}: \
                     merge with the version that wrote the parts"
                ),
            ));
        }
        serde_json::from_value(value).map_err(|e| ManifestError::Unreadable(path, e.to_string()))
    }
}

/// Why a part has no usable manifest.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ManifestError {
    /// No manifest: the task did not finish (or the file is not a part).
    #[error("{} is missing", .0.display())]
    Missing(PathBuf),
    /// A manifest that cannot be read or is not one this version reads.
    #[error("{}: {}", .0.display(), .1)]
    Unreadable(PathBuf, String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_join_neighbouring_places() {
        let mut r = Runs::default();
        for o in [0, 1, 2, 7, 8, 20] {
            r.push(o);
        }
        assert_eq!(r.0, [[0, 3], [7, 2], [20, 1]]);
        assert_eq!(r.len(), 6);
    }

    #[test]
    fn a_manifest_is_written_beside_its_part_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join("part-2.jsonl");
        std::fs::write(&part, b"{}\n{}\n").unwrap();
        let mut runs = Runs::default();
        runs.push(3);
        runs.push(4);
        let m = Manifest::of_part(&part, Shard { index: 2, count: 4 }, "jsonl", 9, runs).unwrap();
        assert_eq!(
            (m.inputs, m.bytes, m.output.as_str()),
            (2, 6, "part-2.jsonl")
        );
        m.write_beside(&part).unwrap();
        assert!(dir.path().join("part-2.jsonl.manifest.json").is_file());
        assert_eq!(Manifest::read_beside(&part), Ok(m));
    }

    #[test]
    fn a_missing_or_foreign_manifest_is_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join("p.jsonl");
        assert!(matches!(
            Manifest::read_beside(&part),
            Err(ManifestError::Missing(_))
        ));
        std::fs::write(manifest_path(&part), b"{\"version\":1}").unwrap();
        let e = Manifest::read_beside(&part).unwrap_err().to_string();
        assert!(e.contains("not a whosigned shard manifest"), "{e}");
        std::fs::write(
            manifest_path(&part),
            format!("{{\"manifest\":\"{KIND}\",\"version\":99}}"),
        )
        .unwrap();
        let e = Manifest::read_beside(&part).unwrap_err().to_string();
        assert!(e.contains("version Some(99)"), "{e}");
    }
}
