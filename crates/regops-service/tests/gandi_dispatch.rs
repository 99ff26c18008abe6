//! `gandi::dispatch` against an in-memory `GandiService`: every method with typed parameters
//! and results, the API key checked once per call, and every class of bad request answered
//! with a Gandi fault (6-digit code, a string naming the parameter), pinned with insta.

mod support;

use std::collections::BTreeSet;
use std::sync::Mutex;

use regops_model::gandi::{FaultCode, FaultQualification};
use regops_model::{ApiKey, Method, gandi};
use regops_service::gandi::{self as service, GandiService};
use regops_xmlrpc::Fault;
use serde_json::{Value as Json, json};
use support::{assert_send, block_on, fixture};

const KEY: &str = "test-api-key";

/// Records what each method got and answers its fixture's result.
#[derive(Default)]
struct Memory {
    received: Mutex<Vec<(&'static str, Json, String)>>,
}

impl Memory {
    fn reply<M: Method>(&self, caller: String, params: &M::Params) -> Result<M::Output, Fault> {
        let params = serde_json::to_value(params).unwrap();
        // A scripted outcome: operation 510042 does not exist (data / operation / notfound).
        if params.get(1) == Some(&json!(510042)) {
            return Err(Fault::new(
                510242,
                "Error on object : OBJECT_OPERATION (CAUSE_NOTFOUND)",
            ));
        }
        self.received
            .lock()
            .unwrap()
            .push((M::NAME, params, caller));
        let (_, result) = fixture(M::NAME);
        serde_json::from_value(result).map_err(|e| Fault::new(100000, e.to_string()))
    }

    fn last(&self) -> (&'static str, Json, String) {
        self.received.lock().unwrap().last().cloned().unwrap()
    }
}

impl GandiService for Memory {
    /// The account of the key.
    type Caller = String;

    async fn authenticate(&self, api_key: &ApiKey) -> Result<String, Fault> {
        if api_key.expose_secret() == KEY {
            Ok("AB3917-GANDI".to_string())
        } else {
            Err(Fault::new(
                510150,
                "Error on object : OBJECT_ACCOUNT (CAUSE_NORIGHT)",
            ))
        }
    }

    async fn operation_cancel(
        &self,
        caller: String,
        params: gandi::OperationCancelParams,
    ) -> Result<bool, Fault> {
        self.reply::<gandi::OperationCancel>(caller, &params)
    }

    async fn operation_count(
        &self,
        caller: String,
        params: gandi::OperationCountParams,
    ) -> Result<i64, Fault> {
        self.reply::<gandi::OperationCount>(caller, &params)
    }

    async fn operation_info(
        &self,
        caller: String,
        params: gandi::OperationInfoParams,
    ) -> Result<gandi::OperationListReturn, Fault> {
        self.reply::<gandi::OperationInfo>(caller, &params)
    }

    async fn operation_list(
        &self,
        caller: String,
        params: gandi::OperationListParams,
    ) -> Result<Vec<gandi::OperationListReturn>, Fault> {
        self.reply::<gandi::OperationList>(caller, &params)
    }

    async fn operation_relaunch(
        &self,
        caller: String,
        params: gandi::OperationRelaunchParams,
    ) -> Result<bool, Fault> {
        self.reply::<gandi::OperationRelaunch>(caller, &params)
    }
}

fn call(memory: &Memory, body: &[u8]) -> regops_service::xml_rpc::Response {
    block_on(service::dispatch(memory, body))
}

struct Case {
    wire: &'static str,
    round_trip: fn(&Memory),
}

macro_rules! cases {
    ($($marker:ident),* $(,)?) => {
        const CASES: &[Case] = &[$(Case {
            wire: <gandi::$marker as Method>::NAME,
            round_trip: round_trip::<gandi::$marker>,
        }),*];
    };
}

cases! { OperationCancel, OperationCount, OperationInfo, OperationList, OperationRelaunch }

/// A regops client's `methodCall` in, the typed parameters to the method, its result back.
fn round_trip<M: Method>(memory: &Memory)
where
    M::Output: PartialEq + std::fmt::Debug,
{
    let (params_json, result_json) = fixture(M::NAME);
    let mut params_json = params_json;
    params_json[0] = json!(KEY);
    let params: M::Params = serde_json::from_value(params_json.clone()).unwrap();
    let expected: M::Output = serde_json::from_value(result_json).unwrap();
    let response = call(
        memory,
        &regops_xmlrpc::write_method_call::<M>(&params).unwrap(),
    );
    assert_eq!(
        (response.method, response.fault_code),
        (Some(M::NAME), None)
    );
    let output = regops_xmlrpc::read_method_response::<M>(&response.body).unwrap();
    assert_eq!(output, expected, "{}: result", M::NAME);
    let (method, received, caller) = memory.last();
    assert_eq!((method, caller.as_str()), (M::NAME, "AB3917-GANDI"));
    assert_eq!(
        received,
        params_json,
        "{}: the method got other parameters",
        M::NAME
    );
}

#[test]
fn every_method_carries_typed_params_and_results() {
    let memory = Memory::default();
    for case in CASES {
        (case.round_trip)(&memory);
    }
    let cased: BTreeSet<&str> = CASES.iter().map(|c| c.wire).collect();
    let endpoint: BTreeSet<&str> = service::ENDPOINT.methods.iter().copied().collect();
    assert_eq!(
        cased, endpoint,
        "CASES must list every method of the endpoint"
    );
}

#[test]
fn unknown_members_reach_the_method_untouched() {
    let memory = Memory::default();
    let call_xml = format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>operation.list</methodName><params>\
         <param><value><string>{KEY}</string></value></param>\
         <param><value><struct>\
         <member><name>step</name><value><array><data><value>BILL</value><value>NEWSTEP</value></data></array></value></member>\
         <member><name>x-new-filter</name><value><nil/></value></member>\
         </struct></value></param></params></methodCall>"
    );
    let response = call(&memory, call_xml.as_bytes());
    assert_eq!(
        response.fault_code,
        None,
        "{}",
        String::from_utf8_lossy(&response.body)
    );
    let (_, received, _) = memory.last();
    assert_eq!(
        received[1],
        json!({ "step": ["BILL", "NEWSTEP"], "x-new-filter": null })
    );
}

/// Every class of bad request, and a fault of the implementation, as a client reads them.
#[test]
fn bad_requests_get_gandi_faults() {
    let memory = Memory::default();
    let call_of = |method: &str, params: &str| {
        format!(
            "<?xml version=\"1.0\"?><methodCall><methodName>{method}</methodName><params>{params}</params></methodCall>"
        )
    };
    let key = format!("<param><value><string>{KEY}</string></value></param>");
    let cases: Vec<(&str, String)> = vec![
        ("empty body", String::new()),
        ("not XML", "operation.info(1)".into()),
        (
            "a methodResponse",
            "<methodResponse><params/></methodResponse>".into(),
        ),
        (
            "unclosed element",
            call_of(
                "operation.info",
                &format!("{key}<param><value><int>1</int>"),
            ),
        ),
        (
            "DOCTYPE",
            format!(
                "<!DOCTYPE x [<!ENTITY a \"b\">]>{}",
                call_of("operation.info", &key)
            ),
        ),
        ("unknown method", call_of("operation.delete", &key)),
        ("no parameters", call_of("operation.info", "")),
        ("missing parameter", call_of("operation.info", &key)),
        (
            "extra parameter",
            call_of(
                "operation.info",
                &format!(
                    "{key}<param><value><int>1</int></value></param><param><value><int>2</int></value></param>"
                ),
            ),
        ),
        (
            "wrong type",
            call_of(
                "operation.info",
                &format!("{key}<param><value><string>one</string></value></param>"),
            ),
        ),
        (
            "wrong member type",
            call_of(
                "operation.list",
                &format!(
                    "{key}<param><value><struct><member><name>items_per_page</name><value><string>many</string></value></member></struct></value></param>"
                ),
            ),
        ),
        (
            "not a boolean",
            call_of(
                "operation.count",
                &format!(
                    "{key}<param><value><struct><member><name>id</name><value><boolean>2</boolean></value></member></struct></value></param>"
                ),
            ),
        ),
        (
            "bad API key",
            call_of(
                "operation.info",
                "<param><value><string>guess</string></value></param><param><value><int>1</int></value></param>",
            ),
        ),
        (
            "implementation: not found",
            call_of(
                "operation.info",
                &format!("{key}<param><value><int>510042</int></value></param>"),
            ),
        ),
    ];
    let mut report = String::new();
    for (what, body) in &cases {
        let response = call(&memory, body.as_bytes());
        let error = regops_xmlrpc::read_response::<Json>(&response.body).unwrap_err();
        let fault = error
            .fault()
            .unwrap_or_else(|| panic!("{what}: not a fault: {error}"));
        assert_eq!(response.fault_code, Some(fault.code));
        let code = FaultCode::from(fault.code);
        assert_eq!(
            code.qualification(),
            if fault.code < 500_000 {
                FaultQualification::Server
            } else {
                FaultQualification::Data
            }
        );
        report.push_str(&format!(
            "{what}\n  {} ({})\n  {}\n",
            fault.code, code, fault.string
        ));
    }
    insta::assert_snapshot!(report);
    assert!(
        memory.received.lock().unwrap().is_empty(),
        "no bad request reached a method"
    );
}

#[test]
fn limits_are_the_callers() {
    let memory = Memory::default();
    let body = format!(
        "<methodCall><methodName>operation.info</methodName><params><param><value><string>{}</string></value></param></params></methodCall>",
        "k".repeat(100)
    );
    let mut limits = regops_xmlrpc::Limits::default();
    limits.max_string_bytes = 10;
    let response = block_on(service::dispatch_with_limits(
        &memory,
        body.as_bytes(),
        limits,
    ));
    assert_eq!(
        response.fault_code,
        Some(service::ENDPOINT.faults.malformed.code)
    );
}

#[test]
fn the_dispatch_future_is_send() {
    let memory = Memory::default();
    let future = service::dispatch(&memory, b"");
    assert_send(&future);
}
