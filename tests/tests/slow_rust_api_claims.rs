//! Slow (it compiles crates, about a minute on two cores the first time): every `rust-api`
//! claim of the schema-diff fixtures, checked by the compiler.
//!
//! For every enum, struct, status list, method, runtime and precondition of each fixture's old
//! schema, a *witness* snippet uses it the way a program does: names every variant and matches
//! on it, reads every field with its type spelled out, builds the struct with a literal, calls
//! groups, machine methods, mappings and default accessors, binds a method's `Params` and
//! `Output`, calls what a `<runtime>` adds and the precondition `regops-validate` generates
//! for a vendor method. Every witness compiles against the old generated model and validators;
//! against the new ones, the witness of an item with a `major` change (of `regops-model`, or
//! of `regops-validate` for a precondition) must fail to compile, and the witness of an item
//! with only minor or patch changes (and none on the types it names) must still compile.
//!
//! A runtime is a hand-written file the fixtures do not carry: each gets one here, with one
//! function the witness calls.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use regops_schema::SourceFile;
use regops_schema::ir::{Enum, Item, ItemPath, Machine, Method, Schema, StatusList, Struct, Type};
use regops_schema::naming;
use regops_schema_diff::{Bump, Change, Crate, Side, Subject};
use regops_tests::diff_fixtures::{self, Fixture};
use regops_tests::scratch::Workspace;

/// Gives every module of a fixture a name of its own, so that all fixtures share one crate.
fn rename_modules(files: &[SourceFile], suffix: &str) -> Vec<SourceFile> {
    let mut modules = BTreeSet::new();
    for file in files {
        for part in file.text.split("<module name=\"").skip(1) {
            if let Some(end) = part.find('"') {
                modules.insert(part[..end].to_string());
            }
        }
    }
    files
        .iter()
        .map(|file| {
            let mut text = file.text.clone();
            for module in &modules {
                let renamed = format!("{module}_{suffix}");
                text = text
                    .replace(
                        &format!("<module name=\"{module}\""),
                        &format!("<module name=\"{renamed}\""),
                    )
                    .replace(&format!("\"{module}."), &format!("\"{renamed}."))
                    .replace(&format!("({module}."), &format!("({renamed}."));
            }
            SourceFile::new(file.name.clone(), text)
        })
        .collect()
}

fn path(p: &ItemPath) -> String {
    format!("model::{}::{}", p.module, p.name)
}

fn rust_type(ty: &Type) -> String {
    match ty {
        Type::Int => "i64".into(),
        Type::IntOrDigits => "model::IntOrDigits".into(),
        Type::Bool => "bool".into(),
        Type::String => "String".into(),
        Type::Double => "f64".into(),
        Type::DateTime => "model::DateTime".into(),
        Type::DateTimeOrString => "model::DateTimeOrString".into(),
        Type::Date => "model::Date".into(),
        Type::Base64 => "model::Bytes".into(),
        Type::ApiKey => "model::ApiKey".into(),
        Type::Any => "model::Value".into(),
        Type::Map => "model::Map".into(),
        Type::Array(inner) => format!("Vec<{}>", rust_type(inner)),
        Type::OneOrArray(inner) => format!("model::OneOrMany<{}>", rust_type(inner)),
        Type::MapOf(inner) => format!("std::collections::BTreeMap<String, {}>", rust_type(inner)),
        Type::Named(p, _) => path(p),
    }
}

fn named(ty: &Type, out: &mut BTreeSet<ItemPath>) {
    match ty {
        Type::Array(inner) | Type::OneOrArray(inner) | Type::MapOf(inner) => named(inner, out),
        Type::Named(p, _) => {
            out.insert(p.clone());
        }
        _ => {}
    }
}

/// What a witness is about: an item, a method (module, wire name), a runtime (module, name)
/// or the precondition of a vendor method (the machine's enum, the method's wire name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    Item(ItemPath),
    Method(String, String),
    Runtime(String, String),
    Precondition(ItemPath, String),
}

struct Witness {
    target: Target,
    /// Items the snippet names besides its target.
    references: BTreeSet<ItemPath>,
    code: String,
}

fn enum_witness(schema: &Schema, p: &ItemPath, e: &Enum) -> Witness {
    let ty = path(p);
    // Machine methods are `StateMachine`'s.
    let mut code = format!("use model::StateMachine as _;\n\npub fn witness(v: &{ty}) {{\n");
    let mut references = BTreeSet::new();
    for value in &e.values {
        let _ = writeln!(code, "    let _ = {ty}::{};", value.rust_name);
    }
    code.push_str("    match v {\n");
    for value in &e.values {
        let _ = writeln!(code, "        {ty}::{} => {{}}", value.rust_name);
    }
    if e.set.keeps_unknown() {
        let _ = writeln!(
            code,
            "        {ty}::Unrecognized(_) => {{}}\n        _ => {{}}"
        );
    }
    code.push_str(
        "    }\n    let _: &str = v.as_str();\n    let _: Option<&'static str> = v.label();\n",
    );
    for group in &e.groups {
        let _ = writeln!(code, "    let _: bool = v.{}();", group.name);
    }
    for (_, item) in schema.items() {
        match item {
            Item::Machine(m) if m.enumeration == *p => {
                let _ = writeln!(
                    code,
                    "    let _: bool = v.is_initial();\n    let _: bool = v.is_terminal();\n    let _: &'static [{ty}] = v.next_states();\n    let _: bool = v.can_transition_to(v);\n    let _: &'static [model::Transition<{ty}>] = {ty}::TRANSITIONS;"
                );
            }
            Item::Mapping(m) if m.from == *p => {
                references.insert(m.to.clone());
                let image = path(&m.to);
                let image = if e.set.keeps_unknown() {
                    format!("Option<{image}>")
                } else {
                    image
                };
                let _ = writeln!(code, "    let _: {image} = v.{}();", m.name);
            }
            _ => {}
        }
    }
    if !e.set.keeps_unknown() {
        let _ = writeln!(code, "    fn copy<T: Copy>() {{}}\n    copy::<{ty}>();");
    }
    code.push_str("}\n");
    Witness {
        target: Target::Item(p.clone()),
        references,
        code,
    }
}

fn struct_witness(schema: &Schema, p: &ItemPath, s: &Struct) -> Witness {
    let ty = path(p);
    let keep = s.unknown_fields == regops_schema::ir::UnknownFields::Keep;
    let mut references = BTreeSet::new();
    let mut code = format!("pub fn witness(s: &{ty}) {{\n");
    let mut literal = format!("pub fn build() -> {ty} {{\n    {ty} {{\n");
    for f in &s.fields {
        named(&f.ty, &mut references);
        let inner = rust_type(&f.ty);
        let field_ty = if f.is_nullable() {
            format!("model::Nullable<{inner}>")
        } else if f.required {
            inner
        } else {
            format!("Option<{inner}>")
        };
        let _ = writeln!(code, "    let _: &{field_ty} = &s.{};", f.rust_name);
        let _ = writeln!(literal, "        {}: todo!(),", f.rust_name);
        if let Some(default) = &f.default {
            let ret = match default {
                regops_schema::ir::Literal::Int(_) => "i64".to_string(),
                regops_schema::ir::Literal::Bool(_) => "bool".to_string(),
                regops_schema::ir::Literal::Double(_) => "f64".to_string(),
                regops_schema::ir::Literal::String(_) => "&str".to_string(),
                regops_schema::ir::Literal::EnumValue(_) => rust_type(&f.ty),
            };
            let _ = writeln!(
                code,
                "    let _: {ret} = s.{}_or_default();",
                f.rust_name.trim_start_matches("r#")
            );
        }
    }
    if keep {
        code.push_str("    let _: &model::Map = &s.extra_fields;\n");
        literal.push_str("        extra_fields: todo!(),\n");
    }
    code.push_str("    let _ = format!(\"{s:?}\");\n}\n");
    if s.all_optional() {
        literal.push_str("        ..Default::default()\n");
    }
    literal.push_str("    }\n}\n");
    let _ = schema;
    Witness {
        target: Target::Item(p.clone()),
        references,
        code: code + &literal,
    }
}

fn status_list_witness(p: &ItemPath, l: &StatusList) -> Witness {
    let ty = path(p);
    let code = format!(
        "pub fn witness(l: &{ty}) {{\n    let _: Option<&{}> = l.state();\n    let _: &[{}] = l.flags();\n    let _: &str = l.as_str();\n    let _ = {ty}::parse(\"x\");\n}}\n",
        path(&l.state),
        path(&l.flags)
    );
    Witness {
        target: Target::Item(p.clone()),
        references: [l.state.clone(), l.flags.clone()].into_iter().collect(),
        code,
    }
}

fn method_witness(module: &str, m: &Method) -> Witness {
    let params = format!("model::{module}::{}", m.params_name);
    let marker = format!("model::{module}::{}", m.rust_name);
    let mut references = BTreeSet::new();
    let mut code = format!("pub fn witness(p: &{params}) {{\n    let _ = {marker};\n");
    let mut literal = format!("pub fn build() -> {params} {{\n    {params} {{\n");
    for param in &m.params {
        named(&param.ty, &mut references);
        let inner = rust_type(&param.ty);
        let param_ty = if param.optional {
            format!("Option<{inner}>")
        } else {
            inner
        };
        let _ = writeln!(code, "    let _: &{param_ty} = &p.{};", param.rust_name);
        let _ = writeln!(literal, "        {}: todo!(),", param.rust_name);
    }
    let output = match &m.returns {
        Some(r) => {
            named(&r.ty, &mut references);
            rust_type(&r.ty)
        }
        None => "()".to_string(),
    };
    let _ = writeln!(
        code,
        "    fn method<X: model::Method<Params = {params}, Output = {output}>>() {{}}\n    method::<{marker}>();\n    let _ = format!(\"{{p:?}}\");\n}}"
    );
    if m.params.iter().all(|p| p.optional) {
        literal.push_str("        ..Default::default()\n");
    }
    literal.push_str("    }\n}\n");
    Witness {
        target: Target::Method(module.to_string(), m.wire.clone()),
        references,
        code: code + &literal,
    }
}

/// The function a runtime's test file defines (`runtime_codes`).
fn runtime_function(name: &str) -> String {
    format!("runtime_{name}")
}

/// The test file of a runtime: one documented function.
fn runtime_file(module: &str, name: &str) -> String {
    format!(
        "//! The runtime `{name}` of `{module}`, written by the test.\n\n/// What the runtime `{name}` adds.\npub fn {}() -> &'static str {{\n    \"{name}\"\n}}\n",
        runtime_function(name)
    )
}

fn runtime_witness(module: &str, name: &str) -> Witness {
    Witness {
        target: Target::Runtime(module.to_string(), name.to_string()),
        references: BTreeSet::new(),
        code: format!(
            "pub fn witness() {{\n    let _: &'static str = model::{module}::{}();\n}}\n",
            runtime_function(name)
        ),
    }
}

/// One witness per vendor method the machine's transitions name: a call of its precondition
/// with the arguments the generator gives it (the `when` group's enum, then the state).
fn precondition_witnesses(module: &str, m: &Machine) -> Vec<Witness> {
    let state = path(&m.enumeration);
    m.methods()
        .into_iter()
        .map(|(method, transitions)| {
            let function = naming::snake(&method.replace('.', "_")).expect("a snake_case name");
            let mut references: BTreeSet<ItemPath> = [m.enumeration.clone()].into();
            let kind = transitions[0].when.as_ref().map(|w| {
                references.insert(w.enumeration.clone());
                path(&w.enumeration)
            });
            let (params, args) = match kind {
                Some(kind) => (format!("kind: &{kind}, state: &{state}"), "kind, state"),
                None => (format!("state: &{state}"), "state"),
            };
            Witness {
                target: Target::Precondition(m.enumeration.clone(), method.to_string()),
                references,
                code: format!(
                    "pub fn witness({params}) {{\n    let _: validate::Report = validate::generated::{module}::{function}({args});\n}}\n"
                ),
            }
        })
        .collect()
}

fn witnesses(schema: &Schema) -> Vec<Witness> {
    let mut out = Vec::new();
    for file in &schema.files {
        for runtime in &file.runtimes {
            out.push(runtime_witness(&file.module, &runtime.name));
        }
    }
    for (file, item) in schema.items() {
        match item {
            Item::Enum(e) => out.push(enum_witness(
                schema,
                &ItemPath::new(&file.module, &e.name),
                e,
            )),
            Item::Struct(s) => out.push(struct_witness(
                schema,
                &ItemPath::new(&file.module, &s.name),
                s,
            )),
            Item::StatusList(l) => out.push(status_list_witness(
                &ItemPath::new(&file.module, &l.name),
                l,
            )),
            Item::Method(m) => out.push(method_witness(&file.module, m)),
            Item::Machine(m) => out.extend(precondition_witnesses(&file.module, m)),
            Item::Mapping(_) => {}
        }
    }
    out
}

/// Whether the change breaks users of `regops-model` or `regops-validate` (witnesses use
/// those two, not `regops-service`).
fn is_major(change: &Change) -> bool {
    change
        .rust_api
        .iter()
        .any(|a| matches!(a.krate, Crate::Model | Crate::Validate) && a.bump == Bump::Major)
}

fn target_of(change: &Change) -> Option<Target> {
    match &change.subject {
        Subject::Method(m, w) | Subject::Param(m, w, _) | Subject::Returns(m, w) => {
            Some(Target::Method(m.clone(), w.clone()))
        }
        Subject::Runtime(m, name) => Some(Target::Runtime(m.clone(), name.clone())),
        Subject::Precondition(p, method) => Some(Target::Precondition(p.clone(), method.clone())),
        subject => subject.item().cloned().map(Target::Item),
    }
}

/// Writes the test file of every runtime `schemas` name into the model crate `package`.
fn write_runtimes(workspace: &Workspace, package: &str, schemas: &[Schema]) {
    for schema in schemas {
        for file in &schema.files {
            for runtime in &file.runtimes {
                workspace.write(
                    package,
                    &format!("src/{}/{}.rs", file.module, runtime.name),
                    &runtime_file(&file.module, &runtime.name),
                );
            }
        }
    }
}

enum Expect {
    Compiles,
    Fails(Vec<String>),
}

#[test]
fn slow_every_rust_api_claim_holds_when_compiled() {
    let fixtures: Vec<Fixture> = diff_fixtures::all();
    let mut old_schemas = Vec::new();
    let mut new_schemas = Vec::new();
    let mut cases = Vec::new();
    for (i, fixture) in fixtures.iter().enumerate() {
        let suffix = format!("f{i}");
        let old = Side::load("old", rename_modules(&fixture.old, &suffix)).unwrap();
        let new = Side::load("new", rename_modules(&fixture.new, &suffix)).unwrap();
        let report = regops_schema_diff::diff(&old, &new);
        for witness in witnesses(&old.schema) {
            let majors: Vec<String> = report
                .changes
                .iter()
                .filter(|c| is_major(c))
                .filter(|c| target_of(c) == Some(witness.target.clone()))
                .map(|c| format!("{} {}", c.rule.id(), c.subject))
                .collect();
            let referenced_major = report.changes.iter().any(|c| {
                is_major(c)
                    && c.subject
                        .item()
                        .is_some_and(|p| witness.references.contains(p))
            });
            let expect = if !majors.is_empty() {
                Some(Expect::Fails(majors))
            } else if referenced_major {
                None // A type it names changed: its fate says nothing about its own claims.
            } else {
                Some(Expect::Compiles)
            };
            cases.push((fixture.name.clone(), witness, expect));
        }
        old_schemas.push(old.schema);
        new_schemas.push(new.schema);
    }

    let mut workspace = Workspace::new("rust-api-claims");
    for (side, schemas) in [("old", &old_schemas), ("new", &new_schemas)] {
        let list: Vec<&Schema> = schemas.iter().collect();
        workspace.model(&format!("model-{side}"), &list);
        write_runtimes(&workspace, &format!("model-{side}"), schemas);
        workspace.validate(&format!("validate-{side}"), &format!("model-{side}"), &list);
    }
    let dependency = |side: &str| {
        vec![
            format!("model = {{ path = \"../model-{side}\", package = \"model-{side}\" }}"),
            format!(
                "validate = {{ path = \"../validate-{side}\", package = \"validate-{side}\" }}"
            ),
        ]
    };
    let module_name = |i: usize| format!("w{i}");
    // One file per witness, so that an error names the witness it is in.
    let files = |indexes: &[usize]| {
        let mut lib = String::from("#![allow(warnings)]\n");
        let mut files = Vec::new();
        for &i in indexes {
            let _ = writeln!(lib, "pub mod {};", module_name(i));
            files.push((
                format!("src/{}.rs", module_name(i)),
                cases[i].1.code.clone(),
            ));
        }
        files.push(("src/lib.rs".to_string(), lib));
        files
    };
    let all: Vec<usize> = (0..cases.len()).collect();
    workspace.add("witness-old", &dependency("old"), &files(&all));
    let compiles: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| matches!(cases[i].2, Some(Expect::Compiles)))
        .collect();
    workspace.add("witness-new", &dependency("new"), &files(&compiles));
    let fails: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| matches!(cases[i].2, Some(Expect::Fails(_))))
        .collect();
    for &i in &fails {
        workspace.add(&format!("breaks-{i}"), &dependency("new"), &files(&[i]));
    }
    let outcome = workspace.check();

    for generated in ["model-old", "model-new", "validate-old", "validate-new"] {
        if let Some(Err(errors)) = outcome.get(generated) {
            panic!("the generated {generated} does not compile:\n{errors}");
        }
    }
    if let Some(Err(errors)) = outcome.get("witness-old") {
        panic!("witnesses do not compile against the old model:\n{errors}");
    }
    if let Some(Err(errors)) = outcome.get("witness-new") {
        let mut named = String::new();
        for &i in &compiles {
            if errors.contains(&format!("src/{}.rs:", module_name(i))) {
                let _ = writeln!(named, "  {} {:?}", cases[i].0, cases[i].1.target);
            }
        }
        panic!(
            "witnesses of items with only minor or patch changes do not compile against the new model:\n{named}\n{errors}"
        );
    }
    let mut wrong = Vec::new();
    for &i in &fails {
        let (fixture, witness, expect) = &cases[i];
        if let Some(Ok(())) = outcome.get(&format!("breaks-{i}")) {
            let Some(Expect::Fails(majors)) = expect else {
                unreachable!()
            };
            wrong.push(format!(
                "{fixture}: {:?} still compiles, though the report says major: {majors:?}",
                witness.target
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The test proves something only if it checked claims of both kinds, runtimes and
    // preconditions included.
    assert!(
        fails.len() >= 30 && compiles.len() >= 30,
        "{} failing, {} compiling witnesses",
        fails.len(),
        compiles.len()
    );
    for (kind, is_kind) in [
        (
            "runtime",
            (|t: &Target| matches!(t, Target::Runtime(..))) as fn(&Target) -> bool,
        ),
        ("precondition", |t: &Target| {
            matches!(t, Target::Precondition(..))
        }),
    ] {
        let count = |indexes: &[usize]| {
            indexes
                .iter()
                .filter(|&&i| is_kind(&cases[i].1.target))
                .count()
        };
        assert!(
            count(&fails) >= 1 && count(&compiles) >= 1,
            "{kind} witnesses: {} failing, {} compiling",
            count(&fails),
            count(&compiles)
        );
    }
}
