//! Every Netim function of the sandbox over HTTP (REST 3.0, JSON bodies, bearer sessions), from
//! a plain HTTP client.

mod support;

use regops_sandbox::{ClockMode, Config};
use serde_json::{Value, json};
use support::{domain_create_body, start, start_with};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_function_over_rest() {
    let s = start().await;
    let t = s.netim_session().await;
    let t = Some(t.as_str());

    // contactCreate / contactInfo
    let contact = json!({"contact": {"firstName": "Ada", "lastName": "Lovelace", "bodyForm": "IND",
        "address1": "1 road", "zipCode": "1000", "city": "Paris", "country": "FR",
        "phone": "+33 1", "email": "ada@example.com", "language": "EN", "isOwner": 1}});
    let (status, id) = s.netim("POST", "contact/", t, Some(contact)).await;
    assert_eq!(status, 200, "{id}");
    let id = id.as_str().unwrap().to_string();
    assert!(id.starts_with("AL"), "{id}");
    let (status, c) = s.netim("GET", &format!("contact/{id}"), t, None).await;
    assert_eq!((status, c["lastName"].as_str()), (200, Some("Lovelace")));

    // domainCreate: Pending, then Done after the clock moves; domainInfo follows.
    let (status, op) = s
        .netim("POST", "domain/example.fr/", t, Some(domain_create_body()))
        .await;
    assert_eq!(
        (status, op["STATUS"].as_str(), op["TYPE"].as_str()),
        (200, Some("Pending"), Some("domainCreate")),
        "{op}"
    );
    let create_id = op["ID_OPE"].as_i64().unwrap();
    let (_, pending) = s.netim("GET", "operations/pending/", t, None).await;
    assert_eq!(pending[0]["id_ope"], json!(create_id.to_string()));
    let (_, info) = s.netim("GET", "domain/example.fr/info/", t, None).await;
    assert_eq!(info["status"], "PENDING, NOT DELEGATED");
    s.advance(601).await;
    let (_, op) = s
        .netim("GET", &format!("operation/{create_id}"), t, None)
        .await;
    assert_eq!(op["STATUS"], "Done");
    let (_, info) = s.netim("GET", "domain/example.fr/info/", t, None).await;
    assert_eq!(info["status"], "ACTIVE, DELEGATED");
    assert_eq!(info["idOwner"], "SO1");

    // Real-time functions answer Done and change the domain at once.
    for (method, path, body) in [
        (
            "PUT",
            "domain/example.fr/dns/",
            json!({"nameservers": {"1": {"name": "a.ns.net"}, "2": {"name": "b.ns.net"}}}),
        ),
        (
            "PATCH",
            "domain/example.fr/preference/",
            json!({"codePref": "registrar_lock", "value": "1"}),
        ),
        ("PATCH", "domain/example.fr/dnssec/", json!({"enable": "1"})),
        (
            "PATCH",
            "domain/example.fr/authid/",
            json!({"sendtoregistrant": "0"}),
        ),
        (
            "PATCH",
            "domain/example.fr/zone/init/",
            json!({"templateDNS": 3}),
        ),
        (
            "POST",
            "host/",
            json!({"host": "ns1.example.fr", "ipv4": ["192.0.2.1"], "ipv6": []}),
        ),
        (
            "PATCH",
            "host/ns1.example.fr",
            json!({"ipv4": ["192.0.2.2"], "ipv6": ["2001:db8::1"]}),
        ),
        ("DELETE", "host/ns1.example.fr", json!({})),
    ] {
        let (status, op) = s.netim(method, path, t, Some(body)).await;
        assert_eq!(
            (status, op["STATUS"].as_str()),
            (200, Some("Done")),
            "{path}: {op}"
        );
    }
    let (_, info) = s.netim("GET", "domain/example.fr/info/", t, None).await;
    assert_eq!(info["ns"], json!(["a.ns.net", "b.ns.net"]));
    assert_eq!(
        (info["domainIsLock"].as_i64(), info["IsSigned"].as_i64()),
        (Some(1), Some(1))
    );
    assert!(info["authID"].is_string());

    // domainTransferOwner and domainTransferIn are never immediate.
    let (status, op) = s
        .netim(
            "PUT",
            "domain/example.fr/transfer-owner/",
            t,
            Some(json!({"idOwner": id})),
        )
        .await;
    assert_eq!(
        (status, op["STATUS"].as_str()),
        (200, Some("Pending")),
        "{op}"
    );
    let mut transfer = domain_create_body();
    transfer["authID"] = json!("secret-code");
    transfer.as_object_mut().unwrap().remove("duration");
    let (status, op) = s
        .netim("POST", "domain/other.fr/transfer/", t, Some(transfer))
        .await;
    assert_eq!(
        (status, op["STATUS"].as_str()),
        (200, Some("Pending")),
        "{op}"
    );
    let transfer_id = op["ID_OPE"].as_i64().unwrap();

    // cancelOpe: possible before processing starts (60 s), refused after.
    let (status, v) = s
        .netim(
            "PATCH",
            &format!("operation/{transfer_id}/cancel/"),
            t,
            None,
        )
        .await;
    assert_eq!(status, 200, "{v}");
    let (_, op) = s
        .netim("GET", &format!("operation/{transfer_id}"), t, None)
        .await;
    assert_eq!(op["STATUS"], "Cancelled");
    let (_, op) = s
        .netim("POST", "domain/late.fr/", t, Some(domain_create_body()))
        .await;
    let late = op["ID_OPE"].as_i64().unwrap();
    s.advance(61).await;
    let (status, v) = s
        .netim("PATCH", &format!("operation/{late}/cancel/"), t, None)
        .await;
    assert_eq!(status, 400);
    assert!(
        v["message"].as_str().unwrap().contains("being processed"),
        "{v}"
    );

    // Scripted failure.
    let (_, op) = s
        .netim(
            "POST",
            "domain/fail-timeout.fr/",
            t,
            Some(domain_create_body()),
        )
        .await;
    let failing = op["ID_OPE"].as_i64().unwrap();
    s.advance(601).await;
    let (_, op) = s
        .netim("GET", &format!("operation/{failing}"), t, None)
        .await;
    assert_eq!(op["STATUS"], "Failed");
    assert!(
        op["MESSAGE"]
            .as_str()
            .unwrap()
            .contains("did not answer in time")
    );
    let (_, info) = s
        .netim("GET", "domain/fail-timeout.fr/info/", t, None)
        .await;
    assert_eq!(info["status"], "ERROR, NOT DELEGATED");

    // sessionClose: the token no longer works.
    assert_eq!(s.netim("DELETE", "session/", t, None).await.0, 200);
    assert_eq!(s.netim("GET", "operations/pending/", t, None).await.0, 401);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_expire_after_an_hour_idle_and_strict_polls_get_429() {
    let s = start_with(Config {
        clock: ClockMode::Virtual,
        strict_poll: true,
        seed: Some(3),
        ..Config::default()
    })
    .await;
    let token = s.netim_session().await;
    let t = Some(token.as_str());
    let (_, op) = s
        .netim("POST", "domain/slow.fr/", t, Some(domain_create_body()))
        .await;
    let id = op["ID_OPE"].as_i64().unwrap();
    assert_eq!(
        s.netim("GET", &format!("operation/{id}"), t, None).await.0,
        200
    );
    let (status, v) = s.netim("GET", &format!("operation/{id}"), t, None).await;
    assert_eq!(status, 429, "{v}");
    s.advance(3601).await;
    let (status, v) = s.netim("GET", &format!("operation/{id}"), t, None).await;
    assert_eq!(status, 401);
    assert!(v["message"].as_str().unwrap().contains("expired"), "{v}");
    let fresh = s.netim_session().await;
    let (status, op) = s
        .netim("GET", &format!("operation/{id}"), Some(&fresh), None)
        .await;
    assert_eq!((status, &op["STATUS"]), (200, &Value::from("Pending")));
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_linked_to_a_domain_cannot_be_deleted() {
    let s = start().await;
    let t = s.netim_session().await;
    let t = Some(t.as_str());
    let mut body = domain_create_body();
    body["nameservers"] =
        json!({"1": {"name": "NS1.Linked.FR."}, "2": {"name": "ns2.example.net"}});
    let (status, op) = s.netim("POST", "domain/linked.fr/", t, Some(body)).await;
    assert_eq!(status, 200, "{op}");
    let host = json!({"host": "ns1.linked.fr", "ipv4": ["192.0.2.1"], "ipv6": []});
    let (status, op) = s.netim("POST", "host/", t, Some(host)).await;
    assert_eq!((status, op["STATUS"].as_str()), (200, Some("Done")), "{op}");
    let mut out = String::new();
    for path in ["host/ns1.linked.fr", "host/NS1.LINKED.FR."] {
        let (status, v) = s.netim("DELETE", path, t, Some(json!({}))).await;
        out.push_str(&format!("DELETE {path}: {status} {v}\n"));
    }
    insta::assert_snapshot!(out);
    // Once no domain uses it, it goes.
    let ns = json!({"nameservers": {"1": {"name": "a.ns.net"}, "2": {"name": "b.ns.net"}}});
    let (status, op) = s.netim("PUT", "domain/linked.fr/dns/", t, Some(ns)).await;
    assert_eq!((status, op["STATUS"].as_str()), (200, Some("Done")), "{op}");
    let (status, op) = s
        .netim("DELETE", "host/ns1.linked.fr", t, Some(json!({})))
        .await;
    assert_eq!((status, op["STATUS"].as_str()), (200, Some("Done")), "{op}");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transfer_with_owner_auto_keeps_the_registrant() {
    let s = start().await;
    let t = s.netim_session().await;
    let t = Some(t.as_str());
    let mut transfer = domain_create_body();
    transfer.as_object_mut().unwrap().remove("duration");
    transfer["authID"] = json!("x");
    transfer["idOwner"] = json!("#AUTO#");
    let (status, op) = s
        .netim("POST", "domain/tr.fr/transfer/", t, Some(transfer))
        .await;
    assert_eq!(
        (status, op["STATUS"].as_str()),
        (200, Some("Pending")),
        "{op}"
    );
    let (_, info) = s.netim("GET", "domain/tr.fr/info/", t, None).await;
    let owner = info["idOwner"].as_str().unwrap().to_string();
    assert_ne!(owner, "#AUTO#");
    let (status, contact) = s.netim("GET", &format!("contact/{owner}"), t, None).await;
    assert_eq!(
        (status, contact["isOwner"].as_i64()),
        (200, Some(1)),
        "{contact}"
    );
    s.advance(601).await;
    let (_, info) = s.netim("GET", "domain/tr.fr/info/", t, None).await;
    assert_eq!(info["idOwner"], json!(owner));
    assert_eq!(info["status"], "ACTIVE, DELEGATED", "{info}");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn domain_names_are_one_object_whatever_their_case_or_final_dot() {
    let s = start().await;
    let t = s.netim_session().await;
    let t = Some(t.as_str());
    let (status, op) = s
        .netim("POST", "domain/ABC.fr./", t, Some(domain_create_body()))
        .await;
    assert_eq!(status, 200, "{op}");
    assert_eq!(op["DATA"], "abc.fr");
    for path in ["domain/abc.fr/info/", "domain/Abc.FR./info/"] {
        let (status, info) = s.netim("GET", path, t, None).await;
        assert_eq!(
            (status, info["domain"].as_str()),
            (200, Some("abc.fr")),
            "{path}"
        );
    }
    let (status, v) = s
        .netim("POST", "domain/abc.fr/", t, Some(domain_create_body()))
        .await;
    assert_eq!(status, 409, "the same domain again: {v}");
    // A Unicode name is kept as its A-label.
    let (status, op) = s
        .netim("POST", "domain/École.fr/", t, Some(domain_create_body()))
        .await;
    assert_eq!(
        (status, op["DATA"].as_str()),
        (200, Some("xn--cole-9oa.fr")),
        "{op}"
    );
    s.stop().await;
}
