//! The `whosigned` command: a thin clap front over the library.
mod cli;

/// mimalloc rather than the system's malloc: reading a PDF makes millions of
/// small allocations (lopdf's objects, the walk's glyphs, the layout's
/// lines), and glibc's malloc spent a fifth of the time on real documents
/// serving them (BENCHMARKS.md, issue 16). Only the binary: the library
/// leaves the choice to whoever links it (the Python module keeps Python's).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Workers get a small allocator arena from where they are started
    // (`worker::WORKER_ARENA_RESERVE`), so that they fit their memory cap.
    std::process::exit(cli::main());
}
