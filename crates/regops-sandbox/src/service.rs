//! The sandbox as the generated service traits see it: [`GandiService`] and [`NetimService`]
//! (`regops-service`, generated from the schema) are implemented here by handing the typed
//! parameters to the sandbox's vendor layers. The generated `dispatch` functions route every
//! request to these methods: nothing in the sandbox matches on a method name.

use regops_model::gandi::{
    OperationCancelParams, OperationCountParams, OperationInfoParams, OperationListParams,
    OperationListReturn, OperationRelaunchParams,
};
use regops_model::netim::{self as model, Nameserver};
use regops_model::{ApiKey, IntOrDigits};
use regops_service::gandi::GandiService;
use regops_service::netim::NetimService;
use regops_service::rest::{self, BasicCredentials, BearerToken};
use regops_xmlrpc::Fault;

use crate::sandbox::Sandbox;
use crate::vendor::netim::{DomainChange, NetimError};

impl GandiService for Sandbox {
    type Caller = ();

    async fn authenticate(&self, api_key: &ApiKey) -> Result<(), Fault> {
        self.gandi().authenticate(api_key)
    }

    async fn operation_cancel(&self, (): (), p: OperationCancelParams) -> Result<bool, Fault> {
        self.gandi().operation_cancel(&p)
    }

    async fn operation_count(&self, (): (), p: OperationCountParams) -> Result<i64, Fault> {
        self.gandi().operation_count(&p)
    }

    async fn operation_info(
        &self,
        (): (),
        p: OperationInfoParams,
    ) -> Result<OperationListReturn, Fault> {
        self.gandi().operation_info(&p)
    }

    async fn operation_list(
        &self,
        (): (),
        p: OperationListParams,
    ) -> Result<Vec<OperationListReturn>, Fault> {
        self.gandi().operation_list(&p)
    }

    async fn operation_relaunch(&self, (): (), p: OperationRelaunchParams) -> Result<bool, Fault> {
        self.gandi().operation_relaunch(&p)
    }
}

impl From<NetimError> for rest::Error {
    fn from(e: NetimError) -> Self {
        let error = rest::Error::new(e.status, e.message);
        match e.retry_after {
            Some(secs) => error.with_retry_after(secs),
            None => error,
        }
    }
}

/// The first error of the generated validator of `params`, as a 400.
fn validated<T: regops_validate::Validate>(params: &T) -> Result<(), rest::Error> {
    match regops_validate::netim::error_body(&params.validate()) {
        Some(message) => Err(rest::Error::bad_request(message)),
        None => Ok(()),
    }
}

/// A domain name, checked, in the one form the sandbox keeps ([`crate::name::qualified`]).
fn domain_name(domain: &str) -> Result<String, rest::Error> {
    crate::name::qualified(domain).map_err(|why| {
        rest::Error::bad_request(format!("domain: `{domain}` is not a domain name: {why}"))
    })
}

/// Name servers by position (`"1"`, `"2"`, …), in position order.
fn nameservers(
    by_position: &std::collections::BTreeMap<String, Nameserver>,
) -> Result<Vec<String>, rest::Error> {
    let mut items = Vec::with_capacity(by_position.len());
    for (position, ns) in by_position {
        let n: u32 = position.parse().map_err(|_| {
            rest::Error::bad_request(format!(
                "nameservers.{position}: expected a position 1, 2, …"
            ))
        })?;
        let name = crate::name::qualified(&ns.name).map_err(|why| {
            rest::Error::bad_request(format!(
                "nameservers.{position}.name: `{}` is not a host name: {why}",
                ns.name
            ))
        })?;
        items.push((n, name));
    }
    items.sort();
    Ok(items.into_iter().map(|(_, name)| name).collect())
}

fn in_range(
    name: &str,
    value: &IntOrDigits,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, rest::Error> {
    let v = value.value();
    if range.contains(&v) {
        Ok(v)
    } else {
        Err(rest::Error::bad_request(format!(
            "{name}: {v} is out of range; expected {} to {}",
            range.start(),
            range.end()
        )))
    }
}

fn contacts(owner: &str, admin: &str, tech: &str, billing: &str) -> [String; 4] {
    [owner, admin, tech, billing].map(str::to_string)
}

/// A host name, checked, in the one form the sandbox keeps ([`crate::name::qualified`]).
fn host_name(name: &str) -> Result<String, rest::Error> {
    crate::name::qualified(name).map_err(|why| {
        rest::Error::bad_request(format!("host: `{name}` is not a host name: {why}"))
    })
}

/// Checks a host's addresses with the schema's `Host` validator (13 at most, formats).
fn host_change(ipv4: &[String], ipv6: &[String]) -> Result<DomainChange, rest::Error> {
    let host = model::Host {
        host: "host.example".into(),
        ipv4: Some(ipv4.to_vec()),
        ipv6: Some(ipv6.to_vec()),
        extra_fields: regops_model::Map::new(),
    };
    validated(&host)?;
    Ok(DomainChange::HostSet {
        ipv4: ipv4.to_vec(),
        ipv6: ipv6.to_vec(),
    })
}

impl NetimService for Sandbox {
    /// The session's token.
    type Caller = String;

    async fn authenticate(&self, token: &BearerToken) -> Result<String, rest::Error> {
        self.netim().check_session(token.expose_secret())?;
        Ok(token.expose_secret().to_string())
    }

    async fn query_ope(
        &self,
        _: String,
        p: model::QueryOpeParams,
    ) -> Result<model::OperationResponse, rest::Error> {
        Ok(self.netim().query_ope(p.id_ope)?)
    }

    async fn query_ope_pending(
        &self,
        _: String,
        _: model::QueryOpePendingParams,
    ) -> Result<Vec<model::PendingOperation>, rest::Error> {
        Ok(self.netim().query_ope_pending()?)
    }

    async fn cancel_ope(&self, _: String, p: model::CancelOpeParams) -> Result<(), rest::Error> {
        Ok(self.netim().cancel_ope(p.id_ope)?)
    }

    async fn domain_create(
        &self,
        _: String,
        p: model::DomainCreateParams,
    ) -> Result<model::OperationResponse, rest::Error> {
        validated(&p)?;
        let domain = domain_name(&p.domain)?;
        let change = DomainChange::Create {
            contacts: contacts(&p.id_owner, &p.id_admin, &p.id_tech, &p.id_billing),
            ns: nameservers(&p.nameservers)?,
            duration: in_range("duration", &p.duration, 1..=10)?,
        };
        Ok(self
            .netim()
            .submit("domainCreate", &domain, change, false)?)
    }

    async fn domain_transfer_in(
        &self,
        _: String,
        p: model::DomainTransferInParams,
    ) -> Result<model::OperationResponse, rest::Error> {
        validated(&p)?;
        let domain = domain_name(&p.domain)?;
        let change = DomainChange::TransferIn {
            contacts: contacts(&p.id_owner, &p.id_admin, &p.id_tech, &p.id_billing),
            ns: nameservers(&p.nameservers)?,
        };
        Ok(self
            .netim()
            .submit("domainTransferIn", &domain, change, false)?)
    }

    async fn domain_transfer_owner(
        &self,
        _: String,
        p: model::DomainTransferOwnerParams,
    ) -> Result<model::OperationResponse, rest::Error> {
        let domain = domain_name(&p.domain)?;
        let change = DomainChange::TransferOwner { owner: p.id_owner };
        Ok(self
            .netim()
            .submit("domainTransferOwner", &domain, change, false)?)
    }

    async fn domain_change_dns(
        &self,
        _: String,
        p: model::DomainChangeDnsParams,
    ) -> Result<model::OperationResponse, rest::Error> {
        validated(&p)?;
        let domain = domain_name(&p.domain)?;
        let change = DomainChange::ChangeDns {
            ns: nameservers(&p.nameservers)?,
        };
        Ok(self
            .netim()
            .submit("domainChangeDNS", &domain, change, true)?)
    }

    async fn domain_info_query(
        &self,
        _: String,
        p: model::DomainInfoQueryParams,
    ) -> Result<model::DomainInfo, rest::Error> {
        Ok(self.netim().domain_info(&domain_name(&p.domain)?)?)
    }

    async fn domain_set_preference(
        &self,
        _: String,
        p: model::DomainSetPreferenceParams,
    ) -> Result<model::OperationResponse, rest::Error> {
        validated(&p)?;
        let domain = domain_name(&p.domain)?;
        if !p.code_pref.is_recognized() {
            return Err(rest::Error::bad_request(format!(
                "codePref: unknown preference `{}`; expected one of {}",
                p.code_pref.as_str(),
                model::PreferenceCode::VALUES.join(", ")
            )));
        }
        let change = DomainChange::Preference {
            code: p.code_pref.as_str().to_string(),
            value: p.value,
        };
        Ok(self
            .netim()
            .submit("domainSetPreference", &domain, change, true)?)
    }

    async fn domain_set_dns_sec(
        &self,
        _: String,
        p: model::DomainSetDnsSecParams,
    ) -> Result<model::OperationResponse, rest::Error> {
        let domain = domain_name(&p.domain)?;
        let enable = in_range("enable", &p.enable, 0..=1)? == 1;
        Ok(self.netim().submit(
            "domainSetDNSSec",
            &domain,
            DomainChange::DnsSec { enable },
            true,
        )?)
    }

    async fn domain_auth_id(
        &self,
        _: String,
        p: model::DomainAuthIdParams,
    ) -> Result<model::OperationResponse, rest::Error> {
        let domain = domain_name(&p.domain)?;
        for (name, value) in [
            ("sendto", &p.sendto),
            ("sendtoregistrant", &p.sendtoregistrant),
        ] {
            if let Some(value) = value {
                in_range(name, value, 0..=2)?;
            }
        }
        Ok(self
            .netim()
            .submit("domainAuthID", &domain, DomainChange::AuthId, true)?)
    }

    async fn domain_zone_init(
        &self,
        _: String,
        p: model::DomainZoneInitParams,
    ) -> Result<model::OperationResponse, rest::Error> {
        let domain = domain_name(&p.domain)?;
        let change = DomainChange::ZoneInit {
            template: p.template_dns,
        };
        Ok(self
            .netim()
            .submit("domainZoneInit", &domain, change, true)?)
    }

    async fn contact_create(
        &self,
        _: String,
        p: model::ContactCreateParams,
    ) -> Result<String, rest::Error> {
        if let Some(name) = p.contact.extra_fields.keys().next() {
            return Err(rest::Error::bad_request(format!(
                "contact.{name}: unknown member of StructContact"
            )));
        }
        Ok(self.netim().contact_create(&p.contact)?)
    }

    async fn contact_info(
        &self,
        _: String,
        p: model::ContactInfoParams,
    ) -> Result<model::Contact, rest::Error> {
        Ok(self.netim().contact_info(&p.id_contact)?)
    }

    async fn host_create(
        &self,
        _: String,
        p: model::HostCreateParams,
    ) -> Result<model::OperationResponse, rest::Error> {
        let host = host_name(&p.host)?;
        let change = host_change(&p.ipv4, &p.ipv6)?;
        Ok(self.netim().submit("hostCreate", &host, change, true)?)
    }

    async fn host_update(
        &self,
        _: String,
        p: model::HostUpdateParams,
    ) -> Result<model::OperationResponse, rest::Error> {
        let host = host_name(&p.host)?;
        let change = host_change(&p.ipv4, &p.ipv6)?;
        Ok(self.netim().submit("hostUpdate", &host, change, true)?)
    }

    async fn host_delete(
        &self,
        _: String,
        p: model::HostDeleteParams,
    ) -> Result<model::OperationResponse, rest::Error> {
        let host = host_name(&p.host)?;
        Ok(self
            .netim()
            .submit("hostDelete", &host, DomainChange::HostDelete, true)?)
    }

    async fn session_open(
        &self,
        credentials: BasicCredentials,
        _: model::SessionOpenParams,
    ) -> Result<model::SessionOpened, rest::Error> {
        let token = self
            .netim()
            .open_session(credentials.login(), credentials.expose_secret())?;
        Ok(model::SessionOpened {
            access_token: token,
            extra_fields: regops_model::Map::new(),
        })
    }

    async fn session_close(
        &self,
        token: String,
        _: model::SessionCloseParams,
    ) -> Result<(), rest::Error> {
        Ok(self.netim().close_session(&token)?)
    }
}
