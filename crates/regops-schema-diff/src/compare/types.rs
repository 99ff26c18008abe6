//! Whether a value of one type decodes as another: the wire verdict of a type change.
//!
//! Claims here are checked by the wire property test (`tests/wire_claims.rs`), which encodes
//! values of the old types with the XML-RPC codec and decodes them with the new generated
//! types, and the reverse. Anything not known to cross is `breaking`.

use regops_schema::ir::{Enum, EnumSet, Item, NamedKind, Type};

use crate::change::{Flow, Level, Wire};
use crate::side::Side;

use super::Cx;

/// The wire verdict of changing `old` into `new`; `None` when they are the same type.
pub(crate) fn crossing(cx: &Cx<'_>, old: &Type, new: &Type) -> Option<Wire> {
    if cx.same_type(old, new) {
        return None;
    }
    let (old_to_new, new_to_old) = cross(cx, old, new);
    Some(Wire {
        old_to_new,
        new_to_old,
    })
}

fn breaking(note: impl Into<String>) -> Flow {
    Flow::new(Level::Breaking, note)
}

/// Both directions of `old` → `new`.
fn cross(cx: &Cx<'_>, old: &Type, new: &Type) -> (Flow, Flow) {
    if cx.same_type(old, new) {
        return (Flow::compatible(), Flow::compatible());
    }
    let (o, n) = (old.to_string(), new.to_string());
    match (old, new) {
        (Type::Array(a), Type::Array(b)) | (Type::OneOrArray(a), Type::OneOrArray(b)) => {
            cross(cx, a, b)
        }
        (Type::Array(a), Type::OneOrArray(b)) => (
            cross(cx, a, b).0,
            breaking(format!(
                "the new side may send one `{}` where the old side expects an array",
                b
            )),
        ),
        (Type::OneOrArray(a), Type::Array(b)) => (
            breaking(format!(
                "the old side may send one `{}` where the new side expects an array",
                a
            )),
            cross(cx, a, b).1,
        ),
        (_, Type::OneOrArray(b)) => (
            cross(cx, old, b).0,
            breaking(format!(
                "the new side may send an array where the old side expects one `{o}`"
            )),
        ),
        (Type::OneOrArray(a), _) => (
            breaking(format!(
                "the old side may send an array where the new side expects one `{n}`"
            )),
            cross(cx, a, new).1,
        ),
        (_, Type::Any) => (
            Flow::new(
                Level::Kept,
                format!("the new side keeps the `{o}` as an untyped `Value`"),
            ),
            breaking("the new side may send any value"),
        ),
        (Type::Any, _) => (
            breaking("the old side may send any value"),
            Flow::new(
                Level::Kept,
                format!("the old side keeps the `{n}` as an untyped `Value`"),
            ),
        ),
        (Type::MapOf(a), Type::MapOf(b)) => cross(cx, a, b),
        (Type::MapOf(_), Type::Map) => (
            Flow::new(
                Level::Kept,
                format!("the new side keeps the `{o}` as an untyped map"),
            ),
            breaking("the new side may send any map"),
        ),
        (Type::Map, Type::MapOf(_)) => (
            breaking("the old side may send any map"),
            Flow::new(
                Level::Kept,
                format!("the old side keeps the `{n}` as an untyped map"),
            ),
        ),
        (Type::Int, Type::IntOrDigits) => (
            Flow::compatible(),
            breaking("the new side may send the number as a string of digits"),
        ),
        (Type::IntOrDigits, Type::Int) => (
            breaking("the old side may send the number as a string of digits"),
            Flow::compatible(),
        ),
        (Type::Named(_, NamedKind::Struct), Type::Map) => (
            Flow::new(
                Level::Kept,
                format!("the new side keeps the `{o}` as an untyped map"),
            ),
            breaking("the new side may send any map"),
        ),
        (Type::Map, Type::Named(_, NamedKind::Struct)) => (
            breaking("the old side may send any map"),
            Flow::new(
                Level::Kept,
                format!("the old side keeps the `{n}` as an untyped map"),
            ),
        ),
        // Takes text and `dateTime.iso8601` alike, and sends either.
        (_, Type::DateTimeOrString) if text(cx.old, old).is_some() || *old == Type::DateTime => (
            Flow::compatible(),
            breaking(format!(
                "the new side may send any text as well as `dateTime.iso8601`; `{o}` does not read both"
            )),
        ),
        (Type::DateTimeOrString, _) if text(cx.new, new).is_some() || *new == Type::DateTime => (
            breaking(format!(
                "the old side may send any text as well as `dateTime.iso8601`; `{n}` does not read both"
            )),
            Flow::compatible(),
        ),
        _ => match (text(cx.old, old), text(cx.new, new)) {
            (Some(a), Some(b)) => (text_flow(&a, &b, "new", &o), text_flow(&b, &a, "old", &n)),
            _ => {
                let note = format!("`{o}` and `{n}` are different wire types");
                (breaking(note.clone()), breaking(note))
            }
        },
    }
}

/// What text a type carries: every string type is a string on the wire.
enum Text<'s> {
    /// Any string (`string`, `apikey`).
    Any,
    /// `YYYY-MM-DD` only.
    Date,
    /// A status list: any string, read as a state and flags.
    Status,
    /// An enum's values (and others, when the enum keeps unknown values).
    Values(&'s Enum),
}

fn text<'s>(side: &'s Side, ty: &Type) -> Option<Text<'s>> {
    match ty {
        Type::String | Type::ApiKey => Some(Text::Any),
        Type::Date => Some(Text::Date),
        Type::Named(path, _) => match side.schema.item(path)? {
            Item::Enum(e) => Some(Text::Values(e)),
            Item::StatusList(_) => Some(Text::Status),
            Item::Struct(_) | Item::Machine(_) | Item::Mapping(_) | Item::Method(_) => None,
        },
        Type::Int
        | Type::IntOrDigits
        | Type::MapOf(_)
        | Type::Bool
        | Type::Double
        | Type::DateTime
        | Type::DateTimeOrString
        | Type::Base64
        | Type::Any
        | Type::Map
        | Type::Array(_)
        | Type::OneOrArray(_) => None,
    }
}

/// A string the `sender` type produces, decoded as the `receiver` type on the `side` side.
fn text_flow(sender: &Text<'_>, receiver: &Text<'_>, side: &str, sent: &str) -> Flow {
    match receiver {
        Text::Any => Flow::compatible(),
        Text::Date => match sender {
            Text::Date => Flow::compatible(),
            _ => breaking(format!(
                "a `{sent}` that is not a `YYYY-MM-DD` date fails to decode on the {side} side"
            )),
        },
        Text::Status => match sender {
            Text::Status => Flow::compatible(),
            _ => Flow::new(
                Level::Kept,
                format!("the {side} side reads the `{sent}` text as a status list and keeps it"),
            ),
        },
        Text::Values(e) => {
            let unknown: Vec<&str> = match sender {
                Text::Values(s) => s
                    .values
                    .iter()
                    .map(|v| v.wire.as_str())
                    .filter(|w| !e.values.iter().any(|v| v.wire == *w))
                    .collect(),
                Text::Any | Text::Date | Text::Status => Vec::new(),
            };
            let open_sender = match sender {
                Text::Values(s) => s.set.keeps_unknown(),
                Text::Any | Text::Date | Text::Status => true,
            };
            if unknown.is_empty() && !open_sender {
                return Flow::compatible();
            }
            let what = if unknown.is_empty() {
                format!("values of `{sent}` that `{}` does not list", e.name)
            } else {
                super::list(unknown.iter().copied())
            };
            unknown_value(e.set, side, &e.name, &what)
        }
    }
}

/// What the `side` side does with `what`, values its enum `name` (with `set`) does not list.
pub(crate) fn unknown_value(set: EnumSet, side: &str, name: &str, what: &str) -> Flow {
    match set {
        EnumSet::Open => Flow::new(
            Level::Kept,
            format!("the {side} side keeps {what} as `{name}::Unrecognized`"),
        ),
        EnumSet::Closed => breaking(format!(
            "the {side} side keeps {what} as `{name}::Unrecognized` but its validators refuse it (closed set)"
        )),
        EnumSet::Exact => breaking(format!(
            "the {side} side fails to decode {what} (exact set)"
        )),
    }
}
