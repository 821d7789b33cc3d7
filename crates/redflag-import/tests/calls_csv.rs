//! Call logs kept as CSV (`calls-csv`): the project's fixtures in English, Vietnamese (with
//! and without diacritics) and Thai, recognised by their header whatever the file is called,
//! against `fixtures/csv/NAME.expected.jsonl` (`REDFLAG_BLESS=1` rewrites them).

mod common;

use common::{Collect, run};
use redflag_domain::{Party, Role, jiff::tz::TimeZone};
use redflag_import::{Context, Detection, Skip, by_id, detect};

const CASES: [&str; 4] = ["calls-en", "calls-vi", "calls-vi-ascii", "calls-th"];

fn dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/csv")
}

fn party(id: &str, phone: &str) -> Party {
    Party {
        id: id.into(),
        name: id.into(),
        role: Role::Client,
        lang: None,
        timezone: None,
        emails: vec![],
        phones: vec![phone.into()],
        since: None,
        tags: vec![],
    }
}

/// Lan has a Vietnamese number written internationally, Somchai a Thai one written nationally.
fn context() -> Context {
    let mut ctx = Context::new().with_parties(&[
        party("c-lan", "+84901234567"),
        party("c-somchai", "081 234 5678"),
    ]);
    ctx.timezone = TimeZone::get("Asia/Ho_Chi_Minh").unwrap();
    ctx
}

fn render(sink: &Collect) -> String {
    let mut out = Vec::new();
    for (_, r) in &sink.records {
        redflag_interchange::write_record(&mut out, r).unwrap();
    }
    let mut out = String::from_utf8(out).unwrap();
    for s in &sink.skipped {
        let why = match s {
            Skip::UnknownSender { address } => format!("unknown {address}"),
            other => other.to_string(),
        };
        out.push_str(&format!("# skipped: {why}\n"));
    }
    for b in &sink.bad {
        out.push_str(&format!("# bad: {b}\n"));
    }
    out
}

#[test]
fn every_call_log_gives_its_expected_calls() {
    let bless = std::env::var_os("REDFLAG_BLESS").is_some();
    let mut failed = Vec::new();
    for name in CASES {
        let bytes = std::fs::read(dir().join(format!("{name}.csv"))).unwrap();
        let Detection::Format(format) = detect(Some("log.txt"), &bytes) else {
            panic!("{name}: not recognised");
        };
        assert_eq!(format.id(), "calls-csv", "{name}");
        let got = render(&run(format, &bytes, &mut context()));
        let path = dir().join(format!("{name}.expected.jsonl"));
        if bless {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if got != want {
            failed.push(format!("{name}:\n--- expected\n{want}--- got\n{got}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn the_same_calls_in_three_languages_are_the_same_events() {
    // calls-vi and calls-vi-ascii hold the same three first calls, written differently.
    let calls = |name: &str| {
        let bytes = std::fs::read(dir().join(format!("{name}.csv"))).unwrap();
        let sink = run(by_id("calls-csv").unwrap(), &bytes, &mut context());
        sink.records
            .iter()
            .take(3)
            .map(|(_, r)| {
                let mut out = Vec::new();
                redflag_interchange::write_record(&mut out, r).unwrap();
                String::from_utf8(out).unwrap()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(calls("calls-vi"), calls("calls-vi-ascii"));
}

#[test]
fn importing_twice_gives_the_same_ids() {
    for name in CASES {
        let bytes = std::fs::read(dir().join(format!("{name}.csv"))).unwrap();
        let format = by_id("calls-csv").unwrap();
        let a = render(&run(format, &bytes, &mut context()));
        let b = render(&run(format, &bytes, &mut context()));
        assert_eq!(a, b, "{name}");
    }
}

#[test]
fn a_bad_cell_names_its_line_and_column() {
    let text = "Date,Number,Direction,Duration\n2025-03-14 21:05,0901234567,sideways,10\n2025-03-14 21:06,0901234567,in,1:75\nyesterday,0901234567,in,5\n";
    let sink = run(by_id("calls-csv").unwrap(), text.as_bytes(), &mut context());
    assert!(sink.records.is_empty());
    assert_eq!(sink.bad.len(), 3, "{:?}", sink.bad);
    assert!(
        sink.bad[0]
            .starts_with("line 2: column \"Direction\": \"sideways\" is not a call direction"),
        "{}",
        sink.bad[0]
    );
    assert!(
        sink.bad[1].starts_with("line 3: column \"Duration\": \"1:75\" is not a duration"),
        "{}",
        sink.bad[1]
    );
    assert!(
        sink.bad[2].starts_with("line 4: column \"Date\": \"yesterday\" is not a date and time"),
        "{}",
        sink.bad[2]
    );
}
