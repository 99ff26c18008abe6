//! Gandi v3 fault codes: qualification, object and cause.
//!
//! A Gandi `faultCode` is a six-digit integer `Q OOO CC`: qualification = `code / 100000`
//! (1 server error, 5 data error), object = `code % 100000 / 100`, cause = `code % 100`.
//! The names of the objects and causes are the enums the schema declares
//! (`schema/gandi-fault.xml` → `regops_model::gandi::{FaultQualification, ServerFaultObject,
//! ServerFaultCause, DataFaultObject, DataFaultCause}`); this module only splits the number.

use std::fmt;

use regops_model::gandi::{
    DataFaultCause, DataFaultObject, FaultQualification, ServerFaultCause, ServerFaultObject,
};

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

/// A Gandi v3 fault code split into qualification, object and cause, named after the
/// schema's tables.
///
/// ```
/// use regops_xmlrpc::{GandiFaultCode, GandiQualification};
/// use regops_model::gandi::{DataFaultCause, DataFaultObject};
/// let code = GandiFaultCode::from(510042);
/// assert_eq!(code.qualification(), GandiQualification::Data);
/// assert_eq!((code.object(), code.object_name()), (100, Some("domain")));
/// assert_eq!((code.cause(), code.cause_name()), (42, Some("notfound")));
/// assert_eq!(code.data_object(), Some(DataFaultObject::Domain));
/// assert_eq!(code.data_cause(), Some(DataFaultCause::Notfound));
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

    /// The qualification as the schema's enum (its wire value is the digit).
    pub fn fault_qualification(self) -> FaultQualification {
        FaultQualification::from((self.magnitude() / 100_000).to_string())
    }

    /// `code % 100000 / 100`: the object the error is about.
    pub const fn object(self) -> u32 {
        self.magnitude() % 100_000 / 100
    }

    /// `code % 100`: the cause.
    pub const fn cause(self) -> u32 {
        self.magnitude() % 100
    }

    fn object_wire(self) -> String {
        format!("{:03}", self.object())
    }

    fn cause_wire(self) -> String {
        format!("{:02}", self.cause())
    }

    /// The object of a server error, as the schema's enum.
    pub fn server_object(self) -> Option<ServerFaultObject> {
        (self.qualification() == GandiQualification::Server)
            .then(|| ServerFaultObject::from(self.object_wire()))
    }

    /// The cause of a server error, as the schema's enum.
    pub fn server_cause(self) -> Option<ServerFaultCause> {
        (self.qualification() == GandiQualification::Server)
            .then(|| ServerFaultCause::from(self.cause_wire()))
    }

    /// The object of a data error, as the schema's enum.
    pub fn data_object(self) -> Option<DataFaultObject> {
        (self.qualification() == GandiQualification::Data)
            .then(|| DataFaultObject::from(self.object_wire()))
    }

    /// The cause of a data error, as the schema's enum.
    pub fn data_cause(self) -> Option<DataFaultCause> {
        (self.qualification() == GandiQualification::Data)
            .then(|| DataFaultCause::from(self.cause_wire()))
    }

    /// The name of [`object`](Self::object) in the schema's tables, if it has one.
    pub fn object_name(self) -> Option<&'static str> {
        match self.qualification() {
            GandiQualification::Server => self.server_object()?.label(),
            GandiQualification::Data => self.data_object()?.label(),
            GandiQualification::Unknown(_) => None,
        }
    }

    /// The name of [`cause`](Self::cause) in the schema's tables, if it has one.
    pub fn cause_name(self) -> Option<&'static str> {
        match self.qualification() {
            GandiQualification::Server => self.server_cause()?.label(),
            GandiQualification::Data => self.data_cause()?.label(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_value_of_the_schema_is_reachable() {
        for wire in DataFaultObject::VALUES {
            let code = GandiFaultCode::from(500_000 + wire.parse::<i32>().unwrap() * 100);
            assert_eq!(code.data_object().unwrap().as_str(), *wire);
            assert!(code.object_name().is_some(), "{wire}");
        }
        for wire in DataFaultCause::VALUES {
            let code = GandiFaultCode::from(500_000 + wire.parse::<i32>().unwrap());
            assert!(code.cause_name().is_some(), "{wire}");
        }
        for wire in ServerFaultObject::VALUES {
            let code = GandiFaultCode::from(100_000 + wire.parse::<i32>().unwrap() * 100);
            assert!(code.object_name().is_some(), "{wire}");
        }
        assert_eq!(
            GandiFaultCode::from(510_042).fault_qualification(),
            FaultQualification::Data
        );
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
