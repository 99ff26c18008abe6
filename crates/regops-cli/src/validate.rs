//! `regops validate --type NAME FILE.json [--domain D]`: a JSON document checked against the
//! schema's rules for the named type (`regops_validate::visit_type`).

use std::path::PathBuf;

use regops_validate::{Report, TYPE_NAMES, TypeVisitor, Validate};

use crate::fail::Failure;

/// `regops validate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  regops validate --type gandi.RelaunchOperationParameters fix.json --domain example.ca
  regops validate --type netim.Contact contact.json --json
  regops validate --list-types

Exit 0 when the document has no errors (warnings are printed), 5 when it has errors.")]
pub struct Args {
    /// The schema type (`gandi.RelaunchOperationParameters`, `netim.Contact`, …).
    #[arg(
        long = "type",
        value_name = "NAME",
        required_unless_present = "list_types"
    )]
    name: Option<String>,
    /// The JSON document (`-` for standard input).
    #[arg(required_unless_present = "list_types")]
    file: Option<PathBuf>,
    /// The domain the value is sent for: members of other TLDs become warnings, members
    /// its TLD requires become errors when absent.
    #[arg(long, value_parser = domain_arg)]
    domain: Option<String>,
    /// List the type names and exit.
    #[arg(long)]
    list_types: bool,
}

/// A `--domain` a value is sent for: a domain name (Unicode labels allowed) and its extension,
/// checked as the validators read it, so that a bad one is a usage error (exit 2), not a
/// silent validation without a domain.
pub fn domain_arg(text: &str) -> Result<String, String> {
    let ascii =
        regops_validate::tld::normalize(text).map_err(|why| format!("not a domain name: {why}"))?;
    if !ascii.trim_end_matches('.').contains('.') {
        return Err("not a domain name: expected a name and its extension (example.ca)".into());
    }
    Ok(text.to_owned())
}

/// Decodes the JSON into the named type and validates it.
struct Check<'a> {
    json: &'a str,
    domain: Option<&'a str>,
}

impl TypeVisitor for Check<'_> {
    type Output = Result<Report, serde_json::Error>;

    fn visit<T: Validate + serde::de::DeserializeOwned + serde::Serialize>(self) -> Self::Output {
        let value: T = serde_json::from_str(self.json)?;
        Ok(match self.domain {
            Some(domain) => value.validate_for_domain("", domain),
            None => value.validate(),
        })
    }
}

pub fn run(args: Args, json: bool) -> Result<(), Failure> {
    if args.list_types {
        if json {
            crate::out::json(&serde_json::json!(TYPE_NAMES));
        } else {
            for name in TYPE_NAMES {
                outln!("{name}");
            }
        }
        return Ok(());
    }
    let (Some(name), Some(file)) = (args.name, args.file) else {
        return Err(Failure::usage("validate: --type and FILE are required"));
    };
    let text = if file.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
            .map_err(|e| Failure::config(format!("reading standard input: {e}")))?
    } else {
        std::fs::read_to_string(&file)
            .map_err(|e| Failure::config(format!("cannot read {}: {e}", file.display())))?
    };
    let place = file.display().to_string();
    let check = Check {
        json: &text,
        domain: args.domain.as_deref(),
    };
    let Some(result) = regops_validate::visit_type(&name, check) else {
        return Err(Failure::usage(format!(
            "--type {name}: not a type of the schema; `regops validate --list-types` lists all {}",
            TYPE_NAMES.len()
        )));
    };
    let report = result.map_err(|e| Failure::invalid(format!("{place}: not a {name}: {e}")))?;
    if json {
        let violations: Vec<_> = report
            .violations()
            .iter()
            .map(|v| {
                serde_json::json!({
                    "path": v.path,
                    "code": v.code.to_string(),
                    "severity": v.severity.as_str(),
                    "message": v.message,
                    "rule": v.rule,
                })
            })
            .collect();
        crate::out::json(&serde_json::json!({
            "file": place,
            "type": name,
            "domain": args.domain,
            "valid": !report.has_errors(),
            "violations": violations,
        }));
    } else if report.violations().is_empty() {
        outln!("{place}: valid {name}");
    } else {
        for violation in report.violations() {
            outln!("{place}: {violation}");
        }
        let errors = report.errors().count();
        outln!(
            "{place}: {errors} error(s), {} warning(s)",
            report.violations().len() - errors
        );
    }
    if report.has_errors() {
        return Err(Failure::invalid(String::new()));
    }
    Ok(())
}
