//! A field that can be absent, explicitly null, or a value: the three states of a JSON property.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A property that can be left out, sent as `null`, or sent with a value.
///
/// Optional, nullable properties use this instead of `Option<Option<T>>`, so the three
/// cases are visible: on a partial update, [`Nullable::Absent`] leaves the property as it
/// is, [`Nullable::Null`] clears it, and [`Nullable::Value`] sets it.
///
/// ```
/// # use {{crate}}::Nullable;
/// let cleared: Nullable<String> = Nullable::Null;
/// let set: Nullable<String> = "555-0100".to_string().into();
/// assert_eq!(serde_json::to_string(&cleared).unwrap(), "null");
/// assert_eq!(set.as_ref().value(), Some(&"555-0100".to_string()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// The property is not in the JSON object.
    #[default]
    Absent,
    /// The property is in the JSON object with the value `null`.
    Null,
    /// The property is in the JSON object with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property is absent; used to leave it out when serializing.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the property is explicitly `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// The value, if there is one, borrowed: absent and null are both `None`.
    pub fn as_option(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }

    /// Borrows the value inside.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` becomes an explicit `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            _ => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}
