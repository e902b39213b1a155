//! Generates the Okta client from the workspace's spec into `OUT_DIR`, as a user's build
//! script would, with the typed mock kit for the crate's unit tests.

fn main() -> Result<(), oas_codegen::GenerateError> {
    oas_codegen::Config::new()
        .spec("../../spec/okta.yaml")
        .client_name("okta-management", "0.1.0")
        .extra_derive("Eq")
        .mock_kit("test")
        .tracing(true)
        .generate()?;
    Ok(())
}
