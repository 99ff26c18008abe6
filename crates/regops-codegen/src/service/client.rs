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
        let doc = format!(
            " The API key every call sends as its first parameter (`{param}`), borrowed by each call."
        );
        quote! {
            #[doc = #doc]
            fn api_key(&self) -> &::regops_model::ApiKey;
        }
    });
    let (params, call_doc) = call_params(shape.api_key);
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

            #call_doc
            fn call<M: #bound>(
                &self,
                params: #params,
            ) -> impl ::core::future::Future<Output = ::core::result::Result<M::Output, Self::Error>> + Send;

            #( #typed )*
        }
    }
}

/// The type of `call`'s parameters, and its docs. With an API key, any `CallParams` of the
/// method, so that the typed methods lend the client's key (`apikey: self.api_key()`) instead
/// of cloning it per call, while callers may still pass `M::Params` owning its key, or a
/// reference. Without one (REST: the credentials travel in headers), `M::Params`, which the
/// routes' `path` and `body` read.
fn call_params(api_key: Option<&str>) -> (TokenStream, TokenStream) {
    const CALLS: &str = "Calls method `M` with these parameters and reads its result; the returned future is `Send` (multi-threaded runtimes may move it between threads).";
    let Some(param) = api_key else {
        return (quote! { M::Params }, docs::generated(CALLS));
    };
    let doc = docs::generated(&format!(
        "{CALLS}\n\n\
         `params` is any [`CallParams<M>`](::regops_model::CallParams): `M::Params`, which owns its API key; the same struct borrowing the key (`{param}: self.api_key()`, what the typed methods send, so that no call copies the key); or a reference to either (`&params`, for a caller that keeps them).\n\n\
         An implementation writes the parameters with `regops_xmlrpc::write_method_call::<M>(&params)` and may read `params.tracking_number()` for its logs; a test double that wants them typed decodes what was written (`regops_xmlrpc::read_method_call::<M>`)."
    ));
    (
        quote! { impl ::regops_model::CallParams<M> + ::core::marker::Send },
        doc,
    )
}

/// One method: its parameters as arguments (the API key lent by the client).
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
            fields.push(quote! { #field: self.api_key() });
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
