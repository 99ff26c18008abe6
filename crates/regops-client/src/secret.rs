//! [`Secret`]: a credential that never shows in `Debug`, logs or errors.

use std::fmt;
use std::sync::Arc;

/// A secret string: Netim's reseller secret, a session's bearer token.
///
/// `Debug` shows `Secret(<redacted>)` and there is no `Display`, so a secret cannot reach a log
/// line or an error message by accident; [`expose_secret`](Self::expose_secret) makes each
/// read explicit. Cloning is cheap (shared).
///
/// ```
/// let secret = regops_client::Secret::new("s3cr3t");
/// assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
/// assert_eq!(secret.expose_secret(), "s3cr3t");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(Arc::from(secret.into()))
    }

    /// The secret itself, for the code that has to send it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Replaces every occurrence of the secrets in `text` (a vendor's message, which might echo
/// what it was sent) with `<redacted>`. Secrets shorter than 4 characters are left alone:
/// they would redact ordinary words and are not worth hiding.
pub(crate) fn scrub(text: String, secrets: &[&str]) -> String {
    secrets
        .iter()
        .filter(|s| s.len() >= 4)
        .fold(text, |text, secret| {
            if text.contains(secret) {
                text.replace(secret, "<redacted>")
            } else {
                text
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrub_hides_echoed_secrets() {
        assert_eq!(
            scrub("bad key s3cr3t-key given".into(), &["s3cr3t-key", "ab"]),
            "bad key <redacted> given"
        );
        assert_eq!(scrub("ab cd".into(), &["ab"]), "ab cd");
    }
}
