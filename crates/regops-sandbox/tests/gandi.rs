//! Every Gandi method of the sandbox over HTTP, from a plain HTTP client: results, the
//! vendor's rules, filters, sorting, paging, scripted outcomes and strict polling.

mod support;

use regops_model::OneOrMany;
use regops_model::gandi::{
    ErrorClass, ErrorId, OperationCancel, OperationCancelParams, OperationCount,
    OperationCountParams, OperationInfo, OperationInfoParams, OperationList, OperationListOptions,
    OperationListParams, OperationRelaunch, OperationRelaunchParams, OperationType,
    RelaunchOperationParameters, SortKey, Step,
};
use regops_sandbox::{ClockMode, Config};
use serde_json::json;
use support::{Server, start, start_with};

async fn info(s: &Server, id: i64) -> regops_model::gandi::OperationListReturn {
    s.gandi::<OperationInfo>(&OperationInfoParams {
        apikey: s.key(),
        operation: id,
    })
    .await
    .unwrap()
}

async fn list(s: &Server, opts: OperationListOptions) -> Vec<i64> {
    s.gandi::<OperationList>(&OperationListParams {
        apikey: s.key(),
        opts: Some(opts),
    })
    .await
    .unwrap()
    .iter()
    .map(|o| o.id)
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operation_goes_bill_wait_run_done_on_the_virtual_clock() {
    let s = start().await;
    let id = s
        .create(json!({"vendor": "gandi", "domain": "example.com"}))
        .await[0];
    let op = info(&s, id).await;
    assert_eq!(op.step, Step::Bill);
    assert!(op.date_start.is_empty(), "an empty string until it starts");
    assert!(op.errortype.is_null(), "nil when not in error");
    assert_eq!(op.r#type, OperationType::DomainCreate);
    s.advance(90).await;
    assert_eq!(info(&s, id).await.step, Step::Wait);
    s.advance(3 * 24 * 3600).await;
    let op = info(&s, id).await;
    assert_eq!(op.step, Step::Done);
    assert!(op.date_start.value().is_some());
    assert_eq!(
        s.history(id)
            .await
            .iter()
            .map(|t| t.0.as_str())
            .collect::<Vec<_>>(),
        ["billed", "start", "finish"]
    );
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_carry_errortype_and_relaunch_only_where_gandi_allows() {
    let s = start().await;
    let failing = s
        .create(json!({"vendor": "gandi", "domain": "fail-duplicate.com"}))
        .await[0];
    let renew = s
        .create(
            json!({"vendor": "gandi", "type": "domain_renew", "domain": "x.com", "state": "ERROR"}),
        )
        .await[0];
    s.advance(3600).await;
    let op = info(&s, failing).await;
    assert_eq!(op.step, Step::Error);
    let errortype = op.errortype.into_value().unwrap();
    assert_eq!(errortype.id, Some(ErrorId::Duplicate));
    assert_eq!(errortype.r#type, Some(ErrorClass::Fatal));
    assert!(op.last_error.value().unwrap().contains("already exists"));

    // domain_renew is not relaunchable.
    let fault = s
        .gandi::<OperationRelaunch>(&OperationRelaunchParams {
            apikey: s.key(),
            operation: renew,
            params: None,
        })
        .await
        .unwrap_err();
    assert_eq!(fault.code, 525191, "operation_type, invalid: {fault:?}");
    assert!(
        fault.string.contains("not possible for type domain_renew"),
        "{fault:?}"
    );

    // A relaunch with an invalid member of its domain's TLD is refused, naming the member.
    let bad = RelaunchOperationParameters {
        x_ca_legaltype: Some("LGR".into()),
        ..Default::default()
    };
    let ca = s
        .create(json!({"vendor": "gandi", "domain": "shop.ca", "state": "ERROR"}))
        .await[0];
    let fault = s
        .gandi::<OperationRelaunch>(&OperationRelaunchParams {
            apikey: s.key(),
            operation: ca,
            params: Some(bad),
        })
        .await
        .unwrap_err();
    assert!(
        fault.string.contains("params.x-ca_official_rep"),
        "{fault:?}"
    );

    // A relaunch of the failed domain_create succeeds and the operation then completes.
    let ok = s
        .gandi::<OperationRelaunch>(&OperationRelaunchParams {
            apikey: s.key(),
            operation: failing,
            params: Some(RelaunchOperationParameters {
                authinfo: Some("code".into()),
                ..Default::default()
            }),
        })
        .await;
    assert_eq!(ok, Ok(true));
    assert_eq!(info(&s, failing).await.step, Step::Wait);
    s.advance(3600).await;
    let op = info(&s, failing).await;
    assert_eq!(op.step, Step::Done);
    assert_eq!(op.params.unwrap()["authinfo"].as_str(), Some("code"));
    // A successful operation is never relaunched.
    let fault = s
        .gandi::<OperationRelaunch>(&OperationRelaunchParams {
            apikey: s.key(),
            operation: failing,
            params: None,
        })
        .await
        .unwrap_err();
    assert_eq!(fault.code, 510290, "operation, invalid_step: {fault:?}");
    assert!(fault.string.contains("DONE is terminal"), "{fault:?}");
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_only_before_processing() {
    let s = start().await;
    let ids = s
        .create(json!({"vendor": "gandi", "domain": "a.com", "count": 3}))
        .await;
    let running = s
        .create(json!({"vendor": "gandi", "domain": "b.com", "state": "RUN"}))
        .await[0];
    let waiting = s
        .create(json!({"vendor": "gandi", "domain": "c.com", "state": "WAIT"}))
        .await[0];
    for id in [ids[0], waiting] {
        let ok = s
            .gandi::<OperationCancel>(&OperationCancelParams {
                apikey: s.key(),
                operation: id,
            })
            .await;
        assert_eq!(ok, Ok(true));
        assert_eq!(info(&s, id).await.step, Step::Cancel);
    }
    let fault = s
        .gandi::<OperationCancel>(&OperationCancelParams {
            apikey: s.key(),
            operation: running,
        })
        .await
        .unwrap_err();
    assert_eq!(fault.code, 510290);
    assert!(
        fault.string.contains("expected step BILL or WAIT"),
        "{fault:?}"
    );
    let fault = s
        .gandi::<OperationCancel>(&OperationCancelParams {
            apikey: s.key(),
            operation: 999_999,
        })
        .await
        .unwrap_err();
    assert_eq!(fault.code, 510242);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_and_count_honour_filters_sorting_and_paging() {
    let s = start().await;
    let a = s
        .create(json!({"vendor": "gandi", "domain": "zz.com", "count": 5}))
        .await;
    s.advance(10).await;
    let b = s
        .create(json!({"vendor": "gandi", "type": "vm_create", "domain": "aa.com", "state": "RUN", "params": {"vm_id": 42}}))
        .await[0];
    let c = s
        .create(json!({"vendor": "gandi", "domain": "mm.com", "state": "CANCEL"}))
        .await[0];
    // Netim operations are not Gandi's.
    s.create(json!({"vendor": "netim", "domain": "n.fr"})).await;

    let count = |opts| async {
        s.gandi::<OperationCount>(&OperationCountParams {
            apikey: s.key(),
            opts,
        })
        .await
        .unwrap()
    };
    assert_eq!(count(None).await, 7);
    let step = |steps: Vec<Step>| OperationListOptions {
        step: Some(OneOrMany::Many(steps)),
        ..Default::default()
    };
    assert_eq!(
        count(Some(step(vec![Step::Bill, Step::Wait, Step::Run]))).await,
        6
    );
    assert_eq!(list(&s, step(vec![Step::Cancel])).await, [c]);
    assert_eq!(
        list(
            &s,
            OperationListOptions {
                vm_id: regops_model::Nullable::Value(42),
                ..Default::default()
            }
        )
        .await,
        [b]
    );
    assert_eq!(
        list(
            &s,
            OperationListOptions {
                r#type: Some(OneOrMany::One(OperationType::VmCreate)),
                ..Default::default()
            }
        )
        .await,
        [b]
    );
    assert_eq!(
        list(
            &s,
            OperationListOptions {
                id: Some(OneOrMany::Many(vec![a[1], c])),
                ..Default::default()
            }
        )
        .await,
        [a[1], c]
    );
    assert_eq!(
        list(
            &s,
            OperationListOptions {
                domain: Some("mm.com".into()),
                ..Default::default()
            }
        )
        .await,
        [c]
    );
    let sorted = list(
        &s,
        OperationListOptions {
            sort_by: Some(SortKey::Domain),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(sorted[0], b);
    assert_eq!(sorted[1], c);
    let after = list(
        &s,
        OperationListOptions {
            date_created_gt: Some("2026-01-01T00:00:05".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(after, [b, c]);
    let before = list(
        &s,
        OperationListOptions {
            date_created_lt: Some("20260101T00:00:05".into()),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(before, a);
    let page = |page| OperationListOptions {
        items_per_page: Some(3),
        page: Some(page),
        ..Default::default()
    };
    assert_eq!(list(&s, page(0)).await, a[..3]);
    assert_eq!(list(&s, page(1)).await, [a[3], a[4], b]);
    assert_eq!(list(&s, page(2)).await, [c]);
    assert!(list(&s, page(3)).await.is_empty());
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strict_poll_mode_rate_limits_polls_within_five_minutes() {
    let s = start_with(Config {
        clock: ClockMode::Virtual,
        strict_poll: true,
        seed: Some(2),
        ..Config::default()
    })
    .await;
    let id = s
        .create(json!({"vendor": "gandi", "domain": "slow.com"}))
        .await[0];
    let p = OperationInfoParams {
        apikey: s.key(),
        operation: id,
    };
    s.gandi::<OperationInfo>(&p).await.unwrap();
    let fault = s.gandi::<OperationInfo>(&p).await.unwrap_err();
    assert_eq!(fault.code, 160004);
    assert!(fault.string.contains("ratelimit, temporary"), "{fault:?}");
    s.advance(299).await;
    assert!(s.gandi::<OperationInfo>(&p).await.is_err());
    s.advance(1).await;
    assert_eq!(s.gandi::<OperationInfo>(&p).await.unwrap().step, Step::Run);
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_index_answers_with_and_without_its_trailing_slash() {
    let s = support::start().await;
    for path in ["", "/"] {
        let (status, index) = s.admin("GET", path, serde_json::Value::Null).await;
        assert_eq!(status, 200, "GET /_sandbox{path}");
        assert_eq!(index["gandi"]["xmlrpc"], "/xmlrpc/", "GET /_sandbox{path}");
        assert_eq!(index["netim"]["base"], "/netim/3.0/", "GET /_sandbox{path}");
    }
    s.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_domain_filter_ignores_case_and_the_final_dot() {
    let s = start().await;
    let mut ids = s
        .create(json!({"vendor": "gandi", "domain": "Example.COM."}))
        .await;
    ids.extend(
        s.create(json!({"vendor": "gandi", "domain": "example.com"}))
            .await,
    );
    s.create(json!({"vendor": "gandi", "domain": "other.com"}))
        .await;
    for given in ["example.com", "EXAMPLE.COM", "example.com."] {
        let found = list(
            &s,
            OperationListOptions {
                domain: Some(given.into()),
                ..Default::default()
            },
        )
        .await;
        assert_eq!(found, ids, "{given}");
    }
    let (status, v) = s
        .admin(
            "POST",
            "/operations",
            json!({"vendor": "gandi", "domain": "not a name"}),
        )
        .await;
    assert_eq!(status, 400, "{v}");
    s.stop().await;
}
