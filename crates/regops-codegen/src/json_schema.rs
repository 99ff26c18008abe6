//! The model as JSON Schema (draft 2020-12), one file per public type under
//! `schema/json/<module>/<Type>.json`, for consumers that do not use Rust.
//!
//! Emitted from the same IR as the Rust model, so the two cannot drift; a test
//! compares them with `schemars`' view of the generated types. Each file is
//! self-contained: the types it refers to are in its `$defs`.

use std::collections::BTreeSet;

use regops_schema::ir::{EnumSet, Field, Format, Item, ItemPath, Method, Schema, Struct, Type};
use serde_json::{Map, Value, json};

use crate::format::{Output, header_text};

/// Where the JSON Schema files go, relative to the workspace.
pub const DIR: &str = "schema/json";

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Where a self-contained file keeps the types it refers to.
const DEFS: &str = "#/$defs/";

/// Adds one JSON Schema file per enum, struct, status list and method parameter list.
pub fn emit(schema: &Schema, output: &mut Output) {
    for file in &schema.files {
        for item in &file.items {
            let (name, body) = match item {
                Item::Enum(_) | Item::Struct(_) | Item::StatusList(_) => {
                    let name = item.type_name().unwrap_or_default().to_string();
                    let path = ItemPath::new(&file.module, &name);
                    (name, definition(schema, &path, DEFS))
                }
                Item::Method(method) => (method.params_name.clone(), params_definition(method)),
                Item::Machine(_) | Item::Mapping(_) => continue,
            };
            let mut root = Map::new();
            root.insert(
                "$comment".into(),
                json!(header_text(&[file.source.as_str()])),
            );
            root.insert("$schema".into(), json!(DIALECT));
            root.insert("title".into(), json!(format!("{}.{name}", file.module)));
            let references = referenced(schema, &body, DEFS);
            if let Value::Object(body) = body {
                root.extend(body);
            }
            if !references.is_empty() {
                let defs: Map<String, Value> = references
                    .iter()
                    .map(|p| (p.to_string(), definition(schema, p, DEFS)))
                    .collect();
                root.insert("$defs".into(), Value::Object(defs));
            }
            let text = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
            output.insert(format!("{DIR}/{}/{name}.json", file.module), text + "\n");
        }
    }
}

/// The schema of one named type, with `$ref`s (`<refs>module.Name`) to the types it uses.
pub(crate) fn definition(schema: &Schema, path: &ItemPath, refs: &str) -> Value {
    match schema.item(path) {
        Some(Item::Enum(e)) => {
            let known: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
            let mut out = json!({ "description": first_paragraph(&e.doc) });
            if e.set == EnumSet::Exact {
                out["type"] = json!("string");
                out["enum"] = json!(known);
            } else {
                // Open wire enums: any string is kept; the known ones are listed.
                out["anyOf"] = json!([{ "enum": known }, { "type": "string" }]);
            }
            out
        }
        Some(Item::Struct(s)) => struct_definition(s, refs),
        Some(Item::StatusList(s)) => json!({
            "description": first_paragraph(&s.doc),
            "type": "string",
        }),
        _ => json!({}),
    }
}

fn struct_definition(s: &Struct, refs: &str) -> Value {
    let properties: Map<String, Value> = s
        .fields
        .iter()
        .map(|f| (f.wire.clone(), field_schema(f, refs)))
        .collect();
    let required: Vec<&str> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.wire.as_str())
        .collect();
    let mut out = json!({
        "description": first_paragraph(&s.doc),
        "type": "object",
        "properties": properties,
    });
    if !required.is_empty() {
        out["required"] = json!(required);
    }
    out
}

fn field_schema(f: &Field, refs: &str) -> Value {
    let mut out = type_schema(&f.ty, refs);
    let c = &f.constraints;
    if let Value::Object(map) = &mut out {
        // Arrays carry their length on the array and the other constraints on each item.
        if let Some(length) = c.max_length {
            let key = if matches!(f.ty, Type::String | Type::ApiKey) {
                "maxLength"
            } else {
                "maxItems"
            };
            map.insert(key.into(), json!(length));
        }
        let target = match map.get_mut("items") {
            Some(Value::Object(items)) => items,
            _ => map,
        };
        if let Some(min) = c.min {
            target.insert("minimum".into(), json!(min));
        }
        if let Some(max) = c.max {
            target.insert("maximum".into(), json!(max));
        }
        match c.format {
            Some(Format::Country) => {
                target.insert("pattern".into(), json!("^[A-Za-z]{2}$"));
            }
            Some(Format::Phone) => {
                target.insert("pattern".into(), json!("^\\+[0-9]{1,3}[. ][0-9]{1,14}$"));
            }
            Some(other) => {
                target.insert("format".into(), json!(other.as_str()));
            }
            None => {}
        }
    }
    // Spelled "no value"s next to the value: the vendor's empty string, and nil.
    let mut alternatives = vec![out];
    if f.empty_is_none {
        alternatives.push(json!({ "const": "" }));
    }
    if f.nil_allowed {
        alternatives.push(json!({ "type": "null" }));
    }
    let mut out = match alternatives.len() {
        1 => alternatives.remove(0),
        _ => json!({ "anyOf": alternatives }),
    };
    if let Value::Object(map) = &mut out {
        map.insert("description".into(), json!(first_paragraph(&f.doc)));
        if f.deprecated.is_some() {
            map.insert("deprecated".into(), json!(true));
        }
        if f.sensitive {
            map.insert("writeOnly".into(), json!(true));
        }
    }
    out
}

/// The schema of a type, with `$ref`s under `refs`.
pub(crate) fn type_schema(ty: &Type, refs: &str) -> Value {
    match ty {
        Type::Int => json!({ "type": "integer" }),
        // A number, or the same number as a string of digits (kept in its form).
        Type::IntOrDigits => json!({
            "anyOf": [{ "type": "integer" }, { "type": "string", "pattern": "^-?[0-9]+$" }]
        }),
        Type::Bool => json!({ "type": "boolean" }),
        Type::String | Type::ApiKey => json!({ "type": "string" }),
        Type::Double => json!({ "type": "number" }),
        // The ISO 8601 forms `DateTime::parse` reads: XML-RPC's compact form, JSON's extended
        // form, Netim's space layout, with a fraction and a zone (the same pattern as
        // regops-model's `JsonSchema for DateTime`).
        Type::DateTime => json!({
            "type": "string",
            "pattern": "^[0-9]{4}(-[0-9]{2}-[0-9]{2}[T ]|[0-9]{4}T)([01][0-9]|2[0-3])(:[0-5][0-9]:[0-5][0-9]|[0-5][0-9][0-5][0-9])([.,][0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?$",
        }),
        // Either wire form, with the text in a layout `DateTimeOrString::datetime` reads.
        Type::DateTimeOrString => {
            let text = json!({
                "type": "string",
                "pattern": "^[0-9]{4}(-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}:[0-9]{2})?|[0-9]{4}T[0-9]{2}:[0-9]{2}:[0-9]{2})$",
            });
            json!({ "anyOf": [text.clone(), {
                "type": "object",
                "properties": { "dateTime.iso8601": text },
                "required": ["dateTime.iso8601"],
                "additionalProperties": false,
            }] })
        }
        Type::Date => json!({ "type": "string", "format": "date" }),
        Type::Base64 => json!({ "type": "string", "contentEncoding": "base64" }),
        Type::Any => json!({}),
        Type::Map => json!({ "type": "object" }),
        Type::Array(inner) => json!({ "type": "array", "items": type_schema(inner, refs) }),
        Type::OneOrArray(inner) => {
            let inner = type_schema(inner, refs);
            json!({ "anyOf": [inner.clone(), { "type": "array", "items": inner }] })
        }
        Type::MapOf(inner) => {
            json!({ "type": "object", "additionalProperties": type_schema(inner, refs) })
        }
        Type::Named(path, _) => json!({ "$ref": format!("{refs}{path}") }),
    }
}

/// Positional parameters: an array with one item schema per position.
fn params_definition(method: &Method) -> Value {
    let items: Vec<Value> = method
        .params
        .iter()
        .map(|p| {
            let mut item = type_schema(&p.ty, DEFS);
            if let Value::Object(map) = &mut item {
                map.insert(
                    "description".into(),
                    json!(format!("`{}`: {}", p.wire, first_paragraph(&p.doc))),
                );
            }
            item
        })
        .collect();
    let required = method.params.iter().filter(|p| !p.optional).count();
    let mut out = json!({
        "description": format!("Positional parameters of `{}`. {}", method.wire, first_paragraph(&method.doc)),
        "type": "array",
        "minItems": required,
        "maxItems": method.params.len(),
    });
    if !items.is_empty() {
        out["prefixItems"] = json!(items);
    }
    out
}

/// Every named type `value` refers to (`$ref`s under `refs`), directly or through other types.
pub(crate) fn referenced(schema: &Schema, value: &Value, refs: &str) -> BTreeSet<ItemPath> {
    let mut found = BTreeSet::new();
    let mut pending = vec![value.clone()];
    while let Some(value) = pending.pop() {
        collect_refs(&value, &mut |reference| {
            let Some((module, name)) = reference.strip_prefix(refs).and_then(|r| r.split_once('.'))
            else {
                return;
            };
            let path = ItemPath::new(module, name);
            if found.insert(path.clone()) {
                pending.push(definition(schema, &path, refs));
            }
        });
    }
    found
}

fn collect_refs(value: &Value, visit: &mut dyn FnMut(&str)) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                visit(reference);
            }
            map.values().for_each(|v| collect_refs(v, visit));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, visit)),
        _ => {}
    }
}

/// The first paragraph of a doc, on one line.
pub(crate) fn first_paragraph(doc: &str) -> String {
    doc.split("\n\n")
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
