//! Parameters on the wire, pinned against the style table of the OpenAPI 3.0.3 specification
//! (section 4.7.12.4, "Style Examples"): `color` is `"blue"`, `["blue", "black", "brown"]`
//! or `{"R": 100, "G": 200, "B": 150}`, in the path, the query, headers and cookies.

use oas_codegen_tests::hostile::{response, Reply, Request, Server};
use valid_fixtures::styles::{models::Rgb, Client};

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

/// Starts a server that answers 204 to everything, and a client for it.
async fn server() -> (Server, Client) {
    let server = Server::start(|_, _| Reply::Send(response(204, &[], ""))).await;
    let client = Client::builder(&server.url).build().unwrap();
    (server, client)
}

/// The one request the server got.
fn only(server: &Server) -> Request {
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    requests.into_iter().next().unwrap()
}

#[tokio::test]
async fn path_parameters_in_the_simple_and_label_styles() {
    let (server, client) = server().await;
    client
        .simple_path("blue", colors(), rgb(), rgb())
        .send()
        .await
        .unwrap();
    assert_eq!(
        only(&server).target,
        "/simple/blue/blue,black,brown/R,100,G,200,B,150/R=100,G=200,B=150"
    );
    let (server, client) = self::server().await;
    client
        .label_path("blue", colors(), rgb(), rgb())
        .send()
        .await
        .unwrap();
    assert_eq!(
        only(&server).target,
        "/label/.blue/.blue.black.brown/.R.100.G.200.B.150/.R=100.G=200.B=150"
    );
}

#[tokio::test]
async fn path_parameters_in_the_matrix_style() {
    let (server, client) = server().await;
    client.matrix_string("blue").send().await.unwrap();
    client.matrix_array(colors()).send().await.unwrap();
    client.matrix_array_exploded(colors()).send().await.unwrap();
    client.matrix_object(rgb()).send().await.unwrap();
    client.matrix_object_exploded(rgb()).send().await.unwrap();
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/matrixString/;color=blue",
            "/matrixArray/;color=blue,black,brown",
            "/matrixArrayExploded/;color=blue;color=black;color=brown",
            "/matrixObject/;color=R,100,G,200,B,150",
            "/matrixObjectExploded/;R=100;G=200;B=150",
        ]
    );
}

#[tokio::test]
async fn query_parameters_in_every_style() {
    let (server, client) = server().await;
    client.query_form_string("blue").send().await.unwrap();
    client.query_form_array(colors()).send().await.unwrap();
    client
        .query_form_array_exploded(colors())
        .send()
        .await
        .unwrap();
    client.query_form_object(rgb()).send().await.unwrap();
    client
        .query_form_object_exploded(rgb())
        .send()
        .await
        .unwrap();
    client.query_space_array(colors()).send().await.unwrap();
    client.query_space_object(rgb()).send().await.unwrap();
    client.query_pipe_array(colors()).send().await.unwrap();
    client.query_pipe_object(rgb()).send().await.unwrap();
    client.query_deep_object(rgb()).send().await.unwrap();
    let queries: Vec<String> = server
        .requests()
        .into_iter()
        .map(|r| {
            r.target
                .split_once('?')
                .map(|(_, q)| q.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        queries,
        [
            "color=blue",
            "color=blue,black,brown",
            "color=blue&color=black&color=brown",
            "color=R,100,G,200,B,150",
            "R=100&G=200&B=150",
            "color=blue%20black%20brown",
            "color=R%20100%20G%20200%20B%20150",
            "color=blue|black|brown",
            "color=R|100|G|200|B|150",
            "color[R]=100&color[G]=200&color[B]=150",
        ]
    );
}

#[tokio::test]
async fn headers_cookies_and_json_content() {
    let (server, client) = server().await;
    client.headers(colors(), rgb(), rgb()).send().await.unwrap();
    let request = only(&server);
    assert_eq!(request.header("x-array"), Some("blue,black,brown"));
    assert_eq!(request.header("x-object"), Some("R,100,G,200,B,150"));
    assert_eq!(request.header("x-exploded"), Some("R=100,G=200,B=150"));
    let (server, client) = self::server().await;
    client.cookies("a b;c").theme("dark").send().await.unwrap();
    assert_eq!(
        only(&server).header("cookie"),
        Some("session=a%20b%3Bc; theme=dark")
    );
    let (server, client) = self::server().await;
    client.json_content(rgb()).send().await.unwrap();
    let target = only(&server).target;
    assert_eq!(
        target,
        "/json?filter=%7B%22R%22%3A100%2C%22G%22%3A200%2C%22B%22%3A150%7D"
    );
}

#[tokio::test]
async fn values_cannot_leave_their_place() {
    let (server, client) = server().await;
    client.query_form_string("a&b=c#d").send().await.unwrap();
    client
        .simple_path("../x", vec!["a,b".to_string()], rgb(), rgb())
        .send()
        .await
        .unwrap();
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets[0], "/queryFormString?color=a%26b%3Dc%23d");
    assert!(
        targets[1].starts_with("/simple/..%2Fx/a%2Cb/"),
        "{}",
        targets[1]
    );
    for dot in [".", "..", ""] {
        let err = client.matrix_string(dot).send().await;
        assert!(
            err.is_ok(),
            "matrix prefixes `;color=`, so `{dot}` stays inside"
        );
        let err = client
            .simple_path(dot, colors(), rgb(), rgb())
            .send()
            .await
            .unwrap_err();
        assert!(err.to_string().contains("leaves its path segment"), "{err}");
    }
}

#[tokio::test]
async fn a_union_path_parameter_is_written_as_its_value() {
    use valid_fixtures::styles::models::NameOrId;
    let (server, client) = server().await;
    client
        .union_path(NameOrId::Name("web-1".to_string()))
        .send()
        .await
        .unwrap();
    assert_eq!(only(&server).target, "/union/web-1");
}
