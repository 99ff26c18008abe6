//! Emits `regops-validate`'s generated half: `impl Validate` for every struct and every
//! method's parameter list, and `impl StateMachine` for every machine's enum.
//!
//! The code visits members in schema order: per member its TLD, its constraints (through
//! nested structs, arrays with indexes, enums), then the struct's `<rule>`s in file order.

use proc_macro2::TokenStream;
use quote::quote;
use regops_schema::ir::{
    Constraints, EnumSet, Field, File, Format, Item, ItemPath, Machine, Method, NamedKind, Rule,
    RuleKind, Schema, Struct, Type,
};

use crate::docs;
use crate::format::{Output, rust_file};
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
        let doc = docs::inner(&format!("Validators of `regops_model::{module}`."));
        output.insert(
            format!("{DIR}/{module}.rs"),
            rust_file(
                &sources,
                quote! {
                    #doc
                    #( #[allow(clippy::module_inception)] mod #stems; )*
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
                //! Validators generated from `schema/*.xml`: trait impls only.
                #( mod #modules; )*
            },
        ),
    );
}

fn emit_file(schema: &Schema, file: &File) -> TokenStream {
    let doc = docs::inner(&format!("Validators of `{}`: {}", file.source, file.title));
    let items = file.items.iter().filter_map(|item| match item {
        Item::Struct(s) => Some(emit_struct(schema, &file.module, s)),
        Item::Method(m) => Some(emit_method(schema, &file.module, m)),
        Item::Machine(m) => Some(emit_machine(m)),
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
        statements.push(emit_rule(s, rule));
    }
    impl_validate(ty, statements)
}

fn emit_method(schema: &Schema, module: &str, m: &Method) -> TokenStream {
    let ty = model_path(&ItemPath::new(module, &m.params_name));
    let statements = m
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
    Some(quote! { v.enum_value(#x, #closed); })
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

fn emit_rule(s: &Struct, rule: &Rule) -> TokenStream {
    let name = &rule.name;
    match &rule.kind {
        RuleKind::RequiresWhen {
            fields,
            when,
            values,
        } => {
            let when_wire = &s.fields[*when].wire;
            let value = when_value(&s.fields[*when]);
            let checks = fields.iter().map(|&i| {
                let f = &s.fields[i];
                let present = present(f);
                let wire = &f.wire;
                quote! { v.required_when(#present, #wire, #when_wire, w, #name); }
            });
            quote! {
                if let ::core::option::Option::Some(w) = #value
                    && matches!(w, #( #values )|*)
                {
                    #( #checks )*
                }
            }
        }
        RuleKind::MaxTotalItems { fields, max } => {
            let counts: Vec<TokenStream> = fields
                .iter()
                .map(|&i| {
                    let f = &s.fields[i];
                    let field = ident(&f.rust_name);
                    if f.is_nullable() {
                        quote! { self.#field.value().map_or(0, |a| a.len()) }
                    } else if !f.required {
                        quote! { self.#field.as_ref().map_or(0, |a| a.len()) }
                    } else {
                        quote! { self.#field.len() }
                    }
                })
                .collect();
            let wires = fields.iter().map(|&i| &s.fields[i].wire);
            quote! {
                v.max_total_items(#( #counts )+*, #max, &[#( #wires ),*], #name);
            }
        }
        RuleKind::Pattern {
            fields,
            alternatives,
            when,
        } => {
            // A conditional pattern is checked only while its `when` member has one of the values.
            let (condition, guard) = match when {
                None => (quote! {}, quote! {}),
                Some((when, values)) => {
                    let value = when_value(&s.fields[*when]);
                    (
                        quote! { let active = matches!(#value, ::core::option::Option::Some(#( #values )|*)); },
                        quote! { active && },
                    )
                }
            };
            let checks: Vec<TokenStream> = fields
                .iter()
                .map(|&i| {
                    let f = &s.fields[i];
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
                            v.at(#wire, |v| v.pattern(x, &[#( #alternatives ),*], #name));
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
        RuleKind::RequiredForTld { fields } => {
            let checks = fields.iter().map(|&i| {
                let f = &s.fields[i];
                let present = present(f);
                let wire = &f.wire;
                let tlds = &f.tlds;
                quote! { v.required_for_tld(#present, #wire, &[#( #tlds ),*], #name); }
            });
            quote! { #( #checks )* }
        }
    }
}

fn emit_machine(m: &Machine) -> TokenStream {
    let ty = model_path(&m.enumeration);
    let name = m.enumeration.to_string();
    quote! {
        impl crate::ops::StateMachine for #ty {
            const MACHINE: &'static str = #name;
            fn wire(&self) -> &str {
                self.as_str()
            }
            fn allowed_next(&self) -> &'static [Self] {
                self.next_states()
            }
            fn terminal(&self) -> bool {
                self.is_terminal()
            }
        }
    }
}
