//! Types: the schemas of a spec as named Rust-shaped definitions and references to them.

use crate::ident::RustName;

/// A reference to a type, as a field, parameter or body uses it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    /// A scalar.
    Primitive(Primitive),
    /// A named type in [`crate::ir::Api::types`], by Rust name.
    Named(RustName),
    /// A JSON array.
    Array(Box<TypeRef>),
    /// A JSON object used as a map from string keys.
    Map(Box<TypeRef>),
    /// A value that may also be JSON `null`: an array item or map value whose schema says
    /// `nullable` (itself, or one of its `oneOf`/`anyOf`/`allOf` members).
    Option(Box<TypeRef>),
    /// Any JSON value.
    Any,
}

/// The scalar types, after `type` and `format` are read together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    String,
    Boolean,
    I32,
    I64,
    /// An integer whose format says unsigned or whose minimum is zero is still `I64`:
    /// only explicit unsigned formats map here.
    U64,
    /// Every `number`: JSON numbers are doubles.
    F64,
    /// `format: date-time`.
    DateTime,
    /// `format: date`.
    Date,
    /// `format: binary`, or a non-JSON octet body.
    Bytes,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name, UpperCamelCase and unique.
    pub name: RustName,
    /// The JSON pointer of the schema this came from.
    pub pointer: crate::diagnostics::Pointer,
    /// The description, if any.
    pub doc: Option<String>,
    /// Whether the schema is marked deprecated.
    pub deprecated: bool,
    /// What it is.
    pub kind: TypeKind,
    /// Whether it derives `Default`; filled by the analysis pass.
    pub derives_default: bool,
}

impl TypeDef {
    /// Every type reference the type holds: its fields and the type of its unknown
    /// properties, its variants, or the type it names: the one walk over a type's children.
    pub fn refs(&self) -> Vec<&TypeRef> {
        match &self.kind {
            TypeKind::Struct(st) => st
                .fields
                .iter()
                .map(|f| &f.ty)
                .chain(st.additional.iter())
                .collect(),
            TypeKind::Union(union) => union.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => vec![ty],
            TypeKind::Enum(_) => Vec::new(),
        }
    }
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A closed set of values that keeps unknown ones.
    Enum(EnumValues),
    /// One of several shapes (`oneOf`, `anyOf`).
    Union(Union),
    /// Another name for a type (a schema that is only an array, a map or a scalar).
    Alias(TypeRef),
    /// A struct around one type, for an alias that contains itself (`Root = Vec<Root>`),
    /// which a type alias cannot express; made by the analysis pass.
    Newtype(TypeRef),
}

/// An object type.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Struct {
    /// The properties, in spec order.
    pub fields: Vec<Field>,
    /// The type of additional properties, when the schema allows them and says so.
    pub additional: Option<TypeRef>,
    /// Whether properties the spec does not name are kept (as JSON values) when the schema
    /// declares no additional properties of its own: forward compatibility.
    pub keeps_unknown: bool,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The exact JSON name.
    pub json_name: String,
    /// The Rust field name, snake_case and unique in its struct.
    pub rust_name: RustName,
    /// The type of a present, non-null value.
    pub ty: TypeRef,
    /// Listed in the schema's `required`.
    pub required: bool,
    /// `nullable: true`: the value may be JSON `null`.
    pub nullable: bool,
    /// `readOnly: true`: the server sends it and ignores it on requests.
    pub read_only: bool,
    /// `writeOnly: true`: the client sends it and the server never returns it.
    pub write_only: bool,
    /// Whether it is held in a `Box`: the type refers back to the struct, or nests too
    /// deeply by value; filled by the analysis pass.
    pub boxed: bool,
    /// The description, if any.
    pub doc: Option<String>,
    /// Whether the property is deprecated.
    pub deprecated: bool,
}

/// The values of an enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumValues {
    /// String values, each with its Rust variant name.
    String(Vec<(String, RustName)>),
    /// Integer values, each with its Rust variant name.
    Integer(Vec<(i64, RustName)>),
}

/// A union of shapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Union {
    /// How the variants are told apart on the wire.
    pub tagging: UnionTagging,
    /// The variants, in spec order.
    pub variants: Vec<UnionVariant>,
}

/// How the variants of a union are told apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnionTagging {
    /// By a property of the object (`discriminator.propertyName`).
    Internal { property: String },
    /// By trying each variant in turn.
    Untagged,
}

/// One variant of a union.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: RustName,
    /// The discriminator value that selects it, for tagged unions.
    pub tag: Option<String>,
    /// What the variant holds.
    pub ty: TypeRef,
    /// Whether it is held in a `Box`; filled by the analysis pass.
    pub boxed: bool,
}
