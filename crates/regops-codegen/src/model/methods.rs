//! `<method>` → a marker type implementing `regops_model::Method` and its positional parameters.

use proc_macro2::TokenStream;
use quote::quote;
use regops_schema::ir::{Effect, Method, Param, Type};

use crate::docs;
use crate::rust::{ident, ty, wire_signature};

/// Whether the parameter is an API key, which the parameter struct holds as `K` so that a
/// client can send its key borrowed.
fn is_key(p: &Param) -> bool {
    p.ty == Type::ApiKey
}

pub fn emit(m: &Method) -> TokenStream {
    let marker = ident(&m.rust_name);
    let params = ident(&m.params_name);
    let wire = &m.wire;
    let mut facts = vec![format!("Wire: {}.", wire_signature(m))];
    if let Some(http) = &m.http {
        facts.push(format!(
            "REST route: `{} {}`.",
            http.verb.as_str(),
            http.path
        ));
    }
    facts.push(match m.effect {
        Effect::Read => "Effect: reads only (a client may repeat it).".to_string(),
        Effect::Change => "Effect: creates or changes something (a client repeats it only when the request never reached the server).".to_string(),
    });
    let doc = docs::outer(&m.doc, &facts);
    let output = m.returns.as_ref().map_or(quote! { () }, |r| ty(&r.ty));
    let params_doc = format!(
        " Positional parameters of `{wire}`, written in this order; absent trailing optional ones are left out, an absent one before a present one is written as nil."
    );
    let keyed = m.params.iter().any(is_key);
    let key_doc = keyed.then(|| {
        quote! {
            #[doc = ""]
            #[doc = " `K` holds the API key: [`ApiKey`](crate::ApiKey) (the default, what a server decodes), or `&ApiKey` for a client that sends its key without cloning it."]
        }
    });
    let generics = keyed.then(|| quote! { <K = crate::ApiKey> });

    let fields = m.params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let param_ty = if is_key(p) {
            quote! { K }
        } else {
            ty(&p.ty)
        };
        let param_ty = if p.optional {
            quote! { ::core::option::Option<#param_ty> }
        } else {
            param_ty
        };
        let doc = docs::outer(
            &p.doc,
            &[format!(
                "Parameter `{}`: `{}`{}.",
                p.wire,
                p.ty,
                if p.optional { ", optional" } else { "" }
            )],
        );
        quote! { #doc pub #field: #param_ty, }
    });
    let derive_default = m
        .params
        .iter()
        .all(|p| p.optional)
        .then(|| quote! { Default, });
    // An API key is a secret whatever the schema says.
    let sensitive = m.params.iter().any(|p| p.sensitive || is_key(p));
    let derive_debug = (!sensitive).then(|| quote! { Debug, });
    let debug_impl = sensitive.then(|| debug_impl(m));
    let serialize = serialize_impl(m);
    let deserialize = deserialize_impl(m);
    let tracking_number = m.tracking_param().map(|p| {
        let field = ident(&p.rust_name);
        let doc = format!(" Parameter `{}`.", p.wire);
        quote! {
            #[doc = #doc]
            fn tracking_number(&self) -> ::core::option::Option<i64> {
                ::core::option::Option::Some(self.#field)
            }
        }
    });
    let call_params = if keyed {
        quote! {
            impl<K: ::core::borrow::Borrow<crate::ApiKey>> crate::CallParams<#marker> for #params<K> {
                #tracking_number
            }
        }
    } else {
        quote! {
            impl crate::CallParams<#marker> for #params {
                #tracking_number
            }
        }
    };
    let return_doc = m.returns.as_ref().map(|r| docs::outer(&r.doc, &[]));
    let output_doc =
        return_doc.unwrap_or_else(|| quote! { #[doc = " The method returns nothing."] });
    let read_only = m.effect == Effect::Read;

    quote! {
        #doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct #marker;

        impl crate::Method for #marker {
            const NAME: &'static str = #wire;
            type Params = #params;
            #output_doc
            type Output = #output;
            const READ_ONLY: bool = #read_only;
        }

        #[doc = #params_doc]
        #key_doc
        #[derive(Clone, #derive_debug #derive_default PartialEq)]
        pub struct #params #generics {
            #( #fields )*
        }

        #debug_impl

        #serialize
        #deserialize
        #call_params
    }
}

/// `Debug` that shows `<redacted>` for sensitive parameters.
fn debug_impl(m: &Method) -> TokenStream {
    let params = ident(&m.params_name);
    let name = &m.params_name;
    let entries = m.params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let label = p.rust_name.trim_start_matches("r#");
        match (p.sensitive || is_key(p), p.optional) {
            (true, true) => quote! { .field(#label, &self.#field.as_ref().map(|_| "<redacted>")) },
            (true, false) => quote! { .field(#label, &"<redacted>") },
            (false, _) => quote! { .field(#label, &self.#field) },
        }
    });
    let (generics, target) = if m.params.iter().any(is_key) {
        (quote! { <K> }, quote! { #params<K> })
    } else {
        (quote! {}, quote! { #params })
    };
    quote! {
        impl #generics ::core::fmt::Debug for #target {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#name) #( #entries )* .finish()
            }
        }
    }
}

fn serialize_impl(m: &Method) -> TokenStream {
    let params = ident(&m.params_name);
    let required = m.params.iter().filter(|p| !p.optional).count();
    // Length: every required parameter, then optional ones up to the last present one.
    let optional: Vec<_> = m.params.iter().filter(|p| p.optional).collect();
    let length_steps = optional.iter().enumerate().map(|(i, p)| {
        let field = ident(&p.rust_name);
        let n = required + i + 1;
        quote! { if self.#field.is_some() { len = #n; } }
    });
    let elements = m.params.iter().enumerate().map(|(position, p)| {
        let field = ident(&p.rust_name);
        if p.optional {
            // An absent parameter before a present one holds its place as nil (`null`).
            let value = if is_key(p) {
                quote! { self.#field.as_ref().map(::core::borrow::Borrow::<crate::ApiKey>::borrow) }
            } else {
                quote! { self.#field }
            };
            quote! {
                if #position < len {
                    seq.serialize_element(&#value)?;
                }
            }
        } else if is_key(p) {
            quote! { seq.serialize_element(::core::borrow::Borrow::<crate::ApiKey>::borrow(&self.#field))?; }
        } else {
            quote! { seq.serialize_element(&self.#field)?; }
        }
    });
    let (generics, target) = if m.params.iter().any(is_key) {
        (
            quote! { <K: ::core::borrow::Borrow<crate::ApiKey>> },
            quote! { #params<K> },
        )
    } else {
        (quote! {}, quote! { #params })
    };
    quote! {
        impl #generics ::serde::Serialize for #target {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeSeq as _;
                #[allow(unused_mut)]
                let mut len: usize = #required;
                #( #length_steps )*
                #[allow(unused_mut)]
                let mut seq = serializer.serialize_seq(::core::option::Option::Some(len))?;
                #( #elements )*
                seq.end()
            }
        }
    }
}

fn deserialize_impl(m: &Method) -> TokenStream {
    let params = ident(&m.params_name);
    let total = m.params.len();
    let required = m.params.iter().filter(|p| !p.optional).count();
    let expecting = if required == total {
        format!("the {total} parameters of `{}`", m.wire)
    } else {
        format!("{required} to {total} parameters of `{}`", m.wire)
    };
    let reads = m.params.iter().enumerate().map(|(i, p)| {
        let field = ident(&p.rust_name);
        let param_ty = ty(&p.ty);
        if p.optional {
            quote! { let #field = seq.next_element::<::core::option::Option<#param_ty>>()?.flatten(); }
        } else {
            quote! {
                let #field = seq
                    .next_element::<#param_ty>()?
                    .ok_or_else(|| ::serde::de::Error::invalid_length(#i, &self))?;
            }
        }
    });
    let fields = m.params.iter().map(|p| ident(&p.rust_name));
    let too_many = total + 1;
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #params {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                struct Visitor;
                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = #params;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    #[allow(unused_mut)]
                    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, mut seq: A) -> ::core::result::Result<Self::Value, A::Error> {
                        #( #reads )*
                        if seq.next_element::<::serde::de::IgnoredAny>()?.is_some() {
                            return ::core::result::Result::Err(::serde::de::Error::invalid_length(#too_many, &self));
                        }
                        ::core::result::Result::Ok(#params { #( #fields ),* })
                    }
                }
                deserializer.deserialize_seq(Visitor)
            }
        }
    }
}
