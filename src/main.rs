//! The `whosigned` command: a thin clap front over the library.
mod cli;

fn main() {
    std::process::exit(cli::main());
}
