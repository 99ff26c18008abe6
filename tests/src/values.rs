//! Random JSON values shaped by the schema, for property tests of generated types: every
//! member of the right type (or absent when optional, nil where the schema allows it and for
//! every optional member of a struct that keeps what it does not model, `""` where it means no
//! value), known and unknown enum values (for enums that keep them),
//! unknown members (for structs that keep them), and date-times in both of their wire forms.

use proptest::prelude::*;
use regops_schema::ir::{
    Enum, EnumSet, Field, Item, ItemPath, Schema, Struct, Type, UnknownFields,
};
use serde_json::{Map, Value, json};

/// A strategy for JSON values.
pub type Gen = BoxedStrategy<Value>;

fn text() -> Gen {
    // Printable text, with the characters XML-RPC must escape.
    prop_oneof![
        "\\PC{0,10}",
        Just("a & b < c > d \" e ' f".to_string()),
        Just(String::new()),
    ]
    .prop_map(Value::String)
    .boxed()
}

fn datetime(space: bool) -> Gen {
    (
        1970u32..2100,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
    )
        .prop_map(move |(y, mo, d, h, mi, s)| {
            let sep = if space { ' ' } else { 'T' };
            json!(format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}"))
        })
        .boxed()
}

/// A `datetime-or-string`: a string (a date in one of the accepted layouts, or any text,
/// which the model keeps) or a `dateTime.iso8601`, shown in JSON as a one-member object.
fn datetime_or_string() -> Gen {
    let layouts = prop_oneof![
        datetime(false),
        datetime(true),
        datetime(false).prop_map(|v| json!(v.as_str().unwrap_or_default().replace('-', ""))),
        datetime(false).prop_map(|v| json!(v.as_str().unwrap_or_default()[..10])),
    ];
    let as_string = prop_oneof![3 => layouts.clone(), 1 => text()];
    let as_datetime =
        prop_oneof![3 => layouts, 1 => text()].prop_map(|text| json!({ "dateTime.iso8601": text }));
    prop_oneof![as_string, as_datetime].boxed()
}

/// An untyped value, as unknown members and `any` hold.
pub fn any_value() -> Gen {
    let leaf = prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        text(),
        Just(Value::Null),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,6}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
    .boxed()
}

fn enum_value(e: &Enum) -> Gen {
    let known: Vec<Value> = e.values.iter().map(|v| json!(v.wire)).collect();
    if e.set == EnumSet::Exact {
        return proptest::sample::select(known).boxed();
    }
    let unknown = "[A-Za-z_]{1,8}".prop_map(|s| json!(format!("unknown_{s}")));
    if known.is_empty() {
        unknown.boxed()
    } else {
        prop_oneof![3 => proptest::sample::select(known), 1 => unknown].boxed()
    }
}

/// A value of `ty`; `depth` bounds nested optional structs.
pub fn type_value(schema: &Schema, ty: &Type, depth: u32) -> Gen {
    match ty {
        Type::Int => any::<i64>().prop_map(Value::from).boxed(),
        Type::IntOrDigits => prop_oneof![
            any::<i64>().prop_map(Value::from),
            any::<i64>().prop_map(|n| json!(n.to_string())),
        ]
        .boxed(),
        Type::Bool => any::<bool>().prop_map(Value::from).boxed(),
        Type::String | Type::ApiKey => text(),
        Type::Double => (-1e9f64..1e9).prop_map(Value::from).boxed(),
        Type::DateTime => datetime(false),
        Type::DateTimeOrString => datetime_or_string(),
        Type::Date => (1970u32..2100, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| json!(format!("{y:04}-{m:02}-{d:02}")))
            .boxed(),
        Type::Base64 => prop::collection::vec(any::<u8>(), 0..12)
            .prop_map(|bytes| json!(base64_standard(&bytes)))
            .boxed(),
        Type::Any => any_value(),
        Type::Map => prop::collection::btree_map("[a-z_]{1,6}", any_value(), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
            .boxed(),
        Type::Array(inner) => prop::collection::vec(type_value(schema, inner, depth), 0..3)
            .prop_map(Value::Array)
            .boxed(),
        Type::OneOrArray(inner) => {
            let one = type_value(schema, inner, depth);
            prop_oneof![
                one.clone(),
                prop::collection::vec(one, 0..3).prop_map(Value::Array)
            ]
            .boxed()
        }
        Type::MapOf(inner) => {
            prop::collection::btree_map("[0-9a-z_]{1,6}", type_value(schema, inner, depth), 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect()))
                .boxed()
        }
        Type::Named(path, _) => named_value(schema, path, depth),
    }
}

fn named_value(schema: &Schema, path: &ItemPath, depth: u32) -> Gen {
    match schema.item(path) {
        Some(Item::Enum(e)) => enum_value(e),
        Some(Item::StatusList(list)) => {
            let state = schema
                .enumeration(&list.state)
                .map(enum_value)
                .unwrap_or_else(text);
            let flags = schema
                .enumeration(&list.flags)
                .map(enum_value)
                .unwrap_or_else(text);
            (state, prop::collection::vec(flags, 0..3))
                .prop_map(|(s, f)| {
                    let items: Vec<String> = std::iter::once(s)
                        .chain(f)
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect();
                    json!(items.join(", "))
                })
                .boxed()
        }
        Some(Item::Struct(s)) => struct_value(schema, s, depth + 1),
        _ => Just(Value::Null).boxed(),
    }
}

/// `nil`: whether nil may be drawn (the schema allows it, or the struct keeps it).
fn field_value(schema: &Schema, f: &Field, nil: bool, depth: u32) -> Gen {
    let value = if matches!(f.ty, Type::DateTime) && f.wire == "DATE" {
        datetime(true) // Netim's layout
    } else {
        type_value(schema, &f.ty, depth)
    };
    // Spelled "no value"s: the vendor's empty string and nil, each kept apart from absence.
    let mut spelled = vec![(4, value)];
    if f.empty_is_none {
        spelled.push((1, Just(json!("")).boxed()));
    }
    if nil {
        spelled.push((1, Just(Value::Null).boxed()));
    }
    proptest::strategy::Union::new_weighted(spelled).boxed()
}

/// Whether a member of `s` may be sent as nil and come back as nil: where the schema allows
/// it, and for every optional member of a struct that keeps what it does not model (nil then
/// waits in `extra_fields`).
pub fn nil_kept(s: &Struct, f: &Field) -> bool {
    f.nil_allowed || (!f.required && s.unknown_fields == UnknownFields::Keep)
}

/// A struct: required members always, optional ones sometimes, and maybe unknown members.
pub fn struct_value(schema: &Schema, s: &Struct, depth: u32) -> Gen {
    let mut members: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
    for f in &s.fields {
        let wire = f.wire.clone();
        let value = field_value(schema, f, nil_kept(s, f), depth)
            .prop_map(move |v| Some((wire.clone(), v)));
        // Nested optional structs stop growing past a depth.
        let present = if f.required {
            value.boxed()
        } else if depth > 3 {
            Just(None).boxed()
        } else {
            proptest::option::of(value)
                .prop_map(Option::flatten)
                .boxed()
        };
        members.push(present);
    }
    let extra = if s.unknown_fields == UnknownFields::Keep {
        prop::collection::btree_map("x-zz-[a-z]{1,5}", any_value(), 0..2).boxed()
    } else {
        Just(Default::default()).boxed()
    };
    (members, extra)
        .prop_map(|(members, extra)| {
            let mut object: Map<String, Value> = members.into_iter().flatten().collect();
            object.extend(extra);
            Value::Object(object)
        })
        .boxed()
}

fn base64_standard(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
