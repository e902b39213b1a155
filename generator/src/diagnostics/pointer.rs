//! JSON pointers into the spec, built one segment at a time so that escaping and joining
//! cannot be got wrong at a call site.

use std::fmt;

/// A JSON pointer in URI-fragment form (`#/paths/~1users/get`), or empty for the whole
/// document when no place can be named.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The document's root, `#`.
    pub fn root() -> Self {
        Pointer("#".to_string())
    }

    /// No place in particular: the document as a whole.
    pub fn whole() -> Self {
        Pointer(String::new())
    }

    /// A pointer as a local `$ref` writes it (`#/components/schemas/User`), already escaped.
    pub fn from_reference(reference: &str) -> Self {
        Pointer(reference.to_string())
    }

    /// The pointer one key deeper, the key escaped (`~` as `~0`, `/` as `~1`).
    pub fn key(&self, key: &str) -> Self {
        let base = if self.0.is_empty() { "#" } else { &self.0 };
        Pointer(format!(
            "{base}/{}",
            key.replace('~', "~0").replace('/', "~1")
        ))
    }

    /// The pointer one array index deeper.
    pub fn index(&self, index: usize) -> Self {
        self.key(&index.to_string())
    }

    /// The pointer one segment up; the root stays the root.
    pub fn parent(&self) -> Self {
        match self.0.rsplit_once('/') {
            Some((head, _)) => Pointer(head.to_string()),
            None => self.clone(),
        }
    }

    /// The pointer as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it names no place.
    pub fn is_whole(&self) -> bool {
        self.0.is_empty()
    }

    /// The unescaped segments after the root.
    pub fn segments(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .strip_prefix('#')
            .unwrap_or(&self.0)
            .split('/')
            .skip(1)
            .map(unescape)
    }
}

/// Undoes RFC 6901 escaping in one segment of a JSON pointer (`~1` is `/`, `~0` is `~`):
/// the one place it is done.
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn segments_are_escaped_and_joined_once() {
        let pointer = Pointer::root()
            .key("paths")
            .key("/users/{id}")
            .key("get")
            .key("a~b");
        assert_eq!(pointer.as_str(), "#/paths/~1users~1{id}/get/a~0b");
        assert_eq!(pointer.parent().as_str(), "#/paths/~1users~1{id}/get");
        assert_eq!(Pointer::root().key("allOf").index(2).as_str(), "#/allOf/2");
        assert_eq!(Pointer::whole().key("openapi").as_str(), "#/openapi");
        let segments: Vec<String> = pointer.segments().collect();
        assert_eq!(segments, ["paths", "/users/{id}", "get", "a~b"]);
    }
}
