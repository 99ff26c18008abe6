//! A module served over XML-RPC: `ENDPOINT`, the server trait and `dispatch`, which routes by
//! method name.

use proc_macro2::TokenStream;
use quote::quote;
use regops_schema::ir::{FaultClass, File, Method, XmlRpc};

use super::{client, model_item, module_docs, output_type, trait_name};
use crate::docs;
use crate::rust::{ident, wire_signature};

pub fn emit(module: &str, files: &[&File], x: &XmlRpc, methods: &[&Method]) -> TokenStream {
    let doc = module_docs(module, files, "XML-RPC");
    let service = trait_name(module);
    let path = &x.path;
    let api_key = &x.api_key_param;
    let wires: Vec<&str> = methods.iter().map(|m| m.wire.as_str()).collect();
    let fault = |class: FaultClass| {
        let (code, string) = x
            .fault(class)
            .map_or((0, ""), |f| (f.code, f.string.as_str()));
        let code = proc_macro2::Literal::i32_unsuffixed(code);
        quote! { crate::xml_rpc::FaultAnswer { code: #code, string: #string } }
    };
    let (malformed, unknown, invalid, internal) = (
        fault(FaultClass::Malformed),
        fault(FaultClass::UnknownMethod),
        fault(FaultClass::InvalidParams),
        fault(FaultClass::Internal),
    );
    let endpoint_doc = docs::outer(&x.doc, &[]);
    let trait_doc = docs::generated(&format!(
        "A server of module `{module}`: one method per schema method. Implement it and hand each request body to [`dispatch`]; nobody matches on method names by hand.\n\nEvery method takes the API key as its first parameter (`{api_key}`): [`dispatch`] decodes the call, checks the key with [`authenticate`]({service}::authenticate), then calls the method with what it returned. A fault, from `authenticate` or a method, is the answer as it is."
    ));
    let trait_methods = methods.iter().map(|m| {
        let name = ident(&m.fn_name);
        let params = model_item(module, &m.params_name);
        let output = output_type(m);
        let doc = docs::outer(&m.doc, &[format!("Wire: {}.", wire_signature(m))]);
        quote! {
            #doc
            fn #name(
                &self,
                caller: Self::Caller,
                params: #params,
            ) -> impl ::core::future::Future<Output = ::core::result::Result<#output, ::regops_xmlrpc::Fault>> + Send;
        }
    });
    let arms = methods.iter().map(|m| {
        let wire = &m.wire;
        let name = ident(&m.fn_name);
        let marker = model_item(module, &m.rust_name);
        let params_ty = model_item(module, &m.params_name);
        // The checker makes the API key every method's first parameter.
        let api_key_field = ident(m.params.first().map_or("apikey", |p| &p.rust_name));
        let names = m.params.iter().map(|p| p.wire.as_str());
        quote! {
            #wire => {
                rt::serve(
                    #marker,
                    &ENDPOINT,
                    params,
                    &[#( #names ),*],
                    |params: &#params_ty| &params.#api_key_field,
                    |key| async move { service.authenticate(&key).await },
                    |caller, params| service.#name(caller, params),
                )
                .await
            }
        }
    });
    let markers = methods.iter().map(|m| {
        let marker = model_item(module, &m.rust_name);
        quote! {
            impl crate::xml_rpc::XmlRpcMethod for #marker {
                const ENDPOINT: &'static crate::xml_rpc::Endpoint = &ENDPOINT;
            }
        }
    });
    let client = client::emit(
        module,
        methods,
        &client::Shape {
            bound: quote! { crate::xml_rpc::XmlRpcMethod },
            api_key: Some(api_key),
            managed: Vec::new(),
            about: format!(
                "The methods send [`api_key`]({}::api_key) as `{api_key}` themselves.",
                client::trait_name(module)
            ),
        },
    );
    quote! {
        #doc

        #endpoint_doc
        pub const ENDPOINT: crate::xml_rpc::Endpoint = crate::xml_rpc::Endpoint {
            path: #path,
            api_key_param: #api_key,
            methods: &[#( #wires ),*],
            faults: crate::xml_rpc::Faults {
                malformed: #malformed,
                unknown_method: #unknown,
                invalid_params: #invalid,
                internal: #internal,
            },
        };

        #trait_doc
        pub trait #service: Send + Sync {
            /// Who is calling, as [`authenticate`](Self::authenticate) identifies them (an account, …).
            type Caller: Send;

            /// Checks the API key of a call; the caller it returns is handed to the method, a fault refuses the call.
            fn authenticate(
                &self,
                api_key: &::regops_model::ApiKey,
            ) -> impl ::core::future::Future<Output = ::core::result::Result<Self::Caller, ::regops_xmlrpc::Fault>> + Send;

            #( #trait_methods )*
        }

        /// Answers one XML-RPC request body (a `methodCall`) with a `methodResponse`, with the codec's default limits.
        ///
        /// A body that is not a call, an unknown method and parameters that do not decode are answered with the faults of [`ENDPOINT`], naming the method and the parameter; nothing panics.
        pub async fn dispatch<S: #service + ?Sized>(service: &S, body: &[u8]) -> crate::xml_rpc::Response {
            dispatch_with_limits(service, body, ::regops_xmlrpc::Limits::default()).await
        }

        /// [`dispatch`] with these decoding limits.
        pub async fn dispatch_with_limits<S: #service + ?Sized>(
            service: &S,
            body: &[u8],
            limits: ::regops_xmlrpc::Limits,
        ) -> crate::xml_rpc::Response {
            use crate::xml_rpc::__private as rt;
            let (name, params) = match ::regops_xmlrpc::read_call_with_limits(body, limits) {
                ::core::result::Result::Ok(call) => call,
                ::core::result::Result::Err(error) => return rt::refuse_call(&ENDPOINT, &error),
            };
            match &*name {
                #( #arms )*
                _ => rt::refuse_method(&ENDPOINT, &name),
            }
        }

        #client

        #( #markers )*
    }
}
