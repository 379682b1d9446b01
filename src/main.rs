//! The `whosigned` command: a thin clap front over the library.
mod cli;

/// mimalloc rather than the system's malloc: reading a PDF makes millions of
/// small allocations (lopdf's objects, the walk's glyphs, the layout's
/// lines), and glibc's malloc spent a fifth of the time on real documents
/// serving them (BENCHMARKS.md, issue 16). Only the binary: the library
/// leaves the choice to whoever links it (the Python module keeps Python's).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Address space mimalloc reserves at a time. Its default, 1 GiB, is
/// reserved at the first allocation and counts against a worker's
/// `--max-memory` cap (an address-space limit), which then has no room for
/// the reading thread's stack. 32 MiB keeps a worker's start-up footprint
/// below glibc's (whose thread arenas reserve 64 MiB each); with no arena
/// at all, mimalloc maps and unmaps memory for each file, which cost 10 %
/// of the time in system calls.
const ARENA_RESERVE: &str = "32MiB";

fn main() {
    // Read by mimalloc when a process starts: this process has started
    // already, its worker processes inherit it.
    if std::env::var_os("MIMALLOC_ARENA_RESERVE").is_none() {
        std::env::set_var("MIMALLOC_ARENA_RESERVE", ARENA_RESERVE);
    }
    std::process::exit(cli::main());
}
