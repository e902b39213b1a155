//! What one call of the conformance harness came to, and the samples it calls with.

use reqwest::header::HeaderMap;

/// One operation's outcome.
#[derive(Debug)]
pub struct Outcome {
    /// The operationId.
    pub operation: &'static str,
    /// `accepted`, `rejected`, `undecoded`, `failed` or `not-called`.
    pub kind: &'static str,
    /// What happened, in one line.
    pub detail: String,
}

/// Prism's `sl-violations` header: what it found the request or the response breaks.
fn violations(headers: &HeaderMap) -> Option<String> {
    let text = headers.get("sl-violations")?.to_str().ok()?;
    let parsed: serde_json::Value = serde_json::from_str(text).ok()?;
    let messages: Vec<String> = parsed
        .as_array()?
        .iter()
        .map(|v| {
            let at = v["location"].as_array().map(|l| l.iter().map(|p| p.as_str().map_or(p.to_string(), str::to_string)).collect::<Vec<_>>().join(".")).unwrap_or_default();
            format!("{at}: {}", v["message"].as_str().unwrap_or(""))
        })
        .collect();
    Some(messages.join("; "))
}

/// The `validation` list of Prism's problem body for an invalid request, read from the
/// error's text, which holds the start of the body.
fn problem_violations(message: &str) -> Option<String> {
    if !message.contains("errors#UNPROCESSABLE_ENTITY") {
        return None;
    }
    let start = message.find("\"validation\"")?;
    let messages: Vec<&str> = message[start..]
        .split("\"message\":\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    Some(if messages.is_empty() { "Prism finds the request invalid".to_string() } else { messages.join("; ") })
}

/// A line of text at most 400 characters long.
fn line(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(400) {
        Some((at, _)) => format!("{}…", &flat[..at]),
        None => flat,
    }
}

impl Outcome {
    /// The request was accepted and its response decoded.
    pub fn accepted(operation: &'static str, headers: &HeaderMap) -> Outcome {
        let detail = violations(headers).map(|v| line(&format!("decoded a response Prism finds invalid: {v}"))).unwrap_or_default();
        Outcome { operation, kind: "accepted", detail }
    }

    /// The response did not decode.
    pub fn undecoded(operation: &'static str, path: &str, message: &str, headers: &HeaderMap) -> Outcome {
        let validity = match violations(headers) {
            Some(v) => format!("Prism finds the body invalid: {v}"),
            None => "Prism finds the body valid".to_string(),
        };
        Outcome { operation, kind: "undecoded", detail: line(&format!("at {path}: {message}; {validity}")) }
    }

    /// The call failed: rejected by Prism (with its violations, from its header or its
    /// problem body), or another error.
    pub fn failed(operation: &'static str, status: Option<u16>, message: &str, headers: &HeaderMap) -> Outcome {
        let found = violations(headers).or_else(|| problem_violations(message));
        match (found, status) {
            (Some(v), Some(status)) if status >= 400 => Outcome { operation, kind: "rejected", detail: line(&format!("{status}: {v}")) },
            _ => Outcome { operation, kind: "failed", detail: line(message) },
        }
    }

    /// The call could not be made: a sample does not fit the client's type.
    pub fn not_called(operation: &'static str, what: &str, err: &serde_json::Error) -> Outcome {
        Outcome { operation, kind: "not-called", detail: line(&format!("{what}: {err}")) }
    }
}

/// The first of a value's samples (JSON texts, best first: the spec's example, then one
/// built from its schema) that fits the client's type; else the first one's error.
pub fn sample<T: serde::de::DeserializeOwned>(candidates: &[&str]) -> Result<T, serde_json::Error> {
    let mut first = None;
    for json in candidates {
        match serde_json::from_str(json) {
            Ok(value) => return Ok(value),
            Err(err) => {
                first.get_or_insert(err);
            }
        }
    }
    Err(first.unwrap_or_else(|| serde::de::Error::custom("the spec gives no sample")))
}
