//! Emits `regops-model`: one Rust file per schema file, and `generated/mod.rs`.

mod behaviour;
mod enums;
mod methods;
mod status_list;
pub(crate) mod structs;

use proc_macro2::TokenStream;
use quote::quote;
use regops_schema::ir::{File, Item, Schema};

use crate::docs;
use crate::format::{Output, rust_file};
use crate::rust::ident;

/// Where the model crate's generated files go, relative to the workspace.
pub const DIR: &str = "crates/regops-model/src/generated";

/// Adds every generated file of the model crate to `output`:
/// `generated/mod.rs`, one `generated/<module>.rs` per Rust module and one
/// `generated/<module>/<file>.rs` per schema file.
pub fn emit(schema: &Schema, output: &mut Output) {
    for file in &schema.files {
        let path = format!("{DIR}/{}/{}.rs", file.module, file.stem);
        output.insert(
            path,
            rust_file(&[file.source.as_str()], emit_file(schema, file)),
        );
    }
    let modules = schema.modules();
    for (module, files) in &modules {
        let sources: Vec<&str> = files.iter().map(|f| f.source.as_str()).collect();
        output.insert(
            format!("{DIR}/{module}.rs"),
            rust_file(&sources, emit_module(schema, module, files)),
        );
    }
    let sources: Vec<&str> = schema.files.iter().map(|f| f.source.as_str()).collect();
    output.insert(
        format!("{DIR}/mod.rs"),
        rust_file(&sources, emit_mod(modules.keys().copied())),
    );
}

fn emit_file(schema: &Schema, file: &File) -> TokenStream {
    let doc = docs::inner(&format!("{}\n\n{}", file.title, file.doc));
    let items = file.items.iter().map(|item| match item {
        Item::Enum(e) => enums::emit(&file.module, e),
        Item::Struct(s) => structs::emit(schema, s),
        Item::StatusList(s) => status_list::emit(s),
        Item::Machine(m) => behaviour::emit_machine(schema, m),
        Item::Mapping(m) => behaviour::emit_mapping(schema, m),
        Item::Method(m) => methods::emit(m),
    });
    quote! {
        #doc
        // Deprecated schema items are still generated and used here.
        #![allow(deprecated)]
        #( #items )*
    }
}

/// `<module>.rs`: the module's summary, then what each file models; the private per-file
/// modules, the hand-written runtimes the schema names, and their re-exports.
fn emit_module(schema: &Schema, module: &str, files: &[&File]) -> TokenStream {
    let mut text = schema.module_summary(module);
    if files.len() > 1 {
        text.push_str("\n\n# Schema files\n");
        for f in files {
            let first = f.doc.split("\n\n").next().unwrap_or_default();
            text.push_str(&format!(
                "\n- `{}`: {}. {}",
                f.source,
                f.title,
                first.replace('\n', " ")
            ));
        }
    }
    let doc = docs::inner(&text);
    let stems: Vec<_> = files.iter().map(|f| ident(&f.stem)).collect();
    let runtimes = files.iter().flat_map(|f| &f.runtimes).map(|r| {
        let name = ident(&r.name);
        let path = format!("../{module}/{}.rs", r.name);
        let doc = docs::outer(&r.doc, &[]);
        quote! {
            #doc
            #[path = #path]
            mod #name;
            pub use #name::*;
        }
    });
    quote! {
        #doc
        #( #[allow(clippy::module_inception)] mod #stems; )*
        #( pub use #stems::*; )*
        #( #runtimes )*
    }
}

/// `mod.rs`: one public module per schema module.
fn emit_mod<'a>(modules: impl Iterator<Item = &'a str>) -> TokenStream {
    let modules = modules.map(ident);
    quote! {
        //! The modules generated from `schema/*.xml`.
        #( pub mod #modules; )*
    }
}
