//! The generated client at run time, against hand-written baselines measured in the same run:
//! decoding a page of 200 realistic users and encoding a create-user request (models against
//! plain serde structs of the same shape), and the client's own overhead per request against
//! a bare reqwest call to the same local server, and what a DPoP proof (an ES256 signature
//! per request) adds to a request against an API token.
//!
//! Run: `cargo bench -p oas-codegen-tests --bench client`.

use chrono::{DateTime, Utc};
use okta_management::{models, Client, ClientCredentials};
use serde::{Deserialize, Serialize};
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A user as one would write it by hand with serde: the same fields, plain `Option`s.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HandUser {
    id: Option<String>,
    status: Option<String>,
    created: Option<DateTime<Utc>>,
    activated: Option<DateTime<Utc>>,
    status_changed: Option<DateTime<Utc>>,
    last_login: Option<DateTime<Utc>>,
    last_updated: Option<DateTime<Utc>>,
    password_changed: Option<DateTime<Utc>>,
    transitioning_to_status: Option<String>,
    #[serde(rename = "type")]
    user_type: Option<serde_json::Value>,
    profile: Option<HandProfile>,
    credentials: Option<serde_json::Value>,
    #[serde(rename = "_links")]
    links: Option<serde_json::Value>,
    #[serde(rename = "_embedded")]
    embedded: Option<serde_json::Value>,
}

/// A profile by hand: the attributes the payload carries, and the rest as a map.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct HandProfile {
    login: Option<String>,
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    mobile_phone: Option<String>,
    second_email: Option<String>,
    #[serde(flatten)]
    rest: BTreeMap<String, serde_json::Value>,
}

/// A user as one would write it by hand when nothing unknown needs keeping: no flattened
/// map anywhere, so unknown properties are dropped.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct PlainUser {
    id: Option<String>,
    status: Option<String>,
    created: Option<DateTime<Utc>>,
    activated: Option<DateTime<Utc>>,
    status_changed: Option<DateTime<Utc>>,
    last_login: Option<DateTime<Utc>>,
    last_updated: Option<DateTime<Utc>>,
    password_changed: Option<DateTime<Utc>>,
    transitioning_to_status: Option<String>,
    #[serde(rename = "type")]
    user_type: Option<serde_json::Value>,
    profile: Option<PlainProfile>,
    credentials: Option<serde_json::Value>,
    #[serde(rename = "_links")]
    links: Option<serde_json::Value>,
    #[serde(rename = "_embedded")]
    embedded: Option<serde_json::Value>,
}

/// A profile by hand, without a map for custom attributes.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct PlainProfile {
    login: Option<String>,
    email: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    mobile_phone: Option<String>,
    second_email: Option<String>,
}

/// Counts the bytes allocated now and at the peak, to measure what a decoded page holds.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What decoding `json` as `T` costs in memory: the bytes the result holds, and the peak
/// above what was allocated before.
fn memory<T: serde::de::DeserializeOwned>(json: &str) -> (usize, usize) {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let value: T = serde_json::from_str(json).unwrap();
    let held = CURRENT.load(Ordering::Relaxed) - before;
    let peak = PEAK.load(Ordering::Relaxed) - before;
    drop(black_box(value));
    (held, peak)
}

/// A create-user request by hand.
#[derive(Debug, Serialize, Deserialize)]
struct HandCreateUser {
    profile: HandProfile,
    #[serde(skip_serializing_if = "Option::is_none")]
    credentials: Option<serde_json::Value>,
}

/// A page of 200 users built from Okta's recorded list, each with its own id.
fn page_of_users() -> String {
    let users: Vec<serde_json::Value> = serde_json::from_str(&oas_codegen_tests::payload(
        "User__list__ListUsersResponse.json",
    ))
    .unwrap();
    let page: Vec<serde_json::Value> = (0..200)
        .map(|i| {
            let mut user = users[i % users.len()].clone();
            user["id"] = serde_json::json!(format!("00u{i:017}"));
            user
        })
        .collect();
    serde_json::to_string(&page).unwrap()
}

/// The median time of `f` over batches filling about a second.
fn time(mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    f();
    let once = start.elapsed().max(Duration::from_nanos(50));
    let per_batch = ((Duration::from_millis(40).as_nanos() / once.as_nanos()) as usize).max(1);
    let mut samples = Vec::new();
    let end = Instant::now() + Duration::from_secs(1);
    while Instant::now() < end || samples.len() < 5 {
        let start = Instant::now();
        for _ in 0..per_batch {
            f();
        }
        samples.push(start.elapsed() / per_batch as u32);
    }
    samples.sort();
    samples[samples.len() / 2]
}

/// A local HTTP/1.1 server that answers every request with the same JSON body, keep-alive.
async fn canned_server(body: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let response = response.clone();
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 16 * 1024];
                let mut pending = Vec::new();
                loop {
                    let Ok(n) = socket.read(&mut buffer).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    pending.extend_from_slice(&buffer[..n]);
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..end + 4);
                        if socket.write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    format!("http://{address}")
}

fn ratio(generated: Duration, baseline: Duration) -> f64 {
    generated.as_secs_f64() / baseline.as_secs_f64()
}

fn main() {
    let page = page_of_users();
    let decode_model = time(|| {
        black_box(serde_json::from_str::<Vec<models::User>>(black_box(&page)).unwrap());
    });
    let decode_hand = time(|| {
        black_box(serde_json::from_str::<Vec<HandUser>>(black_box(&page)).unwrap());
    });
    let decode_plain = time(|| {
        black_box(serde_json::from_str::<Vec<PlainUser>>(black_box(&page)).unwrap());
    });
    let (model_held, model_peak) = memory::<Vec<models::User>>(&page);
    let (hand_held, hand_peak) = memory::<Vec<HandUser>>(&page);
    let request_json = oas_codegen_tests::payload(
        "CreateUserRequest__create-user-with-recovery-question-request.json",
    );
    let request_model: models::CreateUserRequest = serde_json::from_str(&request_json).unwrap();
    let request_hand: HandCreateUser = serde_json::from_str(&request_json).unwrap();
    let encode_model = time(|| {
        black_box(serde_json::to_vec(black_box(&request_model)).unwrap());
    });
    let encode_hand = time(|| {
        black_box(serde_json::to_vec(black_box(&request_hand)).unwrap());
    });

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let users: Vec<serde_json::Value> = serde_json::from_str(&page).unwrap();
    let one_user = serde_json::to_string(&users[0]).unwrap();
    let (per_client, per_reqwest, per_dpop, per_token) = runtime.block_on(async {
        let base = canned_server(one_user).await;
        let token_base = canned_server(
            r#"{"access_token":"tok","token_type":"DPoP","expires_in":3600}"#.to_string(),
        )
        .await;
        let dpop_client = Client::builder(base.clone())
            .client_credentials(
                ClientCredentials::client_secret("client", "secret")
                    .scopes(["okta.users.read"])
                    .dpop(true)
                    .token_url(format!("{token_base}/oauth2/v1/token")),
            )
            .build()
            .unwrap();
        dpop_client.get_user("00u1").send().await.unwrap();
        let client = Client::builder(base.clone())
            .api_token("token")
            .build()
            .unwrap();
        let http = okta_management::reqwest::Client::new();
        let url = format!("{base}/api/v1/users/00u1");
        // Warm both connection pools.
        client.get_user("00u1").send().await.unwrap();
        http.get(&url).send().await.unwrap().bytes().await.unwrap();
        let rounds = 2_000u32;
        let mut client_total = Duration::ZERO;
        let mut reqwest_total = Duration::ZERO;
        // Interleave in blocks so that both see the same machine noise.
        for _ in 0..10 {
            let start = Instant::now();
            for _ in 0..rounds / 10 {
                black_box(client.get_user("00u1").send().await.unwrap());
            }
            client_total += start.elapsed();
            let start = Instant::now();
            for _ in 0..rounds / 10 {
                let response = http
                    .get(&url)
                    .header("authorization", "SSWS token")
                    .header("accept", "application/json")
                    .send()
                    .await
                    .unwrap();
                let bytes = response.bytes().await.unwrap();
                black_box(serde_json::from_slice::<models::User>(&bytes).unwrap());
            }
            reqwest_total += start.elapsed();
        }
        let mut dpop_total = Duration::ZERO;
        let mut token_total = Duration::ZERO;
        for _ in 0..10 {
            let start = Instant::now();
            for _ in 0..rounds / 10 {
                black_box(dpop_client.get_user("00u1").send().await.unwrap());
            }
            dpop_total += start.elapsed();
            let start = Instant::now();
            for _ in 0..rounds / 10 {
                black_box(client.get_user("00u1").send().await.unwrap());
            }
            token_total += start.elapsed();
        }
        (
            client_total / rounds,
            reqwest_total / rounds,
            dpop_total / rounds,
            token_total / rounds,
        )
    });

    println!("| measurement | generated | hand-written / bare reqwest | ratio |");
    println!("|---|---:|---:|---:|");
    println!(
        "| decode 200 users | {:.1} µs | {:.1} µs | {:.2} |",
        decode_model.as_secs_f64() * 1e6,
        decode_hand.as_secs_f64() * 1e6,
        ratio(decode_model, decode_hand)
    );
    println!(
        "| decode 200 users, against plain structs that drop unknown properties | {:.1} µs | {:.1} µs | {:.2} |",
        decode_model.as_secs_f64() * 1e6,
        decode_plain.as_secs_f64() * 1e6,
        ratio(decode_model, decode_plain)
    );
    println!(
        "| memory held by a decoded page of 200 users (JSON {} KiB) | {} KiB | {} KiB | {:.2} |",
        page.len() / 1024,
        model_held / 1024,
        hand_held / 1024,
        model_held as f64 / hand_held as f64
    );
    println!(
        "| peak memory while decoding it | {} KiB | {} KiB | {:.2} |",
        model_peak / 1024,
        hand_peak / 1024,
        model_peak as f64 / hand_peak as f64
    );
    println!(
        "| encode a create-user request | {:.2} µs | {:.2} µs | {:.2} |",
        encode_model.as_secs_f64() * 1e6,
        encode_hand.as_secs_f64() * 1e6,
        ratio(encode_model, encode_hand)
    );
    println!(
        "| one GET request, local server | {:.1} µs | {:.1} µs | {:.2} |",
        per_client.as_secs_f64() * 1e6,
        per_reqwest.as_secs_f64() * 1e6,
        ratio(per_client, per_reqwest)
    );
    println!(
        "| one GET request with a cached DPoP-bound token (a new ES256 proof each), against an API token | {:.1} µs | {:.1} µs | {:.2} |",
        per_dpop.as_secs_f64() * 1e6,
        per_token.as_secs_f64() * 1e6,
        ratio(per_dpop, per_token)
    );
}
