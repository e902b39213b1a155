//! The build-script route costs the user two lines of `Cargo.toml`: the runtime and the
//! generator. Neither brings the generator's command line (clap) into the build.

#[test]
fn the_build_has_neither_clap_nor_more_than_the_runtime() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = std::process::Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "-p",
            "downstream-build",
            "-e",
            "normal,build",
            "--prefix",
            "depth",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(
        !tree.lines().any(|line| line.contains("clap")),
        "clap is in the build:\n{tree}"
    );
    let direct: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.strip_prefix('1'))
        .filter(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))
        .map(|rest| rest.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(direct, ["oas-codegen-runtime", "oas-codegen"], "{tree}");
}
