//! `regops netim ope …`: Netim's operation functions (REST 3.0).

use regops_client::NetimApi as _;
use regops_model::DateTimeOrString;
use regops_model::netim::OperationResponse;

use crate::fail::Failure;
use crate::out::{self, Table};
use crate::{Context, EXAMPLES_ENV};

/// `regops netim …`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Group,
}

#[derive(Debug, clap::Subcommand)]
enum Group {
    /// Operations: query one, list the pending ones, cancel one.
    #[command(subcommand)]
    Ope(Ope),
}

#[derive(Debug, clap::Subcommand)]
enum Ope {
    /// Show one operation (`queryOpe`).
    #[command(after_help = concat!("Examples:
  regops netim ope query 4242
  regops netim ope query 4242 --json
", "\n", EXAMPLES_ENV!()))]
    Query {
        /// The operation's id (tracking number).
        id: i64,
    },
    /// List the pending operations (`queryOpePending`).
    #[command(after_help = concat!("Examples:
  regops netim ope pending
  regops netim ope pending --json | jq '.[].ID_OPE'
", "\n", EXAMPLES_ENV!()))]
    Pending,
    /// Cancel a pending operation (`cancelOpe`); sent once, never retried after it may have
    /// reached Netim.
    #[command(after_help = concat!("Examples:
  regops netim ope cancel 4242
", "\n", EXAMPLES_ENV!()))]
    Cancel {
        /// The operation's id.
        id: i64,
    },
}

pub async fn run(args: Args, cx: &Context) -> Result<(), Failure> {
    let Group::Ope(command) = args.command;
    let vendors = cx.vendors().await?;
    let result = run_with(command, cx, vendors.netim()?).await;
    vendors.close().await;
    result
}

async fn run_with(
    command: Ope,
    cx: &Context,
    netim: &regops_client::NetimClient,
) -> Result<(), Failure> {
    match command {
        Ope::Query { id } => {
            let op = netim.query_ope(id).await?;
            if cx.json {
                out::json(&serde_json::to_value(&op).unwrap_or_default());
            } else {
                fields(&op);
            }
        }
        Ope::Pending => {
            let ops = netim.query_ope_pending().await?;
            if cx.json {
                out::json(&serde_json::to_value(&ops).unwrap_or_default());
            } else {
                let mut table = Table::new(&["ID", "FUNCTION", "DATE", "DATA"]);
                for op in &ops {
                    table.row(vec![
                        out::or_dash(op.id_ope.as_ref()),
                        out::or_dash(op.code_ope.as_deref()),
                        out::or_dash(date_text(op.date_ope.as_ref())),
                        out::or_dash(op.data_ope.as_deref()),
                    ]);
                }
                table.print();
            }
        }
        Ope::Cancel { id } => {
            netim.cancel_ope(id).await?;
            if cx.json {
                out::json(&serde_json::json!({ "id": id, "action": "cancel", "accepted": true }));
            } else {
                outln!("operation {id}: cancel accepted");
            }
        }
    }
    Ok(())
}

fn fields(op: &OperationResponse) {
    out::fields(&[
        ("id", op.id_ope.to_string()),
        ("status", op.status.as_str().to_string()),
        ("phase", out::or_dash(op.status.phase().map(|p| p.as_str()))),
        ("function", out::or_dash(op.r#type.as_deref())),
        ("date", out::or_dash(date_text(op.date.as_ref()))),
        (
            "message",
            out::or_dash(op.message.as_deref().filter(|m| !m.is_empty())),
        ),
    ]);
}

/// A Netim date as Netim sent it (`2026-01-01 10:00:00`, a day, a zero date…); none when empty.
fn date_text(date: Option<&DateTimeOrString>) -> Option<&str> {
    date.map(DateTimeOrString::as_str).filter(|t| !t.is_empty())
}
