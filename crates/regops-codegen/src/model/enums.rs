//! `<enum>` → a Rust enum with wire conversions, serde and (optionally) schemars.

use proc_macro2::TokenStream;
use quote::quote;
use regops_schema::ir::{Enum, EnumSet};

use crate::docs;
use crate::rust::ident;

const OPEN_NOTE: &str = "This enum is open: a value this version of the schema does not know is \
kept in `Unrecognized` and written back unchanged, so match it with a wildcard arm and use \
`as_str()` to look at unknown values.";

pub fn emit(module: &str, e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let name_str = &e.name;
    let keeps_unknown = e.set.keeps_unknown();
    let mut facts = vec![match e.set {
        EnumSet::Open => {
            "Value set: open (the vendor may send others; validators warn on them).".to_string()
        }
        EnumSet::Closed => "Value set: closed (validators reject other values).".to_string(),
        EnumSet::Exact => {
            "Value set: exact (defined by regops; parsing other values fails).".to_string()
        }
    }];
    if keeps_unknown {
        facts.push(String::new());
        facts.push(OPEN_NOTE.to_string());
    }
    let doc = docs::outer(&e.doc, &facts);

    let variants = e.values.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let mut facts = vec![format!("Wire value: `{}`.", v.wire)];
        if let Some(label) = &v.label {
            facts.push(format!("Label: {label}."));
        }
        let doc = docs::outer(&v.doc, &facts);
        let deprecated = v
            .deprecated
            .as_ref()
            .map(|note| quote! { #[deprecated(note = #note)] });
        quote! { #doc #deprecated #variant, }
    });
    let catch_all = keeps_unknown.then(|| {
        quote! {
            /// A value this version of the schema does not know, kept verbatim.
            Unrecognized(crate::UnrecognizedValue),
        }
    });
    let non_exhaustive = keeps_unknown.then(|| quote! { #[non_exhaustive] });

    let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    let idents: Vec<_> = e.values.iter().map(|v| ident(&v.rust_name)).collect();
    let labels = e.values.iter().map(|v| match &v.label {
        Some(l) => quote! { ::core::option::Option::Some(#l) },
        None => quote! { ::core::option::Option::None },
    });
    let deprecated: Vec<_> = e
        .values
        .iter()
        .filter(|v| v.deprecated.is_some())
        .map(|v| ident(&v.rust_name))
        .collect();
    let is_deprecated = if deprecated.is_empty() {
        quote! { false }
    } else {
        quote! { matches!(self, #( Self::#deprecated )|*) }
    };
    let (as_str_ret, unknown_as_str, unknown_label, is_recognized) = if keeps_unknown {
        (
            quote! { &str },
            quote! { Self::Unrecognized(value) => value.as_str(), },
            quote! { Self::Unrecognized(_) => ::core::option::Option::None, },
            quote! { !matches!(self, Self::Unrecognized(_)) },
        )
    } else {
        (
            quote! { &'static str },
            quote! {},
            quote! {},
            quote! { true },
        )
    };
    let groups = e.groups.iter().map(|g| {
        let method = ident(&g.name);
        let members: Vec<_> = g
            .members
            .iter()
            .map(|&i| ident(&e.values[i].rust_name))
            .collect();
        let listed = g
            .members
            .iter()
            .map(|&i| format!("`{}`", e.values[i].wire))
            .collect::<Vec<_>>()
            .join(", ");
        let doc = docs::outer(&g.doc, &[format!("Members: {listed}.")]);
        let body = if members.is_empty() {
            quote! { false }
        } else {
            quote! { matches!(self, #( Self::#members )|*) }
        };
        quote! { #doc pub fn #method(&self) -> bool { #body } }
    });
    let open = matches!(e.set, EnumSet::Open);

    let conversions = if keeps_unknown {
        quote! {
            impl ::core::convert::From<&str> for #name {
                fn from(value: &str) -> Self {
                    Self::lookup(value).unwrap_or_else(|| Self::Unrecognized(crate::UnrecognizedValue::new(value)))
                }
            }
            impl ::core::convert::From<::std::string::String> for #name {
                fn from(value: ::std::string::String) -> Self {
                    Self::lookup(&value).unwrap_or_else(|| Self::Unrecognized(crate::UnrecognizedValue::new(value)))
                }
            }
            impl ::core::str::FromStr for #name {
                type Err = ::core::convert::Infallible;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    ::core::result::Result::Ok(Self::from(value))
                }
            }
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    crate::__private::deserialize_open_enum(deserializer)
                }
            }
        }
    } else {
        quote! {
            impl ::core::convert::TryFrom<&str> for #name {
                type Error = crate::UnknownEnumValue;
                fn try_from(value: &str) -> ::core::result::Result<Self, Self::Error> {
                    Self::try_parse(value)
                }
            }
            impl ::core::str::FromStr for #name {
                type Err = crate::UnknownEnumValue;
                fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                    Self::try_parse(value)
                }
            }
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    crate::__private::deserialize_exact_enum(deserializer)
                }
            }
        }
    };
    let lookup_body = if e.values.is_empty() {
        quote! { let _ = value; ::core::option::Option::None }
    } else {
        quote! {
            match value {
                #( #wires => ::core::option::Option::Some(Self::#idents), )*
                _ => ::core::option::Option::None,
            }
        }
    };
    let schema_doc = e.doc.lines().next().unwrap_or_default();
    let schema_id = format!("regops_model::{module}::{}", e.name);
    let derive_copy = (!keeps_unknown).then(|| quote! { Copy, });

    quote! {
        #doc
        #[derive(Clone, #derive_copy Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #non_exhaustive
        pub enum #name {
            #( #variants )*
            #catch_all
        }

        impl #name {
            /// The known wire values, in schema order.
            pub const VALUES: &'static [&'static str] = &[#( #wires ),*];

            /// The known values, in schema order.
            pub const KNOWN: &'static [Self] = &[#( Self::#idents ),*];

            /// The known value with this exact wire spelling.
            fn lookup(value: &str) -> ::core::option::Option<Self> {
                #lookup_body
            }

            /// Parses a wire value strictly: unknown values are an error that lists the known ones.
            pub fn try_parse(value: &str) -> ::core::result::Result<Self, crate::UnknownEnumValue> {
                Self::lookup(value).ok_or_else(|| crate::UnknownEnumValue::new(#name_str, value, Self::VALUES))
            }

            /// The wire value, exactly as the vendor spells it.
            pub fn as_str(&self) -> #as_str_ret {
                match self {
                    #( Self::#idents => #wires, )*
                    #unknown_as_str
                }
            }

            /// The short human label the schema gives, if any.
            pub fn label(&self) -> ::core::option::Option<&'static str> {
                match self {
                    #( Self::#idents => #labels, )*
                    #unknown_label
                }
            }

            /// Whether the value is one the schema lists.
            pub fn is_recognized(&self) -> bool {
                #is_recognized
            }

            /// Whether the schema marks the value deprecated.
            pub fn is_deprecated(&self) -> bool {
                #is_deprecated
            }

            #( #groups )*
        }

        impl crate::WireEnum for #name {
            const NAME: &'static str = #name_str;
            const VALUES: &'static [&'static str] = Self::VALUES;
            const OPEN: bool = #open;
            fn as_str(&self) -> &str {
                self.as_str()
            }
            fn try_from_wire(value: &str) -> ::core::result::Result<Self, crate::UnknownEnumValue> {
                Self::try_parse(value)
            }
            fn is_recognized(&self) -> bool {
                self.is_recognized()
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #conversions

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "schemars")]
        impl schemars::JsonSchema for #name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#name_str)
            }
            fn schema_id() -> ::std::borrow::Cow<'static, str> {
                ::std::borrow::Cow::Borrowed(#schema_id)
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                crate::__private::enum_schema(Self::VALUES, #keeps_unknown, #schema_doc)
            }
        }
    }
}
