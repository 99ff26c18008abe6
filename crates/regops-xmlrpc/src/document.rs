//! Any document: a call, a response or a fault, told apart before decoding what it carries.

use std::borrow::Cow;
use std::fmt;

use crate::call::{Params, read_call_body};
use crate::de::{Deserializer, Tag, TokKind};
use crate::error::Result;
use crate::fault::Fault;
use crate::limits::Limits;
use crate::response::{Answer, Response, read_answer};

/// An XML-RPC document of any kind, as [`read_document`] finds it. The values it carries are
/// decoded afterwards, into whatever type fits what it turned out to be.
#[allow(
    clippy::large_enum_variant,
    reason = "built once per document and consumed at once; boxing would cost an allocation"
)]
pub enum Document<'de> {
    /// A `methodCall`.
    Call {
        /// The method name.
        method: Cow<'de, str>,
        /// The parameters, still to be decoded ([`Params::decode`], or
        /// [`read_method_params`](crate::read_method_params) once the method is known).
        params: Params<'de>,
    },
    /// A `methodResponse` carrying a value, still to be decoded ([`Response::decode`]).
    Response(Response<'de>),
    /// A `methodResponse` carrying a fault.
    Fault(Fault),
}

impl fmt::Debug for Document<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Document::Call { method, .. } => f
                .debug_struct("Call")
                .field("method", method)
                .finish_non_exhaustive(),
            Document::Response(_) => f.debug_tuple("Response").finish_non_exhaustive(),
            Document::Fault(fault) => f.debug_tuple("Fault").field(fault).finish(),
        }
    }
}

/// Reads a document without knowing what it is: a proxy, a logger, a test double or a peer
/// that both calls and answers can tell a call from a response from a fault, then decode.
///
/// ```
/// use regops_xmlrpc::{Document, Fault, read_document, write_call, write_fault, write_response};
///
/// let call = write_call("operation.info", &("key", 42)).unwrap();
/// let Document::Call { method, params } = read_document(&call).unwrap() else { panic!() };
/// assert_eq!(method, "operation.info");
/// assert_eq!(params.decode::<(String, i64)>().unwrap(), ("key".to_owned(), 42));
///
/// let answer = write_response(&"DONE").unwrap();
/// let Document::Response(response) = read_document(&answer).unwrap() else { panic!() };
/// assert_eq!(response.decode::<String>().unwrap(), "DONE");
///
/// let fault = write_fault(&Fault::new(510_150, "no such operation"));
/// let Document::Fault(fault) = read_document(&fault).unwrap() else { panic!() };
/// assert_eq!(fault.code, 510_150);
/// ```
pub fn read_document(input: &[u8]) -> Result<Document<'_>> {
    read_document_with_limits(input, Limits::default())
}

/// [`read_document`] with these limits.
pub fn read_document_with_limits(input: &[u8], limits: Limits) -> Result<Document<'_>> {
    let mut de = Deserializer::from_slice_with_limits(input, limits)?;
    let t = de.next_tok()?;
    match (t.kind, t.tag) {
        (TokKind::Start, Tag::MethodCall) => {
            let (method, params) = read_call_body(de)?;
            Ok(Document::Call { method, params })
        }
        (TokKind::Start, Tag::MethodResponse) => Ok(match read_answer(de)? {
            Answer::Value(response) => Document::Response(response),
            Answer::Fault(fault) => Document::Fault(fault),
        }),
        _ => Err(de.unexpected(&t, "<methodCall> or <methodResponse>")),
    }
}
