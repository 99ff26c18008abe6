//! Rust spellings of IR names and types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use regops_schema::ir::{ItemPath, Type};

/// An identifier; `r#type` becomes a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `crate::module::Name`
pub fn path(path: &ItemPath) -> TokenStream {
    let module = ident(&path.module);
    let name = ident(&path.name);
    quote! { crate::#module::#name }
}

/// The Rust type of a schema type.
pub fn ty(ty: &Type) -> TokenStream {
    match ty {
        Type::Int => quote! { i64 },
        Type::Bool => quote! { bool },
        Type::String => quote! { ::std::string::String },
        Type::Double => quote! { f64 },
        Type::DateTime => quote! { crate::DateTime },
        Type::DateTimeOrString => quote! { crate::DateTimeOrString },
        Type::Date => quote! { crate::Date },
        Type::Base64 => quote! { crate::Bytes },
        Type::ApiKey => quote! { crate::ApiKey },
        Type::Any => quote! { crate::Value },
        Type::Map => quote! { crate::Map },
        Type::Array(inner) => {
            let inner = self::ty(inner);
            quote! { ::std::vec::Vec<#inner> }
        }
        Type::OneOrArray(inner) => {
            let inner = self::ty(inner);
            quote! { crate::OneOrMany<#inner> }
        }
        Type::Named(p, _) => path(p),
    }
}

/// How a type is named in docs (`array(int)`).
pub fn schema_spelling(ty: &Type) -> String {
    match ty {
        Type::Int => "int".into(),
        Type::Bool => "bool".into(),
        Type::String => "string".into(),
        Type::Double => "double".into(),
        Type::DateTime => "datetime".into(),
        Type::DateTimeOrString => "datetime-or-string".into(),
        Type::Date => "date".into(),
        Type::Base64 => "base64".into(),
        Type::ApiKey => "apikey".into(),
        Type::Any => "any".into(),
        Type::Map => "map".into(),
        Type::Array(inner) => format!("array({})", schema_spelling(inner)),
        Type::OneOrArray(inner) => format!("one-or-array({})", schema_spelling(inner)),
        Type::Named(p, _) => p.to_string(),
    }
}
