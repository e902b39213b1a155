//! Pagination: pages with their next link or cursor, and a stream of every item, for lists
//! that page with `Link: <…>; rel="next"` headers or through their body (`body_paging.rs`).

use super::body_paging::{BodyPaging, Following};
use super::error::PaginationError;
use super::request::{RequestParts, Target};
use super::response::{RawResponse, Response};
use super::{Client, Error};
use futures_util::stream::{self, BoxStream, StreamExt};
use reqwest::header::HeaderMap;
use std::collections::HashSet;

/// One page of a list, with the link to the next page if the server gave one.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The URL of the next page, from the `Link` header's `rel="next"` (or the body's next
    /// link), resolved against the URL that answered.
    pub next: Option<url::Url>,
    /// For a list that pages through its body, what the next request sends: the cursor, the
    /// offset or page number, or the token.
    pub cursor: Option<String>,
    /// The HTTP status.
    pub status: u16,
    /// The response headers, including the rate-limit headers.
    pub headers: HeaderMap,
}

impl<T> Page<T> {
    /// Builds a page from a decoded response, reading its `Link` headers against `url`, the
    /// URL that answered.
    pub(crate) fn from_response(response: Response<Vec<T>>, url: &url::Url) -> Result<Self, Error> {
        let next = next_link(&response.headers, url)?;
        Ok(Page { items: response.body, next, cursor: None, status: response.status, headers: response.headers })
    }

    /// The cursor of the next page, if there is a next page: what a body-paged list sends
    /// next, or the `after` query parameter of a next link.
    pub fn next_cursor(&self) -> Option<String> {
        if let Some(cursor) = &self.cursor {
            return Some(cursor.clone());
        }
        let next = self.next.as_ref()?;
        next.query_pairs().find(|(name, _)| name == "after").map(|(_, value)| value.into_owned())
    }

    /// Whether the server says there is another page.
    pub fn has_next(&self) -> bool {
        self.next.is_some() || self.cursor.is_some()
    }

    /// The rate-limit headers of the response.
    pub fn rate_limit(&self) -> super::RateLimit {
        super::RateLimit::from_headers(&self.headers)
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The `rel="next"` target of the `Link` headers, if any, read as RFC 8288 says (a
/// relation among several, any case, a quoted or bare value, a URL with commas) and resolved
/// against `base`, the URL that answered.
///
/// A header value that cannot be read but mentions `next` is an error, not the last page:
/// stopping early would lose items without a word. One that cannot be read and never says
/// `next` (a mock server's placeholder, say) cannot hold a next link, and is passed over.
pub(crate) fn next_link(headers: &HeaderMap, base: &url::Url) -> Result<Option<url::Url>, Error> {
    let malformed = |message: String| Error::Pagination(Box::new(PaginationError::MalformedLink { message }));
    for value in headers.get_all(reqwest::header::LINK) {
        let mentions_next = value.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b"next"));
        let parsed = value
            .to_str()
            .map_err(|_| "it holds bytes that are not visible ASCII".to_string())
            .and_then(|text| http_link::parse_link_header(text, base).map_err(|err| err.to_string()));
        match parsed {
            Ok(links) => {
                if let Some(link) = links.into_iter().find(|link| link.rel == "next") {
                    return Ok(Some(link.target));
                }
            }
            Err(message) if mentions_next => return Err(malformed(message)),
            Err(_) => {}
        }
    }
    Ok(None)
}

/// Fetches the first page of a list; one instance per item type, shared by the operations.
pub(crate) async fn first_page<T: serde::de::DeserializeOwned>(client: Client, parts: Result<RequestParts, Error>) -> Result<Page<T>, Error> {
    let raw = client.execute(&parts?).await?;
    let url = raw.url.clone();
    Page::from_response(raw.json()?, &url)
}

/// Fetches the first page of a list that pages through its body.
pub(crate) async fn first_body_page<T: serde::de::DeserializeOwned>(client: Client, parts: Result<RequestParts, Error>, paging: &'static BodyPaging) -> Result<Page<T>, Error> {
    let parts = parts?;
    let raw = client.execute(&parts).await?;
    let read = paging.read(&raw, &parts)?;
    let items = decode_items(&raw, read.items)?;
    let (next, cursor) = match read.next {
        Some(Following { parts: RequestParts { target: Target::Url(url), .. }, .. }) => (Some(url), None),
        Some(following) if !following.repeat => (None, Some(following.cursor)),
        _ => (None, None),
    };
    Ok(Page { items, next, cursor, status: raw.status, headers: raw.headers })
}

/// Decodes a page's items, naming the item that did not decode.
fn decode_items<T: serde::de::DeserializeOwned>(raw: &RawResponse, items: Vec<serde_json::Value>) -> Result<Vec<T>, Error> {
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            if let Ok(decoded) = <T as serde::Deserialize>::deserialize(&item) {
                return Ok(decoded);
            }
            // Serialized again so that the failure has a place, and a vendor's mistake can be
            // corrected as in any body.
            let bytes = serde_json::to_vec(&item).unwrap_or_default();
            super::response::decode(&bytes, raw.strict).map_err(|failure| {
                Error::Decode(Box::new(super::error::DecodeError {
                    status: raw.status,
                    path: format!("item {index} of the page, at {}", failure.path),
                    message: super::response::cap(&failure.message).into_owned(),
                    headers: raw.headers.clone(),
                    body_excerpt: super::response::excerpt(&raw.body),
                }))
            })
        })
        .collect()
}

/// Where a stream of items stands: the next request, and what it needs to stop a loop.
struct Cursor {
    client: Client,
    next: Option<Result<RequestParts, Error>>,
    /// Every URL or cursor fetched or linked to so far.
    seen: HashSet<String>,
    pages: usize,
    empty_in_a_row: u32,
}

impl Cursor {
    /// Fetches the next page as it came, with the request that fetched it; `None` when the
    /// stream is over. Not generic: every stream shares this code.
    async fn fetch(&mut self) -> Option<Result<(RawResponse, RequestParts), Error>> {
        let parts = match self.next.take()? {
            Ok(parts) => parts,
            Err(err) => return Some(Err(err)),
        };
        Some(self.client.execute(&parts).await.map(|raw| {
            self.seen.insert(raw.url.as_str().to_string());
            (raw, parts)
        }))
    }

    /// Counts a page of `items` items, and whether it was one empty page too many.
    fn count(&mut self, items: usize) -> Option<Result<RequestParts, Error>> {
        self.pages += 1;
        self.empty_in_a_row = if items == 0 { self.empty_in_a_row.saturating_add(1) } else { 0 };
        (self.empty_in_a_row > self.client.inner.limits.max_empty_pages)
            .then(|| Err(Error::Pagination(Box::new(PaginationError::EmptyPages { count: self.empty_in_a_row }))))
    }

    /// Sets the request for the page `next` links to (after a page of `items` items), or the
    /// error that ends the stream: a link to a page already fetched, or one empty page too many.
    fn follow(&mut self, items: usize, next: Option<url::Url>, parts: RequestParts) {
        let too_many = self.count(items);
        let Some(url) = next else {
            return;
        };
        let stop = |problem| Some(Err(Error::Pagination(Box::new(problem))));
        self.next = if !self.seen.insert(url.as_str().to_string()) {
            stop(PaginationError::Loop { url, pages: self.pages })
        } else if too_many.is_some() {
            too_many
        } else {
            Some(Ok(RequestParts { target: Target::Url(url), query: Vec::new(), ..parts }))
        };
    }

    /// Sets the request a body-paged page asks for next, or the error that ends the stream:
    /// a cursor or link already followed, or one empty page too many.
    fn follow_body(&mut self, items: usize, next: Option<Following>) {
        let too_many = self.count(items);
        let Some(following) = next else {
            return;
        };
        self.next = if too_many.is_some() {
            too_many
        } else if !following.repeat && !self.seen.insert(following.key.clone()) {
            let problem = match following.parts.target {
                Target::Url(url) => PaginationError::Loop { url, pages: self.pages },
                Target::Path(_) => PaginationError::RepeatedCursor { cursor: following.cursor, pages: self.pages },
            };
            Some(Err(Error::Pagination(Box::new(problem))))
        } else {
            Some(Ok(following.parts))
        };
    }
}

/// How a stream finds its next page.
#[derive(Clone, Copy)]
enum Paging {
    /// `Link: rel="next"` headers; the body is the page's items.
    Link,
    /// Through the body, as the spec declares.
    Body(&'static BodyPaging),
}

/// Streams every item of every page, fetching the next page only when the items of the
/// current one have been taken. The stream is boxed so that callers can poll it without pinning.
/// Only the decoding is generic; fetching and following links are shared by every stream.
///
/// It ends with an [`Error::Pagination`] when a next link repeats a URL the stream has
/// already fetched (a loop), or when more empty pages than the client's `max_empty_pages`
/// come in a row; the items before the error are all yielded.
pub(crate) fn stream_items<T>(client: Client, first: Result<RequestParts, Error>) -> BoxStream<'static, Result<T, Error>>
where
    T: serde::de::DeserializeOwned + Send + 'static,
{
    stream(client, first, Paging::Link)
}

/// Streams every item of every page of a list that pages through its body, as
/// [`stream_items`] does for `Link` headers, with the same safety rules: a cursor, token or
/// link that repeats ends it with an error, and so do too many empty pages in a row.
pub(crate) fn stream_body_items<T>(client: Client, first: Result<RequestParts, Error>, paging: &'static BodyPaging) -> BoxStream<'static, Result<T, Error>>
where
    T: serde::de::DeserializeOwned + Send + 'static,
{
    stream(client, first, Paging::Body(paging))
}

/// The stream of either kind.
fn stream<T>(client: Client, first: Result<RequestParts, Error>, paging: Paging) -> BoxStream<'static, Result<T, Error>>
where
    T: serde::de::DeserializeOwned + Send + 'static,
{
    let cursor = Cursor { client, next: Some(first), seen: HashSet::new(), pages: 0, empty_in_a_row: 0 };
    stream::unfold(cursor, move |mut cursor| async move {
        let (raw, parts) = match cursor.fetch().await? {
            Ok(fetched) => fetched,
            Err(err) => return Some((stream::iter(vec![Err(err)]), cursor)),
        };
        let items: Result<Vec<T>, Error> = match paging {
            Paging::Link => {
                let url = raw.url.clone();
                raw.json::<Vec<T>>().and_then(|response| Page::from_response(response, &url)).map(|page| {
                    cursor.follow(page.items.len(), page.next, parts);
                    page.items
                })
            }
            Paging::Body(paging) => paging.read(&raw, &parts).and_then(|read| {
                let items = decode_items(&raw, read.items)?;
                cursor.follow_body(items.len(), read.next);
                Ok(items)
            }),
        };
        let items: Vec<Result<T, Error>> = match items {
            Ok(items) => items.into_iter().map(Ok).collect(),
            Err(err) => vec![Err(err)],
        };
        Some((stream::iter(items), cursor))
    })
    .flatten()
    .boxed()
}
