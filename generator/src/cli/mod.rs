//! The command line: its arguments (clap), and what `generate` and `check` do with them.

mod args;
mod run;

pub use args::Cli;
pub use run::run;
