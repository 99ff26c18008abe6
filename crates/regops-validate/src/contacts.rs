//! Netim contact roles: the registrant of a domain is an owner contact (`isOwner` 1), and its
//! administrative, technical and billing contacts are simple contacts (`isOwner` 0).

use regops_model::netim::Contact;

use crate::{Report, Severity, Validator, ViolationCode};

/// The role a contact is given on a domain (`idOwner`, `idAdmin`, `idTech`, `idBilling`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactRole {
    /// The registrant (`idOwner`): must be an owner contact.
    Owner,
    /// Administrative contact: must be a simple contact.
    Admin,
    /// Technical contact: must be a simple contact.
    Tech,
    /// Billing contact: must be a simple contact.
    Billing,
}

impl ContactRole {
    /// The path root used in reports (`owner`, `admin`, `tech`, `billing`).
    pub fn as_str(self) -> &'static str {
        match self {
            ContactRole::Owner => "owner",
            ContactRole::Admin => "admin",
            ContactRole::Tech => "tech",
            ContactRole::Billing => "billing",
        }
    }
}

/// Records into `v` whether `contact` may take `role` (code `owner_contact`, at `isOwner`).
///
/// An absent `isOwner` means a simple contact, Netim's default.
pub fn check_role(contact: &Contact, role: ContactRole, v: &mut Validator<'_>) {
    let is_owner = contact.is_owner.unwrap_or(0) == 1;
    let message = match role {
        ContactRole::Owner if !is_owner => {
            "the registrant must be an owner contact; expected isOwner 1"
        }
        ContactRole::Admin | ContactRole::Tech | ContactRole::Billing if is_owner => {
            "an administrative, technical or billing contact must be a simple contact; expected isOwner 0"
        }
        _ => return,
    };
    v.at("isOwner", |v| {
        v.record(
            Severity::Error,
            ViolationCode::OwnerContact,
            message.to_string(),
            Some("registrant_is_owner"),
        );
    });
}

/// Validates the four contacts of a domain: each one's own rules (paths under `owner`,
/// `admin`, `tech`, `billing`) and its role.
pub fn validate_domain_contacts(
    owner: &Contact,
    admin: &Contact,
    tech: &Contact,
    billing: &Contact,
) -> Report {
    use crate::Validate;
    let mut report = Report::new();
    for (contact, role) in [
        (owner, ContactRole::Owner),
        (admin, ContactRole::Admin),
        (tech, ContactRole::Tech),
        (billing, ContactRole::Billing),
    ] {
        let mut v = Validator::new(&mut report, role.as_str());
        contact.validate_into(&mut v);
        check_role(contact, role, &mut v);
    }
    report
}
