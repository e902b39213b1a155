//! A raw HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose: it hangs, drip-feeds,
//! sends endless bodies, resets connections, redirects elsewhere or loops its links, where
//! wiremock cannot. Every request it reads is recorded.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The most a request head may hold; a longer one ends the connection.
const MAX_HEAD: usize = 1 << 20;

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Request {
    /// `GET`, `POST`, …
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// When the server had read it whole.
    pub at: std::time::Instant,
}

impl Request {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
pub enum Reply {
    /// Writes these bytes and keeps the connection for the next request.
    Send(Vec<u8>),
    /// Never answers, and keeps the connection open.
    Hang,
    /// Closes the connection at once, with a reset.
    Reset,
    /// Writes `head`, then one byte every `every`, forever.
    Drip { head: Vec<u8>, every: Duration },
    /// Writes `head`, then `chunk` again and again, as fast as the client reads, forever.
    Flood { head: Vec<u8>, chunk: Vec<u8> },
    /// Writes `head`, then `chunk` `count` times, waiting `every` between two; then closes
    /// the connection, or with `stall` keeps it open and silent.
    Chunks {
        head: Vec<u8>,
        chunk: Vec<u8>,
        count: u64,
        every: Duration,
        stall: bool,
    },
    /// Writes `head`, then each of `pieces` in its own TCP segment, waiting `every` between
    /// two; then closes the connection.
    Pieces {
        head: Vec<u8>,
        pieces: Vec<Vec<u8>>,
        every: Duration,
    },
}

/// A running server; it stops when the test's runtime ends.
pub struct Server {
    /// Its address, such as `http://127.0.0.1:40123`.
    pub url: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    /// Starts a server that answers the `n`th request (from 0) with `reply(n, request)`.
    pub async fn start(reply: impl Fn(usize, &Request) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (reply, recorded) = (Arc::new(reply), requests.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(connection(stream, reply.clone(), recorded.clone()));
            }
        });
        Server { url, requests }
    }

    /// The requests read so far.
    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

/// Serves the requests of one connection until it closes.
async fn connection<F>(mut stream: TcpStream, reply: Arc<F>, requests: Arc<Mutex<Vec<Request>>>)
where
    F: Fn(usize, &Request) -> Reply + Send + Sync + 'static,
{
    let mut buffer = Vec::new();
    while let Some(request) = read_request(&mut stream, &mut buffer).await {
        let index = {
            let mut requests = requests.lock().unwrap();
            requests.push(request.clone());
            requests.len() - 1
        };
        match reply(index, &request) {
            Reply::Send(bytes) => {
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Reply::Hang => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            }
            Reply::Reset => {
                let _ = stream.set_zero_linger();
                return;
            }
            Reply::Drip { head, every } => {
                let _ = stream.write_all(&head).await;
                while stream.write_all(b"x").await.is_ok() {
                    tokio::time::sleep(every).await;
                }
                return;
            }
            Reply::Flood { head, chunk } => {
                let _ = stream.write_all(&head).await;
                while stream.write_all(&chunk).await.is_ok() {}
                return;
            }
            Reply::Chunks {
                head,
                chunk,
                count,
                every,
                stall,
            } => {
                let _ = stream.write_all(&head).await;
                for _ in 0..count {
                    if stream.write_all(&chunk).await.is_err() {
                        return;
                    }
                    if !every.is_zero() {
                        tokio::time::sleep(every).await;
                    }
                }
                if stall {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                }
                return;
            }
            Reply::Pieces {
                head,
                pieces,
                every,
            } => {
                let _ = stream.set_nodelay(true);
                let _ = stream.write_all(&head).await;
                for piece in pieces {
                    tokio::time::sleep(every).await;
                    if stream.write_all(&piece).await.is_err() {
                        return;
                    }
                }
                return;
            }
        }
    }
}

/// Reads one request (head and `Content-Length` body), or `None` when the connection ends.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Request> {
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > MAX_HEAD {
            return None;
        }
        let mut chunk = [0u8; 8192];
        let read = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut start = lines.next()?.split(' ');
    let (method, target) = (start.next()?.to_string(), start.next()?.to_string());
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + 4 + length {
        let mut chunk = [0u8; 8192];
        let read = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = buffer[head_end + 4..head_end + 4 + length].to_vec();
    buffer.drain(..head_end + 4 + length);
    Some(Request {
        method,
        target,
        headers,
        body,
        at: std::time::Instant::now(),
    })
}

/// A complete response with a `Content-Length`.
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut text = format!(
        "HTTP/1.1 {status} Whatever\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    text.into_bytes()
}

/// A JSON 200 response with extra headers.
pub fn json(headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut all = vec![("content-type", "application/json")];
    all.extend_from_slice(headers);
    response(200, &all, body)
}
