//! The REST surface of each `<rest>` module as an OpenAPI 3.1 document,
//! `schema/openapi/<module>.json`, for consumers that do not use Rust.
//!
//! Emitted from the same IR as the generated dispatch (`regops-service`), so the two cannot
//! drift; a test checks every path and verb of the document against the dispatch's router.
//! Component schemas come from the JSON Schema emitter.

use regops_schema::ir::{Auth, Method, Rest, Schema, Transport};
use serde_json::{Map, Value, json};

use crate::format::{Output, header_text};
use crate::json_schema::{definition, first_paragraph, referenced, type_schema};

/// Where the OpenAPI documents go, relative to the workspace.
pub const DIR: &str = "schema/openapi";

const COMPONENTS: &str = "#/components/schemas/";
const ERROR: &str = "#/components/responses/Error";

/// Adds one document per module whose transport is `<rest>`.
pub fn emit(schema: &Schema, output: &mut Output) {
    for (module, files) in schema.modules() {
        let Some(Transport::Rest(rest)) = schema.transport(module) else {
            continue;
        };
        let sources: Vec<&str> = files.iter().map(|f| f.source.as_str()).collect();
        let title = files
            .iter()
            .find(|f| f.transport.is_some())
            .map_or(module, |f| f.title.as_str());
        let methods: Vec<&Method> = schema.methods(module).collect();
        let document = document(schema, title, rest, &methods);
        let header = json!(header_text(&sources));
        output.insert(
            format!("{DIR}/{module}.json"),
            ordered_object(
                &[("x-generated", &header), ("openapi", &json!("3.1.0"))],
                &document,
            ) + "\n",
        );
    }
}

/// The document's members besides the header and the version.
fn document(schema: &Schema, title: &str, rest: &Rest, methods: &[&Method]) -> Map<String, Value> {
    let mut paths: Map<String, Value> = Map::new();
    let mut schemes: Map<String, Value> = Map::new();
    for method in methods {
        let Some(http) = &method.http else { continue };
        let (operation, scheme) = operation(method, &rest.error_member);
        if let Some(scheme) = scheme {
            schemes.insert(scheme.into(), json!({ "type": "http", "scheme": scheme }));
        }
        let item = paths
            .entry(format!("/{}", http.path))
            .or_insert_with(|| json!({}));
        if let Value::Object(item) = item {
            item.insert(http.verb.as_str().to_lowercase(), operation);
        }
    }
    let paths = Value::Object(paths);
    let schemas: Map<String, Value> = referenced(schema, &paths, COMPONENTS)
        .iter()
        .map(|p| (p.to_string(), definition(schema, p, COMPONENTS)))
        .collect();
    let error = json!({
        "description": format!(
            "Any status other than 2xx is an error; the text is the member `{}` when present, else the status.",
            rest.error_member
        ),
        "content": { "application/json": { "schema": {
            "type": "object",
            "properties": { rest.error_member.clone(): { "type": "string" } },
        } } },
    });
    let mut components = json!({
        "schemas": schemas,
        "responses": { "Error": error },
    });
    if !schemes.is_empty() {
        components["securitySchemes"] = Value::Object(schemes);
    }
    let server = rest.base.trim_end_matches('/');
    let mut out = Map::new();
    out.insert(
        "info".into(),
        json!({ "title": title, "version": rest.version, "description": rest.doc }),
    );
    out.insert(
        "servers".into(),
        json!([{
            "url": if server.is_empty() { "/" } else { server },
            "description": "The API's base path, on the vendor's host.",
        }]),
    );
    out.insert("paths".into(), paths);
    out.insert("components".into(), components);
    out
}

/// One operation object, and the security scheme it uses.
fn operation(method: &Method, error_member: &str) -> (Value, Option<&'static str>) {
    let mut op = Map::new();
    op.insert("operationId".into(), json!(method.wire));
    op.insert("summary".into(), json!(first_paragraph(&method.doc)));
    op.insert("description".into(), json!(method.doc));
    let Some(http) = &method.http else {
        return (Value::Object(op), None);
    };
    let parameters: Vec<Value> = http
        .path_params()
        .map(|i| {
            let p = &method.params[i];
            json!({
                "name": p.wire,
                "in": "path",
                "required": true,
                "description": first_paragraph(&p.doc),
                "schema": type_schema(&p.ty, COMPONENTS),
            })
        })
        .collect();
    if !parameters.is_empty() {
        op.insert("parameters".into(), json!(parameters));
    }
    let body: Vec<_> = method.body_params().collect();
    if !body.is_empty() {
        let properties: Map<String, Value> = body
            .iter()
            .map(|p| {
                let mut s = type_schema(&p.ty, COMPONENTS);
                if let Value::Object(m) = &mut s {
                    m.insert("description".into(), json!(first_paragraph(&p.doc)));
                    if p.sensitive {
                        m.insert("writeOnly".into(), json!(true));
                    }
                }
                (p.wire.clone(), s)
            })
            .collect();
        let required: Vec<&str> = body
            .iter()
            .filter(|p| !p.optional)
            .map(|p| p.wire.as_str())
            .collect();
        let mut object = json!({
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        });
        if !required.is_empty() {
            object["required"] = json!(required);
        }
        op.insert(
            "requestBody".into(),
            json!({
                "required": !required.is_empty(),
                "content": { "application/json": { "schema": object } },
            }),
        );
    }
    let (description, result) = match &method.returns {
        Some(r) => (first_paragraph(&r.doc), type_schema(&r.ty, COMPONENTS)),
        None => ("Nothing: `null`.".to_string(), json!({ "type": "null" })),
    };
    op.insert(
        "responses".into(),
        json!({
            "200": {
                "description": description,
                "content": { "application/json": { "schema": result } },
            },
            "default": { "$ref": ERROR, "description": format!("An error: `{{\"{error_member}\": …}}`.") },
        }),
    );
    let scheme = match http.auth {
        Auth::None => None,
        Auth::Basic => Some("basic"),
        Auth::Bearer => Some("bearer"),
    };
    op.insert(
        "security".into(),
        match scheme {
            Some(s) => json!([{ s: [] }]),
            None => json!([]),
        },
    );
    (Value::Object(op), scheme)
}

/// A pretty-printed object whose first members are `first`, in that order, then `rest`
/// (sorted): the header can then open the file.
fn ordered_object(first: &[(&str, &Value)], rest: &Map<String, Value>) -> String {
    let members = first
        .iter()
        .map(|(k, v)| (*k, *v))
        .chain(rest.iter().map(|(k, v)| (k.as_str(), v)));
    let mut out = String::from("{\n");
    for (i, (key, value)) in members.enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        let value = serde_json::to_string_pretty(value).unwrap_or_default();
        let key = serde_json::to_string(key).unwrap_or_default();
        out.push_str(&format!("  {key}: {}", value.replace('\n', "\n  ")));
    }
    out.push_str("\n}");
    out
}
