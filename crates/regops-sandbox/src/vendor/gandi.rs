//! Gandi's `operation` module, played by the sandbox: the five methods with the model's typed
//! parameters and results, refusals as Gandi faults.

use regops_model::gandi::{
    DataFaultCause, DataFaultObject, ErrorClass, ErrorId, ErrorType, OperationCancelParams,
    OperationCountParams, OperationDetails, OperationInfoParams, OperationListOptions,
    OperationListParams, OperationListReturn, OperationRelaunchParams, OperationType, SortKey,
    Step,
};
use regops_model::{ApiKey, DateTimeOrString, Map, Nullable, OneOrMany, Value};
use regops_validate::Validate as _;
use regops_xmlrpc::Fault;
use rusqlite::types::Value as SqlValue;

use crate::clock::to_datetime;
use crate::engine;
use crate::error::CoreError;
use crate::plan::Vendor;
use crate::sandbox::Sandbox;
use crate::store::OpRow;
use crate::store::rows::{self, Cmp, Column, ListQuery};
use crate::vendor::gandi_fault;

/// The Gandi handle shown as the `source` of every operation.
pub const SOURCE: &str = "SANDBOX-GANDI";

/// Gandi's `operation` module on a sandbox.
#[derive(Debug, Clone, Copy)]
pub struct Gandi<'a> {
    sandbox: &'a Sandbox,
}

impl Sandbox {
    /// The Gandi side of this sandbox.
    pub fn gandi(&self) -> Gandi<'_> {
        Gandi { sandbox: self }
    }
}

impl Gandi<'_> {
    /// Checks an API key: Gandi's `510150` fault unless it is the sandbox's.
    pub fn authenticate(&self, key: &ApiKey) -> Result<(), Fault> {
        if key.expose_secret() == self.sandbox.credentials().gandi_api_key {
            Ok(())
        } else {
            Err(gandi_fault::bad_api_key())
        }
    }

    /// `operation.cancel`: only before processing has started (`BILL`, `WAIT`).
    pub fn operation_cancel(&self, p: &OperationCancelParams) -> Result<bool, Fault> {
        self.authenticate(&p.apikey)?;
        let now = self.sandbox.now_ms();
        self.sandbox.store().write(|tx| -> Result<(), CoreError> {
            let row = find(tx, p.operation)?;
            let refused = regops_validate::gandi::operation_cancel(&Step::from(row.state.as_str()));
            if let Some(v) = refused.first_error() {
                return Err(v.clone().into());
            }
            let name = engine::name_towards(Vendor::Gandi, &row.state, Step::Cancel.as_str())
                .ok_or_else(|| CoreError::Conflict(format!("operation {}", row.id)))?;
            engine::apply(tx, row, name, now)?;
            Ok(())
        })?;
        Ok(true)
    }

    /// `operation.count`: the operations matching the filters.
    pub fn operation_count(&self, p: &OperationCountParams) -> Result<i64, Fault> {
        self.authenticate(&p.apikey)?;
        let query = self.query(p.opts.as_ref(), false)?;
        Ok(self
            .sandbox
            .store()
            .read(|c| rows::count(c, Vendor::Gandi, &query))
            .map_err(CoreError::from)?)
    }

    /// `operation.info`: one operation (rate-limited in strict poll mode).
    pub fn operation_info(&self, p: &OperationInfoParams) -> Result<OperationListReturn, Fault> {
        self.authenticate(&p.apikey)?;
        let row = self
            .sandbox
            .store()
            .read(|c| rows::get(c, Vendor::Gandi, p.operation))
            .map_err(CoreError::from)?
            .ok_or_else(|| CoreError::NotFound(format!("operation {}", p.operation)))?;
        self.sandbox.check_poll(Vendor::Gandi, row.id)?;
        Ok(to_return(&row, self.sandbox.now_ms()))
    }

    /// `operation.list`: filtered, sorted, paged.
    pub fn operation_list(
        &self,
        p: &OperationListParams,
    ) -> Result<Vec<OperationListReturn>, Fault> {
        self.authenticate(&p.apikey)?;
        let query = self.query(p.opts.as_ref(), true)?;
        let found = self
            .sandbox
            .store()
            .read(|c| rows::list(c, Vendor::Gandi, &query))
            .map_err(CoreError::from)?;
        let now = self.sandbox.now_ms();
        Ok(found.iter().map(|row| to_return(row, now)).collect())
    }

    /// `operation.relaunch`: a failed operation of a relaunchable type, with changed
    /// parameters validated for its domain.
    pub fn operation_relaunch(&self, p: &OperationRelaunchParams) -> Result<bool, Fault> {
        self.authenticate(&p.apikey)?;
        if let Some(params) = &p.params
            && let Some(name) = params.extra_fields.keys().next()
        {
            return Err(gandi_fault::unknown_member(
                &format!("params.{name}"),
                "authinfo or the x- fields of RelaunchOperationParameters",
            ));
        }
        let now = self.sandbox.now_ms();
        // The outer error is the store's, the inner one a refusal of the parameters.
        self.sandbox
            .store()
            .write(|tx| -> Result<Result<(), Fault>, CoreError> {
                let mut row = find(tx, p.operation)?;
                let refused = regops_validate::gandi::operation_relaunch(
                    &OperationType::from(row.kind.as_str()),
                    &Step::from(row.state.as_str()),
                );
                if let Some(v) = refused.first_error() {
                    return Err(v.clone().into());
                }
                if let Some(params) = &p.params {
                    let report = params.validate_for_domain("params", &row.target);
                    if let Some(fault) = gandi_fault::refusal(&report) {
                        return Ok(Err(fault));
                    }
                    let mut merged: serde_json::Map<String, serde_json::Value> =
                        serde_json::from_str(&row.params).unwrap_or_default();
                    if let Ok(serde_json::Value::Object(changes)) = serde_json::to_value(params) {
                        merged.extend(changes);
                    }
                    row.params = serde_json::Value::Object(merged).to_string();
                }
                engine::apply(tx, row, "relaunch", now)?;
                Ok(Ok(()))
            })??;
        self.sandbox.wake.notify_one();
        Ok(true)
    }

    /// The store query `opts` ask for; every member is checked first (unknown ones refused,
    /// the generated validator for the rest).
    fn query(&self, opts: Option<&OperationListOptions>, paged: bool) -> Result<ListQuery, Fault> {
        let mut query = ListQuery::default();
        let Some(opts) = opts else {
            query.limit =
                paged.then_some(OperationListOptions::default().items_per_page_or_default());
            return Ok(query);
        };
        if let Some(name) = opts.extra_fields.keys().next() {
            return Err(gandi_fault::unknown_member(
                &format!("opts.{name}"),
                "the members of OperationListOptions",
            ));
        }
        if let Some(fault) = gandi_fault::refusal(&opts.validate_at("opts")) {
            return Err(fault);
        }
        let ints = |v: &OneOrMany<i64>| v.iter().map(|i| SqlValue::Integer(*i)).collect();
        let eq =
            |q: &mut ListQuery, c: Column, v: Vec<SqlValue>| q.conditions.push((c, Cmp::Eq, v));
        if let Some(ids) = &opts.id {
            eq(&mut query, Column::Id, ints(ids));
        }
        if let Some(steps) = &opts.step {
            eq(
                &mut query,
                Column::State,
                steps
                    .iter()
                    .map(|s| SqlValue::Text(s.as_str().into()))
                    .collect(),
            );
        }
        if let Some(types) = &opts.r#type {
            eq(
                &mut query,
                Column::Kind,
                types
                    .iter()
                    .map(|t| SqlValue::Text(t.as_str().into()))
                    .collect(),
            );
        }
        if let Some(domain) = &opts.domain {
            // Stored names are canonical; a filter that is no name matches nothing, as given.
            let domain = crate::name::canonical(domain).unwrap_or_else(|_| domain.clone());
            eq(&mut query, Column::Target, vec![SqlValue::Text(domain)]);
        }
        for (wire, column, cmp, value) in [
            ("date_created", Column::Created, Cmp::Eq, &opts.date_created),
            (
                "<date_created",
                Column::Created,
                Cmp::Lt,
                &opts.date_created_lt,
            ),
            (
                ">date_created",
                Column::Created,
                Cmp::Gt,
                &opts.date_created_gt,
            ),
            ("date_start", Column::Started, Cmp::Eq, &opts.date_start),
            ("<date_start", Column::Started, Cmp::Lt, &opts.date_start_lt),
            (">date_start", Column::Started, Cmp::Gt, &opts.date_start_gt),
            ("date_updated", Column::Updated, Cmp::Eq, &opts.date_updated),
            (
                "<date_updated",
                Column::Updated,
                Cmp::Lt,
                &opts.date_updated_lt,
            ),
            (
                ">date_updated",
                Column::Updated,
                Cmp::Gt,
                &opts.date_updated_gt,
            ),
        ] {
            if let Some(text) = value {
                let ms = date_ms(text).ok_or_else(|| {
                    gandi_fault::data(
                        DataFaultObject::Date,
                        DataFaultCause::Syntax,
                        &format!(
                            "opts.{wire}: `{}` is not a date-time; expected one of the layouts {}",
                            text.as_str(),
                            DateTimeOrString::LAYOUTS.join(", ")
                        ),
                    )
                })?;
                // Stored times have milliseconds, the wire seconds: compare whole seconds.
                let (cmp, bound) = match cmp {
                    Cmp::Lt => (Cmp::Lt, ms),
                    Cmp::Gt => (Cmp::Gt, ms + 999),
                    Cmp::Eq => {
                        query.conditions.push((
                            column.clone(),
                            Cmp::Gt,
                            vec![SqlValue::Integer(ms - 1)],
                        ));
                        (Cmp::Lt, ms + 1000)
                    }
                };
                query
                    .conditions
                    .push((column, cmp, vec![SqlValue::Integer(bound)]));
            }
        }
        let ints_of = [
            ("cert_id", opts.cert_id.as_ref().map(ints)),
            (
                "contact_id",
                opts.contact_id.map(|i| vec![SqlValue::Integer(i)]),
            ),
            ("disk_id", opts.disk_id.map(|i| vec![SqlValue::Integer(i)])),
            (
                "iface_id",
                opts.iface_id.map(|i| vec![SqlValue::Integer(i)]),
            ),
            ("mbox_id", opts.mbox_id.map(|i| vec![SqlValue::Integer(i)])),
            ("paas_id", opts.paas_id.map(|i| vec![SqlValue::Integer(i)])),
            ("site_id", opts.site_id.map(|i| vec![SqlValue::Integer(i)])),
            (
                "vm_id",
                opts.vm_id.value().map(|i| vec![SqlValue::Integer(*i)]),
            ),
        ];
        for (name, values) in ints_of {
            if let Some(values) = values {
                eq(&mut query, Column::Param(name.into()), values);
            }
        }
        for (name, value) in [
            ("cert.hostname", &opts.cert_hostname),
            ("disk.name", &opts.disk_name),
            ("paas.name", &opts.paas_name),
            ("site.name", &opts.site_name),
            ("vm.hostname", &opts.vm_hostname),
        ] {
            if let Some(value) = value {
                eq(
                    &mut query,
                    Column::Param(name.into()),
                    vec![SqlValue::Text(value.clone())],
                );
            }
        }
        query.sort = opts.sort_by.as_ref().map(sort_column);
        if paged {
            let per_page = opts.items_per_page_or_default();
            let max = self.sandbox.config().max_items_per_page;
            if per_page > max {
                return Err(gandi_fault::data(
                    DataFaultObject::Integer,
                    DataFaultCause::Value,
                    &format!(
                        "opts.items_per_page: {per_page} is above this sandbox's limit; expected at most {max}"
                    ),
                ));
            }
            query.limit = Some(per_page);
            query.offset = opts.page_or_default().saturating_mul(per_page);
        }
        Ok(query)
    }
}

/// The store column a `sort_by` key sorts on.
fn sort_column(key: &SortKey) -> Column {
    match key {
        SortKey::Id => Column::Id,
        SortKey::Step => Column::State,
        SortKey::Type => Column::Kind,
        SortKey::Domain => Column::Target,
        SortKey::DateCreated => Column::Created,
        SortKey::DateStart => Column::Started,
        SortKey::DateUpdated => Column::Updated,
        other => Column::Param(other.as_str().to_string()),
    }
}

fn date_ms(value: &DateTimeOrString) -> Option<i64> {
    Some(value.datetime()?.as_naive().and_utc().timestamp_millis())
}

fn find(tx: &rusqlite::Connection, id: i64) -> Result<OpRow, CoreError> {
    rows::get(tx, Vendor::Gandi, id)?.ok_or_else(|| CoreError::NotFound(format!("operation {id}")))
}

/// The `OperationListReturn` of a stored operation at `now_ms`.
pub fn to_return(row: &OpRow, now_ms: i64) -> OperationListReturn {
    // Gandi sends `errortype` as nil for an operation not in error.
    let errortype = match &row.error_id {
        Some(id) => {
            let id = ErrorId::from(id.as_str());
            Nullable::Value(ErrorType {
                r#type: Some(id.class().unwrap_or(ErrorClass::Unknown)),
                id: Some(id),
                ..Default::default()
            })
        }
        None => Nullable::Null,
    };
    let (family, action) = row.kind.split_once('_').unwrap_or((row.kind.as_str(), ""));
    let tld = row.target.rsplit('.').next().unwrap_or_default();
    let infos = OperationDetails {
        label: Some(row.target.clone()),
        product_action: Some(action.to_string()),
        product_name: Some(tld.to_string()),
        product_type: Some(family.to_string()),
        quantity: Some(Value::Int(1)),
        ..Default::default()
    };
    let params: Map = serde_json::from_str(&row.params).unwrap_or_default();
    // Resource ids the operation's parameters name are also members of the result.
    let resource = |name: &str| match params.get(name).and_then(Value::as_i64) {
        Some(id) => Nullable::Value(id),
        None => Nullable::Absent,
    };
    OperationListReturn {
        cert_id: resource("cert_id"),
        vm_id: resource("vm_id"),
        id: row.id,
        r#type: OperationType::from(row.kind.as_str()),
        step: Step::from(row.state.as_str()),
        date_created: to_datetime(row.created_ms),
        date_updated: to_datetime(row.updated_ms),
        // An empty string until the operation starts, as Gandi sends it.
        date_start: row
            .started_ms
            .map_or(Nullable::Empty, |ms| Nullable::Value(to_datetime(ms))),
        eta: Some(row.due_ms.map_or(0, |due| (due - now_ms).max(0) / 1000)),
        errortype,
        infos: Some(OneOrMany::Many(vec![infos])),
        last_error: Nullable::Value(row.last_error.clone()),
        params: Some(params),
        session_id: Some(1),
        source: Some(SOURCE.to_string()),
        extra_fields: Map::new(),
    }
}
