//! Text formats (`format="…"` in the schema) and the small pattern language of `<rule kind="pattern">`.

use std::net::{Ipv4Addr, Ipv6Addr};

/// A text format a member declares. None of the checks allocates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A DNS host name: labels of 1–63 letters, digits and inner hyphens, 253 characters at
    /// most, an optional final dot.
    Hostname,
    /// Dotted-quad IPv4 address.
    Ipv4,
    /// IPv6 address in any RFC 4291 text form.
    Ipv6,
    /// The shape of an ISO 3166-1 alpha-2 country code: two ASCII letters, and not one of the
    /// codes ISO reserves for private use forever (`AA`, `QM`–`QZ`, `XA`–`XZ`, `ZZ`). Whether
    /// the code is assigned is the `common.CountryCode` enum's business (an unlisted code is a
    /// warning there).
    Country,
    /// A calendar date `YYYY-MM-DD`.
    Date,
    /// An e-mail address `local@domain`.
    Email,
    /// A phone number as Netim writes it (`+xx xxxxxxxxxx`) and EPP does (`+CC.NNNN`): `+`,
    /// a country code of 1 to 3 digits, one `.` or space, then 1 to 14 digits.
    Phone,
}

impl Format {
    /// What a matching value looks like, for messages.
    pub fn expected(self) -> &'static str {
        match self {
            Format::Hostname => "a host name (letters, digits and hyphens in dot-separated labels)",
            Format::Ipv4 => "an IPv4 address such as 192.0.2.1",
            Format::Ipv6 => "an IPv6 address such as 2001:db8::1",
            Format::Country => "an ISO 3166-1 alpha-2 country code such as FR",
            Format::Date => "a date YYYY-MM-DD",
            Format::Email => "an e-mail address such as name@example.com",
            Format::Phone => "a phone number +CC.NNNN or +CC NNNN such as +33.123456789",
        }
    }

    /// Whether `text` has this format.
    pub fn matches(self, text: &str) -> bool {
        self.check(text).is_ok()
    }

    /// `Ok` when `text` has this format; otherwise why not, as a suffix for a message (empty
    /// when [`expected`](Self::expected) says it all).
    pub fn check(self, text: &str) -> Result<(), &'static str> {
        let ok = match self {
            Format::Hostname => is_hostname(text),
            Format::Ipv4 => text.parse::<Ipv4Addr>().is_ok(),
            Format::Ipv6 => text.parse::<Ipv6Addr>().is_ok(),
            Format::Country => return check_country(text),
            Format::Date => is_date(text),
            Format::Email => is_email(text),
            Format::Phone => is_phone(text),
        };
        if ok { Ok(()) } else { Err("") }
    }
}

/// ISO 3166-1 §8.1.3: `AA`, `QM`–`QZ`, `XA`–`XZ` and `ZZ` are user-assigned and never name a
/// country.
fn check_country(text: &str) -> Result<(), &'static str> {
    let &[a, b] = text.as_bytes() else {
        return Err("");
    };
    if !a.is_ascii_alphabetic() || !b.is_ascii_alphabetic() {
        return Err("");
    }
    let (a, b) = (a.to_ascii_uppercase(), b.to_ascii_uppercase());
    let user_assigned =
        matches!((a, b), (b'A', b'A') | (b'Z', b'Z') | (b'X', _)) || (a == b'Q' && b >= b'M');
    if user_assigned {
        return Err(": ISO 3166-1 reserves it for private use, it never names a country");
    }
    Ok(())
}

/// `+`, 1 to 3 digits, `.` or a space, 1 to 14 digits.
fn is_phone(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('+') else {
        return false;
    };
    let Some(split) = rest.find(['.', ' ']) else {
        return false;
    };
    let (code, number) = (&rest[..split], &rest[split + 1..]);
    let digits =
        |s: &str, max: usize| (1..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    digits(code, 3) && digits(number, 14)
}

fn is_hostname(text: &str) -> bool {
    let text = text.strip_suffix('.').unwrap_or(text);
    if text.is_empty() || text.len() > 253 {
        return false;
    }
    text.split('.').all(|label| {
        let bytes = label.as_bytes();
        !bytes.is_empty()
            && bytes.len() <= 63
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
            && bytes[0] != b'-'
            && bytes[bytes.len() - 1] != b'-'
    })
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && local
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"@()<>[]:;,\\\"".contains(&b))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && domain.contains('.')
        && !domain.ends_with('.')
        && is_hostname(domain)
}

/// Whether `text` matches `pattern`: `#` an ASCII digit, `@` an ASCII letter, `*` an ASCII letter
/// or digit, any other character itself.
pub(crate) fn matches_pattern(text: &str, pattern: &str) -> bool {
    let mut chars = text.chars();
    for p in pattern.chars() {
        let Some(c) = chars.next() else { return false };
        let ok = match p {
            '#' => c.is_ascii_digit(),
            '@' => c.is_ascii_alphabetic(),
            '*' => c.is_ascii_alphanumeric(),
            other => c == other,
        };
        if !ok {
            return false;
        }
    }
    chars.next().is_none()
}

/// `10 digits`, `2 letters then 6 digits`, `"N.PRI." then 8 digits`.
pub(crate) fn describe_pattern(pattern: &str) -> String {
    let mut parts: Vec<(char, usize)> = Vec::new();
    for c in pattern.chars() {
        let class = match c {
            '#' | '@' | '*' => c,
            _ => '"',
        };
        match parts.last_mut() {
            Some((last, n)) if *last == class => *n += 1,
            _ => parts.push((class, 1)),
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut chars = pattern.chars();
    for (class, n) in parts {
        let word = |one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        match class {
            '#' => out.push(word("digit", "digits")),
            '@' => out.push(word("letter", "letters")),
            '*' => out.push(word("letter or digit", "letters or digits")),
            _ => {
                let literal: String = chars.clone().take(n).collect();
                out.push(format!("{literal:?}"));
            }
        }
        for _ in 0..n {
            chars.next();
        }
    }
    out.join(" then ")
}
