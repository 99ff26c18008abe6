//! Credentials from the `Authorization` header: HTTP Basic to open a session, a bearer token
//! afterwards. Neither ever shows its secret in `Debug`.

use std::fmt;

use base64::Engine as _;

use super::Error;

/// HTTP Basic credentials (`login:secret`), as sent to open a session.
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    login: String,
    secret: String,
}

impl BasicCredentials {
    /// Credentials from a login and a secret.
    pub fn new(login: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            login: login.into(),
            secret: secret.into(),
        }
    }

    /// The login (Netim: the reseller ID).
    pub fn login(&self) -> &str {
        &self.login
    }

    /// The secret, for the code that has to check or send it.
    pub fn expose_secret(&self) -> &str {
        &self.secret
    }

    /// The `Authorization` header value: `Basic base64(login:secret)`.
    pub fn header_value(&self) -> String {
        let pair = format!("{}:{}", self.login, self.secret);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    }
}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("login", &self.login)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// A session's bearer token.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BearerToken(String);

impl BearerToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token, for the code that has to look it up or send it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// The `Authorization` header value: `Bearer <token>`.
    pub fn header_value(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken(<redacted>)")
    }
}

/// The credential of `scheme` (`Basic`, `Bearer`; compared without case) in the header.
fn credential<'h>(authorization: Option<&'h str>, scheme: &str) -> Result<&'h str, Error> {
    let header = authorization.map(str::trim).unwrap_or_default();
    let (given, value) = header.split_once(' ').unwrap_or((header, ""));
    if header.is_empty() {
        return Err(Error::unauthorized(format!(
            "missing `Authorization: {scheme} …` header"
        )));
    }
    if !given.eq_ignore_ascii_case(scheme) || value.trim().is_empty() {
        return Err(Error::unauthorized(format!(
            "expected `Authorization: {scheme} …`, found the `{given}` scheme"
        )));
    }
    Ok(value.trim())
}

/// Reads `Authorization: Basic base64(login:secret)`.
pub fn basic_credentials(authorization: Option<&str>) -> Result<BasicCredentials, Error> {
    let encoded = credential(authorization, "Basic")?;
    let malformed =
        || Error::unauthorized("the Basic credentials are not base64 of `login:secret`");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|_| malformed())?;
    let text = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (login, secret) = text.split_once(':').ok_or_else(malformed)?;
    Ok(BasicCredentials::new(login, secret))
}

/// Reads `Authorization: Bearer <token>`.
pub fn bearer_token(authorization: Option<&str>) -> Result<BearerToken, Error> {
    credential(authorization, "Bearer").map(BearerToken::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_round_trips_and_hides_the_secret() {
        let creds = BasicCredentials::new("AA001", "s3cr3t:with:colons");
        let back = basic_credentials(Some(&creds.header_value())).unwrap();
        assert_eq!(back, creds);
        assert_eq!(back.expose_secret(), "s3cr3t:with:colons");
        assert!(!format!("{back:?}").contains("s3cr3t"));
        assert!(basic_credentials(Some("basic QUE6Yg==")).is_ok());
    }

    #[test]
    fn bad_headers_are_401_saying_why() {
        for (header, message) in [
            (None, "missing `Authorization: Basic …` header"),
            (
                Some("Bearer x"),
                "expected `Authorization: Basic …`, found the `Bearer` scheme",
            ),
            (
                Some("Basic !!"),
                "the Basic credentials are not base64 of `login:secret`",
            ),
            (
                Some("Basic bm9jb2xvbg=="),
                "the Basic credentials are not base64 of `login:secret`",
            ),
        ] {
            let e = basic_credentials(header).unwrap_err();
            assert_eq!((e.status(), e.message()), (401, message));
        }
        let token = bearer_token(Some("Bearer abc")).unwrap();
        assert_eq!(token.expose_secret(), "abc");
        assert_eq!(format!("{token:?}"), "BearerToken(<redacted>)");
        assert_eq!(bearer_token(Some("Bearer ")).unwrap_err().status(), 401);
    }
}
