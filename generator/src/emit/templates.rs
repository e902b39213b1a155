//! The fixed files of `templates/`, built into the generator so it runs from anywhere, and
//! the one table of the runtime's modules: when a crate carries each, and what each names.

/// When a generated crate carries a runtime module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Every crate, a types-only one too.
    Models,
    /// Every crate with a client.
    Always,
    /// Every crate, under its `mock` feature.
    Mock,
    /// A crate whose spec has an OAuth 2.0 client credentials flow, under `oauth`.
    OAuth,
    /// The same, under both `mock` and `oauth`.
    MockOAuth,
    /// A crate whose spec has a binary request body or a multipart form.
    Uploads,
    /// A crate whose spec has a response read as it arrives: bytes, events or JSON lines.
    Downloads,
    /// A crate whose spec has events or JSON lines.
    Sequences,
    /// A crate whose spec has server-sent events.
    Events,
}

/// One module of the runtime.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    /// The module's name.
    pub name: &'static str,
    /// Its source, with `{{crate}}` to fill.
    pub source: &'static str,
    /// When a crate carries it.
    pub needs: Needs,
    /// Whether a spec may use only part of it (`#[allow(dead_code)]`).
    pub may_be_unused: bool,
    /// The crates it names that no module carried by every crate names; the `include!` form
    /// imports them into this module only.
    pub crates: &'static [&'static str],
}

/// A template of the runtime, from its file in `templates/runtime/`.
macro_rules! template {
    ($name:literal, $needs:ident, $may_be_unused:literal, $crates:expr) => {
        Template {
            name: $name,
            source: include_str!(concat!("../../templates/runtime/", $name, ".rs")),
            needs: Needs::$needs,
            may_be_unused: $may_be_unused,
            crates: $crates,
        }
    };
}

/// The crates OAuth 2.0 client credentials name.
const OAUTH_CRATES: &[&str] = &["base64", "jsonwebtoken", "ring"];

/// Every module of the runtime, in the order `src/lib.rs` declares them.
pub const RUNTIME: &[Template] = &[
    template!("mock_kit", Mock, true, &[]),
    template!("body_paging", Always, true, &[]),
    template!("challenge", Always, true, &[]),
    template!("client", Always, true, &[]),
    template!("environment", Always, true, &[]),
    template!("error", Always, false, &[]),
    template!("nullable", Models, false, &[]),
    template!("pagination", Always, true, &[]),
    template!("request", Always, true, &[]),
    template!("response", Always, true, &[]),
    template!("retry", Always, true, &[]),
    template!("send", Always, true, &[]),
    template!("style", Always, true, &[]),
    template!("upload", Uploads, true, &[]),
    template!("byte_stream", Downloads, true, &[]),
    template!("json_stream", Sequences, true, &[]),
    template!("event_stream", Events, true, &["memchr", "sse_stream"]),
    template!("jose", OAuth, false, OAUTH_CRATES),
    template!("oauth", OAuth, false, OAUTH_CRATES),
    template!("mock_oauth", MockOAuth, true, OAUTH_CRATES),
];

/// The runtime module named `name`.
pub fn runtime(name: &str) -> Option<&'static Template> {
    RUNTIME.iter().find(|template| template.name == name)
}

/// The manifest lines of the event-stream parser, for a crate whose spec has events.
pub const EVENTS_DEPENDENCY: &str = include_str!("../../templates/Cargo.events.toml.tmpl");

/// The manifest lines of the `oauth` feature's dependencies.
pub const OAUTH_DEPENDENCIES: &str = include_str!("../../templates/Cargo.oauth.toml.tmpl");

/// The generated crate's manifest, with `{{name}}`, `{{version}}` and `{{description}}` to fill.
pub const CARGO_TOML: &str = include_str!("../../templates/Cargo.toml.tmpl");

/// A types-only crate's manifest, with the same places to fill.
pub const CARGO_TYPES_TOML: &str = include_str!("../../templates/Cargo.types.toml.tmpl");

/// The generated crate's build script.
pub const BUILD_RS: &str = include_str!("../../templates/build.rs.tmpl");
