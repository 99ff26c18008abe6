//! Checks the element trees of all files and lowers them into the IR.
//!
//! Two passes: `declare` records every named type of every file (so order and
//! file boundaries do not matter), then each item is lowered, resolving names.
//! Every problem is pushed to `Cx::errors`; lowering goes on after an error so
//! one run reports them all.

mod behaviour;
mod element;
mod enums;
mod methods;
mod rules;
mod structs;
mod transport;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{self, File, Item, ItemPath, NamedKind, Schema, Type};
use crate::naming;
use crate::source::{SourceFile, Span};
use crate::types::{self, TypeExpr};
use crate::xml::{Attribute, Element};

use element::Reader;

/// A named type found in the first pass.
#[derive(Debug, Clone, Copy)]
struct Declared {
    kind: NamedKind,
    span: Span,
}

/// Shared state of one checking run.
pub(crate) struct Cx {
    errors: Vec<Diagnostic>,
    declared: BTreeMap<ItemPath, Declared>,
    /// Enums lowered so far, for machines, mappings and defaults.
    enums: BTreeMap<ItemPath, ir::Enum>,
    /// `(module, wire)` of every method, for the `method` of transitions.
    methods: BTreeSet<(String, String)>,
    /// `(module, wire)` of every method a machine's transitions perform, with that machine's
    /// enum and the first such transition: one method, one machine (one precondition).
    performed_by: BTreeMap<(String, String), (ItemPath, Span)>,
}

impl Cx {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.errors.push(diagnostic);
    }

    /// Resolves a type expression written in `module`.
    fn resolve_type(&mut self, module: &str, attribute: &Attribute) -> Option<Type> {
        match types::parse(&attribute.value) {
            Ok(expr) => self.resolve_expr(module, &expr, attribute),
            Err(message) => {
                self.error(
                    Diagnostic::new(Code::InvalidType, attribute.span, message)
                        .label("in this type"),
                );
                None
            }
        }
    }

    fn resolve_expr(&mut self, module: &str, expr: &TypeExpr, at: &Attribute) -> Option<Type> {
        Some(match expr {
            TypeExpr::Array(inner) => Type::Array(Box::new(self.resolve_expr(module, inner, at)?)),
            TypeExpr::OneOrArray(inner) => {
                Type::OneOrArray(Box::new(self.resolve_expr(module, inner, at)?))
            }
            TypeExpr::MapOf(inner) => Type::MapOf(Box::new(self.resolve_expr(module, inner, at)?)),
            TypeExpr::Name(name) => match name.as_str() {
                "int" => Type::Int,
                "int-or-digits" => Type::IntOrDigits,
                "bool" => Type::Bool,
                "string" => Type::String,
                "double" => Type::Double,
                "datetime" => Type::DateTime,
                "datetime-or-string" => Type::DateTimeOrString,
                "date" => Type::Date,
                "base64" => Type::Base64,
                "apikey" => Type::ApiKey,
                "any" => Type::Any,
                "map" => Type::Map,
                _ => {
                    let (path, kind) = self.resolve_name(module, name, at.span)?;
                    Type::Named(path, kind)
                }
            },
        })
    }

    /// Resolves `Name` (same module) or `module.Name`.
    fn resolve_name(
        &mut self,
        module: &str,
        name: &str,
        span: Span,
    ) -> Option<(ItemPath, NamedKind)> {
        let path = match name.split_once('.') {
            Some((m, n)) => ItemPath::new(m, n),
            None => ItemPath::new(module, name),
        };
        if let Some(declared) = self.declared.get(&path) {
            return Some((path, declared.kind));
        }
        let similar: Vec<String> = self
            .declared
            .keys()
            .filter(|p| {
                p.name == path.name
                    || strsim::damerau_levenshtein(
                        &p.name.to_lowercase(),
                        &path.name.to_lowercase(),
                    ) <= 2
            })
            .map(|p| {
                if p.module == module {
                    p.name.clone()
                } else {
                    p.to_string()
                }
            })
            .collect();
        let mut diagnostic =
            Diagnostic::new(Code::UnknownType, span, format!("unknown type `{name}`"))
                .label("no schema file defines it");
        diagnostic = match similar.first() {
            Some(s) => diagnostic.help(format!("did you mean `{s}`?")),
            None => diagnostic.help(format!(
                "a type is a built-in ({}), `array(T)`, `one-or-array(T)`, `map(T)`, or an enum, struct or status-list of the schema (`Name`, or `module.Name` for another module)",
                types::BUILTINS.join(", ")
            )),
        };
        self.error(diagnostic);
        None
    }

    /// Resolves a reference that must name an enum; returns its path when lowered.
    fn resolve_enum(&mut self, module: &str, attribute: &Attribute) -> Option<ItemPath> {
        let (path, kind) = self.resolve_name(module, &attribute.value, attribute.span)?;
        if kind != NamedKind::Enum {
            self.error(
                Diagnostic::new(
                    Code::UnknownType,
                    attribute.span,
                    format!("`{}` is not an enum", attribute.value),
                )
                .label("an enum is expected here"),
            );
            return None;
        }
        // An enum with errors of its own was not lowered; its errors are already reported.
        self.enums.contains_key(&path).then_some(path)
    }

    /// Index of `wire` among the enum's values, or an error listing them.
    fn enum_value(&mut self, path: &ItemPath, attribute: &Attribute) -> Option<usize> {
        let enumeration = self.enums.get(path)?;
        if let Some(i) = enumeration
            .values
            .iter()
            .position(|v| v.wire == attribute.value)
        {
            return Some(i);
        }
        let known = list(enumeration.values.iter().map(|v| v.wire.as_str()));
        self.error(
            Diagnostic::new(
                Code::UnknownEnumValue,
                attribute.span,
                format!("`{}` is not a value of enum `{path}`", attribute.value),
            )
            .label("unknown value")
            .help(format!("the values of `{path}` are {known}")),
        );
        None
    }
}

/// `a, b, c` in backticks, for messages.
fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.map(|s| format!("`{s}`")).collect();
    if items.is_empty() {
        "(none)".to_string()
    } else {
        items.join(", ")
    }
}

/// Checks all parsed files and builds the IR.
pub(crate) fn check(sources: &[SourceFile], roots: &[Element]) -> Result<Schema, Vec<Diagnostic>> {
    let mut cx = Cx {
        errors: Vec::new(),
        declared: BTreeMap::new(),
        enums: BTreeMap::new(),
        methods: BTreeSet::new(),
        performed_by: BTreeMap::new(),
    };
    let headers: Vec<Option<Header>> = roots
        .iter()
        .map(|root| module_header(&mut cx, root))
        .collect();
    let modules: Vec<Option<(String, String)>> = headers
        .iter()
        .map(|h| h.as_ref().map(|h| (h.module.clone(), h.title.clone())))
        .collect();
    for (root, module) in roots.iter().zip(&modules) {
        if let Some((module, _)) = module {
            declare(&mut cx, module, root);
        }
    }
    // Enums first: machines, mappings and defaults refer to their values.
    for (root, module) in roots.iter().zip(&modules) {
        if let Some((module, _)) = module {
            for child in root.children.iter().filter(|c| c.name == "enum") {
                if let Some(e) = enums::lower(&mut cx, child) {
                    cx.enums.insert(ItemPath::new(module, &e.name), e);
                }
            }
        }
    }
    let mut files = Vec::new();
    for ((source, root), header) in sources.iter().zip(roots).zip(&headers) {
        let Some(Header {
            module,
            title,
            doc,
            summary,
            runtimes,
        }) = header
        else {
            continue;
        };
        let mut items = Vec::new();
        let mut file_transport = None;
        let mut first_transport = true;
        for child in &root.children {
            let item = match child.name.as_str() {
                "doc" => continue,
                name if transport::TRANSPORTS.contains(&name) => {
                    // Only the first counts; a second is reported by `check_modules`.
                    let lowered = transport::lower(&mut cx, child);
                    if std::mem::take(&mut first_transport) {
                        file_transport = lowered;
                    }
                    continue;
                }
                "enum" => child
                    .attribute("name")
                    .and_then(|n| cx.enums.get(&ItemPath::new(module, &n.value)))
                    .cloned()
                    .map(Item::Enum),
                "struct" => structs::lower(&mut cx, module, child).map(Item::Struct),
                "status-list" => {
                    structs::lower_status_list(&mut cx, module, child).map(Item::StatusList)
                }
                "machine" => behaviour::lower_machine(&mut cx, module, child).map(Item::Machine),
                "mapping" => behaviour::lower_mapping(&mut cx, module, child).map(Item::Mapping),
                "method" => methods::lower(&mut cx, module, child).map(Item::Method),
                _ => None, // reported by `module_header`
            };
            items.extend(item);
        }
        files.push(File {
            source: source.name.clone(),
            stem: source.stem().replace('-', "_"),
            module: module.clone(),
            title: title.clone(),
            doc: doc.clone(),
            summary: summary.as_ref().map(|(text, _)| text.clone()),
            runtimes: runtimes.clone(),
            items,
            transport: file_transport,
            span: root.span,
        });
    }
    check_main_files(&mut cx, &headers, roots);
    behaviour::check_one_machine_per_enum(&mut cx, roots, &modules);
    methods::check_module_names(&mut cx, roots, &modules);
    transport::check_modules(&mut cx, &mut files, roots, &modules);
    check_stems(&mut cx, sources, roots);
    if cx.errors.is_empty() {
        files.sort_by(|a, b| a.stem.cmp(&b.stem));
        Ok(Schema::new(files))
    } else {
        Err(cx.errors)
    }
}

/// What the root element of a file says about the file and its module.
struct Header {
    module: String,
    title: String,
    doc: String,
    summary: Option<(String, Span)>,
    runtimes: Vec<ir::Runtime>,
}

/// Checks the root element; returns the module name, title, docs, summary and runtimes.
fn module_header(cx: &mut Cx, root: &Element) -> Option<Header> {
    if root.name != "module" {
        cx.error(
            Diagnostic::new(
                Code::UnknownElement,
                root.span,
                format!("unexpected root element `<{}>`", root.name),
            )
            .help("a schema file is one `<module name=\"…\" title=\"…\">` element"),
        );
        return None;
    }
    let mut reader = Reader::new(
        cx,
        root,
        &["name", "title"],
        &[
            "doc",
            "summary",
            "runtime",
            "enum",
            "struct",
            "status-list",
            "machine",
            "mapping",
            "method",
            "xml-rpc",
            "rest",
        ],
    );
    let name = reader.required("name");
    let title = reader.required("title");
    let doc = reader.doc_text();
    let summary = reader.summary_text();
    let runtime_elements: Vec<&Element> = reader.children("runtime").collect();
    let mut runtimes = Vec::new();
    for element in runtime_elements {
        let mut reader = Reader::new(cx, element, &["name"], &["doc"]);
        let runtime_name = reader.required("name");
        let doc = reader.doc_text();
        let Some(runtime_name) = runtime_name else {
            continue;
        };
        if !naming::is_snake(&runtime_name.value) {
            cx.error(
                Diagnostic::new(
                    Code::InvalidRustName,
                    runtime_name.span,
                    format!("`{}` is not a snake_case module name", runtime_name.value),
                )
                .help("a runtime is the Rust file `src/<module>/<name>.rs` of regops-model"),
            );
            continue;
        }
        runtimes.push(ir::Runtime {
            name: runtime_name.value.clone(),
            doc,
            span: element.span,
        });
    }
    let name = name?;
    if !naming::is_snake(&name.value) {
        cx.error(
            Diagnostic::new(
                Code::InvalidRustName,
                name.span,
                format!(
                    "module name `{}` is not a snake_case identifier",
                    name.value
                ),
            )
            .help("module names become Rust modules: `gandi`, `netim`, `openwork`"),
        );
        return None;
    }
    Some(Header {
        module: name.value.clone(),
        title: title?.value.clone(),
        doc,
        summary,
        runtimes,
    })
}

/// A module filled by several files has exactly one main file, the one with a `<summary>`;
/// runtimes and file stems of one module do not clash.
fn check_main_files(cx: &mut Cx, headers: &[Option<Header>], roots: &[Element]) {
    let mut by_module: BTreeMap<&str, Vec<(&Header, &Element)>> = BTreeMap::new();
    for (header, root) in headers.iter().zip(roots) {
        if let Some(header) = header {
            by_module
                .entry(header.module.as_str())
                .or_default()
                .push((header, root));
        }
    }
    for (module, files) in by_module {
        let mains: Vec<Span> = files
            .iter()
            .filter_map(|(h, _)| h.summary.as_ref().map(|(_, span)| *span))
            .collect();
        if files.len() > 1 && mains.is_empty() {
            let mut diagnostic = Diagnostic::new(
                Code::InvalidDeclaration,
                files[0].1.span,
                format!(
                    "module `{module}` is filled by {} files and none has a `<summary>`",
                    files.len()
                ),
            )
            .label("no module summary")
            .help("add `<summary>…</summary>` to the module's main file: the summary of the whole module");
            for (_, root) in &files[1..] {
                diagnostic = diagnostic.also(root.span, "another file of the module");
            }
            cx.error(diagnostic);
        }
        for extra in mains.iter().skip(1) {
            cx.error(
                Diagnostic::new(
                    Code::InvalidDeclaration,
                    *extra,
                    format!("module `{module}` has a second `<summary>`"),
                )
                .label("second main file")
                .also(mains[0], "the module's summary")
                .help("one file of a module, its main file, carries the module's summary"),
            );
        }
        let mut names: BTreeMap<&str, ()> = BTreeMap::new();
        for (header, root) in &files {
            for runtime in &header.runtimes {
                if names.insert(runtime.name.as_str(), ()).is_some() {
                    cx.error(Diagnostic::new(
                        Code::RustNameCollision,
                        root.span,
                        format!(
                            "module `{module}` declares the runtime `{}` twice",
                            runtime.name
                        ),
                    ));
                }
            }
        }
    }
}

/// Records every type name, reporting duplicates and names that are not `UpperCamelCase`.
fn declare(cx: &mut Cx, module: &str, root: &Element) {
    for child in &root.children {
        if child.name == "method"
            && let Some(wire) = child.attribute("wire")
        {
            cx.methods.insert((module.to_string(), wire.value.clone()));
        }
        let kind = match child.name.as_str() {
            "enum" => NamedKind::Enum,
            "struct" => NamedKind::Struct,
            "status-list" => NamedKind::StatusList,
            _ => continue,
        };
        let Some(name) = child.attribute("name") else {
            continue;
        };
        if !naming::is_upper_camel(&name.value) {
            cx.error(
                Diagnostic::new(
                    Code::InvalidRustName,
                    name.span,
                    format!(
                        "type name `{}` is not an UpperCamelCase identifier",
                        name.value
                    ),
                )
                .help("type names are Rust names as written: `OperationListOptions`"),
            );
            continue;
        }
        let path = ItemPath::new(module, &name.value);
        if let Some(first) = cx.declared.get(&path) {
            let first = first.span;
            cx.error(
                Diagnostic::new(
                    Code::RustNameCollision,
                    name.span,
                    format!("type `{path}` is defined twice"),
                )
                .label("second definition")
                .also(first, "first defined here"),
            );
            continue;
        }
        cx.declared.insert(
            path,
            Declared {
                kind,
                span: name.span,
            },
        );
    }
}

/// Two files whose generated file names would be the same.
fn check_stems(cx: &mut Cx, sources: &[SourceFile], roots: &[Element]) {
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    for (source, root) in sources.iter().zip(roots) {
        let stem = source.stem().replace('-', "_");
        if !naming::is_snake(&stem) {
            cx.error(
                Diagnostic::new(
                    Code::InvalidRustName,
                    root.span,
                    format!("file name `{}` does not give a Rust file name", source.name),
                )
                .help(
                    "name schema files in lower case with `-` between words: `gandi-operation.xml`",
                ),
            );
        } else if let Some(first) = seen.insert(stem.clone(), root.span) {
            cx.error(
                Diagnostic::new(
                    Code::RustNameCollision,
                    root.span,
                    format!("two schema files generate `{stem}.rs`"),
                )
                .also(first, "the other file"),
            );
        }
    }
}
