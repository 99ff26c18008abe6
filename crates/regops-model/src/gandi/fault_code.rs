//! Gandi v3 fault codes: qualification, object and cause.
//!
//! A Gandi `faultCode` is a six-digit integer `Q OOO CC`: qualification = `code / 100000`
//! (1 server error, 5 data error), object = `code % 100000 / 100`, cause = `code % 100`.
//! The names are the enums `schema/gandi-fault.xml` declares ([`FaultQualification`],
//! [`ServerFaultObject`], [`ServerFaultCause`], [`DataFaultObject`], [`DataFaultCause`]); this
//! file only does the arithmetic, which the schema language cannot say.

use std::fmt;

use super::{
    DataFaultCause, DataFaultObject, ErrorClass, FaultQualification, ServerFaultCause,
    ServerFaultObject,
};

/// A Gandi v3 fault code split into qualification, object and cause, named after the
/// schema's tables.
///
/// ```
/// use regops_model::gandi::{DataFaultCause, DataFaultObject, FaultCode, FaultQualification};
///
/// let code = FaultCode::from(510042);
/// assert_eq!(code.qualification(), FaultQualification::Data);
/// assert_eq!((code.object(), code.object_name()), (100, Some("domain")));
/// assert_eq!((code.cause(), code.cause_name()), (42, Some("notfound")));
/// assert_eq!(code.data_object(), Some(DataFaultObject::Domain));
/// assert_eq!(code.data_cause(), Some(DataFaultCause::Notfound));
/// assert_eq!(code.to_string(), "data error: object domain (100), cause notfound (42)");
/// assert_eq!(FaultCode::data(&DataFaultObject::Domain, &DataFaultCause::Notfound), code);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FaultCode {
    code: i32,
}

impl FaultCode {
    /// A data error (qualification 5) about `object`, for `cause`.
    pub fn data(object: &DataFaultObject, cause: &DataFaultCause) -> Self {
        Self::compose(5, object.as_str(), cause.as_str())
    }

    /// A server error (qualification 1) of `object`, for `cause`.
    pub fn server(object: &ServerFaultObject, cause: &ServerFaultCause) -> Self {
        Self::compose(1, object.as_str(), cause.as_str())
    }

    /// `Q OOO CC` from the wire values of the tables, which are the digits of each part.
    fn compose(qualification: i32, object: &str, cause: &str) -> Self {
        let number = |wire: &str| wire.parse::<i32>().unwrap_or(0);
        Self {
            code: qualification * 100_000 + number(object) % 1000 * 100 + number(cause) % 100,
        }
    }

    /// The code as sent on the wire.
    pub const fn code(self) -> i32 {
        self.code
    }

    const fn magnitude(self) -> u32 {
        self.code.unsigned_abs()
    }

    const fn qualification_digit(self) -> u32 {
        self.magnitude() / 100_000
    }

    /// `code / 100000`: server or data error; another digit is kept as an unrecognized value.
    pub fn qualification(self) -> FaultQualification {
        match self.qualification_digit() {
            1 => FaultQualification::Server,
            5 => FaultQualification::Data,
            q => FaultQualification::from(q.to_string()),
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

    fn object_wire(self) -> String {
        format!("{:03}", self.object())
    }

    fn cause_wire(self) -> String {
        format!("{:02}", self.cause())
    }

    /// The object of a server error, as the schema's enum.
    pub fn server_object(self) -> Option<ServerFaultObject> {
        (self.qualification_digit() == 1).then(|| ServerFaultObject::from(self.object_wire()))
    }

    /// The cause of a server error, as the schema's enum.
    pub fn server_cause(self) -> Option<ServerFaultCause> {
        (self.qualification_digit() == 1).then(|| ServerFaultCause::from(self.cause_wire()))
    }

    /// The object of a data error, as the schema's enum.
    pub fn data_object(self) -> Option<DataFaultObject> {
        (self.qualification_digit() == 5).then(|| DataFaultObject::from(self.object_wire()))
    }

    /// The cause of a data error, as the schema's enum.
    pub fn data_cause(self) -> Option<DataFaultCause> {
        (self.qualification_digit() == 5).then(|| DataFaultCause::from(self.cause_wire()))
    }

    /// The name of [`object`](Self::object) in the schema's tables, if it has one.
    pub fn object_name(self) -> Option<&'static str> {
        match self.qualification_digit() {
            1 => self.server_object()?.label(),
            5 => self.data_object()?.label(),
            _ => None,
        }
    }

    /// What a client does about the fault: the [`ErrorClass`] the schema maps its cause to
    /// ([`ServerFaultCause::class`], [`DataFaultCause::class`]); `None` for a qualification or
    /// a cause the schema does not know. Only `temporary` faults are worth repeating.
    ///
    /// ```
    /// use regops_model::gandi::{ErrorClass, FaultCode};
    /// assert_eq!(FaultCode::from(160_004).class(), Some(ErrorClass::Temporary)); // service, toomany
    /// assert_eq!(FaultCode::from(510_242).class(), Some(ErrorClass::ClientRecoverable)); // operation, notfound
    /// assert_eq!(FaultCode::from(42).class(), None);
    /// ```
    pub fn class(self) -> Option<ErrorClass> {
        match self.qualification_digit() {
            1 => self.server_cause()?.class(),
            5 => self.data_cause()?.class(),
            _ => None,
        }
    }

    /// The name of [`cause`](Self::cause) in the schema's tables, if it has one.
    pub fn cause_name(self) -> Option<&'static str> {
        match self.qualification_digit() {
            1 => self.server_cause()?.label(),
            5 => self.data_cause()?.label(),
            _ => None,
        }
    }
}

impl From<i32> for FaultCode {
    fn from(code: i32) -> Self {
        FaultCode { code }
    }
}

/// `data error: object domain (100), cause notfound (42)`.
impl fmt::Display for FaultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.qualification().label() {
            Some(label) => f.write_str(label)?,
            None => write!(
                f,
                "unknown error (qualification {})",
                self.qualification_digit()
            )?,
        }
        write!(
            f,
            ": object {} ({}), cause {} ({})",
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
            let code = FaultCode::from(500_000 + wire.parse::<i32>().unwrap() * 100);
            assert_eq!(code.data_object().unwrap().as_str(), *wire);
            assert!(code.object_name().is_some(), "{wire}");
        }
        for wire in DataFaultCause::VALUES {
            let code = FaultCode::from(500_000 + wire.parse::<i32>().unwrap());
            assert!(code.cause_name().is_some(), "{wire}");
        }
        for wire in ServerFaultObject::VALUES {
            let code = FaultCode::from(100_000 + wire.parse::<i32>().unwrap() * 100);
            assert!(code.object_name().is_some(), "{wire}");
        }
        assert_eq!(
            FaultCode::from(510_042).qualification(),
            FaultQualification::Data
        );
    }

    #[test]
    fn server_codes() {
        let c = FaultCode::from(140_004);
        assert_eq!(c.qualification(), FaultQualification::Server);
        assert_eq!(c.object_name(), Some("system"));
        assert_eq!(c.cause_name(), Some("toomany"));
        let c = FaultCode::from(160_105);
        assert_eq!(c.object_name(), Some("comodo_api"));
        assert_eq!(c.cause_name(), Some("unavailable"));
        assert_eq!(
            FaultCode::server(&ServerFaultObject::ComodoApi, &ServerFaultCause::Unavailable),
            c
        );
    }

    #[test]
    fn unknown_codes() {
        let c = FaultCode::from(1);
        assert!(!c.qualification().is_recognized());
        assert_eq!(c.qualification().as_str(), "0");
        assert_eq!(c.object_name(), None);
        assert_eq!(
            c.to_string(),
            "unknown error (qualification 0): object ? (0), cause ? (1)"
        );
        let c = FaultCode::from(i32::MIN);
        assert_eq!(c.qualification().as_str(), "21474");
        let c = FaultCode::from(599_999);
        assert_eq!((c.object_name(), c.cause_name()), (None, Some("toomany")));
        assert_eq!(FaultCode::from(-510_042).data_object(), Some(DataFaultObject::Domain));
    }
}
