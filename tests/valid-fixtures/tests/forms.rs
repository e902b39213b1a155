//! Form and multipart bodies on the wire, as OpenAPI 3.0.3 says (the Encoding Object and the
//! style table of section 4.7.12.4): by default an array is one `name=item` pair per item
//! and an object its properties; `encoding` sets a property's style, explode, allowReserved
//! and content type.

use oas_codegen_tests::hostile::{response, Reply, Request, Server};
use valid_fixtures::forms::models::{Call, CallNested, Encoded, Rgb, Upload};
use valid_fixtures::forms::Client;

fn rgb() -> Rgb {
    Rgb {
        r: Some(100),
        g: Some(200),
        b: Some(150),
        ..Default::default()
    }
}

fn colors() -> Vec<String> {
    ["blue", "black", "brown"].map(String::from).to_vec()
}

/// Sends one request to a server that answers 204, and gives back what it got.
async fn sent<F: std::future::Future<Output = ()>>(call: impl FnOnce(Client) -> F) -> Request {
    let server = Server::start(|_, _| Reply::Send(response(204, &[], ""))).await;
    let client = Client::builder(&server.url).build().unwrap();
    call(client).await;
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    requests.into_iter().next().unwrap()
}

/// The request's header `name`.
fn header<'r>(request: &'r Request, name: &str) -> &'r str {
    request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} header"))
}

#[tokio::test]
async fn by_default_arrays_repeat_their_key_and_objects_give_their_properties() {
    let request = sent(|client| async move {
        let body = Call {
            to: "+15551234567".to_string(),
            status_callback_event: Some(["ringing", "answered"].map(String::from).to_vec()),
            color: Some(rgb()),
            nested: Some(CallNested {
                inner: Some(rgb()),
                ..Default::default()
            }),
            ..Default::default()
        };
        client.create_call(body).send().await.unwrap();
    })
    .await;
    assert_eq!(
        header(&request, "content-type"),
        "application/x-www-form-urlencoded"
    );
    // Its responses document no body, so it asks for none in particular (reqwest's `*/*`).
    assert_eq!(header(&request, "accept"), "*/*");
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "To=%2B15551234567&StatusCallbackEvent=ringing&StatusCallbackEvent=answered&R=100&G=200&B=150&inner=%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%7D"
    );
}

#[tokio::test]
async fn each_encoding_entry_is_followed() {
    let request = sent(|client| async move {
        let body = Encoded {
            spaced: Some(colors()),
            piped: Some(colors()),
            commas: Some(colors()),
            filter: Some(rgb()),
            callback: Some("https://example.com/hook?a=1&b=2".to_string()),
            meta: Some(rgb()),
            ..Default::default()
        };
        client.create_encoded(body).send().await.unwrap();
    })
    .await;
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        [
            "spaced=blue%20black%20brown",
            "piped=blue|black|brown",
            "commas=blue,black,brown",
            "filter[R]=100&filter[G]=200&filter[B]=150",
            "callback=https://example.com/hook?a%3D1%26b%3D2",
            "meta=%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%7D",
        ]
        .join("&")
    );
}

#[tokio::test]
async fn multipart_parts_take_their_content_types() {
    let request = sent(|client| async move {
        let body = Upload {
            title: Some("Q3".to_string()),
            tags: Some(["a", "b"].map(String::from).to_vec()),
            color: Some(rgb()),
            notes: Some("x,y\n1,2".to_string()),
            ids: Some(vec![1, 2]),
            ..Default::default()
        };
        client.create_upload(body).send().await.unwrap();
    })
    .await;
    let content_type = header(&request, "content-type").to_string();
    let boundary = content_type
        .split("boundary=")
        .nth(1)
        .expect("a multipart boundary");
    let body = String::from_utf8(request.body).unwrap();
    let parts: Vec<(String, Option<String>, String)> = body
        .split(&format!("--{boundary}"))
        .filter(|part| part.contains("Content-Disposition"))
        .map(|part| {
            let (head, content) = part.split_once("\r\n\r\n").unwrap();
            let name = head
                .split("name=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap()
                .to_string();
            let media = head
                .lines()
                .find_map(|line| {
                    line.strip_prefix("content-type: ")
                        .or(line.strip_prefix("Content-Type: "))
                })
                .map(str::to_string);
            (name, media, content.trim_end_matches("\r\n").to_string())
        })
        .collect();
    let expected = [
        ("title", None, "Q3"),
        ("tags", None, "a"),
        ("tags", None, "b"),
        (
            "color",
            Some("application/json"),
            r#"{"R":100,"G":200,"B":150}"#,
        ),
        ("notes", Some("text/csv"), "x,y\n1,2"),
        ("ids", Some("application/json"), "1"),
        ("ids", Some("application/json"), "2"),
    ];
    let expected: Vec<(String, Option<String>, String)> = expected
        .iter()
        .map(|(n, m, c)| (n.to_string(), m.map(str::to_string), c.to_string()))
        .collect();
    assert_eq!(parts, expected);
}
