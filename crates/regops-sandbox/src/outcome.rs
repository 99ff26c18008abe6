//! Scripted outcomes: the first label of an operation's domain name says how it ends.
//!
//! | first label starts with | Gandi | Netim |
//! |---|---|---|
//! | `fail-<error>` (`fail-duplicate`, `fail-missing-parameter`, `fail-authorization-error`, `fail-ratelimit`, `fail-timeout`, `fail-unknown`), or `fail` | `RUN` → `ERROR` with that `errortype` (default `missing_parameter`) and a `last_error` | `Pending` → `Failed` with a `MESSAGE` |
//! | `support` | `RUN` → `SUPPORT` | `Pending` → `Failed`, "contact Netim support" |
//! | `slow` or `pending` | `RUN` for three days, then `DONE` | `Pending` for three days, then `Done` |
//! | `instant` | every step at once: `DONE` when the request returns | `Done` in the answer |
//! | anything else | `BILL` → `WAIT` → `RUN` → `DONE` over about 6 minutes | `Pending` → `Done` after 10 minutes (Netim's real-time functions answer `Done` at once) |
//!
//! The error identifiers are the schema's `gandi.ErrorId` values, so a new one in the schema
//! is a new scripted failure. An operation relaunched after `ERROR` succeeds.

use regops_model::gandi::ErrorId;

/// How an operation ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Processed successfully after the usual delays.
    Success,
    /// Processed successfully at once.
    Instant,
    /// Fails with this error.
    Failure(ErrorId),
    /// Needs the vendor's support.
    Support,
    /// Pending for [`LONG_PENDING_SECS`], then succeeds.
    LongPending,
}

/// How long a `slow-` operation stays pending: three days.
pub const LONG_PENDING_SECS: i64 = 3 * 24 * 3600;

impl Outcome {
    /// The outcome a domain name (or any target) scripts.
    pub fn for_target(target: &str) -> Self {
        let label = target
            .split('.')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if let Some(rest) = label.strip_prefix("fail") {
            let rest = rest.strip_prefix('-').unwrap_or(rest);
            let error = ErrorId::KNOWN
                .iter()
                .find(|id| {
                    let dashed = id.as_str().replace('_', "-");
                    rest == dashed || rest.starts_with(&format!("{dashed}-"))
                })
                .cloned()
                .unwrap_or(ErrorId::MissingParameter);
            return Outcome::Failure(error);
        }
        if label.starts_with("support") {
            Outcome::Support
        } else if label.starts_with("slow") || label.starts_with("pending") {
            Outcome::LongPending
        } else if label.starts_with("instant") {
            Outcome::Instant
        } else {
            Outcome::Success
        }
    }

    /// The stored form: `success`, `instant`, `fail:<error id>`, `support`, `long_pending`.
    pub fn to_stored(&self) -> String {
        match self {
            Outcome::Success => "success".into(),
            Outcome::Instant => "instant".into(),
            Outcome::Failure(id) => format!("fail:{}", id.as_str()),
            Outcome::Support => "support".into(),
            Outcome::LongPending => "long_pending".into(),
        }
    }

    /// Reads [`Outcome::to_stored`]'s form (anything else is a success).
    pub fn from_stored(text: &str) -> Self {
        match text {
            "instant" => Outcome::Instant,
            "support" => Outcome::Support,
            "long_pending" => Outcome::LongPending,
            _ => match text.strip_prefix("fail:") {
                Some(id) => Outcome::Failure(ErrorId::from(id)),
                None => Outcome::Success,
            },
        }
    }

    /// Parses an outcome named in an admin request: a stored form or a domain-label prefix
    /// (`fail-duplicate`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "success" => Some(Outcome::Success),
            "instant" => Some(Outcome::Instant),
            "support" => Some(Outcome::Support),
            "long_pending" | "slow" | "pending" => Some(Outcome::LongPending),
            _ if name.starts_with("fail") => Some(Outcome::for_target(&name.replace(':', "-"))),
            _ => None,
        }
    }
}

/// The message an operation that failed with `error` carries (Gandi `last_error`, Netim
/// `MESSAGE`).
pub fn failure_message(error: &ErrorId, target: &str) -> String {
    match error {
        ErrorId::AuthorizationError => {
            format!("The registry refused the authorization for {target} (authorization_error)")
        }
        ErrorId::Duplicate => format!("{target} already exists at the registry (duplicate)"),
        ErrorId::MissingParameter => format!(
            "The registry requires more registrant data for {target}; relaunch with the missing parameter (missing_parameter)"
        ),
        ErrorId::Ratelimit => {
            format!("The registry rate-limited the request for {target}; retry later (ratelimit)")
        }
        ErrorId::Timeout => format!("The registry did not answer in time for {target} (timeout)"),
        other => format!("Unknown registry error for {target} ({})", other.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_choose_outcomes() {
        assert_eq!(Outcome::for_target("example.com"), Outcome::Success);
        assert_eq!(
            Outcome::for_target("fail-duplicate-x.com"),
            Outcome::Failure(ErrorId::Duplicate)
        );
        assert_eq!(
            Outcome::for_target("fail-authorization-error.fr"),
            Outcome::Failure(ErrorId::AuthorizationError)
        );
        assert_eq!(
            Outcome::for_target("fail.fr"),
            Outcome::Failure(ErrorId::MissingParameter)
        );
        assert_eq!(Outcome::for_target("SUPPORT-me.net"), Outcome::Support);
        assert_eq!(Outcome::for_target("slow-1.org"), Outcome::LongPending);
        assert_eq!(Outcome::for_target("instant.org"), Outcome::Instant);
        for o in [
            Outcome::Success,
            Outcome::Instant,
            Outcome::Support,
            Outcome::LongPending,
            Outcome::Failure(ErrorId::Timeout),
        ] {
            assert_eq!(Outcome::from_stored(&o.to_stored()), o);
        }
        assert_eq!(
            Outcome::from_name("fail-timeout"),
            Some(Outcome::Failure(ErrorId::Timeout))
        );
    }
}
