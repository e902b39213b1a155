//! Rust names for things named in a spec: case conversion, keywords, leading digits and collisions.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::{BTreeMap, BTreeSet};

/// Words that cannot be plain identifiers; they become raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Words that cannot even be raw identifiers; they get a trailing underscore.
const RESERVED: &[&str] = &["self", "Self", "crate", "super", "_"];

/// Whether `name` is a Rust keyword, reserved word or path keyword (`self`, `crate`).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || RESERVED.contains(&name)
}

/// Splits a name into words, keeping only letters and digits.
fn cleaned(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut previous_was_separator = false;
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
            previous_was_separator = false;
        } else if !previous_was_separator {
            out.push('_');
            previous_was_separator = true;
        }
    }
    out
}

/// A Rust identifier made from a name in a spec: cased, a keyword made raw (`r#type`) or
/// suffixed (`self_`), a leading digit escaped. It is made only here, by [`snake`],
/// [`camel`], [`module`] and [`Namespace::unique`], so every emitter writes names the same way.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RustName(String);

/// Debugs as the name's text, so that dumps of the IR read like the code.
impl std::fmt::Debug for RustName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}

impl RustName {
    /// The name as Rust code writes it (`r#type`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name as it reads in prose, in serde attributes and in file names (`type`).
    pub fn plain(&self) -> &str {
        self.0.strip_prefix("r#").unwrap_or(&self.0)
    }

    /// Whether it is a raw identifier (`r#type`).
    pub fn is_raw(&self) -> bool {
        self.0.starts_with("r#")
    }

    /// The name with `prefix` before it (`expect_` and `list_users`), itself a valid name.
    pub fn with_prefix(&self, prefix: &str) -> RustName {
        escape(format!("{prefix}{}", self.plain()))
    }

    /// The name with `suffix` after it (`ListUsers` and `Responses`), itself a valid name.
    pub fn with_suffix(&self, suffix: &str) -> RustName {
        escape(format!("{}{suffix}", self.plain()))
    }
}

impl std::fmt::Display for RustName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for RustName {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for RustName {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for RustName {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for RustName {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// The snake_case form of `name`, safe to use as a field or method name.
pub fn snake(name: &str) -> RustName {
    let mut out = cleaned(name).to_snake_case();
    if out.is_empty() {
        out = "value".to_string();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    escape(out)
}

/// The UpperCamelCase form of `name`, safe to use as a type or variant name.
pub fn camel(name: &str) -> RustName {
    let cleaned = cleaned(name);
    let mut out = cleaned.to_upper_camel_case();
    if out.is_empty() {
        out = if name.is_empty() {
            "Empty".to_string()
        } else {
            symbol_name(name)
        };
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    escape(out)
}

/// A name for an enum value with no letters or digits, such as `+` or `-`.
fn symbol_name(name: &str) -> String {
    let words: Vec<&str> = name
        .chars()
        .map(|c| match c {
            '+' => "Plus",
            '-' => "Minus",
            '*' => "Star",
            '<' => "Lt",
            '>' => "Gt",
            '=' => "Eq",
            '.' => "Dot",
            '/' => "Slash",
            ' ' => "Space",
            _ => "Symbol",
        })
        .collect();
    words.concat()
}

/// A name the user chose (`--schema-name User=OktaUser`), kept as written when it is a
/// Rust identifier that is not a keyword.
pub fn chosen(name: &str) -> Result<RustName, String> {
    let mut chars = name.chars();
    let starts = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !starts || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') || name == "_" {
        return Err(format!(
            "`{name}` is not a Rust identifier\n  = hint: use ASCII letters, digits and `_`, starting with a letter, such as `OktaUser`"
        ));
    }
    if is_keyword(name) {
        return Err(format!(
            "`{name}` is a Rust keyword\n  = hint: choose another name, such as `{name}_`"
        ));
    }
    Ok(RustName(name.to_string()))
}

/// A module's name from a tag or a path segment: snake case, and a keyword gets a trailing
/// underscore rather than a raw identifier, since the name is a file's too.
pub fn module(name: &str) -> RustName {
    let snake = snake(name);
    match snake.0.strip_prefix("r#") {
        Some(keyword) => RustName(format!("{keyword}_")),
        None => snake,
    }
}

/// Raw or suffixed form for keywords.
fn escape(name: String) -> RustName {
    RustName(if RESERVED.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    })
}

/// Hands out names that are unique within one scope, suffixing repeats with a number.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
    /// The names generated code defines in this scope, with what defines them.
    reserved: BTreeMap<String, &'static str>,
}

impl Namespace {
    /// A namespace in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
            reserved: BTreeMap::new(),
        }
    }

    /// A namespace in which the names of a registry list are taken, remembering their owner.
    pub fn reserving(reserved: crate::reserved::Reserved) -> Self {
        Namespace {
            taken: reserved.names.iter().map(|s| s.to_string()).collect(),
            reserved: reserved
                .names
                .iter()
                .map(|s| (s.to_string(), reserved.owner))
                .collect(),
        }
    }

    /// What defines `name` already, when it is a reserved name of this scope.
    pub fn reserved_by(&self, name: &str) -> Option<&'static str> {
        self.reserved.get(name).copied()
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `name`, or `name2`, `name3`, … if it is taken.
    pub fn unique(&mut self, name: RustName) -> RustName {
        if self.taken.insert(name.0.clone()) {
            return name;
        }
        let base = name.plain().to_string();
        (2..)
            .map(|n| format!("{base}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .map_or(name, RustName)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_table() {
        let table = [
            ("userId", "user_id"),
            ("type", "r#type"),
            ("self", "self_"),
            ("_links", "links"),
            ("2fa", "_2fa"),
            ("X-Rate-Limit", "x_rate_limit"),
            ("client_id", "client_id"),
            ("", "value"),
            ("OAuth2Client", "o_auth2_client"),
            ("$ref", "r#ref"),
        ];
        for (input, expected) in table {
            assert_eq!(snake(input), expected, "snake({input:?})");
        }
    }

    #[test]
    fn camel_case_table() {
        let table = [
            ("user_status", "UserStatus"),
            ("ACTIVE", "Active"),
            ("LOCKED_OUT", "LockedOut"),
            ("Self", "Self_"),
            ("3des", "V3des"),
            ("+", "Plus"),
            ("", "Empty"),
            ("application/json", "ApplicationJson"),
        ];
        for (input, expected) in table {
            assert_eq!(camel(input), expected, "camel({input:?})");
        }
    }

    #[test]
    fn namespace_suffixes_repeats() {
        let mut names = Namespace::default();
        assert_eq!(names.unique(snake("user")), "user");
        assert_eq!(names.unique(snake("user")), "user2");
        assert_eq!(names.unique(snake("user")), "user3");
        let mut fields = Namespace::default();
        assert_eq!(fields.unique(snake("type")), "r#type");
        assert_eq!(fields.unique(snake("type")), "type2");
        assert_eq!(module("type"), "type_");
        assert_eq!(chosen("OktaUser").unwrap(), "OktaUser");
        assert!(chosen("okta-user")
            .unwrap_err()
            .contains("not a Rust identifier"));
        assert!(chosen("Self").unwrap_err().contains("keyword"));
        assert!(chosen("").is_err());
        assert_eq!(
            camel("list_users").with_suffix("Responses"),
            "ListUsersResponses"
        );
    }
}
