//! Gandi v3 fault codes: qualification, object and cause.
//!
//! **Interim home.** These tables belong in the schema (issue 5 asks for them to be declared
//! there and generated into the model); until the schema language and generator can declare
//! them, they live here, in one clearly marked place. They come from
//! `shared/reference/vendor-facts.md` §1.8 (ruby-gandi's `lib/gandi/fault_code/server.rb` and
//! `data.rb`, the only public copy of Gandi's fault-code tables).
//!
//! A Gandi `faultCode` is a six-digit integer `Q OOO CC`: qualification = `code / 100000`
//! (1 server error, 5 data error), object = `code % 100000 / 100`, cause = `code % 100`.

use std::fmt;

/// The first digit of a Gandi fault code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GandiQualification {
    /// `1`: an error inside Gandi (database, registries, network, …).
    Server,
    /// `5`: an error in the data sent (bad parameter, unknown object, …).
    Data,
    /// Any other qualification.
    Unknown(u32),
}

impl fmt::Display for GandiQualification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GandiQualification::Server => f.write_str("server error"),
            GandiQualification::Data => f.write_str("data error"),
            GandiQualification::Unknown(q) => write!(f, "unknown error (qualification {q})"),
        }
    }
}

/// A Gandi v3 fault code split into qualification, object and cause.
///
/// ```
/// use regops_xmlrpc::{GandiFaultCode, GandiQualification};
/// let code = GandiFaultCode::from(510042);
/// assert_eq!(code.qualification(), GandiQualification::Data);
/// assert_eq!((code.object(), code.object_name()), (100, Some("domain")));
/// assert_eq!((code.cause(), code.cause_name()), (42, Some("notfound")));
/// assert_eq!(code.to_string(), "data error: object domain (100), cause notfound (42)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GandiFaultCode {
    code: i32,
}

impl GandiFaultCode {
    /// The code as received.
    pub const fn code(self) -> i32 {
        self.code
    }

    const fn magnitude(self) -> u32 {
        self.code.unsigned_abs()
    }

    /// `code / 100000`: server or data error.
    pub const fn qualification(self) -> GandiQualification {
        match self.magnitude() / 100_000 {
            1 => GandiQualification::Server,
            5 => GandiQualification::Data,
            q => GandiQualification::Unknown(q),
        }
    }

    /// `code % 100000 / 100`: the object the error is about.
    pub const fn object(self) -> u32 {
        self.magnitude() % 100_000 / 100
    }

    /// `code % 100`: the cause.
    pub const fn cause(self) -> u32 {
        self.magnitude() % 100
    }

    /// The name of [`object`](Self::object) in Gandi's tables, if it has one.
    pub fn object_name(self) -> Option<&'static str> {
        match self.qualification() {
            GandiQualification::Server => lookup(SERVER_OBJECTS, self.object()),
            GandiQualification::Data => lookup(DATA_OBJECTS, self.object()),
            GandiQualification::Unknown(_) => None,
        }
    }

    /// The name of [`cause`](Self::cause) in Gandi's tables, if it has one.
    pub fn cause_name(self) -> Option<&'static str> {
        match self.qualification() {
            GandiQualification::Server => lookup(SERVER_CAUSES, self.cause()),
            GandiQualification::Data => lookup(DATA_CAUSES, self.cause()),
            GandiQualification::Unknown(_) => None,
        }
    }
}

impl From<i32> for GandiFaultCode {
    fn from(code: i32) -> Self {
        GandiFaultCode { code }
    }
}

impl fmt::Display for GandiFaultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: object {} ({}), cause {} ({})",
            self.qualification(),
            self.object_name().unwrap_or("?"),
            self.object(),
            self.cause_name().unwrap_or("?"),
            self.cause()
        )
    }
}

fn lookup(table: &'static [(u32, &'static str)], key: u32) -> Option<&'static str> {
    table
        .binary_search_by_key(&key, |&(k, _)| k)
        .ok()
        .map(|i| table[i].1)
}

#[rustfmt::skip]
const SERVER_OBJECTS: &[(u32, &str)] = &[
    (0, "unknown"), (100, "database"), (200, "registries"), (300, "network"), (400, "system"),
    (500, "application"), (600, "service"), (601, "comodo_api"),
];
#[rustfmt::skip]
const SERVER_CAUSES: &[(u32, &str)] = &[
    (0, "unknown"), (4, "toomany"), (5, "unavailable"), (10, "connection"), (20, "query"),
    (30, "conf"),
];
#[rustfmt::skip]
const DATA_OBJECTS: &[(u32, &str)] = &[
    (0, "unknown"), (1, "password"), (2, "session"), (3, "login"), (10, "integer"),
    (11, "boolean"), (12, "string"), (13, "date"), (14, "list"), (15, "struct"), (16, "method"),
    (17, "key"), (18, "float"), (19, "duration"), (50, "email"), (51, "url"), (52, "fqdn"),
    (53, "ipv4"), (54, "web_redirection"), (55, "transfer"), (56, "transferout"), (57, "ipv6"),
    (58, "cidr"), (100, "domain"), (101, "account"), (102, "operation"), (103, "mailbox"),
    (104, "forward"), (105, "mailzone"), (106, "host"), (107, "status"), (108, "dnssec_key"),
    (109, "mail"), (110, "reachability"), (111, "claims"), (140, "company_name"),
    (141, "body_name"), (142, "association_name"), (150, "phone"), (151, "french_department"),
    (152, "country_code"), (153, "contact_type"), (154, "contact_class"), (155, "iso_language"),
    (156, "contact_lang"), (157, "state_code"), (160, "auth_code"), (161, "contact"),
    (162, "corpo"), (163, "lang"), (164, "registry"), (165, "eoi"), (166, "tld"), (167, "phase"),
    (168, "changeowner"), (169, "reseller"), (170, "sudo"), (200, "redirection_type"),
    (201, "buyrenew_period"), (210, "autorenew"), (211, "prepaid"), (212, "transaction"),
    (220, "packmail"), (230, "document"), (231, "documentrequest"), (232, "ssl"), (233, "country"),
    (234, "auto_credit"), (235, "smd"), (236, "zip"), (237, "goodie"), (238, "autofoa"),
    (239, "delete"), (240, "foa"), (250, "operation_state"), (251, "operation_type"),
    (252, "operation_event"), (300, "hosting_account"), (302, "vm"), (303, "meta"), (304, "disk"),
    (305, "os"), (306, "meta_conf"), (307, "vm_conf"), (308, "vm_ip"), (309, "vm_shares"),
    (310, "flex"), (311, "flex_shares"), (312, "flex_date_start"), (313, "flex_date_end"),
    (314, "flex_op"), (315, "flex_action"), (316, "vm_trigger"), (317, "iface"), (318, "ip"),
    (319, "bandwidth"), (320, "lb"), (321, "lbserver"), (322, "lbfarm"), (323, "lblistener"),
    (324, "snapshot"), (325, "image"), (326, "lbconfiglistener"), (327, "datacenter"),
    (350, "hosting_account_status"), (351, "hosting_product"), (375, "paas"), (376, "virtualhost"),
    (377, "vlan"), (378, "snapshot_profile"), (379, "rproxy"), (401, "certificate"), (402, "csr"),
    (403, "package"), (404, "cn"), (405, "wildcard"), (406, "altname"), (407, "joi"),
    (408, "cert_ida"), (409, "dcv"), (600, "site"), (601, "site_host"), (602, "gandi_site_host"),
    (603, "user"), (604, "sitemaker_error"), (605, "site_host_ip"), (606, "site_offer"),
    (607, "site_name"), (608, "site_count"), (609, "site_key"), (700, "tva"), (701, "currency"),
    (702, "catalog_entry"), (703, "promo_code"), (704, "coupon_code"), (705, "pricer_duration"),
    (706, "pricer_quantity"), (707, "refund"), (708, "fee"), (709, "bill_item"), (710, "product"),
    (711, "bill"), (712, "payment"), (713, "action_type"), (714, "description"), (715, "quantity"),
    (716, "contact_pref"), (717, "domain_pref"), (718, "contract"), (719, "totp"), (720, "postit"),
    (721, "postit_object_type"), (722, "business_unit"), (723, "grid"), (724, "paymenttype"),
    (800, "dns_cname"), (801, "dns_txt"), (802, "dns_address"), (803, "dns_a"), (804, "dns_aaaa"),
    (805, "dns_mx"), (806, "dns_spf"), (810, "zone"), (811, "dns_record"),
];
#[rustfmt::skip]
const DATA_CAUSES: &[(u32, &str)] = &[
    (0, "unknown"), (1, "no_kernel"), (2, "cmdline_opt"), (10, "type"), (20, "syntax"),
    (23, "corporate"), (30, "value"), (31, "size"), (32, "expected"), (33, "unexpected"),
    (34, "identical"), (35, "quota_reached"), (36, "name"), (37, "badparameter"), (38, "hostname"),
    (39, "attached"), (40, "dontexist"), (41, "exist"), (42, "notfound"), (43, "no_result"),
    (44, "nothing_to_update"), (45, "position"), (46, "no_disk"), (47, "invalid_phase"),
    (48, "conf"), (49, "expired"), (50, "noright"), (51, "datacenter"), (52, "multiple_results"),
    (53, "query"), (54, "disabled"), (55, "price"), (56, "authinfo"), (60, "state"),
    (61, "order_not_done"), (62, "billed"), (63, "not_enough_money"), (64, "currency_mismatch"),
    (65, "quantity_or_period_null"), (66, "failure"), (67, "pending"), (68, "running"),
    (69, "attached_running"), (70, "incompatibility"), (71, "vm_meta_incompatibility"),
    (72, "os_meta_incompatibility"), (73, "metas_incompatibility"),
    (74, "vmshares_meta_incompatibility"), (75, "meta_dependencies"), (81, "not_configured"),
    (90, "invalid_step"), (91, "invalid"), (92, "invalid_resource"), (93, "currency"),
    (94, "epperror"), (95, "cannot_shrink"), (96, "ip_version_mismatch"), (97, "version"),
    (98, "not_attached"), (99, "toomany"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_for_binary_search() {
        for table in [SERVER_OBJECTS, SERVER_CAUSES, DATA_OBJECTS, DATA_CAUSES] {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
        }
    }

    #[test]
    fn server_codes() {
        let c = GandiFaultCode::from(140_004);
        assert_eq!(c.qualification(), GandiQualification::Server);
        assert_eq!(c.object_name(), Some("system"));
        assert_eq!(c.cause_name(), Some("toomany"));
        let c = GandiFaultCode::from(160_105);
        assert_eq!(c.object_name(), Some("comodo_api"));
        assert_eq!(c.cause_name(), Some("unavailable"));
    }

    #[test]
    fn unknown_codes() {
        let c = GandiFaultCode::from(1);
        assert_eq!(c.qualification(), GandiQualification::Unknown(0));
        assert_eq!(c.object_name(), None);
        assert_eq!(
            c.to_string(),
            "unknown error (qualification 0): object ? (0), cause ? (1)"
        );
        let c = GandiFaultCode::from(i32::MIN);
        assert_eq!(c.qualification(), GandiQualification::Unknown(21474));
        let c = GandiFaultCode::from(599_999);
        assert_eq!((c.object_name(), c.cause_name()), (None, Some("toomany")));
    }
}
