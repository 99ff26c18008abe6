//! Netim's REST API 3.0 under [`NETIM_BASE`](super::NETIM_BASE): sessions with HTTP Basic then
//! bearer tokens, JSON bodies (also for `GET`), errors as a non-2xx status with
//! `{"message": …}`.
//!
//! Until the generated REST dispatch of the service surface lands (issue 10 §1), the routes
//! of Netim's clients are declared here.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use base64::Engine as _;
use regops_model::netim::Contact;
use serde_json::{Map, Value, json};

use super::{MAX_BODY, body};
use crate::sandbox::Sandbox;
use crate::vendor::netim::{DomainChange, Netim, NetimError};

type Result<T> = std::result::Result<T, NetimError>;

pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route(
            "/hello/",
            get(|| async { Json(json!("Hello, this is the regops Netim sandbox")) }),
        )
        .route("/session/", post(session_open).delete(session_close))
        .route("/operation/{id}", get(query_ope))
        .route("/operation/{id}/cancel/", patch(cancel_ope))
        .route("/operations/pending/", get(query_ope_pending))
        .route("/domain/{domain}/", post(domain_create))
        .route("/domain/{domain}/transfer/", post(domain_transfer_in))
        .route(
            "/domain/{domain}/transfer-owner/",
            axum::routing::put(domain_transfer_owner),
        )
        .route(
            "/domain/{domain}/dns/",
            axum::routing::put(domain_change_dns),
        )
        .route("/domain/{domain}/info/", get(domain_info))
        .route("/domain/{domain}/preference/", patch(domain_set_preference))
        .route("/domain/{domain}/dnssec/", patch(domain_set_dnssec))
        .route("/domain/{domain}/authid/", patch(domain_auth_id))
        .route("/domain/{domain}/zone/init/", patch(domain_zone_init))
        .route("/contact/", post(contact_create))
        .route("/contact/{id}", get(contact_info))
        .route("/host/", post(host_create))
        .route("/host/{host}", patch(host_update).delete(host_delete))
        .fallback(|| async {
            error(NetimError::new(
                404,
                "no such route in Netim's REST API 3.0",
            ))
        })
        .method_not_allowed_fallback(|| async {
            error(NetimError::new(
                405,
                "this route does not take that HTTP method",
            ))
        })
}

use axum::Json;

fn error(e: NetimError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
    (status, Json(json!({ "message": e.message }))).into_response()
}

fn answer<T: serde::Serialize>(result: Result<T>) -> Response {
    match result {
        Ok(value) => Json(value).into_response(),
        Err(e) => error(e),
    }
}

/// The bearer token of a request.
fn bearer(headers: &HeaderMap) -> Result<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            NetimError::new(
                401,
                "Missing bearer token: open a session with POST session/",
            )
        })
}

/// A JSON body read as an object whose members are all among `allowed`.
struct Args {
    map: Map<String, Value>,
}

async fn args(body: Body, allowed: &[&str]) -> Result<Args> {
    let bytes: Bytes = match body::read(body, MAX_BODY).await {
        Ok(b) => b,
        Err(body::BodyError::TooLarge) => {
            return Err(NetimError::new(
                413,
                format!("request body larger than {MAX_BODY} bytes"),
            ));
        }
        Err(body::BodyError::Read(e)) => return Err(NetimError::new(400, e)),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Args { map: Map::new() });
    }
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| NetimError::new(400, format!("malformed JSON body: {e}")))?;
    let Value::Object(map) = value else {
        return Err(NetimError::new(400, "the body must be a JSON object"));
    };
    if let Some(name) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(NetimError::new(
            400,
            format!(
                "{name}: unknown member; expected one of {}",
                allowed.join(", ")
            ),
        ));
    }
    Ok(Args { map })
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong(name: &str, expected: &str, found: &Value) -> NetimError {
    NetimError::new(
        400,
        format!("{name}: expected {expected}, found {}", type_name(found)),
    )
}

impl Args {
    fn opt_str(&self, name: &str) -> Result<Option<String>> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(wrong(name, "a string", other)),
        }
    }
    fn str(&self, name: &str) -> Result<String> {
        self.opt_str(name)?
            .ok_or_else(|| NetimError::new(400, format!("{name}: missing; expected a string")))
    }
    /// An integer, or a string of digits (Netim's Java client sends numbers as strings).
    fn opt_int(&self, name: &str) -> Result<Option<i64>> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) if n.is_i64() => Ok(n.as_i64()),
            Some(Value::String(s)) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s
                .parse()
                .map(Some)
                .map_err(|_| NetimError::new(400, format!("{name}: out of range"))),
            Some(other) => Err(wrong(name, "an integer or a string of digits", other)),
        }
    }
    fn int(&self, name: &str) -> Result<i64> {
        self.opt_int(name)?
            .ok_or_else(|| NetimError::new(400, format!("{name}: missing; expected an integer")))
    }
    fn strings(&self, name: &str) -> Result<Vec<String>> {
        match self.map.get(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::String(s) => Ok(s.clone()),
                    other => Err(wrong(&format!("{name}[{i}]"), "a string", other)),
                })
                .collect(),
            Some(other) => Err(wrong(name, "an array of strings", other)),
        }
    }
    /// REST 3.0 `nameservers` (`{"1": {"name": …}}`), or REST 1.0's `ns1`..`ns5`.
    fn nameservers(&self) -> Result<Vec<String>> {
        let mut ns = Vec::new();
        match self.map.get("nameservers") {
            Some(Value::Object(by_position)) => {
                let mut items: Vec<(u32, String)> = Vec::new();
                for (pos, v) in by_position {
                    let path = format!("nameservers.{pos}");
                    let n: u32 = pos.parse().map_err(|_| {
                        NetimError::new(400, format!("{path}: expected a position 1, 2, …"))
                    })?;
                    match v.get("name") {
                        Some(Value::String(name)) => items.push((n, name.clone())),
                        Some(other) => {
                            return Err(wrong(&format!("{path}.name"), "a string", other));
                        }
                        None => {
                            return Err(NetimError::new(
                                400,
                                format!("{path}.name: missing; expected a host name"),
                            ));
                        }
                    }
                }
                items.sort();
                ns.extend(items.into_iter().map(|(_, n)| n));
            }
            Some(Value::Null) | None => {
                for i in 1..=5 {
                    if let Some(n) = self.opt_str(&format!("ns{i}"))?.filter(|n| !n.is_empty()) {
                        ns.push(n);
                    }
                }
            }
            Some(other) => {
                return Err(wrong(
                    "nameservers",
                    "an object of name servers by position",
                    other,
                ));
            }
        }
        for (i, n) in ns.iter().enumerate() {
            if !regops_validate::Format::Hostname.matches(n) {
                return Err(NetimError::new(
                    400,
                    format!("nameservers.{}.name: `{n}` is not a host name", i + 1),
                ));
            }
        }
        Ok(ns)
    }
    fn contacts(&self) -> Result<[String; 4]> {
        Ok([
            self.str("idOwner")?,
            self.str("idAdmin")?,
            self.str("idTech")?,
            self.str("idBilling")?,
        ])
    }
}

const NS: [&str; 6] = ["nameservers", "ns1", "ns2", "ns3", "ns4", "ns5"];

fn domain_name(domain: &str) -> Result<String> {
    let domain = domain.to_ascii_lowercase();
    if domain.contains('.') && regops_validate::Format::Hostname.matches(&domain) {
        Ok(domain)
    } else {
        Err(NetimError::new(
            400,
            format!("domain: `{domain}` is not a domain name"),
        ))
    }
}

fn op_id(text: &str) -> Result<i64> {
    text.parse()
        .map_err(|_| NetimError::new(400, format!("idOpe: `{text}` is not an operation number")))
}

/// Runs `f` for a request with a valid session and a body of `allowed` members.
async fn session_call<T: serde::Serialize>(
    sandbox: &Sandbox,
    headers: &HeaderMap,
    body: Body,
    allowed: &[&str],
    f: impl FnOnce(Netim<'_>, Args) -> Result<T>,
) -> Response {
    let netim = sandbox.netim();
    let checked = bearer(headers).and_then(|t| netim.check_session(t));
    if let Err(e) = checked {
        return error(e);
    }
    match args(body, allowed).await {
        Ok(a) => answer(f(netim, a)),
        Err(e) => error(e),
    }
}

async fn session_open(State(s): State<Arc<Sandbox>>, headers: HeaderMap, body: Body) -> Response {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()
        })
        .and_then(|b| String::from_utf8(b).ok());
    let Some((login, secret)) = basic.as_deref().and_then(|b| b.split_once(':')) else {
        return error(NetimError::new(
            401,
            "Missing HTTP Basic credentials (login:secret)",
        ));
    };
    if let Err(e) = args(body, &["preferences"]).await {
        return error(e);
    }
    answer(
        s.netim()
            .open_session(login, secret)
            .map(|t| json!({ "access_token": t })),
    )
}

async fn session_close(State(s): State<Arc<Sandbox>>, headers: HeaderMap) -> Response {
    answer(
        bearer(&headers)
            .and_then(|t| s.netim().close_session(t))
            .map(|()| Value::Null),
    )
}

async fn query_ope(
    State(s): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    session_call(&s, &h, b, &[], |n, _| n.query_ope(op_id(&id)?)).await
}

async fn cancel_ope(
    State(s): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    session_call(&s, &h, b, &[], |n, _| {
        n.cancel_ope(op_id(&id)?).map(|()| Value::Null)
    })
    .await
}

async fn query_ope_pending(State(s): State<Arc<Sandbox>>, h: HeaderMap, b: Body) -> Response {
    session_call(&s, &h, b, &[], |n, _| n.query_ope_pending()).await
}

async fn domain_create(
    State(s): State<Arc<Sandbox>>,
    Path(d): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    const ALLOWED: &[&str] = &[
        "idOwner",
        "idAdmin",
        "idTech",
        "idBilling",
        "nameservers",
        "ns1",
        "ns2",
        "ns3",
        "ns4",
        "ns5",
        "duration",
        "options",
        "templateDNS",
    ];
    session_call(&s, &h, b, ALLOWED, |n, a| {
        let domain = domain_name(&d)?;
        let duration = a.int("duration")?;
        if !(1..=10).contains(&duration) {
            return Err(NetimError::new(
                400,
                format!("duration: {duration} is out of range; expected 1 to 10 years"),
            ));
        }
        let change = DomainChange::Create {
            contacts: a.contacts()?,
            ns: a.nameservers()?,
            duration,
        };
        n.submit("domainCreate", &domain, change, false)
    })
    .await
}

async fn domain_transfer_in(
    State(s): State<Arc<Sandbox>>,
    Path(d): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    const ALLOWED: &[&str] = &[
        "authID",
        "idOwner",
        "idAdmin",
        "idTech",
        "idBilling",
        "nameservers",
        "ns1",
        "ns2",
        "ns3",
        "ns4",
        "ns5",
        "options",
    ];
    session_call(&s, &h, b, ALLOWED, |n, a| {
        let domain = domain_name(&d)?;
        a.opt_str("authID")?;
        let change = DomainChange::TransferIn {
            contacts: a.contacts()?,
            ns: a.nameservers()?,
        };
        n.submit("domainTransferIn", &domain, change, false)
    })
    .await
}

async fn domain_transfer_owner(
    State(s): State<Arc<Sandbox>>,
    Path(d): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    session_call(&s, &h, b, &["idOwner", "options"], |n, a| {
        let domain = domain_name(&d)?;
        n.submit(
            "domainTransferOwner",
            &domain,
            DomainChange::TransferOwner {
                owner: a.str("idOwner")?,
            },
            false,
        )
    })
    .await
}

async fn domain_change_dns(
    State(s): State<Arc<Sandbox>>,
    Path(d): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    session_call(&s, &h, b, &NS, |n, a| {
        let domain = domain_name(&d)?;
        n.submit(
            "domainChangeDNS",
            &domain,
            DomainChange::ChangeDns {
                ns: a.nameservers()?,
            },
            true,
        )
    })
    .await
}

async fn domain_info(
    State(s): State<Arc<Sandbox>>,
    Path(d): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    session_call(&s, &h, b, &[], |n, _| n.domain_info(&domain_name(&d)?)).await
}

async fn domain_set_preference(
    State(s): State<Arc<Sandbox>>,
    Path(d): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    session_call(&s, &h, b, &["codePref", "value"], |n, a| {
        let domain = domain_name(&d)?;
        let code = a.str("codePref")?;
        let known = regops_model::netim::PreferenceCode::VALUES;
        if !known.contains(&code.as_str()) {
            return Err(NetimError::new(
                400,
                format!(
                    "codePref: unknown preference `{code}`; expected one of {}",
                    known.join(", ")
                ),
            ));
        }
        let value = match a.map.get("value") {
            Some(Value::Number(v)) => v.to_string(),
            _ => a.str("value")?,
        };
        n.submit(
            "domainSetPreference",
            &domain,
            DomainChange::Preference { code, value },
            true,
        )
    })
    .await
}

async fn domain_set_dnssec(
    State(s): State<Arc<Sandbox>>,
    Path(d): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    session_call(&s, &h, b, &["enable"], |n, a| {
        let domain = domain_name(&d)?;
        let enable = match a.int("enable")? {
            0 => false,
            1 => true,
            other => {
                return Err(NetimError::new(
                    400,
                    format!("enable: {other} is out of range; expected 0 or 1"),
                ));
            }
        };
        n.submit(
            "domainSetDNSSec",
            &domain,
            DomainChange::DnsSec { enable },
            true,
        )
    })
    .await
}

async fn domain_auth_id(
    State(s): State<Arc<Sandbox>>,
    Path(d): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    session_call(
        &s,
        &h,
        b,
        &["sendto", "sendtoregistrant", "sendToRegistrant"],
        |n, a| {
            let domain = domain_name(&d)?;
            for name in ["sendto", "sendtoregistrant", "sendToRegistrant"] {
                if let Some(v) = a.opt_int(name)?
                    && !(0..=2).contains(&v)
                {
                    return Err(NetimError::new(
                        400,
                        format!("{name}: {v} is out of range; expected 0, 1 or 2"),
                    ));
                }
            }
            n.submit("domainAuthID", &domain, DomainChange::AuthId, true)
        },
    )
    .await
}

async fn domain_zone_init(
    State(s): State<Arc<Sandbox>>,
    Path(d): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    session_call(&s, &h, b, &["templateDNS", "numTemplate"], |n, a| {
        let domain = domain_name(&d)?;
        let template = match a.opt_int("templateDNS")? {
            Some(t) => t,
            None => a.int("numTemplate")?,
        };
        n.submit(
            "domainZoneInit",
            &domain,
            DomainChange::ZoneInit { template },
            true,
        )
    })
    .await
}

async fn contact_create(State(s): State<Arc<Sandbox>>, h: HeaderMap, b: Body) -> Response {
    session_call(&s, &h, b, &["contact"], |n, a| {
        let value = a.map.get("contact").cloned().ok_or_else(|| {
            NetimError::new(400, "contact: missing; expected a StructContact object")
        })?;
        if !value.is_object() {
            return Err(wrong("contact", "a StructContact object", &value));
        }
        let contact: Contact = serde_json::from_value(value)
            .map_err(|e| NetimError::new(400, format!("contact: {e}")))?;
        if let Some(name) = contact.extra_fields.keys().next() {
            return Err(NetimError::new(
                400,
                format!("contact.{name}: unknown member of StructContact"),
            ));
        }
        n.contact_create(&contact)
    })
    .await
}

async fn contact_info(
    State(s): State<Arc<Sandbox>>,
    Path(id): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    session_call(&s, &h, b, &[], |n, _| n.contact_info(&id)).await
}

fn host_name(name: &str) -> Result<String> {
    let name = name.to_ascii_lowercase();
    if regops_validate::Format::Hostname.matches(&name) {
        Ok(name)
    } else {
        Err(NetimError::new(
            400,
            format!("host: `{name}` is not a host name"),
        ))
    }
}

fn host_change(a: &Args) -> Result<DomainChange> {
    let host = regops_model::netim::Host {
        host: String::new(),
        ipv4: Some(a.strings("ipv4")?),
        ipv6: Some(a.strings("ipv6")?),
        extra_fields: regops_model::Map::new(),
    };
    let report = regops_validate::Validate::validate(&host);
    if let Some(v) = report.errors().find(|v| v.path != "host") {
        return Err(NetimError::new(400, format!("{}: {}", v.path, v.message)));
    }
    Ok(DomainChange::HostSet {
        ipv4: host.ipv4.unwrap_or_default(),
        ipv6: host.ipv6.unwrap_or_default(),
    })
}

async fn host_create(State(s): State<Arc<Sandbox>>, h: HeaderMap, b: Body) -> Response {
    session_call(&s, &h, b, &["host", "ipv4", "ipv6"], |n, a| {
        let host = host_name(&a.str("host")?)?;
        n.submit("hostCreate", &host, host_change(&a)?, true)
    })
    .await
}

async fn host_update(
    State(s): State<Arc<Sandbox>>,
    Path(host): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    session_call(&s, &h, b, &["ipv4", "ipv6"], |n, a| {
        n.submit("hostUpdate", &host_name(&host)?, host_change(&a)?, true)
    })
    .await
}

async fn host_delete(
    State(s): State<Arc<Sandbox>>,
    Path(host): Path<String>,
    h: HeaderMap,
    b: Body,
) -> Response {
    session_call(&s, &h, b, &[], |n, _| {
        n.submit(
            "hostDelete",
            &host_name(&host)?,
            DomainChange::HostDelete,
            true,
        )
    })
    .await
}
