//! `netim::dispatch` against an in-memory `NetimService`: every route with typed parameters
//! and results, the session flow, the Netim clients' quirks, and every class of bad request
//! answered with a Netim error (status + `{"message": …}`), pinned with insta.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use regops_model::{IntOrDigits, Method, netim};
use regops_service::netim::{self as service, NetimService};
use regops_service::rest::{
    self, BasicCredentials, BearerToken, Request, Response, RestMethod, RouteMatch, Verb,
};
use serde_json::{Value as Json, json};
use support::{assert_send, block_on, fixture};

const LOGIN: &str = "AA001";
const SECRET: &str = "s3cr3t";

/// Who is calling: the session's reseller and token.
#[derive(Debug, Clone)]
struct Session {
    login: String,
    token: String,
}

/// Sessions in a map; every method records what it got and answers its fixture's result.
#[derive(Default)]
struct Memory {
    sessions: Mutex<BTreeMap<String, String>>,
    opened: Mutex<u32>,
    /// `(method, params as JSON, login)` of every call that reached a method.
    received: Mutex<Vec<(&'static str, Json, String)>>,
}

impl Memory {
    fn reply<M: Method>(
        &self,
        caller: Session,
        params: &M::Params,
    ) -> Result<M::Output, rest::Error> {
        let params = serde_json::to_value(params).unwrap();
        // Scripted outcomes, for errors that come from the implementation.
        if params.get(0) == Some(&json!(404)) {
            return Err(rest::Error::not_found("operation 404 does not exist"));
        }
        if params.get(0) == Some(&json!(429)) {
            return Err(rest::Error::too_many_requests(
                "poll every 5 minutes at most",
                300,
            ));
        }
        self.received
            .lock()
            .unwrap()
            .push((M::NAME, params, caller.login));
        let (_, result) = fixture(M::NAME);
        serde_json::from_value(result).map_err(|e| rest::Error::internal(e.to_string()))
    }

    fn last(&self) -> (&'static str, Json, String) {
        self.received.lock().unwrap().last().cloned().unwrap()
    }
}

macro_rules! replies {
    ($($name:ident: $marker:ident),* $(,)?) => {
        $(
            async fn $name(
                &self,
                caller: Session,
                params: <netim::$marker as Method>::Params,
            ) -> Result<<netim::$marker as Method>::Output, rest::Error> {
                self.reply::<netim::$marker>(caller, &params)
            }
        )*
    };
}

impl NetimService for Memory {
    type Caller = Session;

    async fn authenticate(&self, token: &BearerToken) -> Result<Session, rest::Error> {
        let sessions = self.sessions.lock().unwrap();
        match sessions.get(token.expose_secret()) {
            Some(login) => Ok(Session {
                login: login.clone(),
                token: token.expose_secret().to_string(),
            }),
            None => Err(rest::Error::unauthorized(
                "the session has expired or does not exist",
            )),
        }
    }

    async fn session_open(
        &self,
        credentials: BasicCredentials,
        params: netim::SessionOpenParams,
    ) -> Result<netim::SessionOpened, rest::Error> {
        if credentials.login() != LOGIN || credentials.expose_secret() != SECRET {
            return Err(rest::Error::unauthorized("wrong login or secret"));
        }
        let mut opened = self.opened.lock().unwrap();
        *opened += 1;
        let token = format!("token-{opened}");
        self.sessions
            .lock()
            .unwrap()
            .insert(token.clone(), credentials.login().to_string());
        self.received.lock().unwrap().push((
            "sessionOpen",
            serde_json::to_value(&params).unwrap(),
            credentials.login().to_string(),
        ));
        Ok(netim::SessionOpened {
            access_token: token,
            extra_fields: Default::default(),
        })
    }

    async fn session_close(
        &self,
        caller: Session,
        _params: netim::SessionCloseParams,
    ) -> Result<(), rest::Error> {
        self.sessions.lock().unwrap().remove(&caller.token);
        Ok(())
    }

    replies! {
        query_ope: QueryOpe,
        query_ope_pending: QueryOpePending,
        cancel_ope: CancelOpe,
        domain_create: DomainCreate,
        domain_transfer_in: DomainTransferIn,
        domain_transfer_owner: DomainTransferOwner,
        domain_change_dns: DomainChangeDns,
        domain_info_query: DomainInfoQuery,
        domain_set_preference: DomainSetPreference,
        domain_set_dns_sec: DomainSetDnsSec,
        domain_auth_id: DomainAuthId,
        domain_zone_init: DomainZoneInit,
        contact_create: ContactCreate,
        contact_info: ContactInfo,
        host_create: HostCreate,
        host_update: HostUpdate,
        host_delete: HostDelete,
    }
}

fn call(
    memory: &Memory,
    verb: &str,
    path: &str,
    authorization: Option<&str>,
    body: &str,
) -> Response {
    block_on(service::dispatch(
        memory,
        Request {
            verb,
            path,
            authorization,
            body: body.as_bytes(),
        },
    ))
}

/// Opens a session the way Netim's PHP client does; the bearer header value.
fn open(memory: &Memory) -> String {
    let basic = BasicCredentials::new(LOGIN, SECRET).header_value();
    let response = call(
        memory,
        "POST",
        "session/",
        Some(&basic),
        r#"{"preferences":{"lang":"EN"}}"#,
    );
    let opened =
        rest::read_response::<netim::SessionOpen>(response.status, &response.body).unwrap();
    BearerToken::new(opened.access_token).header_value()
}

/// One method: names and the typed round trip, instantiated for its marker type.
struct Case {
    wire: &'static str,
    round_trip: fn(&Memory, &str),
}

macro_rules! cases {
    ($($marker:ident),* $(,)?) => {
        const CASES: &[Case] = &[$(Case {
            wire: <netim::$marker as Method>::NAME,
            round_trip: round_trip::<netim::$marker>,
        }),*];
    };
}

cases! {
    QueryOpe, QueryOpePending, CancelOpe, DomainCreate, DomainTransferIn, DomainTransferOwner,
    DomainChangeDns, DomainInfoQuery, DomainSetPreference, DomainSetDnsSec, DomainAuthId,
    DomainZoneInit, ContactCreate, ContactInfo, HostCreate, HostUpdate, HostDelete,
}

/// Client side built from the route data only, server side from the dispatch: the method gets
/// exactly the parameters sent, and the client reads back exactly the result.
fn round_trip<M: RestMethod>(memory: &Memory, bearer: &str)
where
    M::Output: PartialEq + std::fmt::Debug,
{
    let (params_json, result_json) = fixture(M::NAME);
    let params: M::Params = serde_json::from_value(params_json.clone()).unwrap();
    let expected: M::Output = serde_json::from_value(result_json).unwrap();
    let path = M::path(&params);
    let body = M::body(&params).unwrap();
    let response = block_on(service::dispatch(
        memory,
        Request {
            verb: M::ROUTE.verb.as_str(),
            path: &path,
            authorization: Some(bearer),
            body: &body,
        },
    ));
    assert_eq!(
        response.status,
        200,
        "{}: {}",
        M::NAME,
        String::from_utf8_lossy(&response.body)
    );
    assert_eq!(response.method, Some(M::ROUTE.method));
    let output = rest::read_response::<M>(response.status, &response.body).unwrap();
    assert_eq!(output, expected, "{}: result", M::NAME);
    let (method, received, login) = memory.last();
    assert_eq!((method, login.as_str()), (M::NAME, LOGIN));
    assert_eq!(
        received,
        params_json,
        "{}: the method got other parameters",
        M::NAME
    );
}

#[test]
fn every_route_carries_typed_params_and_results() {
    let memory = Memory::default();
    let bearer = open(&memory);
    for case in CASES {
        (case.round_trip)(&memory, &bearer);
    }
}

#[test]
fn every_route_has_a_case_and_a_route_matches_its_own_path() {
    let cased: BTreeSet<&str> = CASES.iter().map(|c| c.wire).collect();
    let session = service::API.session.unwrap();
    let routed: BTreeSet<&str> = service::ROUTES
        .iter()
        .map(|r| r.method)
        .filter(|m| *m != session.open && *m != session.close)
        .collect();
    assert_eq!(
        cased, routed,
        "CASES must list every route but the session's"
    );
    for (index, route) in service::ROUTES.iter().enumerate() {
        let path = route
            .path
            .replace("{idOpe}", "7")
            .replace('{', "x")
            .replace('}', "");
        let segments = rest::split_path(&path).unwrap();
        let segments: Vec<&str> = segments.iter().map(|s| s.as_ref()).collect();
        assert_eq!(
            service::route(route.verb.as_str(), &segments),
            RouteMatch::Found(index),
            "{} {}",
            route.verb,
            route.path
        );
        assert_eq!(service::API.route(route.method), Some(route));
    }
}

#[test]
fn a_session_opens_serves_and_closes() {
    let memory = Memory::default();
    let bearer = open(&memory);
    assert_eq!(memory.last().1, json!([{ "lang": "EN" }]));
    let ok = call(&memory, "GET", "operations/pending/", Some(&bearer), "");
    assert_eq!(ok.status, 200);

    let closed = call(&memory, "DELETE", "session/", Some(&bearer), "");
    assert_eq!(
        (closed.status, closed.body.as_slice()),
        (200, b"null".as_slice())
    );
    rest::read_response::<netim::SessionClose>(closed.status, &closed.body).unwrap();

    // The session is gone: every call is a 401, closing again too (Netim's clients take 200
    // and 401 alike as closed).
    let expired = call(&memory, "GET", "operations/pending/", Some(&bearer), "");
    assert_eq!(expired.status, 401);
    let error =
        rest::read_response::<netim::QueryOpePending>(expired.status, &expired.body).unwrap_err();
    assert_eq!(
        error.to_string(),
        "HTTP 401: the session has expired or does not exist"
    );
    assert_eq!(
        call(&memory, "DELETE", "session/", Some(&bearer), "").status,
        401
    );

    // The Java client may open with no body at all.
    let basic = BasicCredentials::new(LOGIN, SECRET).header_value();
    let java = call(&memory, "POST", "session/", Some(&basic), "");
    assert_eq!(java.status, 200);
    assert_eq!(memory.last().1, json!([]));
}

#[test]
fn the_netim_clients_quirks_are_understood() {
    let memory = Memory::default();
    let bearer = open(&memory);
    // Java joins `…/3.0/` and `/domain/…`: runs of slashes are one.
    let info = call(
        &memory,
        "GET",
        "//domain/exemple-caf%C3%A9.fr/info/",
        Some(&bearer),
        "{}",
    );
    assert_eq!(info.status, 200);
    assert_eq!(memory.last().1, json!(["exemple-café.fr"]));
    // PHP's `json_encode([])` for a call without parameters.
    assert_eq!(
        call(&memory, "GET", "operations/pending/", Some(&bearer), "[]").status,
        200
    );
    // The routes that PHP writes without a trailing slash take one too.
    assert_eq!(
        call(&memory, "GET", "operation/5/", Some(&bearer), "").status,
        200
    );
    // Java sends numbers as strings of digits; they are kept as they came.
    let create = call(
        &memory,
        "POST",
        "domain/example.com/",
        Some(&bearer),
        r#"{"idOwner":"MD1","idAdmin":"MD2","idTech":"MD3","idBilling":"MD4","nameservers":{"1":{"name":"ns1.netim.net"},"2":{"name":"ns2.netim.net"}},"duration":"2"}"#,
    );
    assert_eq!(
        create.status,
        200,
        "{}",
        String::from_utf8_lossy(&create.body)
    );
    let (_, params, _) = memory.last();
    let params: netim::DomainCreateParams = serde_json::from_value(params).unwrap();
    assert_eq!(params.duration, IntOrDigits::as_digits(2));
    assert_eq!(params.nameservers["2"].name, "ns2.netim.net");
    assert_eq!(params.options, None);
    let auth_id = call(
        &memory,
        "PATCH",
        "domain/example.com/authid/",
        Some(&bearer),
        r#"{"sendtoregistrant":"1"}"#,
    );
    assert_eq!(auth_id.status, 200);
    assert_eq!(memory.last().1, json!(["example.com", null, "1"]));
    // `Bearer` is matched without case, as HTTP's schemes are.
    let token = bearer.trim_start_matches("Bearer ");
    assert_eq!(
        call(
            &memory,
            "GET",
            "operation/1",
            Some(&format!("bearer {token}")),
            ""
        )
        .status,
        200
    );
}

/// A request as the tests write it: verb, path, `Authorization`, body.
type Raw<'a> = (&'a str, &'a str, Option<&'a str>, String);

/// Every class of bad request, and the errors an implementation returns, as a client sees them.
#[test]
fn bad_requests_get_netim_errors() {
    let memory = Memory::default();
    let bearer = open(&memory);
    let basic = BasicCredentials::new(LOGIN, SECRET).header_value();
    let wrong = BasicCredentials::new(LOGIN, "guess").header_value();
    let create = |body: &str| {
        (
            "POST",
            "domain/example.com/",
            Some(bearer.as_str()),
            body.to_string(),
        )
    };
    let ok_create = r#""idOwner":"MD1","idAdmin":"MD2","idTech":"MD3","idBilling":"MD4","nameservers":{"1":{"name":"ns1.netim.net"}}"#;
    let cases: Vec<(&str, Raw)> = vec![
        (
            "unknown route",
            ("GET", "domains/everything/", Some(&bearer), String::new()),
        ),
        (
            "known path, other verb",
            ("POST", "operation/5", Some(&bearer), String::new()),
        ),
        (
            "verb no route uses",
            ("HEAD", "operation/5", Some(&bearer), String::new()),
        ),
        (
            "no Authorization",
            ("GET", "operation/5", None, String::new()),
        ),
        (
            "Basic on a bearer route",
            ("GET", "operation/5", Some(&basic), String::new()),
        ),
        (
            "unknown or expired token",
            (
                "GET",
                "operation/5",
                Some("Bearer token-999"),
                String::new(),
            ),
        ),
        (
            "wrong secret",
            ("POST", "session/", Some(&wrong), String::new()),
        ),
        (
            "bearer on the Basic route",
            ("POST", "session/", Some(&bearer), String::new()),
        ),
        (
            "path parameter of the wrong type",
            ("GET", "operation/five", Some(&bearer), String::new()),
        ),
        (
            "bad percent escape",
            ("GET", "domain/ex%ZZ/info/", Some(&bearer), String::new()),
        ),
        ("malformed JSON", create(r#"{"idOwner": "MD1""#)),
        ("body not an object", create("[1, 2]")),
        ("member of the wrong type", create(r#"{"idOwner": 5}"#)),
        (
            "unknown member",
            create(&format!(r#"{{{ok_create},"duration":1,"templateDNS":3}}"#)),
        ),
        (
            "member given twice",
            create(r#"{"idOwner": "MD1", "idOwner": "MD2"}"#),
        ),
        ("missing member", create(&format!("{{{ok_create}}}"))),
        (
            "digits that are not digits",
            create(&format!(r#"{{{ok_create},"duration":"2y"}}"#)),
        ),
        (
            "name servers as an array",
            create(r#"{"nameservers": [{"name": "ns1.netim.net"}]}"#),
        ),
        (
            "name server without a name",
            create(r#"{"nameservers": {"1": {"ipv4": []}}}"#),
        ),
        (
            "trailing garbage",
            create(&format!(r#"{{{ok_create},"duration":1}} x"#)),
        ),
        (
            "member for a route without body",
            (
                "GET",
                "operation/5",
                Some(&bearer),
                r#"{"idOpe": 5}"#.to_string(),
            ),
        ),
        (
            "implementation: not found",
            ("GET", "operation/404", Some(&bearer), String::new()),
        ),
        (
            "implementation: rate limited",
            ("GET", "operation/429", Some(&bearer), String::new()),
        ),
    ];
    let mut report = String::new();
    for (what, (verb, path, authorization, body)) in &cases {
        let response = call(&memory, verb, path, *authorization, body);
        assert!(
            (400..500).contains(&response.status),
            "{what}: {}",
            response.status
        );
        let message: Json = serde_json::from_slice(&response.body).unwrap();
        assert!(message["message"].is_string(), "{what}: {message}");
        let headers: Vec<String> = response
            .headers()
            .iter()
            .map(|(k, v)| format!(" {k}: {v}"))
            .collect();
        report.push_str(&format!(
            "{what}: {verb} {path}\n  {}{} {}\n",
            response.status,
            headers.concat(),
            String::from_utf8_lossy(&response.body)
        ));
    }
    insta::assert_snapshot!(report);
    // Nothing above reached a method but the two scripted errors.
    assert_eq!(
        memory.received.lock().unwrap().len(),
        1,
        "only the session was opened"
    );
}

#[test]
fn the_client_reads_errors_without_a_message() {
    let error =
        rest::read_response::<netim::QueryOpe>(502, b"<html>Bad gateway</html>").unwrap_err();
    assert_eq!(error.to_string(), "HTTP 502: 502");
    let error = rest::read_response::<netim::QueryOpe>(200, b"{\"ID_OPE\": \"x\"}").unwrap_err();
    assert!(matches!(error, rest::ResponseError::Decode(_)), "{error}");
}

#[test]
fn paths_and_bodies_come_from_the_route_data() {
    let params = netim::DomainInfoQueryParams {
        domain: "exemple-café.fr".into(),
    };
    assert_eq!(
        netim::DomainInfoQuery::path(&params),
        "domain/exemple-caf%C3%A9.fr/info/"
    );
    let route = <netim::DomainChangeDns as RestMethod>::ROUTE;
    assert_eq!(
        (route.verb, route.path),
        (Verb::Put, "domain/{domain}/dns/")
    );
    let body = netim::DomainChangeDns::body(&netim::DomainChangeDnsParams {
        domain: "example.com".into(),
        nameservers: [(
            "1".to_string(),
            netim::Nameserver {
                name: "ns1.example.net".into(),
                extra_fields: Default::default(),
            },
        )]
        .into(),
    })
    .unwrap();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"nameservers":{"1":{"name":"ns1.example.net"}}}"#
    );
    let optional_left_out = netim::DomainAuthId::body(&netim::DomainAuthIdParams {
        domain: "example.com".into(),
        sendto: Some(IntOrDigits::from(1)),
        sendtoregistrant: None,
    })
    .unwrap();
    assert_eq!(optional_left_out, br#"{"sendto":1}"#);
}

#[test]
fn the_dispatch_future_is_send() {
    let memory = Memory::default();
    let future = service::dispatch(
        &memory,
        Request {
            verb: "GET",
            path: "operation/1",
            authorization: None,
            body: b"",
        },
    );
    assert_send(&future);
}
