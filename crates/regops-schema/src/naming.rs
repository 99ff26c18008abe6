//! Rust names computed from wire names (heck for case, then identifier rules).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that a raw identifier (`r#type`) can stand for.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Whether `name` is a plain Rust identifier (ASCII letters, digits, `_`; no leading digit).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    name != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `snake_case` field or method name for a wire name; keywords become raw (`r#type`).
/// `None` when no identifier comes out (`+1`, `0`).
pub fn snake(wire: &str) -> Option<String> {
    let name = wire.to_snake_case();
    finish(name)
}

/// `UpperCamelCase` type or variant name for a wire name.
pub fn upper_camel(wire: &str) -> Option<String> {
    finish(wire.to_upper_camel_case())
}

/// Checks an author-given name (`rust-name`, item names): same rules, keywords raw.
pub fn given(name: &str) -> Option<String> {
    finish(name.to_string())
}

fn finish(name: String) -> Option<String> {
    if NON_RAW_KEYWORDS.contains(&name.as_str()) || !is_identifier(&name) {
        return None;
    }
    if RAW_KEYWORDS.contains(&name.as_str()) {
        return Some(format!("r#{name}"));
    }
    Some(name)
}

/// Whether a type name is written in `UpperCamelCase`.
pub fn is_upper_camel(name: &str) -> bool {
    is_identifier(name) && name.to_upper_camel_case() == name
}

/// Whether a name is written in `snake_case`.
pub fn is_snake(name: &str) -> bool {
    is_identifier(name) && name.to_snake_case() == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_become_identifiers() {
        assert_eq!(snake("x-ca_legaltype").as_deref(), Some("x_ca_legaltype"));
        assert_eq!(snake("cert.hostname").as_deref(), Some("cert_hostname"));
        assert_eq!(snake("type").as_deref(), Some("r#type"));
        assert_eq!(snake("ID_OPE").as_deref(), Some("id_ope"));
        assert_eq!(snake("isOwner").as_deref(), Some("is_owner"));
        assert_eq!(
            snake("x-xn--55qx5d_registrant_document_type").as_deref(),
            Some("x_xn_55qx5d_registrant_document_type")
        );
        assert_eq!(
            upper_camel("NOT DELEGATED").as_deref(),
            Some("NotDelegated")
        );
        assert_eq!(
            upper_camel("Business Registration Number").as_deref(),
            Some("BusinessRegistrationNumber")
        );
        assert_eq!(
            upper_camel("operation.list").as_deref(),
            Some("OperationList")
        );
        assert_eq!(upper_camel("0"), None);
        assert_eq!(upper_camel("+1"), None);
        assert_eq!(upper_camel("self"), None);
    }
}
