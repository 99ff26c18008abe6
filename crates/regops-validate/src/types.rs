//! Types by schema name: validate a value whose type is named at run time
//! (`regops validate --type gandi.RelaunchOperationParameters`), with no list of types outside
//! the schema.

// `TYPE_NAMES` and `visit_type`, generated from the schema.
include!("generated/types.rs");

/// What to do with the type a name stands for: [`visit_type`] calls [`visit`](Self::visit)
/// with it.
///
/// ```
/// use regops_validate::{TypeVisitor, Validate, visit_type};
///
/// /// Decodes JSON into the named type and validates it.
/// struct FromJson<'a>(&'a str);
///
/// impl TypeVisitor for FromJson<'_> {
///     type Output = Result<regops_validate::Report, serde_json::Error>;
///     fn visit<T: Validate + serde::de::DeserializeOwned + serde::Serialize>(
///         self,
///     ) -> Self::Output {
///         Ok(serde_json::from_str::<T>(self.0)?.validate())
///     }
/// }
///
/// let json = r#"{"x-ca_legaltype": "LGR"}"#;
/// let report = visit_type("gandi.RelaunchOperationParameters", FromJson(json)).unwrap().unwrap();
/// assert!(report.has_errors());
/// assert!(visit_type("gandi.NoSuchType", FromJson(json)).is_none());
/// assert!(regops_validate::TYPE_NAMES.contains(&"netim.Contact"));
/// ```
pub trait TypeVisitor {
    /// What the visit gives.
    type Output;

    /// Called with the named type.
    fn visit<T: crate::Validate + serde::de::DeserializeOwned + serde::Serialize>(
        self,
    ) -> Self::Output;
}
