//! Domain and host names as the sandbox stores and looks them up. DNS names are
//! case-insensitive (RFC 4343) and a final root dot names the same domain, so `ABC.fr.`,
//! `abc.fr` and `abc.FR` are one object; a Unicode name is kept in its A-label form (IDNA,
//! UTS 46), as the registries keep it.

/// `name` as the sandbox keeps it: A-labels, lower case, no final dot; otherwise what was
/// expected.
pub fn canonical(name: &str) -> Result<String, &'static str> {
    let ascii = regops_validate::tld::normalize(name)?;
    let ascii = ascii.strip_suffix('.').unwrap_or(&ascii);
    if ascii.is_empty() {
        return Err("it is empty");
    }
    Ok(ascii.to_owned())
}

/// [`canonical`] for a name that must sit under an extension (a domain, or a host such as
/// `ns1.example.fr`): a single label (`fr`, `localhost`) is refused.
pub fn qualified(name: &str) -> Result<String, &'static str> {
    let name = canonical(name)?;
    if !name.contains('.') {
        return Err("expected a name and its extension (example.fr, ns1.example.fr)");
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_name_one_form() {
        for given in ["abc.fr", "ABC.fr", "abc.FR.", "Abc.Fr."] {
            assert_eq!(canonical(given).unwrap(), "abc.fr", "{given}");
        }
        assert_eq!(canonical("Éxample.fr.").unwrap(), "xn--xample-9ua.fr");
        for bad in ["", ".", "a b.fr", "-a.fr", "a..fr"] {
            assert!(canonical(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_qualified_name_has_an_extension() {
        assert_eq!(qualified("NS1.Example.fr.").unwrap(), "ns1.example.fr");
        assert_eq!(qualified("example.fr").unwrap(), "example.fr");
        for bad in ["fr", "localhost", "FR.", "", "-a.fr"] {
            assert!(qualified(bad).is_err(), "{bad}");
        }
    }
}
