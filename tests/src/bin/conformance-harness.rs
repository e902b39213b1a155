//! Prints the conformance harness of a spec's crate: `conformance-harness SPEC CRATE_NAME`.
//! `.ci/conformance` includes it in the runner it builds.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, crate_name] = args.as_slice() else {
        eprintln!("usage: conformance-harness SPEC CRATE_NAME");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(spec) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("{spec}: {err}");
            return ExitCode::from(2);
        }
    };
    let options = oas_codegen::Options {
        crate_name: crate_name.clone(),
        ..Default::default()
    };
    let harness = oas_codegen::pipeline::to_ir(&text, Path::new(spec), &options)
        .and_then(|(api, _)| oas_codegen::pipeline::harness_text(&api, &options));
    match harness {
        Ok(harness) => {
            print!("{harness}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(2)
        }
    }
}
