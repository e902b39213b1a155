//! Parameters on the wire: any value, by its `style` and `explode`, as OpenAPI 3 says
//! (the style table of the specification, section 4.7.12.4), for the path, the query, headers
//! and cookies. Every type the client has is `Serialize`, so one trait serves them all:
//! a value is read as a primitive, an array or an object, and written in its style.

use super::Error;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters is percent-encoded inside a value, so
/// that a value cannot be taken for a delimiter (`,`, `;`, `=`, `&`, `|`, `.`) or leave its
/// place (`/`, `?`, `#`).
const VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// In a value of the label style, where `.` is the delimiter, `.` is encoded too.
const LABEL_VALUE: &AsciiSet = &VALUE.add(b'.');

/// How a parameter is written: OpenAPI's `style`, or `content` with a media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)]
pub(crate) enum Style {
    /// `;name=value` (path).
    Matrix,
    /// `.value` (path).
    Label,
    /// `name=value` (query, cookie).
    Form,
    /// `value`, comma-separated (path, header).
    Simple,
    /// Array items separated by spaces (query).
    SpaceDelimited,
    /// Array items separated by `|` (query).
    PipeDelimited,
    /// `name[key]=value` for an object's properties (query).
    DeepObject,
    /// The parameter's `content` names a media type: the value is written as JSON.
    Json,
}

/// A value as the style table sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A string, number or boolean, as text.
    Primitive(String),
    /// An array of primitives.
    Array(Vec<String>),
    /// An object's properties in order, their values as text.
    Object(Vec<(String, String)>),
}

/// Any value a parameter can hold: everything `Serialize`, which every type of the client is.
pub(crate) trait ParamValue {
    /// The value as the style table sees it.
    fn shape(&self, style: Style) -> Result<Shape, Error>;
}

impl<T: serde::Serialize + ?Sized> ParamValue for T {
    fn shape(&self, style: Style) -> Result<Shape, Error> {
        let value = serde_json::to_value(self).map_err(|err| Error::Config(format!("a parameter could not be encoded: {err}")))?;
        Ok(shape_of(value, style))
    }
}

/// A JSON value as the style table sees it; not generic, so compiled once.
pub(crate) fn shape_of(value: serde_json::Value, style: Style) -> Shape {
    if style == Style::Json {
        return Shape::Primitive(value.to_string());
    }
    match value {
        serde_json::Value::Array(items) => Shape::Array(items.iter().map(text).collect()),
        serde_json::Value::Object(map) => Shape::Object(map.iter().map(|(k, v)| (k.clone(), text(v))).collect()),
        other => Shape::Primitive(text(&other)),
    }
}

/// A JSON value as parameter text: a string without quotes, `null` as nothing, anything
/// else (a number, a boolean, or a nested structure) as its JSON.
fn text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// With `allowReserved`, RFC 3986's reserved characters stay as they are in a value, but for
/// those that would end it or change it in a form (`&`, `=`, `+`, `#`): a value cannot add
/// a field.
const RESERVED_ALLOWED: &AsciiSet = &VALUE
    .remove(b':').remove(b'/').remove(b'?').remove(b'[').remove(b']').remove(b'@')
    .remove(b'!').remove(b'$').remove(b'\'').remove(b'(').remove(b')').remove(b'*')
    .remove(b',').remove(b';');

/// Percent-encodes a name or value for the path or the query.
pub(crate) fn encode(text: &str) -> String {
    utf8_percent_encode(text, VALUE).to_string()
}

/// The query components (`name=value`, already encoded) of a parameter in its style.
pub(crate) fn query(name: &str, shape: Shape, style: Style, explode: bool) -> Vec<String> {
    components(name, shape, style, explode, VALUE)
}

/// The components (`name=value`, already encoded) of one property of a form body in its
/// style, its values' reserved characters left as they are when `allow_reserved` says so.
pub(crate) fn form(name: &str, shape: Shape, style: Style, explode: bool, allow_reserved: bool) -> Vec<String> {
    components(name, shape, style, explode, if allow_reserved { RESERVED_ALLOWED } else { VALUE })
}

/// The components of a value in its style, each value encoded with `set`.
fn components(name: &str, shape: Shape, style: Style, explode: bool, set: &'static AsciiSet) -> Vec<String> {
    let key = encode(name);
    let value = |v: &str| utf8_percent_encode(v, set).to_string();
    let pair = |k: &str, v: &str| format!("{}={}", k, value(v));
    match (shape, style, explode) {
        (Shape::Primitive(v), _, _) => vec![format!("{key}={}", value(&v))],
        (Shape::Array(items), Style::Form, true) => items.iter().map(|v| format!("{key}={}", value(v))).collect(),
        (Shape::Array(items), Style::SpaceDelimited, _) => vec![format!("{key}={}", joined(&items, "%20", set))],
        (Shape::Array(items), Style::PipeDelimited, _) => vec![format!("{key}={}", joined(&items, "|", set))],
        (Shape::Array(items), _, _) => vec![format!("{key}={}", joined(&items, ",", set))],
        (Shape::Object(fields), Style::DeepObject, _) => fields.iter().map(|(k, v)| pair(&format!("{key}[{}]", encode(k)), v)).collect(),
        (Shape::Object(fields), Style::Form, true) => fields.iter().map(|(k, v)| pair(&encode(k), v)).collect(),
        (Shape::Object(fields), Style::SpaceDelimited, _) => vec![format!("{key}={}", flat(&fields, "%20", set))],
        (Shape::Object(fields), Style::PipeDelimited, _) => vec![format!("{key}={}", flat(&fields, "|", set))],
        (Shape::Object(fields), _, _) => vec![format!("{key}={}", flat(&fields, ",", set))],
    }
}

/// Items encoded with `set` and joined by a raw delimiter.
fn joined(items: &[String], delimiter: &str, set: &'static AsciiSet) -> String {
    items.iter().map(|v| utf8_percent_encode(v, set).to_string()).collect::<Vec<_>>().join(delimiter)
}

/// An object's keys and values, encoded with `set`, in one list joined by a raw delimiter.
fn flat(fields: &[(String, String)], delimiter: &str, set: &'static AsciiSet) -> String {
    fields.iter().flat_map(|(k, v)| [utf8_percent_encode(k, set).to_string(), utf8_percent_encode(v, set).to_string()]).collect::<Vec<_>>().join(delimiter)
}

/// A path parameter in its style (simple, label or matrix), encoded so that it cannot leave
/// its segment. An empty value, `.` and `..` are refused: URL parsers resolve dot segments
/// even when percent-encoded, and an empty segment would address another resource.
pub(crate) fn path(name: &str, value: &(impl ParamValue + ?Sized), style: Style, explode: bool) -> Result<String, Error> {
    path_segment(name, value.shape(style)?, style, explode)
}

/// A path parameter's segment from its shape; not generic, so compiled once.
fn path_segment(name: &str, shape: Shape, style: Style, explode: bool) -> Result<String, Error> {
    let segment = match (shape, style, explode) {
        (Shape::Primitive(v), Style::Label, _) => format!(".{}", utf8_percent_encode(&v, LABEL_VALUE)),
        (Shape::Primitive(v), Style::Matrix, _) if v.is_empty() => format!(";{}", encode(name)),
        (Shape::Primitive(v), Style::Matrix, _) => format!(";{}={}", encode(name), encode(&v)),
        (Shape::Primitive(v), _, _) => encode(&v),
        (Shape::Array(items), Style::Label, _) => format!(".{}", label_joined(&items)),
        (Shape::Array(items), Style::Matrix, true) => items.iter().map(|v| format!(";{}={}", encode(name), encode(v))).collect(),
        (Shape::Array(items), Style::Matrix, false) => format!(";{}={}", encode(name), joined(&items, ",", VALUE)),
        (Shape::Array(items), _, _) => joined(&items, ",", VALUE),
        (Shape::Object(fields), Style::Label, true) => fields.iter().map(|(k, v)| format!(".{}={}", encode(k), utf8_percent_encode(v, LABEL_VALUE))).collect(),
        (Shape::Object(fields), Style::Label, false) => format!(".{}", label_joined(&fields.iter().flat_map(|(k, v)| [k.clone(), v.clone()]).collect::<Vec<_>>())),
        (Shape::Object(fields), Style::Matrix, true) => fields.iter().map(|(k, v)| format!(";{}={}", encode(k), encode(v))).collect(),
        (Shape::Object(fields), Style::Matrix, false) => format!(";{}={}", encode(name), flat(&fields, ",", VALUE)),
        (Shape::Object(fields), _, true) => fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join(","),
        (Shape::Object(fields), _, false) => flat(&fields, ",", VALUE),
    };
    match segment.as_str() {
        "" | "." | ".." => Err(Error::Config(format!("the path parameter `{name}` would be `{segment}`, which leaves its path segment"))),
        _ => Ok(segment),
    }
}

/// Items of the label style: each encoded (with `.` too) and joined by `.`.
fn label_joined(items: &[String]) -> String {
    items.iter().map(|v| utf8_percent_encode(v, LABEL_VALUE).to_string()).collect::<Vec<_>>().join(".")
}

/// A header parameter (the simple style): `a,b,c` for an array, `k,v,k,v` for an object, or
/// `k=v,k=v` exploded. Header values are not percent-encoded.
pub(crate) fn header(shape: Shape, explode: bool) -> String {
    match shape {
        Shape::Primitive(v) => v,
        Shape::Array(items) => items.join(","),
        Shape::Object(fields) if explode => fields.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","),
        Shape::Object(fields) => fields.iter().flat_map(|(k, v)| [k.clone(), v.clone()]).collect::<Vec<_>>().join(","),
    }
}

/// A cookie parameter (the form style): `name=value`, an array's or object's items joined by
/// commas, each encoded so that it cannot end the cookie.
pub(crate) fn cookie(name: &str, shape: Shape) -> String {
    match shape {
        Shape::Primitive(v) => format!("{}={}", encode(name), encode(&v)),
        Shape::Array(items) => format!("{}={}", encode(name), joined(&items, ",", VALUE)),
        Shape::Object(fields) => format!("{}={}", encode(name), flat(&fields, ",", VALUE)),
    }
}
