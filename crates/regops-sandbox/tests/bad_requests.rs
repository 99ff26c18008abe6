//! Every class of bad request gets the vendor's error shape (a Gandi fault with its 6-digit
//! code and a message naming the member; a Netim 4xx with `message`), never a 500: the
//! answers are snapshot-tested.

mod support;

use std::fmt::Write as _;

use regops_sandbox::http::MAX_BODY;
use serde_json::json;
use support::{domain_create_body, start};

fn call(method: &str, params: &str) -> Vec<u8> {
    format!("<?xml version=\"1.0\"?><methodCall><methodName>{method}</methodName><params>{params}</params></methodCall>").into_bytes()
}

fn string(s: &str) -> String {
    format!("<param><value><string>{s}</string></value></param>")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gandi_bad_requests_get_faults() {
    let s = start().await;
    let key = s.sandbox.credentials().gandi_api_key.clone();
    let k = string(&key);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("unknown method", call("operation.nope", &k)),
        ("bad API key", call("operation.count", &string("not-the-key"))),
        ("wrong type", call("operation.info", &format!("{k}<param><value><string>42</string></value></param>"))),
        ("missing parameter", call("operation.info", &k)),
        ("extra parameter", call("operation.info", &format!("{k}<param><value><int>1</int></value></param><param><value><int>2</int></value></param>"))),
        ("unknown member", call("operation.list", &format!("{k}<param><value><struct><member><name>colour</name><value>red</value></member></struct></value></param>"))),
        ("member of the wrong type", call("operation.list", &format!("{k}<param><value><struct><member><name>page</name><value><string>two</string></value></member></struct></value></param>"))),
        ("value out of range", call("operation.list", &format!("{k}<param><value><struct><member><name>items_per_page</name><value><int>-1</int></value></member></struct></value></param>"))),
        ("unknown sort key", call("operation.list", &format!("{k}<param><value><struct><member><name>sort_by</name><value>colour</value></member></struct></value></param>"))),
        ("bad date filter", call("operation.count", &format!("{k}<param><value><struct><member><name>&gt;date_created</name><value>yesterday</value></member></struct></value></param>"))),
        ("unknown relaunch member", call("operation.relaunch", &format!("{k}<param><value><int>1</int></value></param><param><value><struct><member><name>x-nope</name><value>1</value></member></struct></value></param>"))),
        ("unknown operation", call("operation.info", &format!("{k}<param><value><int>424242</int></value></param>"))),
        ("malformed XML", b"<methodCall><methodName>operation.info</methodName><params>".to_vec()),
        ("not XML-RPC", b"<hello/>".to_vec()),
        ("DOCTYPE", b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><methodCall><methodName>x</methodName></methodCall>".to_vec()),
        ("oversized body", {
            let mut big = call("operation.count", &k);
            big.extend(std::iter::repeat_n(b' ', MAX_BODY));
            big
        }),
    ];
    let mut out = String::new();
    for (name, body) in cases {
        let (status, text) = s.gandi_raw(body).await;
        assert_eq!(status, 200, "{name}: XML-RPC answers faults with HTTP 200");
        let fault =
            regops_xmlrpc::read_response::<regops_model::Value>(text.as_bytes()).unwrap_err();
        let fault = fault
            .fault()
            .unwrap_or_else(|| panic!("{name}: not a fault: {text}"));
        assert!(
            fault.code >= 100_000 && fault.code < 1_000_000,
            "{name}: six digits"
        );
        writeln!(out, "{name}: {} {}", fault.code, fault.string).unwrap();
    }
    insta::assert_snapshot!(out);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn netim_bad_requests_get_4xx_with_a_message() {
    let s = start().await;
    let token = s.netim_session().await;
    let t = Some(token.as_str());
    let mut out = String::new();
    let mut record = |name: &str, status: u16, v: serde_json::Value| {
        assert!((400..500).contains(&status), "{name}: {status} {v}");
        let message = v["message"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: no message: {v}"));
        writeln!(out, "{name}: {status} {message}").unwrap();
    };
    let mut missing_owner = domain_create_body();
    missing_owner.as_object_mut().unwrap().remove("idOwner");
    let mut wrong_type = domain_create_body();
    wrong_type["idOwner"] = json!(7);
    let mut long = domain_create_body();
    long["duration"] = json!(99);
    let mut swapped = domain_create_body();
    swapped["idOwner"] = json!("SC2");
    for (name, method, path, body) in [
        ("unknown route", "GET", "nowhere/", None),
        ("wrong method", "DELETE", "operations/pending/", None),
        ("unknown operation", "GET", "operation/424242", None),
        (
            "operation number not a number",
            "GET",
            "operation/abc",
            None,
        ),
        (
            "unknown member",
            "POST",
            "domain/a.fr/",
            Some(json!({"colour": "red"})),
        ),
        ("wrong type", "POST", "domain/a.fr/", Some(wrong_type)),
        (
            "missing member",
            "POST",
            "domain/a.fr/",
            Some(missing_owner),
        ),
        (
            "owner contact that is not an owner",
            "POST",
            "domain/a.fr/",
            Some(swapped),
        ),
        ("duration out of range", "POST", "domain/a.fr/", Some(long)),
        (
            "not a domain name",
            "POST",
            "domain/-bad-/",
            Some(domain_create_body()),
        ),
        ("unknown domain", "GET", "domain/nowhere.fr/info/", None),
        (
            "unknown preference",
            "PATCH",
            "domain/a.fr/preference/",
            Some(json!({"codePref": "colour", "value": "1"})),
        ),
        (
            "bad name server",
            "PUT",
            "domain/a.fr/dns/",
            Some(json!({"nameservers": {"1": {"name": "not a host"}}})),
        ),
        (
            "name server without an extension",
            "PUT",
            "domain/a.fr/dns/",
            Some(json!({"nameservers": {"1": {"name": "ns1.a.fr"}, "2": {"name": "localhost"}}})),
        ),
        (
            "host without an extension",
            "POST",
            "host/",
            Some(json!({"host": "fr", "ipv4": ["192.0.2.1"], "ipv6": []})),
        ),
        (
            "body not an object",
            "POST",
            "contact/",
            Some(json!([1, 2])),
        ),
        (
            "contact with an unknown member",
            "POST",
            "contact/",
            Some(json!({"contact": {"firstName": "A", "colour": "red"}})),
        ),
        (
            "too many host addresses",
            "POST",
            "host/",
            Some(
                json!({"host": "ns.a.fr", "ipv4": (1..=14).map(|i| format!("192.0.2.{i}")).collect::<Vec<_>>(), "ipv6": []}),
            ),
        ),
        (
            "too many host addresses together",
            "POST",
            "host/",
            Some(
                json!({"host": "ns.a.fr", "ipv4": (1..=7).map(|i| format!("192.0.2.{i}")).collect::<Vec<_>>(), "ipv6": (1..=7).map(|i| format!("2001:db8::{i}")).collect::<Vec<_>>()}),
            ),
        ),
        (
            "empty contact",
            "POST",
            "contact/",
            Some(json!({"contact": {}})),
        ),
        (
            "flag preference neither 1 nor 0",
            "PATCH",
            "domain/a.fr/preference/",
            Some(json!({"codePref": "whois_privacy", "value": "2"})),
        ),
        (
            "no name servers",
            "PUT",
            "domain/a.fr/dns/",
            Some(json!({"nameservers": {}})),
        ),
        (
            "one name server",
            "PUT",
            "domain/a.fr/dns/",
            Some(json!({"nameservers": {"1": {"name": "ns1.example.net"}}})),
        ),
    ] {
        let (status, v) = s.netim(method, path, t, body).await;
        record(name, status, v);
    }
    let (status, v) = s.netim("GET", "operations/pending/", None, None).await;
    record("no bearer token", status, v);
    let (status, v) = s
        .netim("GET", "operations/pending/", Some("made-up"), None)
        .await;
    record("unknown token", status, v);
    let bad_login = s
        .http
        .post(format!("{}/netim/3.0/session/", s.base))
        .basic_auth("SANDBOX", Some("wrong"))
        .send()
        .await
        .unwrap();
    let status = bad_login.status().as_u16();
    record("bad login", status, bad_login.json().await.unwrap());
    let malformed = s
        .http
        .post(format!("{}/netim/3.0/domain/a.fr/", s.base))
        .bearer_auth(&token)
        .body("{\"idOwner\": ")
        .send()
        .await
        .unwrap();
    let status = malformed.status().as_u16();
    record("malformed JSON", status, malformed.json().await.unwrap());
    let oversized = s
        .http
        .post(format!("{}/netim/3.0/contact/", s.base))
        .bearer_auth(&token)
        .body(vec![b' '; MAX_BODY + 1])
        .send()
        .await
        .unwrap();
    let status = oversized.status().as_u16();
    record("oversized body", status, oversized.json().await.unwrap());
    s.advance(3601).await;
    let (status, v) = s.netim("GET", "operations/pending/", t, None).await;
    record("expired session", status, v);
    insta::assert_snapshot!(out);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compressed_request_bodies_get_415_saying_why() {
    let s = start().await;
    let token = s.netim_session().await;
    let mut out = String::new();
    // The gzip header of an empty member: what is inside does not matter, it is not read.
    let gzip = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x03\x00\x00\x00\x00\x00\x00\x00\x00\x00";
    for (name, url) in [
        ("gandi", format!("{}/xmlrpc/", s.base)),
        ("netim", format!("{}/netim/3.0/contact/", s.base)),
    ] {
        let r = s
            .http
            .post(url)
            .bearer_auth(&token)
            .header("content-type", "text/xml")
            .header("content-encoding", "gzip")
            .body(gzip.to_vec())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let accept = r.headers()["accept-encoding"].to_str().unwrap().to_owned();
        let body = r.text().await.unwrap();
        writeln!(out, "{name}: {status} (Accept-Encoding: {accept}) {body}").unwrap();
    }
    insta::assert_snapshot!(out);
    // `identity` is no coding at all.
    let (status, _) = s
        .netim("GET", "operations/pending/", Some(&token), None)
        .await;
    assert_eq!(status, 200);
    let r = s
        .http
        .get(format!("{}/netim/3.0/operations/pending/", s.base))
        .bearer_auth(&token)
        .header("content-encoding", "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    s.stop().await;
}
