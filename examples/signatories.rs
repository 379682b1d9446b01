//! Using whosigned as a library: who signed each PDF, as ISO codes, with
//! your own name variants added at run time.
//!
//! ```text
//! cargo run --release --example signatories -- FILE.pdf...
//! cargo run --release --example signatories -- --names my_names.tsv FILE.pdf...
//! ```
//!
//! `my_names.tsv` is in the format of `data/aliases.tsv`
//! (`iso3<TAB>lang<TAB>type<TAB>alias`, with that header line).
//!
//! Files are read in this process, with the library's safe defaults: no
//! engine that can abort the process runs. A batch of untrusted files is
//! better read by `whosigned extract`, whose worker processes each cost
//! only their own file when one crashes or runs out of time or memory.

use std::path::Path;
use std::sync::Arc;
use whosigned::gazetteer::{Gazetteer, Tables};
use whosigned::{process_file, Options};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut opts = Options::default();
    if let Some(i) = args.iter().position(|a| a == "--names") {
        let path = args.get(i + 1).ok_or("--names needs a file")?.clone();
        let text = std::fs::read_to_string(&path)?;
        let g = Gazetteer::from_tables(&Tables {
            extra_aliases: Some((&path, &text)),
            ..Tables::BUNDLED
        })?;
        opts.gazetteer = Some(Arc::new(g));
        args.drain(i..i + 2);
    }
    for path in &args {
        let record = process_file(Path::new(path), path, &opts);
        let codes: Vec<&str> = record.signatories.iter().map(|s| s.iso3.as_str()).collect();
        println!(
            "{path}\t{:?}\t{} signatories\t{}",
            record.status,
            codes.len(),
            codes.join(" ")
        );
    }
    Ok(())
}
