//! Every generated struct round-trips losslessly JSON → model → XML-RPC → model → JSON, over
//! random values built from the schema itself (`regops_tests::values`): every member of the
//! right type (or absent when optional, nil for every optional member and where the schema
//! allows it, `""` where it means no value), known and unknown enum values, unknown members,
//! and date-times in both of their wire forms. Decoding what either format wrote gives the
//! same model value back.

use std::path::Path;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use regops_schema::ir::{Field, Item, ItemPath, Schema, Struct};
use regops_tests::values::{nil_kept, struct_value};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn schema() -> Schema {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema");
    regops_schema::load_dir(&dir, "schema/").unwrap_or_else(|e| panic!("{e}"))
}

fn declared<'a>(schema: &'a Schema, module: &str, name: &str) -> &'a Struct {
    let Some(Item::Struct(s)) = schema.item(&ItemPath::new(module, name)) else {
        panic!("{module}.{name} is not a struct")
    };
    s
}

/// JSON → `T` → XML-RPC → `T` → JSON must give back the JSON, for every value of `values`
/// (`cases` of them), and decoding what each format wrote must give back the same `T`;
/// `wire` then checks the XML-RPC document.
fn round_trips<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(
    values: impl Strategy<Value = Value>,
    cases: u32,
    what: &str,
    wire: impl Fn(&str) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&values, |json| {
            let typed: T = serde_json::from_value(json.clone())
                .map_err(|e| TestCaseError::fail(format!("JSON decode: {e}")))?;
            let xml = regops_xmlrpc::to_vec(&typed)
                .map_err(|e| TestCaseError::fail(format!("encode: {e}")))?;
            let back: T = regops_xmlrpc::from_slice(&xml).map_err(|e| {
                TestCaseError::fail(format!("decode: {e}\n{}", String::from_utf8_lossy(&xml)))
            })?;
            prop_assert_eq!(&back, &typed, "{} decoded from XML-RPC", what);
            let again =
                serde_json::to_value(&back).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&again, &json, "{} changed through XML-RPC", what);
            let from_json: T = serde_json::from_value(again)
                .map_err(|e| TestCaseError::fail(format!("JSON decode again: {e}")))?;
            prop_assert_eq!(&from_json, &typed, "{} decoded from JSON", what);
            wire(&String::from_utf8_lossy(&xml))
        })
        .unwrap_or_else(|e| panic!("{what}: {e}"));
}

/// Random values of every member, nil ones included.
fn check<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(
    schema: &Schema,
    module: &str,
    name: &str,
) {
    let s = declared(schema, module, name);
    round_trips::<T>(
        struct_value(schema, s, 0),
        256,
        &format!("{module}.{name}"),
        |_| Ok(()),
    );
}

/// Each member that may be sent as nil (every optional member, and the required ones the
/// schema marks `nil="allowed"`), sent as nil in otherwise random values: it is written as
/// `<nil/>` and comes back as JSON `null`. Returns how many members it checked.
fn check_nil_members<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(
    schema: &Schema,
    module: &str,
    name: &str,
) -> usize {
    let s = declared(schema, module, name);
    let marked: Vec<&Field> = s.fields.iter().filter(|f| nil_kept(s, f)).collect();
    for f in &marked {
        let wire = f.wire.clone();
        let values = struct_value(schema, s, 0).prop_map(move |mut json| {
            json[&wire] = Value::Null;
            json
        });
        let escaped = f
            .wire
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let member = format!("<member><name>{escaped}</name><value><nil/></value></member>");
        // Few values per member: `every_generated_struct_round_trips_through_xml_rpc` also
        // draws nil for each of them.
        round_trips::<T>(values, 16, &format!("{module}.{name}.{}", f.wire), |xml| {
            prop_assert!(xml.contains(&member), "no {} in {}", member, xml);
            Ok(())
        });
    }
    marked.len()
}

macro_rules! every_struct {
    ($( $module:ident :: $name:ident ),* $(,)?) => {
        #[test]
        fn every_generated_struct_round_trips_through_xml_rpc() {
            let schema = schema();
            $( check::<regops_model::$module::$name>(&schema, stringify!($module), stringify!($name)); )*
        }

        #[test]
        fn every_member_sent_as_nil_is_written_back_as_nil() {
            let schema = schema();
            let checked = 0 $( + check_nil_members::<regops_model::$module::$name>(&schema, stringify!($module), stringify!($name)) )*;
            let optional_or_marked = schema
                .items()
                .filter_map(|(_, i)| match i {
                    Item::Struct(s) => Some(s.fields.iter().filter(|f| !f.required || f.nil_allowed).count()),
                    _ => None,
                })
                .sum::<usize>();
            // Every struct of the schema keeps what it does not model, so every optional member
            // (Gandi's `eta`, Netim's `MESSAGE`, …) keeps nil, as do the marked required ones.
            assert!(checked > 150, "{checked}: the 139 `x-` members of relaunch at least");
            assert_eq!(checked, optional_or_marked);
        }

        #[test]
        fn the_list_covers_every_struct_of_the_schema() {
            let mut listed: Vec<String> = vec![$( format!("{}.{}", stringify!($module), stringify!($name)) ),*];
            let mut declared: Vec<String> = schema()
                .files
                .iter()
                .flat_map(|f| f.items.iter().filter_map(move |i| match i {
                    Item::Struct(s) => Some(format!("{}.{}", f.module, s.name)),
                    _ => None,
                }))
                .collect();
            listed.sort();
            declared.sort();
            assert_eq!(listed, declared);
        }
    };
}

every_struct!(
    gandi::ErrorType,
    gandi::OperationDetails,
    gandi::OperationListOptions,
    gandi::OperationListReturn,
    gandi::RelaunchOperationParameters,
    netim::Contact,
    netim::DomainInfo,
    netim::Host,
    netim::OperationResponse,
    netim::PendingOperation,
    netim::Nameserver,
    netim::SessionPreferences,
    netim::SessionOpened,
);
