//! Emits `regops-validate`'s generated half: `impl Validate` for every struct and every
//! method's parameter list, and the precondition of every vendor method a machine's
//! transitions name.
//!
//! The code visits members in schema order: per member its TLD, its constraints (through
//! nested structs, arrays with indexes, enums), then the struct's `<rule>`s in file order, then
//! the members the schema does not name (not known members kept there because they came as
//! nil).

use proc_macro2::TokenStream;
use quote::quote;
use regops_schema::ir::{
    Constraints, EnumSet, Field, File, Format, Item, ItemPath, Machine, Method, NamedKind, Rule,
    RuleKind, RuleSeverity, Schema, Struct, Transition, Type, UnknownFields,
};
use regops_schema::naming;

use crate::docs;
use crate::format::{Output, rust_file};
use crate::model::structs::nil_kept_in_extra_fields;
use crate::rust::ident;

/// Where the validator crate's generated files go, relative to the workspace.
pub const DIR: &str = "crates/regops-validate/src/generated";

/// Adds `generated/mod.rs`, one `generated/<module>.rs` per module and one
/// `generated/<module>/<file>.rs` per schema file.
pub fn emit(schema: &Schema, output: &mut Output) {
    for file in &schema.files {
        output.insert(
            format!("{DIR}/{}/{}.rs", file.module, file.stem),
            rust_file(&[file.source.as_str()], emit_file(schema, file)),
        );
    }
    let modules = schema.modules();
    for (module, files) in &modules {
        let sources: Vec<&str> = files.iter().map(|f| f.source.as_str()).collect();
        let stems = files.iter().map(|f| ident(&f.stem));
        // Files whose machines name vendor methods export those methods' preconditions.
        let exported = files
            .iter()
            .filter(|f| has_preconditions(f))
            .map(|f| ident(&f.stem));
        let doc = docs::inner(&format!(
            "Validators of `regops_model::{module}`, and the preconditions of its vendor methods."
        ));
        output.insert(
            format!("{DIR}/{module}.rs"),
            rust_file(
                &sources,
                quote! {
                    #doc
                    #( #[allow(clippy::module_inception)] mod #stems; )*
                    #( pub use #exported::*; )*
                },
            ),
        );
    }
    let sources: Vec<&str> = schema.files.iter().map(|f| f.source.as_str()).collect();
    let modules = modules.keys().map(|m| ident(m));
    output.insert(
        format!("{DIR}/mod.rs"),
        rust_file(
            &sources,
            quote! {
                //! Validators generated from `schema/*.xml`: `Validate` impls, and preconditions
                //! that the vendor modules of the crate export.
                #( pub(crate) mod #modules; )*
            },
        ),
    );
    // Included by the runtime's `types.rs` (not a module of `generated`): items only.
    output.insert(
        format!("{DIR}/types.rs"),
        rust_file(&sources, emit_registry(schema)),
    );
}

/// `TYPE_NAMES` and `visit_type`: every struct and every method's parameter list by its
/// schema name (`gandi.RelaunchOperationParameters`), so a tool can validate a type named at
/// run time without a list of its own.
fn emit_registry(schema: &Schema) -> TokenStream {
    let mut types: Vec<ItemPath> = schema
        .files
        .iter()
        .flat_map(|file| {
            file.items.iter().filter_map(|item| match item {
                Item::Struct(s) => Some(ItemPath::new(&file.module, &s.name)),
                Item::Method(m) => Some(ItemPath::new(&file.module, &m.params_name)),
                _ => None,
            })
        })
        .collect();
    types.sort_by_key(|path| path.to_string());
    let names: Vec<String> = types.iter().map(|path| path.to_string()).collect();
    let arms = types.iter().zip(&names).map(|(path, name)| {
        let ty = model_path(path);
        quote! { #name => ::core::option::Option::Some(visitor.visit::<#ty>()), }
    });
    quote! {
        /// The schema name (`module.Name`) of every type with a validator, sorted.
        pub const TYPE_NAMES: &[&str] = &[#( #names ),*];

        /// Hands the type named `name` to `visitor`; `None` for a name not in [`TYPE_NAMES`].
        pub fn visit_type<V: crate::TypeVisitor>(name: &str, visitor: V) -> ::core::option::Option<V::Output> {
            match name {
                #( #arms )*
                _ => ::core::option::Option::None,
            }
        }
    }
}

fn has_preconditions(file: &File) -> bool {
    file.items
        .iter()
        .any(|i| matches!(i, Item::Machine(m) if m.transitions.iter().any(|t| t.method.is_some())))
}

fn emit_file(schema: &Schema, file: &File) -> TokenStream {
    let doc = docs::inner(&format!("Validators of `{}`: {}", file.source, file.title));
    let items = file.items.iter().filter_map(|item| match item {
        Item::Struct(s) => Some(emit_struct(schema, &file.module, s)),
        Item::Method(m) => Some(emit_method(schema, &file.module, m)),
        Item::Machine(m) => Some(emit_preconditions(schema, &file.module, m)),
        _ => None,
    });
    quote! {
        #doc
        // Deprecated schema items are still validated.
        #![allow(deprecated)]
        #( #items )*
    }
}

/// `::regops_model::module::Name`
fn model_path(path: &ItemPath) -> TokenStream {
    let module = ident(&path.module);
    let name = ident(&path.name);
    quote! { ::regops_model::#module::#name }
}

fn impl_validate(ty: TokenStream, statements: Vec<TokenStream>) -> TokenStream {
    if statements.is_empty() {
        return quote! {
            impl crate::Validate for #ty {
                fn validate_into(&self, _v: &mut crate::Validator<'_>) {}
            }
        };
    }
    quote! {
        impl crate::Validate for #ty {
            fn validate_into(&self, v: &mut crate::Validator<'_>) {
                #( #statements )*
            }
        }
    }
}

fn emit_struct(schema: &Schema, module: &str, s: &Struct) -> TokenStream {
    let ty = model_path(&ItemPath::new(module, &s.name));
    let mut statements = Vec::new();
    for f in &s.fields {
        if !f.tlds.is_empty() {
            let wire = &f.wire;
            let tlds = &f.tlds;
            let present = present(f);
            statements.push(quote! { v.tld_member(#present, #wire, &[#( #tlds ),*]); });
        }
        statements.extend(member(
            schema,
            &ident(&f.rust_name),
            &f.wire,
            &f.ty,
            &f.constraints,
            access(f),
        ));
    }
    for rule in &s.rules {
        statements.push(emit_rule(&s.fields, rule));
    }
    if s.unknown_fields == UnknownFields::Keep {
        let name = &s.name;
        // A known member sent as nil is kept in `extra_fields` as `Value::Nil`: not unknown.
        let nil_members: Vec<&str> = s
            .fields
            .iter()
            .filter(|f| nil_kept_in_extra_fields(s, f))
            .map(|f| f.wire.as_str())
            .collect();
        let keys = if nil_members.is_empty() {
            quote! { self.extra_fields.keys() }
        } else {
            quote! {
                self.extra_fields
                    .iter()
                    .filter(|(key, value)| !(value.is_nil() && matches!(key.as_str(), #( #nil_members )|*)))
                    .map(|(key, _)| key)
            }
        };
        statements.push(quote! {
            if !self.extra_fields.is_empty() {
                v.unknown_members(#keys, #name);
            }
        });
    }
    impl_validate(ty, statements)
}

fn emit_method(schema: &Schema, module: &str, m: &Method) -> TokenStream {
    let ty = model_path(&ItemPath::new(module, &m.params_name));
    let mut statements: Vec<TokenStream> = m
        .params
        .iter()
        .filter_map(|p| {
            let field = ident(&p.rust_name);
            member(
                schema,
                &field,
                &p.wire,
                &p.ty,
                &Constraints::default(),
                p.optional.then(|| quote! { &self.#field }),
            )
        })
        .collect();
    // Rules name parameters as the members of the parameter struct.
    let members = m.param_fields();
    for rule in &m.rules {
        statements.push(emit_rule(&members, rule));
    }
    impl_validate(ty, statements)
}

/// How a struct member that may hold no value is reached: an expression that matches
/// `Some(x)` (`&self.f` for an `Option`, `self.f.value()` for a `Nullable`); `None` when the
/// member always holds a value.
fn access(f: &Field) -> Option<TokenStream> {
    let field = ident(&f.rust_name);
    if f.is_nullable() {
        Some(quote! { self.#field.value() })
    } else if !f.required {
        Some(quote! { &self.#field })
    } else {
        None
    }
}

/// The checks of one member, wrapped in its path segment; `None` when there is nothing to check.
/// `optional` reaches a member that may hold no value (see [`access`]).
fn member(
    schema: &Schema,
    field: &proc_macro2::Ident,
    wire: &str,
    ty: &Type,
    constraints: &Constraints,
    optional: Option<TokenStream>,
) -> Option<TokenStream> {
    let checks = value_checks(schema, ty, constraints, &quote! { x })?;
    Some(if let Some(value) = optional {
        quote! {
            if let ::core::option::Option::Some(x) = #value {
                v.at(#wire, |v| { #checks });
            }
        }
    } else {
        quote! {
            let x = &self.#field;
            v.at(#wire, |v| { #checks });
        }
    })
}

/// Checks of one value `x` (a reference) of type `ty`; `None` when there is nothing to check.
fn value_checks(
    schema: &Schema,
    ty: &Type,
    c: &Constraints,
    x: &TokenStream,
) -> Option<TokenStream> {
    let mut checks = Vec::new();
    match ty {
        Type::String => {
            if let Some(max) = c.max_length {
                checks.push(quote! { v.max_chars(#x, #max); });
            }
            if let Some(format) = c.format {
                let format = format_tokens(format);
                checks.push(quote! { v.format(#x, #format); });
            }
        }
        Type::DateTimeOrString => checks.push(quote! { v.date_time(#x); }),
        Type::Int if c.min.is_some() || c.max.is_some() => {
            let min = option_tokens(c.min);
            let max = option_tokens(c.max);
            checks.push(quote! { v.range(*#x, #min, #max); });
        }
        Type::Named(path, NamedKind::Enum) => checks.extend(enum_check(schema, path, x)),
        Type::Named(path, NamedKind::StatusList) => {
            if let Some(Item::StatusList(list)) = schema.item(path) {
                let state = enum_check(schema, &list.state, &quote! { state });
                let flag = enum_check(schema, &list.flags, &quote! { flag });
                if let Some(state) = state {
                    checks.push(quote! {
                        if let ::core::option::Option::Some(state) = #x.state() { #state }
                    });
                }
                if let Some(flag) = flag {
                    checks.push(quote! { for flag in #x.flags() { #flag } });
                }
            }
        }
        Type::Named(_, NamedKind::Struct) => {
            checks.push(quote! { crate::Validate::validate_into(#x, v); });
        }
        Type::Array(inner) | Type::OneOrArray(inner) => {
            if let Some(max) = c.max_length {
                checks.push(quote! { v.max_items(#x.len(), #max); });
            }
            let element = Constraints {
                max_length: None,
                ..c.clone()
            };
            if let Some(inner) = value_checks(schema, inner, &element, &quote! { item }) {
                let each = quote! {
                    for (i, item) in #x.iter().enumerate() {
                        v.at_index(i, |v| { #inner });
                    }
                };
                checks.push(if matches!(ty, Type::OneOrArray(_)) {
                    quote! {
                        match #x {
                            ::regops_model::OneOrMany::One(item) => { #inner }
                            ::regops_model::OneOrMany::Many(#x) => { #each }
                        }
                    }
                } else {
                    each
                });
            }
        }
        Type::MapOf(inner) => {
            if let Some(inner) = value_checks(schema, inner, c, &quote! { item }) {
                checks.push(quote! {
                    for (key, item) in #x {
                        v.at_key(key, |v| { #inner });
                    }
                });
            }
        }
        _ => {}
    }
    (!checks.is_empty()).then(|| quote! { #( #checks )* })
}

/// Membership of a value `x` of the enum `path`; none for `exact` enums, which cannot hold an
/// unknown value.
fn enum_check(schema: &Schema, path: &ItemPath, x: &TokenStream) -> Option<TokenStream> {
    let set = schema.enumeration(path).map(|e| e.set);
    if set == Some(EnumSet::Exact) {
        return None;
    }
    let closed = set == Some(EnumSet::Closed);
    let format = match schema.enumeration(path).and_then(|e| e.format) {
        Some(format) => {
            let format = format_tokens(format);
            quote! { ::core::option::Option::Some(#format) }
        }
        None => quote! { ::core::option::Option::None },
    };
    Some(quote! { v.enum_value(#x, #closed, #format); })
}

fn option_tokens(n: Option<i64>) -> TokenStream {
    match n {
        Some(n) => quote! { ::core::option::Option::Some(#n) },
        None => quote! { ::core::option::Option::None },
    }
}

fn format_tokens(format: Format) -> TokenStream {
    match format {
        Format::Hostname => quote! { crate::Format::Hostname },
        Format::Ipv4 => quote! { crate::Format::Ipv4 },
        Format::Ipv6 => quote! { crate::Format::Ipv6 },
        Format::Country => quote! { crate::Format::Country },
        Format::Date => quote! { crate::Format::Date },
        Format::Email => quote! { crate::Format::Email },
        Format::Phone => quote! { crate::Format::Phone },
    }
}

/// Whether a member holds a value: present, not nil, and for text and arrays not empty.
fn present(f: &Field) -> TokenStream {
    let field = ident(&f.rust_name);
    if f.is_nullable() {
        return match &f.ty {
            Type::String | Type::Array(_) | Type::OneOrArray(_) => {
                quote! { self.#field.value().is_some_and(|x| !x.is_empty()) }
            }
            _ => quote! { self.#field.value().is_some() },
        };
    }
    match (&f.ty, !f.required) {
        (Type::String, true) => quote! { self.#field.as_deref().is_some_and(|s| !s.is_empty()) },
        (Type::String, false) => quote! { !self.#field.is_empty() },
        (Type::Array(_) | Type::OneOrArray(_), true) => {
            quote! { self.#field.as_ref().is_some_and(|a| !a.is_empty()) }
        }
        (Type::Array(_) | Type::OneOrArray(_), false) => quote! { !self.#field.is_empty() },
        (_, true) => quote! { self.#field.is_some() },
        (_, false) => quote! { true },
    }
}

/// The wire text of a rule's `when` member, as an `Option<&str>` expression.
fn when_value(w: &Field) -> TokenStream {
    let field = ident(&w.rust_name);
    if w.is_nullable() {
        return match &w.ty {
            Type::String => quote! { self.#field.value().map(::std::string::String::as_str) },
            _ => quote! { self.#field.value().map(|w| w.as_str()) },
        };
    }
    match (&w.ty, !w.required) {
        (Type::String, true) => quote! { self.#field.as_deref() },
        (_, true) => quote! { self.#field.as_ref().map(|w| w.as_str()) },
        (_, false) => quote! { ::core::option::Option::Some(self.#field.as_str()) },
    }
}

/// How many items an array or map member holds, as a `usize` expression (0 when absent).
fn item_count(f: &Field) -> TokenStream {
    let field = ident(&f.rust_name);
    if f.is_nullable() {
        quote! { self.#field.value().map_or(0, |a| a.len()) }
    } else if !f.required {
        quote! { self.#field.as_ref().map_or(0, |a| a.len()) }
    } else {
        quote! { self.#field.len() }
    }
}

fn emit_rule(fields: &[Field], rule: &Rule) -> TokenStream {
    let name = &rule.name;
    let severity = match rule.severity {
        RuleSeverity::Error => quote! { crate::Severity::Error },
        RuleSeverity::Warning => quote! { crate::Severity::Warning },
    };
    match &rule.kind {
        RuleKind::Required { fields: members } => {
            let checks = members.iter().map(|&i| {
                let f = &fields[i];
                let present = present(f);
                let wire = &f.wire;
                quote! { v.required(#present, #wire, #severity, #name); }
            });
            quote! { #( #checks )* }
        }
        RuleKind::RequiresWhen {
            fields: members,
            when,
            values,
        } => {
            let when_wire = &fields[*when].wire;
            let value = when_value(&fields[*when]);
            let checks = members.iter().map(|&i| {
                let f = &fields[i];
                let present = present(f);
                let wire = &f.wire;
                quote! { v.required_when(#present, #wire, #when_wire, w, #severity, #name); }
            });
            quote! {
                if let ::core::option::Option::Some(w) = #value
                    && matches!(w, #( #values )|*)
                {
                    #( #checks )*
                }
            }
        }
        RuleKind::MaxTotalItems {
            fields: members,
            max: bound,
        }
        | RuleKind::MinTotalItems {
            fields: members,
            min: bound,
        } => {
            let counts = members.iter().map(|&i| {
                let wire = &fields[i].wire;
                let count = item_count(&fields[i]);
                quote! { (#wire, #count) }
            });
            let check = if matches!(rule.kind, RuleKind::MaxTotalItems { .. }) {
                quote! { max_total_items }
            } else {
                quote! { min_total_items }
            };
            quote! {
                v.#check(&[#( #counts ),*], #bound, #severity, #name);
            }
        }
        RuleKind::Pattern {
            fields: members,
            alternatives,
            when,
        } => {
            // A conditional pattern is checked only while its `when` member has one of the values.
            let (condition, guard) = match when {
                None => (quote! {}, quote! {}),
                Some((when, values)) => {
                    let value = when_value(&fields[*when]);
                    (
                        quote! { let active = matches!(#value, ::core::option::Option::Some(#( #values )|*)); },
                        quote! { active && },
                    )
                }
            };
            let checks: Vec<TokenStream> = members
                .iter()
                .map(|&i| {
                    let f = &fields[i];
                    let field = ident(&f.rust_name);
                    let wire = &f.wire;
                    let value = if f.is_nullable() {
                        quote! { self.#field.value().map(::std::string::String::as_str) }
                    } else if !f.required {
                        quote! { self.#field.as_deref() }
                    } else {
                        quote! { ::core::option::Option::Some(self.#field.as_str()) }
                    };
                    quote! {
                        if #guard let ::core::option::Option::Some(x) = #value && !x.is_empty() {
                            v.at(#wire, |v| v.pattern(x, &[#( #alternatives ),*], #severity, #name));
                        }
                    }
                })
                .collect();
            if when.is_some() {
                quote! { { #condition #( #checks )* } }
            } else {
                quote! { #( #checks )* }
            }
        }
        RuleKind::RequiredForTld { fields: members } => {
            let checks = members.iter().map(|&i| {
                let f = &fields[i];
                let present = present(f);
                let wire = &f.wire;
                let tlds = &f.tlds;
                quote! { v.required_for_tld(#present, #wire, &[#( #tlds ),*], #severity, #name); }
            });
            quote! { #( #checks )* }
        }
    }
}

/// The name a precondition gives a value of `enumeration`: the wire name of the one required
/// member of that type in the module's structs (`step`, `type`, `STATUS`), else the enum's
/// snake_case name. Returns the Rust parameter name and the path used in reports.
fn input_name(schema: &Schema, module: &str, enumeration: &ItemPath) -> (String, String) {
    let mut wires: Vec<&str> = Vec::new();
    for (file, item) in schema.items() {
        let Item::Struct(s) = item else { continue };
        if file.module != module {
            continue;
        }
        for f in &s.fields {
            let typed = matches!(&f.ty, Type::Named(p, NamedKind::Enum) if p == enumeration);
            if typed && f.required && !wires.contains(&f.wire.as_str()) {
                wires.push(&f.wire);
            }
        }
    }
    let wire = match wires.as_slice() {
        [one] => one.to_string(),
        _ => naming::snake(&enumeration.name).unwrap_or_else(|| "state".to_string()),
    };
    let rust = naming::snake(&wire).unwrap_or_else(|| "state".to_string());
    (rust, wire)
}

/// `a, b or c`.
fn either(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// One `pub fn` per vendor method that performs transitions of `m`: the method is possible
/// in the states those transitions leave, and, when they carry a `when` group, for the values
/// of that group. Editing the machine (or the group) changes the precondition.
fn emit_preconditions(schema: &Schema, module: &str, m: &Machine) -> TokenStream {
    let Some(e) = schema.enumeration(&m.enumeration) else {
        return TokenStream::new();
    };
    let state_ty = model_path(&m.enumeration);
    let (state_rust, state_wire) = input_name(schema, module, &m.enumeration);
    let state = ident(&state_rust);
    let functions = m.methods().into_iter().map(|(method, transitions)| {
        let name = ident(&naming::snake(&method.replace('.', "_")).unwrap_or_else(|| "precondition".into()));
        let mut from: Vec<usize> = Vec::new();
        for t in &transitions {
            if !from.contains(&t.from) {
                from.push(t.from);
            }
        }
        let variants: Vec<_> = from.iter().map(|&i| ident(&e.values[i].rust_name)).collect();
        let wires: Vec<String> = from.iter().map(|&i| format!("`{}`", e.values[i].wire)).collect();
        let named: Vec<String> = transitions
            .iter()
            .map(|t: &&Transition| format!("`{}`", t.name))
            .collect();
        let mut doc = format!(
            "Precondition of `{method}`, derived from the machine of `{}`: possible with {state_wire} {} (transition{} {}).",
            m.enumeration,
            either(&wires),
            if named.len() > 1 { "s" } else { "" },
            named.join(", ")
        );
        let method_doc = schema.items().find_map(|(f, i)| match i {
            Item::Method(x) if x.wire == method && f.module == module => Some(x.doc.clone()),
            _ => None,
        });
        let when = transitions[0].when.as_ref();
        let group = when.and_then(|w| {
            let g = schema.enumeration(&w.enumeration)?;
            Some((w, g, &g.groups[w.group]))
        });
        let (kind_param, kind_check) = match group {
            Some((w, g, group)) => {
                let (kind_rust, kind_wire) = input_name(schema, module, &w.enumeration);
                let kind = ident(&kind_rust);
                let kind_ty = model_path(&w.enumeration);
                let predicate = ident(&group.name);
                let group_name = format!("{}.{}", w.enumeration, group.name);
                let members: Vec<&str> = group.members.iter().map(|&i| g.values[i].wire.as_str()).collect();
                doc.push_str(&format!(
                    " Only for a {kind_wire} of the group `{}` of `{}`.",
                    group.name, w.enumeration
                ));
                (
                    quote! { #kind: &#kind_ty, },
                    quote! {
                        if !#kind.#predicate() {
                            crate::precondition::refuse_kind(&mut report, #method, #kind_wire, #kind, #group_name, &[#( #members ),*]);
                        }
                    },
                )
            }
            None => (quote! {}, quote! {}),
        };
        doc.push_str(&format!(
            "\n\nThe report is empty when `{method}` may be called; each refusal is a `precondition_failed` error at the input that forbids it (rule `{method}`)."
        ));
        if let Some(method_doc) = method_doc {
            doc.push_str(&format!("\n\n`{method}`: {method_doc}"));
        }
        let doc = docs::outer(&doc, &[]);
        quote! {
            #doc
            pub fn #name(#kind_param #state: &#state_ty) -> crate::Report {
                let mut report = crate::Report::new();
                #kind_check
                if !matches!(#state, #( #state_ty::#variants )|*) {
                    crate::precondition::refuse_state(&mut report, #method, #state_wire, #state, const { &[#( #state_ty::#variants ),*] });
                }
                report
            }
        }
    });
    quote! { #( #functions )* }
}
