//! TLD context: which members belong to which domain.
//!
//! The generated validators call [`crate::Validator::tld_member`] for every member that declares
//! `tlds` and [`crate::Validator::required_for_tld`] for every `required-for-tld` rule; both do
//! nothing unless the value is validated with [`crate::Validate::validate_for_domain`].

/// Whether `domain` is under `tld` (`.com.au`, `.ca`): ASCII case-insensitive, a trailing dot
/// ignored, and at least one label before the TLD.
pub fn matches(domain: &str, tld: &str) -> bool {
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    let tld = tld.strip_prefix('.').unwrap_or(tld);
    if domain.len() <= tld.len() + 1 {
        return false;
    }
    let split = domain.len() - tld.len();
    domain.is_char_boundary(split)
        && domain.as_bytes()[split - 1] == b'.'
        && domain[split..].eq_ignore_ascii_case(tld)
}

/// Whether `domain` is under one of `tlds`.
pub fn matches_any(domain: &str, tlds: &[&str]) -> bool {
    tlds.iter().any(|tld| matches(domain, tld))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_match_on_label_boundaries() {
        assert!(matches("example.ca", ".ca"));
        assert!(matches("Example.COM.AU.", ".com.au"));
        assert!(matches("example.com.au", ".au"));
        assert!(!matches("ca", ".ca"));
        assert!(!matches("exampleca", ".ca"));
        assert!(!matches("example.ca", ".com.au"));
        assert!(!matches("é.ca", ".xn--55qx5d"));
    }
}
