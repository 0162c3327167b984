//! The benchmark site generator as a command, run by `benches/run.sh`,
//! `benches/serve.sh` and `benches/bench.py`:
//!
//! ```sh
//! cargo run --release --example gensite -- --tool hugo --n 1000 --out /tmp/site-hugo
//! ```
//!
//! In: the tool (default broadsheet), N articles per language and an absent or
//! empty output folder; out: the site (see `benches/gensite/lib.rs`), and exit
//! status 0, or a message on stderr and status 2 for bad arguments or an
//! occupied folder, 1 when writing fails.

#[path = "../benches/gensite/lib.rs"]
mod gensite;

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use gensite::Tool;

/// Generates the benchmark site: N Chinese articles and their N English
/// translations, deterministically, for broadsheet, Hugo or Zola.
#[derive(Parser)]
struct Args {
    /// The tool the site is written for.
    #[arg(
        long,
        default_value = "broadsheet",
        value_parser = PossibleValuesParser::new(Tool::ALL.map(Tool::name)).try_map(|s| s.parse::<Tool>())
    )]
    tool: Tool,
    /// Number of articles per language.
    #[arg(long)]
    n: usize,
    /// The site folder to create (must be empty or absent).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match gensite::generate(args.tool, args.n, &args.out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gensite: {e}");
            match e.kind() {
                io::ErrorKind::InvalidInput | io::ErrorKind::AlreadyExists => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            }
        }
    }
}
