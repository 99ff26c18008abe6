//! `methodCall`, `methodResponse` and faults, untyped and through `regops_model::Method`.

use regops_model::gandi::{
    FaultCode, FaultQualification, OperationCount, OperationCountParams, OperationInfo,
    OperationInfoParams, OperationList, OperationListOptions, OperationListParams,
};
use regops_model::{ApiKey, Value};
use regops_xmlrpc::{
    ErrorKind, Fault, read_call, read_method_call, read_method_params, read_method_response,
    read_response, write_call, write_fault, write_method_call, write_method_response,
    write_method_result, write_response,
};

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

#[test]
fn call_round_trip_untyped() {
    let xml = write_call("system.multicall", &(1, "a&b", vec![true])).unwrap();
    let (name, params) = read_call(&xml).unwrap();
    assert_eq!(name, "system.multicall");
    let (a, b, c): (i32, String, Vec<bool>) = params.decode().unwrap();
    assert_eq!((a, b.as_str(), c), (1, "a&b", vec![true]));
}

#[test]
fn calls_without_parameters() {
    let xml = write_call("system.listMethods", &()).unwrap();
    assert_eq!(
        text(&xml),
        "<?xml version=\"1.0\"?><methodCall><methodName>system.listMethods</methodName>\
         <params></params></methodCall>"
    );
    for doc in [
        &xml[..],
        b"<methodCall><methodName>m</methodName><params/></methodCall>",
        b"<methodCall><methodName>m</methodName></methodCall>",
    ] {
        let (_, params) = read_call(doc).unwrap();
        params.decode::<()>().unwrap();
        let (_, params) = read_call(doc).unwrap();
        assert!(params.decode::<Vec<Value>>().unwrap().is_empty());
    }
}

#[test]
fn trailing_absent_parameters_are_left_out() {
    let xml = write_call("m", &(1, None::<i32>, None::<String>)).unwrap();
    let (_, params) = read_call(&xml).unwrap();
    assert_eq!(params.decode::<Vec<Value>>().unwrap(), vec![Value::Int(1)]);
    let xml = write_call("m", &(None::<i32>, 2)).unwrap();
    let (_, params) = read_call(&xml).unwrap();
    assert_eq!(
        params.decode::<Vec<Value>>().unwrap(),
        vec![Value::Nil, Value::Int(2)]
    );
}

#[test]
fn extra_parameters_are_an_error() {
    let xml = write_call("m", &(1, 2, 3)).unwrap();
    let (_, params) = read_call(&xml).unwrap();
    let err = params.decode::<(i32, i32)>().unwrap_err();
    assert_eq!(err.path(), "params[2]");
    insta::assert_snapshot!(err.to_string(), @"line 1, column 152 (params[2]): expected </params> (no more parameters), found <param>");
}

#[test]
fn parameter_errors_name_the_parameter() {
    let xml = write_call("m", &(1, "x")).unwrap();
    let (_, params) = read_call(&xml).unwrap();
    let err = params.decode::<(i32, i32)>().unwrap_err();
    assert_eq!(err.path(), "params[1]");
    assert!(
        err.to_string()
            .ends_with("expected an integer, found <string>"),
        "{err}"
    );
}

#[test]
fn response_round_trip_and_fault() {
    let xml = write_response(&vec!["a", "b"]).unwrap();
    assert_eq!(read_response::<Vec<String>>(&xml).unwrap(), ["a", "b"]);

    let fault = Fault::new(
        510_042,
        "Error on object : OBJECT_DOMAIN (CAUSE_NOTFOUND) <x> & y",
    );
    let xml = write_fault(&fault);
    let err = read_response::<Vec<String>>(&xml).unwrap_err();
    assert!(err.is_fault());
    assert_eq!(err.fault(), Some(&fault));
    assert_eq!(
        err.to_string(),
        "XML-RPC fault 510042: Error on object : OBJECT_DOMAIN (CAUSE_NOTFOUND) <x> & y"
    );
    let code = FaultCode::from(err.into_fault().unwrap().code);
    assert_eq!(code.qualification(), FaultQualification::Data);
    assert_eq!(code.object_name(), Some("domain"));
    assert_eq!(code.cause_name(), Some("notfound"));

    // Control characters in a fault string cannot break the document.
    let xml = write_fault(&Fault::new(1, "bad\u{0}char"));
    let err = read_response::<()>(&xml).unwrap_err();
    assert_eq!(err.fault().unwrap().string, "bad\u{FFFD}char");
}

#[test]
fn fault_as_python_writes_it() {
    let xml = b"<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n\
<member>\n<name>faultCode</name>\n<value><int>150010</int></value>\n</member>\n\
<member>\n<name>faultString</name>\n<value><string>Too many</string></value>\n</member>\n\
</struct></value>\n</fault>\n</methodResponse>\n";
    let fault = read_response::<Value>(xml)
        .unwrap_err()
        .into_fault()
        .unwrap();
    assert_eq!(fault, Fault::new(150_010, "Too many"));
    let code = FaultCode::from(fault.code);
    assert_eq!(code.qualification(), FaultQualification::Server);
    assert_eq!(
        code.to_string(),
        "server error: object application (500), cause connection (10)"
    );
}

#[test]
fn empty_response_params_decode_as_nil() {
    read_response::<()>(b"<methodResponse><params></params></methodResponse>").unwrap();
    assert_eq!(
        read_response::<Option<i32>>(b"<methodResponse><params/></methodResponse>").unwrap(),
        None
    );
    assert!(read_response::<i32>(b"<methodResponse><params/></methodResponse>").is_err());
}

#[test]
fn typed_method_client_and_server() {
    // Client writes the call of operation.list with typed parameters…
    let params = OperationListParams {
        apikey: ApiKey::new("k3y"),
        opts: Some(OperationListOptions {
            items_per_page: Some(10),
            ..Default::default()
        }),
    };
    let call = write_method_call::<OperationList>(&params).unwrap();
    // …the server reads it back…
    let (name, raw) = read_call(&call).unwrap();
    assert_eq!(name, "operation.list");
    let decoded = read_method_params::<OperationList>(raw).unwrap();
    assert_eq!(decoded, params);
    assert_eq!(read_method_call::<OperationList>(&call).unwrap(), params);
    // …and refuses a call of another method.
    let err = read_method_call::<OperationCount>(&call).unwrap_err();
    assert!(err.to_string().contains("operation.count"), "{err}");

    // Absent optional parameter: left out of the call.
    let count = OperationCountParams {
        apikey: ApiKey::new("k"),
        opts: None,
    };
    let call = write_method_call::<OperationCount>(&count).unwrap();
    assert_eq!(text(&call).matches("<param>").count(), 1);
    assert_eq!(read_method_call::<OperationCount>(&call).unwrap(), count);

    // Server answers, client decodes.
    let response = write_method_response::<OperationCount>(&7).unwrap();
    assert_eq!(
        read_method_response::<OperationCount>(&response).unwrap(),
        7
    );
    let fault = write_method_result::<OperationCount>(&Err(Fault::new(510_150, "no"))).unwrap();
    let err = read_method_response::<OperationCount>(&fault).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Fault(_)));

    let info = OperationInfoParams {
        apikey: ApiKey::new("k"),
        operation: 5,
    };
    let call = write_method_call::<OperationInfo>(&info).unwrap();
    assert_eq!(read_method_call::<OperationInfo>(&call).unwrap(), info);
}

#[test]
fn operation_list_response_from_bench_data_decodes_into_the_model() {
    let xml = regops_testdata::OperationList::generate(10).python_xml();
    let xml = xml.as_bytes();
    let ops = read_method_response::<OperationList>(xml).unwrap();
    assert_eq!(ops.len(), 10);
    let again = write_method_response::<OperationList>(&ops).unwrap();
    assert_eq!(read_method_response::<OperationList>(&again).unwrap(), ops);
}
