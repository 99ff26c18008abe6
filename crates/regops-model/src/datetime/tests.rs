use std::collections::HashSet;

use proptest::prelude::*;

use super::*;

fn dt(text: &str) -> DateTime {
    DateTime::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

fn compact(value: &DateTime) -> String {
    value
        .write_compact(&mut [0; DateTime::MAX_COMPACT_LEN])
        .to_owned()
}

fn extended(value: &DateTime) -> String {
    value
        .write_extended(&mut [0; DateTime::MAX_EXTENDED_LEN])
        .to_owned()
}

#[test]
fn parses_the_three_layouts() {
    let expected = DateTime::new(2026, 11, 22, 10, 11, 12).unwrap();
    let compact = dt("20261122T10:11:12");
    let extended = dt("2026-11-22T10:11:12");
    let space = dt("2026-11-22 10:11:12");
    assert_eq!(compact, expected);
    assert_eq!(extended, expected);
    assert_eq!(space, expected);
    assert!(!compact.uses_space_layout());
    assert!(!extended.uses_space_layout());
    assert!(space.uses_space_layout());
    assert_eq!(space.as_naive(), expected.as_naive());
    assert_eq!((space.offset(), space.nanosecond()), (None, 0));
}

/// Every accepted form: what it reads (wall clock, nanoseconds, offset in seconds) and how
/// the XML-RPC and JSON writers write it back.
#[test]
fn parses_every_iso_8601_form_and_writes_it_back() {
    /// Input, wall clock, nanoseconds, offset, compact (XML-RPC), extended (JSON).
    type Case = (
        &'static str,
        &'static str,
        u32,
        Option<i32>,
        &'static str,
        &'static str,
    );
    #[rustfmt::skip]
    let cases: &[Case] = &[
        ("20261127T15:40:57", "2026-11-27 15:40:57", 0, None, "20261127T15:40:57", "2026-11-27T15:40:57"),
        ("20261127T154057", "2026-11-27 15:40:57", 0, None, "20261127T15:40:57", "2026-11-27T15:40:57"),
        ("2026-11-27T154057", "2026-11-27 15:40:57", 0, None, "20261127T15:40:57", "2026-11-27T15:40:57"),
        ("19980717T14:08:55.123456", "1998-07-17 14:08:55", 123_456_000, None, "19980717T14:08:55.123456", "1998-07-17T14:08:55.123456"),
        ("2026-11-27T15:40:57.123Z", "2026-11-27 15:40:57", 123_000_000, Some(0), "20261127T15:40:57.123Z", "2026-11-27T15:40:57.123Z"),
        ("2026-11-27T15:40:57+01:00", "2026-11-27 15:40:57", 0, Some(3600), "20261127T15:40:57+01:00", "2026-11-27T15:40:57+01:00"),
        ("20261127T15:40:57.5-0530", "2026-11-27 15:40:57", 500_000_000, Some(-19_800), "20261127T15:40:57.5-0530", "2026-11-27T15:40:57.5-0530"),
        ("20261127T15:40:57,500+01", "2026-11-27 15:40:57", 500_000_000, Some(3600), "20261127T15:40:57,500+01", "2026-11-27T15:40:57,500+01"),
        ("2026-11-27T15:40:57.000000001-23:59", "2026-11-27 15:40:57", 1, Some(-86_340), "20261127T15:40:57.000000001-23:59", "2026-11-27T15:40:57.000000001-23:59"),
        ("2026-11-27T15:40:57.999999999+23:59", "2026-11-27 15:40:57", 999_999_999, Some(86_340), "20261127T15:40:57.999999999+23:59", "2026-11-27T15:40:57.999999999+23:59"),
        ("2026-11-27T15:40:57-00:00", "2026-11-27 15:40:57", 0, Some(0), "20261127T15:40:57-00:00", "2026-11-27T15:40:57-00:00"),
        ("2026-11-27T15:40:57+00", "2026-11-27 15:40:57", 0, Some(0), "20261127T15:40:57+00", "2026-11-27T15:40:57+00"),
        ("2026-11-27 15:40:57.1Z", "2026-11-27 15:40:57", 100_000_000, Some(0), "20261127T15:40:57.1Z", "2026-11-27 15:40:57.1Z"),
        ("2026-11-27 154057+0100", "2026-11-27 15:40:57", 0, Some(3600), "20261127T15:40:57+0100", "2026-11-27 15:40:57+0100"),
        ("00000101T00:00:00", "0000-01-01 00:00:00", 0, None, "00000101T00:00:00", "0000-01-01T00:00:00"),
        ("9999-12-31T23:59:59.9Z", "9999-12-31 23:59:59", 900_000_000, Some(0), "99991231T23:59:59.9Z", "9999-12-31T23:59:59.9Z"),
        ("2024-02-29T00:00:00", "2024-02-29 00:00:00", 0, None, "20240229T00:00:00", "2024-02-29T00:00:00"),
    ];
    for &(input, wall, nanos, offset, xml_rpc, json) in cases {
        let value = dt(input);
        assert_eq!(
            value.as_naive().format("%Y-%m-%d %H:%M:%S").to_string(),
            wall,
            "{input}"
        );
        assert_eq!(value.nanosecond(), nanos, "{input}");
        assert_eq!(value.as_naive().nanosecond(), nanos, "{input}");
        assert_eq!(
            value.offset().map(|o| o.local_minus_utc()),
            offset,
            "{input}"
        );
        assert_eq!(compact(&value), xml_rpc, "{input}");
        assert_eq!(extended(&value), json, "{input}");
        assert_eq!(value.to_string(), json, "{input}");
        // Both written forms read back to the same value, spelled the same (the compact
        // form has no room for Netim's space).
        let back = dt(json);
        assert_eq!(back, value, "{input} → {json}");
        assert_eq!(
            (compact(&back), extended(&back)),
            (xml_rpc.into(), json.into())
        );
        let back = dt(xml_rpc);
        assert_eq!(back, value, "{input} → {xml_rpc}");
        assert_eq!(compact(&back), xml_rpc);
        assert_eq!(extended(&back), json.replacen(' ', "T", 1));
    }
}

#[test]
fn rejects_bad_text_without_panicking() {
    for bad in [
        "",
        "2026",
        "2026-13-01T00:00:00",
        "2026-02-30T00:00:00",
        "2026-02-29T00:00:00",
        "2026-02-28T24:00:00",
        "2026-02-28T24:00:00Z",
        "2026-02-28T23:60:00",
        "2026-02-28T23:59:60",
        "2026-02-28T23:59:60Z",
        "20261301T00:00:00",
        // Week and ordinal dates.
        "2026-W48-5T15:40:57",
        "2026W485T15:40:57",
        "2026-331T15:40:57",
        "2026331T15:40:57",
        // Reduced times: hours, hours and minutes.
        "2026-11-22T10",
        "2026-11-22T10:11",
        "2026-11-22T1011",
        "2026-11-22T10:11Z",
        "2026-11-22T10:11:1",
        "2026-11-22T10:1112",
        "2026-11-22T1011:12",
        "2026-11-22",
        "20261122",
        // Fractions: none, too many digits, misplaced.
        "2026-11-22T10:11:12.",
        "2026-11-22T10:11:12,",
        "2026-11-22T10:11:12.Z",
        "2026-11-22T10:11:12.1234567890",
        "2026-11-22T10:11:12..5",
        "2026-11-22T10:11:12.5.5",
        "2026-11-22T10:11.5",
        // Zones: out of range, malformed, lowercase, repeated.
        "2026-11-22T10:11:12+24:00",
        "2026-11-22T10:11:12-24",
        "2026-11-22T10:11:12+01:60",
        "2026-11-22T10:11:12+1",
        "2026-11-22T10:11:12+100",
        "2026-11-22T10:11:12+01:0",
        "2026-11-22T10:11:12+01:000",
        "2026-11-22T10:11:12+01-00",
        "2026-11-22T10:11:12 +01:00",
        "2026-11-22T10:11:12z",
        "2026-11-22T10:11:12ZZ",
        "2026-11-22T10:11:12Z+01:00",
        "2026-11-22T10:11:12UTC",
        "2026-11-22T10:11:12+",
        "2026-11-22T10:11:12\u{2212}01:00",
        // Separators and layouts.
        "2026-11-22t10:11:12",
        "2026-11-22X10:11:12",
        "2026/11/22T10:11:12",
        "2026-11-22T10-11-12",
        "20261122 10:11:12",
        "2026-11-22  10:11:12",
        "2026-1122T10:11:12",
        "202611-22T10:11:12",
        "2026112210:11:12x",
        "2026-1a-22T10:11:12",
        // Years: signed or beyond four digits.
        "+026-11-22T10:11:12",
        "-026-11-22T10:11:12",
        "+2026-11-22T10:11:12",
        "12026-11-22T10:11:12",
        "120261122T10:11:12",
        // Surrounding or trailing text.
        " 2026-11-22T10:11:12",
        "2026-11-22T10:11:12 ",
        "2026-11-22T10:11:12\n",
        "2026-11-22T10:11:12x",
        "2026-11-22T10:11:1é",
        "２０２６-11-22T10:11:12",
        "xxxxxxxxxxxxxxxxx",
        "xxxxxxxxxxxxxxxxxxx",
    ] {
        let error = DateTime::parse(bad).unwrap_err();
        assert_eq!(error.input(), bad);
    }
}

#[test]
fn error_says_what_is_expected() {
    assert_eq!(
        DateTime::parse("nope").unwrap_err().to_string(),
        "invalid date-time `nope`: expected an ISO 8601 date-time YYYYMMDDTHH:MM:SS or \
         YYYY-MM-DDTHH:MM:SS (also HHMMSS; a space for the T after YYYY-MM-DD), with an \
         optional fraction (.f or ,f, 1 to 9 digits) and zone (Z, ±HH:MM, ±HHMM or ±HH)"
    );
}

#[test]
fn writes_compact_and_extended_forms() {
    let value = dt("2026-01-02T03:04:05");
    assert_eq!(compact(&value), "20260102T03:04:05");
    assert_eq!(extended(&value), "2026-01-02T03:04:05");
    let space = dt("0007-01-02 03:04:05");
    assert_eq!(compact(&space), "00070102T03:04:05");
    assert_eq!(extended(&space), "0007-01-02 03:04:05");
    // The longest forms fill the buffers exactly.
    let longest = dt("2026-11-27T15:40:57,123456789-23:59");
    assert_eq!(compact(&longest).len(), DateTime::MAX_COMPACT_LEN);
    assert_eq!(extended(&longest).len(), DateTime::MAX_EXTENDED_LEN);
}

#[test]
fn display_and_debug_show_the_text() {
    let value = dt("20261122T10:11:12");
    assert_eq!(value.to_string(), "2026-11-22T10:11:12");
    assert_eq!(format!("{value:?}"), "DateTime(2026-11-22T10:11:12)");
    assert_eq!(dt("2026-11-22 10:11:12").to_string(), "2026-11-22 10:11:12");
    assert_eq!(
        format!("{:?}", dt("20261122T10:11:12.50+01")),
        "DateTime(2026-11-22T10:11:12.50+01)"
    );
    assert_eq!(
        format!("{:>21}", dt("20261122T10:11:12")),
        "  2026-11-22T10:11:12"
    );
}

#[test]
fn comparison_ignores_the_spelling() {
    let a = dt("2026-11-22T10:11:12");
    let b = dt("2026-11-22 101112");
    assert_eq!(a, b);
    assert_eq!(a.cmp(&b), Ordering::Equal);
    assert_eq!(HashSet::from([a, b]).len(), 1);
    assert!(dt("2026-11-22T10:11:11") < b);
    let spellings = [
        "20261122T10:11:12.5Z",
        "2026-11-22T10:11:12,500+00:00",
        "2026-11-22T101112.50000-0000",
        "2026-11-22 10:11:12.500000000+00",
        "2026-11-22T10:11:12.5-00:00",
    ];
    let values: Vec<DateTime> = spellings.iter().map(|text| dt(text)).collect();
    for value in &values {
        assert_eq!(value, &values[0]);
        assert_eq!(value.cmp(&values[0]), Ordering::Equal);
    }
    assert_eq!(HashSet::<DateTime>::from_iter(values).len(), 1);
}

#[test]
fn offsets_and_fractions_make_values_differ() {
    let local = dt("2026-11-22T10:11:12");
    let utc = dt("2026-11-22T10:11:12Z");
    let paris = dt("2026-11-22T11:11:12+01:00");
    let later = dt("2026-11-22T10:11:12.000000001");
    for (a, b) in [(local, utc), (utc, paris), (local, later), (local, paris)] {
        assert_ne!(a, b);
        assert_ne!(a.cmp(&b), Ordering::Equal);
        assert_eq!(HashSet::from([a, b]).len(), 2);
    }
    // Ordered by instant, then offset (none first).
    let mut sorted = [
        dt("2026-11-22T12:00:00+01:00"),
        paris,
        later,
        utc,
        dt("2026-11-22T09:00:00-05:00"),
        local,
    ];
    sorted.sort();
    let texts: Vec<String> = sorted.iter().map(DateTime::to_string).collect();
    assert_eq!(
        texts,
        [
            "2026-11-22T10:11:12",
            "2026-11-22T10:11:12Z",
            "2026-11-22T11:11:12+01:00",
            "2026-11-22T10:11:12.000000001",
            "2026-11-22T12:00:00+01:00",
            "2026-11-22T09:00:00-05:00",
        ]
    );
}

#[test]
fn new_rejects_invalid_parts() {
    assert!(DateTime::new(2026, 2, 29, 0, 0, 0).is_none());
    assert!(DateTime::new(2024, 2, 29, 0, 0, 0).is_some());
    assert!(DateTime::new(10_000, 1, 1, 0, 0, 0).is_none());
    assert!(DateTime::new(-1, 1, 1, 0, 0, 0).is_none());
    assert!(DateTime::new(2026, 1, 1, 0, 60, 0).is_none());
}

#[test]
fn from_chrono_drops_fractions_and_refuses_years_out_of_range() {
    let date = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let precise = date.and_hms_nano_opt(10, 11, 12, 999_999_999).unwrap();
    assert_eq!(DateTime::try_from(precise), Ok(dt("2026-11-22T10:11:12")));
    let leap = date.and_hms_milli_opt(23, 59, 59, 1_500).unwrap();
    assert_eq!(DateTime::try_from(leap), Ok(dt("2026-11-22T23:59:59")));
    let edges = [(0, "0000-01-01T00:00:00"), (9999, "9999-01-01T00:00:00")];
    for (year, text) in edges {
        let value = NaiveDate::from_ymd_opt(year, 1, 1)
            .unwrap()
            .and_time(Default::default());
        assert_eq!(DateTime::try_from(value).unwrap().to_string(), text);
    }
    for year in [12_345, 10_000, -1, -5] {
        let value = NaiveDate::from_ymd_opt(year, 6, 7)
            .unwrap()
            .and_hms_opt(1, 2, 3)
            .unwrap();
        let error = DateTime::try_from(value).unwrap_err();
        assert_eq!(error.year(), year);
        assert!(error.to_string().contains("outside 0000..=9999"), "{error}");
    }
}

#[test]
fn from_str_is_parse() {
    let parsed: DateTime = "20261122T10:11:12".parse().unwrap();
    assert_eq!(parsed, dt("2026-11-22 10:11:12"));
    let error = "nope".parse::<DateTime>().unwrap_err();
    assert_eq!(error, DateTime::parse("nope").unwrap_err());
}

#[test]
fn stays_small_and_copy() {
    fn copy<T: Copy>() {}
    copy::<DateTime>();
    assert!(std::mem::size_of::<DateTime>() <= 20);
}

/// One text of the accepted grammar, built from its parts, and what it must read as.
#[derive(Debug, Clone)]
struct Spelled {
    text: String,
    naive: NaiveDateTime,
    offset: Option<i32>,
    /// The text is in the XML-RPC form (`YYYYMMDDTHH:MM:SS…`) or the JSON one.
    compact: bool,
    extended: bool,
}

fn spelled() -> impl Strategy<Value = Spelled> {
    let date = (0..=9999i32, 1..=12u32, 1..=31u32)
        .prop_filter_map("a real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
    let time = (0..24u32, 0..60u32, 0..60u32);
    let fraction = prop_oneof![
        Just(None),
        (1..=9usize, any::<u32>(), any::<bool>()).prop_map(|(digits, n, comma)| {
            let n = n % 10u32.pow(digits as u32);
            Some((digits, n, comma))
        }),
    ];
    let zone = prop_oneof![
        Just(None),
        Just(Some((0, "Z".to_owned()))),
        (any::<bool>(), 0..24i32, 0..60i32, 0..3u8).prop_map(|(negative, h, m, style)| {
            let sign = if negative { '-' } else { '+' };
            let (m, text) = match style {
                0 => (m, format!("{sign}{h:02}:{m:02}")),
                1 => (m, format!("{sign}{h:02}{m:02}")),
                _ => (0, format!("{sign}{h:02}")),
            };
            let seconds = (h * 60 + m) * 60;
            Some((if negative { -seconds } else { seconds }, text))
        }),
    ];
    let layout = (any::<bool>(), 0..3u8, any::<bool>());
    (date, time, fraction, zone, layout).prop_map(
        |(date, (h, mi, s), fraction, zone, (dashes, sep, colons))| {
            let mut text = if dashes {
                date.format("%Y-%m-%d").to_string()
            } else {
                date.format("%Y%m%d").to_string()
            };
            let space = dashes && sep == 0;
            text.push(if space { ' ' } else { 'T' });
            text.push_str(&if colons {
                format!("{h:02}:{mi:02}:{s:02}")
            } else {
                format!("{h:02}{mi:02}{s:02}")
            });
            let mut nanos = 0;
            if let Some((digits, n, comma)) = fraction {
                text.push(if comma { ',' } else { '.' });
                text.push_str(&format!("{n:0digits$}"));
                nanos = n * 10u32.pow(9 - digits as u32);
            }
            let offset = zone.map(|(seconds, designator)| {
                text.push_str(&designator);
                seconds
            });
            Spelled {
                text,
                naive: date.and_hms_nano_opt(h, mi, s, nanos).unwrap(),
                offset,
                compact: !dashes && colons,
                extended: dashes && colons,
            }
        },
    )
}

proptest! {
    #[test]
    fn the_accepted_grammar_reads_and_round_trips(s in spelled()) {
        let value = DateTime::parse(&s.text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(value.as_naive(), &s.naive);
        prop_assert_eq!(value.offset().map(|o| o.local_minus_utc()), s.offset);
        let (xml_rpc, json) = (compact(&value), extended(&value));
        if s.compact {
            prop_assert_eq!(&xml_rpc, &s.text);
        }
        if s.extended {
            prop_assert_eq!(&json, &s.text);
        }
        for written in [&xml_rpc, &json] {
            let back = dt(written);
            prop_assert_eq!(back, value);
            prop_assert_eq!(back.cmp(&value), Ordering::Equal);
            prop_assert_eq!(compact(&back), xml_rpc.clone());
        }
        prop_assert_eq!(extended(&dt(&json)), json.clone());
        prop_assert_eq!(extended(&dt(&xml_rpc)), json.replacen(' ', "T", 1));
    }

    #[test]
    fn any_text_parses_or_is_refused_without_panicking(text in "[0-9T:.,+Z -]{0,40}") {
        if let Ok(value) = DateTime::parse(&text) {
            prop_assert_eq!(dt(&compact(&value)), value);
        }
    }

    #[test]
    fn order_is_consistent_with_equality(a in spelled(), b in spelled()) {
        let (a, b) = (dt(&a.text), dt(&b.text));
        prop_assert_eq!(a == b, a.cmp(&b) == Ordering::Equal);
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        if let (Some(x), Some(y)) = (a.offset(), b.offset()) {
            // Zoned values are ordered by the instant they name.
            let (x, y) = (
                a.as_naive().and_local_timezone(x).unwrap(),
                b.as_naive().and_local_timezone(y).unwrap(),
            );
            if x != y {
                prop_assert_eq!(a.cmp(&b), x.cmp(&y));
            }
        }
    }
}
