//! TLD context: which members belong to which domain.
//!
//! The generated validators call [`crate::Validator::tld_member`] for every member that declares
//! `tlds` and [`crate::Validator::required_for_tld`] for every `required-for-tld` rule; both do
//! nothing unless the value is validated with [`crate::Validate::validate_for_domain`], which
//! first brings the domain to its A-label form with [`normalize`], so the schema's TLDs (written
//! as A-labels, `.xn--55qx5d`) match Unicode input (`例子.公司`).

use std::borrow::Cow;

use idna::AsciiDenyList;
use idna::uts46::{DnsLength, Hyphens, Uts46};

/// `domain` in A-label form, lower case, as UTS 46 (IDNA2008) `ToASCII` gives it, with the
/// STD3 rules (letters, digits and hyphens; no hyphen at either end of a label) and DNS length
/// limits; a final root dot is allowed. An ASCII name already in that form is borrowed, not
/// copied.
///
/// ```
/// use regops_validate::tld::normalize;
/// assert_eq!(normalize("例子.公司").unwrap(), "xn--fsqu00a.xn--55qx5d");
/// assert_eq!(normalize("Example.CA").unwrap(), "example.ca");
/// assert!(normalize("ex ample.com").is_err());
/// ```
pub fn normalize(domain: &str) -> Result<Cow<'_, str>, &'static str> {
    if domain.is_empty() {
        return Err("it is empty");
    }
    Uts46::new()
        .to_ascii(
            domain.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::CheckFirstLast,
            DnsLength::VerifyAllowRootDot,
        )
        .map_err(|_| {
            "expected dot-separated labels of letters, digits and inner hyphens (Unicode labels are \
             allowed: IDNA, UTS 46), each at most 63 and all at most 253 characters"
        })
}

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

    #[test]
    fn unicode_domains_match_their_a_label_tlds() {
        let domain = normalize("例子.公司").unwrap();
        assert!(matches(&domain, ".xn--55qx5d"));
        assert!(matches(&normalize("ÉCOLE.CA").unwrap(), ".ca"));
        assert!(matches(&normalize("例子.中国").unwrap(), ".xn--fiqs8s"));
        assert!(matches(&normalize("例子.网络.").unwrap(), ".xn--io0a7i"));
    }

    #[test]
    fn ascii_names_in_canonical_form_are_borrowed() {
        assert!(matches!(normalize("example.ca"), Ok(Cow::Borrowed(_))));
        assert!(matches!(normalize("Example.ca"), Ok(Cow::Owned(_))));
    }

    #[test]
    fn invalid_names_are_refused() {
        for bad in [
            "",
            "ex ample.com",
            "-example.ca",
            "example-.ca",
            "a..b",
            "under_score.ca",
        ] {
            assert!(normalize(bad).is_err(), "{bad:?}");
        }
        let long = format!("{}.com", "a".repeat(64));
        assert!(normalize(&long).is_err());
    }
}
