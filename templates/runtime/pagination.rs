//! Pagination: pages with their `Link: <…>; rel="next"` cursor, and a stream of every item.

use super::request::{RequestParts, Target};
use super::response::Response;
use super::{Client, Error};
use futures_util::stream::{self, BoxStream, StreamExt};
use reqwest::header::HeaderMap;

/// One page of a list, with the link to the next page if the server gave one.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The URL of the next page, from the `Link` header's `rel="next"`.
    pub next: Option<url::Url>,
    /// The HTTP status.
    pub status: u16,
    /// The response headers, including the rate-limit headers.
    pub headers: HeaderMap,
}

impl<T> Page<T> {
    /// Builds a page from a decoded response.
    pub(crate) fn from_response(response: Response<Vec<T>>) -> Self {
        let next = next_link(&response.headers);
        Page { items: response.body, next, status: response.status, headers: response.headers }
    }

    /// The cursor of the next page (its `after` query parameter), if there is a next page.
    pub fn next_cursor(&self) -> Option<String> {
        let next = self.next.as_ref()?;
        next.query_pairs().find(|(name, _)| name == "after").map(|(_, value)| value.into_owned())
    }

    /// Whether the server says there is another page.
    pub fn has_next(&self) -> bool {
        self.next.is_some()
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

/// The `rel="next"` URL of the `Link` headers, if any.
pub(crate) fn next_link(headers: &HeaderMap) -> Option<url::Url> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|link| {
            let (target, params) = link.trim().split_once(';')?;
            let is_next = params.split(';').any(|p| {
                let p = p.trim().replace(' ', "");
                p == "rel=\"next\"" || p == "rel=next"
            });
            let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
            if is_next { url::Url::parse(target).ok() } else { None }
        })
}

/// Fetches one page.
pub(crate) async fn fetch_page<T: serde::de::DeserializeOwned>(client: &Client, parts: &RequestParts) -> Result<Page<T>, Error> {
    let raw = client.execute(parts).await?;
    Ok(Page::from_response(raw.json()?))
}

/// Streams every item of every page, fetching the next page only when the items of the
/// current one have been taken. The stream is boxed so that callers can poll it without pinning.
pub(crate) fn stream_items<T>(client: Client, first: Result<RequestParts, Error>) -> BoxStream<'static, Result<T, Error>>
where
    T: serde::de::DeserializeOwned + Send + 'static,
{
    let state = Some(first);
    stream::unfold((client, state), |(client, state)| async move {
        let parts = match state? {
            Ok(parts) => parts,
            Err(err) => return Some((stream::iter(vec![Err(err)]), (client, None))),
        };
        match fetch_page::<T>(&client, &parts).await {
            Ok(page) => {
                let next = page.next.clone().map(|url| Ok(RequestParts { target: Target::Url(url), query: Vec::new(), ..parts }));
                let items: Vec<Result<T, Error>> = page.items.into_iter().map(Ok).collect();
                Some((stream::iter(items), (client, next)))
            }
            Err(err) => Some((stream::iter(vec![Err(err)]), (client, None))),
        }
    })
    .flatten()
    .boxed()
}
