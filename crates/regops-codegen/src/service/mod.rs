//! Emits `regops-service`: for each module that declares a transport, one file with the
//! server trait, the dispatch and the transport's data (`generated/<module>.rs`), and
//! `generated/mod.rs`.

mod client;
mod rest;
mod xml_rpc;

use heck_free::upper_first;
use proc_macro2::TokenStream;
use quote::quote;
use regops_schema::ir::{File, Method, Schema, Transport};

use crate::docs;
use crate::format::{Output, rust_file};
use crate::rust::{ident, ty_in};

/// Where the service crate's generated files go, relative to the workspace.
pub const DIR: &str = "crates/regops-service/src/generated";

/// Adds one file per module with a transport, and `generated/mod.rs`.
pub fn emit(schema: &Schema, output: &mut Output) {
    let mut served = Vec::new();
    for (module, files) in schema.modules() {
        let Some(transport) = schema.transport(module) else {
            continue;
        };
        let sources: Vec<&str> = files.iter().map(|f| f.source.as_str()).collect();
        let methods: Vec<&Method> = schema.methods(module).collect();
        let tokens = match transport {
            Transport::XmlRpc(x) => xml_rpc::emit(module, &files, x, &methods),
            Transport::Rest(r) => rest::emit(schema, module, &files, r, &methods),
        };
        output.insert(format!("{DIR}/{module}.rs"), rust_file(&sources, tokens));
        served.push((module, sources));
    }
    let sources: Vec<&str> = served.iter().flat_map(|(_, s)| s.iter().copied()).collect();
    let modules = served.iter().map(|(m, _)| ident(m));
    output.insert(
        format!("{DIR}/mod.rs"),
        rust_file(
            &sources,
            quote! {
                //! The service modules generated from `schema/*.xml`, one per module with a transport.
                #( pub mod #modules; )*
            },
        ),
    );
}

/// `GandiService` for module `gandi`.
fn trait_name(module: &str) -> proc_macro2::Ident {
    let camel: String = module.split('_').map(upper_first).collect();
    ident(&format!("{camel}Service"))
}

/// The module docs: what the file serves, then the module's own docs.
fn module_docs(module: &str, files: &[&File], transport: &str) -> TokenStream {
    let titles: Vec<String> = files.iter().map(|f| format!("- {}", f.title)).collect();
    docs::inner(&format!(
        "The service of module `{module}` over {transport}: the server trait, its dispatch and the transport as data.\n\nGenerated from:\n\n{}",
        titles.join("\n")
    ))
}

/// `::regops_model::<module>::<Name>`
fn model_item(module: &str, name: &str) -> TokenStream {
    let module = ident(module);
    let name = ident(name);
    quote! { ::regops_model::#module::#name }
}

/// The Rust type of a method's result, in the model crate.
fn output_type(method: &Method) -> TokenStream {
    let root = quote! { ::regops_model };
    method
        .returns
        .as_ref()
        .map_or(quote! { () }, |r| ty_in(&r.ty, &root))
}

/// Small case helper (heck is not a dependency of the generator).
mod heck_free {
    /// `gandi` → `Gandi`.
    pub fn upper_first(word: &str) -> String {
        let mut chars = word.chars();
        match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}
