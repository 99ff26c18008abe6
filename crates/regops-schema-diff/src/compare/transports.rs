//! `<xml-rpc>` and `<rest>`: how a module's methods travel, and each method's `<http>` route.

use std::collections::BTreeSet;

use regops_schema::ir::{
    Auth, FaultAnswer, File, HttpBinding, PathSegment, Rest, Session, Transport, XmlRpc,
};

use crate::change::{Bump, Crate, Effect, Flow, Level};
use crate::rules::Rule;
use crate::side::Side;
use crate::subject::Subject;

use super::Cx;

/// The file of `module` that declares its transport.
pub(super) fn declaring<'s>(side: &'s Side, module: &str) -> Option<(&'s File, &'s Transport)> {
    side.schema
        .files
        .iter()
        .filter(|f| f.module == module)
        .find_map(|f| f.transport.as_ref().map(|t| (f, t)))
}

/// Whether a module's methods travel over REST, where routes and body member names, not
/// method names, are on the wire.
pub(super) fn is_rest(side: &Side, module: &str) -> bool {
    matches!(declaring(side, module), Some((_, Transport::Rest(_))))
}

/// Whether a module has a server trait in `regops-service`.
pub(super) fn has_service(side: &Side, module: &str) -> bool {
    declaring(side, module).is_some()
}

fn kind(t: &Transport) -> &'static str {
    match t {
        Transport::XmlRpc(_) => "XML-RPC",
        Transport::Rest(_) => "REST",
    }
}

/// `an XML-RPC`, `a REST`.
fn a_kind(t: &Transport) -> &'static str {
    match t {
        Transport::XmlRpc(_) => "an XML-RPC",
        Transport::Rest(_) => "a REST",
    }
}

fn breaking(note: impl Into<String>) -> Flow {
    Flow::new(Level::Breaking, note)
}

pub(super) fn transports(cx: &mut Cx<'_>) {
    let modules: BTreeSet<&str> = cx
        .old
        .schema
        .files
        .iter()
        .chain(&cx.new.schema.files)
        .map(|f| f.module.as_str())
        .collect();
    for module in modules {
        let subject = Subject::Module(module.to_string());
        match (declaring(cx.old, module), declaring(cx.new, module)) {
            (None, None) => {}
            (None, Some((file, t))) => cx
                .change(
                    Rule::TransportAdded,
                    subject,
                    format!("module `{module}` gets {} transport", a_kind(t)),
                )
                .at_new(file.span)
                .service_api(Bump::Minor, "a new server trait, dispatch and routes")
                .behaviour(Effect::Added, "the module's methods can be served")
                .push(),
            (Some((file, t)), None) => cx
                .change(
                    Rule::TransportRemoved,
                    subject,
                    format!("module `{module}` loses its {} transport", kind(t)),
                )
                .at_old(file.span)
                .wire(
                    breaking("old clients call endpoints new servers do not serve"),
                    Flow::compatible(),
                )
                .service_api(
                    Bump::Major,
                    "the server trait, dispatch and routes are gone",
                )
                .behaviour(Effect::Changed, "the module's methods are no longer served")
                .push(),
            (Some((old_file, a)), Some((new_file, b))) => {
                let spans = (old_file.span, new_file.span);
                match (a, b) {
                    (Transport::XmlRpc(a), Transport::XmlRpc(b)) => {
                        xml_rpc(cx, module, spans, a, b)
                    }
                    (Transport::Rest(a), Transport::Rest(b)) => rest(cx, module, spans, a, b),
                    (Transport::XmlRpc(_) | Transport::Rest(_), _) => cx
                        .change(
                            Rule::TransportChanged,
                            subject,
                            format!(
                                "module `{module}` travels over {}, not {}",
                                kind(b),
                                kind(a)
                            ),
                        )
                        .spans(spans.0, spans.1)
                        .wire(
                            breaking("old peers speak another protocol"),
                            breaking("new peers speak another protocol"),
                        )
                        .service_api(Bump::Major, "another kind of server trait and dispatch")
                        .push(),
                }
            }
        }
    }
}

type Spans = (regops_schema::Span, regops_schema::Span);

fn xml_rpc(cx: &mut Cx<'_>, module: &str, spans: Spans, a: &XmlRpc, b: &XmlRpc) {
    let XmlRpc {
        doc: old_doc,
        path: old_path,
        api_key_param: old_key,
        faults: old_faults,
    } = a;
    let XmlRpc {
        doc: new_doc,
        path: new_path,
        api_key_param: new_key,
        faults: new_faults,
    } = b;
    let subject = Subject::Module(module.to_string());
    cx.doc(
        subject.clone(),
        "transport docs",
        (old_doc, spans.0),
        (new_doc, spans.1),
    );
    if old_path != new_path {
        changed(
            cx,
            &subject,
            spans,
            format!("module `{module}` is served at `{new_path}`, not `{old_path}`"),
            Some((
                breaking(format!("old clients post to `{old_path}`")),
                breaking(format!("new clients post to `{new_path}`")),
            )),
            "the endpoint is data of the dispatch",
        );
    }
    if old_key != new_key {
        changed(
            cx,
            &subject,
            spans,
            format!("the API key parameter of `{module}` is `{new_key}`, not `{old_key}`"),
            None,
            "parameters are positional: the key stays first",
        );
    }
    for old in old_faults {
        let FaultAnswer {
            class,
            doc: old_doc,
            code: old_code,
            string: old_string,
        } = old;
        let Some(new) = new_faults.iter().find(|f| f.class == *class) else {
            continue;
        };
        let FaultAnswer {
            class: _,
            doc: new_doc,
            code: new_code,
            string: new_string,
        } = new;
        cx.doc(
            subject.clone(),
            &format!("docs of the `{}` fault", class.as_str()),
            (old_doc, spans.0),
            (new_doc, spans.1),
        );
        if old_code != new_code || old_string != new_string {
            cx.change(
                Rule::FaultAnswerChanged,
                subject.clone(),
                format!(
                    "module `{module}` answers a `{}` call with fault {new_code} `{new_string}`, not {old_code} `{old_string}`",
                    class.as_str()
                ),
            )
            .spans(spans.0, spans.1)
            .behaviour_of(
                Crate::Service,
                Effect::Changed,
                "clients that read fault codes see another one",
            )
            .push();
        }
    }
}

fn rest(cx: &mut Cx<'_>, module: &str, spans: Spans, a: &Rest, b: &Rest) {
    let Rest {
        doc: old_doc,
        base: old_base,
        version: old_version,
        error_member: old_error,
        auth: old_auth,
        session: old_session,
    } = a;
    let Rest {
        doc: new_doc,
        base: new_base,
        version: new_version,
        error_member: new_error,
        auth: new_auth,
        session: new_session,
    } = b;
    let subject = Subject::Module(module.to_string());
    cx.doc(
        subject.clone(),
        "transport docs",
        (old_doc, spans.0),
        (new_doc, spans.1),
    );
    let peers = || {
        Some((
            breaking("old peers follow the old transport"),
            breaking("new peers follow the new transport"),
        ))
    };
    if old_base != new_base {
        changed(
            cx,
            &subject,
            spans,
            format!("the routes of `{module}` are under `{new_base}`, not `{old_base}`"),
            peers(),
            "the base is data of the routes",
        );
    }
    if old_error != new_error {
        changed(
            cx,
            &subject,
            spans,
            format!("errors of `{module}` hold their message in `{new_error}`, not `{old_error}`"),
            peers(),
            "the member is data of the dispatch",
        );
    }
    if old_version != new_version {
        changed(
            cx,
            &subject,
            spans,
            format!("the API version of `{module}` is `{new_version}`, not `{old_version}`"),
            None,
            "the version only names the OpenAPI document's",
        );
    }
    if old_auth != new_auth {
        // The routes take the default: their own changes are reported with them.
        changed(
            cx,
            &subject,
            spans,
            format!(
                "routes of `{module}` authenticate with {} by default, not {}",
                auth_name(*new_auth),
                auth_name(*old_auth)
            ),
            None,
            "each route's change is reported with its method",
        );
    }
    let describe = |s: &Option<Session>| match s {
        None => "no session".to_string(),
        Some(s) => format!("sessions `{}`/`{}` (token `{}`)", s.open, s.close, s.token),
    };
    if session_flow(old_session) != session_flow(new_session) {
        changed(
            cx,
            &subject,
            spans,
            format!(
                "`{module}` has {}, not {}",
                describe(new_session),
                describe(old_session)
            ),
            peers(),
            "the session flow is data of the dispatch",
        );
    }
    if let (Some(a), Some(b)) = (old_session, new_session) {
        let Session {
            doc: old_doc,
            open: _,
            close: _,
            token: _,
        } = a;
        cx.doc(
            subject,
            "session docs",
            (old_doc, spans.0),
            (&b.doc, spans.1),
        );
    }
}

/// Reports a `transport-changed`: its wire verdict, if the change reaches the wire.
fn changed(
    cx: &mut Cx<'_>,
    subject: &Subject,
    spans: Spans,
    message: String,
    wire: Option<(Flow, Flow)>,
    note: &str,
) {
    let mut draft = cx
        .change(Rule::TransportChanged, subject.clone(), message)
        .spans(spans.0, spans.1);
    if let Some((old_to_new, new_to_old)) = wire {
        draft = draft.wire(old_to_new, new_to_old);
    }
    draft.service_api(Bump::Patch, note).push();
}

/// What a session flow says on the wire: its methods and the token member.
fn session_flow(s: &Option<Session>) -> Option<(&str, &str, &str)> {
    s.as_ref()
        .map(|s| (s.open.as_str(), s.close.as_str(), s.token.as_str()))
}

fn auth_name(auth: Auth) -> &'static str {
    match auth {
        Auth::None => "no credentials",
        Auth::Basic => "HTTP Basic",
        Auth::Bearer => "a session's bearer token",
    }
}

/// A route as the wire sees it: the verb, the literal segments and which parameter fills
/// each placeholder (its name in the template is not on the wire), the trailing slash.
fn route(h: &HttpBinding) -> (&'static str, Vec<Result<&str, usize>>, bool) {
    let HttpBinding {
        verb,
        path,
        segments,
        auth: _,
    } = h;
    let segments = segments
        .iter()
        .map(|s| match s {
            PathSegment::Literal(text) => Ok(text.as_str()),
            PathSegment::Param(i) => Err(*i),
        })
        .collect();
    (verb.as_str(), segments, path.ends_with('/'))
}

/// The `<http>` routes of one method on both sides.
pub(super) fn http(
    cx: &mut Cx<'_>,
    subject: &Subject,
    spans: Spans,
    old: Option<&HttpBinding>,
    new: Option<&HttpBinding>,
) {
    let show = |h: &HttpBinding| format!("`{} {}`", h.verb.as_str(), h.path);
    match (old, new) {
        (None, None) => {}
        (None, Some(h)) => cx
            .change(
                Rule::HttpRouteAdded,
                subject.clone(),
                format!("{subject} is served at {}", show(h)),
            )
            .spans(spans.0, spans.1)
            .service_api(Bump::Minor, "a new route")
            .behaviour(Effect::Added, "the method has a REST route")
            .push(),
        (Some(h), None) => cx
            .change(
                Rule::HttpRouteRemoved,
                subject.clone(),
                format!("{subject} is no longer served at {}", show(h)),
            )
            .spans(spans.0, spans.1)
            .wire(
                breaking(format!("old clients call {}", show(h))),
                Flow::compatible(),
            )
            .service_api(Bump::Major, "the route is gone")
            .behaviour(Effect::Changed, "the method has no REST route")
            .push(),
        (Some(a), Some(b)) => {
            if route(a) != route(b) {
                cx.change(
                    Rule::HttpRouteChanged,
                    subject.clone(),
                    format!("{subject} moves from {} to {}", show(a), show(b)),
                )
                .spans(spans.0, spans.1)
                .wire(
                    breaking(format!("old clients call {}", show(a))),
                    breaking(format!("new clients call {}", show(b))),
                )
                .service_api(Bump::Patch, "routes are data of the dispatch")
                .push();
            }
            if a.auth != b.auth {
                cx.change(
                    Rule::HttpRouteChanged,
                    subject.clone(),
                    format!(
                        "{subject} authenticates with {}, not {}",
                        auth_name(b.auth),
                        auth_name(a.auth)
                    ),
                )
                .spans(spans.0, spans.1)
                .wire(
                    breaking("old clients send other credentials"),
                    breaking("new clients send other credentials"),
                )
                .service_api(
                    Bump::Major,
                    "the server trait method takes another caller argument",
                )
                .push();
            }
        }
    }
}
