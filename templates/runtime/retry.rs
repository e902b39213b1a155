//! When a request is sent again, and after how long: the rules of [`RetryPolicy`], the waits
//! servers ask for (`Retry-After`, RFC 9110 §10.2.3; the IETF `RateLimit` headers;
//! `X-RateLimit-Reset`; Okta's `X-Rate-Limit-Reset`), and exponential backoff with jitter.

use super::client::RetryPolicy;
use super::request::RequestParts;
use super::Error;
use reqwest::header::{HeaderMap, DATE, RETRY_AFTER};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A reset past this many seconds is a Unix time, not a number of seconds from now (GitHub
/// sends epochs in `X-RateLimit-Reset`, others deltas).
const EPOCH_THRESHOLD: u64 = 1_000_000_000;

/// The longest wait any header can ask for that the client reads as such: a day.
const LONGEST_WAIT: u64 = 24 * 3600;

/// A wait a server asked for: what it asked, and a margin the client adds to it (Okta's SDKs
/// add a second to `X-Rate-Limit-Reset`), which never counts against the policy's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wait {
    pub(crate) asked: Duration,
    pub(crate) margin: Duration,
}

/// Whether a request may be sent again after a 5xx or a failure once it was sent.
pub(crate) fn idempotent(parts: &RequestParts, policy: &RetryPolicy) -> bool {
    policy.idempotent.unwrap_or_else(|| {
        matches!(parts.method.as_str(), "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS")
            || parts.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("idempotency-key"))
    })
}

/// Whether a status may be retried, for a request that is idempotent or not.
pub(crate) fn retried_status(status: u16, idempotent: bool) -> bool {
    match status {
        429 => true,
        502..=504 => idempotent,
        _ => false,
    }
}

/// Whether the request failed before any of it was sent: a failure to connect.
pub(crate) fn unsent(err: &Error) -> bool {
    match err {
        Error::Transport(err) => err.is_connect(),
        Error::Timeout(err) => err.waiting_for == "a connection",
        _ => false,
    }
}

/// Whether a failure may be retried, for a request that is idempotent or not.
pub(crate) fn retried_failure(err: &Error, idempotent: bool) -> bool {
    match err {
        Error::Transport(transport) => unsent(err) || (idempotent && !transport.is_builder() && !transport.is_redirect()),
        Error::Timeout(_) => unsent(err) || idempotent,
        _ => false,
    }
}

/// The backoff before retry number `attempt + 1`: a random wait up to `initial · 2^attempt`,
/// never more than `max` (full jitter).
pub(crate) fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let ceiling = policy.initial_backoff.saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX)).min(policy.max_backoff);
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    if nanos == 0 {
        return Duration::ZERO;
    }
    Duration::from_nanos(random() % (nanos + 1))
}

/// A random number, from the standard library's per-process random hash keys and the clock:
/// enough to spread retries, and no dependency.
fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    hasher.finish()
}

/// The wait the response asks for before a retry, from the first header family it carries:
/// `Retry-After`, `RateLimit`, `RateLimit-Reset`, `X-RateLimit-Reset`, `X-Rate-Limit-Reset`.
/// No header value can make it overflow or exceed a day.
pub(crate) fn server_wait(headers: &HeaderMap) -> Option<Wait> {
    let now = server_now(headers);
    let exact = |seconds: u64| Wait { asked: Duration::from_secs(seconds.min(LONGEST_WAIT)), margin: Duration::ZERO };
    if let Some(value) = text(headers, RETRY_AFTER.as_str()) {
        if let Ok(seconds) = value.trim().parse::<u64>() {
            return Some(exact(seconds));
        }
        if let Some(date) = http_date(value) {
            return Some(exact(date.saturating_sub(now)));
        }
    }
    if let Some(reset) = structured_reset(headers).or_else(|| first_number(headers, "ratelimit-reset")) {
        return Some(exact(reset));
    }
    if let Some(reset) = first_number(headers, "x-ratelimit-reset") {
        return Some(exact(if reset > EPOCH_THRESHOLD { reset.saturating_sub(now) } else { reset }));
    }
    let reset = super::response::numbers(headers, "x-rate-limit-reset").max()?;
    Some(Wait { asked: Duration::from_secs(reset.saturating_sub(now).min(LONGEST_WAIT)), margin: Duration::from_secs(1) })
}

/// When the rate-limit window resets, in seconds since the Unix epoch, from whichever header
/// family the server used.
pub(crate) fn reset_at(headers: &HeaderMap) -> Option<u64> {
    let now = server_now(headers);
    if let Some(reset) = super::response::numbers(headers, "x-rate-limit-reset").max() {
        return Some(reset);
    }
    if let Some(reset) = first_number(headers, "x-ratelimit-reset") {
        return Some(if reset > EPOCH_THRESHOLD { reset } else { now.saturating_add(reset) });
    }
    let delta = structured_reset(headers).or_else(|| first_number(headers, "ratelimit-reset"))?;
    Some(now.saturating_add(delta))
}

/// The remaining count, from whichever header family the server used; the lowest wins.
pub(crate) fn remaining(headers: &HeaderMap) -> Option<u64> {
    super::response::numbers(headers, "x-rate-limit-remaining")
        .chain(super::response::numbers(headers, "x-ratelimit-remaining"))
        .chain(super::response::numbers(headers, "ratelimit-remaining"))
        .chain(structured(headers).into_iter().filter_map(|item| item.remaining))
        .min()
}

/// The limit, from whichever header family the server used; the lowest wins.
pub(crate) fn limit(headers: &HeaderMap) -> Option<u64> {
    let policy_quota = text(headers, "ratelimit-policy").into_iter().flat_map(|value| value.split(',')).filter_map(|item| param(item, "q"));
    super::response::numbers(headers, "x-rate-limit-limit")
        .chain(super::response::numbers(headers, "x-ratelimit-limit"))
        .chain(super::response::numbers(headers, "ratelimit-limit"))
        .chain(policy_quota)
        .min()
}

/// One item of the structured `RateLimit` field: `"policy";r=remaining;t=reset`.
struct Item {
    remaining: Option<u64>,
    reset: Option<u64>,
}

/// The items of the `RateLimit` headers (draft-ietf-httpapi-ratelimit-headers).
fn structured(headers: &HeaderMap) -> Vec<Item> {
    headers
        .get_all("ratelimit")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|item| Item { remaining: param(item, "r"), reset: param(item, "t") })
        .collect()
}

/// The reset of the structured `RateLimit` field: that of an exhausted policy (`r=0`) if
/// one is, else the latest.
fn structured_reset(headers: &HeaderMap) -> Option<u64> {
    let items = structured(headers);
    items
        .iter()
        .filter(|item| item.remaining == Some(0))
        .filter_map(|item| item.reset)
        .max()
        .or_else(|| items.iter().filter_map(|item| item.reset).max())
}

/// A numeric parameter (`;name=value`) of a structured-field item.
fn param(item: &str, name: &str) -> Option<u64> {
    item.split(';').skip(1).find_map(|part| {
        let (key, value) = part.split_once('=')?;
        (key.trim() == name).then(|| value.trim().parse().ok()).flatten()
    })
}

/// The first value of a header as text.
fn text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name)?.to_str().ok()
}

/// The first number of a header.
fn first_number(headers: &HeaderMap, name: &str) -> Option<u64> {
    super::response::numbers(headers, name).next()
}

/// Now, by the server's `Date` when it sent one, so that clock skew does not matter.
fn server_now(headers: &HeaderMap) -> u64 {
    text(headers, DATE.as_str())
        .and_then(http_date)
        .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0))
}

/// An HTTP date (IMF-fixdate, or RFC 850 and asctime as RFC 9110 §5.6.7 allows read leniently
/// through RFC 2822) in seconds since the Unix epoch.
fn http_date(value: &str) -> Option<u64> {
    chrono::DateTime::parse_from_rfc2822(value.trim()).ok().and_then(|date| u64::try_from(date.timestamp()).ok())
}
