//! `regops gandi ops …`: Gandi's `operation` module.

use std::path::PathBuf;

use regops_client::GandiApi as _;
use regops_model::OneOrMany;
use regops_model::gandi::{
    OperationListOptions, OperationListReturn, OperationType, RelaunchOperationParameters, SortKey,
    Step,
};
use regops_validate::Validate as _;

use crate::fail::Failure;
use crate::out::{self, Table};
use crate::{Context, EXAMPLES_ENV};

/// `regops gandi …`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Group,
}

#[derive(Debug, clap::Subcommand)]
enum Group {
    /// Operations: list, count, show, cancel and relaunch them.
    #[command(subcommand)]
    Ops(Ops),
}

#[derive(Debug, clap::Subcommand)]
enum Ops {
    /// List operations (`operation.list`), sorted by id.
    #[command(after_help = concat!("Examples:
  regops gandi ops list                         # the first 100, by id
  regops gandi ops list --step BILL --step WAIT --step RUN   # still pending
  regops gandi ops list --type domain_create --page 2 --json
", "\n", EXAMPLES_ENV!()))]
    List(Filter),
    /// Count operations (`operation.count`), with the same filters as `list`.
    #[command(after_help = concat!("Examples:
  regops gandi ops count
  regops gandi ops count --step ERROR --json
", "\n", EXAMPLES_ENV!()))]
    Count(Filter),
    /// Show one operation (`operation.info`).
    #[command(after_help = concat!("Examples:
  regops gandi ops info 42
  regops gandi ops info 42 --json | jq .step
", "\n", EXAMPLES_ENV!()))]
    Info {
        /// The operation's id (tracking number).
        id: i64,
    },
    /// Cancel an operation not yet processed (`operation.cancel`); sent once, never retried
    /// after it may have reached Gandi.
    #[command(after_help = concat!("Examples:
  regops gandi ops cancel 42
", "\n", EXAMPLES_ENV!()))]
    Cancel {
        /// The operation's id.
        id: i64,
    },
    /// Relaunch a failed operation (`operation.relaunch`), with corrected parameters from a
    /// JSON file (`gandi.RelaunchOperationParameters`), validated first.
    #[command(after_help = concat!("Examples:
  regops gandi ops relaunch 42
  regops gandi ops relaunch 42 --params fix.json --domain example.ca
", "\n", EXAMPLES_ENV!()))]
    Relaunch {
        /// The operation's id.
        id: i64,
        /// A JSON file of `gandi.RelaunchOperationParameters` (the corrected extra
        /// parameters).
        #[arg(long)]
        params: Option<PathBuf>,
        /// The operation's domain: the parameters are validated for its TLD.
        #[arg(long, value_parser = crate::validate::domain_arg)]
        domain: Option<String>,
    },
}

/// Filters of `list` and `count`.
#[derive(Debug, clap::Args)]
struct Filter {
    /// Only operations at this step (BILL, WAIT, RUN, DONE, ERROR, CANCEL, SUPPORT, …);
    /// repeat for several.
    #[arg(long)]
    step: Vec<String>,
    /// Only operations of this type (domain_create, domain_renew, …); repeat for several.
    #[arg(long = "type")]
    kind: Vec<String>,
    /// Only operations about this domain.
    #[arg(long)]
    domain: Option<String>,
    /// Page number, from 0.
    #[arg(long)]
    page: Option<i64>,
    /// Items per page (Gandi's default is 100).
    #[arg(long)]
    per_page: Option<i64>,
}

impl Filter {
    fn options(&self, sorted: bool) -> Option<OperationListOptions> {
        fn many<T: for<'a> From<&'a str>>(values: &[String]) -> Option<OneOrMany<T>> {
            let mut typed: Vec<T> = values.iter().map(|v| T::from(v.as_str())).collect();
            match typed.len() {
                0 => None,
                1 => typed.pop().map(OneOrMany::One),
                _ => Some(OneOrMany::Many(typed)),
            }
        }
        let options = OperationListOptions {
            step: many::<Step>(&self.step),
            r#type: many::<OperationType>(&self.kind),
            domain: self.domain.clone(),
            page: self.page,
            items_per_page: self.per_page,
            sort_by: sorted.then_some(SortKey::Id),
            ..Default::default()
        };
        (options != OperationListOptions::default()).then_some(options)
    }
}

pub async fn run(args: Args, cx: &Context) -> Result<(), Failure> {
    let Group::Ops(command) = args.command;
    let vendors = cx.vendors().await?;
    let gandi = vendors.gandi()?;
    match command {
        Ops::List(filter) => {
            let ops = gandi.operation_list(filter.options(true)).await?;
            if cx.json {
                out::json(&serde_json::to_value(&ops).unwrap_or_default());
            } else {
                list_table(&ops).print();
            }
        }
        Ops::Count(filter) => {
            let count = gandi.operation_count(filter.options(false)).await?;
            if cx.json {
                out::json(&serde_json::json!({ "count": count }));
            } else {
                outln!("{count}");
            }
        }
        Ops::Info { id } => {
            let op = gandi.operation_info(id).await?;
            if cx.json {
                out::json(&serde_json::to_value(&op).unwrap_or_default());
            } else {
                info_fields(&op);
            }
        }
        Ops::Cancel { id } => {
            let done = gandi.operation_cancel(id).await?;
            report(cx, id, "cancel", done);
        }
        Ops::Relaunch { id, params, domain } => {
            let params = match params {
                None => None,
                Some(path) => Some(read_params(&path, domain.as_deref())?),
            };
            let done = gandi.operation_relaunch(id, params).await?;
            report(cx, id, "relaunch", done);
        }
    }
    Ok(())
}

fn report(cx: &Context, id: i64, action: &str, done: bool) {
    if cx.json {
        out::json(&serde_json::json!({ "id": id, "action": action, "accepted": done }));
    } else if done {
        outln!("operation {id}: {action} accepted");
    } else {
        outln!("operation {id}: {action} not accepted");
    }
}

/// Reads and validates the relaunch parameters: errors stop the command (exit 5).
fn read_params(
    path: &std::path::Path,
    domain: Option<&str>,
) -> Result<RelaunchOperationParameters, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::config(format!("cannot read {}: {e}", path.display())))?;
    let params: RelaunchOperationParameters = serde_json::from_str(&text).map_err(|e| {
        Failure::invalid(format!(
            "{}: not a gandi.RelaunchOperationParameters: {e}",
            path.display()
        ))
    })?;
    let report = match domain {
        Some(domain) => params.validate_for_domain("params", domain),
        None => params.validate_at("params"),
    };
    for warning in report.warnings() {
        eprintln!("{}: {warning}", path.display());
    }
    if report.has_errors() {
        let errors: Vec<String> = report.errors().map(ToString::to_string).collect();
        return Err(Failure::invalid(format!(
            "{}: not sent:\n{}",
            path.display(),
            errors.join("\n")
        )));
    }
    Ok(params)
}

fn list_table(ops: &[OperationListReturn]) -> Table {
    let mut table = Table::new(&["ID", "TYPE", "STEP", "CREATED", "UPDATED", "ERROR"]);
    for op in ops {
        table.row(vec![
            op.id.to_string(),
            op.r#type.as_str().to_string(),
            op.step.as_str().to_string(),
            op.date_created.to_string(),
            op.date_updated.to_string(),
            out::or_dash(op.last_error.value().filter(|e| !e.is_empty())),
        ]);
    }
    table
}

fn info_fields(op: &OperationListReturn) {
    let phase = op.step.phase().map(|p| p.as_str());
    out::fields(&[
        ("id", op.id.to_string()),
        ("type", op.r#type.as_str().to_string()),
        ("step", op.step.as_str().to_string()),
        ("phase", out::or_dash(phase)),
        ("created", op.date_created.to_string()),
        ("updated", op.date_updated.to_string()),
        ("started", out::or_dash(op.date_start.value())),
        ("eta", out::or_dash(op.eta)),
        (
            "error type",
            out::or_dash(
                op.errortype
                    .value()
                    .and_then(|e| e.id.as_ref())
                    .map(|id| id.as_str().to_string()),
            ),
        ),
        (
            "last error",
            out::or_dash(op.last_error.value().filter(|e| !e.is_empty())),
        ),
    ]);
}
