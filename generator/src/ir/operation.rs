//! Operations: one HTTP call each, with its parameters, body and responses.

use super::TypeRef;
use crate::diagnostics::Pointer;
use crate::ident::RustName;

/// One operation of the API.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's operationId, or a stable name made from method and path.
    pub id: String,
    /// The snake_case Rust method name, unique across the API.
    pub method_name: RustName,
    /// The UpperCamelCase name of the request builder, unique across the API.
    pub builder_name: RustName,
    /// The JSON pointer of the operation in the spec.
    pub pointer: Pointer,
    /// The HTTP method, upper case.
    pub http_method: String,
    /// The path template, without any literal query string (`/users/{userId}`).
    pub path: String,
    /// Query pairs that a path key spelled out literally (`?tempPassword=true`).
    pub fixed_query: Vec<(String, String)>,
    /// The summary, if any.
    pub summary: Option<String>,
    /// The description, if any.
    pub description: Option<String>,
    /// The tags, in spec order; subsets select by them.
    pub tags: Vec<String>,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// The OAuth 2.0 scopes its security requirements name (its own, else the spec's), in
    /// order, each once.
    pub scopes: Vec<String>,
    /// Its security requirements (its own, else the spec's): alternatives, each the schemes
    /// it needs together, by key, with every bearer scheme as [`super::BEARER_SLOT`]. `None` when
    /// the spec gives none.
    pub security: Option<Vec<Vec<String>>>,
    /// The parameters: path ones in path order, then the others in spec order.
    pub params: Vec<Param>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// The documented responses, sorted by status.
    pub responses: Vec<Response>,
    /// What `send` returns; filled by the analysis pass.
    pub output: Output,
    /// What `send_stream` returns, when a success response offers a sequence beside the JSON
    /// body `send` reads; filled by the analysis pass.
    pub stream: Option<(BodyMedia, TypeRef)>,
    /// How its responses page through their body, when a declaration says so (or, after the
    /// analysis pass, their shape implies it); the analysis pass checks it against the
    /// response and drops it, with a warning, when it does not fit.
    pub paging: Option<super::Paging>,
}

impl Operation {
    /// Every type reference the operation's requests and responses hold: its parameters,
    /// its body, and each response's body and the sequence it offers beside it.
    pub fn refs(&self) -> Vec<&TypeRef> {
        let params = self.params.iter().map(|p| &p.ty);
        let body = self.body.iter().map(|b| &b.ty);
        let responses = self
            .responses
            .iter()
            .flat_map(|r| r.body.iter().chain(r.stream.iter()))
            .map(|(_, ty)| ty);
        params.chain(body).chain(responses).collect()
    }
}

/// What an operation's `send` returns, derived from its success responses.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// One body type, or none, shared by every success status.
    Single(Option<(BodyMedia, TypeRef)>),
    /// A JSON list of `item` that the server may page with `Link` headers (a `GET`).
    Paged {
        /// The type of one element.
        item: TypeRef,
    },
    /// Several success statuses with different bodies: one variant per status.
    ByStatus(Vec<(StatusCode, Option<(BodyMedia, TypeRef)>)>),
}

impl Default for Output {
    /// No body: what an operation returns until the analysis pass has looked at it.
    fn default() -> Self {
        Output::Single(None)
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// How a parameter is written: OpenAPI's `style` and `explode`, or JSON for a parameter
/// described by `content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamStyle {
    /// The style.
    pub style: Style,
    /// Whether arrays and objects are exploded into several parts.
    pub explode: bool,
}

/// The styles of OpenAPI 3 parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `;name=value` (path).
    Matrix,
    /// `.value` (path).
    Label,
    /// `name=value` (query and cookie; their default).
    Form,
    /// Comma-separated (path and header; their default).
    Simple,
    /// Space-separated array items (query).
    SpaceDelimited,
    /// `|`-separated array items (query).
    PipeDelimited,
    /// `name[key]=value` (query).
    DeepObject,
    /// The value as JSON, for a parameter described by `content`.
    Json,
}

/// One parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire.
    pub name: String,
    /// The snake_case Rust name, unique within the operation.
    pub rust_name: RustName,
    /// Where it travels.
    pub location: ParamLocation,
    /// Whether the caller must give it.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// How arrays and objects are serialized.
    pub style: ParamStyle,
    /// The default the server applies when it is absent, as JSON.
    pub default: Option<serde_json::Value>,
    /// The description, if any.
    pub doc: Option<String>,
    /// Whether it is deprecated.
    pub deprecated: bool,
    /// Values the spec gives, best first, for the conformance harness: its example, then
    /// one built from its schema (a vendor's example may contradict its own schema).
    pub samples: Vec<serde_json::Value>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type as written in the spec.
    pub media_type: String,
    /// How the body is encoded.
    pub media: BodyMedia,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the caller must give it.
    pub required: bool,
    /// The description, if any.
    pub doc: Option<String>,
    /// For a multipart body, its binary properties (files), by name on the wire.
    pub binary_parts: Vec<String>,
    /// For a form or multipart body, how the properties its `encoding` map names are
    /// written, in spec order; the others take OpenAPI's defaults.
    pub encodings: Vec<FieldEncoding>,
    /// Values the spec gives, best first, for the conformance harness: its example, then
    /// one built from its schema (a vendor's example may contradict its own schema).
    pub samples: Vec<serde_json::Value>,
}

/// One entry of a media type's `encoding` map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldEncoding {
    /// The property's name.
    pub name: String,
    /// Its style and explode (form bodies); form and exploded by default.
    pub style: ParamStyle,
    /// `allowReserved` (form bodies).
    pub allow_reserved: bool,
    /// Its `contentType`, if the spec names one (the first of a list).
    pub content_type: Option<String>,
}

/// The encodings of bodies the client knows how to send and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyMedia {
    /// `application/json` and `*+json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    FormUrlEncoded,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`.
    Text,
    /// Anything else: raw bytes.
    Bytes,
    /// `text/event-stream`: server-sent events, each event's data decoded.
    Events,
    /// `application/x-ndjson`, `application/jsonl` and their kin: one JSON text per line.
    JsonLines,
    /// `application/json-seq` (RFC 7464): JSON texts, each after a record separator.
    JsonSeq,
}

impl BodyMedia {
    /// Whether a response of this media is a sequence of items, read as they arrive.
    pub fn is_sequence(self) -> bool {
        matches!(
            self,
            BodyMedia::Events | BodyMedia::JsonLines | BodyMedia::JsonSeq
        )
    }

    /// Whether a response of this media is streamed rather than read whole.
    pub fn streams(self) -> bool {
        self.is_sequence() || self == BodyMedia::Bytes
    }
}

/// A response status as the spec writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusCode {
    /// One status, such as 200.
    Exact(u16),
    /// A range, such as `4XX`, by its first digit.
    Range(u8),
    /// The `default` response.
    Default,
}

/// One documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Its status; [`StatusCode::is_success`] tells a success from an error.
    pub status: StatusCode,
    /// The body's media type and type, if it has a body; for a sequence (events, JSON
    /// lines), the type of one item.
    pub body: Option<(BodyMedia, TypeRef)>,
    /// A sequence the response offers beside a JSON body (OpenAI's `stream: true`): its
    /// media and the type of one item.
    pub stream: Option<(BodyMedia, TypeRef)>,
    /// Every media type its `content` offers, in spec order, with its class.
    pub media_types: Vec<(String, BodyMedia)>,
    /// The description.
    pub doc: Option<String>,
}

impl StatusCode {
    /// Whether this status or range lies in 2XX.
    pub fn is_success(self) -> bool {
        match self {
            StatusCode::Exact(code) => (200..300).contains(&code),
            StatusCode::Range(digit) => digit == 2,
            StatusCode::Default => false,
        }
    }
}

/// Which of the client's stream runtimes an API's operations use, so that a crate carries
/// only those.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamUse {
    /// A binary request body or multipart file, sent as it is read (the `Body` type).
    pub uploads: bool,
    /// A response read as it arrives: bytes, events or JSON lines (the `ByteStream` type).
    pub downloads: bool,
    /// A response of JSON lines or events (the `JsonStream` type, and what both decode with).
    pub sequences: bool,
    /// A response of server-sent events (the `EventStream` type).
    pub events: bool,
}

impl StreamUse {
    /// What `operations` use.
    pub fn of(operations: &[Operation]) -> Self {
        let mut uses = StreamUse::default();
        for op in operations {
            uses.uploads |= op
                .body
                .as_ref()
                .is_some_and(|b| matches!(b.media, BodyMedia::Bytes | BodyMedia::Multipart));
            let read = match &op.output {
                Output::Single(Some((media, _))) => Some(*media),
                _ => None,
            };
            for media in read
                .into_iter()
                .chain(op.stream.as_ref().map(|(media, _)| *media))
            {
                uses.downloads |= media.streams();
                uses.sequences |= media.is_sequence();
                uses.events |= media == BodyMedia::Events;
            }
        }
        uses
    }
}
