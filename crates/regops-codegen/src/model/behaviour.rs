//! `<machine>` and `<mapping>` → methods on the enum they concern.

use proc_macro2::TokenStream;
use quote::quote;
use regops_schema::ir::{Machine, Mapping, Schema};

use crate::docs;
use crate::rust::{ident, path};

pub fn emit_machine(schema: &Schema, m: &Machine) -> TokenStream {
    let Some(e) = schema.enumeration(&m.enumeration) else {
        return TokenStream::new();
    };
    let enum_path = path(&m.enumeration);
    let variant = |i: usize| ident(&e.values[i].rust_name);
    let wire = |i: usize| format!("`{}`", e.values[i].wire);
    let list = |indexes: &[usize]| {
        indexes
            .iter()
            .map(|&i| wire(i))
            .collect::<Vec<_>>()
            .join(", ")
    };

    let initial: Vec<_> = m.initial.iter().map(|&i| variant(i)).collect();
    let terminal: Vec<_> = m.terminal.iter().map(|&i| variant(i)).collect();
    let transitions = m.transitions.iter().map(|t| {
        let name = &t.name;
        let (from, to) = (variant(t.from), variant(t.to));
        let method = match &t.method {
            Some(method) => quote! { ::core::option::Option::Some(#method) },
            None => quote! { ::core::option::Option::None },
        };
        quote! { crate::Transition { name: #name, from: Self::#from, to: Self::#to, method: #method }, }
    });
    // Transitions are array elements, which cannot carry docs: list them on the constant.
    let mut table = String::from("The named transitions of the state machine:\n");
    for t in &m.transitions {
        let summary = t
            .doc
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .replace('\n', " ");
        let by = t
            .method
            .as_ref()
            .map(|m| format!(" (`{m}`)"))
            .unwrap_or_default();
        table.push_str(&format!(
            "\n- `{}`: {} → {}{by}. {summary}",
            t.name,
            wire(t.from),
            wire(t.to)
        ));
    }
    let transitions_doc = docs::outer(&table, &[]);
    let next_arms = e.values.iter().enumerate().filter_map(|(i, _)| {
        let targets: Vec<_> = m
            .transitions
            .iter()
            .filter(|t| t.from == i)
            .map(|t| variant(t.to))
            .collect();
        if targets.is_empty() {
            return None;
        }
        let from = variant(i);
        Some(quote! { Self::#from => const { &[#( Self::#targets ),*] }, })
    });
    let matches_any = |variants: &[proc_macro2::Ident]| {
        if variants.is_empty() {
            quote! { false }
        } else {
            quote! { matches!(self, #( Self::#variants )|*) }
        }
    };
    let is_initial = matches_any(&initial);
    let is_terminal = matches_any(&terminal);
    let doc = docs::outer(&m.doc, &[]);
    let initial_doc = format!(" Whether this is an initial state ({}).", list(&m.initial));
    let terminal_doc = if m.terminal.is_empty() {
        " Whether this is a terminal state (this machine has none).".to_string()
    } else {
        format!(
            " Whether this is a terminal state ({}): nothing follows it.",
            list(&m.terminal)
        )
    };
    let machine = m.enumeration.to_string();
    quote! {
        #doc
        impl crate::StateMachine for #enum_path {
            const MACHINE: &'static str = #machine;

            #transitions_doc
            const TRANSITIONS: &'static [crate::Transition<Self>] = &[ #( #transitions )* ];

            #[doc = #initial_doc]
            fn is_initial(&self) -> bool {
                #is_initial
            }

            #[doc = #terminal_doc]
            fn is_terminal(&self) -> bool {
                #is_terminal
            }

            fn next_states(&self) -> &'static [Self] {
                #[allow(unreachable_patterns)]
                match self {
                    #( #next_arms )*
                    _ => &[],
                }
            }
        }
    }
}

pub fn emit_mapping(schema: &Schema, m: &Mapping) -> TokenStream {
    let (Some(from), Some(to)) = (schema.enumeration(&m.from), schema.enumeration(&m.to)) else {
        return TokenStream::new();
    };
    let from_path = path(&m.from);
    let to_path = path(&m.to);
    let method = ident(&m.name);
    let arms = from.values.iter().zip(&m.images).map(|(value, &image)| {
        let source = ident(&value.rust_name);
        let target = ident(&to.values[image].rust_name);
        quote! { Self::#source => #to_path::#target, }
    });
    let table = from
        .values
        .iter()
        .zip(&m.images)
        .map(|(v, &i)| format!("`{}` → `{}`", v.wire, to.values[i].wire))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = docs::outer(&m.doc, &[format!("Mapping: {table}.")]);
    let body = if from.set.keeps_unknown() {
        quote! {
            ::core::option::Option::Some(match self {
                #( #arms )*
                Self::Unrecognized(_) => return ::core::option::Option::None,
            })
        }
    } else {
        quote! { match self { #( #arms )* } }
    };
    let ret = if from.set.keeps_unknown() {
        quote! { ::core::option::Option<#to_path> }
    } else {
        quote! { #to_path }
    };
    quote! {
        impl #from_path {
            #doc
            pub fn #method(&self) -> #ret {
                #body
            }
        }
    }
}
