//! A module served over REST: `API` and `ROUTES`, the server trait, `route` (verb + path →
//! route), `dispatch`, and a `RestMethod` impl per method marker (path, body, decoding).

use proc_macro2::TokenStream;
use quote::quote;
use regops_schema::ir::{
    Auth, EnumSet, File, Method, NamedKind, Param, PathSegment, Rest, Schema, Type, Verb,
};

use super::{client, model_item, module_docs, output_type, trait_name};
use crate::docs;
use crate::rust::{ident, ty_in, wire_signature};

pub fn emit(
    schema: &Schema,
    module: &str,
    files: &[&File],
    r: &Rest,
    methods: &[&Method],
) -> TokenStream {
    let doc = module_docs(module, files, "REST");
    let service = trait_name(module);
    let (base, version, error_member) = (&r.base, &r.version, &r.error_member);
    let session = match &r.session {
        Some(s) => {
            let (open, close, token) = (&s.open, &s.close, &s.token);
            quote! {
                ::core::option::Option::Some(crate::rest::SessionMethods {
                    open: #open,
                    close: #close,
                    token_member: #token,
                })
            }
        }
        None => quote! { ::core::option::Option::None },
    };
    let routed: Vec<&Method> = methods
        .iter()
        .copied()
        .filter(|m| m.http.is_some())
        .collect();
    let count = proc_macro2::Literal::usize_unsuffixed(routed.len());
    let routes = routed.iter().map(|m| route_data(m));
    let api_doc = docs::outer(&r.doc, &[]);
    let trait_doc = docs::generated(&format!(
        "A server of module `{module}`: one method per route. Implement it and hand each request to [`dispatch`]; nobody matches on verbs and paths by hand.\n\nA bearer route's token is checked with [`authenticate`]({service}::authenticate) first, and its method gets what that returned; a Basic route's method gets the credentials. An error, from `authenticate` or a method, is the answer as it is: its status and `{{\"{error_member}\": …}}`."
    ));
    let trait_methods = routed.iter().map(|m| trait_method(module, m));
    let matcher = routed.iter().enumerate().map(|(i, m)| route_check(i, m));
    let arms = routed
        .iter()
        .enumerate()
        .map(|(i, m)| dispatch_arm(module, i, m));
    let impls = routed
        .iter()
        .enumerate()
        .map(|(i, m)| rest_method(schema, module, i, m));
    let managed: Vec<&str> = r
        .session
        .iter()
        .flat_map(|s| [s.open.as_str(), s.close.as_str()])
        .collect();
    let about = if managed.is_empty() {
        String::new()
    } else {
        format!(
            "The session methods (`{}`) have no method here: a client opens and closes its session itself.",
            managed.join("`, `")
        )
    };
    let client = client::emit(
        module,
        &routed,
        &client::Shape {
            bound: quote! { crate::rest::RestMethod },
            api_key: None,
            managed,
            about,
        },
    );
    quote! {
        #doc

        #api_doc
        pub const API: crate::rest::Api = crate::rest::Api {
            base: #base,
            version: #version,
            error_member: #error_member,
            session: #session,
            routes: &ROUTES,
        };

        /// Every route, in schema order; [`route`] finds a request's.
        pub const ROUTES: [crate::rest::Route; #count] = [#( #routes ),*];

        #trait_doc
        pub trait #service: Send + Sync {
            /// Who is calling, as [`authenticate`](Self::authenticate) identifies them (a session, a reseller, …).
            type Caller: Send;

            /// Checks the bearer token of a call: the caller it returns is handed to the method; an error (a 401 for an unknown or expired session) refuses the call.
            fn authenticate(
                &self,
                token: &crate::rest::BearerToken,
            ) -> impl ::core::future::Future<Output = ::core::result::Result<Self::Caller, crate::rest::Error>> + Send;

            #( #trait_methods )*
        }

        /// The route a request's verb and decoded path segments (from [`crate::rest::split_path`]) name: its index in [`ROUTES`], or which verbs the path takes.
        pub fn route(verb: &str, segments: &[&str]) -> crate::rest::RouteMatch {
            let mut allow = ::std::vec::Vec::new();
            #( #matcher )*
            if allow.is_empty() {
                crate::rest::RouteMatch::NotFound
            } else {
                allow.sort();
                crate::rest::RouteMatch::MethodNotAllowed(allow)
            }
        }

        /// Answers one request: routes it, reads its credentials, decodes its path parameters and JSON body, calls the method and writes its result as JSON.
        ///
        /// No route is a 404, a known path with another verb a 405, missing or refused credentials a 401, parameters that do not decode a 400 naming the member; nothing panics.
        pub async fn dispatch<S: #service + ?Sized>(service: &S, request: crate::rest::Request<'_>) -> crate::rest::Response {
            use crate::rest::__private as rt;
            let segments = match crate::rest::split_path(request.path) {
                ::core::result::Result::Ok(segments) => segments,
                ::core::result::Result::Err(error) => return rt::error_response(&API, ::core::option::Option::None, &error),
            };
            let segments: ::std::vec::Vec<&str> = segments.iter().map(|s| s.as_ref()).collect();
            let index = match route(request.verb, &segments) {
                crate::rest::RouteMatch::Found(index) => index,
                other => return rt::not_routed(&API, request.verb, request.path, other),
            };
            match index {
                #( #arms )*
                _ => rt::not_routed(&API, request.verb, request.path, crate::rest::RouteMatch::NotFound),
            }
        }

        #client

        #( #impls )*
    }
}

fn verb_tokens(verb: Verb) -> TokenStream {
    match verb {
        Verb::Get => quote! { crate::rest::Verb::Get },
        Verb::Post => quote! { crate::rest::Verb::Post },
        Verb::Put => quote! { crate::rest::Verb::Put },
        Verb::Patch => quote! { crate::rest::Verb::Patch },
        Verb::Delete => quote! { crate::rest::Verb::Delete },
    }
}

fn auth_of(m: &Method) -> Auth {
    m.http.as_ref().map_or(Auth::None, |h| h.auth)
}

fn route_data(m: &Method) -> TokenStream {
    let Some(http) = &m.http else {
        return quote! {};
    };
    let wire = &m.wire;
    let verb = verb_tokens(http.verb);
    let path = &http.path;
    let auth = match http.auth {
        Auth::None => quote! { crate::rest::Auth::None },
        Auth::Basic => quote! { crate::rest::Auth::Basic },
        Auth::Bearer => quote! { crate::rest::Auth::Bearer },
    };
    let path_params = http.path_params().map(|i| m.params[i].wire.as_str());
    let body_params = m.body_params().map(|p| {
        let name = &p.wire;
        let required = !p.optional;
        quote! { crate::rest::BodyParam { name: #name, required: #required } }
    });
    quote! {
        crate::rest::Route {
            method: #wire,
            verb: #verb,
            path: #path,
            auth: #auth,
            path_params: &[#( #path_params ),*],
            body_params: &[#( #body_params ),*],
        }
    }
}

/// `GET operation/{idOpe}`, bearer session.
fn route_fact(m: &Method) -> String {
    let Some(http) = &m.http else {
        return String::new();
    };
    let auth = match http.auth {
        Auth::None => "no credentials",
        Auth::Basic => "HTTP Basic credentials",
        Auth::Bearer => "a session's bearer token",
    };
    format!("Route: `{} {}`, {auth}.", http.verb.as_str(), http.path)
}

fn trait_method(module: &str, m: &Method) -> TokenStream {
    let name = ident(&m.fn_name);
    let params = model_item(module, &m.params_name);
    let output = output_type(m);
    let doc = docs::outer(
        &m.doc,
        &[format!("Wire: {}.", wire_signature(m)), route_fact(m)],
    );
    let who = match auth_of(m) {
        Auth::Bearer => quote! { caller: Self::Caller, },
        Auth::Basic => quote! { credentials: crate::rest::BasicCredentials, },
        Auth::None => quote! {},
    };
    quote! {
        #doc
        fn #name(
            &self,
            #who
            params: #params,
        ) -> impl ::core::future::Future<Output = ::core::result::Result<#output, crate::rest::Error>> + Send;
    }
}

/// `if let ["operation", _] = segments { … }`: one route's part of `route`.
fn route_check(index: usize, m: &Method) -> TokenStream {
    let Some(http) = &m.http else {
        return quote! {};
    };
    let patterns = http.segments.iter().map(|s| match s {
        PathSegment::Literal(text) => quote! { #text },
        PathSegment::Param(_) => quote! { _ },
    });
    let verb = verb_tokens(http.verb);
    let spelled = http.verb.as_str();
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    quote! {
        if let [#( #patterns ),*] = segments {
            if verb == #spelled {
                return crate::rest::RouteMatch::Found(#index);
            }
            allow.push(#verb);
        }
    }
}

fn dispatch_arm(module: &str, index: usize, m: &Method) -> TokenStream {
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    let name = ident(&m.fn_name);
    let marker = model_item(module, &m.rust_name);
    let serve = match auth_of(m) {
        Auth::Bearer => quote! {
            rt::bearer(
                #marker,
                request,
                &segments,
                |token| async move { service.authenticate(&token).await },
                |caller, params| service.#name(caller, params),
            )
        },
        Auth::Basic => quote! {
            rt::basic(#marker, request, &segments, |credentials, params| {
                service.#name(credentials, params)
            })
        },
        Auth::None => quote! {
            rt::open(#marker, request, &segments, |params| service.#name(params))
        },
    };
    quote! { #index => #serve.await, }
}

/// How a path parameter is read from its segment.
fn parse_segment(schema: &Schema, p: &Param) -> TokenStream {
    match &p.ty {
        Type::Int => quote! { rt::parse_int },
        Type::Named(path, NamedKind::Enum) => {
            let ty = ty_in(&p.ty, &quote! { ::regops_model });
            if schema.enumeration(path).map(|e| e.set) == Some(EnumSet::Exact) {
                quote! {
                    |s: &str| <#ty as ::regops_model::WireEnum>::try_from_wire(s).map_err(|e| e.to_string())
                }
            } else {
                quote! { |s: &str| ::core::result::Result::Ok(<#ty>::from(s)) }
            }
        }
        _ => quote! { rt::parse_text },
    }
}

/// Appends a path parameter to `path`.
fn write_segment(p: &Param) -> TokenStream {
    let field = ident(&p.rust_name);
    match &p.ty {
        Type::Int => quote! { path.push_str(&params.#field.to_string()); },
        Type::Named(_, NamedKind::Enum) => {
            quote! { rt::push_encoded(&mut path, params.#field.as_str()); }
        }
        _ => quote! { rt::push_encoded(&mut path, &params.#field); },
    }
}

fn rest_method(schema: &Schema, module: &str, index: usize, m: &Method) -> TokenStream {
    let Some(http) = &m.http else {
        return quote! {};
    };
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    let wire = &m.wire;
    let marker = model_item(module, &m.rust_name);
    let params_ty = model_item(module, &m.params_name);
    let root = quote! { ::regops_model };

    // path(): the template, its `{name}`s replaced by the encoded values.
    let mut path_steps = Vec::new();
    let mut rest = http.path.as_str();
    while let Some(open) = rest.find('{') {
        match &rest[..open] {
            "" => {}
            "/" => path_steps.push(quote! { path.push('/'); }),
            literal => path_steps.push(quote! { path.push_str(#literal); }),
        }
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let name = &rest[open + 1..close];
        if let Some(p) = m.params.iter().find(|p| p.wire == name) {
            path_steps.push(write_segment(p));
        }
        rest = rest.get(close + 1..).unwrap_or("");
    }
    match rest {
        "" => {}
        "/" => path_steps.push(quote! { path.push('/'); }),
        rest => path_steps.push(quote! { path.push_str(#rest); }),
    }

    // body(): one member per body parameter.
    let body_params: Vec<&Param> = m.body_params().collect();
    let writes = body_params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let name = &p.wire;
        if p.optional {
            quote! {
                if let ::core::option::Option::Some(value) = &params.#field {
                    body.member(#name, value)?;
                }
            }
        } else {
            quote! { body.member(#name, &params.#field)?; }
        }
    });
    let unused = |unused: bool| {
        if unused {
            quote! { _params }
        } else {
            quote! { params }
        }
    };
    let path_params_binding = unused(http.path_params().next().is_none());
    let body_params_binding = unused(body_params.is_empty());
    let body_binding = if body_params.is_empty() {
        quote! { body }
    } else {
        quote! { mut body }
    };
    let path_binding = if path_steps.is_empty() {
        quote! { path }
    } else {
        quote! { mut path }
    };

    // decode_request(): path parameters, then the body.
    let path_reads = http.segments.iter().enumerate().filter_map(|(at, s)| {
        let PathSegment::Param(i) = s else {
            return None;
        };
        let p = &m.params[*i];
        let field = ident(&p.rust_name);
        let name = &p.wire;
        let parse = parse_segment(schema, p);
        let at = proc_macro2::Literal::usize_unsuffixed(at);
        Some(quote! { let #field = rt::path_param(segments, #at, #wire, #name, #parse)?; })
    });
    let body_struct = ident(&format!("{}Body", m.rust_name));
    let (body_decl, body_read) = if body_params.is_empty() {
        (
            quote! {},
            quote! { rt::decode_body::<rt::NoBody>(#wire, body)?; },
        )
    } else {
        let fields = body_params.iter().map(|p| {
            let field = ident(&p.rust_name);
            let ty = ty_in(&p.ty, &root);
            quote! { #field: ::core::option::Option<#ty>, }
        });
        let members = body_params.iter().map(|p| p.wire.as_str());
        let reads = body_params.iter().enumerate().map(|(i, p)| {
            let i = proc_macro2::Literal::usize_unsuffixed(i);
            let field = ident(&p.rust_name);
            if p.optional {
                // `null` is the same as leaving an optional member out.
                quote! { #i => self.#field = map.next_value()?, }
            } else {
                quote! { #i => self.#field = ::core::option::Option::Some(map.next_value()?), }
            }
        });
        let doc = format!(" The JSON body of `{wire}`, member by member.");
        (
            quote! {
                #[doc = #doc]
                #[derive(Default)]
                struct #body_struct {
                    #( #fields )*
                }

                impl crate::rest::__private::Body for #body_struct {
                    const MEMBERS: &'static [&'static str] = &[#( #members ),*];

                    fn read_member<'de, A: ::serde::de::MapAccess<'de>>(
                        &mut self,
                        index: usize,
                        map: &mut A,
                    ) -> ::core::result::Result<(), A::Error> {
                        match index {
                            #( #reads )*
                            _ => {
                                map.next_value::<::serde::de::IgnoredAny>()?;
                            }
                        }
                        ::core::result::Result::Ok(())
                    }
                }
            },
            quote! { let body: #body_struct = rt::decode_body(#wire, body)?; },
        )
    };
    let fields = m.params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let name = &p.wire;
        let bound = http
            .path_params()
            .any(|i| m.params[i].rust_name == p.rust_name);
        if bound {
            quote! { #field, }
        } else if p.optional {
            quote! { #field: body.#field, }
        } else {
            quote! { #field: rt::required(#wire, #name, body.#field)?, }
        }
    });
    let segments_binding = if http.path_params().next().is_none() {
        quote! { _segments }
    } else {
        quote! { segments }
    };
    quote! {
        #body_decl

        impl crate::rest::RestMethod for #marker {
            const API: &'static crate::rest::Api = &API;
            const ROUTE: &'static crate::rest::Route = &ROUTES[#index];

            fn path(#path_params_binding: &#params_ty) -> ::std::string::String {
                #[allow(unused_imports)]
                use crate::rest::__private as rt;
                let #path_binding = ::std::string::String::new();
                #( #path_steps )*
                path
            }

            fn body(#body_params_binding: &#params_ty) -> ::core::result::Result<::std::vec::Vec<u8>, ::serde_json::Error> {
                let #body_binding = crate::rest::__private::BodyWriter::new();
                #( #writes )*
                ::core::result::Result::Ok(body.finish())
            }

            fn decode_request(#segments_binding: &[&str], body: &[u8]) -> ::core::result::Result<#params_ty, crate::rest::Error> {
                use crate::rest::__private as rt;
                #( #path_reads )*
                #body_read
                ::core::result::Result::Ok(#params_ty { #( #fields )* })
            }
        }
    }
}
