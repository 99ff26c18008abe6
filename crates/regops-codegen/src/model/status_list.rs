//! `<status-list>` → a parsed view of `STATE, FLAG, FLAG` that writes its text back unchanged.

use proc_macro2::TokenStream;
use quote::quote;
use regops_schema::ir::StatusList;

use crate::docs;
use crate::rust::{ident, path};

pub fn emit(s: &StatusList) -> TokenStream {
    let name = ident(&s.name);
    let name_str = &s.name;
    let state = path(&s.state);
    let flag = path(&s.flags);
    let separator = &s.separator;
    let joiner = format!("{separator} ");
    let doc = docs::outer(
        &s.doc,
        &[
            format!("Wire form: a state and flags joined by `{separator}`; the text is kept and written back unchanged."),
            "A first item that is neither a known state nor a known flag is taken as an unrecognized state.".to_string(),
        ],
    );
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct #name {
            text: ::std::string::String,
            state: ::core::option::Option<#state>,
            flags: ::std::vec::Vec<#flag>,
        }

        impl #name {
            /// The separator between items on the wire.
            pub const SEPARATOR: &'static str = #separator;

            /// Parses the wire text; never fails, keeps the text as it is.
            pub fn parse(text: impl ::core::convert::Into<::std::string::String>) -> Self {
                let text = text.into();
                let mut state = ::core::option::Option::None;
                let mut flags = ::std::vec::Vec::new();
                for (position, item) in text.split(#separator).map(str::trim).filter(|item| !item.is_empty()).enumerate() {
                    if position == 0 {
                        if let ::core::result::Result::Ok(known) = <#state>::try_parse(item) {
                            state = ::core::option::Option::Some(known);
                            continue;
                        }
                        if <#flag>::try_parse(item).is_err() {
                            state = ::core::option::Option::Some(<#state>::from(item));
                            continue;
                        }
                    }
                    flags.push(<#flag>::from(item));
                }
                Self { text, state, flags }
            }

            /// Builds a value; its text joins the items with the separator and a space.
            pub fn new(state: ::core::option::Option<#state>, flags: ::std::vec::Vec<#flag>) -> Self {
                let items: ::std::vec::Vec<&str> = state.iter().map(|s| s.as_str()).chain(flags.iter().map(|f| f.as_str())).collect();
                Self { text: items.join(#joiner), state, flags }
            }

            /// The state, if the text starts with one.
            pub fn state(&self) -> ::core::option::Option<&#state> {
                self.state.as_ref()
            }

            /// The flags, in wire order.
            pub fn flags(&self) -> &[#flag] {
                &self.flags
            }

            /// Whether `flag` is set.
            pub fn has_flag(&self, flag: &#flag) -> bool {
                self.flags.contains(flag)
            }

            /// The wire text.
            pub fn as_str(&self) -> &str {
                &self.text
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = ::core::convert::Infallible;
            fn from_str(text: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::parse(text))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::parse)
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for #name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#name_str)
            }
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                <::std::string::String as schemars::JsonSchema>::json_schema(generator)
            }
        }
    }
}
