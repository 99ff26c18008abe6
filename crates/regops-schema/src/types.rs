//! Type expressions: `int`, `array(T)`, `one-or-array(T)`, `map(T)`, `Name`, `module.Name`.

/// A parsed, not yet resolved, type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A built-in or a (possibly qualified) name.
    Name(String),
    /// `array(T)`
    Array(Box<TypeExpr>),
    /// `one-or-array(T)`
    OneOrArray(Box<TypeExpr>),
    /// `map(T)`: member name → `T`.
    MapOf(Box<TypeExpr>),
}

/// Built-in scalar type names.
pub const BUILTINS: &[&str] = &[
    "int",
    "int-or-digits",
    "bool",
    "string",
    "double",
    "datetime",
    "datetime-or-string",
    "date",
    "base64",
    "apikey",
    "any",
    "map",
];

/// Whether a value of `expr` can itself be an array, so that `one-or-array` of it could not
/// tell one value from several.
fn holds_arrays(expr: &TypeExpr) -> bool {
    match expr {
        TypeExpr::Array(_) | TypeExpr::OneOrArray(_) => true,
        TypeExpr::Name(name) => name == "any",
        TypeExpr::MapOf(_) => false,
    }
}

/// The text inside the outer parentheses of a constructor (`rest` without its `)`).
fn inner_text(rest: &str) -> &str {
    rest.strip_suffix(')').unwrap_or(rest).trim()
}

/// Parses a type expression; the error says what was expected.
pub fn parse(text: &str) -> Result<TypeExpr, String> {
    let text = text.trim();
    if let Some((head, rest)) = text.split_once('(') {
        let inner = rest
            .strip_suffix(')')
            .ok_or_else(|| format!("`{text}` opens a parenthesis it does not close"))?;
        let inner = Box::new(parse(inner)?);
        return match head.trim() {
            "array" => Ok(TypeExpr::Array(inner)),
            "one-or-array" if holds_arrays(&inner) => Err(format!(
                "`{text}` is ambiguous on the wire: an array could be one `{}` or several; \
                 expected `one-or-array(T)` with a `T` that is never an array (not `array`, \
                 `one-or-array` or `any`)",
                inner_text(rest)
            )),
            "one-or-array" => Ok(TypeExpr::OneOrArray(inner)),
            "map" => Ok(TypeExpr::MapOf(inner)),
            other => Err(format!(
                "`{other}(…)` is not a type constructor; expected `array(T)`, `one-or-array(T)` or `map(T)`"
            )),
        };
    }
    let well_formed = BUILTINS.contains(&text)
        || (!text.is_empty()
            && text.split('.').count() <= 2
            && text.split('.').all(|part| {
                !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            }));
    if !well_formed {
        return Err(format!(
            "`{text}` is not a type; expected one of {}, `array(T)`, `one-or-array(T)`, `map(T)`, `Name` or `module.Name`",
            BUILTINS.join(", ")
        ));
    }
    Ok(TypeExpr::Name(text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_types() {
        assert_eq!(
            parse("one-or-array(gandi.Step)"),
            Ok(TypeExpr::OneOrArray(Box::new(TypeExpr::Name(
                "gandi.Step".into()
            ))))
        );
        assert!(parse("array(int").is_err());
        assert!(parse("list(int)").is_err());
        assert_eq!(
            parse("map(Nameserver)"),
            Ok(TypeExpr::MapOf(Box::new(TypeExpr::Name(
                "Nameserver".into()
            ))))
        );
        assert_eq!(
            parse("int-or-digits"),
            Ok(TypeExpr::Name("int-or-digits".into()))
        );
        assert!(parse("a.b.c").is_err());
        for ambiguous in [
            "one-or-array(array(int))",
            "one-or-array(one-or-array(int))",
            "one-or-array(any)",
        ] {
            let error = parse(ambiguous).unwrap_err();
            assert!(error.contains("ambiguous"), "{ambiguous}: {error}");
        }
        assert!(parse("one-or-array(map(int))").is_ok());
        assert!(parse("array(one-or-array(int))").is_ok());
        assert!(parse("").is_err());
        assert_eq!(
            parse("datetime-or-string"),
            Ok(TypeExpr::Name("datetime-or-string".into()))
        );
        assert!(parse("date-or-string").is_err());
    }
}
