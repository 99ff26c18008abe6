//! The `regops` command's output, snapshotted (insta): `--help` of every command, and human
//! and `--json` output of the vendor, tracker, validate and schema commands, run as the real
//! binary against a real `regops sandbox` on loopback (virtual clock, fixed seed: its dates
//! and ids are the same every run; the tracker's wall-clock times are replaced by `[TIME]`).

mod support;

use support::{Sandbox, regops, scrub_times, stdout_of, workdir};

const COMMANDS: &[&[&str]] = &[
    &[],
    &["sandbox"],
    &["gandi"],
    &["gandi", "ops"],
    &["gandi", "ops", "list"],
    &["gandi", "ops", "count"],
    &["gandi", "ops", "info"],
    &["gandi", "ops", "cancel"],
    &["gandi", "ops", "relaunch"],
    &["netim"],
    &["netim", "ope"],
    &["netim", "ope", "query"],
    &["netim", "ope", "pending"],
    &["netim", "ope", "cancel"],
    &["track"],
    &["track", "add"],
    &["track", "import"],
    &["track", "run"],
    &["track", "status"],
    &["track", "history"],
    &["validate"],
    &["schema"],
    &["schema", "json"],
];

#[test]
fn help_of_every_command() {
    let (_keep, dir) = workdir();
    for path in COMMANDS {
        let mut args = path.to_vec();
        args.push("--help");
        let text = stdout_of(&regops(&dir, &[], &args), 0);
        let name = if path.is_empty() {
            "help".to_string()
        } else {
            format!("help_{}", path.join("_"))
        };
        // Every leaf command shows examples.
        let leaf = !matches!(
            *path,
            [] | ["gandi"]
                | ["gandi", "ops"]
                | ["netim"]
                | ["netim", "ope"]
                | ["track"]
                | ["schema"]
        );
        assert!(!leaf || text.contains("Examples:"), "{name} has examples");
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn vendor_commands_print_tables_and_json() {
    let sandbox = Sandbox::start(&[]);
    let (_keep, dir) = workdir();
    let env = [("REGOPS_SANDBOX_URL", sandbox.base.as_str())];
    let gandi_ok = sandbox.demo_id("gandi", false).to_string();
    let netim_ok = sandbox.demo_id("netim", false).to_string();
    let cases: &[(&str, &[&str])] = &[
        ("gandi_ops_list", &["gandi", "ops", "list"]),
        ("gandi_ops_list_json", &["gandi", "ops", "list", "--json"]),
        (
            "gandi_ops_count",
            &["gandi", "ops", "count", "--step", "BILL"],
        ),
        ("gandi_ops_count_json", &["gandi", "ops", "count", "--json"]),
        ("gandi_ops_info", &["gandi", "ops", "info", &gandi_ok]),
        (
            "gandi_ops_info_json",
            &["gandi", "ops", "info", &gandi_ok, "--json"],
        ),
        ("netim_ope_query", &["netim", "ope", "query", &netim_ok]),
        (
            "netim_ope_query_json",
            &["netim", "ope", "query", &netim_ok, "--json"],
        ),
        ("netim_ope_pending", &["netim", "ope", "pending"]),
        (
            "netim_ope_pending_json",
            &["netim", "ope", "pending", "--json"],
        ),
    ];
    for (name, args) in cases {
        let text = stdout_of(&regops(&dir, &env, args), 0);
        insta::assert_snapshot!(*name, text);
    }
    // Cancel: accepted once, refused (exit 3, the vendor's message) the second time.
    let cancel = ["gandi", "ops", "cancel", &gandi_ok];
    insta::assert_snapshot!(
        "gandi_ops_cancel",
        stdout_of(&regops(&dir, &env, &cancel), 0)
    );
    let again = regops(&dir, &env, &cancel);
    assert_eq!(again.status.code(), Some(3));
    insta::assert_snapshot!(
        "gandi_ops_cancel_again_stderr",
        String::from_utf8_lossy(&again.stderr)
    );
    let unknown = regops(&dir, &env, &["netim", "ope", "query", "999999"]);
    assert_eq!(unknown.status.code(), Some(3));
    insta::assert_snapshot!(
        "netim_ope_query_unknown_stderr",
        String::from_utf8_lossy(&unknown.stderr)
    );
    let netim_cancel = ["netim", "ope", "cancel", &netim_ok, "--json"];
    insta::assert_snapshot!(
        "netim_ope_cancel_json",
        stdout_of(&regops(&dir, &env, &netim_cancel), 0)
    );
}

#[test]
fn track_commands_print_tables_and_json() {
    let sandbox = Sandbox::start(&[]);
    let (_keep, dir) = workdir();
    let env = [("REGOPS_SANDBOX_URL", sandbox.base.as_str())];
    // Every demo operation ends before the tracker first polls it.
    sandbox.admin("/clock/advance", serde_json::json!({"seconds": 900}));
    let ids = |vendor: &str| {
        [
            sandbox.demo_id(vendor, false).to_string(),
            sandbox.demo_id(vendor, true).to_string(),
        ]
    };
    let [gandi_ok, gandi_fail] = ids("gandi");
    let [netim_ok, netim_fail] = ids("netim");
    let add = [
        "track",
        "--interval",
        "1s",
        "add",
        "gandi",
        &gandi_ok,
        &gandi_fail,
    ];
    insta::assert_snapshot!("track_add", stdout_of(&regops(&dir, &env, &add), 0));
    let add = [
        "track",
        "--interval",
        "1s",
        "add",
        "netim",
        &netim_ok,
        &netim_fail,
        "--json",
    ];
    insta::assert_snapshot!("track_add_json", stdout_of(&regops(&dir, &env, &add), 0));
    let status = stdout_of(&regops(&dir, &env, &["track", "status"]), 0);
    insta::assert_snapshot!("track_status_before", scrub_times(&status));

    let run = ["track", "run", "--interval", "1s", "--until-settled"];
    let output = regops(&dir, &env, &run);
    let text = stdout_of(&output, 0);
    // Polls of different operations finish in any order: the lines are sorted.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort();
    insta::assert_snapshot!("track_run", lines.join("\n"));
    insta::assert_snapshot!("track_run_stderr", String::from_utf8_lossy(&output.stderr));

    let status = stdout_of(&regops(&dir, &env, &["track", "status", "--json"]), 0);
    insta::assert_snapshot!("track_status_json", scrub_times(&status));
    // Change numbers follow the order polls ended in: replaced by `N`.
    let history = ["track", "history", "gandi", &gandi_fail];
    let text = stdout_of(&regops(&dir, &env, &history), 0);
    let text: Vec<String> = text
        .lines()
        .map(|line| match line.split_once(' ') {
            Some((seq, rest)) if seq.parse::<i64>().is_ok() => format!("N{rest}"),
            _ => line.to_string(),
        })
        .collect();
    insta::assert_snapshot!("track_history", scrub_times(&text.join("\n")));
    let history = ["track", "history", "netim", &netim_fail, "--json"];
    let mut json: serde_json::Value =
        serde_json::from_str(&stdout_of(&regops(&dir, &env, &history), 0)).unwrap();
    for change in json.as_array_mut().unwrap() {
        change["seq"] = serde_json::json!("N");
    }
    insta::assert_snapshot!(
        "track_history_json",
        scrub_times(&serde_json::to_string_pretty(&json).unwrap())
    );
    let unknown = regops(&dir, &env, &["track", "history", "gandi", "424242"]);
    assert_eq!(unknown.status.code(), Some(1));
    insta::assert_snapshot!(
        "track_history_unknown_stderr",
        String::from_utf8_lossy(&unknown.stderr)
    );
}

#[test]
fn bad_arguments_exit_with_the_usage_code() {
    let (_keep, dir) = workdir();
    std::fs::write(dir.join("empty.json"), "{}").unwrap();
    let mut out = String::new();
    for domain in ["", ".", "a b.ca", "ca", "x-.ca"] {
        let args = [
            "validate",
            "--type",
            "gandi.RelaunchOperationParameters",
            "empty.json",
            "--domain",
            domain,
        ];
        let output = regops(&dir, &[], &args);
        assert_eq!(output.status.code(), Some(2), "--domain {domain:?}");
        out.push_str(&String::from_utf8_lossy(&output.stderr));
    }
    insta::assert_snapshot!("validate_bad_domain_stderr", out);
    for args in [
        &["validate", "--type", "nope.Type", "empty.json"][..],
        &["schema", "json", "--type", "nope.Type"],
        &[
            "gandi",
            "ops",
            "relaunch",
            "1",
            "--params",
            "empty.json",
            "--domain",
            "",
        ],
    ] {
        assert_eq!(regops(&dir, &[], args).status.code(), Some(2), "{args:?}");
    }
    // Unicode domains are domains.
    let args = [
        "validate",
        "--type",
        "gandi.RelaunchOperationParameters",
        "empty.json",
        "--domain",
        "école.ca",
    ];
    stdout_of(&regops(&dir, &[], &args), 0);

    // A value the wire cannot carry is the caller's, not a vendor refusal (3).
    let sandbox = Sandbox::start(&[]);
    let env = [("REGOPS_SANDBOX_URL", sandbox.base.as_str())];
    let output = regops(&dir, &env, &["gandi", "ops", "list", "--domain", "a\u{1}b"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("U+0001"), "{stderr}");
}

#[test]
fn validate_and_schema_commands() {
    let (_keep, dir) = workdir();
    std::fs::write(dir.join("bad.json"), r#"{"x-ca_legaltype": "LGR"}"#).unwrap();
    std::fs::write(dir.join("empty.json"), "{}").unwrap();
    let bad = [
        "validate",
        "--type",
        "gandi.RelaunchOperationParameters",
        "bad.json",
        "--domain",
        "example.ca",
    ];
    let output = regops(&dir, &[], &bad);
    insta::assert_snapshot!("validate_errors", stdout_of(&output, 5));
    let mut bad_json = bad.to_vec();
    bad_json.push("--json");
    insta::assert_snapshot!(
        "validate_errors_json",
        stdout_of(&regops(&dir, &[], &bad_json), 5)
    );
    let good = [
        "validate",
        "--type",
        "gandi.RelaunchOperationParameters",
        "empty.json",
    ];
    insta::assert_snapshot!("validate_valid", stdout_of(&regops(&dir, &[], &good), 0));
    let unknown = regops(
        &dir,
        &[],
        &["validate", "--type", "gandi.Nope", "empty.json"],
    );
    assert_eq!(
        unknown.status.code(),
        Some(2),
        "a bad argument is a usage error"
    );
    insta::assert_snapshot!(
        "validate_unknown_type_stderr",
        String::from_utf8_lossy(&unknown.stderr)
    );

    let names = stdout_of(&regops(&dir, &[], &["schema", "json"]), 0);
    assert!(
        names
            .lines()
            .any(|l| l == "gandi.RelaunchOperationParameters")
    );
    let step = stdout_of(
        &regops(&dir, &[], &["schema", "json", "--type", "gandi.Step"]),
        0,
    );
    insta::assert_snapshot!("schema_json_step", step);
    // --out writes the same files `cargo xtask codegen` generated.
    let out = regops(&dir, &[], &["schema", "json", "--out", "exported"]);
    stdout_of(&out, 0);
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/json");
    for name in names.lines() {
        let file = format!("{}.json", name.replace('.', "/"));
        assert_eq!(
            std::fs::read_to_string(dir.join("exported").join(&file)).unwrap(),
            std::fs::read_to_string(repo.join(&file)).unwrap(),
            "{file}"
        );
    }
    let all: serde_json::Value = serde_json::from_str(&stdout_of(
        &regops(&dir, &[], &["schema", "json", "--json"]),
        0,
    ))
    .unwrap();
    assert_eq!(all.as_object().unwrap().len(), names.lines().count());
}

#[test]
fn credentials_come_from_env_or_config_and_are_never_printed() {
    let sandbox = Sandbox::start(&[]);
    let (_keep, dir) = workdir();
    let index = sandbox.admin_get("");
    let key = index["gandi"]["apikey"].as_str().unwrap().to_string();
    let secret = index["netim"]["secret"].as_str().unwrap().to_string();
    let gandi_url = format!("{}/xmlrpc/", sandbox.base);
    let id = sandbox.demo_id("gandi", false).to_string();

    // Nothing configured: exit 1, saying what to set.
    let none = regops(&dir, &[], &["gandi", "ops", "info", &id]);
    assert_eq!(none.status.code(), Some(1));
    insta::assert_snapshot!(
        "no_credentials_stderr",
        String::from_utf8_lossy(&none.stderr)
    );

    // A config file works; a wrong key is refused (exit 3) and not echoed.
    std::fs::write(
        dir.join("regops.conf"),
        format!("# test\nREGOPS_GANDI_URL={gandi_url}\nREGOPS_GANDI_API_KEY={key}\n"),
    )
    .unwrap();
    let ok = regops(
        &dir,
        &[],
        &["--config", "regops.conf", "gandi", "ops", "info", &id],
    );
    stdout_of(&ok, 0);
    let wrong = regops(
        &dir,
        &[("REGOPS_GANDI_API_KEY", "wrong-key-0123456789")],
        &["--config", "regops.conf", "gandi", "ops", "info", &id],
    );
    assert_eq!(wrong.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(!stderr.contains("wrong-key-0123456789"), "{stderr}");
    insta::assert_snapshot!("wrong_key_stderr", stderr);

    std::fs::write(dir.join("typo.conf"), "REGOPS_GANDI_KEY=x\n").unwrap();
    let typo = regops(
        &dir,
        &[],
        &["--config", "typo.conf", "gandi", "ops", "count"],
    );
    assert_eq!(typo.status.code(), Some(1));
    insta::assert_snapshot!("config_typo_stderr", String::from_utf8_lossy(&typo.stderr));

    // No command prints the sandbox's credentials, with -v logs on too.
    let env = [
        ("REGOPS_SANDBOX_URL", sandbox.base.as_str()),
        ("RUST_LOG", "debug"),
    ];
    for args in [
        &["gandi", "ops", "list", "--json"][..],
        &["netim", "ope", "pending", "--json"],
        &["track", "--interval", "1s", "add", "netim", "1", "--json"],
        &["track", "run", "--interval", "1s", "--until-settled"],
    ] {
        let output = support::command(&dir, &env, args).output().unwrap();
        for stream in [&output.stdout, &output.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.contains(&key) && !text.contains(&secret),
                "{args:?} printed a secret"
            );
        }
    }
}

#[test]
fn import_follows_what_the_vendors_list_as_pending() {
    let sandbox = Sandbox::start(&[]);
    let (_keep, dir) = workdir();
    let env = [("REGOPS_SANDBOX_URL", sandbox.base.as_str())];
    // Two more Gandi operations, one of them already ended: not imported.
    sandbox.admin(
        "/operations",
        serde_json::json!({"vendor": "gandi", "domain": "more.com", "state": "RUN"}),
    );
    sandbox.admin(
        "/operations",
        serde_json::json!({"vendor": "gandi", "domain": "over.com", "state": "DONE"}),
    );
    let import = ["track", "--interval", "1s", "import"];
    insta::assert_snapshot!("track_import", stdout_of(&regops(&dir, &env, &import), 0));
    let again = ["track", "--interval", "1s", "import", "--json"];
    insta::assert_snapshot!(
        "track_import_json_again",
        stdout_of(&regops(&dir, &env, &again), 0)
    );
    let status = stdout_of(&regops(&dir, &env, &["track", "status"]), 0);
    insta::assert_snapshot!("track_status_imported", scrub_times(&status));
}

#[test]
fn relaunch_sends_validated_parameters_only() {
    let sandbox = Sandbox::start(&[]);
    let (_keep, dir) = workdir();
    let env = [("REGOPS_SANDBOX_URL", sandbox.base.as_str())];
    let created = sandbox.admin(
        "/operations",
        serde_json::json!({"vendor": "gandi", "type": "domain_create", "domain": "fix-me.ca", "state": "ERROR"}),
    );
    let id = created["ids"][0].as_i64().unwrap().to_string();
    std::fs::write(dir.join("bad.json"), r#"{"x-ca_legaltype": "LGR"}"#).unwrap();
    std::fs::write(
        dir.join("good.json"),
        r#"{"x-ca_legaltype": "CCT", "x-ca_owner_name": "Example Inc."}"#,
    )
    .unwrap();
    // Errors: not sent (exit 5), the operation stays in ERROR.
    let bad = [
        "gandi",
        "ops",
        "relaunch",
        &id,
        "--params",
        "bad.json",
        "--domain",
        "fix-me.ca",
    ];
    let output = regops(&dir, &env, &bad);
    assert_eq!(output.status.code(), Some(5));
    insta::assert_snapshot!(
        "relaunch_invalid_stderr",
        String::from_utf8_lossy(&output.stderr)
    );
    let state = sandbox.admin_get(&format!("/operations/{id}"));
    assert_eq!(state["operation"]["state"], "ERROR");
    // Valid parameters: sent, accepted, the operation runs again.
    let good = [
        "gandi",
        "ops",
        "relaunch",
        &id,
        "--params",
        "good.json",
        "--domain",
        "fix-me.ca",
    ];
    insta::assert_snapshot!("relaunch", stdout_of(&regops(&dir, &env, &good), 0));
    let state = sandbox.admin_get(&format!("/operations/{id}"));
    assert_ne!(state["operation"]["state"], "ERROR", "{state}");
}

#[test]
fn a_closed_standard_output_ends_the_command_quietly() {
    // `regops schema json --json | head -c 100`: 230 kB of JSON, more than a pipe holds, so the
    // command writes into a pipe whose reader has gone.
    let (_keep, dir) = workdir();
    let mut child = support::command(&dir, &[], &["schema", "json", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("regops runs");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 100];
    std::io::Read::read_exact(&mut stdout, &mut first).expect("the start of the output");
    drop(stdout);
    let output = child.wait_with_output().expect("regops ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{:?}: {stderr}", output.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        first.starts_with(b"{"),
        "{:?}",
        String::from_utf8_lossy(&first)
    );
}
