//! Lists that page through their body, against a raw server on 127.0.0.1 that plays each
//! API: the exact requests of each strategy, cursors included, a short last page, an empty
//! first page, relative next links, and the repeats and empty pages that must end in an error.

use oas_codegen_runtime::futures_util::{self, TryStreamExt};
use oas_codegen_tests::hostile::{json, Reply, Request, Server};
use std::time::Duration;
use valid_fixtures::body_pages::{models, Client, Error, PaginationError};

/// Every item of a stream, or the error that ended it, within a bound.
async fn all<S>(stream: S) -> Result<Vec<String>, Error>
where
    S: futures_util::Stream<Item = Result<models::Thing, Error>>,
{
    let items = tokio::time::timeout(Duration::from_secs(20), stream.try_collect::<Vec<_>>())
        .await
        .expect("the stream hung")?;
    Ok(items.into_iter().map(|thing| thing.id).collect())
}

/// A server that answers each request target with the body `answer` gives, or 404.
async fn server(
    answer: impl Fn(&Request) -> Option<String> + Send + Sync + 'static,
) -> (Server, Client) {
    let server = Server::start(move |_, request| match answer(request) {
        Some(body) => Reply::Send(json(&[], &body)),
        None => Reply::Send(oas_codegen_tests::hostile::response(404, &[], "{}")),
    })
    .await;
    let client = Client::builder(&server.url)
        .max_empty_pages(3)
        .build()
        .unwrap();
    (server, client)
}

/// The request targets the server saw.
fn targets(server: &Server) -> Vec<String> {
    server.requests().into_iter().map(|r| r.target).collect()
}

/// Things with these ids, as JSON.
fn things(ids: &[&str]) -> String {
    let items: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}"}}"#)).collect();
    format!("[{}]", items.join(","))
}

#[tokio::test]
async fn speakeasy_cursor_follows_next_cursor_until_it_is_null() {
    let (server, client) = server(|r| match r.target.as_str() {
        "/cursor?limit=2" => Some(format!(
            r#"{{"data":{},"next_cursor":"c1"}}"#,
            things(&["a", "b"])
        )),
        "/cursor?limit=2&cursor=c1" => Some(format!(
            r#"{{"data":{},"next_cursor":null}}"#,
            things(&["c"])
        )),
        _ => None,
    })
    .await;
    let ids = all(client.speakeasy_cursor().limit(2).into_stream())
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(
        targets(&server),
        ["/cursor?limit=2", "/cursor?limit=2&cursor=c1"]
    );
    // By hand: one page and its cursor.
    let page = client
        .speakeasy_cursor()
        .limit(2)
        .send_page()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.next_cursor().as_deref(), Some("c1"));
    assert!(page.has_next());
}

#[tokio::test]
async fn speakeasy_cursor_from_the_last_items_id() {
    let (server, client) = server(|r| match r.target.as_str() {
        "/last-id" => Some(format!(
            r#"{{"data":{{"resultArray":{}}}}}"#,
            things(&["a", "b"])
        )),
        "/last-id?after=b" => Some(r#"{"data":{"resultArray":[]}}"#.to_string()),
        _ => None,
    })
    .await;
    let ids = all(client.speakeasy_last_id().into_stream()).await.unwrap();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(targets(&server), ["/last-id", "/last-id?after=b"]);
}

#[tokio::test]
async fn speakeasy_cursor_in_the_request_body() {
    let (server, client) = server(|r| {
        let body: serde_json::Value = serde_json::from_slice(&r.body).ok()?;
        match body.get("cursor").and_then(|c| c.as_str()) {
            None => Some(format!(r#"{{"results":{},"next":"n1"}}"#, things(&["a"]))),
            Some("n1") => Some(r#"{"results":[],"next":"n2"}"#.to_string()),
            _ => None,
        }
    })
    .await;
    let query = models::SpeakeasyBodyCursorBody {
        query: Some("q".to_string()),
        ..Default::default()
    };
    let ids = all(client.speakeasy_body_cursor(query).into_stream())
        .await
        .unwrap();
    assert_eq!(ids, ["a"]);
    let bodies: Vec<serde_json::Value> = server
        .requests()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    assert_eq!(
        bodies,
        [
            serde_json::json!({"query": "q"}),
            serde_json::json!({"query": "q", "cursor": "n1"})
        ]
    );
}

#[tokio::test]
async fn speakeasy_offset_stops_at_a_short_page_and_page_numbers_at_an_empty_one() {
    let (server, client) = server(|r| match r.target.as_str() {
        "/offset?limit=2" => Some(format!(r#"{{"data":{}}}"#, things(&["a", "b"]))),
        "/offset?limit=2&offset=2" => Some(format!(r#"{{"data":{}}}"#, things(&["c"]))),
        "/pages" => Some(format!(r#"{{"data":{}}}"#, things(&["a"]))),
        "/pages?page=2" => Some(format!(r#"{{"data":{}}}"#, things(&["b"]))),
        "/pages?page=3" => Some(r#"{"data":[]}"#.to_string()),
        _ => None,
    })
    .await;
    let ids = all(client.speakeasy_offset().limit(2).into_stream())
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c"]);
    let ids = all(client.speakeasy_page().into_stream()).await.unwrap();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(
        targets(&server),
        [
            "/offset?limit=2",
            "/offset?limit=2&offset=2",
            "/pages",
            "/pages?page=2",
            "/pages?page=3"
        ]
    );
}

#[tokio::test]
async fn fern_cursor_page_index_and_offset_with_a_step() {
    let (server, client) = server(|r| match r.target.as_str() {
        "/fern-cursor" => Some(format!(
            r#"{{"items":{},"meta":{{"next":"x"}}}}"#,
            things(&["a"])
        )),
        "/fern-cursor?starting_after=x" => {
            Some(format!(r#"{{"items":{},"meta":{{}}}}"#, things(&["b"])))
        }
        "/fern-page" => Some(format!(r#"{{"data":{}}}"#, things(&["a"]))),
        "/fern-page?page=2" => Some(r#"{"data":[]}"#.to_string()),
        "/fern-offset?limit=1" => Some(format!(r#"{{"data":{}}}"#, things(&["a"]))),
        "/fern-offset?limit=1&offset=1" => Some(format!(r#"{{"data":{}}}"#, things(&["b"]))),
        "/fern-offset?limit=1&offset=2" => Some(r#"{"data":[]}"#.to_string()),
        _ => None,
    })
    .await;
    assert_eq!(
        all(client.fern_cursor().into_stream()).await.unwrap(),
        ["a", "b"]
    );
    assert_eq!(all(client.fern_page().into_stream()).await.unwrap(), ["a"]);
    assert_eq!(
        all(client.fern_offset_step().limit(1).into_stream())
            .await
            .unwrap(),
        ["a", "b"]
    );
    assert_eq!(targets(&server).len(), 7);
}

#[tokio::test]
async fn azure_next_links_relative_and_absolute_are_followed_as_given() {
    let (server, client) = server(|r| match r.target.as_str() {
        "/azure?api-version=1" => Some(format!(
            r#"{{"value":{},"nextLink":"azure?api-version=1&%24skiptoken=t1"}}"#,
            things(&["a"])
        )),
        "/azure?api-version=1&%24skiptoken=t1" => Some(format!(
            r#"{{"value":{},"nextLink":"/azure?api-version=1&%24skiptoken=t2"}}"#,
            things(&["b"])
        )),
        "/azure?api-version=1&%24skiptoken=t2" => {
            Some(format!(r#"{{"value":{}}}"#, things(&["c"])))
        }
        _ => None,
    })
    .await;
    assert_eq!(
        all(client.azure_list("1").into_stream()).await.unwrap(),
        ["a", "b", "c"]
    );
    assert_eq!(
        targets(&server),
        [
            "/azure?api-version=1",
            "/azure?api-version=1&%24skiptoken=t1",
            "/azure?api-version=1&%24skiptoken=t2"
        ]
    );
}

#[tokio::test]
async fn dropshot_sends_only_the_token_and_the_limit_after_the_first_page() {
    let (server, client) = server(|r| match r.target.as_str() {
        "/dropshot?limit=2&sort_by=name_ascending" => Some(format!(
            r#"{{"items":{},"next_page":"tok"}}"#,
            things(&["a", "b"])
        )),
        "/dropshot?limit=2&page_token=tok" => Some(format!(
            r#"{{"items":{},"next_page":null}}"#,
            things(&["c"])
        )),
        _ => None,
    })
    .await;
    let stream = client
        .dropshot_list()
        .limit(2)
        .sort_by("name_ascending")
        .into_stream();
    assert_eq!(all(stream).await.unwrap(), ["a", "b", "c"]);
    assert_eq!(
        targets(&server),
        [
            "/dropshot?limit=2&sort_by=name_ascending",
            "/dropshot?limit=2&page_token=tok"
        ]
    );
}

#[tokio::test]
async fn stripe_and_openai_lists_are_inferred_from_has_more() {
    let (server, client) = server(|r| match r.target.as_str() {
        "/stripe?limit=2" => Some(format!(
            r#"{{"object":"list","data":{},"has_more":true}}"#,
            things(&["a", "b"])
        )),
        "/stripe?limit=2&starting_after=b" => Some(format!(
            r#"{{"object":"list","data":{},"has_more":false}}"#,
            things(&["c"])
        )),
        "/openai" => Some(format!(
            r#"{{"data":{},"has_more":true,"last_id":"last-b"}}"#,
            things(&["a", "b"])
        )),
        "/openai?after=last-b" => Some(format!(
            r#"{{"data":{},"has_more":false,"last_id":"c"}}"#,
            things(&["c"])
        )),
        _ => None,
    })
    .await;
    assert_eq!(
        all(client.stripe_list().limit(2).into_stream())
            .await
            .unwrap(),
        ["a", "b", "c"]
    );
    assert_eq!(
        all(client.openai_list().into_stream()).await.unwrap(),
        ["a", "b", "c"]
    );
    assert_eq!(
        targets(&server),
        [
            "/stripe?limit=2",
            "/stripe?limit=2&starting_after=b",
            "/openai",
            "/openai?after=last-b"
        ]
    );
}

#[tokio::test]
async fn an_empty_first_page_is_an_empty_list() {
    let (server, client) = server(|_| Some(r#"{"data":[],"has_more":false}"#.to_string())).await;
    assert!(all(client.stripe_list().into_stream())
        .await
        .unwrap()
        .is_empty());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_repeated_cursor_or_link_ends_in_an_error() {
    let (server, client) = server(|r| match r.target.split('?').next() {
        Some("/cursor") => Some(format!(
            r#"{{"data":{},"next_cursor":"same"}}"#,
            things(&["a"])
        )),
        Some("/azure") => Some(format!(
            r#"{{"value":{},"nextLink":"/azure?api-version=1&page=2"}}"#,
            things(&["a"])
        )),
        _ => None,
    })
    .await;
    let err = all(client.speakeasy_cursor().into_stream())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Pagination(p) if matches!(**p, PaginationError::RepeatedCursor { .. })),
        "{err:?}"
    );
    assert_eq!(targets(&server), ["/cursor", "/cursor?cursor=same"]);
    let err = all(client.azure_list("1").into_stream()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Pagination(p) if matches!(**p, PaginationError::Loop { .. })),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn has_more_with_empty_pages_forever_ends_in_an_error() {
    let (server, client) = server(|_| Some(r#"{"data":[],"has_more":true}"#.to_string())).await;
    let err = all(client.stripe_list().into_stream()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Pagination(p) if matches!(**p, PaginationError::EmptyPages { .. })),
        "{err:?}"
    );
    // The client's cap is 3 empty pages in a row: the fourth stops the stream.
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_not_followed() {
    let (server, client) = server(|_| {
        Some(format!(
            r#"{{"value":{},"nextLink":"https://elsewhere.example/azure"}}"#,
            things(&["a"])
        ))
    })
    .await;
    let err = all(client.azure_list("1").into_stream()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Pagination(p) if matches!(**p, PaginationError::OtherOrigin { .. })),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1);
}
