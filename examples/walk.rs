//! Runs the primary PDF engine over files and prints what it read.
//!
//! ```text
//! cargo run --release --example walk -- FILE.pdf...          # text of each file
//! cargo run --release --example walk -- --time FILE.pdf...   # ms per file
//! cargo run --release --example walk -- --glyphs FILE.pdf    # one glyph per line
//! ```
//!
//! The text is the glyphs in content-stream order, a space where the gap to
//! the previous glyph on the same baseline exceeds 0.15 em, a
//! newline where the baseline changes: enough to compare with `pdftotext`.

use std::time::{Duration, Instant};
use whosigned::pdf::{walker, Extraction, Limits};

/// A gap wider than this many ems between glyphs on a line is a word break.
/// (Times' space is 0.25 em and justified lines shrink it, so less than that.)
const GAP: f32 = 0.15;

fn text_of(extraction: &Extraction) -> String {
    let mut out = String::new();
    for page in &extraction.pages {
        out.push_str(&format!(
            "=== page {} ({:.0}x{:.0})\n",
            page.number, page.width, page.height
        ));
        let mut previous: Option<&whosigned::pdf::Glyph> = None;
        for glyph in &page.glyphs {
            let em = glyph.size.max(1.0);
            // A space that advances (next to) nothing is a kern, not a word break.
            if glyph.ch == ' ' && glyph.width < 0.1 * em {
                continue;
            }
            if let Some(p) = previous {
                if (glyph.y - p.y).abs() > 0.5 * em.max(p.size) {
                    out.push('\n');
                } else if glyph.x - (p.x + p.width) > GAP * em && p.ch != ' ' && glyph.ch != ' ' {
                    out.push(' ');
                }
            }
            out.push(glyph.ch);
            previous = Some(glyph);
        }
        out.push('\n');
    }
    out
}

fn main() {
    let mut time = false;
    let mut glyphs = false;
    let mut paths = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--time" => time = true,
            "--glyphs" => glyphs = true,
            _ => paths.push(arg),
        }
    }
    let limits = Limits::default();
    for path in &paths {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("{path}: {err}");
                continue;
            }
        };
        if time {
            // Repeat for at least 200 ms (and 5 runs) and report the median; the first
            // run also pays for building the process-wide tables (glyph list, metrics).
            let mut runs = Vec::new();
            let started = Instant::now();
            let mut outcome = String::new();
            let mut runs_first = Duration::ZERO;
            while runs.len() < 5
                || (started.elapsed() < Duration::from_millis(200) && runs.len() < 1000)
            {
                let t = Instant::now();
                let result = walker::extract(&bytes, &limits);
                runs.push(t.elapsed());
                if runs.len() == 1 {
                    runs_first = runs[0];
                }
                outcome = match result {
                    Ok(e) => format!("{} pages, {} glyphs", e.page_count, e.glyph_count()),
                    Err(err) => err.to_string(),
                };
            }
            runs.sort();
            let median = runs[runs.len() / 2];
            println!(
                "{:8.3} ms  {path}  ({outcome}; first run {:.3} ms)",
                median.as_secs_f64() * 1000.0,
                runs_first.as_secs_f64() * 1000.0
            );
            continue;
        }
        match walker::extract(&bytes, &limits) {
            Ok(extraction) => {
                if paths.len() > 1 {
                    println!("##### {path}");
                }
                if glyphs {
                    for page in &extraction.pages {
                        for g in &page.glyphs {
                            println!(
                                "{} {:?} x={:.2} y={:.2} w={:.2} size={:.2}",
                                page.number, g.ch, g.x, g.y, g.width, g.size
                            );
                        }
                    }
                } else {
                    print!("{}", text_of(&extraction));
                }
            }
            Err(err) => println!("{path}: {err}"),
        }
    }
}
