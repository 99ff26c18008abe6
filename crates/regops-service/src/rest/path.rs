//! Paths: splitting a request path into decoded segments, reading a path parameter, and
//! writing one (percent-encoding).

use std::borrow::Cow;

use super::Error;

/// The segments of a request path: runs of `/` count as one (Netim's Java client sends
/// `…/3.0//domain/…`), leading and trailing `/` are dropped, a query string is ignored, and
/// each segment is percent-decoded (so `%2F` stays inside its segment).
///
/// ```
/// use regops_service::rest::split_path;
/// assert_eq!(split_path("//domain/exemple-caf%C3%A9.fr/info/").unwrap(), ["domain", "exemple-café.fr", "info"]);
/// assert_eq!(split_path("operations/pending?x=1").unwrap(), ["operations", "pending"]);
/// assert!(split_path("domain/%ZZ/").is_err());
/// ```
pub fn split_path(path: &str) -> Result<Vec<Cow<'_, str>>, Error> {
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect()
}

fn percent_decode(segment: &str) -> Result<Cow<'_, str>, Error> {
    if !segment.contains('%') {
        return Ok(Cow::Borrowed(segment));
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                let h = std::str::from_utf8(h).ok()?;
                u8::from_str_radix(h, 16).ok()
            });
            let Some(byte) = hex else {
                return Err(Error::bad_request(format!(
                    "path segment `{segment}`: `%` must be followed by two hexadecimal digits"
                )));
            };
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map(Cow::Owned).map_err(|_| {
        Error::bad_request(format!(
            "path segment `{segment}` does not decode to UTF-8 text"
        ))
    })
}

/// Percent-encodes a path parameter: everything but ASCII letters, digits and `-._~`.
///
/// ```
/// assert_eq!(regops_service::rest::encode_segment("exemple-café.fr"), "exemple-caf%C3%A9.fr");
/// assert_eq!(regops_service::rest::encode_segment("a/b c"), "a%2Fb%20c");
/// ```
pub fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    write_encoded(&mut out, text);
    out
}

fn write_encoded(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

/// Reads an `int` path parameter.
pub fn parse_int(segment: &str) -> Result<i64, String> {
    segment
        .parse()
        .map_err(|_| format!("expected an integer, found `{segment}`"))
}

/// Reads a `string` path parameter.
pub fn parse_text(segment: &str) -> Result<String, String> {
    Ok(segment.to_string())
}

/// The path parameter `name` of `method`, at `index` of the matched segments, read by `parse`.
pub fn path_param<T>(
    segments: &[&str],
    index: usize,
    method: &str,
    name: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, Error> {
    let segment = segments.get(index).ok_or_else(|| {
        Error::not_found(format!(
            "{method}: the path has no segment {index} for `{name}`"
        ))
    })?;
    parse(segment).map_err(|e| Error::bad_request(format!("{method}: `{name}`: {e}")))
}

/// Appends `text` to a path being built, percent-encoded.
pub fn push_encoded(out: &mut String, text: &str) {
    write_encoded(out, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slashes_collapse_and_segments_decode() {
        assert_eq!(split_path("").unwrap(), Vec::<Cow<str>>::new());
        assert_eq!(split_path("///").unwrap(), Vec::<Cow<str>>::new());
        assert_eq!(
            split_path("/operation//5/cancel/").unwrap(),
            ["operation", "5", "cancel"]
        );
        assert_eq!(split_path("host/a%2Fb").unwrap(), ["host", "a/b"]);
        assert!(split_path("host/%C3").is_err());
        assert!(split_path("host/%4").is_err());
    }

    #[test]
    fn encoding_round_trips_through_splitting() {
        for text in ["exemple-café.fr", "a b/c?d#e%f", "xn--55qx5d.hk", "日本.jp"] {
            let path = format!("domain/{}/info/", encode_segment(text));
            assert_eq!(split_path(&path).unwrap()[1], text);
        }
    }

    #[test]
    fn parameters_say_what_was_expected() {
        let e = path_param(&["operation", "abc"], 1, "queryOpe", "idOpe", parse_int).unwrap_err();
        assert_eq!(
            (e.status(), e.message()),
            (400, "queryOpe: `idOpe`: expected an integer, found `abc`")
        );
        let e = path_param(&["operation"], 1, "queryOpe", "idOpe", parse_int).unwrap_err();
        assert_eq!(e.status(), 404);
        assert_eq!(
            path_param(&["operation", "-7"], 1, "queryOpe", "idOpe", parse_int).unwrap(),
            -7
        );
    }
}
