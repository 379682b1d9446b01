//! `whosigned compare` (being written).
use anyhow::Result;

/// (being written)
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_a: Args) -> Result<i32> {
    anyhow::bail!("not built yet")
}
