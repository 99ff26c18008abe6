//! `<struct>` → a Rust struct with a generated serde visitor that keeps unknown members.
//!
//! The visitor is generated instead of using `#[serde(flatten)]`, which would
//! buffer every member and allocate on every decode: known keys are matched as
//! borrowed strings, unknown ones go to `extra_fields` as `Value`s.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use regops_schema::ir::{
    Constraints, EXTRA_FIELDS, Field, Literal, NamedKind, Schema, Struct, Type, UnknownFields,
};

use crate::docs;
use crate::rust::{ident, ty};

/// Whether nil sent for `f` is kept in the struct's `extra_fields` as `Value::Nil` (its
/// field then being `None`): an optional member whose Rust type cannot hold nil itself, in a
/// struct that keeps what it does not model. `Nullable` members hold nil as
/// `Nullable::Null`, `any` members as `Value::Nil`, and required members refuse it.
pub fn nil_kept_in_extra_fields(s: &Struct, f: &Field) -> bool {
    s.unknown_fields == UnknownFields::Keep && !f.required && !f.is_nullable() && f.ty != Type::Any
}

pub fn emit(schema: &Schema, s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let keep = s.unknown_fields == UnknownFields::Keep;
    let mut facts = vec![if keep {
        "Members the schema does not name are kept in `extra_fields` and written back.".to_string()
    } else {
        "Members the schema does not name are skipped on decode.".to_string()
    }];
    if s.fields.iter().any(|f| nil_kept_in_extra_fields(s, f)) {
        facts.push(
            "A member sent as nil where the schema does not expect nil is kept as `Value::Nil` in \
             `extra_fields` under its wire name (its field is `None`), so it is written back; \
             once the field is set, the field is written instead."
                .to_string(),
        );
    }
    if s.all_optional() {
        facts.push(
            "Every member is optional: build it as a literal ending in `..Default::default()`."
                .to_string(),
        );
    }
    let doc = docs::outer(&s.doc, &facts);

    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let field_ty = field_type(f);
        let doc = docs::outer(&f.doc, &field_facts(schema, f));
        let deprecated = f
            .deprecated
            .as_ref()
            .map(|note| quote! { #[deprecated(note = #note)] });
        let wire = &f.wire;
        // schemars cannot tell from `Nullable` whether the member may be left out.
        let presence = match (f.is_nullable(), f.required) {
            (true, true) => quote! { #[cfg_attr(feature = "schemars", schemars(required))] },
            (true, false) => quote! {
                #[cfg_attr(feature = "schemars", schemars(default, skip_serializing_if = "crate::Nullable::is_absent"))]
            },
            (false, _) => quote! {},
        };
        quote! {
            #doc
            #deprecated
            #[cfg_attr(feature = "schemars", schemars(rename = #wire))]
            #presence
            pub #field: #field_ty,
        }
    });
    let extra = keep.then(|| {
        let extra = ident(EXTRA_FIELDS);
        quote! {
            /// Members this version of the schema does not know, and known optional members sent as
            /// nil where the schema does not expect it (as `Value::Nil`), kept so that they are
            /// written back. An entry named like a member that is set is not written.
            #[cfg_attr(feature = "schemars", schemars(flatten))]
            pub #extra: crate::Map,
        }
    });
    let derive_default = s.all_optional().then(|| quote! { Default, });
    let debug_impl = debug_impl(s);
    let defaults = default_accessors(schema, s);
    let serialize = serialize_impl(s);
    let deserialize = deserialize_impl(s);

    quote! {
        #doc
        #[derive(Clone, #derive_default PartialEq)]
        #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
        pub struct #name {
            #( #fields )*
            #extra
        }
        #defaults
        #debug_impl
        #serialize
        #deserialize
    }
}

/// `T` for members always sent, `Nullable<T>` for members that may be nil or empty,
/// `Option<T>` for the others.
fn field_type(f: &Field) -> TokenStream {
    let inner = ty(&f.ty);
    if f.is_nullable() {
        quote! { crate::Nullable<#inner> }
    } else if f.required {
        inner
    } else {
        quote! { ::core::option::Option<#inner> }
    }
}

/// One line per fact the schema states about a member.
pub fn field_facts(schema: &Schema, f: &Field) -> Vec<String> {
    let mut facts = vec![format!(
        "Wire name: `{}`; type `{}`; {}.",
        f.wire,
        f.ty,
        if f.required {
            "always present"
        } else {
            "optional"
        }
    )];
    if f.nil_allowed {
        facts.push(
            "The vendor may send nil: that is `Nullable::Null`, kept apart from `Nullable::Absent`."
                .to_string(),
        );
    }
    if f.empty_is_none {
        facts.push("An empty string on the wire means no value: `Nullable::Empty`.".to_string());
    }
    if let Some(default) = &f.default {
        facts.push(format!(
            "Vendor default when absent: `{}`.",
            literal_text(schema, f, default)
        ));
    }
    let constraints = constraint_text(&f.constraints);
    if !constraints.is_empty() {
        facts.push(format!(
            "Constraints (checked by validators, not by this type): {constraints}."
        ));
    }
    if !f.tlds.is_empty() {
        facts.push(format!(
            "TLDs: {}.",
            f.tlds
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if f.sensitive {
        facts.push("Sensitive: `Debug` does not show it.".to_string());
    }
    facts
}

fn constraint_text(c: &Constraints) -> String {
    let mut parts = Vec::new();
    match (c.min, c.max) {
        (Some(lo), Some(hi)) => parts.push(format!("{lo} to {hi}")),
        (Some(lo), None) => parts.push(format!("at least {lo}")),
        (None, Some(hi)) => parts.push(format!("at most {hi}")),
        (None, None) => {}
    }
    if let Some(n) = c.max_length {
        parts.push(format!("at most {n} characters or items"));
    }
    if let Some(format) = c.format {
        parts.push(format!("format `{}`", format.as_str()));
    }
    parts.join(", ")
}

fn literal_text(schema: &Schema, f: &Field, literal: &Literal) -> String {
    match (literal, &f.ty) {
        (Literal::Int(n), _) => n.to_string(),
        (Literal::Bool(b), _) => b.to_string(),
        (Literal::Double(d), _) => d.to_string(),
        (Literal::String(s), _) => s.clone(),
        (Literal::EnumValue(i), Type::Named(path, _)) => schema
            .enumeration(path)
            .map_or(String::new(), |e| e.values[*i].wire.clone()),
        (Literal::EnumValue(_), _) => String::new(),
    }
}

/// `fn items_per_page_or_default(&self) -> i64` for members with a vendor default.
fn default_accessors(schema: &Schema, s: &Struct) -> Option<TokenStream> {
    let accessors: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| {
            let default = f.default.as_ref()?;
            let field = ident(&f.rust_name);
            let method = format_ident!("{}_or_default", f.rust_name.trim_start_matches("r#"));
            let doc = format!(
                " `{}`, or the vendor's default `{}` when it is absent.",
                f.wire,
                literal_text(schema, f, default)
            );
            let (ret, body) = match (default, &f.ty) {
                (Literal::Int(n), _) => (quote! { i64 }, quote! { self.#field.unwrap_or(#n) }),
                (Literal::Bool(b), _) => (quote! { bool }, quote! { self.#field.unwrap_or(#b) }),
                (Literal::Double(d), _) => (quote! { f64 }, quote! { self.#field.unwrap_or(#d) }),
                (Literal::String(text), _) => (
                    quote! { &str },
                    quote! { self.#field.as_deref().unwrap_or(#text) },
                ),
                (Literal::EnumValue(i), Type::Named(path, NamedKind::Enum)) => {
                    let enum_ty = ty(&f.ty);
                    let variant = ident(&schema.enumeration(path)?.values[*i].rust_name);
                    (
                        quote! { #enum_ty },
                        quote! { self.#field.clone().unwrap_or(#enum_ty::#variant) },
                    )
                }
                (Literal::EnumValue(_), _) => return None,
            };
            Some(quote! {
                #[doc = #doc]
                pub fn #method(&self) -> #ret { #body }
            })
        })
        .collect();
    if accessors.is_empty() {
        return None;
    }
    let name = ident(&s.name);
    Some(quote! { impl #name { #( #accessors )* } })
}

/// `Debug` that shows the members that are set (absent optional members and empty unknown
/// members are left out) and `<redacted>` for sensitive ones.
fn debug_impl(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let name_str = &s.name;
    let entries = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let label = f.rust_name.trim_start_matches("r#");
        // Absent members are left out; nil and empty are shown, they were sent.
        let set = if f.is_nullable() {
            Some(quote! { !self.#field.is_absent() })
        } else if !f.required {
            Some(quote! { self.#field.is_some() })
        } else {
            None
        };
        let value = match (f.sensitive, f.is_nullable() || f.required) {
            (false, _) => quote! { &self.#field },
            (true, false) => quote! { &::core::option::Option::Some("<redacted>") },
            (true, true) => quote! { &"<redacted>" },
        };
        match set {
            Some(set) => quote! { if #set { d.field(#label, #value); } },
            None => quote! { d.field(#label, #value); },
        }
    });
    let extra = (s.unknown_fields == UnknownFields::Keep).then(|| {
        quote! {
            if !self.extra_fields.is_empty() { d.field(#EXTRA_FIELDS, &self.extra_fields); }
        }
    });
    quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut d = f.debug_struct(#name_str);
                #( #entries )*
                #extra
                d.finish()
            }
        }
    }
}

fn serialize_impl(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let keep = s.unknown_fields == UnknownFields::Keep;
    let mut counts: Vec<TokenStream> = Vec::new();
    let always = s
        .fields
        .iter()
        .filter(|f| f.required && !f.is_nullable())
        .count();
    if always > 0 {
        counts.push(quote! { #always });
    }
    for f in s.fields.iter().filter(|f| !f.required || f.is_nullable()) {
        let field = ident(&f.rust_name);
        counts.push(if f.is_nullable() {
            quote! { usize::from(!self.#field.is_absent()) }
        } else {
            quote! { usize::from(self.#field.is_some()) }
        });
    }
    let entries = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let wire = &f.wire;
        if f.is_nullable() {
            quote! {
                if !self.#field.is_absent() {
                    map.serialize_entry(#wire, &self.#field)?;
                }
            }
        } else if f.required {
            quote! { map.serialize_entry(#wire, &self.#field)?; }
        } else {
            quote! {
                if let ::core::option::Option::Some(value) = &self.#field {
                    map.serialize_entry(#wire, value)?;
                }
            }
        }
    });
    // An `extra_fields` entry named like a member that is written (a nil kept there, then the
    // field set) is skipped: one key, once.
    let written = keep.then(|| {
        let always: Vec<&str> = s
            .fields
            .iter()
            .filter(|f| f.required && !f.is_nullable())
            .map(|f| f.wire.as_str())
            .collect();
        let arms: Vec<TokenStream> = s
            .fields
            .iter()
            .filter(|f| !f.required || f.is_nullable())
            .map(|f| {
                let field = ident(&f.rust_name);
                let wire = &f.wire;
                if f.is_nullable() {
                    quote! { #wire => !self.#field.is_absent(), }
                } else {
                    quote! { #wire => self.#field.is_some(), }
                }
            })
            .collect();
        let closure = match (always.is_empty(), arms.is_empty()) {
            (true, true) => quote! { |_: &str| false },
            (false, true) => quote! { |key: &str| ::core::matches!(key, #( #always )|*) },
            (true, false) => quote! { |key: &str| match key { #( #arms )* _ => false } },
            (false, false) => quote! {
                |key: &str| match key { #( #always )|* => true, #( #arms )* _ => false }
            },
        };
        quote! { let written = #closure; }
    });
    if keep {
        counts.push(quote! { self.extra_fields.keys().filter(|key| !written(key)).count() });
    }
    if counts.is_empty() {
        counts.push(quote! { 0 });
    }
    let extra_entries = if keep {
        quote! {
            for (key, value) in &self.extra_fields {
                if !written(key) {
                    map.serialize_entry(key, value)?;
                }
            }
        }
    } else {
        quote! {}
    };
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                #written
                let len: usize = #( #counts )+*;
                let mut map = serializer.serialize_map(::core::option::Option::Some(len))?;
                #( #entries )*
                #extra_entries
                map.end()
            }
        }
    }
}

fn deserialize_impl(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let keep = s.unknown_fields == UnknownFields::Keep;
    let expecting = format!("a `{}` struct", s.name);
    let slots: Vec<_> = s
        .fields
        .iter()
        .map(|f| format_ident!("f_{}", f.rust_name.trim_start_matches("r#")))
        .collect();
    let declarations = s.fields.iter().zip(&slots).map(|(f, slot)| {
        let field_ty = field_type(f);
        quote! { let mut #slot: ::core::option::Option<#field_ty> = ::core::option::Option::None; }
    });
    let arms = s.fields.iter().zip(&slots).map(|(f, slot)| {
        let wire = &f.wire;
        let inner = ty(&f.ty);
        // A `map` is read through `Members`, which refuses a name sent twice.
        let (read_inner, members) = if f.ty == Type::Map {
            (quote! { crate::__private::Members }, true)
        } else {
            (inner.clone(), false)
        };
        let unwrap = |read: TokenStream, optional: bool| match (members, optional) {
            (false, _) => read,
            (true, true) => quote! { #read.map(crate::__private::Members::into_inner) },
            (true, false) => quote! { #read.0 },
        };
        let read = if f.empty_is_none {
            quote! { map.next_value::<crate::__private::EmptyOrNull<#inner>>()?.0 }
        } else if f.is_nullable() {
            unwrap(
                quote! { map.next_value::<crate::Nullable<#read_inner>>()? },
                true,
            )
        } else if f.required {
            unwrap(quote! { map.next_value::<#read_inner>()? }, false)
        } else if f.ty == Type::Any {
            // `any` holds nil itself (`Value::Nil`): an `Option` would read it as absent.
            quote! { ::core::option::Option::Some(map.next_value::<#inner>()?) }
        } else if nil_kept_in_extra_fields(s, f) {
            // `None` here is nil on the wire (an absent member never reaches its arm): keep it.
            let read = if members {
                quote! { crate::__private::next_optional::<_, #read_inner>(&mut map, &mut extra_fields, #wire)? }
            } else {
                quote! { crate::__private::next_optional(&mut map, &mut extra_fields, #wire)? }
            };
            unwrap(read, true)
        } else {
            unwrap(
                quote! { map.next_value::<::core::option::Option<#read_inner>>()? },
                true,
            )
        };
        quote! {
            #wire => {
                if #slot.is_some() {
                    return ::core::result::Result::Err(::serde::de::Error::duplicate_field(#wire));
                }
                #slot = ::core::option::Option::Some(#read);
            }
        }
    });
    let (extra_declaration, fallback, extra_init) = if keep {
        (
            quote! { let mut extra_fields = crate::Map::new(); },
            quote! { _ => crate::__private::next_member(&mut map, &mut extra_fields, key.into_owned())?, },
            quote! { extra_fields, },
        )
    } else {
        (
            quote! {},
            quote! { _ => { map.next_value::<::serde::de::IgnoredAny>()?; } },
            quote! {},
        )
    };
    let inits = s.fields.iter().zip(&slots).map(|(f, slot)| {
        let field = ident(&f.rust_name);
        let wire = &f.wire;
        if f.required {
            quote! { #field: #slot.ok_or_else(|| ::serde::de::Error::missing_field(#wire))?, }
        } else if f.is_nullable() {
            quote! { #field: #slot.unwrap_or_default(), }
        } else {
            quote! { #field: #slot.flatten(), }
        }
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                struct Visitor;
                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<Self::Value, A::Error> {
                        #( #declarations )*
                        #extra_declaration
                        while let ::core::option::Option::Some(key) = map.next_key::<crate::__private::Key<'de>>()? {
                            match key.as_str() {
                                #( #arms )*
                                #fallback
                            }
                        }
                        ::core::result::Result::Ok(#name {
                            #( #inits )*
                            #extra_init
                        })
                    }
                }
                deserializer.deserialize_map(Visitor)
            }
        }
    }
}
