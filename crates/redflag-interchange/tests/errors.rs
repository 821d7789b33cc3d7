//! Bad lines are refused with a message that names the line and the field.

use redflag_interchange::{LineError, Reader};

fn first_error(input: &[u8]) -> LineError {
    Reader::new(input)
        .find_map(Result::err)
        .expect("the input should be refused")
}

#[track_caller]
fn refused(input: &str, line: u64, needle: &str) {
    let e = first_error(input.as_bytes());
    assert_eq!(e.line, line, "{e}");
    assert!(
        e.to_string().contains(needle),
        "{e:?} should mention {needle:?}"
    );
    assert!(!e.to_string().contains('\n'), "one line: {e}");
}

const PARTY: &str = r#"{"kind":"party","id":"c1","name":"A","role":"client"}"#;

#[test]
fn an_unknown_kind_names_its_line() {
    refused(
        &format!(
            "{PARTY}\n{{\"kind\":\"fax\",\"id\":\"f1\",\"party\":\"c1\",\"at\":\"2025-01-01\"}}"
        ),
        2,
        "unknown kind \"fax\"",
    );
}

#[test]
fn a_missing_field_is_named() {
    refused(
        r#"{"kind":"call","id":"k1","party":"c1","at":"2025-01-01","direction":"in"}"#,
        1,
        "missing field `duration_s`",
    );
    refused(
        r#"{"kind":"party","id":"c1","role":"client"}"#,
        1,
        "missing field `name`",
    );
    refused(r#"{"id":"c1"}"#, 1, "missing field `kind`");
}

#[test]
fn a_bad_time_is_named() {
    refused(
        r#"{"kind":"call","id":"k1","party":"c1","at":"2025-02-30T10:00:00+07:00","direction":"in","duration_s":5}"#,
        1,
        "field `at`",
    );
    refused(
        r#"{"kind":"call","id":"k1","party":"c1","at":"2025-02-03T10:00:00","direction":"in","duration_s":5}"#,
        1,
        "no UTC offset",
    );
    refused(
        r#"{"kind":"invoice","id":"i1","party":"c1","at":"2025-01-01","due":"soon","amount":"5","currency":"USD"}"#,
        1,
        "field `due`",
    );
}

#[test]
fn money_must_be_a_decimal_string_in_a_real_currency() {
    refused(
        r#"{"kind":"invoice","id":"i1","party":"c1","at":"2025-01-01","due":"2025-01-31","amount":1500.5,"currency":"USD"}"#,
        1,
        "decimal string",
    );
    refused(
        r#"{"kind":"invoice","id":"i1","party":"c1","at":"2025-01-01","due":"2025-01-31","amount":"1500","currency":"usd"}"#,
        1,
        "ISO 4217",
    );
    refused(
        r#"{"kind":"invoice","id":"i1","party":"c1","at":"2025-01-01","due":"2025-01-31","amount":"1500.5","currency":"VND"}"#,
        1,
        "VND has 0 decimal places",
    );
    // Reviews add amounts up; no real amount needs more than 10^15.
    refused(
        r#"{"kind":"invoice","id":"i1","party":"c1","at":"2025-01-01","due":"2025-01-31","amount":"70000000000000000000000000000","currency":"VND"}"#,
        1,
        "larger than redflag accepts",
    );
    refused(
        r#"{"kind":"workspace","standard_rate":"70000000000000000000000000000"}"#,
        1,
        "larger than redflag accepts",
    );
}

#[test]
fn a_bad_enum_value_lists_the_choices() {
    refused(
        r#"{"kind":"party","id":"c1","name":"A","role":"friend"}"#,
        1,
        "prospect, client, former",
    );
}

#[test]
fn invalid_utf8_names_its_line() {
    let mut input = format!("{PARTY}\n").into_bytes();
    input.extend_from_slice(
        b"{\"kind\":\"party\",\"id\":\"c2\",\"name\":\"\xff\",\"role\":\"client\"}\n",
    );
    let e = first_error(&input);
    assert_eq!(e.line, 2);
    assert!(e.message.contains("invalid UTF-8"), "{e}");
}

#[test]
fn broken_json_and_non_objects_are_refused() {
    refused("{\"kind\":\"party\",", 1, "not valid JSON");
    refused("kind=party", 1, "not a JSON object");
}

#[test]
fn a_huge_line_is_refused_without_reading_it_whole() {
    let mut input = b"{\"kind\":\"party\",\"id\":\"c1\",\"name\":\"".to_vec();
    input.resize(redflag_interchange::MAX_LINE_BYTES + 10, b'a');
    let e = first_error(&input);
    assert_eq!(e.line, 1);
    assert!(e.message.contains("longer than"), "{e}");
}

#[test]
fn unknown_fields_are_ignored_and_blank_lines_skipped() {
    let input = format!(
        "\n{}\n\n",
        r#"{"kind":"party","id":"c1","name":"A","role":"client","crm_score":7}"#
    );
    let lines: Vec<_> = Reader::new(input.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].number, 2, "line numbers count blank lines");
}

#[test]
fn a_byte_order_mark_is_tolerated() {
    let input = format!("\u{feff}{PARTY}\n");
    let lines: Vec<_> = Reader::new(input.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(lines.len(), 1, "the record behind the mark is read");
    assert!(matches!(&lines[0].record, redflag_domain::Record::Party(p) if p.id.as_str() == "c1"));
}

#[test]
fn bad_workspace_settings_are_refused() {
    refused(
        r#"{"kind":"workspace","id":"ws","timezone":"Mars/Olympus"}"#,
        1,
        "IANA",
    );
    refused(
        r#"{"kind":"workspace","id":"ws","business_hours":"weekdays"}"#,
        1,
        "business_hours",
    );
}

#[test]
fn business_hours_follow_the_grammar_the_rules_read() {
    // Saturday mornings, as many Vietnamese offices work: accepted here exactly as the review
    // accepts it, and what the review refuses is refused at import.
    let ok =
        r#"{"kind":"workspace","id":"ws","business_hours":"Mon-Fri 08:00-18:00, Sat 08:00-12:00"}"#;
    let lines: Vec<_> = Reader::new(ok.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(lines.len(), 1);
    refused(
        r#"{"kind":"workspace","id":"ws","business_hours":"Mon,Tue 09:00-17:00"}"#,
        1,
        "business_hours",
    );
}
