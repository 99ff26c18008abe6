//! Rust spellings of IR names and types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use regops_schema::ir::{ItemPath, Method, Type};

/// An identifier; `r#type` becomes a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `crate::module::Name`
pub fn path(path: &ItemPath) -> TokenStream {
    path_in(path, &quote! { crate })
}

/// `<root>::module::Name`
pub fn path_in(path: &ItemPath, root: &TokenStream) -> TokenStream {
    let module = ident(&path.module);
    let name = ident(&path.name);
    quote! { #root::#module::#name }
}

/// The Rust type of a schema type, inside the model crate.
pub fn ty(ty: &Type) -> TokenStream {
    ty_in(ty, &quote! { crate })
}

/// The Rust type of a schema type, with the model crate at `root` (`crate`, `::regops_model`).
pub fn ty_in(ty: &Type, root: &TokenStream) -> TokenStream {
    let ty_in = |inner: &Type| ty_in(inner, root);
    match ty {
        Type::Int => quote! { i64 },
        Type::IntOrDigits => quote! { #root::IntOrDigits },
        Type::Bool => quote! { bool },
        Type::String => quote! { ::std::string::String },
        Type::Double => quote! { f64 },
        Type::DateTime => quote! { #root::DateTime },
        Type::DateTimeOrString => quote! { #root::DateTimeOrString },
        Type::Date => quote! { #root::Date },
        Type::Base64 => quote! { #root::Bytes },
        Type::ApiKey => quote! { #root::ApiKey },
        Type::Any => quote! { #root::Value },
        Type::Map => quote! { #root::Map },
        Type::Array(inner) => {
            let inner = ty_in(inner);
            quote! { ::std::vec::Vec<#inner> }
        }
        Type::OneOrArray(inner) => {
            let inner = ty_in(inner);
            quote! { #root::OneOrMany<#inner> }
        }
        Type::MapOf(inner) => {
            let inner = ty_in(inner);
            quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
        }
        Type::Named(p, _) => path_in(p, root),
    }
}

/// `` `operation.list(apikey, [opts])` → `array(gandi.OperationListReturn)` ``, for docs.
pub fn wire_signature(method: &Method) -> String {
    let params: Vec<String> = method
        .params
        .iter()
        .map(|p| {
            if p.optional {
                format!("[{}]", p.wire)
            } else {
                p.wire.clone()
            }
        })
        .collect();
    let returns = method
        .returns
        .as_ref()
        .map_or("nothing".to_string(), |r| format!("`{}`", r.ty));
    format!("`{}({})` → {returns}", method.wire, params.join(", "))
}
