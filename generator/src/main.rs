//! The `oas-codegen` command: `generate` writes a crate from a spec, `check` verifies one.
//!
//! Exit codes: 0 on success, 1 when `check` finds stale files, 2 on bad input or usage.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run(cli::Cli::parse())
}
