//! `<xml-rpc>`, `<rest>` and a method's `<http>`: how a module's methods travel.
//!
//! Elements are lowered where they stand; what concerns a whole module (one transport, every
//! method routed, no two routes for the same request, the session's methods) is checked once
//! every file is lowered, by [`check_modules`].

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::ir::{
    Auth, FaultAnswer, FaultClass, File, HttpBinding, Item, ItemPath, Method, NamedKind, Param,
    PathSegment, Rest, Session, Transport, Type, Verb, XmlRpc,
};
use crate::source::Span;
use crate::xml::Element;

use super::Cx;
use super::element::Reader;

/// Element names of the transports a module can declare.
pub(super) const TRANSPORTS: &[&str] = &["xml-rpc", "rest"];

/// Lowers `<xml-rpc>` or `<rest>`.
pub(super) fn lower(cx: &mut Cx, element: &Element) -> Option<Transport> {
    let before = cx.errors.len();
    let transport = match element.name.as_str() {
        "xml-rpc" => lower_xml_rpc(cx, element).map(Transport::XmlRpc),
        _ => lower_rest(cx, element).map(Transport::Rest),
    };
    (cx.errors.len() == before).then_some(transport).flatten()
}

fn lower_xml_rpc(cx: &mut Cx, element: &Element) -> Option<XmlRpc> {
    let mut reader = Reader::new(cx, element, &["path", "api-key"], &["doc", "fault"]);
    let path = reader.required("path");
    let api_key = reader.required("api-key");
    let doc = reader.doc_text();
    let mut faults: Vec<FaultAnswer> = Vec::new();
    let mut seen: BTreeMap<FaultClass, Span> = BTreeMap::new();
    for child in reader.children("fault") {
        let mut reader = Reader::new(cx, child, &["class", "code", "string"], &["doc"]);
        let class = reader.required("class");
        let code = reader.required("code");
        let string = reader.required("string");
        let doc = reader.doc_text();
        let class = class.and_then(|c| Some((reader.choice(c, FaultClass::ALL)?, c.span)));
        let code = code.and_then(|c| match c.value.parse::<i32>() {
            Ok(n) => Some(n),
            Err(_) => {
                cx.error(
                    Diagnostic::new(
                        Code::InvalidAttribute,
                        c.span,
                        format!("`{}` is not a fault code", c.value),
                    )
                    .label("expected an integer such as `500037`"),
                );
                None
            }
        });
        let (Some((class, span)), Some(code), Some(string)) = (class, code, string) else {
            continue;
        };
        if let Some(first) = seen.insert(class, span) {
            cx.error(
                Diagnostic::new(
                    Code::InvalidBinding,
                    span,
                    format!("a second fault for class `{}`", class.as_str()),
                )
                .also(first, "first declared here"),
            );
            continue;
        }
        faults.push(FaultAnswer {
            class,
            doc,
            code,
            string: string.value.clone(),
        });
    }
    let missing: Vec<&str> = FaultClass::ALL
        .iter()
        .filter(|(_, c)| !seen.contains_key(c))
        .map(|(s, _)| *s)
        .collect();
    if !missing.is_empty() {
        cx.error(
            Diagnostic::new(
                Code::InvalidBinding,
                element.span,
                format!(
                    "`<xml-rpc>` declares no fault for {}",
                    super::list(missing.iter().copied())
                ),
            )
            .help("a server answers each class of bad request with the fault its `<fault class=\"…\" code=\"…\" string=\"…\">` declares"),
        );
    }
    let path = path.filter(|p| absolute_path(cx, p.value.as_str(), p.span))?;
    Some(XmlRpc {
        doc,
        path: path.value.clone(),
        api_key_param: api_key?.value.clone(),
        faults,
    })
}

fn lower_rest(cx: &mut Cx, element: &Element) -> Option<Rest> {
    let mut reader = Reader::new(
        cx,
        element,
        &["base", "version", "error-member", "auth"],
        &["doc", "session"],
    );
    let base = reader.required("base");
    let version = reader.required("version");
    let error_member = reader.required("error-member");
    let auth = match reader.optional("auth") {
        Some(a) => reader.choice(a, Auth::ALL),
        None => Some(Auth::None),
    };
    let doc = reader.doc_text();
    let sessions: Vec<&Element> = reader.children("session").collect();
    let mut session = None;
    for (i, element) in sessions.iter().enumerate() {
        let mut reader = Reader::new(cx, element, &["open", "close", "token"], &["doc"]);
        let open = reader.required("open");
        let close = reader.required("close");
        let token = reader.required("token");
        let doc = reader.doc_text();
        if i > 0 {
            cx.error(Diagnostic::new(
                Code::UnknownElement,
                element.span,
                "a second `<session>`",
            ));
            continue;
        }
        if let (Some(open), Some(close), Some(token)) = (open, close, token) {
            session = Some(Session {
                doc,
                open: open.value.clone(),
                close: close.value.clone(),
                token: token.value.clone(),
            });
        }
    }
    let base = base.filter(|b| absolute_path(cx, b.value.as_str(), b.span))?;
    Some(Rest {
        doc,
        base: base.value.clone(),
        version: version?.value.clone(),
        error_member: error_member?.value.clone(),
        auth: auth?,
        session,
    })
}

/// An endpoint or base path: starts and ends with `/`, characters of a URL path only.
fn absolute_path(cx: &mut Cx, path: &str, span: Span) -> bool {
    let valid = path.starts_with('/')
        && path.ends_with('/')
        && !path.contains("//")
        && path.chars().all(path_char);
    if !valid {
        cx.error(
            Diagnostic::new(
                Code::InvalidAttribute,
                span,
                format!("`{path}` is not a path"),
            )
            .label("expected a URL path that starts and ends with `/`, such as `/xmlrpc/`"),
        );
    }
    valid
}

/// Characters a path segment may hold as written (RFC 3986 `pchar`, without `%` escapes).
fn path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c)
}

/// Lowers a method's `<http>` against its lowered parameters.
pub(super) fn lower_http(cx: &mut Cx, element: &Element, params: &[Param]) -> Option<HttpBinding> {
    let mut reader = Reader::new(cx, element, &["verb", "path", "auth"], &[]);
    let verb = reader.required("verb");
    let path = reader.required("path");
    let verb = verb.and_then(|v| reader.choice(v, Verb::ALL));
    let auth = match reader.optional("auth") {
        Some(a) => Some(reader.choice(a, Auth::ALL)?),
        None => None,
    };
    let path = path?;
    let template = path.value.as_str();
    let error = |message: String| Diagnostic::new(Code::InvalidBinding, path.span, message);
    if template.starts_with('/') {
        cx.error(
            error(format!("route `{template}` starts with `/`"))
                .label("routes are relative to the API's base")
                .help(format!("write `{}`", template.trim_start_matches('/'))),
        );
        return None;
    }
    let mut segments = Vec::new();
    let mut bound: BTreeMap<usize, ()> = BTreeMap::new();
    let parts: Vec<&str> = template.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            if i + 1 == parts.len() && i > 0 {
                continue; // one trailing slash
            }
            cx.error(
                error(format!("route `{template}` has an empty segment")).label(
                    "segments are separated by one `/`; only a trailing `/` may end the route",
                ),
            );
            return None;
        }
        let Some(name) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) else {
            if part.contains(['{', '}']) || !part.chars().all(path_char) {
                cx.error(
                    error(format!("`{part}` is not a segment of a route"))
                        .label("expected literal text (letters, digits, `-._~`) or one whole `{parameter}`"),
                );
                return None;
            }
            segments.push(PathSegment::Literal(part.to_string()));
            continue;
        };
        let Some(index) = params.iter().position(|p| p.wire == name) else {
            let known = super::list(params.iter().map(|p| p.wire.as_str()));
            cx.error(
                error(format!(
                    "route `{template}` names `{{{name}}}`, which is not a parameter of the method"
                ))
                .label("unknown path parameter")
                .help(format!("the parameters are {known}")),
            );
            return None;
        };
        if bound.insert(index, ()).is_some() {
            cx.error(
                error(format!("route `{template}` binds `{{{name}}}` twice"))
                    .label("a parameter has one place: the path or the body"),
            );
            return None;
        }
        let param = &params[index];
        if param.optional {
            cx.error(
                error(format!("path parameter `{name}` is optional"))
                    .label("a path segment is always there")
                    .help("make the parameter required, or leave it to the body"),
            );
            return None;
        }
        if !matches!(
            param.ty,
            Type::Int | Type::String | Type::Named(_, NamedKind::Enum)
        ) {
            cx.error(
                error(format!(
                    "path parameter `{name}` is not an int, a string or an enum"
                ))
                .label("a path segment holds one scalar"),
            );
            return None;
        }
        segments.push(PathSegment::Param(index));
    }
    Some(HttpBinding {
        verb: verb?,
        path: template.to_string(),
        segments,
        // The module's default is applied by `check_modules`, which knows the transport.
        auth: auth.unwrap_or(Auth::None),
    })
}

/// Where a method and its `<http>` are, for messages about the whole module.
struct Site {
    method: Span,
    http: Option<(Span, bool)>,
}

/// One module's transport and methods, checked together.
pub(super) fn check_modules(
    cx: &mut Cx,
    files: &mut [File],
    roots: &[Element],
    modules: &[Option<(String, String)>],
) {
    let mut transports: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    // Where each module's `<rest>` (or its `<session>`) is, for errors about the session.
    let mut session_sites: BTreeMap<String, Span> = BTreeMap::new();
    let mut sites: BTreeMap<(String, String), Site> = BTreeMap::new();
    for (root, module) in roots.iter().zip(modules) {
        let Some((module, _)) = module else { continue };
        for child in &root.children {
            if TRANSPORTS.contains(&child.name.as_str()) {
                let session = child.children.iter().find(|c| c.name == "session");
                session_sites
                    .entry(module.clone())
                    .or_insert(session.map_or(child.span, |s| s.span));
                transports
                    .entry(module.clone())
                    .or_default()
                    .push(child.span);
            }
            if child.name != "method" {
                continue;
            }
            let Some(wire) = child.attribute("wire") else {
                continue;
            };
            let http = child.children.iter().find(|c| c.name == "http");
            sites.insert(
                (module.clone(), wire.value.clone()),
                Site {
                    method: child.span,
                    http: http.map(|h| (h.span, h.attribute("auth").is_some())),
                },
            );
        }
    }
    for spans in transports.values() {
        if let [first, rest @ ..] = spans.as_slice() {
            for span in rest {
                cx.error(
                    Diagnostic::new(
                        Code::InvalidBinding,
                        *span,
                        "a second transport for this module",
                    )
                    .also(*first, "first declared here")
                    .help("a module's methods travel one way: one `<xml-rpc>` or one `<rest>` in one of its files"),
                );
            }
        }
    }

    let mut names: Vec<&str> = files.iter().map(|f| f.module.as_str()).collect();
    names.sort();
    names.dedup();
    let names: Vec<String> = names.into_iter().map(str::to_string).collect();
    for module in names {
        let transport = files
            .iter()
            .filter(|f| f.module == module)
            .find_map(|f| f.transport.clone());
        if transport.is_none() && transports.contains_key(&module) {
            continue; // the transport has errors of its own; the methods cannot be judged
        }
        let methods: Vec<Method> = files
            .iter()
            .filter(|f| f.module == module)
            .flat_map(|f| f.items.iter())
            .filter_map(|i| match i {
                Item::Method(m) => Some(m.clone()),
                _ => None,
            })
            .collect();
        let site = |wire: &str| sites.get(&(module.clone(), wire.to_string()));
        check_fn_names(cx, &module, &methods, &site);
        match &transport {
            Some(Transport::Rest(rest)) => {
                let structs = struct_members(files);
                let at = session_sites.get(&module).copied();
                check_rest(cx, &module, rest, &methods, &site, &structs, at);
                apply_default_auth(files, &module, rest.auth, &sites);
            }
            Some(Transport::XmlRpc(xml_rpc)) => {
                check_xml_rpc(cx, &module, xml_rpc, &methods, &site);
            }
            None => {
                for method in methods.iter().filter(|m| m.http.is_some()) {
                    if let Some(Site {
                        http: Some((span, _)),
                        ..
                    }) = site(&method.wire)
                    {
                        cx.error(
                            Diagnostic::new(
                                Code::InvalidBinding,
                                *span,
                                format!("method `{}` has a route, but module `{module}` declares no `<rest>` transport", method.wire),
                            )
                            .help("declare `<rest base=\"…\" version=\"…\" error-member=\"…\">` in one of the module's files"),
                        );
                    }
                }
            }
        }
    }
}

/// Names the generated server and client traits use themselves: `authenticate` (server),
/// `call` and `api_key` (client).
const RESERVED_FN_NAMES: &[&str] = &["authenticate", "call", "api_key"];

/// Service trait methods: one per schema method, unique, and never a reserved name.
fn check_fn_names<'s>(
    cx: &mut Cx,
    module: &str,
    methods: &[Method],
    site: &dyn Fn(&str) -> Option<&'s Site>,
) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for method in methods {
        let Some(at) = site(&method.wire).map(|s| s.method) else {
            continue;
        };
        if RESERVED_FN_NAMES.contains(&method.fn_name.as_str()) {
            cx.error(
                Diagnostic::new(
                    Code::RustNameCollision,
                    at,
                    format!(
                        "method `{}` gives the service function `{}`, which is reserved",
                        method.wire, method.fn_name
                    ),
                )
                .help("add rust-name=\"…\" to the method"),
            );
        }
        if let Some(first) = seen.insert(&method.fn_name, &method.wire) {
            cx.error(
                Diagnostic::new(
                    Code::RustNameCollision,
                    at,
                    format!(
                        "methods `{first}` and `{}` of module `{module}` give the same service function `{}`",
                        method.wire, method.fn_name
                    ),
                )
                .help("add rust-name=\"…\" to one of them"),
            );
        }
    }
}

/// Member wire names and types of every struct, by path.
fn struct_members(files: &[File]) -> BTreeMap<ItemPath, Vec<(String, Type)>> {
    let mut out = BTreeMap::new();
    for file in files {
        for item in &file.items {
            if let Item::Struct(s) = item {
                out.insert(
                    ItemPath::new(&file.module, &s.name),
                    s.fields
                        .iter()
                        .map(|f| (f.wire.clone(), f.ty.clone()))
                        .collect(),
                );
            }
        }
    }
    out
}

fn check_rest<'s>(
    cx: &mut Cx,
    module: &str,
    rest: &Rest,
    methods: &[Method],
    site: &dyn Fn(&str) -> Option<&'s Site>,
    structs: &BTreeMap<ItemPath, Vec<(String, Type)>>,
    session_at: Option<Span>,
) {
    let mut routed: Vec<(&Method, Span)> = Vec::new();
    for method in methods {
        let Some(s) = site(&method.wire) else {
            continue;
        };
        match (&method.http, s.http) {
            (Some(_), Some((span, _))) => routed.push((method, span)),
            (None, None) => cx.error(
                Diagnostic::new(
                    Code::InvalidBinding,
                    s.method,
                    format!("method `{}` has no `<http>` route", method.wire),
                )
                .label(format!("module `{module}` uses `<rest>`"))
                .help("add `<http verb=\"GET\" path=\"…\"/>`: every method of a REST module has a route"),
            ),
            _ => {} // the `<http>` had errors of its own
        }
    }
    // Two routes with the same verb must not both match one request.
    for (i, (a, a_span)) in routed.iter().enumerate() {
        for (b, b_span) in &routed[..i] {
            let (Some(ha), Some(hb)) = (&a.http, &b.http) else {
                continue;
            };
            if ha.verb == hb.verb && overlap(&ha.segments, &hb.segments) {
                cx.error(
                    Diagnostic::new(
                        Code::InvalidBinding,
                        *a_span,
                        format!(
                            "routes `{} {}` (`{}`) and `{} {}` (`{}`) can match the same request",
                            ha.verb.as_str(),
                            ha.path,
                            a.wire,
                            hb.verb.as_str(),
                            hb.path,
                            b.wire
                        ),
                    )
                    .also(*b_span, "the other route")
                    .help("a request must name one method: change a literal segment or the verb"),
                );
            }
        }
    }
    let needs_session = routed.iter().any(|(m, _)| {
        let explicit = site(&m.wire).and_then(|s| s.http).is_some_and(|(_, a)| a);
        let auth = if explicit {
            m.http.as_ref().map(|h| h.auth)
        } else {
            Some(rest.auth)
        };
        auth == Some(Auth::Bearer)
    });
    let Some(session) = &rest.session else {
        if needs_session && let Some(at) = session_at {
            cx.error(
                Diagnostic::new(
                    Code::InvalidBinding,
                    at,
                    format!("module `{module}` has bearer routes but its `<rest>` declares no `<session>`"),
                )
                .help("declare `<session open=\"…\" close=\"…\" token=\"…\">` naming the methods that open and close a session"),
            );
        }
        return;
    };
    let find = |wire: &str| methods.iter().find(|m| m.wire == wire);
    for (role, wire) in [("open", &session.open), ("close", &session.close)] {
        if find(wire).is_none()
            && let Some(at) = session_at
        {
            cx.error(
                Diagnostic::new(
                    Code::InvalidBinding,
                    at,
                    format!("the session's `{role}` method `{wire}` is not a method of module `{module}`"),
                )
                .help(format!(
                    "the methods are {}",
                    super::list(methods.iter().map(|m| m.wire.as_str()))
                )),
            );
        }
    }
    if let Some(open) = find(&session.open) {
        let token_field = match open.returns.as_ref().map(|r| &r.ty) {
            Some(Type::Named(path, NamedKind::Struct)) => structs
                .get(path)
                .and_then(|fields| fields.iter().find(|(wire, _)| *wire == session.token))
                .map(|(_, ty)| ty.clone()),
            _ => None,
        };
        if token_field != Some(Type::String)
            && let Some(at) = session_at
        {
            cx.error(
                Diagnostic::new(
                    Code::InvalidBinding,
                    at,
                    format!(
                        "`{}` opens the session, but its result has no string member `{}` for the token",
                        open.wire, session.token
                    ),
                )
                .help("the result of the session's `open` method is a struct with the token member"),
            );
        }
    }
}

/// Two segment lists that some path matches (a parameter matches any one segment).
fn overlap(a: &[PathSegment], b: &[PathSegment]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|pair| match pair {
            (PathSegment::Literal(x), PathSegment::Literal(y)) => x == y,
            _ => true,
        })
}

/// Methods whose `<http>` names no `auth` take the module's.
fn apply_default_auth(
    files: &mut [File],
    module: &str,
    auth: Auth,
    sites: &BTreeMap<(String, String), Site>,
) {
    for file in files.iter_mut().filter(|f| f.module == module) {
        for item in &mut file.items {
            let Item::Method(method) = item else { continue };
            let explicit = sites
                .get(&(module.to_string(), method.wire.clone()))
                .and_then(|s| s.http)
                .is_some_and(|(_, explicit)| explicit);
            if let Some(http) = &mut method.http
                && !explicit
            {
                http.auth = auth;
            }
        }
    }
}

fn check_xml_rpc<'s>(
    cx: &mut Cx,
    module: &str,
    xml_rpc: &XmlRpc,
    methods: &[Method],
    site: &dyn Fn(&str) -> Option<&'s Site>,
) {
    for method in methods {
        let Some(s) = site(&method.wire) else {
            continue;
        };
        if let Some((span, _)) = s.http {
            cx.error(
                Diagnostic::new(
                    Code::InvalidBinding,
                    span,
                    format!(
                        "method `{}` has a route, but module `{module}` uses `<xml-rpc>`",
                        method.wire
                    ),
                )
                .help("XML-RPC names the method in the call: remove the `<http>`"),
            );
        }
        let first = method.params.first();
        if first.is_none_or(|p| p.wire != xml_rpc.api_key_param || p.ty != Type::ApiKey) {
            cx.error(
                Diagnostic::new(
                    Code::InvalidBinding,
                    s.method,
                    format!(
                        "method `{}` does not take the API key `{}` (type `apikey`) as its first parameter",
                        method.wire, xml_rpc.api_key_param
                    ),
                )
                .label(format!("module `{module}` declares `api-key=\"{}\"`", xml_rpc.api_key_param))
                .help(format!(
                    "add `<param name=\"{}\" type=\"apikey\">` first",
                    xml_rpc.api_key_param
                )),
            );
        }
    }
}
