//! `WWW-Authenticate` challenges (RFC 9110 §11.6.1), read leniently: the scheme and the
//! auth-params of each, for the errors of RFC 6750 §3.1 and RFC 9449 §7.1.

use reqwest::header::{HeaderMap, WWW_AUTHENTICATE};

/// The longest header value read: a longer one is a broken or hostile server's.
const MAX_CHALLENGE: usize = 8 * 1024;

/// One challenge: its scheme (`Bearer`, `DPoP`) and its auth-params, names in lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Challenge {
    pub(crate) scheme: String,
    pub(crate) params: Vec<(String, String)>,
}

impl Challenge {
    /// The value of an auth-param, by its name in lower case.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Every challenge of every `WWW-Authenticate` header, in order.
pub(crate) fn challenges(headers: &HeaderMap) -> Vec<Challenge> {
    headers
        .get_all(WWW_AUTHENTICATE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter(|value| value.len() <= MAX_CHALLENGE)
        .flat_map(parse)
        .collect()
}

/// The first challenge whose `error` auth-param is `error`, of the scheme given if any.
pub(crate) fn with_error(headers: &HeaderMap, scheme: Option<&str>, error: &str) -> Option<Challenge> {
    challenges(headers).into_iter().find(|challenge| {
        challenge.param("error") == Some(error)
            && match scheme {
                Some(scheme) => challenge.scheme.eq_ignore_ascii_case(scheme),
                None => true,
            }
    })
}

/// The challenges of one header value. A token followed by `=` is an auth-param of the
/// challenge being read; any other token starts a new challenge; a token68 is skipped.
fn parse(value: &str) -> Vec<Challenge> {
    let mut out: Vec<Challenge> = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches([' ', '\t', ',']);
        let token_end = rest.find(|c: char| !is_token_char(c)).unwrap_or(rest.len());
        if token_end == 0 {
            return out;
        }
        let token = &rest[..token_end];
        let after = rest[token_end..].trim_start_matches([' ', '\t']);
        match (after.strip_prefix('='), out.last_mut()) {
            (Some(value_start), Some(challenge)) if !value_start.starts_with('=') && !value_start.trim_start().starts_with(',') && !value_start.trim().is_empty() => {
                let (value, remaining) = param_value(value_start.trim_start_matches([' ', '\t']));
                challenge.params.push((token.to_ascii_lowercase(), value));
                rest = remaining;
            }
            (Some(_), _) => {
                // A token68, or an auth-param with no challenge: skip to the next comma.
                rest = after.find(',').map_or("", |comma| &after[comma..]);
            }
            (None, _) => {
                out.push(Challenge { scheme: token.to_string(), params: Vec::new() });
                rest = after;
            }
        }
    }
}

/// A quoted-string or token value, and what follows it.
fn param_value(text: &str) -> (String, &str) {
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text.find(|c: char| !is_token_char(c)).unwrap_or(text.len());
        return (text[..end].to_string(), &text[end..]);
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((index, c)) = chars.next() {
        match c {
            '"' => return (value, &quoted[index + 1..]),
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    value.push(escaped);
                }
            }
            other => value.push(other),
        }
    }
    (value, "")
}

/// Whether `c` may appear in an RFC 9110 token.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}
