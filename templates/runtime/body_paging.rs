//! Pagination through the body, as a spec declares it: where a page's items are, and how the
//! next request is made from the page (a cursor, `has_more` and the last id, an offset or
//! page number, a next link, or Dropshot's page token). Not generic: one copy serves every
//! operation; only decoding the items is done per item type, in `pagination.rs`.

use super::request::{RequestBody, RequestParts, Target};
use super::response::RawResponse;
use super::{style, Error};
use serde_json::Value;

/// One step of a path into a JSON body.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step {
    /// A property.
    Key(&'static str),
    /// An array index, negative from the end.
    Index(i64),
}

/// Where a paging value goes in the next request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Input {
    /// The query parameter's name, or the JSON body's property.
    pub(crate) name: &'static str,
    /// In the JSON body rather than the query.
    pub(crate) in_body: bool,
}

/// How the next page is asked for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Next {
    /// The cursor at `from` goes into `input`; no cursor, or an empty page, ends the list.
    Cursor { from: &'static [Step], input: Input },
    /// While `has_more` is true, the first of `cursors` found goes into `input`.
    HasMore { has_more: &'static [Step], cursors: &'static [&'static [Step]], input: Input },
    /// `input` counts items, or pages when `pages`; an empty page ends the list, and a short
    /// one when `limit` was sent.
    Offset { input: Input, limit: Option<Input>, pages: bool },
    /// The URL at `from` is the next page, fetched with `GET` as given, query included.
    Url { from: &'static [Step] },
    /// The token at `from` goes into the query parameter `input`, and of the query only the
    /// parameters in `keep` stay.
    Token { from: &'static [Step], input: Input, keep: &'static [&'static str] },
}

/// An operation's pagination through the body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyPaging {
    /// Where the items are.
    pub(crate) results: &'static [Step],
    /// How the next page is asked for.
    pub(crate) next: Next,
}

/// What one page gave: its items, still JSON, and what comes next.
pub(crate) struct Read {
    pub(crate) items: Vec<Value>,
    pub(crate) next: Option<Following>,
}

/// The request for the next page.
pub(crate) struct Following {
    pub(crate) parts: RequestParts,
    /// What tells this request from every other of the list, to stop a loop.
    pub(crate) key: String,
    /// The cursor, offset, token or link, as text, for those who page by hand.
    pub(crate) cursor: String,
    /// The same request may be sent again: the server said there is more but gave an
    /// empty page and no new cursor. It counts as an empty page, not a loop.
    pub(crate) repeat: bool,
}

impl BodyPaging {
    /// Reads one page that `parts` fetched.
    pub(crate) fn read(&self, raw: &RawResponse, parts: &RequestParts) -> Result<Read, Error> {
        let mut body: Value = serde_json::from_slice(&raw.body).map_err(|err| decode_error(raw, "$", &err.to_string()))?;
        let items = match take(&mut body, self.results) {
            Some(Value::Array(items)) => items,
            Some(Value::Null) | None => Vec::new(),
            Some(_) => return Err(decode_error(raw, &describe(self.results), "the page's items are not an array")),
        };
        let next = self.following(&body, &items, raw, parts)?;
        Ok(Read { items, next })
    }

    /// The request for the page after this one, if there is one.
    fn following(&self, body: &Value, items: &[Value], raw: &RawResponse, parts: &RequestParts) -> Result<Option<Following>, Error> {
        let page = PageBody { body, items };
        Ok(match self.next {
            Next::Cursor { from, input } => match page.text(from) {
                Some(cursor) if !items.is_empty() => Some(with_input(parts, input, &cursor)?),
                _ => None,
            },
            Next::HasMore { has_more, cursors, input } => {
                if page.get(has_more) != Some(&Value::Bool(true)) {
                    return Ok(None);
                }
                match cursors.iter().find_map(|path| page.text(path)) {
                    Some(cursor) if !items.is_empty() => Some(with_input(parts, input, &cursor)?),
                    // More, says the server, but an empty page: ask again as before.
                    _ => Some(Following { parts: parts.clone(), key: String::new(), cursor: String::new(), repeat: true }),
                }
            }
            Next::Offset { input, limit, pages } => {
                let sent_limit = limit.and_then(|limit| sent(parts, limit)).and_then(|v| v.parse::<usize>().ok());
                if items.is_empty() || sent_limit.is_some_and(|limit| items.len() < limit) {
                    return Ok(None);
                }
                let current = sent(parts, input).and_then(|v| v.parse::<u64>().ok());
                let next = if pages { current.unwrap_or(1) + 1 } else { current.unwrap_or(0) + items.len() as u64 };
                Some(with_input(parts, input, &next.to_string())?)
            }
            Next::Url { from } => match page.text(from) {
                Some(link) => {
                    let url = raw.url.join(&link).map_err(|err| decode_error(raw, &describe(from), &format!("the next link is not a URL: {err}")))?;
                    let next = RequestParts { method: reqwest::Method::GET, target: Target::Url(url.clone()), query: Vec::new(), body: None, ..parts.clone() };
                    Some(Following { parts: next, key: url.to_string(), cursor: url.to_string(), repeat: false })
                }
                None => None,
            },
            Next::Token { from, input, keep } => match page.text(from) {
                Some(token) => {
                    let mut next = parts.clone();
                    next.query.retain(|pair| keep.iter().any(|name| pair.split('=').next() == Some(style::encode(name).as_str())));
                    Some(with_input(&next, input, &token)?)
                }
                None => None,
            },
        })
    }
}

/// A page's body and items, for looking values up in.
struct PageBody<'a> {
    body: &'a Value,
    items: &'a [Value],
}

impl PageBody<'_> {
    /// The value at `path`; a path that starts with the results' own index reads the items.
    fn get(&self, path: &[Step]) -> Option<&Value> {
        walk(self.body, path)
    }

    /// The value at `path` as text: a non-empty string, or a number; `None` for anything else.
    fn text(&self, path: &[Step]) -> Option<String> {
        let value = self.get(path).or_else(|| self.in_items(path))?;
        match value {
            Value::String(text) if !text.is_empty() => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    }

    /// The value at `path` when its first steps lead to the items, which have been taken out
    /// of the body (`$.data[-1].id`).
    fn in_items(&self, path: &[Step]) -> Option<&Value> {
        let position = path.iter().position(|step| matches!(step, Step::Index(_)))?;
        let Step::Index(index) = path[position] else {
            return None;
        };
        let item = index_of(self.items.len(), index).and_then(|i| self.items.get(i))?;
        walk(item, &path[position + 1..])
    }
}

/// The value at `path`.
fn walk<'v>(value: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(value, |value, step| match (step, value) {
        (Step::Key(key), Value::Object(map)) => map.get(*key),
        (Step::Index(index), Value::Array(items)) => index_of(items.len(), *index).and_then(|i| items.get(i)),
        _ => None,
    })
}

/// Takes the value at `path` out of `value`.
fn take(value: &mut Value, path: &[Step]) -> Option<Value> {
    let (last, parents) = path.split_last()?;
    let mut parent = value;
    for step in parents {
        parent = match (step, parent) {
            (Step::Key(key), Value::Object(map)) => map.get_mut(*key)?,
            (Step::Index(index), Value::Array(items)) => {
                let i = index_of(items.len(), *index)?;
                items.get_mut(i)?
            }
            _ => return None,
        };
    }
    match (last, parent) {
        (Step::Key(key), Value::Object(map)) => map.remove(*key),
        (Step::Index(index), Value::Array(items)) => index_of(items.len(), *index).map(|i| items[i].take()),
        _ => None,
    }
}

/// An index counted from the end when negative.
fn index_of(len: usize, index: i64) -> Option<usize> {
    if index < 0 {
        len.checked_sub(usize::try_from(index.unsigned_abs()).ok()?)
    } else {
        usize::try_from(index).ok().filter(|i| *i < len)
    }
}

/// The value a request sent for an input, as text.
fn sent(parts: &RequestParts, input: Input) -> Option<String> {
    if input.in_body {
        let Some(RequestBody::Bytes { bytes, .. }) = &parts.body else {
            return None;
        };
        let body: Value = serde_json::from_slice(bytes).ok()?;
        return match body.get(input.name)? {
            Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        };
    }
    let prefix = format!("{}=", style::encode(input.name));
    let pair = parts.query.iter().find(|pair| pair.starts_with(&prefix))?;
    let encoded = &pair[prefix.len()..];
    Some(percent_encoding::percent_decode_str(encoded).decode_utf8_lossy().into_owned())
}

/// The request with `value` in `input`, replacing what it sent there.
fn with_input(parts: &RequestParts, input: Input, value: &str) -> Result<Following, Error> {
    let mut next = parts.clone();
    if input.in_body {
        let mut body: Value = match &parts.body {
            Some(RequestBody::Bytes { bytes, .. }) => serde_json::from_slice(bytes).unwrap_or_else(|_| Value::Object(Default::default())),
            _ => Value::Object(Default::default()),
        };
        // A cursor that was a number is sent back as one.
        let sent = value.parse::<u64>().map(Value::from).unwrap_or_else(|_| Value::String(value.to_string()));
        match &mut body {
            Value::Object(map) => {
                map.insert(input.name.to_string(), sent);
            }
            _ => return Err(Error::Config("the request body is not a JSON object, so no cursor can be set in it".to_string())),
        }
        next.json(&body)?;
    } else {
        let prefix = format!("{}=", style::encode(input.name));
        next.query.retain(|pair| !pair.starts_with(&prefix));
        next.query(input.name, value);
    }
    let key = format!("{}?{}#{value}", input.name, next.query.join("&"));
    Ok(Following { parts: next, key, cursor: value.to_string(), repeat: false })
}

/// A path as JSONPath, for messages.
fn describe(path: &[Step]) -> String {
    let mut text = "$".to_string();
    for step in path {
        match step {
            Step::Key(key) => text.push_str(&format!(".{key}")),
            Step::Index(index) => text.push_str(&format!("[{index}]")),
        }
    }
    text
}

/// A page that does not have the shape its declaration says.
fn decode_error(raw: &RawResponse, path: &str, message: &str) -> Error {
    Error::Decode(Box::new(super::error::DecodeError {
        status: raw.status,
        path: path.to_string(),
        message: super::response::cap(message).into_owned(),
        headers: raw.headers.clone(),
        body_excerpt: super::response::excerpt(&raw.body),
    }))
}
