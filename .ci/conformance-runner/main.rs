//! Runs the conformance harness of one spec against a server: `runner NAME BASE_URL`, one
//! tab-separated line per operation (operationId, outcome, detail).

// A spec without operations has a harness that builds a client it never uses.
#![allow(dead_code, unused_mut, unused_variables)]

mod outcome;
pub use outcome::{sample, Outcome};

mod specs {
    // {{modules}}
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [name, base] = args.as_slice() else {
        eprintln!("usage: runner NAME BASE_URL");
        std::process::exit(2);
    };
    let outcomes = match name.as_str() {
        // {{arms}}
        other => {
            eprintln!("no harness named {other}");
            std::process::exit(2);
        }
    };
    for outcome in outcomes {
        println!("{}\t{}\t{}", outcome.operation, outcome.kind, outcome.detail);
    }
}
