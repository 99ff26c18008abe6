//! XML-RPC faults.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

/// An XML-RPC fault: the `<fault>` of a `methodResponse`.
///
/// On the wire it is a struct with the members `faultCode` (int) and `faultString` (string);
/// `Serialize` and `Deserialize` use that shape, so a `Fault` can also travel as a value.
///
/// ```
/// use regops_xmlrpc::Fault;
/// let xml = regops_xmlrpc::write_fault(&Fault::new(515030, "Error on object : OBJECT_PHONE (CAUSE_VALUE)"));
/// let err = regops_xmlrpc::read_response::<i32>(&xml).unwrap_err();
/// let fault = err.fault().unwrap();
/// assert_eq!(fault.code, 515030);
/// ```
///
/// What a code means is vendor knowledge: Gandi's are read with
/// `regops_model::gandi::FaultCode::from(fault.code)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fault {
    /// `faultCode`.
    pub code: i32,
    /// `faultString`.
    pub string: String,
}

impl Fault {
    /// A fault with this code and message.
    pub fn new(code: i32, string: impl Into<String>) -> Self {
        Fault {
            code,
            string: string.into(),
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "XML-RPC fault {}: {}", self.code, self.string)
    }
}

impl std::error::Error for Fault {}

pub(crate) const FAULT_CODE: &str = "faultCode";
pub(crate) const FAULT_STRING: &str = "faultString";

impl Serialize for Fault {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Fault", 2)?;
        s.serialize_field(FAULT_CODE, &self.code)?;
        s.serialize_field(FAULT_STRING, &self.string)?;
        s.end()
    }
}

impl<'de> Deserialize<'de> for Fault {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FaultVisitor;

        enum Field {
            Code,
            String,
            Other,
        }

        impl<'de> Deserialize<'de> for Field {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct FieldVisitor;
                impl Visitor<'_> for FieldVisitor {
                    type Value = Field;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a fault member name")
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                        Ok(match v {
                            FAULT_CODE => Field::Code,
                            FAULT_STRING => Field::String,
                            _ => Field::Other,
                        })
                    }
                }
                d.deserialize_identifier(FieldVisitor)
            }
        }

        impl<'de> Visitor<'de> for FaultVisitor {
            type Value = Fault;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a struct with faultCode and faultString")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fault, A::Error> {
                let mut code = None;
                let mut string = None;
                while let Some(key) = map.next_key::<Field>()? {
                    match key {
                        Field::Code => code = Some(map.next_value::<i32>()?),
                        Field::String => string = Some(map.next_value::<String>()?),
                        Field::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(Fault {
                    code: code.ok_or_else(|| de::Error::missing_field(FAULT_CODE))?,
                    string: string.ok_or_else(|| de::Error::missing_field(FAULT_STRING))?,
                })
            }
        }

        deserializer.deserialize_struct("Fault", &[FAULT_CODE, FAULT_STRING], FaultVisitor)
    }
}
