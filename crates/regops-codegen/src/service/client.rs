//! The client trait of a module (`GandiApi`, `NetimApi`): one method per schema method, each
//! a call of the trait's generic `call` with the method's marker, so a client implements
//! `call` once and every method of the schema follows.

use proc_macro2::TokenStream;
use quote::quote;
use regops_schema::ir::Method;

use super::{model_item, output_type};
use crate::docs;
use crate::rust::{ident, ty_in, wire_signature};

/// How one transport's client trait differs.
pub struct Shape<'a> {
    /// The bound of `call`'s method marker (`crate::rest::RestMethod`).
    pub bound: TokenStream,
    /// The parameter every method takes first and the client fills itself (the API key).
    pub api_key: Option<&'a str>,
    /// Wire names of methods the client runs itself (a session's open and close).
    pub managed: Vec<&'a str>,
    /// What the trait's docs say about the transport.
    pub about: String,
}

/// `GandiApi` for module `gandi`.
pub fn trait_name(module: &str) -> proc_macro2::Ident {
    let camel: String = module
        .split('_')
        .map(super::heck_free::upper_first)
        .collect();
    ident(&format!("{camel}Api"))
}

pub fn emit(module: &str, methods: &[&Method], shape: &Shape<'_>) -> TokenStream {
    let name = trait_name(module);
    let bound = &shape.bound;
    let doc = docs::generated(&format!(
        "A client of module `{module}`: one method per schema method, each a call of [`call`]({name}::call) with the method's marker type, so an implementation writes `call` once and every method of the schema follows. {}",
        shape.about
    ));
    let api_key = shape.api_key.map(|param| {
        let doc = format!(" The API key every call sends as its first parameter (`{param}`).");
        quote! {
            #[doc = #doc]
            fn api_key(&self) -> &::regops_model::ApiKey;
        }
    });
    let typed = methods
        .iter()
        .filter(|m| !shape.managed.contains(&m.wire.as_str()))
        .map(|m| typed_method(module, m, shape.api_key));
    quote! {
        #doc
        pub trait #name: Send + Sync {
            /// What a call fails with.
            type Error;

            #api_key

            /// Calls method `M` with these parameters and reads its result.
            fn call<M: #bound>(
                &self,
                params: M::Params,
            ) -> impl ::core::future::Future<Output = ::core::result::Result<M::Output, Self::Error>> + Send;

            #( #typed )*
        }
    }
}

/// One method: its parameters as arguments (the API key left to the client).
fn typed_method(module: &str, m: &Method, api_key: Option<&str>) -> TokenStream {
    let name = ident(&m.fn_name);
    let marker = model_item(module, &m.rust_name);
    let params_ty = model_item(module, &m.params_name);
    let output = output_type(m);
    let root = quote! { ::regops_model };
    let mut arguments = Vec::new();
    let mut fields = Vec::new();
    for p in &m.params {
        let field = ident(&p.rust_name);
        if Some(p.wire.as_str()) == api_key {
            fields.push(quote! { #field: self.api_key().clone() });
            continue;
        }
        let ty = ty_in(&p.ty, &root);
        let ty = if p.optional {
            quote! { ::core::option::Option<#ty> }
        } else {
            ty
        };
        arguments.push(quote! { #field: #ty });
        fields.push(quote! { #field });
    }
    let doc = docs::outer(&m.doc, &[format!("Wire: {}.", wire_signature(m))]);
    let lint = (arguments.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #doc
        #lint
        fn #name(
            &self,
            #( #arguments ),*
        ) -> impl ::core::future::Future<Output = ::core::result::Result<#output, Self::Error>> + Send {
            self.call::<#marker>(#params_ty { #( #fields ),* })
        }
    }
}
